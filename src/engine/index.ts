/**
 * icewall/engine (Node only): the parallel engine. Simulate big configs on
 * worker threads ({@link simulateParallel}), run a `Simulation` off the
 * main thread with its events re-emitted in order ({@link runParallel}),
 * and sweep or plan team counts in parallel ({@link createEngine}). Every
 * answer is the single-threaded core's.
 *
 * @module icewall/engine
 */

export type { Engine, EngineOptions, SimulateParallelOptions } from './engine.js';
export { createEngine, runParallel, simulateParallel } from './engine.js';
export type { RunParallelOptions } from './run-parallel.js';
export type { StrategyModule } from './shared.js';
export type { FileSource, ParallelSource } from './source.js';
export type { CompareEntry, CompareOptions, EnginePlanOptions } from './sweep.js';
