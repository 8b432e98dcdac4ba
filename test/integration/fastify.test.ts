// Issue 20 E: icewallPlugin registers real Fastify 5 routes (no
// reply.hijack() in user code): app.inject(), hooks, the logger and the
// serializers work; closing the app closes the engine the plugin made.
import { readdirSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { icewallPlugin } from '../../src/http/index.js';
import { parseWall, simulate } from '../../src/index.js';
import { randomWall } from '../../src/testing/index.js';

const CONFIG = '21 25 28\n17\n17 22 17 19 17\n';
const result = simulate(parseWall(CONFIG));
let app: FastifyInstance;
let url = '';
const seen: string[] = [];
const logged: string[] = [];

beforeAll(async () => {
  app = Fastify({
    logger: { level: 'info', stream: { write: (line: string) => logged.push(line) } },
  });
  app.addHook('onRequest', async (request) => {
    seen.push(request.url);
  });
  await app.register(icewallPlugin, { result, prefix: '/wall' });
  app.get('/api/ping', async () => ({ pong: true }));
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app.close();
});

describe('icewallPlugin in Fastify 5', () => {
  it('answers the endpoints under the prefix, over a real socket', async () => {
    const ice = await fetch(`${url}/wall/profiles/1/days/1/`);
    expect(ice.status).toBe(200);
    expect(ice.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(ice.headers.get('etag')).toMatch(/^"/);
    expect(await ice.json()).toEqual({ day: 1, ice_amount: 585 });
    expect(await (await fetch(`${url}/wall/profiles/overview`)).json()).toEqual({
      day: null,
      cost: 32_233_500,
    });
    expect(await (await fetch(`${url}/api/ping`)).json()).toEqual({ pong: true });
    expect(seen).toContain('/wall/profiles/1/days/1/');
  });

  it('app.inject works; every route, ?teams=, POST /simulate, 304, errors', async () => {
    const index = await app.inject({ url: '/wall' });
    expect(index.statusCode).toBe(200);
    expect(index.json().routes[0].path).toBe('/wall/profiles/{p}/days/{d}/');
    expect((await app.inject({ url: '/wall/profiles/3/?teams=2' })).json()).toMatchObject({
      days: 48,
    });
    const page = await app.inject({ url: '/wall/profiles/?limit=2' });
    expect(page.json().next).toBe('/wall/profiles/?offset=2&limit=2');
    const posted = await app.inject({
      method: 'POST',
      url: '/wall/simulate?teams=2',
      payload: CONFIG,
      headers: { 'content-type': 'text/plain' },
    });
    expect(posted.statusCode).toBe(200);
    expect(posted.json()).toEqual(simulate(parseWall(CONFIG), { teams: 2 }).toJSON());
    const malformed = await app.inject({
      method: 'POST',
      url: '/wall/simulate',
      payload: '1 x\n',
      headers: { 'content-type': 'text/plain' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error).toBe('line 1, column 3: "x" is not a whole number');
    const health = await app.inject({ url: '/wall/health' });
    const again = await app.inject({
      url: '/wall/health',
      headers: { 'if-none-match': health.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const doc = await app.inject({ url: '/wall/openapi.json' });
    expect(Object.keys(doc.json().paths)).toContain('/wall/profiles/{p}/days/{d}/');
  });

  it('errors are JSON with their status: 400, 404 (unknown route under the prefix lists the routes), 405', async () => {
    const bad = await app.inject({ url: '/wall/profiles/x/days/1/' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({
      error: 'profile must be a whole number from 1 to 9007199254740991, got "x"',
    });
    expect((await app.inject({ url: '/wall/profiles/9/' })).statusCode).toBe(404);
    const teams = await app.inject({ url: '/wall/profiles/overview/?teams=0' });
    expect(teams.statusCode).toBe(400);
    const missing = await app.inject({ url: '/wall/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().routes).toContain('/wall/health');
    const post = await app.inject({ method: 'POST', url: '/wall/profiles/1/days/1/' });
    expect(post.statusCode).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const get = await app.inject({ url: '/wall/simulate' });
    expect(get.statusCode).toBe(405);
    expect(get.headers.allow).toBe('POST');
    const head = await app.inject({ method: 'HEAD', url: '/wall/profiles/1/days/1/' });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
  });

  it("Fastify's logger and serializer see the routes", async () => {
    await app.inject({ url: '/wall/profiles/2/' });
    expect(logged.some((line) => line.includes('/wall/profiles/2/'))).toBe(true);
  });

  it('closing the app closes the engine the plugin made, never one passed in', async () => {
    // The threads of this process (Linux): a worker thread adds to them.
    const threads = () => readdirSync('/proc/self/task').length;
    const before = threads();
    const own = Fastify();
    // Over 2^16 sections, so that the schedule runs on a worker thread.
    await own.register(icewallPlugin, {
      result: randomWall({ seed: 1, profiles: 10, sections: 7000 }),
    });
    expect((await own.inject({ url: '/profiles/overview/?teams=3' })).statusCode).toBe(200);
    expect(threads()).toBeGreaterThan(before);
    await own.close();
    // The plugin's engine is closed: its thread is gone.
    for (let wait = 0; wait < 100 && threads() > before; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(threads()).toBe(before);
    const engine = createEngine({ threads: 1 });
    const theirs = Fastify();
    await theirs.register(icewallPlugin, { result, engine });
    expect((await theirs.inject({ url: '/profiles/3/?teams=3' })).statusCode).toBe(200);
    await theirs.close();
    // Still open: the caller closes it.
    await expect(engine.simulate(parseWall(CONFIG), { teams: 4 })).resolves.toBeDefined();
    await engine.close();
  });

  it('works with ignoreTrailingSlash, given either way', async () => {
    for (const options of [
      { ignoreTrailingSlash: true },
      { routerOptions: { ignoreTrailingSlash: true } },
    ]) {
      const lenient = Fastify(options);
      await lenient.register(icewallPlugin, { result, prefix: '/w' });
      expect((await lenient.inject({ url: '/w/profiles/overview/' })).statusCode).toBe(200);
      expect((await lenient.inject({ url: '/w/profiles/overview' })).statusCode).toBe(200);
      await lenient.close();
    }
  });

  it('bad options are refused when registered', async () => {
    const bad = Fastify();
    await expect(bad.register(icewallPlugin, { result: null as never })).rejects.toThrow(
      'Expected `result` to be a SimulationResult',
    );
    const typo = Fastify();
    await expect(typo.register(icewallPlugin, { result, cachesize: 1 } as never)).rejects.toThrow(
      'icewallPlugin: unknown option "cachesize"',
    );
  });
});
