/**
 * A strategy that is async by mistake: see {@link settleQuietly}.
 * @internal
 * @module
 */
/**
 * Whether `value` is a promise (a thenable); if it is, its rejection is
 * caught: the run has failed with a StrategyError already, and a
 * rejection nobody handles would end the process (or, on a worker, fail
 * the next task).
 * @internal
 */
export function settleQuietly(value: unknown): boolean {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  let then: unknown;
  try {
    then = (value as { then?: unknown }).then;
  } catch {
    return false;
  }
  if (typeof then !== 'function') return false;
  try {
    (then as (f: undefined, r: () => void) => unknown).call(value, undefined, () => {});
  } catch {
    // a thenable whose then() throws: nothing will reject later
  }
  return true;
}
