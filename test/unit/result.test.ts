import { describe, expect, it } from 'vitest';
import {
  createWall,
  isIcewallError,
  longestFirst,
  parseWall,
  Simulation,
  simulate,
} from '../../src/index.js';
import { thrown } from '../thrown.js';

const wall = parseWall('21 25 28\n17\n17 22 17 19 17\n');

describe('SimulationResult queries', () => {
  const result = simulate(wall);

  it('a day after the end is valid: no ice, costs at their final values', () => {
    expect(result.dailyIce(1, 14)).toBe(0);
    expect(result.dailyIce(3, 1_000_000)).toBe(0);
    expect(result.profileCost(1, 10_000)).toBe(result.profileCost(1));
    expect(result.totalCost(Number.MAX_SAFE_INTEGER)).toBe(32_233_500);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])(
    'day %s is a RangeError',
    (day) => {
      expect(() => result.dailyIce(1, day)).toThrow(RangeError);
      expect(() => result.profileCost(1, day)).toThrow(RangeError);
      expect(() => result.totalCost(day)).toThrow(RangeError);
      expect(() => result.totalCost(day)).toThrow(
        `day must be a whole number from 1 to 9007199254740991 (Number.MAX_SAFE_INTEGER), got \`${day}\` (number)`,
      );
    },
  );

  it.each([
    [0, 'profile must be a whole number from 1 to 3, got `0` (number)'],
    [-1, 'profile must be a whole number from 1 to 3, got `-1` (number)'],
    [4, 'profile 4 does not exist: the wall has profiles 1 to 3'],
  ])('profile %s is a RangeError', (profile, message) => {
    expect(() => result.dailyIce(profile, 1)).toThrow(RangeError);
    expect(() => result.profileCost(profile)).toThrow(message);
  });

  it.each([
    [1.5, '`1.5` (number)'],
    ['1', '`"1"` (string)'],
    [null, '`null` (null)'],
  ])('profile %j is not a whole number', (profile, shown) => {
    expect(() => result.dailyIce(profile as number, 1)).toThrow(
      `profile must be a whole number from 1 to 3, got ${shown}`,
    );
  });

  it('query errors are icewall errors with a code, and still RangeErrors', () => {
    for (const call of [() => result.dailyIce(9, 1), () => result.totalCost(0)]) {
      const error = thrown(call);
      expect(error).toBeInstanceOf(RangeError);
      expect(isIcewallError(error)).toBe(true);
      expect((error as { code?: string }).code).toBe('ERR_OUT_OF_RANGE');
    }
    const big = createWall([[0]], { icePerFoot: 2 ** 40, costPerCubicYard: 2 ** 40 });
    const error = thrown(() => simulate(big));
    expect(isIcewallError(error)).toBe(true);
    expect((error as { code?: string }).code).toBe('ERR_NOT_EXACT');
  });

  it('a teams run whose figures cannot be exact is ERR_NOT_EXACT on every kernel path, before any event', () => {
    // inOrder quietly (the work is measured as it picks), inOrder with a
    // listener and in steps (measured first), and another strategy.
    const big = createWall([[0, 5, 30, 0]], { icePerFoot: 2 ** 40, costPerCubicYard: 2 ** 40 });
    const runs: (() => unknown)[] = [
      () => simulate(big, { teams: 2 }),
      () => simulate(big, { teams: 2, strategy: longestFirst }),
      () => simulate(big, { teams: 2, strategy: { name: 'mine', create: () => () => 1 } }),
      () => {
        const sim = new Simulation(big, { teams: 2 });
        sim.on('teamAssigned', () => {
          throw new Error('an event came before the error');
        });
        return sim.run();
      },
    ];
    for (const run of runs) {
      const error = thrown(run);
      expect((error as { code?: string }).code).toBe('ERR_NOT_EXACT');
    }
    // One foot less each and the same wall is exact: the check measures, not guesses.
    expect(simulate(createWall([[0, 5, 30, 0]]), { teams: 2 }).totalCost()).toBe(
      (30 + 25 + 30) * 195 * 1900,
    );
  });

  it('reports per-profile completion day, ice and counts', () => {
    expect(result.profileDays(1)).toBe(9);
    expect(result.profileDays(2)).toBe(13);
    expect(result.profileDays(3)).toBe(13);
    expect(result.profileIce(2)).toBe(13 * 195);
    expect(result.profileIce(1) + result.profileIce(2) + result.profileIce(3)).toBe(16_965);
    expect(result.profileCount).toBe(3);
    expect(result.sectionCount).toBe(9);
    expect(result.teams).toBe(9);
    expect(result.strategy).toBe('oneCrewPerSection');
  });

  it('the sum of daily ice is the total ice', () => {
    let sum = 0;
    for (let d = 1; d <= result.days; d++) {
      for (let p = 1; p <= 3; p++) sum += result.dailyIce(p, d);
      expect(result.wallDailyIce(d)).toBe(
        result.dailyIce(1, d) + result.dailyIce(2, d) + result.dailyIce(3, d),
      );
    }
    expect(sum).toBe(result.totalIce());
  });

  it('teamsAtWork and workChanges describe the run compactly', () => {
    expect(result.teamsAtWork(1)).toBe(9);
    expect(result.teamsAtWork(14)).toBe(0);
    const changes = result.workChanges();
    expect(changes[0]).toEqual({ day: 1, teams: 9 });
    expect(changes.at(-1)).toEqual({ day: 14, teams: 0 });
  });
});

describe('edge cases', () => {
  it('nothing to build: 0 days, every figure 0', () => {
    const done = simulate(createWall([[30, 30], [30]]));
    expect(done.days).toBe(0);
    expect(done.totalCost()).toBe(0);
    expect(done.totalCost(1)).toBe(0);
    expect(done.dailyIce(1, 1)).toBe(0);
    expect(done.profileDays(2)).toBe(0);
    const withTeams = simulate(createWall([[30]]), { teams: 3 });
    expect(withTeams.days).toBe(0);
  });

  it('a height of 0 takes 30 days with one crew', () => {
    const r = simulate(createWall([[0]]));
    expect(r.days).toBe(30);
    expect(r.dailyIce(1, 30)).toBe(195);
    expect(r.dailyIce(1, 31)).toBe(0);
    expect(r.totalCost()).toBe(30 * 195 * 1900);
  });

  it('one team builds everything in sequence', () => {
    const r = simulate(wall, { teams: 1 });
    expect(r.days).toBe(16_965 / 195);
    expect(r.totalCost()).toBe(32_233_500);
  });

  it('more teams than sections gives the one-crew figures', () => {
    const a = simulate(wall);
    const b = simulate(wall, { teams: 50 });
    expect(b.days).toBe(a.days);
    for (let d = 1; d <= 14; d++) {
      for (let p = 1; p <= 3; p++) expect(b.dailyIce(p, d)).toBe(a.dailyIce(p, d));
    }
  });

  it("uses the wall's own rates", () => {
    const r = simulate(createWall([[8]], { targetHeight: 10, icePerFoot: 2, costPerCubicYard: 3 }));
    expect(r.days).toBe(2);
    expect(r.dailyIce(1, 1)).toBe(2);
    expect(r.totalCost()).toBe(12);
  });

  it('refuses totals that could not be exact, before simulating', () => {
    const big = createWall([[0]], { icePerFoot: 2 ** 40, costPerCubicYard: 2 ** 20 });
    expect(() => simulate(big)).toThrow(RangeError);
    expect(() => simulate(big)).toThrow(/exceeds Number.MAX_SAFE_INTEGER/);
    const fits = createWall([[29]], { icePerFoot: 2 ** 26, costPerCubicYard: 2 ** 26 });
    expect(simulate(fits).totalCost()).toBe(2 ** 52);
  });
});

describe('simulate options', () => {
  it.each([
    [{ teams: 0 }, 'Expected `teams` to be a whole number from 1 to 2147483646, got `0` (number)'],
    [
      { teams: 1.5 },
      'Expected `teams` to be a whole number from 1 to 2147483646, got `1.5` (number)',
    ],
    [
      { teams: '2' },
      'Expected `teams` to be a whole number from 1 to 2147483646, got `"2"` (string)',
    ],
    [
      { teams: Number.NaN },
      'Expected `teams` to be a whole number from 1 to 2147483646, got `NaN` (number)',
    ],
    [
      { strategy: 'inOrder' },
      'Expected `strategy` to be a crew strategy ({ name, create(wall) }), got `"inOrder"` (string)',
    ],
    [
      { progressSteps: 0 },
      'Expected `progressSteps` to be an integer in [1, 10000], got `0` (number)',
    ],
  ])('%o is rejected', (options, message) => {
    expect(() => simulate(wall, options as never)).toThrow(message);
  });

  it('rejects something that is not a wall', () => {
    expect(() => simulate([[1, 2]] as never)).toThrow(/Expected `wall` to be a Wall/);
  });
});
