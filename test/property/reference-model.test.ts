// The library against the naive day-by-day model in test/reference.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWall, SIMULATION_EVENT_NAMES, Simulation, simulate } from '../../src/index.js';
import { caseArb } from '../arbitraries.js';
import { refDailyIce, referenceSimulate, refProfileIce } from '../reference.js';

const ALL = [...SIMULATION_EVENT_NAMES];

describe('simulate matches the reference model', () => {
  it('answers all four questions and days the same', () => {
    fc.assert(
      fc.property(caseArb, ({ target, profiles, teams }) => {
        const wall = createWall(profiles, { targetHeight: target });
        const result = simulate(wall, { teams });
        const ref = referenceSimulate(profiles, { teams, targetHeight: target });
        expect(result.days).toBe(ref.days);
        expect(result.totalCost()).toBe(ref.totalCost);
        // Plain comparisons: an expect() per answer made this test 7 s.
        const same = (got: number, want: number, what: string) => {
          if (!Object.is(got, want)) expect(got, what).toBe(want);
        };
        for (let d = 1; d <= ref.days + 2; d++) {
          let wallIce = 0;
          for (let p = 1; p <= profiles.length; p++) {
            const ice = refProfileIce(ref, p, d);
            same(result.dailyIce(p, d), refDailyIce(ref, p, d), `dailyIce(${p}, ${d})`);
            same(result.profileCost(p, d), ice * 1900, `profileCost(${p}, ${d})`);
            wallIce += ice;
          }
          same(result.totalCost(d), wallIce * 1900, `totalCost(${d})`);
          same(result.totalIce(d), wallIce, `totalIce(${d})`);
        }
        for (let p = 1; p <= profiles.length; p++) {
          const row = ref.dailyIce[p - 1] as number[];
          const last = row.reduce((acc, ice, d) => (ice > 0 ? d : acc), 0);
          same(result.profileDays(p), last, `profileDays(${p})`);
          same(result.profileCost(p), refProfileIce(ref, p, ref.days) * 1900, `profileCost(${p})`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('emits the same event stream, in SPEC §7 order', () => {
    fc.assert(
      fc.property(caseArb, ({ target, profiles, teams, progressSteps }) => {
        const wall = createWall(profiles, { targetHeight: target });
        const sim = new Simulation(wall, { teams, progressSteps });
        const seen: unknown[] = [];
        for (const name of ALL) sim.on(name, (event: object) => seen.push({ name, ...event }));
        sim.run();
        const ref = referenceSimulate(profiles, { teams, targetHeight: target, progressSteps });
        expect(seen).toEqual(ref.events);
      }),
      { numRuns: 300 },
    );
  });

  it('emits the same subsequence when only some events are listened to', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.subarray(ALL, { minLength: 1 }),
        ({ target, profiles, teams, progressSteps }, names) => {
          const wall = createWall(profiles, { targetHeight: target });
          const sim = new Simulation(wall, { teams, progressSteps });
          const seen: unknown[] = [];
          for (const name of names) sim.on(name, (event: object) => seen.push({ name, ...event }));
          sim.run();
          const ref = referenceSimulate(profiles, { teams, targetHeight: target, progressSteps });
          expect(seen).toEqual(ref.events.filter((e) => names.includes(e.name)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
