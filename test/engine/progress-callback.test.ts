// Issue 19 #7: an onBytesRead that throws, with workers counting, rejects
// the call with the callback's own error and nothing else escapes: it is
// called from port listeners, where a throw used to surface later as
// uncaught exceptions, after the promise had rejected.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';

const engine = createEngine({ threads: 2 });
/** About 6 MB: several pieces, progress reported by the worker too. */
const BIG = new TextEncoder().encode('1 2 3 4 5 6 7 8 9 10\n'.repeat(300_000));
let dir = '';
let path = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'icewall-progress-'));
  path = join(dir, 'big.txt');
  await writeFile(path, BIG);
});
afterAll(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a throwing onBytesRead with two counting threads', () => {
  it.each([1, 3, 6])(
    'throwing on call %i: the call rejects with that error, nothing escapes',
    async (on) => {
      const escaped: unknown[] = [];
      const onUncaught = (error: unknown) => escaped.push(error);
      process.on('uncaughtException', onUncaught);
      try {
        for (const source of [BIG, { path }]) {
          const boom = new Error(`progress bar broke on call ${on}`);
          let calls = 0;
          await expect(
            engine.simulate(source, {
              parallelism: 2,
              onBytesRead: () => {
                if (++calls === on) throw boom;
              },
            }),
          ).rejects.toBe(boom);
        }
        // Late port messages would throw here, after the rejection.
        await new Promise((resolve) => setTimeout(resolve, 200));
      } finally {
        process.off('uncaughtException', onUncaught);
      }
      expect(escaped).toEqual([]);
      // The engine is still usable.
      expect((await engine.simulate(BIG, { parallelism: 2 })).days).toBe(29);
    },
  );
});
