// A file counted in many small pieces, claimed by whichever thread is free:
// the core's result, or parseWall's first error (file order, file lines).
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  createWriteStream,
  mkdtempSync,
  openSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveWallOptions } from '../../src/core/options/wall.js';
import { resultFromParts, type WallCounts } from '../../src/core/parse/count.js';
import {
  countHere,
  countParallel,
  joinPieces,
  withOpenFile,
} from '../../src/engine/count-parallel.js';
import { createEngine } from '../../src/engine/index.js';
import { WorkerPool } from '../../src/engine/pool.js';
import { splitBytes, splitFile } from '../../src/engine/source.js';
import { createWall, isIcewallError, ParseError, parseWall, simulate } from '../../src/index.js';
import { wallArb } from '../arbitraries.js';
import { badConfigArb, expectSameResult } from './helpers.js';

const pool = new WorkerPool(3, 2_000);
const dir = mkdtempSync(join(tmpdir(), 'icewall-pieces-'));
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Counts `text` written to a file; `missing` bytes more than it holds, as if it had shrunk. */
function count(text: string, threads: number, pieceBytes: number, name: string, missing = 0) {
  const path = join(dir, name);
  writeFileSync(path, text);
  const options = resolveWallOptions({});
  const size = Buffer.byteLength(text) + missing;
  return withOpenFile(path, (file) =>
    countParallel(pool, file, size, threads, options, undefined, undefined, pieceBytes),
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
  /** `profiles` profiles of one finished section each. */
  const piece = (profiles: number, lines: number) => {
    const counts = new Uint16Array(profiles * 31);
    for (let p = 0; p < profiles; p++) counts[p * 31] = 1;
    const totals = new Float64Array(31);
    totals[0] = profiles;
    return {
      profileCount: profiles,
      sectionCount: profiles,
      sizes: new Uint32Array(profiles).fill(1),
      counts,
      lines,
      totals,
    };
  };
  const error = (line: number) =>
    new ParseError(`line ${line}, column 1: bad`, {
      line,
      column: 1,
      reason: 'not-a-whole-number',
    });

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
          bytesRead: 0,
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
          bytesRead: 0,
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
    const b = { ...piece(1, 1), sizes: new Uint32Array([9]), totals: new Float64Array(31) };
    b.counts[0] = 0;
    b.counts[7] = 1;
    b.totals[7] = 1;
    const joined = joinPieces(
      [
        {
          status: 'fulfilled',
          value: { parts: [{ index: 1, counts: b }], failure: null, bytesRead: 0 },
        },
        {
          status: 'fulfilled',
          value: { parts: [{ index: 0, counts: a }], failure: null, bytesRead: 0 },
        },
      ],
      2,
      options,
    );
    expect(joined.map((part) => part.sizes[0])).toEqual([4, 9]);
    expect(Array.from((joined[1] as WallCounts).counts).indexOf(1)).toBe(7);
    const result = resultFromParts(joined);
    expect([result.sectionsOf(1), result.sectionsOf(2)]).toEqual([4, 9]);
    expect([result.days, result.dailyIce(1, 1), result.dailyIce(2, 7)]).toEqual([7, 0, 195]);
  });

  it('a thread that crashed fails the count', () => {
    const crash = new Error('worker died');
    expect(() =>
      joinPieces(
        [
          {
            status: 'fulfilled',
            value: { parts: [{ index: 0, counts: piece(1, 1) }], failure: null, bytesRead: 0 },
          },
          { status: 'rejected', reason: crash },
        ],
        2,
        options,
      ),
    ).toThrow(crash);
  });
});

describe('countParallel: a file that changes while it is read', () => {
  it('a file shorter than its size when counting began is an ERR_IO error, on any thread', async () => {
    const text = '1 2 3 4 5 6 7 8 9\n'.repeat(400);
    const path = join(dir, 'shrunk.txt');
    writeFileSync(path, text);
    const options = resolveWallOptions({});
    // As if the file had been truncated by 1000 bytes after its size was taken.
    const size = Buffer.byteLength(text) + 1000;
    for (const threads of [1, 3]) {
      const error = await (threads === 1
        ? withOpenFile(path, (file) => countHere(file, size, options, undefined, undefined))
        : count(text, threads, 64, 'shrunk.txt', 1000)
      ).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isIcewallError(error) && error.code).toBe('ERR_IO');
      expect((error as Error).message).toContain(`it had ${size} bytes when counting began`);
    }
  });
});

describe('the file is the one that was opened', () => {
  // 4 MB: a cold worker boots (tens of milliseconds) well after the calling
  // thread's first chunk, when the change below is made.
  const lineA = `${'1 2 3 4 5 6 7 8 9 10 '.repeat(50)}\n`;
  const textA = lineA.repeat(4e6 / lineA.length);
  // As long, also valid, another wall.
  const textB = textA.replaceAll('1 2 3', '4 2 3');

  /** Overwrites the file at `path` with `textB`, in place (same size). */
  function rewriteInPlace(path: string): void {
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.from(textB), 0, textB.length, 0);
    closeSync(fd);
    // The modification time must move even on a coarse clock.
    utimesSync(path, new Date(), new Date(Date.now() + 5_000));
  }

  it('a file renamed over it once opened: every thread counts the opened one', async () => {
    const path = join(dir, 'renamed.txt');
    const other = join(dir, 'other.txt');
    const expected = simulate(parseWall(textA));
    for (const threads of [2, 3]) {
      writeFileSync(path, textA);
      writeFileSync(other, textB);
      // Threads already running: they get the task (and would open a path) after the rename.
      await count('1 2\n', threads, 8, 'warm.txt');
      const result = await withOpenFile(path, (file, stats) => {
        renameSync(other, path);
        return countParallel(
          pool,
          file,
          stats.size,
          threads,
          resolveWallOptions({}),
          undefined,
          undefined,
          1 << 16,
        );
      });
      expectSameResult(result, expected);
    }
  });

  it('a file rewritten in place (same size) while it is counted is an ERR_IO error', async () => {
    const path = join(dir, 'rewritten.txt');
    writeFileSync(path, textA);
    let rewritten = false;
    const error = await withOpenFile(path, (file, stats) =>
      countParallel(pool, file, stats.size, 2, resolveWallOptions({}), undefined, () => {
        if (rewritten) return;
        rewritten = true;
        rewriteInPlace(path);
      }),
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(rewritten).toBe(true);
    expect(isIcewallError(error) && error.code).toBe('ERR_IO');
    expect((error as Error).message).toContain('the file changed while it was read');
  });

  it('with teams too: a file rewritten in place while it is parsed is an ERR_IO error', async () => {
    const path = join(dir, 'rewritten-teams.txt');
    writeFileSync(path, textA);
    const engine = createEngine({ threads: 1 });
    let rewritten = false;
    try {
      const error = await engine
        .simulate(
          { path },
          {
            teams: 3,
            onBytesRead: () => {
              if (rewritten) return;
              rewritten = true;
              rewriteInPlace(path);
            },
          },
        )
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(rewritten).toBe(true);
      expect(isIcewallError(error) && error.code).toBe('ERR_IO');
    } finally {
      await engine.close();
    }
  });

  it.skipIf(process.platform === 'win32')('a named pipe is counted as it comes', async () => {
    const fifo = join(dir, 'wall.fifo');
    execFileSync('mkfifo', [fifo]);
    const engine = createEngine({ threads: 2 });
    try {
      const writer = createWriteStream(fifo);
      writer.end(textA);
      const result = await engine.simulate({ path: fifo }, { parallelism: 2 });
      expectSameResult(result, simulate(parseWall(textA)));
    } finally {
      await engine.close();
    }
  });
});

describe('countParallel: progress', () => {
  it('ends at the file size with threads that are still starting (fresh pools)', async () => {
    const text = '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n'.repeat(60_000);
    const path = join(dir, 'progress.txt');
    writeFileSync(path, text);
    const size = Buffer.byteLength(text);
    for (let run = 0; run < 2; run++) {
      const fresh = new WorkerPool(4, 2_000);
      let last = 0;
      try {
        await withOpenFile(path, (file) =>
          countParallel(
            fresh,
            file,
            size,
            5,
            resolveWallOptions({}),
            undefined,
            (n) => {
              expect(n).toBeGreaterThanOrEqual(last);
              last = n;
            },
            1 << 16,
          ),
        );
      } finally {
        await fresh.close();
      }
      expect(last).toBe(size);
    }
  });
});

describe('splitFile', () => {
  it('cuts at line starts only, even inside lines longer than its read window', () => {
    const long = `${'7 '.repeat(30_000)}7\n`; // 60 KB: several windows
    const text = `1 2\n${long}3\n${long}${long}4 5\n`;
    const path = join(dir, 'long-lines.txt');
    writeFileSync(path, text);
    const size = Buffer.byteLength(text);
    for (const parts of [2, 5, 16, 64]) {
      const fd = openSync(path, 'r');
      const ranges = splitFile(fd, size, parts);
      closeSync(fd);
      // The same cuts as in memory: the first line start at or after each nominal cut.
      expect(ranges).toEqual(splitBytes(Buffer.from(text), parts));
      expect(ranges[0]?.[0]).toBe(0);
      expect(ranges.at(-1)?.[1]).toBe(size);
      for (let k = 0; k < ranges.length; k++) {
        const [start, end] = ranges[k] as [number, number];
        expect(end).toBeGreaterThan(start);
        if (k > 0) expect(start).toBe((ranges[k - 1] as [number, number])[1]);
        if (start > 0) expect(text[start - 1]).toBe('\n');
      }
    }
  });
});
