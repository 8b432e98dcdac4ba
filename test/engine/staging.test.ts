// The engine's staging buffer: bytes not in shared memory are copied into
// one buffer the engine keeps between calls (a copy into fresh pages costs
// more than counting the bytes), and automatic mode splits such bytes only
// once that buffer can take the workers' share.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { countingThreads, createEngine } from '../../src/engine/engine.js';
import { WorkerPool } from '../../src/engine/pool.js';
import { Staging } from '../../src/engine/staging.js';
import { parseWall, simulate } from '../../src/index.js';
import { expectSameResult } from './helpers.js';

describe('Staging', () => {
  it('lends one buffer again and again, grows it, and lends a fresh one while it is out', () => {
    const staging = new Staging();
    expect(staging.ready(1000)).toBe(false);
    const first = staging.lend(1000);
    expect(first.buffer.byteLength).toBeGreaterThanOrEqual(1000);
    expect(staging.ready(1000)).toBe(false);
    // In use: a second count at once gets a buffer of its own.
    const second = staging.lend(10);
    expect(second.buffer).not.toBe(first.buffer);
    second.release();
    expect(staging.ready(1000)).toBe(false);
    first.release();
    first.release();
    expect(staging.ready(1000)).toBe(true);
    expect(staging.ready(first.buffer.byteLength + 1)).toBe(false);
    const again = staging.lend(900);
    expect(again.buffer).toBe(first.buffer);
    again.release();
    const bigger = staging.lend(first.buffer.byteLength + 1);
    expect(bigger.buffer).not.toBe(first.buffer);
    bigger.release();
    expect(staging.ready(first.buffer.byteLength + 1)).toBe(true);
    staging.drop();
    expect(staging.ready(1)).toBe(false);
  });

  it('a buffer let go while lent is not kept when it comes back (the engine closed)', () => {
    const staging = new Staging();
    const lent = staging.lend(100);
    staging.drop();
    lent.release();
    expect(staging.ready(1)).toBe(false);
    // Lent again after that: kept as usual.
    staging.lend(100).release();
    expect(staging.ready(100)).toBe(true);
  });

  it('lets its buffer go after sitting unused, not while lent', async () => {
    const staging = new Staging(20);
    const lent = staging.lend(100);
    await sleep(60);
    lent.release();
    expect(staging.ready(100)).toBe(true);
    await sleep(60);
    expect(staging.ready(100)).toBe(false);
  });
});

describe('automatic mode and bytes in memory', () => {
  const pool = new WorkerPool(1, 10_000);
  afterAll(() => pool.close());
  const size = 8 << 20;
  const bytes = { kind: 'bytes', bytes: new Uint8Array(size) } as const;
  const shared = { kind: 'bytes', bytes: new Uint8Array(new SharedArrayBuffer(size)) } as const;

  it('splits bytes only once the staging buffer can take the workers share', async () => {
    // Start the pool's thread: automatic mode's warm break-even applies.
    // (an unknown task: the thread starts, and refuses it)
    await pool.run({ kind: 'noop' } as never).catch(() => {});
    expect(pool.liveThreads).toBe(1);
    expect(countingThreads(pool, shared, size, 'auto')).toBe(2);
    expect(countingThreads(pool, bytes, size, 'auto')).toBe(1);
    expect(countingThreads(pool, bytes, size, 2)).toBe(2);
    pool.staging.lend(size / 2).release();
    expect(countingThreads(pool, bytes, size, 'auto')).toBe(2);
    expect(countingThreads(pool, bytes, 4 * size, 'auto')).toBe(1);
    // Below the break-even, one thread whatever the staging.
    expect(countingThreads(pool, shared, 1 << 20, 'auto')).toBe(1);
  });
});

describe('engine.simulate on bytes: the staging buffer never changes an answer', () => {
  const engine = createEngine({ threads: 2 });
  afterAll(() => engine.close());
  const config = (profiles: number, seed: number) =>
    Array.from({ length: profiles }, (_, p) =>
      Array.from({ length: 50 + ((p * 7 + seed) % 40) }, (_, k) => (p * 31 + k * seed) % 31).join(
        ' ',
      ),
    ).join('\n');

  it('a big config, then a smaller one over its stale tail, then a bigger one, and two at once', async () => {
    const texts = [config(600, 1), config(100, 2), config(1200, 3), config(800, 4), config(820, 5)];
    const bytes = texts.map((t) => new TextEncoder().encode(t));
    for (const b of bytes.slice(0, 3)) {
      expectSameResult(await engine.simulate(b, { parallelism: 2 }), simulate(parseWall(b)));
    }
    const [a, b] = await Promise.all([
      engine.simulate(bytes[3] as Uint8Array, { parallelism: 2 }),
      engine.simulate(bytes[4] as Uint8Array, { parallelism: 2 }),
    ]);
    expectSameResult(a, simulate(parseWall(bytes[3] as Uint8Array)));
    expectSameResult(b, simulate(parseWall(bytes[4] as Uint8Array)));
  });

  it('an error in the workers share of a reused buffer is the core error, at its line and column', async () => {
    const good = new TextEncoder().encode(config(800, 6));
    await engine.simulate(good, { parallelism: 2 });
    const bad = new TextEncoder().encode(`${config(400, 7)}\n1 2 x 3\n`);
    const expected = (() => {
      try {
        parseWall(bad);
      } catch (error) {
        return error as Error;
      }
      throw new Error('the config should not parse');
    })();
    await expect(engine.simulate(bad, { parallelism: 2 })).rejects.toThrow(expected.message);
  });
});
