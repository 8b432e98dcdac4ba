/** Payload of `teamAssigned` and `sectionCompleted`. All numbers are 1-based. */
export interface TeamSectionEvent {
  /** The day the team starts (assigned) or finishes (completed) the section. */
  readonly day: number;
  /** The team's number. */
  readonly team: number;
  /** The section's profile. */
  readonly profile: number;
  /** The section's number within its profile. */
  readonly section: number;
}

/** Payload of `teamRelieved`: the team does no more work from this day on. */
export interface TeamRelievedEvent {
  /** The day the team is relieved. */
  readonly day: number;
  /** The team's number. */
  readonly team: number;
}

/** Payload of `dayCompleted`, for the whole wall. */
export interface DayCompletedEvent {
  /** The day that ended. */
  readonly day: number;
  /** Cubic yards of ice used on that day. */
  readonly ice: number;
  /** Gold Dragons spent on that day. */
  readonly cost: number;
  /** Gold Dragons spent on days 1 to `day`. */
  readonly cumulativeCost: number;
}

/** Payload of `progress`, emitted at fixed steps of completed sections. */
export interface ProgressEvent {
  /** The day on which the step was reached. */
  readonly day: number;
  /** Sections completed so far. */
  readonly sectionsCompleted: number;
  /** Sections that need work in all (finished ones do not count). */
  readonly sectionsTotal: number;
}

/** Payload of `finished`, emitted once at the end of a run. */
export interface FinishedEvent {
  /** The last day on which a foot was laid (0 if nothing was built). */
  readonly days: number;
  /** Total cubic yards of ice. */
  readonly ice: number;
  /** Total cost in Gold Dragons. */
  readonly cost: number;
}

/**
 * Every event of a run and its payload, in the order they come within a
 * day: the one declaration that the core's hooks, the `SimulationEvents` of
 * a `Simulation` and the sinks' listeners are all derived from.
 */
export interface SimulationEventPayloads {
  /** A team starts a section. */
  teamAssigned: TeamSectionEvent;
  /** A section reaches the target height. */
  sectionCompleted: TeamSectionEvent;
  /** A team is free while nothing is left to take; it does no more work. */
  teamRelieved: TeamRelievedEvent;
  /** A day ended: the whole wall's ice and cost that day, and the cost so far. */
  dayCompleted: DayCompletedEvent;
  /** Another step of the sections is complete (for progress bars). */
  progress: ProgressEvent;
  /** The run is over. */
  finished: FinishedEvent;
}

/**
 * Callbacks the core calls while it runs, in event order (see
 * {@link SimulationEventPayloads}). Only the ones present are called, and
 * work needed only for a missing one is skipped.
 */
export type SimulationHooks = {
  [E in keyof SimulationEventPayloads]?: (event: SimulationEventPayloads[E]) => void;
};
