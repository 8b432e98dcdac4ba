import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CrewStrategy,
  createWall,
  inOrder,
  isIcewallError,
  longestFirst,
  roundRobin,
  Simulation,
  StrategyError,
  shortestFirst,
  simulate,
} from '../../src/index.js';
import { caseArb } from '../arbitraries.js';
import { type RefSection, refDailyIce, referenceSimulate } from '../reference.js';
import { thrown } from '../thrown.js';

type RefPick = (pending: RefSection[], day: number, team: number) => RefSection;

/** Obviously-correct versions of the built-ins, for the reference model. */
const refPicks: Record<string, () => RefPick> = {
  inOrder: () => (pending) => pending[0] as RefSection,
  longestFirst: () => (pending) =>
    pending.reduce((best, s) => (s.remaining > best.remaining ? s : best)),
  shortestFirst: () => (pending) =>
    pending.reduce((best, s) => (s.remaining < best.remaining ? s : best)),
  roundRobin: () => {
    let turn = 1;
    return (pending) => {
      const profiles = Math.max(...pending.map((s) => s.profile), turn);
      for (let k = 0; ; k++) {
        const p = ((turn - 1 + k) % profiles) + 1;
        const s = pending.find((x) => x.profile === p);
        if (s !== undefined) {
          turn = p + 1;
          return s;
        }
      }
    };
  },
};

const builtIns: CrewStrategy[] = [inOrder, longestFirst, shortestFirst, roundRobin];

describe.each(builtIns)('built-in strategy $name', (strategy) => {
  it('matches the reference model: days, daily ice, events', () => {
    fc.assert(
      fc.property(caseArb, ({ target, profiles, teams }) => {
        const wall = createWall(profiles, { targetHeight: target });
        const t = teams ?? 3;
        const pick = (refPicks[strategy.name] as () => RefPick)();
        const ref = referenceSimulate(profiles, { teams: t, targetHeight: target, pick });
        const sim = new Simulation(wall, { teams: t, strategy });
        const seen: unknown[] = [];
        for (const name of ['teamAssigned', 'sectionCompleted', 'teamRelieved'] as const) {
          sim.on(name, (e: object) => seen.push({ name, ...e }));
        }
        const result = sim.run();
        expect(result.days).toBe(ref.days);
        expect(seen).toEqual(
          ref.events.filter(
            (e) =>
              e.name === 'teamAssigned' ||
              e.name === 'sectionCompleted' ||
              e.name === 'teamRelieved',
          ),
        );
        const quiet = simulate(wall, { teams: t, strategy });
        for (let d = 1; d <= ref.days + 1; d++) {
          for (let p = 1; p <= profiles.length; p++) {
            expect(quiet.dailyIce(p, d)).toBe(refDailyIce(ref, p, d));
          }
        }
        expect(quiet.totalCost()).toBe(ref.totalCost);
      }),
      { numRuns: 150 },
    );
  });

  it('matches the reference model on sparse walls (sections of one height far apart)', () => {
    // Sections needing the same feet 255 or more places apart, in long
    // profiles: the paths that store no per-section links.
    const sparse = fc.array(
      fc.tuple(fc.integer({ min: 300, max: 2000 }), fc.integer({ min: 0, max: 29 })),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(sparse, fc.integer({ min: 1, max: 4 }), (specs, teams) => {
        const profiles = specs.map(([length, h]) => {
          const row = new Array<number>(length).fill(30);
          for (let i = 0; i < length; i += 257) row[i] = h;
          row[length - 1] = (h + 7) % 30;
          return row;
        });
        const pick = (refPicks[strategy.name] as () => RefPick)();
        const ref = referenceSimulate(profiles, { teams, pick });
        const sim = new Simulation(createWall(profiles), { teams, strategy });
        const seen: unknown[] = [];
        sim.on('sectionCompleted', (e) => seen.push({ name: 'sectionCompleted', ...e }));
        expect(sim.run().days).toBe(ref.days);
        expect(seen).toEqual(ref.events.filter((e) => e.name === 'sectionCompleted'));
      }),
      { numRuns: 25 },
    );
  });

  it('is named and starts fresh on every run', () => {
    expect(typeof strategy.name).toBe('string');
    const wall = createWall([[1, 5, 20], [0, 29], [14]]);
    const a = simulate(wall, { teams: 2, strategy });
    const b = simulate(wall, { teams: 2, strategy });
    expect(b.days).toBe(a.days);
    for (let d = 1; d <= a.days; d++) expect(b.totalCost(d)).toBe(a.totalCost(d));
  });
});

describe('strategies on the SPEC example with 2 teams', () => {
  const wall = createWall([[21, 25, 28], [17], [17, 22, 17, 19, 17]]);
  it.each([
    ['inOrder', inOrder, 48],
    ['longestFirst', longestFirst, 44],
    ['shortestFirst', shortestFirst, 47],
    ['roundRobin', roundRobin, 50],
  ] as const)('%s takes the expected days, same total cost', (_, strategy, days) => {
    const r = simulate(wall, { teams: 2, strategy });
    expect(r.days).toBe(days);
    expect(r.totalCost()).toBe(32_233_500);
  });
});

describe('user strategies', () => {
  const wall = createWall([[21, 25, 28], [17], [17, 22, 17, 19, 17]]);

  it('a ten-line strategy gets day, team and the pending sections', () => {
    const calls: string[] = [];
    const lastFirst: CrewStrategy = {
      name: 'lastFirst',
      create:
        () =>
        ({ day, team, pending }) => {
          calls.push(`${day}:${team}:${pending.size}`);
          let last = pending.first();
          for (const s of pending) last = s;
          return last?.position ?? 0;
        },
    };
    const r = simulate(wall, { teams: 2, strategy: lastFirst });
    expect(r.totalCost()).toBe(32_233_500);
    expect(calls.slice(0, 2)).toEqual(['1:1:9', '1:2:8']);
    const ref = referenceSimulate(wall.toArrays(), {
      teams: 2,
      pick: (p) => p.at(-1) as RefSection,
    });
    expect(r.days).toBe(ref.days);
  });

  it('may return the pending section object itself', () => {
    const first: CrewStrategy = {
      name: 'first',
      create:
        () =>
        ({ pending }) =>
          pending.first() as never,
    };
    expect(simulate(wall, { teams: 2, strategy: first }).days).toBe(48);
  });

  it('pending.get and has describe sections by position', () => {
    const seen: unknown[] = [];
    const probe: CrewStrategy = {
      name: 'probe',
      create:
        () =>
        ({ pending }) => {
          if (seen.length === 0)
            seen.push(pending.get(3), pending.has(3), pending.get(99), pending.has(0));
          return pending.first()?.position ?? 0;
        },
    };
    simulate(wall, { teams: 1, strategy: probe });
    expect(seen).toEqual([
      { position: 3, profile: 1, section: 3, remaining: 2 },
      true,
      undefined,
      false,
    ]);
  });

  it('state kept in create() starts over on every run', () => {
    let runs = 0;
    const counting: CrewStrategy = {
      name: 'counting',
      create: () => {
        runs++;
        return ({ pending }) => pending.first()?.position ?? 0;
      },
    };
    simulate(wall, { teams: 2, strategy: counting });
    simulate(wall, { teams: 2, strategy: counting });
    expect(runs).toBe(2);
  });
});

describe('bad strategies fail loudly with a StrategyError', () => {
  const wall = createWall([[30, 25, 28], [17]]);
  const fails = (strategy: CrewStrategy) => {
    const error = thrown(() => simulate(wall, { teams: 2, strategy }));
    expect(error).toBeInstanceOf(StrategyError);
    expect(isIcewallError(error)).toBe(true);
    return error as StrategyError;
  };

  it('picking a finished section', () => {
    const e = fails({ name: 'finished', create: () => () => 1 });
    expect(e.message).toBe(
      'strategy "finished" on day 1, team 1 picked position 1 (profile 1 section 1), which is already finished',
    );
    expect([e.strategy, e.day, e.team, e.code]).toEqual(['finished', 1, 1, 'ERR_STRATEGY']);
  });

  it('picking a section another team has taken', () => {
    const e = fails({ name: 'same', create: () => () => 2 });
    expect(e.message).toBe(
      'strategy "same" on day 1, team 2 picked position 2 (profile 1 section 2), which a team has already taken',
    );
  });

  it('picking outside the wall', () => {
    expect(fails({ name: 'far', create: () => () => 99 }).message).toBe(
      'strategy "far" on day 1, team 1 picked position 99, outside the wall (positions 1 to 4)',
    );
    expect(fails({ name: 'zero', create: () => () => 0 }).message).toContain(
      'picked position 0, outside the wall',
    );
  });

  it('returning nothing while sections are pending', () => {
    const e = fails({ name: 'nothing', create: () => () => undefined as never });
    expect(e.message).toBe(
      'strategy "nothing" on day 1, team 1 returned `undefined` (undefined) while 3 sections are pending; expected the position of a pending section',
    );
  });

  it('throwing: the cause is kept', () => {
    const boom = new Error('boom');
    const e = fails({
      name: 'thrower',
      create:
        () =>
        ({ day, pending }) => {
          if (day === 1 && pending.size === 3) return 2;
          throw boom;
        },
    });
    expect(e.message).toBe('strategy "thrower" on day 1, team 2 threw: boom');
    expect(e.cause).toBe(boom);
  });

  it('throwing a plain object with a message: the message is shown, not [object Object]', () => {
    const thrownObject = { message: 'objmsg' };
    const e = fails({
      name: 'plain',
      create: () => () => {
        throw thrownObject;
      },
    });
    expect(e.message).toBe('strategy "plain" on day 1, team 1 threw: objmsg');
    expect(e.cause).toBe(thrownObject);
  });

  it('a failing run emits no finished event and returns nothing', () => {
    const sim = new Simulation(wall, { teams: 2, strategy: { name: 'x', create: () => () => 1 } });
    let finished = 0;
    sim.on('finished', () => finished++);
    expect(() => sim.run()).toThrow(StrategyError);
    expect(finished).toBe(0);
  });
});

describe('only the built-in objects themselves are trusted (issue 9, item 3)', () => {
  const wall = createWall([[30, 25, 28], [17]]);

  it('a strategy spread from a built-in runs with every check', () => {
    const far = { ...inOrder, name: 'far', create: () => () => 99 };
    expect(() => simulate(wall, { teams: 2, strategy: far })).toThrow(
      'strategy "far" on day 1, team 1 picked position 99, outside the wall (positions 1 to 4)',
    );
    const same = { ...roundRobin, name: 'same', create: () => () => 2 };
    expect(() => simulate(wall, { teams: 2, strategy: same })).toThrow(StrategyError);
  });

  it('a spread strategy sees the pending sections', () => {
    let size: number | undefined;
    const looking: CrewStrategy = {
      ...longestFirst,
      name: 'looking',
      create:
        () =>
        ({ pending }) => {
          size ??= pending.size;
          return pending.first() as never;
        },
    };
    expect(simulate(wall, { teams: 2, strategy: looking }).days).toBe(
      simulate(wall, { teams: 2 }).days,
    );
    expect(size).toBe(3);
  });

  it('the built-ins are frozen and their brand is not enumerable', () => {
    for (const s of [inOrder, longestFirst, shortestFirst, roundRobin]) {
      expect(Object.isFrozen(s)).toBe(true);
      expect(Object.getOwnPropertySymbols({ ...s })).toEqual([]);
      expect(Object.keys(s)).toEqual(['name', 'create']);
    }
  });

  it('an object derived from a built-in is not trusted either', () => {
    const derived = Object.create(inOrder, {
      name: { value: 'derived' },
      create: { value: () => () => 99 },
    }) as CrewStrategy;
    expect(() => simulate(wall, { teams: 2, strategy: derived })).toThrow(StrategyError);
  });
});

describe('a strategy whose create() fails (issue 9, item 16)', () => {
  const wall = createWall([[30, 25, 28], [17]]);

  it('a throw in create() is a StrategyError with the cause', () => {
    const boom = new Error('no wall for me');
    const strategy = {
      name: 'picky',
      create: () => {
        throw boom;
      },
    };
    const caught = thrown(() => simulate(wall, { teams: 2, strategy }));
    expect(caught).toBeInstanceOf(StrategyError);
    expect((caught as StrategyError).message).toBe(
      'strategy "picky" threw in create(): no wall for me',
    );
    expect((caught as StrategyError).cause).toBe(boom);
  });

  it('create() that returns no function is a StrategyError', () => {
    const strategy = { name: 'lazy', create: () => 42 as never };
    expect(() => simulate(wall, { teams: 2, strategy })).toThrow(
      'strategy "lazy": create() returned `42` (number); expected a function that picks a section',
    );
  });
});

describe('an async strategy fails with a message that says so, and leaves no rejection behind', () => {
  // A rejection nobody handled ended the process after the StrategyError
  // had been caught (and, on a worker, failed the engine's next task).
  const wall = createWall([[21, 25, 28], [17]]);
  it.each([
    [
      'an async pick that rejects',
      { name: 'asyncPick', create: () => async () => Promise.reject(new Error('async boom')) },
      'strategy "asyncPick" on day 1, team 1 returned a Promise (an async pick?); a pick must return a position synchronously',
    ],
    [
      'an async create that rejects',
      { name: 'asyncCreate', create: async () => Promise.reject(new Error('boom')) },
      'strategy "asyncCreate": create() returned a Promise (an async create?); it must return the picking function synchronously',
    ],
  ])('%s', async (_what, strategy, message) => {
    // (In Node and in the browser run of these tests alike.)
    const unhandled: unknown[] = [];
    const node = (globalThis as { process?: NodeJS.Process }).process;
    const browser = globalThis as unknown as {
      addEventListener(type: string, listener: (e: { reason: unknown }) => void): void;
      removeEventListener(type: string, listener: (e: { reason: unknown }) => void): void;
    };
    const onNode = (reason: unknown) => unhandled.push(reason);
    const onBrowser = (e: { reason: unknown }) => unhandled.push(e.reason);
    if (node?.on) node.on('unhandledRejection', onNode);
    else browser.addEventListener('unhandledrejection', onBrowser);
    try {
      expect(() => simulate(wall, { teams: 2, strategy: strategy as never })).toThrow(message);
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      if (node?.on) node.off('unhandledRejection', onNode);
      else browser.removeEventListener('unhandledrejection', onBrowser);
    }
    expect(unhandled).toEqual([]);
  });
});

describe("a strategy that writes into the wall's arrays changes only its own copies", () => {
  // The types say read-only; JavaScript cannot stop a write. It changed every
  // later run on the wall (and, on a worker, the shared copy other runs read).
  const config = [[21, 25, 28], [17], [17, 22, 17, 19, 17]];
  it('in create() and in a pick: its run and later runs answer as for the untouched wall', () => {
    const wall = createWall(config);
    const vandal: CrewStrategy = {
      name: 'vandal',
      create: (w) => {
        (w.heights as Uint8Array).fill(29);
        (w.profileStarts as Uint32Array)[1] = 0;
        return ({ wall: seen, pending }) => {
          (seen.heights as Uint8Array)[8] = 0;
          return pending.first()?.position as number;
        };
      },
    };
    const inOrderRun = simulate(createWall(config), { teams: 2 });
    const run = simulate(wall, { teams: 2, strategy: vandal });
    expect([run.days, run.totalCost()]).toEqual([inOrderRun.days, inOrderRun.totalCost()]);
    expect(Array.from(wall.heights)).toEqual(config.flat());
    expect(simulate(wall).totalCost()).toBe(32_233_500);
    // What it reads is the wall's, in its own copy.
    let seen: number[] = [];
    simulate(wall, {
      teams: 2,
      strategy: {
        name: 'reader',
        create: (w) => {
          seen = Array.from(w.heights);
          return ({ pending }) => pending.first()?.position as number;
        },
      },
    });
    expect(seen).toEqual(config.flat());
  });
});
