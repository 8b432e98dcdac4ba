// engine.simulate's recordStarts: a teams run on a worker comes back with
// its start days recorded (no replay on the calling thread at the first
// per-profile query), with the same answers as the core.
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { longestFirst, simulate } from '../../src/index.js';
import { randomWall } from '../../src/testing/index.js';

const engine = createEngine({ threads: 1 });
afterAll(() => engine.close());
// Over 2^16 sections: scheduled on a worker thread.
const wall = randomWall({ seed: 5, profiles: 40, sections: 2000 });

/** Whether a result still has to replay its schedule to answer per profile. */
const replays = (result: object) =>
  (result as unknown as { ledger: { replay?: unknown } }).ledger.replay != null;

describe('engine.simulate({ recordStarts })', () => {
  it('records the start days on the worker; the answers are the core’s', async () => {
    for (const strategy of [undefined, longestFirst]) {
      const lazy = await engine.simulate(wall, { teams: 9, strategy });
      expect(replays(lazy)).toBe(true);
      const recorded = await engine.simulate(wall, { teams: 9, strategy, recordStarts: true });
      expect(replays(recorded)).toBe(false);
      const core = simulate(wall, { teams: 9, strategy });
      expect(recorded.days).toBe(core.days);
      for (const p of [1, 20, 40]) {
        for (const d of [1, Math.floor(core.days / 2), core.days]) {
          expect(recorded.dailyIce(p, d)).toBe(core.dailyIce(p, d));
          expect(recorded.profileCost(p, d)).toBe(core.profileCost(p, d));
        }
      }
      expect(recorded.toJSON()).toEqual(core.toJSON());
    }
  });

  it('is a boolean', async () => {
    await expect(
      engine.simulate(wall, { teams: 2, recordStarts: 'yes' as unknown as boolean }),
    ).rejects.toThrow('Expected `recordStarts` to be a boolean, got `"yes"` (string)');
  });
});
