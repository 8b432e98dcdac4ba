import { count } from '../core/numbers.js';
import type { SimulationResult } from '../core/result/result.js';
import type { Wall } from '../core/wall.js';
import { createEngine, type Engine } from '../engine/engine.js';
import { BUILT_IN_STRATEGIES } from '../engine/strategy-loader.js';
import { HttpError } from './respond.js';

/** A configuration a request asks for: teams, and a built-in strategy's name. */
export interface Configuration {
  readonly teams: number;
  readonly strategy: string;
}

/** The cache key of a configuration (also part of the ETag). */
export function configurationKey(c: Configuration): string {
  return `${c.teams}:${c.strategy}`;
}

/** Seconds a 503 asks the client to wait (`Retry-After`). */
export const RETRY_AFTER_S = 1;

/**
 * The results of the configurations a handler computed: an LRU of at most
 * `cacheSize` results, one computation per configuration however many
 * requests wait for it (single flight), and at most `maxPending`
 * computations running or queued on the engine (beyond that, a 503).
 * The engine is the caller's, or one made on first need and closed by
 * {@link close}.
 */
export class Configurations {
  private readonly cache = new Map<string, SimulationResult>();
  private readonly pending = new Map<string, Promise<SimulationResult>>();
  /** Computations that are not configurations (`POST /simulate`). */
  private others = 0;
  private made: Engine | undefined;
  private readonly stop = new AbortController();
  private closed = false;

  /**
   * @param wall - the served wall (`undefined`: its heights were not kept)
   * @param limits - `cacheSize` (0: no cache), `maxPending`, and the caller's engine
   */
  constructor(
    private readonly wall: Wall | undefined,
    private readonly limits: {
      readonly cacheSize: number;
      readonly maxPending: number;
      readonly engine: Engine | undefined;
    },
  ) {}

  /** Computations running or queued now. */
  get inFlight(): number {
    return this.pending.size + this.others;
  }

  /**
   * The result of a configuration: at once from the cache, else the
   * computation already running for it, else a new one (a 503 when
   * `maxPending` are already running or queued).
   */
  get(configuration: Configuration): SimulationResult | Promise<SimulationResult> {
    const key = configurationKey(configuration);
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      // Most recently used last: Map keeps insertion order.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const running = this.pending.get(key);
    if (running !== undefined) return running;
    const wall = this.wall;
    if (wall === undefined) {
      throw new HttpError(
        400,
        'this server cannot run other configurations: its result kept no heights (it came from simulateStream with one crew per section); serve a Wall or a result of simulate',
      );
    }
    this.admit();
    const computing = this.engine()
      .simulate(wall, {
        teams: configuration.teams,
        strategy: BUILT_IN_STRATEGIES[configuration.strategy],
        signal: this.stop.signal,
      })
      .then(
        (result) => {
          this.pending.delete(key);
          this.remember(key, result);
          return result;
        },
        (error: unknown) => {
          this.pending.delete(key);
          throw error;
        },
      );
    this.pending.set(key, computing);
    return computing;
  }

  /** Runs a computation that is not a configuration (`POST /simulate`) under the same limit. */
  async run<T>(work: (engine: Engine, signal: AbortSignal) => Promise<T>): Promise<T> {
    this.admit();
    this.others++;
    try {
      return await work(this.engine(), this.stop.signal);
    } finally {
      this.others--;
    }
  }

  /** Stops the computations still running and closes the engine this made (not the caller's). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stop.abort(new HttpError(503, 'the server is closing'));
    this.cache.clear();
    await this.made?.close();
  }

  /** A 503 when no more computations may start. */
  private admit(): void {
    if (this.closed) throw new HttpError(503, 'the server is closing');
    if (this.inFlight >= this.limits.maxPending) {
      throw new HttpError(
        503,
        `${count(this.inFlight, 'computation')} ${this.inFlight === 1 ? 'is' : 'are'} running or queued, the most this server takes (maxPending); retry in ${RETRY_AFTER_S} s`,
        { 'retry-after': String(RETRY_AFTER_S) },
      );
    }
  }

  private engine(): Engine {
    if (this.limits.engine !== undefined) return this.limits.engine;
    this.made ??= createEngine();
    return this.made;
  }

  private remember(key: string, result: SimulationResult): void {
    if (this.limits.cacheSize === 0 || this.closed) return;
    this.cache.set(key, result);
    if (this.cache.size > this.limits.cacheSize) {
      this.cache.delete(this.cache.keys().next().value as string);
    }
  }
}
