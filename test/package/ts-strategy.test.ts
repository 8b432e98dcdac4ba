// A crew strategy written in TypeScript, in a user's project that installed
// the packed package (not the repo's paths): the engine's workers load it
// through the project's own tsx, under `node --import tsx`, under plain
// `node`, and in the project's vitest, with the answers the same strategy
// gives in-thread. Node 22 and 24 are installed into the temp folder
// (`npm i node@22 node@24`, about 15 s each); a version whose install fails
// is skipped with the reason printed. A project without tsx gets
// ERR_STRATEGY saying to install it. In `npm run test:large`.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWall, type SimulationResult, simulate } from '../../src/index.js';
import { lastFirst } from '../engine/fixtures/last-first.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'icewall-ts-strategy-'));
const devDependencies = (await import('../../package.json', { with: { type: 'json' } })).default
  .devDependencies as Record<string, string>;

const CONFIG = '21 25 28\\n17\\n17 22 17 19 17\\n';

/** Every answer of a result the consumer prints: days, totals, every profile's daily ice. */
const ANSWERS = `function answers(r) {
  const out = [r.strategy, r.days, r.totalIce(), r.totalCost()];
  for (let p = 1; p <= r.profileCount; p++)
    for (let d = 1; d <= r.days + 1; d++) out.push(r.dailyIce(p, d), r.profileCost(p, d));
  return out;
}`;

function answers(r: SimulationResult): unknown[] {
  return new Function(`${ANSWERS}; return answers;`)()(r);
}

// The fixture's strategy, importing its types from the installed package.
const STRATEGY_TS = `import type { CrewStrategy, PickContext } from 'icewall';

interface Picked {
  readonly position: number;
}

export const lastFirst: CrewStrategy = {
  name: 'lastFirst',
  create: () => (context: PickContext): number => {
    let last: Picked = { position: 0 };
    for (const s of context.pending) last = { position: s.position };
    return last.position;
  },
};
`;

/** Runs the strategy module on the engine's workers three ways and prints the answers. */
const RUN = `const wall = parseWall('${CONFIG}');
const strategy = { module: './my-strategy.ts', export: 'lastFirst' };
const parallel = await simulateParallel(wall, { teams: 2, strategy });
const engine = createEngine({ threads: 2 });
const compared = await engine.compare(wall, [{ teams: 2, strategy }, { teams: 3, strategy }]);
const planned = await engine.planTeams(wall, { deadline: 40, strategy });
await engine.close();
console.log(JSON.stringify({
  parallel: answers(parallel),
  compared: compared.map(answers),
  planned: { teams: planned.teams, days: planned.days },
}));
`;

const MAIN = `import { parseWall } from 'icewall';
import { createEngine, simulateParallel } from 'icewall/engine';
${ANSWERS}
${RUN}`;

/** The same program as a CommonJS script (require, no top-level await). */
const MAIN_CJS = `const { parseWall } = require('icewall');
const { createEngine, simulateParallel } = require('icewall/engine');
${ANSWERS}
(async () => {
${RUN}})();
`;

const VITEST_TEST = `import { parseWall, simulate } from 'icewall';
import { simulateParallel } from 'icewall/engine';
import { expect, it } from 'vitest';
import { lastFirst } from './my-strategy.ts';
${ANSWERS}
it('runs the TypeScript strategy on a worker with the in-thread answers', async () => {
  const wall = parseWall('${CONFIG}');
  const module = new URL('./my-strategy.ts', import.meta.url);
  const parallel = await simulateParallel(wall, { teams: 2, strategy: { module, export: 'lastFirst' } });
  expect(answers(parallel)).toEqual(answers(simulate(wall, { teams: 2, strategy: lastFirst })));
});
`;

const wall = parseWall(CONFIG.replaceAll('\\n', '\n'));
const EXPECTED = {
  parallel: answers(simulate(wall, { teams: 2, strategy: lastFirst })),
  compared: [2, 3].map((teams) => answers(simulate(wall, { teams, strategy: lastFirst }))),
  planned: (() => {
    for (let teams = 1; ; teams++) {
      const days = simulate(wall, { teams, strategy: lastFirst }).days;
      if (days <= 40) return { teams, days };
    }
  })(),
};

const project = join(work, 'project');
const bare = join(work, 'no-tsx');
/** A project without "type": "module": tsx compiles the strategy to CommonJS. */
const cjsProject = join(work, 'commonjs');
/** Node binaries by major version: this one, and those installed into the temp folder. */
const nodes = new Map<number, string>([[20, process.execPath]]);

async function npm(cwd: string, args: string[]): Promise<void> {
  await run('npm', ['install', '--no-audit', '--no-fund', ...args], { cwd });
}

function makeProject(dir: string, name: string, type: 'module' | 'commonjs' = 'module'): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name, private: true, type }, null, 2)}\n`,
  );
  writeFileSync(join(dir, 'my-strategy.ts'), STRATEGY_TS);
  writeFileSync(join(dir, 'main.mjs'), MAIN);
  if (type === 'module') writeFileSync(join(dir, 'main.ts'), MAIN);
  // CommonJS has no top-level await: the same program in an async function.
  else writeFileSync(join(dir, 'main.cjs'), MAIN_CJS);
}

beforeAll(async () => {
  expect(existsSync(join(root, 'dist/worker.js')), 'dist/ exists (test:large builds it)').toBe(
    true,
  );
  await run('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root });
  const packed = readdirSync(work).find((name) => name.endsWith('.tgz'));
  if (packed === undefined) throw new Error(`npm pack wrote no tarball into ${work}`);
  const tarball = join(work, packed);
  makeProject(project, 'consumer-ts-strategy');
  writeFileSync(join(project, 'strategy.test.ts'), VITEST_TEST);
  makeProject(bare, 'consumer-no-tsx');
  makeProject(cjsProject, 'consumer-commonjs', 'commonjs');
  const versions = join(work, 'nodes');
  mkdirSync(versions);
  writeFileSync(join(versions, 'package.json'), '{ "private": true }\n');
  await Promise.all([
    npm(project, [
      tarball,
      `tsx@${devDependencies.tsx}`,
      `vitest@${devDependencies.vitest}`,
      `vite@${devDependencies.vite}`,
    ]),
    npm(bare, [tarball]),
    npm(cjsProject, [tarball, `tsx@${devDependencies.tsx}`]),
    ...[22, 24].map(async (major) => {
      const dir = join(versions, String(major));
      mkdirSync(dir);
      writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
      try {
        await npm(dir, [`node@${major}`]);
        nodes.set(major, join(dir, 'node_modules/.bin/node'));
      } catch (error) {
        console.log(`Node ${major} is skipped: npm i node@${major} failed (${String(error)})`);
      }
    }),
  ]);
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each([20, 22, 24])('a TypeScript strategy module on Node %i', (major) => {
  it.for([
    ['node --import tsx main.ts', ['--import', 'tsx', 'main.ts'], project],
    ['node main.mjs (tsx installed, not loaded)', ['main.mjs'], project],
    ['a CommonJS project: node main.mjs', ['main.mjs'], cjsProject],
    ['a CommonJS project: node main.cjs', ['main.cjs'], cjsProject],
    ['a CommonJS project: node --import tsx main.cjs', ['--import', 'tsx', 'main.cjs'], cjsProject],
  ] as const)('%s: the in-thread answers on the workers', async ([, args, cwd], context) => {
    const node = nodes.get(major);
    if (node === undefined) return context.skip(`no Node ${major} (see the reason above)`);
    const { stdout, stderr } = await run(node, args, { cwd, timeout: 120_000 });
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual(EXPECTED);
  });
});

describe('a TypeScript strategy module elsewhere', () => {
  it('runs in the project’s vitest with the in-thread answers', async () => {
    const vitest = join(project, 'node_modules/vitest/vitest.mjs');
    const { stdout } = await run(process.execPath, [vitest, 'run'], {
      cwd: project,
      timeout: 120_000,
      env: { ...process.env, NO_COLOR: '1', CI: '1' },
    });
    expect(stdout).toMatch(/1 passed/);
  });

  it('without tsx in the project: ERR_STRATEGY saying to install it', async () => {
    const outcome = await run(process.execPath, ['main.mjs'], { cwd: bare, timeout: 60_000 }).then(
      () => 'resolved',
      (error: { stderr?: string }) => error.stderr ?? String(error),
    );
    expect(outcome).toContain('ERR_STRATEGY');
    expect(outcome).toContain('npm i -D tsx');
  });
});
