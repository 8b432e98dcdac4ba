/**
 * The inputs `simulateParallel`, `compare` and `planTeams` accept, and the
 * split of a config into byte ranges that start at line boundaries.
 *
 * @internal
 * @module
 */

import { readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Defaults, optionsObject } from '../core/options/check.js';
import { isWall, type Wall } from '../core/wall.js';
import { IcewallError } from '../errors.js';

/**
 * A wall to simulate: a parsed {@link Wall}, config bytes, or a config
 * file given as a `file:` URL or as `{ path }`. A plain string is refused:
 * in `parseWall` a string is config text, so here it would be ambiguous.
 */
export type ParallelSource = Wall | Uint8Array | URL | FileSource;

/** A config file by path. */
export interface FileSource {
  /** The file's path (relative paths from the working directory). */
  readonly path: string;
}

/** The keys of a {@link FileSource}: any other is a typo, refused. */
const FILE_SOURCE_KEYS: Defaults<FileSource> = Object.freeze({ path: undefined });

/** A source, sorted out. */
export type ResolvedSource =
  | { readonly kind: 'wall'; readonly wall: Wall }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'file'; readonly path: string };

/** Sorts out a {@link ParallelSource}. */
export function resolveSource(source: unknown): ResolvedSource {
  if (typeof source === 'string') {
    throw new IcewallError(
      'ERR_INVALID_OPTION',
      `a string source is ambiguous (config text or a file name?): pass a file as { path: ${JSON.stringify(source.length > 40 ? `${source.slice(0, 37)}...` : source)} } or as a file: URL, config text as bytes (new TextEncoder().encode(text)), or a Wall from parseWall`,
    );
  }
  if (isWall(source)) return { kind: 'wall', wall: source };
  if (source instanceof Uint8Array) return { kind: 'bytes', bytes: source };
  if (source instanceof URL) {
    if (source.protocol !== 'file:') {
      throw new IcewallError(
        'ERR_INVALID_OPTION',
        `only file: URLs can be read, got ${source.protocol} (${source.href})`,
      );
    }
    return { kind: 'file', path: fileURLToPath(source) };
  }
  if (
    typeof source === 'object' &&
    source !== null &&
    typeof (source as { path?: unknown }).path === 'string'
  ) {
    optionsObject(source as FileSource, FILE_SOURCE_KEYS, 'the { path } source');
    return { kind: 'file', path: (source as { path: string }).path };
  }
  throw new IcewallError(
    'ERR_INVALID_OPTION',
    `Expected the source to be a Wall, a Uint8Array, a file: URL or { path: string }, got ${source === null ? 'null' : typeof source}`,
  );
}

/** Where the next line starts at or after `from` in `bytes` (`bytes.length` if none). */
function nextLineStart(bytes: Uint8Array, from: number): number {
  const at = bytes.indexOf(10, from);
  return at === -1 ? bytes.length : at + 1;
}

/**
 * Cuts `bytes` into at most `parts` ranges `[start, end)`, each starting at
 * a line boundary (no range starts inside a line).
 */
export function splitBytes(bytes: Uint8Array, parts: number): [number, number][] {
  const size = bytes.length;
  const cuts = [0];
  for (let k = 1; k < parts; k++) {
    const cut = nextLineStart(bytes, Math.max(Math.floor((size * k) / parts) - 1, 0));
    if (cut > (cuts[cuts.length - 1] as number) && cut < size) cuts.push(cut);
  }
  cuts.push(size);
  const ranges: [number, number][] = [];
  for (let k = 0; k + 1 < cuts.length; k++) ranges.push([cuts[k] as number, cuts[k + 1] as number]);
  return ranges;
}

/** Bytes read at a time around each cut of a file to find the next line start. */
const WINDOW = 16 * 1024;

/**
 * Cuts the open file `fd` of `size` bytes into at most `parts` ranges
 * starting at line boundaries, reading only a small window around each cut. The reads are
 * synchronous, on purpose: each is a few microseconds from the page cache,
 * and 127 cuts took 1-2 ms this way against 6-7 ms as concurrent reads on
 * libuv's threads, which the calling thread then had to wait for before
 * counting anything.
 */
export function splitFile(fd: number, size: number, parts: number): [number, number][] {
  const found: number[] = [];
  const buffer = new Uint8Array(WINDOW);
  for (let k = 1; k < parts; k++) {
    // The byte before the nominal cut may be a '\n', so look from there.
    let at = Math.max(Math.floor((size * k) / parts) - 1, 0);
    // A cut inside the line the previous cut ended is the same cut.
    const last = found.at(-1) ?? 0;
    if (at < last) at = last - 1;
    let cut = size;
    while (at < size) {
      const bytesRead = readSync(fd, buffer, 0, WINDOW, at);
      if (bytesRead === 0) break;
      const i = buffer.subarray(0, bytesRead).indexOf(10);
      if (i !== -1) {
        cut = at + i + 1;
        break;
      }
      at += bytesRead;
    }
    found.push(cut);
  }
  // Cuts in order, without repeats (several nominal cuts may fall in one long line).
  const cuts = [0];
  for (const cut of found) {
    if (cut > (cuts[cuts.length - 1] as number) && cut < size) cuts.push(cut);
  }
  cuts.push(size);
  const ranges: [number, number][] = [];
  for (let k = 0; k + 1 < cuts.length; k++) ranges.push([cuts[k] as number, cuts[k + 1] as number]);
  return ranges;
}
