import { MAX_TEAMS } from '../core/options/run.js';
import type { SimulationResult } from '../core/result/result.js';
import { BUILT_IN_STRATEGIES } from '../engine/strategy-loader.js';
import { dashboardPage } from './dashboard.js';
import { profilePage } from './profiles.js';
import { HttpError, wholeNumber } from './respond.js';
import type { JsonSchema, SchemaName } from './schemas.js';

/**
 * The one table of routes. The router of `createRequestHandler`, the routes
 * `icewallPlugin` registers in Fastify, the index `GET /` lists and the
 * OpenAPI document all derive from it: a route cannot be served without
 * being documented, nor documented without being served.
 */

/** What a route answers: a status, headers and one kind of body. */
export interface Answer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON body (serialized by the server: `JSON.stringify`, or Fastify's serializer). */
  readonly json?: unknown;
  /** A text body (HTML, for a page), with the route's media type. */
  readonly text?: string;
  /** A streamed text body (the log file). */
  readonly stream?: NodeJS.ReadableStream & { destroy(): void };
}

/** A path parameter: `{p}` or `{d}`, a whole number from 1. */
export const PATH_PARAMS = {
  p: { label: 'profile', description: 'a profile, from 1' },
  d: { label: 'day', description: 'a day, from 1 (a day after the last is valid)' },
} as const;

/** The name of a path parameter. */
export type PathParamName = keyof typeof PATH_PARAMS;

/** The names of the built-in strategies, as the CLI spells them. */
export const STRATEGY_NAMES: readonly string[] = Object.keys(BUILT_IN_STRATEGIES);

/**
 * The most profiles one `GET /profiles/` page holds.
 */
const MAX_LIMIT = 1000;

/** A query parameter: its schema (for the document) and how its text is read. */
interface QueryParam {
  readonly description: string;
  readonly schema: JsonSchema;
  readonly read: (text: string) => number | string;
}

/** Every query parameter a route may take (others are ignored). */
export const QUERY_PARAMS = {
  teams: {
    description: `a fixed number of teams, 1 to ${MAX_TEAMS} (default: the served result's configuration)`,
    schema: { type: 'integer', minimum: 1, maximum: MAX_TEAMS },
    read: (text: string) => wholeNumber('teams', text, 1, MAX_TEAMS),
  },
  strategy: {
    description: 'which pending section a free team takes (needs teams; default inOrder)',
    schema: { type: 'string', enum: STRATEGY_NAMES },
    read: (text: string) => {
      if (!Object.hasOwn(BUILT_IN_STRATEGIES, text)) {
        throw new HttpError(
          400,
          `strategy must be one of ${STRATEGY_NAMES.join(', ')}, got ${JSON.stringify(text.slice(0, 40))}`,
        );
      }
      return text;
    },
  },
  offset: {
    description: 'profiles to skip',
    schema: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 },
    read: (text: string) => wholeNumber('offset', text, 0),
  },
  limit: {
    description: `profiles in the page, 1 to ${MAX_LIMIT}`,
    schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 100 },
    read: (text: string) => wholeNumber('limit', text, 1, MAX_LIMIT),
  },
} as const satisfies Record<string, QueryParam>;

/** The name of a query parameter. */
export type QueryParamName = keyof typeof QUERY_PARAMS;

/** Query values, read and checked. */
export type QueryValues = {
  -readonly [K in QueryParamName]?: ReturnType<(typeof QUERY_PARAMS)[K]['read']>;
};

/** A request, as the service needs it (from `node:http` or Fastify). */
export interface ServiceRequest {
  readonly method: string;
  /** The request target as received (path and query), for the ETag. */
  readonly target: string;
  /** The request path as the client sent it (mount point included), without the query. */
  readonly path: string;
  /** Where the routes are, as the client sees them. */
  readonly mount: string;
  /** The query string, without `?`. */
  readonly query: string;
  readonly ifNoneMatch: string | undefined;
  readonly contentLength: string | undefined;
  /** The body's `Content-Encoding` (`gzip`, say), which `POST /simulate` refuses. */
  readonly contentEncoding: string | undefined;
  readonly body: AsyncIterable<Uint8Array | string> | undefined;
  /** Whether the path parameters are already percent-decoded (Fastify decodes them). */
  readonly decoded: boolean;
}

/** What a route's answer is computed from (the dispatcher fills it). */
export interface RouteContext {
  /** The result to answer from: the served one, or the configuration the query asked for. */
  readonly result: SimulationResult;
  /** The served result, whatever the query (its shape is every configuration's). */
  readonly base: SimulationResult;
  /** `{p}` and `{d}`, read. */
  readonly params: Readonly<Partial<Record<PathParamName, number>>>;
  readonly query: QueryValues;
  /** The request: its path as the client sent it, the mount point, the body. */
  readonly request: ServiceRequest;
  /** The routes this handler serves, for the index. */
  readonly routes: readonly Route[];
  /** The handler's services: the log file, the engine, the OpenAPI document. */
  readonly services: RouteServices;
}

/** What routes need from the handler beyond the result. */
export interface RouteServices {
  /** The log file as a stream, or a 404. */
  openLog(): Promise<Answer>;
  /** `POST /simulate`: parse the body and simulate it. */
  simulateBody(ctx: RouteContext): Promise<Answer>;
  /** The OpenAPI document with paths under `mount`. */
  document(mount: string): unknown;
}

/** One route of the table. */
export interface Route {
  readonly method: 'GET' | 'POST';
  /** The path template, relative to the mount point: `/profiles/{p}/days/{d}/`. */
  readonly path: string;
  /** How `GET /` lists it (default: `path`). */
  readonly listed?: string;
  /** What it answers, for the index and the document's summary. */
  readonly what: string;
  /**
   * The media type of its 200 answer. Two GET routes may share a path with
   * different media types: the router picks the one the `Accept` header
   * asks for (`text/html` for a browser), JSON otherwise.
   */
  readonly media: 'application/json' | 'text/html' | 'text/plain';
  /** The 200 body's schema (JSON routes). */
  readonly schema?: SchemaName;
  /** The query parameters it reads. */
  readonly query: readonly QueryParamName[];
  /**
   * Whether its query comes from an HTML form (the dashboard): a browser
   * without script sends every field, so an empty value means "not given"
   * (`?teams=&strategy=`); for other routes it is a 400.
   */
  readonly form?: boolean;
  /** The error statuses it may answer, besides 400/404/405/500 that every route may. */
  readonly errors?: readonly number[];
  /** Whether the handler serves it (the log only with `logPath`). */
  readonly enabled?: (options: { logPath: string | undefined }) => boolean;
  readonly answer: (ctx: RouteContext) => Answer | Promise<Answer>;
}

/** The query of the routes that answer for a configuration. */
const CONFIGURATION: readonly QueryParamName[] = ['teams', 'strategy'];

/** Whether a route answers per configuration (`?teams=&strategy=`). */
export function isConfigurable(route: Route): boolean {
  return route.query.includes('teams');
}

const ok = (json: unknown): Answer => ({ status: 200, json });

/** The profile `{p}` of a context (the dispatcher checked that it exists). */
const profileOf = (ctx: RouteContext) => ctx.params.p as number;
const dayOf = (ctx: RouteContext) => ctx.params.d as number;

/**
 * The routes, in matching order: a literal segment before a parameter at
 * the same place (`/profiles/overview/` before `/profiles/{p}/`).
 */
export const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/profiles/{p}/days/{d}/',
    what: 'ice used by profile p on day d',
    media: 'application/json',
    schema: 'DayIce',
    query: CONFIGURATION,
    errors: [503],
    answer: (ctx) => {
      const d = dayOf(ctx);
      return ok({ day: d, ice_amount: ctx.result.dailyIce(profileOf(ctx), d) });
    },
  },
  {
    method: 'GET',
    path: '/profiles/{p}/overview/{d}/',
    what: 'cost of profile p up to day d',
    media: 'application/json',
    schema: 'DayCost',
    query: CONFIGURATION,
    errors: [503],
    answer: (ctx) => {
      const d = dayOf(ctx);
      return ok({ day: d, cost: ctx.result.profileCost(profileOf(ctx), d) });
    },
  },
  {
    method: 'GET',
    path: '/profiles/overview/{d}/',
    what: 'cost of all profiles up to day d',
    media: 'application/json',
    schema: 'DayCost',
    query: CONFIGURATION,
    errors: [503],
    answer: (ctx) => ok({ day: dayOf(ctx), cost: ctx.result.totalCost(dayOf(ctx)) }),
  },
  {
    method: 'GET',
    path: '/profiles/overview/',
    what: 'total cost of the wall',
    media: 'application/json',
    schema: 'TotalCost',
    query: CONFIGURATION,
    errors: [503],
    answer: (ctx) => ok({ day: null, cost: ctx.result.totalCost() }),
  },
  {
    method: 'GET',
    path: '/profiles/',
    listed: `/profiles/?offset=0&limit=100`,
    what: `profile summaries, in pages of at most ${MAX_LIMIT}`,
    media: 'application/json',
    schema: 'ProfilePage',
    query: ['offset', 'limit', ...CONFIGURATION],
    errors: [503],
    answer: (ctx) => {
      const offset = (ctx.query.offset as number | undefined) ?? 0;
      const limit = (ctx.query.limit as number | undefined) ?? 100;
      const { teams, strategy } = ctx.query;
      // The next page is of the same configuration.
      const configuration = new URLSearchParams({
        ...(teams !== undefined && { teams: String(teams) }),
        ...(strategy !== undefined && { strategy: String(strategy) }),
      }).toString();
      return ok(profilePage(ctx.result, offset + 1, limit, ctx.request.path, configuration));
    },
  },
  {
    method: 'GET',
    path: '/profiles/{p}/',
    what: "one profile's summary",
    media: 'application/json',
    schema: 'ProfileSummary',
    query: CONFIGURATION,
    errors: [503],
    answer: (ctx) => ok(ctx.result.profileSummary(profileOf(ctx))),
  },
  {
    method: 'POST',
    path: '/simulate',
    what: 'simulate the wall config in the body (text/plain), as icewall simulate --format json',
    media: 'application/json',
    schema: 'Simulation',
    query: CONFIGURATION,
    errors: [413, 415, 503],
    answer: (ctx) => ctx.services.simulateBody(ctx),
  },
  {
    method: 'GET',
    path: '/health',
    what: 'status, days and profiles',
    media: 'application/json',
    schema: 'Health',
    query: [],
    answer: (ctx) => ok({ status: 'ok', days: ctx.base.days, profiles: ctx.base.profileCount }),
  },
  {
    method: 'GET',
    path: '/openapi.json',
    what: 'the OpenAPI 3.1 document of these routes',
    media: 'application/json',
    schema: 'OpenApi',
    query: [],
    answer: (ctx) => ok(ctx.services.document(ctx.request.mount)),
  },
  {
    method: 'GET',
    path: '/log',
    what: 'the log file, as text',
    media: 'text/plain',
    query: [],
    enabled: ({ logPath }) => logPath !== undefined,
    answer: (ctx) => ctx.services.openLog(),
  },
  {
    method: 'GET',
    path: '/',
    what: 'these routes',
    media: 'application/json',
    schema: 'Index',
    // Like the dashboard on the same path: `days` is the configuration's.
    query: CONFIGURATION,
    errors: [503],
    // A page for browsers may share this path: the answer varies with Accept.
    answer: (ctx) => ({
      status: 200,
      headers: { vary: 'Accept' },
      json: {
        name: 'icewall',
        days: ctx.result.days,
        routes: ctx.routes
          .filter((r) => r.path !== '/')
          .map((r) => ({ path: `${ctx.request.mount}${r.listed ?? r.path}`, what: r.what })),
      },
    }),
  },
  {
    method: 'GET',
    path: '/',
    what: 'the dashboard, for a browser (Accept: text/html)',
    media: 'text/html',
    query: CONFIGURATION,
    form: true,
    errors: [503],
    answer: (ctx) => ({
      status: 200,
      headers: { vary: 'Accept' },
      text: dashboardPage(ctx.result, {
        mount: ctx.request.mount,
        teams: ctx.query.teams as number | undefined,
        strategy: ctx.query.strategy as string | undefined,
      }),
    }),
  },
];

/** The routes a handler serves: those of the table it enables, with `extra` ones (a page). */
export function routesFor(logPath: string | undefined, extra: readonly Route[] = []): Route[] {
  return [...ROUTES, ...extra].filter((r) => r.enabled === undefined || r.enabled({ logPath }));
}
