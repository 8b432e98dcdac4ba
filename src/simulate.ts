import { resolveRun, type SimulateOptions } from './core/options/run.js';
import type { SimulationResult } from './core/result/result.js';
import { runSimulation } from './core/schedule/run.js';
import type { Wall } from './core/wall.js';

/**
 * Simulates the construction of `wall` (one crew per section, or `teams`
 * crews that take sections as they come free) and returns the answers.
 * Pure and synchronous; for progress events use `Simulation`.
 *
 * @example
 * ```ts
 * const result = simulate(parseWall('21 25 28\n17\n17 22 17 19 17'));
 * result.days;                // 13
 * result.dailyIce(1, 1);      // 585
 * result.totalCost();         // 32233500
 * simulate(wall, { teams: 2 }).days; // 48
 * ```
 * @param wall - from `parseWall`, `parseWallStream` or `createWall`
 * @param options - teams and strategy
 * @throws RangeError if the totals could not be exact; IcewallError for bad options; StrategyError for a faulty strategy
 */
export function simulate(wall: Wall, options?: SimulateOptions): SimulationResult {
  return runSimulation(resolveRun(wall, options, 'simulate'));
}
