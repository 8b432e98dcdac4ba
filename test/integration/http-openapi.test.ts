// Issue 20 C: GET /openapi.json is a valid OpenAPI 3.1 document (checked by
// a real validator), and every real response of a real server matches the
// schema the document gives for its route and status.
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { createRequestHandler } from '../../src/http/index.js';
import { ROUTES } from '../../src/http/routes.js';
import { parseWall, simulate } from '../../src/index.js';

const CONFIG = '21 25 28\n17\n17 22 17 19 17\n';
const dir = mkdtempSync(join(tmpdir(), 'icewall-openapi-'));
const logPath = join(dir, 'wall.log');
writeFileSync(logPath, 'day 5: team 2 completed profile 1 section 2\n');
const engine = createEngine({ threads: 1 });
const handler = createRequestHandler(simulate(parseWall(CONFIG)), {
  engine,
  logPath,
  basePath: '/api',
});
const server: Server = createServer(handler);
let url = '';
// biome-ignore lint/suspicious/noExplicitAny: the document is read as plain JSON
let doc: any;

beforeAll(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  doc = await (await fetch(`${url}/api/openapi.json`)).json();
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await handler.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('C. the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 (swagger-parser)', async () => {
    expect(doc.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeTruthy();
  });

  it('has every route of the table, under basePath, and every 200 has a real schema', () => {
    const paths = Object.keys(doc.paths);
    for (const route of ROUTES) {
      const item = doc.paths[`/api${route.path}`];
      expect(item, route.path).toBeDefined();
      const op = item[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      const content = op.responses['200'].content[route.media];
      expect(content.schema).not.toEqual({});
    }
    expect(paths.every((p) => p.startsWith('/api/'))).toBe(true);
    // Path parameters are declared wherever a template names them.
    for (const [path, item] of Object.entries<{ parameters?: { name: string }[] }>(doc.paths)) {
      const named = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect((item.parameters ?? []).map((p) => p.name)).toEqual(named);
    }
  });

  it('every real response matches its route’s schema for its status', async () => {
    const ajv = new Ajv2020({ strict: false });
    const check = (path: string, method: string, status: number, media: string, body: unknown) => {
      const op = doc.paths[path][method];
      const response = op.responses[String(status)];
      expect(response, `${method} ${path} ${status}`).toBeDefined();
      const schema = response.content?.[media]?.schema;
      expect(schema, `${method} ${path} ${status} ${media}`).toBeDefined();
      const validate = ajv.compile({ ...schema, components: doc.components });
      const valid = validate(body);
      expect(validate.errors ?? [], `${method} ${path} ${status}`).toEqual([]);
      expect(valid).toBe(true);
    };
    const concrete = (path: string) => path.replace('{p}', '1').replace('{d}', '2');
    let checked = 0;
    for (const [path, item] of Object.entries<Record<string, unknown>>(doc.paths)) {
      for (const method of ['get', 'post']) {
        if (item[method] === undefined) continue;
        const queries = path.includes('profiles') ? ['', '?teams=2&strategy=roundRobin'] : [''];
        for (const query of queries) {
          const res = await fetch(`${url}${concrete(path)}${query}`, {
            method: method.toUpperCase(),
            ...(method === 'post' && { body: CONFIG, headers: { 'content-type': 'text/plain' } }),
          });
          const media = (res.headers.get('content-type') as string).split(';')[0] as string;
          const text = await res.text();
          check(
            path,
            method,
            res.status,
            media,
            media === 'application/json' ? JSON.parse(text) : text,
          );
          checked++;
        }
        // An error of each route with parameters: its schema too.
        if (path.includes('{p}')) {
          const res = await fetch(`${url}${path.replace('{p}', '9').replace('{d}', '1')}`);
          expect(res.status).toBe(404);
          check(path, method, 404, 'application/json', await res.json());
          const bad = await fetch(`${url}${path.replace('{p}', 'x').replace('{d}', '1')}`);
          check(path, method, 400, 'application/json', await bad.json());
        }
      }
    }
    const tooBig = createRequestHandler(parseWall(CONFIG), { engine, maxBodyBytes: 4 });
    const small = createServer(tooBig);
    small.listen(0, '127.0.0.1');
    await once(small, 'listening');
    const res = await fetch(
      `http://127.0.0.1:${(small.address() as { port: number }).port}/simulate`,
      {
        method: 'POST',
        body: CONFIG,
      },
    );
    expect(res.status).toBe(413);
    check('/api/simulate', 'post', 413, 'application/json', await res.json());
    small.close();
    await tooBig.close();
    expect(checked).toBeGreaterThanOrEqual(ROUTES.length);
  });

  it('the document derives from the table: the index lists exactly the documented paths', async () => {
    const index = (await (await fetch(`${url}/api/`)).json()) as { routes: { path: string }[] };
    const listed = index.routes.map((r) => r.path.replace(/\?.*$/, ''));
    expect(new Set([...listed, '/api/'])).toEqual(new Set(Object.keys(doc.paths)));
  });
});
