// The counting pass of one crew per section reads heights four at a time
// from aligned words; walls whose heights start at any byte offset of their
// buffer (as a view of a shared or larger buffer does) must count the same
// as one height at a time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveWallOptions } from '../../src/core/options/wall.js';
import { CountingParser, countWall, resultFromParts } from '../../src/core/parse/count.js';
import { trustedWall } from '../../src/core/wall.js';
import { isIcewallError, parseWall, simulate } from '../../src/index.js';
import { expectSameAnswers } from '../same-answers.js';

describe('countWall', () => {
  it('counts sections by feet needed per profile, wherever the heights start in their buffer', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 23 }), {
          minLength: 1,
          maxLength: 9,
        }),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 5 }),
        (profiles, offset, spare) => {
          const total = profiles.reduce((n, p) => n + p.length, 0);
          // Bytes around the heights hold a height the wall must never count.
          const buffer = new Uint8Array(offset + total + spare).fill(17);
          const heights = buffer.subarray(offset, offset + total);
          const starts = new Uint32Array(profiles.length + 1);
          let at = 0;
          profiles.forEach((p, k) => {
            starts[k] = at;
            heights.set(p, at);
            at += p.length;
          });
          starts[profiles.length] = at;
          const wall = trustedWall(heights, starts, resolveWallOptions({}));
          const got = countWall(wall);
          const expected = profiles.map((p) => {
            const byNeed = new Array<number>(31).fill(0);
            for (const h of p) byNeed[30 - h] = (byNeed[30 - h] as number) + 1;
            return byNeed;
          });
          expect(Array.from(got.sizes)).toEqual(profiles.map((p) => p.length));
          expect(
            profiles.map((_, k) => Array.from(got.counts.subarray(k * 31, k * 31 + 31))),
          ).toEqual(expected);
          expect(got.sectionCount).toBe(total);
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe('resultFromParts', () => {
  it('answers as the core does from the counts of a config cut anywhere at line boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 12 }),
            fc.constant(null), // a comment line: a part may hold no profile
          ),
          { minLength: 1, maxLength: 14 },
        ),
        fc.array(fc.nat(), { maxLength: 6 }),
        (lines, cutSeeds) => {
          const text = lines.map((l) => (l === null ? '# note' : l.join(' '))).join('\n');
          const rows = text.split('\n');
          // Cuts at line boundaries, in order, possibly several at one place (empty parts).
          const cuts = cutSeeds.map((c) => c % (rows.length + 1)).sort((a, b) => a - b);
          const bounds = [0, ...cuts, rows.length];
          const parts = bounds.slice(1).map((end, k) => {
            const start = bounds[k] as number;
            const parser = new CountingParser({}, start === 0);
            parser.push(
              rows
                .slice(start, end)
                .map((r) => `${r}\n`)
                .join(''),
            );
            return parser.end();
          });
          if (lines.every((l) => l === null)) {
            let thrown: unknown;
            try {
              resultFromParts(parts);
            } catch (error) {
              thrown = error;
            }
            expect(isIcewallError(thrown) && thrown.code).toBe('ERR_PARSE');
            return;
          }
          expectSameAnswers(resultFromParts(parts), simulate(parseWall(text)));
        },
      ),
      { numRuns: 400 },
    );
  });
});
