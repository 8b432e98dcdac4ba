/**
 * What crosses between the engine and its worker threads: task and reply
 * shapes (structured-clone friendly: numbers, strings, typed arrays,
 * `SharedArrayBuffer`s, `MessagePort`s) and the event batch encoding.
 * Imported by both sides; no Node or npm imports.
 *
 * @internal
 * @module
 */

import type { ResolvedWallOptions } from '../core/options/wall.js';

/** A strategy the worker can build: a built-in by name, or a module to import. */
export type StrategySpec =
  | { readonly kind: 'builtin'; readonly name: string }
  | { readonly kind: 'module'; readonly url: string; readonly export: string };

/** A wall shared with workers: heights and profile starts in shared memory. */
export interface SharedWall {
  readonly heights: SharedArrayBuffer;
  readonly heightsLength: number;
  readonly profileStarts: SharedArrayBuffer;
  readonly options: ResolvedWallOptions;
}

/**
 * Runs a schedule and replies with the packed result, its arrays moved
 * rather than copied (compare, simulate with teams).
 */
export interface SimulateTask {
  readonly kind: 'simulate';
  readonly wall: SharedWall;
  readonly teams: number | undefined;
  readonly strategy: StrategySpec;
  readonly progressSteps: number;
}

/**
 * Runs a schedule with recording hooks: events go to `port` in batches
 * (see {@link EVENT_WIDTH}); `control` provides back-pressure.
 */
export interface RunTask {
  readonly kind: 'run';
  readonly wall: SharedWall;
  readonly teams: number | undefined;
  readonly strategy: StrategySpec;
  /**
   * The name of the Simulation's own strategy when `strategy` is a module
   * given for it: the worker refuses a module whose strategy differs.
   */
  readonly expectedStrategy: string | null;
  readonly progressSteps: number;
  /** Bit `1 << code` set for every event someone listens to. */
  readonly listened: number;
  readonly port: MessagePortLike;
  /** Int32 [batches sent, batches consumed]; the worker waits when too far ahead. */
  readonly control: SharedArrayBuffer;
  /** Events per batch. */
  readonly batchSize: number;
  /** Batches the worker may have in flight before it waits. */
  readonly window: number;
}

/** The days of several team counts (planTeams). */
export interface DaysTask {
  readonly kind: 'days';
  readonly wall: SharedWall;
  readonly teams: readonly number[];
  readonly strategy: StrategySpec;
}

/** Counts the pieces of a file (or of shared bytes) this thread claims, with the counting parser. */
export interface CountTask {
  readonly kind: 'count';
  /** The file's path (for messages), or null for shared bytes. */
  readonly path: string | null;
  /** The file's descriptor, opened on the calling thread (-1 for shared bytes). */
  readonly fd: number;
  readonly bytes: SharedArrayBuffer | null;
  /** Added to a file offset to find its byte in {@link bytes}. */
  readonly shift: number;
  /** Piece k is file bytes `cuts[k]` to `cuts[k + 1]`, starting at a line boundary. */
  readonly cuts: readonly number[];
  /** Int32 pair shared by every thread on this count: see `claimPiece`. */
  readonly claims: SharedArrayBuffer;
  readonly options: ResolvedWallOptions;
  /**
   * The worker posts its {@link CountedPieces} here (buffers moved) and,
   * with {@link progress}, the bytes read since its last report before that.
   */
  readonly port: MessagePortLike;
  readonly progress: boolean;
  readonly chunkSize: number;
}

/**
 * The pieces one thread counted, by piece number, and the first error it
 * met (after which it claims no more).
 */
export interface CountedPieces<E = ErrorData> {
  readonly parts: { readonly index: number; readonly counts: PackedCounts }[];
  /** Bytes this thread read, all pieces together. */
  readonly bytesRead: number;
  readonly failure: { readonly index: number; readonly error: E } | null;
}

/** Does nothing: started to bring up a thread for tasks left waiting (see `WorkerPool`). */
export interface NoopTask {
  readonly kind: 'noop';
}

/** Every task a worker accepts. */
export type Task = SimulateTask | RunTask | DaysTask | CountTask | NoopTask;

/**
 * A task as the pool sends it, with its flags ({@link TASK_FLAGS} `Int32`s):
 * {@link STARTED}, which the worker sets before anything else, so the pool
 * knows whether a task a dying thread dropped had started; {@link LOADING}
 * and {@link ABORTING}, so that no thread is terminated while it imports a
 * strategy module (see `WorkerPool`).
 */
export type Sent = Task & { readonly started?: SharedArrayBuffer };

/** `Int32` slots of a task's flags. */
export const TASK_FLAGS = 3;
/** Set to 1 by the worker when the task starts. */
export const STARTED = 0;
/** 1 while the worker imports the task's strategy (or tsx). */
export const LOADING = 1;
/** Set to 1 by the pool before it stops the task: the worker then imports nothing more. */
export const ABORTING = 2;

/**
 * Slots of the pool's boot table (`workerData.booted`): a worker stores its
 * `threadId` in slot `threadId % BOOT_SLOTS` once its modules are loaded,
 * and the pool stops no thread before that (see `WorkerPool.close`).
 */
export const BOOT_SLOTS = 1024;

/** An error as the worker reports it (custom classes do not survive the thread hop). */
export interface ErrorData {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly line?: number;
  readonly column?: number;
  readonly reason?: string;
  readonly strategy?: string;
  readonly day?: number;
  readonly team?: number;
  readonly stack?: string;
  readonly cause?: ErrorData;
}

/** A result, as plain data to rebuild on the main thread (see `transfer.ts`). */
export interface PackedResult {
  readonly days: number;
  readonly teams: number;
  readonly strategy: string;
  readonly totalFeet: number;
  readonly [key: string]: unknown;
}

/** Per-range counts, as the counting parser returns them. */
export interface PackedCounts {
  readonly profileCount: number;
  readonly sectionCount: number;
  readonly sizes: Uint32Array;
  readonly counts: Uint16Array | Uint32Array;
  readonly lines: number;
  readonly totals: Float64Array;
}

/** What a worker replies: a value, or the error it caught. */
export type Reply<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ErrorData };

/** The part of `MessagePort` both sides use. */
export interface MessagePortLike {
  postMessage(value: unknown, transfer?: readonly ArrayBuffer[]): void;
  close(): void;
}

/**
 * Numbers per event in a batch: the code (the event's position in the
 * core's `SIMULATION_EVENTS`), then up to four payload fields (see
 * `event-batch.ts`).
 */
export const EVENT_WIDTH = 5;

/** Control slots (Int32 indexes in `RunTask.control`). */
export const SENT = 0;
export const CONSUMED = 1;
/** Set by the main thread to make a running task stop at its next batch. */
export const STOP = 2;
