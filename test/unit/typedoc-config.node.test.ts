// The API site names its modules as users import them (issue 21 §3): each
// typedoc entry point is one export of package.json, and its file's leading
// comment names it with `@module` (`icewall`, `icewall/engine`, …); every
// guide in docs/ is a page of the site. `npm run docs` (warnings are errors)
// checks the links between them.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');
const typedoc = JSON.parse(read('typedoc.json')) as {
  entryPoints: string[];
  projectDocuments?: string[];
};
const pkg = JSON.parse(read('package.json')) as { name: string; exports: Record<string, unknown> };

/** The import specifier of an entry file: src/index.ts is the root, src/x/index.ts is `<name>/x`. */
function specifier(entry: string): string {
  const sub = /^src\/(?:(\w+)\/)?index\.ts$/.exec(entry);
  if (sub === null)
    throw new Error(`typedoc entry point ${entry} is not src/index.ts or src/<subpath>/index.ts`);
  return sub[1] === undefined ? pkg.name : `${pkg.name}/${sub[1]}`;
}

describe('typedoc', () => {
  it('documents every export of package.json, and only those', () => {
    const exported = Object.keys(pkg.exports)
      .filter((key) => key !== './package.json')
      .map((key) => (key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`));
    expect(typedoc.entryPoints.map(specifier).sort()).toEqual(exported.sort());
  });

  it.each(typedoc.entryPoints)('names %s as users import it', (entry) => {
    const leading = /^\/\*\*[\s\S]*?\*\//.exec(read(entry))?.[0] ?? '';
    const tags = [...leading.matchAll(/@(module|packageDocumentation)\b[ \t]*([^\s*]*)/g)].map(
      (m) => `@${m[1]} ${m[2]}`.trim(),
    );
    expect(tags).toEqual([`@module ${specifier(entry)}`]);
  });

  it('makes every guide in docs/ a page of the site', () => {
    const guides = readdirSync(`${root}docs`).filter((name) => name.endsWith('.md'));
    const pages = typedoc.projectDocuments ?? [];
    for (const guide of guides) {
      expect(
        pages.some((page) => page === `docs/${guide}` || page === 'docs/*.md'),
        guide,
      ).toBe(true);
    }
  });

  it('treats warnings as errors, broken links included', () => {
    expect(typedoc).toMatchObject({
      treatWarningsAsErrors: true,
      validation: { invalidLink: true },
    });
  });
});
