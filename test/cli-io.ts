import { type CliIO, main } from '../src/cli/main.js';

/**
 * Runs the `icewall` command line in this process with string streams:
 * returns the exit code and everything written to stdout and stderr.
 */
export async function runMain(
  argv: string[],
  stdin = '',
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: {
      write: (s: string, done: () => void) => {
        out += s;
        done();
      },
    },
    stderr: { write: (s: string) => (err += s) },
    stdin: stdin === '' ? [] : [stdin],
    env,
  };
  const code = await main(argv, io);
  return { code, out, err };
}
