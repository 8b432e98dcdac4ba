/**
 * One engine measurement in a fresh process (so peak RSS belongs to it):
 * `node bench/engine-measure.mjs <kind> <file> [arg]` (plain node: a
 * `--import tsx` would be inherited by every worker thread and slow its start). Prints one JSON line
 * { ms, peakMiB, days, cost, ... }. The file's time is included (file in,
 * four answers out) unless the kind says otherwise.
 *
 * - `obvious`: simulate(parseWall(readFileSync(file))) + the four answers;
 * - `par`: simulateParallel({ path }, { parallelism: arg }) + the four answers
 *   (`arg` a number, or `auto`);
 * - `compare`: engine.compare of 10, 100, 1000, 10^4 teams on the parsed wall,
 *   on an engine already started (parse and start untimed);
 * - `compare-core`: the core running those four one after another;
 * - `loop`: runParallel with 1000 teams and a `sectionCompleted` listener;
 *   reports the event loop's longest block and its p99 delay (ms);
 * - `break-even`: threads 1 against threads 2 (engine started), alternately,
 *   best of five each, on the first `arg` bytes of the file.
 * - `scan-chunks`: issue 22's P3 baseline: read the file in 1 MiB `readSync`
 *   chunks and sum every byte (page cache warm: the runner reads it first);
 * - `core-speed`: a pure compute loop (no memory traffic) on this thread, to
 *   be run pinned to one core (`taskset -c N`): how fast each core is;
 * - `contention`: how independent this machine's cores are for the counting
 *   pass: its time over the file's bytes on this thread alone (best of
 *   three), then on this thread and a worker at once (the slower of the two,
 *   best of three rounds); `slowdown` is the second against the first
 *   (1.00: the threads do not slow each other).
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

const [kind, file, arg] = process.argv.slice(2);
if (kind === undefined || file === undefined)
  throw new Error('usage: engine-measure <kind> <file> [arg]');
const dist = process.env.ICEWALL_BENCH_DIST ?? new URL('../dist/', import.meta.url).href;
const lib = await import(`${dist}index.js`);
const engineLib = await import(`${dist}engine.js`);
const options = { maxSectionsPerProfile: Number.POSITIVE_INFINITY };
const TEAMS = [10, 100, 1000, 10_000];

function answers(r) {
  const check = r.dailyIce(1, 1) + r.profileCost(1, 1) + r.totalCost(1);
  return { days: r.days, cost: r.totalCost() + check * 0 };
}

let out;
let started = performance.now();
switch (kind) {
  case 'obvious':
    out = answers(lib.simulate(lib.parseWall(readFileSync(file), options)));
    break;
  case 'par':
    out = answers(
      await engineLib.simulateParallel(
        { path: file },
        { ...options, parallelism: arg === 'auto' ? 'auto' : Number(arg) },
      ),
    );
    break;
  case 'compare':
  case 'compare-core': {
    const wall = lib.parseWall(readFileSync(file), options);
    const engine = engineLib.createEngine({ threads: 2 });
    if (kind === 'compare') await engine.compare(wall, [{ teams: 1 }, { teams: 1 }]);
    started = performance.now();
    const results =
      kind === 'compare'
        ? await engine.compare(
            wall,
            TEAMS.map((teams) => ({ teams })),
          )
        : TEAMS.map((teams) => lib.simulate(wall, { teams }));
    out = { days: results.reduce((n, r) => n + r.days, 0), cost: results[0].totalCost() };
    await engine.close();
    break;
  }
  case 'loop': {
    const wall = lib.parseWall(readFileSync(file), options);
    const sim = new lib.Simulation(wall, { teams: 1000 });
    let events = 0;
    sim.on('sectionCompleted', () => {
      events++;
    });
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    let longest = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 5);
    histogram.enable();
    started = performance.now();
    const result = await engineLib.runParallel(sim);
    const ms = performance.now() - started;
    histogram.disable();
    clearInterval(ticker);
    out = {
      ...answers(result),
      ms,
      events,
      maxBlockMs: Math.max(longest - 5, histogram.max / 1e6),
      p99Ms: histogram.percentile(99) / 1e6,
    };
    break;
  }
  case 'break-even': {
    const bytes = readFileSync(file).subarray(0, Number(arg));
    const cut = bytes.lastIndexOf(10) + 1;
    const text = bytes.subarray(0, cut);
    const engine = engineLib.createEngine({ threads: 2 });
    await engine.simulate(text, { ...options, parallelism: 2 });
    let one = Number.POSITIVE_INFINITY;
    let two = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 5; k++) {
      let t = performance.now();
      await engine.simulate(text, { ...options, parallelism: 1 });
      one = Math.min(one, performance.now() - t);
      t = performance.now();
      await engine.simulate(text, { ...options, parallelism: 2 });
      two = Math.min(two, performance.now() - t);
    }
    await engine.close();
    out = { ms: two, oneMs: one, bytes: text.length, days: 0, cost: 0 };
    break;
  }
  case 'scan-chunks': {
    const fd = openSync(file, 'r');
    const chunk = Buffer.allocUnsafe(1 << 20);
    let sum = 0;
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) {
      for (let i = 0; i < n; i++) sum += chunk[i];
    }
    closeSync(fd);
    out = { days: 0, cost: 0, sum };
    break;
  }
  case 'core-speed': {
    const spin = (n) => {
      let x = 0;
      for (let i = 0; i < n; i++) x = (Math.imul(x, 31) + i) | 0;
      return x;
    };
    // Warmed first: pinned to one core, the optimising compiler's thread
    // shares that core, and a cold loop may run unoptimised throughout.
    for (let k = 0; k < 20; k++) spin(1e6);
    await new Promise((r) => setTimeout(r, 50));
    const t = performance.now();
    out = { days: 0, cost: spin(3e8) * 0, ms: performance.now() - t };
    break;
  }
  case 'contention': {
    const bytes = readFileSync(file);
    const count = async () => {
      const t = performance.now();
      await engineLib.simulateParallel(bytes, { ...options, parallelism: 1 });
      return performance.now() - t;
    };
    const ROUNDS = 3;
    await count();
    let alone = Number.POSITIVE_INFINITY;
    for (let k = 0; k < ROUNDS; k++) alone = Math.min(alone, await count());
    const gate = new SharedArrayBuffer(8);
    const flags = new Int32Array(gate);
    const worker = new Worker(new URL('./contention-worker.mjs', import.meta.url), {
      workerData: { dist, file, gate, rounds: ROUNDS },
    });
    const times = [];
    let failed = null;
    worker.on('message', (ms) => times.push(ms));
    worker.once('error', (error) => {
      failed = error;
    });
    while (Atomics.load(flags, 0) === 0 && failed === null) {
      await new Promise((r) => setTimeout(r, 5));
    }
    let both = Number.POSITIVE_INFINITY;
    for (let round = 1; round <= ROUNDS && failed === null; round++) {
      Atomics.store(flags, 1, round);
      Atomics.notify(flags, 1);
      const mine = await count();
      while (times.length < round && failed === null) await new Promise((r) => setTimeout(r, 1));
      both = Math.min(both, Math.max(mine, times[round - 1] ?? 0));
    }
    await worker.terminate();
    if (failed !== null) throw failed;
    out = { ms: alone, bothMs: both, slowdown: both / alone, days: 0, cost: 0 };
    break;
  }
  default:
    throw new Error(`unknown kind ${kind}`);
}
const ms = out.ms ?? performance.now() - started;
console.log(JSON.stringify({ ...out, ms, peakMiB: process.resourceUsage().maxRSS / 1024 }));
