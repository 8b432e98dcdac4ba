// The README's quick start, run as a user would paste it, against the built
// package (npm test builds first); each `// value` comment is its output.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');

function jsBlocks(): string[] {
  return [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

function run(code: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: root,
    encoding: 'utf8',
  });
}

describe('README', () => {
  it('quick start: 15 lines at most, runs as written, prints what its comments say', () => {
    const quick = jsBlocks()[0] as string;
    expect(quick.trim().split('\n').length).toBeLessThanOrEqual(15);
    const expected = [...quick.matchAll(/console\.log\(.*\); \/\/ ([^(\n]+)/g)].map((m) =>
      (m[1] as string).trim(),
    );
    expect(expected.length).toBeGreaterThanOrEqual(5);
    expect(run(quick).trim().split('\n')).toEqual(expected);
  });

  it('the events example runs and prints the log lines', () => {
    const events = jsBlocks()[1] as string;
    const out = run(events).trim().split('\n');
    expect(out).toEqual([
      'day 5: team 2 completed profile 1 section 2',
      'day 7: team 2 completed profile 1 section 3',
      'day 9: team 1 completed profile 1 section 1',
      'day 9: team 1 relieved',
      'day 20: team 2 completed profile 2 section 1',
      'day 20: team 2 relieved',
    ]);
  });
});
