import { profileOfIndex as profileIndexOf, sectionNumber } from '../numbers.js';
import type { Wall } from '../wall.js';
import type { PendingSection, PendingSections } from './strategy.js';

/**
 * The pending sections as a user strategy sees them. The engine marks each
 * taken section in `taken`; the linked list that makes iteration O(pending)
 * is built only the first time a strategy iterates, so strategies that never
 * look cost nothing extra.
 */
export class PendingView implements PendingSections {
  size: number;
  private readonly wall: Wall;
  private readonly taken: Uint8Array;
  private next: Int32Array | null = null;
  private prev: Int32Array | null = null;
  /** First pending index, or -1; valid only once the list is built. */
  private head = -1;

  /**
   * @param wall - the wall being built
   * @param taken - 1 for each section index a team has taken
   * @param size - sections pending now
   */
  constructor(wall: Wall, taken: Uint8Array, size: number) {
    this.wall = wall;
    this.taken = taken;
    this.size = size;
  }

  /** Records that the engine gave section index `i` to a team. */
  take(i: number): void {
    this.taken[i] = 1;
    this.size--;
    const next = this.next;
    const prev = this.prev;
    if (next === null || prev === null) return;
    const a = prev[i] as number;
    const b = next[i] as number;
    if (a >= 0) next[a] = b;
    else this.head = b;
    if (b >= 0) prev[b] = a;
  }

  has(position: number): boolean {
    const i = position - 1;
    const { heights } = this.wall;
    return (
      Number.isInteger(i) &&
      i >= 0 &&
      i < heights.length &&
      (heights[i] as number) < this.wall.options.targetHeight &&
      this.taken[i] === 0
    );
  }

  get(position: number): PendingSection | undefined {
    if (!this.has(position)) return undefined;
    const i = position - 1;
    return this.info(i, profileIndexOf(this.wall.profileStarts, i));
  }

  first(): PendingSection | undefined {
    this.build();
    return this.head < 0 ? undefined : this.get(this.head + 1);
  }

  *[Symbol.iterator](): Iterator<PendingSection> {
    this.build();
    const next = this.next as Int32Array;
    const starts = this.wall.profileStarts;
    let p = 0;
    for (let i = this.head; i >= 0; i = next[i] as number) {
      while ((starts[p + 1] as number) <= i) p++;
      yield this.info(i, p);
    }
  }

  private info(i: number, p: number): PendingSection {
    return {
      position: i + 1,
      profile: p + 1,
      section: sectionNumber(this.wall.profileStarts, p, i),
      remaining: this.wall.options.targetHeight - (this.wall.heights[i] as number),
    };
  }

  private build(): void {
    if (this.next !== null) return;
    const { heights } = this.wall;
    const target = this.wall.options.targetHeight;
    const next = new Int32Array(heights.length).fill(-1);
    const prev = new Int32Array(heights.length).fill(-1);
    let last = -1;
    for (let i = 0; i < heights.length; i++) {
      if ((heights[i] as number) >= target || this.taken[i] === 1) continue;
      if (last >= 0) next[last] = i;
      else this.head = i;
      prev[i] = last;
      last = i;
    }
    this.next = next;
    this.prev = prev;
  }
}
