import { expect } from 'vitest';
import type { SimulationResult } from '../src/index.js';

/**
 * Asserts that two results answer every question the same way, on every
 * day up to two past the end (or `days` days, if given).
 */
export function expectSameAnswers(
  got: SimulationResult,
  want: SimulationResult,
  days = want.days + 2,
): void {
  expect(got.days).toBe(want.days);
  expect(got.teams).toBe(want.teams);
  expect(got.profileCount).toBe(want.profileCount);
  expect(got.sectionCount).toBe(want.sectionCount);
  expect(got.totalCost()).toBe(want.totalCost());
  expect(got.workChanges()).toEqual(want.workChanges());
  for (let p = 1; p <= want.profileCount; p++) {
    expect(got.sectionsOf(p)).toBe(want.sectionsOf(p));
    expect(got.profileDays(p)).toBe(want.profileDays(p));
    expect(got.profileCost(p)).toBe(want.profileCost(p));
  }
  // Plain comparisons, expect() only on a difference: one expect() per
  // answer costs seconds over a property test's runs.
  const same = (a: number, b: number, what: string) => {
    if (!Object.is(a, b)) expect(a, what).toBe(b);
  };
  for (let d = 1; d <= days; d++) {
    same(got.totalCost(d), want.totalCost(d), `totalCost(${d})`);
    same(got.wallDailyIce(d), want.wallDailyIce(d), `wallDailyIce(${d})`);
    for (let p = 1; p <= want.profileCount; p++) {
      same(got.dailyIce(p, d), want.dailyIce(p, d), `dailyIce(${p}, ${d})`);
      same(got.profileCost(p, d), want.profileCost(p, d), `profileCost(${p}, ${d})`);
    }
  }
}
