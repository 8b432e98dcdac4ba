// The release workflow's first check (.github/scripts/check-repository.mjs):
// npm publish --provenance refuses a package.json without repository.url, or
// with one that names another repository, so the release fails before the
// build with a message that says what to set.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const script = join(root, '.github/scripts/check-repository.mjs');
const dir = mkdtempSync(join(tmpdir(), 'icewall-release-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The script's exit code and output for a package.json, built by `builtBy` (GITHUB_REPOSITORY). */
async function check(pkg: object, builtBy = 'owner/icewall') {
  const file = join(dir, 'package.json');
  writeFileSync(file, JSON.stringify(pkg));
  const env = { ...process.env, GITHUB_REPOSITORY: builtBy };
  return run(process.execPath, [script, file], { env }).then(
    ({ stdout }) => ({ code: 0, out: stdout }),
    (error: { code: number; stderr: string }) => ({ code: error.code, out: error.stderr }),
  );
}

describe('the release checks package.json names its repository', () => {
  it('fails without repository.url, saying what to set and where the steps are', async () => {
    const { code, out } = await check({ name: 'icewall' });
    expect(code).toBe(1);
    expect(out).toContain('package.json has no repository.url');
    expect(out).toContain('npm publish --provenance refuses');
    expect(out).toContain('set "repository" (and "homepage", "bugs")');
    expect(out).toContain('CONTRIBUTING.md, "Releasing"');
  });

  it('fails when repository.url names another repository', async () => {
    const url = 'git+https://github.com/someone/else.git';
    const { code, out } = await check({ repository: { type: 'git', url } });
    expect(code).toBe(1);
    expect(out).toContain(`repository.url is "${url}", but this release is built by owner/icewall`);
  });

  it.each([
    'git+https://github.com/owner/icewall.git',
    'https://github.com/Owner/icewall',
    'git@github.com:owner/icewall.git',
  ])('passes for %s', async (url) => {
    expect(await check({ repository: { type: 'git', url } })).toMatchObject({ code: 0 });
  });

  it('passes for npm shorthand', async () => {
    expect(await check({ repository: 'github:owner/icewall' })).toMatchObject({ code: 0 });
  });

  it('is the release workflow step before npm ci and npm publish', () => {
    const release = readFileSync(join(root, '.github/workflows/release.yml'), 'utf8');
    const at = (command: string) => release.indexOf(`run: ${command}`);
    const check = at('node .github/scripts/check-repository.mjs');
    expect(check).toBeGreaterThan(0);
    expect(check).toBeLessThan(at('npm ci'));
    expect(check).toBeLessThan(at('npm publish'));
  });
});
