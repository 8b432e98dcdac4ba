/**
 * `npm run bench:log`: log-file writing rate on a 10^7-section run (1000
 * teams), next to a bare loop of writeSync over the same bytes in 64 KiB
 * chunks (the disk's rate here), measured in the same run.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Simulation } from '../dist/index.js';
import { attachLogFile } from '../dist/sinks.js';
import { randomWall } from '../dist/testing.js';

const tmp = fileURLToPath(new URL('../.bench-tmp/', import.meta.url));
mkdirSync(tmp, { recursive: true });
const sections = Number(process.argv[2] ?? 1e7);
const wall = randomWall({ seed: 9, profiles: sections / 2000, sections: 2000 });
const path = `${tmp}run.log`;

let t = performance.now();
const quiet = new Simulation(wall, { teams: 1000 }).run();
const runMs = performance.now() - t;

const sim = new Simulation(wall, { teams: 1000 });
const log = attachLogFile(sim, path);
t = performance.now();
sim.run();
await log.close();
const logMs = performance.now() - t;
const bytes = statSync(path).size;
const lines = quiet.days > 0 ? readFileSync(path).reduce((n, b) => n + (b === 10 ? 1 : 0), 0) : 0;

// Baseline: the same bytes, written with nothing else to do.
const data = readFileSync(path);
t = performance.now();
const fd = openSync(`${tmp}copy.log`, 'w');
for (let at = 0; at < data.length; at += 1 << 16)
  writeSync(fd, data, at, Math.min(1 << 16, data.length - at));
closeSync(fd);
const diskMs = performance.now() - t;
rmSync(`${tmp}copy.log`);

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US');
console.log(
  `| ${sections.toExponential(0)} sections, 1000 teams | ${lines.toLocaleString('en-US')} lines, ${(bytes / 2 ** 20).toFixed(0)} MiB |`,
);
console.log(`simulate without log: ${runMs.toFixed(0)} ms; with log: ${logMs.toFixed(0)} ms`);
console.log(
  `log lines/s (whole run): ${rate(lines, logMs)}; log lines/s (writing only): ${rate(lines, Math.max(1, logMs - runMs))}`,
);
console.log(
  `bare writeSync of the same bytes: ${diskMs.toFixed(0)} ms (${rate(lines, diskMs)} lines/s)`,
);
