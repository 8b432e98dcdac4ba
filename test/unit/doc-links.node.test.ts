// Every relative link of README.md, CONTRIBUTING.md and docs/*.md points at a
// file that exists and, with `#anchor`, at a heading of it, under both
// slug rules that render these pages: GitHub's (and npm's), which keeps the
// text of `code` in a heading, and typedoc's (the API site), which drops it.
// A heading linked to must give the same anchor under both.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pages = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** A fenced block, where `[x](y)` is not a link and `# x` not a heading. */
const FENCED = /^\s*(```|~~~)[\s\S]*?^\s*\1\s*$/gm;

/** A page without its fenced blocks and inline code, where links are not links. */
function prose(text: string): string {
  return text.replace(FENCED, '').replace(/`[^`\n]*`/g, '');
}

/** Each slug once, numbered from the second on (`x`, `x-1`, …), as both renderers do. */
function numbered(slugs: string[]): Set<string> {
  const seen = new Map<string, number>();
  return new Set(
    slugs.map((slug) => {
      const count = seen.get(slug);
      seen.set(slug, (count ?? -1) + 1);
      return count === undefined ? slug : `${slug}-${count + 1}`;
    }),
  );
}

/** GitHub's anchors (github-slugger): code text kept, punctuation dropped, each space a dash. */
function githubAnchors(text: string): Set<string> {
  return numbered(
    headings(text).map((heading) =>
      heading
        .replace(/`/g, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
        .replace(/ /g, '-'),
    ),
  );
}

/** typedoc 0.28's anchors (its Slugger): code spans dropped, the first run of dashes folded. */
function typedocAnchors(text: string): Set<string> {
  return numbered(
    headings(text).map((heading) => {
      const slug = heading
        .replace(/`[^`]*`/g, '')
        .trim()
        .replace(/[\u2000-\u206F\u2E00-\u2E7F\\'!"#$%&()*+,./:;<=>?@[\]^`{|}~]/g, '')
        .replace(/\s/g, '-')
        .replace(/--+/, '-');
      return (slug || '_').toLowerCase();
    }),
  );
}

/** The text of every ATX heading outside code blocks, links reduced to their text. */
function headings(text: string): string[] {
  const outside = text.replace(FENCED, '');
  return [...outside.matchAll(/^#{1,6} +(.+?) *#*$/gm)].map((m) =>
    (m[1] as string).replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\*/g, ''),
  );
}

/** Every relative link of a page: `[text](target)` and `![alt](target)`. */
function relativeLinks(page: string): string[] {
  const text = prose(readFileSync(join(root, page), 'utf8'));
  return [...text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?: "[^"]*")?\)/g)]
    .map((m) => m[1] as string)
    .filter((target) => !/^[a-z][a-z+.-]*:/i.test(target));
}

describe.each(pages)('%s', (page) => {
  it('links only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const link of relativeLinks(page)) {
      const [path = '', anchor] = link.split('#');
      const target = path === '' ? page : normalize(join(dirname(page), path));
      if (!existsSync(join(root, target))) {
        broken.push(`${link}: no file ${target}`);
        continue;
      }
      if (anchor === undefined) continue;
      const text = readFileSync(join(root, target), 'utf8');
      if (!githubAnchors(text).has(anchor)) broken.push(`${link}: no such heading on GitHub`);
      if (!typedocAnchors(text).has(anchor))
        broken.push(`${link}: no such heading on the API site`);
    }
    expect(broken).toEqual([]);
  });
});

describe('the slug rules', () => {
  it('GitHub keeps code text, typedoc drops it', () => {
    const text =
      '## The config: a file, `-`, or the example\n## `compare`\n## 4. Events\n## Events\n';
    expect([...githubAnchors(text)]).toEqual([
      'the-config-a-file---or-the-example',
      'compare',
      '4-events',
      'events',
    ]);
    expect([...typedocAnchors(text)]).toEqual([
      'the-config-a-file-or-the-example',
      '_',
      '4-events',
      'events',
    ]);
  });

  it('finds links outside code only', () => {
    expect(prose('see [a](a.md) and `[b](b.md)`\n```md\n[c](c.md)\n```\n')).toBe(
      'see [a](a.md) and \n',
    );
  });
});
