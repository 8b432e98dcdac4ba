/** Where the bar is drawn: standard error, when it is a terminal. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

const WIDTH = 25;

/**
 * One progress bar over a whole command: the bytes of the config read
 * (the first half, when the size is known), then the sections completed
 * (the second half). Drawn only on a terminal, redrawn only when the
 * percentage changes, and erased by {@link clear} so nothing is left on
 * screen. With an unknown size (a pipe) the reading phase shows the bytes
 * read so far.
 */
export class ProgressBar {
  private readonly stream: ProgressStream | undefined;
  private shown = '';
  private size: number | undefined;

  /** @param stream - standard error; no bar unless it is a terminal */
  constructor(stream: ProgressStream) {
    this.stream = stream.isTTY ? stream : undefined;
  }

  /** The size of the config in bytes, when known (a regular file). */
  expect(size: number | undefined): void {
    this.size = size !== undefined && size > 0 ? size : undefined;
  }

  /** `read` bytes of the config have been read. */
  bytes(read: number): void {
    if (this.stream === undefined) return;
    if (this.size === undefined) {
      this.draw(`reading ${(read / 2 ** 20).toFixed(1)} MiB`);
      return;
    }
    this.fraction(Math.min(1, read / this.size) / 2, 'reading');
  }

  /** `done` of `total` sections are complete. */
  sections(done: number, total: number): void {
    if (this.stream === undefined || total === 0) return;
    this.fraction(0.5 + done / total / 2, 'building');
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
