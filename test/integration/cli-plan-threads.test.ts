// `icewall plan` and `--threads`, through main() in process (the engine's
// workers are real threads).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWall, planTeams, simulate } from '../../src/index.js';
import { randomWall } from '../../src/testing/index.js';
import { runMain } from '../cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'icewall-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A config file of `profiles` lines of `sections` seeded heights. */
function configFile(name: string, profiles: number, sections: number): string {
  const wall = randomWall({ seed: 3, profiles, sections });
  const path = join(dir, name);
  writeFileSync(
    path,
    `${wall
      .toArrays()
      .map((row) => row.join(' '))
      .join('\n')}\n`,
  );
  return path;
}

describe('icewall plan', () => {
  it.each([
    [30, 4, 26],
    [48, 2, 48],
    [100, 1, 87],
    [13, 9, 13],
  ])('the bundled example by day %i: %i teams, %i days', async (deadline, teams, days) => {
    const json = await runMain(['plan', '--deadline', String(deadline), '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual({ teams, days });
    const text = await runMain(['plan', '--deadline', String(deadline)]);
    expect(text.out).toBe(
      `${teams} ${teams === 1 ? 'team finishes' : 'teams finish'} by day ${deadline}: the last foot is laid on day ${days}\n`,
    );
  });

  it('a deadline that cannot be met, or a team limit too low, is an input error (exit 2)', async () => {
    const short = await runMain(['plan', '--deadline', '12']);
    expect(short.code).toBe(2);
    expect(short.err).toContain('13 days is the shortest possible deadline');
    const capped = await runMain(['plan', '--deadline', '48', '--max-teams', '1']);
    expect(capped.code).toBe(2);
    expect(capped.err).toContain('at least 2 teams are needed');
    for (const argv of [
      ['plan'],
      ['plan', '--deadline', '0'],
      ['plan', '--deadline', '5', '--teams', '2'],
    ]) {
      const r = await runMain(argv);
      expect(r.code, argv.join(' ')).toBe(2);
    }
  });

  it('plans a FILE the same on one thread and on workers, as the core does', async () => {
    const file = configFile('plan.txt', 20, 200);
    const wall = parseWall(
      randomWall({ seed: 3, profiles: 20, sections: 200 })
        .toArrays()
        .map((r) => r.join(' '))
        .join('\n'),
    );
    const want = planTeams(wall, { deadline: 400, strategy: undefined });
    for (const threads of ['1', '2']) {
      const r = await runMain([
        'plan',
        file,
        '--deadline',
        '400',
        '--threads',
        threads,
        '--format',
        'json',
      ]);
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out)).toEqual({ teams: want.teams, days: want.days });
    }
  });
});

describe('--threads', () => {
  it('gives the same output on 1 and 2 threads, in both modes', async () => {
    const file = configFile('threads.txt', 40, 500);
    const want = simulate(
      parseWall(
        randomWall({ seed: 3, profiles: 40, sections: 500 })
          .toArrays()
          .map((r) => r.join(' '))
          .join('\n'),
      ),
    );
    for (const extra of [[], ['--teams', '50']]) {
      const outs: string[] = [];
      for (const threads of ['1', '2', 'auto']) {
        const r = await runMain([
          'simulate',
          file,
          '--format',
          'json',
          '--threads',
          threads,
          ...extra,
        ]);
        expect(r.code, r.err).toBe(0);
        outs.push(r.out);
      }
      expect(outs[1]).toBe(outs[0]);
      expect(outs[2]).toBe(outs[0]);
      if (extra.length === 0) expect(JSON.parse(outs[0] as string).cost).toBe(want.totalCost());
    }
  });

  it('reports a bad config with the same file:line:column on workers', async () => {
    const path = join(dir, 'bad.txt');
    const good = '1 2 3\n'.repeat(5000);
    writeFileSync(path, `${good}1 2 x\n${good}`);
    const errs: string[] = [];
    for (const threads of ['1', '2']) {
      const r = await runMain(['simulate', path, '--threads', threads]);
      expect(r.code).toBe(2);
      errs.push(r.err);
    }
    expect(errs[0]).toBe(`icewall: ${path}:5001:5: "x" is not a whole number\n`);
    expect(errs[1]).toBe(errs[0]);
  });

  it('refuses a bad --threads', async () => {
    for (const bad of ['0', '257', 'two']) {
      const r = await runMain(['query', '--profile', '1', '--day', '1', '--threads', bad]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('--threads must be a whole number from 1 to 256');
    }
  });
});
