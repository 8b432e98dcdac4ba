// Issue 19, adversarial pass of session 8: the CLI answers SIGINT and
// SIGTERM, and notices a reader that went away, however long its work:
// a strategy module that hangs runs on a worker (this thread stays free),
// and a long output lets the event loop run every ~20 ms (stdout is
// written synchronously on Linux). Child processes run the built
// dist/cli.js; each wait is bounded, and a child still running at the
// bound is killed and the test fails.
import { type ChildProcess, spawn } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = `${root}dist/cli.js`;
const dir = mkdtempSync(join(tmpdir(), 'icewall-signals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  writeFileSync(
    join(dir, 'strategies.mjs'),
    `export const hang = { name: 'hang', create: () => () => { for (;;) {} } };
export const bye = { name: 'bye', create: () => () => process.exit(3) };
`,
  );
  writeFileSync(join(dir, 'exits.mjs'), 'process.exit(0);\n');
  writeFileSync(
    join(dir, 'unsettled.mjs'),
    "await new Promise(() => {});\nexport const x = { name: 'x', create: () => () => 1 };\n",
  );
  // A module that opens a handle at its top level (a timer, a pool).
  writeFileSync(
    join(dir, 'timer.mjs'),
    `setInterval(() => {}, 1000);
export const first = { name: 'first', create: () => ({ pending }) => pending.first().position };
`,
  );
  // 10^5 profiles of 10 sections: at 1000 teams, 14,921 days of daily rows
  // 10^5 numbers wide, far more output than any test waits for.
  let text = '';
  let x = 1;
  for (let p = 0; p < 100_000; p++) {
    const row: number[] = [];
    for (let i = 0; i < 10; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      row.push(x % 31);
    }
    text += `${row.join(' ')}\n`;
  }
  writeFileSync(join(dir, 'wide.txt'), text);
  writeFileSync(join(dir, 'wall.txt'), '21 25 28\n17\n17 22 17 19 17\n');
});

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** Milliseconds from `after` (or the start) to the exit. */
  ms: number;
}

/** Runs the CLI; `act(child)` may signal it; the child is killed after `bound` ms. */
function run(
  args: string[],
  act: (child: ChildProcess) => Promise<void>,
  stdout: 'pipe' | number = 'pipe',
  bound = 20_000,
) {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: dir,
    stdio: ['ignore', stdout, 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c) => {
    stderr += c;
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), bound);
  let from = performance.now();
  const ended = new Promise<Ended>((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stderr, ms: performance.now() - from });
    });
  });
  return act(child).then(() => {
    from = performance.now();
    return ended;
  });
}

/** Resolves once the child has written `bytes` to stdout (which is read on). */
function stdoutSeen(child: ChildProcess, bytes = 1): Promise<void> {
  let seen = 0;
  return new Promise((resolve) => {
    child.stdout?.on('data', (c: Buffer) => {
      seen += c.length;
      if (seen >= bytes) resolve();
    });
  });
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a strategy module that hangs or exits, in the CLI', () => {
  it.for(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const)(
    '%s ends a run whose strategy hangs: exit 130, no log left',
    async (signal) => {
      const ended = await run(
        [
          'simulate',
          'wall.txt',
          '--teams',
          '2',
          '--strategy',
          './strategies.mjs#hang',
          '--log',
          'hang.log',
        ],
        async (child) => {
          // Until the temporary log exists, then a moment in the strategy.
          for (let k = 0; k < 400 && !readdirSync(dir).some((f) => f.endsWith('.tmp')); k++) {
            await delay(25);
          }
          await delay(300);
          child.kill(signal);
        },
      );
      expect(ended.signal).toBe(null);
      expect(ended.code).toBe(130);
      expect(ended.ms).toBeLessThan(5000);
      expect(ended.stderr).toContain('icewall: interrupted; no output file was written');
      expect(readdirSync(dir).filter((f) => f.includes('hang.log'))).toEqual([]);
    },
  );

  it.for([['simulate'], ['plan', '--deadline', '40']])(
    'process.exit() in the strategy is an error naming it (%s), exit 1',
    async ([command, ...rest]) => {
      const ended = await run(
        [
          command as string,
          'wall.txt',
          ...rest,
          ...(command === 'simulate' ? ['--teams', '2'] : []),
          '--strategy',
          './strategies.mjs#bye',
        ],
        async () => {},
      );
      expect(ended.code).toBe(1);
      expect(ended.stderr).toContain('strategy "bye"');
      expect(ended.stderr).toContain('process.exit(3) was called');
    },
  );
});

describe('every command answers signals and a strategy that hangs or exits (adversarial pass, session 10)', () => {
  it.for([
    ['serve', 'wall.txt', '--teams', '2', '--port', '0'],
    ['query', 'wall.txt', '--teams', '2', '--profile', '1', '--day', '1'],
    ['plan', 'wall.txt', '--deadline', '40'],
  ])('SIGTERM while the strategy hangs ends %s with 130 and one line', async (args) => {
    const ended = await run([...args, '--strategy', './strategies.mjs#hang'], async (child) => {
      await delay(1500);
      child.kill('SIGTERM');
    });
    expect(ended.code).toBe(130);
    expect(ended.stderr).toBe('icewall: interrupted\n');
  });

  it('serve: process.exit() in the strategy is an error naming it, exit 1 (not a silent exit 0)', async () => {
    const ended = await run(
      ['serve', 'wall.txt', '--teams', '2', '--port', '0', '--strategy', './strategies.mjs#bye'],
      async () => {},
    );
    expect(ended.code).toBe(1);
    expect(ended.stderr).toContain('strategy "bye"');
    expect(ended.stderr).toContain('process.exit(3) was called');
  });
});

describe('a long schedule with a log answers signals', () => {
  it.for(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const)(
    '%s during a verbose log of 10^6 sections at 1000 teams: exit 130 at once, no log left',
    async (signal) => {
      // The whole run takes ~9 s; the schedule runs on a worker, so this
      // thread answers the signal while it goes (it used to wait for the end).
      const ended = await run(
        ['simulate', 'wide.txt', '--teams', '1000', '--log', 'long.log', '--verbose-log'],
        async (child) => {
          for (let k = 0; k < 400 && !readdirSync(dir).some((f) => f.endsWith('.tmp')); k++) {
            await delay(25);
          }
          await delay(800);
          child.kill(signal);
        },
      );
      expect(ended.code).toBe(130);
      expect(ended.ms).toBeLessThan(3000);
      expect(ended.stderr).toContain('icewall: interrupted; no output file was written');
      expect(readdirSync(dir).filter((f) => f.includes('long.log'))).toEqual([]);
    },
  );
});

describe('a strategy module that calls process.exit() at its top level', () => {
  it.for([
    ['simulate', 'wall.txt', '--teams', '2'],
    ['plan', 'wall.txt', '--deadline', '30'],
  ])('is refused with one line naming it, exit 2, not a silent exit 0 (%s)', async (args) => {
    const ended = await run([...args, '--strategy', './exits.mjs#x'], async () => {});
    expect(ended.code).toBe(2);
    expect(ended.stderr).toContain('exits.mjs could not be imported: process.exit(0) was called');
  });
});

describe('a strategy module whose top-level await never settles', () => {
  it.for([
    ['simulate', 'wall.txt', '--teams', '2'],
    ['plan', 'wall.txt', '--deadline', '30'],
  ])('is named on stderr, exit 2, not a silent exit 13 (%s)', async (args) => {
    const ended = await run([...args, '--strategy', './unsettled.mjs#x'], async () => {});
    expect(ended.code).toBe(2);
    expect(ended.stderr).toBe(
      'icewall: --strategy ./unsettled.mjs#x: the module never finished loading (a top-level await that never settles)\n',
    );
  });
});

describe('a finished run ends the process', () => {
  it.for([
    ['simulate', 'wall.txt', '--teams', '2'],
    ['plan', 'wall.txt', '--deadline', '30'],
  ])('even when the strategy module left a timer running (%s)', async (args) => {
    const ended = await run([...args, '--strategy', './timer.mjs#first'], async () => {});
    expect(ended.signal).toBe(null);
    expect(ended.code).toBe(0);
  });
});

describe('a long output answers signals and a closed pipe', () => {
  it.for(['csv', 'json', 'table'])(
    'SIGINT while --daily --format %s is written to a file: exit 130 at once',
    async (format) => {
      // A file, as `> out.csv` gives: Node writes it synchronously, so
      // writing alone never lets a signal handler run.
      const out = join(dir, `out.${format}`);
      const fd = openSync(out, 'w');
      const ended = await run(
        ['simulate', 'wide.txt', '--teams', '1000', '--daily', '--format', format],
        async (child) => {
          for (let k = 0; k < 800 && statSync(out).size < 1 << 16; k++) await delay(25);
          expect(statSync(out).size).toBeGreaterThanOrEqual(1 << 16);
          child.kill('SIGINT');
        },
        fd,
      );
      closeSync(fd);
      expect(ended.code).toBe(130);
      expect(ended.ms).toBeLessThan(5000);
    },
  );

  it('a reader that goes away (| head -1) ends a --daily run at once, exit 0', async () => {
    const ended = await run(
      ['simulate', 'wide.txt', '--teams', '1000', '--daily', '--format', 'csv'],
      async (child) => {
        await stdoutSeen(child);
        child.stdout?.destroy();
      },
    );
    expect(ended.code).toBe(0);
    expect(ended.stderr).toBe('');
    expect(ended.ms).toBeLessThan(5000);
  });
});
