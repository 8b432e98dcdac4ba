// Issue 19 #2: a log or chart that hits a full disk (ENOSPC) leaves the old
// file as it was and no temporary file. A 64 KiB tmpfs is the full disk:
// mounting it needs root, which CI has (`npm run test:large` runs there).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = `${root}dist/cli.js`;
const dir = mkdtempSync(join(tmpdir(), 'icewall-full-'));
const disk = join(dir, 'disk');
const wall = join(dir, 'wall.txt');

beforeAll(() => {
  spawnSync('mkdir', [disk]);
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', disk], {
    encoding: 'utf8',
  });
  if (mount.status !== 0) {
    throw new Error(`mounting a 64 KiB tmpfs needs root: ${mount.stderr.trim()}`);
  }
  // 2,000 sections at 10 teams: about 90 KB of log, more than the disk holds.
  writeFileSync(wall, `${'0 '.repeat(199)}0\n`.repeat(10));
});
afterAll(() => {
  spawnSync('umount', [disk]);
  rmSync(dir, { recursive: true, force: true });
});

describe('a full disk', () => {
  it('--log: exit 1 naming the log, the old log intact, no temporary file', () => {
    writeFileSync(join(disk, 'wall.log'), 'the old log\n');
    const r = spawnSync(
      process.execPath,
      [bin, 'simulate', wall, '--teams', '10', '--log', join(disk, 'wall.log')],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`cannot write ${join(disk, 'wall.log')}`);
    expect(readFileSync(join(disk, 'wall.log'), 'utf8')).toBe('the old log\n');
    expect(readdirSync(disk)).toEqual(['wall.log']);
  });

  it('--out: the old chart intact, no temporary file', () => {
    rmSync(join(disk, 'wall.log'), { force: true });
    // Fill the disk but for a few KB, so that the chart cannot fit.
    writeFileSync(join(disk, 'filler'), Buffer.alloc(56 * 1024));
    writeFileSync(join(disk, 'chart.svg'), '<svg/>');
    const r = spawnSync(process.execPath, [bin, 'chart', wall, '--out', join(disk, 'chart.svg')], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`cannot write ${join(disk, 'chart.svg')}`);
    expect(readFileSync(join(disk, 'chart.svg'), 'utf8')).toBe('<svg/>');
    expect(readdirSync(disk).sort()).toEqual(['chart.svg', 'filler']);
  });
});
