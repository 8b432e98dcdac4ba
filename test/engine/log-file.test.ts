// SPEC §7/§10: the same log file, byte for byte, whichever engine ran it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { parseWall, roundRobin, Simulation } from '../../src/index.js';
import { attachLogFile } from '../../src/sinks/index.js';
import { randomWall } from '../../src/testing/index.js';

const engine = createEngine({ threads: 2 });
const dir = mkdtempSync(join(tmpdir(), 'icewall-log-'));
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

async function logs(
  wall: ReturnType<typeof parseWall>,
  options: object,
  name: string,
): Promise<[string, string]> {
  const here = new Simulation(wall, options);
  const hereSink = attachLogFile(here, join(dir, `${name}-core.log`));
  here.run();
  await hereSink.close();
  const there = new Simulation(wall, options);
  const thereSink = attachLogFile(there, join(dir, `${name}-engine.log`));
  await engine.run(there, { batchSize: 100 });
  await thereSink.close();
  return [
    readFileSync(join(dir, `${name}-core.log`), 'utf8'),
    readFileSync(join(dir, `${name}-engine.log`), 'utf8'),
  ];
}

describe('log file', () => {
  it('SPEC §5, two teams', async () => {
    const [core, parallel] = await logs(
      parseWall('21 25 28\n17\n17 22 17 19 17\n'),
      { teams: 2 },
      'spec',
    );
    expect(parallel).toBe(core);
    expect(core).toContain('day 5: team 2 completed profile 1 section 2\n');
    expect(core).toContain('day 39: team 2 relieved\n');
  });

  it('random walls, both modes', async () => {
    for (const seed of [1, 2, 3]) {
      const wall = randomWall({ seed, profiles: 30, sections: [1, 60] });
      for (const options of [{}, { teams: 7 }, { teams: 40, strategy: roundRobin }]) {
        const [core, parallel] = await logs(wall, options, `r${seed}`);
        expect(parallel).toBe(core);
        expect(core.length).toBeGreaterThan(0);
      }
    }
  });
});
