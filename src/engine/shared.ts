/**
 * What the engine hands to workers: walls in shared memory (copied once per
 * wall, then reused by every task) and strategies as something a worker can
 * build on its own.
 *
 * @internal
 * @module
 */

import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Defaults, invalidOption, optionsObject } from '../core/options/check.js';
import { type CrewStrategy, isTrusted } from '../core/schedule/strategy.js';
import type { Wall } from '../core/wall.js';
import { IcewallError } from '../errors.js';
import type { SharedWall, StrategySpec } from './protocol.js';
import { resolvePackage } from './resolve-package.js';
import { BUILT_IN_STRATEGIES } from './strategy-loader.js';

/**
 * A crew strategy that a worker thread loads itself: the module (a URL, a
 * path, or a package name) and the name of its export.
 *
 * @example
 * ```ts
 * { module: new URL('./my-strategy.js', import.meta.url), export: 'myStrategy' }
 * ```
 */
export interface StrategyModule {
  /** A `file:` URL, a path (relative ones from the working directory), or a package name. */
  readonly module: string | URL;
  /**
   * The export that holds the strategy.
   * @default 'default'
   */
  readonly export?: string;
}

const sharedWalls = new WeakMap<Wall, SharedWall>();

/** The wall in shared memory: its heights are copied once, on the first call for that wall. */
export function shareWall(wall: Wall): SharedWall {
  let shared = sharedWalls.get(wall);
  if (shared === undefined) {
    const heights = new SharedArrayBuffer(Math.max(1, wall.heights.length));
    new Uint8Array(heights).set(wall.heights);
    const starts = new SharedArrayBuffer(wall.profileStarts.byteLength);
    new Uint32Array(starts).set(wall.profileStarts);
    shared = {
      heights,
      heightsLength: wall.heights.length,
      profileStarts: starts,
      options: wall.options,
    };
    sharedWalls.set(wall, shared);
  }
  return shared;
}

/** Whether a value looks like a {@link StrategyModule}. */
export function isStrategyModule(value: unknown): value is StrategyModule {
  return typeof value === 'object' && value !== null && 'module' in value;
}

/** The keys of a {@link StrategyModule}. */
const STRATEGY_MODULE_KEYS: Defaults<StrategyModule> = Object.freeze({
  module: undefined,
  export: undefined,
});

/**
 * What a worker needs to build `strategy`. Built-ins go by name. A
 * {@link StrategyModule} goes by URL. Any other strategy object cannot be
 * sent to a thread (its code lives in a closure): with teams it is refused
 * with a message saying to pass its module; without teams the strategy
 * plays no part (every section starts on day 1), so any is accepted.
 */
export function strategySpec(
  strategy: CrewStrategy | StrategyModule | undefined,
  withTeams: boolean,
): StrategySpec {
  const spec = workerSpec(strategy);
  if (spec !== null) return spec;
  if (!withTeams) return { kind: 'builtin', name: 'inOrder' };
  throw new IcewallError(
    'ERR_INVALID_OPTION',
    `strategy "${(strategy as CrewStrategy).name}" cannot run on a worker thread as an object (its code is in a closure): pass its module instead, e.g. { strategy: { module: new URL('./strategy.js', import.meta.url), export: '${(strategy as CrewStrategy).name}' } }`,
  );
}

/**
 * What a worker needs to build `strategy` (see {@link strategySpec}), or
 * `null` for a valid strategy object that only the calling thread can run.
 * @throws IcewallError `ERR_INVALID_OPTION` for a value that is no strategy
 */
export function workerSpec(
  strategy: CrewStrategy | StrategyModule | undefined,
): StrategySpec | null {
  if (strategy === undefined) return { kind: 'builtin', name: 'inOrder' };
  if (isStrategyModule(strategy)) {
    // Only `module` and `export`: a misspelt `export` would silently load
    // the default export, and a strategy object that also names a module
    // would run one strategy here and another on a worker.
    optionsObject(strategy, STRATEGY_MODULE_KEYS, 'the strategy module');
    const { module } = strategy;
    const name = strategy.export ?? 'default';
    if (typeof name !== 'string' || name === '') {
      invalidOption('strategy.export', 'the name of an export (a non-empty string)', name);
    }
    let url: string;
    if (module instanceof URL) url = module.href;
    else if (typeof module !== 'string' || module === '') {
      return invalidOption('strategy.module', 'a URL, a path or a package name', module);
    } else if (/^[a-z][a-z0-9+.-]*:/i.test(module) && !/^[a-z]:[\\/]/i.test(module)) url = module;
    else if (module.startsWith('.') || isAbsolute(module)) {
      url = pathToFileURL(resolve(module)).href;
    } else url = packageUrl(module);
    return { kind: 'module', url, export: name };
  }
  if (
    typeof strategy !== 'object' ||
    strategy === null ||
    typeof strategy.create !== 'function' ||
    typeof strategy.name !== 'string'
  ) {
    return invalidOption(
      'strategy',
      'a crew strategy ({ name, create(wall) }) or its module ({ module, export })',
      strategy,
    );
  }
  if (isTrusted(strategy) && Object.hasOwn(BUILT_IN_STRATEGIES, strategy.name)) {
    return { kind: 'builtin', name: strategy.name };
  }
  return null;
}

/**
 * A package name's file, found from the working directory as an `import`
 * there would (a worker's own `import()` would look in icewall's folder).
 * @throws IcewallError `ERR_STRATEGY` when it is not installed there
 */
function packageUrl(name: string): string {
  try {
    return resolvePackage(name, process.cwd());
  } catch (error) {
    throw new IcewallError(
      'ERR_STRATEGY',
      `the strategy module ${name} could not be imported: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** A strategy's name for messages. */
export function strategyLabel(spec: StrategySpec): string {
  return spec.kind === 'builtin' ? spec.name : `${spec.export} from ${spec.url}`;
}
