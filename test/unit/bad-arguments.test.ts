// Issue 9, item 16: wrong arguments give icewall errors that say what was
// expected, never a bare TypeError from deep inside.
import { describe, expect, it } from 'vitest';
import { isIcewallError, parseWallStream } from '../../src/index.js';

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
