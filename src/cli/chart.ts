import { writeSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { IcewallError, visible } from '../errors.js';
import { standardStreamOf } from '../sinks/line-buffer.js';
import { type CommandSpec, HELP_OPTION, RUN_OPTIONS, runOptions, UsageError } from './args.js';
import { chartSvg } from './chart-svg.js';
import { loadAndSimulate, openInput } from './input.js';
import type { CliIO } from './io.js';
import { Output } from './output.js';
import { outputOption, withOutputFiles } from './output-files.js';
import { ProgressBar } from './progress.js';

/** `icewall chart`. */
export const chartCommand: CommandSpec = {
  name: 'chart',
  operands: '[FILE|-] --out chart.svg',
  summary:
    'An SVG picture of the run: cumulative cost per profile, teams at work. FILE, or -\nfor standard input; no FILE reads piped input, else uses the bundled example.',
  options: {
    out: {
      type: 'string',
      usage: '--out FILE',
      help: 'where the SVG goes (- for standard output)',
    },
    ...RUN_OPTIONS,
    ...HELP_OPTION,
  },
};

/** Runs `icewall chart`; returns the exit code. */
export async function runChart(
  values: Record<string, string | boolean | undefined>,
  file: string | undefined,
  io: CliIO,
): Promise<number> {
  const target = outputOption(values, 'out');
  if (target === undefined) {
    throw new UsageError('chart needs --out FILE.svg (- for standard output)');
  }
  const run = await runOptions(values);
  const input = await openInput(file, io, true);
  return withOutputFiles(io, input, async (files) => {
    // Reserved before the run: an output that is the input is refused first.
    const temp = target === '-' ? undefined : await files.reserve(target, '--out');
    // `--out /dev/stdout` (or the file standard output goes to) is `-`; the
    // same for standard error.
    const stream = temp === undefined ? 1 : standardStreamOf(target);
    const result = await loadAndSimulate(input, run, io, new ProgressBar(io.stderr));
    // The file's base name: a path as typed would show the user's folders.
    const svg = chartSvg(
      result,
      input === undefined ? 'example' : input.name === '<stdin>' ? 'icewall' : basename(input.name),
    );
    const out = new Output(io.stdout);
    if (stream === 1 || stream === 2) {
      const to = stream === 1 ? out : new Output(io.stderr);
      to.line(svg.slice(0, -1));
      await to.end();
      return undefined;
    }
    if (stream !== undefined) {
      // Another descriptor (`/dev/fd/3`): written through it, as a shell would.
      writeSync(stream, svg);
      return undefined;
    }
    try {
      await writeFile(temp as string, svg);
    } catch (error) {
      throw new IcewallError('ERR_IO', `cannot write ${target}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return async () => {
      out.line(`wrote ${visible(target)}`);
      await out.end();
    };
  });
}
