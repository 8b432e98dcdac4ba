import { lowestBit } from '../day-ring.js';
import type { ReadonlyUint8Array } from '../readonly-arrays.js';

/** Picks between two saved checkpoints of an `inOrder` run. */
const CHECKPOINT_EVERY = 4096;

/** Numbers kept per checkpoint besides its ring: next, day, k, today, mask. */
const FIELDS = 5;

/** Where an {@link InOrderCursor} tells the start day of each section it picks. */
export interface StartSink {
  record(index: number, day: number): void;
}

/**
 * The state of an `inOrder` run at regular points, as plain typed arrays
 * (the engine posts them between threads as they are): every
 * {@link CHECKPOINT_EVERY} picks, the cursor's numbers and its day ring.
 * About 0.07 bytes a section; from the checkpoint before a profile, a
 * cursor replays that profile's start days in O(its sections + 4096).
 */
export interface InOrderCheckpoints {
  /** `FIELDS` numbers per checkpoint. */
  readonly fields: Float64Array;
  /** 64 ring counts per checkpoint. */
  readonly rings: Int32Array;
  /** How many checkpoints are saved. */
  readonly length: number;
}

/** Collects checkpoints while an `inOrder` run picks. */
export class CheckpointWriter {
  private fields: Float64Array;
  private rings: Int32Array;
  private length = 0;
  /** The pick count at which the next checkpoint is due. */
  due = 0;

  /** @param sections - the wall's section count (sizes the arrays once) */
  constructor(sections: number) {
    const n = Math.floor(sections / CHECKPOINT_EVERY) + 1;
    this.fields = new Float64Array(n * FIELDS);
    this.rings = new Int32Array(n * 64);
  }

  /** Saves the state of a cursor that is about to pick `next`. */
  save(next: number, day: number, k: number, today: number, mask: number, count: Int32Array): void {
    const at = this.length++;
    if (at * FIELDS >= this.fields.length) {
      const fields = new Float64Array(this.fields.length * 2);
      fields.set(this.fields);
      this.fields = fields;
      const rings = new Int32Array(this.rings.length * 2);
      rings.set(this.rings);
      this.rings = rings;
    }
    const f = at * FIELDS;
    this.fields[f] = next;
    this.fields[f + 1] = day;
    this.fields[f + 2] = k;
    this.fields[f + 3] = today;
    this.fields[f + 4] = mask;
    this.rings.set(count, at * 64);
    this.due += CHECKPOINT_EVERY;
  }

  /** Whether the run saved any checkpoint (it took the quiet path). */
  get used(): boolean {
    return this.length > 0;
  }

  finish(): InOrderCheckpoints {
    return {
      fields: this.fields.subarray(0, this.length * FIELDS),
      rings: this.rings.subarray(0, this.length * 64),
      length: this.length,
    };
  }
}

/**
 * The pick phase of an `inOrder` schedule with a target height below 32,
 * as a cursor that can stop before any section and go on later: every
 * free team takes the next unfinished section in build order; when none
 * is free, the day moves on to the next day on which some team frees up.
 * Bit k of `mask` says that teams free up k days from today;
 * `count[(today + k) & 63]` says how many.
 *
 * The kernel runs a whole wall with it once (saving checkpoints), and a
 * profile's answers replay just that profile from the checkpoint before it:
 * one rule for both. It needs no count of the unfinished sections up
 * front: a run from the start measures the wall's work as it picks (the
 * kernel's quiet path makes no other pass over the heights).
 */
export class InOrderCursor {
  /** The next section to look at (index in build order). */
  next = 0;
  /** The day of the current picks (1-based). */
  day = 1;
  /** The current day's slot in `count`. */
  today = 0;
  mask = 0;
  /** Free teams still to pick on the current day. */
  k: number;
  /** Teams that found nothing on the day the last section was picked. */
  idle = 0;
  readonly count = new Int32Array(64);
  /** Sections picked, their feet, and the most feet of one, by this cursor's calls. */
  picked = 0;
  feet = 0;
  longest = 0;

  /** @param teams - the number of teams */
  constructor(teams: number) {
    this.k = teams;
  }

  /** A cursor at checkpoint `at` of `checkpoints`. */
  static at(checkpoints: InOrderCheckpoints, at: number): InOrderCursor {
    const f = at * FIELDS;
    const { fields } = checkpoints;
    const c = new InOrderCursor(fields[f + 2] as number);
    c.next = fields[f] as number;
    c.day = fields[f + 1] as number;
    c.today = fields[f + 3] as number;
    c.mask = fields[f + 4] as number;
    c.count.set(checkpoints.rings.subarray(at * 64, at * 64 + 64));
    return c;
  }

  /**
   * A cursor at the last checkpoint at or before section `index` (the first
   * one when `index` comes before it: the sections between are finished),
   * or null when there is no checkpoint (no section was unfinished).
   */
  static before(checkpoints: InOrderCheckpoints, index: number): InOrderCursor | null {
    const { fields } = checkpoints;
    let lo = 0;
    let hi = checkpoints.length - 1;
    if (hi < 0) return null;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((fields[mid * FIELDS] as number) <= index) lo = mid;
      else hi = mid - 1;
    }
    return InOrderCursor.at(checkpoints, lo);
  }

  /**
   * Picks until section `stop` would be picked next (or nothing is left:
   * then `idle` is set), telling `starts` each start day and saving
   * checkpoints to `marks`.
   */
  pick(
    heights: ReadonlyUint8Array,
    target: number,
    stop: number,
    starts: StartSink | null,
    marks: CheckpointWriter | null,
  ): void {
    const { count } = this;
    const n = heights.length;
    let { next, day, today, mask, k, picked, feet, longest } = this;
    let due = marks === null ? Number.POSITIVE_INFINITY : marks.due;
    // `next` is always the next unfinished section, or n: finished sections
    // are skipped as soon as they are reached (past the end, a typed array
    // reads undefined, and the comparison is false).
    while ((heights[next] as number) >= target) next++;
    for (;;) {
      for (; k > 0; k--) {
        if (next >= stop) {
          if (next >= n) this.idle = k;
          Object.assign(this, { next, day, today, mask, k, picked, feet, longest });
          return;
        }
        if (picked >= due && marks !== null) {
          marks.save(next, day, k, today, mask, count);
          due = marks.due;
        }
        picked++;
        if (starts !== null) starts.record(next, day);
        const need = target - (heights[next] as number);
        feet += need;
        if (need > longest) longest = need;
        while ((heights[++next] as number) >= target);
        const slot = (today + need) & 63;
        count[slot] = (count[slot] as number) + 1;
        mask |= 1 << need;
      }
      if (next >= n) break;
      // Every team is busy: on to the next day on which some team frees up.
      const ahead = lowestBit(mask);
      today = (today + ahead) & 63;
      mask = (mask >>> ahead) ^ 1;
      k = count[today] as number;
      count[today] = 0;
      day += ahead;
    }
    this.idle = 0;
    Object.assign(this, { next, day, today, mask, k, picked, feet, longest });
  }
}
