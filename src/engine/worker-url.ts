/**
 * Where the worker thread's entry is: `dist/worker.js` next to the built
 * entry that starts the pool (every entry is flat in `dist/`, and tsup's
 * `shims` gives the CommonJS build an `import.meta.url`), or the
 * `worker-dev.mjs` bridge when running from the TypeScript sources.
 *
 * @internal
 */
export function workerUrl(): URL {
  const fromSource = import.meta.url.endsWith('.ts');
  return new URL(fromSource ? './worker-dev.mjs' : './worker.js', import.meta.url);
}
