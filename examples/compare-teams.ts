// How many teams? Simulates one wall with several team counts at once on
// worker threads (createEngine().compare) and prints days and cost for each.
// Run: npx tsx examples/compare-teams.ts [config] (default: examples/wall.txt)
import { readFileSync } from 'node:fs';
import { parseWall } from 'icewall';
import { createEngine } from 'icewall/engine';

const file = process.argv[2] ?? new URL('./wall.txt', import.meta.url);
const wall = parseWall(readFileSync(file));
const teamCounts = [1, 2, 4, 8];

await using engine = createEngine({ threads: 2 });
// One entry per run; `{}` is one crew per section. The wall is shared with
// the threads once, not copied per entry.
const results = await engine.compare(wall, [...teamCounts.map((teams) => ({ teams })), {}]);

console.log('teams          days  cost (Gold Dragons)');
for (const [i, result] of results.entries()) {
  const label = i < teamCounts.length ? String(teamCounts[i]) : 'one per section';
  console.log(
    `${label.padEnd(15)}${String(result.days).padStart(4)}  ${result.totalCost().toLocaleString('en-US')}`,
  );
}
