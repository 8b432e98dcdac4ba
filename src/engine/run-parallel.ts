/**
 * `runParallel`: a `Simulation`'s schedule on a worker thread, its events
 * re-emitted on the main thread in the same order, batch by batch, with a
 * turn of the event loop between batches.
 *
 * @internal
 * @module
 */

import { setImmediate } from 'node:timers';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { OnAbort } from '../core/abort.js';
import {
  type Defaults,
  integerOption,
  invalidOption,
  optionsObject,
} from '../core/options/check.js';
import { signalOption } from '../core/options/run.js';
import type { SimulationResult } from '../core/result/result.js';
import type { RunInput } from '../core/schedule/run-input.js';
import { isTrusted } from '../core/schedule/strategy.js';
import { backpressureOf, endRun, startRun } from '../events/backpressure.js';
import type { Simulation } from '../events/simulation.js';
import { rebuildError } from './errors.js';
import { type EmitEvent, emitBatch, listenedEvents } from './event-batch.js';
import { retryUnstarted, type WorkerPool } from './pool.js';
import { CONSUMED, type ErrorData, type RunTask, STOP } from './protocol.js';
import { type StrategyModule, shareWall, strategySpec } from './shared.js';
import { type ResultData, unpackResult } from './transfer.js';

/** Options of `runParallel` and `engine.run`. */
export interface RunParallelOptions {
  /**
   * Where a worker can load the simulation's strategy, when it is not a
   * built-in (a strategy object cannot cross to a thread).
   * @default undefined (built-in strategies only)
   */
  strategy?: StrategyModule;
  /**
   * Cancels the run: the promise rejects with exactly `signal.reason` (for
   * `controller.abort()`, a `DOMException` named `AbortError`), also when
   * the signal is already aborted; no event is emitted after the abort and
   * the worker stops.
   * @default undefined
   */
  signal?: AbortSignal;
  /**
   * Events per batch: how many the main thread re-emits before it lets the
   * event loop run. An integer in [1, 1048576].
   * @default 4096
   */
  batchSize?: number;
}

/** The defaults of {@link RunParallelOptions}. */
export const RUN_PARALLEL_DEFAULTS: Defaults<RunParallelOptions> = Object.freeze({
  strategy: undefined,
  signal: undefined,
  batchSize: 4096,
});

/** Batches the worker may run ahead of the main thread (bounds memory). */
const WINDOW = 8;

/** The run input a `Simulation` holds (validated by its constructor). */
function inputOf(simulation: Simulation): RunInput {
  const input = (simulation as unknown as { input?: RunInput } | null)?.input;
  if (
    typeof input !== 'object' ||
    input === null ||
    typeof (simulation as { emit?: unknown }).emit !== 'function'
  ) {
    invalidOption('simulation', 'a Simulation (new Simulation(wall, options))', simulation);
  }
  return input;
}

/** Runs `simulation` on a worker of `pool` (see `runParallel`). */
export function runOnPool(
  pool: WorkerPool,
  simulation: Simulation,
  given: RunParallelOptions | undefined,
  where: string,
  onAbort: OnAbort = () => {},
): Promise<SimulationResult> {
  const options = optionsObject(given, RUN_PARALLEL_DEFAULTS, where);
  const input = inputOf(simulation);
  const { wall } = input;
  const spec = strategySpec(options.strategy ?? input.strategy, input.teams !== undefined);
  // With teams, a module given here must hold the Simulation's own strategy
  // (the worker checks its name); a built-in needs none, and another would
  // give other answers than sim.run().
  let expectedStrategy: string | null = null;
  if (options.strategy !== undefined && input.teams !== undefined) {
    if (isTrusted(input.strategy)) {
      invalidOption(
        'strategy',
        `omitted: the Simulation runs the built-in strategy "${input.strategy.name}", which every worker has`,
        options.strategy,
      );
    }
    expectedStrategy = input.strategy.name;
  }
  const batchSize = integerOption(
    'batchSize',
    options.batchSize,
    RUN_PARALLEL_DEFAULTS.batchSize as number,
    1,
    1 << 20,
    'an integer in [1, 1048576]',
  );
  const signal = signalOption(options.signal);
  const listened = listenedEvents((name) => simulation.listenerCount(name));
  const emit = simulation.emit.bind(simulation) as EmitEvent;
  startRun(simulation, 'async');
  const control = new SharedArrayBuffer(3 * 4);
  const state = new Int32Array(control);
  const shared = shareWall(wall);

  return new Promise<SimulationResult>((resolve, reject) => {
    const queue: unknown[] = [];
    let draining = false;
    let settled = false;
    /** The port of the current attempt (see `attempt`). */
    let port1: MessagePort | null = null;
    // close() ends the run too, also once the worker has sent every event
    // and the run only waits for a sink to drain (no task of the pool is
    // left to reject then, and the Simulation stayed "running" for ever).
    const unhook = pool.whenClosed(() => {
      try {
        pool.assertRunning();
      } catch (error) {
        fail(error);
      }
    });
    const finish = () => {
      settled = true;
      endRun(simulation);
      unhook();
      port1?.close();
    };
    /** Stops the worker at its next batch and re-emits nothing more. */
    const stop = () => {
      if (settled) return;
      Atomics.store(state, STOP, 1);
      Atomics.notify(state, CONSUMED);
      finish();
    };
    function fail(error: unknown): void {
      if (settled) return;
      stop();
      reject(error);
    }
    // An abort rejects the call with the signal's reason (see `abortable`).
    onAbort(stop);
    // Once the run is over (an abort from inside a listener, most often),
    // the rest of the batch is not emitted: the marker unwinds the decoder.
    const over = new Error('the run is over');
    const emitWhileOn: EmitEvent = (name, event) => {
      if (settled) throw over;
      emit(name, event);
    };
    function drain(): void {
      if (settled) return;
      const message = queue.shift();
      if (message === undefined) {
        draining = false;
        return;
      }
      if (message instanceof Float64Array) {
        try {
          emitBatch(message, emitWhileOn);
        } catch (error) {
          // A listener threw: as with `sim.run()`, the run fails with its
          // error (or the batch was bad: ERR_INTERNAL).
          if (error !== over) fail(error);
          return;
        }
        Atomics.add(state, CONSUMED, 1);
        Atomics.notify(state, CONSUMED);
        // A sink whose stream is full holds the next batch back (and the
        // worker, a window of batches later).
        let wait: Promise<unknown> | undefined;
        try {
          wait = backpressureOf(simulation);
        } catch (error) {
          // A sink threw while it flushed: the run fails with its error, as
          // with a listener that throws.
          fail(error);
          return;
        }
        if (wait === undefined) setImmediate(drain);
        else wait.then(() => setImmediate(drain), fail);
        return;
      }
      const reply = message as { result?: ResultData; error?: ErrorData };
      finish();
      if (reply.result !== undefined) resolve(unpackResult(reply.result, wall));
      else reject(rebuildError(reply.error as ErrorData));
    }
    /**
     * Starts the run on a worker, over a port of its own: a task that never
     * started (see `retryUnstarted`) is started again on a new port, since
     * nothing came over the old one.
     */
    function attempt(): Promise<unknown> {
      const channel = new MessageChannel();
      port1?.close();
      port1 = channel.port1;
      port1.on('message', (message: unknown) => {
        queue.push(message);
        if (!draining) {
          draining = true;
          setImmediate(drain);
        }
      });
      const task: RunTask = {
        kind: 'run',
        wall: shared,
        teams: input.teams,
        strategy: spec,
        expectedStrategy,
        progressSteps: input.progressSteps,
        listened,
        port: channel.port2,
        control,
        batchSize,
        window: WINDOW,
      };
      return pool.run(task, { transferList: [channel.port2], signal });
    }
    retryUnstarted(attempt).catch(fail);
  });
}
