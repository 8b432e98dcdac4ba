#!/usr/bin/env node
// The only file that touches `process`: wires main() to the real streams.
import { fstatSync, type Stats } from 'node:fs';
import { main } from './main.js';

/**
 * Standard input is read without a FILE only when it carries data: a pipe,
 * a regular file, or a socket (what a Node parent's `spawn(..., { input })`
 * and most process libraries give). A terminal or `/dev/null` is not.
 */
function stdinIsData(): boolean {
  const stat = stdinStat();
  return stat !== undefined && (stat.isFIFO() || stat.isFile() || stat.isSocket());
}

function stdinStat(): Stats | undefined {
  try {
    return fstatSync(0);
  } catch {
    return undefined;
  }
}

/**
 * The signals that stop a command: Ctrl-C, `kill`, a terminal or ssh
 * session that closes (SIGHUP) and Ctrl-\ (SIGQUIT). Each ends it the
 * same way, temporary files removed (see `io.onInterrupt`).
 */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

/** Calls `handler` on each stop signal until the returned function is called. */
function onSignals(handler: () => void): () => void {
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, handler);
  };
}

const stdin = stdinStat();
// Taken now: while a strategy module loads, process.exit is refused (args.ts).
const exit = process.exit.bind(process);

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  stdinIsData: stdinIsData(),
  stdinIdentity: stdin?.isFile() ? { dev: stdin.dev, ino: stdin.ino } : undefined,
  env: process.env,
  onInterrupt: (cleanup) =>
    onSignals(() => {
      process.stderr.write(`${cleanup()}\n`);
      exit(130);
    }),
  onStopSignal: onSignals,
});

// The command is over and its output handed over (standard output and
// error are written synchronously on Linux, and every file is closed): end
// now, so a handle that a strategy module opened at its top level (a timer,
// a pool) cannot keep the process alive after a finished run.
process.exitCode = code;
exit(code);
