// Objects made by one copy of icewall are recognised by another (issue 9,
// items 3 and 4): the ESM and CJS builds each carry their own classes, so
// walls and built-in strategies are recognised by registered-symbol brands.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
// Held in variables so the type checker does not need a build to exist.
const esmEntry = '../../dist/index.js';
const esmTesting = '../../dist/testing.js';

describe('brands across the ESM and CJS builds', () => {
  it('a Wall from the CJS icewall/testing is accepted by the CJS and ESM cores', async () => {
    const cjs = require('../../dist/index.cjs');
    const cjsTesting = require('../../dist/testing.cjs');
    const esm = await import(esmEntry);
    const wall = cjsTesting.exampleWall();
    expect(cjs.simulate(wall).days).toBe(13);
    expect(esm.simulate(wall, { teams: 2 }).days).toBe(48);
    expect(new esm.Simulation(wall).run().totalCost()).toBe(32_233_500);
  });

  it('a Wall from the ESM build is accepted by the CJS build, and the other way', async () => {
    const cjs = require('../../dist/index.cjs');
    const esm = await import(esmEntry);
    const esmTest = await import(esmTesting);
    expect(cjs.simulate(esm.parseWall('21 25 28\n17\n17 22 17 19 17')).days).toBe(13);
    expect(cjs.simulate(esmTest.exampleWall(), { teams: 2 }).days).toBe(48);
    expect(esm.simulate(cjs.createWall([[21, 25, 28]])).days).toBe(9);
    expect(() => esm.simulate({ heights: new Uint8Array(1) })).toThrow(/Expected `wall`/);
  });

  it("a built-in strategy of one build keeps the other's fast path; a spread copy is checked", async () => {
    const cjs = require('../../dist/index.cjs');
    const esm = await import(esmEntry);
    const wall = esm.parseWall('21 25 28\n17\n17 22 17 19 17');
    // Trusted strategies skip the pick checks; a checked one would see `pending`.
    expect(esm.simulate(wall, { teams: 2, strategy: cjs.longestFirst }).days).toBe(
      cjs.simulate(wall, { teams: 2, strategy: cjs.longestFirst }).days,
    );
    // The brand is a registered symbol, so each build sees the other's: a frozen
    // object with a non-enumerable brand (what the engine's fast path checks).
    for (const s of [cjs.inOrder, esm.inOrder, cjs.roundRobin]) {
      const brand = Object.getOwnPropertyDescriptor(s, Symbol.for('icewall.trustedStrategy'));
      expect(brand).toMatchObject({ value: true, enumerable: false });
      expect(Object.isFrozen(s)).toBe(true);
    }
    const spread = { ...cjs.inOrder, name: 'mine', create: () => () => 99 };
    expect(() => esm.simulate(wall, { teams: 2, strategy: spread })).toThrow(
      /strategy "mine" on day 1, team 1 picked position 99/,
    );
    let sawPending = false;
    const peeking = {
      ...esm.inOrder,
      name: 'peek',
      create: () => (ctx: { pending: { first(): unknown } | null }) => {
        sawPending = ctx.pending !== null;
        return ctx.pending?.first();
      },
    };
    expect(cjs.simulate(wall, { teams: 2, strategy: peeking }).days).toBe(48);
    expect(sawPending).toBe(true);
  });
});
