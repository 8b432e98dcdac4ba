// The one abort helper: rejects with exactly signal.reason, before or
// during the work; one listener, removed when the work settles.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { abortable } from '../../src/core/abort.js';

describe('abortable', () => {
  it('without a signal, is the work itself', async () => {
    await expect(abortable(undefined, async () => 7)).resolves.toBe(7);
    await expect(
      abortable(undefined, () => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
  });

  it('already aborted: rejects with the reason and never starts the work', async () => {
    const reason = { mine: true };
    let started = false;
    const run = abortable(AbortSignal.abort(reason), async () => {
      started = true;
    });
    await expect(run).rejects.toBe(reason);
    expect(started).toBe(false);
  });

  it('aborted during the work: stops it, rejects with the reason at once, ignores how it ends', async () => {
    const controller = new AbortController();
    const order: string[] = [];
    let fail: (error: Error) => void = () => {};
    const run = abortable(controller.signal, (onAbort) => {
      onAbort(() => order.push('stopped'));
      // Work that ends only after the abort, with an error of its own.
      return new Promise<number>((_, reject) => {
        fail = reject;
      });
    });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    order.push('aborted');
    fail(new Error('stopped work'));
    await expect(run).rejects.toBe(controller.signal.reason);
    expect(controller.signal.reason).toHaveProperty('name', 'AbortError');
    expect(order).toEqual(['stopped', 'aborted']);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('removes its listener when the work settles', async () => {
    const { signal } = new AbortController();
    await abortable(signal, async () => 1);
    await abortable(signal, async () => Promise.reject(new Error('x'))).catch(() => {});
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('many calls under one signal share one listener, and all reject with the reason', async () => {
    const controller = new AbortController();
    const forever = () => new Promise<never>(() => {});
    const running = Array.from({ length: 25 }, () => abortable(controller.signal, forever));
    const done = abortable(controller.signal, async () => 'done');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    await expect(done).resolves.toBe('done');
    controller.abort('stop');
    for (const call of running) await expect(call).rejects.toBe('stop');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
