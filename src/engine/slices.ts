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
import { runSimulation } from '../core/schedule/run.js';
import type { RunInput } from '../core/schedule/run-input.js';
import { abortError } from './errors.js';

/** Milliseconds a slice runs before it lets the event loop turn. */
export const SLICE_MS = 20;

/**
 * Runs `input` here, a slice at a time.
 * @throws what `runSimulation` throws; the signal's reason when aborted
 */
export async function runInSlices(
  input: RunInput,
  signal: AbortSignal | undefined,
): Promise<SimulationResult> {
  if (signal?.aborted) throw abortError(signal);
  await setImmediate();
  if (signal?.aborted) throw abortError(signal);
  return runSimulation(input);
}
