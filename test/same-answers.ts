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
  for (let d = 1; d <= days; d++) {
    expect(got.totalCost(d)).toBe(want.totalCost(d));
    expect(got.wallDailyIce(d)).toBe(want.wallDailyIce(d));
    for (let p = 1; p <= want.profileCount; p++) {
      expect(got.dailyIce(p, d)).toBe(want.dailyIce(p, d));
      expect(got.profileCost(p, d)).toBe(want.profileCost(p, d));
    }
  }
}
