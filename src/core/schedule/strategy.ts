import { describeValue, StrategyError, thrownMessage } from '../../errors.js';
import type { Wall } from '../wall.js';
import { settleQuietly } from './thenable.js';

/** A section that no team has taken yet, as a strategy sees it. */
export interface PendingSection {
  /** 1-based position in build order over all sections of the wall (finished ones included). */
  readonly position: number;
  /** 1-based profile number. */
  readonly profile: number;
  /** 1-based section number within the profile. */
  readonly section: number;
  /** Feet still to build (target height minus starting height; at least 1). */
  readonly remaining: number;
}

/**
 * The sections not yet taken, in build order. Iterating is O(pending), so
 * keep it to small walls or to strategies that stop early.
 */
export interface PendingSections extends Iterable<PendingSection> {
  /** How many sections are pending. */
  readonly size: number;
  /** The first pending section in build order (`undefined` when none). */
  first(): PendingSection | undefined;
  /** Whether the section at this build-order position is pending. */
  has(position: number): boolean;
  /** The pending section at this position, or `undefined` if it is not pending. */
  get(position: number): PendingSection | undefined;
}

/** What a strategy is told each time a team is free and sections are pending. */
export interface PickContext {
  /** The day that is starting (1-based). */
  readonly day: number;
  /** The free team's number (1-based); teams pick in order of their number. */
  readonly team: number;
  /** The sections still to be taken. */
  readonly pending: PendingSections;
  /** The wall being built. */
  readonly wall: Wall;
}

/**
 * Picks the section a free team takes: returns its build-order `position`
 * (or the {@link PendingSection} itself). It is called only while at least
 * one section is pending and must return a pending one.
 */
export type PickSection = (context: PickContext) => number | PendingSection;

/**
 * A crew strategy: decides which pending section a free team takes next
 * (the default, {@link inOrder}, takes the next section in build order).
 * `create` is called once
 * per run, so state kept in its closure starts fresh every run.
 *
 * @example
 * ```ts
 * const lastFirst: CrewStrategy = {
 *   name: 'lastFirst',
 *   create: () => ({ pending }) => {
 *     let last = 0;
 *     for (const s of pending) last = s.position;
 *     return last;
 *   },
 * };
 * ```
 */
export interface CrewStrategy {
  /** A name for messages and reports. */
  readonly name: string;
  /**
   * Starts a run on `wall` and returns the picking function for that run.
   * @param wall - the wall about to be built
   */
  create(wall: Wall): PickSection;
}

/**
 * Marks a built-in strategy whose picks never depend on the team number or
 * on `pending` and are always valid, so the engine may count free teams per
 * day instead of tracking each one. Not part of the public API.
 *
 * A registered symbol (`Symbol.for`), so that the ESM and CJS builds of
 * icewall recognise each other's built-ins. It is set as a non-enumerable
 * own property of a frozen object: object spread copies only enumerable
 * properties, so `{ ...inOrder, name, create }` is not trusted and runs
 * with every check.
 */
export const TRUSTED_STRATEGY: unique symbol = Symbol.for('icewall.trustedStrategy');

/** A built-in strategy (see {@link TRUSTED_STRATEGY}). */
export interface TrustedStrategy extends CrewStrategy {
  readonly [TRUSTED_STRATEGY]: true;
}

/** Makes a frozen, trusted built-in strategy (see {@link TRUSTED_STRATEGY}). */
export function trustedStrategy(name: string, create: (wall: Wall) => PickSection): CrewStrategy {
  const strategy = { name, create };
  Object.defineProperty(strategy, TRUSTED_STRATEGY, { value: true, enumerable: false });
  return Object.freeze(strategy);
}

/**
 * Whether the engine may skip team tracking and pick validation for this
 * strategy: only for a frozen object that carries the brand as its own,
 * non-enumerable property (a copy, a spread or a derived object does not).
 */
export function isTrusted(strategy: CrewStrategy): strategy is TrustedStrategy {
  const brand = Object.getOwnPropertyDescriptor(strategy, TRUSTED_STRATEGY);
  return (
    brand !== undefined && brand.value === true && !brand.enumerable && Object.isFrozen(strategy)
  );
}

/**
 * Starts a run of `strategy`: calls its `create(wall)`. An error thrown
 * there, or something other than a function returned, is a
 * {@link StrategyError} naming the strategy (day and team 0: before the
 * first pick), never a bare error.
 */
export function createPicker(strategy: CrewStrategy, wall: Wall): PickSection {
  const name = strategy.name;
  let pick: unknown;
  try {
    pick = strategy.create(wall);
  } catch (error) {
    const reason = thrownMessage(error);
    throw new StrategyError(`strategy "${name}" threw in create(): ${reason}`, {
      strategy: name,
      day: 0,
      team: 0,
      cause: error,
    });
  }
  if (settleQuietly(pick)) {
    throw new StrategyError(
      `strategy "${name}": create() returned a Promise (an async create?); it must return the picking function synchronously`,
      { strategy: name, day: 0, team: 0 },
    );
  }
  if (typeof pick !== 'function') {
    throw new StrategyError(
      `strategy "${name}": create() returned ${describeValue(pick)}; expected a function that picks a section`,
      { strategy: name, day: 0, team: 0 },
    );
  }
  return pick as PickSection;
}

/**
 * The build-order rule (the default strategy): each call returns the position of
 * the next unfinished section. Only called while one is pending.
 */
export function inOrderPicker(wall: Wall): () => number {
  const { heights } = wall;
  const target = wall.options.targetHeight;
  let next = 0;
  return () => {
    while ((heights[next] as number) >= target) next++;
    return ++next;
  };
}

/**
 * The default strategy, owned by the core because it is the rule SPEC §4
 * step 1 states: a free team takes the next unfinished section in build
 * order. `icewall` exports it as `inOrder`.
 */
export const IN_ORDER: CrewStrategy = trustedStrategy('inOrder', inOrderPicker);

/** The name of {@link IN_ORDER} (with the brand, it identifies it across the ESM and CJS builds). */
export const IN_ORDER_NAME = 'inOrder';
