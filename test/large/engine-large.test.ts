// The engine on 10^6-section walls (SPEC §10): the same events in the same
// order and the same answers as the core, in both modes, through the built
// dist/ (npm run test:large builds first).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const engineEntry = '../../dist/engine.js';
const indexEntry = '../../dist/index.js';
const testingEntry = '../../dist/testing.js';

const { createEngine } = await import(engineEntry);
const core = await import(indexEntry);
const { randomWall } = await import(testingEntry);

const engine = createEngine({ threads: 2 });
const dir = mkdtempSync(join(tmpdir(), 'icewall-engine-large-'));
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const SECTIONS = 1_000_000;
const wall = randomWall({ seed: 42, profiles: 1000, sections: SECTIONS / 1000 });

/** A running digest of every event (FNV-1a over the numbers), and a count. */
function digest(sim: { on: (name: string, f: (e: Record<string, number>) => void) => void }) {
  const state = { hash: 0x811c9dc5, count: 0 };
  core.SIMULATION_EVENT_NAMES.forEach((name: string, code: number) => {
    sim.on(name, (e) => {
      state.count++;
      let h = state.hash ^ code;
      for (const v of Object.values(e)) {
        h = Math.imul(h ^ (v % 0x7fffffff), 16777619) >>> 0;
        h = Math.imul(h ^ Math.floor(v / 0x7fffffff), 16777619) >>> 0;
      }
      state.hash = h;
    });
  });
  return state;
}

/** Answers sampled over profiles and days. */
function sample(r: {
  days: number;
  totalCost: (d?: number) => number;
  dailyIce: (p: number, d: number) => number;
  profileCost: (p: number, d?: number) => number;
  profileCount: number;
}) {
  const out: number[] = [r.days, r.totalCost()];
  for (let p = 1; p <= r.profileCount; p += 97) {
    out.push(r.profileCost(p));
    for (const d of [1, 2, Math.ceil(r.days / 2), r.days])
      out.push(r.dailyIce(p, d), r.totalCost(d));
  }
  return out;
}

describe('engine, 10^6 sections', () => {
  for (const [label, options] of [
    ['one crew per section', {}],
    ['1000 teams, inOrder', { teams: 1000 }],
    ['1000 teams, roundRobin', { teams: 1000, strategy: core.roundRobin }],
  ] as const) {
    it(`runParallel, ${label}: events and answers identical to sim.run()`, async () => {
      const here = new core.Simulation(wall, options);
      const there = new core.Simulation(wall, options);
      const a = digest(here);
      const b = digest(there);
      const want = here.run();
      const got = await engine.run(there);
      expect(b.count).toBe(a.count);
      expect(b.hash).toBe(a.hash);
      expect(a.count).toBeGreaterThan(SECTIONS);
      expect(sample(got)).toEqual(sample(want));
    });
  }

  it('compare: 4 team counts and longestFirst, identical to simulate', async () => {
    const entries = [
      { teams: 10 },
      { teams: 100 },
      { teams: 1000 },
      { teams: 10_000 },
      { teams: 1000, strategy: core.longestFirst },
    ];
    const results = await engine.compare(wall, entries);
    entries.forEach((entry, k) => {
      expect(sample(results[k])).toEqual(sample(core.simulate(wall, entry)));
    });
  });

  it('simulateParallel on a file, 2 threads: identical to simulate(parseWall(file))', async () => {
    const text = `${wall
      .toArrays()
      .map((row: number[]) => row.join(' '))
      .join('\n')}\n`;
    const path = join(dir, 'wall.txt');
    writeFileSync(path, text);
    const expected = core.simulate(core.parseWall(text));
    const result = await engine.simulate({ path }, { parallelism: 2 });
    expect(sample(result)).toEqual(sample(expected));
    const one = await engine.simulate({ path }, { parallelism: 1 });
    expect(sample(one)).toEqual(sample(expected));
  });
});

describe('progress from workers that are still starting (built dist/)', () => {
  it('the last onBytesRead value is the file size, with threads: 8 on fresh engines', async () => {
    // 80 MB: the workers boot while the calling thread counts, and their last
    // progress messages can arrive after their task settles.
    const line = `${Array.from({ length: 400 }, (_, k) => k % 31).join(' ')}\n`;
    const path = join(dir, 'progress-80mb.txt');
    writeFileSync(path, line.repeat(Math.ceil(80e6 / line.length)));
    const size = line.length * Math.ceil(80e6 / line.length);
    for (let run = 0; run < 6; run++) {
      const fresh = createEngine({ threads: 7 });
      let last = 0;
      try {
        await fresh.simulate({ path }, { parallelism: 8, onBytesRead: (n: number) => (last = n) });
      } finally {
        await fresh.close();
      }
      expect(last).toBe(size);
    }
    rmSync(path);
  });
});

describe('close() while a file is counted (built dist/)', () => {
  it('rejects with ERR_WORKER, and the calling thread stops claiming pieces', async () => {
    const line = `${Array.from({ length: 400 }, (_, k) => k % 31).join(' ')}\n`;
    const path = join(dir, 'close-80mb.txt');
    const size = line.length * Math.ceil(80e6 / line.length);
    writeFileSync(path, line.repeat(Math.ceil(80e6 / line.length)));
    const fresh = createEngine({ threads: 2 });
    let last = 0;
    let atClose = -1;
    const error = await fresh
      .simulate(
        { path },
        {
          parallelism: 3,
          onBytesRead: (n: number) => {
            last = n;
            if (atClose === -1 && n >= 4 << 20) {
              atClose = n;
              void fresh.close();
            }
          },
        },
      )
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect((error as { code?: string }).code).toBe('ERR_WORKER');
    // Without the stop, the calling thread went on alone through the rest of the file.
    expect(last - atClose).toBeLessThan(size / 4);
    rmSync(path);
  });
});

describe('aborts beside other calls (built dist/)', () => {
  it('200 rounds of an aborted compare, each followed at once by one with no signal: none of those fails', async () => {
    // tinypool could give the next call's task to a thread the abort was
    // stopping ("Terminating worker thread"): about 1 round in 200 failed.
    const mine = createEngine({ threads: 2 });
    const wall = core.createWall(
      Array.from({ length: 300 }, () => Array.from({ length: 100 }, (_, i) => i % 30)),
    );
    const want = core.simulate(wall, { teams: 5 }).days;
    const failures: string[] = [];
    try {
      for (let round = 0; round < 200; round++) {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), round % 40);
        await mine
          .compare(wall, [{ teams: 5 }, { teams: 7 }, { teams: 9 }], { signal: controller.signal })
          .catch(() => {});
        clearTimeout(timer);
        const next = await mine.compare(wall, [{ teams: 5 }]).then(
          (r: { days: number }[]) => (r[0]?.days === want ? null : `days ${r[0]?.days}`),
          (e: Error) => e.message,
        );
        if (next !== null) failures.push(`round ${round}: ${next}`);
      }
    } finally {
      await mine.close();
    }
    expect(failures).toEqual([]);
  });
});

describe('one signal for a call of many tasks (built dist/)', () => {
  it('planTeams and a count on 12 threads: no MaxListenersExceededWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    const many = createEngine({ threads: 12 });
    try {
      const signal = new AbortController().signal;
      // A wide search: 12 candidates a round.
      const wall = core.createWall(
        Array.from({ length: 30 }, (_, p) => Array.from({ length: 100 }, (_, k) => (p * k) % 29)),
      );
      const plan = await many.planTeams(wall, { deadline: 100, signal });
      const want = core.planTeams(wall, { deadline: 100 });
      expect([plan.teams, plan.days]).toEqual([want.teams, want.days]);
      expect(want.upperBound - want.lowerBound).toBeGreaterThan(12);
      const text = new TextEncoder().encode('1 2 3\n'.repeat(100_000));
      const counted = await many.simulate(text, { parallelism: 12, signal });
      expect(counted.profileCount).toBe(100_000);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await many.close();
    }
  });
});
