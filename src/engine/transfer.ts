/**
 * Moves a {@link SimulationResult} between threads: a worker packs what the
 * result is made of (its ledger's typed arrays and the wall's series), the
 * main thread rebuilds an identical result around its own `Wall`. Only this
 * file knows the result's private layout.
 *
 * @internal
 * @module
 */

import { LazySeriesLedger, type StartRecord } from '../core/result/lazy-ledger.js';
import { CountLedger, type ProfileLedger } from '../core/result/profile-ledger.js';
import { SimulationResult } from '../core/result/result.js';
import type { SeriesSet } from '../core/result/series.js';
import type { Wall } from '../core/wall.js';
import type { PackedResult } from './protocol.js';

/** The private fields of a result, as this file reads them. */
interface ResultInternals {
  readonly ledger: ProfileLedger;
  readonly wallSeries: SeriesSet;
  readonly feet: number;
}

/** The ledger as plain data. */
type PackedLedger =
  | {
      readonly kind: 'counts';
      readonly counts: Uint16Array | Uint32Array;
      readonly stride: number;
    }
  | { readonly kind: 'starts'; readonly record: StartRecord };

/** A packed result (see {@link packResult}). */
export interface ResultData extends PackedResult {
  readonly ledger: PackedLedger;
  readonly wall: SeriesSet;
}

/** Turns a result into structured-clone data (typed arrays are shared, not copied, until posted). */
export function packResult(result: SimulationResult): ResultData {
  const inside = result as unknown as ResultInternals;
  const ledger = inside.ledger as unknown as Record<string, unknown>;
  let packed: PackedLedger;
  if (inside.ledger instanceof CountLedger) {
    packed = {
      kind: 'counts',
      counts: ledger.counts as Uint16Array | Uint32Array,
      stride: ledger.stride as number,
    };
  } else if (inside.ledger instanceof LazySeriesLedger) {
    // The run's start days, or inOrder's checkpoints; the main thread builds
    // a profile's series when it is first asked for, as the core does. Start
    // days left for later are recorded here, never on the main thread.
    packed = { kind: 'starts', record: (inside.ledger as LazySeriesLedger).record };
  } else {
    throw new Error('icewall engine: unknown ledger in a result (engine and core out of step)');
  }
  return {
    days: result.days,
    teams: result.teams,
    strategy: result.strategy,
    totalFeet: inside.feet,
    ledger: packed,
    wall: inside.wallSeries,
  };
}

/** The typed arrays of a packed result, to pass in a transfer list. */
export function resultBuffers(data: ResultData): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [
    data.wall.offsets,
    data.wall.day,
    data.wall.value,
    data.wall.before,
  ];
  if (data.ledger.kind === 'counts') arrays.push(data.ledger.counts);
  else {
    const { record } = data.ledger;
    if (record.kind === 'each') arrays.push(record.starts);
    else if (record.kind === 'deltas') arrays.push(record.deltas, record.dayBefore);
    else arrays.push(record.fields, record.rings);
  }
  const seen = new Set<ArrayBuffer>();
  for (const a of arrays) {
    if (a.buffer instanceof ArrayBuffer) seen.add(a.buffer);
  }
  return [...seen];
}

/** Rebuilds the result of a run on `wall` from {@link packResult}'s data. */
export function unpackResult(data: ResultData, wall: Wall): SimulationResult {
  const { profileStarts } = wall;
  const packed = data.ledger;
  const ledger =
    packed.kind === 'counts'
      ? new CountLedger(packed.counts, packed.stride)
      : new LazySeriesLedger(wall, packed.record);
  return SimulationResult.fromRun({
    days: data.days,
    teams: data.teams,
    strategy: data.strategy,
    totalFeet: data.totalFeet,
    profiles: ledger,
    wall: data.wall,
    options: wall.options,
    profileCount: wall.profileCount,
    sectionCount: wall.sectionCount,
    sectionsOf: (p) => (profileStarts[p + 1] as number) - (profileStarts[p] as number),
    heights: wall,
  });
}
