/**
 * Events in a worker's batch: each is {@link EVENT_WIDTH} numbers, its code
 * (its index in the core's event table) then its payload's fields in the
 * table's order, 0 for the slots it does not use. The encoders (worker
 * side) and the decoder (main thread) are generated once, when this module
 * loads, from `SIMULATION_EVENTS`: the same straight-line code as written
 * by hand (one property read or object literal per field, no loop and no
 * allocation per event but the payload itself), with nothing to keep in
 * sync. Where the runtime refuses generated code, loops over the table's
 * fields do the same work. Imported by both sides; no Node or npm imports.
 *
 * @internal
 * @module
 */

import {
  EVENT_NAMES,
  SIMULATION_EVENTS,
  type SimulationEventName,
  type SimulationHooks,
} from '../core/hooks.js';
import { IcewallError } from '../errors.js';
import { EVENT_WIDTH } from './protocol.js';

/** Writes one event into the current batch: its code and four numbers. */
export type RecordEvent = (code: number, a: number, b: number, c: number, d: number) => void;

/** Re-emits one decoded event (a `Simulation`'s `emit`). */
export type EmitEvent = (name: SimulationEventName, event: object) => unknown;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Each event's fields, checked to fit a batch slot and to be safe to generate code from. */
const FIELDS: readonly (readonly string[])[] = EVENT_NAMES.map((name) => {
  const { fields } = SIMULATION_EVENTS[name];
  if (fields.length > EVENT_WIDTH - 1 || !fields.every((f) => IDENTIFIER.test(f))) {
    throw new Error(
      `internal: event "${name}" has fields [${fields.join(', ')}]; a worker's batch holds at most ${EVENT_WIDTH - 1} fields per event, each a plain identifier`,
    );
  }
  return fields;
});

/** Builds the hook that records one event, given the batch writer. */
type Encoder = (record: RecordEvent) => (event: object) => void;
/** Re-emits every event of a batch; throws at a code not in the table. */
type Decoder = (batch: Float64Array, emit: EmitEvent) => void;

/** The encoders (by code) and the decoder of event batches. */
export interface EventCodec {
  readonly encoders: readonly Encoder[];
  readonly decode: Decoder;
}

/**
 * The codec as straight-line code generated from the table (`generate`),
 * or as loops over the table's fields. The runtime may refuse generated
 * code (`node --disallow-code-generation-from-strings`, a content security
 * policy): then the loops, which give the same events.
 */
export function eventCodec(generate: boolean): EventCodec {
  try {
    if (generate) return { encoders: generatedEncoders(), decode: generatedDecoder() };
  } catch (error) {
    if (!(error instanceof EvalError)) throw error;
  }
  return { encoders: FIELDS.map(loopEncoder), decode: loopDecoder };
}

function generatedEncoders(): Encoder[] {
  return FIELDS.map((fields, code) => {
    const slots = Array.from({ length: EVENT_WIDTH - 1 }, (_, k) =>
      k < fields.length ? `e.${fields[k]}` : '0',
    );
    return new Function('record', `return (e) => record(${code}, ${slots.join(', ')});`) as Encoder;
  });
}

function generatedDecoder(): Decoder {
  const cases = FIELDS.map((fields, code) => {
    const payload = fields.map((f, k) => `${f}: batch[at + ${k + 1}]`).join(', ');
    return `      case ${code}: emit(${JSON.stringify(EVENT_NAMES[code])}, { ${payload} }); break;`;
  });
  return new Function(
    'unknownCode',
    `return (batch, emit) => {
  for (let at = 0; at < batch.length; at += ${EVENT_WIDTH}) {
    switch (batch[at]) {
${cases.join('\n')}
      default: throw unknownCode(batch, at);
    }
  }
};`,
  )(unknownCode) as Decoder;
}

function loopEncoder(fields: readonly string[], code: number): Encoder {
  const [a, b, c, d] = fields;
  const field = (e: object, name: string | undefined) =>
    name === undefined ? 0 : ((e as Record<string, number>)[name] as number);
  return (record) => (e) => record(code, field(e, a), field(e, b), field(e, c), field(e, d));
}

function loopDecoder(batch: Float64Array, emit: EmitEvent): void {
  for (let at = 0; at < batch.length; at += EVENT_WIDTH) {
    const code = batch[at] as number;
    const fields = FIELDS[code];
    if (fields === undefined) throw unknownCode(batch, at);
    const event: Record<string, number> = {};
    for (let k = 0; k < fields.length; k++)
      event[fields[k] as string] = batch[at + k + 1] as number;
    emit(EVENT_NAMES[code] as SimulationEventName, event);
  }
}

const codec = eventCodec(true);

/**
 * The hooks that record every event whose bit (`1 << code`) is set in
 * `listened`, built once per run.
 */
export function recordingHooks(
  listened: number,
  record: RecordEvent,
  { encoders }: EventCodec = codec,
): SimulationHooks {
  const hooks: Record<string, (event: object) => void> = {};
  encoders.forEach((encoder, code) => {
    if ((listened & (1 << code)) !== 0) hooks[EVENT_NAMES[code] as string] = encoder(record);
  });
  return hooks as SimulationHooks;
}

/** The bits (`1 << code`) of the events that `listenerCount` says someone listens to. */
export function listenedEvents(listenerCount: (name: SimulationEventName) => number): number {
  let listened = 0;
  EVENT_NAMES.forEach((name, code) => {
    if (listenerCount(name) > 0) listened |= 1 << code;
  });
  return listened;
}

/** A batch that holds a code no event has: the two sides of the engine disagree. */
function unknownCode(batch: Float64Array, at: number): IcewallError {
  return new IcewallError(
    'ERR_INTERNAL',
    `internal error: event ${at / EVENT_WIDTH + 1} of a batch of ${batch.length / EVENT_WIDTH} from a worker has the code ${batch[at]}, but event codes are integers from 0 to ${EVENT_NAMES.length - 1} (the positions in SIMULATION_EVENTS); please report this as a bug`,
  );
}

/**
 * Re-emits every event of `batch` through `emit`, in order, each as a
 * fresh payload object with the table's fields.
 * @throws IcewallError `ERR_INTERNAL` at a code that is not in the table (the events before it are emitted)
 */
export function emitBatch(
  batch: Float64Array,
  emit: EmitEvent,
  { decode }: EventCodec = codec,
): void {
  decode(batch, emit);
}
