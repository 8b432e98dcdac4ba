// Issue 20 A, B, D, G: per-request configurations on the engine (cache,
// single flight, 503), POST /simulate, ETags, against a real server on a
// loopback port and a real engine.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine/index.js';
import { createRequestHandler, type RequestHandlerOptions } from '../../src/http/index.js';
import {
  createWall,
  longestFirst,
  parseWall,
  type SimulationResult,
  simulate,
  type Wall,
} from '../../src/index.js';
import { runMain } from '../cli-io.js';

const CONFIG = '21 25 28\n17\n17 22 17 19 17\n';
const wall = parseWall(CONFIG);
const engine = createEngine({ threads: 1 });
const servers: Server[] = [];
const handlers: { close(): Promise<void> }[] = [];

afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
  for (const h of handlers) await h.close();
  await engine.close();
});

async function serve(source: SimulationResult | Wall, options?: RequestHandlerOptions) {
  const handler = createRequestHandler(source, options);
  handlers.push(handler);
  const server = createServer(handler);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, handler, port };
}

async function get(url: string, init?: RequestInit) {
  const res = await fetch(url, init);
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    body: text === '' ? undefined : JSON.parse(text),
  };
}

/** The real engine, its `simulate` counted and held until `open()`. */
function gatedEngine() {
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const counted = {
    calls: 0,
    open,
    engine: {
      ...engine,
      simulate: async (...args: Parameters<Engine['simulate']>) => {
        counted.calls++;
        await gate;
        return engine.simulate(...args);
      },
    } as Engine,
  };
  return counted;
}

describe('A. per-request configurations', () => {
  it('?teams= and ?strategy= answer for that configuration; without them, the served result', async () => {
    const { url } = await serve(simulate(wall), { engine });
    expect((await get(`${url}/profiles/overview/`)).body).toEqual({ day: null, cost: 32_233_500 });
    expect((await get(`${url}/profiles/1/days/8/`)).body).toEqual({ day: 8, ice_amount: 195 });
    const two = await get(`${url}/profiles/1/days/8/?teams=2`);
    expect(two.body).toEqual({ day: 8, ice_amount: 195 });
    expect((await get(`${url}/profiles/1/days/7/?teams=2`)).body).toEqual({
      day: 7,
      ice_amount: 390,
    });
    expect((await get(`${url}/profiles/3/?teams=2`)).body).toMatchObject({ days: 48 });
    expect((await get(`${url}/profiles/overview/?teams=2`)).body).toEqual({
      day: null,
      cost: 32_233_500,
    });
    const longest = simulate(wall, { teams: 2, strategy: longestFirst });
    expect((await get(`${url}/profiles/1/overview/3/?teams=2&strategy=longestFirst`)).body).toEqual(
      {
        day: 3,
        cost: longest.profileCost(1, 3),
      },
    );
    expect((await get(`${url}/profiles/overview/5/?teams=2&strategy=longestFirst`)).body).toEqual({
      day: 5,
      cost: longest.totalCost(5),
    });
    const page = await get(`${url}/profiles/?teams=2&limit=1`);
    expect(page.body.profiles).toEqual([simulate(wall, { teams: 2 }).profileSummary(1)]);
    // The next page is of the same configuration (it was the served one's).
    expect(page.body.next).toBe('/profiles/?offset=1&limit=1&teams=2');
    const next = await get(`${url}${page.body.next}`);
    expect(next.body.profiles).toEqual([simulate(wall, { teams: 2 }).profileSummary(2)]);
    expect((await get(`${url}/profiles/?teams=2&strategy=longestFirst&limit=1`)).body.next).toBe(
      '/profiles/?offset=1&limit=1&teams=2&strategy=longestFirst',
    );
    // The served result is untouched by the other configurations.
    expect((await get(`${url}/profiles/3/`)).body).toMatchObject({ days: 13 });
    expect((await get(`${url}/health`)).body).toEqual({ status: 'ok', days: 13, profiles: 3 });
  });

  it('the dashboard (Accept: text/html) answers for ?teams= too; JSON clients get the index', async () => {
    const { url } = await serve(simulate(wall), { engine });
    const html = { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } };
    const page = await fetch(`${url}/?teams=2&strategy=inOrder`, html);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('vary')).toBe('Accept');
    expect(await page.text()).toContain('<dd id="days">48</dd>');
    expect(await (await fetch(`${url}/`, html)).text()).toContain('<dd id="days">13</dd>');
    expect((await fetch(`${url}/?teams=0`, html)).status).toBe(400);
    const index = await get(`${url}/?teams=2`);
    expect(index.body.name).toBe('icewall');
    expect(index.headers.get('vary')).toBe('Accept');
    // The JSON index follows the query as the page does (it answered the
    // served days, and took ?teams=abc).
    expect(index.body.days).toBe(48);
    expect((await get(`${url}/`)).body.days).toBe(13);
    expect((await get(`${url}/?teams=abc`)).status).toBe(400);
  });

  it('the dashboard form without script sends ?teams=&strategy=: an empty field is not given', async () => {
    // The page answered 400 (teams must be a whole number, got ""), so its
    // form could not be used without script. JSON routes still refuse it.
    const { url } = await serve(simulate(wall), { engine });
    const html = { headers: { accept: 'text/html' } };
    const page = await fetch(`${url}/?teams=&strategy=`, html);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<dd id="days">13</dd>');
    const two = await fetch(`${url}/?teams=2&strategy=`, html);
    expect(two.status).toBe(200);
    expect(await two.text()).toContain('<dd id="days">48</dd>');
    expect((await get(`${url}/?teams=`)).status).toBe(400);
  });

  it('a query parameter given twice is a 400 (the first one won, quietly)', async () => {
    const { url } = await serve(simulate(wall), { engine });
    for (const query of ['teams=2&teams=abc', 'teams=2&teams=3', 'limit=2&limit=3']) {
      const r = await get(`${url}/profiles/?${query}`);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatch(/^(teams|limit) is given more than once: give it once$/);
    }
    // A parameter the route does not read is ignored, given twice or not.
    expect((await get(`${url}/health?x=1&x=2`)).status).toBe(200);
  });

  it('a Wall is served too (one crew per section), and a handler makes its own engine and closes it', async () => {
    const { url, handler } = await serve(wall);
    expect((await get(`${url}/health`)).body).toEqual({ status: 'ok', days: 13, profiles: 3 });
    expect((await get(`${url}/profiles/3/?teams=2`)).body).toMatchObject({ days: 48 });
    await handler.close();
    await handler.close();
    // Closed: the cache is gone and nothing new is computed; the served result still answers.
    const after = await get(`${url}/profiles/3/?teams=2`);
    expect(after.status).toBe(503);
    expect(after.body.error).toBe('the server is closing');
    expect((await get(`${url}/profiles/3/`)).status).toBe(200);
  });

  it.each([
    ['teams=0', 'teams must be a whole number from 1 to 2147483646, got "0"'],
    ['teams=abc', 'teams must be a whole number from 1 to 2147483646, got "abc"'],
    ['teams=2147483647', 'teams must be a whole number from 1 to 2147483646, got "2147483647"'],
    ['teams=', 'teams must be a whole number from 1 to 2147483646, got ""'],
    [
      'teams=2&strategy=fastest',
      'strategy must be one of inOrder, longestFirst, shortestFirst, roundRobin, got "fastest"',
    ],
    [
      'teams=2&strategy=../x',
      'strategy must be one of inOrder, longestFirst, shortestFirst, roundRobin, got "../x"',
    ],
    ['teams=2&strategy=./strategy.mjs', 'got "./strategy.mjs"'],
    [
      'strategy=inOrder',
      'strategy needs teams (with one crew per section, no strategy applies): add ?teams=N',
    ],
  ])('?%s is a 400 JSON error', async (query, message) => {
    const { url } = await serve(simulate(wall), { engine });
    for (const path of [
      '/profiles/1/days/1/',
      '/profiles/overview/',
      '/profiles/',
      '/profiles/1/',
    ]) {
      const r = await get(`${url}${path}?${query}`);
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(r.body.error).toContain(message);
    }
  });

  it('single flight: 20 concurrent requests for a new configuration compute it once; /health answers meanwhile', async () => {
    const gated = gatedEngine();
    const { url } = await serve(wall, { engine: gated.engine });
    const answers = Array.from({ length: 20 }, (_, k) =>
      get(`${url}/profiles/overview/${k + 1}/?teams=7`),
    );
    // While the configuration is held pending, other routes answer.
    expect((await get(`${url}/health`)).body).toEqual({ status: 'ok', days: 13, profiles: 3 });
    expect((await get(`${url}/profiles/overview/`)).status).toBe(200);
    gated.open();
    const seven = simulate(wall, { teams: 7 });
    for (const [k, answer] of (await Promise.all(answers)).entries()) {
      expect(answer.body).toEqual({ day: k + 1, cost: seven.totalCost(k + 1) });
    }
    expect(gated.calls).toBe(1);
    // Cached now: no new computation.
    await get(`${url}/profiles/1/?teams=7`);
    expect(gated.calls).toBe(1);
  });

  it('LRU: cacheSize results are kept, the least recently used goes first; 0 keeps none', async () => {
    const gated = gatedEngine();
    gated.open();
    const { url } = await serve(wall, { engine: gated.engine, cacheSize: 2 });
    for (const teams of [2, 3, 2, 4, 2, 3]) await get(`${url}/profiles/overview/?teams=${teams}`);
    // 2, 3 computed; 2 hit; 4 computed (3 out); 2 hit; 3 computed again.
    expect(gated.calls).toBe(4);
    const none = gatedEngine();
    none.open();
    const zero = await serve(wall, { engine: none.engine, cacheSize: 0 });
    for (let k = 0; k < 3; k++) await get(`${zero.url}/profiles/overview/?teams=2`);
    expect(none.calls).toBe(3);
  });

  it('load shedding: beyond maxPending computations, a 503 with Retry-After; the same configuration joins', async () => {
    const gated = gatedEngine();
    const { url } = await serve(wall, { engine: gated.engine, maxPending: 1 });
    const first = get(`${url}/profiles/overview/?teams=2`);
    const joined = get(`${url}/profiles/overview/1/?teams=2`);
    const shed = await get(`${url}/profiles/overview/?teams=3`);
    expect(shed.status).toBe(503);
    expect(shed.headers.get('retry-after')).toBe('1');
    expect(shed.body.error).toContain(
      '1 computation is running or queued, the most this server takes (maxPending)',
    );
    const post = await get(`${url}/simulate`, { method: 'POST', body: CONFIG });
    expect(post.status).toBe(503);
    gated.open();
    expect((await first).status).toBe(200);
    expect((await joined).status).toBe(200);
    expect((await get(`${url}/profiles/overview/?teams=3`)).status).toBe(200);
  });

  it('a result without heights (simulateStream) cannot run other configurations: a 400 that says why', async () => {
    const { simulateStream } = await import('../../src/index.js');
    const streamed = await simulateStream([CONFIG]);
    expect(streamed.wall).toBeUndefined();
    const { url } = await serve(streamed, { engine });
    const r = await get(`${url}/profiles/overview/?teams=2`);
    expect(r.status).toBe(400);
    expect(r.body.error).toContain('its result kept no heights');
    expect((await get(`${url}/profiles/overview/`)).status).toBe(200);
  });

  it('options are checked when the handler is made', () => {
    expect(() => createRequestHandler(wall, { cacheSize: -1 })).toThrow(
      'Expected `cacheSize` to be an integer in [0, 1024], got `-1` (number)',
    );
    expect(() => createRequestHandler(wall, { maxPending: 0 })).toThrow(
      'Expected `maxPending` to be an integer in [1, 1024]',
    );
    expect(() => createRequestHandler(wall, { maxBodyBytes: 0 })).toThrow(
      'Expected `maxBodyBytes` to be an integer',
    );
    expect(() => createRequestHandler(wall, { engine: {} as Engine })).toThrow(
      'Expected `engine` to be an Engine',
    );
    expect(() => createRequestHandler(wall, { cachesize: 2 } as RequestHandlerOptions)).toThrow(
      'unknown option "cachesize" (did you mean "cacheSize"?)',
    );
  });
});

describe('B. POST /simulate', () => {
  it('answers exactly the JSON of icewall simulate --format json, for any configuration', async () => {
    const { url } = await serve(simulate(createWall([[1]])), { engine });
    const cli = await runMain(['simulate', '--format', 'json', '-'], CONFIG);
    expect(cli.code).toBe(0);
    const r = await get(`${url}/simulate`, {
      method: 'POST',
      body: CONFIG,
      headers: { 'content-type': 'text/plain' },
    });
    expect(r.status).toBe(200);
    // The same JSON (the CLI writes a line per profile, for walls too big for one string).
    expect(r.body).toEqual(JSON.parse(cli.out));
    const cliTwo = await runMain(
      ['simulate', '--format', 'json', '--teams', '2', '--strategy', 'shortestFirst', '-'],
      CONFIG,
    );
    const two = await get(`${url}/simulate?teams=2&strategy=shortestFirst`, {
      method: 'POST',
      body: CONFIG,
    });
    expect(two.body).toEqual(JSON.parse(cliTwo.out));
    expect(two.body.days).toBe(JSON.parse(cliTwo.out).days);
    // Nothing is stored: the served wall is still the one-section one.
    expect((await get(`${url}/health`)).body).toEqual({ status: 'ok', days: 29, profiles: 1 });
  });

  it('a config of many profiles is answered as it is read, and exactly JSON.stringify of the result', async () => {
    // 2 x 10^5 profiles: a 14 MB answer. It was made as one string on the
    // event loop (half a second for 500,000 profiles), and kept whole for
    // a client that did not read it.
    const config = '0\n'.repeat(200_000);
    const { url } = await serve(wall, { engine });
    const r = await fetch(`${url}/simulate?teams=3`, { method: 'POST', body: config });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    // Streamed: no length known up front.
    expect(r.headers.get('content-length')).toBeNull();
    expect(await r.text()).toBe(JSON.stringify(simulate(parseWall(config), { teams: 3 })));
  });

  it('an encoded body (Content-Encoding: gzip) is a 415: its bytes are not a config', async () => {
    const { url } = await serve(wall, { engine });
    const body = gzipSync(CONFIG);
    const r = await get(`${url}/simulate`, {
      method: 'POST',
      body,
      headers: { 'content-encoding': 'gzip' },
    });
    expect(r.status).toBe(415);
    expect(r.body.error).toBe(
      'the body is encoded (Content-Encoding: "gzip"): send the config as plain text',
    );
    const plain = await get(`${url}/simulate`, {
      method: 'POST',
      body: CONFIG,
      headers: { 'content-encoding': 'identity' },
    });
    expect(plain.status).toBe(200);
  });

  it('a malformed config is a 400 naming the line and column; bad query values too', async () => {
    const { url } = await serve(wall, { engine });
    const r = await get(`${url}/simulate`, { method: 'POST', body: '21 25 28\n17 x\n' });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('line 2, column 4: "x" is not a whole number');
    const empty = await get(`${url}/simulate`, { method: 'POST', body: '' });
    expect(empty.status).toBe(400);
    const bad = await get(`${url}/simulate?teams=0`, { method: 'POST', body: CONFIG });
    expect(bad.status).toBe(400);
  });

  it('GET /simulate is a 405 with Allow: POST; POST elsewhere a 405 with Allow: GET, HEAD', async () => {
    const { url } = await serve(wall, { engine });
    const r = await get(`${url}/simulate`);
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
    expect(r.body.error).toBe('method GET is not allowed; use POST');
    const post = await get(`${url}/health`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('a body over the limit is a 413, by Content-Length at once', async () => {
    const { url } = await serve(wall, { engine, maxBodyBytes: 100 });
    const r = await get(`${url}/simulate`, { method: 'POST', body: '17 '.repeat(50) });
    expect(r.status).toBe(413);
    expect(r.body.error).toBe(
      'the body is larger than 100 bytes, the most this server takes (maxBodyBytes)',
    );
    expect((await get(`${url}/simulate`, { method: 'POST', body: '17 '.repeat(33) })).status).toBe(
      200,
    );
  });

  it('a stalled upload holds no computation slot: the body is parsed before it takes one', async () => {
    const { url, port } = await serve(wall, { engine, maxPending: 1 });
    const sockets = [0, 1].map(() => connect(port, '127.0.0.1'));
    for (const socket of sockets) {
      await once(socket, 'connect');
      socket.on('error', () => {});
      // Headers and half a config, then nothing: the upload stalls.
      socket.write('POST /simulate HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n');
      socket.write('6\r\n21 25 \r\n');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    const r = await get(`${url}/profiles/overview/?teams=7`);
    expect(r.status).toBe(200);
    const post = await get(`${url}/simulate?teams=7`, { method: 'POST', body: CONFIG });
    expect(post.status).toBe(200);
    for (const socket of sockets) socket.destroy();
  });

  it('a chunked body is cut off at the limit: 413, and the rest is never read (the connection closes)', async () => {
    const { port } = await serve(wall, { engine, maxBodyBytes: 1 << 16 });
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    let reply = '';
    let closed = false;
    socket.on('data', (chunk) => {
      reply += chunk;
    });
    socket.on('close', () => {
      closed = true;
    });
    // Writing on after the server closed: EPIPE or a reset, expected.
    socket.on('error', () => {});
    socket.write('POST /simulate HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n');
    const chunk = `${'17 '.repeat(1000)}\n`;
    let sent = 0;
    // Up to 64 MiB, stopping once the server has answered and closed.
    while (!closed && sent < 64 << 20) {
      const ok = socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      sent += chunk.length;
      if (!ok) {
        await new Promise((resolve) => {
          socket.once('drain', resolve);
          socket.once('close', resolve);
        });
      }
    }
    if (!closed) await new Promise((resolve) => socket.once('close', resolve));
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply).toContain('"error":"the body is larger than 65536 bytes');
    expect(sent).toBeLessThan(64 << 20);
  });
});

describe('D. caching headers', () => {
  it('every 200 GET has a strong ETag and Cache-Control; If-None-Match gets a 304 with no body', async () => {
    const { url } = await serve(simulate(wall), { engine });
    for (const path of [
      '/profiles/1/days/1/',
      '/profiles/overview/',
      '/profiles/',
      '/profiles/2/',
      '/health',
      '/',
      '/openapi.json',
    ]) {
      const r = await get(`${url}${path}`);
      expect(r.status).toBe(200);
      const tag = r.headers.get('etag') as string;
      expect(tag).toMatch(/^"[A-Za-z0-9_.:-]+"$/);
      expect(r.headers.get('cache-control')).toBe('public, no-cache');
      const again = await fetch(`${url}${path}`, { headers: { 'if-none-match': tag } });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(tag);
      expect(await again.text()).toBe('');
      const other = await fetch(`${url}${path}`, { headers: { 'if-none-match': '"other"' } });
      expect(other.status).toBe(200);
    }
  });

  it('the ETag depends on the configuration, the route and the wall', async () => {
    const { url } = await serve(simulate(wall), { engine });
    const tag = async (path: string, base = url) =>
      (await fetch(`${base}${path}`)).headers.get('etag');
    const one = await tag('/profiles/overview/');
    expect(await tag('/profiles/overview/')).toBe(one);
    expect(await tag('/profiles/overview/?teams=2')).not.toBe(one);
    expect(await tag('/profiles/overview/?teams=3')).not.toBe(
      await tag('/profiles/overview/?teams=2'),
    );
    expect(await tag('/profiles/overview/1/')).not.toBe(one);
    const same = await serve(simulate(parseWall(CONFIG)), { engine });
    expect(await tag('/profiles/overview/', same.url)).toBe(one);
    const other = await serve(simulate(parseWall('21 25 28\n17\n17 22 17 19 18\n')), { engine });
    expect(await tag('/profiles/overview/', other.url)).not.toBe(one);
  });

  it('a 304 needs no computation: a new configuration is answered from its tag alone', async () => {
    const gated = gatedEngine();
    gated.open();
    const { url } = await serve(wall, { engine: gated.engine, cacheSize: 0 });
    const first = await fetch(`${url}/profiles/overview/?teams=5`);
    expect(gated.calls).toBe(1);
    const tag = first.headers.get('etag') as string;
    const again = await fetch(`${url}/profiles/overview/?teams=5`, {
      headers: { 'if-none-match': `W/${tag}, "x"` },
    });
    expect(again.status).toBe(304);
    expect(gated.calls).toBe(1);
  });
});

describe('G. limits', () => {
  it('errors are JSON with the status of docs/errors.md; a failed computation is a 500 and is not cached', async () => {
    const failing = {
      ...engine,
      simulate: async () => {
        throw new RangeError('Invalid array length');
      },
    } as Engine;
    const { url } = await serve(wall, { engine: failing });
    const r = await get(`${url}/profiles/overview/?teams=2`);
    expect(r).toMatchObject({
      status: 500,
      body: { error: 'internal failure: RangeError: Invalid array length' },
    });
    expect((await get(`${url}/profiles/overview/?teams=2`)).status).toBe(500);
  });
});
