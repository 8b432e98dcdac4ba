// Found by the adversarial pass on the 1.0 API: an abort from inside a
// listener stops the events at once, and a strategy module or a { path }
// source with a misspelt key is refused instead of silently running
// something else.
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, runParallel, simulateParallel } from '../../src/engine/index.js';
import { Simulation } from '../../src/index.js';
import { exampleWall } from '../../src/testing/index.js';

const engine = createEngine({ threads: 1 });
afterAll(() => engine.close());
const module = new URL('./fixtures/strategies.mjs', import.meta.url);

describe('an abort from inside a listener', () => {
  it.each(['runParallel', 'engine.run'])(
    '%s: rejects with the reason, and no event follows',
    async (how) => {
      const sim = new Simulation(exampleWall(), { teams: 2 });
      const controller = new AbortController();
      const after: string[] = [];
      for (const name of [
        'sectionCompleted',
        'teamRelieved',
        'dayCompleted',
        'finished',
      ] as const) {
        sim.on(name, () => {
          if (controller.signal.aborted) after.push(name);
        });
      }
      sim.on('sectionCompleted', (e) => {
        if (e.day === 5) controller.abort();
      });
      const run =
        how === 'runParallel'
          ? runParallel(sim, { signal: controller.signal })
          : engine.run(sim, { signal: controller.signal });
      const error = await run.then(
        () => 'resolved',
        (e: unknown) => e,
      );
      expect(error).toBe(controller.signal.reason);
      // The listener that aborted ran; every listener called after it did not.
      expect(after).toEqual([]);
    },
  );
});

describe('misspelt keys are refused, not ignored', () => {
  it('a strategy module with "exprt" (it loaded the default export: 44 days for 48)', async () => {
    await expect(
      simulateParallel(exampleWall(), {
        teams: 2,
        strategy: { module, exprt: 'lastFirst' } as never,
      }),
    ).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTION',
      message: 'the strategy module: unknown option "exprt" (did you mean "export"?)',
    });
  });

  it('a strategy object that also names a module (two strategies in one)', async () => {
    const hybrid = { name: 'inOrder2', create: () => () => 1, module, export: 'lastFirst' };
    await expect(
      engine.compare(exampleWall(), [{ teams: 2, strategy: hybrid as never }]),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
  });

  it('a { path } source with "encodng"', async () => {
    await expect(
      simulateParallel({ path: 'wall.txt', encodng: 'utf8' } as never),
    ).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTION',
      message: 'the { path } source: unknown option "encodng"; the options are "path"',
    });
  });
});

describe('an export that is not a strategy', () => {
  it('says what was found there, as every other message does', async () => {
    await expect(
      engine.compare(exampleWall(), [{ teams: 2, strategy: { module, export: 'notAStrategy' } }]),
    ).rejects.toThrow('(found `42` (number) there)');
  });
});

describe('one run at a time on a Simulation', () => {
  it('a second runParallel while the first runs is refused; afterwards it runs again', async () => {
    const sim = new Simulation(exampleWall(), { teams: 2 });
    const days: number[] = [];
    sim.on('dayCompleted', (e) => days.push(e.day));
    const first = runParallel(sim);
    await expect(runParallel(sim)).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTION',
      message:
        'this Simulation is already running (sim.run(), runParallel or engine.run); wait for that run, or make another Simulation',
    });
    expect((await first).days).toBe(48);
    // Days never went backwards: the events of one run only.
    expect(days).toEqual(Array.from({ length: 48 }, (_, k) => k + 1));
    expect((await runParallel(sim)).days).toBe(48);
  });
});
