import { type CrewStrategy, IN_ORDER } from '../core/schedule/strategy.js';

/**
 * The default: a free team takes the next unfinished section in build
 * order (profile 1 left to right, then profile 2, ...). Keeps each profile's
 * sections together, so profiles finish one after another.
 */
export const inOrder: CrewStrategy = IN_ORDER;
