import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  closeSync,
  constants,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { isIcewallError, parseWall, SIMULATION_EVENT_NAMES, Simulation } from '../../src/index.js';
import { attachConsole, attachJsonLines, attachLogFile } from '../../src/sinks/index.js';
import { randomWall } from '../../src/testing/index.js';

const dir = mkdtempSync(join(tmpdir(), 'icewall-sinks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const example = () => parseWall('21 25 28\n17\n17 22 17 19 17\n');

describe('attachLogFile', () => {
  it('writes the SPEC §7 lines, byte for byte', async () => {
    const path = join(dir, 'two-teams.log');
    const sim = new Simulation(example(), { teams: 2 });
    const log = attachLogFile(sim, path);
    sim.run();
    await log.close();
    expect(readFileSync(path, 'utf8')).toBe(
      [
        'day 5: team 2 completed profile 1 section 2',
        'day 7: team 2 completed profile 1 section 3',
        'day 9: team 1 completed profile 1 section 1',
        'day 20: team 2 completed profile 2 section 1',
        'day 22: team 1 completed profile 3 section 1',
        'day 28: team 2 completed profile 3 section 2',
        'day 35: team 1 completed profile 3 section 3',
        'day 39: team 2 completed profile 3 section 4',
        'day 39: team 2 relieved',
        'day 48: team 1 completed profile 3 section 5',
        'day 48: team 1 relieved',
        '',
      ].join('\n'),
    );
  });

  it('matches the event stream line by line on a larger run (many chunks)', async () => {
    const path = join(dir, 'large.log');
    const sim = new Simulation(randomWall({ seed: 5, profiles: 50, sections: 2000 }), {
      teams: 300,
    });
    const expected: string[] = [];
    sim.on('sectionCompleted', (e) =>
      expected.push(
        `day ${e.day}: team ${e.team} completed profile ${e.profile} section ${e.section}`,
      ),
    );
    sim.on('teamRelieved', (e) => expected.push(`day ${e.day}: team ${e.team} relieved`));
    const log = attachLogFile(sim, path);
    sim.run();
    await log.close();
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBeGreaterThan(80_000);
    expect(lines).toEqual(expected);
  });

  it("verbose adds one line per team per working day, before the day's completions", async () => {
    const path = join(dir, 'verbose.log');
    const sim = new Simulation(parseWall('28 29'), { teams: 1 });
    const log = attachLogFile(sim, path, { verbose: true });
    sim.run();
    await log.close();
    expect(readFileSync(path, 'utf8').split('\n')).toEqual([
      'day 1: team 1 raised profile 1 section 1 to 29 ft',
      'day 2: team 1 raised profile 1 section 1 to 30 ft',
      'day 2: team 1 completed profile 1 section 1',
      'day 3: team 1 raised profile 1 section 2 to 30 ft',
      'day 3: team 1 completed profile 1 section 2',
      'day 3: team 1 relieved',
      '',
    ]);
  });

  it('a folder that does not exist: the run goes on, close() rejects naming the path', async () => {
    const path = join(dir, 'missing', 'x.log');
    const sim = new Simulation(example(), { teams: 2 });
    const log = attachLogFile(sim, path);
    expect(sim.run().days).toBe(48);
    const error = await log.close().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isIcewallError(error)).toBe(true);
    expect((error as Error).message).toMatch(new RegExp(`^cannot open ${path}: ENOENT`));
    expect(existsSync(path)).toBe(false);
  });

  it('a FIFO that no process reads: refused at once (a blocking open would hang the thread)', async () => {
    const path = join(dir, 'no-reader');
    expect(spawnSync('mkfifo', [path]).status).toBe(0);
    const sim = new Simulation(example(), { teams: 2 });
    const log = attachLogFile(sim, path);
    expect(sim.run().days).toBe(48);
    await expect(log.close()).rejects.toThrow(
      `cannot open ${path}: it is a FIFO that no process reads (start the reader first)`,
    );
  });

  it("a descriptor of this process's own (/dev/fd/N): its internal pipes and event queues are refused, never written", () => {
    // Node's own pipes (a reader on this very thread, which a full pipe
    // blocked for ever: a signal could not even get through) and anonymous
    // files such as its event queue. Checked in a process of its own, whose
    // descriptors 3-9 are Node's, bounded in time.
    const dist = new URL('../../dist/', import.meta.url).href;
    const script = `
      import { readlinkSync } from 'node:fs';
      const { parseWall, Simulation } = await import('${dist}index.js');
      const { attachLogFile } = await import('${dist}sinks.js');
      const seen = [];
      for (let fd = 3; fd <= 9; fd++) {
        let link;
        try { link = readlinkSync('/proc/self/fd/' + fd); } catch { continue; }
        const sim = new Simulation(parseWall('21 25 28\\n17\\n'), { teams: 2 });
        const log = attachLogFile(sim, '/dev/fd/' + fd);
        sim.run();
        const error = await log.close().then(() => null, (e) => e);
        seen.push({ link: link.replace(/[:[].*/, ''), code: error?.code, message: error?.message });
      }
      console.log(JSON.stringify(seen));
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(child.status, child.stderr).toBe(0);
    const seen = JSON.parse(child.stdout) as { link: string; code: string; message: string }[];
    expect(seen.some((s) => s.link === 'pipe')).toBe(true);
    expect(seen.some((s) => s.link === 'anon_inode')).toBe(true);
    for (const s of seen) {
      expect(s.code).toBe('ERR_IO');
      expect(s.message).toMatch(
        s.link === 'pipe'
          ? /^cannot open \/dev\/fd\/\d: it is a pipe that this process reads$/
          : /^cannot open \/dev\/fd\/\d: it is not a file, a FIFO or a device$/,
      );
    }
  });

  it('a FIFO with a reader gets every line', async () => {
    const path = join(dir, 'read');
    expect(spawnSync('mkfifo', [path]).status).toBe(0);
    // The read end, opened without blocking; the log (a few KB) fits in the pipe.
    const reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const sim = new Simulation(example(), { teams: 2 });
      const log = attachLogFile(sim, path);
      sim.run();
      await log.close();
      const buffer = Buffer.alloc(1 << 16);
      const text = buffer.toString('utf8', 0, readSync(reader, buffer));
      expect(text).toMatch(/^day 5: team 2 completed profile 1 section 2\n/);
      expect(text).toMatch(/day 48: team 1 relieved\n$/);
    } finally {
      closeSync(reader);
    }
  });

  it('a full disk (/dev/full): close() rejects with the cause', async () => {
    const sim = new Simulation(randomWall({ seed: 2, profiles: 20, sections: 2000 }), {
      teams: 50,
    });
    const log = attachLogFile(sim, '/dev/full');
    sim.run();
    await expect(log.close()).rejects.toThrow(/^cannot write \/dev\/full: ENOSPC/);
  });
});

describe('attachJsonLines', () => {
  it('writes one JSON object per event, in event order', async () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    const sim = new Simulation(example(), { teams: 2 });
    const events: unknown[] = [];
    const sink = attachJsonLines(sim, stream);
    for (const name of SIMULATION_EVENT_NAMES)
      sim.on(name, (e: object) => events.push({ event: name, ...e }));
    sim.run();
    await sink.close();
    const lines = Buffer.concat(chunks).toString().trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(events);
    expect(lines[0]).toBe('{"event":"teamAssigned","day":1,"team":1,"profile":1,"section":1}');
    expect(JSON.parse(lines.at(-1) as string)).toEqual({
      event: 'finished',
      days: 48,
      ice: 16965,
      cost: 32233500,
    });
  });

  it('close() rejects when the stream fails', async () => {
    const stream = new PassThrough();
    const sim = new Simulation(example());
    const sink = attachJsonLines(sim, stream);
    stream.destroy(new Error('pipe closed'));
    sim.run();
    await expect(sink.close()).rejects.toThrow(/cannot write to the JSON lines stream/);
  });
});

describe('attachConsole', () => {
  it('prints readable lines and the totals', async () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (c: Buffer) => {
      text += c.toString();
    });
    const sim = new Simulation(example(), { teams: 2 });
    const sink = attachConsole(sim, stream, { assignments: true });
    sim.run();
    await sink.close();
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('day 1: team 1 took profile 1 section 1');
    expect(lines).toContain('day 5: team 2 completed profile 1 section 2');
    expect(lines).toContain('day 5: 390 cubic yards, 741,000 Gold Dragons (so far 3,705,000)');
    expect(lines.at(-1)).toBe('finished in 48 days: 16,965 cubic yards, 32,233,500 Gold Dragons');
  });

  it('detaches on close(): later runs print nothing more', async () => {
    const stream = new PassThrough();
    let n = 0;
    stream.on('data', () => n++);
    const sim = new Simulation(example());
    const sink = attachConsole(sim, stream);
    await sink.close();
    sim.run();
    expect(sim.listenerCount('finished')).toBe(0);
    expect(n).toBe(0);
  });
});

describe('sinks are complete when the run ends and survive a closed pipe (issue 9, items 6 and 7)', () => {
  it('attachLogFile: the file is complete after run(), before close()', async () => {
    const path = join(dir, 'no-close.log');
    const sim = new Simulation(example(), { teams: 2 });
    const log = attachLogFile(sim, path);
    sim.run();
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(12);
    await log.close();
    const verbose = join(dir, 'no-close-verbose.log');
    attachLogFile(sim, verbose, { verbose: true });
    sim.run();
    expect(readFileSync(verbose, 'utf8')).toContain('day 48: team 1 relieved\n');
  });

  it('attachJsonLines and attachConsole hand their last lines over on finished', async () => {
    const json = new PassThrough();
    const text = new PassThrough();
    const sim = new Simulation(example(), { teams: 2 });
    attachJsonLines(sim, json);
    attachConsole(sim, text);
    sim.run();
    expect(String(json.read())).toMatch(/"event":"finished".*\n$/);
    expect(String(text.read())).toMatch(/^finished in 48 days: .*\n$/m);
  });

  it.each([
    ['attachConsole', (sim: Simulation, stream: Writable) => attachConsole(sim, stream)],
    ['attachJsonLines', (sim: Simulation, stream: Writable) => attachJsonLines(sim, stream)],
  ] as const)(
    '%s: EPIPE from a real pipe does not crash; close() reports it',
    async (_, attach) => {
      // A child that closes its end of the pipe: writing to its stdin then fails with EPIPE.
      const child = spawn(
        process.execPath,
        ['-e', "require('fs').closeSync(0); console.log('closed'); setTimeout(() => {}, 5000)"],
        { stdio: ['pipe', 'pipe', 'ignore'] },
      );
      await once(child.stdout, 'data');
      const sim = new Simulation(randomWall({ seed: 2, profiles: 20, sections: 200 }), {
        teams: 50,
      });
      const sink = attach(sim, child.stdin);
      sim.run();
      sim.run();
      await expect(sink.close()).rejects.toThrow(
        /^cannot write to the (console|JSON lines) stream: .*EPIPE/,
      );
      await new Promise((resolve) => setImmediate(resolve));
      child.kill();
    },
  );
});
