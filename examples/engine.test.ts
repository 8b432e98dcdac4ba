// The parallel engine with a custom strategy: the strategy runs on worker
// threads by module (a strategy object cannot cross threads), and every
// answer is the single-threaded core's. Run: npm run examples
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planTeams, Simulation, simulate } from 'icewall';
import { createEngine, runParallel, simulateParallel } from 'icewall/engine';
import { exampleWall } from 'icewall/testing';
import { stayOnProfile } from './nearest-profile.js';

// A .ts module: each worker registers tsx (found from this folder) before
// importing it. (Here `icewall` maps to src/ through tsconfig paths; the same
// from an installed package is tested in test/package/ts-strategy.test.ts.)
const strategy = {
  module: new URL('./nearest-profile.ts', import.meta.url),
  export: 'stayOnProfile',
};

test('runParallel: the same events and result as sim.run()', async () => {
  const here = new Simulation(exampleWall(), { teams: 2, strategy: stayOnProfile });
  const there = new Simulation(exampleWall(), { teams: 2, strategy: stayOnProfile });
  const want: string[] = [];
  const got: string[] = [];
  here.on('sectionCompleted', (e) => want.push(`${e.day}:${e.team}:${e.profile}:${e.section}`));
  there.on('sectionCompleted', (e) => got.push(`${e.day}:${e.team}:${e.profile}:${e.section}`));
  const expected = here.run();
  const result = await runParallel(there, { strategy });
  assert.deepEqual(got, want);
  assert.equal(result.days, expected.days);
});

test('compare and planTeams on an engine', async () => {
  await using engine = createEngine({ threads: 2 });
  const wall = exampleWall();
  const results = await engine.compare(wall, [{ teams: 2 }, { teams: 2, strategy }, {}]);
  assert.deepEqual(
    results.map((r) => r.days),
    [48, simulate(wall, { teams: 2, strategy: stayOnProfile }).days, 13],
  );
  const plan = await engine.planTeams(wall, { deadline: 30 });
  assert.deepEqual([plan.teams, plan.days], [4, 26]);
  assert.deepEqual(planTeams(wall, { deadline: 30 }).teams, 4);
});

test('simulateParallel: config bytes, one crew per section', async () => {
  const bytes = new TextEncoder().encode('21 25 28\n17\n17 22 17 19 17\n');
  const result = await simulateParallel(bytes, { parallelism: 2 });
  assert.equal(result.totalCost(), 32_233_500);
});
