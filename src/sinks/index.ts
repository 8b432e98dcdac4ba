/**
 * `icewall/sinks` (Node only): write a simulation's events to a log file,
 * JSON lines, or the console.
 *
 * @module icewall/sinks
 */

export type { LogFileOptions } from './log-file.js';
export { attachLogFile } from './log-file.js';
export type { ConsoleOptions, JsonLinesOptions } from './stream-sinks.js';
export { attachConsole, attachJsonLines } from './stream-sinks.js';
export type { AttachedSink } from './subscribe.js';
