import { describe, expect, it } from 'vitest';
import { createWall, InvalidWallError, isIcewallError, parseWall, Wall } from '../../src/index.js';
import { thrown } from '../thrown.js';

function wallError(fn: () => unknown): InvalidWallError {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(InvalidWallError);
  return error as InvalidWallError;
}

describe('createWall', () => {
  it('gives the same wall as parsing the same config', () => {
    const rows = [[21, 25, 28], [17], [17, 22, 17, 19, 17]];
    const a = createWall(rows);
    const b = parseWall('21 25 28\n17\n17 22 17 19 17');
    expect(a.heights).toEqual(b.heights);
    expect(a.profileStarts).toEqual(b.profileStarts);
    expect(a.toArrays()).toEqual(rows);
  });

  it('names profile and section of a height out of range', () => {
    const e = wallError(() =>
      createWall([
        [1, 2],
        [3, 31],
      ]),
    );
    expect(e.message).toBe('profile 2, section 2: height 31 is out of range [0, 30]');
    expect([e.profile, e.section, e.code]).toEqual([2, 2, 'ERR_INVALID_WALL']);
  });

  it('rejects heights that are not whole numbers', () => {
    expect(wallError(() => createWall([[1.5]])).message).toBe(
      'profile 1, section 1: 1.5 is not a whole number',
    );
    expect(wallError(() => createWall([[1, '2' as unknown as number]])).message).toBe(
      'profile 1, section 2: "2" is not a whole number',
    );
    expect(wallError(() => createWall([[Number.NaN]])).message).toContain(
      'NaN is not a whole number',
    );
  });

  it('rejects an empty wall, an empty profile and too many sections', () => {
    expect(wallError(() => createWall([])).message).toBe('the wall has no profiles');
    expect(wallError(() => createWall([[1], []])).message).toBe(
      'profile 2: a profile needs at least one section',
    );
    expect(wallError(() => createWall([[1, 2, 3]], { maxSectionsPerProfile: 2 })).message).toBe(
      'profile 1: profile has 3 sections, more than the limit of 2',
    );
  });

  it('reads sections and heights back by 1-based numbers', () => {
    const wall = createWall([[4, 5], [6]]);
    expect(wall.profileCount).toBe(2);
    expect(wall.sectionCount).toBe(3);
    expect(wall.sectionsOf(1)).toBe(2);
    expect(wall.height(1, 2)).toBe(5);
    expect(wall.height(2, 1)).toBe(6);
    expect(() => wall.height(2, 2)).toThrow(RangeError);
    expect(() => wall.sectionsOf(0)).toThrow(
      'profile must be a whole number from 1 to 2, got `0` (number)',
    );
  });

  it('a section that does not exist is an ERR_OUT_OF_RANGE icewall error, like a profile', () => {
    // It was a plain RangeError (no code): the CLI and HTTP treat those as internal failures.
    const wall = createWall([[4, 5], [6]]);
    for (const [section, message] of [
      [3, 'section 3 does not exist: profile 1 has sections 1 to 2'],
      [0, 'section 0 does not exist: profile 1 has sections 1 to 2'],
      ['1', 'section must be a whole number from 1 to 2, got `"1"` (string)'],
      [1.5, 'section must be a whole number from 1 to 2, got `1.5` (number)'],
    ] as const) {
      const error = thrown(() => wall.height(1, section as number));
      expect(error).toBeInstanceOf(RangeError);
      expect(isIcewallError(error)).toBe(true);
      expect((error as { code?: string }).code).toBe('ERR_OUT_OF_RANGE');
      expect((error as Error).message).toBe(message);
    }
  });

  it('Wall has no public constructor, in JavaScript either: walls are checked where they are made', () => {
    // What plain JavaScript (or a cast) can still call.
    const Ctor = Wall as unknown as new (heights: Uint8Array, starts: Uint32Array) => Wall;
    const message =
      'Wall has no public constructor: make a wall with createWall(profiles), parseWall(text) or parseWallStream(stream)';
    expect(() => new Ctor(Uint8Array.of(1, 40), Uint32Array.of(0, 2))).toThrow(
      new TypeError(message),
    );
    // Making walls the documented ways leaves the door shut.
    expect(createWall([[1, 2], [3]]).toArrays()).toEqual([[1, 2], [3]]);
    expect(() => new Ctor(Uint8Array.of(1), Uint32Array.of(0, 1))).toThrow(message);
  });
});

describe('values JSON cannot show (issue 9, item 16)', () => {
  it('a BigInt or a circular object is an InvalidWallError, not a TypeError', () => {
    expect(() => createWall([[5n as unknown as number]])).toThrow(
      'profile 1, section 1: `5n` (bigint) is not a whole number',
    );
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => createWall([[1, loop as unknown as number]])).toThrow(InvalidWallError);
  });
});
