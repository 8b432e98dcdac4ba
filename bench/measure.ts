/**
 * One measurement in a fresh process, so that peak memory (maxRSS) belongs
 * to this case alone: `tsx bench/measure.ts <kind> <file> [teams]`.
 * Prints one JSON line: { ms, peakMiB, days, cost, perEventNs? }.
 *
 * Every kind reads the file into memory first, untimed, except `scan-file`
 * (which times reading the file in 1 MiB chunks). What is timed:
 * - `scan`: a plain loop over every byte of the buffer;
 * - `parse`: parseWall on the buffer;
 * - `one-crew`: parseWall + simulate + the four answers;
 * - `naive`: decode + split into number[][] + day-by-day loop (one crew per section);
 * - `teams`: simulate with `teams` on the parsed wall + the four answers (parse untimed);
 * - `teams-total`: `simulate(wall, { teams }).totalCost()` on the parsed wall, issue 18's
 *   protocol against the tight loop, which also answers only the days and the total;
 * - `naive-teams`: the sparse naive teams loop on the parsed number[][] (parse untimed);
 * - `tight-teams`: the tight typed-array day loop on the parsed heights (parse untimed);
 * - `events`: Simulation.run with a `sectionCompleted` listener against simulate on the
 *   same wall, alternately, best of three each; reports the cost per event;
 * - `quiet-events`: Simulation.run with no listener against simulate, the same way;
 * - `scan-file`: read the file in 1 MiB chunks and loop over every byte.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { naiveRun, naiveTeams, tightTeams } from './naive.js';

const [kind, file, teamsArg] = process.argv.slice(2);
// The runner snapshots dist/ first, so rebuilding during a long run is safe.
const entry = process.env.ICEWALL_BENCH_ENTRY ?? new URL('../dist/index.js', import.meta.url).href;
const lib = (await import(entry)) as typeof import('../src/index.js');
if (kind === undefined || file === undefined) {
  throw new Error('usage: measure <kind> <file> [teams]');
}
const teams = teamsArg === undefined || teamsArg === '-' ? undefined : Number(teamsArg);
const options = { maxSectionsPerProfile: Number.POSITIVE_INFINITY };

type Outcome = { days: number; cost: number; perEventNs?: number };

function answers(result: import('../src/index.js').SimulationResult): Outcome {
  // The four questions; their answers feed the checksum so none is skipped.
  const check = result.dailyIce(1, 1) + result.profileCost(1, 1) + result.totalCost(1);
  return { days: result.days, cost: result.totalCost() + check * 0 };
}

function byteLoop(bytes: Uint8Array): number {
  let lines = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) lines++;
  return lines;
}

function best(run: () => void): number {
  let low = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    run();
    low = Math.min(low, performance.now() - t);
  }
  return low;
}

/** Listener cost: both variants alternate in this process, best of three each. */
function eventCost(listen: boolean): Outcome & { ms: number } {
  const wall = lib.parseWall(readFileSync(file as string), options);
  let events = 0;
  const base = best(() => lib.simulate(wall, { teams }));
  const withSim = best(() => {
    const sim = new lib.Simulation(wall, { teams });
    if (listen) sim.on('sectionCompleted', () => events++);
    sim.run();
  });
  const result = lib.simulate(wall, { teams });
  const perRun = listen ? events / 3 : 0;
  return {
    ms: withSim,
    days: result.days,
    cost: result.totalCost(),
    perEventNs: listen ? ((withSim - base) * 1e6) / perRun : (withSim / base) * 100,
  };
}

let outcome: Outcome & { ms?: number };
let started = 0;
switch (kind) {
  case 'events':
  case 'quiet-events':
    outcome = eventCost(kind === 'events');
    break;
  case 'scan-file': {
    started = performance.now();
    const fd = openSync(file, 'r');
    const chunk = Buffer.allocUnsafe(1 << 20);
    let lines = 0;
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) {
      lines += byteLoop(chunk.subarray(0, n));
    }
    closeSync(fd);
    outcome = { days: 0, cost: lines * 0 };
    break;
  }
  default: {
    const bytes = readFileSync(file);
    const wall =
      kind === 'teams' || kind === 'teams-total' || kind === 'naive-teams' || kind === 'tight-teams'
        ? lib.parseWall(bytes, options)
        : null;
    const arrays = kind === 'naive-teams' && wall !== null ? wall.toArrays() : null;
    started = performance.now();
    if (kind === 'scan') outcome = { days: 0, cost: byteLoop(bytes) * 0 };
    else if (kind === 'parse')
      outcome = { days: 0, cost: lib.parseWall(bytes, options).sectionCount * 0 };
    else if (kind === 'one-crew') outcome = answers(lib.simulate(lib.parseWall(bytes, options)));
    else if (kind === 'naive') outcome = naiveRun(bytes.toString('utf8'), undefined);
    else if (kind === 'teams' && wall !== null) outcome = answers(lib.simulate(wall, { teams }));
    else if (kind === 'teams-total' && wall !== null) {
      const result = lib.simulate(wall, { teams });
      outcome = { days: result.days, cost: result.totalCost() };
    } else if (kind === 'naive-teams' && arrays !== null) outcome = naiveTeams(arrays, teams ?? 1);
    else if (kind === 'tight-teams' && wall !== null)
      outcome = tightTeams(wall.heights as Uint8Array, teams ?? 1);
    else throw new Error(`unknown kind ${kind}`);
  }
}
const ms = outcome.ms ?? performance.now() - started;
const peakMiB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ ...outcome, ms, peakMiB }));
