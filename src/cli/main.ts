import { closest } from '../core/options/check.js';
import { failureLine, isInputError, visible } from '../errors.js';
import { type CommandSpec, commandHelp, parseCommand, UsageError } from './args.js';
import { chartCommand, runChart } from './chart.js';
import type { CliIO } from './io.js';
import { Output } from './output.js';
import { planCommand, runPlan } from './plan.js';
import { queryCommand, runQuery } from './query.js';
import { runServe, serveCommand } from './serve.js';
import { runSimulate, simulateCommand } from './simulate.js';

export type { CliIO } from './io.js';

declare const __ICEWALL_VERSION__: string | undefined;
/** Set from package.json by the build; `dev` when run from source. */
const VERSION = typeof __ICEWALL_VERSION__ === 'string' ? __ICEWALL_VERSION__ : 'dev';

type Run = (
  values: Record<string, string | boolean | undefined>,
  file: string | undefined,
  io: CliIO,
) => Promise<number>;

const COMMANDS: readonly (readonly [CommandSpec, Run])[] = [
  [simulateCommand, runSimulate],
  [queryCommand, runQuery],
  [chartCommand, runChart],
  [serveCommand, runServe],
  [planCommand, runPlan],
];
const SPECS = COMMANDS.map(([spec]) => spec);

const USAGE = `Usage: icewall <command> [options]

Commands:
${SPECS.map((s) => `  ${s.name} ${s.operands}\n      ${s.summary.split('.')[0]}`).join('\n')}

Run icewall <command> --help (or icewall help <command>) for a command's options.
Options: --help, --version
Exit codes: 0 success, 2 usage or input error, 1 any other failure (see docs/errors.md).
`;

/**
 * The `icewall` command line: parses `argv` (without the node and script
 * paths), runs, and returns the exit code: 0 on success (also when the
 * reader of standard output went away, as with `| head -1`), 2 for a usage
 * or input error, 1 for any other failure (I/O, a strategy, an internal
 * limit), with one line on standard error. Never calls `process.exit`.
 *
 * @param argv - the arguments, e.g. `['simulate', 'wall.txt', '--teams', '2']`
 * @param io - streams and environment
 */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    const usage = error instanceof UsageError;
    io.stderr.write(`icewall: ${usage ? visible(error.message) : failureLine(error)}\n`);
    if (usage || isInputError(error)) return 2;
    if (io.env.ICEWALL_DEBUG && error instanceof Error) io.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    await print(io, USAGE);
    return 2;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    // `help simulate` is `simulate --help`.
    if (rest.length > 1) {
      throw new UsageError(`${command} takes at most a command, got "${rest.join(' ')}"`);
    }
    const named = rest[0];
    await print(io, named === undefined ? USAGE : commandHelp(commandNamed(named)[0]));
    return 0;
  }
  if (command === '--version' || command === '-v') {
    if (rest.length > 0) {
      throw new UsageError(`${command} takes nothing after it, got "${rest.join(' ')}"`);
    }
    await print(io, `${VERSION}\n`);
    return 0;
  }
  const [spec, runCommand] = commandNamed(command);
  const { values, positionals } = parseCommand(spec, rest, SPECS);
  if (values.help === true) {
    await print(io, commandHelp(spec));
    return 0;
  }
  if (positionals.length > 1) {
    throw new UsageError(`expected one FILE, got ${positionals.length}: ${positionals.join(' ')}`);
  }
  return runCommand(values, positionals[0], io);
}

/** The command called `name`, or a usage error that names the closest one. */
function commandNamed(name: string): (typeof COMMANDS)[number] {
  const entry = COMMANDS.find(([spec]) => spec.name === name);
  if (entry !== undefined) return entry;
  const near = closest(
    name,
    SPECS.map((s) => s.name),
  );
  const hint = near === undefined ? 'try icewall --help' : `did you mean ${near}?`;
  throw new UsageError(`unknown command "${name}" (${hint})`);
}

/** Writes a text that ends in a newline through {@link Output} (a closed pipe is fine). */
async function print(io: CliIO, text: string): Promise<void> {
  const out = new Output(io.stdout);
  out.line(text.slice(0, -1));
  await out.end();
}
