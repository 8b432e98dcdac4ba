import type { SimulationHooks } from './hooks.js';
import { runOneCrew } from './one-crew.js';
import type { SimulationResult } from './result.js';
import type { CrewStrategy } from './strategy.js';
import { runTeams } from './teams.js';
import type { Wall } from './wall.js';

/** Everything a run needs, already validated. */
export interface RunInput {
  readonly wall: Wall;
  /** Number of teams, or `undefined` for one crew per section. */
  readonly teams: number | undefined;
  readonly strategy: CrewStrategy;
  readonly hooks: SimulationHooks | undefined;
  /** How many `progress` events a full run emits at most. */
  readonly progressSteps: number;
}

/**
 * Runs the construction: one crew per section (a counting pass, see
 * `one-crew.ts`) or a fixed number of teams (the scheduler in `teams.ts`).
 */
export function runSimulation(input: RunInput): SimulationResult {
  return input.teams === undefined ? runOneCrew(input) : runTeams(input, input.teams);
}
