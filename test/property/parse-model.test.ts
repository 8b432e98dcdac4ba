// The byte parser against the line-by-line model in test/reference-parse.ts,
// on random texts cut into random chunks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError, WallParser } from '../../src/index.js';
import { referenceParse } from '../reference-parse.js';

const fragment = fc.constantFrom(
  '0',
  '7',
  '12',
  '30',
  '31',
  '007',
  '3',
  '29',
  ' ',
  ' ',
  '\t',
  '\n',
  '\n',
  '\r\n',
  '\r',
  '#',
  '# note\n',
  '-1',
  '+5',
  'x',
  '1e3',
  '\u00a0',
  'ü',
  '99999999999999999999',
);
const textArb = fc
  .tuple(fc.boolean(), fc.array(fragment, { maxLength: 40 }))
  .map(([bom, parts]) => (bom ? '\uFEFF' : '') + parts.join(''));

function parseInChunks(bytes: Uint8Array, cuts: number[], maxSections: number) {
  const parser = new WallParser({ maxSectionsPerProfile: maxSections });
  let at = 0;
  for (const cut of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b)) {
    parser.push(bytes.subarray(at, Math.max(at, cut)));
    at = Math.max(at, cut);
  }
  parser.push(bytes.subarray(at));
  return parser.end();
}

describe('the parser matches the reference model', () => {
  it('gives the same profiles or the same first error, however the bytes are cut', () => {
    fc.assert(
      fc.property(
        textArb,
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom(2000, 3),
        (text, cuts, maxSections) => {
          const expected = referenceParse(text, 30, maxSections);
          const bytes = new TextEncoder().encode(text);
          let got: unknown;
          try {
            got = { ok: true, profiles: parseInChunks(bytes, cuts, maxSections).toArrays() };
          } catch (error) {
            expect(error).toBeInstanceOf(ParseError);
            const e = error as ParseError;
            got = { ok: false, line: e.line, column: e.column, reason: e.reason };
            expect(e.message.startsWith(`line ${e.line}`)).toBe(true);
          }
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
