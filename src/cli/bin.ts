#!/usr/bin/env node
// The only file that touches `process`: wires main() to the real streams.
import { fstatSync } from 'node:fs';
import { main } from './main.js';

/**
 * Standard input is read without a FILE only when it carries data: a pipe,
 * a regular file, or a socket (what a Node parent's `spawn(..., { input })`
 * and most process libraries give). A terminal or `/dev/null` is not.
 */
function stdinIsData(): boolean {
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isFile() || stat.isSocket();
  } catch {
    return false;
  }
}

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  stdinIsData: stdinIsData(),
  env: process.env,
  onStopSignal: (handler) => {
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    };
  },
});
