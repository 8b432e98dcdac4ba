import { close, constants, createReadStream, fstat, open, type ReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { missingProfile } from '../core/numbers.js';
import { type Defaults, invalidOption, optionsObject } from '../core/options/check.js';
import { isSimulationResult, type SimulationResult } from '../core/result/result.js';
import { failureLine, isInputError } from '../errors.js';
import { dashboardPage } from './dashboard.js';
import { profilePage } from './profiles.js';
import { HttpError, send, shown, targetOf, wholeNumber } from './respond.js';

/** Options of {@link createRequestHandler}. */
export interface RequestHandlerOptions {
  /**
   * A path prefix the routes live under, e.g. `/api/wall`: empty, or
   * starting with `/` (a trailing slash is dropped). Requests outside it go
   * to `next()` when there is one, else 404.
   * @default '' (the routes are at the root)
   */
  basePath?: string;
  /**
   * A log file (from `attachLogFile`) to serve, streamed, at `GET /log`.
   * No other file is ever served.
   * @default undefined (no /log route)
   */
  logPath?: string;
}

/** The defaults of {@link RequestHandlerOptions}. */
const HANDLER_DEFAULTS: Defaults<RequestHandlerOptions> = Object.freeze({
  basePath: '',
  logPath: undefined,
});

/** `(req, res, next?) => void`: fits `http.createServer` and Express/Connect. */
export type RequestHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

/** The routes, as `GET /` and 404 bodies list them (relative to the mount point). */
const ROUTES: readonly (readonly [path: string, what: string])[] = [
  ['/profiles/{p}/days/{d}/', 'ice used by profile p on day d'],
  ['/profiles/{p}/overview/{d}/', 'cost of profile p up to day d'],
  ['/profiles/overview/{d}/', 'cost of all profiles up to day d'],
  ['/profiles/overview/', 'total cost of the wall'],
  ['/profiles/?offset=0&limit=100', 'profile summaries, in pages of at most 1000'],
  ['/profiles/{p}/', "one profile's summary"],
  ['/health', 'status, days and profiles'],
];
const LOG_ROUTE = ['/log', 'the log file, as text'] as const;

/**
 * Every route, trailing slash optional: /, /health, /log, /profiles,
 * /profiles/overview, /profiles/overview/{d}, /profiles/{p},
 * /profiles/{p}/days/{d}, /profiles/{p}/overview/{d}.
 */
const ROUTE =
  /^\/(?:(health|log)|(profiles)(?:\/(overview)(?:\/([^/]+))?|\/(?!overview\/?$)([^/]+)(?:\/(days|overview)\/([^/]+))?)?)?\/?$/;

/**
 * Serves a simulation's answers over HTTP, as JSON:
 *
 * - `GET /profiles/{p}/days/{d}/` → `{"day": d, "ice_amount": n}`
 * - `GET /profiles/{p}/overview/{d}/` → `{"day": d, "cost": n}`
 * - `GET /profiles/overview/{d}/` → `{"day": d, "cost": n}`
 * - `GET /profiles/overview/` → `{"day": null, "cost": n}`
 * - `GET /` (the routes), `GET /profiles/?offset=&limit=` (summaries in
 *   pages), `GET /profiles/{p}/`, `GET /health`, and `GET /log` with `logPath`
 *
 * Trailing slashes are optional and HEAD works everywhere GET does. Errors
 * are JSON `{"error": "..."}`: 400 for a malformed or out-of-range number,
 * 404 for an unknown profile or route (with the list of routes), 405 (with
 * `Allow`) for other methods, 500 with a one-line reason for a failure that
 * is not the request's fault. The handler keeps no global state; it only
 * reads `result`.
 *
 * @example
 * ```ts
 * http.createServer(createRequestHandler(simulate(wall))).listen(8080);
 * app.use('/wall', createRequestHandler(result)); // Express
 * ```
 * @param result - what to serve
 * @param options - base path and log file
 * @throws IcewallError (`ERR_INVALID_OPTION`) for a missing result or a bad option
 */
export function createRequestHandler(
  result: SimulationResult,
  options?: RequestHandlerOptions,
): RequestHandler {
  checkResult(result);
  const o = optionsObject(options, HANDLER_DEFAULTS, 'createRequestHandler');
  const base = checkBasePath(o.basePath);
  const logPath = o.logPath;
  if (logPath !== undefined && (typeof logPath !== 'string' || logPath === '')) {
    invalidOption('logPath', 'a file path', logPath);
  }
  const routes = logPath === undefined ? ROUTES : [...ROUTES, LOG_ROUTE];

  return (req, res, next) => {
    try {
      const url = targetOf(req.url);
      const query = url.indexOf('?');
      const raw = query < 0 ? url : url.slice(0, query);
      const inside = base === '' || raw === base || raw.startsWith(`${base}/`);
      const match = inside ? ROUTE.exec(raw.slice(base.length) || '/') : null;
      if (match === null) {
        if (next) next();
        else notFound(req, res, base, raw, routes);
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        const error = `method ${req.method} is not allowed; use GET or HEAD`;
        send(req, res, 405, { error }, { allow: 'GET, HEAD' });
        return;
      }
      const site = { result, base, logPath, routes };
      answer(req, res, match, site, query < 0 ? '' : url.slice(query + 1));
    } catch (error) {
      if (error instanceof HttpError) send(req, res, error.status, { error: error.message });
      else if (isInputError(error)) send(req, res, 400, { error: failureLine(error) });
      else send(req, res, 500, { error: failureLine(error) });
    }
  };
}

/** What the handler serves, checked once. */
interface Site {
  readonly result: SimulationResult;
  readonly base: string;
  readonly logPath: string | undefined;
  readonly routes: readonly (readonly [string, string])[];
}

/** Answers a request that matched {@link ROUTE}. */
function answer(
  req: IncomingMessage,
  res: ServerResponse,
  match: RegExpExecArray,
  site: Site,
  query: string,
): void {
  const { result, base, logPath, routes } = site;
  // Groups: 1 health|log, 2 profiles, 3 overview, 4 its day, 5 profile, 6 days|overview, 7 day.
  const [, top, profiles, overview, overviewDay, p, kind, day] = match;
  if (top === 'health') {
    send(req, res, 200, { status: 'ok', days: result.days, profiles: result.profileCount });
  } else if (top === 'log') {
    if (logPath === undefined) throw new HttpError(404, 'no log file is served here');
    streamLog(req, res, logPath);
  } else if (profiles === undefined) {
    const mount = mountPath(req, base);
    // A browser gets the dashboard, JSON clients the index: the answer varies with Accept.
    const vary = { vary: 'Accept' };
    if (/\btext\/html\b/i.test(req.headers.accept ?? '')) {
      const page = dashboardPage(result, { mount });
      const type = 'text/html; charset=utf-8';
      res.writeHead(200, {
        ...vary,
        'content-type': type,
        'content-length': Buffer.byteLength(page),
      });
      res.end(req.method === 'HEAD' ? undefined : page);
      return;
    }
    const list = routes.map(([path, what]) => ({ path: `${mount}${path}`, what }));
    send(req, res, 200, { name: 'icewall', days: result.days, routes: list }, vary);
  } else if (p !== undefined) {
    const profile = wholeNumber('profile', decode(p));
    if (profile > result.profileCount) {
      throw new HttpError(404, missingProfile(profile, result.profileCount));
    }
    if (kind === undefined) send(req, res, 200, result.profileSummary(profile));
    else {
      const d = wholeNumber('day', decode(day as string));
      if (kind === 'days') send(req, res, 200, { day: d, ice_amount: result.dailyIce(profile, d) });
      else send(req, res, 200, { day: d, cost: result.profileCost(profile, d) });
    }
  } else if (overviewDay !== undefined) {
    const d = wholeNumber('day', decode(overviewDay));
    send(req, res, 200, { day: d, cost: result.totalCost(d) });
  } else if (overview !== undefined) {
    send(req, res, 200, { day: null, cost: result.totalCost() });
  } else {
    const { offset, limit } = pageOf(query);
    send(req, res, 200, profilePage(result, offset + 1, limit, pathOf(req)));
  }
}

/** 404 for a path that is no route, listing the routes. */
function notFound(
  req: IncomingMessage,
  res: ServerResponse,
  base: string,
  raw: string,
  routes: readonly (readonly [string, string])[],
): void {
  const mount = mountPath(req, base);
  send(req, res, 404, {
    error: `no route for ${shown(raw, 200)}`,
    routes: [`${mount}/`, ...routes.map(([path]) => `${mount}${path}`)],
  });
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

/** `?offset=&limit=` of `GET /profiles/`: offset ≥ 0, limit 1 to 1000 (default 100). */
function pageOf(query: string): { offset: number; limit: number } {
  const params = new URLSearchParams(query);
  const offsetText = params.get('offset');
  const limitText = params.get('limit');
  const offset = offsetText === null ? 0 : wholeNumber('offset', offsetText, 0);
  const limit = limitText === null ? 100 : wholeNumber('limit', limitText, 1, 1000);
  return { offset, limit };
}

/** Checks that `result` is a simulation result (from any copy of icewall, by its brand). */
function checkResult(result: unknown): void {
  if (!isSimulationResult(result)) {
    invalidOption('result', 'a SimulationResult (from simulate or Simulation.run)', result);
  }
}

/** `basePath`: empty or `/…`, without `?` or `#`; a trailing slash is dropped. */
function checkBasePath(basePath: unknown = HANDLER_DEFAULTS.basePath): string {
  if (typeof basePath !== 'string' || !/^(?:\/[^?#]*)?$/.test(basePath)) {
    invalidOption('basePath', 'empty or a path starting with "/" (e.g. "/api/wall")', basePath);
  }
  return basePath.replace(/\/+$/, '');
}

/** Decodes a path segment; malformed percent-encoding is a 400. */
function decode(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'malformed percent-encoding in the path');
  }
}

/**
 * Streams the log file. `pipeline` closes the file when the response ends,
 * fails, or the client goes away mid-download, so no descriptor is leaked.
 */
function streamLog(req: IncomingMessage, res: ServerResponse, path: string): void {
  const cannotRead = () => {
    if (!res.headersSent) send(req, res, 404, { error: 'the log file cannot be read' });
  };
  // Non-blocking: opening a named pipe with no writer would otherwise wait
  // forever. A directory, a pipe or a device opens but is no log file (a
  // directory fails on the first read, after a 200 would have gone out):
  // the same 404 as a missing file, decided before any header.
  open(path, constants.O_RDONLY | constants.O_NONBLOCK, (openError, fd) => {
    if (openError !== null) return cannotRead();
    fstat(fd, (error, stats) => {
      if (error !== null || !stats.isFile()) {
        close(fd, () => {});
        return cannotRead();
      }
      const file = createReadStream('', { fd });
      file.once('error', cannotRead);
      sendLog(req, res, file);
    });
  });
}

/** Sends an opened log file: headers, then the bytes (none for HEAD). */
function sendLog(req: IncomingMessage, res: ServerResponse, file: ReadStream): void {
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  if (req.method === 'HEAD') {
    file.destroy();
    res.end();
    return;
  }
  pipeline(file, res, () => {
    // Errors (a client that left) end both streams; nothing more to do.
  });
}
