import fc from 'fast-check';

/** Small walls with heights that hit the edges (0, the target, one below it). */
export function wallArb(target = 30, maxSections = 7, minSections = 1): fc.Arbitrary<number[][]> {
  const height = fc.oneof(
    fc.integer({ min: 0, max: target }),
    fc.constantFrom(0, target, target - 1),
  );
  return fc.array(fc.array(height, { minLength: minSections, maxLength: maxSections }), {
    minLength: 1,
    maxLength: 5,
  });
}

/**
 * A wall, a target height, optionally a number of teams, and progress steps.
 * One case in four has long profiles (32 to 80 sections), which take the
 * library's paths for large profiles.
 */
export const caseArb = fc
  .tuple(
    fc.integer({ min: 1, max: 30 }),
    fc.oneof(fc.constant(7), fc.constant(7), fc.constant(7), fc.constant(80)),
  )
  .chain(([target, long]) =>
    fc.record({
      target: fc.constant(target),
      profiles: long ? wallArb(target, 80, 32) : wallArb(target),
      teams: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
      progressSteps: fc.integer({ min: 1, max: 10 }),
    }),
  );
