// Testing a custom strategy with node:test (vitest and jest work the same way).
// Run: npm run examples
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simulate } from 'icewall';
import { checkStrategy, exampleWall } from 'icewall/testing';
import { stayOnProfile } from './nearest-profile.js';

test('stayOnProfile keeps the rules of the simulation', () => {
  checkStrategy(stayOnProfile);
});

test('stayOnProfile on the example wall: same cost, every section built', () => {
  const result = simulate(exampleWall(), { teams: 2, strategy: stayOnProfile });
  assert.equal(result.totalCost(), 32_233_500);
  assert.ok(result.days >= 44);
});
