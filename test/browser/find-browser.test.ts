// test/support/browser.ts finds the browser: CHROME_PATH, else chromium on
// PATH, else google-chrome, else a clear error. Real files in a temp folder.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../support/browser.js';

const work = mkdtempSync(join(tmpdir(), 'icewall-find-browser-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A folder holding executables with these names. */
function binDir(name: string, files: string[], mode = 0o755): string {
  const dir = join(work, name);
  mkdirSync(dir);
  for (const file of files) {
    writeFileSync(join(dir, file), '#!/bin/sh\n');
    chmodSync(join(dir, file), mode);
  }
  return dir;
}

describe('findBrowser', () => {
  const both = binDir('both', ['chromium', 'google-chrome']);
  const chrome = binDir('chrome', ['google-chrome']);
  const notExecutable = binDir('plain', ['chromium'], 0o644);
  const empty = binDir('empty', []);

  it('takes CHROME_PATH first', () => {
    const path = join(chrome, 'google-chrome');
    expect(findBrowser({ CHROME_PATH: path, PATH: both })).toBe(path);
  });

  it('refuses a CHROME_PATH that is not an executable file, naming it', () => {
    expect(() => findBrowser({ CHROME_PATH: join(empty, 'nope'), PATH: both })).toThrow(
      /^CHROME_PATH is ".*nope", which is not an executable file$/,
    );
    expect(() => findBrowser({ CHROME_PATH: empty, PATH: both })).toThrow(/not an executable/);
  });

  it('else chromium on PATH, before google-chrome', () => {
    expect(findBrowser({ PATH: `${chrome}:${both}` })).toBe(join(both, 'chromium'));
  });

  it('else google-chrome on PATH, skipping files that are not executable', () => {
    expect(findBrowser({ PATH: `${notExecutable}:${chrome}` })).toBe(join(chrome, 'google-chrome'));
  });

  it('else an error that says how to get one', () => {
    expect(() => findBrowser({ PATH: `${empty}:${notExecutable}` })).toThrow(
      'no browser for the browser tests: CHROME_PATH is not set and neither chromium nor google-chrome is on PATH; install one (on Debian: apt-get install -y chromium) or set CHROME_PATH',
    );
  });
});
