// Pieces every bench shares: the seeded wall files, and one measurement in a child process.
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Runs `node args…` (or `command[0] command[1…] args…`, such as taskset
 * then node) and returns the JSON object on the last line of its output,
 * or a short reason when it failed or ran out of time.
 */
export function measureInChild<T>(
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs: number,
  command: readonly string[] = [process.execPath],
): T | string {
  try {
    const [file, ...before] = command as [string, ...string[]];
    const out = execFileSync(file, [...before, ...args], {
      encoding: 'utf8',
      timeout: timeoutMs,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    return JSON.parse(out.trim().split('\n').at(-1) as string) as T;
  } catch (error) {
    return failure(error, timeoutMs);
  }
}

/**
 * Best of several runs of each side of a comparison, the sides alternated
 * (a, b, a, b, ...) so that a noisy spell of this shared machine falls on
 * both alike. This machine's noise only ever adds time (another tenant on
 * a core), so the best run is the one closest to the code's own cost, and
 * the shorter the case, the more runs it gets (see {@link BEST_OF}). Each
 * best run also carries `medianMs`, the median of that side's runs, so a
 * table can show how far the noise moved it. A side that fails is measured
 * once.
 */
export function bestOfEach<T extends { ms: number }>(
  sides: readonly (() => T | string)[],
): (Sampled<T> | string)[] {
  const first = sides.map((side) => side());
  const slowest = Math.max(...first.map((m) => (typeof m === 'string' ? 0 : m.ms)));
  const runs = slowest < 50 ? 15 : slowest < 2000 ? 9 : slowest < 5000 ? 3 : 1;
  const times = first.map((m) => (typeof m === 'string' ? [] : [m.ms]));
  const best = [...first];
  for (let k = 1; k < runs; k++) {
    sides.forEach((side, i) => {
      const low = best[i] as T | string;
      if (typeof low === 'string') return;
      const m = side();
      if (typeof m === 'string') return;
      times[i]?.push(m.ms);
      if (m.ms < low.ms) best[i] = m;
    });
  }
  return best.map((m, i) =>
    typeof m === 'string' ? m : { ...m, medianMs: median(times[i] ?? []) },
  );
}

/** A measurement that is the best of several runs, with their median. */
export type Sampled<T> = T & { readonly medianMs: number };

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** {@link bestOfEach}'s policy, for the tables' headers. */
export const BEST_OF =
  'the sides of a comparison alternate, best of fifteen runs each under 50 ms, of nine under 2 s, of three under 5 s';

/** One line on why a child failed: its timeout, or the last line it wrote to stderr. */
export function failure(error: unknown, timeoutMs: number): string {
  const e = error as { signal?: string; stderr?: string };
  if (e.signal === 'SIGTERM') return `timed out (> ${timeoutMs / 60_000} min)`;
  // Skip Node's version line and the stack frames: the error's own line is the reason.
  const lines = (e.stderr ?? String(error))
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('Node.js v') && !l.trim().startsWith('at '));
  const last = lines.at(-1)?.trim() ?? 'failed';
  return `failed: ${last.slice(0, 80)}`;
}

/**
 * The seeded wall files every bench uses: `sections` random heights in
 * [0, 30], 2000 to a line, written once into `dir` and reused.
 */
export function wallFile(dir: string, sections: number): string {
  const path = `${dir}wall-${sections}.txt`;
  if (existsSync(path)) return path;
  const fd = openSync(`${path}.part`, 'w');
  const buf = Buffer.alloc(1 << 22);
  let at = 0;
  let seed = 12345;
  for (let i = 0; i < sections; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const h = (seed >>> 8) % 31;
    if (h >= 10) buf[at++] = 48 + Math.floor(h / 10);
    buf[at++] = 48 + (h % 10);
    buf[at++] = (i + 1) % 2000 === 0 || i === sections - 1 ? 10 : 32;
    if (at > buf.length - 8) {
      writeSync(fd, buf, 0, at);
      at = 0;
    }
  }
  writeSync(fd, buf, 0, at);
  closeSync(fd);
  renameSync(`${path}.part`, path);
  return path;
}

/**
 * Records `table` (which starts with `<!-- marker:start -->` and ends with
 * `<!-- marker:end -->`) in docs/performance.md, but only when the bench
 * was run with `--write` (a bench never changes tracked files unless asked):
 * in place of the marked section, or appended under `heading` when there is
 * none yet. The file is formatted afterwards, so what a bench writes passes
 * lint.
 */
export function recordTable(marker: string, heading: string, table: string): void {
  if (!process.argv.includes('--write')) {
    console.log('\n(not written: add --write to record this table in docs/performance.md)');
    return;
  }
  const perf = fileURLToPath(new URL('../docs/performance.md', import.meta.url));
  const doc = existsSync(perf) ? readFileSync(perf, 'utf8') : '# Performance\n';
  const section = new RegExp(`<!-- ${marker}:start -->[\\s\\S]*<!-- ${marker}:end -->`);
  const next = section.test(doc)
    ? doc.replace(section, () => table)
    : `${doc.trimEnd()}\n\n## ${heading}\n\n${table}\n`;
  writeFileSync(perf, next);
  const biome = fileURLToPath(new URL('../node_modules/@biomejs/biome/bin/biome', import.meta.url));
  execFileSync(process.execPath, [biome, 'format', '--write', perf], { stdio: 'ignore' });
  console.log(`\nwritten to ${perf}`);
}
