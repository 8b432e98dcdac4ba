// The engine under failure: a crashed or failing worker, a throwing
// strategy, an abort, close() twice. After each, the engine still works.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TaskNotStarted } from '../../src/engine/errors.js';
import { createEngine } from '../../src/engine/index.js';
import { retryUnstarted, WorkerPool } from '../../src/engine/pool.js';
import type { Task } from '../../src/engine/protocol.js';
import {
  createWall,
  isIcewallError,
  parseWall,
  Simulation,
  StrategyError,
  simulate,
} from '../../src/index.js';
import { thrown } from '../thrown.js';

const engine = createEngine({ threads: 2 });
afterAll(() => engine.close());

const CONFIG = '21 25 28\n17\n17 22 17 19 17\n';
const STRATEGIES = new URL('./fixtures/strategies.mjs', import.meta.url);

async function stillWorks(): Promise<void> {
  const [r] = await engine.compare(parseWall(CONFIG), [{ teams: 2 }]);
  expect(r?.days).toBe(48);
}

/** A task only the test worker knows: it throws, crashes its thread or hangs. */
const fail = (how: 'throw' | 'crash' | 'hang') => ({ kind: 'fail', how }) as unknown as Task;

describe('worker failures', () => {
  const pool = new WorkerPool(1, 1000, new URL('./fixtures/failing-worker.mjs', import.meta.url));
  afterAll(() => pool.close());

  it('the shipped worker has no test task: it refuses an unknown kind', async () => {
    const shipped = new WorkerPool(1, 1000);
    try {
      await expect(shipped.run(fail('throw'))).rejects.toThrow(
        'a worker thread failed: icewall engine: unknown task kind "fail" (engine and worker out of step)',
      );
    } finally {
      await shipped.close();
    }
  });

  it('an error thrown in a worker: IcewallError ERR_WORKER with the original as cause', async () => {
    const error = await pool.run(fail('throw')).catch((e: unknown) => e);
    expect(isIcewallError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('ERR_WORKER');
    expect((error as Error).message).toBe(
      'a worker thread failed: worker failure requested by a test',
    );
    expect(((error as Error).cause as Error).message).toBe('worker failure requested by a test');
  });

  it('a worker that crashes: ERR_WORKER, and the pool runs the next task', async () => {
    const error = await pool.run(fail('crash')).catch((e: unknown) => e);
    expect((error as { code: string }).code).toBe('ERR_WORKER');
    expect((error as Error).message).toBe(
      'a worker thread failed: worker crash requested by a test',
    );
    expect((error as Error).cause).toBeInstanceOf(Error);
    await expect(pool.run(fail('throw'))).rejects.toThrow('requested by a test');
  });

  it('a strategy module that calls process.exit, through the public API', async () => {
    const error = await engine
      .compare(parseWall(CONFIG), [{ teams: 2, strategy: { module: STRATEGIES, export: 'exits' } }])
      .catch((e: unknown) => e);
    // The core reports a strategy whose create() throws as a StrategyError.
    expect(error).toBeInstanceOf(StrategyError);
    expect(((error as Error).cause as Error).message).toBe(
      'process.exit(7) was called in a worker thread',
    );
    await stillWorks();
  });

  it('a strategy module that calls process.exit at its top level: ERR_STRATEGY naming it, close() resolves (issue 19 #6)', async () => {
    const module = new URL('./fixtures/exits-on-import.mjs', import.meta.url);
    const own = createEngine({ threads: 1 });
    try {
      const error = await own
        .compare(parseWall(CONFIG), [{ teams: 2, strategy: { module, export: 'never' } }])
        .catch((e: unknown) => e as Error & { code?: string });
      expect(error).toMatchObject({ code: 'ERR_STRATEGY' });
      expect((error as Error).message).toBe(
        `the strategy module ${module.href} could not be imported: process.exit(3) was called in a worker thread`,
      );
      // The thread is still there for the next call.
      expect((await own.compare(parseWall(CONFIG), [{ teams: 2 }]))[0]?.days).toBe(48);
    } finally {
      await own.close();
    }
  });

  it('a hung task is aborted promptly, the worker terminated', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const run = pool.run(fail('hang'), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await run.catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(pool.run(fail('throw'))).rejects.toThrow('requested by a test');
  });
});

describe('a strategy on a worker cannot harm the other runs', () => {
  it("one that writes into the wall's heights: the other entries and later calls stay right", async () => {
    // It wrote into the engine's shared copy of the wall: the other entries
    // of the compare, and every later call with that wall, were wrong.
    const two = createEngine({ threads: 2 });
    try {
      const wall = parseWall(CONFIG);
      const vandal = { module: STRATEGIES, export: 'vandal' };
      const first = await two.compare(wall, [{ teams: 2, strategy: vandal }, { teams: 2 }, {}]);
      expect(first.map((r) => [r.days, r.totalCost()])).toEqual([
        [48, 32_233_500],
        [48, 32_233_500],
        [13, 32_233_500],
      ]);
      const later = await two.compare(wall, [{ teams: 2 }, {}]);
      expect(later.map((r) => [r.days, r.totalCost()])).toEqual([
        [48, 32_233_500],
        [13, 32_233_500],
      ]);
    } finally {
      await two.close();
    }
  });

  it('an async pick that rejects fails its own call, never the next one', async () => {
    const wall = parseWall(CONFIG);
    const failed = await engine
      .compare(wall, [{ teams: 2, strategy: { module: STRATEGIES, export: 'asyncThrows' } }])
      .catch((e: unknown) => e);
    expect(failed).toMatchObject({
      code: 'ERR_STRATEGY',
      message: expect.stringContaining('returned a Promise'),
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const next = await engine.compare(wall, [{ teams: 2 }]);
    expect(next[0]?.days).toBe(48);
  });
});

describe('strategy errors inside a worker', () => {
  it('StrategyError whose cause keeps the strategy error name and message', async () => {
    const { throwsOnDay2 } = await import('./fixtures/strategies.mjs');
    const wall = createWall([[29, 29, 29, 29]]);
    const expected = thrown(() =>
      simulate(wall, { teams: 2, strategy: throwsOnDay2 }),
    ) as StrategyError;
    const error = await engine
      .compare(wall, [{ teams: 2, strategy: { module: STRATEGIES, export: 'throwsOnDay2' } }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrategyError);
    expect((error as StrategyError).message).toBe(expected?.message);
    expect((error as StrategyError).day).toBe(2);
    expect((error as StrategyError).team).toBe(1);
    const cause = (error as Error).cause as Error;
    expect(cause.name).toBe('MyStrategyError');
    expect(cause.message).toBe('no pick on day 2');
  });

  it('runParallel: the events before the failure, then the StrategyError', async () => {
    const { throwsOnDay2 } = await import('./fixtures/strategies.mjs');
    const wall = createWall([[29, 29, 29, 29]]);
    const here = new Simulation(wall, { teams: 2, strategy: throwsOnDay2 });
    const there = new Simulation(wall, { teams: 2, strategy: throwsOnDay2 });
    const want: unknown[] = [];
    const got: unknown[] = [];
    here.on('teamAssigned', (e) => want.push(e));
    there.on('teamAssigned', (e) => got.push(e));
    expect(() => here.run()).toThrow(StrategyError);
    await expect(
      engine.run(there, { strategy: { module: STRATEGIES, export: 'throwsOnDay2' } }),
    ).rejects.toBeInstanceOf(StrategyError);
    expect(got).toEqual(want);
  });

  it('a thrown value that cannot be shown as text is the strategy error, on a worker as here', async () => {
    const { throwsUnprintable } = await import('./fixtures/strategies.mjs');
    const wall = parseWall(CONFIG);
    const message =
      'strategy "throwsUnprintable" on day 1, team 1 threw: a thrown object that cannot be shown as text';
    expect(() => simulate(wall, { teams: 2, strategy: throwsUnprintable })).toThrow(message);
    const there = engine.compare(wall, [
      { teams: 2, strategy: { module: STRATEGIES, export: 'throwsUnprintable' } },
    ]);
    await expect(there).rejects.toBeInstanceOf(StrategyError);
    await expect(there).rejects.toThrow(message);
  });

  it('an export whose name getter throws is no strategy (ERR_INVALID_OPTION), not an internal failure', async () => {
    const there = engine.compare(parseWall(CONFIG), [
      { teams: 2, strategy: { module: STRATEGIES, export: 'nameGetterThrows' } },
    ]);
    await expect(there).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
    await expect(there).rejects.toThrow('could not be read: name getter');
  });

  it('a module without that export', async () => {
    await expect(
      engine.compare(parseWall(CONFIG), [
        { teams: 2, strategy: { module: STRATEGIES, export: 'notAStrategy' } },
      ]),
    ).rejects.toThrow('has no crew strategy ({ name, create(wall) }) as its export "notAStrategy"');
  });
});

describe('abort', () => {
  it('runParallel: rejects promptly with an AbortError and stops the worker', async () => {
    const wall = createWall(
      Array.from({ length: 200 }, () => Array.from({ length: 500 }, () => 0)),
    );
    const sim = new Simulation(wall, { teams: 10 });
    const controller = new AbortController();
    let events = 0;
    sim.on('sectionCompleted', () => {
      events++;
      if (events === 10) controller.abort();
    });
    const started = Date.now();
    const error = await engine
      .run(sim, { signal: controller.signal, batchSize: 64 })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(events).toBeLessThan(100_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    await stillWorks();
  });

  it('simulateParallel: an abort while threads count rejects promptly', async () => {
    const text = new TextEncoder().encode('1 2 3 4 5 6 7 8 9 10\n'.repeat(400_000));
    const controller = new AbortController();
    const run = engine.simulate(text, {
      parallelism: 2,
      signal: controller.signal,
      onBytesRead: () => controller.abort(),
    });
    await expect(run).rejects.toHaveProperty('name', 'AbortError');
    await stillWorks();
  });

  it('close() while a task runs rejects it with ERR_WORKER', async () => {
    const mine = createEngine({ threads: 1 });
    const wall = createWall(
      Array.from({ length: 100 }, () => Array.from({ length: 2000 }, () => 0)),
    );
    const run = mine
      .compare(wall, [{ teams: 3, strategy: { module: STRATEGIES } }])
      .catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await mine.close();
    const error = await run;
    expect((error as { code?: string }).code).toBe('ERR_WORKER');
  });

  it('a call left waiting when another call on the engine is aborted still runs (its thread is started)', async () => {
    const mine = createEngine({ threads: 2 });
    try {
      const wall = createWall(
        Array.from({ length: 400 }, (_, p) => Array.from({ length: 500 }, (_, k) => (p + k) % 30)),
      );
      // Both threads started and idle.
      await mine.compare(wall, [{ teams: 400 }, { teams: 401 }]);
      const controller = new AbortController();
      // Two long runs (4×10^6 sections: far longer than the 5 ms before the
      // abort) take both threads; the third call waits in the queue.
      const big = createWall(
        Array.from({ length: 2000 }, (_, p) =>
          Array.from({ length: 2000 }, (_, k) => (p + k) % 30),
        ),
      );
      const aborted = mine
        .compare(big, [{ teams: 3 }, { teams: 4 }], { signal: controller.signal })
        .catch((e: unknown) => e);
      const waiting = mine.compare(wall, [{ teams: 6 }]);
      setTimeout(() => controller.abort(), 5);
      expect(((await aborted) as Error).name).toBe('AbortError');
      // Before the fix, tinypool started no thread for it: it waited for the next call.
      const outcome = await Promise.race([
        waiting.then((r) => r[0]?.days),
        new Promise((resolve) => setTimeout(() => resolve('still waiting after 20 s'), 20_000)),
      ]);
      expect(outcome).toBe(simulate(wall, { teams: 6 }).days);
    } finally {
      await mine.close();
    }
  });

  it('one signal for a compare of many entries: no MaxListenersExceededWarning, and it still aborts them', async () => {
    // (planTeams and counting with more than ten threads: test:large.)
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const wall = parseWall(CONFIG);
      const entries = Array.from({ length: 14 }, (_, k) => ({ teams: k + 1 }));
      const signal = new AbortController().signal;
      const results = await engine.compare(wall, entries, { signal });
      expect(results.map((r) => r.days)).toEqual(entries.map((e) => simulate(wall, e).days));
      // Aborting that one signal still stops every task of the call.
      const controller = new AbortController();
      const big = createWall(
        Array.from({ length: 200 }, () => Array.from({ length: 500 }, () => 0)),
      );
      const run = engine.compare(
        big,
        Array.from({ length: 14 }, () => ({ teams: 2 })),
        { signal: controller.signal },
      );
      setTimeout(() => controller.abort(), 5);
      await expect(run).rejects.toHaveProperty('name', 'AbortError');
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('a task that never started (its thread was stopped by another abort) is tried again, at most four times', async () => {
    const notStarted = new TaskNotStarted(new Error('Terminating worker thread'));
    expect(isIcewallError(notStarted) && notStarted.code).toBe('ERR_WORKER');
    /** How many attempts ran, and the outcome, when attempt n throws `fail(n)` (or succeeds if that is false). */
    const attempts = async (fail: (n: number) => unknown) => {
      let calls = 0;
      const outcome = await retryUnstarted(async () => {
        calls++;
        const error = fail(calls);
        if (error) throw error;
        return 'ran';
      }).catch((e: unknown) => e);
      return { calls, outcome };
    };
    expect(await attempts((n) => n < 3 && notStarted)).toEqual({ calls: 3, outcome: 'ran' });
    // Four in a row: the threads cannot start, a worker failure with the last one's error.
    const { calls, outcome } = await attempts(() => notStarted);
    expect(calls).toBe(4);
    expect(outcome).toMatchObject({ code: 'ERR_WORKER' });
    expect((outcome as Error).message).toBe('a worker thread failed: Terminating worker thread');
    // Any other failure is not tried again.
    const other = new Error('worker failed');
    expect(await attempts(() => other)).toEqual({ calls: 1, outcome: other });
  });

  it('runParallel refuses something that is not a Simulation', async () => {
    await expect(engine.run({} as never)).rejects.toThrow(
      'Expected `simulation` to be a Simulation (new Simulation(wall, options)), got `{}` (object)',
    );
  });

  it('an already aborted signal rejects at once', async () => {
    const signal = AbortSignal.abort();
    await expect(
      engine.simulate(new TextEncoder().encode(CONFIG), { signal, parallelism: 2 }),
    ).rejects.toHaveProperty('name', 'AbortError');
    await expect(
      engine.compare(parseWall(CONFIG), [{ teams: 1 }], { signal }),
    ).rejects.toHaveProperty('name', 'AbortError');
  });
});

describe('close', () => {
  it('can be called twice; later calls reject', async () => {
    const mine = createEngine({ threads: 1 });
    await mine.compare(parseWall(CONFIG), [{ teams: 2 }]);
    await mine.close();
    await mine.close();
    await expect(mine.compare(parseWall(CONFIG), [{ teams: 2 }])).rejects.toThrow(
      'the engine is closed',
    );
  });

  it('every call on a closed engine rejects, also one that would need no thread', async () => {
    const mine = createEngine({ threads: 2 });
    await mine.close();
    const bytes = new TextEncoder().encode(CONFIG);
    const wall = parseWall(CONFIG);
    const sim = new Simulation(wall, { teams: 2 });
    for (const call of [
      () => mine.simulate(bytes, { parallelism: 1 }),
      () => mine.simulate(bytes),
      () => mine.simulate(wall),
      () => mine.simulate(wall, { teams: 2 }),
      () => mine.run(sim),
      () => mine.compare(wall, [{ teams: 2 }]),
      () => mine.planTeams(wall, { deadline: 1000 }),
    ]) {
      const error = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(isIcewallError(error) && [error.code, error.message]).toEqual([
        'ERR_WORKER',
        'the engine is closed',
      ]);
    }
  });

  it('await using closes it', async () => {
    let closed: ReturnType<typeof createEngine> | undefined;
    {
      const mine = createEngine({ threads: 1 });
      closed = mine;
      await mine[Symbol.asyncDispose]();
    }
    await expect(closed.planTeams(parseWall(CONFIG), { deadline: 30 })).rejects.toThrow('closed');
  });

  it('checks its options', () => {
    expect(() => createEngine({ threads: 0 })).toThrow(
      'Expected `threads` to be an integer in [1, 256], got `0` (number)',
    );
  });
});

describe('process exit', () => {
  it('a script that only uses the module-level functions exits by itself', () => {
    const script = fileURLToPath(new URL('./fixtures/exits-by-itself.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('13 48');
    expect(run.status).toBe(0);
  });

  it('close() settles after an abort during a module import and another task (adversarial F2)', () => {
    const script = fileURLToPath(
      new URL('./fixtures/close-after-import-abort.mjs', import.meta.url),
    );
    const run = spawnSync(process.execPath, [script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('TimeoutError 48 closed');
    expect(run.status).toBe(0);
  });
});

describe('worker flags', () => {
  it('inherit the process flags unless a script was given with -e or --input-type', async () => {
    const { workerExecArgv } = await import('../../src/engine/pool.js');
    expect(workerExecArgv(['--import', 'tsx', '--max-old-space-size=8000'])).toBeUndefined();
    expect(
      workerExecArgv([
        '--input-type=module',
        '--import',
        'tsx',
        '--max-old-space-size=8000',
        '--conditions=dev',
        '--enable-source-maps',
        '-e',
        'code()',
      ]),
    ).toEqual(['--import', 'tsx', '--conditions=dev', '--enable-source-maps']);
    expect(workerExecArgv(['--input-type', 'module', '--eval=x', '-p', 'y'])).toEqual([]);
  });
});
