import { describeValue, IcewallRangeError } from '../errors.js';

/**
 * Checks a 1-based profile number against a wall of `profileCount` profiles
 * and returns the 0-based index. The one place that words this error.
 * @throws IcewallRangeError (`ERR_OUT_OF_RANGE`, a RangeError)
 */
export function profileIndex(profile: unknown, profileCount: number): number {
  if (typeof profile !== 'number' || !Number.isInteger(profile)) {
    throw new IcewallRangeError(
      'ERR_OUT_OF_RANGE',
      `profile must be a whole number from 1 to ${profileCount}, got ${describeValue(profile)}`,
    );
  }
  if (profile < 1 || profile > profileCount) {
    throw new IcewallRangeError(
      'ERR_OUT_OF_RANGE',
      `profile ${profile} does not exist: the wall has profiles 1 to ${profileCount}`,
    );
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

/** The 0-based profile of section index `i` (binary search over profile starts). */
export function profileOfIndex(profileStarts: Uint32Array, i: number): number {
  let lo = 0;
  let hi = profileStarts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((profileStarts[mid] as number) <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
