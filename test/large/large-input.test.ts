// A config given as bytes may be larger than any JS string can be (600 MiB:
// in the large suite, `npm run test:large`).
import { constants } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { parseWall, simulate } from '../../src/index.js';

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
