// runTeamsInSteps: the teams schedule, resumable a few days at a time (the
// engine runs a strategy object on the calling thread this way, in slices).
// Stepping never changes the answer.
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../src/core/schedule/run.js';
import { runTeamsInSteps } from '../../src/core/schedule/teams.js';
import { parseWall, simulate } from '../../src/index.js';
import { lastFirst } from '../engine/fixtures/last-first.js';
import { expectSameResult } from '../engine/helpers.js';

const wall = parseWall('21 25 28\n17\n17 22 17 19 17\n');

describe('runTeamsInSteps', () => {
  it.each([1, 3, 1000])('pauses every %i days and ends with the result runTeams gives', (every) => {
    const input = { wall, teams: 2, strategy: lastFirst, hooks: undefined, progressSteps: 100 };
    const steps = runTeamsInSteps(input, 2, every);
    let pauses = 0;
    let step = steps.next();
    while (!step.done) {
      pauses++;
      step = steps.next();
    }
    const expected = simulate(wall, { teams: 2, strategy: lastFirst });
    expectSameResult(step.value, expected);
    expectSameResult(runSimulation(input), expected);
    // The loop runs once per day on which something happens: 15 times here
    // (days with nothing to do are skipped), so fewer pauses as `every` grows.
    expect(pauses).toBe({ 1: 15, 3: 5, 1000: 0 }[every]);
  });
});
