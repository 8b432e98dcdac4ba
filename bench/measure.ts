/**
 * One measurement in a fresh process, so that peak memory (maxRSS) belongs
 * to this case alone: `tsx bench/measure.ts <library|naive|events> <file> [teams]`.
 * Prints one JSON line: { ms, peakMiB, days, cost }.
 */
import { readFileSync } from 'node:fs';
import { naiveRun } from './naive.js';

const [kind, file, teamsArg] = process.argv.slice(2);
// The runner snapshots dist/ first, so rebuilding during a long run is safe.
const entry = process.env.ICEWALL_BENCH_ENTRY ?? new URL('../dist/index.js', import.meta.url).href;
const { parseWall, Simulation, simulate } = (await import(
  entry
)) as typeof import('../src/index.js');
if (kind === undefined || file === undefined)
  throw new Error('usage: measure <kind> <file> [teams]');
const teams = teamsArg === undefined || teamsArg === '-' ? undefined : Number(teamsArg);
const options = { maxSectionsPerProfile: Number.POSITIVE_INFINITY };

const started = performance.now();
let days: number;
let cost: number;
if (kind === 'naive') {
  ({ days, cost } = naiveRun(readFileSync(file, 'utf8'), teams));
} else {
  const wall = parseWall(readFileSync(file), options);
  if (kind === 'events') {
    // A Simulation with no listeners must cost what simulate() costs.
    const result = new Simulation(wall, { teams }).run();
    days = result.days;
    cost = result.totalCost();
  } else if (kind === 'listened') {
    let n = 0;
    const sim = new Simulation(wall, { teams });
    sim.on('sectionCompleted', () => n++);
    sim.on('teamRelieved', () => n++);
    const result = sim.run();
    days = result.days;
    cost = result.totalCost();
  } else {
    const result = simulate(wall, { teams });
    days = result.days;
    cost = result.totalCost();
  }
}
const ms = performance.now() - started;
const peakMiB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ ms, peakMiB, days, cost }));
