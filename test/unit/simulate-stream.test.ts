import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createWall,
  isIcewallError,
  ParseError,
  parseWall,
  simulate,
  simulateStream,
} from '../../src/index.js';
import { caseArb } from '../arbitraries.js';
import { expectSameAnswers } from '../same-answers.js';
import { rejected, thrown } from '../thrown.js';

const SPEC = '21 25 28\n17\n17 22 17 19 17\n';

/** Cuts text into pieces at the given points. */
function cut(text: string, points: number[]): string[] {
  const sorted = points.map((p) => p % (text.length + 1)).sort((a, b) => a - b);
  const out: string[] = [];
  let at = 0;
  for (const p of sorted) {
    out.push(text.slice(at, p));
    at = p;
  }
  out.push(text.slice(at));
  return out;
}

describe('simulateStream', () => {
  it('answers like simulate, however the input is cut, in both modes', async () => {
    await fc.assert(
      fc.asyncProperty(
        caseArb,
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.boolean(),
        async ({ target, profiles, teams }, points, asBytes) => {
          const text = `# a wall\n${profiles.map((row) => row.join(' ')).join('\n\n')}\n`;
          const chunks = cut(text, points).map((c) => (asBytes ? new TextEncoder().encode(c) : c));
          const got = await simulateStream(chunks, { targetHeight: target, teams });
          const want = simulate(createWall(profiles, { targetHeight: target }), { teams });
          expectSameAnswers(got, want);
          expect(got.wall === undefined).toBe(teams === undefined);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('gives the SPEC answers from a web stream and strings (a Node stream: simulate-stream.node.test.ts)', async () => {
    const web = await simulateStream(new Blob([SPEC]).stream());
    const strings = await simulateStream(['21 25 2', '8\n17\n17 22 17 19 17']);
    for (const r of [web, strings]) {
      expect(r.days).toBe(13);
      expect(r.dailyIce(1, 1)).toBe(585);
      expect(r.profileCost(1, 1)).toBe(1_111_500);
      expect(r.totalCost(1)).toBe(3_334_500);
      expect(r.totalCost()).toBe(32_233_500);
      expect(r.sectionsOf(3)).toBe(5);
      expect(r.wall).toBeUndefined();
    }
    const teams = await simulateStream([SPEC], { teams: 2 });
    expect(teams.days).toBe(48);
    expect(teams.wall?.sectionCount).toBe(9);
  });

  it('reports the same ParseError as parseWall', async () => {
    const bad = '1 2\n3 31\n';
    const want = thrown(() => parseWall(bad));
    for (const teams of [undefined, 3]) {
      const error = await rejected(simulateStream([bad], { teams }));
      expect(error).toBeInstanceOf(ParseError);
      expect(error).toMatchObject({
        message: (want as ParseError).message,
        line: 2,
        column: 3,
        reason: 'out-of-range',
      });
    }
    await expect(simulateStream(['# nothing\n\n'])).rejects.toThrow(
      'line 1, column 1: the config has no profiles',
    );
  });

  it('calls onBytesRead with the bytes read so far', async () => {
    const seen: number[] = [];
    await simulateStream(['1 2\n', '3\n', '4'], { onBytesRead: (n) => seen.push(n) });
    expect(seen).toEqual([4, 6, 7]);
  });

  it('rejects at once when aborted, even while a chunk is awaited', async () => {
    const controller = new AbortController();
    async function* stalled() {
      yield '1 2\n';
      await new Promise(() => {}); // never resolves
    }
    const run = simulateStream(stalled(), { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await rejected(run);
    expect((error as Error).name).toBe('AbortError');
    const before = new AbortController();
    before.abort();
    await expect(simulateStream(['1'], { signal: before.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('refuses bad sources and options with a clear error', async () => {
    for (const [source, options, message] of [
      [null, undefined, 'Expected `source` to be a stream or an (async) iterable'],
      [42, undefined, 'Expected `source` to be a stream or an (async) iterable'],
      [
        ['1'],
        { teams: 0 },
        'Expected `teams` to be a whole number from 1 to 2147483646, got `0` (number)',
      ],
      [['1'], { signal: 'x' }, 'Expected `signal` to be an AbortSignal'],
      [['1'], { onBytesRead: 1 }, 'Expected `onBytesRead` to be a function'],
      [['1'], { expectedBytes: -1 }, 'Expected `expectedBytes` to be a non-negative safe integer'],
      [['1'], { targetHeight: 0 }, 'Expected `targetHeight` to be an integer in [1, 255]'],
    ] as const) {
      const error = await rejected(simulateStream(source as never, options as never));
      expect(isIcewallError(error)).toBe(true);
      expect((error as Error).message).toContain(message);
    }
  });

  it('an expectedBytes past what one typed array holds still reads the config', async () => {
    // It only reserves the height buffer: 2^40 (a config of mostly comments, say)
    // threw "RangeError: Invalid typed array length" before reading a byte.
    const result = await simulateStream([SPEC], { teams: 2, expectedBytes: 2 ** 40 });
    expect(result.days).toBe(48);
    expect(result.totalCost()).toBe(32_233_500);
  });

  it('refuses totals that could not be exact, before answering', async () => {
    const error = await rejected(
      simulateStream(['0 0'], { icePerFoot: 2 ** 40, costPerCubicYard: 2 ** 20 }),
    );
    expect(error).toBeInstanceOf(RangeError);
    expect((error as { code: string }).code).toBe('ERR_NOT_EXACT');
  });
});
