// The teams scheduler's fast path (inOrder, nobody listening, target below
// 32: `runInOrderQuiet` in src/core/schedule/kernel.ts) and its start-day
// record (one byte a section, profiles' series built on demand) against the
// general loop, which an untrusted copy of inOrder or a listener forces.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { resolveRun } from '../../src/core/options/run.js';
import { runSimulation } from '../../src/core/schedule/run.js';
import {
  createWall,
  inOrder,
  longestFirst,
  roundRobin,
  Simulation,
  simulate,
} from '../../src/index.js';
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

describe('a run for a caller that reads every profile (the CLI)', () => {
  it('answers as the general loop does: totals kept as it picks, days from checkpoints or start days', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.constantFrom(inOrder, longestFirst, roundRobin),
        ({ target, profiles, teams }, strategy) => {
          const wall = createWall(profiles, { targetHeight: target });
          const input = resolveRun(wall, { teams, strategy }, 'test');
          const every = runSimulation({ ...input, everyProfile: true });
          const general = simulate(wall, { teams, strategy: { ...strategy } });
          // Every profile's summary first (what the CLI prints), then every day.
          for (let p = 1; p <= wall.profileCount; p++) {
            if (every.profileDays(p) !== general.profileDays(p))
              throw new Error(`profile ${p} ends on day ${every.profileDays(p)}`);
            if (every.profileIce(p) !== general.profileIce(p))
              throw new Error(`profile ${p}: ${every.profileIce(p)} cubic yards`);
          }
          expectSameAnswers(every, general, Math.min(general.days + 2, 400));
        },
      ),
      { numRuns: 60 },
    );
  });
});

/** Walls over several checkpoints (one every 4096 picks), with profiles short and long. */
const bigArb = fc.record({
  target: fc.integer({ min: 1, max: 31 }),
  lengths: fc.array(fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 500, max: 9000 })), {
    minLength: 2,
    maxLength: 30,
  }),
  seed: fc.integer({ min: 1, max: 2 ** 30 }),
  finished: fc.double({ min: 0, max: 0.9, noNaN: true }),
  teams: fc.oneof(
    fc.constant(1),
    fc.integer({ min: 2, max: 40 }),
    fc.integer({ min: 41, max: 9000 }),
  ),
  order: fc.array(fc.nat(), { maxLength: 12 }),
});

describe('a profile of an inOrder run, replayed from the checkpoint before it', () => {
  it('answers as the start days recorded during the run do, asked in any order', () => {
    fc.assert(
      fc.property(bigArb, ({ target, lengths, seed, finished, teams, order }) => {
        let s = seed;
        const random = () => {
          s = (Math.imul(s, 1103515245) + 12345) >>> 0;
          return (s >>> 8) / 2 ** 24;
        };
        const profiles = lengths.map((n) =>
          Array.from({ length: n }, () =>
            random() < finished ? target : Math.floor(random() * target),
          ),
        );
        const wall = createWall(profiles, {
          targetHeight: target,
          maxSectionsPerProfile: 10_000,
        });
        const fast = simulate(wall, { teams });
        const general = simulate(wall, { teams, strategy: { ...inOrder } });
        // Random profiles first (each from its checkpoint), then all in order.
        const asked = [...order.map((k) => 1 + (k % wall.profileCount))];
        for (let p = 1; p <= wall.profileCount; p++) asked.push(p);
        for (const p of asked) {
          const last = general.profileDays(p);
          for (const d of [1, 2, Math.floor(last / 2), last - 1, last, last + 1]) {
            if (d < 1) continue;
            if (
              fast.dailyIce(p, d) !== general.dailyIce(p, d) ||
              fast.profileCost(p, d) !== general.profileCost(p, d)
            ) {
              throw new Error(
                `profile ${p}, day ${d}: ${fast.dailyIce(p, d)} vs ${general.dailyIce(p, d)}`,
              );
            }
          }
          if (fast.profileDays(p) !== last)
            throw new Error(`profile ${p} ends on day ${fast.profileDays(p)}, not ${last}`);
        }
        if (fast.days !== general.days || fast.totalCost() !== general.totalCost()) {
          throw new Error('whole-wall answers differ');
        }
      }),
      { numRuns: 25 },
    );
  });
});
