import { STOPWORD } from './tokens.js';

/**
 * The library's index: word k-shingles (k normalised words in a row) hashed to 32 bits,
 * thinned by winnowing (Schleimer, Wilkerson and Aiken, 2003) and kept in an inverted
 * index from fingerprint to (passage, word position) postings.
 *
 * Winnowing keeps, in every window of `w` consecutive shingles, the one with the smallest
 * hash. Any run of at least `w + k - 1` identical words therefore shares at least one kept
 * fingerprint with the library, while only about 2/(w+1) of the positions are stored. The
 * query side hashes *every* shingle, so lookups cost one probe per query word and never
 * walk the library. Shingles made only of stop words are neither stored nor looked up:
 * they are evidence of nothing and would make the longest posting lists.
 *
 * Storage is flat typed arrays (an open-addressing table and three posting columns), so a
 * library of tens of megabytes costs tens of megabytes of memory and no per-entry objects.
 */
export class ShingleIndex {
  private keys: Int32Array;
  private heads: Int32Array;
  private counts: Int32Array;
  private mask: number;
  private used = 0;
  private postPassage: Int32Array;
  private postPos: Int32Array;
  private postNext: Int32Array;
  private postings = 0;

  constructor(
    /** Words per shingle. */
    readonly k: number,
    /** Winnowing window, in shingles (1 = keep every shingle). */
    readonly w: number,
  ) {
    const cap = 1 << 16;
    this.keys = new Int32Array(cap);
    this.heads = new Int32Array(cap).fill(-1);
    this.counts = new Int32Array(cap);
    this.mask = cap - 1;
    this.postPassage = new Int32Array(1 << 16);
    this.postPos = new Int32Array(1 << 16);
    this.postNext = new Int32Array(1 << 16);
  }

  /** Number of stored postings and distinct fingerprints. */
  get size(): { postings: number; fingerprints: number } {
    return { postings: this.postings, fingerprints: this.used };
  }

  /** Approximate memory held by the index, in bytes. */
  get bytes(): number {
    const frozen = this.frozen ? this.frozen.start.length + this.postings * 2 : 0;
    return (this.keys.length * 3 + this.postPassage.length * 3 + frozen) * 4;
  }

  /** Stores the winnowed fingerprints of one passage's words. */
  addPassage(passage: number, keys: ArrayLike<number>, flags: ArrayLike<number>): void {
    const hashes = shingleHashes(keys, flags, this.k);
    const w = this.w;
    if (hashes.length === 0) return;
    if (w <= 1) {
      for (let i = 0; i < hashes.length; i++)
        if (hashes[i] !== 0) this.insert(hashes[i] as number, passage, i);
      return;
    }
    // Winnowing over the valid shingles: in each window keep the rightmost minimum, once.
    let lastKept = -1;
    const n = hashes.length;
    if (n <= w) {
      const m = minIndex(hashes, 0, n);
      if (m >= 0) this.insert(hashes[m] as number, passage, m);
      return;
    }
    for (let start = 0; start + w <= n; start++) {
      const m = minIndex(hashes, start, start + w);
      if (m >= 0 && m !== lastKept) {
        this.insert(hashes[m] as number, passage, m);
        lastKept = m;
      }
    }
  }

  /**
   * Copies the postings of a fingerprint into `passages` and `positions` from `at`, unless
   * it has more than `maxPostings` (a shingle that common is boilerplate, not evidence).
   * Returns the posting count (the arrays need room for `maxPostings` more entries).
   */
  collect(
    hash: number,
    maxPostings: number,
    passages: Int32Array,
    positions: Int32Array,
    at: number,
  ): number {
    const slot = this.find(hash);
    if (slot < 0) return 0;
    const count = this.counts[slot] as number;
    if (count > maxPostings) return count;
    const frozen = this.frozen ?? this.freeze();
    const start = frozen.start[slot] as number;
    passages.set(frozen.passage.subarray(start, start + count), at);
    positions.set(frozen.pos.subarray(start, start + count), at);
    return count;
  }

  /**
   * The postings laid out by fingerprint (each fingerprint's postings side by side, newest
   * first, as the chains list them): a lookup then reads one contiguous stretch instead of
   * following a chain through the whole index. Built at the first lookup after a change.
   */
  private frozen: { start: Int32Array; passage: Int32Array; pos: Int32Array } | undefined;

  private freeze(): { start: Int32Array; passage: Int32Array; pos: Int32Array } {
    const cap = this.keys.length;
    const start = new Int32Array(cap);
    const passage = new Int32Array(this.postings);
    const pos = new Int32Array(this.postings);
    let at = 0;
    for (let s = 0; s < cap; s++) {
      start[s] = at;
      for (let p = this.heads[s] as number; p >= 0; p = this.postNext[p] as number) {
        passage[at] = this.postPassage[p] as number;
        pos[at] = this.postPos[p] as number;
        at++;
      }
    }
    this.frozen = { start, passage, pos };
    return this.frozen;
  }

  private find(hash: number): number {
    let i = mix(hash) & this.mask;
    for (;;) {
      const key = this.keys[i] as number;
      if (key === 0) return -1;
      if (key === hash) return i;
      i = (i + 1) & this.mask;
    }
  }

  private insert(hash: number, passage: number, pos: number): void {
    if (this.frozen) this.frozen = undefined;
    if ((this.used + 1) * 2 > this.keys.length) this.rehash();
    let i = mix(hash) & this.mask;
    for (;;) {
      const key = this.keys[i] as number;
      if (key === 0) {
        this.keys[i] = hash;
        this.used++;
        break;
      }
      if (key === hash) break;
      i = (i + 1) & this.mask;
    }
    const p = this.postings;
    if (p === this.postPassage.length) {
      this.postPassage = grow(this.postPassage);
      this.postPos = grow(this.postPos);
      this.postNext = grow(this.postNext);
    }
    this.postPassage[p] = passage;
    this.postPos[p] = pos;
    this.postNext[p] = this.heads[i] as number;
    this.heads[i] = p;
    this.counts[i] = (this.counts[i] as number) + 1;
    this.postings = p + 1;
  }

  private rehash(): void {
    const { keys, heads, counts } = this;
    const cap = keys.length * 2;
    this.keys = new Int32Array(cap);
    this.heads = new Int32Array(cap).fill(-1);
    this.counts = new Int32Array(cap);
    this.mask = cap - 1;
    for (let s = 0; s < keys.length; s++) {
      const key = keys[s] as number;
      if (key === 0) continue;
      let i = mix(key) & this.mask;
      while (this.keys[i] !== 0) i = (i + 1) & this.mask;
      this.keys[i] = key;
      this.heads[i] = heads[s] as number;
      this.counts[i] = counts[s] as number;
    }
  }
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Index of the rightmost smallest non-zero hash (unsigned order) in [from, to), or -1. */
function minIndex(hashes: Int32Array, from: number, to: number): number {
  let best = -1;
  let bestValue = 0;
  for (let i = from; i < to; i++) {
    const h = hashes[i] as number;
    if (h === 0) continue;
    const u = h >>> 0;
    if (best < 0 || u <= bestValue) {
      best = i;
      bestValue = u;
    }
  }
  return best;
}

/** A second mix so that table slots do not follow the fingerprint order winnowing prefers. */
function mix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  return x;
}

/**
 * The hash of every k-shingle of words given by their stem keys (`stemKey`; position i
 * covers words i..i+k-1); 0 for a shingle made only of stop words. Hashing keys rather than
 * vocabulary ids makes a text's fingerprints the same in any library, so that a text's
 * segment can be indexed alone and merged into a library later.
 */
export function shingleHashes(keys: ArrayLike<number>, flags: ArrayLike<number>, k: number): Int32Array {
  const n = keys.length - k + 1;
  if (n <= 0) return new Int32Array(0);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5 | 0;
    let content = false;
    for (let j = 0; j < k; j++) {
      h = Math.imul(h ^ (keys[i + j] as number), 0x01000193);
      if (((flags[i + j] as number) & STOPWORD) === 0) content = true;
    }
    if (!content) continue;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    out[i] = h === 0 ? 1 : h;
  }
  return out;
}
