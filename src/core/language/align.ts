/**
 * Word-level local alignment (Smith-Waterman with linear gaps) inside a band around the
 * diagonals where the index found shared shingles. A matched word scores its weight (rare
 * words more than common ones), a substituted word costs `MISMATCH` and an inserted or
 * dropped word costs `GAP`, so a qualifier slipped into an agreed phrase ("as
 * appropriate") leaves one alignment with a gap instead of two unrelated fragments, while
 * a long stretch of different text ends the alignment.
 */

export const GAP = 0.4;
export const MISMATCH = 0.6;

/** Reused DP tables (alignment is synchronous, so one pair serves every call). */
let scratchH = new Float32Array(4096);
let scratchT = new Uint8Array(4096);

/** One aligned stretch: matched word pairs (query position, passage position), in order. */
export interface Alignment {
  score: number;
  /** Query positions of matched words, increasing. */
  q: number[];
  /** Passage positions of the same words, increasing. */
  p: number[];
}

/**
 * Best local alignment of `query[q0, q1)` with `passage[p0, p1)` restricted to cells whose
 * diagonal (p - q) lies in [dlo, dhi]. `weight(i)` is the score of matching query word i.
 */
export function alignBand(
  query: Int32Array,
  q0: number,
  q1: number,
  passage: Int32Array,
  p0: number,
  p1: number,
  dlo: number,
  dhi: number,
  weight: (i: number) => number,
): Alignment | undefined {
  const rows = q1 - q0;
  const width = dhi - dlo + 1;
  if (rows <= 0 || width <= 0) return undefined;
  // Cell (i, j) of the band, for query word q0+i and passage word j, is at
  // i * width + (j - (q0 + i) - dlo). Row i-1's diagonal neighbour has the same column,
  // its upper neighbour column + 1, the left neighbour column - 1.
  const size = (rows + 1) * width;
  if (scratchH.length < size + width) {
    scratchH = new Float32Array((size + width) * 2);
    scratchT = new Uint8Array((size + width) * 2);
  }
  const H = scratchH;
  const T = scratchT; // 0 stop, 1 diagonal, 2 up (query word skipped), 3 left
  H.fill(0, 0, size + width);
  T.fill(0, 0, size + width);
  let best = 0;
  let bestCell = -1;
  for (let i = 1; i <= rows; i++) {
    const qi = q0 + i - 1;
    const qw = query[qi] as number;
    const w = weight(qi);
    const rowBase = i * width;
    const prevBase = (i - 1) * width;
    for (let c = 0; c < width; c++) {
      const j = qi + dlo + c; // passage position of this cell
      if (j < p0 || j >= p1) continue;
      let h = 0;
      let t = 0;
      // diagonal: previous row, same column (passage j-1 against query qi-1)
      const diagPrev = i > 1 && j - 1 >= p0 ? (H[prevBase + c] as number) : 0;
      const s = (passage[j] as number) === qw ? diagPrev + w : diagPrev - MISMATCH;
      if (s > h) {
        h = s;
        t = 1;
      }
      // up: query word skipped (previous row, passage position j): column c + 1
      if (i > 1 && c + 1 < width) {
        const u = (H[prevBase + c + 1] as number) - GAP;
        if (u > h) {
          h = u;
          t = 2;
        }
      }
      // left: passage word skipped (same row, passage j-1): column c - 1
      if (c > 0 && j - 1 >= p0) {
        const l = (H[rowBase + c - 1] as number) - GAP;
        if (l > h) {
          h = l;
          t = 3;
        }
      }
      H[rowBase + c] = h;
      T[rowBase + c] = t;
      if (h > best) {
        best = h;
        bestCell = rowBase + c;
      }
    }
  }
  if (bestCell < 0) return undefined;
  const qs: number[] = [];
  const ps: number[] = [];
  let cell = bestCell;
  for (;;) {
    const i = Math.floor(cell / width);
    const c = cell - i * width;
    const t = T[cell] as number;
    if (t === 0 || i === 0) break;
    const qi = q0 + i - 1;
    const j = qi + dlo + c;
    let next: number;
    if (t === 1) {
      if ((passage[j] as number) === (query[qi] as number)) {
        qs.push(qi);
        ps.push(j);
      }
      next = (i - 1) * width + c;
    } else if (t === 2) next = (i - 1) * width + c + 1;
    else next = i * width + c - 1;
    if (next < width || (H[next] as number) <= 0) break;
    cell = next;
  }
  qs.reverse();
  ps.reverse();
  return { score: best, q: qs, p: ps };
}
