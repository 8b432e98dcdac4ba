import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWall, simulate } from '../../src/index.js';
import { wallArb } from '../arbitraries.js';

describe('invariants', () => {
  it('the total cost never depends on the number of teams', () => {
    fc.assert(
      fc.property(wallArb(), fc.integer({ min: 1, max: 50 }), (rows, teams) => {
        const wall = createWall(rows);
        expect(simulate(wall, { teams }).totalCost()).toBe(simulate(wall).totalCost());
      }),
    );
  });

  it('teams ≥ unfinished sections gives the one-crew figures', () => {
    fc.assert(
      fc.property(wallArb(), fc.integer({ min: 0, max: 5 }), (rows, extra) => {
        const wall = createWall(rows);
        const unfinished = rows.flat().filter((h) => h < 30).length;
        const a = simulate(wall);
        const b = simulate(wall, { teams: Math.max(1, unfinished + extra) });
        expect(b.days).toBe(a.days);
        for (let d = 1; d <= a.days + 1; d++) {
          for (let p = 1; p <= rows.length; p++) expect(b.dailyIce(p, d)).toBe(a.dailyIce(p, d));
        }
      }),
    );
  });

  it('the sum of daily ice is the total ice; cumulative cost never decreases', () => {
    fc.assert(
      fc.property(
        wallArb(),
        fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
        (rows, teams) => {
          const r = simulate(createWall(rows), { teams });
          let sum = 0;
          let last = 0;
          for (let d = 1; d <= r.days; d++) {
            for (let p = 1; p <= rows.length; p++) sum += r.dailyIce(p, d);
            expect(r.totalCost(d)).toBeGreaterThanOrEqual(last);
            last = r.totalCost(d);
          }
          expect(sum).toBe(r.totalIce());
          expect(last).toBe(r.totalCost());
        },
      ),
    );
  });
});
