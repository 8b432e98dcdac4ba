import { defineConfig } from 'vitest/config';
import { SLOW } from './vitest.slow.js';

// `npm run test:large`: the tests that need minutes or gigabytes (files over
// 2 GiB, millions of output lines). They use the built dist/: build first.
export default defineConfig({
  test: {
    // consumer.test.ts packs the package and installs it into fresh projects.
    include: [
      'test/large/**/*.test.ts',
      'test/package/consumer.test.ts',
      'test/package/ts-strategy.test.ts',
      ...SLOW,
    ],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
