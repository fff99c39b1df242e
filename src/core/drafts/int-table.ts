/**
 * A map from int32 keys to int32 values in two typed arrays (open addressing, linear
 * probing): for the parse's hot lookups by hash or offset, where a `Map` would box keys
 * beyond the small-integer range and allocate an entry per key.
 */
export class IntTable {
  private keys: Int32Array<ArrayBuffer>;
  private values: Int32Array<ArrayBuffer>;
  private used: Uint8Array<ArrayBuffer>;
  private size = 0;

  constructor(expected = 8) {
    let capacity = 16;
    while (capacity < 2 * expected) capacity *= 2;
    this.keys = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    this.used = new Uint8Array(capacity);
  }

  /** The value of `key`, or `missing` when it has none. */
  get(key: number, missing = -1): number {
    const slot = this.slot(key);
    return this.used[slot] === 1 ? (this.values[slot] as number) : missing;
  }

  set(key: number, value: number): void {
    const slot = this.claim(key);
    this.values[slot] = value;
  }

  /** Adds `delta` to the value of `key` (0 when it has none). */
  add(key: number, delta: number): void {
    const slot = this.claim(key);
    this.values[slot] = (this.values[slot] as number) + delta;
  }

  /** The slot of `key`, taken (value 0) when it was free. */
  private claim(key: number): number {
    if (2 * (this.size + 1) > this.keys.length) this.grow();
    const slot = this.slot(key);
    if (this.used[slot] === 0) {
      this.used[slot] = 1;
      this.keys[slot] = key;
      this.values[slot] = 0;
      this.size++;
    }
    return slot;
  }

  /** The slot holding `key`, or the free slot where it would go. */
  private slot(key: number): number {
    const mask = this.keys.length - 1;
    // Fibonacci hashing: the high bits of the product are the well-mixed ones.
    let i = Math.imul(key, 0x9e3779b1) >>> 7;
    for (;;) {
      i &= mask;
      if (this.used[i] === 0 || this.keys[i] === key) return i;
      i++;
    }
  }

  private grow(): void {
    const { keys, values, used } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2);
    this.used = new Uint8Array(keys.length * 2);
    for (let i = 0; i < keys.length; i++) {
      if (used[i] === 0) continue;
      const slot = this.slot(keys[i] as number);
      this.used[slot] = 1;
      this.keys[slot] = keys[i] as number;
      this.values[slot] = values[i] as number;
    }
  }
}
