// runParallel: the same events in the same order and the same result as
// sim.run(), on random walls, both modes, every built-in strategy.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import {
  createWall,
  inOrder,
  longestFirst,
  parseWall,
  roundRobin,
  Simulation,
  shortestFirst,
} from '../../src/index.js';
import { exampleWall } from '../../src/testing/index.js';
import { caseArb } from '../arbitraries.js';
import { expectSameResult, record } from './helpers.js';

const engine = createEngine({ threads: 2 });
afterAll(() => engine.close());

const STRATEGIES = [inOrder, longestFirst, shortestFirst, roundRobin];

describe('runParallel', () => {
  it('SPEC §5 with two teams: the log events and the result', async () => {
    const wall = parseWall('21 25 28\n17\n17 22 17 19 17\n');
    const here = new Simulation(wall, { teams: 2 });
    const there = new Simulation(wall, { teams: 2 });
    const expected = record(here);
    const actual = record(there);
    const result = await engine.run(there);
    expectSameResult(result, here.run());
    expect(actual).toEqual(expected);
    expect(result.wall).toBe(wall);
  });

  it('random walls, both modes, every built-in strategy: same events, same answers', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, fc.constantFrom(...STRATEGIES), async (c, strategy) => {
        const wall = createWall(c.profiles, { targetHeight: c.target });
        const options = { teams: c.teams, strategy, progressSteps: c.progressSteps };
        const here = new Simulation(wall, options);
        const there = new Simulation(wall, options);
        const expected = record(here);
        const actual = record(there);
        const want = here.run();
        const got = await engine.run(there, { batchSize: 7 });
        expect(actual).toEqual(expected);
        // Payload fields in the same order, so JSON lines are the same bytes.
        expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
        expectSameResult(got, want);
      }),
      { numRuns: 120 },
    );
  });

  it('only the events listened to cross, in order', async () => {
    const wall = createWall([
      [1, 2, 3, 4],
      [5, 6],
    ]);
    const here = new Simulation(wall, { teams: 3 });
    const there = new Simulation(wall, { teams: 3 });
    const names = ['teamRelieved', 'finished'];
    const expected = record(here, names);
    const actual = record(there, names);
    here.run();
    await engine.run(there, { batchSize: 1 });
    expect(actual).toEqual(expected);
  });

  it('lets the event loop run between batches', async () => {
    const wall = createWall(Array.from({ length: 50 }, () => Array.from({ length: 40 }, () => 1)));
    const sim = new Simulation(wall, { teams: 7 });
    let events = 0;
    sim.on('sectionCompleted', () => events++);
    // Counts turns of the event loop (one immediate a turn), however fast
    // or slow the machine: a timer would count milliseconds instead.
    let turns = 0;
    let counting = true;
    const turn = () => {
      turns++;
      if (counting) setImmediate(turn);
    };
    setImmediate(turn);
    await engine.run(sim, { batchSize: 16 });
    counting = false;
    expect(events).toBe(2000);
    // 125 batches, a turn of the loop between each.
    expect(turns).toBeGreaterThan(5);
  });

  it('a listener that throws fails the run with its error', async () => {
    const sim = new Simulation(createWall([[1, 2, 3]]), { teams: 1 });
    sim.on('sectionCompleted', () => {
      throw new Error('listener failed');
    });
    await expect(engine.run(sim)).rejects.toThrow('listener failed');
    // The engine still works.
    const next = new Simulation(createWall([[1]]), { teams: 1 });
    expect((await engine.run(next)).days).toBe(29);
  });

  it('refuses a strategy object that is not built in, saying to pass its module', async () => {
    const mine = { name: 'mine', create: inOrder.create };
    const sim = new Simulation(createWall([[1, 2]]), { teams: 1, strategy: mine });
    await expect(engine.run(sim)).rejects.toThrow(
      'strategy "mine" cannot run on a worker thread as an object (its code is in a closure): pass its module instead',
    );
  });

  it("refuses a module that is not the Simulation's own strategy (issue 19 #9: it gave 48 days where sim.run() gave 46)", async () => {
    const { lastFirst } = await import('./fixtures/strategies.mjs');
    const module = new URL('./fixtures/strategies.mjs', import.meta.url);
    const mine = new Simulation(exampleWall(), { teams: 2, strategy: lastFirst });
    await expect(
      engine.run(mine, { strategy: { module, export: 'recordsA' } }),
    ).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTION',
      message:
        'the strategy module\'s export is strategy "recordsA", but the Simulation runs strategy "lastFirst": pass the module of the Simulation\'s own strategy',
    });
    const builtIn = new Simulation(exampleWall(), { teams: 2 });
    await expect(
      engine.run(builtIn, { strategy: { module, export: 'lastFirst' } }),
    ).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTION',
      message: expect.stringContaining('the Simulation runs the built-in strategy "inOrder"'),
    });
    // One crew per section: no strategy applies, any module is harmless.
    const oneCrew = new Simulation(exampleWall());
    expect((await engine.run(oneCrew, { strategy: { module, export: 'lastFirst' } })).days).toBe(
      13,
    );
  });

  it('runs a user strategy from its module', async () => {
    const { lastFirst } = await import('./fixtures/strategies.mjs');
    const wall = createWall([
      [1, 2, 3],
      [4, 5],
    ]);
    const here = new Simulation(wall, { teams: 2, strategy: lastFirst });
    const there = new Simulation(wall, { teams: 2, strategy: lastFirst });
    const expected = record(here);
    const actual = record(there);
    const want = here.run();
    const got = await engine.run(there, {
      strategy: {
        module: new URL('./fixtures/strategies.mjs', import.meta.url),
        export: 'lastFirst',
      },
    });
    expect(actual).toEqual(expected);
    expectSameResult(got, want);
  });
});
