import {
  invalidOption,
  pickWallOptions,
  type ResolvedWallOptions,
  resolveWallOptions,
  type WallOptions,
} from './core/options.js';
import { CountingParser, resultFromCounts } from './core/parse/count.js';
import { emptyConfigError, WallParser, wholeConfigSource } from './core/parse/parse.js';
import type { SimulationResult } from './core/result/result.js';
import { runSimulation } from './core/schedule/run.js';
import type { Wall } from './core/wall.js';
import { IcewallError } from './errors.js';
import { resolveSimulateOptions, type SimulateOptions } from './simulate.js';

/** Anything {@link simulateStream} reads chunk by chunk. */
export type SimulateStreamSource =
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array | string>
  | ReadableStream<Uint8Array>;

/** Options of {@link simulateStream}: those of `simulate`, the wall's numbers, and stream controls. */
export interface SimulateStreamOptions extends SimulateOptions, WallOptions {
  /**
   * Stops reading: the promise rejects with the signal's reason (an
   * `AbortError` by default) and the source's iterator is closed.
   * @default undefined
   */
  signal?: AbortSignal;
  /**
   * Called after each chunk with the number of bytes (or, for text chunks,
   * characters) read so far. For progress bars; must not throw.
   * @default undefined
   */
  onProgress?: (bytesRead: number) => void;
  /**
   * The input's total size in bytes, if known (for example from `fstat`).
   * With teams, the height buffer is then reserved once and never copied.
   * @default undefined
   */
  sizeHint?: number;
}

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
 * @param options - teams, strategy, the wall's numbers, `signal`, `onProgress`, `sizeHint`
 * @throws ParseError for a bad config; IcewallError for bad options; the signal's reason when aborted
 */
export async function simulateStream(
  source: SimulateStreamSource,
  options?: SimulateStreamOptions,
): Promise<SimulationResult> {
  const o = options ?? {};
  const run = resolveSimulateOptions(o);
  const wallOptions = resolveWallOptions(pickWallOptions(o));
  const { signal, onProgress, sizeHint } = o;
  if (signal !== undefined && !isAbortSignal(signal))
    invalidOption('signal', 'an AbortSignal', signal);
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    invalidOption('onProgress', 'a function', onProgress);
  }
  if (sizeHint !== undefined && !(Number.isSafeInteger(sizeHint) && sizeHint >= 0)) {
    invalidOption('sizeHint', 'a non-negative safe integer', sizeHint);
  }
  signal?.throwIfAborted();
  if (run.teams === undefined) {
    const parser = new CountingParser(wallOptions);
    await readChunks(source, (chunk) => parser.push(chunk), signal, onProgress);
    const counts = parser.end();
    if (counts.profileCount === 0) throw emptyConfigError();
    return resultFromCounts(counts);
  }
  const wall = await readWall(source, wallOptions, signal, onProgress, sizeHint);
  return runSimulation({ wall, hooks: undefined, ...run });
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
  signal: AbortSignal | undefined,
  onProgress: ((bytesRead: number) => void) | undefined,
  sizeHint: number | undefined,
): Promise<Wall> {
  const parser = new WallParser(wallOptions, sizeHint);
  await readChunks(source, (chunk) => parser.push(chunk), signal, onProgress);
  return parser.end();
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function'
  );
}

/**
 * Feeds every chunk of `source` to `take`, in order. An abort rejects at
 * once, even while a chunk is awaited, and closes the source's iterator
 * (which destroys a Node stream).
 */
async function readChunks(
  source: SimulateStreamSource,
  take: (chunk: Uint8Array | string) => void,
  signal: AbortSignal | undefined,
  onProgress: ((bytesRead: number) => void) | undefined,
): Promise<void> {
  const iterator = iteratorOf(source);
  let aborted: Promise<never> | undefined;
  let stop: (() => void) | undefined;
  if (signal !== undefined) {
    aborted = new Promise<never>((_, reject) => {
      stop = () => reject(signal.reason);
      signal.addEventListener('abort', stop, { once: true });
    });
    aborted.catch(() => {});
  }
  let read = 0;
  let finished = false;
  try {
    for (;;) {
      const next = iterator.next();
      const step = aborted === undefined ? await next : await Promise.race([next, aborted]);
      if (step.done) {
        finished = true;
        return;
      }
      const chunk = step.value;
      take(chunk);
      read += chunk.length;
      onProgress?.(read);
    }
  } finally {
    if (stop !== undefined) signal?.removeEventListener('abort', stop);
    if (!finished) closeQuietly(source, iterator);
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
