// Target heights above 31 give the teams scheduler more than 32 day slots,
// where it finds the next busy day without its one-word bitmask: the library
// against the reference model on such walls, both modes, every event.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWall, SIMULATION_EVENT_NAMES, Simulation } from '../../src/index.js';
import { wallArb } from '../arbitraries.js';
import { refDailyIce, referenceSimulate } from '../reference.js';

const tallCase = fc.integer({ min: 31, max: 90 }).chain((target) =>
  fc.record({
    target: fc.constant(target),
    profiles: wallArb(target, 6),
    teams: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
  }),
);

describe('walls taller than 31 feet', () => {
  it('match the reference model: days, daily ice, every event', () => {
    fc.assert(
      fc.property(tallCase, ({ target, profiles, teams }) => {
        const sim = new Simulation(createWall(profiles, { targetHeight: target }), { teams });
        const seen: unknown[] = [];
        for (const name of SIMULATION_EVENT_NAMES) {
          sim.on(name, (event: object) => seen.push({ name, ...event }));
        }
        const result = sim.run();
        const ref = referenceSimulate(profiles, { teams, targetHeight: target });
        expect(result.days).toBe(ref.days);
        expect(seen).toEqual(ref.events);
        for (let d = 1; d <= ref.days + 1; d++) {
          for (let p = 1; p <= profiles.length; p++) {
            expect(result.dailyIce(p, d)).toBe(refDailyIce(ref, p, d));
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('match the reference model without listeners (days skipped)', () => {
    fc.assert(
      fc.property(tallCase, ({ target, profiles, teams }) => {
        const sim = new Simulation(createWall(profiles, { targetHeight: target }), { teams });
        const result = sim.run();
        const ref = referenceSimulate(profiles, { teams, targetHeight: target });
        expect(result.days).toBe(ref.days);
        expect(result.totalCost()).toBe(ref.totalCost);
      }),
      { numRuns: 200 },
    );
  });
});
