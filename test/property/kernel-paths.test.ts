// The teams scheduler's fast path (inOrder, nobody listening, target below
// 32: `runInOrderQuiet` in src/core/schedule/kernel.ts) and its start-day
// record (one byte a section, profiles' series built on demand) against the
// general loop, which an untrusted copy of inOrder or a listener forces.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { createWall, inOrder, Simulation, simulate } from '../../src/index.js';
import { expectSameAnswers } from '../same-answers.js';

/** Walls of up to a few thousand sections, with finished sections, and a target on either side of 32. */
const caseArb = fc.integer({ min: 1, max: 60 }).chain((target) =>
  fc.record({
    target: fc.constant(target),
    profiles: fc.array(
      fc.array(fc.oneof(fc.integer({ min: 0, max: target }), fc.constant(target), fc.constant(0)), {
        minLength: 1,
        maxLength: 400,
      }),
      { minLength: 1, maxLength: 8 },
    ),
    teams: fc.oneof(
      fc.constant(1),
      fc.integer({ min: 2, max: 40 }),
      fc.integer({ min: 41, max: 5000 }),
    ),
  }),
);

describe('the fast path of the teams scheduler', () => {
  it('answers as the general loop does (an untrusted copy of inOrder)', () => {
    fc.assert(
      fc.property(caseArb, ({ target, profiles, teams }) => {
        const wall = createWall(profiles, { targetHeight: target });
        const fast = simulate(wall, { teams });
        const general = simulate(wall, { teams, strategy: { ...inOrder } });
        expectSameAnswers(fast, general, Math.min(general.days + 2, 400));
      }),
      { numRuns: 60 },
    );
  });

  it('answers as the loop that closes every day does (a dayCompleted listener)', () => {
    fc.assert(
      fc.property(caseArb, ({ target, profiles, teams }) => {
        const wall = createWall(profiles, { targetHeight: target });
        const sim = new Simulation(wall, { teams });
        let days = 0;
        sim.on('dayCompleted', () => days++);
        const listened = sim.run();
        const fast = simulate(wall, { teams });
        expectSameAnswers(fast, listened, Math.min(listened.days + 2, 400));
        if (days !== listened.days)
          throw new Error(`${days} dayCompleted events for ${listened.days} days`);
      }),
      { numRuns: 40 },
    );
  });
});
