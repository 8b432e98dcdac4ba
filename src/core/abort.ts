/**
 * The one abort rule of every async function that takes `{ signal }`: it
 * rejects with exactly `signal.reason` (what `signal.throwIfAborted()`
 * throws; for `controller.abort()` without an argument, a `DOMException`
 * named `AbortError`), whether the signal was aborted before the call or
 * during it. Pure: `AbortSignal` is a web global.
 *
 * @internal
 * @module
 */

import { invalidOption } from './options.js';

/** Registers a function that stops the work at once when the signal aborts. */
export type OnAbort = (stop: () => void) => void;

const ignore: OnAbort = () => {};

/**
 * Checks that `signal` is `undefined` or an `AbortSignal`.
 * @throws IcewallError `ERR_INVALID_OPTION` for anything else
 */
export function checkSignal(signal: unknown): AbortSignal | undefined {
  if (
    signal !== undefined &&
    (typeof signal !== 'object' ||
      signal === null ||
      typeof (signal as AbortSignal).aborted !== 'boolean' ||
      typeof (signal as AbortSignal).addEventListener !== 'function')
  ) {
    invalidOption('signal', 'an AbortSignal', signal);
  }
  return signal as AbortSignal | undefined;
}

/**
 * Runs `work` under `signal` (as piscina's `onabort` helper does for its
 * tasks): rejects with `signal.reason` at once if the signal is already
 * aborted (then `work` never starts), and otherwise adds one listener that
 * rejects with the reason as soon as it aborts, removed when `work`
 * settles. `work` can register functions that stop it (terminate a thread,
 * close a source); they run on abort, before the rejection. After an
 * abort, what `work` settles with is ignored (never an unhandled
 * rejection), so work that stops by throwing may throw anything.
 *
 * @throws IcewallError `ERR_INVALID_OPTION` (as a rejection) when `signal` is not an `AbortSignal`
 */
export function abortable<T>(signal: unknown, work: (onAbort: OnAbort) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const checked = checkSignal(signal);
    if (checked === undefined) {
      resolve(work(ignore));
      return;
    }
    if (checked.aborted) {
      reject(checked.reason);
      return;
    }
    const stops: (() => void)[] = [];
    const onAbort = () => {
      for (const stop of stops) {
        try {
          stop();
        } catch {
          // Stopping is best effort: the caller gets the reason either way.
        }
      }
      reject(checked.reason);
    };
    checked.addEventListener('abort', onAbort, { once: true });
    const settled = () => checked.removeEventListener('abort', onAbort);
    let running: Promise<T>;
    try {
      running = work((stop) => stops.push(stop));
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(resolve, reject).then(settled);
  });
}
