import { statSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { count } from '../core/numbers.js';
import { measureWork } from '../core/schedule/kernel.js';
import type { CrewStrategy } from '../core/schedule/strategy.js';
import { runParallel, simulateParallel } from '../engine/engine.js';
import type { StrategyModule } from '../engine/shared.js';
import { IcewallError, ioReason, isIcewallError, ParseError } from '../errors.js';
import { parseWallStream, Simulation, type SimulationResult, type Wall } from '../index.js';
import { streamSimulation } from '../simulate-stream.js';
import { attachLogFile } from '../sinks/log-file.js';
import { exampleWall } from '../testing/random-wall.js';
import { UsageError } from './args.js';
import type { CliIO, FileIdentity } from './io.js';
import type { ProgressBar } from './progress.js';

/** A config to read: a file or standard input, as a stream of chunks. */
export interface CliInput {
  /** The name used in messages: the path, or `<stdin>`. */
  readonly name: string;
  readonly chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;
  /** Bytes in all, when known (a regular file). */
  readonly size: number | undefined;
  /** The path of a regular file (which the engine may split between threads). */
  readonly path?: string;
  /** Which file it is, when it is one (no output may replace it). */
  readonly identity?: FileIdentity;
  /** Releases the file. */
  close(): Promise<void>;
}

/**
 * The config of a command: FILE, `-` for standard input, or with no FILE
 * standard input when it is a pipe or a regular file (`io.stdinIsData`),
 * else `undefined`: the bundled example (said on standard error).
 * `serve` passes `readsStdin: false`: it never reads a standard input it
 * was not asked to (under systemd or Docker it is often a pipe that never
 * closes).
 */
export async function openInput(
  file: string | undefined,
  io: CliIO,
  readsStdin: boolean,
): Promise<CliInput | undefined> {
  if (file === '-' || (file === undefined && readsStdin && io.stdinIsData === true)) {
    return {
      name: '<stdin>',
      chunks: io.stdin,
      size: undefined,
      identity: io.stdinIdentity,
      close: async () => {},
    };
  }
  if (file === undefined) {
    io.stderr.write('icewall: no FILE and no piped input: using the bundled example wall\n');
    return undefined;
  }
  let handle: FileHandle;
  let size: number | undefined;
  let identity: FileIdentity;
  try {
    handle = await open(file, 'r');
    const stat = await handle.stat();
    identity = { dev: stat.dev, ino: stat.ino };
    if (stat.isDirectory()) {
      await handle.close();
      throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    }
    size = stat.isFile() ? stat.size : undefined;
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${ioReason(error)}`);
  }
  const stream = handle.createReadStream({ highWaterMark: 1 << 20 });
  return {
    name: file,
    chunks: stream,
    size,
    path: size === undefined ? undefined : file,
    identity,
    close: async () => {
      stream.destroy();
    },
  };
}

/** How to simulate: teams, strategy, threads, and the log file of `--log`. */
export interface RunRequest {
  readonly teams: number | undefined;
  readonly strategy: CrewStrategy;
  /** Threads for reading a regular file (`'auto'`: the engine decides). */
  readonly threads?: number | 'auto';
  /**
   * Where a strategy given as `MODULE#EXPORT` lives: with teams and
   * `--threads` of 2 or more, the schedule runs on a worker that loads it.
   */
  readonly module?: StrategyModule | undefined;
  readonly log?: string | undefined;
  readonly verboseLog?: boolean | undefined;
}

/**
 * Reads the config as a stream of chunks (never the whole file at once),
 * simulates it, and returns the result. Without events to show, that is
 * one pass of `simulateStream` (with one crew per section the heights are
 * counted, never stored). With `--log`, or with teams on a terminal (for
 * the sections half of the bar), the wall is parsed and run by a
 * {@link Simulation} with listeners, its schedule on a worker. The bar shows bytes read, then
 * sections completed, and is cleared at the end. A log that cannot be
 * written is an `ERR_IO` error after the run.
 */
export async function loadAndSimulate(
  input: CliInput | undefined,
  request: RunRequest,
  io: CliIO,
  bar: ProgressBar,
): Promise<SimulationResult> {
  const { teams, strategy } = request;
  const events = request.log !== undefined || (teams !== undefined && io.stderr.isTTY === true);
  // The schedule runs on a worker, its events re-emitted here batch by
  // batch, so that this thread stays free to answer SIGINT or SIGTERM at
  // once: with a strategy module and teams (loaded by the engine's loader:
  // a hang leaves this thread free, and a `process.exit()` in it is an
  // error, not the CLI's exit), and whenever there are events to show (a
  // verbose log of a big wall takes minutes). The bundled example is tiny.
  const onWorker = moduleOnWorker(request) || (events && input !== undefined);
  try {
    if (input?.path !== undefined && !events && teams === undefined) {
      // A regular file, one crew per section: the engine splits it between
      // threads when that pays. With teams the schedule is one sequential
      // pass: it runs here (below), as a worker would only add its start-up
      // and a copy of the heights to a process that has nothing else to do.
      bar.expect(input.size, false);
      const result = await named(
        input,
        simulateParallel(
          { path: input.path },
          { teams, strategy, parallelism: request.threads, onBytesRead: (n) => bar.bytes(n) },
        ),
      );
      return result;
    }
    if (input !== undefined && !events && !onWorker) {
      const result = await named(
        input,
        // Every profile is printed: the start days are recorded as it runs.
        streamSimulation(
          counted(input, bar, false),
          { teams, strategy, expectedBytes: input.size },
          true,
        ),
      );
      return result;
    }
    const wall =
      input === undefined
        ? exampleWall()
        : await named(input, parseWallStream(counted(input, bar, true)));
    if (request.log !== undefined) warnIdleTeams(wall, teams, io);
    const sim = new Simulation(wall, { teams, strategy });
    const log =
      request.log === undefined
        ? undefined
        : attachLogFile(sim, request.log, { verbose: request.verboseLog === true });
    sim.on('progress', (e) => bar.sections(e.sectionsCompleted, e.sectionsTotal));
    const result = onWorker ? await runParallel(sim, { strategy: request.module }) : sim.run();
    await log?.close().catch((error: unknown) => unlessReaderGone(error, request.log as string));
    return result;
  } finally {
    bar.clear();
    await input?.close();
  }
}

/**
 * A log whose reader went away (EPIPE: `--log /dev/stdout | head -1`, or
 * a FIFO's reader that quit, even before the log was opened) ends there,
 * quietly, as standard output does (see `Output`); any other failure is
 * the command's error.
 */
function unlessReaderGone(error: unknown, path: string): void {
  const cause = isIcewallError(error) ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (cause?.code === 'EPIPE') return;
  // ENXIO on a FIFO: its reader came (the CLI waits for one) and left
  // before the log was opened. Anything else that says ENXIO (a device
  // that is not there) lost the log: an error.
  if (cause?.code === 'ENXIO' && isFifo(path)) return;
  throw error;
}

function isFifo(path: string): boolean {
  try {
    return statSync(path).isFIFO();
  } catch {
    return false;
  }
}

/** A strategy module with teams: its schedule always runs on a worker (see loadAndSimulate). */
function moduleOnWorker(request: RunRequest): boolean {
  return request.module !== undefined && request.teams !== undefined;
}

/**
 * Simulates a wall already parsed (`serve` keeps its heights), by the same
 * rule as {@link loadAndSimulate}: a strategy module's schedule runs on a
 * worker, so that this thread answers SIGINT and SIGTERM while it runs and
 * a `process.exit()` in it is an error naming it.
 */
export async function simulateWall(wall: Wall, request: RunRequest): Promise<SimulationResult> {
  const sim = new Simulation(wall, { teams: request.teams, strategy: request.strategy });
  return moduleOnWorker(request) ? runParallel(sim, { strategy: request.module }) : sim.run();
}

/**
 * Reads the config into a `Wall` (heights kept), or the bundled example
 * when there is no input; the bar shows bytes read and is cleared.
 */
export async function loadWall(input: CliInput | undefined, bar: ProgressBar): Promise<Wall> {
  try {
    if (input === undefined) return exampleWall();
    return await named(input, parseWallStream(counted(input, bar, false)));
  } finally {
    bar.clear();
    await input?.close();
  }
}

/** The chunks of the input, counted for the bar; a read failure is `ERR_IO`. */
async function* counted(input: CliInput, bar: ProgressBar, sectionsFollow: boolean) {
  bar.expect(input.size, sectionsFollow);
  let read = 0;
  try {
    for await (const chunk of input.chunks) {
      read += chunk.length;
      bar.bytes(read);
      yield chunk;
    }
  } catch (error) {
    throw new IcewallError('ERR_IO', `cannot read ${input.name}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Awaits a parse; a parse error names the input: `wall.txt:2:5: …`. */
async function named<T>(input: CliInput, parsing: Promise<T>): Promise<T> {
  try {
    return await parsing;
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    const where =
      error.reason === 'too-many-sections' || error.reason === 'empty'
        ? `${error.line}`
        : `${error.line}:${error.column}`;
    const message = error.message.replace(/^line \d+(, column \d+)?: /, '');
    throw new ParseError(`${input.name}:${where}: ${message}`, {
      line: error.line,
      column: error.column,
      reason: error.reason,
    });
  }
}

/**
 * Teams beyond the unfinished sections are relieved on day 1, one log line
 * each: harmless for the figures, costly for `--log` (the only case in which
 * this is called). Said on stderr.
 */
function warnIdleTeams(wall: Wall, teams: number | undefined, io: CliIO): void {
  if (teams === undefined) return;
  const unfinished = measureWork(wall).pending;
  // Nothing to build: no team events at all, so no log lines to warn of.
  if (teams <= unfinished || unfinished === 0) return;
  io.stderr.write(
    `icewall: warning: ${teams} teams for ${count(unfinished, 'unfinished section')}: ${teams - unfinished} teams have nothing to do and are relieved on day 1 (one log line each)\n`,
  );
}
