import { IcewallError } from '../errors.js';
import { inOrder } from '../strategies/in-order.js';
import { integerOption, invalidOption } from './options.js';
import { runSimulation } from './run.js';
import { type CrewStrategy, isTrusted, type PickContext } from './strategy.js';
import { isWall, type Wall } from './wall.js';

/** Options of {@link planTeams}. */
export interface PlanOptions {
  /** The last day by which the wall must be finished (a positive integer). */
  deadline: number;
  /**
   * Which pending section a free team takes.
   * @default inOrder
   */
  strategy?: CrewStrategy;
  /**
   * The most teams to consider. When no number of teams up to it meets the
   * deadline, `planTeams` throws an `IcewallError` naming the best it found.
   * @default no limit (the search always ends: see Graham's bound in {@link planTeams})
   */
  maxTeams?: number;
}

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
export function planSearch(wall: Wall, options: PlanOptions): PlanSearch | TeamPlan {
  if (!isWall(wall)) {
    invalidOption('wall', 'a Wall (from parseWall, parseWallStream or createWall)', wall);
  }
  if (typeof options !== 'object' || options === null) {
    invalidOption('options', 'an object with a `deadline`', options);
  }
  const deadline = integerOption(
    'deadline',
    options.deadline,
    Number.NaN,
    1,
    Number.MAX_SAFE_INTEGER,
    'a positive integer (days)',
  );
  if (Number.isNaN(deadline)) invalidOption('deadline', 'a positive integer (days)', undefined);
  const maxTeams =
    options.maxTeams === undefined
      ? Number.POSITIVE_INFINITY
      : integerOption('maxTeams', options.maxTeams, 1, 1, 2 ** 31 - 2, 'a positive integer');
  const strategy = options.strategy ?? inOrder;
  if (
    typeof strategy !== 'object' ||
    strategy === null ||
    typeof strategy.create !== 'function' ||
    typeof strategy.name !== 'string'
  ) {
    invalidOption('strategy', 'a crew strategy ({ name, create(wall) })', strategy);
  }

  const { heights } = wall;
  const target = wall.options.targetHeight;
  let totalFeet = 0;
  let longest = 0;
  let pending = 0;
  for (let i = 0; i < heights.length; i++) {
    const need = target - (heights[i] as number);
    if (need > 0) {
      pending++;
      totalFeet += need;
      if (need > longest) longest = need;
    }
  }
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
 * number as `simulate(wall, { teams, strategy }).days`. Built-in strategies
 * take a days-only path (free teams counted per day, no result built); any
 * other strategy runs the core with all its checks.
 * @internal
 */
export function scheduleDays(wall: Wall, teams: number, strategy: CrewStrategy): number {
  if (!isTrusted(strategy)) {
    return runSimulation({ wall, teams, strategy, hooks: undefined, progressSteps: 1 }).days;
  }
  const { heights } = wall;
  const target = wall.options.targetHeight;
  let pending = 0;
  for (let i = 0; i < heights.length; i++) if ((heights[i] as number) < target) pending++;
  if (pending === 0) return 0;
  const pick = strategy.create(wall);
  // Built-ins ignore the context; it is passed for the type only.
  const context = { day: 0, team: 0, pending: undefined, wall } as unknown as PickContext;
  const slots = target + 1;
  // freeCount[d % slots]: teams that become free at the start of day d.
  const freeCount = new Float64Array(slots);
  let free = teams;
  let assigned = 0;
  let completed = 0;
  let day = 1;
  for (;;) {
    freeCount[day % slots] = 0;
    const take = Math.min(free, pending - assigned);
    for (let k = 0; k < take; k++) {
      const i = (pick(context) as number) - 1;
      const at = (day + target - (heights[i] as number)) % slots;
      freeCount[at] = (freeCount[at] as number) + 1;
    }
    assigned += take;
    const done = freeCount[(day + 1) % slots] as number;
    completed += done;
    if (completed === pending) return day;
    if (assigned === pending) {
      free = 0;
      freeCount[(day + 1) % slots] = 0;
    } else free = done;
    // With no team free tomorrow, jump to the next day on which a section
    // is completed (some team is busy, so one of the next slots is non-empty).
    let next = day + 1;
    if (free === 0) while ((freeCount[(next + 1) % slots] as number) === 0) next++;
    day = next;
  }
}

/**
 * The fewest teams that finish `wall` by day `deadline` (SPEC §9): the
 * smallest T ≥ 1 whose teams-mode schedule with the strategy has
 * `days ≤ deadline`, with that schedule's days. Pure and single-threaded;
 * `icewall/engine`'s `planTeams` tries candidates in parallel and gives
 * the same answer.
 *
 * The answer is exact. List scheduling is not monotone in the number of
 * teams (one more team can finish later: it changes who takes which
 * section), so the search does not bisect: it tries T upward from
 * ⌈W ÷ D⌉ (W total feet, D the deadline) and stops at the first T that
 * meets the deadline. Graham's bound caps it: every T ≥ ⌈(W − p) ÷ (D − p)⌉
 * meets a deadline D > p (p the largest single need), and so does one team
 * per unfinished section.
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
  let best: { teams: number; days: number } | null = null;
  let evaluated = 0;
  for (let teams = search.lowerBound; teams <= search.last; teams++) {
    const days = scheduleDays(wall, teams, search.strategy);
    evaluated++;
    if (days <= search.deadline) {
      return {
        teams,
        days,
        evaluated,
        lowerBound: search.lowerBound,
        upperBound: search.upperBound,
      };
    }
    if (best === null || days < best.days) best = { teams, days };
  }
  throw maxTeamsError(search, best);
}
