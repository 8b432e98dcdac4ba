import { IcewallError } from '../errors.js';

/** A writable the CLI writes to: Node's `Writable.write` shape (the callback must be called). */
export interface CliWritable {
  /** Writes text; calls `done` once it is handed over, with an error if it failed. */
  write(text: string, done: (error?: Error | null) => void): unknown;
  /** Node streams: the CLI listens for 'error' so that a closed pipe never crashes it. */
  on?(event: 'error', listener: (error: Error) => void): unknown;
  /** Node streams: the listener is removed when the command ends. */
  off?(event: 'error', listener: (error: Error) => void): unknown;
  /** True when standard output is a terminal (bold headings are drawn only then). */
  isTTY?: boolean;
}

const CHUNK = 1 << 16;

/** The longest a command computes output without letting the event loop run. */
const PACE_MS = 20;

/** A turn of the event loop: signals and a closed pipe are noticed there. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Standard output as the commands use it: lines are gathered into chunks
 * of about 64 KiB, and each chunk is handed over before the next (so a slow
 * reader slows the command down instead of filling memory). When the
 * reader goes away (EPIPE, as with `| head -1`) the output is `closed`:
 * commands stop writing and exit 0, with nothing on standard error. Any
 * other write failure is an `ERR_IO` error.
 *
 * Standard output is written synchronously on Linux (a file, a pipe, a
 * terminal), so a write alone never lets the event loop run: every flush
 * and `pace()` take a turn of it, so that SIGINT or SIGTERM and a reader
 * that has gone away are noticed within about 20 ms of computing, however
 * long the output.
 */
export class Output {
  private readonly stream: CliWritable;
  private pending: string[] = [];
  private size = 0;
  private gone = false;
  private failure: unknown;
  private readonly onError = (error: Error) => this.failed(error);
  private lastTurn = performance.now();

  /** @param stream - standard output */
  constructor(stream: CliWritable) {
    this.stream = stream;
    stream.on?.('error', this.onError);
  }

  /** True once the reader has gone away: write nothing more. */
  get closed(): boolean {
    return this.gone;
  }

  /** True when a chunk is ready: `await flush()` before writing more. */
  get full(): boolean {
    return this.size >= CHUNK;
  }

  /** True when the event loop has not run for about 20 ms: `await pace()`. */
  get due(): boolean {
    return performance.now() - this.lastTurn >= PACE_MS;
  }

  /** Lets the event loop run (a signal handler, a pipe's error); then check `closed`. */
  async pace(): Promise<void> {
    await turn();
    this.lastTurn = performance.now();
  }

  /** Adds a line (without its newline). */
  line(text: string): void {
    if (this.gone) return;
    this.pending.push(text);
    this.size += text.length + 1;
  }

  /** Hands the gathered lines over and waits until the stream has taken them. */
  async flush(): Promise<void> {
    if (this.pending.length === 0 || this.gone) {
      this.pending = [];
      this.size = 0;
      return;
    }
    const text = `${this.pending.join('\n')}\n`;
    this.pending = [];
    this.size = 0;
    await new Promise<void>((resolve) => {
      this.stream.write(text, (error) => {
        if (error) this.failed(error);
        resolve();
      });
    });
    if (this.failure !== undefined) throw this.failure;
    await this.pace();
    if (this.failure !== undefined) throw this.failure;
  }

  /** Flushes the rest and stops listening to the stream. */
  async end(): Promise<void> {
    try {
      await this.flush();
    } finally {
      // A failed stream may still emit 'error' after the write's callback: keep listening then.
      if (this.failure === undefined && !this.gone) this.stream.off?.('error', this.onError);
    }
  }

  private failed(error: Error): void {
    const code = (error as { code?: string }).code;
    if (code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ECONNRESET') {
      this.gone = true;
      return;
    }
    this.failure ??= new IcewallError(
      'ERR_IO',
      `cannot write to standard output: ${error.message}`,
      { cause: error },
    );
  }
}
