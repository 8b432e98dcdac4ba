import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

// Every entry stays flat in dist/ so that URLs relative to a bundled file
// (the worker, later) resolve the same way from every entry.
export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      http: 'src/http/index.ts',
      engine: 'src/engine/index.ts',
      sinks: 'src/sinks/index.ts',
      testing: 'src/testing/index.ts',
    },
    format: ['esm', 'cjs'],
    // One copy of the core for every subpath, in CJS as in ESM (where it is
    // esbuild's default): shared code goes to chunks in dist/ itself, so a
    // wall from icewall/testing is `instanceof` the root's Wall, an error
    // from icewall/engine is the root's IcewallError, and a URL relative to
    // a chunk (the worker's) resolves as it does from an entry.
    splitting: true,
    // `@internal` members (private fields, the parser's scanner state, the
    // result's constructor) stay out of the published declarations.
    dts: { compilerOptions: { stripInternal: true } },
    shims: true,
    sourcemap: true,
    target: 'node20',
  },
  // The engine's worker thread entry: its own flat ESM file (dist/worker.js),
  // found by URL from the entry that starts the pool; not an export.
  // src/engine/worker-dev.mjs is the dev bridge and is not built.
  {
    entry: { worker: 'src/engine/worker.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
  },
  // The command line: ESM only (it uses top-level await), executable.
  {
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    define: { __ICEWALL_VERSION__: JSON.stringify(version) },
  },
]);
