// engine.planTeams: the same teams and days as the core's planTeams.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import {
  createWall,
  inOrder,
  longestFirst,
  parseWall,
  planTeams,
  roundRobin,
  shortestFirst,
} from '../../src/index.js';
import { wallArb } from '../arbitraries.js';

const engine = createEngine({ threads: 2 });
afterAll(() => engine.close());

const CONFIG = '21 25 28\n17\n17 22 17 19 17\n';

describe('engine.planTeams', () => {
  it('SPEC §9 examples', async () => {
    const wall = parseWall(CONFIG);
    for (const [deadline, teams, days] of [
      [30, 4, 26],
      [48, 2, 48],
      [100, 1, 87],
      [13, 9, 13],
    ] as const) {
      expect(await engine.planTeams(wall, { deadline })).toMatchObject({ teams, days });
    }
    await expect(engine.planTeams(wall, { deadline: 12 })).rejects.toThrow(
      '13 days is the shortest possible deadline',
    );
    await expect(engine.planTeams(wall, { deadline: 30, maxTeams: 3 })).rejects.toThrow(
      'the best found was 3 teams finishing on day 31',
    );
  });

  it('matches the core on random walls with every built-in strategy', async () => {
    await fc.assert(
      fc.asyncProperty(
        wallArb(30, 30),
        fc.integer({ min: 30, max: 400 }),
        fc.constantFrom(inOrder, longestFirst, shortestFirst, roundRobin),
        async (profiles, deadline, strategy) => {
          const wall = createWall(profiles);
          const core = planTeams(wall, { deadline, strategy });
          const parallel = await engine.planTeams(wall, { deadline, strategy });
          expect({ teams: parallel.teams, days: parallel.days }).toEqual({
            teams: core.teams,
            days: core.days,
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a strategy module', async () => {
    const { lastFirst } = await import('./fixtures/strategies.mjs');
    const wall = parseWall(CONFIG);
    const plan = await engine.planTeams(wall, {
      deadline: 30,
      strategy: {
        module: new URL('./fixtures/strategies.mjs', import.meta.url),
        export: 'lastFirst',
      },
    });
    expect(plan).toMatchObject(planTeams(wall, { deadline: 30, strategy: lastFirst }));
  });

  it('refuses a strategy object that is not built in', async () => {
    await expect(
      engine.planTeams(parseWall(CONFIG), {
        deadline: 30,
        strategy: { name: 'mine', create: inOrder.create },
      }),
    ).rejects.toThrow('pass its module instead');
  });
});

describe('speculative candidates never change the answer (issue 19 #5)', () => {
  const module = new URL('./fixtures/strategies.mjs', import.meta.url);

  it.each([
    ['throwsFromTeam4', 2],
    ['throwsFromTeam4', 4],
    ['hangsFromTeam4', 2],
    ['hangsFromTeam4', 4],
  ])('%s on %i threads: the core answer, 3 teams in 31 days', async (name, threads) => {
    const strategies = await import('./fixtures/strategies.mjs');
    const strategy = strategies[name as 'throwsFromTeam4'];
    const wall = parseWall('21 25 28\n17\n17 22 17 19 17\n');
    const core = planTeams(wall, { deadline: 31, strategy });
    expect(core).toMatchObject({ teams: 3, days: 31 });
    const own = createEngine({ threads });
    try {
      const plan = await own.planTeams(wall, { deadline: 31, strategy: { module, export: name } });
      expect(plan).toMatchObject({ teams: core.teams, days: core.days });
      // The engine stays usable: its stuck threads were stopped.
      expect((await own.simulate(wall, { teams: 2 })).days).toBe(48);
    } finally {
      await own.close();
    }
  });
});
