// Shared by the engine tests: comparing results and recording events.
import fc from 'fast-check';
import { expect } from 'vitest';
import { SIMULATION_EVENT_NAMES, type Simulation, type SimulationResult } from '../../src/index.js';
import { wallArb } from '../arbitraries.js';

/** Every answer of a result, as one list of numbers (days up to 400 past the start). */
function answers(r: SimulationResult, days: number): number[] {
  const out = [r.days, r.teams, r.profileCount, r.sectionCount, r.totalIce(), r.totalCost()];
  for (let d = 1; d <= days; d++) out.push(r.totalCost(d), r.wallDailyIce(d), r.teamsAtWork(d));
  for (let p = 1; p <= r.profileCount; p++) {
    out.push(r.sectionsOf(p), r.profileDays(p), r.profileCost(p));
    for (let d = 1; d <= days; d++) out.push(r.dailyIce(p, d), r.profileCost(p, d));
  }
  return out;
}

/** Every answer of two results, compared (for small walls): one assertion, so it stays fast. */
export function expectSameResult(actual: SimulationResult, expected: SimulationResult): void {
  expect(actual.strategy).toBe(expected.strategy);
  expect(actual.workChanges()).toEqual(expected.workChanges());
  const days = Math.min(expected.days + 2, 400);
  const got = answers(actual, days);
  const want = answers(expected, days);
  // A plain loop finds the first difference (toEqual on millions of numbers takes seconds).
  let i = 0;
  while (i < want.length && Object.is(got[i], want[i])) i++;
  expect({ at: i, got: got.slice(i, i + 8), length: got.length }).toEqual({
    at: want.length,
    got: [],
    length: want.length,
  });
}

/** Listens to every event of `sim` (or to `names`) and returns the list they fill. */
export function record(
  sim: Simulation,
  names: readonly string[] = SIMULATION_EVENT_NAMES,
): [string, unknown][] {
  const events: [string, unknown][] = [];
  for (const name of names) {
    (sim.on as (n: string, f: (e: unknown) => void) => unknown)(name, (e) =>
      events.push([name, e]),
    );
  }
  return events;
}

/**
 * A random wall's config text with one to three bad tokens appended to
 * random lines (or none bad, when the tokens happen to be valid nowhere).
 */
export function badConfigArb(maxProfiles: number): fc.Arbitrary<string> {
  const bad = fc.constantFrom('31', 'x', '-1', '1e3', '3\r4');
  return fc
    .tuple(
      wallArb(30, maxProfiles),
      fc.array(fc.tuple(fc.nat(), bad), { minLength: 1, maxLength: 3 }),
    )
    .map(([profiles, insertions]) => {
      const lines = profiles.map((row) => row.join(' '));
      for (const [at, token] of insertions) {
        const k = at % lines.length;
        lines[k] = `${lines[k]} ${token}`;
      }
      return `${lines.join('\n')}\n`;
    });
}
