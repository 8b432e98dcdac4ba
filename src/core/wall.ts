import { describeValue, IcewallRangeError, InvalidWallError } from '../errors.js';
import { profileIndex } from './numbers.js';
import { type ResolvedWallOptions, resolveWallOptions, type WallOptions } from './options/wall.js';
import type { ReadonlyUint8Array, ReadonlyUint32Array } from './readonly-arrays.js';

/**
 * Set by {@link trustedWall} for the one constructor call it makes. The
 * constructor refuses every other call, so that a JavaScript caller (whom
 * `private` does not stop) cannot make a wall that skipped the checks.
 */
let trustNext = false;

/**
 * Marks every Wall, non-enumerable. A registered symbol, so that a wall made
 * by one copy of icewall (the ESM or the CJS build, or a second install) is
 * recognised by another, where `instanceof` fails. (The subpaths of one
 * build share one copy: there `instanceof` holds too.)
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
  /**
   * Starting height of every section, profile 1's first, in build order.
   * Read-only: a wall's heights never change once it is made.
   */
  readonly heights: ReadonlyUint8Array;
  /**
   * `profileStarts[p - 1]` is the index in `heights` of profile p's first
   * section; the last entry is `heights.length`. Length: profiles + 1.
   */
  readonly profileStarts: ReadonlyUint32Array;
  /** The wall's numbers, defaults applied. */
  readonly options: ResolvedWallOptions;

  /** Private: walls come from `createWall`, `parseWall` and `parseWallStream`, which check them. */
  private constructor(
    heights: Uint8Array,
    profileStarts: Uint32Array,
    options: ResolvedWallOptions,
  ) {
    if (!trustNext) {
      throw new TypeError(
        'Wall has no public constructor: make a wall with createWall(profiles), parseWall(text) or parseWallStream(stream)',
      );
    }
    trustNext = false;
    this.heights = heights;
    this.profileStarts = profileStarts;
    this.options = options;
    Object.defineProperty(this, WALL_BRAND, { value: true });
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
  return new (Wall as unknown as TrustedConstructor)(heights, profileStarts, options);
}

/** The constructor's signature, which the types keep private. */
type TrustedConstructor = new (
  heights: Uint8Array,
  profileStarts: Uint32Array,
  options: ResolvedWallOptions,
) => Wall;

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
      { profile: 0, section: 0 },
    );
  }
  if (profiles.length === 0)
    throw new InvalidWallError('the wall has no profiles', { profile: 0, section: 0 });
  let total = 0;
  for (let p = 0; p < profiles.length; p++) {
    const row = profiles[p];
    if (!Array.isArray(row)) {
      throw new InvalidWallError(`profile ${p + 1}: expected an array of heights`, {
        profile: p + 1,
        section: 0,
      });
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
          { profile: p + 1, section: s + 1 },
        );
      }
      if (h < 0 || h > target) {
        throw new InvalidWallError(
          `profile ${p + 1}, section ${s + 1}: height ${h} is out of range [0, ${target}]`,
          { profile: p + 1, section: s + 1 },
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
    throw new InvalidWallError(`profile ${p + 1}: a profile needs at least one section`, {
      profile: p + 1,
      section: 0,
    });
  }
  if (size > limit) {
    throw new InvalidWallError(
      `profile ${p + 1}: profile has ${size} sections, more than the limit of ${limit}`,
      // The first section past the limit is the one that broke the rule.
      { profile: p + 1, section: limit + 1 },
    );
  }
}

/**
 * The wall as a strategy that is not built in sees it (its `create(wall)`
 * and every pick's `wall`): the same wall, whose `heights` and
 * `profileStarts` are copies made on first use, for that run. The types
 * say they are read-only, but JavaScript cannot stop a write: through the
 * wall itself one changed every later run on it, and on a worker the
 * shared copy every other entry of a `compare` and every later call of
 * the engine read.
 * @internal
 */
export function strategyWall(wall: Wall): Wall {
  return new WallView(wall) as unknown as Wall;
}

/** See {@link strategyWall}: a Wall (its methods, `instanceof`) over copies made on first read. */
class WallView {
  readonly #wall: Wall;
  #heights: Uint8Array | undefined;
  #starts: Uint32Array | undefined;
  readonly options: ResolvedWallOptions;
  constructor(wall: Wall) {
    this.#wall = wall;
    this.options = wall.options;
    Object.defineProperty(this, WALL_BRAND, { value: true });
  }
  get heights(): ReadonlyUint8Array {
    this.#heights ??= (this.#wall.heights as Uint8Array).slice();
    return this.#heights;
  }
  get profileStarts(): ReadonlyUint32Array {
    this.#starts ??= (this.#wall.profileStarts as Uint32Array).slice();
    return this.#starts;
  }
}
Object.setPrototypeOf(WallView.prototype, Wall.prototype);
