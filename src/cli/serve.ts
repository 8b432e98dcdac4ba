import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { SimulationResult } from '../core/result/result.js';
import { createRequestHandler } from '../http/handler.js';
import { type CommandSpec, HELP_OPTION, RUN_OPTIONS, runOptions, UsageError } from './args.js';
import { loadAndSimulate, loadWall, openInput, simulateWall } from './input.js';
import type { CliIO } from './io.js';
import { Output } from './output.js';
import { OutputFiles, outputOption } from './output-files.js';
import { ProgressBar } from './progress.js';

/** `icewall serve`. */
export const serveCommand: CommandSpec = {
  name: 'serve',
  operands: '[FILE|-]',
  summary:
    'Simulates once and serves the answers over HTTP until SIGINT, SIGTERM, SIGHUP or\nSIGQUIT; requests may ask for other configurations (?teams=N&strategy=NAME) and\nPOST /simulate a config. FILE, or - for standard input; no FILE uses the bundled\nexample (serve never reads an unnamed standard input).',
  options: {
    ...RUN_OPTIONS,
    port: {
      type: 'string',
      usage: '--port N',
      help: 'the port, 0 for any free one (default: 8080)',
    },
    host: {
      type: 'string',
      usage: '--host H',
      help: 'the address to listen on (default: 127.0.0.1)',
    },
    log: { type: 'string', usage: '--log FILE', help: 'write the log file and serve it at /log' },
    grace: {
      type: 'string',
      usage: '--grace S',
      help: 'seconds open connections get to finish after a stop signal (default: 5)',
    },
    ...HELP_OPTION,
  },
};

/** Runs `icewall serve`; returns the exit code once the server has closed. */
export async function runServe(
  values: Record<string, string | boolean | undefined>,
  file: string | undefined,
  io: CliIO,
): Promise<number> {
  const portText = typeof values.port === 'string' ? values.port : '8080';
  const port = Number(portText);
  if (!/^[0-9]{1,5}$/.test(portText) || port > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, got "${portText}"`);
  }
  const graceText = typeof values.grace === 'string' ? values.grace : '5';
  const grace = Number(graceText);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(graceText) || grace > 3600) {
    throw new UsageError(`--grace must be a number of seconds from 0 to 3600, got "${graceText}"`);
  }
  const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
  const log = outputOption(values, 'log');
  const input = await openInput(file, io, false);
  // The log replaces --log whole, before it is served (see output-files.ts).
  const files = new OutputFiles(input);
  const stopWatching = files.onInterrupt(io);
  let result: SimulationResult;
  try {
    const run = { ...(await runOptions(values)), log: log && (await files.reserve(log, '--log')) };
    const bar = new ProgressBar(io.stderr);
    // The heights are kept (a log's run keeps them too): requests may ask
    // for other configurations of this wall (?teams=&strategy=).
    result =
      run.log === undefined
        ? await simulateWall(await loadWall(input, bar), run)
        : await loadAndSimulate(input, run, io, bar);
    files.commit();
  } catch (error) {
    throw files.targetNamed(error);
  } finally {
    files.discard();
    stopWatching?.();
  }
  // The handler makes its engine on the first request for another
  // configuration, and closes it in close(), once the server has closed.
  const handler = createRequestHandler(result, { logPath: log });
  const server = createServer(handler);
  // Signals are watched before the URL is printed: a client that reads the
  // URL and signals at once must find the handler in place.
  const signals = watchSignals(io, () => server.closeAllConnections());
  try {
    server.listen(port, host);
    try {
      await once(server, 'listening');
    } catch (error) {
      throw new UsageError(`cannot listen on ${host}:${port}: ${(error as Error).message}`);
    }
    const address = server.address() as { port: number };
    const shown = host.includes(':') ? `[${host}]` : host;
    const out = new Output(io.stdout);
    out.line(
      `serving ${result.profileCount} profiles (${result.days} days) on http://${shown}:${address.port}/`,
    );
    await out.flush();
    await signals.first;
    await shutdown(server, grace * 1000);
    await handler.close();
    out.line('server closed');
    await out.end();
    return 0;
  } finally {
    signals.stop();
    await handler.close();
  }
}

/**
 * Watches the stop signals (see `io.onStopSignal`): `first` resolves on the first one; every
 * later one calls `again` (which closes every connection at once).
 */
function watchSignals(io: CliIO, again: () => void) {
  let count = 0;
  let resolveFirst: () => void = () => {};
  const first = new Promise<void>((resolve) => {
    resolveFirst = resolve;
  });
  const stop =
    io.onStopSignal?.(() => {
      count++;
      if (count === 1) resolveFirst();
      else again();
    }) ?? (() => {});
  return { first, stop };
}

/**
 * Stops accepting connections, closes idle ones, and gives busy ones (a
 * paused download, a client sending headers slowly) `graceMs` to finish
 * before closing them all: Node stops its own request and header timeouts
 * once the server is closing, so without this a single client could hold
 * the process forever.
 */
async function shutdown(server: Server, graceMs: number): Promise<void> {
  const closed = once(server, 'close');
  server.close();
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await closed;
  } finally {
    clearTimeout(timer);
  }
}
