// Every code block of README.md and docs/*.md runs as written (issue 21 §2),
// against the package a user installs: `npm pack`, installed into one fresh
// consumer folder where the blocks run in reading order (README first, then
// docs/*.md by name), so a block may use a file an earlier one made.
//
// - `ts` blocks run with `node --import tsx`, `js` and `mjs` with `node`.
// - A block that is a file names it (`title=x.ts` in the info string, or a
//   first line `// x.ts`) and is saved and run under that name; the others
//   are saved as `<page>-<line>.<ext>`.
// - `fragment` in the info string skips a block (a deliberately partial one).
// - Shell blocks run only their commands that make files (printf, echo,
//   cat <<EOF, cp, mkdir, touch).
// - A server block may listen: a preload moves every server to a free
//   loopback port and unrefs it, so the block ends when its other work does.
// - Then tsc type-checks every TypeScript block, strict, as a user's
//   project would (NodeNext, with tsx's `.ts` imports allowed).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blocksOf,
  type DocBlock,
  docBlocks,
  fileCommands,
  namedFile,
  PROGRAM_LANGS,
} from './docs-blocks.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'icewall-docs-'));
const consumer = join(work, 'consumer');

// Packages the pages import besides icewall, at the versions this repository tests.
const PEERS = ['tsx', 'fastify', 'express', '@types/express', '@types/node', 'typescript'];

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022'],
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    moduleDetection: 'force', // each block is a module of its own, even without imports
    skipLibCheck: true,
    types: ['node'],
  },
  include: ['**/*.ts'],
  exclude: ['node_modules'],
};

// Loaded before every block (`--import`): a server listens on a free loopback
// port instead of the one the page names, and does not keep the process
// alive (unref), so a server block ends when the rest of its work does.
const STOP_SERVERS = `import net from 'node:net';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const callback = typeof args.at(-1) === 'function' ? args.pop() : undefined;
  const options = typeof args[0] === 'object' && args[0] !== null ? args[0] : {};
  this.unref();
  return listen.call(this, { ...options, port: 0, host: '127.0.0.1' }, callback);
};
`;

const blocks = docBlocks(root);

beforeAll(async () => {
  await run('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root });
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack wrote no tarball into ${work}`);
  mkdirSync(consumer);
  writeFileSync(
    join(consumer, 'package.json'),
    `${JSON.stringify({ name: 'docs-consumer', private: true, type: 'module' }, null, 2)}\n`,
  );
  writeFileSync(join(work, 'stop-servers.mjs'), STOP_SERVERS);
  writeFileSync(join(consumer, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  const { devDependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  const peers = PEERS.map((name) => `${name}@${devDependencies[name]}`);
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, tarball), ...peers],
    { cwd: consumer },
  );
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What a failed command printed, for the test's message. */
function failure(error: unknown): string {
  // execFile's message is the command line and then its standard error.
  const { stdout = '', message } = error as Error & { stdout?: string };
  return `${message}\n${stdout}`.trim();
}

async function runProgram(block: DocBlock): Promise<void> {
  const ext = block.lang === 'ts' ? 'ts' : 'mjs';
  const file = namedFile(block) ?? `${block.page.replace(/\W/g, '-')}-${block.line}.${ext}`;
  mkdirSync(dirname(join(consumer, file)), { recursive: true });
  writeFileSync(join(consumer, file), block.code);
  const loaders = block.lang === 'ts' ? ['--import', 'tsx'] : [];
  const stop = ['--import', join(work, 'stop-servers.mjs')];
  await run(process.execPath, [...loaders, ...stop, file], { cwd: consumer, timeout: 60_000 });
}

async function runShell(block: DocBlock): Promise<void> {
  for (const command of fileCommands(block.code)) {
    await run('sh', ['-c', command], { cwd: consumer, timeout: 10_000 });
  }
}

const runnable = blocks.filter(
  (block) =>
    !block.info.includes('fragment') && ([...PROGRAM_LANGS, 'sh'] as string[]).includes(block.lang),
);

describe('every code block of the README and docs/ runs as written', () => {
  it('finds the blocks (README first, then docs/*.md by name)', () => {
    expect(runnable.filter((block) => block.page === 'README.md').length).toBeGreaterThan(3);
    expect(runnable.some((block) => block.page === 'docs/strategies.md')).toBe(true);
  });

  it('keeps `await using` in TypeScript blocks (a SyntaxError in JavaScript on Node 20)', () => {
    const js = blocks.filter((block) => block.lang !== 'ts' && /\bawait using\b/.test(block.code));
    expect(js.map((block) => `${block.page}:${block.line}`)).toEqual([]);
  });

  it.each(runnable.map((block) => [`${block.page}:${block.line} (${block.lang})`, block] as const))(
    '%s',
    async (_name, block) => {
      const outcome = await (block.lang === 'sh' ? runShell(block) : runProgram(block)).then(
        () => 'ok',
        failure,
      );
      expect(outcome).toBe('ok');
    },
    90_000,
  );

  it('type-checks every TypeScript block (strict)', async () => {
    const tsc = join(consumer, 'node_modules/typescript/bin/tsc');
    const outcome = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], {
      cwd: consumer,
    }).then(() => 'ok', failure);
    expect(outcome).toBe('ok');
  }, 120_000);
});

describe('the block reader', () => {
  const page = [
    'text',
    '```ts title=a.ts',
    'export const a = 1;',
    '```',
    '- a list item:',
    '',
    '  ```js',
    '  // b.js',
    '  export const b = 2;',
    '  ```',
    '',
    '```ts fragment',
    'partial(',
    '```',
  ].join('\n');
  const [a, b, partial] = blocksOf('x.md', page);

  it('reads fences, indented ones too, with their line and info string', () => {
    expect(a).toMatchObject({
      line: 2,
      lang: 'ts',
      info: ['title=a.ts'],
      code: 'export const a = 1;\n',
    });
    expect(b).toMatchObject({ line: 7, lang: 'js', code: '// b.js\nexport const b = 2;\n' });
    expect(partial?.info).toEqual(['fragment']);
  });

  it('names a file by title= or by a first-line comment, and no other block', () => {
    expect([a, b, partial].map((block) => block && namedFile(block))).toEqual([
      'a.ts',
      'b.js',
      undefined,
    ]);
  });

  it('keeps the shell commands that make files, here-documents whole', () => {
    const shell =
      "npm install icewall\nprintf '1\\n' > w.txt\ncat <<EOF > x.txt\n1 2\nEOF\nnpx icewall simulate w.txt\nmkdir -p d\n";
    expect(fileCommands(shell)).toEqual([
      "printf '1\\n' > w.txt",
      'cat <<EOF > x.txt\n1 2\nEOF',
      'mkdir -p d',
    ]);
  });
});
