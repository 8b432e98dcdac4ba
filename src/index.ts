/**
 * icewall: simulate and price the construction of a wall of ice (the pure
 * core: no Node APIs). Parse a config with {@link parseWall}, run
 * {@link simulate} (or a {@link Simulation} for events) and ask the
 * {@link SimulationResult}.
 *
 * @packageDocumentation
 */

export type {
  DayCompletedEvent,
  FinishedEvent,
  ProgressEvent,
  SimulationEventPayloads,
  SimulationEventSpec,
  TeamRelievedEvent,
  TeamSectionEvent,
} from './core/hooks.js';
export { SIMULATION_EVENTS } from './core/hooks.js';
export type { ResolvedWallOptions, WallOptions } from './core/options.js';
export { DEFAULT_WALL_OPTIONS } from './core/options.js';
export type { WallSource, WallStreamSource } from './core/parse/parse.js';
export { parseWall, parseWallStream, WallParser } from './core/parse/parse.js';
export type { WorkChange } from './core/result/result.js';
export { isSimulationResult, SimulationResult } from './core/result/result.js';
export type { PlanOptions, TeamPlan } from './core/schedule/plan.js';
export { planTeams } from './core/schedule/plan.js';
export type {
  CrewStrategy,
  PendingSection,
  PendingSections,
  PickContext,
  PickSection,
} from './core/schedule/strategy.js';
export { createWall, Wall } from './core/wall.js';
export type {
  IcewallErrorCode,
  IcewallErrorOptions,
  ParseErrorReason,
} from './errors.js';
export {
  IcewallError,
  IcewallRangeError,
  InvalidWallError,
  isIcewallError,
  ParseError,
  StrategyError,
} from './errors.js';
export type { SimulationEventName, SimulationEvents } from './events/simulation.js';
export { SIMULATION_EVENT_NAMES, Simulation } from './events/simulation.js';
export type { SimulateOptions } from './simulate.js';
export { simulate } from './simulate.js';
export type { SimulateStreamOptions, SimulateStreamSource } from './simulate-stream.js';
export { simulateStream } from './simulate-stream.js';
export { longestFirst, shortestFirst } from './strategies/by-remaining.js';
export { inOrder } from './strategies/in-order.js';
export { roundRobin } from './strategies/round-robin.js';
