// Runs examples/compare-teams.ts and checks what it prints.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

test('compare-teams prints days and cost for each team count', () => {
  const script = fileURLToPath(new URL('./compare-teams.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
  assert.equal(
    out,
    [
      'teams          days  cost (Gold Dragons)',
      '1                87  32,233,500',
      '2                48  32,233,500',
      '4                26  32,233,500',
      '8                15  32,233,500',
      'one per section  13  32,233,500',
      '',
    ].join('\n'),
  );
});
