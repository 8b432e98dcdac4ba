import type { CliWritable } from './output.js';

/** Which file a path or descriptor is: two names of one file share both. */
export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
}

/** The streams and environment the command line works with (tests pass their own). */
export interface CliIO {
  /** Standard output (Node `Writable`-like: `write(text, callback)`). */
  stdout: CliWritable;
  /** Standard error; `isTTY` turns the progress bar on. */
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Standard input, read for the file `-`, or with no FILE when {@link stdinIsData}. */
  stdin: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;
  /**
   * True when standard input is a pipe (FIFO), a regular file or a
   * socket: then `simulate`, `query` and `chart` without FILE read it. A
   * terminal or `/dev/null` is not read.
   * @default false
   */
  stdinIsData?: boolean;
  /**
   * Device and inode of standard input when it is a regular file
   * (`icewall simulate - < wall.txt`), so that no output replaces it.
   * @default undefined
   */
  stdinIdentity?: FileIdentity;
  /** Environment variables (`NO_COLOR`, `ICEWALL_DEBUG`). */
  env: Record<string, string | undefined>;
  /**
   * Calls `handler` on every stop signal (SIGINT, SIGTERM, SIGHUP,
   * SIGQUIT; for `serve`) until the
   * returned function is called; the bin wires it to `process`.
   */
  onStopSignal?: (handler: () => void) => () => void;
  /**
   * Until the returned function is called, a stop signal (SIGINT,
   * SIGTERM, SIGHUP, SIGQUIT) calls
   * `cleanup`, prints the line it returns on standard error and ends the
   * process with exit code 130 (commands that write files; the bin wires
   * it to `process`).
   */
  onInterrupt?: (cleanup: () => string) => () => void;
}
