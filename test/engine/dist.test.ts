// icewall/engine as a user installs it: the built ESM and CJS entries find
// dist/worker.js and run the pool. Needs a build (npm test builds first).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);
// In variables so the type checker does not need a build.
const esmEngine = '../../dist/engine.js';
const esmIndex = '../../dist/index.js';
const CONFIG = '21 25 28\n17\n17 22 17 19 17\n';

describe('dist: icewall/engine', () => {
  it('has its files, the worker flat next to the entries', () => {
    for (const file of ['engine.js', 'engine.cjs', 'engine.d.ts', 'engine.d.cts', 'worker.js']) {
      expect(existsSync(`${root}dist/${file}`), file).toBe(true);
    }
    expect(existsSync(`${root}dist/worker-dev.mjs`)).toBe(false);
    // Both builds resolve the worker relative to themselves: dist/worker.js.
    // Each entry may hold that code in a chunk it shares with another
    // entry (icewall/http starts engines too): chunks are flat in dist/ as
    // well, so the URL resolves the same from there.
    for (const file of ['engine.js', 'engine.cjs']) {
      const entry = readFileSync(`${root}dist/${file}`, 'utf8');
      const chunks = [
        ...entry.matchAll(/(?:from |import |require\()["']\.\/(chunk-[\w-]+\.c?js)["']/g),
      ];
      const code = [entry, ...chunks.map((m) => readFileSync(`${root}dist/${m[1]}`, 'utf8'))].join(
        '\n',
      );
      expect(code, file).toMatch(
        /new URL\(\s*fromSource \? "\.\/worker-dev\.mjs" : "\.\/worker\.js",/,
      );
    }
  });

  it('keeps tinypool out of the declaration files', () => {
    for (const file of ['engine.d.ts', 'engine.d.cts']) {
      expect(readFileSync(`${root}dist/${file}`, 'utf8'), file).not.toContain('tinypool');
    }
  });

  it('ESM: exports, and the pool runs from dist/worker.js', async () => {
    const engineMod = await import(esmEngine);
    const core = await import(esmIndex);
    const engine = engineMod.createEngine({ threads: 2 });
    try {
      const wall = core.parseWall(CONFIG);
      const results = await engine.compare(wall, [{ teams: 2 }, { teams: 4 }]);
      expect(results.map((r: { days: number }) => r.days)).toEqual([48, 26]);
      const counted = await engine.simulate(new TextEncoder().encode(CONFIG), { parallelism: 2 });
      expect(counted.totalCost()).toBe(32_233_500);
      const sim = new core.Simulation(wall, { teams: 2 });
      const lines: string[] = [];
      sim.on('teamRelieved', (e: { day: number; team: number }) =>
        lines.push(`${e.day}:${e.team}`),
      );
      expect((await engine.run(sim)).days).toBe(48);
      expect(lines).toEqual(['39:2', '48:1']);
    } finally {
      await engine.close();
    }
  });

  it('CJS: exports, and the pool runs from dist/worker.js', async () => {
    const engineMod = require('../../dist/engine.cjs');
    const core = require('../../dist/index.cjs');
    const engine = engineMod.createEngine({ threads: 2 });
    try {
      const [r] = await engine.compare(core.parseWall(CONFIG), [{ teams: 2 }]);
      expect(r.days).toBe(48);
      // A result built in the CJS copy answers like the ESM one.
      expect(r.dailyIce(1, 1)).toBe(390);
      const plan = await engine.planTeams(core.parseWall(CONFIG), { deadline: 30 });
      expect(plan).toMatchObject({ teams: 4, days: 26 });
    } finally {
      await engine.close();
    }
  });

  it('a script that only uses the module-level functions exits by itself', () => {
    const script = `
      const { simulateParallel, runParallel } = await import(${JSON.stringify(`${root}dist/engine.js`)});
      const { parseWall, Simulation } = await import(${JSON.stringify(`${root}dist/index.js`)});
      const text = ${JSON.stringify(CONFIG)};
      const one = await simulateParallel(new TextEncoder().encode(text), { parallelism: 2 });
      const two = await runParallel(new Simulation(parseWall(text), { teams: 2 }));
      console.log(one.days, two.days);
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(out.trim()).toBe('13 48');
  });
});
