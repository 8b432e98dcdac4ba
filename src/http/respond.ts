import type { IncomingMessage, ServerResponse } from 'node:http';

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
   */
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A path segment or query value as a whole number ≥ `min` (1, or 0 for an offset) that is exact in a JS number, or a 400. */
export function wholeNumber(what: string, segment: string, min: 0 | 1 = 1): number {
  let n = 0;
  let digits = segment.length > 0 && segment.length <= 16;
  for (let i = 0; digits && i < segment.length; i++) {
    const c = segment.charCodeAt(i) - 48;
    if (c < 0 || c > 9) digits = false;
    else n = n * 10 + c;
  }
  if (!digits || !Number.isSafeInteger(n) || n < min) {
    const shown = segment.length > 40 ? `${segment.slice(0, 40)}...` : segment;
    throw new HttpError(
      400,
      `${what} must be a whole number from ${min} to ${Number.MAX_SAFE_INTEGER}, got ${JSON.stringify(shown)}`,
    );
  }
  return n;
}
