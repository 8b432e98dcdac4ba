// runTeamsInSteps: the teams schedule, resumable a few days at a time (the
// engine runs a strategy object on the calling thread this way, in slices).
// Stepping never changes the answer.
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../src/core/schedule/run.js';
import { runTeamsInSteps } from '../../src/core/schedule/teams.js';
import { type CrewStrategy, parseWall, simulate } from '../../src/index.js';
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
    // A step is a pick or a day on which the day loop stops (days with
    // nothing to do are skipped). The loop pauses once `every` steps are
    // used, at the next pick or day (a day's last pick runs on into its
    // day's end): 9 pauses with `every` 1, fewer as it grows, none past
    // the number of steps.
    expect(pauses).toBe({ 1: 9, 3: 4, 1000: 0 }[every]);
  });

  it('pauses between the picks of one day (many teams start on day 1)', () => {
    let picks = 0;
    const counted: CrewStrategy = {
      name: 'counted',
      create: (w) => {
        const pick = lastFirst.create(w);
        return (context) => {
          picks++;
          return pick(context);
        };
      },
    };
    const input = { wall, teams: 9, strategy: counted, hooks: undefined, progressSteps: 100 };
    const steps = runTeamsInSteps(input, 9, 2);
    // Day 1 holds nine picks: the run pauses after the 2nd, the 4th, …
    const seen: number[] = [];
    for (let k = 0; k < 4; k++) {
      expect(steps.next().done).toBe(false);
      seen.push(picks);
    }
    expect(seen).toEqual([2, 4, 6, 8]);
    let step = steps.next();
    while (!step.done) step = steps.next();
    expect(step.value.days).toBe(simulate(wall, { teams: 9, strategy: lastFirst }).days);
  });
});
