import { describe, expect, it } from 'vitest';
import {
  createWall,
  type DayCompletedEvent,
  parseWall,
  SIMULATION_EVENT_NAMES,
  SIMULATION_EVENTS,
  Simulation,
  type SimulationEventName,
  simulate,
} from '../../src/index.js';

function record(sim: Simulation, names: SimulationEventName[]): { name: string }[] {
  const seen: { name: string }[] = [];
  for (const name of names) sim.on(name, (event: object) => seen.push({ name, ...event }));
  return seen;
}

describe('Simulation events', () => {
  it('nothing to build: only finished, no team events', () => {
    const sim = new Simulation(createWall([[30, 30]]), { teams: 2 });
    const seen = record(sim, [...SIMULATION_EVENT_NAMES]);
    sim.run();
    expect(seen).toEqual([{ name: 'finished', days: 0, ice: 0, cost: 0 }]);
  });

  it('idle teams are relieved on day 1, after completions, in team order', () => {
    const sim = new Simulation(createWall([[29, 25]]), { teams: 4 });
    const seen = record(sim, ['teamAssigned', 'sectionCompleted', 'teamRelieved']);
    sim.run();
    expect(seen.slice(0, 5)).toEqual([
      { name: 'teamAssigned', day: 1, team: 1, profile: 1, section: 1 },
      { name: 'teamAssigned', day: 1, team: 2, profile: 1, section: 2 },
      { name: 'sectionCompleted', day: 1, team: 1, profile: 1, section: 1 },
      { name: 'teamRelieved', day: 1, team: 1 },
      { name: 'teamRelieved', day: 1, team: 3 },
    ]);
    expect(seen[5]).toEqual({ name: 'teamRelieved', day: 1, team: 4 });
    expect(seen.at(-1)).toEqual({ name: 'teamRelieved', day: 5, team: 2 });
  });

  it('with one crew per section, crew k builds the k-th unfinished section', () => {
    const sim = new Simulation(createWall([[30, 28], [29]]));
    const seen = record(sim, ['teamAssigned', 'teamRelieved']);
    sim.run();
    expect(seen).toEqual([
      { name: 'teamAssigned', day: 1, team: 1, profile: 1, section: 2 },
      { name: 'teamAssigned', day: 1, team: 2, profile: 2, section: 1 },
      { name: 'teamRelieved', day: 1, team: 2 },
      { name: 'teamRelieved', day: 2, team: 1 },
    ]);
  });

  it("dayCompleted comes for every day, with the day's figures and the running cost", () => {
    const sim = new Simulation(parseWall('21 25 28\n17\n17 22 17 19 17'), { teams: 2 });
    const days: DayCompletedEvent[] = [];
    sim.on('dayCompleted', (e) => days.push(e));
    const result = sim.run();
    expect(days).toHaveLength(48);
    expect(days.map((e) => e.day)).toEqual(Array.from({ length: 48 }, (_, k) => k + 1));
    for (const e of days) {
      expect(e.ice).toBe(result.wallDailyIce(e.day));
      expect(e.cost).toBe(e.ice * 1900);
      expect(e.cumulativeCost).toBe(result.totalCost(e.day));
    }
  });

  it('progress is stepped by completed sections and ends at 100%', () => {
    const rows = [Array.from({ length: 250 }, (_, k) => k % 30)];
    const sim = new Simulation(createWall(rows, { maxSectionsPerProfile: 1000 }), { teams: 7 });
    const seen: number[] = [];
    sim.on('progress', (e) => {
      expect(e.sectionsTotal).toBe(rows[0]?.filter((h) => h < 30).length);
      seen.push(e.sectionsCompleted);
    });
    sim.run();
    expect(seen.length).toBeGreaterThan(50);
    expect(seen.length).toBeLessThanOrEqual(101);
    expect(seen.at(-1)).toBe(250);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('the same run always emits the same events, and run() can be repeated', () => {
    const wall = parseWall('3 0 29 12\n7 7\n');
    const sim = new Simulation(wall, { teams: 3 });
    const seen = record(sim, [
      'teamAssigned',
      'sectionCompleted',
      'teamRelieved',
      'progress',
      'finished',
    ]);
    sim.run();
    const first = [...seen];
    seen.length = 0;
    sim.run();
    expect(seen).toEqual(first);
  });

  it('run() returns what simulate() returns', () => {
    const wall = parseWall('3 0 29 12\n7 7\n');
    const sim = new Simulation(wall, { teams: 3 });
    sim.on('teamAssigned', () => {});
    const a = sim.run();
    const b = simulate(wall, { teams: 3 });
    expect(a.days).toBe(b.days);
    for (let d = 1; d <= a.days + 1; d++) expect(a.totalCost(d)).toBe(b.totalCost(d));
  });

  it.each([
    ['two teams', { teams: 2 }],
    ['one crew per section', {}],
  ])(
    'with every event heard (%s), each name of the table is emitted, in the table order within a day',
    (_, options) => {
      const sim = new Simulation(parseWall('21 25 28\n17\n17 22 17 19 17'), {
        ...options,
        progressSteps: 5,
      });
      const seen: { name: SimulationEventName; day: number; payload: object }[] = [];
      for (const name of SIMULATION_EVENT_NAMES) {
        sim.on(name, (event: object) => {
          const day = 'day' in event ? (event.day as number) : Number.POSITIVE_INFINITY;
          seen.push({ name, day, payload: event });
        });
      }
      sim.run();
      expect(new Set(seen.map((e) => e.name))).toEqual(new Set(Object.keys(SIMULATION_EVENTS)));
      expect(SIMULATION_EVENT_NAMES).toEqual(Object.keys(SIMULATION_EVENTS));
      // Day by day, the events come in the table's order; `finished` (no day) last.
      const rank = (e: (typeof seen)[number]) => [e.day, SIMULATION_EVENT_NAMES.indexOf(e.name)];
      for (let k = 1; k < seen.length; k++) {
        const [dayA, a] = rank(seen[k - 1] as (typeof seen)[number]) as [number, number];
        const [dayB, b] = rank(seen[k] as (typeof seen)[number]) as [number, number];
        expect(dayA < dayB || (dayA === dayB && a <= b), `event ${k}`).toBe(true);
      }
      expect(seen.at(-1)?.name).toBe('finished');
      // Each payload has exactly the table's fields, in the table's order.
      for (const { name, payload } of seen) {
        expect(Object.keys(payload)).toEqual(SIMULATION_EVENTS[name].fields);
      }
    },
  );

  it('checks options when constructed', () => {
    expect(() => new Simulation(parseWall('1'), { teams: -2 })).toThrow(
      'Expected `teams` to be a whole number from 1 to 2147483646, got `-2` (number)',
    );
  });
});
