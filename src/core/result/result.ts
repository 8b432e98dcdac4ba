import { checkDay, profileIndex } from '../numbers.js';
import type { ResolvedWallOptions } from '../options/wall.js';
import type { Wall } from '../wall.js';
import type { ProfileLedger } from './profile-ledger.js';
import { type SeriesSet, sumThrough, valueOn } from './series.js';

const RESULT_BRAND = Symbol.for('icewall.result');

/** What a run produced, as the result's constructor takes it. */
export interface RunSummary {
  /** The last day on which a foot was laid. */
  readonly days: number;
  /** Number of teams (with one crew per section: the unfinished sections). */
  readonly teams: number;
  /** Name of the strategy that assigned sections. */
  readonly strategy: string;
  /** Feet built in all. */
  readonly totalFeet: number;
  /** Per profile: teams at work on it, by day. */
  readonly profiles: ProfileLedger;
  /** The whole wall: teams at work, by day (one series). */
  readonly wall: SeriesSet;
  /** The wall's numbers. */
  readonly options: ResolvedWallOptions;
  /** Number of profiles. */
  readonly profileCount: number;
  /** Number of sections, finished ones included. */
  readonly sectionCount: number;
  /** Sections of each 0-based profile. */
  readonly sectionsOf: (p: number) => number;
  /** The heights, when they were kept. */
  readonly heights?: Wall;
}

/** One profile's answers: `result.profileSummary(p)`, an entry of `toJSON().profiles`. */
export interface ProfileSummary {
  /** The profile's number (from 1). */
  readonly profile: number;
  /** Its sections, finished ones included. */
  readonly sections: number;
  /** The last day a foot is laid on it (0 if it needed no work). */
  readonly days: number;
  /** Cubic yards of ice it uses in all. */
  readonly ice: number;
  /** Gold Dragons it costs in all. */
  readonly cost: number;
}

/**
 * A result as JSON: `JSON.stringify(result)` is this object, the same one
 * `icewall simulate --format json` prints for the same wall and options.
 */
export interface SimulationSummary {
  /** The day the last foot is laid. */
  readonly days: number;
  /** Cubic yards of ice in all. */
  readonly ice: number;
  /** Gold Dragons in all. */
  readonly cost: number;
  /** One summary per profile, in order. */
  readonly profiles: ProfileSummary[];
}

/** From `day` on (until the next change), `teams` teams are at work. */
export interface WorkChange {
  /** The first day with this number of teams at work. */
  readonly day: number;
  /** Teams at work from that day on. */
  readonly teams: number;
}

/**
 * The answers of a simulation. Every query is O(1) or O(log n), and every
 * figure is an exact integer. Profiles and days are numbered from 1; a day
 * after {@link days} is valid (no ice, costs at their final values).
 *
 * A result answers everything by itself: {@link wall} (the heights) is kept
 * only when the run had them anyway, and is `undefined` for a result of
 * `simulateStream` with one crew per section, which never stores heights.
 *
 * @example
 * ```ts
 * const result = simulate(parseWall('21 25 28\n17\n17 22 17 19 17\n'));
 * result.days; // 13
 * result.dailyIce(1, 1); // 585 cubic yards
 * result.profileCost(1, 1); // 1111500 Gold Dragons
 * result.totalCost(); // 32233500
 * ```
 */
export class SimulationResult {
  /** The day the last foot is laid (0 when there was nothing to build). */
  readonly days: number;
  /** Number of teams (with one crew per section: one per unfinished section). */
  readonly teams: number;
  /** The strategy that assigned sections (`'oneCrewPerSection'` without `teams`). */
  readonly strategy: string;
  /**
   * The wall that was built, or `undefined` when the heights were not kept
   * (`simulateStream` with one crew per section). Use {@link profileCount},
   * {@link sectionCount} and {@link sectionsOf} for its shape.
   */
  readonly wall: Wall | undefined;
  /** The wall's numbers (target height, ice per foot, price, section limit). */
  readonly options: ResolvedWallOptions;
  /** Number of profiles. */
  readonly profileCount: number;
  /** Number of sections (finished ones included). */
  readonly sectionCount: number;
  /** @internal */
  private readonly ledger: ProfileLedger;
  /** @internal */
  private readonly wallSeries: SeriesSet;
  /** @internal */
  private readonly feet: number;
  /** @internal */
  private readonly sizes: (p: number) => number;

  /**
   * Builds a result from what a run produced (the core and the engine only;
   * users get results from `simulate`, `simulateStream` or `Simulation.run`).
   * @internal
   * @param run - what the run produced
   */
  static fromRun(run: RunSummary): SimulationResult {
    return new SimulationResult(run);
  }

  /** Private: results come from `simulate`, `simulateStream` or `Simulation.run`. */
  private constructor(run: RunSummary) {
    this.days = run.days;
    this.teams = run.teams;
    this.strategy = run.strategy;
    this.wall = run.heights;
    this.options = run.options;
    this.profileCount = run.profileCount;
    this.sectionCount = run.sectionCount;
    this.ledger = run.profiles;
    this.wallSeries = run.wall;
    this.feet = run.totalFeet;
    this.sizes = run.sectionsOf;
    Object.defineProperty(this, RESULT_BRAND, { value: true });
  }

  /**
   * Number of sections of profile `profile` (1-based), finished ones included.
   * @throws RangeError (`ERR_OUT_OF_RANGE`) for a profile that does not exist
   */
  sectionsOf(profile: number): number {
    return this.sizes(profileIndex(profile, this.profileCount));
  }

  /**
   * Profile `profile`'s answers in one object: its sections, days, ice and
   * cost (as `GET /profiles/{p}/` serves them).
   * @throws RangeError (`ERR_OUT_OF_RANGE`) for a profile that does not exist
   */
  profileSummary(profile: number): ProfileSummary {
    return {
      profile,
      sections: this.sectionsOf(profile),
      days: this.profileDays(profile),
      ice: this.profileIce(profile),
      cost: this.profileCost(profile),
    };
  }

  /**
   * The answers as JSON: `{ days, ice, cost, profiles: [...] }`, exactly what
   * `icewall simulate --format json` prints for the same wall and options
   * (not the heights, the ledger or the options). Called by `JSON.stringify`.
   *
   * @example
   * ```ts
   * simulate(parseWall('21 25 28\n17\n')).toJSON();
   * // { days: 13, ice: 5655, cost: 10744500, profiles: [
   * //   { profile: 1, sections: 3, days: 9, ice: 3120, cost: 5928000 },
   * //   { profile: 2, sections: 1, days: 13, ice: 2535, cost: 4816500 } ] }
   * ```
   */
  toJSON(): SimulationSummary {
    const summary = this.summaryHead();
    for (let p = 1; p <= this.profileCount; p++) summary.profiles.push(this.profileSummary(p));
    return summary;
  }

  /**
   * {@link toJSON}'s object with `profiles` still empty (its last field):
   * see {@link summaryJsonPieces}.
   * @internal
   */
  summaryHead(): SimulationSummary {
    return { days: this.days, ice: this.totalIce(), cost: this.totalCost(), profiles: [] };
  }

  /**
   * Cubic yards of ice profile `profile` uses on day `day`.
   * @throws RangeError (`ERR_OUT_OF_RANGE`) for an unknown profile or a day that is not a whole number ≥ 1
   */
  dailyIce(profile: number, day: number): number {
    const p = profileIndex(profile, this.profileCount);
    return this.ledger.teamsOn(p, checkDay(day)) * this.options.icePerFoot;
  }

  /**
   * Cubic yards of ice profile `profile` uses on days 1 to `day` (all days if omitted).
   * @throws RangeError (`ERR_OUT_OF_RANGE`) for an unknown profile or a bad day
   */
  profileIce(profile: number, day?: number): number {
    const p = profileIndex(profile, this.profileCount);
    const feet =
      day === undefined ? this.ledger.totalFeet(p) : this.ledger.feetThrough(p, checkDay(day));
    return feet * this.options.icePerFoot;
  }

  /**
   * Gold Dragons profile `profile` costs on days 1 to `day` (all days if omitted).
   * @throws RangeError (`ERR_OUT_OF_RANGE`) for an unknown profile or a bad day
   */
  profileCost(profile: number, day?: number): number {
    return this.profileIce(profile, day) * this.options.costPerCubicYard;
  }

  /**
   * The last day on which a foot is laid on profile `profile` (0 if it needed no work).
   * @throws RangeError (`ERR_OUT_OF_RANGE`) for an unknown profile
   */
  profileDays(profile: number): number {
    return this.ledger.lastDay(profileIndex(profile, this.profileCount));
  }

  /**
   * Cubic yards of ice the whole wall uses on day `day`.
   * @throws RangeError (`ERR_OUT_OF_RANGE`) for a day that is not a whole number ≥ 1
   */
  wallDailyIce(day: number): number {
    return valueOn(this.wallSeries, 0, checkDay(day)) * this.options.icePerFoot;
  }

  /**
   * Cubic yards of ice of the whole wall on days 1 to `day` (all days if omitted).
   * @throws RangeError (`ERR_OUT_OF_RANGE`) for a bad day
   */
  totalIce(day?: number): number {
    if (day === undefined) return this.feet * this.options.icePerFoot;
    return sumThrough(this.wallSeries, 0, checkDay(day)) * this.options.icePerFoot;
  }

  /**
   * Gold Dragons of the whole wall on days 1 to `day` (the total if omitted).
   * @throws RangeError (`ERR_OUT_OF_RANGE`) for a bad day
   */
  totalCost(day?: number): number {
    return this.totalIce(day) * this.options.costPerCubicYard;
  }

  /**
   * Teams at work on day `day` over the whole wall.
   * @throws RangeError (`ERR_OUT_OF_RANGE`) for a bad day
   */
  teamsAtWork(day: number): number {
    return valueOn(this.wallSeries, 0, checkDay(day));
  }

  /**
   * The days on which the number of teams at work changes, with the number
   * from that day on: a compact picture of the whole run (the last entry
   * has 0 teams). For charts; the array is a copy.
   */
  workChanges(): WorkChange[] {
    const { day, value } = this.wallSeries;
    const out: WorkChange[] = [];
    for (let k = 0; k < day.length; k++)
      out.push({ day: day[k] as number, teams: value[k] as number });
    return out;
  }
}

/**
 * True for a {@link SimulationResult} from any copy of the library (the ESM
 * and CommonJS builds each have their own class).
 */
export function isSimulationResult(value: unknown): value is SimulationResult {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[RESULT_BRAND] === true
  );
}

/**
 * The text of `JSON.stringify(result)` ({@link SimulationResult.toJSON}), a
 * piece at a time, so that a wall of 10^6 profiles never makes one string
 * (the CLI's `--format json`, the HTTP answer of `POST /simulate`): the
 * head up to `"profiles":[`, then each profile (after a comma but the
 * first), then `end` (`]}`, or what a caller adds after the profiles).
 * @internal
 */
export function* summaryJsonPieces(result: SimulationResult, end = ']}'): Generator<string> {
  // toJSON() with `profiles` empty: its text ends in `[]}`; the profiles go between.
  yield JSON.stringify(result.summaryHead()).slice(0, -2);
  for (let p = 1; p <= result.profileCount; p++) {
    yield `${p === 1 ? '' : ','}${JSON.stringify(result.profileSummary(p))}`;
  }
  yield end;
}
