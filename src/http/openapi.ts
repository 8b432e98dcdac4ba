import type { PathGroup } from './router.js';
import { PATH_PARAMS, QUERY_PARAMS, type Route } from './routes.js';
import { SCHEMAS } from './schemas.js';

/** What each error status means, for the document. */
const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'a malformed or out-of-range number, an unknown strategy, or a malformed config',
  404: 'an unknown profile (or no log file)',
  413: 'a body over the limit (maxBodyBytes)',
  415: 'an encoded body (Content-Encoding): send the config as plain text',
  500: 'a failure that is not the request’s fault, in one line',
  503: 'too many computations running or queued (maxPending): retry after Retry-After seconds',
};

const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };

/** `getProfilesPDaysD` from `GET /profiles/{p}/days/{d}/`. */
function operationId(route: Route): string {
  const words = route.path
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]?.toUpperCase() + w.slice(1));
  return `${route.method.toLowerCase()}${words.join('') || 'Index'}`;
}

/** The operation of one method of a path: every media type its routes answer. */
function operation(routes: readonly Route[], group: PathGroup): Record<string, unknown> {
  const first = routes[0] as Route;
  const content: Record<string, unknown> = {};
  for (const r of routes) {
    content[r.media] = {
      schema:
        r.schema === undefined ? { type: 'string' } : { $ref: `#/components/schemas/${r.schema}` },
    };
  }
  const get = first.method === 'GET';
  // The query of every route of the operation (a page may take more than the JSON beside it).
  const query = [...new Set(routes.flatMap((r) => r.query))];
  const responses: Record<string, unknown> = {
    '200': {
      description: first.what,
      content,
      ...(get &&
        first.media !== 'text/plain' && {
          headers: {
            ETag: {
              description: 'strong: the wall, the configuration and the route',
              schema: { type: 'string' },
            },
            'Cache-Control': { schema: { type: 'string', const: 'public, no-cache' } },
          },
        }),
    },
  };
  if (get && first.media !== 'text/plain') {
    responses['304'] = { description: 'not modified: If-None-Match named the ETag' };
  }
  const statuses = new Set([400, 500, ...routes.flatMap((r) => r.errors ?? [])]);
  if (group.params.includes('p') || first.path === '/log') statuses.add(404);
  for (const status of [...statuses].sort()) {
    responses[String(status)] = {
      description: STATUS_TEXT[status],
      content: errorContent,
      ...(status === 503 && {
        headers: { 'Retry-After': { description: 'seconds', schema: { type: 'integer' } } },
      }),
    };
  }
  return {
    operationId: operationId(first),
    summary: first.what,
    ...(query.length > 0 && {
      parameters: query.map((name) => ({
        name,
        in: 'query',
        required: false,
        description: QUERY_PARAMS[name].description,
        schema: QUERY_PARAMS[name].schema,
      })),
    }),
    ...(first.method === 'POST' && {
      requestBody: {
        required: true,
        description: 'a wall config (see the config format), UTF-8',
        content: { 'text/plain': { schema: { type: 'string' } } },
      },
    }),
    responses,
  };
}

/**
 * The OpenAPI 3.1 document of the routes, with every path under `mount`
 * (the mount point and base path, or Fastify's prefix).
 */
export function openApiDocument(groups: readonly PathGroup[], mount: string): unknown {
  const paths: Record<string, unknown> = {};
  for (const group of groups) {
    const item: Record<string, unknown> = {};
    if (group.params.length > 0) {
      item.parameters = group.params.map((name) => ({
        name,
        in: 'path',
        required: true,
        description: PATH_PARAMS[name].description,
        // The server reads whole numbers up to 2^53 - 1 (a 400 above).
        schema: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
      }));
    }
    for (const method of new Set(group.routes.map((r) => r.method))) {
      const routes = group.routes.filter((r) => r.method === method);
      item[method.toLowerCase()] = operation(routes, group);
    }
    paths[`${mount}${(group.routes[0] as Route).path}`] = item;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'icewall',
      version: '1',
      description:
        'The answers of a simulated wall of ice: ice and cost per profile and day, for the served configuration or any other (?teams=&strategy=).',
    },
    paths,
    components: { schemas: SCHEMAS },
  };
}
