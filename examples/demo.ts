// `npm start`: the example wall (examples/wall.txt), simulated both ways, with the four answers.
// Run on its own with `npx tsx examples/demo.ts [config] [teams]` after `npm run build`.
import { readFileSync } from 'node:fs';
import { parseWall, Simulation, simulate } from 'icewall';

const file = process.argv[2] ?? new URL('./wall.txt', import.meta.url);
const teams = process.argv[3] === undefined ? 2 : Number(process.argv[3]);
const wall = parseWall(readFileSync(file));
const gd = (n: number) => `${n.toLocaleString('en-US')} Gold Dragons`;

const result = simulate(wall);
console.log(`${wall.profileCount} profiles, ${wall.sectionCount} sections; one crew per section:`);
console.log(`  days:                               ${result.days}`);
console.log(`  ice used by profile 1 on day 1:     ${result.dailyIce(1, 1)} cubic yards`);
console.log(`  cost of profile 1 up to day 1:      ${gd(result.profileCost(1, 1))}`);
console.log(`  cost of all profiles up to day 1:   ${gd(result.totalCost(1))}`);
console.log(`  total cost:                         ${gd(result.totalCost())}`);

const sim = new Simulation(wall, { teams });
const log: string[] = [];
sim.on('sectionCompleted', (e) =>
  log.push(`day ${e.day}: team ${e.team} completed profile ${e.profile} section ${e.section}`),
);
sim.on('teamRelieved', (e) => log.push(`day ${e.day}: team ${e.team} relieved`));
const withTeams = sim.run();
console.log(`\nwith ${teams} teams: ${withTeams.days} days, ${gd(withTeams.totalCost())}`);
for (const line of log) console.log(`  ${line}`);
