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
 * One row of {@link SIMULATION_EVENTS}: the payload's fields in the order
 * the engine's workers encode them. `P` is the payload type; it exists in
 * the types only.
 */
export interface SimulationEventSpec<P> {
  /** Every field of the payload, each once, in encoding order (at most four). */
  readonly fields: readonly (keyof P & string)[];
  /** The payload's type, for {@link SimulationEventPayloads}: in the types only, never set at run time. */
  readonly payload?: P;
}

/** Fields of `P` that `F` leaves out (`never` when `F` lists them all). */
type Missing<P, F extends readonly unknown[]> = Exclude<keyof P, F[number]>;

/**
 * A row of the event table for payload type `P`, whose `fields` must list
 * every field of `P` (the compiler refuses a missing one).
 */
function event<P>() {
  return <const F extends readonly (keyof P & string)[]>(
    ...fields: [Missing<P, F>] extends [never] ? F : [`missing field`, Missing<P, F>]
  ): SimulationEventSpec<P> => ({ fields: fields as unknown as F });
}

/**
 * The one table of events: every event's name, its payload type, and its
 * payload fields in the order the engine's workers encode them. An event's
 * position is its order within a day and its code in a worker's batch.
 * Everything else is derived from it: {@link SimulationEventPayloads}, the
 * core's hooks, `Simulation`'s events and
 * `SIMULATION_EVENT_NAMES`, the engine's batch encoding and decoding, and
 * the sinks' subscriptions.
 */
export const SIMULATION_EVENTS = Object.freeze({
  /** A team starts a section. */
  teamAssigned: event<TeamSectionEvent>()('day', 'team', 'profile', 'section'),
  /** A section reaches the target height. */
  sectionCompleted: event<TeamSectionEvent>()('day', 'team', 'profile', 'section'),
  /** A team is free while nothing is left to take; it does no more work. */
  teamRelieved: event<TeamRelievedEvent>()('day', 'team'),
  /** A day ended: the whole wall's ice and cost that day, and the cost so far. */
  dayCompleted: event<DayCompletedEvent>()('day', 'ice', 'cost', 'cumulativeCost'),
  /** Another step of the sections is complete (for progress bars). */
  progress: event<ProgressEvent>()('day', 'sectionsCompleted', 'sectionsTotal'),
  /** The run is over. */
  finished: event<FinishedEvent>()('days', 'ice', 'cost'),
});

/** The name of an event in {@link SIMULATION_EVENTS}. */
export type SimulationEventName = keyof typeof SIMULATION_EVENTS;

/**
 * Every event of a run and its payload, derived from
 * {@link SIMULATION_EVENTS}: `{ teamAssigned: TeamSectionEvent, … }`.
 */
export type SimulationEventPayloads = {
  [E in SimulationEventName]: (typeof SIMULATION_EVENTS)[E] extends SimulationEventSpec<infer P>
    ? P
    : never;
};

/**
 * Callbacks the core calls while it runs, in event order (see
 * {@link SIMULATION_EVENTS}). Only the ones present are called, and
 * work needed only for a missing one is skipped.
 */
export type SimulationHooks = {
  [E in SimulationEventName]?: (event: SimulationEventPayloads[E]) => void;
};

/**
 * The names of {@link SIMULATION_EVENTS}, in order: an event's index here
 * is its code in a worker's batch.
 * @internal
 */
export const EVENT_NAMES: readonly SimulationEventName[] = Object.freeze(
  Object.keys(SIMULATION_EVENTS) as SimulationEventName[],
);
