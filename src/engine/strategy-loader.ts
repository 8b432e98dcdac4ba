/**
 * The one loader of crew strategies for worker threads: a built-in by name,
 * or a module imported (once per thread) and its export checked. A module
 * written in TypeScript (`.ts`, `.mts`, `.cts`) is imported through tsx,
 * which this loader registers in the thread itself, found from the
 * strategy module's own location (the user's project): on Node 20 a worker
 * thread inherits neither `--import tsx` nor module hooks.
 *
 * @internal
 * @module
 */

import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CrewStrategy } from '../core/schedule/strategy.js';
import { describeValue, IcewallError, thrownMessage } from '../errors.js';
import { longestFirst, shortestFirst } from '../strategies/by-remaining.js';
import { inOrder } from '../strategies/in-order.js';
import { roundRobin } from '../strategies/round-robin.js';
import type { StrategySpec } from './protocol.js';
import { resolvePackage } from './resolve-package.js';

/** The strategies a worker knows by name (the engine sends these by name). */
export const BUILT_IN_STRATEGIES: Readonly<Record<string, CrewStrategy>> = {
  inOrder,
  longestFirst,
  shortestFirst,
  roundRobin,
};

/** Strategy modules already imported by this thread, by URL. */
const modules = new Map<string, Promise<Record<string, unknown>>>();

/** tsx's hooks, registered at most once in this thread. */
let tsxRegistered: Promise<void> | null = null;

/** Whether a module URL names a TypeScript file (query and hash aside). */
export function isTypeScriptModule(url: string): boolean {
  return /\.[mc]?ts$/i.test(url.replace(/[?#].*$/, ''));
}

/**
 * Registers tsx's ESM hooks in this thread, with tsx resolved from `url`
 * (the strategy module), so the user's own tsx does the compiling.
 * @throws IcewallError `ERR_STRATEGY` when tsx cannot be found from there
 */
function registerTsx(url: string): Promise<void> {
  if (tsxRegistered === null) {
    tsxRegistered = (async () => {
      let api: { register?: () => unknown };
      try {
        api = (await import(
          resolvePackage('tsx/esm/api', dirname(fileURLToPath(url)))
        )) as typeof api;
      } catch (error) {
        throw new IcewallError(
          'ERR_STRATEGY',
          `the strategy module ${url} is TypeScript, and a worker thread needs tsx to load it, but tsx cannot be found from the module's folder: install it as a dev dependency of your project (npm i -D tsx)`,
          { cause: error },
        );
      }
      if (typeof api.register !== 'function') {
        throw new IcewallError(
          'ERR_STRATEGY',
          `the strategy module ${url} is TypeScript, but the tsx found from its folder has no register() in tsx/esm/api: install tsx 4 or later (npm i -D tsx)`,
        );
      }
      api.register();
      // In a project without "type": "module", tsx compiles a .ts file to
      // CommonJS and hands it to require(): its CommonJS hooks must be in
      // this thread too (tsx 4 has them; an older one goes without).
      let cjs: { register?: () => unknown } | undefined;
      try {
        cjs = (await import(
          resolvePackage('tsx/cjs/api', dirname(fileURLToPath(url)))
        )) as typeof cjs;
      } catch {
        cjs = undefined;
      }
      cjs?.register?.();
    })();
    // A failed lookup may succeed for another module (in another project).
    tsxRegistered.catch(() => {
      tsxRegistered = null;
    });
  }
  return tsxRegistered;
}

/** Imports a strategy module once per thread (tsx first for TypeScript). */
function importModule(url: string): Promise<Record<string, unknown>> {
  let loading = modules.get(url);
  if (loading === undefined) {
    loading = (async () => {
      if (isTypeScriptModule(url)) await registerTsx(url);
      try {
        return (await import(url)) as Record<string, unknown>;
      } catch (error) {
        const message = thrownMessage(error);
        throw new IcewallError(
          'ERR_STRATEGY',
          `the strategy module ${url} could not be imported: ${message}`,
          { cause: error },
        );
      }
    })();
    modules.set(url, loading);
    // A module that failed to load is tried again by the next task.
    loading.catch(() => modules.delete(url));
  }
  return loading;
}

/**
 * The exports to look `name` up in: the namespace, or for a CommonJS module
 * whose export the namespace does not show by name (tsx's output in a
 * CommonJS project) its `module.exports`, the namespace's `default`.
 */
function exportsOf(mod: Record<string, unknown>, name: string): Record<string, unknown> {
  if (name in mod) return mod;
  const cjs = mod.default;
  if (typeof cjs === 'object' && cjs !== null && name in cjs) {
    return cjs as Record<string, unknown>;
  }
  return mod;
}

/**
 * The crew strategy a spec names, checked to be one.
 * @throws IcewallError `ERR_INVALID_OPTION` for an unknown built-in or an export that is no strategy; `ERR_STRATEGY` when the module cannot be imported
 */
export async function loadStrategy(spec: StrategySpec): Promise<CrewStrategy> {
  if (spec.kind === 'builtin') {
    const s = BUILT_IN_STRATEGIES[spec.name];
    if (s === undefined) {
      throw new IcewallError(
        'ERR_INVALID_OPTION',
        `unknown built-in strategy "${spec.name}": the built-ins are ${Object.keys(BUILT_IN_STRATEGIES).join(', ')}`,
      );
    }
    return s;
  }
  const mod = exportsOf(await importModule(spec.url), spec.export);
  const s = mod[spec.export] as CrewStrategy | undefined;
  // A getter of `name` or `create` that throws: a module without a strategy.
  let name: unknown;
  let create: unknown;
  let found = spec.export in mod ? describeValue(s) : 'nothing';
  try {
    if (typeof s === 'object' && s !== null) ({ name, create } = s);
  } catch (error) {
    found = `an object whose name or create could not be read: ${thrownMessage(error)}`;
  }
  if (typeof create !== 'function' || typeof name !== 'string') {
    throw new IcewallError(
      'ERR_INVALID_OPTION',
      `the module ${spec.url} has no crew strategy ({ name, create(wall) }) as its export "${spec.export}" (found ${found} there)`,
    );
  }
  return s as CrewStrategy;
}
