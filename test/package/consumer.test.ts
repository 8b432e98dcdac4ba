// The package as a user gets it: `npm pack`, then `npm install <tarball>`
// into a fresh ESM project and a fresh CommonJS project. Each runs a
// simulation, the engine (worker threads from the installed dist/) and the
// HTTP handler on a real server, and type-checks a consumer file with
// `skipLibCheck: false` under node10 (module commonjs), node16 and bundler
// resolution. In the large suite (`npm run test:large`): it installs from
// the registry's cache and takes tens of seconds.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const work = mkdtempSync(join(tmpdir(), 'icewall-consumer-'));

const CONFIG = '21 25 28\\n17\\n17 22 17 19 17\\n';
// What both projects print: the core, the engine with two teams, one HTTP answer.
const EXPECTED = {
  days: 13,
  total: 32_233_500,
  parallelDays: 48,
  parallelTotal: 32_233_500,
  body: { day: 1, ice_amount: 585 },
  oneCore: true,
};

const BODY = `
  const wall = parseWall('${CONFIG}');
  const result = simulate(wall);
  const parallel = await simulateParallel(wall, { teams: 2 });
  const server = createServer(createRequestHandler(result));
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  const response = await fetch('http://127.0.0.1:' + port + '/profiles/1/days/1/');
  const body = await response.json();
  await new Promise((done) => server.close(done));
  // Every subpath shares the entry's classes (one core, in CJS too).
  const engineError = await simulateParallel(new TextEncoder().encode('31\\n')).catch((e) => e);
  const oneCore = exampleWall() instanceof Wall && engineError instanceof IcewallError;
  console.log(JSON.stringify({
    days: result.days,
    total: result.totalCost(),
    parallelDays: parallel.days,
    parallelTotal: parallel.totalCost(),
    body,
    oneCore,
  }));
`;

const ESM_MAIN = `import { createServer } from 'node:http';
import { IcewallError, parseWall, simulate, Wall } from 'icewall';
import { simulateParallel } from 'icewall/engine';
import { createRequestHandler } from 'icewall/http';
import { exampleWall } from 'icewall/testing';
${BODY}`;

const CJS_MAIN = `const { createServer } = require('node:http');
const { IcewallError, parseWall, simulate, Wall } = require('icewall');
const { simulateParallel } = require('icewall/engine');
const { createRequestHandler } = require('icewall/http');
const { exampleWall } = require('icewall/testing');
(async () => {${BODY}})();
`;

// Every subpath, with types a consumer writes down; no `any` anywhere.
const CONSUMER_TS = `import { createServer } from 'node:http';
import {
  isIcewallError,
  parseWall,
  Simulation,
  simulate,
  type SimulationResult,
  type TeamSectionEvent,
  type Wall,
} from 'icewall';
import { createEngine, simulateParallel } from 'icewall/engine';
import { createRequestHandler, type RequestHandler } from 'icewall/http';
import { attachLogFile } from 'icewall/sinks';
import { checkStrategy, exampleWall } from 'icewall/testing';

const wall: Wall = parseWall('21 25 28\\n17\\n');
const result: SimulationResult = simulate(wall, { teams: 2 });
const ice: number = result.dailyIce(1, 1);
const first: number | undefined = wall.heights[0];
const maybeWall: Wall | undefined = result.wall;
const sim = new Simulation(exampleWall(), { teams: 2 });
sim.on('sectionCompleted', (event: TeamSectionEvent) => event.profile + event.section);
const log: Promise<void> = attachLogFile(sim, 'wall.log').close();
const handler: RequestHandler = createRequestHandler(result, { basePath: '/wall' });
createServer(handler);
const parallel: Promise<SimulationResult> = simulateParallel(wall, { teams: 2 });
const engine = createEngine({ threads: 2 });
const closed: Promise<void> = engine.close();
const checked: unknown = checkStrategy;
const known: boolean = isIcewallError(new Error('x'));
export { checked, closed, first, ice, known, log, maybeWall, parallel };
`;

const SETTINGS = {
  node10: { module: 'commonjs', moduleResolution: 'node10' },
  node16: { module: 'node16', moduleResolution: 'node16' },
  bundler: { module: 'esnext', moduleResolution: 'bundler' },
} as const;

let tarball = '';

beforeAll(async () => {
  expect(existsSync(join(root, 'dist/index.js')), 'dist/ exists (test:large builds it)').toBe(true);
  await run('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root });
  const packed = readdirSync(work).find((name) => name.endsWith('.tgz'));
  if (packed === undefined) throw new Error(`npm pack wrote no tarball into ${work}`);
  tarball = join(work, packed);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each([
  { kind: 'esm', type: 'module', main: 'main.js', source: ESM_MAIN },
  { kind: 'cjs', type: 'commonjs', main: 'main.js', source: CJS_MAIN },
])('an installed tarball in a $kind project', ({ kind, type, main, source }) => {
  const dir = join(work, kind);

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'package.json'),
      `${JSON.stringify({ name: `consumer-${kind}`, private: true, type }, null, 2)}\n`,
    );
    writeFileSync(join(dir, main), source);
    writeFileSync(join(dir, 'consumer.ts'), CONSUMER_TS);
    await run('npm', ['install', '--no-audit', '--no-fund', tarball], { cwd: dir });
  }, 300_000);

  it('runs a simulation, the engine and the HTTP handler', async () => {
    const { stdout, stderr } = await run(process.execPath, [main], { cwd: dir, timeout: 60_000 });
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual(EXPECTED);
  });

  it.each(Object.keys(SETTINGS) as (keyof typeof SETTINGS)[])(
    'type-checks under %s with skipLibCheck off',
    async (setting) => {
      const config = {
        compilerOptions: {
          ...SETTINGS[setting],
          target: 'ES2022',
          lib: ['ES2022'],
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          types: ['node'],
          typeRoots: [join(root, 'node_modules/@types')],
        },
        files: ['consumer.ts'],
      };
      const file = `tsconfig.${setting}.json`;
      writeFileSync(join(dir, file), JSON.stringify(config, null, 2));
      const outcome = await run(process.execPath, [tsc, '-p', file], { cwd: dir }).then(
        () => 'ok',
        (error: { stdout?: string }) => error.stdout ?? String(error),
      );
      expect(outcome).toBe('ok');
    },
    120_000,
  );
});
