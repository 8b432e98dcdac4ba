/**
 * One crew per section from config bytes: counted on the calling thread,
 * or in pieces cut at line boundaries that the calling thread and the
 * workers claim one after another (see `pieces.ts`). Only per-profile
 * counts come back from the workers; the first `ParseError` in file order
 * wins, with the file's line numbers.
 *
 * @internal
 * @module
 */

import type { Stats } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { setImmediate } from 'node:timers';
import { MessageChannel } from 'node:worker_threads';
import type { ResolvedWallOptions } from '../core/options/wall.js';
import {
  CountingParser,
  relocateParseError,
  resultFromParts,
  type WallCounts,
} from '../core/parse/count.js';
import type { SimulationResult } from '../core/result/result.js';
import { IcewallError, ioReason, ParseError } from '../errors.js';
import { fileChanged, fileRewritten, rebuildError } from './errors.js';
import { claimPiece, countChunk, pieceClaims, stopAfter, stopAll } from './pieces.js';
import { retryUnstarted, type WorkerPool } from './pool.js';
import type { CountedPieces, CountTask, PackedCounts } from './protocol.js';
import { splitBytes, splitFile } from './source.js';
import type { Lent } from './staging.js';

/** Bytes per read, on the calling thread and in workers. */
export const CHUNK = 1 << 20;

/**
 * A config to count: bytes in memory, or a file opened once. Every thread
 * reads that one open file by offset through its descriptor (descriptors
 * belong to the process, so workers can use it): a file renamed over,
 * deleted or looked up from another working directory meanwhile is never
 * mixed in.
 */
export type ConfigSource =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'file'; readonly path: string; readonly handle: FileHandle };

/**
 * Opens the file at `path` for a count and runs `use` with it and its
 * stats; closes it afterwards. A regular file whose size or modification
 * time changed while `use` ran (rewritten in place) is an `ERR_IO` error:
 * its counts could mix two versions.
 */
export async function withOpenFile<T>(
  path: string,
  use: (source: Extract<ConfigSource, { kind: 'file' }>, stats: Stats) => Promise<T>,
): Promise<T> {
  let handle: FileHandle;
  let before: Stats;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new IcewallError('ERR_IO', `cannot read ${path}: ${ioReason(error)}`, { cause: error });
  }
  try {
    before = await handle.stat();
    if (before.isDirectory()) {
      throw new IcewallError('ERR_IO', `cannot read ${path}: it is a folder`);
    }
    const changed = async () => {
      if (!before.isFile()) return false;
      const after = await handle.stat();
      return after.size !== before.size || after.mtimeMs !== before.mtimeMs;
    };
    let value: T;
    try {
      value = await use({ kind: 'file', path, handle }, before);
    } catch (error) {
      // Two versions mixed can look like a bad config: say what happened.
      if (error instanceof ParseError && (await changed())) {
        throw fileRewritten(path, error);
      }
      throw error;
    }
    if (await changed()) throw fileRewritten(path);
    return value;
  } finally {
    await handle.close();
  }
}

/** Reports bytes read so far. */
type Progress = ((bytesRead: number) => void) | undefined;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What the calling thread reads: bytes in memory, or an open file and a buffer to read it into. */
type Input =
  | { readonly bytes: Uint8Array }
  | {
      readonly handle: FileHandle;
      readonly buffers: readonly [Uint8Array, Uint8Array];
      readonly path: string;
      /** The file's size when counting began. */
      readonly size: number;
    };

/** Runs `use` with what the calling thread needs to read the source. */
function withInput<T>(
  source: ConfigSource,
  size: number,
  use: (input: Input) => Promise<T>,
): Promise<T> {
  if (source.kind === 'bytes') return use({ bytes: source.bytes });
  const buffers = [new Uint8Array(CHUNK), new Uint8Array(CHUNK)] as const;
  return use({ handle: source.handle, buffers, path: source.path, size });
}

/**
 * Counts bytes `start` to `end` of the input on the calling thread, in
 * chunks, letting the event loop turn between chunks.
 *
 * `readAhead`: read the next chunk of a file on libuv's threads while this
 * one is counted. That pays when this thread counts alone (the read runs on
 * the idle core: 10^8 sections took 600 ms against 700 ms reading in
 * turn). With workers counting on every core it costs: the read thread
 * waits for a core and this thread waits for the read, so then the chunk
 * is read here, in turn (2 threads at 10^8: 400 ms against 460 ms, median
 * of six).
 */
async function countRange(
  input: Input,
  start: number,
  end: number,
  options: ResolvedWallOptions,
  signal: AbortSignal | undefined,
  read: (n: number) => void,
  readAhead: boolean,
): Promise<WallCounts> {
  const parser = new CountingParser(options, start === 0);
  if ('bytes' in input) {
    for (let at = start; at < end; at += CHUNK) {
      signal?.throwIfAborted();
      const to = Math.min(end, at + CHUNK);
      parser.push(input.bytes.subarray(at, to));
      read(to - at);
      if (to < end) await nextTurn();
    }
    return parser.end();
  }
  const { handle, buffers } = input;
  if (!readAhead) {
    const buffer = buffers[0];
    for (let at = start; at < end; ) {
      signal?.throwIfAborted();
      const n = countChunk(parser, handle.fd, buffer, at, end, input.path, input.size);
      at += n;
      read(n);
      if (at < end) await nextTurn();
    }
    return parser.end();
  }
  // Two buffers: the next chunk is read (on libuv's threads) while this one
  // is counted, so the event loop turns between chunks without this thread
  // waiting for the read.
  const readAt = (at: number, k: number) =>
    handle.read(buffers[k % 2] as Uint8Array, 0, Math.min(CHUNK, end - at), at);
  let next: ReturnType<typeof readAt> | null = start < end ? readAt(start, 0) : null;
  try {
    for (let at = start, k = 0; next !== null; k++) {
      const { bytesRead, buffer } = await next;
      next = null;
      if (bytesRead === 0) throw fileChanged(input.path, at, input.size);
      signal?.throwIfAborted();
      if (at + bytesRead < end) next = readAt(at + bytesRead, k + 1);
      parser.push(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
      at += bytesRead;
      read(bytesRead);
    }
  } finally {
    // A read still in flight when counting failed must end before the file closes.
    await next?.catch(() => {});
  }
  return parser.end();
}

/** The result of a whole config counted on the calling thread. */
export async function countHere(
  source: ConfigSource,
  size: number,
  options: ResolvedWallOptions,
  signal: AbortSignal | undefined,
  onProgress: Progress,
): Promise<SimulationResult> {
  let read = 0;
  const counts = await withInput(source, size, (input) =>
    countRange(
      input,
      0,
      size,
      options,
      signal,
      (n) => {
        read += n;
        onProgress?.(read);
      },
      true,
    ),
  );
  return resultFromParts([counts]);
}

/** Bytes per piece of a file counted by several threads (see `pieces.ts`). */
const PIECE_BYTES = 2 << 20;
/** At most this many pieces: each one's counts come back separately. */
const MAX_PIECES = 256;

/**
 * The result of a config counted by `threads` threads: the calling one and
 * `threads - 1` workers. A file is cut into pieces of about 2 MiB at line
 * boundaries, and each thread claims the next piece until none is left, so
 * a worker that boots late simply counts fewer. Bytes in memory are cut
 * into one piece per thread (workers read what they count from shared
 * memory, which is a copy unless the bytes already are shared).
 */
export async function countParallel(
  pool: WorkerPool,
  source: ConfigSource,
  size: number,
  threads: number,
  options: ResolvedWallOptions,
  signal: AbortSignal | undefined,
  onProgress: Progress,
  pieceBytes = PIECE_BYTES,
): Promise<SimulationResult> {
  const ranges =
    source.kind === 'bytes'
      ? splitBytes(source.bytes, threads)
      : splitFile(
          source.handle.fd,
          size,
          Math.min(MAX_PIECES, Math.max(threads, Math.ceil(size / pieceBytes))),
        );
  const cuts = [0, ...ranges.map(([, end]) => end)];
  const claims = pieceClaims(ranges.length);
  // The calling thread claims piece 0 before any worker can start.
  const first = claimPiece(claims);
  let read = 0;
  // A callback that throws fails the count with its own error, once: it is
  // called from port listeners, where a throw would escape as an uncaught
  // exception, so it is caught here and no thread claims another piece.
  let failed: { error: unknown } | null = null;
  const progress = (n: number) => {
    read += n;
    if (failed !== null || onProgress === undefined) return;
    try {
      onProgress(read);
    } catch (error) {
      failed = { error };
      stopAll(claims);
    }
  };
  // Workers read files themselves; bytes they read from shared memory: only
  // what follows piece 0, which is the calling thread's (or none is copied,
  // if the bytes already are shared).
  // The copy goes into the engine's staging buffer (see staging.ts).
  let shared: SharedArrayBuffer | null = null;
  let shift = 0;
  let lent: Lent | undefined;
  if (source.kind === 'bytes' && ranges.length > 1) {
    const { bytes } = source;
    const from = cuts[1] as number;
    if (bytes.buffer instanceof SharedArrayBuffer) {
      shared = bytes.buffer;
      shift = bytes.byteOffset;
    } else {
      lent = pool.staging.lend(size - from);
      shared = lent.buffer;
      new Uint8Array(shared, 0, size - from).set(bytes.subarray(from));
      shift = -from;
    }
  }
  const workers = ranges.length > 1 ? threads - 1 : 0;
  const task = {
    kind: 'count',
    path: source.kind === 'file' ? source.path : null,
    fd: source.kind === 'file' ? source.handle.fd : -1,
    bytes: shared,
    shift,
    cuts,
    claims: claims.buffer as SharedArrayBuffer,
    options,
    progress: onProgress !== undefined,
    chunkSize: CHUNK,
  } as const;
  const onWorkers = Array.from({ length: workers }, () =>
    countOnWorker(pool, task, progress, signal).catch((error: unknown) => {
      // A thread that failed outside the work (a crash, the engine closed)
      // fails the count: no thread starts another piece.
      stopAll(claims);
      throw error;
    }),
  );
  const here = countPiecesHere(source, cuts, claims, first, options, signal, progress);
  // close() stops the claims at once (it may wait for threads before it
  // ends their tasks); the workers' tasks then fail with ERR_WORKER.
  const unhook = pool.whenClosed(() => stopAll(claims));
  const settled = await Promise.allSettled([here, ...onWorkers]).finally(() => {
    unhook();
    lent?.release();
  });
  signal?.throwIfAborted();
  // Stopped by close(): some pieces were never counted.
  pool.assertRunning();
  if (failed !== null) throw (failed as { error: unknown }).error;
  return resultFromParts(joinPieces(settled, cuts.length - 1, options));
}

/**
 * One worker's share. Its counts (and, before them, its progress reports)
 * come over a port of their own, so every report has arrived when the
 * counts do.
 */
async function countOnWorker(
  pool: WorkerPool,
  task: Omit<CountTask, 'port'>,
  progress: (n: number) => void,
  signal: AbortSignal | undefined,
): Promise<CountedPieces<unknown>> {
  return retryUnstarted(async () => {
    const { port1, port2 } = new MessageChannel();
    const counted = new Promise<CountedPieces>((resolve) => {
      port1.on('message', (message: number | CountedPieces) => {
        if (typeof message === 'number') progress(message);
        else resolve(message);
      });
    });
    try {
      await pool.run<null>({ ...task, port: port2 }, { transferList: [port2], signal });
      const { parts, failure, bytesRead } = await counted;
      return {
        parts,
        bytesRead,
        failure:
          failure === null ? null : { index: failure.index, error: rebuildError(failure.error) },
      };
    } finally {
      port1.close();
    }
  });
}

/** The calling thread's share: piece `first`, then each next one it claims. */
async function countPiecesHere(
  source: ConfigSource,
  cuts: readonly number[],
  claims: Int32Array,
  first: number,
  options: ResolvedWallOptions,
  signal: AbortSignal | undefined,
  read: (n: number) => void,
): Promise<CountedPieces<unknown>> {
  const parts: CountedPieces['parts'] = [];
  let bytesRead = 0;
  return withInput(source, cuts.at(-1) as number, async (input) => {
    for (let k = first; k !== -1; k = claimPiece(claims)) {
      try {
        const [start, end] = [cuts[k] as number, cuts[k + 1] as number];
        const counts = await countRange(input, start, end, options, signal, read, false);
        parts.push({ index: k, counts });
        bytesRead += end - start;
      } catch (error) {
        if (signal?.aborted) throw error;
        stopAfter(claims, k);
        return { parts, bytesRead, failure: { index: k, error } };
      }
    }
    return { parts, bytesRead, failure: null };
  });
}

/**
 * Every thread's pieces in file order (their counts stay separate: see
 * `resultFromParts`). The first failure in file order wins (every piece
 * before it was counted), a `ParseError` with the file's line numbers; a
 * thread that crashed fails the whole count.
 */
export function joinPieces(
  settled: PromiseSettledResult<CountedPieces<unknown>>[],
  pieces: number,
  options: ResolvedWallOptions,
): WallCounts[] {
  const byIndex: (PackedCounts | undefined)[] = new Array(pieces);
  let failure: { index: number; error: unknown } | null = null;
  for (const thread of settled) {
    if (thread.status === 'rejected') throw thread.reason;
    for (const { index, counts } of thread.value.parts) byIndex[index] = counts;
    const f = thread.value.failure;
    if (f !== null && (failure === null || f.index < failure.index)) failure = f;
  }
  if (failure !== null) {
    let lines = 0;
    for (let k = 0; k < failure.index; k++) lines += (byIndex[k] as PackedCounts).lines;
    const { error } = failure;
    throw error instanceof ParseError ? relocateParseError(error, lines) : error;
  }
  const parts: WallCounts[] = [];
  for (let k = 0; k < pieces; k++) {
    const counts = byIndex[k];
    if (counts === undefined)
      throw new Error(`internal: piece ${k} of ${pieces} was never counted`);
    parts.push({ ...counts, options });
  }
  return parts;
}
