// The built package, as a user installs it: ESM and CJS entries, one
// declaration file per format, and the exported names (a snapshot, so a
// rename or a removal is a deliberate change).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);
// Held in a variable so the type checker does not need a build to exist.
const esmEntry = '../../dist/index.js';
const testingEntry = '../../dist/testing.js';
const sinksEntry = '../../dist/sinks.js';
const httpEntry = '../../dist/http.js';

const EXPECTED_EXPORTS = [
  'DEFAULT_WALL_OPTIONS',
  'IcewallError',
  'InvalidWallError',
  'ParseError',
  'SIMULATION_EVENT_NAMES',
  'Simulation',
  'SimulationResult',
  'StrategyError',
  'Wall',
  'WallParser',
  'createWall',
  'inOrder',
  'isIcewallError',
  'longestFirst',
  'parseWall',
  'parseWallStream',
  'planTeams',
  'roundRobin',
  'shortestFirst',
  'simulate',
];

const EXPECTED_TESTING_EXPORTS = [
  'StrategyCheckError',
  'checkStrategy',
  'exampleWall',
  'randomWall',
];

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

  it('ESM entry: exports and a run', async () => {
    const mod = await import(esmEntry);
    expect(Object.keys(mod).sort()).toEqual(EXPECTED_EXPORTS);
    const result = mod.simulate(mod.parseWall('21 25 28\n17\n17 22 17 19 17'), { teams: 2 });
    expect(result.days).toBe(48);
    expect(result.totalCost()).toBe(32_233_500);
  });

  it('CJS entry: exports and a run', () => {
    const mod = require('../../dist/index.cjs');
    expect(Object.keys(mod).sort()).toEqual(EXPECTED_EXPORTS);
    expect(mod.simulate(mod.parseWall('21 25 28\n17\n17 22 17 19 17')).days).toBe(13);
  });

  it('icewall/testing: ESM and CJS exports, and a check of a built-in', async () => {
    const esm = await import(testingEntry);
    const cjs = require('../../dist/testing.cjs');
    expect(Object.keys(esm).sort()).toEqual(EXPECTED_TESTING_EXPORTS);
    expect(Object.keys(cjs).sort()).toEqual(EXPECTED_TESTING_EXPORTS);
    const core = await import(esmEntry);
    expect(() => esm.checkStrategy(core.longestFirst, { runs: 10 })).not.toThrow();
  });

  it('icewall/http: ESM and CJS exports', async () => {
    expect(Object.keys(await import(httpEntry))).toEqual(['createRequestHandler']);
    expect(Object.keys(require('../../dist/http.cjs'))).toEqual(['createRequestHandler']);
  });

  it('icewall/sinks: ESM and CJS exports', async () => {
    const names = ['attachConsole', 'attachJsonLines', 'attachLogFile'];
    expect(Object.keys(await import(sinksEntry)).sort()).toEqual(names);
    expect(Object.keys(require('../../dist/sinks.cjs')).sort()).toEqual(names);
  });

  it('the package name resolves to dist through the exports map', () => {
    expect(require.resolve('icewall')).toBe(`${root}dist/index.cjs`);
    expect(require.resolve('icewall/testing')).toBe(`${root}dist/testing.cjs`);
    expect(require('icewall/package.json').name).toBe('icewall');
  });

  it('errors are recognised across the two builds by brand, not class', async () => {
    const esm = await import(esmEntry);
    const cjs = require('../../dist/index.cjs');
    let caught: unknown;
    try {
      cjs.parseWall('31');
    } catch (error) {
      caught = error;
    }
    expect(esm.isIcewallError(caught)).toBe(true);
    expect(caught instanceof esm.ParseError).toBe(false);
  });

  it('the pure core imports no node: modules', () => {
    const code = readFileSync(`${root}dist/index.js`, 'utf8');
    expect(code).not.toMatch(/from ['"]node:/);
    expect(code).not.toMatch(/require\(['"]node:/);
  });
});
