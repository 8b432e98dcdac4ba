// What a strategy author writes, and what the types let through.
import {
  type CrewStrategy,
  inOrder,
  longestFirst,
  type PendingSection,
  type PendingSections,
  type PickContext,
  type PickSection,
  roundRobin,
  shortestFirst,
  simulate,
  type Wall,
} from 'icewall';
import type { StrategyModule } from 'icewall/engine';
import { describe, expectTypeOf, it } from 'vitest';

describe('strategy signatures', () => {
  it('create(wall) returns a picker of a position or a pending section', () => {
    expectTypeOf<CrewStrategy['create']>().toEqualTypeOf<(wall: Wall) => PickSection>();
    expectTypeOf<PickSection>().toEqualTypeOf<(context: PickContext) => number | PendingSection>();
    expectTypeOf<PickContext>().toEqualTypeOf<{
      readonly day: number;
      readonly team: number;
      readonly pending: PendingSections;
      readonly wall: Wall;
    }>();
    expectTypeOf<PendingSections['first']>().returns.toEqualTypeOf<PendingSection | undefined>();
  });

  it('accepts a plain object, and the built-ins', () => {
    const nearest: CrewStrategy = {
      name: 'first-pending',
      create: () => (ctx) => ctx.pending.first() ?? 1,
    };
    for (const strategy of [nearest, inOrder, longestFirst, shortestFirst, roundRobin]) {
      expectTypeOf(simulate).toBeCallableWith({} as Wall, { teams: 2, strategy });
    }
  });

  it('refuses a picker that returns something else', () => {
    const bad: CrewStrategy = {
      name: 'bad',
      // @ts-expect-error: a picker returns a position or a PendingSection, not a string
      create: () => () => 'first',
    };
    // @ts-expect-error: a strategy needs a name
    const nameless: CrewStrategy = { create: () => () => 1 };
    void bad;
    void nameless;
  });

  it('a strategy module for the engine names a file and an export', () => {
    expectTypeOf<StrategyModule>().toHaveProperty('module');
  });
});
