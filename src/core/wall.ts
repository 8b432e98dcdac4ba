import { describeValue, IcewallRangeError, InvalidWallError } from '../errors.js';
import { profileIndex, profileOfIndex, sectionNumber } from './numbers.js';
import { type ResolvedWallOptions, resolveWallOptions, type WallOptions } from './options/wall.js';

/**
 * Set by {@link trustedWall} for the one constructor call it makes: the
 * parser has validated everything already. Module-private, so the public
 * constructor has no extra parameter and no caller can skip the checks.
 */
let trustNext = false;

/**
 * Marks every Wall, non-enumerable. A registered symbol, so that a wall made
 * by one copy of icewall (the ESM or the CJS build, `icewall/testing`, or a
 * second install) is recognised by another, where `instanceof` fails.
 */
const WALL_BRAND = Symbol.for('icewall.wall');

/**
 * Whether `value` is a {@link Wall} from any copy of icewall (ESM or CJS
 * build, any install). Use it instead of `instanceof Wall`.
 */
export function isWall(value: unknown): value is Wall {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[WALL_BRAND] === true
  );
}

/**
 * A parsed wall: every section's starting height, grouped in profiles, plus
 * the numbers it is priced with. Stored flat (one byte per section, one
 * 32-bit offset per profile) so that 10^8 sections fit in memory.
 *
 * Build one with `parseWall`, `parseWallStream` or {@link createWall}.
 * Profiles and sections are numbered from 1 in every method.
 */
export class Wall {
  /** Starting height of every section, profile 1's first, in build order. */
  readonly heights: Uint8Array;
  /**
   * `profileStarts[p - 1]` is the index in `heights` of profile p's first
   * section; the last entry is `heights.length`. Length: profiles + 1.
   */
  readonly profileStarts: Uint32Array;
  /** The wall's numbers, defaults applied. */
  readonly options: ResolvedWallOptions;

  /**
   * Wraps typed arrays in a wall after checking them. Prefer
   * {@link createWall} or `parseWall`; this is for callers that already hold
   * the flat form. The arrays are used as they are, not copied.
   *
   * @param heights - starting heights in build order
   * @param profileStarts - offsets of each profile's first section, then `heights.length`
   * @param options - the wall's numbers
   */
  constructor(
    heights: Uint8Array,
    profileStarts: Uint32Array,
    options?: WallOptions | ResolvedWallOptions,
  ) {
    this.heights = heights;
    this.profileStarts = profileStarts;
    Object.defineProperty(this, WALL_BRAND, { value: true });
    if (trustNext) {
      trustNext = false;
      this.options = options as ResolvedWallOptions;
      return;
    }
    this.options = resolveWallOptions(options);
    checkFlat(this);
  }

  /** Number of profiles (config lines that hold heights). */
  get profileCount(): number {
    return this.profileStarts.length - 1;
  }

  /** Number of sections, over all profiles. */
  get sectionCount(): number {
    return this.heights.length;
  }

  /**
   * Number of sections of profile `profile` (1-based).
   * @throws RangeError for a profile that does not exist
   */
  sectionsOf(profile: number): number {
    const p = this.checkProfile(profile);
    return (this.profileStarts[p + 1] as number) - (this.profileStarts[p] as number);
  }

  /**
   * Starting height of section `section` of profile `profile` (both 1-based).
   * @throws RangeError (`ERR_OUT_OF_RANGE`) for a profile or section that does not exist
   */
  height(profile: number, section: number): number {
    const p = this.checkProfile(profile);
    const start = this.profileStarts[p] as number;
    const size = (this.profileStarts[p + 1] as number) - start;
    if (typeof section !== 'number' || !Number.isInteger(section)) {
      throw new IcewallRangeError(
        'ERR_OUT_OF_RANGE',
        `section must be a whole number from 1 to ${size}, got ${describeValue(section)}`,
      );
    }
    if (section < 1 || section > size) {
      throw new IcewallRangeError(
        'ERR_OUT_OF_RANGE',
        `section ${section} does not exist: profile ${profile} has sections 1 to ${size}`,
      );
    }
    return this.heights[start + section - 1] as number;
  }

  /** The heights as one array per profile (allocates: for small walls and tests). */
  toArrays(): number[][] {
    const out: number[][] = [];
    for (let p = 0; p < this.profileCount; p++) {
      out.push(
        Array.from(
          this.heights.subarray(this.profileStarts[p], this.profileStarts[p + 1] as number),
        ),
      );
    }
    return out;
  }

  /** Returns the 0-based profile index after checking a 1-based profile number. @internal */
  private checkProfile(profile: number): number {
    return profileIndex(profile, this.profileCount);
  }
}

/** Builds a wall from checked parts without checking them again (parser use). */
export function trustedWall(
  heights: Uint8Array,
  profileStarts: Uint32Array,
  options: ResolvedWallOptions,
): Wall {
  trustNext = true;
  return new Wall(heights, profileStarts, options);
}

/**
 * Builds a wall from one array of heights per profile, with the same rules
 * as the config format: every height a whole number in [0, targetHeight], at
 * least one profile, no empty profile, at most `maxSectionsPerProfile`
 * sections per profile.
 *
 * @example
 * ```ts
 * const wall = createWall([[21, 25, 28], [17], [17, 22, 17, 19, 17]]);
 * wall.sectionCount; // 9
 * ```
 * @param profiles - heights in feet, one array per profile
 * @param options - the wall's numbers (defaults: height 30, 195 cubic yards
 *   a foot, 1900 a cubic yard, 2000 sections a profile)
 * @throws InvalidWallError naming the profile and section at fault
 */
export function createWall(profiles: readonly (readonly number[])[], options?: WallOptions): Wall {
  const resolved = resolveWallOptions(options, 'createWall');
  if (!Array.isArray(profiles)) {
    throw new InvalidWallError(
      `expected an array of profiles (arrays of heights), got ${typeof profiles}`,
      0,
      0,
    );
  }
  if (profiles.length === 0) throw new InvalidWallError('the wall has no profiles', 0, 0);
  let total = 0;
  for (let p = 0; p < profiles.length; p++) {
    const row = profiles[p];
    if (!Array.isArray(row)) {
      throw new InvalidWallError(`profile ${p + 1}: expected an array of heights`, p + 1, 0);
    }
    checkProfileSize(p, row.length, resolved.maxSectionsPerProfile);
    total += row.length;
  }
  const heights = new Uint8Array(total);
  const starts = new Uint32Array(profiles.length + 1);
  const target = resolved.targetHeight;
  let i = 0;
  for (let p = 0; p < profiles.length; p++) {
    const row = profiles[p] as readonly unknown[];
    starts[p] = i;
    for (let s = 0; s < row.length; s++) {
      const h = row[s];
      if (typeof h !== 'number' || !Number.isInteger(h)) {
        throw new InvalidWallError(
          `profile ${p + 1}, section ${s + 1}: ${typeof h === 'number' ? String(h) : typeof h === 'string' ? JSON.stringify(h) : describeValue(h)} is not a whole number`,
          p + 1,
          s + 1,
        );
      }
      if (h < 0 || h > target) {
        throw new InvalidWallError(
          `profile ${p + 1}, section ${s + 1}: height ${h} is out of range [0, ${target}]`,
          p + 1,
          s + 1,
        );
      }
      heights[i++] = h;
    }
  }
  starts[profiles.length] = i;
  return trustedWall(heights, starts, resolved);
}

/** A profile (0-based `p`) has at least one section and at most `limit`. */
function checkProfileSize(p: number, size: number, limit: number): void {
  if (size < 1) {
    throw new InvalidWallError(`profile ${p + 1}: a profile needs at least one section`, p + 1, 0);
  }
  if (size > limit) {
    throw new InvalidWallError(
      `profile ${p + 1}: profile has ${size} sections, more than the limit of ${limit}`,
      p + 1,
      0,
    );
  }
}

/** Checks a wall built from caller-supplied typed arrays. */
function checkFlat(wall: Wall): void {
  const { heights, profileStarts, options } = wall;
  if (!(heights instanceof Uint8Array) || !(profileStarts instanceof Uint32Array)) {
    throw new InvalidWallError(
      'expected heights as a Uint8Array and profileStarts as a Uint32Array',
      0,
      0,
    );
  }
  const profiles = profileStarts.length - 1;
  if (profiles < 1) throw new InvalidWallError('the wall has no profiles', 0, 0);
  if (profileStarts[0] !== 0 || profileStarts[profiles] !== heights.length) {
    throw new InvalidWallError('profileStarts must start at 0 and end at heights.length', 0, 0);
  }
  for (let p = 0; p < profiles; p++) {
    const size = (profileStarts[p + 1] as number) - (profileStarts[p] as number);
    checkProfileSize(p, size, options.maxSectionsPerProfile);
  }
  const target = options.targetHeight;
  for (let i = 0; i < heights.length; i++) {
    if ((heights[i] as number) > target) {
      const p = profileOfIndex(profileStarts, i);
      const section = sectionNumber(profileStarts, p, i);
      throw new InvalidWallError(
        `profile ${p + 1}, section ${section}: height ${heights[i]} is out of range [0, ${target}]`,
        p + 1,
        section,
      );
    }
  }
}
