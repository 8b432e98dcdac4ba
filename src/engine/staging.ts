/**
 * The shared buffer that a config given as bytes (not shared) is copied
 * into for the workers to read, kept by the engine between calls.
 *
 * A fresh `SharedArrayBuffer` costs a page fault a 4 KiB page on its
 * first write: copying 32 MiB into a new one took about 90 ms here, almost
 * twice what counting those bytes takes, and into one already written
 * about 2 ms. So the engine keeps one, grown to the largest share asked
 * for, and reuses it; it lets it go when the engine closes or after
 * {@link STAGING_IDLE_MS} unused. A call that finds it in use (two counts
 * at once) copies into a fresh buffer of its own.
 *
 * @internal
 * @module
 */

/** A staging buffer unused this long is let go (its memory returned). */
export const STAGING_IDLE_MS = 10_000;

/**
 * A buffer is made this much larger than asked: the workers' share of a
 * config ends at a line break, so the next config of about the same size
 * may need a little more.
 */
const SLACK_BYTES = 1 << 20;

/** A buffer lent to one count, and the function that gives it back. */
export interface Lent {
  readonly buffer: SharedArrayBuffer;
  readonly release: () => void;
}

/** One reusable shared buffer (see the module's comment). */
export class Staging {
  private buffer: SharedArrayBuffer | null = null;
  private inUse = false;
  /** {@link drop} was called while the buffer was lent. */
  private dropped = false;
  private idle: ReturnType<typeof setTimeout> | undefined;

  /** @param idleMs - unused this long, the buffer is let go */
  constructor(private readonly idleMs = STAGING_IDLE_MS) {}

  /** Whether a buffer of at least `bytes` is kept and free: a copy into it costs no page faults. */
  ready(bytes: number): boolean {
    return !this.inUse && this.buffer !== null && this.buffer.byteLength >= bytes;
  }

  /** A buffer of at least `bytes`, for one count; `release` it when every reader is done. */
  lend(bytes: number): Lent {
    if (this.inUse) return { buffer: new SharedArrayBuffer(bytes), release: () => {} };
    clearTimeout(this.idle);
    this.dropped = false;
    if (this.buffer === null || this.buffer.byteLength < bytes) {
      // Unreferenced first: a collection during the new allocation may free it.
      this.buffer = null;
      this.buffer = new SharedArrayBuffer(bytes + SLACK_BYTES);
    }
    this.inUse = true;
    let released = false;
    return {
      buffer: this.buffer,
      release: () => {
        if (released) return;
        released = true;
        this.inUse = false;
        if (this.dropped) {
          // Let go while lent (the engine closed): not kept for later.
          this.buffer = null;
          return;
        }
        this.idle = setTimeout(() => this.drop(), this.idleMs);
        this.idle.unref?.();
      },
    };
  }

  /** Lets the buffer go (the engine closed, or it sat unused); one lent now goes when it comes back. */
  drop(): void {
    clearTimeout(this.idle);
    if (this.inUse) this.dropped = true;
    else this.buffer = null;
  }
}
