// The generator behind the reference-model tests must reach every shape of
// input the library treats differently; a generator that silently stopped
// producing one would leave that path untested.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseArb } from '../arbitraries.js';

describe('caseArb covers every shape', () => {
  it('draws short and long profiles, finished walls, one crew, T = 1 and T ≥ sections', () => {
    const counts = {
      shortOnly: 0,
      longProfile: 0,
      shortAndLong: 0,
      allFinished: 0,
      oneCrew: 0,
      oneTeam: 0,
      manyTeams: 0,
      teamsAtLeastSections: 0,
    };
    const cases = fc.sample(caseArb, { numRuns: 2000, seed: 42 });
    for (const c of cases) {
      const lengths = c.profiles.map((row) => row.length);
      const sections = lengths.reduce((a, b) => a + b, 0);
      const long = lengths.some((n) => n >= 32);
      const short = lengths.some((n) => n <= 7);
      if (!long) counts.shortOnly++;
      if (long) counts.longProfile++;
      if (long && short) counts.shortAndLong++;
      if (c.profiles.every((row) => row.every((h) => h === c.target))) counts.allFinished++;
      if (c.teams === undefined) counts.oneCrew++;
      else if (c.teams === 1) counts.oneTeam++;
      else if (c.teams >= sections) counts.teamsAtLeastSections++;
      else counts.manyTeams++;
    }
    // Each shape is drawn with weight ≥ 1/8; ask for a comfortable share of that.
    for (const [shape, n] of Object.entries(counts)) {
      expect(n, shape).toBeGreaterThan(cases.length / 16);
    }
  });
});
