// Starts examples/express-server.ts on a free port, asks it over HTTP, then
// stops it with SIGTERM and checks that it closed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

test('express-server answers under /api/wall and beside it', async (t) => {
  const script = fileURLToPath(new URL('./express-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => child.kill('SIGKILL'));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  const match = /^listening on (http:\/\/127\.0\.0\.1:\d+\/api\/wall\/)$/.exec(String(first.value));
  assert.ok(match, `unexpected first line: ${first.value}`);
  const base = match[1];

  const ice = await fetch(`${base}profiles/1/days/1/`);
  assert.equal(ice.status, 200);
  assert.deepEqual(await ice.json(), { day: 1, ice_amount: 585 });
  const cost = await fetch(`${base}profiles/overview/`);
  assert.deepEqual(await cost.json(), { day: null, cost: 32_233_500 });
  const page = await fetch(`${base}profiles/?limit=1`);
  const { next } = (await page.json()) as { next: string | null };
  assert.equal(next, '/api/wall/profiles/?offset=1&limit=1');
  const hello = await fetch(new URL('/', base));
  assert.deepEqual(await hello.json(), { hello: 'see /api/wall/' });

  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  assert.equal((await lines.next()).value, 'closed');
  assert.deepEqual(await exited, [0, null]);
});
