// The exported names of every subpath, from the built dist/: runtime names
// from the ESM and the CJS entry (they must agree), and declared names
// (values and types) from the .d.ts and the .d.cts (they must agree too).
// A snapshot, so that an accidental export, or a lost one, fails here and
// changes only on purpose (`vitest -u`, then review the diff).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const require = createRequire(import.meta.url);
const SUBPATHS = {
  icewall: 'index',
  'icewall/engine': 'engine',
  'icewall/http': 'http',
  'icewall/sinks': 'sinks',
  'icewall/testing': 'testing',
} as const;
type Subpath = keyof typeof SUBPATHS;

async function runtimeNames(subpath: Subpath): Promise<string[]> {
  const file = `${dist}${SUBPATHS[subpath]}`;
  const esm = Object.keys(await import(`${file}.js`)).sort();
  const cjs = Object.keys(require(`${file}.cjs`) as object).sort();
  expect(cjs, `${subpath}: the CJS entry exports what the ESM entry does`).toEqual(esm);
  return esm;
}

// One program over the entries' declaration files. Each entry names every
// export in its own export clauses, so the chunks and @types/node need not
// be loaded (noResolve): the names are what a consumer can import.
const declarationFiles = Object.values(SUBPATHS).flatMap((name) => [
  `${dist}${name}.d.ts`,
  `${dist}${name}.d.cts`,
]);
let checked: { program: ts.Program; checker: ts.TypeChecker } | undefined;
function declaredNames(subpath: Subpath): string[] {
  checked ??= (() => {
    const program = ts.createProgram(declarationFiles, {
      noEmit: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: [],
      noResolve: true, // the entries name every export; no need to load chunks or @types/node
    });
    return { program, checker: program.getTypeChecker() };
  })();
  const names = (file: string): string[] => {
    const source = checked?.program.getSourceFile(file);
    const symbol = source && checked?.checker.getSymbolAtLocation(source);
    if (symbol === undefined) throw new Error(`no declarations at ${file}`);
    return (
      checked?.checker
        .getExportsOfModule(symbol)
        .map((s) => s.name)
        .sort() ?? []
    );
  };
  const esm = names(`${dist}${SUBPATHS[subpath]}.d.ts`);
  expect(
    names(`${dist}${SUBPATHS[subpath]}.d.cts`),
    `${subpath}: .d.cts declares what .d.ts does`,
  ).toEqual(esm);
  return esm;
}

describe('exported names', () => {
  it('icewall', async () => {
    expect(await runtimeNames('icewall')).toMatchInlineSnapshot(`
      [
        "DEFAULT_WALL_OPTIONS",
        "IcewallError",
        "IcewallRangeError",
        "InvalidWallError",
        "ParseError",
        "SIMULATION_EVENTS",
        "SIMULATION_EVENT_NAMES",
        "Simulation",
        "SimulationResult",
        "StrategyError",
        "Wall",
        "WallParser",
        "createWall",
        "inOrder",
        "isIcewallError",
        "isSimulationResult",
        "isWall",
        "longestFirst",
        "parseWall",
        "parseWallStream",
        "planTeams",
        "roundRobin",
        "shortestFirst",
        "simulate",
        "simulateStream",
      ]
    `);
    expect(declaredNames('icewall')).toMatchInlineSnapshot(`
      [
        "CrewStrategy",
        "DEFAULT_WALL_OPTIONS",
        "DayCompletedEvent",
        "FinishedEvent",
        "IcewallError",
        "IcewallErrorCode",
        "IcewallErrorOptions",
        "IcewallRangeError",
        "InvalidWallError",
        "InvalidWallErrorOptions",
        "ParseError",
        "ParseErrorOptions",
        "ParseErrorReason",
        "PendingSection",
        "PendingSections",
        "PickContext",
        "PickSection",
        "PlanOptions",
        "ProfileSummary",
        "ProgressEvent",
        "ReadonlyUint32Array",
        "ReadonlyUint8Array",
        "ResolvedWallOptions",
        "SIMULATION_EVENTS",
        "SIMULATION_EVENT_NAMES",
        "SimulateOptions",
        "SimulateStreamOptions",
        "SimulateStreamSource",
        "Simulation",
        "SimulationEventName",
        "SimulationEventPayloads",
        "SimulationEventSpec",
        "SimulationEvents",
        "SimulationResult",
        "SimulationSummary",
        "StrategyError",
        "StrategyErrorOptions",
        "TeamPlan",
        "TeamRelievedEvent",
        "TeamSectionEvent",
        "Wall",
        "WallOptions",
        "WallParser",
        "WallSource",
        "WallStreamSource",
        "WorkChange",
        "createWall",
        "inOrder",
        "isIcewallError",
        "isSimulationResult",
        "isWall",
        "longestFirst",
        "parseWall",
        "parseWallStream",
        "planTeams",
        "roundRobin",
        "shortestFirst",
        "simulate",
        "simulateStream",
      ]
    `);
  });

  it('icewall/engine', async () => {
    expect(await runtimeNames('icewall/engine')).toMatchInlineSnapshot(`
      [
        "createEngine",
        "runParallel",
        "simulateParallel",
      ]
    `);
    expect(declaredNames('icewall/engine')).toMatchInlineSnapshot(`
      [
        "CompareEntry",
        "CompareOptions",
        "Engine",
        "EngineOptions",
        "EnginePlanOptions",
        "FileSource",
        "ParallelSource",
        "RunParallelOptions",
        "SimulateParallelOptions",
        "StrategyModule",
        "createEngine",
        "runParallel",
        "simulateParallel",
      ]
    `);
  });

  it('icewall/http', async () => {
    expect(await runtimeNames('icewall/http')).toMatchInlineSnapshot(`
      [
        "createRequestHandler",
        "icewallPlugin",
      ]
    `);
    expect(declaredNames('icewall/http')).toMatchInlineSnapshot(`
      [
        "FastifyLike",
        "FastifyReplyLike",
        "FastifyRequestLike",
        "FastifyRouteHandler",
        "IcewallPluginOptions",
        "RequestHandler",
        "RequestHandlerOptions",
        "ServeOptions",
        "createRequestHandler",
        "icewallPlugin",
      ]
    `);
  });

  it('icewall/sinks', async () => {
    expect(await runtimeNames('icewall/sinks')).toMatchInlineSnapshot(`
      [
        "attachConsole",
        "attachJsonLines",
        "attachLogFile",
      ]
    `);
    expect(declaredNames('icewall/sinks')).toMatchInlineSnapshot(`
      [
        "AttachedSink",
        "ConsoleOptions",
        "JsonLinesOptions",
        "LogFileOptions",
        "attachConsole",
        "attachJsonLines",
        "attachLogFile",
      ]
    `);
  });

  it('icewall/testing', async () => {
    expect(await runtimeNames('icewall/testing')).toMatchInlineSnapshot(`
      [
        "StrategyCheckError",
        "checkStrategy",
        "exampleWall",
        "randomWall",
      ]
    `);
    expect(declaredNames('icewall/testing')).toMatchInlineSnapshot(`
      [
        "CheckStrategyOptions",
        "RandomWallOptions",
        "StrategyCheckError",
        "StrategyCheckErrorOptions",
        "checkStrategy",
        "exampleWall",
        "randomWall",
      ]
    `);
  });
});

// The declaration files an entry reaches (its shared chunks included).
function reachable(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, chunk, ext] of readFileSync(`${dist}${file}`, 'utf8').matchAll(
      /from '\.\/([^']+)\.(js|cjs)'/g,
    )) {
      visit(`${chunk}.${ext === 'js' ? 'd.ts' : 'd.cts'}`);
    }
  };
  visit(entry);
  return [...seen];
}

describe('published declarations', () => {
  it('keep internals out: no private or protected members (but a bare private constructor), no trusted parameter', () => {
    const files = Object.values(SUBPATHS).flatMap((name) => [
      ...reachable(`${name}.d.ts`),
      ...reachable(`${name}.d.cts`),
    ]);
    for (const file of new Set(files)) {
      const text = readFileSync(`${dist}${file}`, 'utf8');
      // `private constructor();` reveals nothing and keeps `new SimulationResult()` from type-checking.
      const members = text.replace(/^\s+private constructor\(\);$/gm, '');
      expect(members, file).not.toMatch(/^\s+(private|protected)\b/m);
      expect(text, file).not.toMatch(/\btrusted\??:/);
      expect(text, file).not.toMatch(/\bRunSummary\b/);
    }
  });
});
