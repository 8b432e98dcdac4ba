// icewall/engine where the runtime refuses code generated from strings
// (`node --disallow-code-generation-from-strings`, as a hardened deployment
// may run): the event batches fall back to loops over the event table, on
// the worker and on the main thread, and runParallel re-emits the same
// events as sim.run(). Needs a build (npm test builds first).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dist = new URL('../../dist/', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'icewall-no-codegen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCRIPT = `
import { runParallel } from ${JSON.stringify(new URL('engine.js', dist).href)};
import { parseWall, Simulation, SIMULATION_EVENT_NAMES } from ${JSON.stringify(new URL('index.js', dist).href)};
let refused = false;
try { new Function('return 1'); } catch (error) { refused = error instanceof EvalError; }
const wall = parseWall('21 25 28\\n17\\n17 22 17 19 17\\n');
const record = (sim) => {
  const events = [];
  for (const name of SIMULATION_EVENT_NAMES) sim.on(name, (e) => events.push([name, e]));
  return events;
};
const here = new Simulation(wall, { teams: 2, progressSteps: 7 });
const there = new Simulation(wall, { teams: 2, progressSteps: 7 });
const expected = record(here);
const actual = record(there);
here.run();
const result = await runParallel(there, { batchSize: 5 });
console.log(JSON.stringify({ refused, days: result.days, same: JSON.stringify(actual) === JSON.stringify(expected), events: actual.length }));
process.exit(0);
`;

describe('without code generation from strings', () => {
  it('runParallel runs and re-emits the same events as sim.run()', () => {
    const script = join(dir, 'run.mjs');
    writeFileSync(script, SCRIPT);
    const out = execFileSync(
      process.execPath,
      ['--disallow-code-generation-from-strings', script],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(JSON.parse(out.trim())).toEqual({
      refused: true,
      days: 48,
      same: true,
      events: expect.any(Number),
    });
    expect(JSON.parse(out.trim()).events).toBeGreaterThan(60);
  });
});
