/**
 * The parallel engine: {@link createEngine} and the module-level functions
 * that share one lazily created engine.
 *
 * @module
 */

import { availableParallelism } from 'node:os';
import { abortable, type OnAbort } from '../core/abort.js';
import { type Defaults, invalidOption, optionsObject } from '../core/options/check.js';
import {
  functionOption,
  runOptions,
  SIMULATE_DEFAULTS,
  signalOption,
} from '../core/options/run.js';
import {
  DEFAULT_WALL_OPTIONS,
  pickWallOptions,
  resolveWallOptions,
  type WallOptions,
} from '../core/options/wall.js';
import { parseWall } from '../core/parse/parse.js';
import type { SimulationResult } from '../core/result/result.js';
import type { TeamPlan } from '../core/schedule/plan.js';
import { runSimulation } from '../core/schedule/run.js';
import type { CrewStrategy } from '../core/schedule/strategy.js';
import type { Wall } from '../core/wall.js';
import type { Simulation } from '../events/simulation.js';
import { readWall, runInSlices, simulateStream } from '../simulate-stream.js';
import {
  CHUNK,
  type ConfigSource,
  countHere,
  countParallel,
  withOpenFile,
} from './count-parallel.js';
import { WorkerPool } from './pool.js';
import { RUN_PARALLEL_DEFAULTS, type RunParallelOptions, runOnPool } from './run-parallel.js';
import { type StrategyModule, shareWall, workerSpec } from './shared.js';
import { type ParallelSource, resolveSource } from './source.js';
import {
  type CompareEntry,
  type CompareOptions,
  compareOn,
  type EnginePlanOptions,
  planOn,
  simulateOnWorker,
} from './sweep.js';

/**
 * Tuning, not API (not exported from `icewall/engine`): the sizes may change
 * with the next measurement.
 *
 * Below this many bytes of config, automatic mode counts on the calling
 * thread alone when the engine's threads are already running: splitting
 * and merging cost more than the second thread saves. Measured with
 * `npm run bench:engine` (see docs/engine.md).
 */
export const BREAK_EVEN_BYTES = 4 << 20;

/**
 * The same when the threads still have to start (about 50–100 ms each on
 * a busy 2-core machine): below this, automatic mode stays on the calling
 * thread.
 */
export const COLD_BREAK_EVEN_BYTES = 64 << 20;

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /**
   * Worker threads at most: an integer in [1, 256]. `threads` always means
   * this (worker threads, the calling thread not counted); how many threads
   * one call counts with is `SimulateParallelOptions.parallelism`.
   * @default the machine's available parallelism, at most 8
   */
  threads?: number;
  /**
   * Milliseconds an idle thread waits for work before it exits.
   * @default 10000
   */
  idleTimeout?: number;
}

/** The defaults of {@link EngineOptions} (`threads`: the machine's, see there). */
const ENGINE_DEFAULTS: Defaults<EngineOptions> = Object.freeze({
  threads: undefined,
  idleTimeout: 10_000,
});

/** Options of `simulateParallel` and `engine.simulate`. */
export interface SimulateParallelOptions extends WallOptions {
  /**
   * Number of teams (a positive integer); without it, one crew per section.
   * @default undefined (one crew per section)
   */
  teams?: number;
  /**
   * Which pending section a free team takes: a strategy object or its module.
   * A built-in or a module runs on a worker thread; any other strategy
   * object runs on the calling thread, in slices that let the event loop
   * turn (see docs/engine.md, "Which strategies run where").
   * @default inOrder
   */
  strategy?: CrewStrategy | StrategyModule;
  /**
   * How many `progress` steps a run counts (see `SimulateOptions`).
   * @default 100
   */
  progressSteps?: number;
  /**
   * How many threads count a config file or bytes with one crew per section,
   * the calling thread included (`2` is the calling thread and one worker;
   * `os.availableParallelism()` counts the same way).
   * `'auto'` counts on the calling thread alone below a break-even size
   * (a few MiB once the engine's threads run, tens of MiB while they have
   * not started; see docs/engine.md), and otherwise on as many threads as
   * the machine has cores (at most the engine's threads plus one); `1`
   * never starts a thread.
   * @default 'auto'
   */
  parallelism?: number | 'auto';
  /**
   * Cancels the work: the promise rejects with exactly `signal.reason` (for
   * `controller.abort()`, a `DOMException` named `AbortError`), also when
   * the signal is already aborted.
   * @default undefined
   */
  signal?: AbortSignal;
  /**
   * Called as bytes are read (by workers too), with the total read so far:
   * it counts input, not sections (the `progress` event does). Must not throw.
   * @default undefined
   */
  onBytesRead?: (bytesRead: number) => void;
}

/** The defaults of {@link SimulateParallelOptions}. */
const SIMULATE_PARALLEL_DEFAULTS: Defaults<SimulateParallelOptions> = Object.freeze({
  ...SIMULATE_DEFAULTS,
  ...DEFAULT_WALL_OPTIONS,
  parallelism: 'auto',
  signal: undefined,
  onBytesRead: undefined,
});

/**
 * Worker threads that simulate, sweep and plan in parallel, with the same
 * answers as the core. Close it when done (`await using` works too);
 * idle threads never keep the process alive.
 */
export interface Engine {
  /** Worker threads at most. */
  readonly threads: number;
  /** As {@link simulateParallel}, on this engine's threads. */
  simulate(source: ParallelSource, options?: SimulateParallelOptions): Promise<SimulationResult>;
  /** As {@link runParallel}, on this engine's threads. */
  run(simulation: Simulation, options?: RunParallelOptions): Promise<SimulationResult>;
  /**
   * Runs one wall with many team counts or strategies at once, one run per
   * entry, on the engine's threads. The heights are copied once into shared
   * memory and read by every thread. Each result is the one `simulate`
   * gives with that entry's options.
   */
  compare(
    source: ParallelSource,
    entries: readonly CompareEntry[],
    options?: CompareOptions & WallOptions,
  ): Promise<SimulationResult[]>;
  /**
   * As `planTeams` (the fewest teams that finish by a deadline), trying
   * several team counts at once. Same
   * `teams` and `days` as the core; `evaluated` counts every team count
   * tried, some of them speculatively, so it may be larger.
   */
  planTeams(source: ParallelSource, options: EnginePlanOptions): Promise<TeamPlan>;
  /** Stops the threads. Later calls reject. Safe to call twice. */
  close(): Promise<void>;
  /** As {@link close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/**
 * Starts an engine (threads start on first use).
 *
 * @example
 * ```ts
 * await using engine = createEngine({ threads: 2 });
 * const [ten, hundred] = await engine.compare(wall, [{ teams: 10 }, { teams: 100 }]);
 * ```
 * @param options - `threads`, `idleTimeout`
 */
export function createEngine(options?: EngineOptions): Engine {
  const o = optionsObject(options, ENGINE_DEFAULTS, 'createEngine');
  const threads =
    o.threads === undefined ? defaultThreads() : checkInteger('threads', o.threads, 1, 256);
  const idle = checkInteger(
    'idleTimeout',
    o.idleTimeout ?? ENGINE_DEFAULTS.idleTimeout,
    0,
    2 ** 31 - 1,
  );
  const pool = new WorkerPool(threads, idle);
  const close = () => pool.close();
  // Every call on a closed engine rejects, even one that would need no
  // thread; every call rejects with its signal's reason when aborted.
  const open = async <T>(
    options: { signal?: unknown } | undefined,
    work: (onAbort: OnAbort) => Promise<T>,
  ): Promise<T> => {
    pool.assertOpen();
    return abortable(signalOf(options), work);
  };
  return {
    threads,
    simulate: (source, o) =>
      open(o, (onAbort) => simulateOn(pool, source, o, 'engine.simulate', onAbort)),
    run: (simulation, o) =>
      open(o, (onAbort) => runOnPool(pool, simulation, o, 'engine.run', onAbort)),
    compare: (source, entries, o) =>
      open(o, () => compareOn(pool, source, entries, o, 'engine.compare')),
    planTeams: (source, o) => open(o, () => planOn(pool, source, o, 'engine.planTeams')),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** The `signal` of an options argument that may not be an object (checked later). */
function signalOf(options: unknown): unknown {
  return typeof options === 'object' && options !== null
    ? (options as { signal?: unknown }).signal
    : undefined;
}

function checkInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    invalidOption(name, `an integer in [${min}, ${max}]`, value);
  }
  return value;
}

async function simulateOn(
  pool: WorkerPool,
  rawSource: ParallelSource,
  given: SimulateParallelOptions | undefined,
  where: string,
  onAbort: OnAbort = () => {},
): Promise<SimulationResult> {
  const source = resolveSource(rawSource);
  const options = optionsObject(given, SIMULATE_PARALLEL_DEFAULTS, where);
  const run = runOptions({ teams: options.teams, progressSteps: options.progressSteps });
  const wallOptions = resolveWallOptions(pickWallOptions(options));
  const signal = signalOption(options.signal);
  const onProgress = functionOption('onBytesRead', options.onBytesRead);
  const schedule = (wall: Wall, teams: number) =>
    scheduleTeams(pool, wall, { ...run, teams }, options.strategy, signal);
  const threads = options.parallelism ?? 'auto';
  if (threads !== 'auto') checkInteger('parallelism', threads, 1, 256);

  if (source.kind === 'file') {
    return withOpenFile(source.path, async (file, stats) => {
      if (run.teams === undefined && stats.isFile()) return countSource(file, stats.size);
      // From a pipe or a device (no offsets to split at), or with teams: the
      // core's one pass over chunks, parsing as they arrive.
      const stream = file.handle.createReadStream({ highWaterMark: CHUNK, autoClose: false });
      const expectedBytes = stats.isFile() ? stats.size : undefined;
      const reading = { signal, onAbort, onBytesRead: onProgress, expectedBytes };
      if (run.teams === undefined) {
        return simulateStream(stream, {
          ...run,
          ...wallOptions,
          signal,
          onBytesRead: onProgress,
          expectedBytes,
        });
      }
      const wall = await readWall(stream, wallOptions, reading);
      return schedule(wall, run.teams);
    });
  }
  if (run.teams !== undefined) {
    const wall = source.kind === 'wall' ? source.wall : parseWall(source.bytes, wallOptions);
    if (source.kind === 'bytes') onProgress?.(source.bytes.length);
    return schedule(wall, run.teams);
  }
  if (source.kind === 'wall') {
    // One crew per section: one counting pass over heights already in memory.
    return runSimulation({ wall: source.wall, hooks: undefined, ...run });
  }
  return countSource(source, source.bytes.length);

  /** Counts on the calling thread alone or with workers (see {@link countingThreads}). */
  function countSource(counted: ConfigSource, size: number): Promise<SimulationResult> {
    const count = countingThreads(pool, counted, size, threads);
    if (count <= 1 || size === 0) return countHere(counted, size, wallOptions, signal, onProgress);
    return countParallel(pool, counted, size, count, wallOptions, signal, onProgress);
  }
}

/**
 * How many threads count a config of `size` bytes: the calling one and
 * `count - 1` workers. `parallelism` as given, or in automatic mode by
 * size (see {@link BREAK_EVEN_BYTES}): one below the break-even, and one
 * for bytes not in shared memory until the engine's staging buffer can
 * take the workers' share (a copy into fresh pages costs more than
 * counting them here; see staging.ts).
 *
 * @internal
 */
export function countingThreads(
  pool: WorkerPool,
  source: ConfigSource,
  size: number,
  parallelism: number | 'auto',
): number {
  if (parallelism !== 'auto') return parallelism;
  const count = Math.max(2, Math.min(pool.threads + 1, availableParallelism()));
  const warm = pool.liveThreads >= count - 1;
  if (size < (warm ? BREAK_EVEN_BYTES : COLD_BREAK_EVEN_BYTES)) return 1;
  if (
    source.kind === 'bytes' &&
    !(source.bytes.buffer instanceof SharedArrayBuffer) &&
    !pool.staging.ready(Math.ceil((size * (count - 1)) / count))
  ) {
    return 1;
  }
  return count;
}

/**
 * Walls of at most this many sections are scheduled on the calling thread
 * with a built-in strategy: a thread takes tens of milliseconds to start
 * (more on a busy machine), the schedule about a millisecond.
 */
const HERE_MAX_SECTIONS = 1 << 16;

/**
 * A teams schedule, off the calling thread's back: on a worker for a
 * built-in strategy or a strategy module (the heights shared, the result
 * moved back), so the caller's event loop keeps turning and an abort stops
 * the worker at once. A strategy object cannot cross to a thread: it runs
 * here, in slices that yield to the event loop (see {@link runInSlices}),
 * as does a built-in on a small wall ({@link HERE_MAX_SECTIONS}).
 *
 * @internal
 */
export function scheduleTeams(
  pool: WorkerPool,
  wall: Wall,
  run: { readonly teams: number; readonly progressSteps: number },
  strategy: CrewStrategy | StrategyModule | undefined,
  signal: AbortSignal | undefined,
): Promise<SimulationResult> {
  const spec = workerSpec(strategy);
  const here = spec === null || (spec.kind === 'builtin' && wall.sectionCount <= HERE_MAX_SECTIONS);
  if (here) {
    const local = (strategy ?? SIMULATE_DEFAULTS.strategy) as CrewStrategy;
    // A closed engine stops it too, as it stops the runs on its threads.
    return runInSlices({ wall, hooks: undefined, ...run, strategy: local }, () => {
      signal?.throwIfAborted();
      pool.assertRunning();
    });
  }
  return simulateOnWorker(pool, wall, shareWall(wall), run, spec, signal);
}

let shared: Engine | null = null;

/** The engine the module-level functions share, created on first use. */
function sharedEngine(): Engine {
  if (shared === null) shared = createEngine({ idleTimeout: 2_000 });
  return shared;
}

/**
 * Simulates a wall from a file, bytes or a parsed `Wall`, using worker
 * threads where they pay: with one crew per section, the threads count
 * pieces of the config (each takes the next one left) and only
 * per-profile counts come back.
 * The result answers every query as `simulate(parseWall(...))` does
 * (`result.wall` is `undefined` when the heights were only counted).
 *
 * @example
 * ```ts
 * const result = await simulateParallel({ path: 'wall.txt' });
 * result.totalCost();
 * ```
 * @param source - a `Wall`, a `Uint8Array`, a `file:` URL or `{ path }` (a plain string is refused)
 * @param options - teams, strategy, the wall's numbers, `parallelism`, `signal`, `onBytesRead`
 * @throws ParseError (the first in file order, as `parseWall` reports it); IcewallError for bad options or a failed thread; the signal's reason when aborted
 */
export async function simulateParallel(
  source: ParallelSource,
  options?: SimulateParallelOptions,
): Promise<SimulationResult> {
  optionsObject(options, SIMULATE_PARALLEL_DEFAULTS, 'simulateParallel');
  return sharedEngine().simulate(source, options);
}

/**
 * Runs a {@link Simulation}'s schedule on a worker thread. Its events are
 * emitted on the simulation, on the calling thread, in the order
 * `sim.run()` emits them, in batches with a turn of the event loop between
 * batches, so a server embedding icewall keeps answering. Resolves with the
 * same result as `sim.run()`.
 *
 * A strategy that is not built in must be given as its module (`options.strategy`).
 *
 * @example
 * ```ts
 * const sim = new Simulation(wall, { teams: 1000 });
 * sim.on('sectionCompleted', (e) => log(e));
 * const result = await runParallel(sim);
 * ```
 * @throws StrategyError (its `cause` keeps the strategy's error name and message); IcewallError `ERR_WORKER` if the thread failed, `ERR_INTERNAL` for an event batch icewall cannot decode (a bug); the signal's reason when aborted
 */
export async function runParallel(
  simulation: Simulation,
  options?: RunParallelOptions,
): Promise<SimulationResult> {
  optionsObject(options, RUN_PARALLEL_DEFAULTS, 'runParallel');
  return sharedEngine().run(simulation, options);
}
