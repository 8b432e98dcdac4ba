import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/core/numbers.js';

describe('the CLI number format', () => {
  it("writes what toLocaleString('en-US') writes", () => {
    const values = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 9999, 10_000, 99_999, 100_000];
    values.push(999_999, 1_000_000, 32_233_500, 2 ** 31, 2 ** 32 + 7, 2 ** 53 - 1, -5, -12_345);
    for (let n = 1; n < 2 ** 53; n = n * 7 + 3) values.push(n);
    for (const n of values) expect(formatNumber(n)).toBe(n.toLocaleString('en-US'));
  });
});
