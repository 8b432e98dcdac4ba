/**
 * The one teams scheduler (SPEC §4, `teams: T`). `simulate`, `Simulation`,
 * `planTeams`, the engine's workers and the CLI all come here; what they
 * differ in is only what they record (start days, team numbers, events, or
 * nothing but the last day).
 *
 * Time is O(sections) plus O(days on which a team frees up), never a loop
 * over every team on every day: teams that free up on the same day are
 * counted in a ring of `targetHeight + 1` slots (a section started on day d
 * frees its team at the start of day d + need ≤ d + targetHeight), and the
 * next such day is found from a bit mask of the ring's non-empty slots.
 * Days on which nothing starts or ends are skipped unless `dayCompleted`
 * is listened to.
 *
 * Two facts keep the whole wall's series O(targetHeight): until the day on
 * which the queue empties every team is busy every day (a team that frees
 * up takes the next section the same morning), and after it teams only
 * finish.
 */

import { distance, lowestBit } from '../day-ring.js';
import type { SimulationHooks } from '../hooks.js';
import { profileOfIndex, sectionNumber } from '../numbers.js';
import { checkExact } from '../parse/count.js';
import { SeriesBuilder, type SeriesSet } from '../result/series.js';
import { strategyWall, type Wall } from '../wall.js';
import { checkedPick } from './checked-pick.js';
import { type CheckpointWriter, InOrderCursor } from './in-order-cursor.js';
import { PendingView } from './pending.js';
import { ProgressSteps } from './progress.js';
import {
  type CrewStrategy,
  createPicker,
  IN_ORDER_NAME,
  isTrusted,
  type PickSection,
} from './strategy.js';
import { relieveMerged, TeamLists } from './team-lists.js';

/** What a wall asks of its builders (the one loop that measures it). */
export interface Work {
  /** Unfinished sections. */
  readonly pending: number;
  /** Feet to build in all. */
  readonly totalFeet: number;
  /** The most feet any one section needs (0 when nothing is unfinished). */
  readonly longest: number;
}

/** Counts the unfinished sections of `wall`, their feet and the largest need. */
export function measureWork(wall: Wall): Work {
  const { heights } = wall;
  const target = wall.options.targetHeight;
  let pending = 0;
  let totalFeet = 0;
  let lowest = target;
  for (let i = 0; i < heights.length; i++) {
    const h = heights[i] as number;
    if (h < target) {
      pending++;
      totalFeet += target - h;
      if (h < lowest) lowest = h;
    }
  }
  return { pending, totalFeet, longest: target - lowest };
}

/** Receives the day each section starts (0-based section index). */
export interface StartRecorder {
  record(i: number, day: number): void;
}

/** One teams schedule to run. */
export interface ScheduleSpec {
  readonly wall: Wall;
  /** Teams (a positive integer). */
  readonly teams: number;
  readonly strategy: CrewStrategy;
  /**
   * From {@link measureWork} on the same wall, or null: the kernel measures
   * it, as it picks when it takes the quiet path (no other pass over the
   * heights), and checks that the wall's figures can be exact
   * (`ERR_NOT_EXACT`).
   */
  readonly work: Work | null;
  /** Told every start, or `null` when only the days are wanted. */
  readonly starts: StartRecorder | null;
  /** Events to emit (each only when set). */
  readonly hooks: SimulationHooks;
  /** How many `progress` events a run emits at most. */
  readonly progressSteps: number;
  /**
   * Where an `inOrder` run saves its checkpoints, when it takes the quiet
   * path (see {@link runInOrderQuiet}); left untouched otherwise.
   */
  readonly checkpoints?: CheckpointWriter | null;
}

/** What a schedule found. */
export interface ScheduleOutcome {
  /** The last day on which a foot is laid (0 when nothing is unfinished). */
  readonly days: number;
  /** Teams at work on each day of the whole wall, as change points. */
  readonly wall: SeriesSet;
  /** What the wall asked of its builders (given, or measured by the run). */
  readonly work: Work;
}

/**
 * Runs the schedule of `spec`. Events come in SPEC §7's order; `finished`
 * is left to the caller (it follows the result).
 */
export function runSchedule(spec: ScheduleSpec): ScheduleOutcome {
  const schedule = new Schedule(spec);
  schedule.advance(0);
  return schedule.outcome as ScheduleOutcome;
}

/**
 * The same schedule, resumable, so that a caller can run a strategy object
 * on its own thread in slices: `advance(every)` runs at most `every` steps
 * (a step is a pick, or a day on which the day loop stops) and returns
 * whether the schedule is done; `outcome` is then set. The answer does not
 * depend on `every`; with 0 it runs to the end.
 *
 * Not a generator: V8 cannot optimise a generator's loop on stack
 * replacement, and measured here the day loop ran 15-35% slower as one.
 */
export interface ScheduleInSteps {
  advance(every: number): boolean;
  readonly outcome: ScheduleOutcome | null;
}

/** A schedule to run a few steps at a time (see {@link ScheduleInSteps}). */
export function scheduleInSteps(spec: ScheduleSpec): ScheduleInSteps {
  return new Schedule(spec);
}

/**
 * Teams that free up at the start of each day, by the day's slot
 * (`day % slots`), with the non-empty slots in a bit mask: one 32-bit word
 * while the ring fits in it, else one word per 32 slots.
 */
class FreeRing {
  readonly slots: number;
  readonly count: Float64Array;
  /** Bit s is set while `count[s]` is non-zero (at most 32 slots). */
  mask = 0;
  /** Bit s % 32 of word s >> 5, for more than 32 slots; else null. */
  readonly wide: Int32Array | null;

  constructor(target: number) {
    this.slots = target + 1;
    this.count = new Float64Array(this.slots);
    this.wide = this.slots > 32 ? new Int32Array((this.slots + 31) >> 5) : null;
  }

  markBusy(slot: number): void {
    const wide = this.wide as Int32Array;
    const w = slot >> 5;
    wide[w] = (wide[w] as number) | (1 << (slot & 31));
  }

  markFree(slot: number): void {
    const wide = this.wide as Int32Array;
    const w = slot >> 5;
    wide[w] = (wide[w] as number) & ~(1 << (slot & 31));
  }

  /** Empties `slot` and returns how many teams it held. */
  take(slot: number): number {
    const n = this.count[slot] as number;
    this.count[slot] = 0;
    if (this.wide === null) this.mask &= ~(1 << slot);
    else this.markFree(slot);
    return n;
  }

  /**
   * How many days after `fromSlot`'s day the next non-empty slot comes
   * (1 … slots − 1). Some slot other than `fromSlot` must be non-empty.
   */
  distanceAfter(fromSlot: number): number {
    const slots = this.slots;
    let from = fromSlot + 1;
    if (from === slots) from = 0;
    if (this.wide === null) return distance(this.mask, fromSlot, slots);
    const wide = this.wide;
    let w = from >> 5;
    let word = (wide[w] as number) & ~((1 << (from & 31)) - 1);
    for (let k = 0; k <= wide.length; k++) {
      if (word !== 0) {
        const slot = (w << 5) + lowestBit(word);
        return 1 + (slot >= from ? slot - from : slot + slots - from);
      }
      w = w + 1 === wide.length ? 0 : w + 1;
      word = wide[w] as number;
    }
    throw new Error('icewall internal error: no team is busy');
  }
}

/** Team numbers, kept only when events or a user strategy need them. */
interface Tracking {
  readonly lists: TeamLists;
  /** Per team: the section number in its profile, and that profile (1-based). */
  readonly sectionOf: Int32Array;
  readonly profileOf: Int32Array;
  /** Today's free teams in ascending order (null on day 1: teams 1 … T). */
  freeList: Int32Array | null;
  /** Today's finishers in ascending order. */
  doneList: Int32Array;
  /** The profile of the last section looked up (strategies mostly move forward). */
  lastProfile: number;
}

class Schedule {
  private readonly spec: ScheduleSpec;
  private readonly ring: FreeRing;
  private readonly tracking: Tracking | null;
  private readonly picker: PickSection;
  private readonly strategyName: string;
  private readonly view: PendingView | null;
  private readonly context: { day: number; team: number; pending: PendingView; wall: Wall };
  /** For a user strategy: 1 for each section taken, and the view it is shown. */
  private readonly taken: Uint8Array | null;
  private readonly steps: ProgressSteps | null;
  private readonly wallSeries = new SeriesBuilder(1, 64);
  private completed = 0;
  private cumulativeFeet = 0;

  constructor(spec: ScheduleSpec) {
    this.spec = spec;
    const { wall, strategy, hooks, teams } = spec;
    this.work = spec.work;
    this.ring = new FreeRing(wall.options.targetHeight);
    const trusted = isTrusted(strategy);
    const tracked =
      !trusted ||
      hooks.teamAssigned !== undefined ||
      hooks.sectionCompleted !== undefined ||
      hooks.teamRelieved !== undefined;
    // Only teams 1 … min(teams, pending) ever hold a section: the others are
    // relieved on day 1, so tracking never costs more than the wall itself.
    const working = tracked ? Math.min(teams, this.measured().pending) : 0;
    this.tracking = tracked
      ? {
          lists: new TeamLists(this.ring.slots, working),
          sectionOf: new Int32Array(working + 1),
          profileOf: new Int32Array(working + 1),
          freeList: null,
          doneList: new Int32Array(Math.min(working, 1024)),
          lastProfile: 0,
        }
      : null;
    // A strategy of the user's sees copies of the heights (see strategyWall).
    const seen = trusted ? wall : strategyWall(wall);
    this.picker = createPicker(strategy, seen);
    this.strategyName = strategy.name;
    this.taken = trusted ? null : new Uint8Array(wall.heights.length);
    this.view =
      this.taken === null ? null : new PendingView(wall, this.taken, this.measured().pending);
    this.context = { day: 0, team: 0, pending: this.view as PendingView, wall: seen };
    this.steps =
      hooks.progress === undefined
        ? null
        : new ProgressSteps(this.measured().pending, spec.progressSteps);
    this.quiet =
      trusted &&
      strategy.name === IN_ORDER_NAME &&
      !tracked &&
      this.steps === null &&
      hooks.dayCompleted === undefined &&
      this.ring.wide === null;
  }

  /** Whether {@link runInOrderQuiet} may run this schedule (when it is not paused). */
  private readonly quiet: boolean;

  /** The wall's work: given, measured before the day loop, or by the quiet path as it picks. */
  private work: Work | null;

  /** The wall's work, measured now if it was not given (and checked: `ERR_NOT_EXACT`). */
  private measured(): Work {
    if (this.work === null) this.work = checkedWork(measureWork(this.spec.wall), this.spec.wall);
    return this.work;
  }

  /** Set when the schedule is done. */
  outcome: ScheduleOutcome | null = null;
  // Where the day loop stands between two calls of `advance`.
  private phase: 'start' | 'assigning' | 'finishing' = 'start';
  private day = 1;
  private dayMod = 0;
  private free = 0;
  private assigned = 0;
  private take = 0;
  /** The next pick of the day (0 at the start of a day). */
  private pick = 0;
  /** The ring's occupancy while it fits in one word (the ring keeps it otherwise). */
  private mask = 0;
  private busy = 0;

  /**
   * The one day loop: runs at most `every` steps (0: no limit) and returns
   * whether the schedule is done (see {@link ScheduleInSteps}).
   */
  advance(every: number): boolean {
    if (this.outcome !== null) return true;
    const { spec, ring } = this;
    if (this.phase === 'start' && every === 0 && this.quiet) {
      const quiet = runInOrderQuiet(spec, this.wallSeries);
      this.work = quiet.work;
      this.end(quiet.days);
      return true;
    }
    const { pending } = this.measured();
    const { teams, hooks } = spec;
    if (this.phase === 'start') {
      if (pending === 0) {
        this.end(0);
        return true;
      }
      this.phase = 'assigning';
      this.dayMod = 1 % ring.slots;
      this.free = teams;
      this.wallSeries.set(1, Math.min(teams, pending));
    }
    const { heights } = spec.wall;
    const target = spec.wall.options.targetHeight;
    const { slots, count, wide } = ring;
    const starts = spec.starts;
    const tracking = this.tracking;
    const context = this.context;
    const picker = this.picker;
    const checked = this.taken !== null;
    // Every day is visited only when someone hears `dayCompleted`.
    const dayByDay = hooks.dayCompleted !== undefined;
    const closes = dayByDay || tracking !== null || this.steps !== null;
    let { day, dayMod, free, assigned, take, pick: k, mask } = this;
    // Steps left before pausing (0: never pause).
    let budget = every;
    const pause = () => {
      this.day = day;
      this.dayMod = dayMod;
      this.free = free;
      this.assigned = assigned;
      this.take = take;
      this.pick = k;
      this.mask = mask;
      return false;
    };
    if (this.phase === 'assigning') {
      for (;;) {
        // The free teams take sections, lowest team number first.
        if (k === 0) take = Math.min(free, pending - assigned);
        // A section of `need` feet started today frees its team at the
        // start of day + need: slot (dayMod + target − height) mod slots.
        let base = dayMod + target;
        if (base >= slots) base -= slots;
        while (k < take) {
          if (tracking !== null) {
            context.day = day;
            context.team = tracking.freeList === null ? k + 1 : (tracking.freeList[k] as number);
          }
          const i = checked ? this.checkedPick() : (picker(context) as number) - 1;
          if (starts !== null) starts.record(i, day);
          let slot = base - (heights[i] as number);
          if (slot < 0) slot += slots;
          count[slot] = (count[slot] as number) + 1;
          if (wide === null) mask |= 1 << slot;
          else ring.markBusy(slot);
          if (tracking !== null) this.assign(tracking, i, slot, day, context.team);
          k++;
          if (every !== 0 && --budget === 0 && k < take) return pause();
        }
        k = 0;
        assigned += take;
        if (assigned === pending) break;
        // Every team is busy (take = free): on to the next day on which some
        // team frees up (mostly tomorrow), closing the days in between.
        let nextMod = dayMod + 1;
        if (nextMod === slots) nextMod = 0;
        let ahead = 1;
        if ((count[nextMod] as number) === 0) {
          ahead = wide === null ? distance(mask, dayMod, slots) : ring.distanceAfter(dayMod);
          nextMod = dayMod + ahead;
          if (nextMod >= slots) nextMod -= slots;
        }
        const done = count[nextMod] as number;
        count[nextMod] = 0;
        if (wide === null) mask &= ~(1 << nextMod);
        else ring.markFree(nextMod);
        this.completed += done;
        if (closes) this.close(day, day + ahead - 1, teams, nextMod, done, dayByDay, false);
        free = done;
        day += ahead;
        dayMod = nextMod;
        if (every !== 0 && --budget <= 0) return pause();
      }
      // The queue is empty: from today on, teams only finish. Today's idle
      // teams and every finisher are relieved on the day they are free.
      ring.mask = mask;
      this.phase = 'finishing';
      this.idle = free - take;
      this.idleFrom = take;
      this.busy = teams - this.idle;
      this.wallSeries.set(day, this.busy);
    }
    let busy = this.busy;
    for (;;) {
      let nextMod = dayMod + 1;
      if (nextMod === slots) nextMod = 0;
      let last = day;
      if ((count[nextMod] as number) === 0 && !dayByDay && this.idle === 0) {
        // Nobody finishes today: on to the next day on which someone does.
        const ahead = ring.distanceAfter(dayMod);
        last = day + ahead - 1;
        nextMod = dayMod + ahead;
        if (nextMod >= slots) nextMod -= slots;
      }
      const done = ring.take(nextMod);
      this.completed += done;
      if (closes) this.close(day, last, busy, nextMod, done, dayByDay, true);
      busy -= done;
      this.wallSeries.set(last + 1, busy);
      if (this.completed === pending) {
        this.end(last);
        return true;
      }
      day = last + 1;
      dayMod = nextMod;
      this.idle = 0;
      if (every !== 0 && --budget <= 0) {
        this.busy = busy;
        return pause();
      }
    }
  }

  /** With the queue empty: today's free teams that found nothing, from index `idleFrom` of the free list. */
  private idle = 0;
  private idleFrom = 0;

  /** A user strategy's pick, checked (see `checked-pick.ts`); the section is then taken. */
  private checkedPick(): number {
    const { context, spec } = this;
    const i = checkedPick(
      this.picker,
      context,
      this.strategyName,
      spec.wall,
      this.taken as Uint8Array,
    );
    (this.view as PendingView).take(i);
    return i;
  }

  /** Records an assignment when team numbers are tracked. */
  private assign(t: Tracking, i: number, slot: number, day: number, team: number): void {
    t.lists.add(slot, team);
    const { profileStarts } = this.spec.wall;
    const p = this.profileOf(t, i);
    const section = sectionNumber(profileStarts, p, i);
    t.sectionOf[team] = section;
    t.profileOf[team] = p + 1;
    this.spec.hooks.teamAssigned?.({ day, team, profile: p + 1, section });
  }

  /**
   * Closes days `from` … `to` (only `to` unless day by day): on day `to`,
   * `done` teams finish, those of ring slot `doneSlot` (already counted in
   * `completed`). `busy` teams work
   * on each of these days. With the queue empty, finishers and idle teams
   * are relieved.
   */
  private close(
    from: number,
    to: number,
    busy: number,
    doneSlot: number,
    done: number,
    dayByDay: boolean,
    queueEmpty: boolean,
  ): void {
    const { hooks, wall } = this.spec;
    const { icePerFoot, costPerCubicYard: price } = wall.options;
    for (let day = dayByDay ? from : to; day <= to; day++) {
      const finishing = day === to ? done : 0;
      if (this.tracking !== null)
        this.finishDay(this.tracking, day, doneSlot, finishing, queueEmpty);
      this.cumulativeFeet += busy;
      if (hooks.dayCompleted !== undefined) {
        const ice = busy * icePerFoot;
        hooks.dayCompleted({
          day,
          ice,
          cost: ice * price,
          cumulativeCost: this.cumulativeFeet * icePerFoot * price,
        });
      }
      if (this.steps !== null && finishing > 0 && this.steps.reached(this.completed)) {
        hooks.progress?.({
          day,
          sectionsCompleted: this.completed,
          sectionsTotal: this.measured().pending,
        });
      }
      this.idle = 0;
    }
  }

  /**
   * One day's completions by team number (the teams of `slot`), then, with
   * the queue empty, its reliefs; otherwise the finishers are tomorrow's
   * free teams.
   */
  private finishDay(
    t: Tracking,
    day: number,
    slot: number,
    done: number,
    queueEmpty: boolean,
  ): void {
    const { hooks } = this.spec;
    if (done > 0) {
      if (t.doneList.length < done) {
        t.doneList = new Int32Array(Math.min(this.measured().pending, done * 2));
      }
      t.lists.take(slot, done, t.doneList);
      const onCompleted = hooks.sectionCompleted;
      if (onCompleted !== undefined) {
        for (let k = 0; k < done; k++) {
          const team = t.doneList[k] as number;
          onCompleted({
            day,
            team,
            profile: t.profileOf[team] as number,
            section: t.sectionOf[team] as number,
          });
        }
      }
    }
    if (queueEmpty) {
      if (hooks.teamRelieved !== undefined) {
        relieveMerged(
          hooks.teamRelieved,
          day,
          t.doneList,
          done,
          t.freeList,
          this.idleFrom,
          this.idle,
        );
      }
    } else if (done > 0) {
      // Tomorrow's free teams are today's finishers.
      const spare = t.freeList;
      t.freeList = t.doneList;
      t.doneList = spare ?? new Int32Array(t.freeList.length);
    }
  }

  /** The 0-based profile of section `i`: the last one looked up, the next, or a binary search. */
  private profileOf(t: Tracking, i: number): number {
    const starts = this.spec.wall.profileStarts;
    const last = t.lastProfile;
    if (i >= (starts[last] as number)) {
      if (i < (starts[last + 1] as number)) return last;
      if (i < (starts[last + 2] as number)) {
        t.lastProfile = last + 1;
        return last + 1;
      }
    }
    t.lastProfile = profileOfIndex(starts, i);
    return t.lastProfile;
  }

  private end(days: number): void {
    this.wallSeries.endSeries();
    this.outcome = { days, wall: this.wallSeries.finish(), work: this.measured() };
  }
}

/** `work`, once the wall's figures are known to be exact (else `ERR_NOT_EXACT`). */
function checkedWork(work: Work, wall: Wall): Work {
  checkExact(work.totalFeet, wall.options);
  return work;
}

/**
 * The day loop of {@link Schedule.advance} for its most common case: the
 * default strategy (`inOrder`), nobody listening to events, a target height
 * below 32, run to the end. The rules are the same; what goes is everything
 * that case does not need: the picker call (the pick is inline, the next
 * unfinished section in build order), team tracking, the closing of days,
 * the pauses, the separate pass that measures the wall's work (the cursor
 * measures it as it picks), and the ring's modular slot numbers: here bit
 * k of one mask says that teams free up k days from today, and the mask
 * shifts as the days go by. Tests compare it with the general loop
 * (`test/property/kernel-paths.test.ts`). Returns the last day and the
 * work; the wall's series goes to `wallSeries`.
 */
function runInOrderQuiet(
  spec: ScheduleSpec,
  wallSeries: SeriesBuilder,
): { days: number; work: Work } {
  const { heights } = spec.wall;
  const target = spec.wall.options.targetHeight;
  const { teams, starts } = spec;
  const cursor = new InOrderCursor(teams);
  cursor.pick(heights, target, heights.length, starts, spec.checkpoints ?? null);
  const pending = cursor.picked;
  const work = checkedWork({ pending, totalFeet: cursor.feet, longest: cursor.longest }, spec.wall);
  if (pending === 0) return { days: 0, work };
  wallSeries.set(1, Math.min(teams, pending));
  // The queue is empty: teams only finish from here on.
  const { count } = cursor;
  let { day, today, mask } = cursor;
  let busy = teams - cursor.idle;
  wallSeries.set(day, busy);
  for (;;) {
    const ahead = lowestBit(mask);
    const last = day + ahead - 1;
    today = (today + ahead) & 63;
    mask = (mask >>> ahead) ^ 1;
    busy -= count[today] as number;
    count[today] = 0;
    wallSeries.set(last + 1, busy);
    if (mask === 0) return { days: last, work };
    day = last + 1;
  }
}
