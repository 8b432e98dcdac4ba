/**
 * Errors thrown by icewall. Every error the library raises on purpose is an
 * {@link IcewallError} with a stable `code`; use {@link isIcewallError} rather
 * than `instanceof`, because a dual ESM/CJS install can load two copies of a
 * class (and errors from worker threads arrive as plain objects).
 *
 * @module
 */

const BRAND = Symbol.for('icewall.error');

/** Stable, machine-readable error codes. */
export type IcewallErrorCode =
  | 'ERR_PARSE'
  | 'ERR_INVALID_WALL'
  | 'ERR_INVALID_OPTION'
  | 'ERR_STRATEGY'
  | 'ERR_STRATEGY_CHECK'
  | 'ERR_IO'
  | 'ERR_OUT_OF_RANGE'
  | 'ERR_NOT_EXACT'
  | 'ERR_WORKER'
  | 'ERR_INTERNAL';

/** Options accepted by the {@link IcewallError} constructor. */
export interface IcewallErrorOptions {
  /** The underlying error, if this one wraps another. */
  cause?: unknown;
}

/** Base class of every error icewall raises on purpose. */
export class IcewallError extends Error {
  /** A stable code for programs to branch on. */
  readonly code: IcewallErrorCode;

  /**
   * @param code - the stable error code
   * @param message - what was wrong, where, and the rule it broke
   * @param options - optional `cause`
   */
  constructor(code: IcewallErrorCode, message: string, options?: IcewallErrorOptions) {
    super(message, options);
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** The class name, for stack traces and logs. */
  override get name(): string {
    return 'IcewallError';
  }
}

/** Which rule of the config format a {@link ParseError} broke. */
export type ParseErrorReason =
  | 'not-a-whole-number'
  | 'out-of-range'
  | 'too-many-sections'
  | 'empty';

/** Options of the {@link ParseError} constructor: where, and which rule. */
export interface ParseErrorOptions {
  /** 1-based line of the offending token. */
  line: number;
  /** 1-based column where the offending token starts. */
  column: number;
  /** Which rule was broken. */
  reason: ParseErrorReason;
}

/**
 * Config text that breaks a rule of the format. `line` and `column` count
 * from 1 over the physical text (blank and comment lines count as lines, a
 * tab counts as one column) and point at the start of the offending token.
 *
 * @example
 * ```ts
 * try {
 *   parseWall('21 25\n17 x\n');
 * } catch (error) {
 *   if (!(error instanceof ParseError)) throw error;
 *   [error.line, error.column, error.reason]; // [2, 4, 'not-a-whole-number']
 * }
 * ```
 */
export class ParseError extends IcewallError {
  /** 1-based line of the offending token. */
  readonly line: number;
  /** 1-based column where the offending token starts. */
  readonly column: number;
  /** Which rule was broken. */
  readonly reason: ParseErrorReason;

  /**
   * @param message - the full message, location included
   * @param options - where (1-based `line` and `column`) and which rule (`reason`)
   */
  constructor(message: string, options: ParseErrorOptions) {
    super('ERR_PARSE', message);
    this.line = options.line;
    this.column = options.column;
    this.reason = options.reason;
  }

  /** The class name, for stack traces and logs. */
  override get name(): string {
    return 'ParseError';
  }
}

/** Options of the {@link InvalidWallError} constructor: which height is at fault. */
export interface InvalidWallErrorOptions {
  /** 1-based profile number, or 0 for the whole wall. */
  profile: number;
  /** 1-based section number, or 0 for the whole profile. */
  section: number;
}

/**
 * A wall given as arrays (see `createWall`) that breaks a rule. `profile`
 * and `section` are 1-based and name the offending height (`section` is 0
 * when the problem is the profile itself, e.g. too many sections).
 */
export class InvalidWallError extends IcewallError {
  /** 1-based profile number. */
  readonly profile: number;
  /** 1-based section number, or 0 for the whole profile. */
  readonly section: number;

  /**
   * @param message - the full message
   * @param options - the 1-based `profile` and `section` at fault (0: none)
   */
  constructor(message: string, options: InvalidWallErrorOptions) {
    super('ERR_INVALID_WALL', message);
    this.profile = options.profile;
    this.section = options.section;
  }

  /** The class name, for stack traces and logs. */
  override get name(): string {
    return 'InvalidWallError';
  }
}

/** Options of the {@link StrategyError} constructor: whose pick failed, when, and why. */
export interface StrategyErrorOptions extends IcewallErrorOptions {
  /** The strategy's `name`. */
  strategy: string;
  /** 1-based day of the faulty pick (0: before the first day, e.g. in `create`). */
  day: number;
  /** 1-based team that was picking (0: no team yet). */
  team: number;
}

/**
 * A crew strategy that broke the rules: picked a section that is not
 * pending, picked nothing while sections were pending, or threw.
 */
export class StrategyError extends IcewallError {
  /** The strategy's `name`. */
  readonly strategy: string;
  /** The day of the faulty pick. */
  readonly day: number;
  /** The team that was picking. */
  readonly team: number;

  /**
   * @param message - the full message
   * @param options - the strategy's name, the 1-based day and team of the
   *   faulty pick (0 when no pick had begun), and the `cause` (what the strategy threw)
   */
  constructor(message: string, options: StrategyErrorOptions) {
    super('ERR_STRATEGY', message, options);
    this.strategy = options.strategy;
    this.day = options.day;
    this.team = options.team;
  }

  /** The class name, for stack traces and logs. */
  override get name(): string {
    return 'StrategyError';
  }
}

/**
 * A number outside what the library accepts: a query for a profile or day
 * that does not exist (`ERR_OUT_OF_RANGE`), or a wall whose totals would not
 * be exact in a JS number (`ERR_NOT_EXACT`). It is a `RangeError` (so
 * `instanceof RangeError` holds) and an icewall error (so
 * {@link isIcewallError} holds and it carries a `code`).
 */
export class IcewallRangeError extends RangeError {
  /** A stable code for programs to branch on. */
  readonly code: 'ERR_OUT_OF_RANGE' | 'ERR_NOT_EXACT';

  /**
   * @param code - `ERR_OUT_OF_RANGE` or `ERR_NOT_EXACT`
   * @param message - what was wrong, the value and the allowed range
   */
  constructor(code: 'ERR_OUT_OF_RANGE' | 'ERR_NOT_EXACT', message: string) {
    super(message);
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** The class name, for stack traces and logs. */
  override get name(): string {
    return 'RangeError';
  }
}

/**
 * True for any error icewall raised on purpose, from any copy of the library
 * (the ESM or the CJS build, another install): it checks a brand, so it
 * works where `instanceof` cannot. Each such error has a stable `code`.
 *
 * @example
 * ```ts
 * try {
 *   parseWall('21 25 31\n');
 * } catch (error) {
 *   if (!isIcewallError(error)) throw error;
 *   console.error(error.code, error.message);
 *   // ERR_PARSE line 1, column 7: height 31 is out of range [0, 30]
 * }
 * ```
 */
export function isIcewallError(value: unknown): value is IcewallError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[BRAND] === true
  );
}

/**
 * The codes of errors in what the caller gave: the config text, a wall,
 * an option or argument, a query outside the wall or its days, a wall
 * whose totals would not be exact. The CLI exits 2 for them and the HTTP
 * handler answers 400 (404 for an unknown profile or route). Every other
 * failure (`ERR_IO`, `ERR_STRATEGY`, `ERR_WORKER`, `ERR_INTERNAL`, and any
 * error that is not icewall's, such as a stack overflow or
 * "Invalid string length") is the program's or the machine's: exit 1, HTTP 500.
 */
const INPUT_ERROR_CODES: ReadonlySet<string> = new Set([
  'ERR_PARSE',
  'ERR_INVALID_WALL',
  'ERR_INVALID_OPTION',
  'ERR_OUT_OF_RANGE',
  'ERR_NOT_EXACT',
]);

/** True for an icewall error whose code says the caller's input was at fault (see docs/errors.md). */
export function isInputError(error: unknown): boolean {
  return isIcewallError(error) && INPUT_ERROR_CODES.has((error as { code: string }).code);
}

/**
 * One honest line for any failure: an icewall error's own message, or,
 * for anything else (an internal limit such as a stack overflow, a bug),
 * its class name and the first line of its message.
 */
export function failureLine(error: unknown): string {
  const message = thrownMessage(error);
  // An IcewallError's message is one line by construction: a line break
  // in it comes from a name it shows (a file's), and is escaped.
  if (isIcewallError(error)) return visible(message);
  const first = visible(message.split('\n', 1)[0] as string);
  return error instanceof Error ? `internal failure: ${error.name}: ${first}` : first;
}

/**
 * `text` with every invisible or look-alike character (controls, format
 * characters, spaces other than U+0020, line and paragraph separators)
 * written as `\uXXXX`, so that a file name holding a line break or an
 * escape sequence prints as one plain line, and `"21\u00a025"` is not
 * shown as `"21 25"`.
 */
export function visible(text: string): string {
  return text.replace(
    /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u180e\ufffd]/gu,
    (c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The message of anything thrown: an `Error`'s message, else the value as
 * text. Never throws itself (a thrown object whose `toString` throws, or a
 * message getter that throws, is described by its type instead).
 */
export function thrownMessage(error: unknown): string {
  try {
    if (error instanceof Error) return error.message;
    // A plain object thrown with a message (`throw { message: 'x' }`) says it.
    const message = (error as { message?: unknown } | null)?.message;
    if (typeof error === 'object' && typeof message === 'string') return message;
    return String(error);
  } catch {
    return `a thrown ${typeof error} that cannot be shown as text`;
  }
}

/** Describes a value for an error message: `` `0` (number) ``. */
export function describeValue(value: unknown): string {
  let shown: string;
  if (typeof value === 'string') shown = JSON.stringify(value);
  else if (typeof value === 'bigint') shown = `${value}n`;
  else if (typeof value === 'function') shown = 'function';
  else if (typeof value === 'number' || value === undefined) shown = String(value);
  else {
    try {
      shown = String(JSON.stringify(value) ?? value);
    } catch {
      shown = Object.prototype.toString.call(value);
    }
  }
  if (shown.length > 60) shown = `${shown.slice(0, 57)}...`;
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return `\`${shown}\` (${type})`;
}

/**
 * Why a file could not be opened or read, in words (`no such file`, `it is
 * a folder`, `permission denied`, else the system's message).
 * @internal
 */
export function ioReason(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a part of the path is not a folder';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  if (code === 'ENAMETOOLONG') return 'the name is too long for the system';
  return (error as Error).message;
}
