// The second thread of engine-measure's `contention` probe: counts the file's
// bytes once to warm up, says it is ready, then for each round the main
// thread starts counts it again and posts how long that took.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const { dist, file, gate, rounds } = workerData;
const { simulateParallel } = await import(`${dist}engine.js`);
const bytes = readFileSync(file);
const options = { maxSectionsPerProfile: Number.POSITIVE_INFINITY, parallelism: 1 };
await simulateParallel(bytes, options);
const flags = new Int32Array(gate);
Atomics.store(flags, 0, 1);
Atomics.notify(flags, 0);
for (let round = 1; round <= rounds; round++) {
  // Slot 1 holds the round the main thread has started.
  while (Atomics.load(flags, 1) < round) Atomics.wait(flags, 1, round - 1, 50);
  const started = performance.now();
  await simulateParallel(bytes, options);
  parentPort.postMessage(performance.now() - started);
}
