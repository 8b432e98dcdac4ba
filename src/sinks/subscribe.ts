import type { Simulation, SimulationEvents } from '../events/simulation.js';

/** Listeners for some of a simulation's events. */
export type Listeners = {
  [E in keyof SimulationEvents]?: (...args: SimulationEvents[E]) => void;
};

/** Attaches the listeners and returns the function that detaches them all. */
export function subscribe(simulation: Simulation, listeners: Listeners): () => void {
  // An entry may be present but undefined (an optional listener left out).
  const entries = Object.entries(listeners).filter(([, l]) => l !== undefined) as [
    keyof SimulationEvents,
    (event: never) => void,
  ][];
  const emitter = simulation as unknown as {
    on(name: string, listener: (event: never) => void): void;
    off(name: string, listener: (event: never) => void): void;
  };
  for (const [name, listener] of entries) emitter.on(name, listener);
  return () => {
    for (const [name, listener] of entries) emitter.off(name, listener);
  };
}
