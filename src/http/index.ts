/**
 * `icewall/http` (Node only): serve a simulation's answers from any Node
 * server, or as a Fastify plugin.
 *
 * @module icewall/http
 */

export type {
  FastifyLike,
  FastifyReplyLike,
  FastifyRequestLike,
  FastifyRouteHandler,
  IcewallPluginOptions,
} from './fastify.js';
export { icewallPlugin } from './fastify.js';
export type { RequestHandler, RequestHandlerOptions } from './handler.js';
export { createRequestHandler } from './handler.js';
export type { ServeOptions } from './service.js';
