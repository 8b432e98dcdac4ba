/**
 * The engine's thread entry (built as `dist/worker.js`). It imports only the
 * core and the strategies, never the pool: a task comes in as plain data,
 * the answer goes back as plain data (errors included, as {@link ErrorData},
 * since custom error classes do not survive the thread hop).
 *
 * @internal
 * @module
 */

import { threadId, workerData } from 'node:worker_threads';
import type { SimulationHooks } from '../core/hooks.js';
import { CountingParser } from '../core/parse/count.js';
import type { SimulationResult } from '../core/result/result.js';
import { measureWork } from '../core/schedule/kernel.js';
import { scheduleDays } from '../core/schedule/plan.js';
import { runSimulation } from '../core/schedule/run.js';
import { type CrewStrategy, IN_ORDER_NAME } from '../core/schedule/strategy.js';
import { trustedWall, type Wall } from '../core/wall.js';
import { IcewallError, thrownMessage } from '../errors.js';
import { recordingHooks } from './event-batch.js';
import { claimPiece, countChunk, stopAfter } from './pieces.js';
import {
  ABORTING,
  BOOT_SLOTS,
  CONSUMED,
  type CountedPieces,
  type CountTask,
  type DaysTask,
  type ErrorData,
  EVENT_WIDTH,
  LOADING,
  type PackedCounts,
  type Reply,
  type RunTask,
  type Sent,
  type SharedWall,
  type SimulateTask,
  STARTED,
  STOP,
  type StrategySpec,
} from './protocol.js';
import { loadStrategy } from './strategy-loader.js';
import { packResult, type ResultData, resultBuffers } from './transfer.js';

/**
 * `process.exit()` in a worker thread ends the thread without an error, and
 * tinypool then never settles the task. While a task runs it throws
 * instead, so a strategy that calls it fails its run like any other error.
 * (Node itself calls it after an uncaught exception: that still exits.)
 */
let running = 0;
const exit = process.exit.bind(process);
process.exit = ((code?: number | string | null) => {
  if (running === 0) return exit(code as number);
  throw new Error(`process.exit(${code ?? ''}) was called in a worker thread`);
}) as typeof process.exit;

/**
 * This thread's modules are loaded: said in the pool's boot table, as a
 * thread stopped while Node still reads its files leaks their descriptors
 * to the process (see `WorkerPool.close`).
 */
const booted = poolData()?.booted;
if (booted !== undefined) {
  const table = new Int32Array(booted);
  Atomics.store(table, threadId % BOOT_SLOTS, threadId);
  Atomics.notify(table, threadId % BOOT_SLOTS);
}

/**
 * The pool's `workerData`. tinypool hands each thread `[its own data, the
 * pool's]`; reading it here, rather than through tinypool's index
 * (`Tinypool.workerData`), keeps that module out of a thread's start: it
 * cost about 8 ms of the 45–55 ms a thread takes to run its first task.
 */
function poolData(): { booted?: SharedArrayBuffer } | undefined {
  return Array.isArray(workerData) ? workerData[1] : undefined;
}

/** The flags of the task this thread runs (see `protocol.ts`), or null. */
let flags: Int32Array | null = null;

/**
 * Loads a task's strategy with `process.exit` guarded too: a module's top
 * level runs while it is imported, and an exit there ended the thread with
 * the task never settled (the call hung, and so did `close()`). The task's
 * {@link LOADING} flag is up meanwhile: the pool does not terminate a
 * thread while Node reads a module's file (the descriptor it opened would
 * leak to the process), and once the pool has raised {@link ABORTING} no
 * import starts.
 */
async function loadGuarded(spec: StrategySpec): Promise<CrewStrategy> {
  running++;
  try {
    return await whileLoading('its strategy', () => loadStrategy(spec));
  } finally {
    running--;
  }
}

/**
 * Runs `load` (an import) with the task's {@link LOADING} flag up, so that
 * the pool does not terminate this thread while Node reads a module's
 * file; refuses to start once the pool has raised {@link ABORTING}.
 */
async function whileLoading<T>(what: string, load: () => Promise<T>): Promise<T> {
  const f = flags;
  if (f !== null) {
    Atomics.store(f, LOADING, 1);
    if (Atomics.load(f, ABORTING) === 1) {
      loaded(f);
      throw new Error(`the task was stopped before ${what} was loaded`);
    }
  }
  try {
    return await load();
  } finally {
    if (f !== null) loaded(f);
  }
}

function loaded(f: Int32Array): void {
  Atomics.store(f, LOADING, 0);
  Atomics.notify(f, LOADING);
}

/** Runs the synchronous part of a task (where strategy code runs) with `process.exit` guarded. */
function guarded<T>(work: () => T): T {
  running++;
  try {
    return work();
  } finally {
    running--;
  }
}

function wallOf(shared: SharedWall): Wall {
  return trustedWall(
    new Uint8Array(shared.heights, 0, shared.heightsLength),
    new Uint32Array(shared.profileStarts),
    shared.options,
  );
}

/** An error as plain data, its cause (one level or more) included. */
export function errorData(error: unknown, depth = 0): ErrorData {
  if (typeof error !== 'object' || error === null) {
    return { name: 'Error', message: thrownMessage(error) };
  }
  try {
    return readErrorData(error as Record<string, unknown>, depth);
  } catch {
    // A getter of the thrown object threw: its message is all there is.
    return { name: 'Error', message: thrownMessage(error) };
  }
}

function readErrorData(e: Record<string, unknown>, depth: number): ErrorData {
  const error = e;
  const data: Record<string, unknown> = {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : thrownMessage(error),
  };
  for (const key of ['code', 'reason', 'strategy']) {
    if (typeof e[key] === 'string') data[key] = e[key];
  }
  for (const key of ['line', 'column', 'day', 'team']) {
    if (typeof e[key] === 'number') data[key] = e[key];
  }
  if (typeof e.stack === 'string') data.stack = e.stack;
  if (e.cause !== undefined && depth < 4) data.cause = errorData(e.cause, depth + 1);
  return data as unknown as ErrorData;
}

/** Runs the core on the task's shared wall, with its strategy loaded here. */
async function simulateShared(
  task: SimulateTask | RunTask,
  hooks: SimulationHooks | undefined,
): Promise<SimulationResult> {
  const strategy = await loadGuarded(task.strategy);
  const expected = task.kind === 'run' ? task.expectedStrategy : null;
  if (expected !== null && strategy.name !== expected) {
    // runParallel's module must be where the Simulation's own strategy
    // lives: another one would give other answers than sim.run().
    throw new IcewallError(
      'ERR_INVALID_OPTION',
      `the strategy module's export is strategy "${strategy.name}", but the Simulation runs strategy "${expected}": pass the module of the Simulation's own strategy`,
    );
  }
  return guarded(() =>
    runSimulation({
      wall: wallOf(task.wall),
      teams: task.teams,
      strategy,
      hooks,
      progressSteps: task.progressSteps,
      // The result crosses to another thread, whose per-profile questions
      // must never run a whole schedule there: a built-in other than
      // inOrder (whose checkpoints let a profile replay alone) records its
      // start days as it runs.
      everyProfile: strategy.name !== IN_ORDER_NAME,
    }),
  );
}

/**
 * Runs a schedule and answers with its packed result, moved (its buffers
 * transferred in tinypool's reply, not copied).
 */
async function simulateTask(task: SimulateTask): Promise<Reply<ResultData>> {
  const data = packResult(await simulateShared(task, undefined));
  return moved({ ok: true, value: data }, resultBuffers(data), await tinypool());
}

/** tinypool's index, loaded by the first task that needs it (see {@link poolData}). */
async function tinypool(): Promise<typeof import('tinypool').Tinypool> {
  // Guarded as a strategy's import is: a thread stopped while Node reads
  // the file leaked its descriptor (the descriptor-leak test saw it).
  return (await whileLoading('tinypool', () => import('tinypool'))).Tinypool;
}

/**
 * A reply whose `buffers` tinypool transfers rather than copies
 * (`Tinypool.move` of an object that names its own transfer list).
 */
function moved<T>(
  reply: Reply<T>,
  buffers: ArrayBuffer[],
  Tinypool: typeof import('tinypool').Tinypool,
): Reply<T> {
  const movable = {
    [Tinypool.transferableSymbol]: buffers,
    [Tinypool.valueSymbol]: reply,
  } as unknown as ArrayBuffer;
  return Tinypool.move(movable) as unknown as Reply<T>;
}

/**
 * Runs with hooks that write every event into a batch of numbers; a full
 * batch is posted (its buffer transferred) and the run waits while the
 * main thread is `window` batches behind, so memory stays bounded. Events,
 * then the result or the error, all go over `port`, in order.
 */
async function runTask(task: RunTask): Promise<null> {
  const control = new Int32Array(task.control);
  const { port, batchSize, window } = task;
  const width = EVENT_WIDTH;
  const stopped = () => Atomics.load(control, STOP) !== 0;
  let batch = new Float64Array(batchSize * width);
  let at = 0;
  let sent = 0;
  const flush = () => {
    if (at === 0) return;
    const out = at === batch.length ? batch : batch.slice(0, at);
    port.postMessage(out, [out.buffer as ArrayBuffer]);
    batch = new Float64Array(batchSize * width);
    at = 0;
    sent++;
    // Back-pressure: wait (in short slices, to notice a stop) while the
    // main thread is `window` batches behind.
    while (sent - Atomics.load(control, CONSUMED) >= window && !stopped()) {
      Atomics.wait(control, CONSUMED, Atomics.load(control, CONSUMED), 50);
    }
    if (stopped()) throw new Error('stopped by the main thread');
  };
  const record = (code: number, a: number, b: number, c: number, d: number) => {
    batch[at] = code;
    batch[at + 1] = a;
    batch[at + 2] = b;
    batch[at + 3] = c;
    batch[at + 4] = d;
    at += width;
    if (at === batch.length) flush();
  };
  const hooks = recordingHooks(task.listened, record);
  try {
    const result = await simulateShared(task, hooks);
    flush();
    const data = packResult(result);
    port.postMessage({ result: data }, resultBuffers(data));
  } catch (error) {
    if (!stopped()) {
      // Events up to the failure come first, as with `sim.run()`.
      try {
        flush();
        port.postMessage({ error: errorData(error) });
      } catch {
        // stopped meanwhile: nobody is listening any more
      }
    }
  } finally {
    port.close();
  }
  return null;
}

function daysTask(task: DaysTask, strategy: CrewStrategy): number[] {
  const wall = wallOf(task.wall);
  // One pass over the heights for every team count of the task, not one each.
  const work = measureWork(wall);
  return guarded(() => task.teams.map((teams) => scheduleDays(wall, teams, strategy, work)));
}

/**
 * Counts the pieces of a file (or of shared bytes) this thread claims, one
 * after another, until none is left or one fails. The counts go back over
 * the task's port with their buffers moved, not copied (a thread's counts
 * for a 10^8-section file are megabytes: copying them took about 10 ms
 * after the last piece); the task itself answers `null`.
 */
function countTask(task: CountTask): null {
  const claims = new Int32Array(task.claims);
  const { cuts, port } = task;
  const parts: CountedPieces['parts'] = [];
  let failure: CountedPieces['failure'] = null;
  let bytesRead = 0;
  // A file is read through the descriptor the calling thread opened (and closes).
  const { fd } = task;
  try {
    const buffer = fd === -1 ? null : new Uint8Array(task.chunkSize);
    const bytes = task.bytes === null ? null : new Uint8Array(task.bytes);
    for (let k = claimPiece(claims); k !== -1; k = claimPiece(claims)) {
      try {
        const start = cuts[k] as number;
        const parser = new CountingParser(task.options, start === 0);
        const end = cuts[k + 1] as number;
        if (bytes !== null) countBytes(parser, bytes, start + task.shift, end + task.shift, task);
        else countFile(parser, fd, buffer as Uint8Array, start, end, task);
        bytesRead += end - start;
        parts.push({ index: k, counts: packCounts(parser.end()) });
      } catch (error) {
        failure = { index: k, error: errorData(error) };
        stopAfter(claims, k);
        break;
      }
    }
    const counted: CountedPieces = { parts, failure, bytesRead };
    port.postMessage(counted, countBuffers(parts));
  } finally {
    port.close();
  }
  return null;
}

/** The buffers of counted pieces, to move (each piece's parser made its own). */
function countBuffers(parts: CountedPieces['parts']): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const { counts } of parts) {
    for (const array of [counts.sizes, counts.counts, counts.totals]) {
      if (array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
    }
  }
  return [...buffers];
}

function countBytes(
  parser: CountingParser,
  bytes: Uint8Array,
  start: number,
  end: number,
  task: CountTask,
): void {
  for (let at = start; at < end; at += task.chunkSize) {
    const to = Math.min(end, at + task.chunkSize);
    parser.push(bytes.subarray(at, to));
    if (task.progress) task.port.postMessage(to - at);
  }
}

function countFile(
  parser: CountingParser,
  fd: number,
  buffer: Uint8Array,
  start: number,
  end: number,
  task: CountTask,
): void {
  const size = task.cuts.at(-1) as number;
  for (let at = start; at < end; ) {
    const n = countChunk(parser, fd, buffer, at, end, task.path as string, size);
    at += n;
    if (task.progress) task.port.postMessage(n);
  }
}

function packCounts(counts: ReturnType<CountingParser['end']>): PackedCounts {
  return {
    profileCount: counts.profileCount,
    sectionCount: counts.sectionCount,
    sizes: counts.sizes,
    counts: counts.counts,
    lines: counts.lines,
    totals: counts.totals,
  };
}

/**
 * The thread's task handler (tinypool calls the default export). Replies
 * with `{ ok, value }` or `{ ok: false, error }`; never throws for an
 * error of the work itself.
 */
export default async function handle(task: Sent): Promise<Reply<unknown>> {
  flags = task.started === undefined ? null : new Int32Array(task.started);
  if (flags !== null) Atomics.store(flags, STARTED, 1);
  try {
    switch (task.kind) {
      case 'noop':
        return { ok: true, value: null };
      case 'simulate':
        return await simulateTask(task);
      case 'run':
        return { ok: true, value: await runTask(task) };
      case 'days':
        return { ok: true, value: daysTask(task, await loadGuarded(task.strategy)) };
      case 'count':
        return { ok: true, value: countTask(task) };
      default:
        throw new Error(
          `icewall engine: unknown task kind ${JSON.stringify((task as { kind: unknown }).kind)} (engine and worker out of step)`,
        );
    }
  } catch (error) {
    return { ok: false, error: errorData(error) };
  }
}
