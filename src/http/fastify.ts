import type { IncomingHttpHeaders } from 'node:http';
import type { SimulationResult } from '../core/result/result.js';
import type { Wall } from '../core/wall.js';
import { type PathGroup, pickRoute } from './router.js';
import type { Answer } from './routes.js';
import { type ServeOptions, Service } from './service.js';

/**
 * The parts of Fastify's request the plugin reads (Fastify's own types
 * are not needed to use icewall: fastify is not a dependency).
 */
export interface FastifyRequestLike {
  /** The request target (path and query). */
  readonly url: string;
  /** The method. */
  readonly method: string;
  /** The path parameters, decoded. */
  readonly params: unknown;
  /** The headers. */
  readonly headers: IncomingHttpHeaders;
  /** The body: the plugin's parser leaves it a stream. */
  readonly body: unknown;
}

/** The parts of Fastify's reply the plugin uses. */
export interface FastifyReplyLike {
  /** Sets the status. */
  code(status: number): FastifyReplyLike;
  /** Sets a header. */
  header(name: string, value: string): FastifyReplyLike;
  /** Sets the content type. */
  type(contentType: string): FastifyReplyLike;
  /** Sends the body (Fastify serializes an object). */
  send(payload?: unknown): FastifyReplyLike;
}

/** A route handler, as the plugin registers it. */
export type FastifyRouteHandler = (
  request: FastifyRequestLike,
  reply: FastifyReplyLike,
) => Promise<unknown>;

/** The parts of a Fastify 5 instance the plugin uses. */
export interface FastifyLike {
  /** Where the plugin's routes go (the register's `prefix`). */
  readonly prefix: string;
  /** Registers a route. */
  route(options: { method: string | string[]; url: string; handler: FastifyRouteHandler }): unknown;
  /** Sets the 404 handler under the prefix. */
  setNotFoundHandler(handler: FastifyRouteHandler): unknown;
  /** Drops the body parsers, in the plugin's scope. */
  removeAllContentTypeParsers(): unknown;
  /** Adds a body parser, in the plugin's scope. */
  addContentTypeParser(
    contentType: string,
    parser: (
      request: unknown,
      payload: unknown,
      done: (error: Error | null, body?: unknown) => void,
    ) => void,
  ): unknown;
  /** Adds a hook (the plugin uses `onClose`). */
  addHook(name: 'onClose', hook: () => Promise<void>): unknown;
}

/** Options of {@link icewallPlugin}: what to serve, and {@link ServeOptions}. */
export interface IcewallPluginOptions extends ServeOptions {
  /** What to serve: a result, or a wall (simulated with one crew per section). */
  result: SimulationResult | Wall;
  /** Fastify's: where the routes go (`app.register(icewallPlugin, { result, prefix: '/wall' })`). */
  prefix?: string;
}

/** Methods the plugin answers with a 405 where a path does not take them. */
const OTHER_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * A Fastify 5 plugin that registers icewall's routes as real Fastify
 * routes (no `reply.hijack()`): `app.inject()`, hooks, the logger and the
 * serializers work as for any route. Under the register's `prefix`, with a
 * JSON 404 there for unknown paths and a 405 with `Allow` for other
 * methods. Closing the app stops the computations and closes the engine
 * the plugin made (not one passed in).
 *
 * @example
 * ```ts
 * const app = Fastify();
 * await app.register(icewallPlugin, { result, prefix: '/wall' });
 * ```
 * @param app - the Fastify instance (Fastify passes it)
 * @param options - `result`, and the options of `createRequestHandler` but `basePath` (use `prefix`)
 * @throws IcewallError (`ERR_INVALID_OPTION`) for a missing result or a bad option
 */
export async function icewallPlugin(
  app: FastifyLike,
  options: IcewallPluginOptions,
): Promise<void> {
  const { result, ...rest } = options ?? ({} as IcewallPluginOptions);
  const service = new Service(result, rest, 'icewallPlugin', {
    defaults: {},
    // Fastify's own register options.
    passThrough: ['prefix', 'logLevel', 'logSerializers'],
  });
  const mount = app.prefix;
  app.addHook('onClose', () => service.close());
  // POST /simulate parses its body as it streams: the plugin's routes get
  // the request stream itself, unread.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  for (const group of service.groups) {
    const url = group.template.replace(/\{(\w+)\}/g, ':$1');
    const methods = [...new Set(group.routes.map((r) => r.method))];
    const others = OTHER_METHODS.filter((m) => !methods.includes(m as 'GET'));
    const handler: FastifyRouteHandler = (req, reply) => answer(service, group, mount, req, reply);
    const refuse: FastifyRouteHandler = async (req, reply) =>
      send(reply, service.failure(service.notAllowed(group, req.method)));
    for (const u of url === '/' ? ['/'] : [url, `${url}/`]) {
      try {
        app.route({ method: methods, url: u, handler });
        app.route({ method: others, url: u, handler: refuse });
      } catch (error) {
        // With ignoreTrailingSlash, `/x/` is `/x`, registered already.
        if (u === url) throw error;
      }
    }
  }
  try {
    app.setNotFoundHandler(async (req, reply) =>
      send(reply, service.failure(service.notFound(pathOf(req.url), mount))),
    );
  } catch {
    // The app has its own 404 handler for this prefix: it stays.
  }
}

/** Answers a request Fastify routed to a group. */
async function answer(
  service: Service,
  group: PathGroup,
  mount: string,
  req: FastifyRequestLike,
  reply: FastifyReplyLike,
): Promise<FastifyReplyLike> {
  const accept = req.headers.accept;
  const route = pickRoute(group, req.method, accept);
  try {
    if (route === undefined) throw service.notAllowed(group, req.method);
    const params = req.params as Record<string, string>;
    const q = req.url.indexOf('?');
    const a = await service.answer(
      route,
      group,
      group.params.map((name) => params[name] as string),
      {
        method: req.method,
        target: req.url,
        path: pathOf(req.url),
        mount,
        query: q < 0 ? '' : req.url.slice(q + 1),
        ifNoneMatch: req.headers['if-none-match'],
        contentLength: req.headers['content-length'],
        contentEncoding: req.headers['content-encoding'],
        body: req.body as AsyncIterable<Uint8Array> | undefined,
        decoded: true,
      },
    );
    return send(reply, a, route.media);
  } catch (error) {
    return send(reply, service.failure(error));
  }
}

/** Sends an answer through Fastify (its serializer writes a JSON body). */
function send(
  reply: FastifyReplyLike,
  answer: Answer,
  media = 'application/json',
): FastifyReplyLike {
  reply.code(answer.status);
  for (const [name, value] of Object.entries(answer.headers ?? {})) reply.header(name, value);
  if (answer.status === 304) return reply.send();
  if (answer.stream !== undefined) return reply.type(`${media}; charset=utf-8`).send(answer.stream);
  if (answer.json !== undefined) return reply.type(JSON_TYPE).send(answer.json);
  return reply.type(`${media}; charset=utf-8`).send(answer.text ?? '');
}

/** The path of a URL, without its query. */
function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
