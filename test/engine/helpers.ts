// Shared by the engine tests: comparing results and recording events.
import { expect } from 'vitest';
import { SIMULATION_EVENT_NAMES, type Simulation, type SimulationResult } from '../../src/index.js';

/** Every answer of two results, compared (for small walls). */
export function expectSameResult(actual: SimulationResult, expected: SimulationResult): void {
  expect(actual.days).toBe(expected.days);
  expect(actual.teams).toBe(expected.teams);
  expect(actual.strategy).toBe(expected.strategy);
  expect(actual.profileCount).toBe(expected.profileCount);
  expect(actual.sectionCount).toBe(expected.sectionCount);
  expect(actual.totalIce()).toBe(expected.totalIce());
  expect(actual.totalCost()).toBe(expected.totalCost());
  expect(actual.workChanges()).toEqual(expected.workChanges());
  const lastDay = Math.min(expected.days + 2, 400);
  for (let d = 1; d <= lastDay; d++) {
    expect(actual.totalCost(d)).toBe(expected.totalCost(d));
    expect(actual.wallDailyIce(d)).toBe(expected.wallDailyIce(d));
    expect(actual.teamsAtWork(d)).toBe(expected.teamsAtWork(d));
  }
  for (let p = 1; p <= expected.profileCount; p++) {
    expect(actual.sectionsOf(p)).toBe(expected.sectionsOf(p));
    expect(actual.profileDays(p)).toBe(expected.profileDays(p));
    expect(actual.profileCost(p)).toBe(expected.profileCost(p));
    for (let d = 1; d <= lastDay; d++) {
      expect(actual.dailyIce(p, d)).toBe(expected.dailyIce(p, d));
      expect(actual.profileCost(p, d)).toBe(expected.profileCost(p, d));
    }
  }
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
