// Test files that run in `npm run test:large` rather than `npm test`: each
// starts many child processes or worker threads (5 to 13 s a file here), and
// npm test stays near a minute. CI runs both.
export const SLOW = [
  'test/integration/cli-strategy.test.ts',
  'test/integration/cli-outputs.test.ts',
  'test/integration/cli-signals.test.ts',
  'test/http/docs-examples.test.ts',
  'test/engine/robust.test.ts',
  'test/engine/compare.test.ts',
];
