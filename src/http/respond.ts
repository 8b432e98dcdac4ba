import type { IncomingMessage, ServerResponse } from 'node:http';
import { quote } from '../core/parse/scan.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Writes a JSON response with its length; HEAD gets the headers only. */
export function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.setHeader('content-type', JSON_TYPE);
  res.setHeader('content-length', Buffer.byteLength(text));
  for (const name in headers) res.setHeader(name, headers[name] as string);
  res.statusCode = status;
  res.end(req.method === 'HEAD' ? undefined : text);
}

/** A request the handler answers with this status and message. */
export class HttpError extends Error {
  /**
   * @param status - the HTTP status
   * @param message - the `error` of the JSON body
   * @param headers - headers of the answer
   * @param fields - more fields of the JSON body
   */
  constructor(
    readonly status: number,
    message: string,
    /** Headers of the answer (`Allow`, `Retry-After`, `Connection`). */
    readonly headers: Readonly<Record<string, string>> = {},
    /** Fields of the JSON body besides `error` (`routes` of a 404). */
    readonly fields: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/**
 * A path segment or query value as a whole number in [`min`, `max`] (min 1,
 * or 0 for an offset; max the largest exact JS integer unless the route has
 * a smaller limit), or a 400 that states that range.
 */
export function wholeNumber(
  what: string,
  segment: string,
  min: 0 | 1 = 1,
  max = Number.MAX_SAFE_INTEGER,
): number {
  let n = 0;
  let digits = segment.length > 0 && segment.length <= 16;
  for (let i = 0; digits && i < segment.length; i++) {
    const c = segment.charCodeAt(i) - 48;
    if (c < 0 || c > 9) digits = false;
    else n = n * 10 + c;
  }
  if (!digits || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new HttpError(
      400,
      `${what} must be a whole number from ${min} to ${max}, got ${shown(segment)}`,
    );
  }
  return n;
}

/**
 * Client text for a message: cut to `max` characters, quoted with every
 * invisible or control character written as `\\uXXXX` (as the parser's
 * messages do), so that `1\\r` is never printed raw.
 */
export function shown(text: string, max = 40): string {
  return quote(text.length > max ? `${text.slice(0, max)}...` : text);
}

/**
 * The request target as a path and query: an absolute-form target
 * (`GET http://host/profiles/ HTTP/1.1`, RFC 9112 §3.2.2) is answered as
 * its path.
 */
export function targetOf(url: string | undefined): string {
  if (url === undefined || url === '') return '/';
  if (url.charCodeAt(0) === 47 /* / */) return url;
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  if (absolute === null) return url;
  const rest = url.slice(absolute[0].length);
  return rest === '' || rest.startsWith('?') ? `/${rest}` : rest;
}
