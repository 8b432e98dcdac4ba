import { formatNumber } from '../core/numbers.js';
import { summaryJsonPieces } from '../core/result/result.js';
import type { SimulationResult } from '../index.js';
import { type CommandSpec, HELP_OPTION, RUN_OPTIONS, runOptions, UsageError } from './args.js';
import { loadAndSimulate, openInput } from './input.js';
import type { CliIO } from './io.js';
import { Output } from './output.js';
import { outputOption, withOutputFiles } from './output-files.js';
import { ProgressBar } from './progress.js';

/** `icewall simulate`. */
export const simulateCommand: CommandSpec = {
  name: 'simulate',
  operands: '[FILE|-]',
  summary:
    'Simulates a wall and prints the days, ice and cost, per profile. FILE, or - for\nstandard input; no FILE reads piped input, else uses the bundled example.',
  options: {
    ...RUN_OPTIONS,
    log: { type: 'string', usage: '--log FILE', help: 'write the completion/relief log file' },
    'verbose-log': {
      type: 'boolean',
      usage: '--verbose-log',
      help: 'also log one line per team per working day',
    },
    format: { type: 'string', usage: '--format F', help: 'table | json | csv (default: table)' },
    daily: { type: 'boolean', usage: '--daily', help: 'add the per-day figures' },
    ...HELP_OPTION,
  },
};

type Values = Record<string, string | boolean | undefined>;

/** Runs `icewall simulate`; returns the exit code. */
export async function runSimulate(values: Values, file: string | undefined, io: CliIO) {
  const format = typeof values.format === 'string' ? values.format : 'table';
  if (format !== 'table' && format !== 'json' && format !== 'csv') {
    throw new UsageError(`--format must be table, json or csv, got "${format}"`);
  }
  if (values['verbose-log'] === true && values.log === undefined) {
    throw new UsageError('--verbose-log needs --log FILE');
  }
  const request = {
    ...(await runOptions(values)),
    log: outputOption(values, 'log'),
    verboseLog: values['verbose-log'] === true,
  };
  const input = await openInput(file, io, true);
  return withOutputFiles(io, input, async (files) => {
    // The log is written to a temporary file that replaces --log only when
    // the run has succeeded (and an output that is the input is refused).
    const log = request.log === undefined ? undefined : await files.reserve(request.log, '--log');
    const result = await loadAndSimulate(
      input,
      { ...request, log },
      io,
      new ProgressBar(io.stderr),
    );
    const out = new Output(io.stdout);
    const daily = values.daily === true;
    if (format === 'json') await writeJson(result, daily, out);
    else if (format === 'csv') await writeCsv(result, daily, out);
    else {
      const color = io.env.NO_COLOR === undefined && io.stdout.isTTY === true;
      await writeTable(result, daily, out, color);
    }
    await out.end();
    return undefined;
  });
}

/**
 * Calls `row(k)` for k = 1..n, flushing the output whenever a chunk is
 * full and letting the event loop run every ~20 ms (see `Output`); stops
 * early when the reader has gone away.
 */
async function eachRow(
  n: number,
  out: Output,
  row: (k: number) => void | Promise<void>,
): Promise<void> {
  for (let k = 1; k <= n; k++) {
    const pending = row(k);
    if (pending !== undefined) await pending;
    if (await paced(out)) return;
  }
}

/** Writes each line of `lines` as {@link eachRow} writes rows. */
async function eachLine(lines: Iterable<string>, out: Output): Promise<void> {
  for (const line of lines) {
    out.line(line);
    if (await paced(out)) return;
  }
}

/** After a row: flushes a full buffer, lets the event loop turn when due; whether the reader went away. */
async function paced(out: Output): Promise<boolean> {
  if (out.full) await out.flush();
  else if (out.due) await out.pace();
  return out.closed;
}

/**
 * The ice of every profile on day `d`, joined (no array of data size is
 * spread); a wide wall's row lets the event loop run as it goes.
 */
async function profileIce(
  result: SimulationResult,
  d: number,
  separator: string,
  out: Output,
  f: (n: number) => string = String,
): Promise<string> {
  let text = '';
  for (let p = 1; p <= result.profileCount; p++) {
    text += `${p === 1 ? '' : separator}${f(result.dailyIce(p, d))}`;
    if ((p & 255) === 0 && out.due) {
      await out.pace();
      if (out.closed) return text;
    }
  }
  return text;
}

/** The daily cost of the whole wall on day `d`. */
const dailyCost = (result: SimulationResult, d: number) =>
  result.totalCost(d) - (d > 1 ? result.totalCost(d - 1) : 0);

/**
 * `--format json`: `result.toJSON()` (the shape is defined there), written
 * as it goes: the head, then one profile a line, so 10^6 profiles and
 * 3×10^6 days never make one string. `--daily` adds a `daily` array.
 */
async function writeJson(result: SimulationResult, daily: boolean, out: Output): Promise<void> {
  await eachLine(summaryJsonPieces(result, daily ? '],"daily":[' : ']}'), out);
  if (!daily || out.closed) return;
  await eachRow(result.days, out, async (d) =>
    out.line(
      `${d === 1 ? '' : ','}{"day":${d},"ice":${result.wallDailyIce(d)},"cost":${dailyCost(result, d)},"cumulativeCost":${result.totalCost(d)},"profiles":[${await profileIce(result, d, ',', out)}]}`,
    ),
  );
  out.line(']}');
}

/** `--format csv`: the profile rows and a total; with `--daily` a blank line and one row per day. */
async function writeCsv(result: SimulationResult, daily: boolean, out: Output): Promise<void> {
  out.line('profile,sections,days,ice,cost');
  await eachRow(result.profileCount, out, (p) => {
    const s = result.profileSummary(p);
    out.line(`${s.profile},${s.sections},${s.days},${s.ice},${s.cost}`);
  });
  out.line(
    `total,${result.sectionCount},${result.days},${result.totalIce()},${result.totalCost()}`,
  );
  if (!daily) return;
  let header = '\nday,ice,cumulative_cost';
  for (let p = 1; p <= result.profileCount; p++) header += `,profile_${p}_ice`;
  out.line(header);
  await eachRow(result.days, out, async (d) =>
    out.line(
      `${d},${result.wallDailyIce(d)},${result.totalCost(d)},${await profileIce(result, d, ',', out)}`,
    ),
  );
}

const COLUMNS = ['profile', 'sections', 'days', 'ice', 'cost'] as const;

/** The table: totals, then one aligned row per profile (widths found in a first pass). */
async function writeTable(
  result: SimulationResult,
  daily: boolean,
  out: Output,
  color: boolean | undefined,
): Promise<void> {
  const bold = (s: string) => (color ? `\u001b[1m${s}\u001b[22m` : s);
  out.line(`${bold('days')}        ${formatNumber(result.days)}`);
  out.line(`${bold('total ice')}   ${formatNumber(result.totalIce())} cubic yards`);
  out.line(`${bold('total cost')}  ${formatNumber(result.totalCost())} Gold Dragons`);
  out.line('');
  const widths: number[] = COLUMNS.map((c) => c.length);
  for (let p = 1; p <= result.profileCount; p++) {
    const s = result.profileSummary(p);
    COLUMNS.forEach((c, k) => {
      widths[k] = Math.max(widths[k] as number, formatNumber(s[c]).length);
    });
    if (out.due) await out.pace();
  }
  const row = (cells: readonly string[]) =>
    cells.map((cell, k) => cell.padStart(widths[k] as number)).join('  ');
  out.line(row(COLUMNS));
  await eachRow(result.profileCount, out, (p) => {
    const s = result.profileSummary(p);
    out.line(row(COLUMNS.map((c) => formatNumber(s[c]))));
  });
  if (!daily || out.closed) return;
  let header = '\nday\tice\tcost so far';
  for (let p = 1; p <= result.profileCount; p++) header += `\tp${p}`;
  out.line(header);
  await eachRow(result.days, out, async (d) =>
    out.line(
      `${formatNumber(d)}\t${formatNumber(result.wallDailyIce(d))}\t${formatNumber(result.totalCost(d))}\t${await profileIce(result, d, '\t', out, formatNumber)}`,
    ),
  );
}
