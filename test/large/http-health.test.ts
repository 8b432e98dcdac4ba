// Issue 20 A: while a 4×10^6-section wall at 7 teams computes, GET /health
// keeps answering: the computation runs on the engine's worker thread. The
// latencies are measured and printed (p99, for docs/http.md), not asserted:
// this machine's load decides them. The behaviour is asserted: /health
// answers many times while a configuration is pending.
import { once } from 'node:events';
import { createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';

const { createRequestHandler } = await import('../../dist/http.js');
const { createEngine } = await import('../../dist/engine.js');
const { randomWall } = await import('../../dist/testing.js');

const wall = randomWall({ seed: 7, profiles: 2000, sections: 2000 });
const engine = createEngine({ threads: 1 });
const handler = createRequestHandler(wall, { engine });
const server = createServer(handler);
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await handler.close();
  await engine.close();
});

const p99 = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.floor(ms.length * 0.99)] as number;

/** Asks /health in a loop until `pending` settles; the latencies in ms. */
async function healthWhile(url: string, pending: Promise<unknown>): Promise<number[]> {
  let done = false;
  pending.finally(() => {
    done = true;
  });
  const ms: number[] = [];
  while (!done) {
    const t = performance.now();
    const r = await fetch(`${url}/health`);
    await r.text();
    expect(r.status).toBe(200);
    ms.push(performance.now() - t);
  }
  return ms;
}

describe('GET /health while a configuration computes', () => {
  it('answers throughout; p99 printed', async () => {
    expect(wall.sectionCount).toBe(4_000_000);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const computing: number[] = [];
    // How long the event loop is held: the machine's other load aside.
    let held = 0;
    const firstQuery: number[] = [];
    for (const teams of [7, 8, 9, 10, 11]) {
      const total = fetch(`${url}/profiles/overview/?teams=${teams}`).then(
        (r) => r.json() as Promise<{ cost: number }>,
      );
      const loop = monitorEventLoopDelay({ resolution: 1 });
      loop.enable();
      const during = await healthWhile(url, total);
      loop.disable();
      held = Math.max(held, loop.max / 1e6);
      expect(during.length).toBeGreaterThan(0);
      expect((await total).cost).toBeGreaterThan(0);
      computing.push(...during);
      // The first per-profile query of a configuration records its start days.
      const profile = fetch(`${url}/profiles/1/days/1/?teams=${teams}`).then((r) => r.json());
      firstQuery.push(...(await healthWhile(url, profile)));
      await profile;
    }
    console.log(
      `GET /health while 4e6 sections at 7-11 teams compute: ${computing.length} answers, p99 ${p99(computing).toFixed(1)} ms, max ${Math.max(...computing).toFixed(1)} ms (event loop held at most ${held.toFixed(1)} ms); during the first per-profile query: ${firstQuery.length} answers, max ${Math.max(...firstQuery).toFixed(1)} ms`,
    );
  });
});
