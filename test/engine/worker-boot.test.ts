// A worker reads the pool's workerData itself (not through tinypool's
// index, which it no longer imports at start): the boot table that close()
// relies on must still be filled, and a reply that moves its buffers
// (tinypool's `move`, now loaded by the first task that needs it) must
// still arrive whole.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { WorkerPool } from '../../src/engine/pool.js';
import { longestFirst, simulate } from '../../src/index.js';
import { randomWall } from '../../src/testing/index.js';

describe('a worker thread at start', () => {
  it('says in the boot table that its modules are loaded', async () => {
    const pool = new WorkerPool(1, 10_000);
    try {
      await pool.run({ kind: 'noop' } as never);
      const table = (pool as unknown as { booted: Int32Array }).booted;
      expect([...table].filter((id) => id !== 0)).toHaveLength(1);
    } finally {
      await pool.close();
    }
  });

  it('moves a result back from its first task (tinypool loaded on demand)', async () => {
    const engine = createEngine({ threads: 1 });
    try {
      const wall = randomWall({ seed: 9, profiles: 30, sections: 200 });
      const got = await engine.simulate(wall, { teams: 7, strategy: longestFirst });
      const want = simulate(wall, { teams: 7, strategy: longestFirst });
      expect(got.days).toBe(want.days);
      expect(got.totalCost()).toBe(want.totalCost());
      expect(got.profileCost(30, want.days)).toBe(want.profileCost(30, want.days));
    } finally {
      await engine.close();
    }
  });
});
