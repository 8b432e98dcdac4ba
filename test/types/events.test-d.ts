// Event payloads as listeners see them, on a Simulation and in the sinks.
import {
  type DayCompletedEvent,
  type FinishedEvent,
  type ProgressEvent,
  parseWall,
  SIMULATION_EVENT_NAMES,
  SIMULATION_EVENTS,
  Simulation,
  type SimulationEventName,
  type SimulationEventPayloads,
  type SimulationEvents,
  type TeamRelievedEvent,
  type TeamSectionEvent,
} from 'icewall';
import { describe, expectTypeOf, it } from 'vitest';

const sim = new Simulation(parseWall('21 25 28\n17'), { teams: 2 });

describe('Simulation events', () => {
  it('gives each listener its payload', () => {
    sim.on('teamAssigned', (event) => expectTypeOf(event).toEqualTypeOf<TeamSectionEvent>());
    sim.on('sectionCompleted', (event) => expectTypeOf(event).toEqualTypeOf<TeamSectionEvent>());
    sim.on('teamRelieved', (event) => expectTypeOf(event).toEqualTypeOf<TeamRelievedEvent>());
    sim.on('dayCompleted', (event) => expectTypeOf(event).toEqualTypeOf<DayCompletedEvent>());
    sim.on('progress', (event) => expectTypeOf(event).toEqualTypeOf<ProgressEvent>());
    sim.on('finished', (event) => expectTypeOf(event).toEqualTypeOf<FinishedEvent>());
  });

  it('has numbers only, read-only', () => {
    expectTypeOf<TeamSectionEvent>().toEqualTypeOf<{
      readonly day: number;
      readonly team: number;
      readonly profile: number;
      readonly section: number;
    }>();
    expectTypeOf<TeamRelievedEvent>().toEqualTypeOf<{
      readonly day: number;
      readonly team: number;
    }>();
    expectTypeOf<DayCompletedEvent>().toEqualTypeOf<{
      readonly day: number;
      readonly ice: number;
      readonly cost: number;
      readonly cumulativeCost: number;
    }>();
    expectTypeOf<FinishedEvent>().toEqualTypeOf<{
      readonly days: number;
      readonly ice: number;
      readonly cost: number;
    }>();
  });

  it('refuses a wrong event name', () => {
    // @ts-expect-error: there is no `sectionDone` event
    sim.on('sectionDone', () => {});
    // @ts-expect-error: names are case-sensitive
    sim.once('Finished', () => {});
  });

  it('refuses a wrong field', () => {
    sim.on('sectionCompleted', (event) => {
      // @ts-expect-error: a completion has no `cost`
      event.cost;
      // @ts-expect-error: payloads are read-only
      event.day = 2;
    });
    sim.on('teamRelieved', (event) => {
      // @ts-expect-error: a relief names no section
      event.section;
    });
  });

  it('refuses to emit a wrong payload', () => {
    // @ts-expect-error: payloads are objects of numbers
    sim.emit('teamRelieved', 'day 3');
  });

  it('refuses a listener that expects another payload', () => {
    // @ts-expect-error: `dayCompleted` does not carry a team
    sim.on('dayCompleted', (event: TeamRelievedEvent) => event.team);
  });

  it('names every event in the map', () => {
    expectTypeOf(SIMULATION_EVENT_NAMES).toEqualTypeOf<readonly SimulationEventName[]>();
    expectTypeOf<SimulationEventName>().toEqualTypeOf<
      | 'teamAssigned'
      | 'sectionCompleted'
      | 'teamRelieved'
      | 'dayCompleted'
      | 'progress'
      | 'finished'
    >();
    expectTypeOf<SimulationEvents['progress']>().toEqualTypeOf<[event: ProgressEvent]>();
  });

  it('derives the payload map from the one event table', () => {
    expectTypeOf<keyof typeof SIMULATION_EVENTS>().toEqualTypeOf<SimulationEventName>();
    expectTypeOf<SimulationEventPayloads['teamRelieved']>().toEqualTypeOf<TeamRelievedEvent>();
    expectTypeOf<SimulationEventPayloads['progress']>().toEqualTypeOf<ProgressEvent>();
    expectTypeOf(SIMULATION_EVENTS.teamRelieved.fields).toEqualTypeOf<
      readonly ('day' | 'team')[]
    >();
  });
});
