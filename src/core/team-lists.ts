import type { SimulationHooks } from './hooks.js';

/**
 * Team numbers grouped by the day slot on which they become free: one
 * linked list per slot of the ring (`head`/`tail` per slot, `next` per
 * team), so teams are tracked in O(1) per assignment. Used only when team
 * numbers matter (team events, user strategies).
 */
export class TeamLists {
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private readonly next: Int32Array;

  /**
   * @param slots - the ring's size
   * @param teams - the number of teams (numbered from 1)
   */
  constructor(slots: number, teams: number) {
    this.head = new Int32Array(slots);
    this.tail = new Int32Array(slots);
    this.next = new Int32Array(teams + 1);
  }

  /** Appends `team` to the list of `slot`. */
  add(slot: number, team: number): void {
    this.next[team] = 0;
    if (this.head[slot] === 0) this.head[slot] = team;
    else this.next[this.tail[slot] as number] = team;
    this.tail[slot] = team;
  }

  /** Empties the list of `slot`. */
  clear(slot: number): void {
    this.head[slot] = 0;
  }

  /**
   * Copies the teams of `slot` into `out` in ascending order and returns how
   * many there are. Lists are usually sorted already (teams freed on the
   * same day were mostly assigned on the same day, in order).
   */
  sorted(slot: number, out: Int32Array): number {
    let n = 0;
    let sorted = true;
    const next = this.next;
    for (let t = this.head[slot] as number; t !== 0; t = next[t] as number) {
      if (n > 0 && (out[n - 1] as number) > t) sorted = false;
      out[n++] = t;
    }
    if (sorted) return n;
    if (n > 64) out.subarray(0, n).sort();
    else {
      for (let i = 1; i < n; i++) {
        const v = out[i] as number;
        let j = i - 1;
        while (j >= 0 && (out[j] as number) > v) {
          out[j + 1] = out[j] as number;
          j--;
        }
        out[j + 1] = v;
      }
    }
    return n;
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
