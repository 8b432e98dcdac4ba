/**
 * The one file that imports tinypool. {@link WorkerPool} starts its threads
 * lazily, turns a worker's `{ ok: false }` reply into the core's error
 * class, a crash into an `IcewallError` (`ERR_WORKER`), and an abort into
 * the signal's reason; after any of them the pool still runs the next task
 * (tinypool replaces a worker that died or was terminated).
 *
 * @internal
 * @module
 */

import { setMaxListeners } from 'node:events';
import type { Transferable } from 'node:worker_threads';
import { Tinypool } from 'tinypool';
import { IcewallError } from '../errors.js';
import { rebuildError, TaskNotStarted, workerCrash } from './errors.js';
import {
  ABORTING,
  BOOT_SLOTS,
  LOADING,
  type Reply,
  type Sent,
  STARTED,
  TASK_FLAGS,
  type Task,
} from './protocol.js';
import { Staging } from './staging.js';
import { workerUrl } from './worker-url.js';

/** Flags that make sense only for the main script (`-e`, `-p`, `--input-type`). */
const SCRIPT_FLAGS = /^(-e|--eval|-p|--print|--input-type)(=|$)/;
/** Flags a worker may take explicitly, with a separate value when they have one. */
const WORKER_FLAGS = /^(--import|--require|-r|--loader|--experimental-loader|--conditions|-C)(=|$)/;
const WORKER_SWITCHES =
  /^(--enable-source-maps|--no-warnings|--no-deprecation|--experimental-[a-z-]+|--no-experimental-[a-z-]+)$/;

/**
 * The Node flags worker threads start with. They inherit the process's
 * flags, except when those include a script given on the command line
 * (`node --input-type=module -e …`): a worker refuses `--input-type`
 * (ERR_INPUT_TYPE_NOT_ALLOWED), so then it gets only the loaders,
 * conditions and switches (a worker also refuses V8 flags set explicitly).
 * `undefined`: inherit.
 */
export function workerExecArgv(argv: readonly string[] = process.execArgv): string[] | undefined {
  if (!argv.some((a) => SCRIPT_FLAGS.test(a))) return undefined;
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const m = WORKER_FLAGS.exec(flag);
    if (m !== null) {
      out.push(flag);
      if (m[2] === '' && i + 1 < argv.length) out.push(argv[++i] as string);
    } else if (WORKER_SWITCHES.test(flag)) out.push(flag);
    else if (SCRIPT_FLAGS.test(flag) && !flag.includes('=') && flag !== '--input-type') i++;
    else if (flag === '--input-type') i++;
  }
  return out;
}

/**
 * Milliseconds a stop waits for a thread to finish importing a strategy
 * module (or to finish starting), at most: a module whose top level never
 * returns is stopped anyway.
 */
const LOAD_GRACE_MS = 2_000;

/** `Atomics.waitAsync` (ES2024; Node has it since 16, the compiler's lib here is older). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      array: Int32Array,
      index: number,
      value: number,
      timeout: number,
    ): { async: boolean; value: Promise<string> | string };
  }
).waitAsync;

/**
 * Waits until `slot` of `flags` no longer holds `value`, or until
 * `deadline` (a `performance.now()` time).
 */
async function waitWhile(flags: Int32Array, slot: number, value: number, deadline: number) {
  while (Atomics.load(flags, slot) === value) {
    const left = deadline - performance.now();
    if (left <= 0) return;
    const waiting = waitAsync(flags, slot, value, left);
    if (waiting.async) await waiting.value;
  }
}

/** How a task is run. */
export interface RunTaskOptions {
  /** Buffers and ports to move to the worker. */
  readonly transferList?: readonly Transferable[];
  /** Aborting terminates the worker running the task (the pool starts another). */
  readonly signal?: AbortSignal | undefined;
}

/** A pool of worker threads running `worker.ts` tasks. */
export class WorkerPool {
  /** Number of threads at most. */
  readonly threads: number;
  private pool: Tinypool | null = null;
  private closed = false;
  /** For each caller's signal, the one tinypool gets (see {@link follower}). */
  private readonly followers = new WeakMap<AbortSignal, AbortSignal>();
  private readonly idleTimeout: number;
  private readonly filename: URL;
  /** The flags of every task in flight (see {@link quiesce}). */
  private readonly inFlight = new Set<Int32Array>();
  /** The shared buffer that configs given as bytes are copied into for the workers. */
  readonly staging = new Staging();
  /** Where each thread says that its modules are loaded (see `BOOT_SLOTS`). */
  private readonly booted = new Int32Array(new SharedArrayBuffer(4 * BOOT_SLOTS));

  /**
   * @param threads - threads at most
   * @param idleTimeout - milliseconds before an idle thread exits
   * @param filename - the thread entry (tests give one of their own)
   */
  constructor(threads: number, idleTimeout: number, filename: URL = workerUrl()) {
    this.threads = threads;
    this.idleTimeout = idleTimeout;
    this.filename = filename;
  }

  /** Threads running now (started and not yet exited for idleness). */
  get liveThreads(): number {
    return this.pool?.threads.length ?? 0;
  }

  /** Whether {@link close} was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  private readonly closeHooks = new Set<() => void>();

  /**
   * Calls `stop` as soon as {@link close} is called, before it waits for
   * any thread: work on the calling thread (claiming pieces) stops at once.
   * Returns the function that removes it.
   */
  whenClosed(stop: () => void): () => void {
    this.closeHooks.add(stop);
    return () => this.closeHooks.delete(stop);
  }

  /**
   * Runs a task on a worker and returns its value.
   * @throws the core's error the work raised; IcewallError `ERR_WORKER` if the thread failed; the signal's reason when aborted
   */
  async run<T>(task: Task, options: RunTaskOptions = {}): Promise<T> {
    const { signal } = options;
    this.assertOpen();
    signal?.throwIfAborted();
    if (this.pool === null) {
      // Threads are idle-unref'ed by tinypool, so an unused pool never keeps the process alive.
      this.pool = new Tinypool({
        filename: this.filename.href,
        minThreads: 0,
        maxThreads: this.threads,
        idleTimeout: this.idleTimeout,
        execArgv: workerExecArgv(),
        workerData: { booted: this.booted.buffer },
      });
    }
    const started = new Int32Array(new SharedArrayBuffer(4 * TASK_FLAGS));
    const sent: Sent = { ...task, started: started.buffer as SharedArrayBuffer };
    const stop = signal === undefined ? null : this.stopper(signal, started);
    this.inFlight.add(started);
    let reply: Reply<T>;
    try {
      reply = (await this.pool.run(sent, {
        transferList: options.transferList as Transferable[] | undefined,
        signal: stop?.signal ?? null,
      })) as Reply<T>;
      // Stopped before its import, the task answered by itself.
      signal?.throwIfAborted();
    } catch (error) {
      if (signal?.aborted) {
        // tinypool stopped the thread that ran it, and starts none for tasks still waiting.
        this.refill();
        throw signal.reason;
      }
      if (this.closed) throw closedDuringTask(error);
      if (Atomics.load(started, STARTED) === 0) {
        // The worker never set the flag: no work of the task ran (its
        // thread was stopped under it, or never came up), so it may run again.
        this.refill();
        throw new TaskNotStarted(error);
      }
      throw workerCrash(error);
    } finally {
      this.inFlight.delete(started);
      stop?.done();
    }
    if (!reply.ok) {
      // A task that close() stopped before its import answers by itself.
      if (this.closed) throw closedDuringTask(rebuildError(reply.error));
      throw rebuildError(reply.error);
    }
    return reply.value;
  }

  /**
   * A signal that follows `signal`, for tinypool. tinypool adds an abort
   * listener per task, and Node warns past ten on one signal
   * (`MaxListenersExceededWarning`), as a `compare` of many entries with
   * your signal would; this way your signal gets one listener per engine
   * however many tasks use it (tinypool removes its own when a task ends).
   */
  private follower(signal: AbortSignal): AbortSignal {
    let inner = this.followers.get(signal);
    if (inner === undefined) {
      const controller = new AbortController();
      setMaxListeners(0, controller.signal);
      signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
      inner = controller.signal;
      this.followers.set(signal, inner);
    }
    return inner;
  }

  /**
   * The signal tinypool gets for one task: it follows `signal` once the
   * task's thread is not importing a module (see {@link quiesce}), since
   * tinypool stops a task by terminating its thread.
   */
  private stopper(signal: AbortSignal, flags: Int32Array) {
    const follower = this.follower(signal);
    const controller = new AbortController();
    const onAbort = () => {
      void quiesce(flags).then(() => controller.abort(follower.reason));
    };
    follower.addEventListener('abort', onAbort, { once: true });
    return {
      signal: controller.signal,
      done: () => follower.removeEventListener('abort', onAbort),
    };
  }

  /**
   * Starts threads for tasks left waiting with none to run them. When an
   * abort stops a thread, tinypool (with `minThreads: 0`) starts no other
   * one for the tasks still queued, so they would wait for the next call
   * (tinypool 2.2). A no-op task queued behind them starts one thread each.
   */
  private refill(): void {
    const pool = this.pool;
    if (pool === null || this.closed) return;
    while (pool.queueSize > 0 && pool.threads.length < this.threads) {
      pool.run({ kind: 'noop' } satisfies Task).catch(() => {});
    }
  }

  /**
   * Stops work under way on the calling thread once {@link close} was
   * called (a strategy object's slices), as close() stops the threads' work.
   * @throws IcewallError `ERR_WORKER` ("the engine was closed before the task finished")
   */
  assertRunning(): void {
    if (this.closed) throw closedDuringTask(undefined);
  }

  /**
   * Refuses work once {@link close} was called.
   * @throws IcewallError `ERR_WORKER` ("the engine is closed")
   */
  assertOpen(): void {
    if (this.closed) throw new IcewallError('ERR_WORKER', 'the engine is closed');
  }

  /**
   * Stops every thread. Safe to call more than once. A thread is stopped
   * only once it has started (Node read its modules) and is not importing
   * a strategy module: terminated during a read, a thread leaks the file's
   * descriptor to the process (issue 19 #11). Either wait is bounded by
   * {@link LOAD_GRACE_MS}.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const stop of this.closeHooks) stop();
    this.closeHooks.clear();
    this.staging.drop();
    const pool = this.pool;
    this.pool = null;
    if (pool === null) return;
    const deadline = performance.now() + LOAD_GRACE_MS;
    // The caller awaits close(): keep the process alive until it settles,
    // whatever it waits on (idle threads are unref'd, and Node counts no
    // Atomics.waitAsync timeout as work left).
    const alive = setInterval(() => {}, 1000);
    try {
      await Promise.all([
        ...[...this.inFlight].map((flags) => quiesce(flags, deadline)),
        ...pool.threads.map((thread) => this.bootedOrDeadline(thread.threadId, deadline)),
      ]);
      await pool.destroy();
    } finally {
      clearInterval(alive);
    }
  }

  /** Waits until thread `id` has said that its modules are loaded, or until `deadline`. */
  private async bootedOrDeadline(id: number, deadline: number): Promise<void> {
    const slot = id % BOOT_SLOTS;
    for (let seen = Atomics.load(this.booted, slot); seen !== id; ) {
      await waitWhile(this.booted, slot, seen, deadline);
      if (performance.now() >= deadline) return;
      seen = Atomics.load(this.booted, slot);
    }
  }
}

/** The error of work that close() stopped. */
function closedDuringTask(cause: unknown): IcewallError {
  return new IcewallError('ERR_WORKER', 'the engine was closed before the task finished', {
    cause,
  });
}

/**
 * Makes a task safe to stop: no import starts in it any more, and one under
 * way has finished (or `deadline` has passed).
 */
function quiesce(flags: Int32Array, deadline = performance.now() + LOAD_GRACE_MS) {
  Atomics.store(flags, ABORTING, 1);
  return waitWhile(flags, LOADING, 1, deadline);
}

/**
 * Runs `attempt` again, up to three times, while it fails only because its
 * task never started (see {@link TaskNotStarted}): another call's abort
 * stopped the thread tinypool had just given it to. Four times in a row
 * means the threads cannot start: that is a worker failure, with the last
 * thread's error. `attempt` must build its task afresh (a port can be
 * moved only once).
 */
export async function retryUnstarted<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof TaskNotStarted)) throw error;
      if (tries >= 4) throw workerCrash(error.cause);
    }
  }
}
