/**
 * A wall's options (target height, ice per foot, price, section limit):
 * their defaults and checks. Every entry point that takes them takes them
 * flat, beside its own options.
 *
 * @internal
 * @module
 */

import { integerOption, invalidOption, optionsObject } from './check.js';

/**
 * Options of a wall: its target height, ice per foot, price and section
 * limit. Every field is optional.
 */
export interface WallOptions {
  /**
   * Height in feet at which a section is complete. Heights are stored one
   * byte per section, so this is an integer in [1, 255].
   * @default 30
   */
  targetHeight?: number;
  /**
   * Cubic yards of ice per foot built (a non-negative safe integer).
   * @default 195
   */
  icePerFoot?: number;
  /**
   * Gold Dragons per cubic yard of ice (a non-negative safe integer).
   * @default 1900
   */
  costPerCubicYard?: number;
  /**
   * Parse-time limit on sections per profile: a positive integer or `Infinity`.
   * @default 2000
   */
  maxSectionsPerProfile?: number;
}

/** {@link WallOptions} with every default applied. */
export type ResolvedWallOptions = Readonly<Required<WallOptions>>;

/**
 * The defaults: 30 feet, 195 cubic yards a foot, 1,900 Gold Dragons a cubic
 * yard, 2,000 sections a profile.
 */
export const DEFAULT_WALL_OPTIONS: ResolvedWallOptions = Object.freeze({
  targetHeight: 30,
  icePerFoot: 195,
  costPerCubicYard: 1900,
  maxSectionsPerProfile: 2000,
});

/**
 * Checks a user's wall options (an unknown key too) and fills in defaults.
 * @param where - the entry point, for the message of an unknown key
 */
export function resolveWallOptions(
  options: WallOptions | undefined,
  where = 'wall options',
): ResolvedWallOptions {
  if (options === undefined) return DEFAULT_WALL_OPTIONS;
  optionsObject(options, DEFAULT_WALL_OPTIONS, where);
  const d = DEFAULT_WALL_OPTIONS;
  const maxSections = options.maxSectionsPerProfile;
  if (
    maxSections !== undefined &&
    maxSections !== Number.POSITIVE_INFINITY &&
    (typeof maxSections !== 'number' || !Number.isInteger(maxSections) || maxSections < 1)
  ) {
    invalidOption('maxSectionsPerProfile', 'a positive integer or Infinity', maxSections);
  }
  return Object.freeze({
    targetHeight: integerOption(
      'targetHeight',
      options.targetHeight,
      d.targetHeight,
      1,
      255,
      'an integer in [1, 255]',
    ),
    icePerFoot: integerOption(
      'icePerFoot',
      options.icePerFoot,
      d.icePerFoot,
      0,
      Number.MAX_SAFE_INTEGER,
      'a non-negative safe integer',
    ),
    costPerCubicYard: integerOption(
      'costPerCubicYard',
      options.costPerCubicYard,
      d.costPerCubicYard,
      0,
      Number.MAX_SAFE_INTEGER,
      'a non-negative safe integer',
    ),
    maxSectionsPerProfile: maxSections ?? d.maxSectionsPerProfile,
  });
}

/** The wall options among an options object's fields. */
export function pickWallOptions(o: WallOptions): WallOptions {
  return {
    targetHeight: o.targetHeight,
    icePerFoot: o.icePerFoot,
    costPerCubicYard: o.costPerCubicYard,
    maxSectionsPerProfile: o.maxSectionsPerProfile,
  };
}
