import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulationResult } from '../core/result.js';

/** Options of {@link createRequestHandler}. */
export interface RequestHandlerOptions {
  /**
   * A path prefix the routes live under, e.g. `/api/wall` (no trailing
   * slash). Requests outside it go to `next()` when there is one, else 404.
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

/** `(req, res, next?) => void`: fits `http.createServer` and Express/Connect. */
export type RequestHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

const JSON_TYPE = 'application/json; charset=utf-8';

/** Writes a JSON response with its length; HEAD gets the headers only. */
function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.setHeader('content-type', JSON_TYPE);
  res.setHeader('content-length', Buffer.byteLength(text));
  if (headers !== undefined)
    for (const name in headers) res.setHeader(name, headers[name] as string);
  res.statusCode = status;
  res.end(req.method === 'HEAD' ? undefined : text);
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A path segment as a whole number ≥ 1 that is exact in a JS number, or a 400. */
function wholeNumber(what: string, segment: string): number {
  let n = 0;
  let digits = segment.length > 0 && segment.length <= 16;
  for (let i = 0; digits && i < segment.length; i++) {
    const c = segment.charCodeAt(i) - 48;
    if (c < 0 || c > 9) digits = false;
    else n = n * 10 + c;
  }
  if (!digits || !Number.isSafeInteger(n) || n < 1) {
    const shown = segment.length > 40 ? `${segment.slice(0, 40)}...` : segment;
    throw new HttpError(
      400,
      `${what} must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}, got ${JSON.stringify(shown)}`,
    );
  }
  return n;
}

/**
 * Serves a simulation's answers over HTTP (SPEC §8), as JSON:
 *
 * - `GET /profiles/{p}/days/{d}/` → `{"day": d, "ice_amount": n}`
 * - `GET /profiles/{p}/overview/{d}/` → `{"day": d, "cost": n}`
 * - `GET /profiles/overview/{d}/` → `{"day": d, "cost": n}`
 * - `GET /profiles/overview/` → `{"day": null, "cost": n}`
 * - `GET /profiles/` (every profile's summary), `GET /profiles/{p}/`, `GET /health`, and `GET /log` with `logPath`
 *
 * Trailing slashes are optional and HEAD works everywhere GET does. Errors
 * are JSON `{"error": "..."}`: 400 for a malformed or out-of-range number,
 * 404 for an unknown profile or route, 405 (with `Allow`) for other methods.
 * The handler keeps no global state; it only reads `result`.
 *
 * @example
 * ```ts
 * http.createServer(createRequestHandler(simulate(wall))).listen(8080);
 * app.use('/wall', createRequestHandler(result)); // Express
 * ```
 * @param result - what to serve
 * @param options - base path and log file
 */
export function createRequestHandler(
  result: SimulationResult,
  options: RequestHandlerOptions = {},
): RequestHandler {
  const base = (options.basePath ?? '').replace(/\/+$/, '');
  const logPath = options.logPath;
  let allProfiles: unknown[] | undefined;
  const summary = (p: number) => ({
    profile: p,
    sections: result.wall.sectionsOf(p),
    days: result.profileDays(p),
    ice: result.profileIce(p),
    cost: result.profileCost(p),
  });

  return (req, res, next) => {
    try {
      const url = req.url ?? '/';
      const query = url.indexOf('?');
      const raw = query < 0 ? url : url.slice(0, query);
      if (base !== '' && raw !== base && !raw.startsWith(`${base}/`)) {
        if (next) next();
        else send(req, res, 404, { error: `no route for ${raw.slice(0, 200)}` });
        return;
      }
      const match = ROUTE.exec(raw.slice(base.length));
      if (match === null) {
        if (next) {
          next();
          return;
        }
        throw new HttpError(
          404,
          `no route for ${raw.length > 200 ? `${raw.slice(0, 200)}...` : raw}`,
        );
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(
          req,
          res,
          405,
          { error: `method ${req.method} is not allowed; use GET or HEAD` },
          { allow: 'GET, HEAD' },
        );
        return;
      }
      // Groups: 1 health|log, 2 profiles, 3 overview, 4 its day, 5 profile, 6 days|overview, 7 day.
      const [, top, , overview, overviewDay, p, kind, day] = match;
      if (top === 'health') {
        send(req, res, 200, { status: 'ok', days: result.days, profiles: result.profileCount });
      } else if (top === 'log') {
        if (logPath === undefined) throw new HttpError(404, 'no log file is served here');
        streamLog(req, res, logPath);
      } else if (p !== undefined) {
        const profile = wholeNumber('profile', decode(p));
        if (profile > result.profileCount) {
          throw new HttpError(
            404,
            `profile ${profile} does not exist: the wall has profiles 1 to ${result.profileCount}`,
          );
        }
        if (kind === undefined) send(req, res, 200, summary(profile));
        else {
          const d = wholeNumber('day', decode(day as string));
          if (kind === 'days')
            send(req, res, 200, { day: d, ice_amount: result.dailyIce(profile, d) });
          else send(req, res, 200, { day: d, cost: result.profileCost(profile, d) });
        }
      } else if (overviewDay !== undefined) {
        const d = wholeNumber('day', decode(overviewDay));
        send(req, res, 200, { day: d, cost: result.totalCost(d) });
      } else if (overview !== undefined) {
        send(req, res, 200, { day: null, cost: result.totalCost() });
      } else {
        // The result never changes, so the list is built once, on first request.
        allProfiles ??= Array.from({ length: result.profileCount }, (_, k) => summary(k + 1));
        send(req, res, 200, allProfiles);
      }
    } catch (error) {
      if (error instanceof HttpError) send(req, res, error.status, { error: error.message });
      else if (error instanceof RangeError) send(req, res, 400, { error: error.message });
      else send(req, res, 500, { error: 'internal error' });
    }
  };
}

/**
 * Every route, trailing slash optional: /health, /log, /profiles,
 * /profiles/overview, /profiles/overview/{d}, /profiles/{p},
 * /profiles/{p}/days/{d}, /profiles/{p}/overview/{d}.
 */
const ROUTE =
  /^\/(?:(health|log)|(profiles)(?:\/(overview)(?:\/([^/]+))?|\/(?!overview\/?$)([^/]+)(?:\/(days|overview)\/([^/]+))?)?)\/?$/;

/** Decodes a path segment; malformed percent-encoding is a 400. */
function decode(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'malformed percent-encoding in the path');
  }
}

function streamLog(req: IncomingMessage, res: ServerResponse, path: string): void {
  const file = createReadStream(path);
  file.once('error', () => {
    if (!res.headersSent) send(req, res, 404, { error: 'the log file cannot be read' });
    else res.destroy();
  });
  file.once('open', () => {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    if (req.method === 'HEAD') {
      file.destroy();
      res.end();
    } else file.pipe(res);
  });
}
