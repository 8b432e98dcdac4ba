import { type CrewStrategy, type PickSection, trustedStrategy } from '../core/schedule/strategy.js';
import type { Wall } from '../core/wall.js';

/** A gap this long or longer is not stored: the next section is searched for from here. */
const FAR = 255;

/**
 * Picks by remaining feet in O(1) amortised per pick with one byte per
 * section: the sections needing each number of feet form a list in build
 * order, each link stored as the gap to the next one (`gap[i]`); a gap of
 * 255 or more is stored as 255, and the next section is then found with a
 * native byte search (`indexOf`) from 255 places on. The current number of
 * feet only ever moves one way, as its sections run out.
 */
function byRemaining(wall: Wall, longest: boolean): PickSection {
  const { heights } = wall;
  const target = wall.options.targetHeight;
  const head = new Float64Array(target + 1).fill(-1);
  const last = new Float64Array(target + 1).fill(-1);
  const gap = new Uint8Array(heights.length);
  for (let i = 0; i < heights.length; i++) {
    const need = target - (heights[i] as number);
    if (need === 0) continue;
    const prev = last[need] as number;
    if (prev < 0) head[need] = i;
    else gap[prev] = Math.min(i - prev, FAR);
    last[need] = i;
  }
  for (let need = 1; need <= target; need++) {
    const end = last[need] as number;
    if (end >= 0) gap[end] = FAR; // the search past the last one finds nothing
  }
  let need = longest ? target : 1;
  const step = longest ? -1 : 1;
  return () => {
    // Only called while a section is pending, so some list is non-empty.
    while (head[need] === -1) need += step;
    const i = head[need] as number;
    const g = gap[i] as number;
    head[need] = g < FAR ? i + g : heights.indexOf(target - need, i + FAR);
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
