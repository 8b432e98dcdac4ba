// Development and test bridge (not built, not published): under vitest or
// tsx the engine points tinypool here, and this file loads the TypeScript
// worker through tsx, since a Node 20 worker thread cannot load `.ts` itself
// (TOOLCHAIN.md §2). tsx is registered for the whole thread (not a
// namespaced `tsImport`), so the worker's `tinypool` is the very module
// instance tinypool's own thread entry uses: `Tinypool.move()` marks a
// reply with a symbol private to that instance.
import { register } from 'tsx/esm/api';

register();
const mod = await import('./worker.ts');
export default mod.default;
