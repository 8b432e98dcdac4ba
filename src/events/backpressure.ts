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

/** Simulations with an asynchronous run in flight (`runParallel`, `engine.run`). */
const running = new WeakSet<object>();

/**
 * Marks the start of an asynchronous run of `simulation`, one that awaits
 * {@link backpressureOf} between batches; false when one is in flight
 * already (two runs would interleave their events in one emitter).
 */
export function startAsyncRun(simulation: object): boolean {
  if (running.has(simulation)) return false;
  running.add(simulation);
  return true;
}

/** Marks the end of the run that {@link startAsyncRun} marked. */
export function endAsyncRun(simulation: object): void {
  running.delete(simulation);
}

/**
 * Whether `simulation` runs asynchronously now, so that a sink may queue
 * what a slow destination cannot take yet and hold the run back through
 * {@link addBackpressure}; a synchronous `sim.run()` cannot wait, so a
 * sink that must not grow writes through, blocking.
 */
export function runsAsync(simulation: object): boolean {
  return running.has(simulation);
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
