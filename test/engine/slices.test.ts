// The one slice driver (simulate-stream.ts `runInSlices`): a strategy
// object's schedule runs on the calling thread a slice at a time, both in
// engine.simulate and in simulateStream; engine.close() stops a sliced run
// as it stops the threads' work (stop 23's adversarial pass). Driven from
// inside the strategy's picks, so nothing depends on a clock.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { type CrewStrategy, createWall, simulate, simulateStream } from '../../src/index.js';

const profiles = Array.from({ length: 4 }, (_, p) =>
  Array.from({ length: 500 }, (_, k) => (p + k * 7) % 30),
);
const wall = createWall(profiles);
const text = profiles.map((p) => p.join(' ')).join('\n');

/** Builds in order; each pick spins ~0.1 ms, so a run takes many slices; `onPick(n)` sees every pick. */
function slow(onPick: (picks: number) => void): CrewStrategy & { picks: () => number } {
  let picks = 0;
  return {
    name: 'slowInOrder',
    picks: () => picks,
    create: () => (context) => {
      picks++;
      onPick(picks);
      const until = performance.now() + 0.1;
      while (performance.now() < until) {}
      return (context.pending.first() as { position: number }).position;
    },
  };
}

describe('a strategy object run in slices', () => {
  it('engine.close() stops it: the call rejects with the documented error, and no pick follows', async () => {
    const engine = createEngine({ threads: 1 });
    const strategy = slow((n) => {
      if (n === 10) void engine.close();
    });
    await expect(engine.simulate(wall, { teams: 3, strategy })).rejects.toMatchObject({
      code: 'ERR_WORKER',
      message: 'the engine was closed before the task finished',
    });
    const seen = strategy.picks();
    expect(seen).toBeLessThan(wall.sectionCount);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(strategy.picks()).toBe(seen);
  });

  it('simulateStream lets the event loop turn between slices, and gives the core answer', async () => {
    let turned = -1;
    const strategy = slow((n) => {
      if (n === 1) setImmediate(() => (turned = strategy.picks()));
    });
    const result = await simulateStream([text], { teams: 3, strategy });
    expect(turned).toBeGreaterThan(0);
    expect(turned).toBeLessThan(strategy.picks()); // the callback ran mid-run
    const core = simulate(wall, { teams: 3, strategy: slow(() => {}) });
    expect(result.toJSON()).toEqual(core.toJSON());
  });

  it('simulateStream stops at the next slice when aborted', async () => {
    const controller = new AbortController();
    const strategy = slow((n) => {
      if (n === 10) controller.abort();
    });
    const error = await simulateStream([text], {
      teams: 3,
      strategy,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(error).toBe(controller.signal.reason);
    const seen = strategy.picks();
    expect(seen).toBeLessThan(wall.sectionCount);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(strategy.picks()).toBe(seen);
  });
});
