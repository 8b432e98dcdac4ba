/**
 * icewall: simulate and price the construction of a wall of ice (the pure
 * core: no Node APIs). Parse a config with {@link parseWall}, run
 * {@link simulate} (or a {@link Simulation} for events) and ask the
 * {@link SimulationResult}.
 *
 * @module icewall
 */

export type {
  DayCompletedEvent,
  FinishedEvent,
  ProgressEvent,
  SimulationEventPayloads,
  SimulationEventSpec,
  TeamRelievedEvent,
  TeamSectionEvent,
} from './core/hooks.js';
export { SIMULATION_EVENTS } from './core/hooks.js';
export type {
  PlanOptions,
  SimulateOptions,
  SimulateStreamOptions,
} from './core/options/run.js';
export type { ResolvedWallOptions, WallOptions } from './core/options/wall.js';
export { DEFAULT_WALL_OPTIONS } from './core/options/wall.js';
export type { WallSource, WallStreamSource } from './core/parse/parse.js';
export { parseWall, parseWallStream, WallParser } from './core/parse/parse.js';
export type { ReadonlyUint8Array, ReadonlyUint32Array } from './core/readonly-arrays.js';
export type { ProfileSummary, SimulationSummary, WorkChange } from './core/result/result.js';
export { isSimulationResult, SimulationResult } from './core/result/result.js';
export type { TeamPlan } from './core/schedule/plan.js';
export { planTeams } from './core/schedule/plan.js';
export type {
  CrewStrategy,
  PendingSection,
  PendingSections,
  PickContext,
  PickSection,
} from './core/schedule/strategy.js';
export { createWall, isWall, Wall } from './core/wall.js';
export type {
  IcewallErrorCode,
  IcewallErrorOptions,
  InvalidWallErrorOptions,
  ParseErrorOptions,
  ParseErrorReason,
  StrategyErrorOptions,
} from './errors.js';
export {
  IcewallError,
  IcewallRangeError,
  InvalidWallError,
  isIcewallError,
  ParseError,
  StrategyError,
} from './errors.js';
export type { SimulationEventName, SimulationEvents } from './events/simulation.js';
export { SIMULATION_EVENT_NAMES, Simulation } from './events/simulation.js';
export { simulate } from './simulate.js';
export type { SimulateStreamSource } from './simulate-stream.js';
export { simulateStream } from './simulate-stream.js';
export { longestFirst, shortestFirst } from './strategies/by-remaining.js';
export { inOrder } from './strategies/in-order.js';
export { roundRobin } from './strategies/round-robin.js';
