/**
 * Step functions over days, stored as change points: from `day[k]` until
 * the day before `day[k + 1]` the value is `value[k]`; `before[k]` is the
 * sum of the values over the days before `day[k]`. The first point is at
 * day 1 and the last one has value 0, so the function is known for every day.
 *
 * Several series share the flat arrays of one {@link SeriesBuilder}; series
 * `s` owns points `offsets[s]` to `offsets[s + 1] - 1`.
 */
export interface SeriesSet {
  readonly offsets: Float64Array;
  readonly day: Float64Array;
  readonly value: Float64Array;
  readonly before: Float64Array;
}

/** Appends change points, series after series, into growable flat arrays. */
export class SeriesBuilder {
  private day: Float64Array;
  private value: Float64Array;
  private before: Float64Array;
  private length = 0;
  private readonly offsets: Float64Array;
  private series = 0;
  private seriesStart = 0;

  /**
   * @param seriesCount - how many series will be built
   * @param capacity - a guess at the total number of points
   */
  constructor(seriesCount: number, capacity: number) {
    const c = Math.max(16, capacity);
    this.day = new Float64Array(c);
    this.value = new Float64Array(c);
    this.before = new Float64Array(c);
    this.offsets = new Float64Array(seriesCount + 1);
  }

  /**
   * Sets the value from `day` on. Days must not decrease within a series; a
   * point on the same day as the previous one replaces its value, and a
   * point that changes nothing is dropped.
   */
  set(day: number, value: number): void {
    const n = this.length;
    if (n > this.seriesStart) {
      const last = n - 1;
      const lastDay = this.day[last] as number;
      if (lastDay === day) {
        this.value[last] = value;
        // Merging may make the previous point redundant.
        if (last > this.seriesStart && this.value[last - 1] === value) this.length--;
        return;
      }
      const lastValue = this.value[last] as number;
      if (lastValue === value) return;
      if (n === this.day.length) this.grow();
      this.day[n] = day;
      this.value[n] = value;
      this.before[n] = (this.before[last] as number) + lastValue * (day - lastDay);
    } else {
      if (n === this.day.length) this.grow();
      // Every series starts at day 1 (with 0 if nothing happens on day 1).
      if (day !== 1) {
        this.day[n] = 1;
        this.value[n] = 0;
        this.before[n] = 0;
        this.length = n + 1;
        this.set(day, value);
        return;
      }
      this.day[n] = 1;
      this.value[n] = value;
      this.before[n] = 0;
    }
    this.length = n + 1;
  }

  /** Closes the current series (adding a day-1 point if it is empty). */
  endSeries(): void {
    if (this.length === this.seriesStart) this.set(1, 0);
    this.series++;
    this.offsets[this.series] = this.length;
    this.seriesStart = this.length;
  }

  /**
   * Returns the finished set: views of the filled part, not copies (the
   * unused tail of each buffer was never written, so it holds no memory).
   */
  finish(): SeriesSet {
    const n = this.length;
    return {
      offsets: this.offsets,
      day: this.day.subarray(0, n),
      value: this.value.subarray(0, n),
      before: this.before.subarray(0, n),
    };
  }

  private grow(): void {
    const c = Math.ceil(this.day.length * 1.5);
    const day = new Float64Array(c);
    day.set(this.day);
    this.day = day;
    const value = new Float64Array(c);
    value.set(this.value);
    this.value = value;
    const before = new Float64Array(c);
    before.set(this.before);
    this.before = before;
  }
}

/** Index of the last point of series `s` whose day is ≤ `day` (binary search). */
export function pointAt(set: SeriesSet, s: number, day: number): number {
  let lo = set.offsets[s] as number;
  let hi = (set.offsets[s + 1] as number) - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((set.day[mid] as number) <= day) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The value of series `s` on `day`. */
export function valueOn(set: SeriesSet, s: number, day: number): number {
  return set.value[pointAt(set, s, day)] as number;
}

/** The sum of the values of series `s` over days 1 to `day`. */
export function sumThrough(set: SeriesSet, s: number, day: number): number {
  const k = pointAt(set, s, day);
  return (set.before[k] as number) + (set.value[k] as number) * (day - (set.day[k] as number) + 1);
}
