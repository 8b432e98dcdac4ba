// Issue 19 #12: attachJsonLines on a slow stream. An asynchronous run
// (runParallel, engine.run) waits while the stream's buffer is full, so the
// sink holds about one batch of events; it used to queue every event (19.6
// MB on a stream with a 1 KiB high-water mark).
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runParallel } from '../../src/engine/index.js';
import { Simulation } from '../../src/index.js';
import { attachJsonLines } from '../../src/sinks/index.js';
import { randomWall } from '../../src/testing/index.js';

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
