// The parse tests that need Node: Buffers and Node streams (parse.test.ts
// runs in Node and in Chromium, `npm run test:browser`).
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseWall, parseWallStream } from '../../src/index.js';

describe('parsing Node inputs', () => {
  const text = '\uFEFF1 2\n3 # comment with ü and 漢字\n';
  const expected = [[1, 2], [3]];

  it('reads a Buffer like text, byte order mark skipped', () => {
    expect(parseWall(Buffer.from(text)).toArrays()).toEqual(expected);
  });

  it('parseWallStream reads a Node stream of strings and Buffers', async () => {
    const chunks = [text.slice(0, 7), Buffer.from(text.slice(7, 20)), text.slice(20)];
    expect((await parseWallStream(Readable.from(chunks))).toArrays()).toEqual(expected);
  });
});
