import fc from 'fast-check';

/** Small walls with heights that hit the edges (0, the target, one below it). */
export function wallArb(target = 30, maxSections = 7, minSections = 1): fc.Arbitrary<number[][]> {
  return fc.array(profileArb(target, minSections, maxSections), { minLength: 1, maxLength: 5 });
}

function heightArb(target: number): fc.Arbitrary<number> {
  return fc.oneof(fc.integer({ min: 0, max: target }), fc.constantFrom(0, target, target - 1));
}

function profileArb(target: number, min: number, max: number): fc.Arbitrary<number[]> {
  return fc.array(heightArb(target), { minLength: min, maxLength: max });
}

/** The shapes of wall {@link caseArb} draws from, with equal weight. */
export type WallShape = 'short' | 'long' | 'mixed' | 'finished';

/** A wall of the given shape: profiles of 1–7 sections, 32–80, both, or every section finished. */
export function shapedWallArb(target: number, shape: WallShape): fc.Arbitrary<number[][]> {
  switch (shape) {
    case 'short':
      return wallArb(target);
    case 'long':
      return wallArb(target, 80, 32);
    case 'mixed':
      return fc.array(fc.oneof(profileArb(target, 1, 7), profileArb(target, 32, 80)), {
        minLength: 2,
        maxLength: 5,
      });
    case 'finished':
      return fc.array(fc.array(fc.constant(target), { minLength: 1, maxLength: 7 }), {
        minLength: 1,
        maxLength: 4,
      });
  }
}

/** One simulation case for the reference-model tests. */
export interface SimCase {
  shape: WallShape;
  target: number;
  profiles: number[][];
  /** `undefined`: one crew per section. */
  teams: number | undefined;
  progressSteps: number;
}

/**
 * A wall, a target height, a number of teams (or one crew per section), and
 * progress steps. Shapes and team counts are drawn evenly, so short
 * profiles, long profiles (which take the library's large-profile paths),
 * finished walls, T = 1 and T ≥ the number of sections all occur often;
 * `test/property/case-shapes.test.ts` counts them.
 */
export const caseArb: fc.Arbitrary<SimCase> = fc
  .tuple(
    fc.integer({ min: 1, max: 30 }),
    fc.constantFrom<WallShape>('short', 'long', 'mixed', 'finished'),
  )
  .chain(([target, shape]) =>
    shapedWallArb(target, shape).chain((profiles) => {
      const sections = profiles.reduce((n, row) => n + row.length, 0);
      return fc.record({
        shape: fc.constant(shape),
        target: fc.constant(target),
        profiles: fc.constant(profiles),
        teams: fc.oneof(
          fc.constant(undefined),
          fc.constant(1),
          fc.integer({ min: 2, max: 40 }),
          fc.integer({ min: sections, max: sections + 5 }),
        ),
        progressSteps: fc.integer({ min: 1, max: 10 }),
      });
    }),
  );
