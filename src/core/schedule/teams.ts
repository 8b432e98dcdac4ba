import {
  LazySeriesLedger,
  type ProfileTotals,
  type StartRecord,
  type StartReplay,
} from '../result/lazy-ledger.js';
import { SimulationResult } from '../result/result.js';
import type { StartDays } from '../result/series-writer.js';
import type { Wall } from '../wall.js';
import { CheckpointWriter } from './in-order-cursor.js';
import {
  type StartRecorder as KernelStarts,
  measureWork,
  runSchedule,
  type ScheduleOutcome,
  type ScheduleSpec,
  scheduleInSteps,
  type Work,
} from './kernel.js';
import type { RunInput } from './run-input.js';
import { type CrewStrategy, IN_ORDER_NAME, isTrusted } from './strategy.js';

/**
 * A fixed number of teams: the schedule comes from the one kernel
 * (`kernel.ts`); this file keeps what a result needs of it, each profile's
 * daily work, as cheaply as the strategy allows.
 */
export function runTeams(input: RunInput, teams: number): SimulationResult {
  const run = prepare(input, teams);
  return finish(run, runSchedule(run.spec));
}

/**
 * {@link runTeams}, resumable: pauses after every `every` days on which
 * something happens or picks within a day (see `scheduleInSteps`), and
 * returns the same result.
 */
export function* runTeamsInSteps(
  input: RunInput,
  teams: number,
  every: number,
): Generator<void, SimulationResult, void> {
  const run = prepare(input, teams);
  const schedule = scheduleInSteps(run.spec);
  while (!schedule.advance(every)) yield;
  return finish(run, schedule.outcome as ScheduleOutcome);
}

/** A teams run about to start: the kernel's spec and how its ledger gets the start days. */
interface PreparedRun {
  readonly input: RunInput;
  readonly spec: ScheduleSpec;
  /** Start days recorded during the run (a user strategy), or null: recorded on demand. */
  readonly starts: StartRecorder | null;
  /** Where a quiet `inOrder` run saves its checkpoints (null for other runs). */
  readonly checkpoints: CheckpointWriter | null;
  /** Every profile's totals, kept as an `inOrder` run picks when every profile will be read. */
  readonly totals: InOrderTotals | null;
}

function prepare(input: RunInput, teams: number): PreparedRun {
  const { wall, strategy } = input;
  // A built-in strategy is a pure function of the wall, so the start days
  // a profile's answers need are not recorded as it runs, unless the caller
  // will ask for every profile anyway: `inOrder` on its quiet path saves a
  // checkpoint every 4096 picks, from which a profile is replayed; other
  // runs are run again when a profile is first asked for (see `finish`). A
  // user strategy may keep state or be random: its start days are recorded
  // as it runs.
  //
  // `inOrder` for a caller that reads every profile keeps each profile's
  // feet and last day as it picks (what a summary of every profile needs),
  // and its checkpoints for the days of any profile: no start day is kept.
  const inOrder = isTrusted(strategy) && strategy.name === IN_ORDER_NAME;
  const later = isTrusted(strategy) && input.everyProfile !== true;
  const totals = inOrder && !later ? new InOrderTotals(wall) : null;
  const starts = later || totals !== null ? null : startRecorder(wall, strategy);
  const checkpoints = later || totals !== null ? checkpointWriter(wall, strategy) : null;
  const spec: ScheduleSpec = {
    wall,
    teams,
    strategy,
    // The kernel measures the work (as it picks, on its quiet path).
    work: null,
    starts: totals ?? starts,
    checkpoints,
    hooks: input.hooks ?? {},
    progressSteps: input.progressSteps,
  };
  return { input, spec, starts, checkpoints, totals };
}

/** A checkpoint writer for an `inOrder` run, else null. */
function checkpointWriter(wall: Wall, strategy: CrewStrategy): CheckpointWriter | null {
  return isTrusted(strategy) && strategy.name === IN_ORDER_NAME
    ? new CheckpointWriter(wall.sectionCount)
    : null;
}

/** The start days a run left, or how to get them: see {@link prepare}. */
function recordOf(
  wall: Wall,
  teams: number,
  strategy: CrewStrategy,
  work: Work,
  starts: StartRecorder | null,
  checkpoints: CheckpointWriter | null,
): StartRecord | StartReplay {
  if (starts !== null) return starts.finish();
  if (checkpoints?.used === true || work.pending === 0) {
    return { kind: 'checkpoints', ...(checkpoints ?? new CheckpointWriter(0)).finish() };
  }
  return replayStarts(wall, teams, strategy, work);
}

/**
 * How to record the start days of a built-in strategy's schedule later: run
 * it again, quietly, with `inOrder` at one byte a section, else one start
 * day a section. `work` is {@link measureWork} of `wall` when known.
 */
export function replayStarts(
  wall: Wall,
  teams: number,
  strategy: CrewStrategy,
  work: Work = measureWork(wall),
): StartReplay {
  return {
    teams,
    strategy: strategy.name,
    record() {
      // Quietly, `inOrder` takes its quiet path and saves checkpoints (when
      // its target height allows: else it records its start days).
      const quiet = { wall, teams, strategy, work, hooks: {}, progressSteps: 0 };
      const checkpoints = checkpointWriter(wall, strategy);
      if (checkpoints !== null) runSchedule({ ...quiet, starts: null, checkpoints });
      const starts = checkpoints?.used === true ? null : startRecorder(wall, strategy);
      if (starts !== null) runSchedule({ ...quiet, starts });
      return recordOf(wall, teams, strategy, work, starts, checkpoints) as StartRecord;
    },
  };
}

/** The result of a finished schedule; `finished` is emitted after it is built. */
function finish(run: PreparedRun, schedule: ScheduleOutcome): SimulationResult {
  const { wall, teams, strategy, hooks } = run.spec;
  const { work } = schedule;
  const { icePerFoot, costPerCubicYard: price } = wall.options;
  const { profileStarts } = wall;
  const result = SimulationResult.fromRun({
    days: schedule.days,
    teams,
    strategy: strategy.name,
    totalFeet: work.totalFeet,
    profiles: new LazySeriesLedger(
      wall,
      recordOf(wall, teams, strategy, work, run.starts, run.checkpoints),
      run.totals?.finish() ?? null,
    ),
    wall: schedule.wall,
    options: wall.options,
    profileCount: wall.profileCount,
    sectionCount: wall.sectionCount,
    sectionsOf: (p) => (profileStarts[p + 1] as number) - (profileStarts[p] as number),
    heights: wall,
  });
  const ice = work.totalFeet * icePerFoot;
  hooks.finished?.({ days: schedule.days, ice, cost: ice * price });
  return result;
}

/** A recorder of start days for this run: one byte a section with `inOrder`, else a day a section. */
function startRecorder(wall: Wall, strategy: CrewStrategy): StartRecorder {
  return strategy.name === IN_ORDER_NAME && isTrusted(strategy)
    ? new InOrderStarts(wall)
    : new SectionStarts(wall);
}

/** Start days, kept the cheapest way the strategy allows. */
interface StartRecorder extends KernelStarts {
  finish(): StartRecord;
}

/**
 * With `inOrder`, sections are taken in build order, so start days never
 * decrease: each is kept as one byte, its distance from the previous start
 * (see `StartRecord`), and profiles' series are built only when asked for.
 */
class InOrderStarts implements StartRecorder {
  private readonly deltas: Uint8Array;
  private readonly dayBefore: Float64Array;
  private last = 0;
  private profile = 0;
  private to: number;

  constructor(private readonly wall: Wall) {
    this.deltas = new Uint8Array(wall.heights.length);
    this.dayBefore = new Float64Array(wall.profileCount);
    this.to = wall.profileStarts[1] as number;
  }

  record(i: number, day: number): void {
    if (i >= this.to) this.moveTo(i);
    this.deltas[i] = day - this.last;
    this.last = day;
  }

  finish(): StartRecord {
    this.moveTo(Number.POSITIVE_INFINITY);
    const { deltas, dayBefore } = this;
    return { kind: 'deltas', deltas, dayBefore };
  }

  /** Notes the last start before each profile up to the one that holds section `i`. */
  private moveTo(i: number): void {
    const { profileStarts } = this.wall;
    const profiles = this.wall.profileCount;
    while (this.profile + 1 < profiles && i >= this.to) {
      this.profile++;
      this.dayBefore[this.profile] = this.last;
      this.to = profileStarts[this.profile + 1] as number;
    }
    if (this.profile + 1 === profiles) this.to = Number.POSITIVE_INFINITY;
  }
}

/**
 * Each profile's feet and last day, kept as an `inOrder` schedule picks
 * (in build order, so profile by profile): a section started on day d that
 * needs n feet is last worked on day d + n − 1.
 */
class InOrderTotals implements KernelStarts {
  private readonly totals: ProfileTotals;
  private readonly heights: Wall['heights'];
  private readonly target: number;
  private profile = 0;
  private to: number;
  private feet = 0;
  private last = 0;

  constructor(private readonly wall: Wall) {
    const n = wall.profileCount;
    this.totals = { feet: new Float64Array(n), last: new Float64Array(n) };
    this.heights = wall.heights;
    this.target = wall.options.targetHeight;
    this.to = wall.profileStarts[1] as number;
  }

  record(i: number, day: number): void {
    if (i >= this.to) this.moveTo(i);
    const need = this.target - (this.heights[i] as number);
    this.feet += need;
    const end = day + need - 1;
    if (end > this.last) this.last = end;
  }

  finish(): ProfileTotals {
    this.moveTo(Number.POSITIVE_INFINITY);
    return this.totals;
  }

  /** Closes the profiles before the one that holds section `i`. */
  private moveTo(i: number): void {
    const { profileStarts } = this.wall;
    const profiles = this.wall.profileCount;
    while (this.profile < profiles && i >= this.to) {
      this.totals.feet[this.profile] = this.feet;
      this.totals.last[this.profile] = this.last;
      this.feet = 0;
      this.last = 0;
      this.profile++;
      this.to =
        this.profile + 1 < profiles
          ? (profileStarts[this.profile + 1] as number)
          : Number.POSITIVE_INFINITY;
    }
  }
}

/**
 * Any other strategy: a start day per section, 32-bit while the days fit
 * (a day past 2^32 − 1 comes only after as many feet: the array then
 * becomes 64-bit, once).
 */
class SectionStarts implements StartRecorder {
  private starts: StartDays;
  constructor(wall: Wall) {
    this.starts = new Uint32Array(wall.heights.length);
  }
  record(i: number, day: number): void {
    if (day > 0xffffffff && this.starts instanceof Uint32Array) {
      this.starts = Float64Array.from(this.starts);
    }
    this.starts[i] = day;
  }
  finish(): StartRecord {
    return { kind: 'each', starts: this.starts };
  }
}
