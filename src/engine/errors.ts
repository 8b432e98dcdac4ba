/**
 * Errors that come back from a worker, rebuilt as the classes the core
 * throws (custom classes do not survive the thread hop, so workers send
 * {@link ErrorData}), and the engine's own errors.
 *
 * @internal
 * @module
 */

import {
  IcewallError,
  IcewallRangeError,
  ParseError,
  type ParseErrorReason,
  StrategyError,
  thrownMessage,
} from '../errors.js';
import type { ErrorData } from './protocol.js';

/** A plain `Error` with the name, message and stack the worker saw. */
function plainError(data: ErrorData): Error {
  const error = new Error(data.message, data.cause ? { cause: plainError(data.cause) } : undefined);
  Object.defineProperty(error, 'name', { value: data.name, configurable: true, writable: true });
  if (data.code !== undefined) (error as { code?: string }).code = data.code;
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}

/** Rebuilds the error a worker caught as the class the core would have thrown. */
export function rebuildError(data: ErrorData): Error {
  if (data.name === 'ParseError' && data.line !== undefined && data.column !== undefined) {
    return new ParseError(data.message, {
      line: data.line,
      column: data.column,
      reason: data.reason as ParseErrorReason,
    });
  }
  if (data.name === 'StrategyError') {
    return new StrategyError(data.message, {
      strategy: data.strategy ?? '',
      day: data.day ?? 0,
      team: data.team ?? 0,
      ...(data.cause ? { cause: plainError(data.cause) } : {}),
    });
  }
  if (data.code === 'ERR_NOT_EXACT' || data.code === 'ERR_OUT_OF_RANGE') {
    return new IcewallRangeError(data.code, data.message);
  }
  if (
    data.code === 'ERR_IO' ||
    data.code === 'ERR_INVALID_OPTION' ||
    data.code === 'ERR_STRATEGY'
  ) {
    return new IcewallError(data.code, data.message);
  }
  const cause = plainError(data);
  return new IcewallError('ERR_WORKER', `a worker thread failed: ${data.message}`, { cause });
}

/**
 * A task that never started: tinypool gave it to a thread that was already
 * stopping (after another task's abort). Safe to run again (see `retryUnstarted`).
 */
export class TaskNotStarted extends IcewallError {
  constructor(cause: unknown) {
    super('ERR_WORKER', 'a worker thread stopped before the task started', { cause });
  }
}

/** A worker that crashed, exited or could not start. */
export function workerCrash(error: unknown): IcewallError {
  const message = thrownMessage(error);
  return new IcewallError('ERR_WORKER', `a worker thread failed: ${message}`, { cause: error });
}

/**
 * A file that ended before the size it had when counting began: it was
 * truncated (or replaced) while it was read, so counting what is left
 * would silently give the answer for another wall.
 */
export function fileChanged(path: string, at: number, size: number): IcewallError {
  return new IcewallError(
    'ERR_IO',
    `${path}: the file ended at byte ${at}, but it had ${size} bytes when counting began (it changed while it was read)`,
  );
}

/** A file whose size or modification time changed while it was counted. */
export function fileRewritten(path: string, cause?: unknown): IcewallError {
  return new IcewallError(
    'ERR_IO',
    `${path}: the file changed while it was read (its size or modification time is not what it was when counting began)`,
    cause === undefined ? undefined : { cause },
  );
}
