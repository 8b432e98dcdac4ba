/**
 * Days kept in a ring of at most 32 slots (`day % slots`), with the
 * non-empty slots as bits of one 32-bit mask. Both the teams scheduler and
 * the per-profile series use it: everything pending lies within
 * `slots - 1` days of the current day, so the slot order from the current
 * day on is the day order.
 */

/** Index of the lowest set bit of a non-zero 32-bit mask. */
export function lowestBit(mask: number): number {
  return 31 - Math.clz32(mask & -mask);
}

/**
 * How many days after `fromSlot`'s day the next set bit of `mask` comes
 * (1 … slots − 1), for a ring of at most 32 slots. Some bit other than
 * `fromSlot`'s must be set.
 */
export function distance(mask: number, fromSlot: number, slots: number): number {
  if (mask === 0) throw new Error('icewall internal error: no team is busy');
  let from = fromSlot + 1;
  if (from === slots) from = 0;
  const above = mask & ~((1 << from) - 1);
  const slot = above !== 0 ? lowestBit(above) : lowestBit(mask);
  return 1 + (slot >= from ? slot - from : slot + slots - from);
}
