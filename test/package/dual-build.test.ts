// A program that loads both builds (ESM `import` and CommonJS `require`,
// say a CJS dependency of an ESM app) has two copies of every module. The
// rules kept per process must hold across them: one run of a Simulation at
// a time, a sink's back-pressure, and close() judging by the latest run.
// Each build had its own registry, so mixing them lost all three.
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';

const dist = new URL('../../dist/', import.meta.url);
const require = createRequire(import.meta.url);
type Root = typeof import('../../src/index.js');
type Engine = typeof import('../../src/engine/index.js');
type Sinks = typeof import('../../src/sinks/index.js');
type Testing = typeof import('../../src/testing/index.js');

const esm = {
  root: (await import(new URL('index.js', dist).href)) as Root,
  engine: (await import(new URL('engine.js', dist).href)) as Engine,
  sinks: (await import(new URL('sinks.js', dist).href)) as Sinks,
};
const cjs = {
  engine: require(new URL('engine.cjs', dist).pathname) as Engine,
  sinks: require(new URL('sinks.cjs', dist).pathname) as Sinks,
};
const { randomWall } = (await import(new URL('testing.js', dist).href)) as Testing;

describe('the ESM and CommonJS builds in one process', () => {
  it('isWall tells a wall of either build (instanceof only its own)', () => {
    const cjsRoot = require(new URL('index.cjs', dist).pathname) as Root;
    const wall = esm.root.parseWall('1 2\n');
    expect(cjsRoot.isWall(wall)).toBe(true);
    expect(wall instanceof cjsRoot.Wall).toBe(false);
    expect(cjsRoot.isWall({ heights: new Uint8Array(1) })).toBe(false);
  });

  it('a Simulation of one build, run by the other: sim.run() from a listener is refused', async () => {
    const sim = new esm.root.Simulation(randomWall({ seed: 1, profiles: 50, sections: 200 }), {
      teams: 50,
    });
    let nested: unknown = 'not tried';
    const days: number[] = [];
    sim.on('dayCompleted', (e) => {
      days.push(e.day);
      if (e.day === 3) {
        try {
          sim.run();
          nested = 'ran';
        } catch (error) {
          nested = error;
        }
      }
    });
    await cjs.engine.runParallel(sim);
    expect(nested).toMatchObject({ code: 'ERR_INVALID_OPTION' });
    expect(days.every((d, i) => i === 0 || d > (days[i - 1] as number))).toBe(true);
  });

  it("a sink of one build holds back the other build's run: the stream's buffer stays small", async () => {
    let most = 0;
    const stream = new Writable({
      highWaterMark: 1024,
      write(_chunk, _encoding, done) {
        most = Math.max(most, stream.writableLength);
        setImmediate(done);
      },
    });
    const sim = new esm.root.Simulation(randomWall({ seed: 2, profiles: 100, sections: 500 }), {
      teams: 1000,
    });
    const sink = cjs.sinks.attachJsonLines(sim, stream);
    await esm.engine.runParallel(sim);
    await sink.close();
    // Within one build the bound is about one batch (~320 KB at the
    // default batchSize); across builds it queued every line (13 MB).
    expect(most).toBeLessThan(1 << 20);
  });

  it('close() of a sink of one build judges by the latest run of the other', async () => {
    let taking = true;
    const stream = new Writable({
      highWaterMark: 1024,
      write(_chunk, _encoding, done) {
        if (taking) setImmediate(done);
      },
    });
    const sim = new esm.root.Simulation(randomWall({ seed: 3, profiles: 100, sections: 200 }), {
      teams: 50,
    });
    const sink = cjs.sinks.attachJsonLines(sim, stream);
    sim.run();
    taking = false;
    const controller = new AbortController();
    const second = esm.engine.runParallel(sim, { signal: controller.signal });
    await sleep(200);
    controller.abort(new Error('enough'));
    await expect(second).rejects.toThrow('enough');
    // It waited for ever for the stalled stream: the sink's build never saw the second run start.
    await sink.close();
    stream.destroy();
  });
});
