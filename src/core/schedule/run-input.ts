import type { SimulationHooks } from '../hooks.js';
import type { Wall } from '../wall.js';
import type { CrewStrategy } from './strategy.js';

/** Everything a run needs, already validated. */
export interface RunInput {
  readonly wall: Wall;
  /** Number of teams, or `undefined` for one crew per section. */
  readonly teams: number | undefined;
  readonly strategy: CrewStrategy;
  readonly hooks: SimulationHooks | undefined;
  /** How many `progress` events a full run emits at most. */
  readonly progressSteps: number;
  /**
   * The caller will read every profile's answers (the CLI prints them all):
   * a built-in strategy's start days are then recorded during the run, which
   * costs less than replaying the schedule on the first per-profile query.
   */
  readonly everyProfile?: boolean;
}
