// docs/http.md: every ```ts block runs as written, as a user would run it,
// in an empty folder where `icewall` is this package (the built dist/), and
// prints what the comments after its console.log calls say. Blocks tagged
// ```ts fragment are parts of a program and are not run.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const doc = readFileSync(join(root, 'docs/http.md'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'icewall-http-docs-'));
mkdirSync(join(dir, 'node_modules'));
symlinkSync(root, join(dir, 'node_modules/icewall'), 'dir');
symlinkSync(join(root, 'node_modules/fastify'), join(dir, 'node_modules/fastify'), 'dir');
writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each runnable block with the heading above it. */
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => {
  const before = doc.slice(0, m.index);
  const heading = [...before.matchAll(/^#+ (.*)$/gm)].at(-1)?.[1] ?? '';
  return [heading, m[1] as string] as const;
});

describe('docs/http.md', () => {
  it('has a runnable example for node:http and for each of A, B, C, D, E and G', () => {
    const headings = blocks.map(([h]) => h.split(/[ .]/)[0]);
    for (const part of ['node:http', 'A', 'B', 'C', 'D', 'E', 'G'])
      expect(headings).toContain(part);
  });

  it.each(blocks)('%s: runs and prints what it says', async (_heading, code) => {
    const file = join(dir, `example-${Math.random().toString(36).slice(2)}.ts`);
    writeFileSync(file, code);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', tsx, file], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    const expected = [...code.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
    expect(expected.length).toBeGreaterThan(0);
    expect(stdout.trimEnd().split('\n')).toEqual(expected);
  });
});
