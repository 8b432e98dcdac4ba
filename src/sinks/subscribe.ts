import type { EventEmitter } from 'eventemitter3';
import type { SimulationEventPayloads } from '../core/hooks.js';
import { invalidOption } from '../core/options/check.js';
import { addBackpressure, latestRun } from '../events/backpressure.js';
import {
  SIMULATION_EVENT_NAMES,
  type Simulation,
  type SimulationEventName,
  type SimulationEvents,
} from '../events/simulation.js';

/**
 * Listeners for some of a simulation's events, typed from the same
 * {@link SimulationEvents} map (itself derived from the core's payloads).
 */
export type Listeners = {
  [E in SimulationEventName]?: EventEmitter.EventListener<SimulationEvents, E>;
};

/**
 * Checks a sink's first argument before the sink opens anything: a
 * `Simulation` (an event emitter with `on` and `off`).
 * @throws IcewallError `ERR_INVALID_OPTION`
 */
export function checkSimulation(simulation: unknown): asserts simulation is Simulation {
  const s = simulation as { on?: unknown; off?: unknown } | null;
  if (
    typeof s !== 'object' ||
    s === null ||
    typeof s.on !== 'function' ||
    typeof s.off !== 'function'
  ) {
    invalidOption('simulation', 'a Simulation (new Simulation(wall, options))', simulation);
  }
}

/** Attaches the listeners and returns the function that detaches them all. */
export function subscribe(simulation: Simulation, listeners: Listeners): () => void {
  const detach: (() => void)[] = [];
  for (const name of SIMULATION_EVENT_NAMES) attach(simulation, listeners, name, detach);
  return () => {
    for (const off of detach) off();
  };
}

function attach<E extends SimulationEventName>(
  simulation: Simulation,
  listeners: Listeners,
  name: E,
  detach: (() => void)[],
): void {
  // An entry may be present but undefined (an optional listener left out).
  const listener = listeners[name];
  if (listener === undefined) return;
  simulation.on(name, listener);
  detach.push(() => simulation.off(name, listener));
}

/** A listener for every event: its name and its payload. */
export type AnyListener = (
  name: SimulationEventName,
  payload: SimulationEventPayloads[SimulationEventName],
) => void;

/** Attaches one listener to every event; returns the function that detaches it. */
export function subscribeAll(simulation: Simulation, listener: AnyListener): () => void {
  const listeners: Listeners = {};
  for (const name of SIMULATION_EVENT_NAMES) forward(listeners, name, listener);
  return subscribe(simulation, listeners);
}

function forward<E extends SimulationEventName>(
  listeners: Listeners,
  name: E,
  listener: AnyListener,
): void {
  (listeners as Record<E, (event: SimulationEventPayloads[E]) => void>)[name] = (e) =>
    listener(name, e);
}

/**
 * What a sink returns. The sink flushes by itself when the run finishes;
 * `close()` detaches it, releases what it holds, and reports failures.
 */
export interface AttachedSink {
  /**
   * Detaches the sink, writes anything a failed run left buffered, releases
   * the file, and rejects with an `IcewallError` (code `ERR_IO`) naming the
   * path or stream and the cause if any write failed.
   */
  close(): Promise<void>;
}

/** What a sink writes through: lines out, and whether a run must wait for them. */
export interface SinkOutput {
  /** While the destination is full: a promise that settles when it can take more. */
  backpressure(): Promise<void> | undefined;
  /**
   * Writes what is left, releases the destination, rejects with the first
   * failure. `finished`: whether the latest run finished (then what is
   * written is waited for; after a run that did not, it is not).
   */
  close(finished: boolean): Promise<void>;
}

/**
 * A sink's handle: an asynchronous run of `simulation` waits while `out`
 * is full (see `addBackpressure`), and `close()` detaches the listeners,
 * stops that, and closes `out`.
 */
export function attachedSink(
  simulation: Simulation,
  detach: () => void,
  out: SinkOutput,
): AttachedSink {
  // close() also ends a wait the run is in: a sink that is gone holds nothing back.
  let closed = () => {};
  const whenClosed = new Promise<void>((resolve) => {
    closed = resolve;
  });
  const release = addBackpressure(simulation, () => {
    const full = out.backpressure();
    return full === undefined ? undefined : Promise.race([full, whenClosed]);
  });
  // The run whose `finished` this sink saw: close() waits for the lines
  // only if it is the latest run and it is over (a later run that was
  // aborted left an incomplete output, whatever the first one did).
  let finishedRun = -1;
  const onFinished = () => {
    finishedRun = latestRun(simulation).number;
  };
  simulation.on('finished', onFinished);
  return {
    close: () => {
      detach();
      simulation.off('finished', onFinished);
      release();
      closed();
      const latest = latestRun(simulation);
      return out.close(!latest.inFlight && latest.number === finishedRun);
    },
  };
}
