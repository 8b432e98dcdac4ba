// Issue 19 #12: attachJsonLines on a slow stream. An asynchronous run
// (runParallel, engine.run) waits while the stream's buffer is full, so the
// sink holds about one batch of events; it used to queue every event (19.6
// MB on a stream with a 1 KiB high-water mark).
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  closeSync,
  constants,
  createWriteStream,
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
import { createEngine, runParallel } from '../../src/engine/index.js';
import { Simulation } from '../../src/index.js';
import { attachConsole, attachJsonLines, attachLogFile } from '../../src/sinks/index.js';
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

/**
 * Runs `sim` with `runParallel`, aborts it once `moment` has come (a
 * delay, a stream that stalled), and checks that the run rejects with the
 * abort's reason.
 */
async function abortedRun(sim: Simulation, moment: () => Promise<unknown>): Promise<void> {
  const controller = new AbortController();
  const run = runParallel(sim, { signal: controller.signal });
  await moment();
  controller.abort(new Error('enough'));
  await expect(run).rejects.toThrow('enough');
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

describe('a sink whose stream fails does not hold an asynchronous run', () => {
  const wall = () => randomWall({ seed: 4, profiles: 10, sections: 2000 });

  it('a stream that errors without being destroyed (standard output after EPIPE): the run ends, close() says why', async () => {
    let writes = 0;
    const stream = new Writable({
      highWaterMark: 1024,
      autoDestroy: false,
      write(_chunk, _encoding, done) {
        writes++;
        // Fails while full: it never drains. Before the fix the run waited for 'drain' for ever.
        setImmediate(() => done(writes === 5 ? new Error('gone') : null));
      },
    });
    const sim = new Simulation(wall(), { teams: 50 });
    const sink = attachJsonLines(sim, stream);
    expect((await runParallel(sim)).days).toBeGreaterThan(0);
    await expect(sink.close()).rejects.toThrow('cannot write to the JSON lines stream: gone');
    expect(stream.destroyed).toBe(false);
  });

  it.each([['runParallel'], ['sim.run()']])(
    'a stream whose write throws (%s): the run ends, close() rejects with ERR_IO, nothing escapes',
    async (mode) => {
      let writes = 0;
      const stream = new Writable({
        highWaterMark: 1024,
        // It throws inside stream.write() (a throw from a later, buffered
        // write would come from Node's stream internals: nobody can catch it).
        write(_chunk, _encoding, done) {
          if (++writes === 3) throw new Error('thrown by write');
          done();
        },
      });
      const sim = new Simulation(wall(), { teams: 50 });
      const sink = attachJsonLines(sim, stream);
      const result = mode === 'runParallel' ? await runParallel(sim) : sim.run();
      expect(result.days).toBeGreaterThan(0);
      // Before the fix close() waited for a callback that never came (sim.run()),
      // and runParallel let the throw escape as an uncaught exception.
      await expect(sink.close()).rejects.toMatchObject({
        code: 'ERR_IO',
        message: 'cannot write to the JSON lines stream: thrown by write',
      });
    },
  );

  it('a log on a FIFO whose reader never reads: after an aborted run, close() settles at once', async () => {
    const fifo = join(dir, 'stalled');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const readEnd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const sim = new Simulation(randomWall({ seed: 2, profiles: 20, sections: 2000 }), {
        teams: 50,
      });
      const log = attachLogFile(sim, fifo, { verbose: true });
      await abortedRun(sim, () => sleep(200));
      // The log of an unfinished run is dropped where the reader has not
      // taken it; before, close() waited for the reader (here: for ever).
      await log.close();
    } finally {
      closeSync(readEnd);
    }
  });
});

describe('close() of a stream sink never waits on a stream that will not answer', () => {
  /** A stream that takes two chunks, then never calls back again (a peer that stopped reading). */
  function stalled() {
    let writes = 0;
    let stuck = () => {};
    const stalledNow = new Promise<void>((resolve) => {
      stuck = resolve;
    });
    const stream = new Writable({
      highWaterMark: 1024,
      write(_chunk, _encoding, done) {
        if (++writes <= 2) setImmediate(done);
        else stuck();
      },
    });
    // Settles once a write is pending for good (the run waits on it).
    return Object.assign(stream, { stalledNow });
  }
  const wall = () => randomWall({ seed: 5, profiles: 100, sections: 2000 });

  it.each([['attachJsonLines'], ['attachConsole']])(
    '%s: after an aborted run, close() settles at once (the lines handed over stay the stream’s)',
    async (sinkName) => {
      const stream = stalled();
      const sim = new Simulation(wall(), { teams: 50 });
      const sink =
        sinkName === 'attachJsonLines' ? attachJsonLines(sim, stream) : attachConsole(sim, stream);
      await abortedRun(sim, () => stream.stalledNow);
      // Before the fix: close() waited for the stalled write for ever.
      await sink.close();
      stream.destroy();
    },
  );

  it('a stream destroyed with a write pending: close() rejects with its error', async () => {
    const stream = stalled();
    const sim = new Simulation(wall(), { teams: 50 });
    const sink = attachJsonLines(sim, stream);
    const run = runParallel(sim);
    await stream.stalledNow;
    stream.destroy(new Error('gone'));
    await run;
    // Before the fix: close() waited for a callback a destroyed stream never makes.
    await expect(sink.close()).rejects.toThrow('cannot write to the JSON lines stream: gone');
  });
});

describe('one run of a Simulation at a time, whatever the kind', () => {
  it('sim.run() from a listener, or while runParallel runs it, is refused', async () => {
    const sim = new Simulation(randomWall({ seed: 6, profiles: 20, sections: 500 }), { teams: 9 });
    const refusals: string[] = [];
    let tried = false;
    const once = () => {
      if (tried) return;
      tried = true;
      try {
        sim.run();
      } catch (error) {
        refusals.push((error as Error).message);
      }
    };
    sim.on('dayCompleted', once);
    sim.run();
    tried = false;
    await runParallel(sim);
    // Before the fix both inner runs went ahead: the emitter got two runs'
    // events interleaved (a log had both, spliced) and 'finished' twice.
    const message =
      'this Simulation is already running (sim.run(), runParallel or engine.run); wait for that run, or make another Simulation';
    expect(refusals).toEqual([message, message]);
    // Once a run is over, the next one goes ahead.
    sim.off('dayCompleted', once);
    expect(sim.run().days).toBeGreaterThan(0);
  });
});

describe('a stream destroyed with an error: close() names that error', () => {
  it.each([['during'], ['after']])('destroyed %s the run', async (when) => {
    const stream = new Writable({
      write(_chunk, _encoding, done) {
        setImmediate(done);
      },
    });
    const sim = new Simulation(randomWall({ seed: 7, profiles: 50, sections: 2000 }), {
      teams: 50,
    });
    const sink = attachJsonLines(sim, stream);
    if (when === 'during') {
      sim.once('dayCompleted', () => stream.destroy(new Error('mid')));
      await runParallel(sim);
    } else {
      await runParallel(sim);
      stream.destroy(new Error('after'));
    }
    // Before: "the stream was closed before the sink" (during), or close()
    // resolved and the stream's pending 'error' crashed the process (after).
    await expect(sink.close()).rejects.toThrow(
      `cannot write to the JSON lines stream: ${when === 'during' ? 'mid' : 'after'}`,
    );
  });
});

describe('attachLogFile on a FIFO whose reader opens it and leaves', () => {
  it('never blocks the thread: the FIFO is opened once, without blocking', () => {
    // In a child process, bounded: before the fix a second, blocking open
    // after the probe waited for ever when the reader left in between
    // (about 1 attach in 5), and no signal could end it.
    const fifo = join(dir, 'leaving');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const sinks = new URL('../../src/sinks/index.ts', import.meta.url).href;
    const core = new URL('../../src/index.ts', import.meta.url).href;
    const script = `
      import { spawn } from 'node:child_process';
      import { setTimeout as sleep } from 'node:timers/promises';
      const { attachLogFile } = await import(${JSON.stringify(sinks)});
      const { parseWall, Simulation } = await import(${JSON.stringify(core)});
      const outcomes = new Set();
      for (let i = 0; i < 100; i++) {
        const reader = spawn('sh', ['-c', ': < ' + ${JSON.stringify(fifo)}]);
        await sleep(10);
        const sim = new Simulation(parseWall('21 25 28\\n17\\n'), { teams: 2 });
        const log = attachLogFile(sim, ${JSON.stringify(fifo)});
        sim.run();
        await log.close().then(() => outcomes.add('ok'), (e) => outcomes.add(e.code));
        reader.kill();
      }
      console.log([...outcomes].sort().join(','));`;
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe('');
    // Each attach settled: written (the reader was there), or ERR_IO.
    expect(r.stdout.trim()).toMatch(/^(ERR_IO|ERR_IO,ok|ok)$/);
  });
});

describe('a run held by a sink that never drains can always be ended', () => {
  /** A stream that takes nothing: its first write is never called back. */
  const deaf = () =>
    new Writable({
      highWaterMark: 1024,
      write() {},
    });
  const wall = () => randomWall({ seed: 8, profiles: 3, sections: 100 });

  it('engine.close() rejects it with ERR_WORKER, and the Simulation runs again', async () => {
    const engine = createEngine({ threads: 1 });
    const sim = new Simulation(wall(), { teams: 50 });
    const sink = attachJsonLines(sim, deaf());
    const run = engine.run(sim).then(
      () => 'resolved',
      (error: unknown) => error,
    );
    // The worker has sent every event of this small run: before the fix no
    // task was left for close() to reject, the run stayed pending and the
    // Simulation "running" for ever.
    await sleep(300);
    await engine.close();
    expect(await run).toMatchObject({ code: 'ERR_WORKER' });
    sink.close().catch(() => {});
    expect(new Simulation(wall(), { teams: 50 }).run().days).toBe(sim.run().days);
  });

  it('closing the sink lets the run go on without it', async () => {
    const sim = new Simulation(wall(), { teams: 50 });
    const sink = attachJsonLines(sim, deaf());
    const run = runParallel(sim);
    await sleep(300);
    void sink.close().catch(() => {});
    expect((await run).days).toBe(new Simulation(wall(), { teams: 50 }).run().days);
  });
});

describe('close() judges by the latest run, not by an earlier one that finished', () => {
  it('a run that finished, then one aborted on a stream that stopped: close() settles', async () => {
    let taking = true;
    const stream = new Writable({
      highWaterMark: 1024,
      write(_chunk, _encoding, done) {
        if (taking) setImmediate(done);
      },
    });
    const sim = new Simulation(randomWall({ seed: 10, profiles: 100, sections: 200 }), {
      teams: 50,
    });
    const sink = attachJsonLines(sim, stream);
    await runParallel(sim);
    taking = false;
    await abortedRun(sim, () => sleep(300));
    // Before the fix the first run's `finished` made close() wait for the
    // stalled stream's writes, for ever.
    await sink.close();
    stream.destroy();
  });
});

describe('a stream ended while a run waits for it to drain', () => {
  // An ended stream never drains, and with emitClose: false (or
  // autoDestroy: false) it never closes either: the run waited for ever.
  it.each([[{ emitClose: false }], [{ autoDestroy: false }]])(
    '%j: the run ends, close() says the stream was ended',
    async (options) => {
      const stream = new Writable({
        highWaterMark: 1,
        ...options,
        write(_chunk, _encoding, done) {
          setTimeout(done, 1);
        },
      });
      const wall = randomWall({ seed: 11, profiles: 5, sections: 20000 });
      const sim = new Simulation(wall, { teams: 50 });
      const sink = attachJsonLines(sim, stream);
      setTimeout(() => stream.end(), 100);
      const result = await runParallel(sim);
      expect(result.days).toBe(new Simulation(wall, { teams: 50 }).run().days);
      await expect(sink.close()).rejects.toMatchObject({
        code: 'ERR_IO',
        message: expect.stringContaining('ended or destroyed'),
      });
    },
  );
});

/**
 * Attaches a JSON-lines sink on `stream` to a teams run, aborts the run
 * after 200 ms (its stream is stalled), and closes the sink.
 */
async function closedAfterAbort(stream: Writable, seed: number): Promise<void> {
  const sim = new Simulation(randomWall({ seed, profiles: 50, sections: 200 }), { teams: 50 });
  const sink = attachJsonLines(sim, stream);
  await abortedRun(sim, () => sleep(200));
  await sink.close();
}

describe("stream sinks let go of the stream's 'error' event once closed", () => {
  // Standard output after EPIPE kept one listener per closed sink: a server
  // that logs each run to it piled them up (MaxListenersExceededWarning).
  it('15 sinks closed one after another on a stream that failed, and on a healthy one', async () => {
    const wall = randomWall({ seed: 12, profiles: 4, sections: 300 });
    const failed = new Writable({
      autoDestroy: false,
      write(_chunk, _encoding, done) {
        done(new Error('EPIPE, say'));
      },
    });
    failed.on('error', () => {});
    const healthy = new Writable({
      write(_chunk, _encoding, done) {
        setImmediate(done);
      },
    });
    const before = [failed.listenerCount('error'), healthy.listenerCount('error')];
    for (let i = 0; i < 15; i++) {
      const sim = new Simulation(wall, { teams: 2 });
      const sinks = [attachConsole(sim, failed), attachJsonLines(sim, healthy)];
      if (i % 2 === 0) sim.run();
      else await runParallel(sim);
      await expect(sinks[0]?.close()).rejects.toMatchObject({ code: 'ERR_IO' });
      await sinks[1]?.close();
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect([failed.listenerCount('error'), healthy.listenerCount('error')]).toEqual(before);
  });

  it("a file stream whose writes fail (/dev/full): close() rejects, and the stream's late 'error' is still heard", async () => {
    // Node calls a failed write back first, and a file stream emits 'error'
    // only once its descriptor is closed on the thread pool: the listener
    // went in between and the 'error' crashed the process.
    const stream = createWriteStream('/dev/full');
    const sim = new Simulation(randomWall({ seed: 14, profiles: 20, sections: 2000 }), {
      teams: 50,
    });
    const sink = attachJsonLines(sim, stream);
    sim.run();
    await expect(sink.close()).rejects.toMatchObject({
      code: 'ERR_IO',
      message: expect.stringContaining('ENOSPC'),
    });
    // (events.once would reject on the 'error' this test wants the sink to hear.)
    await new Promise<void>((resolve) => stream.on('close', () => resolve()));
    await sleep(20);
    expect(stream.listenerCount('error')).toBe(0);
  });

  it('a write that fails after close() on a stream destroyed asynchronously: heard, then the listener goes', async () => {
    let fail = (_error: Error) => {};
    const stream = new Writable({
      highWaterMark: 1024,
      write(_chunk, _encoding, done) {
        fail = done;
      },
      destroy(error, done) {
        setTimeout(() => done(error), 30);
      },
    });
    await closedAfterAbort(stream, 15);
    fail(new Error('EPIPE later'));
    await sleep(10);
    // The 'error' is 20 ms away: the sink still listens.
    expect(stream.listenerCount('error')).toBe(1);
    // (events.once would reject on the 'error' this test wants the sink to hear.)
    await new Promise<void>((resolve) => stream.on('close', () => resolve()));
    await sleep(10);
    expect(stream.listenerCount('error')).toBe(0);
  });

  it.each([
    ['ended', (out: Writable) => out.end()],
    ['given an error by hand', (out: Writable) => out.emit('error', new Error('by hand'))],
  ])(
    'a file stream %s mid-run with a write of the sink in flight that then fails: no crash',
    async (_how, act) => {
      // The sink had a failure already (the end, the hand-made error), so
      // the failing write's 'error', which a file stream emits after
      // closing its descriptor, was not waited for: the process crashed.
      const out = createWriteStream('/dev/full');
      const sim = new Simulation(randomWall({ seed: 16, profiles: 300, sections: 15 }), {
        teams: 3,
      });
      const sink = attachJsonLines(sim, out);
      let acted = false;
      sim.on('dayCompleted', () => {
        if (!acted && out.writableLength > 0) {
          acted = true;
          act(out);
        }
      });
      sim.run();
      expect(acted).toBe(true);
      await expect(sink.close()).rejects.toMatchObject({ code: 'ERR_IO' });
      await new Promise<void>((resolve) => out.on('close', () => resolve()));
      await sleep(20);
      expect(out.listenerCount('error')).toBe(0);
    },
  );

  it('after an aborted run, the listener stays while a write is in flight, then goes', async () => {
    let release = () => {};
    const stream = new Writable({
      highWaterMark: 1024,
      write(_chunk, _encoding, done) {
        release = () => done(new Error('late failure'));
      },
    });
    await closedAfterAbort(stream, 13);
    const during = stream.listenerCount('error');
    // The write fails after close(): heard by the sink, not an uncaught 'error'.
    release();
    await sleep(20);
    expect(during).toBe(1);
    expect(stream.listenerCount('error')).toBe(0);
  });
});
