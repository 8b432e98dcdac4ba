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
import type { CrewStrategy } from '../core/schedule/strategy.js';
import { replayStarts } from '../core/schedule/teams.js';
import type { Wall } from '../core/wall.js';
import type { PackedResult } from './protocol.js';
import { BUILT_IN_STRATEGIES } from './strategy-loader.js';

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
  | { readonly kind: 'starts'; readonly record: StartRecord }
  /** A built-in strategy's start days, not recorded yet: replayed where they are asked for. */
  | { readonly kind: 'replay'; readonly teams: number; readonly strategy: string };

/** A packed result (see {@link packResult}). */
export interface ResultData extends PackedResult {
  readonly ledger: PackedLedger;
  readonly wall: SeriesSet;
}

/** Turns a result into structured-clone data (typed arrays are shared, not copied, until posted). */
export function packResult(result: SimulationResult, recordStarts = false): ResultData {
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
    // The run's start days (one byte a section with inOrder); the main thread
    // builds a profile's series when it is first asked for, as the core does.
    // A built-in strategy's start days are not recorded until a profile is
    // asked for: the recipe travels instead, and the main thread replays it
    // (unless `recordStarts` asks to record them here).
    const lazy = inside.ledger as LazySeriesLedger;
    const replay = lazy.replay;
    packed =
      replay === null || recordStarts
        ? { kind: 'starts', record: lazy.record }
        : { kind: 'replay', teams: replay.teams, strategy: replay.strategy };
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
  else if (data.ledger.kind === 'starts') {
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

/** The built-in strategy of this name (a worker only replays built-ins). */
function builtIn(name: string): CrewStrategy {
  const strategy = BUILT_IN_STRATEGIES[name];
  if (strategy === undefined) {
    throw new Error(
      `icewall engine: no built-in strategy "${name}" to replay (engine and core out of step)`,
    );
  }
  return strategy;
}

/** Rebuilds the result of a run on `wall` from {@link packResult}'s data. */
export function unpackResult(data: ResultData, wall: Wall): SimulationResult {
  const { profileStarts } = wall;
  const packed = data.ledger;
  const ledger =
    packed.kind === 'counts'
      ? new CountLedger(packed.counts, packed.stride)
      : new LazySeriesLedger(
          wall,
          packed.kind === 'starts'
            ? packed.record
            : replayStarts(wall, packed.teams, builtIn(packed.strategy)),
        );
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
