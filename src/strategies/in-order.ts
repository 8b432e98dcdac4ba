import {
  type CrewStrategy,
  inOrderPicker,
  TRUSTED_STRATEGY,
  type TrustedStrategy,
} from '../core/strategy.js';

/**
 * The SPEC default: a free team takes the next unfinished section in build
 * order (profile 1 left to right, then profile 2, ...). Keeps each profile's
 * sections together, so profiles finish one after another.
 */
export const inOrder: CrewStrategy = Object.freeze<TrustedStrategy>({
  name: 'inOrder',
  [TRUSTED_STRATEGY]: true as const,
  create: inOrderPicker,
});
