import type { TeamSectionEvent } from '../core/hooks.js';
import { count } from '../core/numbers.js';
import { type Defaults, integerOption, optionsObject } from '../core/options/check.js';
import { strategyOption } from '../core/options/run.js';
import type { CrewStrategy } from '../core/schedule/strategy.js';
import { createWall, type Wall } from '../core/wall.js';
import { IcewallError, isIcewallError, thrownMessage } from '../errors.js';
import { Simulation } from '../events/simulation.js';
import { simulate } from '../simulate.js';
import { randomHeights, seededRandom } from './random-wall.js';

/** Options of {@link checkStrategy}. */
export interface CheckStrategyOptions {
  /**
   * Seed of the generated walls: the same seed checks the same walls.
   * @default 1
   */
  seed?: number;
  /**
   * How many generated walls to run (sizes grow with each run).
   * @default 60
   */
  runs?: number;
}

/** The defaults of {@link CheckStrategyOptions}. */
const CHECK_DEFAULTS: Defaults<CheckStrategyOptions> = Object.freeze({ seed: 1, runs: 60 });

/** Options of the {@link StrategyCheckError} constructor. */
export interface StrategyCheckErrorOptions {
  /** The strategy's name. */
  strategy: string;
  /** Which invariant failed. */
  invariant: string;
  /** The counterexample: heights per profile. */
  wall: number[][];
  /** The number of teams of the counterexample. */
  teams: number;
  /** Where it failed (day, team, section). */
  detail: string;
  /** The error the run threw, if it threw. */
  cause?: unknown;
}

/**
 * An invariant a strategy broke, with the smallest wall found that shows it.
 * Its `code` is `'ERR_STRATEGY_CHECK'`; `name` is `'AssertionError'` so test
 * runners show it like a failed assertion.
 */
export class StrategyCheckError extends IcewallError {
  /** The strategy's name. */
  readonly strategy: string;
  /** The counterexample: heights per profile. */
  readonly wall: number[][];
  /** The number of teams of the counterexample. */
  readonly teams: number;
  /** Which invariant failed. */
  readonly invariant: string;

  /**
   * The message is made from the options: the strategy, the invariant, the
   * detail and the counterexample, one per line.
   * @param options - what failed, where, and on which wall and number of teams
   */
  constructor(options: StrategyCheckErrorOptions) {
    const { strategy, invariant, wall, teams, detail } = options;
    const config = wall.map((row) => row.join(' ')).join('\n');
    super(
      'ERR_STRATEGY_CHECK',
      `strategy "${strategy}" broke an invariant: ${invariant}\n  ${detail}\n  wall (teams: ${teams}):\n${config.replace(/^/gm, '    ')}`,
      options,
    );
    this.strategy = strategy;
    this.invariant = invariant;
    this.wall = wall;
    this.teams = teams;
  }

  /** Shown like a failed assertion by test runners. */
  override get name(): string {
    return 'AssertionError';
  }
}

interface Failure {
  invariant: string;
  detail: string;
  cause?: unknown;
}

interface Trace {
  days: number;
  cost: number;
  events: string[];
  assigned: TeamSectionEvent[];
  completed: TeamSectionEvent[];
  relieved: { day: number; team: number }[];
}

function trace(wall: Wall, strategy: CrewStrategy, teams: number): Trace {
  const sim = new Simulation(wall, { teams, strategy });
  const t: Trace = { days: 0, cost: 0, events: [], assigned: [], completed: [], relieved: [] };
  sim.on('teamAssigned', (e) => {
    t.assigned.push(e);
    t.events.push(`day ${e.day}: team ${e.team} took profile ${e.profile} section ${e.section}`);
  });
  sim.on('sectionCompleted', (e) => {
    t.completed.push(e);
    t.events.push(
      `day ${e.day}: team ${e.team} completed profile ${e.profile} section ${e.section}`,
    );
  });
  sim.on('teamRelieved', (e) => {
    t.relieved.push(e);
    t.events.push(`day ${e.day}: team ${e.team} was relieved`);
  });
  const result = sim.run();
  t.days = result.days;
  t.cost = result.totalCost();
  return t;
}

/** Runs one case and returns the first broken invariant, if any. */
function checkCase(rows: number[][], teams: number, strategy: CrewStrategy): Failure | undefined {
  const wall = createWall(rows);
  let first: Trace;
  try {
    first = trace(wall, strategy, teams);
  } catch (error) {
    const message = thrownMessage(error);
    let invariant = 'the run completes';
    if (isIcewallError(error) && error.code === 'ERR_STRATEGY') {
      invariant =
        error.cause === undefined ? 'every pick is a pending section' : 'the strategy never throws';
    }
    return { invariant, detail: message, cause: error };
  }
  const key = (profile: number, section: number) => `${profile}/${section}`;
  const need = new Map<string, number>();
  rows.forEach((row, p) => {
    row.forEach((h, s) => {
      if (h < 30) need.set(key(p + 1, s + 1), 30 - h);
    });
  });

  // Every unfinished section is started once and built exactly to the target.
  const startDay = new Map<string, number>();
  for (const e of first.assigned) {
    const k = key(e.profile, e.section);
    if (!need.has(k)) {
      return {
        invariant: 'only unfinished sections are built',
        detail: `day ${e.day}: team ${e.team} took finished profile ${e.profile} section ${e.section}`,
      };
    }
    if (startDay.has(k)) {
      return {
        invariant: 'each section is built once',
        detail: `day ${e.day}: team ${e.team} took profile ${e.profile} section ${e.section} again`,
      };
    }
    startDay.set(k, e.day);
  }
  for (const k of need.keys()) {
    if (!startDay.has(k))
      return {
        invariant: 'every unfinished section is built',
        detail: `section ${k} (profile/section) was never taken`,
      };
  }
  const doneDay = new Map<string, number>();
  for (const e of first.completed) doneDay.set(key(e.profile, e.section), e.day);
  for (const [k, feet] of need) {
    const built = (doneDay.get(k) ?? Number.NaN) - (startDay.get(k) as number) + 1;
    if (built !== feet) {
      return {
        invariant: 'every section is built exactly to the target',
        detail: `section ${k} (profile/section) needed ${feet} feet, got ${built}`,
      };
    }
  }

  // A team works one section at a time, and no team idles while sections are pending.
  const freeFrom = new Array<number>(teams + 1).fill(1);
  let pending = need.size;
  const byDay = new Map<number, TeamSectionEvent[]>();
  for (const e of first.assigned) byDay.set(e.day, [...(byDay.get(e.day) ?? []), e]);
  const relievedOn = new Map<number, number>();
  for (const e of first.relieved) relievedOn.set(e.team, e.day);
  for (let day = 1; day <= first.days; day++) {
    const todays = byDay.get(day) ?? [];
    for (const e of todays) {
      if ((freeFrom[e.team] as number) > day) {
        return {
          invariant: 'a team works one section at a time',
          detail: `day ${day}: team ${e.team} took profile ${e.profile} section ${e.section} while busy until day ${(freeFrom[e.team] as number) - 1}`,
        };
      }
      freeFrom[e.team] = day + (need.get(key(e.profile, e.section)) as number);
    }
    let free = 0;
    for (let t = 1; t <= teams; t++) {
      const gone = relievedOn.get(t);
      if ((freeFrom[t] as number) <= day && (gone === undefined || gone >= day)) free++;
    }
    if (free > 0 && pending > todays.length) {
      return {
        invariant: 'no team idles while sections are pending',
        detail: `day ${day}: ${count(free, 'team')} free and ${count(pending - todays.length, 'section')} pending`,
      };
    }
    pending -= todays.length;
  }

  const expected = simulate(wall).totalCost();
  if (first.cost !== expected) {
    return {
      invariant: "the total cost equals the default mode's",
      detail: `got ${first.cost}, expected ${expected}`,
    };
  }
  let second: Trace;
  try {
    second = trace(wall, strategy, teams);
  } catch (error) {
    return {
      invariant: 'the same input gives the same result twice',
      detail: `the second run threw: ${thrownMessage(error)}`,
      cause: error,
    };
  }
  const differs = second.events.findIndex((line, i) => line !== first.events[i]);
  if (differs >= 0 || second.events.length !== first.events.length || second.days !== first.days) {
    return {
      invariant: 'the same input gives the same result twice',
      detail: describeDifference(first, second, differs),
    };
  }
  return undefined;
}

/**
 * Says in words where two runs of the same case part ways, e.g. `event 3
 * differs: on day 28 team 1 took profile 1 section 1 in the first run, but
 * profile 1 section 3 in the second`.
 */
function describeDifference(first: Trace, second: Trace, differs: number): string {
  const at = differs >= 0 ? differs : Math.min(first.events.length, second.events.length);
  const a = first.events[at];
  const b = second.events[at];
  if (a === undefined && b === undefined) {
    return `the runs have the same events but last ${first.days} and ${second.days} days`;
  }
  if (a === undefined || b === undefined) {
    const [longer, which] = a === undefined ? [b, 'second'] : [a, 'first'];
    return `event ${at + 1} differs: only the ${which} run has it (${longer})`;
  }
  // Same day and team, different section: name the team and the two sections.
  const pattern = /^day (\d+): team (\d+) (took|completed) (profile \d+ section \d+)$/;
  const ma = pattern.exec(a);
  const mb = pattern.exec(b);
  if (ma !== null && mb !== null && ma[1] === mb[1] && ma[2] === mb[2] && ma[3] === mb[3]) {
    return `event ${at + 1} differs: on day ${ma[1]} team ${ma[2]} ${ma[3]} ${ma[4]} in the first run, but ${mb[4]} in the second`;
  }
  return `event ${at + 1} differs: the first run had "${a}", the second "${b}"`;
}

/** Greedily removes profiles, sections and teams while the case still fails. */
function shrink(rows: number[][], teams: number, strategy: CrewStrategy, failure: Failure) {
  let best = { rows, teams, failure };
  let improved = true;
  while (improved) {
    improved = false;
    const candidates: { rows: number[][]; teams: number }[] = [];
    if (best.teams > 1) candidates.push({ rows: best.rows, teams: best.teams - 1 });
    best.rows.forEach((row, p) => {
      if (best.rows.length > 1)
        candidates.push({ rows: best.rows.filter((_, q) => q !== p), teams: best.teams });
      row.forEach((_, s) => {
        if (row.length > 1) {
          candidates.push({
            rows: best.rows.map((r, q) => (q === p ? r.filter((__, t) => t !== s) : r)),
            teams: best.teams,
          });
        }
      });
    });
    for (const c of candidates) {
      const f = checkCase(c.rows, c.teams, strategy);
      if (f !== undefined && f.invariant === best.failure.invariant) {
        best = { ...c, failure: f };
        improved = true;
        break;
      }
    }
  }
  return best;
}

/**
 * Runs a crew strategy on seeded generated walls (several sizes and team
 * counts, heights including 0 and 30) and checks that every unfinished
 * section is built exactly to the target once, a team works one section at a
 * time, no team idles while sections are pending, the total cost equals the
 * default mode's, and the same input gives the same events twice. Works in
 * any test runner.
 *
 * @example
 * ```ts
 * import { checkStrategy } from 'icewall/testing';
 * test('my strategy keeps the rules', () => checkStrategy(myStrategy));
 * ```
 * @param strategy - the strategy to check
 * @param options - seed and number of runs
 * @throws StrategyCheckError with the smallest counterexample found
 */
export function checkStrategy(strategy: CrewStrategy, options?: CheckStrategyOptions): void {
  // A strategy is required: undefined must not silently check the default.
  strategyOption<CrewStrategy>(strategy);
  const o = optionsObject(options, CHECK_DEFAULTS, 'checkStrategy');
  const runs = integerOption(
    'runs',
    o.runs,
    CHECK_DEFAULTS.runs as number,
    1,
    1_000_000,
    'an integer in [1, 1000000]',
  );
  const seed = integerOption(
    'seed',
    o.seed,
    CHECK_DEFAULTS.seed as number,
    Number.MIN_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER,
    'a safe integer',
  );
  const random = seededRandom(seed);
  for (let run = 0; run < runs; run++) {
    // Sizes grow with the run number, so the first failure is a small one.
    const grow = 1 + Math.floor((run * 6) / runs);
    const rows = randomHeights(
      random,
      1 + Math.floor(random() * (grow + 1)),
      [1, 2 + grow * 2],
      30,
    );
    const unfinished = rows.flat().filter((h) => h < 30).length;
    const teams = 1 + Math.floor(random() * (unfinished + 2));
    const failure = checkCase(rows, teams, strategy);
    if (failure !== undefined) {
      const small = shrink(rows, teams, strategy, failure);
      const { invariant, detail, cause } = small.failure;
      throw new StrategyCheckError({
        strategy: strategy.name,
        invariant,
        wall: small.rows,
        teams: small.teams,
        detail,
        ...(cause === undefined ? {} : { cause }),
      });
    }
  }
}
