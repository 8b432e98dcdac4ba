import {
  closeSync,
  constants,
  fstatSync,
  ftruncateSync,
  openSync,
  type Stats,
  statSync,
  writeSync,
} from 'node:fs';
import { IcewallError, thrownMessage } from '../errors.js';

const CHUNK = 1 << 16;

/**
 * Whether two stats are the same file (same device and inode: a second
 * name, a symlink or a hard link to it).
 *
 * @internal
 */
export function sameFile(a: Stats, b: { readonly dev: number; readonly ino: number }): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/**
 * A non-blocking write end of the FIFO at `path`, or `undefined` while no
 * process reads it (`ENXIO`): a plain open would block the thread until a
 * reader comes, and nothing, not even a signal handler, could run. Held
 * open, it also keeps a reader from seeing its input end before the real
 * writer opens the FIFO.
 *
 * @internal
 */
export function fifoWriteEnd(path: string): number | undefined {
  try {
    return openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENXIO') return undefined;
    throw error;
  }
}

/**
 * The descriptor that `path` stands for when writing through a new one
 * would lose data: `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` or
 * `/proc/self/fd/N` naming an open descriptor, or the very file standard
 * output or error goes to, when that descriptor is a regular file. A new
 * descriptor would start at offset 0 (over what the process printed, or
 * over a file opened for appending), and the CLI's rename would replace
 * the file under it. A pipe or a terminal is simply opened again: it has
 * no offset to lose, and the process's own end of a pipe may not block.
 *
 * @internal
 */
export function standardStreamOf(path: string): number | undefined {
  const named = /^\/(?:dev|proc\/self)\/fd\/(\d+)$/.exec(path)?.[1];
  const fds =
    path === '/dev/stdout' ? [1] : path === '/dev/stderr' ? [2] : named ? [Number(named)] : [1, 2];
  let target: Stats;
  try {
    target = statSync(path);
  } catch {
    return undefined;
  }
  if (!target.isFile()) return undefined;
  for (const fd of fds) {
    try {
      if (sameFile(fstatSync(fd), target)) return fd;
    } catch {
      // that descriptor is closed
    }
  }
  return undefined;
}

/**
 * Opens `path` for writing. A FIFO that no process reads is refused (see
 * {@link fifoWriteEnd}); one with a reader is opened as usual, with a
 * write end held meanwhile.
 */
function openForWriting(path: string): number {
  let fifo = false;
  try {
    fifo = statSync(path).isFIFO();
  } catch {
    // not there yet: created below
  }
  if (!fifo) return openSync(path, 'w');
  const probe = fifoWriteEnd(path);
  if (probe === undefined) {
    throw new Error('it is a FIFO that no process reads (start the reader first)');
  }
  try {
    return openSync(path, 'w');
  } finally {
    closeSync(probe);
  }
}

/**
 * Collects text lines and writes them to a file descriptor in chunks of
 * about 64 KiB (never one system call per line). The simulation runs
 * synchronously, so writes are synchronous too: memory stays bounded at one
 * chunk however long the run. The sinks flush on `finished`, so the file is
 * complete as soon as the run ends, `close()` or not. The first failure is kept, later lines are
 * dropped, and the file is cut back to the last whole chunk so that no
 * half-written line is left looking complete.
 */
export class FileLineWriter {
  private readonly path: string;
  private fd = -1;
  private pending: string[] = [];
  private pendingLength = 0;
  /** Bytes on disk that end with a whole line. */
  private committed = 0;
  private failure: IcewallError | undefined;

  /**
   * Whether the descriptor is this writer's own: not when the path is the
   * process's standard output or error (see {@link standardStreamOf}),
   * which is written through and never closed or cut back.
   */
  private readonly owned: boolean;

  /** @param path - the file to create or truncate */
  constructor(path: string) {
    this.path = path;
    const stream = standardStreamOf(path);
    this.owned = stream === undefined;
    try {
      this.fd = stream ?? openForWriting(path);
    } catch (error) {
      this.fail('open', error);
    }
  }

  /** Adds one line (without its newline). */
  line(text: string): void {
    if (this.failure !== undefined) return;
    this.pending.push(text);
    this.pendingLength += text.length + 1;
    if (this.pendingLength >= CHUNK) this.flush();
  }

  /** Writes what is buffered (sinks call it on `finished`, so the file is complete when the run ends). */
  flush(): void {
    if (this.failure !== undefined || this.pending.length === 0) return;
    this.writeOut();
  }

  /** Writes what is buffered, closes the file, and reports the first failure. */
  close(): Promise<void> {
    this.flush();
    if (this.fd >= 0 && this.owned) {
      try {
        closeSync(this.fd);
      } catch (error) {
        this.fail('close', error);
      }
      this.fd = -1;
    }
    return this.failure === undefined ? Promise.resolve() : Promise.reject(this.failure);
  }

  private writeOut(): void {
    const bytes = Buffer.from(`${this.pending.join('\n')}\n`);
    this.pending = [];
    this.pendingLength = 0;
    try {
      let at = 0;
      while (at < bytes.length) at += writeSync(this.fd, bytes, at);
      this.committed += bytes.length;
    } catch (error) {
      try {
        if (this.owned) ftruncateSync(this.fd, this.committed);
      } catch {
        // A device such as /dev/full cannot be cut back; the error below still tells.
      }
      this.fail('write', error);
    }
  }

  private fail(action: string, error: unknown): void {
    const reason = thrownMessage(error);
    this.failure = new IcewallError('ERR_IO', `cannot ${action} ${this.path}: ${reason}`, {
      cause: error,
    });
  }
}
