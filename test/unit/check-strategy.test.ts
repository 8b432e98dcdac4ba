import { describe, expect, it } from 'vitest';
import {
  type CrewStrategy,
  inOrder,
  longestFirst,
  roundRobin,
  shortestFirst,
  simulate,
} from '../../src/index.js';
import {
  checkStrategy,
  exampleWall,
  randomWall,
  StrategyCheckError,
} from '../../src/testing/index.js';
import { thrown } from '../thrown.js';

function rejection(strategy: CrewStrategy): StrategyCheckError {
  const error = thrown(() => checkStrategy(strategy));
  expect(error).toBeInstanceOf(StrategyCheckError);
  return error as StrategyCheckError;
}

describe('checkStrategy', () => {
  it.each([inOrder, longestFirst, shortestFirst, roundRobin])('passes the built-in $name', (s) => {
    expect(() => checkStrategy(s, { runs: 80 })).not.toThrow();
  });

  it('passes a correct user strategy', () => {
    const lastFirst: CrewStrategy = {
      name: 'lastFirst',
      create:
        () =>
        ({ pending }) => {
          let last = 0;
          for (const s of pending) last = s.position;
          return last;
        },
    };
    expect(() => checkStrategy(lastFirst)).not.toThrow();
  });

  it('rejects a strategy that picks a finished section, with a small counterexample', () => {
    const e = rejection({
      name: 'anyUnassigned',
      create: (wall) => {
        let next = 0;
        return () => (next++ % wall.sectionCount) + 1;
      },
    });
    expect(e.invariant).toBe('every pick is a pending section');
    expect(e.message).toMatch(/already finished|already taken/);
    expect(e.wall.flat().length).toBeLessThanOrEqual(3);
    expect(e.name).toBe('AssertionError');
    expect(e.code).toBe('ERR_STRATEGY_CHECK');
    expect(e.message).toContain(`wall (teams: ${e.teams}):`);
  });

  it('rejects a strategy that picks a section another team has taken', () => {
    const e = rejection({
      name: 'alwaysFirst',
      create:
        () =>
        ({ wall }) => {
          const { heights } = wall;
          return heights.findIndex((h) => h < 30) + 1;
        },
    });
    expect(e.invariant).toBe('every pick is a pending section');
    expect(e.message).toContain('which a team has already taken');
    expect(e.teams).toBe(1);
  });

  it('rejects a strategy that returns nothing', () => {
    const e = rejection({ name: 'lazy', create: () => () => undefined as never });
    expect(e.invariant).toBe('every pick is a pending section');
    expect(e.message).toContain('returned `undefined`');
    expect(e.wall).toEqual([[e.wall[0]?.[0]]]);
  });

  it('rejects a strategy that throws, keeping the cause', () => {
    const e = rejection({
      name: 'thrower',
      create: () => () => {
        throw new Error('no idea');
      },
    });
    expect(e.invariant).toBe('the strategy never throws');
    expect(e.message).toContain('threw: no idea');
    expect((e.cause as Error).message).toContain('no idea');
  });

  it('rejects a strategy whose state leaks from one run to the next', () => {
    let calls = 0;
    const leaky: CrewStrategy = {
      name: 'leaky',
      create:
        () =>
        ({ pending }) => {
          calls++;
          let chosen = pending.first()?.position ?? 0;
          if (calls % 2 === 0) for (const s of pending) chosen = s.position;
          return chosen;
        },
    };
    const e = rejection(leaky);
    expect(e.invariant).toBe('the same input gives the same result twice');
    // The difference in words: the event, the day, the team and both sections.
    expect(e.message).toMatch(
      /\n {2}event \d+ differs: on day \d+ team \d+ took profile \d+ section \d+ in the first run, but profile \d+ section \d+ in the second\n/,
    );
  });
});

describe('test walls', () => {
  it('exampleWall is the SPEC §5 wall', () => {
    const r = simulate(exampleWall());
    expect(r.days).toBe(13);
    expect(r.totalCost()).toBe(32_233_500);
  });

  it('randomWall is seeded: same seed, same wall; sizes as asked', () => {
    const a = randomWall({ seed: 42, profiles: 7, sections: [3, 9] });
    const b = randomWall({ seed: 42, profiles: 7, sections: [3, 9] });
    expect(a.toArrays()).toEqual(b.toArrays());
    expect(randomWall({ seed: 43, profiles: 7, sections: [3, 9] }).toArrays()).not.toEqual(
      a.toArrays(),
    );
    expect(a.profileCount).toBe(7);
    for (const row of a.toArrays()) expect(row.length).toBeGreaterThanOrEqual(3);
    const big = randomWall({ seed: 1, profiles: 2, sections: 5000 });
    expect(big.sectionCount).toBe(10_000);
    const heights = big.toArrays().flat();
    expect(heights).toContain(0);
    expect(heights).toContain(30);
  });
});

describe('checkStrategy refuses what is not a strategy or a run count (issue 19 #10)', () => {
  it.each([
    [undefined, 'got `undefined` (undefined)'],
    [null, 'got `null` (null)'],
    [5, 'got `5` (number)'],
    [{}, 'got'],
  ])('checkStrategy(%j)', (value, got) => {
    const error = thrown(() => checkStrategy(value as unknown as CrewStrategy));
    expect(error).toMatchObject({ code: 'ERR_INVALID_OPTION' });
    expect((error as Error).message).toContain(
      'Expected `strategy` to be a crew strategy ({ name, create(wall) })',
    );
    expect((error as Error).message).toContain(got);
  });

  it.each([0, -1, 1.5])('runs: %d', (runs) => {
    const error = thrown(() => checkStrategy(inOrder, { runs }));
    expect(error).toMatchObject({ code: 'ERR_INVALID_OPTION' });
    expect((error as Error).message).toBe(
      `Expected \`runs\` to be an integer in [1, 1000000], got \`${runs}\` (number)`,
    );
  });
});
