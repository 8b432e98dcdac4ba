// The byte parser against the line-by-line model in test/reference-parse.ts,
// on random texts cut into random chunks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CountingParser } from '../../src/core/parse/count.js';
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

function pushInChunks(
  parser: { push(chunk: Uint8Array): void },
  bytes: Uint8Array,
  cuts: number[],
): void {
  let at = 0;
  for (const cut of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b)) {
    parser.push(bytes.subarray(at, Math.max(at, cut)));
    at = Math.max(at, cut);
  }
  parser.push(bytes.subarray(at));
}

function parseInChunks(bytes: Uint8Array, cuts: number[], maxSections: number) {
  const parser = new WallParser({ maxSectionsPerProfile: maxSections });
  pushInChunks(parser, bytes, cuts);
  return parser.end();
}

/** The counting parser's answer in the model's terms: per profile, sections by feet needed. */
function countInChunks(bytes: Uint8Array, cuts: number[], maxSections: number) {
  const parser = new CountingParser({ maxSectionsPerProfile: maxSections });
  pushInChunks(parser, bytes, cuts);
  const { profileCount, sizes, counts } = parser.end();
  return Array.from({ length: profileCount }, (_, p) => ({
    size: sizes[p],
    byNeed: Array.from(counts.subarray(p * 31, (p + 1) * 31)),
  }));
}

function countsOf(profiles: number[][]) {
  return profiles.map((heights) => {
    const byNeed = new Array<number>(31).fill(0);
    for (const h of heights) byNeed[30 - h] = (byNeed[30 - h] as number) + 1;
    return { size: heights.length, byNeed };
  });
}

function caught(run: () => unknown): unknown {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    expect(error).toBeInstanceOf(ParseError);
    const e = error as ParseError;
    return { ok: false, line: e.line, column: e.column, reason: e.reason };
  }
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

  it('counts what the model parses, or throws its first error, however the bytes are cut', () => {
    fc.assert(
      fc.property(
        // Runs of plain heights too, so the counting loop's fast path is taken and left often.
        fc.array(
          fc.oneof(
            textArb,
            fc.array(fc.integer({ min: 0, max: 31 })).map((h) => h.join(' ')),
          ),
          {
            maxLength: 4,
          },
        ),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom(2000, 3),
        (texts, cuts, maxSections) => {
          const text = texts.join('\n');
          const model = referenceParse(text, 30, maxSections);
          const expected = model.ok
            ? { ok: true, value: countsOf(model.profiles) }
            : model.reason === 'empty'
              ? { ok: true, value: [] }
              : model;
          const got = caught(() =>
            countInChunks(new TextEncoder().encode(text), cuts, maxSections),
          );
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
