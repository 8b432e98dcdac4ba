/**
 * How many teams work on each profile, day by day, in whichever compact form
 * the run produced. Profiles are 0-based here; days are 1-based.
 */
export interface ProfileLedger {
  /** Teams at work on profile `p` on `day`. */
  teamsOn(p: number, day: number): number;
  /** Feet laid on profile `p` on days 1 to `day`. */
  feetThrough(p: number, day: number): number;
  /** Feet laid on profile `p` in all. */
  totalFeet(p: number): number;
  /** The last day a foot is laid on profile `p` (0 if none). */
  lastDay(p: number): number;
}

/**
 * One crew per section: the whole answer is, per profile, how many sections
 * need each number of feet (`counts[p * stride + need]`, `stride` being
 * `targetHeight + 1`). A section needing `k` feet is worked on days 1 to
 * `k`, so on day `d` a profile has as many teams at work as it has sections
 * needing `d` feet or more. A query adds at most `targetHeight` numbers.
 */
export class CountLedger implements ProfileLedger {
  /**
   * @param counts - sections by feet needed, `stride` numbers per profile
   * @param stride - `targetHeight + 1`
   */
  constructor(
    private readonly counts: Uint16Array | Uint32Array,
    private readonly stride: number,
  ) {}
  teamsOn(p: number, day: number): number {
    const { counts, stride } = this;
    const row = p * stride;
    let teams = 0;
    for (let need = day; need < stride; need++) teams += counts[row + need] as number;
    return teams;
  }
  feetThrough(p: number, day: number): number {
    const { counts, stride } = this;
    const row = p * stride;
    let feet = 0;
    for (let need = 1; need < stride; need++) {
      feet += (counts[row + need] as number) * Math.min(need, day);
    }
    return feet;
  }
  totalFeet(p: number): number {
    const { counts, stride } = this;
    const row = p * stride;
    let feet = 0;
    for (let need = 1; need < stride; need++) feet += (counts[row + need] as number) * need;
    return feet;
  }
  lastDay(p: number): number {
    const { counts, stride } = this;
    const row = p * stride;
    for (let need = stride - 1; need > 0; need--)
      if ((counts[row + need] as number) > 0) return need;
    return 0;
  }
}

/**
 * One crew per section, counted in consecutive parts of the config (each
 * with at least one profile, in file order) that stay where they are: a
 * query finds its profile's part by bisection, then asks that part's
 * {@link CountLedger}.
 */
export class PartsCountLedger implements ProfileLedger {
  private readonly ledgers: CountLedger[];
  private readonly sizes: Uint32Array[];
  /** `firsts[k]`: the first profile of part k; the last entry is the number of profiles. */
  private readonly firsts: Float64Array;

  /**
   * @param parts - each part's counts (`stride` numbers per profile) and sizes
   * @param stride - `targetHeight + 1`
   */
  constructor(
    parts: readonly {
      readonly counts: Uint16Array | Uint32Array;
      readonly sizes: Uint32Array;
      readonly profileCount: number;
    }[],
    stride: number,
  ) {
    this.ledgers = parts.map((part) => new CountLedger(part.counts, stride));
    this.sizes = parts.map((part) => part.sizes);
    this.firsts = new Float64Array(parts.length + 1);
    parts.forEach((part, k) => {
      this.firsts[k + 1] = (this.firsts[k] as number) + part.profileCount;
    });
  }

  /** Profile `p`'s index within its part, as found by the last {@link partOf}. */
  private local = 0;

  /** The part that holds profile `p` (0-based, in range); sets {@link local}. */
  private partOf(p: number): number {
    const firsts = this.firsts;
    let lo = 0;
    let hi = firsts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((firsts[mid] as number) <= p) lo = mid;
      else hi = mid - 1;
    }
    this.local = p - (firsts[lo] as number);
    return lo;
  }

  /** The ledger of the part that holds profile `p`; sets {@link local}. */
  private ledgerOf(p: number): CountLedger {
    return this.ledgers[this.partOf(p)] as CountLedger;
  }

  /** Sections of profile `p`, finished ones included. */
  sectionsOf(p: number): number {
    const sizes = this.sizes[this.partOf(p)] as Uint32Array;
    return sizes[this.local] as number;
  }
  teamsOn(p: number, day: number): number {
    return this.ledgerOf(p).teamsOn(this.local, day);
  }
  feetThrough(p: number, day: number): number {
    return this.ledgerOf(p).feetThrough(this.local, day);
  }
  totalFeet(p: number): number {
    return this.ledgerOf(p).totalFeet(this.local);
  }
  lastDay(p: number): number {
    return this.ledgerOf(p).lastDay(this.local);
  }
}
