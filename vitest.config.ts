import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that need more than a few seconds or hundreds of MiB: `npm run test:large`.
    exclude: ['test/large/**', 'test/package/consumer.test.ts', '**/node_modules/**'],
    testTimeout: 60_000,
  },
});
