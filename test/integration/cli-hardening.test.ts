// Issue 9: the command line under pipes, signals, big walls and wrong
// options. Child processes run the built dist/cli.js (npm test builds it).
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runMain } from '../cli-io.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = `${root}dist/cli.js`;
const dir = mkdtempSync(join(tmpdir(), 'icewall-cli9-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const wallFile = join(dir, 'wall.txt');
writeFileSync(wallFile, '21 25 28\n17\n17 22 17 19 17\n');
/** 20,000 profiles: about 1 MB of table, far more than a pipe holds. */
const manyFile = join(dir, 'many.txt');
writeFileSync(manyFile, '0 1 2\n'.repeat(20_000));

describe('1. piped input is read when no FILE is given', () => {
  it('a pipe (FIFO) on stdin is the config', () => {
    const r = spawnSync('sh', ['-c', `printf '1 2\\n' | "${bin}" simulate --format json`], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ days: 29, profiles: [{ sections: 2 }] });
  });

  it('a regular file on stdin is the config, for query and chart too', () => {
    const fd = () => openSync(wallFile, 'r');
    const q = spawnSync(bin, ['query', '--profile', '1', '--day', '1', '--format', 'json'], {
      stdio: [fd(), 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    expect(q.stderr).toBe('');
    expect(JSON.parse(q.stdout)).toMatchObject({ ice: 585, wallCost: 32_233_500 });
    const c = spawnSync(bin, ['chart', '--out', '-', '--teams', '2'], {
      stdio: [fd(), 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    expect(c.stdout).toContain('48 days, 32,233,500 Gold Dragons');
  });

  it("a socket on stdin (a Node parent's spawn input) is the config too", () => {
    const r = spawnSync(bin, ['simulate', '--format', 'csv'], { input: '1 2\n', encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('total,2,29,');
  });

  it('/dev/null (not a pipe or file) is not read: the bundled example, said on stderr', () => {
    const r = spawnSync(bin, ['simulate', '--format', 'csv'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('total,9,13,16965,32233500');
    expect(r.stderr).toBe('icewall: no FILE and no piped input: using the bundled example wall\n');
  });

  it('serve never reads an unnamed stdin, even a pipe that never closes', async () => {
    const child = spawn('sh', ['-c', `sleep 30 | exec "${bin}" serve --port 0 --grace 0`], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [chunk] = await once(child.stdout, 'data');
    expect(String(chunk)).toMatch(/^serving 3 profiles \(13 days\) on http:/);
    process.kill(-(child.pid as number), 'SIGTERM');
    await once(child, 'exit');
  });
});

describe('5. a closed output pipe (| head -1) ends the command quietly, exit 0', () => {
  async function head1(args: string[]) {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    await once(child.stdout, 'data');
    child.stdout.destroy();
    const [code] = await once(child, 'exit');
    return { code, err };
  }

  it.each([
    [['simulate', manyFile]],
    [['simulate', manyFile, '--format', 'csv']],
    [['simulate', manyFile, '--format', 'json', '--daily']],
    [['simulate', wallFile, '--teams', '1', '--daily']],
    [['chart', manyFile, '--out', '-']],
    [['query', manyFile, '--profile', '1', '--day', '1']],
    [['--help']],
  ])('%j', async (args) => {
    expect(await head1(args)).toEqual({ code: 0, err: '' });
  });
});

describe('8 and 11. big walls and long runs are streamed, never one string or a spread', () => {
  it('130,000 profiles: the table and the chart work', async () => {
    const file = join(dir, 'wide.txt');
    writeFileSync(file, '29\n'.repeat(130_000));
    const table = await runMain(['simulate', file]);
    expect(table.err).toBe('');
    expect(table.code).toBe(0);
    expect(table.out).toContain('\n130,000         1     1  195  370,500\n');
    expect(table.writes).toBeGreaterThan(10);
    const chart = await runMain(['chart', file, '--out', join(dir, 'wide.svg')]);
    expect(chart).toMatchObject({ code: 0, err: '' });
    expect(readFileSync(join(dir, 'wide.svg'), 'utf8')).toContain(
      'the 8 costliest profiles and 129,992 others',
    );
  });

  it('--format json --daily is written in chunks as it goes, and parses', async () => {
    const file = join(dir, 'long.txt');
    writeFileSync(file, `${'0 '.repeat(1999)}0\n`.repeat(2));
    const r = await runMain(['simulate', file, '--teams', '1', '--format', 'json', '--daily']);
    expect(r.code).toBe(0);
    expect(r.writes).toBeGreaterThan(20);
    const data = JSON.parse(r.out);
    expect(data.daily).toHaveLength(120_000);
    expect(data.daily[119_999]).toEqual({
      day: 120_000,
      ice: 195,
      cost: 370_500,
      cumulativeCost: 120_000 * 370_500,
      profiles: [0, 195],
    });
  });
});

describe('11. exit codes: 2 for input, 1 for everything else, one line each', () => {
  it('an internal limit is exit 1 with an honest line, not an input error', async () => {
    let err = '';
    const code = await main(['simulate', wallFile], {
      stdout: {
        write: () => {
          throw new RangeError('Invalid string length');
        },
      },
      stderr: { write: (s: string) => (err += s) },
      stdin: [],
      env: {},
    });
    expect(code).toBe(1);
    expect(err).toBe('icewall: internal failure: RangeError: Invalid string length\n');
  });

  it('standard output on a full disk is an I/O error: exit 1', () => {
    const r = spawnSync(bin, ['simulate', wallFile], {
      stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe'],
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^icewall: cannot write to standard output: ENOSPC.*\n$/);
  });

  it('a file name with a line break or an escape sequence is shown escaped, on one line', async () => {
    const r = await runMain(['simulate', join(dir, 'no\nsuch\u001b[31m.txt')]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`icewall: cannot read ${dir}/no\\u000asuch\\u001b[31m.txt: no such file\n`);
  });

  it('a bad config is exit 2', async () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, '1 31\n');
    expect(await runMain(['simulate', bad])).toMatchObject({
      code: 2,
      err: `icewall: ${bad}:1:3: height 31 is out of range [0, 30]\n`,
    });
  });
});

describe('12, 15, 17. each command has its own options', () => {
  it.each([
    [['simulate', wallFile, '--out', 'x.svg'], '--out is an option of chart, not simulate'],
    [['query', wallFile, '--log', 'q.log'], '--log is an option of simulate and serve, not query'],
    [['chart', wallFile, '--daily', '--out', 'x'], '--daily is an option of simulate, not chart'],
    [['simulate', '--fromat', 'json'], 'unknown option --fromat (did you mean --format?)'],
    [['simulate', '--zzzzzzzz'], 'unknown option --zzzzzzzz (try icewall simulate --help)'],
    [
      ['simulate', '--teams', '2147483647'],
      '--teams must be a whole number from 1 to 2147483646, got "2147483647"',
    ],
    [['simulate', '--teams', '2', '--strategy', '__proto__'], 'unknown strategy "__proto__"'],
    [
      ['simulate', '--teams', '2', '--strategy', 'longestfirst'],
      'unknown strategy "longestfirst" (did you mean longestFirst? or MODULE#EXPORT',
    ],
    [['simulate', '--teams', '2', '--strategy', 'toString'], 'unknown strategy "toString"'],
    [['simulate', '--teams', '2', '--strategy', 'constructor'], 'unknown strategy "constructor"'],
    [['simulate', '--verbose-log'], '--verbose-log needs --log FILE'],
    [['simulat', wallFile], 'unknown command "simulat" (did you mean simulate?)'],
    // Given twice, an option kept its last value (a first --log went unwritten).
    [['simulate', wallFile, '--teams', '2', '--teams', '3'], '--teams is given more than once'],
    [['simulate', wallFile, '--log', 'a.log', '--log=b.log'], '--log is given more than once'],
    // Node's own message took three lines.
    [
      ['simulate', wallFile, '--log', '-x.log'],
      '--log needs a value, and the next argument starts with "-": write --log=VALUE',
    ],
    // Node's words, in the CLI's.
    [['simulate', wallFile, '-t', '2'], 'unknown option -t (try icewall simulate --help)'],
    [['simulate', wallFile, '--daily=yes'], '--daily takes no value'],
    [['simulate', wallFile, '--log'], '--log needs a value (try icewall simulate --help)'],
    // A name's line break or escape sequence is shown, not printed raw.
    [['simulate', wallFile, '--log', 'a\nb/'], '--log a\\u000ab/ ends with "/"'],
    // --version and --help took anything after them and ignored it.
    [['--version', '--version'], '--version takes nothing after it, got "--version"'],
    [['-v', 'simulate'], '-v takes nothing after it, got "simulate"'],
    [['--help', 'simulat'], 'unknown command "simulat" (did you mean simulate?)'],
    [['help', 'simulate', 'x'], 'help takes at most a command, got "simulate x"'],
  ])('%j is refused with exit 2', async (argv, message) => {
    const r = await runMain(argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(message);
    expect(r.err.split('\n')).toHaveLength(2);
    expect(existsSync('x.svg') || existsSync('q.log')).toBe(false);
  });

  it('query --format json', async () => {
    const r = await runMain([
      'query',
      wallFile,
      '--profile',
      '1',
      '--day',
      '1',
      '--format',
      'json',
    ]);
    expect(JSON.parse(r.out)).toEqual({
      profile: 1,
      day: 1,
      ice: 585,
      profileCost: 1_111_500,
      totalCost: 3_334_500,
      wallCost: 32_233_500,
    });
  });

  it('chart --out - writes the SVG to stdout, and no file named -', async () => {
    const r = await runMain(['chart', wallFile, '--out', '-']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^<\?xml[\s\S]*<\/svg>\n$/);
    expect(existsSync('-')).toBe(false);
  });

  it('simulate --help shows the options of simulate only', async () => {
    const r = await runMain(['simulate', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: icewall simulate \[FILE\|-\] \[options\]/);
    expect(r.out).toContain('--daily');
    expect(r.out).not.toContain('--port');
    expect((await runMain(['serve', '-h'])).out).toContain('--grace S');
  });

  it("help COMMAND and --help COMMAND show that command's help", async () => {
    const own = await runMain(['simulate', '--help']);
    for (const argv of [
      ['help', 'simulate'],
      ['--help', 'simulate'],
      ['-h', 'simulate'],
    ]) {
      const r = await runMain(argv);
      expect(r.code).toBe(0);
      expect(r.out).toBe(own.out);
    }
  });
});

describe('18 and 20. progress and warnings on stderr', () => {
  it('query shows the bar on a terminal and clears it', async () => {
    let err = '';
    const r = await runMain(['query', wallFile, '--profile', '1', '--day', '1'], {
      stderr: { write: (s: string) => (err += s), isTTY: true },
    });
    expect(r.code).toBe(0);
    // One pass (simulateStream): reading fills the whole bar.
    expect(err).toContain('] 100% reading\u001b[K');
    expect(err.endsWith('\r\u001b[2K')).toBe(true);
    err = '';
    await runMain(['query', wallFile, '--profile', '1', '--day', '1', '--teams', '2'], {
      stderr: { write: (s: string) => (err += s), isTTY: true },
    });
    expect(err).toContain('] 50% reading\u001b[K');
    expect(err).toContain('] 100% building\u001b[K');
    expect(err.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('more teams than unfinished sections with --log: a warning on stderr, the run goes on', async () => {
    const log = join(dir, 'idle.log');
    const r = await runMain([
      'simulate',
      wallFile,
      '--teams',
      '100',
      '--format',
      'csv',
      '--log',
      log,
    ]);
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      'icewall: warning: 100 teams for 9 unfinished sections: 91 teams have nothing to do and are relieved on day 1 (one log line each)\n',
    );
    const one = join(dir, 'one.txt');
    writeFileSync(one, '29 30\n');
    const single = await runMain([
      'simulate',
      one,
      '--teams',
      '3',
      '--format',
      'csv',
      '--log',
      log,
    ]);
    expect(single.err).toBe(
      'icewall: warning: 3 teams for 1 unfinished section: 2 teams have nothing to do and are relieved on day 1 (one log line each)\n',
    );
  });

  it('more teams than unfinished sections without --log: no warning of log lines (query, simulate)', async () => {
    for (const args of [
      ['simulate', wallFile, '--teams', '100', '--format', 'csv'],
      ['query', wallFile, '--teams', '100', '--profile', '1', '--day', '1'],
    ]) {
      const r = await runMain(args);
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
    }
  });

  it('a wall with nothing to build: no warning of log lines that are never written', async () => {
    const done = join(dir, 'done.txt');
    writeFileSync(done, '30 30\n30\n');
    const log = join(dir, 'done.log');
    const r = await runMain(['simulate', done, '--teams', '3', '--log', log, '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(readFileSync(log, 'utf8')).toBe('');
  });
});

describe('9. serve shuts down within its grace period', () => {
  /** `serve ARGS --port 0`; `extra`: descriptors 3… of the child. */
  function startServe(args: string[], extra: number[] = []) {
    const child = spawn(bin, ['serve', ...args, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe', ...extra],
    });
    const url = new Promise<URL>((resolve) => {
      let out = '';
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /on (http:\/\/[^ ]+\/)\n/.exec(out);
        if (m) resolve(new URL(m[1] as string));
      });
    });
    const exit = once(child, 'exit').then(([code]) => code as number | null);
    return { child, url, exit };
  }

  it('a paused /log download and half-sent headers do not hold it past the grace', async () => {
    const logPath = join(dir, 'grace.log');
    const s = startServe([manyFile, '--teams', '3', '--log', logPath, '--grace', '0.2']);
    const url = await s.url;
    const paused = connect(Number(url.port), url.hostname);
    paused.write('GET /log HTTP/1.1\r\nhost: x\r\n\r\n');
    await once(paused, 'data');
    paused.pause();
    const slow = connect(Number(url.port), url.hostname);
    slow.write('GET /health HTTP/1.1\r\nhost');
    await once(slow, 'connect');
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
    paused.destroy();
    slow.destroy();
  });

  it('SIGHUP (a terminal that closes) shuts it down as SIGTERM does', async () => {
    const s = startServe([wallFile]);
    await s.url;
    s.child.kill('SIGHUP');
    expect(await s.exit).toBe(0);
  });

  it('--log /dev/stdout with standard output in a file: /log is a 404, not the whole output', async () => {
    const out = join(dir, 'serve-stdout.txt');
    const fd = openSync(out, 'w');
    const child = spawn(
      bin,
      ['serve', wallFile, '--teams', '2', '--log', '/dev/stdout', '--port', '0'],
      {
        stdio: ['ignore', fd, 'pipe'],
      },
    );
    closeSync(fd);
    const exit = once(child, 'exit');
    let url: URL | undefined;
    for (let k = 0; k < 200 && url === undefined; k++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      const m = /on (http:\/\/[^ ]+\/)\n/.exec(readFileSync(out, 'utf8'));
      if (m) url = new URL(m[1] as string);
    }
    try {
      const log = await fetch(new URL('log', url));
      expect(log.status).toBe(404);
      expect(await log.text()).not.toContain('serving');
    } finally {
      child.kill('SIGINT');
      await exit;
    }
    // The log went to standard output, before the server's line.
    expect(readFileSync(out, 'utf8')).toMatch(/^day 5: [\s\S]*day 48: team 1 relieved\nserving /);
  });

  it('--log /dev/fd/3 with descriptor 3 on a file of its own: /log serves that file', async () => {
    const logFile = join(dir, 'serve-fd3.log');
    const fd = openSync(logFile, 'w');
    const s = startServe([wallFile, '--teams', '2', '--log', '/dev/fd/3'], [fd]);
    closeSync(fd);
    try {
      const log = await fetch(new URL('log', await s.url));
      expect(log.status).toBe(200);
      expect(await log.text()).toBe(readFileSync(logFile, 'utf8'));
    } finally {
      s.child.kill('SIGINT');
      await s.exit;
    }
    expect(readFileSync(logFile, 'utf8')).toMatch(/^day 5: [\s\S]*day 48: team 1 relieved\n$/);
  });

  it('a second signal closes every connection at once', async () => {
    const s = startServe([wallFile, '--grace', '600']);
    const url = await s.url;
    const slow = connect(Number(url.port), url.hostname);
    slow.write('GET /health HTTP/1.1\r\nhost');
    await once(slow, 'connect');
    s.child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 100));
    s.child.kill('SIGINT');
    expect(await s.exit).toBe(0);
    slow.destroy();
  });
});
