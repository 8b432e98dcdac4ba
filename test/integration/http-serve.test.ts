// Issue 20: `icewall serve` enables the per-request configurations and
// POST /simulate, and closes the engine its handler made when it stops.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// biome-ignore lint/suspicious/noExplicitAny: answers read as plain JSON
const json = async (res: Response): Promise<any> => res.json();

const bin = join(import.meta.dirname, '../../dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'icewall-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('icewall serve (issue 20)', () => {
  it('answers ?teams= on the engine, POST /simulate, and exits 0 on SIGTERM', async () => {
    // 100,000 sections: other configurations are scheduled on a worker thread.
    const file = join(dir, 'wall.txt');
    writeFileSync(
      file,
      `${Array.from({ length: 50 }, () => Array(2000).fill('3').join(' ')).join('\n')}\n`,
    );
    const child = spawn(process.execPath, [bin, 'serve', file, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /on (http:\/\/[^ ]+\/)\n/.exec(out);
        if (m) resolve(m[1] as string);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
    });
    expect((await json(await fetch(`${url}profiles/overview/`))).cost).toBe(
      100_000 * 27 * 195 * 1900,
    );
    const seven = await (await fetch(`${url}profiles/1/?teams=7`)).json();
    expect(seven).toMatchObject({ profile: 1, sections: 2000 });
    expect((await json(await fetch(`${url}health`))).days).toBe(27);
    const posted = await fetch(`${url}simulate?teams=2`, {
      method: 'POST',
      body: '21 25 28\n17\n17 22 17 19 17\n',
    });
    expect((await json(posted)).days).toBe(48);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(out).toContain('server closed');
  });
});
