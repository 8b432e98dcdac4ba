// A misspelt option is a type error at every entry point that takes options.
import { parseWall, Simulation, simulate, simulateStream } from 'icewall';
import { createEngine, simulateParallel } from 'icewall/engine';
import { createRequestHandler } from 'icewall/http';
import { attachConsole, attachJsonLines, attachLogFile } from 'icewall/sinks';
import { checkStrategy, randomWall } from 'icewall/testing';
import { describe, it } from 'vitest';

const wall = parseWall('21 25 28\n17');
const result = simulate(wall);
const sim = new Simulation(wall);

describe('option typos', () => {
  it('are refused by the core', () => {
    // @ts-expect-error: `teem` is not an option (`teams` is)
    simulate(wall, { teem: 2 });
    // @ts-expect-error: `teem` is not an option
    new Simulation(wall, { teem: 2 });
    // @ts-expect-error: `teams` is a number
    simulate(wall, { teams: '2' });
    // @ts-expect-error: `targetHight` is not a wall option
    parseWall('1 2', { targetHight: 20 });
    // @ts-expect-error: `teem` is not an option
    void simulateStream([new Uint8Array()], { teem: 2 });
    // @ts-expect-error: renamed in 1.0: `expectedBytes`
    void simulateStream([new Uint8Array()], { sizeHint: 2 });
  });

  it('are refused by the engine', () => {
    // @ts-expect-error: `thread` is not an option (`threads` is)
    createEngine({ thread: 2 });
    // @ts-expect-error: `teem` is not an option
    createEngine({ teem: 2 });
    // @ts-expect-error: `teem` is not an option
    void simulateParallel(wall, { teem: 2 });
    // @ts-expect-error: a plain string is not a source
    void simulateParallel('wall.txt');
    // @ts-expect-error: renamed in 1.0: `parallelism` (threads that count, the caller's included)
    void simulateParallel(wall, { threads: 2 });
    // @ts-expect-error: renamed in 1.0: `onBytesRead`
    void simulateParallel(wall, { onProgress: () => {} });
  });

  it('are refused by the HTTP handler and the sinks', () => {
    // @ts-expect-error: `teem` is not an option
    createRequestHandler(result, { teem: 2 });
    // @ts-expect-error: `basepath` is spelt `basePath`
    createRequestHandler(result, { basepath: '/wall' });
    // @ts-expect-error: `teem` is not an option
    attachLogFile(sim, 'wall.log', { teem: 2 });
    // @ts-expect-error: `verbos` is spelt `verbose`
    attachLogFile(sim, 'wall.log', { verbos: true });
    // @ts-expect-error: `teem` is not an option
    attachConsole(sim, process.stdout, { teem: 2 });
    // @ts-expect-error: a stream is needed
    attachJsonLines(sim, 'events.jsonl');
    // @ts-expect-error: the stream is the second argument: attachConsole(sim, stream, options)
    attachConsole(sim, { assignments: true });
  });

  it('are refused by the testing helpers', () => {
    // @ts-expect-error: `seeds` is spelt `seed`
    randomWall({ seeds: 1 });
    // @ts-expect-error: the wall's numbers are flat: randomWall({ targetHeight: 20 })
    randomWall({ wall: { targetHeight: 20 } });
    // @ts-expect-error: `teem` is not an option
    checkStrategy({ name: 'x', create: () => () => 1 }, { teem: 2 });
  });
});
