/**
 * `npm run bench:strategies`: days per built-in strategy, and what the
 * strategy hook costs on the default path (the built-in inOrder against the
 * same rule written as a user strategy, measured in the same run). Prints
 * its tables; `npm run bench:strategies -- --write` also records them in
 * docs/performance.md.
 */
import {
  type CrewStrategy,
  inOrder,
  longestFirst,
  roundRobin,
  Simulation,
  shortestFirst,
  simulate,
  type Wall,
} from '../dist/index.js';
import { exampleWall, randomWall } from '../dist/testing.js';
import { recordTable } from './common.js';

const builtIns: CrewStrategy[] = [inOrder, longestFirst, shortestFirst, roundRobin];
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

const example = exampleWall();
const large = randomWall({ seed: 7, profiles: 50, sections: 2000 });
const lines = [
  '| strategy | SPEC example, 2 teams: days | 10^5 random sections, 100 teams: days | half the sections complete on day |',
  '| --- | --- | --- | --- |',
];
for (const s of builtIns) {
  // The day half of the sections are complete: the first of two progress steps.
  const sim = new Simulation(large, { teams: 100, strategy: s, progressSteps: 2 });
  let half = 0;
  sim.on('progress', (e) => {
    if (half === 0) half = e.day;
  });
  const big = sim.run();
  lines.push(
    `| \`${s.name}\` | ${simulate(example, { teams: 2, strategy: s }).days} | ${fmt(big.days)} | ${fmt(half)} |`,
  );
}

/** inOrder written as a user would: goes through the checked hook. */
const userInOrder: CrewStrategy = {
  name: 'userInOrder',
  create: (wall) => {
    let next = 0;
    return () => {
      while ((wall.heights[next] as number) >= wall.options.targetHeight) next++;
      return ++next;
    };
  },
};

function best(wall: Wall, strategy: CrewStrategy | undefined, teams: number): number {
  let min = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    simulate(wall, { teams, strategy });
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

const hookWall = randomWall({ seed: 3, profiles: 500, sections: 2000 });
const base = best(hookWall, undefined, 1000);
const hook = [
  '| 10^6 sections, 1000 teams (best of 5) | time | ÷ default |',
  '| --- | --- | --- |',
  `| default (no \`strategy\` option) | ${base.toFixed(0)} ms | 1.00 |`,
];
for (const s of [inOrder, longestFirst, shortestFirst, roundRobin, userInOrder]) {
  const ms = best(hookWall, s, 1000);
  hook.push(
    `| \`${s.name}\`${s === userInOrder ? ' (same rule as a user strategy: team tracking + checks)' : ''} | ${ms.toFixed(0)} ms | ${(ms / base).toFixed(2)} |`,
  );
}

const out = `<!-- strategies:start -->\nMeasured by \`npm run bench:strategies\` on ${new Date().toISOString().slice(0, 10)}, node ${process.version}.\n\n${lines.join('\n')}\n\n${hook.join('\n')}\n<!-- strategies:end -->`;
console.log(out);
recordTable('strategies', 'Strategies', out);
