import { EventEmitter } from 'eventemitter3';
import {
  EVENT_NAMES,
  type SimulationEventName,
  type SimulationEventPayloads,
  type SimulationHooks,
} from '../core/hooks.js';
import { resolveRun, type SimulateOptions } from '../core/options/run.js';
import type { SimulationResult } from '../core/result/result.js';
import { runSimulation } from '../core/schedule/run.js';
import type { RunInput } from '../core/schedule/run-input.js';
import type { Wall } from '../core/wall.js';
import { endRun, startRun } from './backpressure.js';

export type { SimulationEventName };

/**
 * The events of a {@link Simulation} in eventemitter3's tuple form, one
 * payload object per event (numbers only), derived from the core's event
 * table (`SIMULATION_EVENTS`): `sectionCompleted: [event: TeamSectionEvent]`.
 */
export type SimulationEvents = {
  [E in SimulationEventName]: [event: SimulationEventPayloads[E]];
};

/**
 * Every event a {@link Simulation} emits, in the order they come within a
 * day: the names of the core's event table (`SIMULATION_EVENTS`).
 */
export const SIMULATION_EVENT_NAMES: readonly SimulationEventName[] = EVENT_NAMES;

/**
 * A simulation that reports its progress as typed events. Attach listeners
 * (or sinks), then call {@link run}. Events of one day come in the order of
 * {@link SIMULATION_EVENT_NAMES}
 * and depend only on the input. An event nobody listens to costs nothing:
 * listener counts are read once when `run()` starts, and work needed only
 * for events without listeners (such as tracking team numbers) is skipped.
 *
 * Errors are thrown by `run()`, never emitted as an `'error'` event.
 *
 * @example
 * ```ts
 * const sim = new Simulation(parseWall('21 25 28\n17'), { teams: 2 });
 * sim.on('sectionCompleted', ({ day, team, profile, section }) => {
 *   console.log(`day ${day}: team ${team} completed profile ${profile} section ${section}`);
 * });
 * const result = sim.run();
 * ```
 */
export class Simulation extends EventEmitter<SimulationEvents> {
  /** The wall to build. */
  readonly wall: Wall;
  /** @internal */
  private readonly input: RunInput;

  /**
   * @param wall - from `parseWall`, `parseWallStream` or `createWall`
   * @param options - teams, strategy, progress steps (checked here)
   */
  constructor(wall: Wall, options?: SimulateOptions) {
    super();
    this.wall = wall;
    this.input = resolveRun(wall, options, 'new Simulation');
  }

  /**
   * Runs the simulation synchronously, emitting events as it goes, and
   * returns the same result as `simulate` with the same options. Each call
   * is a fresh run (strategies start over).
   * @throws as `simulate` does; events up to the failure may have been emitted, `finished` is not; IcewallError `ERR_INVALID_OPTION` while a run of this Simulation is in flight (called from one of its listeners, or while `runParallel` runs it)
   */
  run(): SimulationResult {
    // A hook is set only for an event that has listeners now (read once per run).
    const hooks: SimulationHooks = {};
    for (const name of EVENT_NAMES) {
      if (this.listenerCount(name) > 0) setHook(hooks, name, this);
    }
    startRun(this, 'sync');
    try {
      return runSimulation({ ...this.input, hooks });
    } finally {
      endRun(this);
    }
  }
}

/** Sets the hook that re-emits event `name` on `simulation`. */
function setHook<E extends SimulationEventName>(
  hooks: SimulationHooks,
  name: E,
  simulation: Simulation,
): void {
  const emit = simulation.emit.bind(simulation) as (
    name: E,
    event: SimulationEventPayloads[E],
  ) => boolean;
  (hooks as Record<E, (event: SimulationEventPayloads[E]) => void>)[name] = (e) => {
    emit(name, e);
  };
}
