import { type CliIO, main } from '../src/cli/main.js';

/** What an in-process run of the command line wrote, and its exit code. */
export interface Captured {
  code: number;
  out: string;
  err: string;
  /** How many writes standard output received. */
  writes: number;
}

/**
 * Runs the `icewall` command line in this process with string streams.
 * `input` is the text on standard input, or streams and settings that
 * replace the defaults (no stdin chunks, an empty environment).
 */
export async function runMain(
  argv: string[],
  input: string | Partial<CliIO> = {},
): Promise<Captured> {
  const got = { out: '', err: '', writes: 0 };
  const code = await main(argv, {
    stdout: {
      write: (s: string, done: () => void) => {
        got.out += s;
        got.writes++;
        done();
      },
    },
    stderr: { write: (s: string) => (got.err += s) },
    stdin: typeof input === 'string' ? [input] : [],
    env: {},
    ...(typeof input === 'string' ? {} : input),
  });
  return { code, ...got };
}
