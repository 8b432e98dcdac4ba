import {
  type CrewStrategy,
  type PickSection,
  TRUSTED_STRATEGY,
  type TrustedStrategy,
} from '../core/strategy.js';
import type { Wall } from '../core/wall.js';

/**
 * The SPEC default: a free team takes the next unfinished section in build
 * order (profile 1 left to right, then profile 2, ...). Keeps each profile's
 * sections together, so profiles finish one after another.
 */
export const inOrder: CrewStrategy = Object.freeze<TrustedStrategy>({
  name: 'inOrder',
  [TRUSTED_STRATEGY]: true as const,
  create(wall: Wall): PickSection {
    const { heights } = wall;
    const target = wall.options.targetHeight;
    let next = 0;
    return () => {
      // Only called while a section is pending, so this stops inside the wall.
      while ((heights[next] as number) >= target) next++;
      return ++next;
    };
  },
});
