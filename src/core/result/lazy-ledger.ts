import {
  type InOrderCheckpoints,
  InOrderCursor,
  type StartSink,
} from '../schedule/in-order-cursor.js';
import type { Wall } from '../wall.js';
import type { ProfileLedger } from './profile-ledger.js';
import { type SeriesSet, sumThrough, valueOn } from './series.js';
import { ProfileSeriesWriter, type StartDays } from './series-writer.js';

/** How many change points the cache of built profiles may hold (24 bytes each). */
const CACHE_POINTS = 1 << 20;

/**
 * The start days a teams run leaves behind, as plain data (the engine posts
 * it between threads as it is):
 *
 * - `each`: the start day of every section, by index in build order (4
 *   bytes a section, 8 past 2^32 days), for a strategy that takes sections
 *   in any order;
 * - `checkpoints`: for `inOrder` with a target height below 32, the state
 *   of the schedule every 4096 picks (about 0.07 bytes a section), from
 *   which a profile's start days are replayed when it is asked for;
 * - `deltas`: for `inOrder`, which starts sections in build order, so that
 *   start days never decrease: each unfinished section's start day minus the
 *   previous unfinished section's (at most the target height, so one byte a
 *   section), and per profile the start day of the last unfinished section
 *   before it (0 for none).
 */
export type StartRecord =
  | { readonly kind: 'each'; readonly starts: StartDays }
  | { readonly kind: 'deltas'; readonly deltas: Uint8Array; readonly dayBefore: Float64Array }
  | ({ readonly kind: 'checkpoints' } & InOrderCheckpoints);

/** Each profile's feet and last day (0-based profile index). */
export interface ProfileTotals {
  readonly feet: Float64Array;
  readonly last: Float64Array;
}

/** Writes the start days of sections `from`… into a buffer indexed from 0. */
class OffsetSink implements StartSink {
  constructor(
    private readonly buffer: Float64Array,
    private readonly from: number,
  ) {}
  record(index: number, day: number): void {
    if (index >= this.from) this.buffer[index - this.from] = day;
  }
}

/**
 * How to get a run's start days later, when a built-in strategy left them
 * unrecorded: run the same schedule again (`record`). `teams` and `strategy`
 * say which schedule, so that the engine can post the recipe to another
 * thread and replay it there.
 */
export interface StartReplay {
  readonly teams: number;
  /** The built-in strategy's name. */
  readonly strategy: string;
  record(): StartRecord;
}

/**
 * The ledger of a teams run: a profile's teams-at-work series may change on
 * two days per section, which as change points would cost up to 48 bytes a
 * section. Instead the run's {@link StartRecord} is kept, and a profile's
 * series is built from it the first time it is asked for (O(sections of
 * the profile)), then cached within a bounded number of points. A profile's
 * feet and last day are computed on its first use and kept. With a
 * built-in strategy even the start days are recorded on first use, by
 * running the schedule again: a caller that asks only for the whole wall's
 * figures never pays for any of it.
 */
export class LazySeriesLedger implements ProfileLedger {
  private totals: ProfileTotals | null;
  private readonly cache = new Map<number, SeriesSet>();
  private cachedPoints = 0;
  /** Decoded start days of one profile (`deltas` and `checkpoints`). */
  private buffer = new Float64Array(0);
  /** A `checkpoints` replay that stopped at the end of a profile, and which one. */
  private cursor: InOrderCursor | null = null;
  private cursorEnd = -1;

  private recorded: StartRecord | StartReplay;

  /**
   * @param wall - the wall that was built
   * @param record - the run's start days, or how to get them when first needed
   * @param totals - every profile's totals, when the run kept them
   */
  constructor(
    private readonly wall: Wall,
    record: StartRecord | StartReplay,
    totals: ProfileTotals | null = null,
  ) {
    this.recorded = record;
    this.totals = totals;
  }

  /** The run's start days (recorded now if they were left for later). */
  get record(): StartRecord {
    const r = this.recorded;
    if ('record' in r) this.recorded = r.record();
    return this.recorded as StartRecord;
  }

  /** The recipe for the start days while they are not yet recorded, else null. */
  get replay(): StartReplay | null {
    const r = this.recorded;
    return 'record' in r ? r : null;
  }

  teamsOn(p: number, day: number): number {
    return valueOn(this.series(p), 0, day);
  }
  feetThrough(p: number, day: number): number {
    return sumThrough(this.series(p), 0, day);
  }
  totalFeet(p: number): number {
    return this.profileTotals(p).feet[p] as number;
  }
  lastDay(p: number): number {
    return this.profileTotals(p).last[p] as number;
  }

  /** Start days of profile `p`'s sections, indexed from its first section (finished ones: any value). */
  private startsOf(p: number): StartDays {
    const { heights, profileStarts } = this.wall;
    const from = profileStarts[p] as number;
    const to = profileStarts[p + 1] as number;
    const record = this.record;
    if (record.kind === 'each') return record.starts.subarray(from, to);
    if (this.buffer.length < to - from) this.buffer = new Float64Array(to - from);
    const { buffer } = this;
    if (record.kind === 'checkpoints') {
      // Profiles asked in order (every total, a CLI printing them all) go on
      // from where the last one stopped; others start at a checkpoint.
      let cursor = this.cursorEnd === from ? this.cursor : null;
      cursor ??= InOrderCursor.before(record, from);
      if (cursor !== null) {
        const sink = new OffsetSink(buffer, from);
        cursor.pick(heights, this.wall.options.targetHeight, to, sink, null);
      }
      this.cursor = cursor;
      this.cursorEnd = to;
      return buffer;
    }
    const { deltas } = record;
    const target = this.wall.options.targetHeight;
    let day = record.dayBefore[p] as number;
    for (let i = from; i < to; i++) {
      if ((heights[i] as number) < target) day += deltas[i] as number;
      buffer[i - from] = day;
    }
    return buffer;
  }

  /** Feet and last day of profile `p` (the index), computed on first use and kept. */
  private profileTotals(p: number): ProfileTotals {
    if (this.totals === null) {
      const profiles = this.wall.profileCount;
      this.totals = {
        feet: new Float64Array(profiles).fill(Number.NaN),
        last: new Float64Array(profiles),
      };
    }
    const totals = this.totals;
    if (!Number.isNaN(totals.feet[p] as number)) return totals;
    const { heights, profileStarts } = this.wall;
    const target = this.wall.options.targetHeight;
    const from = profileStarts[p] as number;
    const to = profileStarts[p + 1] as number;
    const record = this.record;
    let f = 0;
    let l = 0;
    if (record.kind === 'deltas') {
      // One pass, the start days decoded as it goes (see startsOf): a CLI
      // that prints every profile asks this of each one.
      const { deltas } = record;
      let day = record.dayBefore[p] as number;
      for (let i = from; i < to; i++) {
        const need = target - (heights[i] as number);
        if (need > 0) {
          day += deltas[i] as number;
          f += need;
          const end = day + need - 1;
          if (end > l) l = end;
        }
      }
      totals.feet[p] = f;
      totals.last[p] = l;
      return totals;
    }
    const starts = this.startsOf(p);
    for (let i = from; i < to; i++) {
      const need = target - (heights[i] as number);
      if (need > 0) {
        f += need;
        const end = (starts[i - from] as number) + need - 1;
        if (end > l) l = end;
      }
    }
    totals.feet[p] = f;
    totals.last[p] = l;
    return totals;
  }

  /** Profile `p`'s series, built on first use and kept while the cache has room. */
  private series(p: number): SeriesSet {
    const hit = this.cache.get(p);
    if (hit !== undefined) return hit;
    const { heights, profileStarts, options } = this.wall;
    const from = profileStarts[p] as number;
    const to = profileStarts[p + 1] as number;
    const starts = this.startsOf(p);
    const writer = new ProfileSeriesWriter(1, options.targetHeight, 16);
    if (this.record.kind !== 'each' && writer.inOrderFits) {
      writer.addInOrder(heights, from, to, starts);
    } else writer.add(heights, from, to, starts, from);
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
