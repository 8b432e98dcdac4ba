// A config given as bytes may be larger than any JS string can be (600 MiB:
// in the large suite, `npm run test:large`).
import { constants } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { type CrewStrategy, createWall, parseWall, simulate } from '../../src/index.js';

describe('inputs beyond the string limit', () => {
  it('parses 600 MiB of bytes and simulates the wall', () => {
    // 64 bytes: two sections and a comment.
    const line = `29 28 #${'-'.repeat(56)}\n`;
    expect(line.length).toBe(64);
    const bytes = Buffer.alloc(600 * 1024 * 1024);
    bytes.fill(line);
    expect(bytes.length).toBeGreaterThan(constants.MAX_STRING_LENGTH);
    const wall = parseWall(bytes);
    const lines = bytes.length / 64;
    expect(wall.profileCount).toBe(lines);
    expect(wall.sectionCount).toBe(2 * lines);
    expect(wall.height(lines, 2)).toBe(28);
    const result = simulate(wall);
    expect(result.days).toBe(2);
    expect(result.totalIce()).toBe(3 * lines * 195);
  });
});

describe('start days beyond 2^32', () => {
  it('a strategy of yours on a wall of more than 2^32 feet: the last start days are not cut to 32 bits', () => {
    // 169 profiles of 100,000 sections, each 255 feet short, one team:
    // 4,309,500,000 days. Start days are recorded in 32 bits until one
    // does not fit, then in 64.
    const rows = Array.from({ length: 169 }, () => new Array<number>(100_000).fill(0));
    const wall = createWall(rows, { targetHeight: 255, maxSectionsPerProfile: Infinity });
    const first: CrewStrategy = {
      name: 'first',
      create:
        () =>
        ({ pending }) =>
          (pending.first() as { position: number }).position,
    };
    const result = simulate(wall, { teams: 1, strategy: first });
    const days = 255 * 169 * 100_000;
    expect(days).toBeGreaterThan(2 ** 32);
    expect(result.days).toBe(days);
    expect(result.profileDays(169)).toBe(days);
    expect(result.profileDays(168)).toBe(days - 255 * 100_000);
    // The last section starts on day days − 254 and is built every day to the end.
    expect(result.dailyIce(169, days - 254)).toBe(195);
    expect(result.dailyIce(169, days)).toBe(195);
    expect(result.dailyIce(168, days - 255 * 100_000 + 1)).toBe(0);
    expect(result.profileCost(169)).toBe(100_000 * 255 * 195 * 1900);
  });
});
