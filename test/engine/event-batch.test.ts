// The engine's event batches are generated from the core's one event table:
// every event survives the trip through a batch with the same fields in the
// same order, and a code that is not in the table fails the run with an
// internal error instead of being decoded as some event.
import type { MessagePort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  type EventCodec,
  emitBatch,
  eventCodec,
  listenedEvents,
  recordingHooks,
} from '../../src/engine/event-batch.js';
import type { WorkerPool } from '../../src/engine/pool.js';
import { EVENT_WIDTH, type RunTask } from '../../src/engine/protocol.js';
import { runOnPool } from '../../src/engine/run-parallel.js';
import {
  createWall,
  isIcewallError,
  SIMULATION_EVENT_NAMES,
  SIMULATION_EVENTS,
  Simulation,
  type SimulationEventName,
} from '../../src/index.js';

/** A payload for `name` whose fields are k + 1, k + 2, … in the table's order. */
function samplePayload(name: SimulationEventName, k: number): Record<string, number> {
  const payload: Record<string, number> = {};
  SIMULATION_EVENTS[name].fields.forEach((field, i) => {
    payload[field] = 10 * k + i + 1;
  });
  return payload;
}

/** Records every event of the table into one batch, as a worker does. */
function encodeAll(codec: EventCodec): {
  batch: Float64Array;
  sent: [string, Record<string, number>][];
} {
  const numbers: number[] = [];
  const hooks = recordingHooks(
    (1 << SIMULATION_EVENT_NAMES.length) - 1,
    (...slot) => numbers.push(...slot),
    codec,
  );
  const sent: [string, Record<string, number>][] = [];
  SIMULATION_EVENT_NAMES.forEach((name, k) => {
    const payload = samplePayload(name, k);
    (hooks[name] as (e: object) => void)(payload);
    sent.push([name, payload]);
  });
  return { batch: Float64Array.from(numbers), sent };
}

// Generated code, and the loops used where a runtime refuses to generate code.
describe.each([
  ['generated', eventCodec(true)],
  ['loops', eventCodec(false)],
])('event batches (%s)', (_, codec) => {
  it('every event of the table makes the round trip, fields in the same order', () => {
    const { batch, sent } = encodeAll(codec);
    expect(batch.length).toBe(SIMULATION_EVENT_NAMES.length * EVENT_WIDTH);
    const got: [string, object][] = [];
    emitBatch(batch, (name, event) => got.push([name, event]), codec);
    expect(got).toEqual(sent);
    // Key order too: JSON lines written from either side must be the same bytes.
    expect(JSON.stringify(got)).toBe(JSON.stringify(sent));
  });

  it('records only the events whose bit is set', () => {
    const listened = listenedEvents((name) => (name === 'progress' || name === 'finished' ? 1 : 0));
    const hooks = recordingHooks(listened, () => {}, codec);
    expect(Object.keys(hooks).sort()).toEqual(['finished', 'progress']);
  });

  it.each([
    ['an unknown code', 9],
    ['a negative code', -1],
    ['a fractional code', 0.5],
    ['NaN', Number.NaN],
  ])('%s is an internal error, not decoded as an event', (_, code) => {
    const { batch } = encodeAll(codec);
    const bad = new Float64Array(batch.length + EVENT_WIDTH);
    bad.set(batch);
    bad.set([code, 1, 2, 3, 4], batch.length);
    const got: string[] = [];
    let error: unknown;
    try {
      emitBatch(bad, (name) => got.push(name), codec);
    } catch (e) {
      error = e;
    }
    // The events before it were emitted; nothing after.
    expect(got).toEqual(SIMULATION_EVENT_NAMES);
    expect(isIcewallError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ERR_INTERNAL' });
    expect((error as Error).message).toBe(
      `internal error: event 7 of a batch of 7 from a worker has the code ${code}, but event codes are integers from 0 to 5 (the positions in SIMULATION_EVENTS); please report this as a bug`,
    );
  });
});

describe('a run', () => {
  it("a batch with an unknown code rejects the run's promise with the internal error", async () => {
    // A worker cannot be made to send a bad code, so this pool's "worker"
    // posts one batch of one unknown event over the task's real port.
    const pool = {
      whenClosed: () => () => true,
      assertRunning: () => {},
      run: async (task: RunTask) => {
        const port = task.port as unknown as MessagePort;
        port.postMessage(Float64Array.of(42, 1, 1, 1, 1));
        port.close();
        return null;
      },
    } as unknown as WorkerPool;
    const sim = new Simulation(createWall([[29]]), { teams: 1 });
    const seen: string[] = [];
    for (const name of SIMULATION_EVENT_NAMES) sim.on(name, () => seen.push(name));
    await expect(runOnPool(pool, sim, undefined, 'runParallel')).rejects.toMatchObject({
      code: 'ERR_INTERNAL',
      message: expect.stringContaining('has the code 42'),
    });
    expect(seen).toEqual([]);
  });
});
