// The browser the browser tests drive: an installed Chromium or Chrome,
// never a downloaded one (playwright's own download does not work here).
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** The names looked up on PATH, in order, when CHROME_PATH is not set. */
export const BROWSER_NAMES = ['chromium', 'google-chrome'] as const;

/**
 * Finds the browser: `CHROME_PATH` if set (it must be an executable file),
 * else `chromium` on PATH (Debian's package), else `google-chrome` (GitHub's
 * ubuntu runners). Throws an error that says how to get one when none is found.
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.CHROME_PATH;
  if (chosen !== undefined && chosen !== '') {
    if (!isExecutable(chosen)) {
      throw new Error(`CHROME_PATH is ${JSON.stringify(chosen)}, which is not an executable file`);
    }
    return chosen;
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  for (const name of BROWSER_NAMES) {
    for (const dir of dirs) {
      const file = join(dir, name);
      if (isExecutable(file)) return file;
    }
  }
  throw new Error(
    `no browser for the browser tests: CHROME_PATH is not set and neither ${BROWSER_NAMES.join(
      ' nor ',
    )} is on PATH; install one (on Debian: apt-get install -y chromium) or set CHROME_PATH`,
  );
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Chromium's launch options: headless, the found executable, no sandbox
 * (CI containers run as root, where Chromium's sandbox refuses to start)
 * and no GPU.
 */
export function launchOptions(env: NodeJS.ProcessEnv = process.env) {
  return {
    executablePath: findBrowser(env),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  };
}

/** Launches the found browser with playwright-core; the caller closes it. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch(launchOptions());
}
