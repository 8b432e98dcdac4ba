// The layout's two rules (GUIDE.md §2), checked on the source: no two
// files import each other, directly or round a circle (type-only imports
// count: they tie two files as much as value imports do), and the pure
// core imports nothing but itself and src/errors.ts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|mts)$/.test(e.name) ? [full] : [];
  });
}

/** Every module a file names in `import … from`, `export … from` or `import(…)`. */
function importsOf(text: string): string[] {
  const out: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])([^'"]+)\1/gm;
  for (const m of text.matchAll(re)) out.push(m[2] as string);
  return out;
}

/** The graph: file (relative to src/) → files it imports (relative specifiers only). */
function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const file of sourceFiles(src)) {
    const rel = path.relative(src, file);
    const deps = importsOf(readFileSync(file, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => path.relative(src, path.resolve(path.dirname(file), s)).replace(/\.js$/, '.ts'));
    g.set(rel, deps);
  }
  return g;
}

/** Every circle in the graph, each as a path that ends where it starts. */
function circles(g: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string) => {
    state.set(n, 'open');
    stack.push(n);
    for (const d of g.get(n) ?? []) {
      if (state.get(d) === 'open') found.push([...stack.slice(stack.indexOf(d)), d]);
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of g.keys()) if (!state.has(n)) visit(n);
  return found;
}

describe('import graph', () => {
  it('finds circles (the checker itself)', () => {
    const g = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(circles(g)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    expect(importsOf('import type { A } from \'./a.js\';\nexport { b } from "./b.js";')).toEqual([
      './a.js',
      './b.js',
    ]);
  });

  it('has no circle, type-only imports included', () => {
    expect(circles(graph())).toEqual([]);
  });

  it('keeps the core pure: it imports only core files and src/errors.ts', () => {
    const bad: string[] = [];
    for (const file of sourceFiles(path.join(src, 'core'))) {
      const rel = path.relative(src, file);
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const target = spec.startsWith('.')
          ? path.relative(src, path.resolve(path.dirname(file), spec))
          : spec;
        if (!target.startsWith(`core${path.sep}`) && target !== 'errors.js') {
          bad.push(`${rel} -> ${spec}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
