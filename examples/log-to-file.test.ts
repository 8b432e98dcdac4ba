// Runs examples/log-to-file.ts into a temporary folder and checks the log.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

test('log-to-file writes one line per completion and relief', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'icewall-example-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'wall.log');
  const script = fileURLToPath(new URL('./log-to-file.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--import', 'tsx', script, path], {
    encoding: 'utf8',
  });
  assert.equal(out, `48 days, 32,233,500 Gold Dragons\nlog written to ${path}\n`);
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 11); // 9 sections completed, 2 teams relieved
  assert.equal(lines[0], 'day 5: team 2 completed profile 1 section 2');
  assert.equal(lines.filter((line) => line.endsWith('relieved')).length, 2);
});
