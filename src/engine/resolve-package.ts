/**
 * Finds the file a package name (`my-strategies`, `@team/crews/fast`)
 * stands for, as an `import` of it would from a given folder: Node 20 has
 * no `import.meta.resolve(specifier, parent)` without a flag, and an
 * `import()` in icewall resolves from icewall's own folder (which breaks
 * under pnpm or `npm link`, where the user's packages are not there). This
 * follows Node's ESM rules for packages: the `node_modules` folders from
 * `from` upwards, then the `exports` map with the conditions `node`,
 * `import` and `default` (exact keys and `*` patterns), else `main`.
 *
 * @internal
 * @module
 */

import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The conditions an ESM `import` in Node matches, in the order they are tried. */
const CONDITIONS = new Set(['node', 'import', 'default']);

/**
 * The `file:` URL (symlinks resolved, as Node does) of package `specifier`
 * seen from the folder `from`.
 * @throws Error when no such package is installed there, or it exports no such subpath
 */
export function resolvePackage(specifier: string, from: string): string {
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  const subpath = ['.', ...parts.slice(nameLength)].join('/');
  const folders = createRequire(join(from, 'noop.js')).resolve.paths(name) ?? [];
  const root = folders.map((f) => join(f, name)).find((d) => existsSync(join(d, 'package.json')));
  if (root === undefined) {
    throw new Error(`cannot find package "${name}" from ${from} (is it installed there?)`);
  }
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    exports?: unknown;
    main?: unknown;
  };
  let target: string | null;
  if (manifest.exports !== undefined && manifest.exports !== null) {
    target = exportsTarget(manifest.exports, subpath);
    if (target === null) {
      throw new Error(`package "${name}" (${root}) exports no "${subpath}" for import`);
    }
  } else if (subpath === '.') {
    const main = typeof manifest.main === 'string' ? manifest.main : 'index.js';
    target =
      [main, `${main}.js`, join(main, 'index.js')].find((m) => isFile(join(root, m))) ?? main;
  } else target = subpath;
  return pathToFileURL(realpathSync(join(root, target))).href;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** The target of `subpath` in an `exports` field, or `null` when it exports none. */
function exportsTarget(exports: unknown, subpath: string): string | null {
  const keyed =
    typeof exports === 'object' &&
    !Array.isArray(exports) &&
    Object.keys(exports as object).some((k) => k.startsWith('.'));
  // A string, an array or a conditions object is what `.` exports.
  if (!keyed) return subpath === '.' ? conditionTarget(exports, '') : null;
  const map = exports as Record<string, unknown>;
  if (Object.hasOwn(map, subpath)) return conditionTarget(map[subpath], '');
  // The longest pattern prefix wins, as in Node.
  let best: { key: string; match: string } | null = null;
  for (const key of Object.keys(map)) {
    const star = key.indexOf('*');
    if (star === -1) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (
      subpath.startsWith(prefix) &&
      subpath.endsWith(suffix) &&
      subpath.length >= key.length &&
      (best === null || prefix.length > best.key.indexOf('*'))
    ) {
      best = { key, match: subpath.slice(prefix.length, subpath.length - suffix.length) };
    }
  }
  return best === null ? null : conditionTarget(map[best.key], best.match);
}

/** A target (string, array or conditions object) with `*` replaced by `match`. */
function conditionTarget(target: unknown, match: string): string | null {
  if (typeof target === 'string') return target.replaceAll('*', match);
  if (Array.isArray(target)) {
    for (const t of target) {
      const found = conditionTarget(t, match);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof target === 'object' && target !== null) {
    for (const [condition, value] of Object.entries(target)) {
      if (!CONDITIONS.has(condition)) continue;
      const found = conditionTarget(value, match);
      if (found !== null) return found;
    }
  }
  return null;
}
