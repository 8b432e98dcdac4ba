import { type CrewStrategy, type PickSection, trustedStrategy } from '../core/schedule/strategy.js';
import type { Wall } from '../core/wall.js';

/**
 * Profiles take turns: the rotation starts at profile 1; each pick takes the
 * first pending section of the next profile in the rotation that still has
 * one, and the rotation moves on to the profile after it. Spreads the teams
 * (and the spending) over all profiles, so every profile progresses from the
 * start instead of one after another.
 */
export const roundRobin: CrewStrategy = trustedStrategy('roundRobin', (wall: Wall): PickSection => {
  const { heights, profileStarts } = wall;
  const target = wall.options.targetHeight;
  const profiles = profileStarts.length - 1;
  // Per profile, the index of its next section to look at.
  const cursor = Float64Array.from(profileStarts.subarray(0, profiles));
  // Circular list of the profiles that still have a pending section.
  const next = new Int32Array(profiles);
  let first = -1;
  let last = -1;
  for (let p = 0; p < profiles; p++) {
    if (!advance(p)) continue;
    if (first === -1) first = p;
    else next[last] = p;
    last = p;
  }
  if (last !== -1) next[last] = first;
  /** The list node before the profile whose turn it is. */
  let before = last;

  /** Moves profile p's cursor to its next unfinished section; false if none. */
  function advance(p: number): boolean {
    const end = profileStarts[p + 1] as number;
    let i = cursor[p] as number;
    while (i < end && (heights[i] as number) >= target) i++;
    cursor[p] = i;
    return i < end;
  }

  return () => {
    const p = next[before] as number;
    const i = cursor[p] as number;
    cursor[p] = i + 1;
    if (advance(p)) before = p;
    else next[before] = next[p] as number;
    return i + 1;
  };
});
