// SPEC §5, verbatim.
import { describe, expect, it } from 'vitest';
import { parseWall, Simulation, simulate, type TeamSectionEvent } from '../../src/index.js';

const CONFIG = '21 25 28\n17\n17 22 17 19 17\n';

describe('SPEC §5: one crew per section', () => {
  const result = simulate(parseWall(CONFIG));

  it('takes 13 days', () => {
    expect(result.days).toBe(13);
  });

  it('profile 1 uses 585, 585, 390, 390, 390, 195, 195, 195, 195 on days 1-9 and 0 after', () => {
    const days = Array.from({ length: 12 }, (_, k) => result.dailyIce(1, k + 1));
    expect(days).toEqual([585, 585, 390, 390, 390, 195, 195, 195, 195, 0, 0, 0]);
  });

  it('day 1: profile 1 costs 1,111,500; all profiles 3,334,500 (1,755 cubic yards)', () => {
    expect(result.profileCost(1, 1)).toBe(1_111_500);
    expect(result.totalCost(1)).toBe(3_334_500);
    expect(result.totalIce(1)).toBe(1_755);
    expect(result.wallDailyIce(1)).toBe(1_755);
  });

  it('total: 16,965 cubic yards, 32,233,500 Gold Dragons', () => {
    expect(result.totalIce()).toBe(16_965);
    expect(result.totalCost()).toBe(32_233_500);
  });
});

describe('SPEC §5: two teams, default strategy', () => {
  const wall = parseWall(CONFIG);
  const sim = new Simulation(wall, { teams: 2 });
  const assigned: TeamSectionEvent[] = [];
  const completed: TeamSectionEvent[] = [];
  const relieved: { day: number; team: number }[] = [];
  sim.on('teamAssigned', (e) => assigned.push(e));
  sim.on('sectionCompleted', (e) => completed.push(e));
  sim.on('teamRelieved', (e) => relieved.push(e));
  const result = sim.run();

  it('takes 48 days and still costs 32,233,500', () => {
    expect(result.days).toBe(48);
    expect(result.totalCost()).toBe(32_233_500);
  });

  it('team 1 takes profile 1 section 1 and team 2 profile 1 section 2 on day 1', () => {
    expect(assigned.slice(0, 2)).toEqual([
      { day: 1, team: 1, profile: 1, section: 1 },
      { day: 1, team: 2, profile: 1, section: 2 },
    ]);
  });

  it('team 2 completes p1 s2 on day 5, works p1 s3 on days 6-7, takes p2 s1 on day 8', () => {
    expect(completed).toContainEqual({ day: 5, team: 2, profile: 1, section: 2 });
    expect(assigned).toContainEqual({ day: 6, team: 2, profile: 1, section: 3 });
    expect(completed).toContainEqual({ day: 7, team: 2, profile: 1, section: 3 });
    expect(assigned).toContainEqual({ day: 8, team: 2, profile: 2, section: 1 });
  });

  it('team 1 completes profile 1 section 1 on day 9', () => {
    expect(completed).toContainEqual({ day: 9, team: 1, profile: 1, section: 1 });
  });

  it('profile 1 uses 390 on each of days 1-7 and 195 on days 8 and 9', () => {
    const days = Array.from({ length: 10 }, (_, k) => result.dailyIce(1, k + 1));
    expect(days).toEqual([390, 390, 390, 390, 390, 390, 390, 195, 195, 0]);
  });

  it('team 2 is relieved on day 39 (after p3 s4), team 1 on day 48 (after p3 s5)', () => {
    expect(relieved).toEqual([
      { day: 39, team: 2 },
      { day: 48, team: 1 },
    ]);
    expect(completed).toContainEqual({ day: 39, team: 2, profile: 3, section: 4 });
    expect(completed).toContainEqual({ day: 48, team: 1, profile: 3, section: 5 });
  });

  it('gives the same figures whether or not anyone listens', () => {
    const quiet = simulate(wall, { teams: 2 });
    for (let d = 1; d <= 50; d++) {
      expect(quiet.totalCost(d)).toBe(result.totalCost(d));
      for (let p = 1; p <= 3; p++) expect(quiet.dailyIce(p, d)).toBe(result.dailyIce(p, d));
    }
  });
});
