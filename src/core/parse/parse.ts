import { IcewallError, ParseError } from '../../errors.js';
import { byteCountOption, invalidOption } from '../options/check.js';
import { type ResolvedWallOptions, resolveWallOptions, type WallOptions } from '../options/wall.js';
import { trustedWall, type Wall } from '../wall.js';
import { HeightScanner } from './scan.js';

/** Anything `parseWall` reads in one piece. */
export type WallSource = string | Uint8Array;

/** Anything `parseWallStream` reads chunk by chunk (Node streams and web streams qualify). */
export type WallStreamSource = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/**
 * Incremental config parser: `push` chunks of UTF-8 bytes or text as they
 * arrive, then call `end()` for the {@link Wall}. It works on bytes in one
 * pass, a whole token per step (no per-line strings or regular expressions),
 * and keeps one byte per section, so inputs larger than a JS string can
 * hold parse fine when given as bytes. Each instance parses one config.
 *
 * @example
 * ```ts
 * const parser = new WallParser();
 * parser.push('21 25 2');
 * parser.push('8\n17\n');
 * parser.end().sectionCount; // 4
 * ```
 */
export class WallParser {
  // Holds its scanner rather than extending it, so that none of the
  // scanner's members (its state, its hooks) are part of the public type.
  readonly #scanner: HeightKeeper;

  /**
   * @param options - the wall's numbers (defaults: height 30, 195 cubic yards
   *   a foot, 1900 a cubic yard, 2000 sections a line)
   * @param expectedBytes - total input size if known: the height buffer is
   *   then reserved once (pages never written cost no memory) and never copied
   */
  constructor(options?: WallOptions, expectedBytes?: number) {
    this.#scanner = new HeightKeeper(
      resolveWallOptions(options, 'new WallParser'),
      reserveHeights(byteCountOption('expectedBytes', expectedBytes)),
    );
  }

  /**
   * Feeds the next chunk of the config.
   * @param chunk - UTF-8 bytes or text
   * @throws ParseError at the first rule broken so far
   */
  push(chunk: string | Uint8Array): void {
    this.#scanner.push(chunk);
  }

  /**
   * Finishes the input and returns the wall.
   * @throws ParseError if the last line breaks a rule or there are no profiles
   */
  end(): Wall {
    return this.#scanner.end();
  }
}

/** The scanner behind {@link WallParser}: keeps every height, one byte each. */
class HeightKeeper extends HeightScanner {
  /** `starts[p]`: index of profile p's first height. */
  private starts: Uint32Array = new Uint32Array(64);

  constructor(options: ResolvedWallOptions, heights: Uint8Array) {
    super(options, heights, true);
  }

  push(chunk: string | Uint8Array): void {
    this.feed(chunk);
  }

  end(): Wall {
    this.finish();
    if (this.profiles === 0) throw emptyConfigError();
    const starts = this.starts.subarray(0, this.profiles + 1);
    starts[this.profiles] = this.count;
    // A view, not a copy: the unused tail was never written, so it holds no memory.
    const heights = this.heights.subarray(0, this.count);
    this.heights = new Uint8Array(0);
    return trustedWall(heights, starts, this.options);
  }

  protected beginProfile(): void {
    if (this.profiles + 1 >= this.starts.length) this.starts = grow32(this.starts);
    this.starts[this.profiles] = this.count;
  }

  protected readRun(chunk: Uint8Array, i: number, last: number, max: number): number {
    const heights = this.heights;
    const from = this.count;
    const stop = from + Math.min(max, heights.length - from);
    const target = this.options.targetHeight;
    let count = from;
    while (count < stop && i < last) {
      // A plain height is one or two digits and a space. Whether it has one
      // digit or two is data (a branch on it is mispredicted a third of the
      // time), so it is read without one: a digit's byte has bit 4 set, a
      // space's does not, and each check below is negative when it fails.
      const d0 = (chunk[i] as number) - 48;
      const b1 = chunk[i + 1] as number;
      const d1 = b1 - 48;
      const two = (b1 >> 4) & 1;
      const end = chunk[i + 1 + two] as number;
      const v = d0 + two * (d0 * 9 + d1);
      if ((d0 | (9 - d0) | (target - v) | ((d1 | (9 - d1)) & -two) | -(end ^ 32)) < 0) break;
      heights[count++] = v;
      i += 2 + two;
    }
    this.runLength = count - from;
    this.count = count;
    return i;
  }

  protected makeRoom(): void {
    const grown = new Uint8Array(Math.max(1024, Math.ceil(this.heights.length * 1.5)));
    grown.set(this.heights);
    this.heights = grown;
  }
}

/**
 * The first height buffer: half the expected size (a section takes at least
 * two bytes, "0 ", except the last one), or 64 Ki heights. A size past what
 * one typed array can hold (2^32 bytes in Node; a config of mostly comments
 * may be that large) reserves the default and grows as heights come.
 */
function reserveHeights(expectedBytes: number | undefined): Uint8Array {
  if (expectedBytes !== undefined && expectedBytes >= 0) {
    try {
      return new Uint8Array(Math.floor(expectedBytes / 2) + 1);
    } catch {
      // Too large for one typed array (or for memory): start small instead.
    }
  }
  return new Uint8Array(1 << 16);
}

/** The error for a config with no profiles at all. */
export function emptyConfigError(): ParseError {
  return new ParseError(
    'line 1, column 1: the config has no profiles (every line is blank or a comment)',
    { line: 1, column: 1, reason: 'empty' },
  );
}

function grow32(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Parses a config into a {@link Wall}: one profile per line,
 * heights separated by spaces or tabs, `#` comments, `\n` or `\r\n` endings.
 *
 * @example
 * ```ts
 * const wall = parseWall('21 25 28\n17\n17 22 17 19 17\n');
 * wall.profileCount; // 3
 * ```
 * @param source - the config as text or UTF-8 bytes (bytes may exceed the 512 MiB string limit)
 * @param options - the wall's numbers (defaults: height 30, 195 cubic yards
 *   a foot, 1900 a cubic yard, 2000 sections a line)
 * @throws ParseError with `line`, `column` and the rule broken; nothing is half-built
 */
export function parseWall(source: WallSource, options?: WallOptions): Wall {
  if (typeof source !== 'string' && !(source instanceof Uint8Array)) {
    invalidOption('source', 'a string or a Uint8Array (for streams use parseWallStream)', source);
  }
  const parser = new WallParser(
    resolveWallOptions(options, 'parseWall'),
    typeof source === 'string' ? source.length : source.length,
  );
  parser.push(source);
  return parser.end();
}

/**
 * Parses a config that arrives in chunks: a Node `Readable` (e.g.
 * `fs.createReadStream`), a web `ReadableStream`, or any (async) iterable of
 * strings and byte arrays.
 *
 * @example
 * ```ts
 * const wall = await parseWallStream(createReadStream('wall.txt'));
 * ```
 * @param source - the chunks
 * @param options - the wall's numbers (defaults: height 30, 195 cubic yards
 *   a foot, 1900 a cubic yard, 2000 sections a line)
 * @throws ParseError as {@link parseWall} (the promise rejects)
 */
export async function parseWallStream(
  source: WallStreamSource,
  options?: WallOptions,
): Promise<Wall> {
  const iterable = source as unknown as Record<symbol, unknown> | null;
  if (
    typeof iterable !== 'object' ||
    iterable === null ||
    (typeof iterable[Symbol.asyncIterator] !== 'function' &&
      typeof iterable[Symbol.iterator] !== 'function')
  ) {
    invalidOption('source', 'a stream or an (async) iterable of strings and byte arrays', source);
  }
  if (ArrayBuffer.isView(source)) {
    throw wholeConfigSource(source, 'parseWallStream', 'parseWall(bytes)');
  }
  const parser = new WallParser(resolveWallOptions(options, 'parseWallStream'));
  for await (const chunk of source) parser.push(chunk);
  return parser.end();
}

/**
 * The error for bytes given where chunks are expected: a `Uint8Array` is
 * iterable, but of numbers, so it would fail chunk by chunk with a TypeError.
 */
export function wholeConfigSource(source: object, api: string, instead: string): IcewallError {
  const type = Object.prototype.toString.call(source).slice(8, -1);
  return new IcewallError(
    'ERR_INVALID_OPTION',
    `Expected \`source\` to be a stream or an (async) iterable of Uint8Array or string chunks, got a ${type} (a whole config?): use ${instead}, or ${api}([bytes])`,
  );
}
