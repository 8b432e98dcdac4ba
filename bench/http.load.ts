/**
 * `npm run load`: requests per second and p99 latency of the icewall request
 * handler against a bare node:http server that returns a JSON body of the
 * same size, measured in the same run, on loopback only. Each run is bounded
 * (10 connections, a few seconds). Prints the table; `npm run load -- --write`
 * also records it in docs/performance.md.
 */
import { once } from 'node:events';
import { createServer, type RequestListener } from 'node:http';
import autocannon from 'autocannon';
import { createRequestHandler } from '../dist/http.js';
import { simulate } from '../dist/index.js';
import { randomWall } from '../dist/testing.js';
import { recordTable } from './common.js';

const DURATION_S = 5;
const CONNECTIONS = 10;
const result = simulate(randomWall({ seed: 11, profiles: 500, sections: 2000 }), { teams: 1000 });
const path = '/profiles/250/overview/3000/';
const body = JSON.stringify({ day: 3000, cost: result.profileCost(250, 3000) });

const bare: RequestListener = (_req, res) => {
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
};

async function load(listener: RequestListener) {
  const server = createServer(listener);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const r = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
  });
  server.closeAllConnections();
  server.close();
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

// Alternate the two so that machine load affects both alike.
const rounds = { handler: [] as number[], bare: [] as number[], p99h: 0, p99b: 0, errors: 0 };
for (let k = 0; k < 2; k++) {
  const b = await load(bare);
  const h = await load(createRequestHandler(result));
  rounds.bare.push(b.rps);
  rounds.handler.push(h.rps);
  rounds.p99b = Math.max(rounds.p99b, b.p99);
  rounds.p99h = Math.max(rounds.p99h, h.p99);
  rounds.errors += h.errors + b.errors;
}
const avg = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
const ratio = avg(rounds.handler) / avg(rounds.bare);
const table = `<!-- load:start -->
Measured by \`npm run load\` on ${new Date().toISOString().slice(0, 10)}, node ${process.version}: autocannon on 127.0.0.1, ${CONNECTIONS} connections, 2 rounds of ${DURATION_S} s each, alternating; \`GET ${path}\` on a 10^6-section result.

| server | req/s (mean) | p99 latency (worst round) |
| --- | --- | --- |
| bare \`node:http\`, same JSON body | ${Math.round(avg(rounds.bare)).toLocaleString('en-US')} | ${rounds.p99b} ms |
| icewall \`createRequestHandler\` | ${Math.round(avg(rounds.handler)).toLocaleString('en-US')} | ${rounds.p99h} ms |

Handler ÷ bare: **${ratio.toFixed(2)}**; errors and non-2xx answers: ${rounds.errors}.
<!-- load:end -->`;
console.log(table);
recordTable('load', 'HTTP', table);
if (ratio < 0.9 || rounds.errors > 0) process.exitCode = 1;
