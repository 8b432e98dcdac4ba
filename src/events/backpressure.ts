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

/**
 * One registry per process, shared by icewall's ESM and CommonJS builds: a
 * program that loads both has two copies of this module, and a Simulation
 * of one build may be run by the other's `runParallel` (its sinks, its
 * `sim.run()`), so the rules below must see every run either way. The key
 * names the registry's shape, so a later icewall with another shape keeps
 * its own.
 */
function processWide<T extends object>(name: string, make: () => T): T {
  const key = Symbol.for(`icewall.${name}.v1`);
  const holder = globalThis as unknown as Record<symbol, T | undefined>;
  let registry = holder[key];
  if (registry === undefined) {
    registry = make();
    Object.defineProperty(globalThis, key, { value: registry });
  }
  return registry;
}

const waiting = processWide('backpressure', () => new WeakMap<object, Set<Backpressure>>());

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
const runs = processWide('runs', () => new WeakMap<object, 'sync' | 'async'>());

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
const starts = processWide('runStarts', () => new WeakMap<object, number>());

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

/** The part of a stream a {@link DrainWait} listens to. */
interface Emitter {
  once(event: string, listener: () => void): unknown;
  off(event: string, listener: () => void): unknown;
}

/**
 * A stream's wait for room, one at a time: {@link DrainWait.wait} settles
 * when `stream`, whose buffer is full, can take more, on `'drain'`, or
 * when it is ended, closes or fails (it never drains then; its sink
 * reports the failure at `close()`, the run goes on). An ended stream
 * emits `'finish'` once it has written what it holds, and may emit no
 * `'close'` at all (`emitClose: false`).
 *
 * Every caller while the stream stays full shares one wait, and
 * {@link DrainWait.stop} ends it (the sink's `close()`): its listeners
 * never outlive the sink, even on a stream that never drains.
 */
export class DrainWait {
  private pending: Promise<void> | undefined;
  private end: () => void = () => {};

  constructor(private readonly stream: Emitter) {}

  /** A promise that settles when the stream can take more (or never will). */
  wait(): Promise<void> {
    this.pending ??= new Promise<void>((resolve) => {
      const { stream } = this;
      const done = () => {
        for (const event of EVENTS) stream.off(event, done);
        this.pending = undefined;
        this.end = () => {};
        resolve();
      };
      for (const event of EVENTS) stream.once(event, done);
      this.end = done;
    });
    return this.pending;
  }

  /** Ends the wait in progress, if any, and removes its listeners. */
  stop(): void {
    this.end();
  }
}

const EVENTS = ['drain', 'finish', 'close', 'error'] as const;
