// simulateParallel / engine.simulate: byte ranges counted by workers give
// the core's result; the first ParseError in file order, as parseWall.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, simulateParallel } from '../../src/engine/index.js';
import { createWall, isIcewallError, ParseError, parseWall, simulate } from '../../src/index.js';
import { wallArb } from '../arbitraries.js';
import { thrown } from '../thrown.js';
import { badConfigArb, expectSameResult } from './helpers.js';

const engine = createEngine({ threads: 3 });
const dir = mkdtempSync(join(tmpdir(), 'icewall-engine-'));
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const CONFIG = '21 25 28\n17\n17 22 17 19 17\n';
const encode = (text: string) => new TextEncoder().encode(text);

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The config text of a wall, with some blank and comment lines and CRLFs mixed in. */
function configOf(profiles: number[][], seed: number): string {
  return profiles
    .map((row, k) => {
      const line = row.join(k % 2 === 0 ? ' ' : '\t');
      if ((seed + k) % 5 === 0) return `# profile ${k + 1}\n${line}`;
      if ((seed + k) % 7 === 0) return `${line}\r`;
      if ((seed + k) % 3 === 0) return `${line}  # note\n`;
      return line;
    })
    .join('\n')
    .concat('\n');
}

describe('simulateParallel: one crew per section, counted in byte ranges', () => {
  it('the SPEC §5 wall from bytes, a path and a URL', async () => {
    const expected = simulate(parseWall(CONFIG));
    const path = file('spec.txt', CONFIG);
    for (const source of [encode(CONFIG), { path }, pathToFileURL(path)]) {
      const result = await engine.simulate(source, { parallelism: 3 });
      expectSameResult(result, expected);
      expect(result.wall).toBeUndefined();
    }
  });

  it('random configs, 1 to 6 threads, bytes and files: the core result', async () => {
    await fc.assert(
      fc.asyncProperty(
        wallArb(30, 12),
        fc.integer({ min: 1, max: 6 }),
        fc.nat(100),
        async (profiles, threads, seed) => {
          const text = configOf(profiles, seed);
          const expected = simulate(createWall(profiles));
          expectSameResult(await engine.simulate(encode(text), { parallelism: threads }), expected);
          const path = file(`random-${seed}.txt`, text);
          expectSameResult(await engine.simulate({ path }, { parallelism: threads }), expected);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reports progress up to the size, from the workers', async () => {
    const text = `${'1 2 3 4 5 6 7 8 9\n'.repeat(5000)}`;
    const path = file('progress.txt', text);
    const seen: number[] = [];
    await engine.simulate({ path }, { parallelism: 2, onBytesRead: (n) => seen.push(n) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe(text.length);
    for (let k = 1; k < seen.length; k++) {
      expect(seen[k] as number).toBeGreaterThan(seen[k - 1] as number);
    }
  });

  it('wall options apply', async () => {
    const text = '1 2 3\n10 0\n';
    const result = await engine.simulate(encode(text), { parallelism: 2, targetHeight: 10 });
    expectSameResult(result, simulate(parseWall(text, { targetHeight: 10 })));
  });
});

describe('simulateParallel: errors are the core errors', () => {
  /** parseWall's error for a text, or null. */
  function coreError(text: string): ParseError | null {
    try {
      parseWall(text);
      return null;
    } catch (error) {
      return error as ParseError;
    }
  }

  it('errors in several ranges: the first in file order, same message, line, column', async () => {
    const good = '1 2 3 4 5 6 7 8\n';
    const text = `${good.repeat(50)}1 2 31\n${good.repeat(50)}x y\n${good.repeat(50)}1 99\n`;
    const expected = coreError(text) as ParseError;
    expect(expected.line).toBe(51);
    for (const threads of [1, 2, 3]) {
      for (const source of [encode(text), { path: file('errors.txt', text) }]) {
        const error = await engine.simulate(source, { parallelism: threads }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ParseError);
        expect((error as ParseError).message).toBe(expected.message);
        expect((error as ParseError).line).toBe(expected.line);
        expect((error as ParseError).column).toBe(expected.column);
        expect((error as ParseError).reason).toBe(expected.reason);
      }
    }
  });

  it('random errors anywhere: same error as parseWall, whatever the threads', async () => {
    await fc.assert(
      fc.asyncProperty(badConfigArb(10), fc.integer({ min: 2, max: 3 }), async (text, threads) => {
        const expected = coreError(text);
        const error = await engine.simulate(encode(text), { parallelism: threads }).then(
          () => null,
          (e: unknown) => e,
        );
        if (expected === null) expect(error).toBeNull();
        else {
          expect((error as ParseError).message).toBe(expected.message);
          expect((error as ParseError).line).toBe(expected.line);
          expect((error as ParseError).column).toBe(expected.column);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('an empty config (only comments) is the core empty error', async () => {
    const text = '# nothing\n\n# here\n'.repeat(20);
    const expected = coreError(text) as ParseError;
    await expect(engine.simulate(encode(text), { parallelism: 3 })).rejects.toThrow(
      expected.message,
    );
  });

  it('a profile over the section limit, in a later range', async () => {
    const text = `${'1 2\n'.repeat(200)}${'1 '.repeat(30)}\n3\n`;
    const expected = coreError(text.replace('1 2\n', '1 2\n')) === null;
    expect(expected).toBe(true);
    const core = thrown(() => parseWall(text, { maxSectionsPerProfile: 10 })) as ParseError;
    const error = await engine
      .simulate(encode(text), { parallelism: 3, maxSectionsPerProfile: 10 })
      .catch((e: unknown) => e as ParseError);
    expect((error as ParseError).message).toBe(core?.message);
    expect((error as ParseError).line).toBe(201);
  });

  it('refuses a plain string, saying what to pass', async () => {
    await expect(simulateParallel('wall.txt' as never)).rejects.toThrow(
      'a string source is ambiguous (config text or a file name?): pass a file as { path: "wall.txt" } or as a file: URL',
    );
    const error = await simulateParallel('1 2' as never).catch((e: unknown) => e);
    expect(isIcewallError(error)).toBe(true);
  });

  it('refuses a URL that is not a file', async () => {
    await expect(engine.simulate(new URL('https://example.com/wall.txt'))).rejects.toThrow(
      'only file: URLs can be read',
    );
  });

  it('a missing file rejects', async () => {
    await expect(engine.simulate({ path: join(dir, 'missing.txt') })).rejects.toMatchObject({
      code: 'ERR_IO',
      message: `cannot read ${join(dir, 'missing.txt')}: no such file`,
    });
  });
});

describe('simulateParallel: teams and walls', () => {
  it('with teams, the core schedule (any strategy object works: it runs here)', async () => {
    const lastFirst = {
      name: 'lastFirst',
      create: () => (c: { pending: Iterable<{ position: number }> }) => {
        let last = 0;
        for (const s of c.pending) last = s.position;
        return last;
      },
    };
    const wall = parseWall(CONFIG);
    const result = await engine.simulate(encode(CONFIG), {
      teams: 3,
      strategy: lastFirst as never,
    });
    expectSameResult(result, simulate(wall, { teams: 3, strategy: lastFirst as never }));
  });

  it('with teams from a file: parsed in chunks with progress, then scheduled', async () => {
    const text = `${CONFIG}${'1 2 3 4 5\n'.repeat(3000)}`;
    const path = file('teams.txt', text);
    const seen: number[] = [];
    const result = await engine.simulate({ path }, { teams: 7, onBytesRead: (n) => seen.push(n) });
    expectSameResult(result, simulate(parseWall(text), { teams: 7 }));
    expect(seen.at(-1)).toBe(text.length);
    const bad = file('teams-bad.txt', `${text}1 2 x\n`);
    await expect(engine.simulate({ path: bad }, { teams: 7 })).rejects.toThrow(
      `line ${3004}, column 5: "x" is not a whole number`,
    );
  });

  it('a Wall source', async () => {
    const wall = parseWall(CONFIG);
    expectSameResult(await engine.simulate(wall), simulate(wall));
    expectSameResult(await engine.simulate(wall, { teams: 2 }), simulate(wall, { teams: 2 }));
  });

  it('the module-level function uses the shared engine', async () => {
    expectSameResult(await simulateParallel(encode(CONFIG)), simulate(parseWall(CONFIG)));
  });
});
