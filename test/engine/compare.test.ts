// engine.compare: one wall, many runs in parallel, each result the one
// simulate gives with that entry's options.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import {
  createWall,
  inOrder,
  longestFirst,
  parseWall,
  roundRobin,
  shortestFirst,
  simulate,
} from '../../src/index.js';
import { wallArb } from '../arbitraries.js';
import { expectSameResult } from './helpers.js';

const engine = createEngine({ threads: 2 });
afterAll(() => engine.close());

const STRATEGIES = [inOrder, longestFirst, shortestFirst, roundRobin];
const CONFIG = '21 25 28\n17\n17 22 17 19 17\n';

describe('compare', () => {
  it('team counts on the SPEC §5 wall', async () => {
    const wall = parseWall(CONFIG);
    const results = await engine.compare(wall, [{ teams: 1 }, { teams: 2 }, { teams: 4 }, {}]);
    expect(results.map((r) => r.days)).toEqual([87, 48, 26, 13]);
    for (const r of results) expect(r.wall).toBe(wall);
  });

  it('random walls and entries: each result is simulate(wall, entry)', async () => {
    const entryArb = fc.record({
      teams: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
      strategy: fc.constantFrom(...STRATEGIES),
      progressSteps: fc.integer({ min: 1, max: 10 }),
    });
    await fc.assert(
      fc.asyncProperty(
        wallArb(30, 40),
        fc.array(entryArb, { minLength: 1, maxLength: 5 }),
        async (profiles, entries) => {
          const wall = createWall(profiles);
          const results = await engine.compare(wall, entries);
          expect(results).toHaveLength(entries.length);
          entries.forEach((entry, k) => {
            expectSameResult(results[k] as never, simulate(wall, entry));
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('takes bytes and files, with the wall options', async () => {
    const bytes = new TextEncoder().encode('1 2 3\n4 5\n');
    const [r] = await engine.compare(bytes, [{ teams: 2 }], { targetHeight: 10 });
    expectSameResult(
      r as never,
      simulate(parseWall('1 2 3\n4 5\n', { targetHeight: 10 }), { teams: 2 }),
    );
  });

  it('runs a strategy module on the workers', async () => {
    const { lastFirst } = await import('./fixtures/strategies.mjs');
    const wall = parseWall(CONFIG);
    const [r] = await engine.compare(wall, [
      { teams: 3, strategy: { module: new URL('./fixtures/strategies.mjs', import.meta.url) } },
    ]);
    expectSameResult(r as never, simulate(wall, { teams: 3, strategy: lastFirst }));
  });

  it('checks every entry before starting', async () => {
    await expect(engine.compare(parseWall(CONFIG), [{ teams: 2 }, { teams: 0 }])).rejects.toThrow(
      'Expected `teams` to be a positive integer, got `0` (number)',
    );
  });
});
