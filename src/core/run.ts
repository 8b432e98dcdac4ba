import { describeValue, StrategyError } from '../errors.js';
import type { SimulationHooks } from './hooks.js';
import { buildProfileSeries } from './ledger.js';
import { PendingView, profileIndexOf } from './pending.js';
import { SimulationResult } from './result.js';
import { SeriesBuilder } from './series.js';
import {
  type CrewStrategy,
  inOrderPicker,
  isTrusted,
  type PendingSection,
  type PickContext,
} from './strategy.js';
import type { Wall } from './wall.js';

/** Everything a run needs, already validated. */
export interface RunInput {
  readonly wall: Wall;
  /** Number of teams, or `undefined` for one crew per section. */
  readonly teams: number | undefined;
  readonly strategy: CrewStrategy;
  readonly hooks: SimulationHooks | undefined;
  /** How many `progress` events a full run emits at most. */
  readonly progressSteps: number;
}

/**
 * Refuses a wall whose totals would not be exact in a JS number (SPEC §2).
 * Every figure the result reports is at most the total ice or total cost.
 */
function checkExact(totalFeet: number, icePerFoot: number, price: number): void {
  const ice = totalFeet * icePerFoot;
  if (ice > Number.MAX_SAFE_INTEGER || ice * price > Number.MAX_SAFE_INTEGER) {
    throw new RangeError(
      `the wall's total cost (${totalFeet} feet × ${icePerFoot} cubic yards × ${price} Gold Dragons) exceeds Number.MAX_SAFE_INTEGER (${Number.MAX_SAFE_INTEGER}), so its figures could not be exact`,
    );
  }
}

/**
 * Runs the construction (SPEC §4). Time is O(sections) plus O(sections ×
 * log) for sorting, never a loop over every team on every day: free teams
 * are counted per day in a ring of `targetHeight + 1` slots (a section
 * started on day d frees its team by day d + targetHeight). Team numbers are
 * tracked (linked lists per slot) only when someone listens to team events
 * or a user strategy needs them. Days on which nothing starts or ends are
 * skipped unless `dayCompleted` is listened to.
 */
export function runSimulation(input: RunInput): SimulationResult {
  const { wall, strategy } = input;
  const hooks = input.hooks ?? {};
  const { heights, profileStarts } = wall;
  const { targetHeight: target, icePerFoot, costPerCubicYard: price } = wall.options;
  const sectionCount = heights.length;

  let pendingTotal = 0;
  let totalFeet = 0;
  for (let i = 0; i < sectionCount; i++) {
    const need = target - (heights[i] as number);
    if (need > 0) {
      pendingTotal++;
      totalFeet += need;
    }
  }
  checkExact(totalFeet, icePerFoot, price);

  const oneCrew = input.teams === undefined;
  const teams = input.teams ?? pendingTotal;
  const wallSeries = new SeriesBuilder(1, 64);
  const onAssigned = hooks.teamAssigned;
  const onCompleted = hooks.sectionCompleted;
  const onRelieved = hooks.teamRelieved;
  const onDay = hooks.dayCompleted;
  const onProgress = hooks.progress;

  if (pendingTotal === 0) {
    wallSeries.endSeries();
    hooks.finished?.({ days: 0, ice: 0, cost: 0 });
    return new SimulationResult(wall, {
      days: 0,
      teams,
      strategy: strategy.name,
      totalFeet: 0,
      profiles: buildProfileSeries(wall, null),
      wall: wallSeries.finish(),
    });
  }

  // With one crew per section the build order decides (crew k builds the
  // k-th unfinished section), whatever strategy was passed.
  const trusted = oneCrew || isTrusted(strategy);
  const tracked =
    !trusted || onAssigned !== undefined || onCompleted !== undefined || onRelieved !== undefined;
  const pick = oneCrew ? inOrderPicker(wall) : strategy.create(wall);
  const starts = oneCrew ? null : new Float64Array(sectionCount);
  const slots = target + 1;
  const freeCount = new Float64Array(slots);

  // Team tracking: per slot, a linked list of the teams freed on that day.
  const head = tracked ? new Int32Array(slots) : null;
  const tail = tracked ? new Int32Array(slots) : null;
  const nextTeam = tracked ? new Int32Array(teams + 1) : null;
  const sectionOf = tracked ? new Float64Array(teams + 1) : null;
  let freeList = new Int32Array(0);
  let doneList = new Int32Array(tracked ? Math.min(teams, 1024) : 0);

  // User strategies get a context, a lazily built pending view, and checks.
  const taken = trusted ? null : new Uint8Array(sectionCount);
  const pending = taken === null ? null : new PendingView(wall, taken, pendingTotal);
  const context = { day: 0, team: 0, pending, wall } as unknown as PickContext & {
    day: number;
    team: number;
  };

  const progressStep = Math.max(1, Math.ceil(pendingTotal / input.progressSteps));
  let nextProgress = Math.min(progressStep, pendingTotal);

  let assigned = 0;
  let completed = 0;
  let busy = 0;
  let cumulativeFeet = 0;
  let day = 1;
  let freeToday = teams;

  for (;;) {
    const slot = day % slots;
    // 1. Free teams take sections, lowest team number first. `freeList`
    // holds today's free teams in order (on day 1 they are simply 1..teams).
    freeCount[slot] = 0;
    if (head !== null) head[slot] = 0;
    const take = Math.min(freeToday, pendingTotal - assigned);
    for (let k = 0; k < take; k++) {
      const team = tracked ? (day === 1 ? k + 1 : (freeList[k] as number)) : 0;
      let i: number;
      if (trusted) i = (pick(context) as number) - 1;
      else {
        context.day = day;
        context.team = team;
        i = checkedPick(pick, context, strategy.name, wall, taken as Uint8Array);
        (pending as PendingView).take(i);
      }
      if (starts !== null) starts[i] = day;
      const freeSlot = (day + target - (heights[i] as number)) % slots;
      freeCount[freeSlot] = (freeCount[freeSlot] as number) + 1;
      if (tracked) {
        const h = head as Int32Array;
        const t = tail as Int32Array;
        const nx = nextTeam as Int32Array;
        nx[team] = 0;
        if (h[freeSlot] === 0) h[freeSlot] = team;
        else nx[t[freeSlot] as number] = team;
        t[freeSlot] = team;
        (sectionOf as Float64Array)[team] = i;
        if (onAssigned !== undefined) onAssigned(sectionEvent(day, team, i, profileStarts));
      }
    }
    assigned += take;
    busy += take;
    wallSeries.set(day, busy);
    const workedToday = busy;
    cumulativeFeet += workedToday;

    // 2. Sections that reach the target today free their teams for tomorrow.
    const doneSlot = (day + 1) % slots;
    const done = freeCount[doneSlot] as number;
    if (tracked && done > 0) {
      if (doneList.length < done) doneList = new Int32Array(Math.min(teams, done * 2));
      sortedTeams(head as Int32Array, nextTeam as Int32Array, doneSlot, doneList);
      if (onCompleted !== undefined) {
        for (let k = 0; k < done; k++) {
          const team = doneList[k] as number;
          const i = (sectionOf as Float64Array)[team] as number;
          onCompleted(sectionEvent(day, team, i, profileStarts));
        }
      }
    }
    busy -= done;
    completed += done;
    wallSeries.set(day + 1, busy);

    // 3. With nothing left to take, every free team is relieved today.
    const queueEmpty = assigned === pendingTotal;
    if (queueEmpty) {
      if (onRelieved !== undefined) {
        relieveMerged(
          onRelieved,
          day,
          doneList,
          done,
          day === 1 ? null : freeList,
          take,
          freeToday - take,
        );
      }
      freeCount[doneSlot] = 0;
      if (head !== null) head[doneSlot] = 0;
    }

    if (onDay !== undefined) {
      const ice = workedToday * icePerFoot;
      onDay({ day, ice, cost: ice * price, cumulativeCost: cumulativeFeet * icePerFoot * price });
    }
    if (onProgress !== undefined && completed >= nextProgress) {
      onProgress({ day, sectionsCompleted: completed, sectionsTotal: pendingTotal });
      nextProgress =
        completed === pendingTotal
          ? Number.POSITIVE_INFINITY
          : Math.min(pendingTotal, (Math.floor(completed / progressStep) + 1) * progressStep);
    }
    if (completed === pendingTotal) break;

    // 4. Tomorrow's free teams are today's finishers. Without a `dayCompleted`
    // listener, skip ahead over days on which nothing starts or ends (some
    // team is busy, so one of the next `targetHeight` slots is non-empty).
    freeToday = queueEmpty ? 0 : done;
    if (tracked && !queueEmpty) {
      const swap = freeList;
      freeList = doneList;
      doneList = swap;
    }
    let next = day + 1;
    if (onDay === undefined && freeToday === 0) {
      while ((freeCount[(next + 1) % slots] as number) === 0) next++;
    }
    day = next;
  }

  wallSeries.endSeries();
  const result = new SimulationResult(wall, {
    days: day,
    teams,
    strategy: oneCrew ? 'oneCrewPerSection' : strategy.name,
    totalFeet,
    profiles: buildProfileSeries(wall, starts),
    wall: wallSeries.finish(),
  });
  hooks.finished?.({
    days: day,
    ice: totalFeet * icePerFoot,
    cost: totalFeet * icePerFoot * price,
  });
  return result;
}

/**
 * Copies the teams in a slot's list into `out` in ascending order and
 * returns how many there are. Lists are usually already sorted (teams freed
 * on the same day were mostly assigned on the same day, in order).
 */
function sortedTeams(head: Int32Array, next: Int32Array, slot: number, out: Int32Array): number {
  let n = 0;
  let sorted = true;
  for (let t = head[slot] as number; t !== 0; t = next[t] as number) {
    if (n > 0 && (out[n - 1] as number) > t) sorted = false;
    out[n++] = t;
  }
  if (!sorted) out.subarray(0, n).sort();
  return n;
}

function sectionEvent(day: number, team: number, i: number, profileStarts: Uint32Array) {
  const p = profileIndexOf(profileStarts, i);
  return { day, team, profile: p + 1, section: i - (profileStarts[p] as number) + 1 };
}

/**
 * Emits reliefs in team order: the teams that completed today and the
 * teams that found nothing to take today: `idle` of them, from index
 * `idleFrom` of `freeList`, or, when `freeList` is null (day 1, when the free
 * teams are 1..teams), the teams numbered `idleFrom + 1` onwards.
 */
function relieveMerged(
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

/** Calls a user strategy and checks that it picked a pending section. */
function checkedPick(
  pick: (context: PickContext) => number | PendingSection,
  context: PickContext,
  name: string,
  wall: Wall,
  taken: Uint8Array,
): number {
  const where = `strategy "${name}" on day ${context.day}, team ${context.team}`;
  let picked: number | PendingSection;
  try {
    picked = pick(context);
  } catch (error) {
    throw new StrategyError(
      `${where} threw: ${error instanceof Error ? error.message : String(error)}`,
      name,
      context.day,
      context.team,
      { cause: error },
    );
  }
  const position =
    typeof picked === 'object' && picked !== null ? (picked as PendingSection).position : picked;
  const fail = (why: string): never => {
    throw new StrategyError(`${where} ${why}`, name, context.day, context.team);
  };
  if (typeof position !== 'number' || !Number.isInteger(position)) {
    fail(
      `returned ${describeValue(picked)} while ${context.pending.size} sections are pending; expected the position of a pending section`,
    );
  }
  const i = position - 1;
  if (i < 0 || i >= wall.heights.length) {
    fail(`picked position ${position}, outside the wall (positions 1 to ${wall.heights.length})`);
  }
  const p = profileIndexOf(wall.profileStarts, i);
  const label = `position ${position} (profile ${p + 1} section ${i - (wall.profileStarts[p] as number) + 1})`;
  if ((wall.heights[i] as number) >= wall.options.targetHeight) {
    fail(`picked ${label}, which is already finished`);
  }
  if (taken[i] === 1) fail(`picked ${label}, which another team has already taken`);
  return i;
}
