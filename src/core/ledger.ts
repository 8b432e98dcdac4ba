import { SeriesBuilder, type SeriesSet } from './series.js';
import type { Wall } from './wall.js';

/** Below this many sections a profile's days are sorted by insertion. */
const SMALL = 32;

/**
 * Builds, for every profile, how many teams work on it each day, as change
 * points. `starts[i]` is the day section i was started; `null` means one
 * crew per section (every section starts on day 1). O(sections log) time,
 * O(change points) memory: never profiles × days.
 */
export function buildProfileSeries(wall: Wall, starts: Float64Array | null): SeriesSet {
  const { heights, profileStarts } = wall;
  const target = wall.options.targetHeight;
  const profiles = profileStarts.length - 1;
  const builder = new SeriesBuilder(profiles, profiles * 4);
  let up = new Float64Array(SMALL);
  let down = new Float64Array(SMALL);
  let diff = new Float64Array(2 * target + 2);
  for (let p = 0; p < profiles; p++) {
    const from = profileStarts[p] as number;
    const to = profileStarts[p + 1] as number;
    if (to - from > up.length) {
      up = new Float64Array(to - from);
      down = new Float64Array(to - from);
    }
    // Each unfinished section adds one team from its start day and removes
    // it from its stop day (start + feet needed).
    let k = 0;
    let first = Number.POSITIVE_INFINITY;
    let last = 0;
    for (let i = from; i < to; i++) {
      const need = target - (heights[i] as number);
      if (need > 0) {
        const start = starts === null ? 1 : (starts[i] as number);
        up[k] = start;
        down[k++] = start + need;
        if (start < first) first = start;
        if (start + need > last) last = start + need;
      }
    }
    const span = last - first + 1;
    if (k < SMALL) {
      insertionSort(up, k);
      insertionSort(down, k);
      mergeSteps(builder, up, k, down, k);
    } else if (span <= 4 * k + 2 * target) {
      // Days are dense enough for a difference array: O(k + span), no sort.
      if (diff.length < span) diff = new Float64Array(span * 2);
      for (let j = 0; j < k; j++) {
        const a = (up[j] as number) - first;
        const b = (down[j] as number) - first;
        diff[a] = (diff[a] as number) + 1;
        diff[b] = (diff[b] as number) - 1;
      }
      let working = 0;
      for (let d = 0; d < span; d++) {
        const change = diff[d] as number;
        if (change !== 0) {
          working += change;
          diff[d] = 0;
          builder.set(first + d, working);
        }
      }
    } else {
      up.subarray(0, k).sort();
      down.subarray(0, k).sort();
      mergeSteps(builder, up, k, down, k);
    }
    builder.endSeries();
  }
  return builder.finish();
}

/**
 * Walks sorted start days (+1 each) and stop days (-1 each) and records the
 * running count on each day it changes.
 */
function mergeSteps(
  builder: SeriesBuilder,
  up: Float64Array,
  upCount: number,
  down: Float64Array,
  downCount: number,
): void {
  let i = 0;
  let j = 0;
  let w = 0;
  while (i < upCount || j < downCount) {
    const a = i < upCount ? (up[i] as number) : Number.POSITIVE_INFINITY;
    const b = j < downCount ? (down[j] as number) : Number.POSITIVE_INFINITY;
    const day = Math.min(a, b);
    while (i < upCount && up[i] === day) {
      w++;
      i++;
    }
    while (j < downCount && down[j] === day) {
      w--;
      j++;
    }
    builder.set(day, w);
  }
}

function insertionSort(a: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = a[i] as number;
    let j = i - 1;
    while (j >= 0 && (a[j] as number) > v) {
      a[j + 1] = a[j] as number;
      j--;
    }
    a[j + 1] = v;
  }
}
