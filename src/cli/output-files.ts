import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  constants,
  fstatSync,
  renameSync,
  rmSync,
  type Stats,
} from 'node:fs';
import { access, lstat, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { IcewallError, ioReason, isIcewallError } from '../errors.js';
import { fifoWriteEnd, notWritable, sameFile, standardStreamOf } from '../sinks/line-buffer.js';
import { UsageError } from './args.js';
import type { CliInput } from './input.js';
import type { CliIO } from './io.js';

/**
 * The file an option such as `--log` or `--out` names, checked before the
 * command opens anything: an empty name is a usage error.
 */
export function outputOption(
  values: Record<string, string | boolean | undefined>,
  name: 'log' | 'out',
): string | undefined {
  const value = values[name];
  if (typeof value !== 'string') return undefined;
  if (value === '') throw new UsageError(`--${name} needs a file name`);
  if (name === 'log' && value === '-') {
    throw new UsageError('--log - names no file: for standard output use --log /dev/stdout');
  }
  return value;
}

/** A file a command writes, and the temporary file it is written to first. */
interface Pending {
  /** The path renamed over: the symlink's final target when the name is a symlink. */
  readonly target: string;
  /** The name the user gave, for messages. */
  readonly shown: string;
  readonly temp: string;
  /** The permissions of the file replaced, given to the new one. */
  readonly mode: number | undefined;
}

/**
 * The files one command writes (`--log`, `--out`), kept whole or not at
 * all: each is written to a temporary file beside its target and renamed
 * over it only when the command has succeeded, so a failure (a full disk,
 * a strategy that throws) or an interrupt leaves the old file as it was
 * and no temporary file behind. Refused before anything is opened for
 * writing: the command's input (by name, symlink or hard link), a folder
 * or a name ending in `/`, standard input as a pipe, and a file that
 * could not be put in place (see {@link assertWritable}). A symlink is
 * written through: the file it points to is replaced and the link stays.
 * Written directly, as a stream: a descriptor of the process that is a
 * regular file (see `standardStreamOf`), a FIFO once a process reads it,
 * and any other target that is not a regular file (`/dev/null`).
 */
export class OutputFiles {
  private readonly pending: Pending[] = [];
  /** Write ends of FIFOs held open until the command ends (see {@link openWhenRead}). */
  private readonly held: number[] = [];

  /**
   * @param input - the command's config (`undefined`: the bundled example)
   */
  constructor(private readonly input: CliInput | undefined) {}

  /**
   * Reserves `target` for the option `flag` and returns the temporary path
   * to write instead.
   * @throws UsageError (exit 2) when `target` is the input or a folder
   */
  async reserve(target: string, flag: string): Promise<string> {
    const input = this.input;
    const existing = await statOrUndefined(target);
    if (
      existing !== undefined &&
      input?.identity !== undefined &&
      sameFile(existing, input.identity)
    ) {
      throw new UsageError(
        `${flag} ${target} is the input ${input.name}: refusing to overwrite the config`,
      );
    }
    if (existing?.isDirectory()) {
      throw new UsageError(`${flag} ${target} is a folder: name a file to write`);
    }
    if (target.endsWith('/') || target.endsWith(sep)) {
      throw new UsageError(`${flag} ${target} ends with "/": name a file to write`);
    }
    // Standard output or error (by name or by being the same file): the
    // writers go through that descriptor, in order with what is printed.
    if (existing !== undefined && standardStreamOf(target) !== undefined) return target;
    if (existing?.isFIFO() && sameAsStdin(existing)) {
      throw new UsageError(`${flag} ${target} is standard input: name a file to write`);
    }
    const why = existing && notWritable(existing);
    if (why) throw new UsageError(`${flag} ${target} is ${why}: name a file to write`);
    if (existing?.isFIFO()) {
      this.held.push(await openWhenRead(target));
      return target;
    }
    if (existing !== undefined && !existing.isFile()) return target;
    const real = existing === undefined ? await linkTarget(target) : await realpath(target);
    await assertWritable(real, existing !== undefined, target);
    // The base name is cut: the temporary name must fit NAME_MAX (255 bytes) too.
    const temp = join(dirname(real), `.${utf8Prefix(basename(real), 100)}.${randomUUID()}.tmp`);
    this.pending.push({ target: real, shown: target, temp, mode: existing?.mode });
    return temp;
  }

  /**
   * Renames every temporary file over its target, synchronously: a signal
   * handler runs before or after, never in between.
   */
  commit(): void {
    for (const { target, shown, temp, mode } of this.pending.splice(0)) {
      try {
        if (mode !== undefined) chmodSync(temp, mode & 0o7777);
        renameSync(temp, target);
      } catch (error) {
        rmSync(temp, { force: true });
        const reason = ioReason(error).split(temp).join(shown);
        throw new IcewallError('ERR_IO', `cannot write ${shown}: ${reason}`, { cause: error });
      }
    }
  }

  /**
   * Until the returned function is called, an interrupt (see
   * `CliIO.onInterrupt`) removes the temporary files and says so.
   */
  onInterrupt(io: CliIO): (() => void) | undefined {
    return io.onInterrupt?.(() =>
      this.discard() > 0
        ? 'icewall: interrupted; no output file was written'
        : 'icewall: interrupted',
    );
  }

  /**
   * An error that names a temporary path (a write that failed), with the
   * target's name instead: the user asked for the target.
   */
  targetNamed(error: unknown): unknown {
    if (!isIcewallError(error)) return error;
    const hit = this.pending.find(({ temp }) => error.message.includes(temp));
    if (hit === undefined) return error;
    return new IcewallError(error.code, error.message.split(hit.temp).join(hit.shown), {
      cause: error.cause,
    });
  }

  /**
   * Removes every temporary file (synchronous, so a signal handler can call
   * it) and returns how many outputs were pending.
   */
  discard(): number {
    for (const fd of this.held.splice(0)) {
      try {
        closeSync(fd);
      } catch {
        // already closed: nothing is lost
      }
    }
    const pending = this.pending.splice(0);
    for (const { temp } of pending) {
      try {
        rmSync(temp, { force: true });
      } catch {
        // Its folder is not there (ENOTDIR): neither is the file; the
        // error that ended the command is the one to show.
      }
    }
    return pending.length;
  }
}

/**
 * Runs a command that writes files: `body` writes to the paths that
 * `files.reserve` gives, and they replace their targets only when `body`
 * has returned; then `after` runs (to say what was written). On SIGINT or
 * SIGTERM (`io.onInterrupt`) the temporary files are removed at once and
 * the process ends with 130; targets are renamed synchronously, so an
 * interrupt finds them either all in place or none.
 */
export async function withOutputFiles(
  io: CliIO,
  input: CliInput | undefined,
  body: (files: OutputFiles) => Promise<(() => Promise<void>) | undefined>,
): Promise<number> {
  const files = new OutputFiles(input);
  const stop = io.onInterrupt?.(() =>
    files.discard() > 0
      ? 'icewall: interrupted; no output file was written'
      : 'icewall: interrupted',
  );
  try {
    let after: (() => Promise<void>) | undefined;
    try {
      after = await body(files);
    } catch (error) {
      throw files.targetNamed(error);
    }
    files.commit();
    await after?.();
    return 0;
  } finally {
    files.discard();
    stop?.();
  }
}

/** How often a FIFO with no reader is tried again (the event loop turns meanwhile: a signal ends the wait). */
const FIFO_RETRY_MS = 50;

/**
 * Waits until a process reads the FIFO at `path` and returns a write end
 * of it ({@link fifoWriteEnd}), trying again every {@link FIFO_RETRY_MS}:
 * the event loop turns meanwhile, so a signal ends the wait. The end is
 * held until the command ends, so the reader is still there when the
 * writer opens the FIFO.
 */
async function openWhenRead(path: string): Promise<number> {
  for (;;) {
    let fd: number | undefined;
    try {
      fd = fifoWriteEnd(path);
    } catch (error) {
      throw cannotWrite(path, ioReason(error), error);
    }
    if (fd !== undefined) return fd;
    await sleep(FIFO_RETRY_MS);
  }
}

/**
 * The file a name that does not resolve stands for: itself, or, for a
 * symlink whose target does not exist yet, that target (the link is
 * written through, as for one whose target exists).
 */
async function linkTarget(path: string): Promise<string> {
  let at = path;
  for (let hops = 0; hops < 40; hops++) {
    const link = await lstat(at).catch(() => undefined);
    if (!link?.isSymbolicLink()) return at;
    at = resolve(dirname(at), await readlink(at));
  }
  throw new IcewallError('ERR_IO', `cannot write ${path}: too many levels of symbolic links`);
}

/**
 * Refuses, before the run, a file that could not be put in place: a new
 * one whose folder is missing or is not a folder, one that exists and is
 * not writable (a plain open would refuse it too; the rename would not),
 * or one in a folder that is not writable (the new file is made there).
 */
async function assertWritable(real: string, exists: boolean, target: string): Promise<void> {
  const folder = dirname(real);
  if (Buffer.byteLength(basename(real)) > NAME_MAX) {
    throw cannotWrite(target, `its name is longer than ${NAME_MAX} bytes (the system's limit)`);
  }
  // A folder's name or the whole path over the system's limits would read
  // as "no folder" below: say what it is.
  if (
    folder.split(sep).some((part) => Buffer.byteLength(part) > NAME_MAX) ||
    Buffer.byteLength(real) >= PATH_MAX
  ) {
    throw cannotWrite(target, 'the name is too long for the system');
  }
  if (!exists) {
    const found = await statOrUndefined(folder);
    if (found === undefined) throw cannotWrite(target, `no folder ${folder}`);
    if (!found.isDirectory()) throw cannotWrite(target, `${folder} is not a folder`);
  }
  if (exists && !(await writable(real))) throw cannotWrite(target, 'permission denied');
  if (!(await writable(folder))) {
    throw cannotWrite(
      target,
      `its folder ${folder} is not writable (the file is written beside its target, then renamed)`,
    );
  }
}

/** The longest file name (one path component) Linux takes, in bytes. */
const NAME_MAX = 255;
/** The longest path Linux takes, in bytes, its final NUL included. */
const PATH_MAX = 4096;

/** The longest start of `text` that is at most `bytes` bytes in UTF-8, never cutting a character. */
export function utf8Prefix(text: string, bytes: number): string {
  let out = '';
  let used = 0;
  for (const char of text) {
    used += Buffer.byteLength(char);
    if (used > bytes) break;
    out += char;
  }
  return out;
}

async function writable(path: string): Promise<boolean> {
  return access(path, constants.W_OK).then(
    () => true,
    () => false,
  );
}

function cannotWrite(target: string, why: string, cause?: unknown): IcewallError {
  return new IcewallError('ERR_IO', `cannot write ${target}: ${why}`, { cause });
}

/** Whether `stats` is the file standard input reads (a pipe given as `/dev/stdin`). */
function sameAsStdin(stats: Stats): boolean {
  try {
    return sameFile(fstatSync(0), stats);
  } catch {
    return false;
  }
}

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}
