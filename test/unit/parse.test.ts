import { describe, expect, it } from 'vitest';
import {
  isIcewallError,
  ParseError,
  parseWall,
  parseWallStream,
  simulate,
  simulateStream,
  WallParser,
} from '../../src/index.js';
import { thrown } from '../thrown.js';

function parseError(
  source: string | Uint8Array,
  options?: Parameters<typeof parseWall>[1],
): ParseError {
  const error = thrown(() => parseWall(source, options));
  expect(error).toBeInstanceOf(ParseError);
  return error as ParseError;
}

describe('parseWall: the format (SPEC §3)', () => {
  it('reads one profile per line, heights separated by spaces', () => {
    expect(parseWall('21 25 28\n17\n17 22 17 19 17\n').toArrays()).toEqual([
      [21, 25, 28],
      [17],
      [17, 22, 17, 19, 17],
    ]);
  });

  it('accepts any run of spaces and tabs, leading and trailing too', () => {
    expect(parseWall('  1\t\t2   3 \t\n\t4').toArrays()).toEqual([[1, 2, 3], [4]]);
  });

  it('accepts \\r\\n line endings and a last line without an ending', () => {
    expect(parseWall('1 2\r\n3\r\n4').toArrays()).toEqual([[1, 2], [3], [4]]);
  });

  it('skips blank lines and comment lines, and strips trailing comments', () => {
    const wall = parseWall('# a wall\n\n   \n1 2 # two sections\n\t# indented comment\n3#tight\n');
    expect(wall.toArrays()).toEqual([[1, 2], [3]]);
  });

  it('keeps repeated identical lines as distinct profiles', () => {
    expect(parseWall('5 5\n5 5\n5 5').profileCount).toBe(3);
  });

  it('accepts heights 0 and 30 (a finished section), and leading zeros', () => {
    expect(parseWall('0 30 007').toArrays()).toEqual([[0, 30, 7]]);
  });

  it('reads bytes like text, and skips a UTF-8 byte order mark (a Buffer: parse.node.test.ts)', () => {
    const text = '\uFEFF1 2\n3 # comment with ü and 漢字\n';
    const expected = [[1, 2], [3]];
    expect(parseWall(text).toArrays()).toEqual(expected);
    expect(parseWall(new TextEncoder().encode(text)).toArrays()).toEqual(expected);
  });

  it('stores one byte per section', () => {
    const wall = parseWall('1 2 3\n4 5');
    expect(wall.heights).toBeInstanceOf(Uint8Array);
    expect(wall.heights.byteLength).toBe(5);
    expect(Array.from(wall.profileStarts)).toEqual([0, 3, 5]);
  });

  it('honours targetHeight and maxSectionsPerProfile options', () => {
    expect(parseWall('50 100', { targetHeight: 100 }).toArrays()).toEqual([[50, 100]]);
    expect(parseWall('1 2 3 4', { maxSectionsPerProfile: 4 }).sectionCount).toBe(4);
    const line = Array.from({ length: 5000 }, () => '1').join(' ');
    expect(parseWall(line, { maxSectionsPerProfile: Number.POSITIVE_INFINITY }).sectionCount).toBe(
      5000,
    );
  });
});

describe('parseWall: errors say what, where and the rule', () => {
  it('height out of range, with line and column', () => {
    const e = parseError('1 2\n\n1 2 31\n');
    expect(e.message).toBe('line 3, column 5: height 31 is out of range [0, 30]');
    expect([e.line, e.column, e.reason, e.code]).toEqual([3, 5, 'out-of-range', 'ERR_PARSE']);
    expect(isIcewallError(e)).toBe(true);
  });

  it('the example messages of SPEC §3', () => {
    expect(parseError('1\n1 2 3\n1 2 3 4 5 31').message).toBe(
      'line 3, column 11: height 31 is out of range [0, 30]',
    );
    expect(parseError('1\n1e3').message).toBe('line 2, column 1: "1e3" is not a whole number');
    const long = `1\n1\n1\n1\n${Array.from({ length: 2001 }, () => '1').join(' ')}`;
    const e = parseError(long);
    expect(e.message).toBe('line 5: profile has 2001 sections, more than the limit of 2000');
    expect([e.line, e.column, e.reason]).toEqual([5, 4001, 'too-many-sections']);
  });

  it('2000 sections are fine, 2001 are not', () => {
    const line = (n: number) => Array.from({ length: n }, () => '0').join(' ');
    expect(parseWall(line(2000)).sectionCount).toBe(2000);
    expect(parseError(line(2001)).reason).toBe('too-many-sections');
  });

  it('counts a tab as one column and skipped lines as lines', () => {
    const e = parseError('# header\n\n\t1\t-1');
    expect(e.message).toBe('line 3, column 4: height -1 is out of range [0, 30]');
  });

  it('counts columns after a byte order mark from the first visible character', () => {
    expect(parseError('\uFEFF1 x').column).toBe(3);
    expect(parseError(new TextEncoder().encode('\uFEFF1 x')).column).toBe(3);
  });

  it.each([
    ['1.5', '"1.5" is not a whole number'],
    ['abc', '"abc" is not a whole number'],
    ['+5', '"+5" is not a whole number'],
    ['1,2', '"1,2" is not a whole number'],
    ['５', '"５" is not a whole number'],
    ['99999999999999999999999', 'height 99999999999999999999999 is out of range [0, 30]'],
    ['-0', 'height -0 is out of range [0, 30]'],
  ])('%s', (token, rule) => {
    const e = parseError(`1 ${token} 2`);
    expect(e.message).toBe(`line 1, column 3: ${rule}`);
  });

  it('shortens a very long bad token in the message', () => {
    const e = parseError(`x${'y'.repeat(500)}`);
    expect(e.message.length).toBeLessThan(120);
    expect(e.message).toContain('..."');
  });

  it('rejects a carriage return that does not end a line', () => {
    const e = parseError('1 2\r3\n');
    expect(e.message).toBe(
      'line 1, column 4: stray carriage return (lines end with \\n or \\r\\n)',
    );
  });

  it('rejects a carriage return at the very end of the input', () => {
    const e = parseError('21 25\r');
    expect(e.message).toBe(
      'line 1, column 6: stray carriage return (lines end with \\n or \\r\\n)',
    );
    expect(parseWall('21 25\r\n').toArrays()).toEqual([[21, 25]]);
  });

  it('calls a long negative number out of range, even when its text is shortened', () => {
    const e = parseError(`1 -${'9'.repeat(60)}`);
    expect(e.reason).toBe('out-of-range');
    expect(e.message).toMatch(/^line 1, column 3: height -9+\.\.\. is out of range \[0, 30\]$/);
    expect(parseError('1 -').reason).toBe('not-a-whole-number');
    expect(parseError('1 -5x').reason).toBe('not-a-whole-number');
  });

  it('shows invisible characters in a bad token as escapes', () => {
    expect(parseError('21\u00a025').message).toBe(
      'line 1, column 1: "21\\u00a025" is not a whole number',
    );
    expect(parseError('1 \u200b2').message).toBe(
      'line 1, column 3: "\\u200b2" is not a whole number',
    );
  });

  it('rejects an empty config, or one with only comments and blank lines', () => {
    for (const text of ['', '\n\n', '# only a comment\n   \n\t\n']) {
      const e = parseError(text);
      expect(e.reason).toBe('empty');
      expect(e.message).toContain('no profiles');
    }
  });

  it('uses the configured target height in the rule', () => {
    expect(parseError('11', { targetHeight: 10 }).message).toBe(
      'line 1, column 1: height 11 is out of range [0, 10]',
    );
  });

  it('rejects bad options before reading', () => {
    expect(() => parseWall('1', { targetHeight: 0 })).toThrow(
      'Expected `targetHeight` to be an integer in [1, 255], got `0` (number)',
    );
    expect(() => parseWall('1', { maxSectionsPerProfile: 0 })).toThrow(
      'Expected `maxSectionsPerProfile` to be a positive integer or Infinity, got `0` (number)',
    );
    expect(() => parseWall('1', { icePerFoot: -1 })).toThrow(
      'Expected `icePerFoot` to be a non-negative safe integer, got `-1` (number)',
    );
    expect(() => parseWall('1', { costPerCubicYard: 1.5 })).toThrow(
      'Expected `costPerCubicYard` to be a non-negative safe integer, got `1.5` (number)',
    );
  });

  it('rejects input that is neither text nor bytes', () => {
    expect(() => parseWall(42 as unknown as string)).toThrow(
      'Expected `source` to be a string or a Uint8Array (for streams use parseWallStream), got `42` (number)',
    );
  });
});

describe('parsing in chunks', () => {
  const text = '# wall\r\n21 25 28\r\n\r\n17 # one\n17 22 17 19 17';
  const expected = [[21, 25, 28], [17], [17, 22, 17, 19, 17]];

  it('gives the same wall whatever the chunk boundaries', () => {
    const bytes = new TextEncoder().encode(text);
    for (let size = 1; size <= bytes.length; size++) {
      const parser = new WallParser();
      for (let at = 0; at < bytes.length; at += size) parser.push(bytes.subarray(at, at + size));
      expect(parser.end().toArrays()).toEqual(expected);
    }
  });

  it('reports the same error position whatever the chunk boundaries', () => {
    const bad = new TextEncoder().encode('1 2\n# c\n3 4 12x45 5\n');
    for (let size = 1; size <= bad.length; size++) {
      const parser = new WallParser();
      const error = thrown(() => {
        for (let at = 0; at < bad.length; at += size) parser.push(bad.subarray(at, at + size));
        parser.end();
      });
      expect((error as Error).message).toBe('line 3, column 5: "12x45" is not a whole number');
    }
  });

  it('parseWallStream reads a web stream and an iterable (a Node stream: parse.node.test.ts)', async () => {
    const bytes = new TextEncoder().encode(text.slice(7, 20));
    const chunks = [text.slice(0, 7), bytes, text.slice(20)];
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(text));
        controller.close();
      },
    });
    expect((await parseWallStream(web)).toArrays()).toEqual(expected);
    expect((await parseWallStream(chunks)).toArrays()).toEqual(expected);
  });

  it('skips a byte order mark split across chunks', async () => {
    const bom = [0xef, 0xbb, 0xbf];
    const rest = new TextEncoder().encode('1 2\n3');
    for (const cut of [1, 2]) {
      const chunks = [
        new Uint8Array(bom.slice(0, cut)),
        new Uint8Array([...bom.slice(cut), ...rest]),
      ];
      const wall = await parseWallStream(chunks);
      expect(wall.toArrays()).toEqual([[1, 2], [3]]);
    }
    // Byte by byte, columns still count from the first visible character.
    const bytes = new Uint8Array([...bom, ...new TextEncoder().encode('1 x')]);
    await expect(parseWallStream([...bytes].map((b) => new Uint8Array([b])))).rejects.toThrow(
      'line 1, column 3: "x" is not a whole number',
    );
  });

  it('text in many short chunks (a line each) parses like the same bytes', async () => {
    // Each text chunk used to allocate a 192 KiB encoding buffer, so 50,000
    // lines took seconds (the time is the bench's business; this checks the result).
    const lines = Array.from({ length: 50_000 }, (_, i) => `${i % 31} ${(i * 7) % 31} 3\n`);
    const bytes = lines.map((line) => new TextEncoder().encode(line));
    const fromText = await parseWallStream(lines);
    expect(fromText.sectionCount).toBe(150_000);
    expect(fromText.heights).toEqual((await parseWallStream(bytes)).heights);
    expect((await simulateStream(lines)).totalCost()).toBe(simulate(fromText).totalCost());
  });

  it('a long bad token cut into chunks anywhere gives the message it gives whole', async () => {
    const text = `1 2\n3 ${'ab'.repeat(60)}9 4\n`;
    const whole = await parseWallStream([text]).catch((e: Error) => e.message);
    expect(whole).toBe(`line 2, column 3: "${'ab'.repeat(20)}..." is not a whole number`);
    for (const size of [1, 2, 7, 41, 64]) {
      const bytes = new TextEncoder().encode(text);
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
      await expect(parseWallStream(chunks)).rejects.toThrow(whole as string);
    }
  });

  it('parseWallStream rejects with the ParseError', async () => {
    await expect(parseWallStream(['1 2\n', '3 31'])).rejects.toThrow(
      'line 2, column 3: height 31 is out of range [0, 30]',
    );
  });

  it('a parser cannot be reused after end()', () => {
    const parser = new WallParser();
    parser.push('1');
    parser.end();
    expect(() => parser.push('2')).toThrow('push() after end()');
  });
});
