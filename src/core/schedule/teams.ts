import type { SimulationHooks } from '../hooks.js';
import { profileOfIndex, sectionNumber } from '../numbers.js';
import { checkExact } from '../parse/count.js';
import { LazySeriesLedger } from '../result/lazy-ledger.js';
import { type ProfileLedger, SeriesLedger } from '../result/profile-ledger.js';
import { SimulationResult } from '../result/result.js';
import { SeriesBuilder } from '../result/series.js';
import { ProfileSeriesWriter, type StartDays } from '../result/series-writer.js';
import type { Wall } from '../wall.js';
import { checkedPick } from './checked-pick.js';
import { PendingView } from './pending.js';
import { ProgressSteps } from './progress.js';
import type { RunInput } from './run-input.js';
import { createPicker, isTrusted, type PickContext, type PickSection } from './strategy.js';
import { relieveMerged, TeamLists } from './team-lists.js';

/**
 * A fixed number of teams. Time is O(sections) plus a sort per profile
 * when its start days are sparse, never a loop over every team on every
 * day: free teams are counted per day in a ring of `targetHeight + 1` slots
 * (a section started on day d frees its team by day d + targetHeight).
 * Team numbers are tracked only when someone listens to team events or a
 * user strategy needs them. Days on which nothing starts or ends are skipped
 * unless `dayCompleted` is listened to.
 */
export function runTeams(input: RunInput, teams: number): SimulationResult {
  return teamsRun(input, teams).run();
}

/**
 * {@link runTeams}, resumable: each `next()` runs about `every` days or
 * `every` picks of one day (a positive integer) and the last one returns
 * the result. For a caller on
 * an event loop that runs a strategy it cannot move to a thread in slices.
 */
export function runTeamsInSteps(
  input: RunInput,
  teams: number,
  every: number,
): Generator<void, SimulationResult> {
  return teamsRun(input, teams).inSteps(every);
}

/** The run's state, after the count of pending sections and feet (and the exactness check). */
function teamsRun(input: RunInput, teams: number): TeamsRun {
  const { wall } = input;
  const { heights } = wall;
  const target = wall.options.targetHeight;
  let pending = 0;
  let totalFeet = 0;
  for (let i = 0; i < heights.length; i++) {
    const need = target - (heights[i] as number);
    if (need > 0) {
      pending++;
      totalFeet += need;
    }
  }
  checkExact(totalFeet, wall.options);
  return new TeamsRun(input, teams, pending, totalFeet);
}

/** Start days, kept the cheapest way the strategy allows. */
interface StartRecorder {
  record(i: number, day: number): void;
  finish(): ProfileLedger;
}

/**
 * With `inOrder`, sections are taken in build order, so a profile is
 * complete once the next one starts: its series is written then, from a
 * buffer the size of one profile. No start day per section is kept.
 */
class InOrderStarts implements StartRecorder {
  private readonly writer: ProfileSeriesWriter;
  private local = new Float64Array(64);
  private profile = 0;
  private from = 0;
  private to: number;

  constructor(private readonly wall: Wall) {
    this.writer = new ProfileSeriesWriter(wall.profileCount, wall.options.targetHeight);
    this.to = wall.profileStarts[1] as number;
    this.fit();
  }

  record(i: number, day: number): void {
    if (i >= this.to) this.moveTo(i);
    this.local[i - this.from] = day;
  }

  finish(): ProfileLedger {
    this.moveTo(Number.POSITIVE_INFINITY);
    return new SeriesLedger(this.writer.finish());
  }

  /** Writes the profiles before the one that holds section `i`. */
  private moveTo(i: number): void {
    const { profileStarts, heights } = this.wall;
    const profiles = this.wall.profileCount;
    while (this.profile < profiles && i >= this.to) {
      this.writer.add(heights, this.from, this.to, this.local, this.from);
      this.profile++;
      this.from = this.to;
      this.to = profileStarts[this.profile + 1] as number;
      this.fit();
    }
  }

  private fit(): void {
    if (this.to - this.from > this.local.length) this.local = new Float64Array(this.to - this.from);
  }
}

/** Any other strategy: a start day per section (32-bit while the days fit). */
class SectionStarts implements StartRecorder {
  private readonly starts: StartDays;
  constructor(
    private readonly wall: Wall,
    totalFeet: number,
  ) {
    // The last day is at most the total number of feet.
    const n = wall.heights.length;
    this.starts = totalFeet < 2 ** 32 ? new Uint32Array(n) : new Float64Array(n);
  }
  record(i: number, day: number): void {
    this.starts[i] = day;
  }
  finish(): ProfileLedger {
    return new LazySeriesLedger(this.wall, this.starts);
  }
}

class TeamsRun {
  private readonly wall: Wall;
  private readonly hooks: SimulationHooks;
  private readonly strategyName: string;
  private readonly slots: number;
  private readonly freeCount: Float64Array;
  /** With at most 32 slots: bit s is set while `freeCount[s]` is non-zero. */
  private occupied = 0;
  /** With more than 32 slots: bit s % 32 of word s >> 5 is set while `freeCount[s]` is non-zero. */
  private readonly wide: Int32Array | null;
  private readonly trusted: boolean;
  /** Team numbers are tracked (team events, or a user strategy). */
  private readonly lists: TeamLists | null;
  /** Per team: the section number (in its profile) it works on, and that profile (0-based). */
  private readonly sectionOf: Int32Array | null;
  private readonly profileOf: Int32Array | null;
  /** The profile of the last section looked up (strategies mostly move forward). */
  private lastProfile = 0;
  private freeList: Int32Array = new Int32Array(0);
  private doneList: Int32Array;
  private readonly pick: PickSection;
  private readonly taken: Uint8Array | null;
  private readonly pendingView: PendingView | null;
  private readonly context: { day: number; team: number; pending: PendingView; wall: Wall };
  private readonly starts: StartRecorder;
  private readonly wallSeries = new SeriesBuilder(1, 64);
  private readonly steps: ProgressSteps;
  private assigned = 0;
  private completed = 0;
  private busy = 0;
  private cumulativeFeet = 0;

  constructor(
    input: RunInput,
    private readonly teams: number,
    private readonly pending: number,
    private readonly totalFeet: number,
  ) {
    const { wall, strategy } = input;
    this.wall = wall;
    this.hooks = input.hooks ?? {};
    this.strategyName = strategy.name;
    this.slots = wall.options.targetHeight + 1;
    this.freeCount = new Float64Array(this.slots);
    this.wide = this.slots > 32 ? new Int32Array((this.slots + 31) >> 5) : null;
    this.trusted = isTrusted(strategy);
    const h = this.hooks;
    const tracked =
      !this.trusted ||
      h.teamAssigned !== undefined ||
      h.sectionCompleted !== undefined ||
      h.teamRelieved !== undefined;
    // Only teams 1 to min(teams, pending) ever hold a section: the others are
    // relieved on day 1, so tracking never costs more than the wall itself.
    const working = Math.min(teams, pending);
    this.lists = tracked ? new TeamLists(this.slots, working) : null;
    this.sectionOf = tracked ? new Int32Array(working + 1) : null;
    this.profileOf = tracked ? new Int32Array(working + 1) : null;
    this.doneList = new Int32Array(tracked ? Math.min(teams, 1024) : 0);
    this.pick = createPicker(strategy, wall);
    this.taken = this.trusted ? null : new Uint8Array(wall.heights.length);
    this.pendingView = this.taken === null ? null : new PendingView(wall, this.taken, pending);
    this.context = { day: 0, team: 0, pending: this.pendingView as PendingView, wall };
    this.starts =
      this.trusted && strategy.name === 'inOrder'
        ? new InOrderStarts(wall)
        : new SectionStarts(wall, totalFeet);
    this.steps = new ProgressSteps(pending, input.progressSteps);
  }

  run(): SimulationResult {
    const steps = this.inSteps(0);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /**
   * The run, resumable: with `every` > 0 it pauses (yields) after every
   * `every` days of the day loop and every `every` picks of one day, so a
   * caller can run it in slices; with 0 it never pauses. The quiet loop
   * ({@link runQuiet}) never pauses.
   */
  *inSteps(every: number): Generator<void, SimulationResult> {
    // No team tracking (a built-in strategy, no team events), and no day or progress events.
    const h = this.hooks;
    if (this.lists === null && h.dayCompleted === undefined && h.progress === undefined) {
      return this.runQuiet();
    }
    let sinceYield = 0;
    const { icePerFoot, costPerCubicYard: price } = this.wall.options;
    const onDay = this.hooks.dayCompleted;
    let day = 1;
    let freeToday = this.teams;
    if (this.pending === 0) day = 0;
    while (this.pending > 0) {
      const take =
        every > 0 ? yield* this.assignInSteps(day, freeToday, every) : this.assign(day, freeToday);
      const done = this.complete(day);
      const queueEmpty = this.assigned === this.pending;
      if (queueEmpty) this.relieve(day, done, take, freeToday - take);
      if (onDay !== undefined) {
        const ice = (this.busy + done) * icePerFoot;
        onDay({
          day,
          ice,
          cost: ice * price,
          cumulativeCost: this.cumulativeFeet * icePerFoot * price,
        });
      }
      if (this.hooks.progress !== undefined && this.steps.reached(this.completed)) {
        this.hooks.progress({
          day,
          sectionsCompleted: this.completed,
          sectionsTotal: this.pending,
        });
      }
      if (this.completed === this.pending) break;
      // Tomorrow's free teams are today's finishers.
      freeToday = queueEmpty ? 0 : done;
      if (this.lists !== null && !queueEmpty) {
        const swap = this.freeList;
        this.freeList = this.doneList;
        this.doneList = swap;
      }
      day = onDay === undefined && freeToday === 0 ? this.nextEventDay(day) : day + 1;
      if (every > 0 && ++sinceYield >= every) {
        sinceYield = 0;
        yield;
      }
    }
    return this.finish(day);
  }

  /**
   * {@link run} for a built-in strategy with nobody listening: the same
   * rules, in one loop over event days with its state in locals, and one
   * division per day instead of one per section. The bench's teams rows
   * spend most of their time here.
   */
  private runQuiet(): SimulationResult {
    const { slots, freeCount, pending, wallSeries, wide } = this;
    if (pending === 0) return this.finish(0);
    let occupied = 0;
    let assigned = 0;
    let busy = 0;
    let completed = 0;
    let day = 1;
    let free = this.teams;
    // day % slots, kept as days go by (a day never moves by more than `slots`).
    let dayMod = 1 % slots;
    // One step per day on which sections end: the free teams start theirs,
    // then the next day on which some section ends frees its team for the
    // day after (the next step). Days in between change nothing.
    for (;;) {
      const take = Math.min(free, pending - assigned);
      if (take > 0) {
        this.occupied = occupied;
        this.assignQuiet(day, dayMod, take);
        occupied = this.occupied;
        assigned += take;
        busy += take;
        wallSeries.set(day, busy);
      }
      let end = day;
      let endMod = dayMod;
      let doneSlot = endMod + 1 === slots ? 0 : endMod + 1;
      if ((freeCount[doneSlot] as number) === 0) {
        // Some team is busy (not every section is complete), so one will end.
        this.occupied = occupied;
        end = this.nextEventDay(day);
        endMod += end - day;
        while (endMod >= slots) endMod -= slots;
        doneSlot = endMod + 1 === slots ? 0 : endMod + 1;
      }
      const done = freeCount[doneSlot] as number;
      freeCount[doneSlot] = 0;
      if (wide === null) occupied &= ~(1 << doneSlot);
      else this.markFree(doneSlot);
      busy -= done;
      completed += done;
      if (assigned === pending) wallSeries.set(end + 1, busy);
      if (completed === pending) {
        day = end;
        break;
      }
      free = assigned === pending ? 0 : done;
      day = end + 1;
      dayMod = doneSlot;
    }
    this.assigned = assigned;
    this.busy = busy;
    this.completed = completed;
    return this.finish(day);
  }

  /**
   * {@link runQuiet}'s assignments: `take` sections start on `day` (whose
   * slot is `dayMod`). A method of its own, so that this loop, which runs
   * once per section, is optimised early and on its own when one day
   * assigns many sections.
   */
  private assignQuiet(day: number, dayMod: number, take: number): void {
    const { slots, freeCount, starts, wide, context } = this;
    const heights = this.wall.heights;
    const pick = this.pick as unknown as (context: PickContext) => number;
    // A section needing `need` feet, started today, frees its team on day + need.
    let base = dayMod + this.wall.options.targetHeight;
    if (base >= slots) base -= slots;
    let occupied = this.occupied;
    for (let k = 0; k < take; k++) {
      const i = pick(context) - 1;
      starts.record(i, day);
      let slot = base - (heights[i] as number);
      if (slot < 0) slot += slots;
      freeCount[slot] = (freeCount[slot] as number) + 1;
      if (wide === null) occupied |= 1 << slot;
      else this.markBusy(slot);
    }
    this.occupied = occupied;
  }

  /** Rule 1: free teams take sections, lowest team number first. Returns how many did. */
  private assign(day: number, free: number): number {
    const take = Math.min(free, this.pending - this.assigned);
    const { slots, freeCount, starts } = this;
    const heights = this.wall.heights;
    const grow = day + this.wall.options.targetHeight;
    if (this.lists === null) {
      // Built-in strategy, nobody listening to team events: count only.
      const pick = this.pick as unknown as (context: PickContext) => number;
      for (let k = 0; k < take; k++) {
        const i = pick(this.context) - 1;
        starts.record(i, day);
        const slot = (grow - (heights[i] as number)) % slots;
        freeCount[slot] = (freeCount[slot] as number) + 1;
        this.occupied |= 1 << slot;
        if (this.wide !== null) this.markBusy(slot);
      }
    } else this.assignTracked(day, 0, take);
    this.assigned += take;
    return this.afterAssign(day, take);
  }

  /**
   * {@link assign} when team numbers are tracked, pausing after every
   * `every` picks (for {@link inSteps}: one day can hold many picks).
   */
  private *assignInSteps(day: number, free: number, every: number): Generator<void, number> {
    if (this.lists === null) return this.assign(day, free);
    const take = Math.min(free, this.pending - this.assigned);
    for (let k = 0; k < take; k += every) {
      this.assignTracked(day, k, Math.min(take, k + every));
      if (k + every < take) yield;
    }
    this.assigned += take;
    return this.afterAssign(day, take);
  }

  /** The day's totals once `take` sections have started on `day`. */
  private afterAssign(day: number, take: number): number {
    this.busy += take;
    this.cumulativeFeet += this.busy;
    if (take > 0) this.wallSeries.set(day, this.busy);
    return take;
  }

  /** Assignments `from` to `to` of the day when team numbers matter: the free teams, in order, each get a section. */
  private assignTracked(day: number, from: number, to: number): void {
    const { slots, freeCount, starts, freeList } = this;
    const lists = this.lists as TeamLists;
    const sectionNo = this.sectionOf as Int32Array;
    const profileOf = this.profileOf as Int32Array;
    const { heights, profileStarts } = this.wall;
    const onAssigned = this.hooks.teamAssigned;
    const grow = day + this.wall.options.targetHeight;
    for (let k = from; k < to; k++) {
      const team = day === 1 ? k + 1 : (freeList[k] as number);
      const i = this.pickTracked(day, team);
      starts.record(i, day);
      const slot = (grow - (heights[i] as number)) % slots;
      freeCount[slot] = (freeCount[slot] as number) + 1;
      this.occupied |= 1 << slot;
      if (this.wide !== null) this.markBusy(slot);
      lists.add(slot, team);
      const p = this.profileIndex(i);
      const section = sectionNumber(profileStarts, p, i);
      sectionNo[team] = section;
      profileOf[team] = p;
      if (onAssigned !== undefined) onAssigned({ day, team, profile: p + 1, section });
    }
  }

  private pickTracked(day: number, team: number): number {
    if (this.trusted) return (this.pick(this.context) as number) - 1;
    const context = this.context;
    context.day = day;
    context.team = team;
    const i = checkedPick(
      this.pick,
      context,
      this.strategyName,
      this.wall,
      this.taken as Uint8Array,
    );
    (this.pendingView as PendingView).take(i);
    return i;
  }

  /** Rules 2–3: sections that reach the target today free their teams for tomorrow. */
  private complete(day: number): number {
    const doneSlot = (day + 1) % this.slots;
    const done = this.freeCount[doneSlot] as number;
    this.freeCount[doneSlot] = 0;
    this.occupied &= ~(1 << doneSlot);
    if (this.wide !== null) this.markFree(doneSlot);
    if (this.lists !== null && done > 0) {
      if (this.doneList.length < done) {
        this.doneList = new Int32Array(Math.min(this.teams, done * 2));
      }
      this.lists.take(doneSlot, done, this.doneList);
      const onCompleted = this.hooks.sectionCompleted;
      if (onCompleted !== undefined) {
        const sectionNo = this.sectionOf as Int32Array;
        const profileOf = this.profileOf as Int32Array;
        const doneList = this.doneList;
        for (let k = 0; k < done; k++) {
          const team = doneList[k] as number;
          const profile = (profileOf[team] as number) + 1;
          onCompleted({ day, team, profile, section: sectionNo[team] as number });
        }
      }
    }
    this.busy -= done;
    this.completed += done;
    // While sections are left, tomorrow's assignments set tomorrow's value.
    if (done > 0 && this.assigned === this.pending) this.wallSeries.set(day + 1, this.busy);
    return done;
  }

  /** Rule 4: with nothing left to take, every free team is relieved today. */
  private relieve(day: number, done: number, took: number, idle: number): void {
    const onRelieved = this.hooks.teamRelieved;
    if (onRelieved === undefined) return;
    relieveMerged(
      onRelieved,
      day,
      this.doneList,
      done,
      day === 1 ? null : this.freeList,
      took,
      idle,
    );
  }

  /**
   * The next day on which a section ends, when no team is free: some team
   * is busy, so one of the next `targetHeight` slots is non-empty.
   */
  private nextEventDay(day: number): number {
    const { freeCount, slots } = this;
    if (slots <= 32) {
      // The first occupied slot from that of day + 2 on, cyclically.
      const from = (day + 2) % slots;
      const mask = this.occupied;
      const above = mask & ~((1 << from) - 1);
      const slot = above !== 0 ? lowestBit(above) : lowestBit(mask);
      return day + 1 + (slot >= from ? slot - from : slot + slots - from);
    }
    // More slots: the same search over the words of `wide`.
    const wide = this.wide as Int32Array;
    const from = (day + 2) % slots;
    let w = from >> 5;
    let word = (wide[w] as number) & ~((1 << (from & 31)) - 1);
    for (let k = 0; k <= wide.length; k++) {
      if (word !== 0) {
        const slot = (w << 5) + lowestBit(word);
        return day + 1 + (slot >= from ? slot - from : slot + slots - from);
      }
      w = w + 1 === wide.length ? 0 : w + 1;
      word = wide[w] as number;
    }
    // Unreachable while a team is busy; kept as a plain scan for safety.
    let next = day + 1;
    while ((freeCount[(next + 1) % slots] as number) === 0) next++;
    return next;
  }

  private markBusy(slot: number): void {
    const wide = this.wide as Int32Array;
    const w = slot >> 5;
    wide[w] = (wide[w] as number) | (1 << (slot & 31));
  }

  private markFree(slot: number): void {
    const wide = this.wide as Int32Array;
    const w = slot >> 5;
    wide[w] = (wide[w] as number) & ~(1 << (slot & 31));
  }

  /** The 0-based profile of section `i`: the last one looked up, the next, or a binary search. */
  private profileIndex(i: number): number {
    const starts = this.wall.profileStarts;
    const last = this.lastProfile;
    if (i >= (starts[last] as number)) {
      if (i < (starts[last + 1] as number)) return last;
      if (i < (starts[last + 2] as number)) {
        this.lastProfile = last + 1;
        return last + 1;
      }
    }
    this.lastProfile = profileOfIndex(starts, i);
    return this.lastProfile;
  }

  private finish(days: number): SimulationResult {
    const { wall } = this;
    const { icePerFoot, costPerCubicYard: price } = wall.options;
    this.wallSeries.endSeries();
    const profiles = this.starts.finish();
    const profileStarts = wall.profileStarts;
    const result = SimulationResult.fromRun({
      days,
      teams: this.teams,
      strategy: this.strategyName,
      totalFeet: this.totalFeet,
      profiles,
      wall: this.wallSeries.finish(),
      options: wall.options,
      profileCount: wall.profileCount,
      sectionCount: wall.sectionCount,
      sectionsOf: (p) => (profileStarts[p + 1] as number) - (profileStarts[p] as number),
      heights: wall,
    });
    const ice = this.totalFeet * icePerFoot;
    this.hooks.finished?.({ days, ice, cost: ice * price });
    return result;
  }
}

/** Index of the lowest set bit of a non-zero 32-bit mask. */
function lowestBit(mask: number): number {
  return 31 - Math.clz32(mask & -mask);
}
