// Issue 19 #17: a long token is shown cut by one rule (at most 40 bytes,
// never inside a character), whether the config came as text or bytes, and
// however it was chunked: a surrogate pair split between two text chunks
// is one character, as in one string.
import { describe, expect, it } from 'vitest';
import { parseWall, parseWallStream, simulateStream } from '../../src/index.js';

const encoder = new TextEncoder();

function pieces<T extends string | Uint8Array>(whole: T, size: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < whole.length; i += size) out.push(whole.slice(i, i + size) as T);
  return out;
}

async function messages(text: string): Promise<string[]> {
  const bytes = encoder.encode(text);
  const failing = async (run: () => unknown) => {
    try {
      await run();
    } catch (error) {
      return (error as Error).message;
    }
    return 'no error';
  };
  const all = [await failing(() => parseWall(text)), await failing(() => parseWall(bytes))];
  for (const size of [1, 2, 3, 7, 41]) {
    all.push(await failing(() => parseWallStream(pieces(text, size))));
    all.push(await failing(() => parseWallStream(pieces(bytes, size))));
    // The counting parser (one crew per section, heights never stored).
    all.push(await failing(() => simulateStream(pieces(text, size))));
  }
  return all;
}

describe('a long token in a message', () => {
  const tokens = [
    'x'.repeat(50),
    'é'.repeat(30),
    '😀'.repeat(15),
    `${'a'.repeat(38)}😀zz`,
    `${'a'.repeat(37)}\ufffdbbbb`,
    `${'a'.repeat(39)}\ud83d`,
    '\ud800'.repeat(20),
    '1'.repeat(60),
    `-${'1'.repeat(60)}`,
  ];
  it.each(tokens)('is cut the same for text and bytes, in any chunks: %s', async (token) => {
    const all = await messages(`1 2\n3 ${token} 4\n`);
    expect(new Set(all).size, all.join('\n')).toBe(1);
  });

  it('keeps whole characters, and a U+FFFD of the config itself', async () => {
    const [emoji] = await messages(`${'😀'.repeat(15)}\n`);
    expect(emoji).toBe(`line 1, column 1: "${'😀'.repeat(10)}..." is not a whole number`);
    const [split] = await messages(`${'a'.repeat(38)}😀zz\n`);
    expect(split).toBe(`line 1, column 1: "${'a'.repeat(38)}..." is not a whole number`);
    const [replacement] = await messages(`${'a'.repeat(37)}\ufffdbbbb\n`);
    expect(replacement).toBe(
      `line 1, column 1: "${'a'.repeat(37)}\\ufffd..." is not a whole number`,
    );
  });
});
