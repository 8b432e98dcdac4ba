// `npm run test:large` (issue 9, items 11 and 21): inputs and outputs far
// beyond the default suite's budget, through the built CLI.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = `${root}dist/cli.js`;
const dir = mkdtempSync(join(tmpdir(), 'icewall-large-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI, counting its output instead of keeping it; returns the last bytes. */
async function runCounted(args: string[]) {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let bytes = 0;
  let tail = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => {
    bytes += c.length;
    tail = (tail + c.toString()).slice(-4096);
  });
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const [code] = await once(child, 'exit');
  return { code, bytes, tail, err };
}

describe('large inputs and outputs', () => {
  it('a config over 2 GiB is streamed, not refused', async () => {
    const file = join(dir, 'huge.txt');
    const fd = openSync(file, 'w');
    writeSync(fd, '21 25 28\n17\n');
    const comment = Buffer.alloc(64 << 20, `#${'-'.repeat(62)}\n`);
    for (let k = 0; k < 34; k++) writeSync(fd, comment);
    writeSync(fd, '17 22 17 19 17\n');
    closeSync(fd);
    expect(statSync(file).size).toBeGreaterThan(2 ** 31);
    const r = await runCounted(['simulate', file, '--format', 'csv']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.tail).toContain('total,9,13,16965,32233500\n');
    rmSync(file);
  });

  it('--format json --daily over 3,000,000 days is streamed', async () => {
    const file = join(dir, 'long.txt');
    const fd = openSync(file, 'w');
    const row = `${'0 '.repeat(1999)}0\n`;
    for (let p = 0; p < 50; p++) writeSync(fd, row);
    closeSync(fd);
    const r = await runCounted(['simulate', file, '--teams', '1', '--format', 'json', '--daily']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.bytes).toBeGreaterThan(3_000_000 * 100);
    expect(r.tail).toMatch(
      /\{"day":3000000,"ice":195,"cost":370500,"cumulativeCost":\d+,"profiles":\[(0,){49}195\]\}\n\]\}\n$/,
    );
  });
});
