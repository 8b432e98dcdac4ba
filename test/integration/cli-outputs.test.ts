// Issue 19 #1-3 and #16: the files the CLI writes are never its input,
// replace their targets whole or not at all, and a chart is valid XML.
// Child processes run the built dist/cli.js (npm test builds it).
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  closeSync,
  constants,
  createReadStream,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputFiles } from '../../src/cli/output-files.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = `${root}dist/cli.js`;
const dir = mkdtempSync(join(tmpdir(), 'icewall-outputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CONFIG = '21 25 28\n17\n17 22 17 19 17\n';

function icewall(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir });
}

/** The CLI run in folder `d`. */
function icewallIn(d: string, args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: d });
}

/** A fresh folder holding wall.txt. */
function folder(name: string): string {
  const d = join(dir, name);
  rmSync(d, { recursive: true, force: true });
  spawnSync('mkdir', ['-p', d]);
  writeFileSync(join(d, 'wall.txt'), CONFIG);
  return d;
}

describe('1. an output that is the input is refused before anything is written', () => {
  it.each([
    ['simulate', '--log'],
    ['chart', '--out'],
  ])('%s %s: by name, through a symlink, by a hard link', (command, flag) => {
    const d = folder(`self-${command}`);
    const wall = join(d, 'wall.txt');
    symlinkSync(wall, join(d, 'link.txt'));
    linkSync(wall, join(d, 'hard.txt'));
    for (const target of [wall, join(d, 'link.txt'), join(d, 'hard.txt')]) {
      const r = icewall([command, wall, flag, target]);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(
        `icewall: ${flag} ${target} is the input ${wall}: refusing to overwrite the config\n`,
      );
      expect(readFileSync(wall, 'utf8')).toBe(CONFIG);
    }
    expect(readdirSync(d).sort()).toEqual(['hard.txt', 'link.txt', 'wall.txt']);
  });

  it.each([
    ['simulate', '--log'],
    ['chart', '--out'],
  ])('%s %s: a folder is refused before the run, and nothing is written in it', (command, flag) => {
    const d = folder(`folder-${command}`);
    const wall = join(d, 'wall.txt');
    const r = icewall([command, wall, flag, d]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`icewall: ${flag} ${d} is a folder: name a file to write\n`);
    expect(r.stdout).toBe('');
    expect(readdirSync(d)).toEqual(['wall.txt']);
  });

  it('standard input redirected from the file is the input too', () => {
    const d = folder('self-stdin');
    const wall = join(d, 'wall.txt');
    const r = spawnSync(
      'sh',
      ['-c', `"${process.execPath}" "${bin}" simulate - --log wall.txt < wall.txt`],
      {
        encoding: 'utf8',
        cwd: d,
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'icewall: --log wall.txt is the input <stdin>: refusing to overwrite the config\n',
    );
    expect(readFileSync(wall, 'utf8')).toBe(CONFIG);
  });
});

describe('2. outputs replace their targets whole or not at all', () => {
  it('an output that cannot be put in place leaves no temporary file behind', async () => {
    // A folder named as the target is refused up front (see 1.), so the
    // rename is made to fail by a folder that appears during the run.
    const d = folder('fail');
    const files = new OutputFiles(undefined);
    const temp = await files.reserve(join(d, 'taken.log'), '--log');
    writeFileSync(temp, 'a log\n');
    mkdirSync(join(d, 'taken.log', 'inside'), { recursive: true });
    let thrown: unknown;
    try {
      files.commit();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'ERR_IO' });
    expect((thrown as Error).message).toMatch(/^cannot write .*taken\.log: it is a folder$/);
    expect(readdirSync(d).sort()).toEqual(['taken.log', 'wall.txt']);
  });

  it('a run that succeeds replaces the old log and chart', () => {
    const d = folder('ok');
    writeFileSync(join(d, 'old.log'), 'the old log\n');
    writeFileSync(join(d, 'old.svg'), '<svg/>');
    expect(icewallIn(d, ['simulate', 'wall.txt', '--teams', '2', '--log', 'old.log']).status).toBe(
      0,
    );
    expect(readFileSync(join(d, 'old.log'), 'utf8')).toMatch(
      /^day 5: team 2 completed profile 1 section 2\n/,
    );
    expect(readFileSync(join(d, 'old.log'), 'utf8')).toMatch(/day 48: team 1 relieved\n$/);
    expect(icewallIn(d, ['chart', 'wall.txt', '--out', 'old.svg']).status).toBe(0);
    expect(readFileSync(join(d, 'old.svg'), 'utf8')).toContain('32,233,500 Gold Dragons');
    expect(readdirSync(d).sort()).toEqual(['old.log', 'old.svg', 'wall.txt']);
  });
});

describe('outputs onto a symlink or a FIFO', () => {
  it('a symlink is written through: the file it points to is replaced, the link stays', () => {
    const d = folder('through-link');
    spawnSync('mkdir', [join(d, 'logs')]);
    writeFileSync(join(d, 'logs', 'real.log'), 'old\n');
    symlinkSync(join(d, 'logs', 'real.log'), join(d, 'link.log'));
    const r = icewallIn(d, ['simulate', 'wall.txt', '--teams', '2', '--log', 'link.log']);
    expect(r.status).toBe(0);
    expect(lstatSync(join(d, 'link.log')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(d, 'logs', 'real.log'), 'utf8')).toMatch(/day 48: team 1 relieved\n$/);
    expect(readdirSync(join(d, 'logs'))).toEqual(['real.log']);
    expect(readdirSync(d).sort()).toEqual(['link.log', 'logs', 'wall.txt']);
  });

  it.each([[0], [300]])(
    'a FIFO is written as a stream and stays a FIFO (its reader comes after %i ms)',
    {
      timeout: 20_000,
    },
    async (lateMs) => {
      const d = folder(`fifo-${lateMs}`);
      const fifo = join(d, 'pipe.log');
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      const child = spawn(
        process.execPath,
        [bin, 'simulate', 'wall.txt', '--teams', '2', '--log', fifo],
        {
          cwd: d,
          stdio: 'ignore',
        },
      );
      await new Promise((r) => setTimeout(r, lateMs));
      const chunks: Buffer[] = [];
      for await (const chunk of createReadStream(fifo)) chunks.push(chunk as Buffer);
      const [code] = (await once(child, 'exit')) as [number];
      expect(code).toBe(0);
      const log = Buffer.concat(chunks).toString('utf8');
      expect(log).toMatch(/^day 5: team 2 completed profile 1 section 2\n/);
      expect(log).toMatch(/day 48: team 1 relieved\n$/);
      expect(lstatSync(fifo).isFIFO()).toBe(true);
      expect(readdirSync(d).sort()).toEqual(['pipe.log', 'wall.txt']);
    },
  );
});

describe('targets that are not plain new files', () => {
  it.each([
    ['simulate', '--log'],
    ['chart', '--out'],
  ])(
    '%s %s: a FIFO nobody reads yet is waited for, and SIGINT still ends the wait with 130',
    async (command, flag) => {
      const d = folder(`fifo-wait-${command}`);
      const fifo = join(d, 'pipe');
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      const child = spawn(process.execPath, [bin, command, 'wall.txt', flag, fifo], {
        cwd: d,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c) => {
        stderr += c;
      });
      // Long enough for the CLI to start and install its handler on a busy
      // machine; it then waits for a reader. Before the fix the thread sat
      // in open(2) and the signal was never handled.
      await new Promise((r) => setTimeout(r, 1500));
      child.kill('SIGINT');
      const [code] = (await once(child, 'exit')) as [number];
      expect(code).toBe(130);
      expect(stderr).toBe('icewall: interrupted\n');
      expect(readdirSync(d).sort()).toEqual(['pipe', 'wall.txt']);
    },
  );

  it('standard output, by name or by being the same file, gets the log then the table, in order', () => {
    const d = folder('stdout');
    for (const log of ['/dev/stdout', 'out.txt']) {
      const r = spawnSync(
        'sh',
        ['-c', `"${process.execPath}" "${bin}" simulate wall.txt --teams 2 --log ${log} > out.txt`],
        { cwd: d, encoding: 'utf8' },
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      // Before the fix: the log replaced out.txt under the table (lost), or
      // a second descriptor wrote over it from offset 0.
      const text = readFileSync(join(d, 'out.txt'), 'utf8');
      expect(text).toMatch(/^day 5: team 2 completed profile 1 section 2\n/);
      expect(text).toMatch(/day 48: team 1 relieved\ndays +48\n/);
      expect(text).toMatch(/total cost +32,233,500 Gold Dragons\n/);
      expect(text).toMatch(/\n +3 +5 +48 +11,310 +21,489,000\n$/);
    }
    const chart = spawnSync(
      'sh',
      ['-c', `"${process.execPath}" "${bin}" chart wall.txt --out /dev/stdout > chart.svg`],
      { cwd: d, encoding: 'utf8' },
    );
    expect(chart.status).toBe(0);
    const svg = readFileSync(join(d, 'chart.svg'), 'utf8');
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg.endsWith('</svg>\n')).toBe(true);
    expect(readdirSync(d).sort()).toEqual(['chart.svg', 'out.txt', 'wall.txt']);
  });

  it('through a pipe, a file opened for appending (/dev/fd/3), standard input, "-", a long name, a private file', () => {
    const d = folder('descriptors');
    const sh = (script: string) =>
      spawnSync('sh', ['-c', script], { cwd: d, encoding: 'utf8', maxBuffer: 1 << 26 });
    const cli = `"${process.execPath}" "${bin}"`;
    // A pipe is opened again (the process's own end may not block): the whole log arrives.
    const piped = sh(`${cli} simulate wall.txt --teams 2 --log /dev/stdout | cat`);
    expect(piped.status).toBe(0);
    expect(piped.stdout).toMatch(
      /^day 5: team 2 completed profile 1 section 2\n[\s\S]*day 48: team 1 relieved\n/,
    );
    // Appending through descriptor 3 keeps what the file held.
    writeFileSync(join(d, 'all.log'), 'PRE\n');
    expect(
      sh(`${cli} simulate wall.txt --teams 2 --log /dev/fd/3 3>>all.log >/dev/null`).status,
    ).toBe(0);
    expect(readFileSync(join(d, 'all.log'), 'utf8')).toMatch(
      /^PRE\nday 5: [\s\S]*day 48: team 1 relieved\n$/,
    );
    // Standard input as a pipe: writing there would feed the process itself.
    const stdin = sh(`sleep 1 | ${cli} simulate wall.txt --teams 2 --log /dev/stdin`);
    expect(stdin.status).toBe(2);
    expect(stdin.stderr).toBe(
      'icewall: --log /dev/stdin is standard input: name a file to write\n',
    );
    const dash = icewallIn(d, ['simulate', 'wall.txt', '--log', '-']);
    expect(dash.status).toBe(2);
    expect(dash.stderr).toBe(
      'icewall: --log - names no file: for standard output use --log /dev/stdout\n',
    );
    // A 250-character name (its temporary name is cut to fit NAME_MAX).
    const long = 'e'.repeat(250);
    expect(icewallIn(d, ['simulate', 'wall.txt', '--teams', '2', '--log', long]).status).toBe(0);
    expect(readFileSync(join(d, long), 'utf8')).toMatch(/day 48: team 1 relieved\n$/);
    // The file replaced keeps its permissions (a private log stays private).
    writeFileSync(join(d, 'private.log'), 'old\n', { mode: 0o600 });
    expect(
      icewallIn(d, ['simulate', 'wall.txt', '--teams', '2', '--log', 'private.log']).status,
    ).toBe(0);
    expect(lstatSync(join(d, 'private.log')).mode & 0o777).toBe(0o600);
    expect(readdirSync(d).sort()).toEqual([long, 'all.log', 'private.log', 'wall.txt'].sort());
  });

  it("a descriptor the command was not given (/dev/fd/N of Node's own): refused before the run, exit 2", () => {
    // Node's internal pipes took the log until full, and then the process
    // hung where not even SIGTERM reached it; its event queue (ENXIO) ended
    // quietly with exit 0 and no log.
    const d = folder('own-descriptors');
    const codes = new Set<number | null>();
    for (let fd = 3; fd <= 9; fd++) {
      const r = spawnSync(
        process.execPath,
        [bin, 'simulate', 'wall.txt', '--teams', '2', '--log', `/dev/fd/${fd}`],
        { cwd: d, encoding: 'utf8', timeout: 20_000 },
      );
      codes.add(r.status);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        new RegExp(
          `^icewall: --log /dev/fd/${fd} is (a pipe that this process reads|not a file, a FIFO or a device): name a file to write\n$`,
        ),
      );
    }
    expect([...codes]).toEqual([2]);
    // A descriptor the shell gave is written: here a pipe to cat.
    const given = spawnSync(
      'sh',
      [
        '-c',
        `"${process.execPath}" "${bin}" simulate wall.txt --teams 2 --log /dev/fd/9 9>&1 >/dev/null | cat`,
      ],
      { cwd: d, encoding: 'utf8', timeout: 20_000 },
    );
    expect(given.status).toBe(0);
    expect(given.stdout).toMatch(/^day 5: [\s\S]*day 48: team 1 relieved\n$/);
  });

  it('a FIFO whose reader never reads: SIGINT still ends the run with 130, the reader still there', async () => {
    const d = folder('fifo-stalled');
    // 9 MB of log at 1000 teams: far more than the 64 KiB a pipe holds.
    writeFileSync(join(d, 'big.txt'), `${'0 '.repeat(1999)}0\n`.repeat(100));
    const fifo = join(d, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // This process is the reader: it holds the read end and never reads.
    const readEnd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const child = spawn(
        process.execPath,
        [bin, 'simulate', 'big.txt', '--teams', '1000', '--verbose-log', '--log', fifo],
        { cwd: d, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (c) => {
        stderr += c;
      });
      // The run starts and fills the pipe. Before the fix its thread then
      // sat in write(2) until the reader read or left, and the signal waited.
      await new Promise((r) => setTimeout(r, 1500));
      child.kill('SIGINT');
      const exited = once(child, 'exit') as Promise<[number | null]>;
      const late = new Promise<'late'>((r) => setTimeout(() => r('late'), 10_000));
      const first = await Promise.race([exited, late]);
      if (first === 'late') child.kill('SIGKILL');
      expect(first).toEqual([130, null]);
      expect(stderr).toBe('icewall: interrupted\n');
    } finally {
      closeSync(readEnd);
    }
  });

  it('a FIFO reader that opens the pipe and leaves at once: the log ends quietly, exit 0', async () => {
    const d = folder('fifo-leaves');
    const fifo = join(d, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // The reader waits in open(2) until the CLI's wait for a reader opens
    // the pipe, then leaves. Before: exit 1, "it is a FIFO that no process
    // reads (start the reader first)", though the reader had come first.
    const reader = spawn('sh', ['-c', `: < "${fifo}"`]);
    await new Promise((r) => setTimeout(r, 50));
    const r = icewallIn(d, ['simulate', 'wall.txt', '--teams', '2', '--log', fifo]);
    await once(reader, 'exit');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^days +48\n/);
  });

  it('a log whose reader goes away (--log /dev/stdout | head -1) ends quietly, exit 0, as standard output does', () => {
    const d = folder('log-head');
    writeFileSync(join(d, 'big.txt'), `${'0 '.repeat(1999)}0\n`.repeat(10));
    const bash = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" "${bin}" simulate big.txt --teams 100 --verbose-log --log /dev/stdout | head -1; echo "status \${PIPESTATUS[0]}"`,
      ],
      { cwd: d, encoding: 'utf8' },
    );
    // Before: exit 1, "cannot write /dev/stdout: EPIPE".
    expect(bash.stderr).toBe('');
    expect(bash.stdout).toBe('day 1: team 1 raised profile 1 section 1 to 1 ft\nstatus 0\n');
  });

  it('a name of 255 bytes in UTF-8 works; one of 256 is refused before the run', () => {
    const d = folder('utf8-names');
    // 72 three-byte characters: 216 bytes. The temporary name's cut counted
    // characters, not bytes, and went over NAME_MAX.
    const wide = `${'日'.repeat(72)}.log`;
    expect(icewallIn(d, ['simulate', 'wall.txt', '--teams', '2', '--log', wide]).status).toBe(0);
    expect(readFileSync(join(d, wide), 'utf8')).toMatch(/day 48: team 1 relieved\n$/);
    const long = 'y'.repeat(256);
    const r = icewallIn(d, ['simulate', 'wall.txt', '--teams', '2', '--log', long]);
    // Before: the whole run, its table, then a rename error naming the file three times.
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `icewall: cannot write ${long}: its name is longer than 255 bytes (the system's limit)\n`,
    );
    // A folder's name over the limit is not "no folder".
    const deep = icewallIn(d, ['simulate', 'wall.txt', '--log', `${'x'.repeat(300)}/a.log`]);
    expect(deep.status).toBe(1);
    expect(deep.stderr).toBe(
      `icewall: cannot write ${'x'.repeat(300)}/a.log: the name is too long for the system\n`,
    );
    expect(readdirSync(d).sort()).toEqual([wide, 'wall.txt'].sort());
  });

  it('a name ending in "/", or in a folder that is missing or is a file: refused before the run', () => {
    const d = folder('no-folder');
    writeFileSync(join(d, 'file.txt'), 'x\n');
    const cases: [string[], number, string][] = [
      [
        ['simulate', 'wall.txt', '--log', 'nodir/'],
        2,
        'icewall: --log nodir/ ends with "/": name a file to write\n',
      ],
      [
        ['chart', 'wall.txt', '--out', 'file.txt/'],
        2,
        'icewall: --out file.txt/ ends with "/": name a file to write\n',
      ],
      [
        ['simulate', 'wall.txt', '--log', 'file.txt/x'],
        1,
        'icewall: cannot write file.txt/x: file.txt is not a folder\n',
      ],
      [
        ['chart', 'wall.txt', '--out', 'nodir/x.svg'],
        1,
        'icewall: cannot write nodir/x.svg: no folder nodir\n',
      ],
    ];
    for (const [args, status, stderr] of cases) {
      const r = icewallIn(d, args);
      expect(r.stderr).toBe(stderr);
      expect(r.status).toBe(status);
      expect(r.stdout).toBe('');
    }
    expect(readdirSync(d).sort()).toEqual(['file.txt', 'wall.txt']);
  });

  it('a symlink whose target does not exist yet is written through; a loop is an error', () => {
    const d = folder('dangling');
    spawnSync('mkdir', [join(d, 'sub')]);
    symlinkSync('sub/new.log', join(d, 'link.log'));
    const r = icewallIn(d, ['simulate', 'wall.txt', '--teams', '2', '--log', 'link.log']);
    expect(r.status).toBe(0);
    expect(lstatSync(join(d, 'link.log')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(d, 'sub', 'new.log'), 'utf8')).toMatch(/day 48: team 1 relieved\n$/);
    symlinkSync('loop', join(d, 'loop'));
    const loop = icewallIn(d, ['simulate', 'wall.txt', '--log', 'loop']);
    expect(loop.status).toBe(1);
    expect(loop.stderr).toBe('icewall: cannot write loop: too many levels of symbolic links\n');
    expect(lstatSync(join(d, 'loop')).isSymbolicLink()).toBe(true);
  });
});

describe('3. SIGINT during a run leaves no log that passes for a finished one', () => {
  it('exits 130, says so, and leaves neither a log nor a temporary file', async () => {
    const d = folder('sigint');
    // 200,000 sections at 1000 teams: 9 MB of log, then a daily table of
    // 2 MB on a stdout nobody reads, so the command cannot finish (and
    // put the log in place) before the signal.
    writeFileSync(join(d, 'big.txt'), `${'0 '.repeat(1999)}0\n`.repeat(100));
    const child = spawn(
      process.execPath,
      [bin, 'simulate', 'big.txt', '--teams', '1000', '--log', 'wall.log', '--daily'],
      { cwd: d, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    // Wait until the temporary log exists: the run has started writing.
    for (let k = 0; k < 200 && !readdirSync(d).some((f) => f.endsWith('.tmp')); k++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(readdirSync(d).some((f) => f.endsWith('.tmp'))).toBe(true);
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(130);
    expect(stderr).toContain('icewall: interrupted; no output file was written\n');
    expect(readdirSync(d).sort()).toEqual(['big.txt', 'wall.txt']);
  });
});

describe('16. a chart is well-formed XML whatever the file name', () => {
  const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;

  it('xmllint is installed (.ci/run installs libxml2-utils)', () => {
    expect(hasXmllint).toBe(true);
  });

  it.each([['a]]>b.txt'], ['tab\tand\u0001control.txt'], ['<&"quotes\'>.txt']])(
    'a config named %j',
    (name) => {
      const d = folder(`xml-${name.length}`);
      writeFileSync(join(d, name), CONFIG);
      const run = icewallIn(d, ['chart', name, '--out', 'chart.svg']);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const lint = spawnSync('xmllint', ['--noout', join(d, 'chart.svg')], { encoding: 'utf8' });
      expect(lint.stderr).toBe('');
      expect(lint.status).toBe(0);
    },
  );
});

describe('8. an endless bad token is reported as soon as it is known to be bad', () => {
  it('cat /dev/zero | icewall simulate: exit 2 with line and column, without reading on', () => {
    const r = spawnSync('sh', ['-c', `cat /dev/zero | "${process.execPath}" "${bin}" simulate`], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.signal).toBe(null);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `icewall: <stdin>:1:1: "${'\\u0000'.repeat(40)}..." is not a whole number\n`,
    );
  });
});
