// The second thread of engine-measure's `contention` probe: counts the file's
// bytes once to warm up, says it is ready, waits for the start, counts again
// and posts how long that took.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const { dist, file, gate } = workerData;
const { simulateParallel } = await import(`${dist}engine.js`);
const bytes = readFileSync(file);
const options = { maxSectionsPerProfile: Number.POSITIVE_INFINITY, threads: 1 };
await simulateParallel(bytes, options);
const flags = new Int32Array(gate);
Atomics.store(flags, 0, 1);
Atomics.notify(flags, 0);
Atomics.wait(flags, 1, 0);
const started = performance.now();
await simulateParallel(bytes, options);
parentPort.postMessage(performance.now() - started);
