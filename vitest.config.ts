import { defineConfig } from 'vitest/config';
import { SLOW } from './vitest.slow.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that need more than a few seconds or hundreds of MiB: `npm run test:large`.
    exclude: [
      'test/large/**',
      // Chromium tests: `npm run test:browser` (vitest.browser.config.ts).
      'test/browser/**',
      'test/package/consumer.test.ts',
      'test/package/ts-strategy.test.ts',
      // Many child processes or worker threads each (5 to 13 s a file): in
      // test:large too, so that npm test stays near a minute.
      ...SLOW,
      '**/node_modules/**',
    ],
    testTimeout: 60_000,
    // Vitest's default is one worker fewer than the cores: a single fork on
    // a 2-core machine. Two forks use both cores (the main process idles).
    maxWorkers: 2,
    // Type tests (test/types/*.test-d.ts): tsc checks them; expectTypeOf
    // and @ts-expect-error lines are the assertions.
    typecheck: {
      enabled: true,
      include: ['test/types/**/*.test-d.ts'],
      // Only the type tests (and the sources they import), not the whole project.
      tsconfig: './test/types/tsconfig.json',
    },
  },
});
