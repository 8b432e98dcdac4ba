import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import type { CrewStrategy } from '../core/strategy.js';
import { isIcewallError, ParseError } from '../errors.js';
import { createRequestHandler } from '../http/handler.js';
import {
  inOrder,
  longestFirst,
  parseWall,
  roundRobin,
  Simulation,
  type SimulationResult,
  shortestFirst,
  type Wall,
} from '../index.js';
import { attachLogFile } from '../sinks/log-file.js';
import { exampleWall } from '../testing/random-wall.js';
import { chartSvg } from './chart.js';

/** The streams and environment the command line works with (tests pass their own). */
export interface CliIO {
  /** Standard output. */
  stdout: { write(text: string): unknown };
  /** Standard error; `isTTY` turns the progress bar on. */
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Standard input, read for the file `-`. */
  stdin: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;
  /** Environment variables (for `NO_COLOR`). */
  env: Record<string, string | undefined>;
  /** Calls `stop` on SIGINT or SIGTERM (for `serve`); the bin wires it to `process`. */
  onStopSignal?: (stop: () => void) => void;
}

const STRATEGIES: Record<string, CrewStrategy> = {
  inOrder,
  longestFirst,
  shortestFirst,
  roundRobin,
};
declare const __ICEWALL_VERSION__: string | undefined;
/** Set from package.json by the build; `dev` when run from source. */
const VERSION = typeof __ICEWALL_VERSION__ === 'string' ? __ICEWALL_VERSION__ : 'dev';

const USAGE = `Usage: icewall <command> [options]

Commands:
  simulate [FILE|-]   simulate a wall (no FILE: the bundled example)
      --teams N             a fixed number of teams (default: one crew per section)
      --strategy NAME       inOrder | longestFirst | shortestFirst | roundRobin (with --teams)
      --log FILE            write the completion/relief log file
      --verbose-log         also log one line per team per working day
      --format F            table | json | csv (default: table)
      --daily               add the per-day figures (whole wall and per profile)
  query FILE --profile P --day D [--teams N] [--strategy NAME]
                      the four answers for one profile and day
  chart FILE --out chart.svg [--teams N] [--strategy NAME]
                      an SVG picture: cumulative cost per profile, teams at work
  serve [FILE] [--teams N] [--strategy NAME] [--port 8080] [--host 127.0.0.1] [--log FILE]
                      simulate once and serve the answers over HTTP until SIGINT/SIGTERM

Options: --help, --version
Exit codes: 0 success, 2 usage or input error, 1 unexpected failure.
`;

/** A usage or input error: one line on stderr, exit code 2. */
class UsageError extends Error {}

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * The `icewall` command line: parses `argv` (without the node and script
 * paths), runs, and returns the exit code. Never calls `process.exit`.
 *
 * @param argv - the arguments, e.g. `['simulate', 'wall.txt', '--teams', '2']`
 * @param io - streams and environment
 */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`icewall: ${error.message}\n`);
      return 2;
    }
    if (isIcewallError(error) || error instanceof RangeError) {
      io.stderr.write(`icewall: ${(error as Error).message}\n`);
      return 2;
    }
    io.stderr.write(
      `icewall: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}

async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (!['simulate', 'query', 'chart', 'serve'].includes(command)) {
    throw new UsageError(`unknown command "${command}" (try icewall --help)`);
  }
  let parsed: ReturnType<typeof parseCommand>;
  try {
    parsed = parseCommand(rest);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${(error as Error).message} (try icewall --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`expected one FILE, got ${positionals.length}`);
  const teams = values.teams === undefined ? undefined : wholeNumber('--teams', values.teams);
  const strategyName = values.strategy ?? 'inOrder';
  const strategy = STRATEGIES[strategyName];
  if (strategy === undefined) {
    throw new UsageError(
      `unknown strategy "${strategyName}" (one of ${Object.keys(STRATEGIES).join(', ')})`,
    );
  }
  const file = positionals[0];
  if ((command === 'query' || command === 'chart') && file === undefined)
    throw new UsageError(`${command} needs a FILE`);
  if (command === 'chart' && values.out === undefined)
    throw new UsageError('chart needs --out FILE.svg');
  const wall = await loadWall(file, io);
  const sim = new Simulation(wall, { teams, strategy });

  if (command === 'query') {
    if (values.profile === undefined || values.day === undefined) {
      throw new UsageError('query needs --profile P and --day D');
    }
    const p = wholeNumber('--profile', values.profile);
    const d = wholeNumber('--day', values.day);
    const result = sim.run();
    if (p > result.profileCount) {
      throw new UsageError(
        `profile ${p} does not exist: the wall has profiles 1 to ${result.profileCount}`,
      );
    }
    io.stdout.write(
      [
        `ice used by profile ${p} on day ${d}: ${fmt(result.dailyIce(p, d))} cubic yards`,
        `cost of profile ${p} up to day ${d}: ${fmt(result.profileCost(p, d))} Gold Dragons`,
        `cost of all profiles up to day ${d}: ${fmt(result.totalCost(d))} Gold Dragons`,
        `total cost of the wall: ${fmt(result.totalCost())} Gold Dragons`,
        '',
      ].join('\n'),
    );
    return 0;
  }

  if (command === 'chart') {
    const out = values.out as string;
    try {
      await writeFile(out, chartSvg(sim.run(), file === '-' ? 'icewall' : (file as string)));
    } catch (error) {
      throw new UsageError(`cannot write ${out}: ${(error as Error).message}`);
    }
    io.stdout.write(`wrote ${out}\n`);
    return 0;
  }

  if (command === 'serve') return serve(sim, values, io);

  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json' && format !== 'csv') {
    throw new UsageError(`--format must be table, json or csv, got "${format}"`);
  }
  if (io.stderr.isTTY) {
    sim.on('progress', ({ sectionsCompleted, sectionsTotal }) => {
      const pct = Math.floor((100 * sectionsCompleted) / sectionsTotal);
      const bar = '#'.repeat(Math.floor(pct / 4)).padEnd(25, '.');
      io.stderr.write(`\r[${bar}] ${pct}%${pct === 100 ? '\n' : ''}`);
    });
  }
  const result = await runWithLog(sim, values);
  writeReport(result, format, values.daily === true, io);
  return 0;
}

function parseCommand(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      teams: { type: 'string' },
      strategy: { type: 'string' },
      log: { type: 'string' },
      'verbose-log': { type: 'boolean' },
      format: { type: 'string' },
      daily: { type: 'boolean' },
      profile: { type: 'string' },
      day: { type: 'string' },
      out: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** Runs the simulation, writing `--log FILE` if asked; a log that fails is an error. */
async function runWithLog(
  sim: Simulation,
  values: ReturnType<typeof parseCommand>['values'],
): Promise<SimulationResult> {
  const log =
    values.log === undefined
      ? undefined
      : attachLogFile(sim, values.log, { verbose: values['verbose-log'] });
  const result = sim.run();
  if (log !== undefined) await log.close();
  return result;
}

async function serve(
  sim: Simulation,
  values: ReturnType<typeof parseCommand>['values'],
  io: CliIO,
): Promise<number> {
  const port = values.port === undefined ? 8080 : Number(values.port);
  if (!/^[0-9]+$/.test(values.port ?? '0') || port > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, got "${values.port}"`);
  }
  const host = values.host ?? '127.0.0.1';
  const result = await runWithLog(sim, values);
  const server = createServer(createRequestHandler(result, { logPath: values.log }));
  server.listen(port, host);
  try {
    await once(server, 'listening');
  } catch (error) {
    throw new UsageError(`cannot listen on ${host}:${port}: ${(error as Error).message}`);
  }
  const address = server.address() as { port: number };
  const shown = host.includes(':') ? `[${host}]` : host;
  io.stdout.write(
    `serving ${result.profileCount} profiles (${result.days} days) on http://${shown}:${address.port}/\n`,
  );
  await new Promise<void>((resolve) => {
    io.onStopSignal?.(() => resolve());
  });
  // Graceful: stop accepting, let in-flight requests finish, drop idle keep-alive sockets.
  const closed = once(server, 'close');
  server.close();
  server.closeIdleConnections();
  await closed;
  io.stdout.write('server closed\n');
  return 0;
}

function wholeNumber(flag: string, text: string): number {
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < 1) {
    throw new UsageError(`${flag} must be a whole number ≥ 1, got "${text}"`);
  }
  return Number(text);
}

async function loadWall(file: string | undefined, io: CliIO): Promise<Wall> {
  if (file === undefined) return exampleWall();
  let bytes: Uint8Array;
  const name = file === '-' ? '<stdin>' : file;
  if (file === '-') {
    const chunks: Uint8Array[] = [];
    for await (const c of io.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
    bytes = Buffer.concat(chunks);
  } else {
    try {
      bytes = await readFile(file);
    } catch (error) {
      const code = (error as { code?: string }).code;
      const why =
        code === 'ENOENT'
          ? 'no such file'
          : code === 'EISDIR'
            ? 'it is a folder'
            : code === 'EACCES'
              ? 'permission denied'
              : (error as Error).message;
      throw new UsageError(`cannot read ${file}: ${why}`);
    }
  }
  try {
    return parseWall(bytes);
  } catch (error) {
    if (error instanceof ParseError) {
      const where =
        error.reason === 'too-many-sections' || error.reason === 'empty'
          ? `${error.line}`
          : `${error.line}:${error.column}`;
      throw new UsageError(
        `${name}:${where}: ${error.message.replace(/^line \d+(, column \d+)?: /, '')}`,
      );
    }
    throw error;
  }
}

function writeReport(result: SimulationResult, format: string, daily: boolean, io: CliIO): void {
  const profiles = Array.from({ length: result.profileCount }, (_, k) => ({
    profile: k + 1,
    sections: result.wall.sectionsOf(k + 1),
    days: result.profileDays(k + 1),
    ice: result.profileIce(k + 1),
    cost: result.profileCost(k + 1),
  }));
  const days = (fn: (day: number) => void) => {
    for (let d = 1; d <= result.days; d++) fn(d);
  };
  if (format === 'json') {
    const out: Record<string, unknown> = {
      days: result.days,
      ice: result.totalIce(),
      cost: result.totalCost(),
      profiles,
    };
    if (daily) {
      const rows: unknown[] = [];
      days((d) =>
        rows.push({
          day: d,
          ice: result.wallDailyIce(d),
          cost: result.wallDailyIce(d) * result.wall.options.costPerCubicYard,
          cumulativeCost: result.totalCost(d),
          profiles: profiles.map((p) => result.dailyIce(p.profile, d)),
        }),
      );
      out.daily = rows;
    }
    io.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  if (format === 'csv') {
    io.stdout.write('profile,sections,days,ice,cost\n');
    for (const p of profiles)
      io.stdout.write(`${p.profile},${p.sections},${p.days},${p.ice},${p.cost}\n`);
    io.stdout.write(
      `total,${result.sectionCount},${result.days},${result.totalIce()},${result.totalCost()}\n`,
    );
    if (daily) {
      io.stdout.write(
        `\nday,ice,cumulative_cost,${profiles.map((p) => `profile_${p.profile}_ice`).join(',')}\n`,
      );
      days((d) =>
        io.stdout.write(
          `${d},${result.wallDailyIce(d)},${result.totalCost(d)},${profiles.map((p) => result.dailyIce(p.profile, d)).join(',')}\n`,
        ),
      );
    }
    return;
  }
  const bold = (s: string) =>
    io.env.NO_COLOR === undefined && io.stderr.isTTY ? `\u001b[1m${s}\u001b[22m` : s;
  io.stdout.write(
    `${bold('days')}        ${fmt(result.days)}\n${bold('total ice')}   ${fmt(result.totalIce())} cubic yards\n${bold('total cost')}  ${fmt(result.totalCost())} Gold Dragons\n\n`,
  );
  const rows = [
    ['profile', 'sections', 'days', 'ice', 'cost'],
    ...profiles.map((p) => [p.profile, p.sections, p.days, p.ice, p.cost].map(fmt)),
  ];
  const widths =
    rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length))) ?? [];
  for (const r of rows)
    io.stdout.write(`${r.map((cell, c) => cell.padStart(widths[c] as number)).join('  ')}\n`);
  if (daily) {
    io.stdout.write(
      `\n${['day', 'ice', 'cost so far', ...profiles.map((p) => `p${p.profile}`)].join('\t')}\n`,
    );
    days((d) =>
      io.stdout.write(
        `${[d, result.wallDailyIce(d), result.totalCost(d), ...profiles.map((p) => result.dailyIce(p.profile, d))].map(fmt).join('\t')}\n`,
      ),
    );
  }
}
