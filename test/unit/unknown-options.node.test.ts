// Issue 18 §3: every public function that takes an options object refuses
// a key it does not know with ERR_INVALID_OPTION, naming the function and
// the key and suggesting the nearest valid one (piscina's option-validation
// style: one row per entry point, each asserting the whole message).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { type Defaults, optionsObject } from '../../src/core/options/check.js';
import { createEngine, runParallel, simulateParallel } from '../../src/engine/index.js';
import { createRequestHandler } from '../../src/http/index.js';
import {
  createWall,
  inOrder,
  isIcewallError,
  parseWall,
  parseWallStream,
  planTeams,
  Simulation,
  simulate,
  simulateStream,
  WallParser,
} from '../../src/index.js';
import { attachConsole, attachJsonLines, attachLogFile } from '../../src/sinks/index.js';
import { checkStrategy, randomWall } from '../../src/testing/index.js';

const CONFIG = '21 25 28\n17\n17 22 17 19 17\n';
const wall = parseWall(CONFIG);
const bytes = new TextEncoder().encode(CONFIG);
// No call below starts a thread: the keys are checked before any work.
const engine = createEngine({ threads: 1 });
const dir = mkdtempSync(join(tmpdir(), 'icewall-options-'));
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What a call threw or rejected with. */
async function failure(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

const SIMULATE_KEYS = '"teams", "strategy", "progressSteps"';

describe('a misspelt option is refused with the nearest valid one', () => {
  it.each<[string, () => unknown, string]>([
    // core
    [
      'parseWall',
      () => parseWall(CONFIG, { targetHight: 20 } as never),
      'parseWall: unknown option "targetHight" (did you mean "targetHeight"?)',
    ],
    [
      'parseWallStream',
      () => parseWallStream([CONFIG], { icePerfoot: 1 } as never),
      'parseWallStream: unknown option "icePerfoot" (did you mean "icePerFoot"?)',
    ],
    [
      'new WallParser',
      () => new WallParser({ costPerCubicYards: 1 } as never),
      'new WallParser: unknown option "costPerCubicYards" (did you mean "costPerCubicYard"?)',
    ],
    [
      'createWall',
      () => createWall([[1]], { maxSectionPerProfile: 3 } as never),
      'createWall: unknown option "maxSectionPerProfile" (did you mean "maxSectionsPerProfile"?)',
    ],
    [
      'simulate',
      () => simulate(wall, { team: 2 } as never),
      'simulate: unknown option "team" (did you mean "teams"?)',
    ],
    [
      'new Simulation',
      () => new Simulation(wall, { stratgy: inOrder } as never),
      'new Simulation: unknown option "stratgy" (did you mean "strategy"?)',
    ],
    [
      'simulateStream',
      () => simulateStream([CONFIG], { progresSteps: 3 } as never),
      'simulateStream: unknown option "progresSteps" (did you mean "progressSteps"?)',
    ],
    [
      'simulateStream (renamed)',
      () => simulateStream([CONFIG], { sizeHint: 10 } as never),
      'simulateStream: unknown option "sizeHint" (did you mean "expectedBytes"?)',
    ],
    [
      'simulateStream (renamed onProgress)',
      () => simulateStream([CONFIG], { onProgress: () => {} } as never),
      'simulateStream: unknown option "onProgress" (did you mean "onBytesRead"?)',
    ],
    [
      'planTeams',
      () => planTeams(wall, { deadline: 30, maxteams: 3 } as never),
      'planTeams: unknown option "maxteams" (did you mean "maxTeams"?)',
    ],
    // engine
    [
      'createEngine',
      () => createEngine({ thread: 2 } as never),
      'createEngine: unknown option "thread" (did you mean "threads"?)',
    ],
    [
      'simulateParallel (renamed)',
      () => simulateParallel(bytes, { threads: 2 } as never),
      'simulateParallel: unknown option "threads" (did you mean "parallelism"?)',
    ],
    [
      'engine.simulate',
      () => engine.simulate(bytes, { team: 2 } as never),
      'engine.simulate: unknown option "team" (did you mean "teams"?)',
    ],
    [
      'runParallel',
      () => runParallel(new Simulation(wall), { batchsize: 2 } as never),
      'runParallel: unknown option "batchsize" (did you mean "batchSize"?)',
    ],
    [
      'engine.run',
      () => engine.run(new Simulation(wall), { signl: undefined } as never),
      'engine.run: unknown option "signl" (did you mean "signal"?)',
    ],
    [
      'engine.compare',
      () => engine.compare(wall, [{ teams: 2 }], { signl: undefined } as never),
      'engine.compare: unknown option "signl" (did you mean "signal"?)',
    ],
    [
      'engine.compare entries',
      () => engine.compare(wall, [{ teams: 2 }, { team: 3 } as never]),
      'engine.compare entries[1]: unknown option "team" (did you mean "teams"?)',
    ],
    [
      'engine.planTeams',
      () => engine.planTeams(wall, { deadline: 30, deadlne: 3 } as never),
      'engine.planTeams: unknown option "deadlne" (did you mean "deadline"?)',
    ],
    // http
    [
      'createRequestHandler',
      () => createRequestHandler(simulate(wall), { basepath: '/x' } as never),
      'createRequestHandler: unknown option "basepath" (did you mean "basePath"?)',
    ],
    // sinks
    [
      'attachLogFile',
      () => attachLogFile(new Simulation(wall), join(dir, 'a.log'), { verbos: true } as never),
      'attachLogFile: unknown option "verbos" (did you mean "verbose"?)',
    ],
    [
      'attachConsole',
      () => attachConsole(new Simulation(wall), new PassThrough(), { assignment: true } as never),
      'attachConsole: unknown option "assignment" (did you mean "assignments"?)',
    ],
    [
      'attachJsonLines',
      () => attachJsonLines(new Simulation(wall), new PassThrough(), { verbos: true } as never),
      'attachJsonLines: unknown option "verbos"; the options are none',
    ],
    // testing
    [
      'randomWall',
      () => randomWall({ seeds: 1 } as never),
      'randomWall: unknown option "seeds" (did you mean "seed"?)',
    ],
    [
      'checkStrategy',
      () => checkStrategy(inOrder, { run: 1 } as never),
      'checkStrategy: unknown option "run" (did you mean "runs"?)',
    ],
  ])('%s', async (_, call, message) => {
    const error = await failure(call);
    expect(isIcewallError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('ERR_INVALID_OPTION');
    expect((error as Error).message).toBe(message);
  });
});

describe('an unknown option with no near name lists the valid ones', () => {
  it('simulate', () => {
    expect(() => simulate(wall, { crews: 2 } as never)).toThrow(
      `simulate: unknown option "crews"; the options are ${SIMULATE_KEYS}`,
    );
  });

  it('randomWall: the wall numbers are flat, not under `wall`', () => {
    expect(() => randomWall({ wall: { targetHeight: 20 } } as never)).toThrow(
      'randomWall: unknown option "wall"; the options are "targetHeight", "icePerFoot", "costPerCubicYard", "maxSectionsPerProfile", "seed", "profiles", "sections"',
    );
  });
});

describe('a sink takes its stream as the second argument', () => {
  it('attachConsole refuses the 0.x form attachConsole(sim, { stream, assignments })', () => {
    expect(() => attachConsole(new Simulation(wall), { assignments: true } as never)).toThrow(
      'Expected `stream` to be a writable stream (the second argument of a sink), got `{"assignments":true}` (object)',
    );
  });

  it('an object with write and on but no off is not a stream (its close() crashed later)', () => {
    const lookAlike = { write: () => true, on: () => lookAlike };
    expect(() => attachJsonLines(new Simulation(wall), lookAlike as never)).toThrow(
      /^Expected `stream` to be a writable stream \(the second argument of a sink\)/,
    );
  });
});

describe('the check itself', () => {
  interface Options {
    basePath?: string;
    logPath?: string;
  }
  const defaults: Defaults<Options> = { basePath: '', logPath: undefined };

  it('passes the keys a host framework adds (Fastify: prefix, logLevel) through', () => {
    const options = { basePath: '/x', prefix: '/api', logLevel: 'info' } as Options;
    expect(optionsObject(options, defaults, 'plugin', ['prefix', 'logLevel'])).toBe(options);
    expect(() => optionsObject(options, defaults, 'plugin')).toThrow(
      'plugin: unknown option "prefix"; the options are "basePath", "logPath"',
    );
  });

  it('takes undefined as no options, and refuses what is not an object', () => {
    expect(optionsObject(undefined, defaults, 'f')).toEqual({});
    expect(() => optionsObject(3 as Options, defaults, 'f')).toThrow(
      'Expected `f options` to be an object, got `3` (number)',
    );
    expect(() => optionsObject(null as unknown as Options, defaults, 'f')).toThrow(
      'Expected `f options` to be an object, got `null` (null)',
    );
  });

  it('the valid options still run', () => {
    expect(simulate(wall, { teams: 2, progressSteps: 3 }).days).toBe(48);
    expect(randomWall({ seed: 2, targetHeight: 20, profiles: 1 }).options.targetHeight).toBe(20);
  });
});
