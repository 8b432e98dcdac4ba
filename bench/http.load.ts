/**
 * `npm run load`: requests per second and p99 latency of the icewall request
 * handler against a bare node:http server that returns a JSON body of the
 * same size, measured in the same run, on loopback only; and of the same
 * route asking for another configuration (`?teams=`), answered from the
 * handler's cache. Each run is bounded (10 connections, a few seconds;
 * `ICEWALL_LOAD_SECONDS=1` for a quick check). Prints the table;
 * `npm run load -- --write` also records it in docs/performance.md.
 */
import { once } from 'node:events';
import { createServer, type RequestListener } from 'node:http';
import autocannon from 'autocannon';
import { createRequestHandler } from '../dist/http.js';
import { simulate } from '../dist/index.js';
import { randomWall } from '../dist/testing.js';
import { recordTable } from './common.js';

const DURATION_S = Number(process.env.ICEWALL_LOAD_SECONDS ?? 5);
const CONNECTIONS = 10;
const result = simulate(randomWall({ seed: 11, profiles: 500, sections: 2000 }), { teams: 1000 });
const path = '/profiles/250/overview/3000/';
const teamsPath = `${path}?teams=2000`;
const body = JSON.stringify({ day: 3000, cost: result.profileCost(250, 3000) });

const bare: RequestListener = (_req, res) => {
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
};

async function load(listener: RequestListener, target: string) {
  const server = createServer(listener);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}${target}`;
  // One request first: a new configuration is computed once, then cached.
  await (await fetch(url)).text();
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
  server.closeAllConnections();
  server.close();
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

const handler = createRequestHandler(result);
const rows = {
  bare: { rps: [] as number[], p99: 0 },
  plain: { rps: [] as number[], p99: 0 },
  teams: { rps: [] as number[], p99: 0 },
};
let errors = 0;
// Alternate the servers so that machine load affects them alike.
for (let k = 0; k < 2; k++) {
  for (const [row, listener, target] of [
    ['bare', bare, path],
    ['plain', handler, path],
    ['teams', handler, teamsPath],
  ] as const) {
    const r = await load(listener, target);
    rows[row].rps.push(r.rps);
    rows[row].p99 = Math.max(rows[row].p99, r.p99);
    errors += r.errors;
  }
}
await handler.close();
const avg = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
const rps = (row: keyof typeof rows) => Math.round(avg(rows[row].rps)).toLocaleString('en-US');
const ratio = avg(rows.plain.rps) / avg(rows.bare.rps);
const teamsRatio = avg(rows.teams.rps) / avg(rows.bare.rps);
const table = `<!-- load:start -->
Measured by \`npm run load\` on ${new Date().toISOString().slice(0, 10)}, node ${process.version}: autocannon on 127.0.0.1, ${CONNECTIONS} connections, 2 rounds of ${DURATION_S} s each, alternating; \`GET ${path}\` on a 10^6-section result (1000 teams), and the same route for another configuration (\`?teams=2000\`), computed once and then answered from the handler's cache.

| server | req/s (mean) | p99 latency (worst round) |
| --- | --- | --- |
| bare \`node:http\`, same JSON body | ${rps('bare')} | ${rows.bare.p99} ms |
| icewall \`createRequestHandler\` | ${rps('plain')} | ${rows.plain.p99} ms |
| icewall, \`?teams=2000\` (cache hits) | ${rps('teams')} | ${rows.teams.p99} ms |

Handler ÷ bare: **${ratio.toFixed(2)}**; \`?teams=\` cache hits ÷ bare: ${teamsRatio.toFixed(2)}; errors and non-2xx answers: ${errors}.
<!-- load:end -->`;
console.log(table);
recordTable('load', 'HTTP', table);
if (ratio < 0.9 || errors > 0) process.exitCode = 1;
