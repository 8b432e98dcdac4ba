import { abortable, type OnAbort } from './core/abort.js';
import { byteCountOption, optionsObject } from './core/options/check.js';
import {
  functionOption,
  runOptions,
  SIMULATE_STREAM_DEFAULTS,
  type SimulateStreamOptions,
  signalOption,
} from './core/options/run.js';
import {
  pickWallOptions,
  type ResolvedWallOptions,
  resolveWallOptions,
} from './core/options/wall.js';
import { CountingParser, resultFromCounts } from './core/parse/count.js';
import { emptyConfigError, WallParser, wholeConfigSource } from './core/parse/parse.js';
import type { SimulationResult } from './core/result/result.js';
import { runSimulation } from './core/schedule/run.js';
import type { RunInput } from './core/schedule/run-input.js';
import { isTrusted } from './core/schedule/strategy.js';
import { runTeamsInSteps } from './core/schedule/teams.js';
import type { Wall } from './core/wall.js';
import { IcewallError } from './errors.js';

/** Anything {@link simulateStream} reads chunk by chunk. */
export type SimulateStreamSource =
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array | string>
  | ReadableStream<Uint8Array>;

/**
 * Reads a config chunk by chunk and simulates it, in one pass over the
 * bytes. With one crew per section (no `teams`) the heights are never
 * stored: each profile is counted by feet needed as it arrives, so memory
 * is O(profiles) (`targetHeight + 1` numbers a profile) however large the
 * input, and `result.wall` is `undefined`. With `teams`, the wall is built
 * in the same pass (one byte a section) and scheduled.
 *
 * It takes no listeners: for events, use `parseWallStream` and a `Simulation`.
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * const result = await simulateStream(createReadStream('wall.txt'));
 * result.totalCost();   // the whole wall's cost
 * result.wall;          // undefined: the heights were counted, not kept
 * ```
 * @param source - a Node `Readable`, a web `ReadableStream`, or any (async) iterable of bytes or text
 * @param options - teams, strategy, the wall's numbers, `signal`, `onBytesRead`, `expectedBytes`
 * @throws ParseError for a bad config; IcewallError for bad options; the signal's reason when aborted
 */
export async function simulateStream(
  source: SimulateStreamSource,
  options?: SimulateStreamOptions,
): Promise<SimulationResult> {
  return streamSimulation(source, options, false);
}

/**
 * {@link simulateStream}, for a caller that will read every profile's
 * answers (`everyProfile`: the CLI prints them all), so that a built-in
 * strategy's start days are recorded as the schedule runs.
 *
 * @internal
 */
export async function streamSimulation(
  source: SimulateStreamSource,
  options: SimulateStreamOptions | undefined,
  everyProfile: boolean,
): Promise<SimulationResult> {
  const o = optionsObject(options, SIMULATE_STREAM_DEFAULTS, 'simulateStream');
  const run = runOptions(o);
  const wallOptions = resolveWallOptions(pickWallOptions(o));
  const signal = signalOption(o.signal);
  const onBytesRead = functionOption('onBytesRead', o.onBytesRead);
  const expectedBytes = byteCountOption('expectedBytes', o.expectedBytes);
  return abortable(signal, async (onAbort) => {
    if (run.teams === undefined) {
      const parser = new CountingParser(wallOptions);
      await readChunks(source, (chunk) => parser.push(chunk), signal, onAbort, onBytesRead);
      const counts = parser.end();
      if (counts.profileCount === 0) throw emptyConfigError();
      return resultFromCounts(counts);
    }
    const reading = { signal, onAbort, onBytesRead, expectedBytes };
    const wall = await readWall(source, wallOptions, reading);
    const input = { wall, hooks: undefined, everyProfile, ...run };
    // A built-in's schedule is one fast pass (about 100 ms at 3×10^6
    // sections; slicing it loses the kernel's fast path and took up to twice
    // as long). A strategy object's picks may take any time: its schedule
    // runs in slices, as the engine runs it on the calling thread.
    if (isTrusted(input.strategy)) return runSimulation(input);
    return runInSlices({ ...input, teams: run.teams }, () => signal?.throwIfAborted());
  });
}

/** Milliseconds a slice runs before it lets the event loop turn. @internal */
export const SLICE_MS = 20;

/**
 * Days, or picks of one day, that the core runs between two looks at the
 * clock: a strategy object's pick can take a fraction of a millisecond (one
 * that walks every pending section), and one day can hold as many picks as
 * there are teams. A built-in's pick takes nanoseconds: it looks less often.
 */
const STEP = 8;
const TRUSTED_STEP = 1024;

/**
 * The one slice driver: runs the teams schedule of `input` on this thread,
 * a slice of about {@link SLICE_MS} at a time, letting the event loop turn
 * in between (the caller's timers and I/O run) and calling `check` before
 * each slice, which throws to stop the run (an abort, a closed engine).
 * Used by `simulateStream` and by the engine for strategy objects.
 * @throws what `runSimulation` throws; what `check` throws
 * @internal
 */
export async function runInSlices(
  input: RunInput & { readonly teams: number },
  check: () => void,
): Promise<SimulationResult> {
  const every = isTrusted(input.strategy) ? TRUSTED_STEP : STEP;
  const steps = runTeamsInSteps(input, input.teams, every);
  for (;;) {
    check();
    const start = performance.now();
    do {
      const step = steps.next();
      if (step.done) return step.value;
    } while (performance.now() - start < SLICE_MS);
    await turn();
  }
}

/** One turn of the event loop (`setImmediate` in Node; a timer elsewhere, as in a browser). */
function turn(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

/** How {@link readWall} reads: abort, progress, and the input's size when known. */
export interface WallReading {
  readonly signal: AbortSignal | undefined;
  readonly onAbort: OnAbort;
  readonly onBytesRead: ((bytesRead: number) => void) | undefined;
  readonly expectedBytes: number | undefined;
}

/**
 * Parses a config chunk by chunk into a `Wall` (heights kept), with the
 * abort and progress of {@link simulateStream}; the engine schedules the
 * wall it returns on a worker.
 *
 * @internal
 */
export async function readWall(
  source: SimulateStreamSource,
  wallOptions: ResolvedWallOptions,
  reading: WallReading,
): Promise<Wall> {
  const parser = new WallParser(wallOptions, reading.expectedBytes);
  const { signal, onAbort, onBytesRead } = reading;
  await readChunks(source, (chunk) => parser.push(chunk), signal, onAbort, onBytesRead);
  return parser.end();
}

/**
 * Feeds every chunk of `source` to `take`, in order. An abort closes the
 * source's iterator at once, even while a chunk is awaited (which destroys
 * a Node stream), and no chunk is taken after it.
 */
async function readChunks(
  source: SimulateStreamSource,
  take: (chunk: Uint8Array | string) => void,
  signal: AbortSignal | undefined,
  onAbort: OnAbort,
  onBytesRead: ((bytesRead: number) => void) | undefined,
): Promise<void> {
  const iterator = iteratorOf(source);
  let open = true;
  const close = () => {
    if (open) closeQuietly(source, iterator);
    open = false;
  };
  onAbort(close);
  let read = 0;
  try {
    for (;;) {
      // The abort has already rejected the call with its reason: just stop.
      signal?.throwIfAborted();
      const step = await iterator.next();
      if (step.done) {
        open = false;
        return;
      }
      signal?.throwIfAborted();
      const chunk = step.value;
      take(chunk);
      read += chunk.length;
      onBytesRead?.(read);
    }
  } finally {
    close();
  }
}

function iteratorOf(
  source: SimulateStreamSource,
): AsyncIterator<Uint8Array | string> | Iterator<Uint8Array | string> {
  if (ArrayBuffer.isView(source)) {
    throw wholeConfigSource(source, 'simulateStream', 'simulate(parseWall(bytes), options)');
  }
  if (typeof source === 'object' && source !== null) {
    const asyncIt = (source as Partial<AsyncIterable<Uint8Array>>)[Symbol.asyncIterator];
    if (typeof asyncIt === 'function') return asyncIt.call(source);
    const it = (source as Partial<Iterable<Uint8Array>>)[Symbol.iterator];
    if (typeof it === 'function') return it.call(source);
    if (typeof (source as ReadableStream<Uint8Array>).getReader === 'function') {
      return readerIterator((source as ReadableStream<Uint8Array>).getReader());
    }
  }
  throw new IcewallError(
    'ERR_INVALID_OPTION',
    `Expected \`source\` to be a stream or an (async) iterable of Uint8Array or string chunks, got ${source === null ? 'null' : typeof source}`,
  );
}

/** A web stream reader as an async iterator (for runtimes whose streams are not iterable). */
function readerIterator(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): AsyncIterator<Uint8Array> {
  return {
    next: async () => {
      const r = await reader.read();
      return r.done ? { done: true, value: undefined } : { done: false, value: r.value };
    },
    return: async () => {
      await reader.cancel();
      return { done: true, value: undefined };
    },
  };
}

/**
 * Closes a source left before its end, without waiting: an iterator with a
 * chunk still pending may never finish closing. A Node stream is destroyed.
 */
function closeQuietly(
  source: SimulateStreamSource,
  iterator: AsyncIterator<unknown> | Iterator<unknown>,
): void {
  const destroy = (source as { destroy?: unknown }).destroy;
  if (typeof destroy === 'function') {
    destroy.call(source);
    return;
  }
  try {
    Promise.resolve(iterator.return?.()).catch(() => {});
  } catch {
    // The source failed while closing; the original error is the one to report.
  }
}
