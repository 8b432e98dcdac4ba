import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseWall, Simulation } from '../../src/index.js';
import { runMain } from '../cli-io.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = `${root}dist/cli.js`;
const dir = mkdtempSync(join(tmpdir(), 'icewall-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const wallFile = join(dir, 'wall.txt');
writeFileSync(wallFile, '21 25 28\n17\n17 22 17 19 17\n');

describe('main() in process', () => {
  it('simulate with no FILE runs the bundled example: summary table', async () => {
    const { code, out, err } = await runMain(['simulate']);
    expect(code).toBe(0);
    expect(err).toBe('icewall: no FILE and no piped input: using the bundled example wall\n');
    expect(out).toContain('days        13\n');
    expect(out).toContain('total cost  32,233,500 Gold Dragons');
    expect(out).toMatch(/\n {6}1 {9}3 {5}9 {3}3,120 {3}5,928,000\n/);
  });

  it('--format json gives one object; --daily adds the days', async () => {
    const { code, out } = await runMain([
      'simulate',
      wallFile,
      '--teams',
      '2',
      '--format',
      'json',
      '--daily',
    ]);
    expect(code).toBe(0);
    const data = JSON.parse(out);
    expect(data.days).toBe(48);
    expect(data.cost).toBe(32_233_500);
    expect(data.profiles[0]).toEqual({
      profile: 1,
      sections: 3,
      days: 9,
      ice: 3120,
      cost: 5_928_000,
    });
    expect(data.daily).toHaveLength(48);
    expect(data.daily[0]).toEqual({
      day: 1,
      ice: 390,
      cost: 741_000,
      cumulativeCost: 741_000,
      profiles: [390, 0, 0],
    });
  });

  it('--format csv', async () => {
    const { out } = await runMain(['simulate', wallFile, '--format', 'csv']);
    expect(out.split('\n').slice(0, 2)).toEqual([
      'profile,sections,days,ice,cost',
      '1,3,9,3120,5928000',
    ]);
    expect(out).toContain('total,9,13,16965,32233500');
  });

  it('reads stdin for -', async () => {
    const { code, out } = await runMain(['simulate', '-', '--format', 'json'], '0\n');
    expect(code).toBe(0);
    expect(JSON.parse(out).days).toBe(30);
  });

  it('query answers the four questions', async () => {
    const { code, out } = await runMain(['query', wallFile, '--profile', '1', '--day', '1']);
    expect(code).toBe(0);
    expect(out).toBe(
      'ice used by profile 1 on day 1: 585 cubic yards\ncost of profile 1 up to day 1: 1,111,500 Gold Dragons\ncost of all profiles up to day 1: 3,334,500 Gold Dragons\ntotal cost of the wall: 32,233,500 Gold Dragons\n',
    );
  });

  it.each([
    [
      ['simulate', join(dir, 'missing.txt')],
      `icewall: cannot read ${join(dir, 'missing.txt')}: no such file\n`,
    ],
    [
      ['simulate', '--teams', '0'],
      'icewall: --teams must be a whole number from 1 to 2147483646, got "0"\n',
    ],
    [
      ['simulate', '--strategy', 'fastest', '--teams', '2'],
      'icewall: unknown strategy "fastest" (one of inOrder, longestFirst, shortestFirst, roundRobin, or MODULE#EXPORT such as ./my-strategy.js#reverse)\n',
    ],
    [['simulate', '--log', ''], 'icewall: --log needs a file name\n'],
    [['chart', '--out', ''], 'icewall: --out needs a file name\n'],
    [
      ['plan', '--deadline', '30', '--max-teams', '2147483647'],
      'icewall: --max-teams must be a whole number from 1 to 2147483646, got "2147483647"\n',
    ],
    [
      ['simulate', '--strategy', 'longestFirst'],
      'icewall: --strategy needs --teams N (with one crew per section, no strategy applies)\n',
    ],
    [['simulate', '--format', 'xml'], 'icewall: --format must be table, json or csv, got "xml"\n'],
    [['frob'], 'icewall: unknown command "frob" (try icewall --help)\n'],
    [
      ['query', wallFile, '--profile', '4', '--day', '1'],
      'icewall: profile 4 does not exist: the wall has profiles 1 to 3\n',
    ],
    [['query', wallFile, '--day', '1'], 'icewall: query needs --profile P and --day D\n'],
  ])('usage error %j: one line, exit 2', async (argv, message) => {
    const { code, out, err } = await runMain(argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(message);
  });

  it('a bad config names file, line and column, with no stack trace', async () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, '1 2\n1 2 31\n');
    const { code, err } = await runMain(['simulate', bad]);
    expect(code).toBe(2);
    expect(err).toBe(`icewall: ${bad}:2:5: height 31 is out of range [0, 30]\n`);
  });
});

describe('the built bin', () => {
  it('--help and --version', () => {
    expect(execFileSync(bin, ['--help'], { encoding: 'utf8' })).toContain(
      'Usage: icewall <command>',
    );
    const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
    expect(execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()).toBe(version);
  });

  it('query and chart run from the bin', () => {
    const q = spawnSync(bin, ['query', wallFile, '--profile', '3', '--day', '13', '--teams', '2'], {
      encoding: 'utf8',
    });
    expect(q.status).toBe(0);
    expect(q.stdout).toContain('total cost of the wall: 32,233,500 Gold Dragons');
    const svg = join(dir, 'bin.svg');
    const c = spawnSync(bin, ['chart', wallFile, '--out', svg], { encoding: 'utf8' });
    expect(c.status).toBe(0);
    expect(readFileSync(svg, 'utf8')).toContain('<svg');
    const usage = spawnSync(bin, [], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stdout).toContain('Usage: icewall');
  });

  it('writes the log file, line for line the event stream', () => {
    const logPath = join(dir, 'run.log');
    const r = spawnSync(bin, ['simulate', wallFile, '--teams', '2', '--log', logPath], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const sim = new Simulation(parseWall(readFileSync(wallFile)), { teams: 2 });
    const lines: string[] = [];
    sim.on('sectionCompleted', (e) =>
      lines.push(
        `day ${e.day}: team ${e.team} completed profile ${e.profile} section ${e.section}`,
      ),
    );
    sim.on('teamRelieved', (e) => lines.push(`day ${e.day}: team ${e.team} relieved`));
    sim.run();
    expect(readFileSync(logPath, 'utf8')).toBe(`${lines.join('\n')}\n`);
  });

  it('reads stdin, exits 2 on bad input with one line and no progress bar off a TTY', () => {
    const ok = spawnSync(bin, ['simulate', '-', '--format', 'json'], {
      input: '28 29\n',
      encoding: 'utf8',
    });
    expect(ok.status).toBe(0);
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout).days).toBe(2);
    const bad = spawnSync(bin, ['simulate', '-'], { input: '1e3\n', encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('icewall: <stdin>:1:1: "1e3" is not a whole number\n');
  });

  it('a log file in a missing folder is an I/O error (exit 1), before the run', () => {
    const target = join(dir, 'no', 'such', 'x.log');
    const r = spawnSync(bin, ['simulate', wallFile, '--log', target], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `icewall: cannot write ${target}: no folder ${join(dir, 'no', 'such')}\n`,
    );
  });
});

describe('icewall chart', () => {
  it('writes a well-formed SVG with one line per profile and the teams at work', async () => {
    const { XMLParser, XMLValidator } = await import('fast-xml-parser');
    const out = join(dir, 'chart.svg');
    const { code, out: stdout } = await runMain(['chart', wallFile, '--teams', '2', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toBe(`wrote ${out}\n`);
    const svg = readFileSync(out, 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(svg);
    expect(doc.svg['@_xmlns']).toBe('http://www.w3.org/2000/svg');
    // One stacked band per profile, one line for the teams at work.
    expect(doc.svg.polygon).toHaveLength(3);
    expect(doc.svg.polyline['@_points']).toBeTypeOf('string');
    expect(svg).toContain('48 days, 32,233,500 Gold Dragons');
    // The file's base name, not the path as typed (which shows the user's folders).
    expect(svg).toContain(`<title>${basename(wallFile)}</title>`);
    expect(svg).not.toContain(dirname(wallFile));
  });

  it('stays small for a run of millions of days', async () => {
    const big = join(dir, 'big.txt');
    writeFileSync(
      big,
      Array.from({ length: 100 }, () => Array(2000).fill('0').join(' ')).join('\n'),
    );
    const out = join(dir, 'big.svg');
    const { code } = await runMain(['chart', big, '--teams', '1', '--out', out]);
    expect(code).toBe(0);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toContain('6,000,000 days');
    expect(svg.length).toBeLessThan(400_000);
  });

  it('needs --out', async () => {
    const { code, err } = await runMain(['chart', wallFile]);
    expect(code).toBe(2);
    expect(err).toBe('icewall: chart needs --out FILE.svg (- for standard output)\n');
  });
});

describe('terminal behaviour', () => {
  async function tty(env: Record<string, string | undefined>, stdoutIsTTY = true) {
    let out = '';
    let err = '';
    const code = await main(['simulate', wallFile, '--teams', '2'], {
      stdout: {
        write: (s: string, done: () => void) => {
          out += s;
          done();
        },
        isTTY: stdoutIsTTY,
      },
      stderr: { write: (s: string) => (err += s), isTTY: true },
      stdin: [],
      env,
    });
    return { code, out, err };
  }

  it('draws one progress bar on a terminal stderr, reading then building, and clears it', async () => {
    const { code, err } = await tty({});
    expect(code).toBe(0);
    expect(err).toContain('\r[');
    expect(err).toContain('% reading\u001b[K');
    expect(err).toContain('] 100% building\u001b[K');
    expect(err.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('uses bold headings on a terminal unless NO_COLOR is set', async () => {
    expect((await tty({})).out).toContain('\u001b[1mdays\u001b[22m');
    expect((await tty({ NO_COLOR: '1' })).out).not.toContain('\u001b[');
  });

  it('writes no bold codes when standard output is a file or pipe, even with a terminal stderr', async () => {
    // `icewall simulate wall.txt > out.txt` typed at a terminal: the file gets plain text.
    const { code, out, err } = await tty({}, false);
    expect(code).toBe(0);
    expect(out).toContain('days        48\n');
    expect(out).not.toContain('\u001b[');
    expect(err).toContain('% reading'); // the bar still goes to the terminal
  });
});

describe('icewall serve', () => {
  function startServe(args: string[]) {
    const child = spawn(bin, ['serve', ...args, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const url = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /on (http:\/\/[^ ]+\/)\n/.exec(out);
        if (m) resolve(m[1] as string);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
    });
    const exit = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    return { child, url, exit, output: () => out };
  }

  it('serves the answers and closes gracefully on SIGTERM, finishing in-flight requests', async () => {
    const big = join(dir, 'serve-wall.txt');
    writeFileSync(
      big,
      Array.from({ length: 100 }, () => Array(2000).fill('3').join(' ')).join('\n'),
    );
    const logPath = join(dir, 'serve.log');
    const s = startServe([big, '--teams', '50', '--log', logPath]);
    const url = await s.url;
    const overview = await (await fetch(`${url}profiles/overview/`)).json();
    expect(overview).toEqual({ day: null, cost: 200_000 * 27 * 195 * 1900 });
    const inFlight = await fetch(`${url}log`);
    expect(inFlight.status).toBe(200);
    s.child.kill('SIGTERM');
    const body = await inFlight.text();
    expect(body).toBe(readFileSync(logPath, 'utf8'));
    expect(body.length).toBeGreaterThan(5_000_000);
    expect(await s.exit).toBe(0);
    expect(s.output()).toContain('server closed');
  });

  it('SIGINT also exits 0; a busy port is a one-line error with exit 2', async () => {
    const s = startServe([wallFile]);
    const url = await s.url;
    const port = new URL(url).port;
    const second = spawnSync(bin, ['serve', wallFile, '--port', port], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(second.status).toBe(2);
    expect(second.stderr).toMatch(/^icewall: cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
    s.child.kill('SIGINT');
    expect(await s.exit).toBe(0);
  });

  it('rejects a bad port', async () => {
    const { code, err } = await runMain(['serve', '--port', '70000']);
    expect(code).toBe(2);
    expect(err).toBe('icewall: --port must be a whole number from 0 to 65535, got "70000"\n');
  });
});
