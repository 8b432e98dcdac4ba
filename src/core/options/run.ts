/**
 * The options of a run (`simulate`, `new Simulation`, `simulateStream`) and
 * of `planTeams`: their interfaces, their one defaults object each, and
 * their checks. The engine's entry points add their Node-only options on
 * top, in `engine/options.ts`, with these same helpers.
 *
 * @internal
 * @module
 */

import type { SimulationHooks } from '../hooks.js';
import type { RunInput } from '../schedule/run-input.js';
import { type CrewStrategy, IN_ORDER } from '../schedule/strategy.js';
import { isWall, type Wall } from '../wall.js';
import { type Defaults, integerOption, invalidOption, optionsObject } from './check.js';
import { DEFAULT_WALL_OPTIONS, type WallOptions } from './wall.js';

/** The most teams a run takes (teams are numbered in 32-bit slots). */
export const MAX_TEAMS = 2 ** 31 - 2;

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

/** The defaults of {@link SimulateOptions}: one crew per section, `inOrder`, 100 steps. */
export const SIMULATE_DEFAULTS: Defaults<SimulateOptions> = Object.freeze({
  teams: undefined,
  strategy: IN_ORDER,
  progressSteps: 100,
});

/**
 * Options of {@link simulateStream}: those of `simulate`, the wall's
 * numbers (flat, as everywhere), and stream controls.
 */
export interface SimulateStreamOptions extends SimulateOptions, WallOptions {
  /**
   * Stops reading: the promise rejects with the signal's reason (an
   * `AbortError` by default) and the source's iterator is closed.
   * @default undefined
   */
  signal?: AbortSignal;
  /**
   * Called after each chunk with the number of bytes (or, for text chunks,
   * characters) read so far. It counts input, not work: the `progress`
   * event of a `Simulation` (and `progressSteps`) counts sections. For
   * progress bars; must not throw.
   * @default undefined
   */
  onBytesRead?: (bytesRead: number) => void;
  /**
   * The input's total size in bytes, if known (for example from `fstat`).
   * With teams, the height buffer is then reserved once and never copied.
   * The same name as `new WallParser(options, expectedBytes)`.
   * @default undefined
   */
  expectedBytes?: number;
}

/** The defaults of {@link SimulateStreamOptions}. */
export const SIMULATE_STREAM_DEFAULTS: Defaults<SimulateStreamOptions> = Object.freeze({
  ...SIMULATE_DEFAULTS,
  ...DEFAULT_WALL_OPTIONS,
  signal: undefined,
  onBytesRead: undefined,
  expectedBytes: undefined,
});

/** Options of {@link planTeams}. */
export interface PlanOptions {
  /** The last day by which the wall must be finished (a positive integer). */
  deadline: number;
  /**
   * Which pending section a free team takes.
   * @default inOrder
   */
  strategy?: CrewStrategy;
  /**
   * The most teams to consider. When no number of teams up to it meets the
   * deadline, `planTeams` throws an `IcewallError` naming the best it found.
   * @default no limit (the search always ends: see Graham's bound in `planTeams`)
   */
  maxTeams?: number;
}

/** The defaults of {@link PlanOptions} (`deadline` has none: it is required). */
export const PLAN_DEFAULTS: Defaults<PlanOptions> = Object.freeze({
  deadline: undefined,
  strategy: IN_ORDER,
  maxTeams: Number.POSITIVE_INFINITY,
});

/** The validated options of a run. */
export interface RunOptions {
  readonly teams: number | undefined;
  readonly strategy: CrewStrategy;
  readonly progressSteps: number;
}

/**
 * Checks the run options (teams, strategy, progress steps) among `o`'s
 * fields and fills in defaults; the caller has checked `o`'s keys.
 */
export function runOptions(o: SimulateOptions): RunOptions {
  const d = SIMULATE_DEFAULTS;
  const teams =
    o.teams === undefined
      ? d.teams
      : integerOption('teams', o.teams, 1, 1, MAX_TEAMS, `a whole number from 1 to ${MAX_TEAMS}`);
  const strategy = strategyOption<CrewStrategy>(o.strategy ?? d.strategy);
  const progressSteps = integerOption(
    'progressSteps',
    o.progressSteps,
    d.progressSteps as number,
    1,
    10_000,
    'an integer in [1, 10000]',
  );
  return { teams, strategy, progressSteps };
}

/** Validates `simulate`'s (or `new Simulation`'s) wall and options and builds the core's run input. */
export function resolveRun(
  wall: Wall,
  options: SimulateOptions | undefined,
  where: string,
  hooks?: SimulationHooks,
): RunInput {
  checkWall(wall);
  return { wall, hooks, ...runOptions(optionsObject(options, SIMULATE_DEFAULTS, where)) };
}

/** Throws unless `wall` is a {@link Wall}. */
export function checkWall(wall: unknown): asserts wall is Wall {
  if (!isWall(wall)) {
    invalidOption('wall', 'a Wall (from parseWall, parseWallStream or createWall)', wall);
  }
}

/** Checks that a value is a crew strategy (`{ name, create(wall) }`) and returns it. */
export function strategyOption<T extends { name: string; create: unknown }>(strategy: unknown): T {
  const s = strategy as Partial<T> | null;
  if (
    typeof s !== 'object' ||
    s === null ||
    typeof s.create !== 'function' ||
    typeof s.name !== 'string'
  ) {
    invalidOption('strategy', 'a crew strategy ({ name, create(wall) })', strategy);
  }
  return strategy as T;
}

/** The validated options of `planTeams`. */
export interface ResolvedPlanOptions {
  readonly deadline: number;
  readonly strategy: CrewStrategy;
  readonly maxTeams: number;
}

/** Checks `planTeams`'s options (keys and values) and fills in defaults. */
export function resolvePlanOptions(options: PlanOptions, where: string): ResolvedPlanOptions {
  if (options === undefined) {
    invalidOption(`${where} options`, 'an object with a `deadline`', options);
  }
  optionsObject(options, PLAN_DEFAULTS, where);
  const rule = 'a positive integer (days)';
  if (options.deadline === undefined) invalidOption('deadline', rule, undefined);
  const deadline = integerOption('deadline', options.deadline, 0, 1, Number.MAX_SAFE_INTEGER, rule);
  const maxTeams =
    options.maxTeams === undefined
      ? (PLAN_DEFAULTS.maxTeams as number)
      : integerOption(
          'maxTeams',
          options.maxTeams,
          1,
          1,
          MAX_TEAMS,
          `a whole number from 1 to ${MAX_TEAMS}`,
        );
  const strategy = strategyOption<CrewStrategy>(options.strategy ?? PLAN_DEFAULTS.strategy);
  return { deadline, strategy, maxTeams };
}

/** Checks that `signal`, if given, is an `AbortSignal`. */
export function signalOption(signal: unknown): AbortSignal | undefined {
  if (
    signal !== undefined &&
    (typeof signal !== 'object' ||
      signal === null ||
      typeof (signal as AbortSignal).aborted !== 'boolean' ||
      typeof (signal as AbortSignal).addEventListener !== 'function')
  ) {
    invalidOption('signal', 'an AbortSignal', signal);
  }
  return signal as AbortSignal | undefined;
}

/** Checks that a callback option, if given, is a function. */
export function functionOption<F>(name: string, value: F | undefined): F | undefined {
  if (value !== undefined && typeof value !== 'function') invalidOption(name, 'a function', value);
  return value;
}
