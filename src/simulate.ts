import type { SimulationHooks } from './core/hooks.js';
import { integerOption, invalidOption, strategyOption } from './core/options.js';
import type { SimulationResult } from './core/result/result.js';
import { runSimulation } from './core/schedule/run.js';
import type { CrewStrategy } from './core/schedule/strategy.js';
import { isWall, type Wall } from './core/wall.js';
import { inOrder } from './strategies/in-order.js';

/** Options of {@link simulate} and `new Simulation`. */
export interface SimulateOptions {
  /**
   * Number of teams (a positive integer). Without it every unfinished
   * section has its own crew from day 1.
   * @default undefined (one crew per section)
   */
  teams?: number;
  /**
   * Which pending section a free team takes. Used only with `teams`: with
   * one crew per section every section starts on day 1 whatever the
   * strategy, and crews are numbered in build order.
   * @default inOrder
   */
  strategy?: CrewStrategy;
  /**
   * How many `progress` events a run emits at most (one per completed
   * 1/progressSteps of the sections). An integer in [1, 10000].
   * @default 100
   */
  progressSteps?: number;
}

/** Validates simulation options and builds the core's run input. */
export function resolveRun(
  wall: Wall,
  options: SimulateOptions | undefined,
  hooks?: SimulationHooks,
) {
  if (!isWall(wall)) {
    invalidOption('wall', 'a Wall (from parseWall, parseWallStream or createWall)', wall);
  }
  return { wall, hooks, ...resolveSimulateOptions(options) };
}

/** Validates the options every simulation takes: teams, strategy, progress steps. */
export function resolveSimulateOptions(options: SimulateOptions | undefined) {
  const o = options ?? {};
  if (typeof o !== 'object' || o === null) invalidOption('options', 'an object', options);
  const teams =
    o.teams === undefined
      ? undefined
      : integerOption('teams', o.teams, 1, 1, 2 ** 31 - 2, 'a positive integer');
  const strategy = strategyOption<CrewStrategy>(o.strategy ?? inOrder);
  const progressSteps = integerOption(
    'progressSteps',
    o.progressSteps,
    100,
    1,
    10_000,
    'an integer in [1, 10000]',
  );
  return { teams, strategy, progressSteps };
}

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
  return runSimulation(resolveRun(wall, options));
}
