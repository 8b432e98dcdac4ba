import { defineConfig } from 'vitest/config';

// `npm run test:large`: the tests that need minutes or gigabytes (files over
// 2 GiB, millions of output lines). They use the built dist/: build first.
export default defineConfig({
  test: {
    include: ['test/large/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
