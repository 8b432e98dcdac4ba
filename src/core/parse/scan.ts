import { ParseError, visible } from '../../errors.js';
import { invalidOption } from '../options/check.js';
import type { ResolvedWallOptions } from '../options/wall.js';

/** Between tokens. */
const SPACE = 0;
/** Inside a token that began in an earlier chunk. */
const TOKEN = 1;
/** Inside a comment that began in an earlier chunk. */
const COMMENT = 2;
/** A `\r` ended the last chunk; only `\n` may follow. */
const AFTER_CR = 3;

const MAX_SHOWN_TOKEN_BYTES = 40;
const NEWLINE = 10;
const STRING_CHUNK = 1 << 16;
const encoder = new TextEncoder();

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Where a token shown in a message is cut: at most
 * {@link MAX_SHOWN_TOKEN_BYTES} bytes, never inside a UTF-8 character (a
 * continuation byte, `10xxxxxx`, is not cut from its lead). The one rule
 * for text and bytes, however the input was chunked.
 */
function shownLength(bytes: Uint8Array): number {
  if (bytes.length <= MAX_SHOWN_TOKEN_BYTES) return bytes.length;
  let end = MAX_SHOWN_TOKEN_BYTES;
  for (let k = 0; k < 3 && end > 0 && ((bytes[end] as number) & 0xc0) === 0x80; k++) end--;
  return end;
}

/** Bytes that end a token: space, tab, `\n`, `\r`, `#`. */
function endsToken(b: number): boolean {
  return b === 32 || b === 9 || b === 10 || b === 13 || b === 35;
}

/**
 * The config format's byte rules (one profile per line, heights separated by
 * spaces or tabs, `#` comments, `\n` or `\r\n` line endings), shared by the
 * parser that keeps every height and the one that only counts them.
 *
 * Runs of plain heights ("d " or "dd " on a line already begun: nearly all
 * of a real config) go to the subclass's {@link readRun}, a tight loop that
 * stores them (the wall's own heights) or counts them (a histogram). Every
 * other token is read whole, one per step, and a valid height is stored
 * into {@link heights} at {@link count}: the wall's heights (grown on
 * demand), or a small scratch buffer that is counted and emptied. Per
 * profile (never per height) it calls {@link beginProfile}, and when the
 * buffer is full {@link makeRoom}.
 */
export abstract class HeightScanner {
  /** The wall's numbers. @internal */
  protected readonly options: ResolvedWallOptions;
  /** Where valid heights go; `count` of them are stored. @internal */
  protected heights: Uint8Array;
  /** Heights stored in {@link heights}. @internal */
  protected count = 0;
  /** Profiles begun so far (lines with at least one height). @internal */
  protected profiles = 0;
  /** Heights on the current line so far. @internal */
  protected inLine = 0;
  /** Heights read by the last {@link readRun}. @internal */
  protected runLength = 0;
  /** 1-based number of the current line. @internal */
  protected line = 1;
  /** Bytes consumed in earlier chunks. @internal */
  private base = 0;
  /** Absolute offset of the current line's first byte. @internal */
  private lineStart = 0;
  /** @internal */
  private state = SPACE;
  /** The value of a token carried over from an earlier chunk (capped past the target). @internal */
  private value = 0;
  /** True while the carried token is digits only. @internal */
  private digits = true;
  /** For a token that starts with `-`: 1 while only the sign was read, 2 while digits follow it, else 0. @internal */
  private negative = 0;
  /** @internal */
  private tokenStart = 0;
  /** Bytes of the carried token so far. @internal */
  private tokenBytes = 0;
  /** Leading bytes of a carried token, kept only for messages. @internal */
  private readonly carry = new Uint8Array(MAX_SHOWN_TOKEN_BYTES + 4);
  /** @internal */
  private carryLength = 0;
  /** Absolute offset of the first section over the limit on this line (-1: none). @internal */
  private excessAt = -1;
  /** Until the first three bytes are seen: whether a byte order mark may still follow. @internal */
  private bomPending: boolean;
  /** @internal */
  private readonly head = new Uint8Array(3);
  /** @internal */
  private headLength = 0;
  /** @internal */
  private ended = false;
  /**
   * A high surrogate that ended the last text chunk: its low half may start
   * the next one (a pair split between chunks is one character). @internal
   */
  private heldSurrogate = '';

  /**
   * @param options - the wall's numbers
   * @param heights - the first buffer for heights
   * @param atFileStart - whether a byte order mark may start the input
   * @internal
   */
  protected constructor(options: ResolvedWallOptions, heights: Uint8Array, atFileStart: boolean) {
    this.options = options;
    this.heights = heights;
    this.bomPending = atFileStart;
  }

  /** Called when a line gets its first height, before it is stored. @internal */
  protected abstract beginProfile(): void;

  /** Called when {@link heights} is full; must leave room for one more height. @internal */
  protected abstract makeRoom(): void;

  /** Line breaks (`\n`) consumed so far. */
  get linesRead(): number {
    return this.line - 1;
  }

  /**
   * Feeds the next chunk: UTF-8 bytes, or text (encoded in pieces of at most
   * 64 Ki characters, so a huge string never doubles in memory).
   * @throws ParseError at the first rule broken so far
   * @internal
   */
  protected feed(chunk: string | Uint8Array): void {
    if (typeof chunk === 'string') {
      this.feedText(chunk);
      return;
    }
    if (!(chunk instanceof Uint8Array)) {
      invalidOption('chunk', 'a string or a Uint8Array (a piece of the config)', chunk);
    }
    this.releaseSurrogate();
    this.feedBytes(chunk);
  }

  /** Feeds UTF-8 bytes. @internal */
  private feedBytes(chunk: Uint8Array): void {
    if (this.ended) throw new Error('push() after end()');
    let bytes: Uint8Array | null = chunk;
    if (this.bomPending) bytes = this.settleBom(chunk);
    if (bytes !== null) this.scanBytes(bytes);
    this.chunkDone();
  }

  /**
   * Called after each chunk of bytes has been scanned.
   * @internal
   */
  protected chunkDone(): void {}

  /**
   * The buffer fits the text (up to one piece): a stream of short strings,
   * such as one line per chunk, must not allocate 192 KiB per chunk.
   * @internal
   */
  private feedText(text: string): void {
    let at = 0;
    if (this.heldSurrogate !== '' && text.length > 0) {
      const low = text.charCodeAt(0);
      if (low >= 0xdc00 && low <= 0xdfff) {
        // The pair the last chunk began: encoded whole, as one string would be.
        this.feedBytes(encoder.encode(this.heldSurrogate + text[0]));
        this.heldSurrogate = '';
        at = 1;
      } else this.releaseSurrogate();
    }
    let stop = text.length;
    if (stop > at && isHighSurrogate(text.charCodeAt(stop - 1))) {
      this.heldSurrogate = text[stop - 1] as string;
      stop--;
    }
    const buffer = new Uint8Array(Math.min(stop - at, STRING_CHUNK) * 3);
    while (at < stop) {
      let end = Math.min(stop, at + STRING_CHUNK);
      // Never split a surrogate pair between two pieces.
      if (end < stop && isHighSurrogate(text.charCodeAt(end - 1))) end--;
      const { written } = encoder.encodeInto(text.slice(at, end), buffer);
      this.feedBytes(buffer.subarray(0, written));
      at = end;
    }
  }

  /** A held high surrogate that no low one followed: a lone one (U+FFFD, as the encoder writes it). @internal */
  private releaseSurrogate(): void {
    if (this.heldSurrogate === '') return;
    const lone = this.heldSurrogate;
    this.heldSurrogate = '';
    this.feedBytes(encoder.encode(lone));
  }

  /**
   * Gathers the first three bytes to skip a UTF-8 byte order mark, even one
   * split across chunks (it is not part of the text and takes no column).
   * Returns the bytes of `chunk` to scan, or null while still undecided.
   * @internal
   */
  private settleBom(chunk: Uint8Array): Uint8Array | null {
    const mark = [0xef, 0xbb, 0xbf];
    const heldBefore = this.headLength;
    let i = 0;
    while (i < chunk.length && this.headLength < 3 && chunk[i] === mark[this.headLength]) {
      this.head[this.headLength++] = chunk[i] as number;
      i++;
    }
    if (this.headLength === 3) {
      this.bomPending = false;
      this.headLength = 0;
      this.base = 3;
      this.lineStart = 3;
      return chunk.subarray(i);
    }
    if (i === chunk.length) return null;
    // Not a mark: bytes held from earlier chunks are text, then this whole chunk.
    this.bomPending = false;
    this.headLength = 0;
    if (heldBefore > 0) this.scanBytes(this.head.slice(0, heldBefore));
    return chunk;
  }

  /** Finishes the input: the last token and the last line. @internal */
  protected finish(): void {
    if (this.ended) throw new Error('end() called twice');
    this.releaseSurrogate();
    this.ended = true;
    if (this.bomPending && this.headLength > 0) {
      // The input ended inside what looked like a byte order mark: it is text.
      this.bomPending = false;
      const held = this.head.slice(0, this.headLength);
      this.headLength = 0;
      this.scanBytes(held);
    }
    if (this.state === TOKEN) this.endToken(undefined, 0);
    else if (this.state === AFTER_CR) this.strayReturn(this.base - 1);
    this.state = SPACE;
    this.finishLine();
  }

  /** @internal */
  private scanBytes(chunk: Uint8Array): void {
    const n = chunk.length;
    let i = this.resume(chunk);
    const maxSections = this.options.maxSectionsPerProfile;
    // Plain heights ("d " or "dd ", on a line already begun) go to the
    // subclass's readRun, which stores or counts a whole run of them in its
    // own tight loop; it may read up to two bytes ahead, hence `last`.
    // Everything else (a line's first height, line breaks, comments, other
    // blanks, longer or bad tokens) takes the loop below, one token a step.
    const last = n - 2;
    while (i < n) {
      const inLine = this.inLine;
      if (inLine !== 0 && i < last && inLine < maxSections) {
        const next = this.readRun(chunk, i, last, maxSections - inLine);
        if (next !== i) {
          this.inLine = inLine + this.runLength;
          i = next;
          if (i >= n) break;
        }
      }
      const b = chunk[i] as number;
      if (b === 32 || b === 9) {
        i++;
        continue;
      }
      if (b >= 48 && b <= 57) {
        // One whole token: its digits, then what ends it.
        const target = this.options.targetHeight;
        let v = b - 48;
        let j = i + 1;
        for (; j < n; j++) {
          const d = (chunk[j] as number) - 48;
          if (d < 0 || d > 9) break;
          if (v <= target) v = v * 10 + d;
        }
        if (j < n && endsToken(chunk[j] as number)) {
          this.tokenStart = this.base + i;
          this.value = v;
          this.digits = true;
          this.endToken(chunk, j);
        } else {
          // The token goes on: past the chunk's end, or with a byte that is not a digit.
          j = this.longToken(chunk, i, j, v);
        }
        i = j;
        continue;
      }
      // A line break, a comment, a carriage return, or a bad token.
      i = this.other(chunk, i);
    }
    this.base += n;
  }

  /**
   * Reads a run of plain heights, each one or two digits and the space after
   * it, from `i` while `i < last`, at most `max` of them, stopping before the
   * first token that is anything else (or a height above the target, which
   * the slow path reports). Sets {@link runLength} to the heights read and
   * returns where the run stopped.
   * @internal
   */
  protected abstract readRun(chunk: Uint8Array, i: number, last: number, max: number): number;

  /** Scans a byte that is neither a blank nor a digit; returns where to go on. @internal */
  private other(chunk: Uint8Array, i: number): number {
    const b = chunk[i] as number;
    const n = chunk.length;
    if (b === NEWLINE) {
      this.newLine(this.base + i);
      return i + 1;
    }
    if (b === 35) {
      const end = chunk.indexOf(NEWLINE, i + 1);
      if (end >= 0) return end;
      this.state = COMMENT;
      return n;
    }
    if (b === 13) {
      if (i + 1 === n) {
        this.state = AFTER_CR;
        return n;
      }
      if (chunk[i + 1] !== NEWLINE) this.strayReturn(this.base + i);
      return i + 1;
    }
    return this.longToken(chunk, i, i, 0, false);
  }

  /**
   * A token that is not a plain height ending in this chunk: it starts at
   * `start`, its digits run to `j` with value `v`. Scans to its end; a token
   * cut by the chunk's end is carried into the next chunk. Returns where to
   * go on.
   * @internal
   */
  private longToken(chunk: Uint8Array, start: number, j: number, v: number, digits = true): number {
    const n = chunk.length;
    let end = j;
    // "-12" is a whole number out of range, not a malformed one: follow the sign.
    let negative = !digits && chunk[start] === 45 ? 1 : 0;
    if (negative === 1) end = start + 1;
    for (; end < n; end++) {
      const b = chunk[end] as number;
      if (endsToken(b)) break;
      if (negative !== 0) negative = b >= 48 && b <= 57 ? 2 : 0;
    }
    this.negative = negative;
    this.tokenStart = this.base + start;
    this.value = v;
    this.digits = digits && end === j;
    if (end === n) {
      // Carried: keep the value of the digits so far, and the first bytes for messages.
      this.state = TOKEN;
      this.carryLength = 0;
      this.tokenBytes = n - start;
      this.keepTokenBytes(chunk, start, n);
      this.failEarly(chunk, n);
      return n;
    }
    this.endToken(chunk, end);
    return end;
  }

  /** Continues what the last chunk left open; returns where scanning starts in this one. @internal */
  private resume(chunk: Uint8Array): number {
    const n = chunk.length;
    const state = this.state;
    if (state === SPACE || n === 0) return 0;
    this.state = SPACE;
    if (state === COMMENT) {
      const end = chunk.indexOf(NEWLINE);
      if (end < 0) {
        this.state = COMMENT;
        return n;
      }
      return end;
    }
    if (state === AFTER_CR) {
      if (chunk[0] !== NEWLINE) this.strayReturn(this.base - 1);
      return 0;
    }
    // A token carried over: more digits, other bytes, or its end.
    const target = this.options.targetHeight;
    let v = this.value;
    let digits = this.digits;
    let negative = this.negative;
    let i = 0;
    for (; i < n; i++) {
      const b = chunk[i] as number;
      if (endsToken(b)) break;
      if (b >= 48 && b <= 57) {
        if (v <= target) v = v * 10 + (b - 48);
        if (negative !== 0) negative = 2;
      } else {
        digits = false;
        negative = 0;
      }
    }
    this.value = v;
    this.digits = digits;
    this.negative = negative;
    if (i === n) {
      this.state = TOKEN;
      this.tokenBytes += n;
      this.keepTokenBytes(chunk, 0, n);
      this.failEarly(chunk, n);
      return n;
    }
    this.endToken(chunk, i);
    return i;
  }

  /**
   * A carried token that already holds a byte no whole number has (and is
   * not a minus sign and digits) can only end as "not a whole number", and
   * once it is longer than a message shows, the rest of it cannot change
   * the message: report it now instead of reading on to its end (an
   * endless token, such as `/dev/zero`, would never end). @internal
   */
  private failEarly(chunk: Uint8Array, n: number): void {
    if (!this.digits && this.negative === 0 && this.tokenBytes > MAX_SHOWN_TOKEN_BYTES) {
      this.endToken(chunk, n);
    }
  }

  /** A token ended at `endInChunk` of `chunk` (or at the end of input): validate and store it. @internal */
  private endToken(chunk: Uint8Array | undefined, endInChunk: number): void {
    const column = this.tokenStart - this.lineStart + 1;
    const target = this.options.targetHeight;
    if (!this.digits || this.value > target) {
      const text = this.tokenText(chunk, endInChunk);
      if (this.digits || this.negative === 2) {
        throw new ParseError(
          `line ${this.line}, column ${column}: height ${text} is out of range [0, ${target}]`,
          { line: this.line, column, reason: 'out-of-range' },
        );
      }
      throw new ParseError(
        `line ${this.line}, column ${column}: ${quote(text)} is not a whole number`,
        { line: this.line, column, reason: 'not-a-whole-number' },
      );
    }
    if (this.inLine === 0) this.beginProfile();
    this.inLine++;
    if (this.inLine > this.options.maxSectionsPerProfile) {
      if (this.excessAt < 0) this.excessAt = this.tokenStart;
      return;
    }
    if (this.count === this.heights.length) this.makeRoom();
    this.heights[this.count++] = this.value;
  }

  /** @internal */
  private newLine(offset: number): void {
    this.finishLine();
    this.line++;
    this.lineStart = offset + 1;
  }

  /** @internal */
  private finishLine(): void {
    if (this.inLine === 0) return;
    if (this.excessAt >= 0) {
      const column = this.excessAt - this.lineStart + 1;
      throw new ParseError(
        `line ${this.line}: profile has ${this.inLine} sections, more than the limit of ${this.options.maxSectionsPerProfile}`,
        { line: this.line, column, reason: 'too-many-sections' },
      );
    }
    this.profiles++;
    this.inLine = 0;
  }

  /** @internal */
  private strayReturn(at: number): never {
    const column = at - this.lineStart + 1;
    throw new ParseError(
      `line ${this.line}, column ${column}: stray carriage return (lines end with \\n or \\r\\n)`,
      { line: this.line, column, reason: 'not-a-whole-number' },
    );
  }

  /** Keeps the first bytes of a token that continues into the next chunk. @internal */
  private keepTokenBytes(chunk: Uint8Array, from: number, to: number): void {
    const room = this.carry.length - this.carryLength;
    const take = Math.min(room, to - from);
    if (take > 0) {
      this.carry.set(chunk.subarray(from, from + take), this.carryLength);
      this.carryLength += take;
    }
  }

  /** @internal */
  private tokenText(chunk: Uint8Array | undefined, endInChunk: number): string {
    let bytes: Uint8Array;
    if (chunk !== undefined && this.tokenStart >= this.base) {
      bytes = chunk.subarray(this.tokenStart - this.base, endInChunk);
    } else {
      if (chunk !== undefined) this.keepTokenBytes(chunk, 0, endInChunk);
      bytes = this.carry.subarray(0, this.carryLength);
    }
    const shown = shownLength(bytes);
    // ignoreBOM keeps a byte order mark that starts the token: a decoder
    // drops it by default, and a mark in mid-config read as `"3" is not a
    // whole number` (quote() shows it as \ufeff).
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, shown));
    return shown < bytes.length ? `${text}...` : text;
  }
}

/**
 * Quotes a token for a message: JSON string syntax, with every invisible or
 * look-alike character (controls, format characters, spaces other than
 * U+0020, line and paragraph separators) written as `\uXXXX`, so that
 * `"21\u00a025"` is not shown as `"21 25"`.
 */
export function quote(text: string): string {
  return visible(JSON.stringify(text));
}
