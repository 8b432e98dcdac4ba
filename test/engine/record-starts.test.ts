// A teams result that comes back from a worker carries its start days (or
// inOrder's checkpoints): its first per-profile question never runs the
// whole schedule again on the calling thread. Answers are the core's.
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { longestFirst, roundRobin, simulate } from '../../src/index.js';
import { randomWall } from '../../src/testing/index.js';

const engine = createEngine({ threads: 1 });
afterAll(() => engine.close());
// Over 2^16 sections: scheduled on a worker thread.
const wall = randomWall({ seed: 5, profiles: 40, sections: 2000 });

/** How a result's ledger holds its start days: still to replay, or the record's kind. */
const held = (result: object) => {
  const ledger = (result as unknown as { ledger: { replay: unknown; record: { kind: string } } })
    .ledger;
  return ledger.replay !== null ? 'replay' : ledger.record.kind;
};

describe('a teams result from a worker', () => {
  it('needs no replay of the schedule here; the answers are the core’s', async () => {
    const kinds: Record<string, string> = {};
    for (const strategy of [undefined, longestFirst, roundRobin]) {
      const result = await engine.simulate(wall, { teams: 9, strategy });
      kinds[result.strategy] = held(result);
      const core = simulate(wall, { teams: 9, strategy });
      // The core leaves a built-in's start days for later (inOrder: checkpoints).
      expect(held(core)).toBe(strategy === undefined ? 'checkpoints' : 'replay');
      expect(result.days).toBe(core.days);
      for (const p of [1, 20, 40]) {
        for (const d of [1, Math.floor(core.days / 2), core.days]) {
          expect(result.dailyIce(p, d)).toBe(core.dailyIce(p, d));
          expect(result.profileCost(p, d)).toBe(core.profileCost(p, d));
        }
      }
      expect(result.toJSON()).toEqual(core.toJSON());
    }
    expect(kinds).toEqual({ inOrder: 'checkpoints', longestFirst: 'each', roundRobin: 'each' });
  });
});
