// Serves a simulation's answers from an Express app, under /api/wall, next
// to the app's own routes. Stops on SIGINT or SIGTERM.
// Run: npx tsx examples/express-server.ts (PORT=8080 by default; 0 picks a free port)
// Then: curl http://localhost:8080/api/wall/profiles/1/days/1/
import type { AddressInfo } from 'node:net';
import express from 'express';
import { parseWall, simulate } from 'icewall';
import { createRequestHandler } from 'icewall/http';

const result = simulate(parseWall('21 25 28\n17\n17 22 17 19 17\n'));

const app = express();
app.get('/', (_req, res) => {
  res.json({ hello: 'see /api/wall/' });
});
// Express strips the mount path before the handler sees the URL; links in
// the answers (`next` of GET /profiles/) keep it.
app.use('/api/wall', createRequestHandler(result));

const server = app.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`listening on http://127.0.0.1:${port}/api/wall/`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.closeAllConnections();
    server.close(() => console.log('closed'));
  });
}
