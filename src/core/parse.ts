import { ParseError } from '../errors.js';
import { type ResolvedWallOptions, resolveWallOptions, type WallOptions } from './options.js';
import { trustedWall, type Wall } from './wall.js';

/** Anything `parseWall` reads in one piece. */
export type WallSource = string | Uint8Array;

/** Anything `parseWallStream` reads chunk by chunk (Node streams and web streams qualify). */
export type WallStreamSource = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

const SPACE = 0;
const TOKEN = 1;
const COMMENT = 2;
/** A `\r` was read outside a comment; only `\n` may follow. */
const AFTER_CR = 3;

const MAX_SHOWN_TOKEN_BYTES = 40;
const STRING_CHUNK = 1 << 16;

/**
 * Incremental config parser: `push` chunks of UTF-8 bytes or text as they
 * arrive, then call `end()` for the {@link Wall}. It works on bytes in one
 * pass (no per-line strings or regular expressions) and keeps about one byte
 * per section, so inputs larger than a JS string can hold parse fine when
 * given as bytes. Each instance parses one config.
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
  private readonly options: ResolvedWallOptions;
  private heights: Uint8Array;
  private count = 0;
  private starts: Uint32Array = new Uint32Array(64);
  private profiles = 0;
  /** Bytes consumed in earlier chunks. */
  private base = 0;
  private line = 1;
  /** Absolute offset of the current line's first byte. */
  private lineStart = 0;
  private state = SPACE;
  private value = 0;
  /** True while the token so far is digits only. */
  private digits = true;
  private tokenStart = 0;
  /** Bytes of a token that began in an earlier chunk (kept only for messages). */
  private carry: Uint8Array = new Uint8Array(MAX_SHOWN_TOKEN_BYTES + 4);
  private carryLength = 0;
  private inLine = 0;
  /** Absolute offset of the first section over the limit on this line (-1: none). */
  private excessAt = -1;
  private started = false;
  private ended = false;

  /**
   * @param options - the wall's numbers (SPEC §2 defaults)
   * @param expectedBytes - total input size if known; sizes the height buffer once
   */
  constructor(options?: WallOptions, expectedBytes?: number) {
    this.options = resolveWallOptions(options);
    // A section takes at least two bytes ("0 ") except the last one.
    const guess =
      expectedBytes !== undefined && expectedBytes >= 0
        ? Math.floor(expectedBytes / 2) + 1
        : 1 << 16;
    this.heights = new Uint8Array(guess);
  }

  /**
   * Feeds the next chunk of the config.
   * @param chunk - UTF-8 bytes or text
   * @throws ParseError at the first rule broken so far
   */
  push(chunk: string | Uint8Array): void {
    if (this.ended) throw new Error('WallParser: push() after end()');
    if (typeof chunk === 'string') {
      pushString(this, chunk);
      return;
    }
    if (!(chunk instanceof Uint8Array)) {
      throw new TypeError(`expected config chunks as strings or Uint8Arrays, got ${typeof chunk}`);
    }
    this.pushBytes(chunk);
  }

  /**
   * Finishes the input and returns the wall.
   * @throws ParseError if the last line breaks a rule or there are no profiles
   */
  end(): Wall {
    if (this.ended) throw new Error('WallParser: end() called twice');
    if (this.state === TOKEN) this.finishToken(undefined, 0);
    this.ended = true;
    this.finishLine();
    if (this.profiles === 0) {
      throw new ParseError(
        'line 1, column 1: the config has no profiles (every line is blank or a comment)',
        1,
        1,
        'empty',
      );
    }
    const starts = this.starts.slice(0, this.profiles + 1);
    starts[this.profiles] = this.count;
    const heights =
      this.heights.length === this.count ? this.heights : this.heights.slice(0, this.count);
    this.heights = new Uint8Array(0);
    return trustedWall(heights, starts, this.options);
  }

  private pushBytes(chunk: Uint8Array): void {
    let i = 0;
    const n = chunk.length;
    if (!this.started && n > 0) {
      this.started = true;
      // A UTF-8 byte order mark is not part of the text (and takes no column).
      if (n >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        i = 3;
        this.lineStart = 3;
      }
    }
    const target = this.options.targetHeight;
    const maxSections = this.options.maxSectionsPerProfile;
    const base = this.base;
    let state = this.state;
    let value = this.value;
    let digits = this.digits;
    // Hot state kept in locals; written back before any slow path reads it.
    let heights = this.heights;
    let count = this.count;
    let inLine = this.inLine;
    for (; i < n; i++) {
      const b = chunk[i] as number;
      if (state === COMMENT) {
        if (b === 10) {
          this.count = count;
          this.inLine = inLine;
          this.newLine(base + i);
          inLine = 0;
          state = SPACE;
        }
        continue;
      }
      if (b >= 48 && b <= 57) {
        if (state === TOKEN) {
          // Stop growing once past any valid height: the text gives the message.
          if (value <= target) value = value * 10 + (b - 48);
        } else if (state === SPACE) {
          state = TOKEN;
          value = b - 48;
          digits = true;
          this.tokenStart = base + i;
          this.carryLength = 0;
        } else {
          this.strayReturn(base + i - 1);
        }
        continue;
      }
      if (b === 32 || b === 9 || b === 10 || b === 35 || b === 13) {
        if (state === AFTER_CR && b !== 10) this.strayReturn(base + i - 1);
        if (state === TOKEN) {
          if (
            digits &&
            value <= target &&
            inLine !== 0 &&
            inLine < maxSections &&
            count < heights.length
          ) {
            // The common case: another valid height on a line already begun.
            heights[count++] = value;
            inLine++;
          } else {
            this.value = value;
            this.digits = digits;
            this.count = count;
            this.inLine = inLine;
            this.finishToken(chunk, i);
            heights = this.heights;
            count = this.count;
            inLine = this.inLine;
          }
        }
        if (b === 10) {
          this.count = count;
          this.inLine = inLine;
          this.newLine(base + i);
          inLine = 0;
          state = SPACE;
        } else if (b === 35) state = COMMENT;
        else if (b === 13) state = AFTER_CR;
        else state = SPACE;
        continue;
      }
      // Any other byte makes the token something other than a whole number.
      if (state === SPACE) {
        state = TOKEN;
        this.tokenStart = base + i;
        this.carryLength = 0;
      } else if (state === AFTER_CR) {
        this.strayReturn(base + i - 1);
      }
      digits = false;
    }
    if (state === TOKEN) this.keepTokenBytes(chunk, Math.max(0, this.tokenStart - base), n);
    this.state = state;
    this.value = value;
    this.digits = digits;
    this.count = count;
    this.inLine = inLine;
    this.base = base + n;
  }

  /** A token ended at `endInChunk` of `chunk` (or at the end of input); validate and store it. */
  private finishToken(chunk: Uint8Array | undefined, endInChunk: number): void {
    const column = this.tokenStart - this.lineStart + 1;
    const target = this.options.targetHeight;
    if (!this.digits || this.value > target) {
      const text = this.tokenText(chunk, endInChunk);
      if (this.digits || /^-[0-9]+$/.test(text)) {
        throw new ParseError(
          `line ${this.line}, column ${column}: height ${text} is out of range [0, ${target}]`,
          this.line,
          column,
          'out-of-range',
        );
      }
      throw new ParseError(
        `line ${this.line}, column ${column}: ${JSON.stringify(text)} is not a whole number`,
        this.line,
        column,
        'not-a-whole-number',
      );
    }
    if (this.inLine === 0) {
      if (this.profiles + 1 >= this.starts.length) this.starts = grow32(this.starts);
      this.starts[this.profiles] = this.count;
    }
    this.inLine++;
    if (this.inLine > this.options.maxSectionsPerProfile) {
      if (this.excessAt < 0) this.excessAt = this.tokenStart;
      return;
    }
    if (this.count === this.heights.length) this.heights = grow8(this.heights);
    this.heights[this.count++] = this.value;
  }

  private newLine(offset: number): void {
    this.finishLine();
    this.line++;
    this.lineStart = offset + 1;
  }

  private finishLine(): void {
    if (this.inLine === 0) return;
    if (this.excessAt >= 0) {
      const column = this.excessAt - this.lineStart + 1;
      throw new ParseError(
        `line ${this.line}: profile has ${this.inLine} sections, more than the limit of ${this.options.maxSectionsPerProfile}`,
        this.line,
        column,
        'too-many-sections',
      );
    }
    this.profiles++;
    this.inLine = 0;
  }

  private strayReturn(at: number): never {
    const column = at - this.lineStart + 1;
    throw new ParseError(
      `line ${this.line}, column ${column}: stray carriage return (lines end with \\n or \\r\\n)`,
      this.line,
      column,
      'not-a-whole-number',
    );
  }

  /** Keeps the first bytes of a token that continues into the next chunk. */
  private keepTokenBytes(chunk: Uint8Array, from: number, to: number): void {
    const room = this.carry.length - this.carryLength;
    const take = Math.min(room, to - from);
    if (take > 0) {
      this.carry.set(chunk.subarray(from, from + take), this.carryLength);
      this.carryLength += take;
    }
  }

  private tokenText(chunk: Uint8Array | undefined, endInChunk: number): string {
    let bytes: Uint8Array;
    if (chunk !== undefined && this.tokenStart >= this.base) {
      bytes = chunk.subarray(this.tokenStart - this.base, endInChunk);
    } else {
      if (chunk !== undefined) this.keepTokenBytes(chunk, 0, endInChunk);
      bytes = this.carry.subarray(0, this.carryLength);
    }
    const cut = bytes.length > MAX_SHOWN_TOKEN_BYTES;
    const text = new TextDecoder().decode(cut ? bytes.subarray(0, MAX_SHOWN_TOKEN_BYTES) : bytes);
    return cut ? `${text.replace(/\uFFFD$/, '')}...` : text;
  }
}

function grow8(a: Uint8Array): Uint8Array {
  const b = new Uint8Array(Math.max(1024, Math.ceil(a.length * 1.5)));
  b.set(a);
  return b;
}

function grow32(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Encodes text in bounded pieces so a huge string never doubles in memory. */
function pushString(parser: WallParser, text: string): void {
  const encoder = new TextEncoder();
  const buffer = new Uint8Array(STRING_CHUNK * 3);
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + STRING_CHUNK);
    // Never split a surrogate pair between two pieces.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    const { written } = encoder.encodeInto(text.slice(at, end), buffer);
    parser.push(buffer.subarray(0, written));
    at = end;
  }
}

/**
 * Parses a config (SPEC §3) into a {@link Wall}: one profile per line,
 * heights separated by spaces or tabs, `#` comments, `\n` or `\r\n` endings.
 *
 * @example
 * ```ts
 * const wall = parseWall('21 25 28\n17\n17 22 17 19 17\n');
 * wall.profileCount; // 3
 * ```
 * @param source - the config as text or UTF-8 bytes (bytes may exceed the 512 MiB string limit)
 * @param options - the wall's numbers (SPEC §2 defaults)
 * @throws ParseError with `line`, `column` and the rule broken; nothing is half-built
 */
export function parseWall(source: WallSource, options?: WallOptions): Wall {
  if (typeof source !== 'string' && !(source instanceof Uint8Array)) {
    throw new TypeError(
      `parseWall expects a string or a Uint8Array; for streams use parseWallStream (got ${source === null ? 'null' : typeof source})`,
    );
  }
  const parser = new WallParser(
    options,
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
 * @param options - the wall's numbers (SPEC §2 defaults)
 * @throws ParseError as {@link parseWall} (the promise rejects)
 */
export async function parseWallStream(
  source: WallStreamSource,
  options?: WallOptions,
): Promise<Wall> {
  const parser = new WallParser(options);
  for await (const chunk of source) parser.push(chunk);
  return parser.end();
}
