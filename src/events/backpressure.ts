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
