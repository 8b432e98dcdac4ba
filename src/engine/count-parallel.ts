/**
 * One crew per section from config bytes: counted on the calling thread,
 * or in byte ranges cut at line boundaries, the first range on the calling
 * thread and each other range on a worker. Only per-profile counts come
 * back from the workers; the first `ParseError` in file order wins, with
 * the file's line numbers.
 *
 * @internal
 * @module
 */

import { open } from 'node:fs/promises';
import { setImmediate } from 'node:timers';
import { MessageChannel } from 'node:worker_threads';
import {
  CountingParser,
  mergeCounts,
  relocateParseError,
  resultFromCounts,
  type WallCounts,
} from '../core/count.js';
import type { ResolvedWallOptions } from '../core/options.js';
import type { SimulationResult } from '../core/result.js';
import { ParseError } from '../errors.js';
import { abortError } from './errors.js';
import type { WorkerPool } from './pool.js';
import type { PackedCounts } from './protocol.js';
import { type ResolvedSource, splitBytes, splitFile } from './source.js';

/** Bytes per read, on the calling thread and in workers. */
export const CHUNK = 1 << 20;

/** Bytes or a file. */
export type ConfigSource = Exclude<ResolvedSource, { kind: 'wall' }>;

/** Reports bytes read so far. */
type Progress = ((bytesRead: number) => void) | undefined;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Counts bytes `start` to `end` of the source on the calling thread, in
 * chunks, letting the event loop turn between chunks.
 */
async function countRange(
  source: ConfigSource,
  start: number,
  end: number,
  options: ResolvedWallOptions,
  signal: AbortSignal | undefined,
  read: (n: number) => void,
): Promise<WallCounts> {
  const parser = new CountingParser(options, start === 0);
  if (source.kind === 'bytes') {
    for (let at = start; at < end; at += CHUNK) {
      if (signal?.aborted) throw abortError(signal);
      const to = Math.min(end, at + CHUNK);
      parser.push(source.bytes.subarray(at, to));
      read(to - at);
      if (to < end) await nextTurn();
    }
    return parser.end();
  }
  const handle = await open(source.path, 'r');
  try {
    const buffer = new Uint8Array(CHUNK);
    for (let at = start; at < end; ) {
      if (signal?.aborted) throw abortError(signal);
      const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK, end - at), at);
      if (bytesRead === 0) break;
      parser.push(bytesRead === CHUNK ? buffer : buffer.subarray(0, bytesRead));
      at += bytesRead;
      read(bytesRead);
    }
  } finally {
    await handle.close();
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
  const counts = await countRange(source, 0, size, options, signal, (n) => {
    read += n;
    onProgress?.(read);
  });
  return resultFromCounts(mergeCounts([counts]));
}

/**
 * The result of a config counted by `threads` threads: the calling one and
 * `threads - 1` workers.
 */
export async function countParallel(
  pool: WorkerPool,
  source: ConfigSource,
  size: number,
  threads: number,
  options: ResolvedWallOptions,
  signal: AbortSignal | undefined,
  onProgress: Progress,
): Promise<SimulationResult> {
  const ranges =
    source.kind === 'bytes'
      ? splitBytes(source.bytes, threads)
      : await splitFile(source.path, size, threads);
  let read = 0;
  const progress = (n: number) => {
    read += n;
    onProgress?.(read);
  };
  // Workers read files themselves; bytes they read from shared memory:
  // only the part after the first range is copied there (or none, if the
  // bytes already are shared).
  let shared: SharedArrayBuffer | null = null;
  let shift = 0;
  const workerFrom = ranges[1]?.[0] ?? size;
  if (source.kind === 'bytes' && ranges.length > 1) {
    const { bytes } = source;
    if (bytes.buffer instanceof SharedArrayBuffer) {
      shared = bytes.buffer;
      shift = bytes.byteOffset;
    } else {
      shared = new SharedArrayBuffer(size - workerFrom);
      new Uint8Array(shared).set(bytes.subarray(workerFrom));
      shift = -workerFrom;
    }
  }
  const onWorkers = ranges.slice(1).map(([start, end]) => {
    const channel = onProgress === undefined ? null : new MessageChannel();
    channel?.port1.on('message', progress);
    return pool
      .run<PackedCounts>(
        {
          kind: 'count',
          path: source.kind === 'file' ? source.path : null,
          bytes: shared,
          start: start + shift,
          end: end + shift,
          options,
          port: channel?.port2 ?? null,
          chunkSize: CHUNK,
        },
        { transferList: channel === null ? [] : [channel.port2], signal },
      )
      .finally(() => channel?.port1.close());
  });
  const [first] = ranges;
  const here = countRange(source, 0, first?.[1] ?? size, options, signal, progress);
  const settled = await Promise.allSettled([here, ...onWorkers]);
  if (signal?.aborted) throw abortError(signal);
  const parts: WallCounts[] = [];
  let lines = 0;
  for (const part of settled) {
    if (part.status === 'rejected') {
      const error = part.reason;
      throw error instanceof ParseError ? relocateParseError(error, lines) : error;
    }
    lines += part.value.lines;
    parts.push({ ...part.value, options });
  }
  return resultFromCounts(mergeCounts(parts));
}
