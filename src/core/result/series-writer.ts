import { distance } from '../day-ring.js';
import type { ReadonlyUint8Array } from '../readonly-arrays.js';
import { SeriesBuilder, type SeriesSet } from './series.js';

/** Below this many sections a profile's days are sorted by insertion. */
const SMALL = 32;

/** Start days of sections: indexed by section, or relative to a profile's first section. */
export type StartDays = Float64Array | Uint32Array;

/**
 * Builds, profile after profile, how many teams work on each profile each
 * day, as change points. O(sections of the profile) per profile (plus a sort
 * when its days are sparse), O(change points) memory: never profiles × days.
 */
export class ProfileSeriesWriter {
  private readonly builder: SeriesBuilder;
  private readonly target: number;
  private up = new Float64Array(SMALL);
  private down = new Float64Array(SMALL);
  private diff: Float64Array;
  /** Stops by day slot, for {@link addInOrder} (all zero between calls). */
  private readonly ring: Float64Array;

  /**
   * @param profiles - how many profiles will be added
   * @param target - the target height
   * @param points - a guess at the total number of change points
   */
  constructor(profiles: number, target: number, points = profiles * 8) {
    this.builder = new SeriesBuilder(profiles, points);
    this.target = target;
    this.diff = new Float64Array(2 * target + 2);
    this.ring = new Float64Array(target + 1);
  }

  /** Whether {@link addInOrder} can take this writer's profiles (a ring of at most 32 slots). */
  get inOrderFits(): boolean {
    return this.target < 32;
  }

  /**
   * Adds the next profile: sections `from` to `to - 1` of `heights`, section
   * i started on day `starts[i - startsBase]`.
   */
  add(
    heights: ReadonlyUint8Array,
    from: number,
    to: number,
    starts: StartDays,
    startsBase: number,
  ): void {
    const target = this.target;
    // Each unfinished section adds one team from its start day and removes
    // it from its stop day (start + feet needed). First the span of days.
    let k = 0;
    let first = Number.POSITIVE_INFINITY;
    let last = 0;
    for (let i = from; i < to; i++) {
      const need = target - (heights[i] as number);
      if (need > 0) {
        const start = starts[i - startsBase] as number;
        k++;
        if (start < first) first = start;
        if (start + need > last) last = start + need;
      }
    }
    if (k >= SMALL && last - first + 1 <= 4 * k + 2 * target) {
      this.denseSteps(heights, from, to, starts, startsBase, first, last - first + 1);
    } else {
      this.sortedSteps(heights, from, to, starts, startsBase, k);
    }
    this.builder.endSeries();
  }

  /**
   * {@link add} for start days that never decrease along the profile (the
   * default strategy starts sections in build order), when the target is
   * below 32: one pass, no sort, O(sections) however many days the profile
   * spans. A section stops at most `target` days after the latest start, so
   * the stops still to come sit in a ring of `target + 1` day slots (see
   * `day-ring.ts`), in day order from the latest start's slot.
   */
  addInOrder(heights: ReadonlyUint8Array, from: number, to: number, starts: StartDays): void {
    const target = this.target;
    const slots = target + 1;
    const { builder, ring } = this;
    let mask = 0;
    let working = 0;
    // The latest start day seen and its slot: its stops are applied, its
    // value is written when the next day comes (one point per day).
    let day = -1;
    let slot = 0;
    // Past the last section, a start on no day at all flushes every stop.
    for (let i = from; ; i++) {
      let need = 0;
      let start = Number.POSITIVE_INFINITY;
      if (i < to) {
        need = target - (heights[i] as number);
        if (need <= 0) continue;
        start = starts[i - from] as number;
      }
      if (start !== day) {
        if (day < 0) {
          if (i === to) break;
          slot = start % slots;
        } else {
          builder.set(day, working);
          // Stops on the days after `day`, before `start`; then those on `start`.
          while (mask !== 0) {
            const ahead = distance(mask, slot, slots);
            if (day + ahead > start) break;
            day += ahead;
            slot += ahead;
            if (slot >= slots) slot -= slots;
            working -= ring[slot] as number;
            ring[slot] = 0;
            mask &= ~(1 << slot);
            if (day < start) builder.set(day, working);
          }
          if (i === to) break;
          const gap = start - day;
          slot = gap < slots ? slot + gap : start % slots;
          if (slot >= slots) slot -= slots;
        }
        day = start;
      }
      working++;
      let stop = slot + need;
      if (stop >= slots) stop -= slots;
      ring[stop] = (ring[stop] as number) + 1;
      mask |= 1 << stop;
    }
    builder.endSeries();
  }

  /** The finished set of series. */
  finish(): SeriesSet {
    return this.builder.finish();
  }

  /** Days dense enough for a difference array: O(sections + span), no sort. */
  private denseSteps(
    heights: ReadonlyUint8Array,
    from: number,
    to: number,
    starts: StartDays,
    startsBase: number,
    first: number,
    span: number,
  ): void {
    if (this.diff.length < span) this.diff = new Float64Array(span * 2);
    const { diff, builder, target } = this;
    for (let i = from; i < to; i++) {
      const need = target - (heights[i] as number);
      if (need > 0) {
        const a = (starts[i - startsBase] as number) - first;
        diff[a] = (diff[a] as number) + 1;
        diff[a + need] = (diff[a + need] as number) - 1;
      }
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
  }

  /** Sorted start and stop days, merged: for few sections or sparse days. */
  private sortedSteps(
    heights: ReadonlyUint8Array,
    from: number,
    to: number,
    starts: StartDays,
    startsBase: number,
    k: number,
  ): void {
    if (k > this.up.length) {
      this.up = new Float64Array(k);
      this.down = new Float64Array(k);
    }
    const { up, down, target } = this;
    let j = 0;
    for (let i = from; i < to; i++) {
      const need = target - (heights[i] as number);
      if (need > 0) {
        const start = starts[i - startsBase] as number;
        up[j] = start;
        down[j++] = start + need;
      }
    }
    if (k < SMALL) {
      insertionSort(up, k);
      insertionSort(down, k);
    } else {
      // Start days come in order with inOrder (and stop days too with one
      // team): check before sorting.
      if (!isSorted(up, k)) up.subarray(0, k).sort();
      if (!isSorted(down, k)) down.subarray(0, k).sort();
    }
    mergeSteps(this.builder, up, down, k);
  }
}

/**
 * Walks sorted start days (+1 each) and stop days (-1 each) and records the
 * running count on each day it changes.
 */
function mergeSteps(builder: SeriesBuilder, up: Float64Array, down: Float64Array, n: number): void {
  let i = 0;
  let j = 0;
  let w = 0;
  while (i < n || j < n) {
    const a = i < n ? (up[i] as number) : Number.POSITIVE_INFINITY;
    const b = j < n ? (down[j] as number) : Number.POSITIVE_INFINITY;
    const day = Math.min(a, b);
    while (i < n && up[i] === day) {
      w++;
      i++;
    }
    while (j < n && down[j] === day) {
      w--;
      j++;
    }
    builder.set(day, w);
  }
}

function isSorted(a: Float64Array, n: number): boolean {
  for (let i = 1; i < n; i++) if ((a[i - 1] as number) > (a[i] as number)) return false;
  return true;
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
