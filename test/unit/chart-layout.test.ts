// The chart's geometry (issue 21 §5): labels never overlap, whatever the
// number of profiles; the costliest profiles get their own colour and the
// rest are one "others" band. Boxes here are estimated from the text's
// length; test/browser/chart.test.ts checks the boxes Chromium lays out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chartLayout,
  chartProfiles,
  spreadLabels,
  type TextBox,
  TOP_PROFILES,
} from '../../src/cli/chart-svg.js';
import { parseWall, simulate } from '../../src/index.js';
import { randomWall } from '../../src/testing/index.js';
import { overlaps } from '../support/boxes.js';

const EXAMPLE = '21 25 28\n17\n17 22 17 19 17\n';

/** The boxes that leave the picture (900 wide, as tall as its viewBox). */
function outside(svg: string, texts: readonly TextBox[]): string[] {
  const [, width, height] = /viewBox="0 0 (\d+) (\d+)"/.exec(svg) ?? [];
  return texts
    .filter(
      (b) => b.x < 0 || b.y < 0 || b.x + b.width > Number(width) || b.y + b.height > Number(height),
    )
    .map((b) => b.text);
}

describe('the chart layout', () => {
  it.each([
    ['3 profiles', () => simulate(parseWall(EXAMPLE), { teams: 2 }), 3],
    [
      '9 profiles (all drawn)',
      () => simulate(randomWall({ seed: 9, profiles: 9, sections: 50 })),
      9,
    ],
    ['40 profiles', () => simulate(randomWall({ seed: 40, profiles: 40, sections: [1, 60] })), 9],
    [
      '100,000 profiles',
      () => simulate(randomWall({ seed: 5, profiles: 100_000, sections: [1, 4] })),
      9,
    ],
  ])('%s: texts apart and inside the picture, %i bands', (_, run, bands) => {
    const result = run();
    const { svg, texts } = chartLayout(
      result,
      'a-wall-with-a-long-name-that-goes-on-and-on-for-ever.txt',
    );
    expect(overlaps(texts)).toEqual([]);
    expect(outside(svg, texts)).toEqual([]);
    expect(svg.match(/<polygon /g)).toHaveLength(bands);
    // Distinct colours for the bands.
    const fills = [...svg.matchAll(/<polygon fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]);
    expect(new Set(fills).size).toBe(bands);
    expect(svg.length).toBeLessThan(120_000);
  });

  it('names the others and keeps the title short', () => {
    const result = simulate(randomWall({ seed: 40, profiles: 40, sections: [1, 60] }));
    const { svg, texts } = chartLayout(result, 'x'.repeat(100));
    expect(svg).toContain('stacked: the 8 costliest profiles and 32 others');
    expect(texts.some((t) => t.text === '32 others')).toBe(true);
    expect(texts[texts.length - 9]?.text).toMatch(/^x{39}…: 30 days, /);
  });
});

describe('chartProfiles', () => {
  it('is the costliest profiles, costliest first, ties to the lower number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer(), (profiles, seed) => {
        const result = simulate(randomWall({ seed, profiles, sections: [1, 5] }));
        const all = Array.from({ length: profiles }, (_, i) => i + 1);
        const sorted = all.sort((a, b) => result.profileCost(b) - result.profileCost(a) || a - b);
        const keep = profiles <= TOP_PROFILES + 1 ? profiles : TOP_PROFILES;
        expect(chartProfiles(result)).toEqual(sorted.slice(0, keep));
      }),
      { numRuns: 100 },
    );
  });
});

describe('spreadLabels', () => {
  it('keeps labels a line apart, in order, within the bounds, and leaves lone labels alone', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 500, noNaN: true }), { maxLength: 9 }),
        (wanted) => {
          const placed = spreadLabels(wanted, 14, 0, 300);
          const order = wanted
            .map((_, i) => i)
            .sort((a, b) => (wanted[a] as number) - (wanted[b] as number));
          for (let k = 1; k < order.length; k++) {
            const gap =
              (placed[order[k] as number] as number) - (placed[order[k - 1] as number] as number);
            expect(gap).toBeGreaterThanOrEqual(14 - 1e-9);
          }
          for (const y of placed) {
            expect(y).toBeGreaterThanOrEqual(0);
            expect(y).toBeLessThanOrEqual(300);
          }
        },
      ),
    );
    expect(spreadLabels([50, 200], 14, 0, 300)).toEqual([50, 200]);
    expect(spreadLabels([300, 300, 300], 14, 0, 300)).toEqual([272, 286, 300]);
  });
});
