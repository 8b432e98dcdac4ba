// The README's command-line block and its custom-strategy example, run as a
// user would: in an empty folder where `icewall` is this package (built
// dist/, as npm test builds it) and `npx icewall` is its bin.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'icewall-readme-'));
mkdirSync(join(dir, 'node_modules'));
symlinkSync(root, join(dir, 'node_modules/icewall'), 'dir');
writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The fenced block of `lang` that follows `heading`. */
function blockAfter(heading: string, lang: string, nth = 0): string {
  const from = readme.indexOf(heading);
  expect(from, heading).toBeGreaterThanOrEqual(0);
  const blocks = [
    ...readme.slice(from).matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g')),
  ];
  return blocks[nth]?.[1] ?? '';
}

describe('README', () => {
  it('command line: every line runs as written', () => {
    const lines = blockAfter('## Command line', 'sh')
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter((line) => line !== '');
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const line of lines) {
      // `npx icewall` is the bin of the installed package: dist/cli.js.
      const command = line.replace(/^npx icewall /, `"${process.execPath}" "${root}dist/cli.js" `);
      const out = execFileSync('sh', ['-c', `${command} </dev/null`], {
        cwd: dir,
        encoding: 'utf8',
      });
      if (line.startsWith('npx icewall simulate')) expect(out, line).toMatch(/32,?233,?500/);
    }
    expect(readFileSync(join(dir, 'chart.svg'), 'utf8')).toContain('<svg');
  });

  it('a custom strategy, checked and run on worker threads, prints what its comment says', () => {
    const section = '## Your own crew strategy, in parallel';
    const strategy = blockAfter(section, 'js', 0);
    const main = blockAfter(section, 'js', 1);
    expect(strategy.startsWith('// last-first.js\n')).toBe(true);
    expect(main.startsWith('// main.js\n')).toBe(true);
    writeFileSync(join(dir, 'last-first.js'), strategy);
    writeFileSync(join(dir, 'main.js'), main);
    const expected = /\/\/ ([^\n]+)\n$/.exec(main)?.[1];
    const out = execFileSync(process.execPath, ['main.js'], { cwd: dir, encoding: 'utf8' });
    expect(out.trim()).toBe(expected);
  });
});
