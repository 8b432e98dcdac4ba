/** Where the bar is drawn: standard error, when it is a terminal. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

const WIDTH = 25;

/**
 * One progress bar over a whole command: the bytes of the config read
 * (the first half, when the size is known), then the sections completed
 * (the second half); when no section progress follows (a one-pass
 * `simulateStream` run), reading fills the whole bar. Drawn only on a terminal, redrawn only when the
 * percentage changes, and erased by {@link clear} so nothing is left on
 * screen. With an unknown size (a pipe) the reading phase shows the bytes
 * read so far.
 */
export class ProgressBar {
  private readonly stream: ProgressStream | undefined;
  private shown = '';
  private size: number | undefined;
  private readShare = 0.5;

  /** @param stream - standard error; no bar unless it is a terminal */
  constructor(stream: ProgressStream) {
    this.stream = stream.isTTY ? stream : undefined;
  }

  /**
   * The size of the config in bytes, when known (a regular file), and
   * whether section progress follows (else reading fills the whole bar).
   */
  expect(size: number | undefined, sectionsFollow: boolean): void {
    this.size = size !== undefined && size > 0 ? size : undefined;
    this.readShare = sectionsFollow ? 0.5 : 1;
  }

  /** `read` bytes of the config have been read. */
  bytes(read: number): void {
    if (this.stream === undefined) return;
    if (this.size === undefined) {
      this.draw(`reading ${(read / 2 ** 20).toFixed(1)} MiB`);
      return;
    }
    this.fraction(Math.min(1, read / this.size) * this.readShare, 'reading');
  }

  /** `done` of `total` sections are complete. */
  sections(done: number, total: number): void {
    if (this.stream === undefined || total === 0) return;
    this.fraction(this.readShare + (done / total) * (1 - this.readShare), 'building');
  }

  /** Erases the bar. */
  clear(): void {
    if (this.stream === undefined || this.shown === '') return;
    this.stream.write('\r\u001b[2K');
    this.shown = '';
  }

  private fraction(f: number, phase: string): void {
    const pct = Math.floor(100 * f);
    const bar = '#'.repeat(Math.floor((pct * WIDTH) / 100)).padEnd(WIDTH, '.');
    this.draw(`[${bar}] ${pct}% ${phase}`);
  }

  private draw(text: string): void {
    if (text === this.shown) return;
    this.shown = text;
    (this.stream as ProgressStream).write(`\r${text}\u001b[K`);
  }
}
