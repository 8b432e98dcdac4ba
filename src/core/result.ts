import { lastActiveDay, type SeriesSet, sumAll, sumThrough, valueOn } from './series.js';
import type { Wall } from './wall.js';

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
  readonly profiles: SeriesSet;
  /** The whole wall: teams at work, by day (one series). */
  readonly wall: SeriesSet;
}

/** From `day` on (until the next change), `teams` teams are at work. */
export interface WorkChange {
  /** The first day with this number of teams at work. */
  readonly day: number;
  /** Teams at work from that day on. */
  readonly teams: number;
}

/**
 * The answers of a simulation (SPEC §6). Every query is O(log n) over the
 * change points of one profile, and every figure is an exact integer.
 * Profiles and days are numbered from 1; a day after {@link days} is valid
 * (no ice, costs at their final values).
 */
export class SimulationResult {
  /** The day the last foot is laid (0 when there was nothing to build). */
  readonly days: number;
  /** Number of teams (with one crew per section: one per unfinished section). */
  readonly teams: number;
  /** The strategy that assigned sections (`'oneCrewPerSection'` without `teams`). */
  readonly strategy: string;
  /** The wall that was built. */
  readonly wall: Wall;
  private readonly profileSeries: SeriesSet;
  private readonly wallSeries: SeriesSet;
  private readonly totalFeet: number;
  private readonly icePerFoot: number;
  private readonly price: number;

  /**
   * Results come from `simulate` or `Simulation.run`.
   * @internal
   * @param wall - the wall that was built
   * @param run - what the run produced
   */
  constructor(wall: Wall, run: RunSummary) {
    this.wall = wall;
    this.days = run.days;
    this.teams = run.teams;
    this.strategy = run.strategy;
    this.totalFeet = run.totalFeet;
    this.profileSeries = run.profiles;
    this.wallSeries = run.wall;
    this.icePerFoot = wall.options.icePerFoot;
    this.price = wall.options.costPerCubicYard;
  }

  /** Number of profiles. */
  get profileCount(): number {
    return this.wall.profileCount;
  }

  /** Number of sections (finished ones included). */
  get sectionCount(): number {
    return this.wall.sectionCount;
  }

  /**
   * Cubic yards of ice profile `profile` uses on day `day`.
   * @throws RangeError for an unknown profile or a day that is not a whole number ≥ 1
   */
  dailyIce(profile: number, day: number): number {
    return valueOn(this.profileSeries, this.profileIndex(profile), checkDay(day)) * this.icePerFoot;
  }

  /**
   * Cubic yards of ice profile `profile` uses on days 1 to `day` (all days if omitted).
   * @throws RangeError for an unknown profile or a bad day
   */
  profileIce(profile: number, day?: number): number {
    const p = this.profileIndex(profile);
    const feet =
      day === undefined
        ? sumAll(this.profileSeries, p)
        : sumThrough(this.profileSeries, p, checkDay(day));
    return feet * this.icePerFoot;
  }

  /**
   * Gold Dragons profile `profile` costs on days 1 to `day` (all days if omitted).
   * @throws RangeError for an unknown profile or a bad day
   */
  profileCost(profile: number, day?: number): number {
    return this.profileIce(profile, day) * this.price;
  }

  /**
   * The last day on which a foot is laid on profile `profile` (0 if it needed no work).
   * @throws RangeError for an unknown profile
   */
  profileDays(profile: number): number {
    return lastActiveDay(this.profileSeries, this.profileIndex(profile));
  }

  /**
   * Cubic yards of ice the whole wall uses on day `day`.
   * @throws RangeError for a day that is not a whole number ≥ 1
   */
  wallDailyIce(day: number): number {
    return valueOn(this.wallSeries, 0, checkDay(day)) * this.icePerFoot;
  }

  /**
   * Cubic yards of ice of the whole wall on days 1 to `day` (all days if omitted).
   * @throws RangeError for a bad day
   */
  totalIce(day?: number): number {
    if (day === undefined) return this.totalFeet * this.icePerFoot;
    return sumThrough(this.wallSeries, 0, checkDay(day)) * this.icePerFoot;
  }

  /**
   * Gold Dragons of the whole wall on days 1 to `day` (the total if omitted).
   * @throws RangeError for a bad day
   */
  totalCost(day?: number): number {
    return this.totalIce(day) * this.price;
  }

  /**
   * Teams at work on day `day` over the whole wall.
   * @throws RangeError for a bad day
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

  private profileIndex(profile: number): number {
    if (!Number.isInteger(profile) || profile < 1 || profile > this.wall.profileCount) {
      throw new RangeError(
        `profile ${String(profile)} does not exist: the wall has profiles 1 to ${this.wall.profileCount}`,
      );
    }
    return profile - 1;
  }
}

/** Checks a 1-based day number and returns it. */
function checkDay(day: number): number {
  if (!Number.isSafeInteger(day) || day < 1) {
    throw new RangeError(`day must be a whole number ≥ 1, got ${String(day)}`);
  }
  return day;
}
