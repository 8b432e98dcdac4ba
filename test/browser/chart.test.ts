// `icewall chart`'s SVG drawn by Chromium at 3, 40 and 10^5 profiles: no
// two texts overlap as the browser lays them out (real boxes, getBBox), and
// a PNG of each is saved for a person to look at (CHART_PNG_DIR, else a temp folder).
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartSvg } from '../../src/cli/chart-svg.js';
import { parseWall, simulate } from '../../src/index.js';
import { randomWall } from '../../src/testing/index.js';
import { overlaps } from '../support/boxes.js';
import { launchBrowser } from '../support/browser.js';

const pngDir = process.env.CHART_PNG_DIR ?? join(tmpdir(), 'icewall-charts');
let browser: Browser;

beforeAll(async () => {
  mkdirSync(pngDir, { recursive: true });
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** Every text's box as Chromium lays it out. */
const BOXES = `[...document.querySelectorAll('svg text')].map((t) => {
  const b = t.getBBox();
  return { text: t.textContent, x: b.x, y: b.y, width: b.width, height: b.height };
})`;

describe.each([
  ['3 profiles', () => simulate(parseWall('21 25 28\n17\n17 22 17 19 17\n'), { teams: 2 })],
  ['40 profiles', () => simulate(randomWall({ seed: 40, profiles: 40, sections: [1, 60] }))],
  [
    '100,000 profiles',
    () => simulate(randomWall({ seed: 5, profiles: 100_000, sections: [1, 4] }), { teams: 300 }),
  ],
])('the chart of %s in Chromium', (name, run) => {
  it('has no overlapping texts, and is saved as a PNG', async () => {
    const svg = chartSvg(run(), `${name.replace(/\W+/g, '-')}.txt`);
    const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
    await page.setContent(svg.slice(svg.indexOf('<svg')));
    const boxes = (await page.evaluate(BOXES)) as {
      text: string;
      x: number;
      y: number;
      width: number;
      height: number;
    }[];
    expect(boxes.length).toBeGreaterThan(8);
    expect(overlaps(boxes)).toEqual([]);
    const height = Number(/height="(\d+)"/.exec(svg)?.[1]);
    const outside = boxes.filter(
      (b) => b.x < 0 || b.y < 0 || b.x + b.width > 900 || b.y + b.height > height,
    );
    expect(outside).toEqual([]);
    await page.screenshot({ path: join(pngDir, `${name.replace(/\W+/g, '-')}.png`) });
    await page.close();
  });
});
