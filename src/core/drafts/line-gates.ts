import { isRegexSpace } from '../documents/text.js';
import { IntTable } from './int-table.js';
import { isBlank, isBullet, mayStartOtherLead } from './leads.js';

/**
 * Cheap tests the structure pass runs on every line before its patterns (each a necessary
 * condition of the patterns it guards, so a line that fails is decided without a substring
 * or a regular expression), and the count of repeated short lines that finds running headers.
 */

/** The longest line that may be a heading (`mayBeHeading`). */
export const MAX_HEADING_LINE = 150;
export const PAGE_NUMBER = /^(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$/i;
export const DASHED_PAGE_NUMBER = /^[-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014]$/;

/** Calls `fn` with the trimmed, non-empty lines of `[start, end)` as absolute ranges. */
export function forEachLine(
  text: string,
  start: number,
  end: number,
  fn: (start: number, end: number) => void,
): void {
  let lineStart = start;
  while (lineStart < end) {
    let nl = text.indexOf('\n', lineStart);
    if (nl < 0 || nl > end) nl = end;
    let s = lineStart;
    let e = nl;
    while (s < e && isBlank(text.charCodeAt(s))) s++;
    while (e > s && isBlank(text.charCodeAt(e - 1))) e--;
    if (e > s) fn(s, e);
    lineStart = nl + 1;
  }
}

/** Index of the first character after leading brackets, emphasis and blanks. */
function firstSignificant(text: string, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 42 || c === 95 || c === 32 || c === 9) i++;
    else break;
  }
  return i;
}

/** First three letters (lower case, packed in a number) of the heading keywords. */
const KEYWORD_STARTS = new Set(
  // English, and French and Spanish ("Capítulo", "Anexo", "Apéndice", "Règle"; the others share the English starts).
  [
    'act',
    'art',
    'sec',
    'par',
    'cha',
    'ann',
    'app',
    'pre',
    'ope',
    'cap',
    'ane',
    'ap\u00e9',
    'rul',
    'reg',
    'r\u00e8g',
  ].map((k) => pack3(k, 0)),
);

function pack3(s: string, i: number): number {
  return ((s.charCodeAt(i) | 32) << 16) | ((s.charCodeAt(i + 1) | 32) << 8) | (s.charCodeAt(i + 2) | 32);
}

/**
 * A cheap test run on every line before the heading patterns: can this line be a heading
 * at all? (A keyword, a capital or roman label followed by a dot, or capitals only.)
 */
export function mayBeHeading(
  text: string,
  start: number,
  end: number,
  format: 'markdown' | 'text' | 'other',
): boolean {
  if (end - start > MAX_HEADING_LINE) return false;
  const i = firstSignificant(text, start, end);
  if (i >= end) return false;
  const c = text.charCodeAt(i);
  const upper = c >= 65 && c <= 90;
  if (!upper && !(c >= 97 && c <= 122)) return false;
  if (i + 3 <= end && KEYWORD_STARTS.has(pack3(text, i))) return true;
  if (!upper) return false;
  let j = i;
  while (j < end && j - i < 7 && isRomanCapital(text.charCodeAt(j))) j++;
  if (j === i) j = i + 1;
  if (text.charCodeAt(j) === 46 /* . */) return true;
  if (format === 'text') {
    const n = text.charCodeAt(i + 1);
    return (n >= 65 && n <= 90) || n === 32;
  }
  return false;
}

/** I, V, X, L or C. */
function isRomanCapital(c: number): boolean {
  return c === 73 || c === 86 || c === 88 || c === 76 || c === 67;
}

/** Lines that may start with a number label or an option label. */
export function mayHaveLead(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  const c = text.charCodeAt(i);
  // digits, [ ( * _, bullets, the first letters of Pp/Op/Option/Alt/Variant, and "a)", "ii.", "§" (mayStartOtherLead)
  return (
    (c >= 48 && c <= 57) ||
    c === 91 ||
    c === 40 ||
    c === 42 ||
    c === 95 ||
    c === 80 ||
    c === 79 ||
    c === 111 ||
    c === 65 ||
    c === 97 ||
    c === 86 ||
    c === 118 ||
    isBullet(c) ||
    mayStartOtherLead(text, i, end)
  );
}

/**
 * Whether a line starting with a digit can be a PAGE_NUMBER ("12", "3 of 40", "3/40"): at
 * most four digits, then the end, a blank, "of" or "/". A necessary condition of the pattern.
 */
export function mayBePageNumber(text: string, start: number, end: number): boolean {
  let k = start;
  while (k < end && k - start <= 4 && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57) k++;
  if (k - start > 4) return false;
  if (k === end) return true;
  const c = text.charCodeAt(k);
  return c === 47 || (c | 32) === 111 || isRegexSpace(c);
}

/**
 * Whether the line, after blanks, emphasis and "[", can start with a STRUCTURAL word
 * (Article, Section, Part, Chapter, Annex, Appendix) or ACTION_LINE: its first two letters
 * are those of one of them (ar, se, pa, ch, an, ap, ac) in either case (the patterns' `i`
 * flag folds ASCII letters only). A necessary condition of both patterns.
 */
export function mayStartHeadingWord(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 42 || c === 95 || c === 91 || isRegexSpace(c)) i++;
    else break;
  }
  if (i + 2 > end) return false;
  const a = text.charCodeAt(i) | 32;
  const b = text.charCodeAt(i + 1) | 32;
  if (a === 97) return b === 114 || b === 110 || b === 112 || b === 99; // ar an ap ac
  if (a === 115) return b === 101; // se
  if (a === 112) return b === 97; // pa
  if (a === 114) return b === 117 || b === 101 || b === 232; // ru re rè
  return a === 99 && b === 104; // ch
}

/**
 * The trimmed short lines (3 to 80 characters, not starting with "[") of a plain-text draft
 * and how often each occurs, digits, case and runs of blanks folded. Each line's key is kept (by its offsets) so
 * the structure pass, which reads the same lines in the same order, does not hash it again.
 */
export class RepeatedLines {
  private readonly counts = new IntTable(256);
  private starts = new Int32Array(256);
  private ends = new Int32Array(256);
  private keys = new Int32Array(256);
  private n = 0;
  private cursor = 0;

  /**
   * Adds the trimmed, non-empty lines of `[start, end)` (as `forEachLine` finds them), split
   * here rather than through a callback: this runs on every line of a plain-text draft.
   */
  addLines(text: string, start: number, end: number): void {
    let lineStart = start;
    while (lineStart < end) {
      let nl = text.indexOf('\n', lineStart);
      if (nl < 0 || nl > end) nl = end;
      let s = lineStart;
      let e = nl;
      while (s < e && isBlank(text.charCodeAt(s))) s++;
      while (e > s && isBlank(text.charCodeAt(e - 1))) e--;
      // A line starting with "[" is never asked about (isFurniture decides it first), and its
      // key starts with "[" (not folded), so it counts only towards other such lines: skipped.
      if (e - s >= 3 && e - s <= 80 && text.charCodeAt(s) !== 91) this.add(text, s, e);
      lineStart = nl + 1;
    }
  }

  /** Adds one trimmed line of 3 to 80 characters. */
  private add(text: string, start: number, end: number): void {
    const key = furnitureKey(text, start, end);
    this.counts.add(key, 1);
    if (this.n === this.keys.length) {
      this.starts = grown(this.starts);
      this.ends = grown(this.ends);
      this.keys = grown(this.keys);
    }
    this.starts[this.n] = start;
    this.ends[this.n] = end;
    this.keys[this.n++] = key;
  }

  /** How often the line `[start, end)` occurs; cheapest when lines are asked in the order they were added. */
  countOf(text: string, start: number, end: number): number {
    const len = end - start;
    if (len > 80 || len < 3) return 0;
    let i = this.cursor;
    if (i < this.n && (this.starts[i] as number) > start) {
      // Asked out of order: a binary search for the first line starting at or after `start`.
      let lo = 0;
      let hi = i;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((this.starts[mid] as number) < start) lo = mid + 1;
        else hi = mid;
      }
      i = lo;
    }
    while (i < this.n && (this.starts[i] as number) < start) i++;
    this.cursor = i;
    const known = i < this.n && this.starts[i] === start && this.ends[i] === end;
    return this.counts.get(known ? (this.keys[i] as number) : furnitureKey(text, start, end), 0);
  }
}

function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Digits, capitals and blanks folded for `furnitureKey`; other ASCII characters as they are. */
const FOLD = new Uint8Array(128);
for (let c = 0; c < 128; c++)
  FOLD[c] = c >= 48 && c <= 57 ? 35 : c >= 65 && c <= 90 ? c + 32 : c === 9 ? 32 : c;

/**
 * Hash of a line with digits, case and runs of spaces folded, so "Page 3" and "page 12"
 * collide: FNV-1a over pairs of folded characters (one multiplication per two characters,
 * half the dependent chain of one per character; the fold is the same).
 */
function furnitureKey(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  let prev = -1;
  let pending = -1;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    c = c < 128 ? (FOLD[c] as number) : c === 0xa0 ? 32 : c;
    if (c === prev && (c === 35 || c === 32)) continue;
    prev = c;
    if (pending < 0) pending = c;
    else {
      h = Math.imul(h ^ (pending | (c << 16)), 0x01000193);
      pending = -1;
    }
  }
  if (pending >= 0) h = Math.imul(h ^ pending, 0x01000193);
  return h | 0;
}
