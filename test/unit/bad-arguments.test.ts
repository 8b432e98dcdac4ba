// Issue 9, item 16: wrong arguments give icewall errors that say what was
// expected, never a bare TypeError from deep inside.
import { describe, expect, it } from 'vitest';
import { isIcewallError, parseWallStream, simulateStream } from '../../src/index.js';

describe('parseWallStream with something that is not a stream', () => {
  it.each([[null], [undefined], [42], [{}]])('%j is ERR_INVALID_OPTION', async (source) => {
    const error = await parseWallStream(source as never).catch((e: unknown) => e);
    expect(isIcewallError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('ERR_INVALID_OPTION');
    expect((error as Error).message).toMatch(
      /^Expected `source` to be a stream or an \(async\) iterable of strings and byte arrays, got /,
    );
  });
});

describe('a whole config in bytes given where chunks are expected', () => {
  // A Uint8Array is iterable, but of numbers: it used to fail with
  // "TypeError: expected config chunks as strings or Uint8Arrays, got number".
  const bytes = new TextEncoder().encode('21 25 28\n17\n');
  const cases: [name: string, run: () => Promise<unknown>, instead: string][] = [
    ['parseWallStream(Uint8Array)', () => parseWallStream(bytes as never), 'parseWall(bytes)'],
    ['simulateStream(Uint8Array)', () => simulateStream(bytes as never), 'simulate(parseWall'],
    [
      'simulateStream(Uint8Array, teams)',
      () => simulateStream(bytes as never, { teams: 2 }),
      'simulate(parseWall',
    ],
    // A Node Buffer is a Uint8Array: the same cases, where Buffer exists (not in Chromium).
    ...(typeof Buffer === 'function'
      ? ([
          [
            'parseWallStream(Buffer)',
            () => parseWallStream(Buffer.from(bytes) as never),
            'parseWall(bytes)',
          ],
          [
            'simulateStream(Buffer, teams)',
            () => simulateStream(Buffer.from(bytes) as never, { teams: 2 }),
            'simulate(parseWall',
          ],
        ] as const satisfies typeof cases)
      : []),
  ];
  it.each(cases)('%s is ERR_INVALID_OPTION naming the alternatives', async (_, run, instead) => {
    const error = await run().catch((e: unknown) => e);
    expect(isIcewallError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('ERR_INVALID_OPTION');
    expect((error as Error).message).toContain('got a Uint8Array (a whole config?)');
    expect((error as Error).message).toContain(instead);
  });

  it('the same bytes wrapped in an array are read', async () => {
    expect((await parseWallStream([bytes])).sectionCount).toBe(4);
    expect((await simulateStream([bytes])).totalCost()).toBe(10_744_500);
  });
});
