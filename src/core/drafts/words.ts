import type { DraftParagraph } from './types.js';

/**
 * Words, as the engine counts them: runs of letters and digits (joined by an apostrophe or
 * hyphen between letters, a dot or comma between digits) in the body of a paragraph
 * (after its number label), outside excluded ranges (annotations, footnote markers, link
 * targets, holder labels), outside `{placeholders}` and Markdown code spans, and not
 * footnote digits glued to a closing bracket (`[[Preamble]1`). Status and diff use this
 * one tokenizer so their counts agree.
 */

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** ASCII letters and digits, as a table (the tokenizer asks for every character). */
const ASCII_WORD = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_WORD[c] = 1;
for (let c = 65; c <= 90; c++) ASCII_WORD[c] = 1;
for (let c = 97; c <= 122; c++) ASCII_WORD[c] = 1;

/** Whether a UTF-16 code unit belongs to a word (letters and digits, any script). */
export function isWordCode(c: number): boolean {
  if (c < 128) return ASCII_WORD[c] === 1;
  if (c < 0xaa) return false;
  if (c >= 0xd800 && c <= 0xdfff) return true;
  return LETTER_OR_DIGIT.test(String.fromCharCode(c));
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Sorted, merged ranges (flat start/end pairs) and a forward-only cursor over them. */
export class RangeCursor {
  private i = 0;
  private maxEnd = -1;
  /** Always an Int32Array (a copy of a plain array), so the hot loop below reads one kind of array. */
  private readonly ranges: Int32Array;

  constructor(ranges: ArrayLike<number>) {
    this.ranges = ranges instanceof Int32Array ? ranges : Int32Array.from(ranges);
  }

  /** True when `pos` lies in a range. Positions must be asked in non-decreasing order. */
  covers(pos: number): boolean {
    const r = this.ranges;
    while (this.i < r.length && (r[this.i] as number) <= pos) {
      const end = r[this.i + 1] as number;
      if (end > this.maxEnd) this.maxEnd = end;
      this.i += 2;
    }
    return pos < this.maxEnd;
  }
}

/**
 * Sorts flat start/end pairs by start and merges overlapping or touching ones. The merge
 * runs twice, first to count the merged pairs, then to write them: the list returned (read
 * by every consumer of a parse) is made once at its size instead of grown by pushes.
 */
export function mergeRanges(flat: readonly number[]): number[] {
  const n = flat.length >> 1;
  if (n === 0) return [];
  const idx = new Int32Array(n);
  let sorted = true;
  for (let k = 0; k < n; k++) {
    idx[k] = k;
    if (k > 0 && (flat[2 * k] as number) < (flat[2 * k - 2] as number)) sorted = false;
  }
  // The scan gives its ranges nearly always in order already: then no comparator sort.
  if (!sorted) idx.sort((a, b) => (flat[2 * a] as number) - (flat[2 * b] as number));
  const out: number[] = new Array(mergeInto(flat, idx, undefined));
  mergeInto(flat, idx, out);
  return out;
}

/** The merge of `mergeRanges` over the pairs in the order `idx`: written into `out` if given; returns its length. */
function mergeInto(flat: readonly number[], idx: Int32Array, out: number[] | undefined): number {
  let m = 0;
  let lastEnd = 0;
  for (let j = 0; j < idx.length; j++) {
    const k = idx[j] as number;
    const s = flat[2 * k] as number;
    const e = flat[2 * k + 1] as number;
    if (e <= s) continue;
    if (m > 0 && s <= lastEnd) {
      if (e > lastEnd) lastEnd = e;
    } else {
      if (out && m > 0) out[m - 1] = lastEnd;
      if (out) out[m] = s;
      m += 2;
      lastEnd = e;
    }
  }
  if (out && m > 0) out[m - 1] = lastEnd;
  return m;
}

/**
 * Calls `onWord(start, end)` for every counted word of a paragraph, in order. `excluded`
 * must be a cursor over the draft's merged excluded ranges, shared across paragraphs
 * visited in document order.
 */
export function forEachWord(
  text: string,
  para: DraftParagraph,
  markdown: boolean,
  excluded: RangeCursor,
  onWord: (start: number, end: number) => void,
): void {
  if (para.kind === 'furniture') return;
  const end = para.end;
  let i = para.bodyStart;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 123 /* { */) {
      // A placeholder ends at the first "}" within 400 characters, in the same paragraph.
      const limit = Math.min(end, i + 401);
      let close = i + 1;
      while (close < limit && text.charCodeAt(close) !== 125) close++;
      i = close < limit ? close + 1 : i + 1;
      continue;
    }
    if (markdown && c === 96 /* ` */) {
      i = skipCodeSpan(text, i, end);
      continue;
    }
    if (!isWordCode(c)) {
      i++;
      continue;
    }
    const start = i;
    i++;
    for (;;) {
      while (i < end && isWordCode(text.charCodeAt(i))) i++;
      if (i + 1 >= end) break;
      const j = text.charCodeAt(i);
      const next = text.charCodeAt(i + 1);
      const joins =
        ((j === 39 || j === 0x2019 || j === 45) && isWordCode(next) && isWordCode(text.charCodeAt(i - 1))) ||
        ((j === 46 || j === 44) && isDigit(next) && isDigit(text.charCodeAt(i - 1)));
      if (!joins) break;
      i++;
    }
    // "[[Preamble]1": up to three digits glued to a closing bracket are a footnote marker.
    if (start > 0 && text.charCodeAt(start - 1) === 93 && i - start <= 3 && allDigits(text, start, i))
      continue;
    if (excluded.covers(start)) continue;
    onWord(start, i);
  }
}

function allDigits(text: string, s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (!isDigit(text.charCodeAt(k))) return false;
  return true;
}

/**
 * Skips a Markdown code span starting at `at` (a run of backticks): it ends at the next run
 * of the same length before `end`; without one the backticks are literal. Returns where
 * scanning resumes.
 */
export function skipCodeSpan(text: string, at: number, end: number): number {
  let run = 0;
  while (at + run < end && text.charCodeAt(at + run) === 96) run++;
  let i = at + run;
  while (i < end) {
    if (text.charCodeAt(i) !== 96) {
      i++;
      continue;
    }
    let j = i;
    while (j < end && text.charCodeAt(j) === 96) j++;
    if (j - i === run) return j;
    i = j;
  }
  return at + run;
}
