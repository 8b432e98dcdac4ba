import type { SimulationHooks } from '../hooks.js';
import { sectionNumber } from '../numbers.js';
import { countWall, resultFromCounts } from '../parse/count.js';
import type { SimulationResult } from '../result/result.js';
import type { Wall } from '../wall.js';
import { ProgressSteps } from './progress.js';
import type { RunInput } from './run-input.js';

/**
 * One crew per section: every unfinished section is worked from day 1, so a
 * section needing k feet is completed (and its crew relieved) on day k. One
 * counting pass over the heights answers everything.
 */
export function runOneCrew(input: RunInput): SimulationResult {
  const { wall } = input;
  const counts = countWall(wall);
  const { totals } = counts;
  const result = resultFromCounts(counts, wall);
  const hooks = input.hooks;
  if (hooks !== undefined) emitOneCrewEvents(wall, totals, result, hooks, input.progressSteps);
  return result;
}

/**
 * The events of a one-crew run, day by day. Crew k builds the k-th
 * unfinished section in build order, so team numbers need no tracking; the
 * completions of each day come from a counting sort of the crews by the
 * feet their section needs (only when someone listens to section events).
 */
function emitOneCrewEvents(
  wall: Wall,
  totals: Float64Array,
  result: SimulationResult,
  hooks: SimulationHooks,
  progressSteps: number,
): void {
  const { days } = result;
  const { icePerFoot, costPerCubicYard: price } = wall.options;
  const pending = result.teams;
  if (pending === 0) {
    hooks.finished?.({ days: 0, ice: 0, cost: 0 });
    return;
  }
  const { teamAssigned, sectionCompleted, teamRelieved, dayCompleted, progress } = hooks;
  if (teamAssigned !== undefined) emitAssignments(wall, teamAssigned);
  const byDay =
    sectionCompleted !== undefined || teamRelieved !== undefined ? crewsByDay(wall, totals) : null;
  const steps = new ProgressSteps(pending, progressSteps);
  let working = pending;
  let completed = 0;
  let cumulativeFeet = 0;
  for (let day = 1; day <= days; day++) {
    const done = totals[day] as number;
    if (byDay !== null) {
      const from = byDay.offsets[day] as number;
      const to = byDay.offsets[day + 1] as number;
      if (sectionCompleted !== undefined)
        emitCompletions(wall, byDay, from, to, day, sectionCompleted);
      if (teamRelieved !== undefined) {
        const teams = byDay.teams;
        for (let k = from; k < to; k++) teamRelieved({ day, team: teams[k] as number });
      }
    }
    cumulativeFeet += working;
    if (dayCompleted !== undefined) {
      const ice = working * icePerFoot;
      dayCompleted({
        day,
        ice,
        cost: ice * price,
        cumulativeCost: cumulativeFeet * icePerFoot * price,
      });
    }
    completed += done;
    working -= done;
    if (progress !== undefined && steps.reached(completed)) {
      progress({ day, sectionsCompleted: completed, sectionsTotal: pending });
    }
  }
  const ice = result.totalIce();
  hooks.finished?.({ days, ice, cost: ice * price });
}

/** Day 1: crew k takes the k-th unfinished section. */
function emitAssignments(wall: Wall, emit: NonNullable<SimulationHooks['teamAssigned']>): void {
  const { heights, profileStarts } = wall;
  const target = wall.options.targetHeight;
  let team = 0;
  for (let p = 0; p < wall.profileCount; p++) {
    const from = profileStarts[p] as number;
    const to = profileStarts[p + 1] as number;
    for (let i = from; i < to; i++) {
      if ((heights[i] as number) < target) {
        emit({ day: 1, team: ++team, profile: p + 1, section: i - from + 1 });
      }
    }
  }
}

/** Crews grouped by the day they finish, in team order within a day. */
interface CrewsByDay {
  /** Crews finishing on day d are at `offsets[d]` to `offsets[d + 1] - 1`. */
  readonly offsets: Float64Array;
  /** Team numbers. */
  readonly teams: Uint32Array;
  /** Section index (build order) of each entry. */
  readonly sections: Uint32Array;
}

/** Counting sort of the crews by the feet their section needs (stable: team order kept). */
function crewsByDay(wall: Wall, totals: Float64Array): CrewsByDay {
  const { heights } = wall;
  const target = wall.options.targetHeight;
  const offsets = new Float64Array(target + 2);
  for (let need = 1; need <= target; need++) {
    offsets[need + 1] = (offsets[need] as number) + (totals[need] as number);
  }
  const total = offsets[target + 1] as number;
  const teams = new Uint32Array(total);
  const sections = new Uint32Array(total);
  const fill = offsets.slice();
  let team = 0;
  for (let i = 0; i < heights.length; i++) {
    const need = target - (heights[i] as number);
    if (need > 0) {
      const at = fill[need] as number;
      fill[need] = at + 1;
      teams[at] = ++team;
      sections[at] = i;
    }
  }
  return { offsets, teams, sections };
}

/** The completions of one day; sections ascend, so the profile is found by walking forward. */
function emitCompletions(
  wall: Wall,
  byDay: CrewsByDay,
  from: number,
  to: number,
  day: number,
  emit: NonNullable<SimulationHooks['sectionCompleted']>,
): void {
  const { profileStarts } = wall;
  const { teams, sections } = byDay;
  let p = 0;
  for (let k = from; k < to; k++) {
    const i = sections[k] as number;
    while ((profileStarts[p + 1] as number) <= i) p++;
    emit({
      day,
      team: teams[k] as number,
      profile: p + 1,
      section: sectionNumber(profileStarts, p, i),
    });
  }
}
