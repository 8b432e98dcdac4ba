// Issue 19 #11: a thread terminated while Node reads a strategy module's
// file (an abort, or close()) leaked the descriptor to the process. In a
// child process, counted in /proc/self/fd: after many aborted `compare`
// calls and close(), the count is back to the baseline and none points at
// the module. A big module widens the read: without the fix every run here
// leaked one or two descriptors.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'icewall-fd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CHILD = `
import { readdirSync, readlinkSync } from 'node:fs';
import { createEngine } from ${JSON.stringify(pathToFileURL(join(root, 'dist/engine.js')).href)};
import { parseWall } from ${JSON.stringify(pathToFileURL(join(root, 'dist/index.js')).href)};
const [module, rounds] = [process.argv[2], Number(process.argv[3])];
const open = () => readdirSync('/proc/self/fd').map((fd) => {
  try { return readlinkSync('/proc/self/fd/' + fd); } catch { return '?'; }
});
const wall = parseWall('21 25 28\\n17\\n17 22 17 19 17\\n');
const before = open();
const engine = createEngine({ threads: 2 });
const strategy = { module, export: 'lastFirst' };
for (let i = 0; i < rounds; i++) {
  const controller = new AbortController();
  const call = engine.compare(wall, [{ teams: 2, strategy }, { teams: 3, strategy }], {
    signal: controller.signal,
  });
  // Aborts land anywhere: before the threads start, while they import, while they run.
  await new Promise((resolve) => setTimeout(resolve, 20 * Math.random()));
  controller.abort();
  await call.catch(() => {});
}
await engine.close();
// A terminated thread's own pipes and event descriptors close as Node tears
// it down, a little after close() on a busy machine: give them time (a
// leaked descriptor never closes).
let after = open();
for (let i = 0; i < 100 && after.length > before.length; i++) {
  await new Promise((resolve) => setTimeout(resolve, 50));
  after = open();
}
console.log(JSON.stringify({ before: before.length, after: after.length, onModule: after.filter((p) => p === module).length, extra: after.filter((p) => !before.includes(p)) }));
`;

it.skipIf(!existsSync('/proc/self/fd'))(
  'aborted compare calls and close() leave no descriptor open on the strategy module',
  () => {
    const module = join(dir, 'big-strategy.mjs');
    writeFileSync(
      module,
      `export const lastFirst = {
  name: 'lastFirst',
  create: () => ({ pending }) => {
    let last = 0;
    for (const s of pending) last = s.position;
    return last;
  },
};
/*${'x'.repeat(32 << 20)}*/
`,
    );
    writeFileSync(join(dir, 'child.mjs'), CHILD);
    const r = spawnSync(process.execPath, [join(dir, 'child.mjs'), module, '120'], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    const counts = JSON.parse(r.stdout);
    expect(counts.onModule).toBe(0);
    expect(counts.after, JSON.stringify(counts.extra)).toBe(counts.before);
  },
);
