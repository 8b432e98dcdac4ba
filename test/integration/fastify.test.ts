// The HTTP handler mounted in a real Fastify app, as docs/http.md shows it:
// a catch-all route hands Fastify's raw request and response to the handler
// after reply.hijack(), so icewall writes the answer itself.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestHandler } from '../../src/http/index.js';
import { parseWall, simulate } from '../../src/index.js';

const result = simulate(parseWall('21 25 28\n17\n17 22 17 19 17\n'));
let app: FastifyInstance;
let url = '';

beforeAll(async () => {
  app = Fastify();
  // At the root: every method and path goes to icewall.
  const handler = createRequestHandler(result);
  app.all('/*', (request, reply) => {
    reply.hijack();
    handler(request.raw, reply.raw);
  });
  // Under a prefix, next to Fastify routes of the app's own.
  const mounted = createRequestHandler(result, { basePath: '/api/wall' });
  app.all('/api/wall', (request, reply) => {
    reply.hijack();
    mounted(request.raw, reply.raw);
  });
  app.all('/api/wall/*', (request, reply) => {
    reply.hijack();
    mounted(request.raw, reply.raw);
  });
  app.get('/api/ping', async () => ({ pong: true }));
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app.close();
});

describe('createRequestHandler in Fastify', () => {
  it('answers the endpoints', async () => {
    const ice = await fetch(`${url}/profiles/1/days/1/`);
    expect(ice.status).toBe(200);
    expect(ice.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await ice.json()).toEqual({ day: 1, ice_amount: 585 });
    expect(await (await fetch(`${url}/profiles/overview/`)).json()).toEqual({
      day: null,
      cost: 32_233_500,
    });
    expect(await (await fetch(`${url}/profiles/3`)).json()).toMatchObject({
      profile: 3,
      sections: 5,
    });
  });

  it('serves the route list at the root', async () => {
    const root = await fetch(`${url}/`);
    expect(root.status).toBe(200);
    expect(await root.json()).toMatchObject({ name: 'icewall', days: 13 });
  });

  it('answers HEAD with the headers only, and its own errors', async () => {
    const head = await fetch(`${url}/profiles/1/days/1/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await fetch(`${url}/profiles/1/days/1/`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toContain('GET');
    const missing = await fetch(`${url}/profiles/9/days/1/`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toHaveProperty('error');
    const bad = await fetch(`${url}/profiles/x/days/1/`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: 'profile must be a whole number from 1 to 9007199254740991, got "x"',
    });
  });

  it('works under a prefix beside the app’s own routes', async () => {
    expect(await (await fetch(`${url}/api/wall/profiles/1/days/1/`)).json()).toEqual({
      day: 1,
      ice_amount: 585,
    });
    expect(await (await fetch(`${url}/api/wall/health`)).json()).toMatchObject({
      status: 'ok',
    });
    expect(await (await fetch(`${url}/api/ping`)).json()).toEqual({ pong: true });
  });
});
