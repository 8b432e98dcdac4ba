// Issue 20 C: a client generated from the served OpenAPI document works.
// openapi-typescript turns GET /openapi.json of a real server into types, a
// small openapi-fetch client typechecks under `tsc --strict`, and run
// against that server it reads 32,233,500 from GET /profiles/overview/.
import { execFile, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const { createRequestHandler } = await import('../../dist/http.js');
const { parseWall, simulate } = await import('../../dist/index.js');

const dir = mkdtempSync(join(tmpdir(), 'icewall-client-'));
const handler = createRequestHandler(simulate(parseWall('21 25 28\n17\n17 22 17 19 17\n')));
const server = createServer(handler);
/** `tsc -p dir` with the project's TypeScript: its exit code and what it printed. */
function tsc() {
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir],
    {
      encoding: 'utf8',
    },
  );
  return { status: r.status, out: r.stdout + r.stderr };
}

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await handler.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a client generated from /openapi.json', () => {
  it('typechecks under tsc --strict and reads the total cost from a real server', async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const ast = await openapiTS(new URL(`${url}/openapi.json`));
    writeFileSync(join(dir, 'schema.d.ts'), astToString(ast));
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(
      join(dir, 'client.ts'),
      `import createClient from 'openapi-fetch';
import type { paths } from './schema.js';

const client = createClient<paths>({ baseUrl: process.argv[2] });
const { data, error } = await client.GET('/profiles/overview/');
if (error !== undefined) throw new Error(error.error);
const cost: number = data.cost;
const page = await client.GET('/profiles/', { params: { query: { limit: 2, teams: 2, strategy: 'inOrder' } } });
const first: number | undefined = page.data?.profiles[0]?.cost;
const ice = await client.GET('/profiles/{p}/days/{d}/', { params: { path: { p: 1, d: 1 } } });
const amount: number | undefined = ice.data?.ice_amount;
console.log(JSON.stringify({ cost, first, amount }));
`,
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noUncheckedIndexedAccess: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          types: ['node'],
          noEmit: true,
          skipLibCheck: false,
        },
        include: ['client.ts', 'schema.d.ts'],
      }),
    );
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    expect(tsc()).toEqual({ status: 0, out: '' });
    // Asynchronously: the server answers from this process.
    const { stdout: out } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(dir, 'client.ts'), url],
      { cwd: dir, encoding: 'utf8', timeout: 60_000 },
    );
    expect(JSON.parse(out)).toEqual({ cost: 32_233_500, first: 5_928_000, amount: 585 });
  });

  it('the typecheck fails on a wrong use (the types are real, not any)', () => {
    writeFileSync(
      join(dir, 'client.ts'),
      `import createClient from 'openapi-fetch';
import type { paths } from './schema.js';
const client = createClient<paths>({ baseUrl: 'http://x' });
const { data } = await client.GET('/profiles/overview/');
const cost: string = data!.cost;
console.log(cost);
`,
    );
    const r = tsc();
    expect(r.status).toBe(2);
    expect(r.out).toContain("Type 'number' is not assignable to type 'string'");
  });
});
