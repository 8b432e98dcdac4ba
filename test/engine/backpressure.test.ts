// Issue 19 #12: attachJsonLines on a slow stream. An asynchronous run
// (runParallel, engine.run) waits while the stream's buffer is full, so the
// sink holds about one batch of events; it used to queue every event (19.6
// MB on a stream with a 1 KiB high-water mark).
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  closeSync,
  constants,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { runParallel } from '../../src/engine/index.js';
import { Simulation } from '../../src/index.js';
import { attachJsonLines, attachLogFile } from '../../src/sinks/index.js';
import { randomWall } from '../../src/testing/index.js';

const dir = mkdtempSync(join(tmpdir(), 'icewall-backpressure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stream that takes one chunk a turn of the event loop, and remembers its largest buffer. */
function slowStream() {
  let lines = 0;
  let most = 0;
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      most = Math.max(most, stream.writableLength);
      for (const byte of chunk) if (byte === 10) lines++;
      setImmediate(done);
    },
  });
  return { stream, lines: () => lines, most: () => most };
}

describe('attachJsonLines and a slow stream', () => {
  it('runParallel waits for it: the buffer stays about a batch, every line arrives', async () => {
    const wall = randomWall({ seed: 3, profiles: 100, sections: 500 });
    const sim = new Simulation(wall, { teams: 1000 });
    const out = slowStream();
    const sink = attachJsonLines(sim, out.stream);
    let events = 0;
    const count = () => events++;
    for (const name of [
      'teamAssigned',
      'sectionCompleted',
      'teamRelieved',
      'dayCompleted',
      'progress',
      'finished',
    ] as const) {
      sim.on(name, count);
    }
    await runParallel(sim, { batchSize: 1024 });
    await sink.close();
    expect(out.lines()).toBe(events);
    expect(events).toBeGreaterThan(80_000);
    // Measured: 64 KB with the wait (one chunk of lines), 900 KB without.
    expect(out.most()).toBeLessThan(256 * 1024);
  });
});

/**
 * A process that reads the FIFO whose read end is `fd` (opened here without
 * blocking), but only after `delayMs`; it creates `marker` when it starts
 * reading and writes what it read to `out`.
 */
function lateReader(fd: number, delayMs: number, marker: string, out: string) {
  const script = `
    const fs = require('node:fs');
    const nap = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    nap(${delayMs});
    fs.writeFileSync(${JSON.stringify(marker)}, '');
    const chunks = [];
    const buffer = Buffer.alloc(1 << 16);
    for (;;) {
      let n;
      try { n = fs.readSync(0, buffer); } catch (e) { if (e.code !== 'EAGAIN') throw e; nap(1); continue; }
      if (n === 0) break;
      chunks.push(Buffer.from(buffer.subarray(0, n)));
    }
    fs.writeFileSync(${JSON.stringify(out)}, Buffer.concat(chunks));`;
  return spawn(process.execPath, ['-e', script], { stdio: [fd, 'ignore', 'inherit'] });
}

describe('attachLogFile on a FIFO and an asynchronous run', () => {
  it('this thread stays free while the reader does not read, the run waits for it, every line arrives', async () => {
    const wall = randomWall({ seed: 2, profiles: 20, sections: 2000 });
    // The same run's log, written synchronously to a regular file.
    const expected = join(dir, 'expected.log');
    const plain = new Simulation(wall, { teams: 50 });
    const plainLog = attachLogFile(plain, expected, { verbose: true });
    const days = plain.run().days;
    await plainLog.close();
    expect(readFileSync(expected).length).toBeGreaterThan(1 << 20); // far more than a pipe holds

    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const readEnd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const marker = join(dir, 'reading');
    const out = join(dir, 'read.log');
    const reader = lateReader(readEnd, 2000, marker, out);
    const sim = new Simulation(wall, { teams: 50 });
    const log = attachLogFile(sim, fifo, { verbose: true });
    closeSync(readEnd); // the reader has its own copy
    let settled = false;
    const run = runParallel(sim).finally(() => {
      settled = true;
    });
    await sleep(200);
    // Before the fix this timer fired only once the reader had started:
    // the 64 KiB pipe was full, and writeSync held this thread.
    expect(existsSync(marker)).toBe(false);
    // The run waits for the reader: its log does not pile up in memory.
    expect(settled).toBe(false);
    expect((await run).days).toBe(days);
    await log.close();
    const [code] = (await once(reader, 'exit')) as [number];
    expect(code).toBe(0);
    expect(readFileSync(out).equals(readFileSync(expected))).toBe(true);
  });
});
