/**
 * Sequence alignment for the diff: which words of one paragraph are the same words in its
 * counterpart. Equal prefixes and suffixes are matched first; words that occur exactly
 * once on both sides anchor the rest (their longest increasing run, as in patience diff);
 * small gaps between anchors get an exact longest-common-subsequence table. Every step is
 * bounded, so two rewritten 100,000-word paragraphs cost milliseconds, not minutes.
 */

const EXACT_LIMIT = 4096;
const GAP_EXACT_LIMIT = 250_000;

/** Calls `emit(i, j)` for matched positions, in increasing order of both i and j. */
export function alignSequences(
  a: Int32Array,
  aLo: number,
  aHi: number,
  b: Int32Array,
  bLo: number,
  bHi: number,
  emit: (i: number, j: number) => void,
): void {
  align(a, aLo, aHi, b, bLo, bHi, emit, 0);
}

function align(
  a: Int32Array,
  aLo0: number,
  aHi0: number,
  b: Int32Array,
  bLo0: number,
  bHi0: number,
  emit: (i: number, j: number) => void,
  depth: number,
): void {
  let aLo = aLo0;
  let bLo = bLo0;
  let aHi = aHi0;
  let bHi = bHi0;
  while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) emit(aLo++, bLo++);
  const tail: number[] = [];
  while (aHi > aLo && bHi > bLo && a[aHi - 1] === b[bHi - 1]) {
    aHi--;
    bHi--;
    tail.push(aHi, bHi);
  }
  const n = aHi - aLo;
  const m = bHi - bLo;
  if (n > 0 && m > 0) {
    if (n * m <= EXACT_LIMIT) lcs(a, aLo, aHi, b, bLo, bHi, emit);
    else {
      const anchors = depth < 64 ? uniqueAnchors(a, aLo, aHi, b, bLo, bHi) : [];
      if (anchors.length === 0) {
        if (n * m <= GAP_EXACT_LIMIT) lcs(a, aLo, aHi, b, bLo, bHi, emit);
        else greedy(a, aLo, aHi, b, bLo, bHi, emit);
      } else {
        let pa = aLo;
        let pb = bLo;
        for (let k = 0; k < anchors.length; k += 2) {
          const i = anchors[k] as number;
          const j = anchors[k + 1] as number;
          align(a, pa, i, b, pb, j, emit, depth + 1);
          emit(i, j);
          pa = i + 1;
          pb = j + 1;
        }
        align(a, pa, aHi, b, pb, bHi, emit, depth + 1);
      }
    }
  }
  for (let k = tail.length - 2; k >= 0; k -= 2) emit(tail[k] as number, tail[k + 1] as number);
}

/** Positions (flat i, j pairs) of values unique on both sides, longest increasing chain. */
function uniqueAnchors(
  a: Int32Array,
  aLo: number,
  aHi: number,
  b: Int32Array,
  bLo: number,
  bHi: number,
): number[] {
  // Occurrences in a, capped at 2 (only "exactly once" matters).
  const countA = new Map<number, number>();
  for (let i = aLo; i < aHi; i++) {
    const v = a[i] as number;
    const c = countA.get(v);
    if (c === undefined) countA.set(v, 1);
    else if (c === 1) countA.set(v, 2);
  }
  const countB = new Map<number, number>();
  const posB = new Map<number, number>();
  for (let j = bLo; j < bHi; j++) {
    const v = b[j] as number;
    if (countA.get(v) !== 1) continue;
    const c = countB.get(v);
    if (c === undefined) {
      countB.set(v, 1);
      posB.set(v, j);
    } else countB.set(v, 2);
  }
  const pairs: number[] = [];
  for (let i = aLo; i < aHi; i++) {
    const v = a[i] as number;
    if (countA.get(v) === 1 && countB.get(v) === 1) pairs.push(i, posB.get(v) as number);
  }
  return longestIncreasing(pairs);
}

/** Longest chain of pairs increasing in j (pairs already increasing in i), patience sorting. */
function longestIncreasing(pairs: number[]): number[] {
  const k = pairs.length >> 1;
  if (k === 0) return [];
  const tails: number[] = [];
  const prev = new Int32Array(k).fill(-1);
  for (let p = 0; p < k; p++) {
    const j = pairs[2 * p + 1] as number;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((pairs[2 * (tails[mid] as number) + 1] as number) < j) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[p] = tails[lo - 1] as number;
    tails[lo] = p;
  }
  const chain: number[] = [];
  for (let p = tails[tails.length - 1] as number; p >= 0; p = prev[p] as number) chain.push(p);
  chain.reverse();
  const out: number[] = [];
  for (const p of chain) out.push(pairs[2 * p] as number, pairs[2 * p + 1] as number);
  return out;
}

/** Exact LCS by dynamic programming (only called on small regions). */
function lcs(
  a: Int32Array,
  aLo: number,
  aHi: number,
  b: Int32Array,
  bLo: number,
  bHi: number,
  emit: (i: number, j: number) => void,
): void {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const w = m + 1;
  const table = new Int32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * w + j] =
        a[aLo + i] === b[bLo + j]
          ? (table[(i + 1) * w + j + 1] as number) + 1
          : Math.max(table[(i + 1) * w + j] as number, table[i * w + j + 1] as number);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[aLo + i] === b[bLo + j]) {
      emit(aLo + i, bLo + j);
      i++;
      j++;
    } else if ((table[(i + 1) * w + j] as number) >= (table[i * w + j + 1] as number)) i++;
    else j++;
  }
}

/** Last resort for huge, anchorless regions: match equal values within a small look-ahead window. */
function greedy(
  a: Int32Array,
  aLo: number,
  aHi: number,
  b: Int32Array,
  bLo: number,
  bHi: number,
  emit: (i: number, j: number) => void,
): void {
  let i = aLo;
  let j = bLo;
  while (i < aHi && j < bHi) {
    if (a[i] === b[j]) {
      emit(i++, j++);
      continue;
    }
    let found = false;
    for (let d = 1; d <= 32 && !found; d++) {
      if (j + d < bHi && a[i] === b[j + d]) {
        j += d;
        found = true;
      } else if (i + d < aHi && a[i + d] === b[j]) {
        i += d;
        found = true;
      }
    }
    if (!found) {
      i++;
      j++;
    }
  }
}
