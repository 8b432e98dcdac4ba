// Development and test bridge (not built, not published): under vitest or
// tsx the engine points tinypool here, and this file loads the TypeScript
// worker through tsx, since a Node 20 worker thread cannot load `.ts` itself
// (TOOLCHAIN.md §2).
import { tsImport } from 'tsx/esm/api';

const mod = await tsImport('./worker.ts', import.meta.url);
export default mod.default;
