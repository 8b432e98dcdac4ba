import {
  closeSync,
  constants,
  fstatSync,
  ftruncateSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  type Stats,
  statSync,
  writeSync,
} from 'node:fs';
import { Socket } from 'node:net';
import { IcewallError, thrownMessage } from '../errors.js';
import { DrainWait } from '../events/backpressure.js';

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
 * Why lines can never be written to a target whose stats are `stats`, as
 * the end of a sentence that starts with "it is" (`undefined` when they
 * can: a file, a FIFO, a device, a socket; a folder has its own message):
 *
 * - a pipe this very process reads: `/dev/fd/N` naming one of Node's own
 *   internal pipes (or standard input), whose reader is this process's
 *   event loop: the writer waited for ever once it was full, and a signal
 *   could not even get through;
 * - something that is none of those (`/dev/fd/N` naming an event queue).
 *
 * @internal
 */
export function notWritable(stats: Stats): string | undefined {
  if (stats.isFIFO()) return readsItself(stats) ? 'a pipe that this process reads' : undefined;
  if (
    stats.isFile() ||
    stats.isDirectory() ||
    stats.isCharacterDevice() ||
    stats.isBlockDevice() ||
    stats.isSocket()
  ) {
    return undefined;
  }
  return 'not a file, a FIFO or a device';
}

/** Access mode bits of a descriptor's flags (Linux: `O_WRONLY` is 1). */
const ACCESS_MODE = 3;

/**
 * Whether this process holds the read end of the anonymous pipe `pipe`
 * (Linux, through /proc; elsewhere `false`). A named FIFO is never one:
 * a reader in this process may be a thread of its own.
 */
function readsItself(pipe: Stats): boolean {
  let fds: string[];
  try {
    fds = readdirSync('/proc/self/fd');
  } catch {
    return false;
  }
  for (const fd of fds) {
    try {
      if (!readlinkSync(`/proc/self/fd/${fd}`).startsWith('pipe:[')) continue;
      if (!sameFile(fstatSync(Number(fd)), pipe)) continue;
      const flags = /^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'latin1'));
      if (flags !== null && (Number.parseInt(flags[1] as string, 8) & ACCESS_MODE) !== 1) {
        return true;
      }
    } catch {
      // closed meanwhile (the listing's own descriptor, say)
    }
  }
  return false;
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
  return target.isFile() ? descriptorOn(target, fds) : undefined;
}

/**
 * Which of the descriptors `fds` is open on the file `target` (the same
 * device and inode), if any.
 *
 * @internal
 */
export function descriptorOn(target: Stats, fds: readonly number[]): number | undefined {
  for (const fd of fds) {
    try {
      if (sameFile(fstatSync(fd), target)) return fd;
    } catch {
      // that descriptor is closed
    }
  }
  return undefined;
}

/** A file opened for writing. */
interface Opened {
  readonly fd: number;
  /** A FIFO's end, opened non-blocking (see {@link FileLineWriter}). */
  readonly fifo: boolean;
}

/**
 * Opens `path` for writing. A FIFO is opened without blocking, once: that
 * open fails at once when no process reads it (a blocking open would wait
 * for a reader, and a second, blocking open after a probe waited for ever
 * when the reader left in between).
 */
function openForWriting(path: string): Opened {
  let fifo = false;
  let stats: Stats | undefined;
  try {
    stats = statSync(path);
  } catch {
    // not there yet: created below
  }
  if (stats !== undefined) {
    const why = notWritable(stats);
    if (why !== undefined) throw new Error(`it is ${why}`);
    fifo = stats.isFIFO();
  }
  if (!fifo) return { fd: openSync(path, 'w'), fifo: false };
  const fd = fifoWriteEnd(path);
  if (fd === undefined) {
    throw Object.assign(new Error('it is a FIFO that no process reads (start the reader first)'), {
      code: 'ENXIO',
    });
  }
  return { fd, fifo: true };
}

/** Blocks this thread for `ms` milliseconds (a synchronous write waiting for a FIFO's reader). */
function nap(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Collects text lines and writes them to a file descriptor in chunks of
 * about 64 KiB (never one system call per line). Memory stays bounded at
 * about one chunk however long the run:
 *
 * - during a synchronous `sim.run()`, writes are synchronous too, like the
 *   run (a FIFO whose reader is slow holds the run back);
 * - during an asynchronous run (`runParallel`, `engine.run`: see
 *   `runsAsync`), a FIFO is written without blocking, through a socket on
 *   its non-blocking end, and the run waits (see {@link backpressure})
 *   while a chunk is queued: this thread stays free (a signal handler, a
 *   server) however slowly the reader reads, or if it never does.
 *
 * The sinks flush on `finished`, so a file is complete as soon as the run
 * ends, a FIFO once `close()` has settled. The first failure is kept,
 * later lines are dropped, and a file is cut back to the last whole chunk
 * so that no half-written line is left looking complete.
 */
export class FileLineWriter {
  private readonly path: string;
  private fd = -1;
  /** Whether {@link fd} is a FIFO's non-blocking end (an asynchronous run hands it to {@link socket}). */
  private fifo = false;
  private socket: Socket | undefined;
  /** The run's wait for {@link socket} to take its queued chunk. */
  private room: DrainWait | undefined;
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

  /**
   * @param path - the file to create or truncate
   * @param runsAsync - whether the run that makes the lines can wait for
   *   {@link backpressure} (then a FIFO is written without blocking)
   */
  constructor(
    path: string,
    private readonly runsAsync: () => boolean = () => false,
  ) {
    this.path = path;
    const stream = standardStreamOf(path);
    this.owned = stream === undefined;
    try {
      if (stream !== undefined) this.fd = stream;
      else ({ fd: this.fd, fifo: this.fifo } = openForWriting(path));
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

  /** Writes what is buffered (sinks call it on `finished`, so a file is complete when the run ends). */
  flush(): void {
    if (this.failure !== undefined || this.pending.length === 0) return;
    this.writeOut();
  }

  /**
   * While a FIFO's queued chunk waits for its reader: a promise that
   * settles when it has been taken (or the FIFO failed), for the run to
   * await before its next batch of events; otherwise `undefined`.
   */
  backpressure(): Promise<void> | undefined {
    const socket = this.socket;
    if (socket === undefined || this.failure !== undefined || socket.destroyed) return undefined;
    if (!socket.writableNeedDrain) return undefined;
    return this.room?.wait();
  }

  /**
   * Writes what is buffered, closes the file, and reports the first
   * failure. `finished`: whether the latest run finished, so that a FIFO's
   * reader gets every line before the promise settles (after a run that
   * did not finish, what the reader has not taken is dropped).
   */
  async close(finished = true): Promise<void> {
    this.room?.stop();
    this.flush();
    const socket = this.socket;
    if (socket !== undefined && !socket.destroyed) {
      // A finished run's lines go to the reader first. A run that did not
      // finish (aborted, failed) left an incomplete log anyway: what the
      // reader has not taken is dropped, rather than waiting on a reader
      // that may never read. The socket closes its descriptor.
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        if (finished) socket.end();
        else socket.destroy();
      });
    }
    if (this.fd >= 0 && this.owned) this.release(this.fd);
    this.fd = -1;
    if (this.failure !== undefined) throw this.failure;
  }

  private release(fd: number): void {
    try {
      closeSync(fd);
    } catch (error) {
      this.fail('close', error);
    }
  }

  private writeOut(): void {
    const bytes = Buffer.from(`${this.pending.join('\n')}\n`);
    this.pending = [];
    this.pendingLength = 0;
    if (this.socket === undefined && this.fifo && this.fd >= 0 && this.runsAsync()) {
      // From now on every chunk goes through the socket, so they stay in
      // order; the socket owns the descriptor and closes it.
      const socket = new Socket({ fd: this.fd, readable: false, writable: true });
      this.fd = -1;
      socket.on('error', (error) => this.fail('write', error));
      this.socket = socket;
      this.room = new DrainWait(socket);
    }
    if (this.socket !== undefined) {
      this.socket.write(bytes);
      return;
    }
    try {
      let at = 0;
      while (at < bytes.length) {
        try {
          at += writeSync(this.fd, bytes, at);
        } catch (error) {
          // A FIFO's end does not block: a synchronous run waits for the
          // reader here, as a blocking write would.
          if (!this.fifo || (error as { code?: string }).code !== 'EAGAIN') throw error;
          nap(1);
        }
      }
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
    if (this.failure !== undefined) return;
    const reason = thrownMessage(error);
    this.failure = new IcewallError('ERR_IO', `cannot ${action} ${this.path}: ${reason}`, {
      cause: error,
    });
  }
}
