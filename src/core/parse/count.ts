import { IcewallRangeError, ParseError } from '../../errors.js';
import { type ResolvedWallOptions, resolveWallOptions, type WallOptions } from '../options/wall.js';
import type { ReadonlyUint8Array } from '../readonly-arrays.js';
import { CountLedger, PartsCountLedger, type ProfileLedger } from '../result/profile-ledger.js';
import { SimulationResult } from '../result/result.js';
import { SeriesBuilder } from '../result/series.js';
import type { Wall } from '../wall.js';
import { emptyConfigError } from './parse.js';
import { HeightScanner } from './scan.js';

/**
 * A wall reduced to what one crew per section needs: per profile, how many
 * sections need each number of feet. `targetHeight + 1` numbers per profile
 * (16-bit when a profile can hold at most 65,535 sections, else 32-bit),
 * whatever the number of sections.
 */
export interface WallCounts {
  /** The wall's numbers. */
  readonly options: ResolvedWallOptions;
  /** Number of profiles. */
  readonly profileCount: number;
  /** Number of sections, finished ones included. */
  readonly sectionCount: number;
  /** Sections per profile (the first `profileCount` entries). */
  readonly sizes: Uint32Array;
  /** `counts[p * (targetHeight + 1) + need]`: sections of profile p that need `need` feet. */
  readonly counts: Uint16Array | Uint32Array;
  /** Line breaks read (to number the lines of a later part of the same file). */
  readonly lines: number;
  /**
   * `totals[need]`: sections of the whole wall (or part) that need `need`
   * feet, kept as the counts are made so that no pass over every profile's
   * counts is needed to answer the wall's figures.
   */
  readonly totals: Float64Array;
}

/** Room for heights read one at a time (a line's first, the last before a line break, ...). */
const SCRATCH = 1 << 12;
const MAX_U32 = 0xffff_ffff;

/** The counts array type that holds any profile allowed by the options. */
function countsFor(options: ResolvedWallOptions, length: number): Uint16Array | Uint32Array {
  return options.maxSectionsPerProfile <= 0xffff
    ? new Uint16Array(length)
    : new Uint32Array(length);
}

/**
 * Parses config bytes with exactly the rules and errors of `WallParser`,
 * but keeps no heights: each profile's heights are counted by feet needed
 * as they arrive, so memory is O(profiles) whatever the size of the input.
 * Can parse a part of a file that starts at a line boundary: line numbers
 * in errors then count from that part's first line (see
 * {@link relocateParseError}).
 *
 * @internal
 */
export class CountingParser extends HeightScanner {
  private counts: Uint16Array | Uint32Array;
  private sizes = new Uint32Array(64);
  private readonly stride: number;
  /** 0-based profile whose heights are in the scratch buffer (-1: none yet). */
  private current = -1;
  private sections = 0;
  /**
   * Heights read by {@link readRun} for the current profile, by height, not
   * yet in {@link counts} (doubles: exact however many; folded in at least
   * once a chunk, where the profile's size is checked).
   */
  private readonly hist = new Float64Array(256);
  /** How many heights {@link hist} holds. */
  private histTotal = 0;
  /** Sections by feet needed, all profiles so far. */
  private readonly totals: Float64Array;

  /**
   * @param options - the wall's numbers
   * @param atFileStart - whether this input starts a file (a byte order mark may come first)
   */
  constructor(options?: WallOptions | ResolvedWallOptions, atFileStart = true) {
    const resolved = resolveWallOptions(options);
    super(resolved, new Uint8Array(SCRATCH), atFileStart);
    this.stride = resolved.targetHeight + 1;
    this.counts = countsFor(resolved, 64 * this.stride);
    this.totals = new Float64Array(this.stride);
  }

  /**
   * Feeds the next chunk of UTF-8 bytes or text.
   * @throws ParseError at the first rule broken so far
   */
  push(chunk: Uint8Array | string): void {
    this.feed(chunk);
  }

  /**
   * Finishes the input. Unlike `WallParser.end()` it accepts an input with
   * no profiles (a part of a file may hold only comments).
   * @throws ParseError if the last line breaks a rule
   */
  end(): WallCounts {
    this.finish();
    this.flush();
    const profiles = this.profiles;
    return {
      options: this.options,
      profileCount: profiles,
      sectionCount: this.sections,
      sizes: this.sizes.subarray(0, profiles),
      counts: this.counts.subarray(0, profiles * this.stride),
      lines: this.linesRead,
      totals: this.totals,
    };
  }

  protected beginProfile(): void {
    this.flush();
    this.current = this.profiles;
    if (this.current >= this.sizes.length) {
      const sizes = new Uint32Array(this.sizes.length * 2);
      sizes.set(this.sizes);
      this.sizes = sizes;
      const counts = countsFor(this.options, sizes.length * this.stride);
      counts.set(this.counts);
      this.counts = counts;
    }
  }

  protected readRun(chunk: Uint8Array, i: number, last: number, max: number): number {
    const hist = this.hist;
    const target = this.options.targetHeight;
    let taken = 0;
    while (taken < max && i < last) {
      // A plain height is one or two digits and a space. Whether it has one
      // digit or two is data (a branch on it is mispredicted a third of the
      // time), so it is read without one: a digit's byte has bit 4 set, a
      // space's does not, and each check below is negative when it fails.
      const d0 = (chunk[i] as number) - 48;
      const b1 = chunk[i + 1] as number;
      const d1 = b1 - 48;
      const two = (b1 >> 4) & 1;
      const end = chunk[i + 1 + two] as number;
      const v = d0 + two * (d0 * 9 + d1);
      if ((d0 | (9 - d0) | (target - v) | ((d1 | (9 - d1)) & -two) | -(end ^ 32)) < 0) break;
      hist[v] = (hist[v] as number) + 1;
      taken++;
      i += 2 + two;
    }
    this.runLength = taken;
    this.histTotal += taken;
    return i;
  }

  protected makeRoom(): void {
    this.flush();
  }

  protected override chunkDone(): void {
    this.flush();
  }

  /** Folds the heights read so far (the histogram and the scratch buffer) into the current profile's counts. */
  private flush(): void {
    const n = this.count;
    const added = this.histTotal + n;
    if (added === 0) return;
    const hist = this.hist;
    const scratch = this.heights;
    for (let k = 0; k < n; k++) {
      const h = scratch[k] as number;
      hist[h] = (hist[h] as number) + 1;
    }
    const { counts, totals } = this;
    const target = this.stride - 1;
    const row = this.current * this.stride + target;
    for (let h = 0; h <= target; h++) {
      const n = hist[h] as number;
      counts[row - h] = (counts[row - h] as number) + n;
      totals[target - h] = (totals[target - h] as number) + n;
      hist[h] = 0;
    }
    const size = (this.sizes[this.current] as number) + added;
    if (size > MAX_U32) {
      throw new IcewallRangeError(
        'ERR_OUT_OF_RANGE',
        `line ${this.line}: profile has more than ${MAX_U32} sections`,
      );
    }
    this.sizes[this.current] = size;
    this.sections += added;
    this.count = 0;
    this.histTotal = 0;
  }
}

/**
 * Four histograms by height, one per byte of a 32-bit word, so that the
 * four heights in a word never wait on one counter (doubles: a profile may
 * hold more than 2^31 sections).
 */
const wordHist = new Float64Array(4 * 256);

/**
 * Adds the heights `from` to `to - 1` to one profile's counts
 * (`counts[row + need]`, `stride` = targetHeight + 1). `words` views the
 * same bytes as `heights`, four at a time, from the 4-aligned byte
 * `wordBase` of its buffer: the hot loop reads a word and bumps four
 * histograms by height, and the counts by feet needed are folded in once
 * per call.
 */
function addCounts(
  heights: ReadonlyUint8Array,
  words: Uint32Array,
  wordBase: number,
  from: number,
  to: number,
  counts: Uint16Array | Uint32Array,
  row: number,
  stride: number,
  totals: Float64Array,
): void {
  const hist = wordHist;
  const offset = heights.byteOffset;
  let i = from;
  // Single bytes up to a word boundary, whole words, then the last bytes.
  for (; i < to && ((offset + i) & 3) !== 0; i++) {
    const h = heights[i] as number;
    hist[h] = (hist[h] as number) + 1;
  }
  const firstWord = (offset + i - wordBase) / 4;
  const wordCount = Math.floor((to - i) / 4);
  for (let w = firstWord; w < firstWord + wordCount; w++) {
    const word = words[w] as number;
    const a = word & 255;
    const b = 256 + ((word >>> 8) & 255);
    const c = 512 + ((word >>> 16) & 255);
    const d = 768 + (word >>> 24);
    hist[a] = (hist[a] as number) + 1;
    hist[b] = (hist[b] as number) + 1;
    hist[c] = (hist[c] as number) + 1;
    hist[d] = (hist[d] as number) + 1;
  }
  for (i += wordCount * 4; i < to; i++) {
    const h = heights[i] as number;
    hist[h] = (hist[h] as number) + 1;
  }
  const target = stride - 1;
  for (let h = 0; h <= target; h++) {
    const at = row + target - h;
    const sum =
      (hist[h] as number) +
      (hist[256 + h] as number) +
      (hist[512 + h] as number) +
      (hist[768 + h] as number);
    counts[at] = (counts[at] as number) + sum;
    totals[target - h] = (totals[target - h] as number) + sum;
    hist[h] = 0;
    hist[256 + h] = 0;
    hist[512 + h] = 0;
    hist[768 + h] = 0;
  }
}

/** Counts a parsed wall's heights: the one pass over its sections that one crew per section needs. */
export function countWall(wall: Wall): WallCounts {
  const { heights, profileStarts, options } = wall;
  const profiles = wall.profileCount;
  const stride = options.targetHeight + 1;
  const counts = countsFor(options, profiles * stride);
  const sizes = new Uint32Array(profiles);
  const totals = new Float64Array(stride);
  // Every whole aligned word inside the heights, viewed once.
  const wordBase = Math.ceil(heights.byteOffset / 4) * 4;
  const wordEnd = Math.floor((heights.byteOffset + heights.length) / 4) * 4;
  const words =
    wordEnd > wordBase
      ? new Uint32Array(heights.buffer, wordBase, (wordEnd - wordBase) / 4)
      : new Uint32Array(0);
  let from = 0;
  for (let p = 0; p < profiles; p++) {
    const to = profileStarts[p + 1] as number;
    addCounts(heights, words, wordBase, from, to, counts, p * stride, stride, totals);
    sizes[p] = to - from;
    from = to;
  }
  return {
    options,
    profileCount: profiles,
    sectionCount: heights.length,
    sizes,
    counts,
    lines: 0,
    totals,
  };
}

/**
 * The same error as `error`, for a part of a file that starts after
 * `linesBefore` line breaks: line numbers (in the property and the message)
 * become the file's.
 */
export function relocateParseError(error: ParseError, linesBefore: number): ParseError {
  if (linesBefore === 0 || error.reason === 'empty') return error;
  const line = error.line + linesBefore;
  const message = error.message.replace(/^line \d+/, `line ${line}`);
  return new ParseError(message, { line, column: error.column, reason: error.reason });
}

/**
 * Refuses a wall whose totals would not be exact in a JS number. Every
 * figure a result reports is at most the total ice or the total cost.
 * @throws IcewallRangeError (`ERR_NOT_EXACT`, a RangeError)
 */
export function checkExact(totalFeet: number, options: ResolvedWallOptions): void {
  const { icePerFoot, costPerCubicYard: price } = options;
  const ice = totalFeet * icePerFoot;
  if (
    !Number.isSafeInteger(totalFeet) ||
    ice > Number.MAX_SAFE_INTEGER ||
    ice * price > Number.MAX_SAFE_INTEGER
  ) {
    throw new IcewallRangeError(
      'ERR_NOT_EXACT',
      `the wall's total cost (${totalFeet} feet × ${icePerFoot} cubic yards × ${price} Gold Dragons) exceeds Number.MAX_SAFE_INTEGER (${Number.MAX_SAFE_INTEGER}), so its figures could not be exact`,
    );
  }
}

/**
 * The result of one crew per section, straight from the counts: O(profiles)
 * time, no per-section work.
 * @param counts - the wall's counts
 * @param wall - the heights, when they were kept
 * @throws IcewallRangeError (`ERR_NOT_EXACT`) if the totals could not be exact
 */
export function resultFromCounts(counts: WallCounts, wall?: Wall): SimulationResult {
  const sizes = counts.sizes;
  return countsResult(
    counts,
    counts.totals,
    new CountLedger(counts.counts, counts.options.targetHeight + 1),
    (p) => sizes[p] as number,
    wall,
  );
}

/**
 * The result of one crew per section from the counts of consecutive parts
 * of one config, in file order, left where they are: each query finds its
 * profile's part (joining them into one array took 6-7 ms at 10^8 sections).
 * @throws ParseError (`empty`) when no part has a profile
 * @throws IcewallRangeError (`ERR_NOT_EXACT`) if the totals could not be exact
 */
export function resultFromParts(parts: readonly WallCounts[]): SimulationResult {
  const withProfiles = parts.filter((part) => part.profileCount > 0);
  const first = withProfiles[0];
  if (first === undefined) throw emptyConfigError();
  if (withProfiles.length === 1) return resultFromCounts(first);
  const stride = first.options.targetHeight + 1;
  const totals = new Float64Array(stride);
  let profileCount = 0;
  let sectionCount = 0;
  for (const part of withProfiles) {
    profileCount += part.profileCount;
    sectionCount += part.sectionCount;
    for (let need = 0; need < stride; need++) {
      totals[need] = (totals[need] as number) + (part.totals[need] as number);
    }
  }
  const ledger = new PartsCountLedger(withProfiles, stride);
  return countsResult({ options: first.options, profileCount, sectionCount }, totals, ledger, (p) =>
    ledger.sectionsOf(p),
  );
}

/** {@link resultFromCounts} and {@link resultFromParts}: the wall's figures from its totals by feet needed. */
function countsResult(
  shape: Pick<WallCounts, 'options' | 'profileCount' | 'sectionCount'>,
  totals: Float64Array,
  profiles: ProfileLedger,
  sectionsOf: (p: number) => number,
  wall?: Wall,
): SimulationResult {
  const { options } = shape;
  const stride = options.targetHeight + 1;
  let pending = 0;
  let totalFeet = 0;
  let days = 0;
  for (let need = 1; need < stride; need++) {
    const n = totals[need] as number;
    pending += n;
    totalFeet += n * need;
    if (n > 0) days = need;
  }
  checkExact(totalFeet, options);
  // Teams at work on day d: the sections that need d feet or more.
  const series = new SeriesBuilder(1, stride + 1);
  let working = pending;
  for (let day = 1; day <= days; day++) {
    series.set(day, working);
    working -= totals[day] as number;
  }
  series.set(days + 1, 0);
  series.endSeries();
  return SimulationResult.fromRun({
    days,
    teams: pending,
    strategy: 'oneCrewPerSection',
    totalFeet,
    profiles,
    wall: series.finish(),
    options,
    profileCount: shape.profileCount,
    sectionCount: shape.sectionCount,
    sectionsOf,
    heights: wall,
  });
}
