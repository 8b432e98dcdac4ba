/**
 * `icewall/http` (Node only): serve a simulation's answers from any Node
 * server.
 *
 * @module
 */

export type { RequestHandler, RequestHandlerOptions } from './handler.js';
export { createRequestHandler } from './handler.js';
