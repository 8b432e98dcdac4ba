/**
 * Read-only types for the typed arrays a wall exposes (its heights and
 * profile starts): they are shared, not copied, so a write through them
 * would change the wall under every result made from it. Types only: plain
 * JavaScript can still write through them.
 *
 * @module
 */

/**
 * What the read-only types leave out of a typed array: the writable index
 * and every method that changes the array in place (and `subarray`, which
 * they declare again to return a read-only view).
 */
type Unwritable = number | 'set' | 'fill' | 'copyWithin' | 'reverse' | 'sort' | 'subarray';

/**
 * A `Uint8Array` that cannot be written through its type: no index
 * assignment and none of the methods that change the array in place
 * (`set`, `fill`, `copyWithin`, `reverse`, `sort`); `subarray` views are
 * read-only too. Methods that return a new array (`slice`, `map`, …)
 * return an ordinary, writable copy.
 */
export interface ReadonlyUint8Array extends Omit<Uint8Array, Unwritable> {
  readonly [index: number]: number;
  /** A read-only view of `[begin, end)` of the same memory. */
  subarray(begin?: number, end?: number): ReadonlyUint8Array;
}

/** A `Uint32Array` that cannot be written through its type (see {@link ReadonlyUint8Array}). */
export interface ReadonlyUint32Array extends Omit<Uint32Array, Unwritable> {
  readonly [index: number]: number;
  /** A read-only view of `[begin, end)` of the same memory. */
  subarray(begin?: number, end?: number): ReadonlyUint32Array;
}
