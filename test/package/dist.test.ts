// The built package, as a user installs it: ESM and CJS entries and one
// declaration file per format. The exported names are snapshotted in
// exports.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { thrown } from '../thrown.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);
// Held in a variable so the type checker does not need a build to exist.
const esmEntry = '../../dist/index.js';
const testingEntry = '../../dist/testing.js';

/** What a built file loads: `import`/`export … from`, bare `import "x"`, `import("x")`, `require("x")`. */
const LOADS = /\b(?:from\s*|import\s*\(?\s*|require\s*\(\s*)["']([^"']+)["']/g;

/**
 * Every file of dist/ that `entry` loads, itself included, with what each
 * loads: relative specifiers are followed (they are the chunks the entry
 * shares with the other subpaths), the rest are listed.
 */
function loadGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [new URL(entry, `file://${root}dist/`).href];
  for (let url = pending.pop(); url !== undefined; url = pending.pop()) {
    if (graph.has(url)) continue;
    const specifiers = [...readFileSync(new URL(url), 'utf8').matchAll(LOADS)].map(
      (m) => m[1] as string,
    );
    graph.set(url, specifiers);
    for (const s of specifiers) if (s.startsWith('.')) pending.push(new URL(s, url).href);
  }
  return graph;
}

/** Node's own modules, with or without `node:` (tsup drops the prefix). */
const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

describe('dist', () => {
  it('exists (npm test builds it first)', () => {
    for (const file of [
      'index.js',
      'index.cjs',
      'index.d.ts',
      'index.d.cts',
      'testing.js',
      'testing.cjs',
      'testing.d.ts',
      'testing.d.cts',
    ]) {
      expect(existsSync(`${root}dist/${file}`), file).toBe(true);
    }
  });

  it('ESM entry: a run', async () => {
    const mod = await import(esmEntry);
    const result = mod.simulate(mod.parseWall('21 25 28\n17\n17 22 17 19 17'), { teams: 2 });
    expect(result.days).toBe(48);
    expect(result.totalCost()).toBe(32_233_500);
  });

  it('CJS entry: a run', () => {
    const mod = require('../../dist/index.cjs');
    expect(mod.simulate(mod.parseWall('21 25 28\n17\n17 22 17 19 17')).days).toBe(13);
  });

  it('icewall/testing: a check of a built-in', async () => {
    const esm = await import(testingEntry);
    const core = await import(esmEntry);
    expect(() => esm.checkStrategy(core.longestFirst, { runs: 10 })).not.toThrow();
  });

  it('the package name resolves to dist through the exports map', () => {
    expect(require.resolve('icewall')).toBe(`${root}dist/index.cjs`);
    expect(require.resolve('icewall/testing')).toBe(`${root}dist/testing.cjs`);
    expect(require('icewall/package.json').name).toBe('icewall');
  });

  it('errors are recognised across the two builds by brand, not class', async () => {
    const esm = await import(esmEntry);
    const cjs = require('../../dist/index.cjs');
    const caught = thrown(() => cjs.parseWall('31'));
    expect(esm.isIcewallError(caught)).toBe(true);
    expect(caught instanceof esm.ParseError).toBe(false);
  });

  it('the pure core imports no node: modules, in any chunk it loads', () => {
    for (const entry of ['index.js', 'index.cjs']) {
      const graph = loadGraph(entry);
      // It does load shared chunks: the check below must see them.
      expect([...graph.keys()].length, entry).toBeGreaterThan(1);
      for (const [file, specifiers] of graph) {
        const node = specifiers.filter((s) => NODE_BUILTINS.has(s) || s.startsWith('node:'));
        expect(node, `${file.slice(file.lastIndexOf('/') + 1)} (loaded by ${entry})`).toEqual([]);
      }
    }
  });

  it('the check above sees what a Node-only entry imports through its chunks', () => {
    const loaded = [...loadGraph('engine.cjs').values()].flat();
    expect(loaded).toEqual(expect.arrayContaining(['worker_threads']));
  });

  it('every subpath shares one core: classes are the same across entries (ESM and CJS)', async () => {
    const cjs = require('../../dist/index.cjs');
    const cjsTesting = require('../../dist/testing.cjs');
    const cjsEngine = require('../../dist/engine.cjs');
    expect(cjsTesting.exampleWall()).toBeInstanceOf(cjs.Wall);
    const esm = await import(esmEntry);
    const esmTesting = await import(testingEntry);
    expect(esmTesting.exampleWall()).toBeInstanceOf(esm.Wall);
    const engine = cjsEngine.createEngine({ threads: 1 });
    try {
      // Parsed on a worker, rebuilt on this side as the core's own class.
      const error = await engine.simulate(Buffer.from('21 25\n17 31\n'), { parallelism: 2 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(cjs.IcewallError);
      expect(error).toBeInstanceOf(cjs.ParseError);
    } finally {
      await engine.close();
    }
  });
});
