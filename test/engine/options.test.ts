// Option checks at the engine's edge: one rule per case, with its message.
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { parseWall, Simulation } from '../../src/index.js';

const engine = createEngine({ threads: 1 });
afterAll(() => engine.close());

const CONFIG = '21 25 28\n17\n';
const bytes = new TextEncoder().encode(CONFIG);

describe('engine options', () => {
  it.each([
    [{ threads: 0 }, 'Expected `threads` to be an integer in [1, 256], got `0` (number)'],
    [{ threads: 1.5 }, 'Expected `threads` to be an integer in [1, 256], got `1.5` (number)'],
    [
      { idleTimeout: -1 },
      'Expected `idleTimeout` to be an integer in [0, 2147483647], got `-1` (number)',
    ],
  ])('createEngine(%j)', (options, message) => {
    expect(() => createEngine(options)).toThrow(message);
  });

  it.each([
    [{ parallelism: 0 }, 'Expected `parallelism` to be an integer in [1, 256], got `0` (number)'],
    [
      { parallelism: 'many' },
      'Expected `parallelism` to be an integer in [1, 256], got `"many"` (string)',
    ],
    [{ teams: 0 }, 'Expected `teams` to be a whole number from 1 to 2147483646, got `0` (number)'],
    [{ onBytesRead: 3 }, 'Expected `onBytesRead` to be a function, got `3` (number)'],
    [
      { targetHeight: 300 },
      'Expected `targetHeight` to be an integer in [1, 255], got `300` (number)',
    ],
  ])('simulate(bytes, %j)', async (options, message) => {
    await expect(engine.simulate(bytes, options as never)).rejects.toThrow(message);
  });

  it.each([
    [
      { module: '' },
      'Expected `strategy.module` to be a URL, a path or a package name, got `""` (string)',
    ],
    [
      { module: './s.mjs', export: '' },
      'Expected `strategy.export` to be the name of an export (a non-empty string), got `""` (string)',
    ],
    [
      { name: 'x' },
      'Expected `strategy` to be a crew strategy ({ name, create(wall) }) or its module ({ module, export }), got `{"name":"x"}` (object)',
    ],
  ])('compare strategy %j', async (strategy, message) => {
    await expect(
      engine.compare(parseWall(CONFIG), [{ teams: 2, strategy: strategy as never }]),
    ).rejects.toThrow(message);
  });

  it('runParallel batchSize', async () => {
    const sim = new Simulation(parseWall(CONFIG), { teams: 1 });
    await expect(engine.run(sim, { batchSize: 0 })).rejects.toThrow(
      'Expected `batchSize` to be an integer in [1, 1048576], got `0` (number)',
    );
  });

  it('planTeams needs a deadline', async () => {
    await expect(engine.planTeams(parseWall(CONFIG), {} as never)).rejects.toThrow(
      'Expected `deadline` to be a positive integer (days), got `undefined` (undefined)',
    );
  });

  it('compare needs an array', async () => {
    await expect(engine.compare(parseWall(CONFIG), {} as never)).rejects.toThrow(
      'Expected `entries` to be an array of options, got `{}` (object)',
    );
  });
});
