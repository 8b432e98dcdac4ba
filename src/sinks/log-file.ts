import type { TeamRelievedEvent, TeamSectionEvent } from '../core/hooks.js';
import { type Defaults, invalidOption, optionsObject } from '../core/options/check.js';
import { runsAsync } from '../events/backpressure.js';
import type { Simulation } from '../events/simulation.js';
import { FileLineWriter } from './line-buffer.js';
import { type AttachedSink, attachedSink, checkSimulation, subscribe } from './subscribe.js';

/** Options of {@link attachLogFile}. */
export interface LogFileOptions {
  /**
   * Also write one line per team per working day:
   * `day 3: team 1 raised profile 1 section 1 to 24 ft` (before that day's
   * completions). Output grows with days × teams: for small runs.
   * @default false
   */
  verbose?: boolean;
}

/** The defaults of {@link LogFileOptions}. */
const LOG_FILE_DEFAULTS: Defaults<LogFileOptions> = Object.freeze({ verbose: false });

/** The log line of a completion: `day 5: team 2 completed profile 1 section 2`. */
export function completedLine(e: TeamSectionEvent): string {
  return `day ${e.day}: team ${e.team} completed profile ${e.profile} section ${e.section}`;
}

/** The log line of a relief: `day 39: team 2 relieved`. */
export function relievedLine(e: TeamRelievedEvent): string {
  return `day ${e.day}: team ${e.team} relieved`;
}

/**
 * Writes the log file while a simulation runs: one line per completion or
 * relief, in event order, and nothing else:
 *
 * ```
 * day 5: team 2 completed profile 1 section 2
 * day 39: team 2 relieved
 * ```
 *
 * The file is created (or truncated) now, and complete when the run
 * finishes; call `close()` after `run()` to release it and learn of any
 * failure. A failure to open or write never throws into the simulation:
 * `close()` rejects with it.
 *
 * @example
 * ```ts
 * const sim = new Simulation(parseWall('21 25 28\n17\n'), { teams: 2 });
 * const log = attachLogFile(sim, 'wall.log');
 * sim.run();
 * await log.close(); // rejects if a write failed (ERR_IO)
 * ```
 *
 * @param simulation - the simulation to log
 * @param path - the log file
 * @param options - `verbose` adds a line per team per working day
 */
export function attachLogFile(
  simulation: Simulation,
  path: string,
  options?: LogFileOptions,
): AttachedSink {
  checkSimulation(simulation);
  const { verbose } = optionsObject(options, LOG_FILE_DEFAULTS, 'attachLogFile');
  if (typeof path !== 'string' || path === '') {
    invalidOption('path', 'a file path (the second argument of attachLogFile)', path);
  }
  const out = new FileLineWriter(path, () => runsAsync(simulation));
  const onCompleted = (e: TeamSectionEvent) => out.line(completedLine(e));
  const onRelieved = (e: TeamRelievedEvent) => out.line(relievedLine(e));

  if (!verbose) {
    const detach = subscribe(simulation, {
      sectionCompleted: onCompleted,
      teamRelieved: onRelieved,
      finished: () => out.flush(),
    });
    return attachedSink(simulation, detach, out);
  }

  // Verbose: the day's completion and relief lines wait until its work lines are out.
  const wall = simulation.wall;
  const target = wall.options.targetHeight;
  const working = new Map<number, { profile: number; section: number; height: number }>();
  let later: TeamSectionEvent[] = [];
  let relieved: { day: number; team: number }[] = [];
  const onAssigned = (e: TeamSectionEvent) =>
    working.set(e.team, {
      profile: e.profile,
      section: e.section,
      height: wall.height(e.profile, e.section),
    });
  const onDone = (e: TeamSectionEvent) => later.push(e);
  const onGone = (e: { day: number; team: number }) => relieved.push(e);
  const onDay = ({ day }: { day: number }) => {
    for (const team of [...working.keys()].sort((a, b) => a - b)) {
      const w = working.get(team) as { profile: number; section: number; height: number };
      w.height++;
      out.line(
        `day ${day}: team ${team} raised profile ${w.profile} section ${w.section} to ${w.height} ft`,
      );
      if (w.height === target) working.delete(team);
    }
    for (const e of later) onCompleted(e);
    for (const e of relieved) onRelieved(e);
    later = [];
    relieved = [];
  };
  const detach = subscribe(simulation, {
    teamAssigned: onAssigned,
    sectionCompleted: onDone,
    teamRelieved: onGone,
    dayCompleted: onDay,
    finished: () => out.flush(),
  });
  return attachedSink(simulation, detach, out);
}
