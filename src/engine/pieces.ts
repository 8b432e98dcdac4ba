/**
 * A config counted in pieces by several threads: each thread claims the
 * next piece from a counter they share, so a thread that starts late (a
 * worker takes tens of milliseconds to boot) or runs slower simply counts
 * fewer pieces. Used by the calling thread and by the workers alike.
 *
 * @internal
 * @module
 */

import { readSync } from 'node:fs';
import type { CountingParser } from '../core/parse/count.js';
import { fileChanged } from './errors.js';

/** Slot of the next piece to claim. */
const NEXT = 0;
/** Slot of the number of pieces that may still be claimed (lowered by an error). */
const STOP = 1;

/** The shared counters of a count in `pieces` pieces. */
export function pieceClaims(pieces: number): Int32Array {
  const claims = new Int32Array(new SharedArrayBuffer(8));
  claims[STOP] = pieces;
  return claims;
}

/**
 * Claims the next piece: its number, or -1 when none is left. Pieces are
 * claimed in file order, so when piece k is claimed every earlier piece
 * already has a thread that will count it.
 */
export function claimPiece(claims: Int32Array): number {
  const k = Atomics.add(claims, NEXT, 1);
  return k < Atomics.load(claims, STOP) ? k : -1;
}

/**
 * After an error in piece k, later pieces are not needed (an earlier error
 * would still win, and earlier pieces are already claimed).
 */
export function stopAfter(claims: Int32Array, k: number): void {
  for (;;) {
    const stop = Atomics.load(claims, STOP);
    if (k + 1 >= stop || Atomics.compareExchange(claims, STOP, stop, k + 1) === stop) return;
  }
}

/** After a thread failed outside the work (a crash, the engine closed): no piece is claimed any more. */
export function stopAll(claims: Int32Array): void {
  Atomics.store(claims, STOP, 0);
}

/**
 * Reads the chunk of the open file `fd` at byte `at` (at most `buffer`'s
 * length, and not past `end`) and counts it: the read in turn both the
 * calling thread and the workers use. Returns the bytes read.
 * @throws IcewallError `ERR_IO` if the file ends before `end` (it had `size` bytes when counting began)
 */
export function countChunk(
  parser: CountingParser,
  fd: number,
  buffer: Uint8Array,
  at: number,
  end: number,
  path: string,
  size: number,
): number {
  const n = readSync(fd, buffer, 0, Math.min(buffer.length, end - at), at);
  if (n === 0) throw fileChanged(path, at, size);
  parser.push(n === buffer.length ? buffer : buffer.subarray(0, n));
  return n;
}
