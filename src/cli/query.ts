import { formatNumber, missingProfile } from '../core/numbers.js';
import type { SimulationResult } from '../index.js';
import {
  type CommandSpec,
  HELP_OPTION,
  RUN_OPTIONS,
  runOptions,
  UsageError,
  wholeNumber,
} from './args.js';
import { loadAndSimulate, openInput } from './input.js';
import type { CliIO } from './io.js';
import { Output } from './output.js';
import { withOutputFiles } from './output-files.js';
import { ProgressBar } from './progress.js';

/** `icewall query`. */
export const queryCommand: CommandSpec = {
  name: 'query',
  operands: '[FILE|-] --profile P --day D',
  summary:
    'The four answers of the specification for one profile and day. FILE, or - for\nstandard input; no FILE reads piped input, else uses the bundled example.',
  options: {
    profile: { type: 'string', usage: '--profile P', help: 'the profile (from 1)' },
    day: { type: 'string', usage: '--day D', help: 'the day (from 1)' },
    ...RUN_OPTIONS,
    format: { type: 'string', usage: '--format F', help: 'text | json (default: text)' },
    ...HELP_OPTION,
  },
};

/** Runs `icewall query`; returns the exit code. */
export async function runQuery(
  values: Record<string, string | boolean | undefined>,
  file: string | undefined,
  io: CliIO,
): Promise<number> {
  if (typeof values.profile !== 'string' || typeof values.day !== 'string') {
    throw new UsageError('query needs --profile P and --day D');
  }
  const format = typeof values.format === 'string' ? values.format : 'text';
  if (format !== 'text' && format !== 'json') {
    throw new UsageError(`--format must be text or json, got "${format}"`);
  }
  const p = wholeNumber('--profile', values.profile);
  const d = wholeNumber('--day', values.day);
  const run = await runOptions(values);
  const input = await openInput(file, io, true);
  // No file to write, but SIGINT and SIGTERM end it with 130 as any command.
  return withOutputFiles(io, input, async () => {
    await answer(
      await loadAndSimulate(input, run, io, new ProgressBar(io.stderr)),
      p,
      d,
      format,
      io,
    );
    return undefined;
  });
}

/** Prints the answers of `icewall query`. */
async function answer(
  result: SimulationResult,
  p: number,
  d: number,
  format: string,
  io: CliIO,
): Promise<void> {
  if (p > result.profileCount) {
    throw new UsageError(missingProfile(p, result.profileCount));
  }
  const answers = {
    profile: p,
    day: d,
    ice: result.dailyIce(p, d),
    profileCost: result.profileCost(p, d),
    totalCost: result.totalCost(d),
    wallCost: result.totalCost(),
  };
  const out = new Output(io.stdout);
  if (format === 'json') out.line(JSON.stringify(answers));
  else {
    out.line(`ice used by profile ${p} on day ${d}: ${formatNumber(answers.ice)} cubic yards`);
    out.line(
      `cost of profile ${p} up to day ${d}: ${formatNumber(answers.profileCost)} Gold Dragons`,
    );
    out.line(
      `cost of all profiles up to day ${d}: ${formatNumber(answers.totalCost)} Gold Dragons`,
    );
    out.line(`total cost of the wall: ${formatNumber(answers.wallCost)} Gold Dragons`);
  }
  await out.end();
}
