// The error codes as programs branch on them.
import type { IcewallErrorCode } from 'icewall';
import { describe, expectTypeOf, it } from 'vitest';

describe('IcewallErrorCode', () => {
  it('has no code for an abort: an aborted call rejects with the signal’s reason', () => {
    // @ts-expect-error: ERR_ABORTED was never thrown and is gone in 1.0
    const aborted: IcewallErrorCode = 'ERR_ABORTED';
    void aborted;
    expectTypeOf<'ERR_INTERNAL'>().toMatchTypeOf<IcewallErrorCode>();
  });
});
