import { count, formatNumber } from '../core/numbers.js';
import { MAX_TEAMS } from '../core/options/run.js';
import { createEngine } from '../engine/engine.js';
import type { StrategyModule } from '../engine/shared.js';
import { planTeams, type TeamPlan, type Wall } from '../index.js';
import {
  builtInNames,
  type CommandSpec,
  HELP_OPTION,
  runOptions,
  UsageError,
  wholeNumber,
} from './args.js';
import { loadWall, openInput } from './input.js';
import type { CliIO } from './io.js';
import { Output } from './output.js';
import { withOutputFiles } from './output-files.js';
import { ProgressBar } from './progress.js';

/** Below this many sections `--threads auto` plans on the calling thread (no thread start-up). */
const PLAN_THREADS_FROM = 100_000;

/** `icewall plan`. */
export const planCommand: CommandSpec = {
  name: 'plan',
  operands: '[FILE|-] --deadline D',
  summary:
    'The fewest teams that finish the wall by day D, and the day they finish. FILE,\nor - for standard input; no FILE reads piped input, else uses the bundled example.',
  options: {
    deadline: { type: 'string', usage: '--deadline D', help: 'the last day allowed (from 1)' },
    'max-teams': {
      type: 'string',
      usage: '--max-teams M',
      help: 'give up beyond M teams (an error names the best found)',
    },
    strategy: {
      type: 'string',
      usage: '--strategy S',
      help: `${builtInNames(' | ')}, or MODULE#EXPORT (default: inOrder)`,
    },
    threads: {
      type: 'string',
      usage: '--threads N',
      help: 'threads that try team counts, 1 to 256, or auto (default: auto, one below 10^5 sections)',
    },
    format: { type: 'string', usage: '--format F', help: 'text | json (default: text)' },
    ...HELP_OPTION,
  },
};

/** Runs `icewall plan`; returns the exit code. */
export async function runPlan(
  values: Record<string, string | boolean | undefined>,
  file: string | undefined,
  io: CliIO,
): Promise<number> {
  if (typeof values.deadline !== 'string') throw new UsageError('plan needs --deadline D');
  const format = typeof values.format === 'string' ? values.format : 'text';
  if (format !== 'text' && format !== 'json') {
    throw new UsageError(`--format must be text or json, got "${format}"`);
  }
  const deadline = wholeNumber('--deadline', values.deadline);
  const maxTeams =
    typeof values['max-teams'] === 'string'
      ? wholeNumber('--max-teams', values['max-teams'], 1, MAX_TEAMS)
      : undefined;
  const { strategy, module, threads } = await runOptions(values, false);
  const input = await openInput(file, io, true);
  // No file to write, but SIGINT and SIGTERM end it with 130 as any command.
  return withOutputFiles(io, input, async () => {
    const wall = await loadWall(input, new ProgressBar(io.stderr));
    const plan = await search(wall, { deadline, maxTeams, strategy }, threads, module);
    const out = new Output(io.stdout);
    if (format === 'json') out.line(JSON.stringify({ teams: plan.teams, days: plan.days }));
    else if (plan.teams === 0) out.line('nothing to build: 0 teams, 0 days');
    else {
      const teams = count(plan.teams, 'team');
      out.line(
        `${teams} ${plan.teams === 1 ? 'finishes' : 'finish'} by day ${formatNumber(deadline)}: the last foot is laid on day ${formatNumber(plan.days)}`,
      );
    }
    await out.end();
    return undefined;
  });
}

/** The core's search on this thread, or the engine's on worker threads. */
async function search(
  wall: Wall,
  options: Parameters<typeof planTeams>[1],
  threads: number | 'auto',
  module: StrategyModule | undefined,
): Promise<TeamPlan> {
  // A strategy module always runs on workers (see input.ts's loadAndSimulate).
  const parallel =
    module !== undefined ||
    (threads === 'auto' ? wall.sectionCount >= PLAN_THREADS_FROM : threads > 1);
  if (!parallel) return planTeams(wall, options);
  const engine = createEngine(threads === 'auto' ? {} : { threads: Math.max(1, threads - 1) });
  try {
    // A strategy module is loaded by the workers themselves.
    return await engine.planTeams(wall, { ...options, strategy: module ?? options.strategy });
  } finally {
    await engine.close();
  }
}
