// Writes a run's log file: one line per completed section and per relieved
// team, as the simulation emits them (icewall/sinks, buffered writes).
// Run: npx tsx examples/log-to-file.ts [log path] (default: wall.log)
import { parseWall, Simulation } from 'icewall';
import { attachLogFile } from 'icewall/sinks';

const path = process.argv[2] ?? 'wall.log';
const sim = new Simulation(parseWall('21 25 28\n17\n17 22 17 19 17\n'), { teams: 2 });

const log = attachLogFile(sim, path);
const result = sim.run();
// close() reports a failed write (a full disk, a missing folder) by rejecting.
await log.close();

console.log(`${result.days} days, ${result.totalCost().toLocaleString('en-US')} Gold Dragons`);
console.log(`log written to ${path}`);
