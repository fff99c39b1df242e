/**
 * A value per bracket index for the brackets that have one (holders, notes), read and
 * written as a `Map` from index to value, in order of first `set` as a `Map` keeps it. A
 * column of slots by index replaces the `Map`'s hash table: on a dense draft every tenth
 * bracket gets holders and a note from an annotation, and the two maps, rehashed as they
 * grew, were a tenth of the parse's garbage and most of the time spent attaching annotations.
 */
export class IndexLists<T> {
  /** By index: 0 for none, else 1 + the entry's place in `keyList` and `valueList` (made on the first `set`). */
  private slot = NO_SLOTS;
  /** Indices in order of their first `set`, and their values. */
  private readonly keyList: number[] = [];
  private readonly valueList: T[] = [];

  /** `capacity`: the indices expected (the table's size); the column grows past it if need be. */
  constructor(private capacity = 16) {}

  /** The number of indices with a value. */
  get size(): number {
    return this.keyList.length;
  }

  get(k: number): T | undefined {
    const s = k >= 0 && k < this.slot.length ? (this.slot[k] as number) : 0;
    return s > 0 ? this.valueList[s - 1] : undefined;
  }

  /** Sets the value of index `k` (a whole number, at least 0): a new index goes last in order, a known one keeps its place. */
  set(k: number, value: T): this {
    if (!(k >>> 0 === k && k < this.slot.length)) {
      if (!(k >>> 0 === k)) throw new RangeError(`not a bracket index: ${k}`);
      this.grow(k);
    }
    const s = this.slot[k] as number;
    if (s > 0) this.valueList[s - 1] = value;
    else {
      this.keyList.push(k);
      this.valueList.push(value);
      this.slot[k] = this.keyList.length;
    }
    return this;
  }

  /** Calls `f` with each value and its index, in order (values set during the walk are seen, as in a `Map`). */
  forEach(f: (value: T, k: number) => void): void {
    for (let i = 0; i < this.keyList.length; i++) f(this.valueList[i] as T, this.keyList[i] as number);
  }

  /**
   * Removes index `k`'s value (those after it move up one place): in time linear in the
   * entries, for the rare caller that reorders them, as a `Map` is reordered.
   */
  delete(k: number): boolean {
    const s = k >= 0 && k < this.slot.length ? (this.slot[k] as number) : 0;
    if (s === 0) return false;
    this.keyList.splice(s - 1, 1);
    this.valueList.splice(s - 1, 1);
    this.slot[k] = 0;
    for (let i = s - 1; i < this.keyList.length; i++) this.slot[this.keyList[i] as number] = i + 1;
    return true;
  }

  /** The entries `[index, value]` in order, as a `Map` gives them. */
  *[Symbol.iterator](): IterableIterator<[number, T]> {
    for (let i = 0; i < this.keyList.length; i++) yield [this.keyList[i] as number, this.valueList[i] as T];
  }

  keys(): IterableIterator<number> {
    return this.keyList.values();
  }

  values(): IterableIterator<T> {
    return this.valueList.values();
  }

  /** Room for the table's next size (`BracketTable` grows by doubling). */
  reserve(capacity: number): void {
    this.capacity = Math.max(this.capacity, capacity);
  }

  private grow(k: number): void {
    const next = new Int32Array(Math.max(k + 1, this.capacity, 2 * this.slot.length));
    next.set(this.slot);
    this.slot = next;
  }
}

const NO_SLOTS = new Int32Array(0);
