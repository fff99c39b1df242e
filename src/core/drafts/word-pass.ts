import type { BracketTable } from './bracket-table.js';
import { grown, lowerBoundIn } from './lists.js';
import type { LinePositions } from './positions.js';
import { type PhraseFinder, shapeOf } from './qualifiers.js';
import { int32Scratch } from './scratch.js';
import type { DraftParagraph } from './types.js';
import { isWordCode, skipCodeSpan } from './words.js';

/**
 * The word pass of the parse: words per paragraph (total and inside negotiation brackets),
 * per bracket, and the qualifiers and verbs among them, in one walk over the text.
 *
 * The words are those of `forEachWord` (words.ts), which stays the one tokenizer of status
 * and diff; this loop is the same tokenizer written out for the parse's volume (every
 * character of the draft), with no callback per word: the excluded and bracketed ranges
 * are read by two forward pointers over their flat columns, and the phrase finder is asked
 * only about words whose first character and length can start a phrase. A test
 * (tests/drafts/word-pass.test.ts) holds it to `forEachWord` and `PhraseFinder.word` on
 * every word.
 */

/** 1 for ASCII letters and digits, 2 for `{` and `` ` `` (placeholder, code span), else 0. */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_CLASS[c] = 1;
for (let c = 65; c <= 90; c++) ASCII_CLASS[c] = 1;
for (let c = 97; c <= 122; c++) ASCII_CLASS[c] = 1;
ASCII_CLASS[123] = 2;
ASCII_CLASS[96] = 2;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Word code test with the ASCII case in line (the caller's hot loop asks it per character). */
function wordCode(c: number): boolean {
  return c < 128 ? ASCII_CLASS[c] === 1 : isWordCode(c);
}

/**
 * End of the word starting at `start` (a word character): letters and digits, joined by
 * an apostrophe or hyphen between word characters, a dot or comma between digits.
 */
function wordEnd(text: string, start: number, end: number): number {
  let i = start + 1;
  for (;;) {
    while (i < end && wordCode(text.charCodeAt(i))) i++;
    if (i + 1 >= end) return i;
    const j = text.charCodeAt(i);
    if (j === 32) return i;
    const next = text.charCodeAt(i + 1);
    const joins =
      ((j === 39 || j === 0x2019 || j === 45) && wordCode(next) && wordCode(text.charCodeAt(i - 1))) ||
      ((j === 46 || j === 44) && isDigit(next) && isDigit(text.charCodeAt(i - 1)));
    if (!joins) return i;
    i++;
  }
}

/** Where a placeholder `{...}` at `i` ends: the first "}" within 400 characters, else `i + 1`. */
function placeholderEnd(text: string, i: number, end: number): number {
  const limit = Math.min(end, i + 401);
  let close = i + 1;
  while (close < limit && text.charCodeAt(close) !== 125) close++;
  return close < limit ? close + 1 : i + 1;
}

/** Up to three digits glued to a closing bracket (`[[Preamble]1`): a footnote marker, not a word. */
function footnoteMarker(text: string, start: number, end: number): boolean {
  if (start === 0 || text.charCodeAt(start - 1) !== 93 || end - start > 3) return false;
  for (let k = start; k < end; k++) if (!isDigit(text.charCodeAt(k))) return false;
  return true;
}

/** The pass's temporaries (scratch.ts): word starts, top-level spans, excluded ranges. */
const STARTS = int32Scratch();
const TOPS = int32Scratch();
const EXCLUDED = int32Scratch();

/** Flat start/end pairs of the top-level brackets: enough to know whether a word is bracketed. */
function topSpans(brackets: BracketTable): Int32Array {
  const { start, end, parent, count } = brackets;
  let tops = 0;
  for (let k = 0; k < count; k++) if ((parent[k] as number) < 0) tops++;
  const top = TOPS.take(2 * tops);
  tops = 0;
  for (let k = 0; k < count; k++) {
    if ((parent[k] as number) >= 0) continue;
    top[tops++] = start[k] as number;
    top[tops++] = end[k] as number;
  }
  return top;
}

export function scanWords(
  text: string,
  paragraphs: DraftParagraph[],
  brackets: BracketTable,
  excluded: readonly number[],
  markdown: boolean,
  finder: PhraseFinder,
  lines: LinePositions,
): void {
  const { start: bStart, end: bEnd, parent: bParent, count } = brackets;
  // Two forward pointers over sorted flat pairs (as RangeCursor, in line): `xi`/`xEnd` over
  // the excluded ranges, `ti`/`tEnd` over the top-level brackets.
  const ex = EXCLUDED.take(excluded.length);
  for (let k = 0; k < excluded.length; k++) ex[k] = excluded[k] as number;
  const top = topSpans(brackets);
  let xi = 0;
  let xEnd = -1;
  let ti = 0;
  let tEnd = -1;
  let starts = STARTS.take(Math.max(16, text.length >> 3));
  let n = 0;
  // Innermost bracket at a hit: brackets come in order of their start and form a proper tree
  // (buildTree), so it is the last one starting at or before the offset, or the nearest of its
  // ancestors that ends after it.
  let next = 0;
  // Written in place for each hit (the finder copies the fields): locating allocates nothing.
  const where = { line: 0, column: 0 };
  const shapes = finder.shapes;
  const maxFirst = finder.maxFirst;
  for (let paragraph = 0; paragraph < paragraphs.length; paragraph++) {
    const para = paragraphs[paragraph] as DraftParagraph;
    let words = 0;
    let bracketed = 0;
    const end = para.end;
    let i = para.kind === 'furniture' ? end : para.bodyStart;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        const k = ASCII_CLASS[c] as number;
        if (k === 0) {
          i++;
          continue;
        }
        if (k === 2) {
          if (c === 123) i = placeholderEnd(text, i, end);
          else if (markdown) i = skipCodeSpan(text, i, end);
          else i++;
          continue;
        }
      } else if (!isWordCode(c)) {
        i++;
        continue;
      }
      const start = i;
      i = wordEnd(text, start, end);
      if (c <= 57 && footnoteMarker(text, start, i)) continue;
      while (xi < ex.length && (ex[xi] as number) <= start) {
        if ((ex[xi + 1] as number) > xEnd) xEnd = ex[xi + 1] as number;
        xi += 2;
      }
      if (start < xEnd) continue;
      words++;
      if (n === starts.length) starts = grown(starts, 2 * n);
      starts[n++] = start;
      while (ti < top.length && (top[ti] as number) <= start) {
        if ((top[ti + 1] as number) > tEnd) tEnd = top[ti + 1] as number;
        ti += 2;
      }
      if (start < tEnd) bracketed++;
      const len = i - start;
      if (len <= maxFirst) {
        const cl = text.charCodeAt(i - 1);
        if ((c >= 128 || cl >= 128 || shapes[shapeOf(c, cl, len)] === 1) && finder.word(text, start, i)) {
          while (next < count && (bStart[next] as number) <= start) next++;
          let b = next - 1;
          while (b >= 0 && (bEnd[b] as number) <= start) b = bParent[b] as number;
          lines.locateInto(start, where);
          finder.place(para.section, paragraph, b, where.line, where.column);
        }
      }
    }
    para.words = words;
    para.bracketedWords = bracketed;
  }
  STARTS.adopt(starts);
  countBracketWords(brackets, starts, n);
}

/**
 * Words per bracket, from the sorted starts of all counted words: the number of starts
 * before its end minus those before its start. Brackets come in order of their start and
 * nest (buildTree), so the starts and ends, taken as a walk with a stack of open brackets
 * gives them (a bracket's end when the next start is past it), ascend: one forward pointer
 * over the words answers them all. An end met out of that order (not a proper tree) is
 * answered by a binary search instead, so the counts hold for any brackets.
 */
export function countBracketWords(brackets: BracketTable, starts: Int32Array, n: number): void {
  const { start, end, words, count } = brackets;
  // The stack is as deep as the nesting (a few levels), grown when deeper.
  let open = new Int32Array(64);
  let top = 0;
  let p = 0;
  // `words[k]` holds the words before the start of an open bracket until its end is reached.
  for (let k = 0; k <= count; k++) {
    const s = k < count ? (start[k] as number) : 0x7fffffff;
    while (top > 0 && (end[open[top - 1] as number] as number) <= s) {
      const j = open[--top] as number;
      const e = end[j] as number;
      let before: number;
      if (p === 0 || (starts[p - 1] as number) < e) {
        while (p < n && (starts[p] as number) < e) p++;
        before = p;
      } else before = lowerBoundIn(starts, e, 0, p);
      // An end before the start (never from buildTree) counts no word, as a search from the start would.
      words[j] = Math.max(0, before - (words[j] as number));
    }
    if (k === count) break;
    while (p < n && (starts[p] as number) < s) p++;
    words[k] = p;
    if (top === open.length) open = grown(open, 2 * top);
    open[top++] = k;
  }
}
