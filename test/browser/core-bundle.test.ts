// The packed core, bundled for a browser the way an app does it (esbuild,
// --platform=browser), runs in a real Chromium page and gives the example's
// total. esbuild refuses a `node:` import for the browser platform, so a
// Node module slipping into the core fails here.
import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'icewall-browser-bundle-'));
let browser: Browser;

const ENTRY = `import { parseWall, simulate } from 'icewall';
const result = simulate(parseWall('21 25 28\\n17\\n17 22 17 19 17\\n'));
globalThis.icewallAnswer = { days: result.days, total: result.totalCost() };
`;

beforeAll(async () => {
  // The package as a user gets it: npm pack, unpacked into node_modules/icewall.
  await run('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root });
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack left no tarball in ${work}`);
  await run('tar', ['-xzf', join(work, tarball), '-C', work]);
  mkdirSync(join(work, 'node_modules'));
  renameSync(join(work, 'package'), join(work, 'node_modules/icewall'));
  writeFileSync(join(work, 'entry.js'), ENTRY);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Bundles `entry.js` for the browser; the package's dependencies come from this repository. */
async function bundle(): Promise<string> {
  const out = await build({
    entryPoints: [join(work, 'entry.js')],
    absWorkingDir: work,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    nodePaths: [join(root, 'node_modules')],
  });
  return out.outputFiles[0]?.text ?? '';
}

describe('the packed core in a browser', () => {
  it('bundles with esbuild --platform=browser and gives 32,233,500 for the example in Chromium', async () => {
    const code = await bundle();
    expect(code).not.toMatch(/\bfrom\s*["']node:/);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.addScriptTag({ content: code, type: 'module' });
    const answer = await page.waitForFunction('globalThis.icewallAnswer');
    expect(await answer.jsonValue()).toEqual({ days: 13, total: 32_233_500 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fails to bundle when the core imports a node: module', async () => {
    // The guard itself: the same build, with a node: import put into the packed entry.
    const index = join(work, 'node_modules/icewall/dist/index.js');
    const original = readFileSync(index, 'utf8');
    writeFileSync(index, `import { readFileSync } from 'node:fs';\nreadFileSync;\n${original}`);
    try {
      await expect(bundle()).rejects.toThrow(/node:fs/);
    } finally {
      writeFileSync(index, original);
    }
  });
});
