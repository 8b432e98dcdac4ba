// A crew strategy written in TypeScript runs on the engine's workers: the
// worker registers tsx itself (found from the strategy module's folder)
// before importing a `.ts` module, and says how to install tsx when the
// module's project has none. (test/package/ts-strategy.test.ts runs the same
// from a project that installed the packed package.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { parseWall, simulate } from '../../src/index.js';
import { lastFirst } from './fixtures/last-first.js';
import { expectSameResult } from './helpers.js';

const engine = createEngine({ threads: 1 });
const outside = mkdtempSync(join(tmpdir(), 'icewall-no-tsx-'));
afterAll(async () => {
  await engine.close();
  rmSync(outside, { recursive: true, force: true });
});

const wall = parseWall('21 25 28\n17\n17 22 17 19 17\n');
const module = new URL('./fixtures/last-first.ts', import.meta.url);

describe('a TypeScript strategy module on a worker', () => {
  it('gives the result the same strategy gives in-thread', async () => {
    const [result] = await engine.compare(wall, [
      { teams: 2, strategy: { module, export: 'lastFirst' } },
    ]);
    expectSameResult(
      result as NonNullable<typeof result>,
      simulate(wall, { teams: 2, strategy: lastFirst }),
    );
  });

  it('rejects with ERR_STRATEGY saying to install tsx when the module cannot find it', async () => {
    // A temp folder: no node_modules on the way up, so no tsx.
    const file = join(outside, 'strategy.ts');
    writeFileSync(file, 'export const s: { name: string } = { name: "s" };\n');
    const strategy = { module: pathToFileURL(file), export: 's' };
    // A fresh thread: tsx, once registered in a thread, stays registered there.
    const fresh = createEngine({ threads: 1 });
    const error = await fresh
      .compare(wall, [{ teams: 2, strategy }])
      .catch((e: unknown) => e)
      .finally(() => fresh.close());
    expect(error).toMatchObject({ code: 'ERR_STRATEGY' });
    expect((error as Error).message).toContain(pathToFileURL(file).href);
    expect((error as Error).message).toContain('npm i -D tsx');
  });
});
