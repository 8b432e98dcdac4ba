import { type CrewStrategy, type PickSection, trustedStrategy } from '../core/strategy.js';
import type { Wall } from '../core/wall.js';

/**
 * Picks by remaining feet, in O(1) amortised per pick: one linked list per
 * number of feet still to build, each in build order (4 bytes per section),
 * and a pointer to the longest or shortest non-empty list that only ever
 * moves one way as lists empty.
 */
function byRemaining(wall: Wall, longest: boolean): PickSection {
  const { heights } = wall;
  const target = wall.options.targetHeight;
  const head = new Int32Array(target + 1).fill(-1);
  const tail = new Int32Array(target + 1).fill(-1);
  const next = new Int32Array(heights.length);
  for (let i = 0; i < heights.length; i++) {
    const need = target - (heights[i] as number);
    if (need === 0) continue;
    next[i] = -1;
    if (head[need] === -1) head[need] = i;
    else next[tail[need] as number] = i;
    tail[need] = i;
  }
  let need = longest ? target : 1;
  const step = longest ? -1 : 1;
  return () => {
    // Only called while a section is pending, so some list is non-empty.
    while (head[need] === -1) need += step;
    const i = head[need] as number;
    head[need] = next[i] as number;
    return i + 1;
  };
}

/**
 * A free team takes the pending section with the most feet still to build
 * (ties: earliest in build order). Starting long jobs first keeps teams from
 * ending on one long section while the others are relieved: it usually
 * shortens `days` with a fixed number of teams.
 */
export const longestFirst: CrewStrategy = trustedStrategy('longestFirst', (wall) =>
  byRemaining(wall, true),
);

/**
 * A free team takes the pending section with the fewest feet still to build
 * (ties: earliest in build order). Completes the most sections soonest (it
 * minimises the average completion day) at the price of a longer tail.
 */
export const shortestFirst: CrewStrategy = trustedStrategy('shortestFirst', (wall) =>
  byRemaining(wall, false),
);
