/**
 * A teams schedule on the calling thread (for a strategy object, which
 * cannot cross to a worker), run in slices of about {@link SLICE_MS} that
 * yield to the event loop and check the abort signal in between.
 *
 * @internal
 * @module
 */

import { setImmediate } from 'node:timers/promises';
import type { SimulationResult } from '../core/result/result.js';
import type { RunInput } from '../core/schedule/run-input.js';
import { runTeamsInSteps } from '../core/schedule/teams.js';

/** Milliseconds a slice runs before it lets the event loop turn. */
export const SLICE_MS = 20;

/**
 * Days, or picks of one day, that the core runs between two looks at the
 * clock: a strategy object's pick can take a fraction of a millisecond
 * (one that walks every pending section), and one day can hold as many
 * picks as there are teams.
 */
const STEP = 8;

/**
 * Runs the teams schedule of `input` here, a slice at a time: the caller's
 * timers and I/O run between slices, and an abort is seen there.
 * @throws what `runSimulation` throws; the signal's reason when aborted
 */
export async function runInSlices(
  input: RunInput & { readonly teams: number },
  signal: AbortSignal | undefined,
): Promise<SimulationResult> {
  const steps = runTeamsInSteps(input, input.teams, STEP);
  for (;;) {
    signal?.throwIfAborted();
    const start = performance.now();
    do {
      const step = steps.next();
      if (step.done) return step.value;
    } while (performance.now() - start < SLICE_MS);
    await setImmediate();
  }
}
