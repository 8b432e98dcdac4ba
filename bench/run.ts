/**
 * `npm run bench`: speed and memory of the core and the CLI against
 * baselines measured in the same run, each case in its own process (the
 * sides of a comparison alternated; see bestOfEach in common.ts). Prints the table; `--write` also records it in
 * docs/performance.md (a plain run changes no tracked file).
 *
 *   npm run bench                   # 10^6 and 10^7 sections (about 3 minutes)
 *   npm run bench -- --full         # also 10^8 sections and a 10^9-section file through the CLI
 *   npm run bench -- --full --write
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  BEST_OF,
  bestOfEach,
  failure,
  measureInChild,
  recordTable,
  wallFile as sharedWallFile,
} from './common.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const tmp = `${root}.bench-tmp/`;
const full = process.argv.includes('--full');
const CASE_TIMEOUT_MS = 10 * 60_000;
mkdirSync(tmp, { recursive: true });
rmSync(`${tmp}dist`, { recursive: true, force: true });
cpSync(`${root}dist`, `${tmp}dist`, { recursive: true });
const entry = pathToFileURL(`${tmp}dist/index.js`).href;

/** A seeded wall file (see bench/common.ts). */
function wallFile(sections: number): string {
  return sharedWallFile(tmp, sections);
}

interface Measure {
  ms: number;
  peakMiB: number;
  days: number;
  cost: number;
  perEventNs?: number;
}

function measureOnce(kind: string, file: string, teams?: number): Measure | string {
  const args = ['--max-old-space-size=20000', '--import', 'tsx', `${root}bench/measure.ts`];
  args.push(kind, file, String(teams ?? '-'));
  return measureInChild<Measure>(args, { ICEWALL_BENCH_ENTRY: entry }, CASE_TIMEOUT_MS);
}

/** `icewall simulate FILE --format json` as a user runs it: time includes Node's start-up. */
function cliOnce(file: string, teams?: number, threads = 'auto'): Measure | string {
  const rssFile = `${tmp}rss.txt`;
  rmSync(rssFile, { force: true });
  const args = ['--import', `${root}bench/rss-on-exit.mjs`, `${tmp}dist/cli.js`, 'simulate', file];
  args.push('--format', 'json', '--threads', threads);
  if (teams !== undefined) args.push('--teams', String(teams));
  const started = performance.now();
  const run = spawnSync(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: CASE_TIMEOUT_MS,
    env: { ...process.env, ICEWALL_RSS_FILE: rssFile },
  });
  const ms = performance.now() - started;
  if (run.status !== 0) {
    return failure({ signal: run.signal, stderr: String(run.stderr) }, CASE_TIMEOUT_MS);
  }
  const peakMiB = Number(readFileSync(rssFile, 'utf8')) / 1024;
  return { ms, peakMiB, days: 0, cost: 0 };
}

/** Best of several runs (see bestOfEach) of one case alone. */
const best = (once: () => Measure | string) => bestOfEach([once])[0] as Measure | string;

const measure = (kind: string, file: string, teams?: number) =>
  best(() => measureOnce(kind, file, teams));

/** Several cases measured in alternation, best of several runs each. */
const measureEach = (...cases: [kind: string, file: string, teams?: number][]) =>
  bestOfEach(
    cases.map(
      ([kind, file, teams]) =>
        () =>
          measureOnce(kind, file, teams),
    ),
  );

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const exp = (n: number) => `10^${Math.round(Math.log10(n))}`;
const cell = (m: Measure | string | null) =>
  m === null ? 'not run' : typeof m === 'string' ? m : `${fmt(m.ms)} ms, ${fmt(m.peakMiB)} MiB`;

const rows: string[] = [];
const header = [
  '| case | sections | teams | timed | icewall (time, peak RSS) | baseline, same run (time, peak RSS) | result | target |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
];

/**
 * One row. `ratio` says how to read lib against base: 'speedup' (base ÷
 * lib time), 'share' (base ÷ lib time, where base is the cheaper reference
 * such as a byte loop), or 'slowdown' (lib ÷ base time).
 */
function row(
  label: string,
  sections: number,
  teams: string,
  timed: string,
  lib: Measure | string,
  base: Measure | string | null,
  ratio: 'speedup' | 'share' | 'slowdown',
  target: string,
  note = '',
) {
  let result = note;
  if (typeof lib !== 'string' && base !== null && typeof base !== 'string') {
    if (
      ratio !== 'share' &&
      base.cost !== 0 &&
      (lib.cost !== base.cost || lib.days !== base.days)
    ) {
      throw new Error(`${label}: results differ from the baseline`);
    }
    const r = ratio === 'slowdown' ? lib.ms / base.ms : base.ms / lib.ms;
    result = `${ratio === 'slowdown' ? '' : ''}${r.toFixed(2)}×${note ? `; ${note}` : ''}`;
  }
  const line = `| ${label} | ${exp(sections)} | ${teams} | ${timed} | ${cell(lib)} | ${cell(base)} | ${result} | ${target} |`;
  rows.push(line);
  console.log(line);
}

console.log(`node ${process.version}, ${cpus().length} cores`);
console.log(header.join('\n'));

const MEM = 'bytes in memory';
const f6 = wallFile(1e6);
const f7 = wallFile(1e7);

// Parsing against a plain loop over the same bytes.
const [parse7, scan7] = measureEach(['parse', f7], ['scan', f7]) as [
  Measure | string,
  Measure | string,
];
row('parse', 1e7, '-', MEM, parse7, scan7, 'share', '≥ 0.3× the byte loop', '');

// One crew per section: bytes to the four answers.
for (const n of full ? [1e6, 1e7, 1e8] : [1e6, 1e7]) {
  const file = wallFile(n);
  const [lib, naive, parse] = measureEach(['one-crew', file], ['naive', file], ['parse', file]) as [
    Measure | string,
    Measure | string,
    Measure | string,
  ];
  row(
    'one crew: parse + simulate + 4 answers',
    n,
    '-',
    MEM,
    lib,
    naive,
    'speedup',
    '≥ 20× naive at 10^7',
  );
  row('one crew: end to end ÷ parse alone', n, '-', MEM, lib, parse, 'slowdown', '≤ 1.5×');
}

// Teams, from parsed input, against two baselines: the sparse naive loop
// and the tight typed-array day loop (the simplest correct program, the
// figure issue 18 tunes against).
for (const t of [1, 16, 1000, 100_000]) {
  const [lib, naive, total, tight] = measureEach(
    ['teams', f6, t],
    ['naive-teams', f6, t],
    ['teams-total', f6, t],
    ['tight-teams', f6, t],
  ) as [Measure | string, Measure | string, Measure | string, Measure | string];
  const label = 'teams: simulate + 4 answers (parse untimed)';
  row(label, 1e6, fmt(t), 'parsed wall', lib, naive, 'speedup', '≥ 4× naive');
  row(
    'teams: `simulate(wall, { teams }).totalCost()`, vs the tight day loop',
    1e6,
    fmt(t),
    'parsed wall',
    total,
    tight,
    'speedup',
    '≥ 4× tight loop',
  );
}
row(
  'teams: simulate + 4 answers (parse untimed)',
  1e7,
  '1000',
  'parsed wall',
  measure('teams', f7, 1000),
  null,
  'speedup',
  '',
);

// Events.
for (const t of [undefined, 1000]) {
  const listened = measure('events', f6, t);
  const quiet = measure('quiet-events', f6, t);
  const ns =
    typeof listened === 'string' ? listened : `${fmt(listened.perEventNs ?? 0)} ns an event`;
  const q =
    typeof quiet === 'string'
      ? quiet
      : `no listener: ${((quiet.perEventNs ?? 0) / 100).toFixed(2)}× simulate()`;
  row(
    'Simulation.run(), one `sectionCompleted` listener',
    1e6,
    t === undefined ? '-' : fmt(t),
    'parsed wall',
    listened,
    null,
    'speedup',
    '≤ 60 ns an event',
    `${ns}; ${q}`,
  );
}

// The CLI on files, against a chunked byte scan of the same file.
const cliSizes = full ? [1e7, 1e8] : [1e7];
for (const n of cliSizes) {
  const file = wallFile(n);
  const scan = measure('scan-file', file);
  const cli = (threads: string) => best(() => cliOnce(file, undefined, threads));
  const one = '`icewall simulate FILE --format json`, one crew, threads';
  row(
    `${one} 1`,
    n,
    '-',
    'file read + Node start-up',
    cli('1'),
    scan,
    'slowdown',
    '≤ 6× scan, ≤ 160 MiB at 10^8',
  );
  row(`${one} auto`, n, '-', 'file read + Node start-up', cli('auto'), scan, 'slowdown', '');
  row(
    '`icewall simulate FILE --format json`',
    n,
    '1000',
    'file read + Node start-up',
    best(() => cliOnce(file, 1000)),
    scan,
    'slowdown',
    '≤ 15× scan, ≤ 350 MiB at 10^8',
  );
}
if (full) {
  const file = wallFile(1e9);
  const scan9 = measure('scan-file', file);
  const one = '`icewall simulate FILE --format json`, one crew, threads';
  row(
    `${one} 1`,
    1e9,
    '-',
    'file read + Node start-up',
    cliOnce(file, undefined, '1'),
    scan9,
    'slowdown',
    '≤ 200 MiB',
  );
  row(`${one} auto`, 1e9, '-', 'file read + Node start-up', cliOnce(file), scan9, 'slowdown', '');
}

const stamp = `Measured by \`npm run bench${full ? ' -- --full' : ''}\` on ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} cores. Each case runs in its own process; ${BEST_OF}; memory is that process's peak RSS. "timed" says what the time covers: *bytes in memory* means the file was read before the clock started; *parsed wall* means parsing was untimed too; CLI rows time the whole command, file read and Node's start-up included. The result column is the baseline's time ÷ icewall's (how many times faster), or for "÷" rows icewall's time ÷ the reference (how many times slower).`;
const table = `<!-- bench:start -->\n${stamp}\n\n${header.join('\n')}\n${rows.join('\n')}\n<!-- bench:end -->`;
recordTable('bench', 'Parse + simulate', table);
