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

import { signalOption } from './options/run.js';

/** Registers a function that stops the work at once when the signal aborts. */
export type OnAbort = (stop: () => void) => void;

const ignore: OnAbort = () => {};

/** For each signal in use: its one listener, and what each running call does on abort. */
const watched = new WeakMap<AbortSignal, { listener: () => void; calls: Set<() => void> }>();

/**
 * Calls `onAbort` when `signal` aborts; returns the function that stops
 * watching. However many calls watch one signal at once, it has one
 * listener, removed when the last of them stops watching (Node warns past
 * ten listeners on one signal, as a program running many calls under one
 * signal would have).
 */
function watch(signal: AbortSignal, onAbort: () => void): () => void {
  let entry = watched.get(signal);
  if (entry === undefined) {
    const calls = new Set<() => void>();
    const listener = () => {
      watched.delete(signal);
      for (const call of calls) call();
    };
    entry = { listener, calls };
    watched.set(signal, entry);
    signal.addEventListener('abort', listener, { once: true });
  }
  const { calls, listener } = entry;
  calls.add(onAbort);
  return () => {
    calls.delete(onAbort);
    if (calls.size === 0 && watched.get(signal)?.calls === calls) {
      watched.delete(signal);
      signal.removeEventListener('abort', listener);
    }
  };
}

/**
 * Runs `work` under `signal` (as piscina's `onabort` helper does for its
 * tasks): rejects with `signal.reason` at once if the signal is already
 * aborted (then `work` never starts), and otherwise rejects with the
 * reason as soon as it aborts, watching the signal until `work` settles
 * (one listener on the signal for all the calls running under it). `work`
 * can register functions that stop it (terminate a thread, close a
 * source); they run on abort, before the rejection. After an abort, what
 * `work` settles with is ignored (never an unhandled rejection), so work
 * that stops by throwing may throw anything.
 *
 * @throws IcewallError `ERR_INVALID_OPTION` (as a rejection) when `signal` is not an `AbortSignal`
 */
export function abortable<T>(signal: unknown, work: (onAbort: OnAbort) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const checked = signalOption(signal);
    if (checked === undefined) {
      resolve(work(ignore));
      return;
    }
    if (checked.aborted) {
      reject(checked.reason);
      return;
    }
    const stops: (() => void)[] = [];
    const unwatch = watch(checked, () => {
      for (const stop of stops) {
        try {
          stop();
        } catch {
          // Stopping is best effort: the caller gets the reason either way.
        }
      }
      reject(checked.reason);
    });
    let running: Promise<T>;
    try {
      running = work((stop) => stops.push(stop));
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(resolve, reject).then(unwatch);
  });
}
