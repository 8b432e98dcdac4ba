// engine.compare: one wall, many runs in parallel, each result the one
// simulate gives with that entry's options.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { WorkerPool } from '../../src/engine/pool.js';
import { shareWall } from '../../src/engine/shared.js';
import { type ResultData, unpackResult } from '../../src/engine/transfer.js';
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

  it('when entries fail, rejects with the error of the first failing entry in the list', async () => {
    // One thread: the 2-team entry starts (and fails) first, the 5-team one after it.
    const one = createEngine({ threads: 1 });
    try {
      const module = new URL('./fixtures/strategies.mjs', import.meta.url);
      const strategy = { module, export: 'throwsOnDay2' };
      const error = await one
        .compare(parseWall(CONFIG), [
          { teams: 5, strategy },
          { teams: 2, strategy },
        ])
        .catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/on day 3, team 3/);
    } finally {
      await one.close();
    }
  });

  it("threads start the entries with the fewest teams first, one crew per section last; results keep the entries' order", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icewall-compare-'));
    const file = join(dir, 'order.txt');
    writeFileSync(file, '');
    // Read by the fixture strategies in the worker (which copies the environment when it starts).
    process.env.ICEWALL_TEST_ORDER_FILE = file;
    const one = createEngine({ threads: 1 });
    try {
      const module = new URL('./fixtures/strategies.mjs', import.meta.url);
      const wall = parseWall(CONFIG);
      const results = await one.compare(wall, [
        { teams: 30, strategy: { module, export: 'recordsA' } },
        {},
        { teams: 2, strategy: { module, export: 'recordsB' } },
        { teams: 4, strategy: { module, export: 'recordsC' } },
      ]);
      expect(readFileSync(file, 'utf8')).toBe('recordsB\nrecordsC\nrecordsA\n');
      expect(results.map((r) => r.days)).toEqual([13, 13, 48, 26]);
      expect(results.map((r) => r.strategy)).toEqual([
        'recordsA',
        'oneCrewPerSection',
        'recordsB',
        'recordsC',
      ]);
    } finally {
      await one.close();
      delete process.env.ICEWALL_TEST_ORDER_FILE;
      rmSync(dir, { recursive: true, force: true });
    }
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
      'Expected `teams` to be a whole number from 1 to 2147483646, got `0` (number)',
    );
  });
});

describe('a simulate task', () => {
  it('answers with its packed result in the reply itself (moved, no port of its own)', async () => {
    const pool = new WorkerPool(1, 1000);
    try {
      const wall = parseWall(CONFIG);
      const data = await pool.run<ResultData>({
        kind: 'simulate',
        wall: shareWall(wall),
        teams: 2,
        strategy: { kind: 'builtin', name: 'inOrder' },
        progressSteps: 100,
      });
      expectSameResult(unpackResult(data, wall), simulate(wall, { teams: 2 }));
    } finally {
      await pool.close();
    }
  });
});

describe('a failed compare stops what it no longer needs (issue 19 #4)', () => {
  const module = new URL('./fixtures/strategies.mjs', import.meta.url);
  const wall = createWall([[21, 25, 28], [17], [17, 22, 17, 19, 17]]);

  it.each([1, 2])(
    'with %i thread(s): rejects with the failing entry, stops the hanging one, the engine goes on',
    async (threads) => {
      const own = createEngine({ threads });
      try {
        const error = await own
          .compare(wall, [
            { teams: 2, strategy: { module, export: 'throwsOnDay2' } },
            { teams: 3, strategy: { module, export: 'hangs' } },
          ])
          .then(
            () => undefined,
            (e: unknown) => e as Error & { code?: string },
          );
        expect(error?.code).toBe('ERR_STRATEGY');
        expect(error?.message).toContain('throwsOnDay2');
        // The hanging entry held a thread: a later sweep that needs every
        // thread waited forever (and with 2 threads one burned a CPU).
        const again = await own.compare(
          wall,
          Array.from({ length: threads }, () => ({ teams: 2 })),
        );
        expect(again.map((r) => r.days)).toEqual(Array(threads).fill(48));
      } finally {
        await own.close();
      }
    },
  );

  it('a sparse entries array is refused, naming the hole (it crashed the process)', async () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is the case under test
    const entries = [, { teams: 2 }] as { teams?: number }[];
    await expect(engine.compare(wall, entries)).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTION',
      message: 'Expected `entries[0]` to be an object, got `undefined` (undefined)',
    });
  });
});
