import type { Writable } from 'node:stream';
import { formatNumber } from '../core/numbers.js';
import { type Defaults, invalidOption, optionsObject } from '../core/options/check.js';
import { IcewallError, thrownMessage } from '../errors.js';
import { DrainWait } from '../events/backpressure.js';
import type { Simulation } from '../events/simulation.js';
import { completedLine, relievedLine } from './log-file.js';
import {
  type AttachedSink,
  attachedSink,
  checkSimulation,
  subscribe,
  subscribeAll,
} from './subscribe.js';

const CHUNK = 1 << 16;

/** Why lines were not written to a stream that gave no error of its own. */
const ENDED = 'the stream was ended or destroyed before it took every line';

/**
 * Checks a sink's stream: the second argument of every sink (a path for
 * the log file, a writable stream for the others).
 */
function writableOption(stream: unknown): Writable {
  const w = stream as Partial<Writable> | null;
  if (
    typeof w !== 'object' ||
    w === null ||
    typeof w.write !== 'function' ||
    typeof w.on !== 'function' ||
    typeof w.once !== 'function' ||
    typeof w.off !== 'function'
  ) {
    invalidOption('stream', 'a writable stream (the second argument of a sink)', stream);
  }
  return stream as Writable;
}

/**
 * Sends lines to a stream in chunks of about 64 KiB. The stream is the
 * caller's: it is not ended. Its errors (EPIPE when a reader goes away,
 * say) are caught for the sink's whole life, from attach to `close()`:
 * they never crash the process, later lines are dropped, and `close()`
 * rejects with the first one.
 */
function streamLines(stream: Writable, name: string) {
  let pending: string[] = [];
  let size = 0;
  let failure: unknown;
  // A write of the sink's that failed: Node calls it back first and emits
  // the stream's 'error' after (a file stream only once its descriptor is
  // closed on the thread pool), so the listener must stay for it.
  // (Node emits the error the first failed write was called back with.)
  let writeFailed: Error | undefined;
  // The error the stream had when the sink came (emitted already), and
  // those the sink heard.
  const erroredBefore = stream.errored;
  const heard = new Set<unknown>();
  const onError = (error: unknown) => {
    failure ??= error;
    heard.add(error);
    letGo();
  };
  stream.on('error', onError);
  const room = new DrainWait(stream);
  // close() waits for every write in flight: a socket reports EPIPE late.
  let inFlight = 0;
  let idle: (() => void)[] = [];
  const settled = (done: () => void) => {
    if (inFlight === 0) done();
    else idle.push(done);
  };
  // The 'error' listener stays from attach until close() and, after it,
  // while a write of the sink's is in flight (it may still fail) or an
  // 'error' of the stream's is still to come: after a failed write, or
  // when the stream failed (`errored`) and has not emitted it yet. After
  // 'close' nothing more is emitted. Then it goes, a turn later, so that
  // sinks closed one after another on a long-lived stream (standard output
  // in a server) do not pile up listeners.
  let closing = false;
  let listening = true;
  let awaitingClose = false;
  function letGo(): void {
    if (!listening || !closing || (inFlight > 0 && !stream.destroyed)) return;
    const errored = stream.errored;
    const due =
      (writeFailed !== undefined && !heard.has(writeFailed)) ||
      (errored != null && errored !== erroredBefore && !heard.has(errored));
    if (due && !stream.closed) {
      // onError, or 'close', calls this again.
      if (!awaitingClose) {
        awaitingClose = true;
        stream.once('close', letGo);
      }
      return;
    }
    listening = false;
    if (awaitingClose) stream.off('close', letGo);
    setImmediate(() => stream.off('error', onError));
  }
  const flush = () => {
    const text = pending.length === 0 ? '' : `${pending.join('\n')}\n`;
    pending = [];
    size = 0;
    if (text === '' || failure !== undefined) return;
    // A failed stream that lives on (autoDestroy: false) keeps what it is
    // given and never calls back: close() waited for ever after a run.
    if (stream.destroyed || stream.writableEnded || stream.errored) {
      // Its own error, when it has one (its 'error' event comes a tick later).
      failure ??= stream.errored ?? new Error(ENDED);
      return;
    }
    inFlight++;
    const written = (error?: Error | null) => {
      if (error) {
        failure ??= error;
        writeFailed ??= error;
      }
      if (--inFlight > 0) return;
      const waiting = idle;
      idle = [];
      for (const done of waiting) done();
      letGo();
    };
    try {
      stream.write(text, written);
    } catch (error) {
      // A stream whose write throws (against the Writable contract) calls
      // nothing back and emits nothing: it failed, and close() must not
      // wait for it.
      failure ??= error;
      written();
    }
  };
  return {
    line(text: string) {
      if (failure !== undefined) return;
      pending.push(text);
      size += text.length + 1;
      if (size >= CHUNK) flush();
    },
    flush: () => flush(),
    /**
     * While the stream's buffer is full: a promise that settles when it
     * can take more (see `DrainWait`); `undefined` when it can, or when it
     * failed (an errored stream that is not destroyed, such as standard
     * output after EPIPE, never drains: waiting for it hung the run), or
     * was ended.
     */
    backpressure(): Promise<void> | undefined {
      flush();
      // An ended stream takes no more lines (flush() recorded that), and
      // one ended without 'close' never drains either.
      if (failure !== undefined || stream.errored || stream.destroyed || stream.writableEnded) {
        return undefined;
      }
      return stream.writableNeedDrain ? room.wait() : undefined;
    },
    close(finished: boolean): Promise<void> {
      room.stop();
      return new Promise((resolve, reject) => {
        flush();
        // An error the stream has not emitted yet is still its failure.
        if (stream.errored) failure ??= stream.errored;
        const gone = () => {
          failure ??= stream.errored ?? new Error(ENDED);
        };
        if (stream.destroyed && inFlight > 0) gone();
        let over = false;
        const settle = () => {
          if (over) return;
          over = true;
          closing = true;
          letGo();
          if (failure === undefined) return resolve();
          const reason = thrownMessage(failure);
          reject(
            new IcewallError('ERR_IO', `cannot write to ${name}: ${reason}`, { cause: failure }),
          );
        };
        // The writes in flight are waited for only after a finished run,
        // and only while the stream lives: after an aborted or failed run
        // the lines already handed over stay the stream's to write (a
        // stalled socket may never take them), and a destroyed stream may
        // never call back a write it had not done.
        if (!finished || inFlight === 0 || stream.destroyed) return settle();
        const onClose = () => {
          gone();
          settle();
        };
        stream.once('close', onClose);
        settled(() => {
          stream.off('close', onClose);
          settle();
        });
      });
    },
  };
}

/**
 * Writes one JSON object per event to `stream` (JSON Lines), for machines:
 * `{"event":"sectionCompleted","day":5,"team":2,"profile":1,"section":2}`.
 * Every event is written, so the simulation does all the work listeners
 * ask for (team tracking, every day).
 *
 * @example
 * ```ts
 * const sim = new Simulation(parseWall('21 25 28\n17\n'), { teams: 2 });
 * const sink = attachJsonLines(sim, createWriteStream('events.jsonl'));
 * sim.run();
 * await sink.close();
 * ```
 *
 * @param simulation - the simulation to record
 * A run through `runParallel` or `engine.run` waits whenever the stream's
 * buffer is full, so the sink holds about one batch of events; a
 * synchronous `sim.run()` cannot wait, and its lines queue in memory
 * until the stream takes them.
 *
 * @param stream - where the lines go (not ended by `close()`)
 * @param options - none yet: every event is written; a key is refused (a typo such as `verbos` must not pass silently)
 */
export function attachJsonLines(
  simulation: Simulation,
  stream: Writable,
  options?: JsonLinesOptions,
): AttachedSink {
  checkSimulation(simulation);
  optionsObject(options, JSON_LINES_DEFAULTS, 'attachJsonLines');
  const out = streamLines(writableOption(stream), 'the JSON lines stream');
  const detach = subscribeAll(simulation, (event, payload) => {
    out.line(JSON.stringify({ event, ...payload }));
    if (event === 'finished') out.flush();
  });
  return attachedSink(simulation, detach, out);
}

/** Options of {@link attachJsonLines}: none yet (every event is written). */
export type JsonLinesOptions = Record<string, never>;

const JSON_LINES_DEFAULTS: Defaults<JsonLinesOptions> = Object.freeze({});

/** Options of {@link attachConsole}. */
export interface ConsoleOptions {
  /**
   * Also print each team's assignments (`day 6: team 2 took profile 1 section 3`).
   * @default false
   */
  assignments?: boolean;
}

/** The defaults of {@link ConsoleOptions}. */
const CONSOLE_DEFAULTS: Defaults<ConsoleOptions> = Object.freeze({ assignments: false });

/**
 * Prints readable day-by-day lines for people: completions, reliefs, and a
 * summary of each day on which something completed, then the totals.
 *
 * @example
 * ```ts
 * const sim = new Simulation(parseWall('21 25 28\n17\n'), { teams: 2 });
 * const sink = attachConsole(sim); // to process.stdout
 * sim.run();
 * await sink.close();
 * attachConsole(sim, process.stderr, { assignments: true });
 * ```
 *
 * @param simulation - the simulation to show
 * @param stream - where the lines go, as in every sink: the second argument (default `process.stdout`)
 * @param options - whether to show assignments
 */
export function attachConsole(
  simulation: Simulation,
  stream: Writable = process.stdout,
  options?: ConsoleOptions,
): AttachedSink {
  checkSimulation(simulation);
  const { assignments } = optionsObject(options, CONSOLE_DEFAULTS, 'attachConsole');
  const out = streamLines(writableOption(stream), 'the console stream');
  let eventful = false;
  const detach = subscribe(simulation, {
    teamAssigned: assignments
      ? (e) =>
          out.line(`day ${e.day}: team ${e.team} took profile ${e.profile} section ${e.section}`)
      : undefined,
    sectionCompleted: (e) => {
      eventful = true;
      out.line(completedLine(e));
    },
    teamRelieved: (e) => {
      eventful = true;
      out.line(relievedLine(e));
    },
    dayCompleted: (e) => {
      if (!eventful) return;
      eventful = false;
      out.line(
        `day ${e.day}: ${formatNumber(e.ice)} cubic yards, ${formatNumber(e.cost)} Gold Dragons (so far ${formatNumber(e.cumulativeCost)})`,
      );
    },
    finished: (e) => {
      out.line(
        `finished in ${formatNumber(e.days)} days: ${formatNumber(e.ice)} cubic yards, ${formatNumber(e.cost)} Gold Dragons`,
      );
      out.flush();
    },
  });
  return attachedSink(simulation, detach, out);
}
