// The README's first screen (issue 21 §1): what icewall is, the two commands
// to try it from a clone, the install-from-npm quick start and the way to the
// API reference; and `npm start` prints the demo alone: at most 25 lines with
// npm's own header, no build output, the example wall's total. In the large
// suite: `npm start` rebuilds dist/.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');
/** What a reader sees before scrolling: everything above the first `##` heading. */
const firstScreen = readme.slice(0, readme.indexOf('\n## '));

describe('the README first screen', () => {
  it.each([
    ['the clone commands', 'npm ci && npm start'],
    ['the test command', 'npm test'],
    ["the demo's total", '32,233,500'],
    ['the install', 'npm install icewall'],
    ['the quick start', "from 'icewall';"],
    ['the API reference', 'npm run docs'],
  ])('shows %s', (_what, text) => {
    expect(firstScreen).toContain(text);
  });

  it('fits on a screen (60 lines)', () => {
    expect(firstScreen.split('\n').length).toBeLessThanOrEqual(60);
  });
});

describe('npm start', () => {
  it('prints the demo alone: the total, no build output, 25 lines at most', async () => {
    const { stdout, stderr } = await run('npm', ['start'], { cwd: root, timeout: 120_000 });
    const lines = `${stdout}${stderr}`.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(25);
    expect(stdout).toContain('total cost:                         32,233,500 Gold Dragons');
    expect(`${stdout}${stderr}`).not.toMatch(/Build start|Build success|^(ESM|CJS|DTS|CLI) /m);
  });
});
