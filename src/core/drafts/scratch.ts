/**
 * Columns for a pass's temporaries, kept from one parse to the next. A dense draft's passes
 * each made megabytes of typed arrays that died with the pass (word starts, top-level spans,
 * runs of adjacent brackets, the memo's entry per pair); a typed array's memory lies outside
 * the JavaScript heap, and V8 answers its growth with collections of its own ("external
 * memory pressure"), which made a tenth of a dense parse's time in garbage collection.
 *
 * Each user holds its own scratch at module level and takes from it once per pass. What
 * `take` returns is valid until the next `take` of the same scratch: never keep it in a
 * result. A parse runs synchronously on one thread (a worker has its own modules), so no
 * two passes share one.
 */
export class Scratch<A extends Int32Array | Uint8Array> {
  private kept: A;

  /** `make(n)`: a new zeroed column; `maxKept`: the largest size kept between passes (elements). */
  constructor(
    private readonly make: (size: number) => A,
    private readonly maxKept: number,
  ) {
    this.kept = make(0);
  }

  /** A zeroed column of exactly `size` elements. */
  take(size: number): A {
    if (size > this.kept.length) {
      const fresh = this.make(size);
      if (size <= this.maxKept) this.kept = fresh;
      return fresh;
    }
    const view = this.kept.subarray(0, size) as A;
    view.fill(0);
    return view;
  }

  /** Keeps `grown` (a larger column the pass made from one it took) for the next pass, if not too large. */
  adopt(grown: A): void {
    if (grown.length > this.kept.length && grown.length <= this.maxKept) this.kept = grown;
  }
}

/** At most 1 Mi elements (4 MB of Int32) kept per scratch. */
const MAX_KEPT = 1 << 20;

/** A scratch of Int32 columns. */
export function int32Scratch(): Scratch<Int32Array> {
  return new Scratch((n) => new Int32Array(n), MAX_KEPT);
}

/** A scratch of Uint8 columns. */
export function uint8Scratch(): Scratch<Uint8Array> {
  return new Scratch((n) => new Uint8Array(n), MAX_KEPT);
}
