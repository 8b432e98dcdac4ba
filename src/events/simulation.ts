import { EventEmitter } from 'eventemitter3';
import type { SimulationEventPayloads, SimulationHooks } from '../core/hooks.js';
import { resolveRun, type SimulateOptions } from '../core/options/run.js';
import type { SimulationResult } from '../core/result/result.js';
import { runSimulation } from '../core/schedule/run.js';
import type { RunInput } from '../core/schedule/run-input.js';
import type { Wall } from '../core/wall.js';

/**
 * The events of a {@link Simulation} in eventemitter3's tuple form, one
 * payload object per event (numbers only), derived from
 * {@link SimulationEventPayloads}: `sectionCompleted: [event: TeamSectionEvent]`.
 */
export type SimulationEvents = {
  [E in keyof SimulationEventPayloads]: [event: SimulationEventPayloads[E]];
};

/** The names of the {@link SimulationEvents}. */
export type SimulationEventName = keyof SimulationEvents;

/** Every event a {@link Simulation} emits, in the order they come within a day. */
export const SIMULATION_EVENT_NAMES: readonly SimulationEventName[] = Object.freeze([
  'teamAssigned',
  'sectionCompleted',
  'teamRelieved',
  'dayCompleted',
  'progress',
  'finished',
]);

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
   * @throws as `simulate` does; events up to the failure may have been emitted, `finished` is not
   */
  run(): SimulationResult {
    // One line per event, so each is typed without a cast: a hook is set
    // only for an event that has listeners now.
    const heard = (name: SimulationEventName) => this.listenerCount(name) > 0;
    const hooks: SimulationHooks = {};
    if (heard('teamAssigned')) hooks.teamAssigned = (e) => this.emit('teamAssigned', e);
    if (heard('sectionCompleted')) hooks.sectionCompleted = (e) => this.emit('sectionCompleted', e);
    if (heard('teamRelieved')) hooks.teamRelieved = (e) => this.emit('teamRelieved', e);
    if (heard('dayCompleted')) hooks.dayCompleted = (e) => this.emit('dayCompleted', e);
    if (heard('progress')) hooks.progress = (e) => this.emit('progress', e);
    if (heard('finished')) hooks.finished = (e) => this.emit('finished', e);
    return runSimulation({ ...this.input, hooks });
  }
}
