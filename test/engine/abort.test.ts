// Every async function that takes `{ signal }` rejects with exactly
// `signal.reason` (for `controller.abort()`, a DOMException named
// AbortError), whether the signal was aborted before the call or during
// it; and the one listener it adds is removed when the call settles.
import { getEventListeners } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, runParallel, simulateParallel } from '../../src/engine/index.js';
import { createWall, parseWall, Simulation, simulateStream } from '../../src/index.js';

const engine = createEngine({ threads: 2 });
const CONFIG = '21 25 28\n17\n17 22 17 19 17\n';
const HANGS = {
  module: new URL('./fixtures/hangs.mjs', import.meta.url),
  export: 'announcesThenHangs',
};
/** Big enough that counting it takes several chunks and reports progress on the way. */
const BIG = new TextEncoder().encode('1 2 3 4 5 6 7 8 9 10\n'.repeat(300_000));
let dir = '';
let bigPath = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'icewall-abort-'));
  bigPath = join(dir, 'big.txt');
  await writeFile(bigPath, BIG);
});
afterAll(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

/** Resolves when a run of `announcesThenHangs` has started on a worker. */
function hangStarted(): Promise<void> {
  const channel = new BroadcastChannel('icewall-test-hangs');
  return new Promise((resolve) => {
    channel.onmessage = () => {
      channel.close();
      resolve();
    };
  });
}

/** A source that gives one chunk, then waits for ever. */
async function* oneChunkThenWait(): AsyncGenerator<string> {
  yield '1 2 3\n';
  await new Promise(() => {});
}

const REASONS: [string, unknown][] = [
  ['no reason (an AbortError)', undefined],
  ['an Error', new Error('stopped by the caller')],
  ['a string', 'stop'],
];

type Call = (signal: AbortSignal, abort: () => void) => Promise<unknown>;

/** Each API, called so that it is still running when `abort` is called from inside the run. */
const DURING: [string, Call][] = [
  [
    'simulateStream (while a chunk is awaited)',
    (signal, abort) =>
      simulateStream(oneChunkThenWait(), { signal, onBytesRead: () => setImmediate(abort) }),
  ],
  [
    'simulateStream with teams',
    (signal, abort) =>
      simulateStream(oneChunkThenWait(), {
        teams: 2,
        signal,
        onBytesRead: () => setImmediate(abort),
      }),
  ],
  [
    'simulateParallel (bytes, counted on two threads)',
    (signal, abort) => simulateParallel(BIG, { parallelism: 2, signal, onBytesRead: abort }),
  ],
  [
    'engine.simulate (a file, counted on two threads)',
    (signal, abort) =>
      engine.simulate({ path: bigPath }, { parallelism: 2, signal, onBytesRead: abort }),
  ],
  [
    'engine.simulate (bytes, on the calling thread)',
    (signal, abort) => engine.simulate(BIG, { parallelism: 1, signal, onBytesRead: abort }),
  ],
  [
    'engine.simulate (a file, with teams: streamed)',
    (signal, abort) => engine.simulate({ path: bigPath }, { teams: 3, signal, onBytesRead: abort }),
  ],
  [
    'engine.compare',
    (signal, abort) => {
      hangStarted().then(abort);
      return engine.compare(parseWall(CONFIG), [{ teams: 2, strategy: HANGS }], { signal });
    },
  ],
  [
    'engine.planTeams',
    (signal, abort) => {
      hangStarted().then(abort);
      return engine.planTeams(parseWall(CONFIG), { deadline: 30, strategy: HANGS, signal });
    },
  ],
  [
    'engine.run',
    (signal, abort) => {
      const sim = new Simulation(bigWall(), { teams: 7 });
      sim.on('sectionCompleted', abort);
      return engine.run(sim, { signal, batchSize: 16 });
    },
  ],
  [
    'runParallel',
    (signal, abort) => {
      const sim = new Simulation(bigWall(), { teams: 7 });
      sim.on('teamAssigned', abort);
      return runParallel(sim, { signal, batchSize: 16 });
    },
  ],
];

/** Each API, called with a signal that is already aborted. */
const BEFORE: [string, (signal: AbortSignal) => Promise<unknown>][] = [
  ['simulateStream', (signal) => simulateStream([CONFIG], { signal })],
  ['simulateParallel', (signal) => simulateParallel(parseWall(CONFIG), { signal })],
  ['engine.simulate (a file)', (signal) => engine.simulate({ path: bigPath }, { signal })],
  ['engine.simulate (teams)', (signal) => engine.simulate(parseWall(CONFIG), { teams: 2, signal })],
  ['engine.compare', (signal) => engine.compare(parseWall(CONFIG), [{ teams: 2 }], { signal })],
  ['engine.compare (no entries)', (signal) => engine.compare(parseWall(CONFIG), [], { signal })],
  ['engine.planTeams', (signal) => engine.planTeams(parseWall(CONFIG), { deadline: 30, signal })],
  [
    'engine.run',
    (signal) => engine.run(new Simulation(parseWall(CONFIG), { teams: 2 }), { signal }),
  ],
  ['runParallel', (signal) => runParallel(new Simulation(parseWall(CONFIG)), { signal })],
];

const RESOLVED = Symbol('resolved');

function bigWall() {
  return createWall(Array.from({ length: 50 }, () => Array.from({ length: 40 }, () => 1)));
}

/** The reason the signal holds after `abort(reason)`. */
function expectedReason(controller: AbortController, reason: unknown): unknown {
  if (reason === undefined) {
    expect(controller.signal.reason).toBeInstanceOf(DOMException);
    expect(controller.signal.reason).toHaveProperty('name', 'AbortError');
  }
  return controller.signal.reason;
}

describe.each(REASONS)('aborted with %s', (_, reason) => {
  it.each(BEFORE)(
    '%s: aborted before the call, rejects with the reason itself',
    async (_, call) => {
      const controller = new AbortController();
      controller.abort(reason);
      await expect(call(controller.signal)).rejects.toBe(expectedReason(controller, reason));
    },
  );
});

// Each abort of a worker's task restarts a thread: a string reason shows
// nothing that the Error does not, so it is checked before the call only.
describe.each(REASONS.slice(0, 2))('aborted with %s', (_, reason) => {
  it.each(DURING)('%s: aborted during the run, rejects with the reason itself', async (_, call) => {
    const controller = new AbortController();
    const run = call(controller.signal, () => controller.abort(reason));
    // The reason exists only once aborted: take the outcome first.
    const outcome = await run.then(
      () => RESOLVED,
      (error: unknown) => error,
    );
    expect(outcome).toBe(expectedReason(controller, reason));
  });
});

describe('the listener', () => {
  it('is removed when the call settles, however many calls use the signal', async () => {
    const { signal } = new AbortController();
    const wall = parseWall(CONFIG);
    const round = async () => {
      await engine.compare(wall, [{ teams: 2 }], { signal });
      await engine.planTeams(wall, { deadline: 30, signal });
      await engine.simulate(BIG, { parallelism: 1, signal });
      await simulateStream([CONFIG], { signal });
      await engine.run(new Simulation(wall, { teams: 2 }), { signal });
    };
    // The first round may leave the pool's one follower listener (a task
    // given the caller's signal itself, as engine.run's is).
    await round();
    const before = getEventListeners(signal, 'abort').length;
    expect(before).toBeLessThanOrEqual(1);
    for (let k = 0; k < 3; k++) await round();
    // A call that fails removes it too.
    await expect(
      engine.compare(wall, [{ teams: 1, strategy: { module: 'node:path', export: 'sep' } }], {
        signal,
      }),
    ).rejects.toThrow();
    await expect(simulateStream(['31'], { signal })).rejects.toThrow('out of range');
    expect(getEventListeners(signal, 'abort').length).toBe(before);
  });

  it('many calls at once under one signal: no MaxListenersExceededWarning, all reject with the reason', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const wall = parseWall(CONFIG);
      const calls = Array.from({ length: 15 }, (_, k) =>
        k % 3 === 0
          ? engine.compare(wall, [{ teams: 1 + k }], { signal: controller.signal })
          : k % 3 === 1
            ? engine.planTeams(wall, { deadline: 30 + k, signal: controller.signal })
            : simulateStream(oneChunkThenWait(), { signal: controller.signal }),
      );
      const reason = new Error('all of them');
      controller.abort(reason);
      for (const call of calls) await expect(call).rejects.toBe(reason);
      // Warnings are emitted on the next turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('runParallel emits nothing after the abort', async () => {
    const controller = new AbortController();
    const sim = new Simulation(bigWall(), { teams: 7 });
    let after = 0;
    sim.on('sectionCompleted', () => {
      if (controller.signal.aborted) after++;
      else controller.abort();
    });
    const outcome = await engine
      .run(sim, { signal: controller.signal, batchSize: 16 })
      .catch((error: unknown) => error);
    expect(outcome).toBe(controller.signal.reason);
    // The rest of that batch's listeners ran before the abort could stop it.
    const settled = after;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(after).toBe(settled);
  });

  it('a signal that is not an AbortSignal is refused', async () => {
    const bad = { signal: 'stop' } as unknown as { signal: AbortSignal };
    const message = 'Expected `signal` to be an AbortSignal, got `"stop"` (string)';
    await expect(engine.compare(parseWall(CONFIG), [], bad)).rejects.toThrow(message);
    await expect(engine.simulate(parseWall(CONFIG), bad)).rejects.toThrow(message);
    await expect(simulateStream([CONFIG], bad)).rejects.toThrow(message);
  });
});
