import { parseArgs } from 'node:util';
import { closest } from '../core/options/check.js';
import { MAX_TEAMS, SIMULATE_DEFAULTS } from '../core/options/run.js';
import { type CrewStrategy, isTrusted } from '../core/schedule/strategy.js';
import { COLD_BREAK_EVEN_BYTES } from '../engine/engine.js';
import type { StrategySpec } from '../engine/protocol.js';
import { type StrategyModule, workerSpec } from '../engine/shared.js';
import { BUILT_IN_STRATEGIES, loadStrategy } from '../engine/strategy-loader.js';
import { failureLine, visible } from '../errors.js';

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
    usage: '--strategy S',
    help: `${builtInNames(' | ')}, or MODULE#EXPORT (with --teams)`,
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

/** The built-in strategies' names, for help and messages. */
export function builtInNames(separator: string): string {
  return Object.keys(BUILT_IN_STRATEGIES).join(separator);
}

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
  let parsed: ReturnType<typeof parseWithTokens>;
  try {
    parsed = parseWithTokens(args, options);
  } catch (error) {
    throw new UsageError(
      `${argsMessage((error as Error).message)} (try icewall ${spec.name} --help)`,
    );
  }
  // An option given twice would quietly keep the last value (a second
  // --log would leave the first file unwritten): refused.
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) {
      throw new UsageError(`--${token.name} is given more than once: give it once`);
    }
    seen.add(token.name);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/**
 * `node:util` `parseArgs`'s message in the CLI's words, on one line
 * (Node's message for `--log -x.log` takes three, and quotes `-t` oddly).
 */
function argsMessage(message: string): string {
  const option = /^(?:Unknown option|Option) '(-[^' ]*)/.exec(message)?.[1];
  if (option === undefined) return message;
  if (message.startsWith('Unknown option')) return `unknown option ${option}`;
  if (message.includes('argument is ambiguous')) {
    return `${option} needs a value, and the next argument starts with "-": write ${option}=VALUE`;
  }
  if (message.includes('argument missing')) return `${option} needs a value`;
  if (message.includes('does not take an argument')) return `${option} takes no value`;
  return message;
}

function parseWithTokens(
  args: readonly string[],
  options: Record<string, { type: 'string' | 'boolean'; short?: string }>,
) {
  return parseArgs({
    args: [...args],
    options,
    allowPositionals: true,
    strict: true,
    tokens: true,
  });
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

/** The run options of a command: teams, the strategy, threads. */
export interface RunChoice {
  readonly teams: number | undefined;
  /** The strategy, loaded on this thread. */
  readonly strategy: CrewStrategy;
  /** Where a `MODULE#EXPORT` strategy lives, for worker threads to load it too. */
  readonly module: StrategyModule | undefined;
  readonly threads: number | 'auto';
}

/**
 * `--teams`, `--strategy` and `--threads`, checked, and a strategy module
 * loaded (before any input is read, so a bad one is refused first).
 * `--strategy` needs `--teams` except for `plan`, which chooses the teams
 * itself.
 */
export async function runOptions(
  values: Record<string, string | boolean | undefined>,
  strategyNeedsTeams = true,
): Promise<RunChoice> {
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
  const threads =
    typeof values.threads === 'string' && values.threads !== 'auto'
      ? wholeNumber('--threads', values.threads, 1, MAX_THREADS)
      : 'auto';
  const text =
    typeof values.strategy === 'string'
      ? values.strategy
      : (SIMULATE_DEFAULTS.strategy as CrewStrategy).name;
  const module = strategyModule(text);
  if (module === undefined) {
    const builtIn = BUILT_IN_STRATEGIES[text];
    if (!Object.hasOwn(BUILT_IN_STRATEGIES, text) || builtIn === undefined) {
      const near = closest(text, Object.keys(BUILT_IN_STRATEGIES));
      throw new UsageError(
        near === undefined
          ? `unknown strategy "${text}" (one of ${builtInNames(', ')}, or MODULE#EXPORT such as ./my-strategy.js#reverse)`
          : `unknown strategy "${text}" (did you mean ${near}? or MODULE#EXPORT such as ./my-strategy.js#reverse)`,
      );
    }
    return { teams, strategy: builtIn, module, threads };
  }
  try {
    // The engine's one loader and its one rule for paths and package names
    // (from the working directory), as the worker threads load it.
    const strategy = await withoutExit(text, () =>
      loadStrategy(workerSpec(module) as StrategySpec),
    );
    // A module that exports a built-in (`export { longestFirst } from
    // 'icewall'`) is that built-in, which every worker has: no module.
    return { teams, strategy, module: isTrusted(strategy) ? undefined : module, threads };
  } catch (error) {
    throw new UsageError(`--strategy ${text}: ${failureLine(error)}`);
  }
}

/**
 * Runs `load` (a strategy module's import on this thread) with
 * `process.exit` refused: an exit at the module's top level is an error
 * naming the module, not the CLI's own exit code (the worker guards its
 * imports the same way). The bin keeps its own reference to `exit`.
 * A module whose top-level `await` never settles leaves nothing for the
 * process to wait on, and Node would end it with code 13 and no word: it
 * says so instead, naming the module, and ends with 2.
 */
async function withoutExit<T>(text: string, load: () => Promise<T>): Promise<T> {
  const exit = process.exit;
  process.exit = ((code?: number | string | null) => {
    throw new Error(`process.exit(${code ?? ''}) was called while the module loaded`);
  }) as typeof process.exit;
  const unsettled = () => {
    process.stderr.write(
      `icewall: --strategy ${visible(text)}: the module never finished loading (a top-level await that never settles)\n`,
    );
    process.exitCode = 2;
  };
  process.once('exit', unsettled);
  try {
    return await load();
  } finally {
    process.exit = exit;
    process.off('exit', unsettled);
  }
}

/**
 * `MODULE#EXPORT` (cut at the last `#`) as a strategy module, `MODULE`
 * alone (a path: `./`, `../`, `/`) for its default export; `undefined` for
 * a built-in name.
 */
function strategyModule(text: string): StrategyModule | undefined {
  const hash = text.lastIndexOf('#');
  if (hash === -1) {
    return /^\.{0,2}\//.test(text) ? { module: text, export: 'default' } : undefined;
  }
  const module = text.slice(0, hash);
  const name = text.slice(hash + 1);
  if (module === '' || name === '') {
    throw new UsageError(
      `--strategy must be a built-in name or MODULE#EXPORT (such as ./my-strategy.js#reverse), got "${text}"`,
    );
  }
  return { module, export: name };
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
