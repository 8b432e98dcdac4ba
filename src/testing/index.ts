/**
 * `icewall/testing`: check your own crew strategies in any test runner.
 *
 * @module icewall/testing
 */

export type { CheckStrategyOptions, StrategyCheckErrorOptions } from './check-strategy.js';
export { checkStrategy, StrategyCheckError } from './check-strategy.js';
export type { RandomWallOptions } from './random-wall.js';
export { exampleWall, randomWall } from './random-wall.js';
