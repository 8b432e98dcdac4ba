import { parseArgs } from 'node:util';
import { closest } from '../core/options/check.js';
import { MAX_TEAMS, SIMULATE_DEFAULTS } from '../core/options/run.js';
import type { CrewStrategy } from '../core/schedule/strategy.js';
import { COLD_BREAK_EVEN_BYTES } from '../engine/engine.js';
import { inOrder, longestFirst, roundRobin, shortestFirst } from '../index.js';

/** A usage error: one line on stderr, exit code 2. */
export class UsageError extends Error {}

/** An option of a command, as `node:util` `parseArgs` takes it, plus its help line. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** `--teams N` in the help. */
  readonly usage: string;
  /** What it does, for the help. */
  readonly help: string;
}

/** What every command module exports. */
export interface CommandSpec {
  readonly name: string;
  /** `[FILE|-]` and the like, for the help. */
  readonly operands: string;
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
}

/** The options of the commands that simulate: teams and strategy. */
export const RUN_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  teams: {
    type: 'string',
    usage: '--teams N',
    help: 'a fixed number of teams (default: one crew per section)',
  },
  strategy: {
    type: 'string',
    usage: '--strategy NAME',
    help: 'inOrder | longestFirst | shortestFirst | roundRobin (with --teams)',
  },
  threads: {
    type: 'string',
    usage: '--threads N',
    help: `threads that read a FILE, 1 to 256, or auto (default: auto, one below ${COLD_BREAK_EVEN_BYTES >> 20} MiB, as a fresh process starts its threads cold)`,
  },
};

/** The most threads `--threads` accepts (the engine's limit). */
export const MAX_THREADS = 256;

/** `--help` of every command. */
export const HELP_OPTION: Readonly<Record<string, OptionSpec>> = {
  help: { type: 'boolean', short: 'h', usage: '--help', help: "this command's help" },
};

const STRATEGIES: Readonly<Record<string, CrewStrategy>> = {
  inOrder,
  longestFirst,
  shortestFirst,
  roundRobin,
};

/**
 * Parses a command's arguments. An option of another command is refused
 * by name (`--out is an option of chart, not simulate`), an unknown one
 * with a "did you mean" when one is close.
 */
export function parseCommand(
  spec: CommandSpec,
  args: readonly string[],
  all: readonly CommandSpec[],
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  for (const arg of args) {
    if (arg === '--') break;
    if (!arg.startsWith('--')) continue;
    const name = arg.slice(2).split('=', 1)[0] as string;
    if (Object.hasOwn(spec.options, name)) continue;
    const owners = all.filter((c) => Object.hasOwn(c.options, name)).map((c) => c.name);
    if (owners.length > 0) {
      throw new UsageError(
        `--${name} is an option of ${owners.join(' and ')}, not ${spec.name} (try icewall ${spec.name} --help)`,
      );
    }
    const near = closest(name, Object.keys(spec.options));
    const hint = near === undefined ? `try icewall ${spec.name} --help` : `did you mean --${near}?`;
    throw new UsageError(`unknown option --${name} (${hint})`);
  }
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, o] of Object.entries(spec.options)) {
    options[name] = o.short === undefined ? { type: o.type } : { type: o.type, short: o.short };
  }
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (try icewall ${spec.name} --help)`);
  }
}

/** A whole number from `min` to `max`, or a usage error that states the range. */
export function wholeNumber(
  flag: string,
  text: string,
  min = 1,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return n;
}

/**
 * `--teams`, `--strategy` and `--threads`, checked. `--strategy` needs
 * `--teams` except for `plan`, which chooses the teams itself.
 */
export function runOptions(
  values: Record<string, string | boolean | undefined>,
  strategyNeedsTeams = true,
): {
  teams: number | undefined;
  strategy: CrewStrategy;
  threads: number | 'auto';
} {
  const teams =
    typeof values.teams === 'string'
      ? wholeNumber('--teams', values.teams, 1, MAX_TEAMS)
      : undefined;
  if (strategyNeedsTeams && typeof values.strategy === 'string' && teams === undefined) {
    // With one crew per section every section starts on day 1: no strategy
    // applies, and ignoring it silently would hide a forgotten --teams.
    throw new UsageError(
      '--strategy needs --teams N (with one crew per section, no strategy applies)',
    );
  }
  const name =
    typeof values.strategy === 'string'
      ? values.strategy
      : (SIMULATE_DEFAULTS.strategy as CrewStrategy).name;
  if (!Object.hasOwn(STRATEGIES, name)) {
    throw new UsageError(
      `unknown strategy "${name}" (one of ${Object.keys(STRATEGIES).join(', ')})`,
    );
  }
  const threads =
    typeof values.threads === 'string' && values.threads !== 'auto'
      ? wholeNumber('--threads', values.threads, 1, MAX_THREADS)
      : 'auto';
  return { teams, strategy: STRATEGIES[name] as CrewStrategy, threads };
}

/** The help of one command. */
export function commandHelp(spec: CommandSpec): string {
  const lines = [`Usage: icewall ${spec.name} ${spec.operands} [options]`, '', spec.summary, ''];
  let width = 0;
  for (const o of Object.values(spec.options)) {
    width = Math.max(width, o.usage.length + (o.short ? 4 : 0));
  }
  for (const o of Object.values(spec.options)) {
    const usage = o.short ? `-${o.short}, ${o.usage}` : o.usage;
    lines.push(`  ${usage.padEnd(width + 2)}${o.help}`);
  }
  return `${lines.join('\n')}\n`;
}
