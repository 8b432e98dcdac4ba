/**
 * The option checks every entry point shares: the object itself, its keys
 * (an unknown key is refused with the nearest valid one), and the value rules.
 * Each entry point declares one defaults object (tinypool's `kDefaultOptions`
 * style); its keys are the entry point's options.
 *
 * @internal
 * @module
 */

import { describeValue, IcewallError } from '../../errors.js';

/**
 * An entry point's defaults: one field per option of `T`, so a key can be
 * neither forgotten nor invented (`undefined` for an option with no default).
 */
export type Defaults<T> = { readonly [K in keyof Required<T>]: T[K] | undefined };

/**
 * Options renamed in 1.0 (see CHANGELOG.md): an old name is answered with
 * the new one where the entry point has it.
 */
const RENAMED: Readonly<Record<string, string>> = {
  threads: 'parallelism',
  sizeHint: 'expectedBytes',
  onProgress: 'onBytesRead',
};

/** Throws the standard invalid-option error. */
export function invalidOption(name: string, rule: string, value: unknown): never {
  throw new IcewallError(
    'ERR_INVALID_OPTION',
    `Expected \`${name}\` to be ${rule}, got ${describeValue(value)}`,
  );
}

/**
 * Checks that `options` is an object (or `undefined`, which is `{}`) whose
 * own keys are all in `defaults` or in `passThrough` (keys a host framework
 * adds itself, such as Fastify's `prefix` and `logLevel`), and returns it.
 *
 * @param options - what the caller passed
 * @param defaults - the entry point's defaults object (its keys are the options)
 * @param where - the entry point, for the message (`simulate`, `createEngine`)
 * @param passThrough - keys accepted and ignored
 * @throws IcewallError `ERR_INVALID_OPTION`: `simulate: unknown option "team" (did you mean "teams"?)`
 */
export function optionsObject<T extends object>(
  options: T | undefined,
  defaults: Defaults<T>,
  where: string,
  passThrough: readonly string[] = [],
): Partial<T> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    invalidOption(`${where} options`, 'an object', options);
  }
  for (const key of Object.keys(options)) {
    if (Object.hasOwn(defaults, key) || passThrough.includes(key)) continue;
    const known = Object.keys(defaults);
    const renamed = RENAMED[key];
    const near =
      renamed !== undefined && Object.hasOwn(defaults, renamed) ? renamed : closest(key, known);
    const hint =
      near === undefined
        ? `; the options are ${known.map((k) => `"${k}"`).join(', ') || 'none'}`
        : ` (did you mean "${near}"?)`;
    throw new IcewallError('ERR_INVALID_OPTION', `${where}: unknown option "${key}"${hint}`);
  }
  return options;
}

/** Validates an integer option in [min, max]; `undefined` gives the fallback. */
export function integerOption(
  name: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
  rule: string,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    invalidOption(name, rule, value);
  }
  return value;
}

/**
 * The closest name within two edits (Levenshtein), if any; ties go to the
 * first in `names`. Also the CLI's "did you mean" for flags and commands.
 */
export function closest(name: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of names) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance (short option names only). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next.push(
        Math.min(
          (row[j] as number) + 1,
          (next[j - 1] as number) + 1,
          (row[j - 1] as number) + cost,
        ),
      );
    }
    row = next;
  }
  return row[b.length] as number;
}

/** Checks a byte count option: a non-negative safe integer, if given. */
export function byteCountOption(name: string, value: unknown): number | undefined {
  if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= 0)) {
    invalidOption(name, 'a non-negative safe integer', value);
  }
  return value as number | undefined;
}
