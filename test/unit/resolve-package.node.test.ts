// How the engine finds a strategy module given as a package name: from a
// folder (the working directory), as an `import` in a file there would.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { resolvePackage } from '../../src/engine/resolve-package.js';

const project = realpathSync(mkdtempSync(join(tmpdir(), 'icewall-resolve-')));
afterAll(() => rmSync(project, { recursive: true, force: true }));

function install(name: string, manifest: object, files: string[]): string {
  const dir = join(project, 'node_modules', name);
  for (const file of files) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), 'export default 1;\n');
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, ...manifest }));
  return dir;
}
const url = (path: string) => pathToFileURL(path).href;

describe('resolvePackage', () => {
  it('follows exports: conditions in order, subpaths, * patterns; else main', () => {
    const a = install(
      'a',
      {
        exports: {
          '.': { types: './a.d.ts', require: './a.cjs', import: './a.mjs' },
          './crews/*': { node: './lib/*.js' },
          './crews/special': './special.js',
        },
      },
      ['a.mjs', 'a.cjs', 'lib/fast.js', 'special.js'],
    );
    expect(resolvePackage('a', project)).toBe(url(join(a, 'a.mjs')));
    expect(resolvePackage('a/crews/fast', project)).toBe(url(join(a, 'lib/fast.js')));
    expect(resolvePackage('a/crews/special', project)).toBe(url(join(a, 'special.js')));
    expect(() => resolvePackage('a/other', project)).toThrow('exports no "./other"');
    const b = install('@team/b', { main: 'main' }, ['main.js', 'sub.js']);
    expect(resolvePackage('@team/b', project)).toBe(url(join(b, 'main.js')));
    expect(resolvePackage('@team/b/sub.js', project)).toBe(url(join(b, 'sub.js')));
  });

  it('searches the node_modules of parent folders, and resolves symlinks (pnpm, npm link)', () => {
    const store = join(project, 'store', 'c');
    mkdirSync(store, { recursive: true });
    writeFileSync(join(store, 'package.json'), '{ "name": "c", "exports": "./c.js" }');
    writeFileSync(join(store, 'c.js'), 'export default 1;\n');
    symlinkSync(store, join(project, 'node_modules', 'c'), 'dir');
    const nested = join(project, 'src', 'deep');
    mkdirSync(nested, { recursive: true });
    expect(resolvePackage('c', nested)).toBe(url(join(store, 'c.js')));
    expect(() => resolvePackage('not-installed', nested)).toThrow(
      `cannot find package "not-installed" from ${nested}`,
    );
  });
});
