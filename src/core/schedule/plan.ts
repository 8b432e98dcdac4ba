import { IcewallError } from '../../errors.js';
import { checkWall, type PlanOptions, resolvePlanOptions } from '../options/run.js';
import type { Wall } from '../wall.js';
import { measureWork, runSchedule, type Work } from './kernel.js';
import { type CrewStrategy, isTrusted } from './strategy.js';

/** The answer of {@link planTeams}. */
export interface TeamPlan {
  /** The fewest teams whose schedule finishes by the deadline (0 when nothing needs building). */
  readonly teams: number;
  /** The day that schedule lays its last foot (≤ the deadline). */
  readonly days: number;
  /** How many team counts were simulated to find the answer. */
  readonly evaluated: number;
  /** ⌈total feet ÷ deadline⌉ (at least 1): no fewer teams can lay the feet in time. */
  readonly lowerBound: number;
  /**
   * A team count known to meet the deadline without simulating it: the
   * number of unfinished sections, or Graham's bound ⌈(W − p) ÷ (D − p)⌉
   * when that is smaller (D > p). The search never goes beyond it.
   */
  readonly upperBound: number;
}

/**
 * What the search needs to know about a wall and a deadline. Shared by
 * {@link planTeams} and the parallel engine's `planTeams`, so that both
 * search the same candidates in the same order and give the same answer.
 * @internal
 */
export interface PlanSearch {
  readonly wall: Wall;
  readonly strategy: CrewStrategy;
  readonly deadline: number;
  /** Total feet to build (W). */
  readonly totalFeet: number;
  /** The largest single section's need (p). */
  readonly longest: number;
  /** Unfinished sections. */
  readonly pending: number;
  /** First candidate. */
  readonly lowerBound: number;
  /** A candidate that certainly meets the deadline. */
  readonly upperBound: number;
  /** The last candidate to try: `min(upperBound, maxTeams)`. */
  readonly last: number;
  /** `maxTeams` as given (Infinity if not). */
  readonly maxTeams: number;
}

/**
 * Validates the options and computes the search range. Returns a finished
 * plan instead when there is nothing to build.
 * @throws IcewallError (`ERR_INVALID_OPTION`) for bad options or a deadline below the longest section's need
 * @internal
 */
export function planSearch(
  wall: Wall,
  options: PlanOptions,
  where = 'planTeams',
): PlanSearch | TeamPlan {
  checkWall(wall);
  const { deadline, maxTeams, strategy } = resolvePlanOptions(options, where);
  const { pending, totalFeet, longest } = measureWork(wall);
  if (pending === 0) return { teams: 0, days: 0, evaluated: 0, lowerBound: 0, upperBound: 0 };
  if (deadline < longest) {
    throw new IcewallError(
      'ERR_INVALID_OPTION',
      `deadline ${deadline} cannot be met: a section needs ${longest} feet, so ${longest} days is the shortest possible deadline`,
    );
  }
  const lowerBound = Math.max(1, Math.ceil(totalFeet / deadline));
  // With one team per unfinished section, days = longest ≤ deadline. With
  // D > p, Graham's list-scheduling bound: the last section to finish starts
  // after at most (W − p) / T full days, so T ≥ (W − p) / (D − p) suffices.
  const graham =
    deadline > longest
      ? Math.max(1, Math.ceil((totalFeet - longest) / (deadline - longest)))
      : pending;
  const upperBound = Math.max(lowerBound, Math.min(pending, graham));
  return {
    wall,
    strategy,
    deadline,
    totalFeet,
    longest,
    pending,
    lowerBound,
    upperBound,
    last: Math.min(upperBound, maxTeams),
    maxTeams,
  };
}

/** Whether `planSearch` returned a finished plan. */
export function isTeamPlan(value: PlanSearch | TeamPlan): value is TeamPlan {
  return 'teams' in value;
}

/**
 * The error for a `maxTeams` below every team count that meets the deadline.
 * @param best - the fewest days found among the candidates tried (null: none tried)
 * @internal
 */
export function maxTeamsError(
  search: PlanSearch,
  best: { teams: number; days: number } | null,
): IcewallError {
  const found =
    best === null
      ? `at least ${search.lowerBound} teams are needed to lay ${search.totalFeet} feet in ${search.deadline} days`
      : `the best found was ${best.teams} teams finishing on day ${best.days}`;
  return new IcewallError(
    'ERR_INVALID_OPTION',
    `no number of teams up to maxTeams ${search.maxTeams} finishes by day ${search.deadline} with strategy "${search.strategy.name}": ${found}`,
  );
}

/**
 * The last day of the teams-mode schedule with `teams` teams: the same
 * number as `simulate(wall, { teams, strategy }).days`, from the same
 * kernel with nothing recorded (no result built). A user strategy gets all
 * its checks.
 * @internal
 */
export function scheduleDays(
  wall: Wall,
  teams: number,
  strategy: CrewStrategy,
  work: Work = measureWork(wall),
): number {
  return runSchedule({ wall, teams, strategy, work, starts: null, hooks: {}, progressSteps: 1 })
    .days;
}

/**
 * Chooses which team counts to try, batch after batch, and keeps what was
 * learnt. {@link planTeams} asks for one candidate at a time; the parallel
 * engine asks for one per thread. Both get the same `teams` and `days`.
 *
 * - `monotone` (the built-in strategies: their pick order is fixed in
 *   advance, so `days` never grows with more teams; see docs/engine.md):
 *   gallop up from the lower bound (lower, lower + 1, lower + 3, lower + 7,
 *   …) until a count meets the deadline, then bisect the last gap.
 * - Otherwise: every count upward from the lower bound, in order; the first
 *   that meets the deadline is the answer.
 *
 * @internal
 */
export class TeamSearch {
  private readonly search: PlanSearch;
  private readonly monotone: boolean;
  /** The smallest count not known to fail. */
  private lo: number;
  /** The smallest count known to meet the deadline (0: none yet). */
  private hi = 0;
  private hiDays = 0;
  /** Galloping: the next exponent of the offset from the lower bound. */
  private gallop = 0;
  private best: { teams: number; days: number } | null = null;
  /** How many counts were simulated. */
  evaluated = 0;

  /**
   * @param search - from {@link planSearch}
   * @param monotone - whether `days` is known not to grow with more teams
   */
  constructor(search: PlanSearch, monotone: boolean) {
    this.search = search;
    this.monotone = monotone;
    this.lo = search.lowerBound;
  }

  /** Up to `k` team counts to simulate next, ascending; none when the search is over. */
  next(k: number): number[] {
    const { last } = this.search;
    const out: number[] = [];
    if (this.hi !== 0) {
      // Bisect [lo, hi): `hi` meets the deadline, everything below `lo` fails.
      const gap = this.hi - this.lo;
      for (let j = 1; j <= k && out.length < gap; j++) {
        const t = this.lo + Math.floor((gap * j) / (k + 1));
        if (t < this.hi && t !== out[out.length - 1]) out.push(t);
      }
      return out;
    }
    if (this.lo > last) return out;
    if (!this.monotone) {
      for (let t = this.lo; t <= last && out.length < k; t++) out.push(t);
      return out;
    }
    const base = this.search.lowerBound;
    while (out.length < k) {
      const t = Math.min(last, base + 2 ** this.gallop - 1);
      this.gallop++;
      if (t >= this.lo && t !== out[out.length - 1]) out.push(t);
      if (t === last) break;
    }
    return out;
  }

  /** The days of the counts {@link next} gave, in the same order. */
  report(teams: readonly number[], days: readonly number[]): void {
    const { deadline } = this.search;
    for (let j = 0; j < teams.length; j++) {
      const t = teams[j] as number;
      const d = days[j] as number;
      this.evaluated++;
      if (this.best === null || d < this.best.days) this.best = { teams: t, days: d };
      if (d <= deadline) {
        if (this.hi === 0 || t < this.hi) {
          this.hi = t;
          this.hiDays = d;
        }
      } else if (this.monotone || this.hi === 0) {
        // Monotone: every count up to t fails. Otherwise counts are tried in
        // order, so all of them up to t have failed.
        if (t + 1 > this.lo) this.lo = t + 1;
      }
    }
    // In order (not monotone), a batch's first success is the answer.
    if (!this.monotone && this.hi !== 0) this.lo = this.hi;
  }

  /** Whether the answer (or the failure) is known. */
  get done(): boolean {
    return this.hi !== 0 ? this.lo >= this.hi : this.lo > this.search.last;
  }

  /**
   * The answer.
   * @throws IcewallError naming the best found when no count up to `maxTeams` meets the deadline
   */
  result(): TeamPlan {
    const { lowerBound, upperBound } = this.search;
    if (this.hi === 0) throw maxTeamsError(this.search, this.best);
    return {
      teams: this.hi,
      days: this.hiDays,
      evaluated: this.evaluated,
      lowerBound,
      upperBound,
    };
  }
}

/**
 * The fewest teams that finish `wall` by day `deadline`: the
 * smallest T ≥ 1 whose teams-mode schedule with the strategy has
 * `days ≤ deadline`, with that schedule's days. Pure and single-threaded;
 * `icewall/engine`'s `planTeams` tries candidates in parallel and gives
 * the same answer.
 *
 * The answer is exact. The search starts at ⌈W ÷ D⌉ (W total feet, D
 * the deadline); Graham's bound caps it: every T ≥ ⌈(W − p) ÷ (D − p)⌉
 * meets a deadline D > p (p the largest single need), and so does one team
 * per unfinished section. List scheduling need not be monotone in the
 * number of teams when the pick order depends on the day or the team, so
 * for a user strategy every T is tried upward and the first that meets the
 * deadline is the answer. The built-in strategies pick in an order fixed in
 * advance, which makes `days` non-increasing in T (docs/engine.md proves
 * it), so for them the search gallops up from the lower bound and bisects:
 * O(log) schedules instead of one per candidate.
 *
 * @example
 * ```ts
 * const wall = parseWall('21 25 28\n17\n17 22 17 19 17');
 * planTeams(wall, { deadline: 30 });  // { teams: 4, days: 26, evaluated: 2, lowerBound: 3, upperBound: 5 }
 * planTeams(wall, { deadline: 100 }); // { teams: 1, days: 87, ... }
 * planTeams(wall, { deadline: 12 });  // throws: 13 days is the shortest possible deadline
 * ```
 * @param wall - from `parseWall`, `parseWallStream` or `createWall`
 * @param options - the deadline, the strategy and an optional `maxTeams`
 * @returns `{ teams: 0, days: 0, ... }` when nothing needs building
 * @throws IcewallError (`ERR_INVALID_OPTION`) for a bad option, for a deadline below the longest section's need (the message names the shortest possible deadline), and when no T ≤ `maxTeams` meets the deadline (the message names the best found); StrategyError for a faulty strategy
 */
export function planTeams(wall: Wall, options: PlanOptions): TeamPlan {
  const search = planSearch(wall, options);
  if (isTeamPlan(search)) return search;
  const { strategy } = search;
  const finder = new TeamSearch(search, isTrusted(strategy));
  while (!finder.done) {
    const [teams] = finder.next(1);
    if (teams === undefined) break;
    finder.report([teams], [scheduleDays(wall, teams, strategy, search)]);
  }
  return finder.result();
}
