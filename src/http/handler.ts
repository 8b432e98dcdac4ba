import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { invalidOption } from '../core/options/check.js';
import type { SimulationResult } from '../core/result/result.js';
import type { Wall } from '../core/wall.js';
import { targetOf } from './respond.js';
import { matchPath, pickRoute } from './router.js';
import type { Answer, ServiceRequest } from './routes.js';
import { type ServeOptions, Service } from './service.js';

/** Options of {@link createRequestHandler}. */
export interface RequestHandlerOptions extends ServeOptions {
  /**
   * A path prefix the routes live under, e.g. `/api/wall`: empty, or
   * starting with `/` (a trailing slash is dropped). Requests outside it go
   * to `next()` when there is one, else 404.
   * @default '' (the routes are at the root)
   */
  basePath?: string;
}

/**
 * `(req, res, next?) => void`: fits `http.createServer` and Express/Connect;
 * `close()` stops the computations and closes the engine the handler made.
 */
export interface RequestHandler {
  (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void;
  /** Stops what is computing and closes the engine the handler made (not one passed in). Safe to call twice. */
  close(): Promise<void>;
  /** As {@link close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Serves a simulation's answers over HTTP, as JSON (see docs/http.md):
 *
 * - `GET /profiles/{p}/days/{d}/` → `{"day": d, "ice_amount": n}`
 * - `GET /profiles/{p}/overview/{d}/` → `{"day": d, "cost": n}`
 * - `GET /profiles/overview/{d}/` → `{"day": d, "cost": n}`
 * - `GET /profiles/overview/` → `{"day": null, "cost": n}`
 * - `GET /profiles/?offset=&limit=`, `GET /profiles/{p}/`, `GET /health`,
 *   `GET /`, `GET /openapi.json`, `POST /simulate`, and `GET /log` with `logPath`
 *
 * Every profile route takes `?teams=N&strategy=NAME` and answers for that
 * configuration of the wall, computed on the engine's threads, cached
 * (`cacheSize`), once however many ask (single flight), at most
 * `maxPending` at a time (then a 503). GET answers carry a strong ETag.
 * Trailing slashes are optional and HEAD works everywhere GET does. Errors
 * are JSON `{"error": "..."}` with the status of docs/errors.md.
 *
 * @example
 * ```ts
 * http.createServer(createRequestHandler(simulate(wall))).listen(8080);
 * app.use('/wall', createRequestHandler(result)); // Express
 * ```
 * @param source - what to serve: a result, or a wall (simulated with one crew per section)
 * @param options - base path, log file, engine and limits
 * @throws IcewallError (`ERR_INVALID_OPTION`) for a missing result or a bad option
 */
export function createRequestHandler(
  source: SimulationResult | Wall,
  options?: RequestHandlerOptions,
): RequestHandler {
  const service = new Service(source, options, 'createRequestHandler', {
    defaults: { basePath: '' },
  });
  const base = checkBasePath(options?.basePath);
  const { groups } = service;

  const handler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => {
    try {
      const url = targetOf(req.url);
      const q = url.indexOf('?');
      const raw = q < 0 ? url : url.slice(0, q);
      const inside = base === '' || raw === base || raw.startsWith(`${base}/`);
      const match = inside ? matchPath(groups, raw.slice(base.length) || '/') : null;
      if (match === null) {
        if (next) next();
        else throw service.notFound(raw, mountPath(req, base));
        return;
      }
      const method = req.method ?? 'GET';
      const route = pickRoute(match.group, method, req.headers.accept);
      if (route === undefined) throw service.notAllowed(match.group, method);
      const answer = service.answer(
        route,
        match.group,
        match.values,
        new NodeRequest(req, base, url, q),
      );
      if (answer instanceof Promise) {
        answer.then(
          (a) => write(req, res, a, route.media),
          (error: unknown) => write(req, res, service.failure(error)),
        );
      } else write(req, res, answer, route.media);
    } catch (error) {
      write(req, res, service.failure(error));
    }
  };
  const close = () => service.close();
  return Object.assign(handler, { close, [Symbol.asyncDispose]: close });
}

/**
 * A `node:http` request as the service reads it; the path and the mount
 * point are worked out only for the routes that ask (the index, the pages,
 * the document).
 */
class NodeRequest implements ServiceRequest {
  readonly method: string;
  readonly query: string;
  readonly ifNoneMatch: string | undefined;
  readonly contentLength: string | undefined;
  readonly contentEncoding: string | undefined;
  readonly decoded = false;
  constructor(
    readonly body: IncomingMessage,
    private readonly base: string,
    readonly target: string,
    q: number,
  ) {
    this.method = body.method ?? 'GET';
    this.query = q < 0 ? '' : target.slice(q + 1);
    this.ifNoneMatch = body.headers['if-none-match'];
    this.contentLength = body.headers['content-length'];
    this.contentEncoding = body.headers['content-encoding'];
  }
  get path(): string {
    return pathOf(this.body);
  }
  get mount(): string {
    return mountPath(this.body, this.base);
  }
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** Writes an answer: headers, then the body with its length (none for HEAD or a 304). */
function write(
  req: IncomingMessage,
  res: ServerResponse,
  answer: Answer,
  media = 'application/json',
): void {
  if (res.headersSent || res.destroyed) return;
  const { status, headers = {}, stream } = answer;
  if (stream === undefined && status !== 304) {
    // The common case, a body in hand: one writeHead with every header
    // (Node's quicker path than a setHeader each; headers a framework set
    // on `res` before are kept).
    const json = answer.json !== undefined;
    const text = json ? JSON.stringify(answer.json) : (answer.text ?? '');
    // Copied key by key: an object spread here cost about 2 us a request.
    const all: Record<string, string | number> = {};
    for (const name in headers) all[name] = headers[name] as string;
    all['content-type'] = json ? JSON_TYPE : `${media}; charset=utf-8`;
    all['content-length'] = Buffer.byteLength(text);
    res.writeHead(status, all);
    res.end(req.method === 'HEAD' ? undefined : text);
    return;
  }
  if (stream !== undefined) res.setHeader('content-type', `${media}; charset=utf-8`);
  for (const name in headers) res.setHeader(name, headers[name] as string);
  res.statusCode = status;
  if (stream !== undefined) {
    if (req.method === 'HEAD') {
      stream.destroy();
      res.end();
      return;
    }
    pipeline(stream, res, () => {
      // A client that left ends both streams; nothing more to do.
    });
    return;
  }
  res.end();
}

/** The path of the request as the client sent it (Express keeps it in `originalUrl`). */
function pathOf(req: IncomingMessage): string {
  const url = targetOf((req as { originalUrl?: string }).originalUrl ?? req.url);
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

/** Where the routes are, as the client sees them: the mount path (`/wall` under `app.use('/wall', …)`), then `basePath`. */
function mountPath(req: IncomingMessage, base: string): string {
  const original = pathOf(req).replace(/\/+$/, '');
  const url = targetOf(req.url);
  const own = (url.indexOf('?') < 0 ? url : url.slice(0, url.indexOf('?'))).replace(/\/+$/, '');
  const mount = original.endsWith(own) ? original.slice(0, original.length - own.length) : '';
  return `${mount}${base}`;
}

/** `basePath`: empty or `/…`, without `?` or `#`; a trailing slash is dropped. */
function checkBasePath(basePath: unknown = ''): string {
  if (typeof basePath !== 'string' || !/^(?:\/[^?#]*)?$/.test(basePath)) {
    invalidOption('basePath', 'empty or a path starting with "/" (e.g. "/api/wall")', basePath);
  }
  return basePath.replace(/\/+$/, '');
}
