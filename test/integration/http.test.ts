import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestHandler } from '../../src/http/index.js';
import { createWall, IcewallRangeError, type SimulationResult, simulate } from '../../src/index.js';
import { randomWall } from '../../src/testing/index.js';

const wall = createWall([[21, 25, 28], [17], [17, 22, 17, 19, 17]]);
const dir = mkdtempSync(join(tmpdir(), 'icewall-http-'));
const logPath = join(dir, 'wall.log');
writeFileSync(logPath, 'day 5: team 2 completed profile 1 section 2\n');

async function start(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

let url: string;
let teamsUrl: string;
const servers: Server[] = [];
beforeAll(async () => {
  const a = createServer(createRequestHandler(simulate(wall), { logPath }));
  const b = createServer(createRequestHandler(simulate(wall, { teams: 2 })));
  servers.push(a, b);
  url = await start(a);
  teamsUrl = await start(b);
});
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

async function get(path: string, init?: RequestInit, base = url) {
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text === '' ? undefined : JSON.parse(text),
  };
}

describe('the four SPEC §8 endpoints', () => {
  it.each([
    ['/profiles/1/days/1/', { day: 1, ice_amount: 585 }],
    ['/profiles/1/days/1', { day: 1, ice_amount: 585 }],
    ['/profiles/1/overview/1/', { day: 1, cost: 1_111_500 }],
    ['/profiles/overview/1/', { day: 1, cost: 3_334_500 }],
    ['/profiles/overview/', { day: null, cost: 32_233_500 }],
    ['/profiles/overview', { day: null, cost: 32_233_500 }],
    ['/profiles/1/days/10/', { day: 10, ice_amount: 0 }],
    ['/profiles/overview/1000000/', { day: 1000000, cost: 32_233_500 }],
  ])('GET %s', async (path, body) => {
    const r = await get(path);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(body);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(r.headers.get('content-length'))).toBe(JSON.stringify(body).length);
  });

  it('with two teams', async () => {
    expect((await get('/profiles/1/days/8/', undefined, teamsUrl)).body).toEqual({
      day: 8,
      ice_amount: 195,
    });
    expect((await get('/profiles/overview/', undefined, teamsUrl)).body).toEqual({
      day: null,
      cost: 32_233_500,
    });
  });

  it('HEAD gives the headers and no body', async () => {
    const res = await fetch(`${url}/profiles/overview/`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(
      String(JSON.stringify({ day: null, cost: 32_233_500 }).length),
    );
    expect(await res.text()).toBe('');
  });
});

describe('beyond the four', () => {
  it('GET /profiles/ and /profiles/{p}/', async () => {
    const all = await get('/profiles/');
    expect(all.body.profiles).toHaveLength(3);
    expect(all.body.total).toBe(3);
    expect(all.body.next).toBe(null);
    expect(all.body.profiles[0]).toEqual({
      profile: 1,
      sections: 3,
      days: 9,
      ice: 3120,
      cost: 5_928_000,
    });
    expect((await get('/profiles/3')).body).toEqual({
      profile: 3,
      sections: 5,
      days: 13,
      ice: 11_310,
      cost: 21_489_000,
    });
  });

  it('GET /health', async () => {
    expect((await get('/health')).body).toEqual({ status: 'ok', days: 13, profiles: 3 });
  });

  it('GET /log streams the log file; no log path, no route', async () => {
    const res = await fetch(`${url}/log`);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('day 5: team 2 completed profile 1 section 2\n');
    expect((await get('/log', undefined, teamsUrl)).status).toBe(404);
  });
});

describe('errors are JSON with the right status', () => {
  it.each([
    ['/profiles/1/days/0/', 400, 'day must be a whole number'],
    ['/profiles/1/days/-1/', 400, 'day must be a whole number'],
    ['/profiles/1/days/1.5/', 400, 'got "1.5"'],
    ['/profiles/1/days/abc/', 400, 'got "abc"'],
    ['/profiles/1/days/99999999999999999999/', 400, 'day must be a whole number'],
    ['/profiles/0/days/1/', 400, 'profile must be a whole number'],
    ['/profiles/x/overview/1/', 400, 'profile must be a whole number'],
    ['/profiles/overview/0/', 400, 'day must be'],
    ['/profiles/4/days/1/', 404, 'profile 4 does not exist'],
    ['/profiles/4/', 404, 'profile 4 does not exist'],
    ['/nope', 404, 'no route for "/nope"'],
    ['/profiles/1/days/', 404, 'no route'],
    ['/profiles/1/days/1/extra', 404, 'no route'],
    ['/profiles/%E0%A4%A/days/1/', 400, 'malformed percent-encoding'],
  ])('%s → %i', async (path, status, message) => {
    const r = await get(path);
    expect(r.status).toBe(status);
    expect(r.body.error).toContain(message);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('405 with Allow for other methods', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const r = await get('/profiles/overview/', { method });
      expect(r.status).toBe(405);
      expect(r.headers.get('allow')).toBe('GET, HEAD');
      expect(r.body.error).toContain(`method ${method} is not allowed`);
    }
  });

  it('garbage and very long URLs never crash or stall the server', async () => {
    const long = await fetch(`${url}/profiles/${'9'.repeat(10_000)}/days/1/`);
    expect(long.status).toBe(400);
    const huge = await fetch(`${url}/${'a'.repeat(20_000)}`);
    expect([404, 414, 431]).toContain(huge.status);
    // Raw garbage on the socket: the server answers or closes, and keeps serving.
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    socket.resume();
    socket.setTimeout(5000, () => socket.destroy());
    socket.write('GARBAGE \u0000\u0001 HTTP/9\r\n\r\n');
    await once(socket, 'close');
    expect((await get('/health')).status).toBe(200);
  });

  it('keep-alive: many requests on one connection', async () => {
    for (let k = 1; k <= 20; k++) {
      expect((await get(`/profiles/overview/${k}/`)).status).toBe(200);
    }
  });
});

describe('Express and basePath', () => {
  it('as Express middleware: its paths answered, others go to next()', async () => {
    const app = express();
    app.use(createRequestHandler(simulate(wall), { basePath: '/api' }));
    app.get('/other', (_req, res) => {
      res.json({ from: 'express' });
    });
    const server = createServer(app);
    servers.push(server);
    const base = await start(server);
    expect((await get('/api/profiles/overview/', undefined, base)).body).toEqual({
      day: null,
      cost: 32_233_500,
    });
    expect((await get('/other', undefined, base)).body).toEqual({ from: 'express' });
    // An unknown route under the base path is also left to the app (Express answers 404).
    expect((await fetch(`${base}/api/nope`)).status).toBe(404);
  });

  it('mounted with app.use(path, handler)', async () => {
    const app = express();
    app.use('/wall', createRequestHandler(simulate(wall)));
    const server = createServer(app);
    servers.push(server);
    const base = await start(server);
    expect((await get('/wall/profiles/1/days/1/', undefined, base)).body).toEqual({
      day: 1,
      ice_amount: 585,
    });
  });

  it('basePath without next(): outside it is a JSON 404', async () => {
    const server = createServer(createRequestHandler(simulate(wall), { basePath: '/api/' }));
    servers.push(server);
    const base = await start(server);
    expect((await get('/profiles/overview/', undefined, base)).status).toBe(404);
    expect((await get('/api/profiles/overview', undefined, base)).status).toBe(200);
  });
});

describe('issue 9: pages, the route index, honest errors, no leaked files', () => {
  const many = simulate(randomWall({ seed: 3, profiles: 2500, sections: 3 }));

  it('GET /profiles/ is paginated: default 100, at most 1000, next keeps the mount path', async () => {
    const app = express();
    app.use('/wall', createRequestHandler(many, { basePath: '/api' }));
    const server = createServer(app);
    servers.push(server);
    const base = await start(server);
    const first = await get('/wall/api/profiles/', undefined, base);
    expect(first.body.profiles).toHaveLength(100);
    expect(first.body.total).toBe(2500);
    expect(first.body.profiles[0].profile).toBe(1);
    expect(first.body.next).toBe('/wall/api/profiles/?offset=100&limit=100');
    let page = await get(`${first.body.next.replace('limit=100', 'limit=1000')}`, undefined, base);
    expect(page.body.profiles[0].profile).toBe(101);
    expect(page.body.next).toBe('/wall/api/profiles/?offset=1100&limit=1000');
    page = await get(page.body.next, undefined, base);
    expect(page.body.next).toBe('/wall/api/profiles/?offset=2100&limit=1000');
    page = await get(page.body.next, undefined, base);
    expect(page.body.profiles).toHaveLength(400);
    expect(page.body.profiles.at(-1).profile).toBe(2500);
    expect(page.body.next).toBe(null);
    expect(Number(page.headers.get('content-length'))).toBeLessThan(1 << 20);
    const past = await get('/wall/api/profiles?offset=9999', undefined, base);
    expect(past.body).toEqual({ profiles: [], total: 2500, next: null });
  });

  it.each([
    ['limit=1001', 'limit must be a whole number from 1 to 1000, got "1001"'],
    ['limit=0', 'limit must be a whole number from 1 to 1000, got "0"'],
    ['offset=-1', 'offset must be a whole number from 0 to 9007199254740991, got "-1"'],
    ['offset=x', 'offset must be a whole number from 0'],
  ])('GET /profiles/?%s is a 400', async (query, message) => {
    const r = await get(`/profiles/?${query}`);
    expect(r.status).toBe(400);
    expect(r.body.error).toContain(message);
  });

  it('invisible characters in an echoed value are escaped, never printed raw', async () => {
    // A no-break space looks like a space; JSON.stringify alone would leave it raw.
    const r = await get('/profiles/1/days/1%C2%A0/');
    expect(r.status).toBe(400);
    expect(r.body.error).toBe(
      'day must be a whole number from 1 to 9007199254740991, got "1\\u00a0"',
    );
    expect((await get('/profiles/1/days/1%0D/')).body.error).toContain('got "1\\r"');
    const route = await get('/nope%07');
    expect(route.status).toBe(404);
    expect(route.body.error).toBe('no route for "/nope%07"');
  });

  it('an absolute-form request target is answered as its path', async () => {
    const { port } = new URL(url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.write(
      `GET http://127.0.0.1:${port}/profiles/overview/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n` +
        '',
    );
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk;
    });
    await once(socket, 'end');
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text).toContain('{"day":null,"cost":32233500}');
  });

  it('GET /log with a logPath that is a directory is the same 404 as a missing file; the server goes on', async () => {
    const server = createServer(createRequestHandler(many, { logPath: dir }));
    servers.push(server);
    const base = await start(server);
    const r = await get('/log', undefined, base);
    expect(r).toMatchObject({ status: 404, body: { error: 'the log file cannot be read' } });
    expect((await get('/health', undefined, base)).status).toBe(200);
  });

  it('GET /log with a logPath that is a named pipe nobody writes: the same 404, no hang', async () => {
    const fifo = join(dir, 'log.fifo');
    execFileSync('mkfifo', [fifo]);
    const server = createServer(createRequestHandler(many, { logPath: fifo }));
    servers.push(server);
    const base = await start(server);
    const r = await get('/log', { signal: AbortSignal.timeout(5_000) }, base);
    expect(r).toMatchObject({ status: 404, body: { error: 'the log file cannot be read' } });
  });

  it('an offset of 0 may be written with leading zeros, like any other number', async () => {
    // "00" used to be refused as "offset must be a whole number from 1 ..." although 0 is the default.
    for (const offset of ['0', '00', '000']) {
      const r = await get(`/profiles/?offset=${offset}&limit=1`);
      expect(r.status).toBe(200);
      expect(r.body.profiles[0].profile).toBe(1);
    }
    expect((await get('/profiles/?offset=01&limit=1')).body.profiles[0].profile).toBe(2);
  });

  it('GET / lists the routes; a 404 lists them too', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.body.routes.map((r: { path: string }) => r.path)).toEqual([
      '/profiles/{p}/days/{d}/',
      '/profiles/{p}/overview/{d}/',
      '/profiles/overview/{d}/',
      '/profiles/overview/',
      '/profiles/?offset=0&limit=100',
      '/profiles/{p}/',
      '/simulate',
      '/health',
      '/openapi.json',
      '/log',
    ]);
    const missing = await get('/nope', undefined, teamsUrl);
    expect(missing.status).toBe(404);
    expect(missing.body.routes).toContain('/profiles/{p}/days/{d}/');
    expect(missing.body.routes).not.toContain('/log');
    const app = express();
    app.use('/wall', createRequestHandler(many));
    const server = createServer(app);
    servers.push(server);
    const base = await start(server);
    expect((await get('/wall', undefined, base)).body.routes[0].path).toBe(
      '/wall/profiles/{p}/days/{d}/',
    );
  });

  it('bad arguments to createRequestHandler are refused at once', () => {
    expect(() => createRequestHandler(null as unknown as SimulationResult)).toThrow(
      'Expected `result` to be a SimulationResult (from simulate or Simulation.run) or a Wall, got `null` (null)',
    );
    expect(() => createRequestHandler(many, { basePath: 'api' })).toThrow(
      'Expected `basePath` to be empty or a path starting with "/" (e.g. "/api/wall"), got `"api"` (string)',
    );
  });

  it('input errors are 400; internal limits and other failures are 500 with one honest line', async () => {
    const failing = (error: Error) =>
      Object.create(many, {
        dailyIce: {
          value: () => {
            throw error;
          },
        },
      }) as SimulationResult;
    const a = createServer(createRequestHandler(failing(new RangeError('Invalid string length'))));
    const b = createServer(
      createRequestHandler(failing(new IcewallRangeError('ERR_OUT_OF_RANGE', 'day too large'))),
    );
    servers.push(a, b);
    const internal = await get('/profiles/1/days/1/', undefined, await start(a));
    expect(internal).toMatchObject({
      status: 500,
      body: { error: 'internal failure: RangeError: Invalid string length' },
    });
    const input = await get('/profiles/1/days/1/', undefined, await start(b));
    expect(input).toMatchObject({ status: 400, body: { error: 'day too large' } });
  });

  it('GET /log closes the file when a client disconnects mid-download', async () => {
    const bigLog = join(dir, 'big.log');
    writeFileSync(bigLog, 'day 1: team 1 relieved\n'.repeat(400_000));
    const server = createServer(createRequestHandler(many, { logPath: bigLog }));
    servers.push(server);
    const port = Number(new URL(await start(server)).port);
    const openLogs = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === bigLog;
        } catch {
          return false;
        }
      }).length;
    for (let k = 0; k < 20; k++) {
      const socket = connect(port, '127.0.0.1');
      socket.write('GET /log HTTP/1.1\r\nhost: x\r\n\r\n');
      await once(socket, 'data');
      socket.destroy();
      await once(socket, 'close');
    }
    for (let wait = 0; wait < 50 && openLogs() > 0; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(openLogs()).toBe(0);
    expect((await get('/health', undefined, `http://127.0.0.1:${port}`)).status).toBe(200);
  });
});
