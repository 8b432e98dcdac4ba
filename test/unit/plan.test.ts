// planTeams (SPEC §9): the examples verbatim, the errors, and exactness
// against a brute-force search on random walls with every built-in strategy.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scheduleDays } from '../../src/core/schedule/plan.js';
import {
  type CrewStrategy,
  createWall,
  inOrder,
  isIcewallError,
  longestFirst,
  parseWall,
  planTeams,
  roundRobin,
  shortestFirst,
  simulate,
} from '../../src/index.js';
import { randomWall } from '../../src/testing/index.js';
import { wallArb } from '../arbitraries.js';
import { thrown } from '../thrown.js';

const CONFIG = '21 25 28\n17\n17 22 17 19 17\n';
const BUILT_INS = [inOrder, longestFirst, shortestFirst, roundRobin];

/** The definition, spelled out: the smallest T in 1..sections with days ≤ D. */
function bruteForce(profiles: number[][], target: number, deadline: number, s: CrewStrategy) {
  const wall = createWall(profiles, { targetHeight: target });
  for (let teams = 1; teams <= Math.max(1, wall.sectionCount); teams++) {
    const days = simulate(wall, { teams, strategy: s }).days;
    if (days <= deadline) return { teams, days };
  }
  return null;
}

describe('planTeams: SPEC §9 examples (the §5 wall, inOrder)', () => {
  const wall = parseWall(CONFIG);

  it('D = 30 → 4 teams, 26 days', () => {
    expect(planTeams(wall, { deadline: 30 })).toMatchObject({ teams: 4, days: 26 });
  });
  it('D = 48 → 2 teams, 48 days', () => {
    expect(planTeams(wall, { deadline: 48 })).toMatchObject({ teams: 2, days: 48 });
  });
  it('D = 100 → 1 team, 87 days', () => {
    expect(planTeams(wall, { deadline: 100 })).toMatchObject({ teams: 1, days: 87 });
  });
  it('D = 13 → 9 teams, 13 days', () => {
    expect(planTeams(wall, { deadline: 13 })).toMatchObject({ teams: 9, days: 13 });
  });
  it('D = 12 → an error naming 13 as the shortest possible deadline', () => {
    expect(() => planTeams(wall, { deadline: 12 })).toThrow(
      'deadline 12 cannot be met: a section needs 13 feet, so 13 days is the shortest possible deadline',
    );
    const error = thrown(() => planTeams(wall, { deadline: 12 }));
    expect(isIcewallError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('ERR_INVALID_OPTION');
  });
  it('reports the bounds and how many team counts it simulated', () => {
    // W = 87, p = 13: lower ⌈87/30⌉ = 3, Graham ⌈74/17⌉ = 5; 3 fails, 4 meets.
    expect(planTeams(wall, { deadline: 30 })).toEqual({
      teams: 4,
      days: 26,
      evaluated: 2,
      lowerBound: 3,
      upperBound: 5,
    });
  });
});

describe('planTeams: edges and options', () => {
  it('a wall with nothing to build needs 0 teams and 0 days', () => {
    expect(planTeams(createWall([[30, 30], [30]]), { deadline: 1 })).toMatchObject({
      teams: 0,
      days: 0,
      evaluated: 0,
    });
  });

  it('maxTeams below the answer: an error naming the best found', () => {
    const wall = parseWall(CONFIG);
    expect(() => planTeams(wall, { deadline: 30, maxTeams: 3 })).toThrow(
      'no number of teams up to maxTeams 3 finishes by day 30 with strategy "inOrder": the best found was 3 teams finishing on day 31',
    );
  });

  it('maxTeams below the lower bound: an error naming the lower bound', () => {
    const wall = parseWall(CONFIG);
    expect(() => planTeams(wall, { deadline: 30, maxTeams: 2 })).toThrow(
      'no number of teams up to maxTeams 2 finishes by day 30 with strategy "inOrder": at least 3 teams are needed to lay 87 feet in 30 days',
    );
  });

  it('maxTeams at the answer is fine', () => {
    expect(planTeams(parseWall(CONFIG), { deadline: 30, maxTeams: 4 })).toMatchObject({
      teams: 4,
    });
  });

  it.each([
    [{ deadline: 0 }, 'Expected `deadline` to be a positive integer (days), got `0` (number)'],
    [{ deadline: 1.5 }, 'Expected `deadline` to be a positive integer (days), got `1.5` (number)'],
    [{}, 'Expected `deadline` to be a positive integer (days), got `undefined` (undefined)'],
    [
      { deadline: 30, maxTeams: 0 },
      'Expected `maxTeams` to be a whole number from 1 to 2147483646, got `0` (number)',
    ],
    [
      { deadline: 30, strategy: {} },
      'Expected `strategy` to be a crew strategy ({ name, create(wall) }), got `{}` (object)',
    ],
  ])('refuses %j', (options, message) => {
    expect(() => planTeams(parseWall(CONFIG), options as never)).toThrow(message);
  });

  it('refuses a wall that is not a Wall', () => {
    expect(() => planTeams('21 25' as never, { deadline: 3 })).toThrow('Expected `wall` to be');
  });

  it('works with a user strategy (checked picks)', () => {
    const lastFirst: CrewStrategy = {
      name: 'lastFirst',
      create: () => (context) => {
        let last = 0;
        for (const s of context.pending) last = s.position;
        return last;
      },
    };
    const wall = parseWall(CONFIG);
    const plan = planTeams(wall, { deadline: 30, strategy: lastFirst });
    expect(plan.days).toBe(simulate(wall, { teams: plan.teams, strategy: lastFirst }).days);
    expect(plan.days).toBeLessThanOrEqual(30);
    if (plan.teams > 1) {
      expect(simulate(wall, { teams: plan.teams - 1, strategy: lastFirst }).days).toBeGreaterThan(
        30,
      );
    }
  });
});

describe('planTeams: exact (property tests)', () => {
  it('the days-only schedule gives simulate(...).days for every built-in strategy', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 30 })
          .chain((target) =>
            fc.tuple(fc.constant(target), wallArb(target, 12), fc.integer({ min: 1, max: 70 })),
          ),
        fc.constantFrom(...BUILT_INS),
        ([target, profiles, teams], s) => {
          const wall = createWall(profiles, { targetHeight: target });
          expect(scheduleDays(wall, teams, s)).toBe(simulate(wall, { teams, strategy: s }).days);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('equals the brute-force search on random walls, every built-in strategy', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 30 })
          .chain((target) =>
            fc.tuple(fc.constant(target), wallArb(target, 8), fc.integer({ min: 1, max: 300 })),
          ),
        fc.constantFrom(...BUILT_INS),
        ([target, profiles, deadline], s) => {
          const wall = createWall(profiles, { targetHeight: target });
          const longest = Math.max(0, ...profiles.flat().map((h) => target - h));
          if (longest === 0) {
            expect(planTeams(wall, { deadline, strategy: s })).toMatchObject({ teams: 0, days: 0 });
            return;
          }
          if (deadline < longest) {
            expect(() => planTeams(wall, { deadline, strategy: s })).toThrow(
              `${longest} days is the shortest possible deadline`,
            );
            return;
          }
          const plan = planTeams(wall, { deadline, strategy: s });
          expect({ teams: plan.teams, days: plan.days }).toEqual(
            bruteForce(profiles, target, deadline, s),
          );
          expect(plan.teams).toBeGreaterThanOrEqual(plan.lowerBound);
          expect(plan.teams).toBeLessThanOrEqual(plan.upperBound);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("Graham's bound holds: the upper bound always meets the deadline", () => {
    fc.assert(
      fc.property(
        wallArb(30, 10),
        fc.integer({ min: 1, max: 200 }),
        fc.constantFrom(...BUILT_INS),
        (profiles, deadline, s) => {
          const wall = createWall(profiles);
          let plan: ReturnType<typeof planTeams>;
          try {
            plan = planTeams(wall, { deadline, strategy: s });
          } catch {
            return;
          }
          if (plan.teams === 0) return;
          expect(simulate(wall, { teams: plan.upperBound, strategy: s }).days).toBeLessThanOrEqual(
            deadline,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('days and team counts with the built-in strategies', () => {
  it('never grow with more teams (a fixed pick order; see docs/engine.md)', () => {
    fc.assert(
      fc.property(wallArb(30, 12), fc.constantFrom(...BUILT_INS), (profiles, s) => {
        const wall = createWall(profiles);
        let previous = Number.POSITIVE_INFINITY;
        for (let teams = 1; teams <= wall.sectionCount + 1; teams++) {
          const days = scheduleDays(wall, teams, s);
          expect(days).toBeLessThanOrEqual(previous);
          previous = days;
        }
      }),
      { numRuns: 200 },
    );
  });

  it('SPEC §5 wall, inOrder: 87, 48, 31, 26, 23, 21, 18, 15, 13, 13 days for 1 to 10 teams', () => {
    const wall = parseWall(CONFIG);
    const days = Array.from({ length: 10 }, (_, k) => simulate(wall, { teams: k + 1 }).days);
    expect(days).toEqual([87, 48, 31, 26, 23, 21, 18, 15, 13, 13]);
  });
});

describe('more teams can finish later with a team-dependent strategy', () => {
  // Team k takes the k-th pending section: the order of starts depends on T.
  const spread: CrewStrategy = {
    name: 'spread',
    create:
      () =>
      ({ team, pending }) => {
        let k = (team - 1) % pending.size;
        for (const s of pending) if (k-- === 0) return s;
        throw new Error('unreachable');
      },
  };
  const wall = parseWall('19 16 14 23 26 4');

  it('3 teams take 30 days, 4 teams 37 (the docs/engine.md example)', () => {
    expect(simulate(wall, { teams: 3, strategy: spread }).days).toBe(30);
    expect(simulate(wall, { teams: 4, strategy: spread }).days).toBe(37);
  });

  it('planTeams still answers the fewest teams, for every deadline', () => {
    const days = [1, 2, 3, 4, 5, 6].map((t) => simulate(wall, { teams: t, strategy: spread }).days);
    for (let deadline = 26; deadline <= 90; deadline++) {
      const want = days.findIndex((d) => d <= deadline) + 1;
      const plan = planTeams(wall, { deadline, strategy: spread });
      expect(plan.teams, `deadline ${deadline}`).toBe(want);
      expect(plan.days).toBe(days[want - 1]);
    }
  });
});

describe('planTeams: the search', () => {
  // Needs of 1 to 30 feet in random order and a deadline of 31 days: the
  // answer is far above ⌈W ÷ D⌉, where trying every count upward is slow.
  const wall = randomWall({ seed: 7, profiles: 30, sections: 100 });

  it('built-ins gallop and bisect: same answer as trying every count, far fewer schedules', () => {
    for (const s of BUILT_INS) {
      const fast = planTeams(wall, { deadline: 31, strategy: s });
      // A copy of a built-in is not trusted, so it is searched count by count.
      const copy: CrewStrategy = { name: s.name, create: s.create };
      const slow = planTeams(wall, { deadline: 31, strategy: copy });
      expect({ teams: fast.teams, days: fast.days }).toEqual({
        teams: slow.teams,
        days: slow.days,
      });
      expect(fast.evaluated).toBeLessThanOrEqual(2 * Math.log2(slow.evaluated + 1) + 2);
    }
  });

  it('the answer meets the deadline and one team fewer does not', () => {
    const plan = planTeams(wall, { deadline: 31 });
    expect(plan.teams).toBeGreaterThan(plan.lowerBound + 10);
    expect(simulate(wall, { teams: plan.teams }).days).toBe(plan.days);
    expect(plan.days).toBeLessThanOrEqual(31);
    expect(simulate(wall, { teams: plan.teams - 1 }).days).toBeGreaterThan(31);
  });
});
