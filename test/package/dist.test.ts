// The built package, as a user installs it: ESM and CJS entries and one
// declaration file per format. The exported names are snapshotted in
// exports.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { thrown } from '../thrown.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);
// Held in a variable so the type checker does not need a build to exist.
const esmEntry = '../../dist/index.js';
const testingEntry = '../../dist/testing.js';

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

  it('the pure core imports no node: modules', () => {
    const code = readFileSync(`${root}dist/index.js`, 'utf8');
    expect(code).not.toMatch(/from ['"]node:/);
    expect(code).not.toMatch(/require\(['"]node:/);
  });
});
