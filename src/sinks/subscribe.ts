import type { EventEmitter } from 'eventemitter3';
import type { SimulationEventPayloads } from '../core/hooks.js';
import { invalidOption } from '../core/options/check.js';
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

/** Attaches the listeners and returns the function that detaches them all. */
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
