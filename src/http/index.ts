/**
 * `icewall/http` (Node only): serve a simulation's answers from any Node
 * server.
 *
 * @module icewall/http
 */

export type { RequestHandler, RequestHandlerOptions } from './handler.js';
export { createRequestHandler } from './handler.js';
