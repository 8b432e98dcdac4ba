// The simulateStream tests that need Node streams (simulate-stream.test.ts
// runs in Node and in Chromium, `npm run test:browser`).
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { simulateStream } from '../../src/index.js';

describe('simulateStream with a Node stream', () => {
  it('gives the SPEC answers from a Node stream of Buffers', async () => {
    const r = await simulateStream(Readable.from([Buffer.from('21 25 28\n17\n17 22 17 19 17\n')]));
    expect(r.days).toBe(13);
    expect(r.totalCost()).toBe(32_233_500);
  });

  it('closes a Node stream when aborted mid-way', async () => {
    const controller = new AbortController();
    const stream = new Readable({ read() {} });
    stream.push('1 2\n');
    const run = simulateStream(stream, {
      signal: controller.signal,
      onBytesRead: () => controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(stream.destroyed).toBe(true);
  });
});
