// Issue 18 §7: a result serializes to its answers. JSON.stringify(result)
// is exactly what `icewall simulate --format json` prints for the same wall
// and options (the real CLI, built dist/cli.js, as a child process; npm test
// builds it), not the heights, the ledger and the options.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWall, Simulation, simulate, simulateStream } from '../../src/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = `${root}dist/cli.js`;
const dir = mkdtempSync(join(tmpdir(), 'icewall-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CONFIG = '21 25 28\n17\n17 22 17 19 17\n# a comment\n30 30\n';
const wallFile = join(dir, 'wall.txt');
writeFileSync(wallFile, CONFIG);

/** What `icewall simulate FILE --format json ...args` prints, as compact JSON text. */
function cliJson(...args: string[]): string {
  const r = spawnSync(bin, ['simulate', wallFile, '--format', 'json', ...args], {
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.stringify(JSON.parse(r.stdout));
}

describe('JSON.stringify(result) is the CLI --format json output', () => {
  it.each<[string, string[], { teams?: number }]>([
    ['one crew per section', [], {}],
    ['two teams', ['--teams', '2'], { teams: 2 }],
  ])('%s', async (_, args, options) => {
    const expected = cliJson(...args);
    const wall = parseWall(CONFIG);
    expect(JSON.stringify(simulate(wall, options))).toBe(expected);
    expect(JSON.stringify(new Simulation(wall, options).run())).toBe(expected);
    expect(JSON.stringify(await simulateStream([CONFIG], options))).toBe(expected);
  });

  it('is the answers only: days, ice, cost and one summary per profile', () => {
    const result = simulate(parseWall(CONFIG), { teams: 2 });
    expect(result.toJSON()).toEqual({
      days: 48,
      ice: 16_965,
      cost: 32_233_500,
      profiles: [
        { profile: 1, sections: 3, days: 9, ice: 3120, cost: 5_928_000 },
        { profile: 2, sections: 1, days: 20, ice: 2535, cost: 4_816_500 },
        { profile: 3, sections: 5, days: 48, ice: 11_310, cost: 21_489_000 },
        { profile: 4, sections: 2, days: 0, ice: 0, cost: 0 },
      ],
    });
  });
});
