import { createHash, randomUUID } from 'node:crypto';
import { close, constants, createReadStream, fstat, open } from 'node:fs';
import { Readable } from 'node:stream';
import { missingProfile } from '../core/numbers.js';
import {
  type Defaults,
  integerOption,
  invalidOption,
  optionsObject,
} from '../core/options/check.js';
import { parseWallStream } from '../core/parse/parse.js';
import {
  isSimulationResult,
  type SimulationResult,
  summaryJsonPieces,
} from '../core/result/result.js';
import { IN_ORDER } from '../core/schedule/strategy.js';
import { isWall, type Wall } from '../core/wall.js';
import type { Engine } from '../engine/engine.js';
import { BUILT_IN_STRATEGIES } from '../engine/strategy-loader.js';
import { failureLine, isInputError } from '../errors.js';
import { simulate } from '../simulate.js';
import { descriptorOn } from '../sinks/line-buffer.js';
import { type Configuration, Configurations, configurationKey } from './configurations.js';
import { openApiDocument } from './openapi.js';
import { HttpError, shown, wholeNumber } from './respond.js';
import { groupRoutes, type PathGroup } from './router.js';
import {
  type Answer,
  isConfigurable,
  PATH_PARAMS,
  QUERY_PARAMS,
  type QueryValues,
  type Route,
  type RouteContext,
  type RouteServices,
  routesFor,
  type ServiceRequest,
} from './routes.js';

/** Options of `createRequestHandler` and `icewallPlugin`. */
export interface ServeOptions {
  /**
   * A log file (from `attachLogFile`) to serve, streamed, at `GET /log`.
   * No other file is ever served.
   * @default undefined (no /log route)
   */
  logPath?: string;
  /**
   * The engine that runs the configurations requests ask for
   * (`?teams=&strategy=`) and `POST /simulate`: the caller's, which the
   * caller closes. Without one, the handler makes one on first need and
   * closes it in its `close()`.
   * @default undefined (one made on first need)
   */
  engine?: Engine;
  /**
   * How many computed configurations are kept, least recently used out
   * first: an integer in [0, 1024] (0 keeps none).
   * @default 16
   */
  cacheSize?: number;
  /**
   * How many computations (configurations and `POST /simulate`) may run or
   * wait for the engine at once: an integer in [1, 1024]. One more is
   * answered 503 with `Retry-After`.
   * @default 4
   */
  maxPending?: number;
  /**
   * The largest `POST /simulate` body, in bytes: an integer in
   * [1, 2^31 − 1]. A larger one is a 413, refused before more than this is read.
   * @default 1048576 (1 MiB)
   */
  maxBodyBytes?: number;
}

/** The defaults of {@link ServeOptions}. */
export const SERVE_DEFAULTS: Defaults<ServeOptions> = Object.freeze({
  logPath: undefined,
  engine: undefined,
  cacheSize: 16,
  maxPending: 4,
  maxBodyBytes: 1 << 20,
});

/** `Cache-Control` of a 200 GET answer: caches keep it, and ask again with its ETag. */
export const CACHE_CONTROL = 'public, no-cache';

/**
 * What `createRequestHandler` and `icewallPlugin` share: the served
 * result, the routes, the configurations, and one function that answers a
 * matched route. It knows nothing of `node:http` or Fastify.
 */
export class Service {
  readonly base: SimulationResult;
  readonly routes: readonly Route[];
  readonly groups: readonly PathGroup[];
  readonly logPath: string | undefined;
  private readonly configurations: Configurations;
  private readonly maxBodyBytes: number;
  /** Identifies the wall and its numbers in ETags. */
  private readonly wallId: string;
  private readonly services: RouteServices;
  private readonly documents = new Map<string, unknown>();

  /**
   * @param source - a result, or a wall (simulated here with one crew per section)
   * @param options - the options, checked
   * @param where - the API, for messages
   * @param extra - the caller's own option keys (checked there) and keys to ignore
   */
  constructor(
    source: SimulationResult | Wall,
    options: ServeOptions | undefined,
    where: string,
    extra: {
      defaults: Record<string, unknown>;
      passThrough?: readonly string[];
      routes?: readonly Route[];
    },
  ) {
    if (!isSimulationResult(source) && !isWall(source)) {
      invalidOption(
        'result',
        'a SimulationResult (from simulate or Simulation.run) or a Wall',
        source,
      );
    }
    const o = optionsObject(
      options,
      { ...SERVE_DEFAULTS, ...extra.defaults },
      where,
      extra.passThrough,
    );
    const logPath = o.logPath;
    if (logPath !== undefined && (typeof logPath !== 'string' || logPath === '')) {
      invalidOption('logPath', 'a file path', logPath);
    }
    const engine = o.engine;
    if (
      engine !== undefined &&
      (typeof engine !== 'object' || engine === null || typeof engine.simulate !== 'function')
    ) {
      invalidOption('engine', 'an Engine (from createEngine)', engine);
    }
    const cacheSize = integerOption(
      'cacheSize',
      o.cacheSize,
      16,
      0,
      1024,
      'an integer in [0, 1024]',
    );
    const maxPending = integerOption(
      'maxPending',
      o.maxPending,
      4,
      1,
      1024,
      'an integer in [1, 1024]',
    );
    this.maxBodyBytes = integerOption(
      'maxBodyBytes',
      o.maxBodyBytes,
      1 << 20,
      1,
      2 ** 31 - 1,
      'an integer in [1, 2147483647] (bytes)',
    );
    this.base = isWall(source) ? simulate(source) : source;
    const wall = isWall(source) ? source : source.wall;
    this.wallId = wall === undefined ? randomUUID() : wallHash(wall);
    this.configurations = new Configurations(wall, { cacheSize, maxPending, engine });
    this.logPath = logPath;
    this.routes = routesFor(logPath, extra.routes);
    this.groups = groupRoutes(this.routes);
    this.services = {
      openLog: () => openLog(logPath as string),
      simulateBody: (ctx) => this.simulateBody(ctx),
      document: (mount) => this.document(mount),
    };
  }

  /** Stops what is computing and closes the engine the service made. */
  close(): Promise<void> {
    return this.configurations.close();
  }

  /**
   * Answers a route matched by path and method, with the raw path
   * parameter values in the group's order. Synchronous when it can be (a
   * plain route, a cached configuration); errors are thrown or rejected
   * (see {@link failure}).
   */
  answer(
    route: Route,
    group: PathGroup,
    values: readonly string[],
    req: ServiceRequest,
  ): Answer | Promise<Answer> {
    const params: Partial<Record<'p' | 'd', number>> = {};
    for (let k = 0; k < group.params.length; k++) {
      const name = group.params[k] as 'p' | 'd';
      const raw = values[k] as string;
      params[name] = wholeNumber(PATH_PARAMS[name].label, req.decoded ? raw : decode(raw));
    }
    if (params.p !== undefined && params.p > this.base.profileCount) {
      throw new HttpError(404, missingProfile(params.p, this.base.profileCount));
    }
    const query = readQuery(route, req.query);
    const configuration = isConfigurable(route) ? configurationOf(query) : undefined;
    const ctx: Mutable<RouteContext> = {
      result: this.base,
      base: this.base,
      params,
      query,
      request: req,
      routes: this.routes,
      services: this.services,
    };
    if (route.method !== 'GET') return route.answer(ctx);
    const tag = route.media === 'text/plain' ? undefined : this.etag(configuration, req, route);
    if (tag !== undefined && matches(req.ifNoneMatch, tag)) {
      return { status: 304, headers: { etag: tag, 'cache-control': CACHE_CONTROL } };
    }
    if (configuration === undefined) return finish(route, ctx, tag);
    const result = this.configurations.get(configuration);
    if (result instanceof Promise) {
      return result.then((r) => {
        ctx.result = r;
        return finish(route, ctx, tag);
      });
    }
    ctx.result = result;
    return finish(route, ctx, tag);
  }

  /** The answer to a failure: its status and one line of JSON. */
  failure(error: unknown): Answer {
    if (error instanceof HttpError) {
      return {
        status: error.status,
        headers: error.headers,
        json: { error: error.message, ...error.fields },
      };
    }
    return { status: isInputError(error) ? 400 : 500, json: { error: failureLine(error) } };
  }

  /** A 404 for a path that is no route, listing the routes. */
  notFound(path: string, mount: string): HttpError {
    const paths = new Set(this.routes.map((r) => `${mount}${r.listed ?? r.path}`));
    return new HttpError(404, `no route for ${shown(path, 200)}`, {}, { routes: [...paths] });
  }

  /** A 405 for a path whose routes take other methods. */
  notAllowed(group: PathGroup, method: string): HttpError {
    return new HttpError(
      405,
      `method ${method} is not allowed; use ${group.allow.replace(/, (?=[^,]*$)/, ' or ')}`,
      { allow: group.allow },
    );
  }

  /**
   * A strong ETag: the wall (a sha1 of its heights and numbers), the
   * configuration, and a 53-bit hash of the request target (path and
   * query, as received). Caches compare tags of one URL only, so the target's hash just
   * keeps two routes apart; the wall and configuration parts are exact.
   */
  private etag(
    configuration: Configuration | undefined,
    req: ServiceRequest,
    route: Route,
  ): string {
    const key = configuration === undefined ? '' : configurationKey(configuration);
    // The media type seeds the hash: a page and the JSON index share a URL
    // (the answer varies with Accept), never a tag.
    const seed = route.media === 'text/html' ? 1 : 0;
    return `"${this.wallId}.${key}.${hashText(req.target, seed)}"`;
  }

  /** The OpenAPI document with paths under `mount` (kept for a few mount points). */
  private document(mount: string): unknown {
    let doc = this.documents.get(mount);
    if (doc === undefined) {
      doc = openApiDocument(this.groups, mount);
      if (this.documents.size >= 8) this.documents.clear();
      this.documents.set(mount, doc);
    }
    return doc;
  }

  /** `POST /simulate`: the body parsed as it streams, then simulated on the engine. */
  private async simulateBody(ctx: RouteContext): Promise<Answer> {
    const limit = this.maxBodyBytes;
    const declared = ctx.request.contentLength;
    if (declared !== undefined && Number(declared) > limit) throw tooLarge(limit);
    // Its bytes would be read as a config: a gzip body failed with a line
    // and column of binary, or, worse, passed.
    const encoding = ctx.request.contentEncoding?.trim().toLowerCase();
    if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
      throw new HttpError(
        415,
        `the body is encoded (Content-Encoding: ${shown(encoding)}): send the config as plain text`,
      );
    }
    const configuration = configurationOf(ctx.query);
    const body: AsyncIterable<Uint8Array | string> = ctx.request.body ?? (async function* () {})();
    const options = this.base.options;
    // Parsed before it takes a slot: a client that stalls its upload holds
    // no computation slot (the body is at most maxBodyBytes).
    const wall = await parseWallStream(limited(body, limit), options);
    const result = await this.configurations.run((engine, signal) =>
      engine.simulate(wall, {
        ...(configuration && {
          teams: configuration.teams,
          strategy: BUILT_IN_STRATEGIES[configuration.strategy],
        }),
        signal,
      }),
    );
    // Written as the client reads it, about 64 KiB at a time: a config of
    // 1 MiB can have 500,000 profiles, a 37 MB answer that was one string
    // (the event loop held for half a second, and as many strings in memory
    // as clients that did not read).
    // The head is made now: a cost that is not exact fails it (a 400
    // before any header), and every profile's cost is below the total.
    const pieces = summaryJsonPieces(result);
    const head = pieces.next().value as string;
    return { status: 200, stream: Readable.from(chunked(head, pieces, CHUNK)) };
  }
}

/** Bytes (about) of each piece of a streamed JSON answer. */
const CHUNK = 1 << 16;

/**
 * `first`, then the strings of `pieces`, joined into chunks of about
 * `size` characters, the event loop turning between two: piped into a
 * socket that takes every write at once (a fast client), chunks made
 * without a turn wrote the whole answer in one go (0.5 s for 500,000
 * profiles).
 */
async function* chunked(
  first: string,
  pieces: Iterator<string>,
  size: number,
): AsyncGenerator<string> {
  let chunk = first;
  for (let next = pieces.next(); next.done !== true; next = pieces.next()) {
    chunk += next.value;
    if (chunk.length >= size) {
      yield chunk;
      chunk = '';
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  if (chunk !== '') yield chunk;
}

/** A sha1 of the heights, the profile starts and the wall's numbers. */
function wallHash(wall: Wall): string {
  const hash = createHash('sha1');
  hash.update(JSON.stringify(wall.options));
  hash.update(
    new Uint8Array(
      wall.profileStarts.buffer,
      wall.profileStarts.byteOffset,
      wall.profileStarts.byteLength,
    ),
  );
  hash.update(wall.heights as Uint8Array);
  return hash.digest('base64url');
}

/**
 * {@link hash53} as text: its two halves in base 36 (a 53-bit number's own
 * toString(36) took about 0.25 us, a fifth of a request's work).
 */
function hashText(text: string, seed: number): string {
  const h = hash53(text, seed);
  const high = Math.floor(h / 4294967296);
  const low = h >>> 0;
  return `${high.toString(36)}${low.toString(36).padStart(7, '0')}`;
}

/** A fast 53-bit string hash (cyrb53, public domain), chained through `seed`. */
function hash53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A route's answer, with its ETag (when it has one). */
function finish(
  route: Route,
  ctx: RouteContext,
  tag: string | undefined,
): Answer | Promise<Answer> {
  const answer = route.answer(ctx);
  return tag === undefined ? answer : withTag(answer, tag);
}

/** An answer with its ETag and `Cache-Control`, besides the route's own headers. */
function withTag(answer: Answer | Promise<Answer>, tag: string): Answer | Promise<Answer> {
  const add = (a: Answer): Answer =>
    a.status === 200
      ? {
          status: 200,
          json: a.json,
          text: a.text,
          headers:
            a.headers === undefined
              ? { etag: tag, 'cache-control': CACHE_CONTROL }
              : { ...a.headers, etag: tag, 'cache-control': CACHE_CONTROL },
        }
      : a;
  return answer instanceof Promise ? answer.then(add) : add(answer);
}

/** Whether `If-None-Match` names the tag (weak comparison, as RFC 9110 asks for it). */
function matches(header: string | undefined, tag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  for (const item of header.split(',')) {
    const t = item.trim();
    if ((t.startsWith('W/') ? t.slice(2) : t) === tag) return true;
  }
  return false;
}

/**
 * The query parameters a route reads, checked; others are ignored. One
 * given twice is a 400, as an option given twice is in the CLI: which of
 * `?teams=2&teams=3` was meant cannot be told.
 */
function readQuery(route: Route, query: string): QueryValues {
  const values: QueryValues = {};
  if (query === '' || route.query.length === 0) return values;
  const params = new URLSearchParams(query);
  for (const name of route.query) {
    const given = params.getAll(name);
    if (given.length > 1) throw new HttpError(400, `${name} is given more than once: give it once`);
    const text = given[0];
    // A form's empty field is not given (see Route.form); elsewhere an
    // empty value is a bad one.
    if (text !== undefined && !(text === '' && route.form === true)) {
      (values as Record<string, unknown>)[name] = QUERY_PARAMS[name].read(text);
    }
  }
  return values;
}

/** The configuration a query asks for, or `undefined` for the served one. */
function configurationOf(query: QueryValues): Configuration | undefined {
  if (query.teams === undefined) {
    if (query.strategy !== undefined) {
      throw new HttpError(
        400,
        'strategy needs teams (with one crew per section, no strategy applies): add ?teams=N',
      );
    }
    return undefined;
  }
  return { teams: query.teams, strategy: query.strategy ?? IN_ORDER.name };
}

/** The 413 of a body over the limit; the connection is closed (its rest is never read). */
function tooLarge(limit: number): HttpError {
  return new HttpError(
    413,
    `the body is larger than ${limit} bytes, the most this server takes (maxBodyBytes)`,
    {
      connection: 'close',
    },
  );
}

/** The body's chunks, failing with a 413 as soon as they pass `limit` bytes. */
async function* limited(
  body: AsyncIterable<Uint8Array | string>,
  limit: number,
): AsyncGenerator<Uint8Array | string> {
  let bytes = 0;
  for await (const chunk of body) {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    if (bytes > limit) throw tooLarge(limit);
    yield chunk;
  }
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
 * Opens the log file without blocking (a named pipe with no writer would
 * wait forever) and only when it is a regular file: a directory, a pipe or
 * a device is the same 404 as a missing file, decided before any header.
 * So is the file this process's standard output or error goes to
 * (`--log /dev/stdout > out.txt`): it holds more than the log.
 */
function openLog(path: string): Promise<Answer> {
  const cannotRead = new HttpError(404, 'the log file cannot be read');
  return new Promise((resolve, reject) => {
    open(path, constants.O_RDONLY | constants.O_NONBLOCK, (openError, fd) => {
      if (openError !== null) return reject(cannotRead);
      fstat(fd, (error, stats) => {
        if (error !== null || !stats.isFile() || descriptorOn(stats, [1, 2]) !== undefined) {
          close(fd, () => {});
          return reject(cannotRead);
        }
        resolve({
          status: 200,
          headers: { 'cache-control': 'no-cache' },
          stream: createReadStream('', { fd }),
        });
      });
    });
  });
}
