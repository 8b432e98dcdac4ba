import { describeValue, IcewallRangeError } from '../errors.js';
import type { ReadonlyUint32Array } from './readonly-arrays.js';

/**
 * Checks a 1-based profile number against a wall of `profileCount` profiles
 * and returns the 0-based index. The one place that words this error.
 * @throws IcewallRangeError (`ERR_OUT_OF_RANGE`, a RangeError)
 */
export function profileIndex(profile: unknown, profileCount: number): number {
  // Below 1 is malformed (numbers start at 1), as HTTP and the CLI say too;
  // above the wall is a profile that does not exist.
  if (typeof profile !== 'number' || !Number.isInteger(profile) || profile < 1) {
    throw new IcewallRangeError(
      'ERR_OUT_OF_RANGE',
      `profile must be a whole number from 1 to ${profileCount}, got ${describeValue(profile)}`,
    );
  }
  if (profile > profileCount) {
    throw new IcewallRangeError('ERR_OUT_OF_RANGE', missingProfile(profile, profileCount));
  }
  return profile - 1;
}

/**
 * Checks a 1-based day number (any whole number from 1 to
 * `Number.MAX_SAFE_INTEGER`; days after the last one are valid) and returns it.
 * @throws IcewallRangeError (`ERR_OUT_OF_RANGE`, a RangeError)
 */
export function checkDay(day: unknown): number {
  if (typeof day !== 'number' || !Number.isSafeInteger(day) || day < 1) {
    throw new IcewallRangeError(
      'ERR_OUT_OF_RANGE',
      `day must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER} (Number.MAX_SAFE_INTEGER), got ${describeValue(day)}`,
    );
  }
  return day;
}

/**
 * The 1-based number, within its profile, of the section at index `i` of
 * the wall (build order), given its 0-based profile `p`. With
 * {@link profileOfIndex}, the one conversion from an index to a
 * (profile, section) pair; hot loops that walk the profiles in order find
 * `p` with a cursor instead of a search.
 */
export function sectionNumber(profileStarts: ReadonlyUint32Array, p: number, i: number): number {
  return i - (profileStarts[p] as number) + 1;
}

/** The 0-based profile of section index `i` (binary search over profile starts). */
export function profileOfIndex(profileStarts: ReadonlyUint32Array, i: number): number {
  let lo = 0;
  let hi = profileStarts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((profileStarts[mid] as number) <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * A number with thousands separators, as every human-readable output of
 * icewall writes it (CLI, console sink, chart): `32,233,500`. The same text as
 * `toLocaleString('en-US')`, which costs about 1.5 µs a call: the table of
 * 10^6 profiles formats 10^7 numbers.
 */
export function formatNumber(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) return n.toLocaleString('en-US');
  const digits = String(n);
  let text = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let at = text.length; at < digits.length; at += 3) text += `,${digits.slice(at, at + 3)}`;
  return text;
}

/** The one wording of a profile number past the wall's last profile. */
export function missingProfile(profile: number, profileCount: number): string {
  return `profile ${profile} does not exist: the wall has profiles 1 to ${profileCount}`;
}

/** `n` and a noun, plural unless `n` is 1: `count(1, 'section')` is "1 section". */
export function count(n: number, noun: string): string {
  return `${formatNumber(n)} ${noun}${n === 1 ? '' : 's'}`;
}
