import { describeValue, StrategyError, thrownMessage } from '../../errors.js';
import { count, profileOfIndex, sectionNumber } from '../numbers.js';
import type { Wall } from '../wall.js';
import type { PendingSection, PickContext } from './strategy.js';
import { settleQuietly } from './thenable.js';

/**
 * Calls a user strategy and checks that it picked a pending section;
 * returns its 0-based index.
 * @throws StrategyError naming the strategy, day, team and what was wrong
 */
export function checkedPick(
  pick: (context: PickContext) => number | PendingSection,
  context: PickContext,
  name: string,
  wall: Wall,
  taken: Uint8Array,
): number {
  const where = `strategy "${name}" on day ${context.day}, team ${context.team}`;
  const fail = (why: string, cause?: unknown): never => {
    throw new StrategyError(`${where} ${why}`, {
      strategy: name,
      day: context.day,
      team: context.team,
      ...(cause === undefined ? {} : { cause }),
    });
  };
  let position: unknown;
  let picked: unknown;
  try {
    picked = pick(context);
    position =
      typeof picked === 'object' && picked !== null ? (picked as PendingSection).position : picked;
  } catch (error) {
    fail(`threw: ${thrownMessage(error)}`, error);
  }
  if (settleQuietly(picked)) {
    fail('returned a Promise (an async pick?); a pick must return a position synchronously');
  }
  if (typeof position !== 'number' || !Number.isInteger(position)) {
    fail(
      `returned ${describeValue(picked)} while ${count(context.pending.size, 'section')} ${context.pending.size === 1 ? 'is' : 'are'} pending; expected the position of a pending section`,
    );
  }
  const i = (position as number) - 1;
  if (i < 0 || i >= wall.heights.length) {
    fail(`picked position ${position}, outside the wall (positions 1 to ${wall.heights.length})`);
  }
  const p = profileOfIndex(wall.profileStarts, i);
  const label = `position ${position} (profile ${p + 1} section ${sectionNumber(wall.profileStarts, p, i)})`;
  if ((wall.heights[i] as number) >= wall.options.targetHeight) {
    fail(`picked ${label}, which is already finished`);
  }
  if (taken[i] === 1) fail(`picked ${label}, which a team has already taken`);
  return i;
}
