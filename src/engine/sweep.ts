/**
 * `engine.compare` and `engine.planTeams`: many schedules of one wall,
 * whose heights are shared with the workers rather than copied.
 *
 * @internal
 * @module
 */

import { readFile } from 'node:fs/promises';
import { type Defaults, invalidOption, optionsObject } from '../core/options/check.js';
import {
  PLAN_DEFAULTS,
  type PlanOptions,
  runOptions,
  SIMULATE_DEFAULTS,
  signalOption,
} from '../core/options/run.js';
import { DEFAULT_WALL_OPTIONS, pickWallOptions, type WallOptions } from '../core/options/wall.js';
import { parseWall } from '../core/parse/parse.js';
import type { SimulationResult } from '../core/result/result.js';
import { isTeamPlan, planSearch, type TeamPlan, TeamSearch } from '../core/schedule/plan.js';
import type { CrewStrategy } from '../core/schedule/strategy.js';
import type { Wall } from '../core/wall.js';
import { retryUnstarted, type WorkerPool } from './pool.js';
import type { SharedWall, StrategySpec } from './protocol.js';
import {
  isStrategyModule,
  type StrategyModule,
  shareWall,
  strategyLabel,
  strategySpec,
} from './shared.js';
import { type ParallelSource, type ResolvedSource, resolveSource } from './source.js';

/** Options of `engine.compare` (for all the runs). */
export interface CompareOptions {
  /**
   * Cancels every run: the promise rejects with exactly `signal.reason`
   * (for `controller.abort()`, a `DOMException` named `AbortError`).
   * @default undefined
   */
  signal?: AbortSignal;
}

/** The defaults of `engine.compare`'s options: the signal and the wall's numbers. */
const COMPARE_DEFAULTS: Defaults<CompareOptions & WallOptions> = Object.freeze({
  ...DEFAULT_WALL_OPTIONS,
  signal: undefined,
});

/** One run of a `compare` sweep. */
export interface CompareEntry {
  /**
   * Number of teams; without it, one crew per section.
   * @default undefined (one crew per section)
   */
  teams?: number;
  /**
   * A built-in strategy or a strategy module (objects cannot cross to a thread).
   * @default inOrder
   */
  strategy?: CrewStrategy | StrategyModule;
  /**
   * As `SimulateOptions.progressSteps`.
   * @default 100
   */
  progressSteps?: number;
}

/** The defaults of a {@link CompareEntry}: those of `simulate`. */
const COMPARE_ENTRY_DEFAULTS: Defaults<CompareEntry> = SIMULATE_DEFAULTS;

/** Options of `engine.planTeams`. */
export interface EnginePlanOptions extends Omit<PlanOptions, 'strategy'>, WallOptions {
  /**
   * A built-in strategy or a strategy module.
   * @default inOrder
   */
  strategy?: CrewStrategy | StrategyModule;
  /**
   * Cancels the search: the promise rejects with exactly `signal.reason`
   * (for `controller.abort()`, a `DOMException` named `AbortError`).
   * @default undefined
   */
  signal?: AbortSignal;
}

/** The defaults of {@link EnginePlanOptions}: those of `planTeams`, the wall's numbers, the signal. */
const ENGINE_PLAN_DEFAULTS: Defaults<EnginePlanOptions> = Object.freeze({
  ...PLAN_DEFAULTS,
  ...DEFAULT_WALL_OPTIONS,
  signal: undefined,
});

import { type ResultData, unpackResult } from './transfer.js';

/** The wall of a source (parsed on the calling thread for bytes and files). */
async function wallOfSource(source: ResolvedSource, options: WallOptions): Promise<Wall> {
  if (source.kind === 'wall') return source.wall;
  if (source.kind === 'bytes') return parseWall(source.bytes, options);
  return parseWall(await readFile(source.path), options);
}

export async function compareOn(
  pool: WorkerPool,
  rawSource: ParallelSource,
  entries: readonly CompareEntry[],
  given: (CompareOptions & WallOptions) | undefined,
  where: string,
): Promise<SimulationResult[]> {
  const source = resolveSource(rawSource);
  const options = optionsObject(given, COMPARE_DEFAULTS, where);
  if (!Array.isArray(entries)) invalidOption('entries', 'an array of options', entries);
  // A plain loop: map() would skip the holes of a sparse array.
  const runs: { teams: number | undefined; progressSteps: number; spec: StrategySpec }[] = [];
  for (let k = 0; k < entries.length; k++) {
    const given = entries[k];
    if (given === undefined) invalidOption(`entries[${k}]`, 'an object', given);
    const entry = optionsObject(given, COMPARE_ENTRY_DEFAULTS, `${where} entries[${k}]`);
    const run = runOptions({ teams: entry.teams, progressSteps: entry.progressSteps });
    runs.push({ ...run, spec: strategySpec(entry.strategy, run.teams !== undefined) });
  }
  const wall = await wallOfSource(source, pickWallOptions(options));
  const shared = shareWall(wall);
  // The sweep lasts as long as its busiest thread, and each entry runs whole
  // on one thread: so the threads take the entries likely to run longest
  // first (fewest teams first: more days to schedule; one crew per section,
  // a counting pass, last). Results keep the entries' order.
  const rank = runs.map((run) => run.teams ?? Number.MAX_VALUE);
  const order = runs.map((_, k) => k).sort((a, b) => (rank[a] as number) - (rank[b] as number));
  const signal = signalOption(options.signal);
  // When an entry fails, the entries after it in the list cannot change the
  // outcome (the error is the first failing entry's in the list): they are
  // stopped at once, their threads terminated (one may never end), and
  // what they settle with is dropped. Entries before it still count.
  const { stops, release } = stoppable(runs.length, signal);
  const stopAfter = (k: number) => {
    for (let j = k + 1; j < stops.length; j++) (stops[j] as AbortController).abort();
  };
  const results: Promise<SimulationResult>[] = new Array(runs.length);
  for (const k of order) {
    results[k] = runOne(runs[k] as (typeof runs)[number], k).catch((error: unknown) => {
      stopAfter(k);
      throw error;
    });
  }
  const settled = results.map((r) => r.then(ok, failed));
  const values: SimulationResult[] = [];
  try {
    for (const next of settled) {
      const outcome = await next;
      if (!outcome.ok) throw outcome.error;
      values.push(outcome.value);
    }
  } finally {
    release();
  }
  return values;

  function runOne(run: (typeof runs)[number], k: number): Promise<SimulationResult> {
    const stop = (stops[k] as AbortController).signal;
    return simulateOnWorker(pool, wall, shared, run, run.spec, stop);
  }
}

/**
 * A controller per run, each aborted also by the caller's `signal` through
 * one listener that `release` removes (a listener per run would pile up on
 * a signal the caller reuses).
 */
function stoppable(
  n: number,
  signal: AbortSignal | undefined,
): { stops: AbortController[]; release: () => void } {
  const stops = Array.from({ length: n }, () => new AbortController());
  const forward = () => {
    for (const stop of stops) stop.abort(signal?.reason);
  };
  signal?.addEventListener('abort', forward, { once: true });
  if (signal?.aborted) forward();
  return { stops, release: () => signal?.removeEventListener('abort', forward) };
}

/**
 * One schedule of `wall` on a worker: its result comes back with the
 * task's reply, its arrays moved, not copied. Aborting stops the worker
 * (the promise rejects with the signal's reason at once).
 */
export function simulateOnWorker(
  pool: WorkerPool,
  wall: Wall,
  shared: SharedWall,
  run: {
    readonly teams: number | undefined;
    readonly progressSteps: number;
  },
  spec: StrategySpec,
  signal: AbortSignal | undefined,
): Promise<SimulationResult> {
  return retryUnstarted(() =>
    pool.run<ResultData>(
      {
        kind: 'simulate',
        wall: shared,
        teams: run.teams,
        strategy: spec,
        progressSteps: run.progressSteps,
      },
      { signal },
    ),
  ).then((data) => unpackResult(data, wall));
}

const ok = (value: SimulationResult) => ({ ok: true, value }) as const;
const failed = (error: unknown) => ({ ok: false, error }) as const;

export async function planOn(
  pool: WorkerPool,
  rawSource: ParallelSource,
  given: EnginePlanOptions,
  where: string,
): Promise<TeamPlan> {
  const source = resolveSource(rawSource);
  if (given === undefined) invalidOption(`${where} options`, 'an object with a `deadline`', given);
  const options = optionsObject(given, ENGINE_PLAN_DEFAULTS, where) as EnginePlanOptions;
  const spec = strategySpec(options.strategy, true);
  const signal = signalOption(options.signal);
  const wall = await wallOfSource(source, pickWallOptions(options));
  // The search checks the options; the strategy object here only names the
  // strategy in messages: the candidates run on the workers.
  const named: CrewStrategy =
    spec.kind === 'builtin' && !isStrategyModule(options.strategy)
      ? (options.strategy ?? (PLAN_DEFAULTS.strategy as CrewStrategy))
      : { name: strategyLabel(spec), create: (PLAN_DEFAULTS.strategy as CrewStrategy).create };
  const search = planSearch(
    wall,
    { deadline: options.deadline, maxTeams: options.maxTeams, strategy: named },
    where,
  );
  if (isTeamPlan(search)) return search;
  const shared = shareWall(wall);
  // The core's search, asking for one candidate per thread at a time: a
  // built-in strategy gallops and bisects, a module strategy goes in order.
  const finder = new TeamSearch(search, spec.kind === 'builtin');
  while (!finder.done) {
    signal?.throwIfAborted();
    const candidates = finder.next(pool.threads);
    if (candidates.length === 0) break;
    const { tried, days } = await daysInOrder(
      pool,
      shared,
      spec,
      candidates,
      search.deadline,
      signal,
    );
    finder.report(tried, days);
  }
  return finder.result();
}

/**
 * The days of each candidate, run at once, taken in order as the core's
 * one-at-a-time search would: once one meets the deadline, or one fails,
 * the later ones are speculation. They are stopped (their threads
 * terminated: a strategy may loop forever) and their answers and errors
 * are dropped, so they never change the answer. A built-in strategy
 * neither throws nor hangs, and its bisection uses every answer of the
 * batch: all are kept.
 */
async function daysInOrder(
  pool: WorkerPool,
  shared: SharedWall,
  spec: StrategySpec,
  candidates: readonly number[],
  deadline: number,
  signal: AbortSignal | undefined,
): Promise<{ tried: number[]; days: number[] }> {
  const { stops, release } = stoppable(candidates.length, signal);
  const runs = candidates.map((teams, j) => {
    const stop = (stops[j] as AbortController).signal;
    const run = retryUnstarted(() =>
      pool.run<number[]>(
        { kind: 'days', wall: shared, teams: [teams], strategy: spec },
        { signal: stop },
      ),
    ).then((answer) => answer[0] as number);
    // Dropped runs must not surface as unhandled rejections.
    run.catch(() => {});
    return run;
  });
  const days: number[] = [];
  const dropFrom = (j: number) => {
    for (let k = j; k < stops.length; k++) (stops[k] as AbortController).abort();
  };
  try {
    for (let j = 0; j < runs.length; j++) {
      const d = await (runs[j] as Promise<number>);
      days.push(d);
      if (spec.kind !== 'builtin' && d <= deadline) break;
    }
  } catch (error) {
    dropFrom(days.length + 1);
    throw error;
  } finally {
    release();
  }
  dropFrom(days.length);
  return { tried: candidates.slice(0, days.length), days };
}
