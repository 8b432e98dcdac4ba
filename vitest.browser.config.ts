import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { launchOptions } from './test/support/browser.js';

// `npm run test:browser`: the pure core proven in a real browser. Two projects:
// - core-in-chromium: the core's unit and property tests, run inside headless
//   Chromium (vitest browser mode). Files that need Node (`node:` modules,
//   the engine, sinks, http) are named *.node.test.ts and stay in `npm test`.
// - browser: Node-side tests that drive Chromium with playwright-core (the
//   core bundled for a browser, the HTTP dashboard). They use dist/: build first.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'core-in-chromium',
          include: ['test/unit/**/*.test.ts', 'test/property/**/*.test.ts'],
          exclude: ['**/*.node.test.ts', '**/node_modules/**'],
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: launchOptions() }),
            instances: [{ browser: 'chromium' }],
            // A failure's message is enough; no PNG files left in test/.
            screenshotFailures: false,
          },
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
