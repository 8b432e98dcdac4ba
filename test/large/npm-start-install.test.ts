// The first half of the README's `npm ci && npm start` (issue 21 §6): a clean
// install from the committed lockfile warns about no engine on the Node that
// runs this test. CI runs the large suite on every Node of its matrix (20, 22
// and 24), so each is checked there. `npm ci --dry-run` resolves the whole
// tree and checks every package's `engines` without installing anything.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'icewall-ci-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm ci', () => {
  it(`warns about no engine on Node ${process.versions.node}`, async () => {
    for (const file of ['package.json', 'package-lock.json']) {
      copyFileSync(join(root, file), join(dir, file));
    }
    const { stdout, stderr } = await run('npm', ['ci', '--dry-run', '--no-audit', '--no-fund'], {
      cwd: dir,
      timeout: 300_000,
    });
    const warnings = `${stdout}\n${stderr}`.split('\n').filter((line) => /EBADENGINE/.test(line));
    expect(warnings).toEqual([]);
  });

  it('promises the Node versions CI tests, and CONTRIBUTING.md says so', () => {
    const { engines } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    expect(engines.node).toBe('^20.19.0 || >=22.12.0');
    expect(readFileSync(join(root, 'CONTRIBUTING.md'), 'utf8')).toContain(engines.node);
  });
});
