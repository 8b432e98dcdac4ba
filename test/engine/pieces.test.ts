// A file counted in many small pieces, claimed by whichever thread is free:
// the core's result, or parseWall's first error (file order, file lines).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveWallOptions } from '../../src/core/options.js';
import { countParallel, joinPieces } from '../../src/engine/count-parallel.js';
import { WorkerPool } from '../../src/engine/pool.js';
import { createWall, ParseError, parseWall, simulate } from '../../src/index.js';
import { wallArb } from '../arbitraries.js';
import { badConfigArb, expectSameResult } from './helpers.js';

const pool = new WorkerPool(3, 2_000);
const dir = mkdtempSync(join(tmpdir(), 'icewall-pieces-'));
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

function count(text: string, threads: number, pieceBytes: number, name: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  const options = resolveWallOptions({});
  const size = Buffer.byteLength(text);
  return countParallel(
    pool,
    { kind: 'file', path },
    size,
    threads,
    options,
    undefined,
    undefined,
    pieceBytes,
  );
}

describe('countParallel: pieces claimed by free threads', () => {
  it('random walls in pieces of 8 to 200 bytes: the core result', async () => {
    await fc.assert(
      fc.asyncProperty(
        wallArb(30, 20),
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 8, max: 200 }),
        async (profiles, threads, pieceBytes) => {
          const text = `${profiles.map((row) => row.join(' ')).join('\n')}\n`;
          const result = await count(text, threads, pieceBytes, 'wall.txt');
          expectSameResult(result, simulate(createWall(profiles)));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('errors anywhere: the first in file order, with the file line and column', async () => {
    await fc.assert(
      fc.asyncProperty(
        badConfigArb(20),
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 8, max: 120 }),
        async (text, threads, pieceBytes) => {
          let expected: ParseError | null = null;
          try {
            parseWall(text);
          } catch (error) {
            expected = error as ParseError;
          }
          const got = await count(text, threads, pieceBytes, 'bad.txt').then(
            () => null,
            (e: unknown) => e,
          );
          if (expected === null) expect(got).toBeNull();
          else {
            expect(got).toBeInstanceOf(ParseError);
            const e = got as ParseError;
            expect([e.message, e.line, e.column, e.reason]).toEqual([
              expected.message,
              expected.line,
              expected.column,
              expected.reason,
            ]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('joinPieces', () => {
  const options = resolveWallOptions({});
  const piece = (profiles: number, lines: number) => ({
    profileCount: profiles,
    sectionCount: profiles,
    sizes: new Uint32Array(profiles).fill(1),
    counts: new Uint16Array(profiles * 31).fill(0),
    lines,
  });
  const error = (line: number) =>
    new ParseError(`line ${line}, column 1: bad`, line, 1, 'not-a-whole-number');

  it('the failure first in file order wins, whichever thread met it, with the lines before it added', () => {
    const settled = [
      // The calling thread: pieces 0 and 3, then a failure in piece 4.
      {
        status: 'fulfilled' as const,
        value: {
          parts: [
            { index: 0, counts: piece(1, 5) },
            { index: 3, counts: piece(1, 7) },
          ],
          failure: { index: 4, error: error(1) },
        },
      },
      // A worker: pieces 1 and 2, then a failure in piece 5 (later in the file).
      {
        status: 'fulfilled' as const,
        value: {
          parts: [
            { index: 1, counts: piece(1, 11) },
            { index: 2, counts: piece(1, 13) },
          ],
          failure: { index: 5, error: error(2) },
        },
      },
    ];
    const thrown = (() => {
      try {
        joinPieces(settled, 6, options);
      } catch (e) {
        return e as ParseError;
      }
    })();
    // Piece 4's line 1 comes after 5 + 11 + 13 + 7 lines.
    expect(thrown?.line).toBe(37);
    expect(thrown?.message).toBe('line 37, column 1: bad');
    settled.reverse();
    expect(() => joinPieces(settled, 6, options)).toThrow('line 37, column 1: bad');
  });

  it('joins pieces in file order whatever thread counted them', () => {
    const a = { ...piece(1, 1), sizes: new Uint32Array([4]) };
    const b = { ...piece(1, 1), sizes: new Uint32Array([9]) };
    const joined = joinPieces(
      [
        { status: 'fulfilled', value: { parts: [{ index: 1, counts: b }], failure: null } },
        { status: 'fulfilled', value: { parts: [{ index: 0, counts: a }], failure: null } },
      ],
      2,
      options,
    );
    expect(Array.from(joined.sizes)).toEqual([4, 9]);
  });

  it('a thread that crashed fails the count', () => {
    const crash = new Error('worker died');
    expect(() =>
      joinPieces(
        [
          {
            status: 'fulfilled',
            value: { parts: [{ index: 0, counts: piece(1, 1) }], failure: null },
          },
          { status: 'rejected', reason: crash },
        ],
        2,
        options,
      ),
    ).toThrow(crash);
  });
});
