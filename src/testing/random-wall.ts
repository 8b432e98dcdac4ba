import {
  type Defaults,
  integerOption,
  invalidOption,
  optionsObject,
} from '../core/options/check.js';
import { DEFAULT_WALL_OPTIONS, type WallOptions } from '../core/options/wall.js';
import { createWall, type Wall } from '../core/wall.js';

/**
 * Options of {@link randomWall}: its size and seed, and the wall's numbers
 * (target height and rates) flat beside them, as every entry point takes them.
 */
export interface RandomWallOptions extends WallOptions {
  /**
   * Seed of the generator: the same seed gives the same wall.
   * @default 1
   */
  seed?: number;
  /**
   * Number of profiles.
   * @default 5
   */
  profiles?: number;
  /**
   * Sections per profile: a number, or `[min, max]` for a random count per profile.
   * @default [1, 10]
   */
  sections?: number | readonly [number, number];
}

/** The defaults of {@link RandomWallOptions}. */
const RANDOM_WALL_DEFAULTS: Defaults<RandomWallOptions> = Object.freeze({
  ...DEFAULT_WALL_OPTIONS,
  seed: 1,
  profiles: 5,
  sections: [1, 10] as const,
});

/** A small, fast, seeded generator (mulberry32): returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Heights for a generated wall: uniform over [0, target], with extra weight
 * on 0, the target itself (a finished section) and one below it (one day of
 * work), the edges where strategies go wrong.
 */
export function randomHeights(
  random: () => number,
  profiles: number,
  sections: number | readonly [number, number],
  target: number,
): number[][] {
  const [min, max] = typeof sections === 'number' ? [sections, sections] : sections;
  const rows: number[][] = [];
  for (let p = 0; p < profiles; p++) {
    const count = min + Math.floor(random() * (max - min + 1));
    const row: number[] = [];
    for (let s = 0; s < count; s++) {
      const r = random();
      row.push(
        r < 0.1 ? 0 : r < 0.2 ? target : r < 0.3 ? target - 1 : Math.floor(random() * (target + 1)),
      );
    }
    rows.push(row);
  }
  return rows;
}

/**
 * A seeded random wall, for tests and benchmarks of strategies.
 *
 * @example
 * ```ts
 * const wall = randomWall({ seed: 7, profiles: 50, sections: 2000 });
 * ```
 * @param options - seed, size and the wall's numbers (flat: `{ seed: 7, targetHeight: 20 }`)
 */
export function randomWall(options?: RandomWallOptions): Wall {
  const d = RANDOM_WALL_DEFAULTS;
  const { seed, profiles, sections, ...wall } = optionsObject(options, d, 'randomWall');
  const target = wall.targetHeight ?? DEFAULT_WALL_OPTIONS.targetHeight;
  const size = sectionsOption(sections ?? (d.sections as readonly [number, number]));
  integerOption('profiles', profiles, 1, 1, 10_000_000, 'an integer in [1, 10000000]');
  const limit = typeof size === 'number' ? size : size[1];
  const rows = randomHeights(
    seededRandom(seed ?? (d.seed as number)),
    profiles ?? (d.profiles as number),
    size,
    target,
  );
  return createWall(rows, {
    ...wall,
    maxSectionsPerProfile: Math.max(
      limit,
      wall.maxSectionsPerProfile ?? DEFAULT_WALL_OPTIONS.maxSectionsPerProfile,
    ),
  });
}

/** `sections`: a positive integer, or `[min, max]` of them with min ≤ max. */
function sectionsOption(value: unknown): number | readonly [number, number] {
  const whole = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 1;
  if (whole(value)) return value as number;
  if (Array.isArray(value) && value.length === 2 && whole(value[0]) && whole(value[1])) {
    if ((value[0] as number) <= (value[1] as number)) return value as [number, number];
  }
  invalidOption(
    'sections',
    'a positive integer or [min, max] of them with min ≤ max (sections per profile)',
    value,
  );
}

/**
 * The worked example's wall: `21 25 28` / `17` / `17 22 17 19 17`
 * (3 profiles, 9 sections; 13 days and 32,233,500 Gold Dragons with one
 * crew per section, 48 days with 2 teams).
 *
 * @example
 * ```ts
 * simulate(exampleWall(), { teams: 2 }).days; // 48
 * ```
 */
export function exampleWall(): Wall {
  return createWall([[21, 25, 28], [17], [17, 22, 17, 19, 17]]);
}
