/**
 * Back-pressure between a `Simulation`'s sinks and the runs that can wait
 * for them. A sink that writes to a slow stream registers a function that
 * returns a promise while the stream's buffer is full; an asynchronous run
 * (`runParallel`, `engine.run`) awaits them between batches of events, so
 * what the sink holds stays about one batch. A synchronous `sim.run()`
 * cannot wait: its events are buffered by the sink until the run ends.
 *
 * @internal
 * @module
 */

import { IcewallError } from '../errors.js';

/** While a sink's stream is full: a promise that settles when it drains. */
export type Backpressure = () => Promise<unknown> | undefined;

const waiting = new WeakMap<object, Set<Backpressure>>();

/** Registers `wait` on `simulation`; returns the function that removes it. */
export function addBackpressure(simulation: object, wait: Backpressure): () => void {
  let set = waiting.get(simulation);
  if (set === undefined) {
    set = new Set();
    waiting.set(simulation, set);
  }
  set.add(wait);
  return () => {
    set.delete(wait);
  };
}

/** A promise to await before the next batch of events, or `undefined` when no sink is full. */
export function backpressureOf(simulation: object): Promise<unknown> | undefined {
  const set = waiting.get(simulation);
  if (set === undefined || set.size === 0) return undefined;
  const full: Promise<unknown>[] = [];
  for (const wait of set) {
    const p = wait();
    if (p !== undefined) full.push(p);
  }
  return full.length === 0 ? undefined : Promise.all(full);
}

/** Simulations with a run in flight, and of which kind. */
const runs = new WeakMap<object, 'sync' | 'async'>();

/**
 * Marks the start of a run of `simulation`: `'sync'` for `sim.run()`,
 * `'async'` for one that awaits {@link backpressureOf} between batches
 * (`runParallel`, `engine.run`).
 * @throws IcewallError `ERR_INVALID_OPTION` when a run of it is in flight
 *   already, of either kind (from a listener, or while an asynchronous
 *   one waits): two runs would interleave their events in one emitter, and
 *   a log sink would get days out of order
 */
export function startRun(simulation: object, kind: 'sync' | 'async'): void {
  if (runs.has(simulation)) {
    throw new IcewallError(
      'ERR_INVALID_OPTION',
      'this Simulation is already running (sim.run(), runParallel or engine.run); wait for that run, or make another Simulation',
    );
  }
  runs.set(simulation, kind);
  starts.set(simulation, (starts.get(simulation) ?? 0) + 1);
}

/** How many runs of each Simulation have started. */
const starts = new WeakMap<object, number>();

/**
 * Which run of `simulation` is the latest to have started (1, 2, ...; 0
 * before any), and whether it is still in flight: a sink tells by it
 * whether the run whose `finished` it saw is the last one.
 */
export function latestRun(simulation: object): {
  readonly number: number;
  readonly inFlight: boolean;
} {
  return { number: starts.get(simulation) ?? 0, inFlight: runs.has(simulation) };
}

/** Marks the end of the run that {@link startRun} marked. */
export function endRun(simulation: object): void {
  runs.delete(simulation);
}

/**
 * Whether `simulation` runs asynchronously now, so that a sink may queue
 * what a slow destination cannot take yet and hold the run back through
 * {@link addBackpressure}; a synchronous `sim.run()` cannot wait, so a
 * sink that must not grow writes through, blocking.
 */
export function runsAsync(simulation: object): boolean {
  return runs.get(simulation) === 'async';
}

/**
 * Settles when `stream`, whose buffer is full, can take more: on
 * `'drain'`, or when it closes or fails (it never drains then; its sink
 * reports the failure at `close()`, the run goes on).
 */
export function drained(stream: {
  once(event: string, listener: () => void): unknown;
  off(event: string, listener: () => void): unknown;
}): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      for (const event of EVENTS) stream.off(event, done);
      resolve();
    };
    for (const event of EVENTS) stream.once(event, done);
  });
}

const EVENTS = ['drain', 'close', 'error'] as const;
