// The answers of a SimulationResult, and where they may be missing.
import {
  isSimulationResult,
  parseWall,
  type ResolvedWallOptions,
  SimulationResult,
  simulate,
  simulateStream,
  type Wall,
  type WorkChange,
} from 'icewall';
import { simulateParallel } from 'icewall/engine';
import { describe, expectTypeOf, it } from 'vitest';

const result = simulate(parseWall('21 25 28\n17'));

describe('results are made by the library', () => {
  it('has no public constructor (use simulate, simulateStream or Simulation.run)', () => {
    // @ts-expect-error the constructor is private
    const made = new SimulationResult();
    expectTypeOf(made).toEqualTypeOf<SimulationResult>();
  });
});

describe('result queries', () => {
  it('answer numbers', () => {
    expectTypeOf(result.days).toEqualTypeOf<number>();
    expectTypeOf(result.teams).toEqualTypeOf<number>();
    expectTypeOf(result.strategy).toEqualTypeOf<string>();
    expectTypeOf(result.dailyIce).toEqualTypeOf<(profile: number, day: number) => number>();
    expectTypeOf(result.profileIce).toEqualTypeOf<(profile: number, day?: number) => number>();
    expectTypeOf(result.profileCost).toEqualTypeOf<(profile: number, day?: number) => number>();
    expectTypeOf(result.profileDays).toEqualTypeOf<(profile: number) => number>();
    expectTypeOf(result.wallDailyIce).toEqualTypeOf<(day: number) => number>();
    expectTypeOf(result.totalIce).toEqualTypeOf<(day?: number) => number>();
    expectTypeOf(result.totalCost).toEqualTypeOf<(day?: number) => number>();
    expectTypeOf(result.teamsAtWork).toEqualTypeOf<(day: number) => number>();
    expectTypeOf(result.sectionsOf).toEqualTypeOf<(profile: number) => number>();
    expectTypeOf(result.workChanges()).toEqualTypeOf<WorkChange[]>();
    expectTypeOf(result.options).toEqualTypeOf<ResolvedWallOptions>();
  });

  it('may have no wall (simulateStream with one crew keeps no heights)', () => {
    expectTypeOf(result.wall).toEqualTypeOf<Wall | undefined>();
    // @ts-expect-error: the wall may be undefined
    result.wall.profileCount;
  });

  it('comes back the same from every entry point', () => {
    expectTypeOf(simulateStream).returns.toEqualTypeOf<Promise<SimulationResult>>();
    expectTypeOf(simulateParallel).returns.toEqualTypeOf<Promise<SimulationResult>>();
  });

  it('refuses wrong argument types', () => {
    // @ts-expect-error: profiles are numbers
    result.dailyIce('1', 1);
    // @ts-expect-error: dailyIce needs a day
    result.dailyIce(1);
    // @ts-expect-error: the result is read-only
    result.days = 2;
  });

  it('isSimulationResult narrows', () => {
    const value: unknown = result;
    if (isSimulationResult(value)) expectTypeOf(value).toEqualTypeOf<SimulationResult>();
  });
});
