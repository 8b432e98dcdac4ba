// Issue 19 #17: every surface follows docs/errors.md's one table. Each case
// here used to escape it (a raw Node error, a TypeError without a code, a
// profile 0 that was "not found" in the API but malformed everywhere else).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simulateParallel } from '../../src/engine/index.js';
import {
  createWall,
  parseWall,
  parseWallStream,
  Simulation,
  simulate,
  WallParser,
} from '../../src/index.js';
import { attachConsole, attachJsonLines, attachLogFile } from '../../src/sinks/index.js';
import { randomWall } from '../../src/testing/index.js';
import { thrown } from '../thrown.js';

const dir = mkdtempSync(join(tmpdir(), 'icewall-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the error table, applied everywhere', () => {
  it('a file the engine cannot read is ERR_IO naming the path (was a raw ENOENT / EISDIR)', async () => {
    const missing = join(dir, 'missing.txt');
    await expect(simulateParallel({ path: missing })).rejects.toMatchObject({
      code: 'ERR_IO',
      message: `cannot read ${missing}: no such file`,
    });
    await expect(simulateParallel({ path: dir })).rejects.toMatchObject({
      code: 'ERR_IO',
      message: `cannot read ${dir}: it is a folder`,
    });
  });

  it('attachLogFile(sim, 42) is ERR_INVALID_OPTION (it was accepted, then ERR_IO)', () => {
    const error = thrown(() => attachLogFile(new Simulation(parseWall('1 2')), 42 as never));
    expect(error).toMatchObject({
      code: 'ERR_INVALID_OPTION',
      message:
        'Expected `path` to be a file path (the second argument of attachLogFile), got `42` (number)',
    });
  });

  it.each([
    ['attachLogFile', (sim: unknown) => attachLogFile(sim as never, join(dir, 'never.log'))],
    ['attachJsonLines', (sim: unknown) => attachJsonLines(sim as never, process.stdout)],
    ['attachConsole', (sim: unknown) => attachConsole(sim as never)],
  ])('%s(null) is ERR_INVALID_OPTION before anything opens (was a bare TypeError)', (_, attach) => {
    expect(thrown(() => attach(null))).toMatchObject({
      code: 'ERR_INVALID_OPTION',
      message:
        'Expected `simulation` to be a Simulation (new Simulation(wall, options)), got `null` (null)',
    });
    expect(existsSync(join(dir, 'never.log'))).toBe(false);
  });

  it('a chunk that is neither text nor bytes, or parseWall(5), is ERR_INVALID_OPTION (was a bare TypeError)', async () => {
    await expect(parseWallStream([5 as never])).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTION',
      message:
        'Expected `chunk` to be a string or a Uint8Array (a piece of the config), got `5` (number)',
    });
    expect(thrown(() => parseWall(5 as never))).toMatchObject({ code: 'ERR_INVALID_OPTION' });
  });

  it('new WallParser checks expectedBytes as simulateStream does (it took -1, NaN and "x")', () => {
    for (const bad of [-1, Number.NaN, 'x']) {
      expect(thrown(() => new WallParser({}, bad as never))).toMatchObject({
        code: 'ERR_INVALID_OPTION',
        message: expect.stringContaining(
          'Expected `expectedBytes` to be a non-negative safe integer',
        ),
      });
    }
  });

  it.each([[[5, 1]], [[1, 2, 3]], [[0, 3]], [0], [2.5]])(
    'randomWall({ sections: %j }) is refused naming the option (it was accepted, or blamed a profile)',
    (sections) => {
      expect(thrown(() => randomWall({ sections: sections as never }))).toMatchObject({
        code: 'ERR_INVALID_OPTION',
        message: expect.stringContaining(
          'Expected `sections` to be a positive integer or [min, max] of them with min ≤ max',
        ),
      });
    },
  );

  it('a byte order mark in mid-config is shown in the message (it read "3" is not a whole number)', () => {
    const message = 'line 2, column 1: "\\ufeff3" is not a whole number';
    expect(thrown(() => parseWall('1 2\n\ufeff3 4'))).toMatchObject({ code: 'ERR_PARSE', message });
    const bytes = new TextEncoder().encode('1 2\n\ufeff3 4');
    expect(thrown(() => parseWall(bytes))).toMatchObject({ code: 'ERR_PARSE', message });
  });

  it('createWall names the section that broke the limit (it said section 0)', () => {
    const error = thrown(() => createWall([Array(2001).fill(1)]));
    expect(error).toMatchObject({ code: 'ERR_INVALID_WALL', profile: 1, section: 2001 });
  });

  it('profile 0 is a malformed number, as in HTTP and the CLI; past the wall it does not exist', () => {
    const result = simulate(parseWall('1 2\n3'));
    expect(thrown(() => result.dailyIce(0, 1))).toMatchObject({
      code: 'ERR_OUT_OF_RANGE',
      message: 'profile must be a whole number from 1 to 2, got `0` (number)',
    });
    expect(thrown(() => result.dailyIce(3, 1))).toMatchObject({
      code: 'ERR_OUT_OF_RANGE',
      message: 'profile 3 does not exist: the wall has profiles 1 to 2',
    });
  });
});
