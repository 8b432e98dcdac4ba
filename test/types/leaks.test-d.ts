// What the published types must not let a user do or see: internals that
// leaked into the .d.ts before 1.0 (issue 18 §7). Each line fails to
// compile, or its expectTypeOf fails, if the leak comes back.
import {
  createWall,
  InvalidWallError,
  type InvalidWallErrorOptions,
  ParseError,
  type ParseErrorOptions,
  type ReadonlyUint8Array,
  type ReadonlyUint32Array,
  StrategyError,
  type StrategyErrorOptions,
  Wall,
  type WallParser,
} from 'icewall';
import * as engine from 'icewall/engine';
import { StrategyCheckError, type StrategyCheckErrorOptions } from 'icewall/testing';
import { describe, expectTypeOf, it } from 'vitest';

const wall = createWall([[21, 25, 28], [17]]);

describe('Wall', () => {
  it('has no public constructor: createWall, parseWall and parseWallStream make walls', () => {
    // @ts-expect-error the constructor is private
    new Wall(new Uint8Array(1), Uint32Array.of(0, 1));
    expectTypeOf(createWall).returns.toEqualTypeOf<Wall>();
  });

  it('heights and profile starts cannot be written through the types', () => {
    expectTypeOf(wall.heights).toEqualTypeOf<ReadonlyUint8Array>();
    expectTypeOf(wall.profileStarts).toEqualTypeOf<ReadonlyUint32Array>();
    // @ts-expect-error read-only index
    wall.heights[0] = 1;
    // @ts-expect-error read-only index
    wall.profileStarts[0] = 1;
    // @ts-expect-error no in-place writers
    wall.heights.set([1]);
    // @ts-expect-error no in-place writers
    wall.heights.fill(0);
    // @ts-expect-error no in-place writers
    wall.heights.sort();
    // @ts-expect-error a view is read-only too
    wall.heights.subarray(0, 1)[0] = 1;
    // @ts-expect-error not a (writable) Uint8Array
    const writable: Uint8Array = wall.heights;
    // Reading works as on any typed array; copies are ordinary arrays.
    expectTypeOf<ReadonlyUint8Array[number]>().toEqualTypeOf<number>();
    expectTypeOf(wall.heights.slice()).toExtend<Uint8Array>();
    expectTypeOf(Array.from(wall.heights)).toEqualTypeOf<number[]>();
    expectTypeOf(writable).toEqualTypeOf<Uint8Array>();
  });
});

describe('WallParser', () => {
  it('shows its own members only, none of the scanner it is built on', () => {
    expectTypeOf<keyof WallParser>().toEqualTypeOf<'push' | 'end'>();
    expectTypeOf<WallParser['end']>().returns.toEqualTypeOf<Wall>();
  });
});

describe('icewall/engine', () => {
  it('does not export its tuning constants', () => {
    // @ts-expect-error BREAK_EVEN_BYTES is internal
    engine.BREAK_EVEN_BYTES;
    // @ts-expect-error COLD_BREAK_EVEN_BYTES is internal
    engine.COLD_BREAK_EVEN_BYTES;
  });
});

describe('error constructors take the message and one options object, never positional fields', () => {
  it('ParseError, InvalidWallError, StrategyError', () => {
    expectTypeOf(ParseError).constructorParameters.toEqualTypeOf<
      [message: string, options: ParseErrorOptions]
    >();
    expectTypeOf(InvalidWallError).constructorParameters.toEqualTypeOf<
      [message: string, options: InvalidWallErrorOptions]
    >();
    expectTypeOf(StrategyError).constructorParameters.toEqualTypeOf<
      [message: string, options: StrategyErrorOptions]
    >();
    expectTypeOf<StrategyErrorOptions>().toEqualTypeOf<{
      strategy: string;
      day: number;
      team: number;
      cause?: unknown;
    }>();
    // @ts-expect-error the 0.x positional form
    new ParseError('line 1, column 1: bad', 1, 1, 'not-a-whole-number');
    // @ts-expect-error the 0.x positional form
    new StrategyError('bad pick', 'mine', 1, 1);
  });

  it('StrategyCheckError: its message is made from its one options object', () => {
    expectTypeOf(StrategyCheckError).constructorParameters.toEqualTypeOf<
      [options: StrategyCheckErrorOptions]
    >();
    // @ts-expect-error the 0.x positional form
    new StrategyCheckError('mine', 'invariant', [[1]], 1, 'detail');
  });
});
