// Test files that run in `npm run test:large` rather than `npm test`: each
// starts many child processes or worker threads (2 to 13 s a file here), or
// checks the built package's shape (exports, declarations), and npm test
// (build included) stays near a minute. CI runs both.
export const SLOW = [
  'test/integration/cli-strategy.test.ts',
  'test/integration/cli-outputs.test.ts',
  'test/integration/cli-signals.test.ts',
  'test/http/docs-examples.test.ts',
  'test/engine/robust.test.ts',
  'test/engine/compare.test.ts',
  'test/engine/pieces.test.ts',
  'test/engine/plan.test.ts',
  'test/engine/fd-leak.test.ts',
  'test/integration/cli-hardening.test.ts',
  'test/package/exports.test.ts',
  'test/package/declarations.test.ts',
];
