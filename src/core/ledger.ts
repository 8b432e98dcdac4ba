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
  let scratchA = new Float64Array(SMALL);
  let scratchB = new Float64Array(SMALL);
  const hist = new Float64Array(target + 1);
  for (let p = 0; p < profiles; p++) {
    const from = profileStarts[p] as number;
    const to = profileStarts[p + 1] as number;
    if (to - from > scratchA.length) {
      scratchA = new Float64Array(to - from);
      scratchB = new Float64Array(to - from);
    }
    if (starts === null) {
      // Every section starts on day 1 and stops after `need` days.
      let k = 0;
      if (to - from >= SMALL) {
        for (let i = from; i < to; i++) {
          const need = target - (heights[i] as number);
          if (need > 0) {
            hist[need] = (hist[need] as number) + 1;
            k++;
          }
        }
        let working = k;
        builder.set(1, working);
        for (let need = 1; need <= target && working > 0; need++) {
          const c = hist[need] as number;
          if (c > 0) {
            working -= c;
            hist[need] = 0;
            builder.set(need + 1, working);
          }
        }
      } else {
        for (let i = from; i < to; i++) {
          const need = target - (heights[i] as number);
          if (need > 0) scratchB[k++] = need + 1;
        }
        insertionSort(scratchB, k);
        builder.set(1, k);
        mergeSteps(builder, scratchB, 0, scratchB, k, k);
      }
    } else {
      let k = 0;
      for (let i = from; i < to; i++) {
        const need = target - (heights[i] as number);
        if (need > 0) {
          const s = starts[i] as number;
          scratchA[k] = s;
          scratchB[k++] = s + need;
        }
      }
      if (k < SMALL) {
        insertionSort(scratchA, k);
        insertionSort(scratchB, k);
      } else {
        scratchA.subarray(0, k).sort();
        scratchB.subarray(0, k).sort();
      }
      mergeSteps(builder, scratchA, k, scratchB, k, 0);
    }
    builder.endSeries();
  }
  return builder.finish();
}

/**
 * Walks sorted start days (+1 each) and stop days (-1 each) and records the
 * running count on each day it changes, beginning from `working`.
 */
function mergeSteps(
  builder: SeriesBuilder,
  up: Float64Array,
  upCount: number,
  down: Float64Array,
  downCount: number,
  working: number,
): void {
  let i = 0;
  let j = 0;
  let w = working;
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
