import type { Wall } from '../wall.js';
import type { ProfileLedger } from './profile-ledger.js';
import { type SeriesSet, sumThrough, valueOn } from './series.js';
import { ProfileSeriesWriter, type StartDays } from './series-writer.js';

/** How many change points the cache of built profiles may hold (24 bytes each). */
const CACHE_POINTS = 1 << 20;

/**
 * The ledger of a strategy that takes sections in no particular order: a
 * profile's teams-at-work series may then change on two days per section,
 * which as change points would cost about 48 bytes a section. Instead the
 * start day of every section is kept (4 bytes, 8 past 2^32 days) and a
 * profile's series is built from them the first time it is asked for
 * (O(sections of the profile)), then cached within a bounded number of
 * points. Totals and last days are computed once, up front, per profile.
 */
export class LazySeriesLedger implements ProfileLedger {
  private readonly feet: Float64Array;
  private readonly last: Float64Array;
  private readonly cache = new Map<number, SeriesSet>();
  private cachedPoints = 0;

  /**
   * @param wall - the wall that was built
   * @param starts - the start day of every section (by index in build order)
   */
  constructor(
    private readonly wall: Wall,
    private readonly starts: StartDays,
  ) {
    const { heights, profileStarts } = wall;
    const target = wall.options.targetHeight;
    const profiles = wall.profileCount;
    this.feet = new Float64Array(profiles);
    this.last = new Float64Array(profiles);
    for (let p = 0; p < profiles; p++) {
      let feet = 0;
      let last = 0;
      const to = profileStarts[p + 1] as number;
      for (let i = profileStarts[p] as number; i < to; i++) {
        const need = target - (heights[i] as number);
        if (need > 0) {
          feet += need;
          const end = (starts[i] as number) + need - 1;
          if (end > last) last = end;
        }
      }
      this.feet[p] = feet;
      this.last[p] = last;
    }
  }

  teamsOn(p: number, day: number): number {
    return valueOn(this.series(p), 0, day);
  }
  feetThrough(p: number, day: number): number {
    return sumThrough(this.series(p), 0, day);
  }
  totalFeet(p: number): number {
    return this.feet[p] as number;
  }
  lastDay(p: number): number {
    return this.last[p] as number;
  }

  /** Profile `p`'s series, built on first use and kept while the cache has room. */
  private series(p: number): SeriesSet {
    const hit = this.cache.get(p);
    if (hit !== undefined) return hit;
    const { heights, profileStarts, options } = this.wall;
    const writer = new ProfileSeriesWriter(1, options.targetHeight, 16);
    writer.add(heights, profileStarts[p] as number, profileStarts[p + 1] as number, this.starts, 0);
    const set = writer.finish();
    const points = set.day.length;
    // Oldest first out: a Map iterates in insertion order.
    for (const [q, old] of this.cache) {
      if (this.cachedPoints + points <= CACHE_POINTS) break;
      this.cache.delete(q);
      this.cachedPoints -= old.day.length;
    }
    this.cache.set(p, set);
    this.cachedPoints += points;
    return set;
  }
}
