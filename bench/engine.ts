/**
 * `npm run bench:engine`: the parallel engine's targets (issue 10), each a
 * ratio measured in the same run, each case in its own process (plain
 * node; the sides of a comparison alternated, best of several runs: see
 * bestOfEach in common.ts). Prints a table; `--write` records
 * it in docs/performance.md between the engine markers.
 *
 *   npm run bench:engine                     # 10^6 and 10^7 sections (a minute or two)
 *   npm run bench:engine -- --full           # also 10^8 and a 10^9-section file (2 threads)
 *   npm run bench:engine -- --full --write
 *   npm run bench:engine -- --smoke          # every case once, 10^6 only (seconds)
 *
 * Run it on an otherwise idle machine: two threads gain nothing when
 * another process holds the second core.
 */

import { spawnSync } from 'node:child_process';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  BEST_OF,
  bestOfEach,
  measureInChild,
  recordTable,
  wallFile as sharedWallFile,
} from './common.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const tmp = `${root}.bench-tmp/`;
const full = process.argv.includes('--full');
/** A quick check that every case runs (10^6 only, one run each): not for the record. */
const smoke = process.argv.includes('--smoke');
const CASE_TIMEOUT_MS = 10 * 60_000;
mkdirSync(tmp, { recursive: true });
// A snapshot of dist/ (worker.js included), so rebuilding during a run is safe.
// (Under a folder named dist, which the linter skips.)
rmSync(`${tmp}engine/dist`, { recursive: true, force: true });
cpSync(`${root}dist`, `${tmp}engine/dist`, { recursive: true });
const dist = pathToFileURL(`${tmp}engine/dist/`).href;

/** A seeded wall file (see bench/common.ts). */
function wallFile(sections: number): string {
  return sharedWallFile(tmp, sections);
}

/** The first whole lines of `file` up to about `bytes` bytes. */
function prefixFile(file: string, bytes: number): string {
  const path = `${tmp}prefix-${bytes}.txt`;
  if (existsSync(path)) return path;
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(bytes);
  const n = readSync(fd, buf, 0, bytes, 0);
  closeSync(fd);
  writeFileSync(path, buf.subarray(0, buf.subarray(0, n).lastIndexOf(10) + 1));
  return path;
}

interface Measure {
  ms: number;
  peakMiB: number;
  days: number;
  cost: number;
  [key: string]: number;
}

function once(kind: string, file: string, arg = ''): Measure | string {
  const args = ['--max-old-space-size=8000', `${root}bench/engine-measure.mjs`, kind, file, arg];
  const pin = process.env.ICEWALL_BENCH_PIN;
  if (pin !== undefined) {
    // Pinned to one core: taskset runs node.
    return measureInChild<Measure>(args, { ICEWALL_BENCH_DIST: dist }, CASE_TIMEOUT_MS, [
      '/usr/bin/taskset',
      '-c',
      pin,
      process.execPath,
    ]);
  }
  return measureInChild<Measure>(args, { ICEWALL_BENCH_DIST: dist }, CASE_TIMEOUT_MS);
}

/** The better of two runs of `side` (its failure, if the first fails). */
function bestOfTwo(side: () => Measure | string): Measure | string {
  const a = side();
  if (typeof a === 'string' || smoke) return a;
  const b = side();
  return typeof b === 'string' || b.ms >= a.ms ? a : b;
}

/**
 * `icewall simulate FILE --format json [--teams T]` as a process, output
 * discarded: wall time and max RSS from `/usr/bin/time -f '%e %M'`.
 */
function cliRun(file: string, teams: string | undefined): Measure | string {
  const args = ['-f', '%e %M', process.execPath, `${tmp}engine/dist/cli.js`, 'simulate', file];
  args.push('--format', 'json', ...(teams === undefined ? [] : ['--teams', teams]));
  const ran = spawnSync('/usr/bin/time', args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    timeout: CASE_TIMEOUT_MS,
  });
  const last = (ran.stderr ?? '').trim().split('\n').at(-1) ?? '';
  const m = /^([\d.]+) (\d+)$/.exec(last);
  if (ran.status !== 0 || m === null) return `failed: ${last.slice(0, 80)}`;
  return { ms: Number(m[1]) * 1000, peakMiB: Number(m[2]) / 1024, days: 0, cost: 0 };
}

/** Runs `measure` with its child processes pinned to core `k` (through taskset, when there is one). */
function pinned(k: number, measure: () => Measure | string): Measure | string {
  if (!existsSync('/usr/bin/taskset')) return 'no taskset';
  const prev = process.env.ICEWALL_BENCH_PIN;
  process.env.ICEWALL_BENCH_PIN = String(k);
  try {
    return measure();
  } finally {
    if (prev === undefined) delete process.env.ICEWALL_BENCH_PIN;
    else process.env.ICEWALL_BENCH_PIN = prev;
  }
}

/** Cases measured in alternation, best of several runs each (see bestOfEach); once with --smoke. */
function measureEach(...cases: [kind: string, file: string, arg?: string][]): (Measure | string)[] {
  const sides = cases.map(
    ([kind, file, arg]) =>
      () =>
        once(kind, file, arg),
  );
  return smoke ? sides.map((side) => side()) : bestOfEach(sides);
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const exp = (n: number) => `10^${Math.round(Math.log10(n))}`;
const cell = (m: Measure | string | null) =>
  m === null ? '' : typeof m === 'string' ? m : `${fmt(m.ms)} ms, ${fmt(m.peakMiB)} MiB`;

const header = [
  '| case | sections | engine (time, peak RSS) | baseline, same run (time, peak RSS) | result | target |',
  '| --- | --- | --- | --- | --- | --- |',
];
const rows: string[] = [];

function row(
  label: string,
  sections: number,
  lib: Measure | string,
  base: Measure | string | null,
  target: string,
  note = '',
  ratio: 'faster' | 'slowdown' = 'faster',
): void {
  let result = note;
  if (typeof lib !== 'string' && base !== null && typeof base !== 'string') {
    if (base.cost !== 0 && (lib.cost !== base.cost || lib.days !== base.days)) {
      throw new Error(`${label}: results differ from the baseline`);
    }
    // The median ratio too (of each side's runs), when the case ran several times.
    const medians =
      Number.isFinite(lib.medianMs) && Number.isFinite(base.medianMs)
        ? ` (medians: ${((base.medianMs as number) / (lib.medianMs as number)).toFixed(2)}×)`
        : '';
    result =
      ratio === 'faster'
        ? `${(base.ms / lib.ms).toFixed(2)}× faster${medians}${note ? `; ${note}` : ''}`
        : `${(lib.ms / base.ms).toFixed(1)}× the baseline's time${note ? `; ${note}` : ''}`;
  }
  const line = `| ${label} | ${exp(sections)} | ${cell(lib)} | ${cell(base)} | ${result} | ${target} |`;
  rows.push(line);
  console.log(line);
}

console.log(`node ${process.version}, ${cpus().length} cores`);

/**
 * How much two threads of the counting pass slow each other on this machine
 * now (see `contention` in engine-measure.mjs), probed before and after the
 * cases: the two-thread ratios below cannot beat what the cores allow.
 */
function probeContention(): string {
  const m = once('contention', wallFile(1e7));
  return typeof m === 'string' ? m : `${(m.slowdown as number).toFixed(2)}×`;
}
const contentionBefore = probeContention();
console.log(`contention before: ${contentionBefore}`);
console.log(header.join('\n'));

// File in, four answers out, one crew per section.
for (const n of smoke ? [1e6] : full ? [1e6, 1e7, 1e8] : [1e6, 1e7]) {
  const file = wallFile(n);
  const [two, one, obvious] = measureEach(
    ['par', file, '2'],
    ['par', file, '1'],
    ['obvious', file],
  ) as [Measure | string, Measure | string, Measure | string];
  // The targets are at 10^8, where the first pair is issue 22's P1 (cold: a
  // fresh process each run); below it a worker's start (tens of ms) is most
  // of the two-thread side, so those sizes are recorded.
  const small = 'record (a worker starts in tens of ms)';
  row(
    '`simulateParallel({ path }, { parallelism: 2 })` vs `parallelism: 1`',
    n,
    two,
    one,
    n === 1e8 ? '≥ 1.5× (P1)' : small,
  );
  row(
    '`simulateParallel({ path }, { parallelism: 2 })` vs `simulate(parseWall(readFileSync(path)))`',
    n,
    two,
    obvious,
    n === 1e8 ? '≥ 2×; ≤ 200 MiB' : small,
  );
}
if (full) {
  const file = wallFile(1e9);
  row(
    '`simulateParallel({ path }, { parallelism: 2 })`',
    1e9,
    once('par', file, '2'),
    null,
    'record',
  );
}

// A sweep on a started engine against the core one run after another (the
// target is at 10^7; the other sizes are recorded).
for (const n of smoke ? [1e6] : full ? [1e6, 1e7, 1e8] : [1e6, 1e7]) {
  const file = wallFile(n);
  row(
    '`engine.compare` of 10, 100, 1000, 10^4 teams (engine started) vs the core in a row',
    n,
    ...(measureEach(['compare', file], ['compare-core', file]) as [
      Measure | string,
      Measure | string,
    ]),
    n === 1e7 ? '≥ 1.5× (at 10^7; P2)' : 'record',
  );
}
const f7 = wallFile(smoke ? 1e6 : 1e7);
const n7 = smoke ? 1e6 : 1e7;

// The event loop while runParallel re-emits 10^7 completions.
const loop = once('loop', f7);
row(
  '`runParallel`, 1000 teams, a `sectionCompleted` listener: event loop',
  n7,
  loop,
  null,
  'longest block ≤ 250 ms; p99 delay ≤ 50 ms',
  typeof loop === 'string'
    ? ''
    : `longest block ${loop.maxBlockMs?.toFixed(1)} ms, p99 delay ${loop.p99Ms?.toFixed(1)} ms`,
);

// Break-even: automatic mode against the core on one thread, cold (fresh
// process: threads start), and two threads against one on a started engine.
const big = full ? wallFile(1e8) : f7;
const sizes = smoke ? [1 << 20] : [1 << 18, 1 << 20, 1 << 22, 1 << 24, 1 << 26, 1 << 27];
const bigSize = statSync(big).size;
for (const bytes of sizes.filter((b) => b <= bigSize)) {
  const file = prefixFile(big, bytes);
  const sections = Math.round(bytes / 2.7);
  row(
    `auto vs \`threads: 1\`, cold, ${fmt(bytes / 1024)} KiB`,
    sections,
    ...(measureEach(['par', file, 'auto'], ['par', file, '1']) as [
      Measure | string,
      Measure | string,
    ]),
    '≥ 1× (never slower)',
  );
  const [warm] = measureEach(['break-even', file, String(bytes)]) as [Measure | string];
  // Both sides come from one process (best of five each inside it): no medians.
  const two: Measure | string = typeof warm === 'string' ? warm : { ...warm, medianMs: Number.NaN };
  row(
    `2 threads vs 1, engine started, ${fmt(bytes / 1024)} KiB`,
    sections,
    two,
    typeof two === 'string' ? null : { ...two, ms: two.oneMs as number },
    'break-even',
  );
}

// Issue 22's P3: the CLI as a process (`/usr/bin/time`: wall time and max
// RSS, best of two) against a chunked byte scan of the same file in a
// process of its own (best of two). 10^8 sections with --full.
const p3 = full ? wallFile(1e8) : f7;
const p3n = full ? 1e8 : n7;
for (const teams of ['1000', undefined]) {
  const scan = bestOfTwo(() => once('scan-chunks', p3));
  const cli = bestOfTwo(() => cliRun(p3, teams));
  const label = `CLI \`simulate FILE --format json${teams === undefined ? '' : ` --teams ${teams}`}\` (process, /usr/bin/time) vs a 1 MiB-chunk byte scan`;
  const goal = teams === undefined ? '≤ 6×, ≤ 160 MiB (P3)' : '≤ 12×, ≤ 300 MiB (P3)';
  row(label, p3n, cli, scan, goal, '', 'slowdown');
}

// How fast each core is alone (a pure compute loop pinned with taskset):
// on the development machine one core is clearly slower than the other,
// which caps every two-thread ratio above.
const coreSpeeds = cpus().map((_, k) => {
  const m = pinned(k, () => once('core-speed', f7));
  return typeof m === 'string' ? m : `${fmt(m.ms)} ms`;
});
console.log(`core speeds: ${coreSpeeds.join(', ')}`);

const contentionAfter = probeContention();
console.log(`contention after: ${contentionAfter}`);
const stamp = `Measured by \`npm run bench:engine${full ? ' -- --full' : ''}\` on ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} cores. Each case runs in its own process; ${BEST_OF}; memory is that process's peak RSS (worker threads included). Times cover file in to four answers out unless the case says otherwise. The result column gives the ratio of the best runs and, in brackets, of the medians. Contention: the counting pass over 10^7 sections ran ${contentionBefore} (before the cases) and ${contentionAfter} (after) slower on each of two threads at once than on one alone; 1.00× would be two independent cores. Each core alone (a compute loop pinned with taskset, lower is faster): ${coreSpeeds.join(', ')}.`;
const table = `<!-- engine:start -->\n${stamp}\n\n${header.join('\n')}\n${rows.join('\n')}\n<!-- engine:end -->`;
recordTable('engine', 'Parallel engine', table);
