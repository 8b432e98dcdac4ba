import type { SimulationResult } from '../result/result.js';
import { runOneCrew } from './one-crew.js';
import type { RunInput } from './run-input.js';
import { runTeams } from './teams.js';

/**
 * Runs the construction: one crew per section (a counting pass, see
 * `one-crew.ts`) or a fixed number of teams (the scheduler in `teams.ts`).
 */
export function runSimulation(input: RunInput): SimulationResult {
  return input.teams === undefined ? runOneCrew(input) : runTeams(input, input.teams);
}
