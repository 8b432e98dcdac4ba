// A teams run of simulateParallel / engine.simulate never blocks the
// caller: built-in and module strategies run on a worker, a strategy
// object runs here in slices. Proven by behaviour, not by a clock: the
// caller's interval fires while the run is going, and an abort settles the
// promise while a strategy is stuck in a loop. (The lateness figures are
// in docs/engine.md; tests never assert wall-clock bounds.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scheduleTeams } from '../../src/engine/engine.js';
import { createEngine } from '../../src/engine/index.js';
import { WorkerPool } from '../../src/engine/pool.js';
import { createWall, longestFirst, simulate } from '../../src/index.js';
import { lastFirst } from './fixtures/last-first.js';
import { expectSameResult } from './helpers.js';

const engine = createEngine({ threads: 2 });
afterAll(() => engine.close());

const STRATEGIES = new URL('./fixtures/strategies.mjs', import.meta.url);

/** A wall of `n` sections, 2000 a profile, heights 0–29 in a fixed pattern. */
function bigWall(n: number) {
  const profiles: number[][] = [];
  for (let at = 0; at < n; at += 2000) {
    profiles.push(Array.from({ length: Math.min(2000, n - at) }, (_, k) => (at + k * 7) % 30));
  }
  return createWall(profiles);
}

/** How many times a 1 ms interval fired while `work` was pending. */
async function ticksDuring<T>(work: Promise<T>): Promise<{ ticks: number; value: T }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  try {
    const value = await work;
    return { ticks, value };
  } finally {
    clearInterval(timer);
  }
}

/** Aborts `controller` once a 1 ms interval has fired `after` times. */
function abortAfterTicks(controller: AbortController, after: number): void {
  let ticks = 0;
  const timer = setInterval(() => {
    if (++ticks >= after) {
      clearInterval(timer);
      controller.abort(new Error('stop requested by the test'));
    }
  }, 1);
}

describe('teams runs leave the calling thread free', () => {
  it('a built-in strategy: the caller’s interval fires while a worker schedules', async () => {
    const wall = bigWall(100_000);
    const { ticks, value } = await ticksDuring(engine.simulate(wall, { teams: 1 }));
    expect(ticks).toBeGreaterThanOrEqual(2);
    expectSameResult(value, simulate(wall, { teams: 1 }));
  });

  it('a module strategy stuck in a loop: an abort settles the promise with the signal’s reason', async () => {
    const controller = new AbortController();
    const run = engine.simulate(bigWall(10), {
      teams: 2,
      strategy: { module: STRATEGIES, export: 'hangs' },
      signal: controller.signal,
    });
    abortAfterTicks(controller, 5);
    await expect(run).rejects.toThrow('stop requested by the test');
    // The engine still works: the stuck worker was stopped and replaced.
    const wall = bigWall(10);
    expectSameResult(await engine.simulate(wall, { teams: 2 }), simulate(wall, { teams: 2 }));
  });

  it('from a file with teams: parsed here in chunks, scheduled on a worker, abortable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icewall-off-thread-'));
    try {
      const path = join(dir, 'wall.txt');
      writeFileSync(path, '21 25 28\n17\n17 22 17 19 17\n');
      const controller = new AbortController();
      const run = engine.simulate(
        { path },
        { teams: 2, strategy: { module: STRATEGIES, export: 'hangs' }, signal: controller.signal },
      );
      abortAfterTicks(controller, 5);
      await expect(run).rejects.toThrow('stop requested by the test');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a strategy object: runs here in slices, so the interval fires and the result is the core’s', async () => {
    // lastFirst walks every pending section on every pick: O(sections²) here.
    const wall = bigWall(4000);
    const { ticks, value } = await ticksDuring(
      engine.simulate(wall, { teams: 3, strategy: lastFirst }),
    );
    expect(ticks).toBeGreaterThanOrEqual(2);
    expectSameResult(value, simulate(wall, { teams: 3, strategy: lastFirst }));
  });

  it('a strategy object: an abort is seen between slices', async () => {
    const controller = new AbortController();
    const run = engine.simulate(bigWall(20_000), {
      teams: 3,
      strategy: lastFirst,
      signal: controller.signal,
    });
    abortAfterTicks(controller, 3);
    await expect(run).rejects.toThrow('stop requested by the test');
  });

  it('a built-in on a small wall runs here, with no thread to start', async () => {
    const pool = new WorkerPool(1, 1000);
    try {
      const wall = bigWall(1 << 16);
      const run = { teams: 7, progressSteps: 100 };
      const result = await scheduleTeams(pool, wall, run, longestFirst, undefined);
      expectSameResult(result, simulate(wall, { teams: 7, strategy: longestFirst }));
      expect(pool.liveThreads).toBe(0);
      // One section more: a worker's job.
      await scheduleTeams(pool, bigWall((1 << 16) + 1), run, longestFirst, undefined);
      expect(pool.liveThreads).toBe(1);
    } finally {
      await pool.close();
    }
  });
});
