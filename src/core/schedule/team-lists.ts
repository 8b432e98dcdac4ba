import type { SimulationHooks } from '../hooks.js';

/**
 * Team numbers grouped by the day slot on which they become free, as one
 * bitset per slot of the ring: adding a team sets its bit, and a day's
 * finishers come out in ascending order by scanning the words of its slot,
 * so they never need sorting. Scanning costs a word per 32 teams until the
 * last finisher of the day, about half a word per section over a run. Used
 * only when team numbers matter (team events, user strategies).
 */
export class TeamLists {
  private readonly bits: Int32Array;
  private readonly words: number;

  /**
   * @param slots - the ring's size
   * @param teams - the highest team number that can ever hold a section
   */
  constructor(slots: number, teams: number) {
    this.words = (teams >>> 5) + 1;
    this.bits = new Int32Array(slots * this.words);
  }

  /** Adds `team` to the set of `slot`. */
  add(slot: number, team: number): void {
    const at = slot * this.words + (team >>> 5);
    this.bits[at] = (this.bits[at] as number) | (1 << (team & 31));
  }

  /**
   * Moves the `count` teams of `slot` into `out` in ascending order, leaving
   * the slot empty.
   */
  take(slot: number, count: number, out: Int32Array): void {
    const bits = this.bits;
    let at = slot * this.words;
    let n = 0;
    for (let base = 0; n < count; base += 32, at++) {
      let word = bits[at] as number;
      if (word === 0) continue;
      bits[at] = 0;
      while (word !== 0) {
        const low = word & -word;
        out[n++] = base + 31 - Math.clz32(low);
        word ^= low;
      }
    }
  }
}

/**
 * Emits reliefs in team order: the `done` teams of `doneList` that
 * completed today, merged with the `idle` teams that found nothing to take
 * today: from index `idleFrom` of `freeList`, or, when `freeList` is null
 * (day 1, when the free teams are 1..teams), the teams numbered
 * `idleFrom + 1` onwards.
 */
export function relieveMerged(
  emit: NonNullable<SimulationHooks['teamRelieved']>,
  day: number,
  doneList: Int32Array,
  done: number,
  freeList: Int32Array | null,
  idleFrom: number,
  idle: number,
): void {
  let a = 0;
  let b = 0;
  while (a < done || b < idle) {
    const fromDone = a < done ? (doneList[a] as number) : Number.POSITIVE_INFINITY;
    const fromIdle =
      b < idle
        ? freeList === null
          ? idleFrom + b + 1
          : (freeList[idleFrom + b] as number)
        : Number.POSITIVE_INFINITY;
    if (fromDone < fromIdle) {
      emit({ day, team: fromDone });
      a++;
    } else {
      emit({ day, team: fromIdle });
      b++;
    }
  }
}
