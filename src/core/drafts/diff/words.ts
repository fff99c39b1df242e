import type { DraftBracket, DraftParagraph, ParsedDraft } from '../types.js';
import { forEachWord, RangeCursor } from '../words.js';

/** The words of each side of a diff: offsets, hashes and innermost bracket in typed arrays, and per-bracket statistics. */

export interface Words {
  draft: ParsedDraft;
  start: Int32Array;
  end: Int32Array;
  hash: Int32Array;
  bracket: Int32Array;
  paragraph: Int32Array;
  /** Per paragraph, its word range [first, end). */
  first: Int32Array;
  last: Int32Array;
  count: number;
}

export function collectWords(draft: ParsedDraft): Words {
  const { text, paragraphs, brackets } = draft;
  let cap = Math.max(16, text.length >> 3);
  let start = new Int32Array(cap);
  let end = new Int32Array(cap);
  let hash = new Int32Array(cap);
  let bracket = new Int32Array(cap);
  let paragraph = new Int32Array(cap);
  const first = new Int32Array(paragraphs.length);
  const last = new Int32Array(paragraphs.length);
  let n = 0;
  const excluded = new RangeCursor(draft.excluded);
  const stack: DraftBracket[] = [];
  let nextBracket = 0;
  const markdown = draft.format === 'markdown';
  for (let p = 0; p < paragraphs.length; p++) {
    first[p] = n;
    forEachWord(text, paragraphs[p] as DraftParagraph, markdown, excluded, (s, e) => {
      if (n === cap) {
        cap *= 2;
        start = grow(start, cap);
        end = grow(end, cap);
        hash = grow(hash, cap);
        bracket = grow(bracket, cap);
        paragraph = grow(paragraph, cap);
      }
      while (nextBracket < brackets.length && (brackets[nextBracket] as DraftBracket).start <= s) {
        const b = brackets[nextBracket++] as DraftBracket;
        while (stack.length > 0 && (stack[stack.length - 1] as DraftBracket).end <= b.start) stack.pop();
        stack.push(b);
      }
      while (stack.length > 0 && (stack[stack.length - 1] as DraftBracket).end <= s) stack.pop();
      start[n] = s;
      end[n] = e;
      hash[n] = wordHash(text, s, e);
      bracket[n] = stack.length > 0 ? (stack[stack.length - 1] as DraftBracket).id : -1;
      paragraph[n] = p;
      n++;
    });
    last[p] = n;
  }
  return { draft, start, end, hash, bracket, paragraph, first, last, count: n };
}

function grow(a: Int32Array, cap: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

/** FNV-1a over the word, case-folded (ASCII fast path; other letters lower-cased one by one). */
function wordHash(text: string, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    else if (c > 127) c = text[i]?.toLowerCase().charCodeAt(0) ?? c;
    if (c === 0x2019) c = 39;
    h ^= c;
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

export function lowerBoundWords(starts: Int32Array, count: number, x: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface WordStats {
  /** Words inside each bracket (counted through at most `limit` levels of nesting). */
  size: Int32Array;
  /** Of those, words with a counterpart on the other side. */
  aligned: Int32Array;
  /** First and last counterpart word index, or -1. */
  first: Int32Array;
  last: Int32Array;
}

/** Per-bracket word counts in one pass over the words of one side. */
export function bracketWordStats(w: Words, map: Int32Array, limit: number): WordStats {
  const brackets = w.draft.brackets;
  const stats: WordStats = {
    size: new Int32Array(brackets.length),
    aligned: new Int32Array(brackets.length),
    first: new Int32Array(brackets.length).fill(-1),
    last: new Int32Array(brackets.length).fill(-1),
  };
  for (let i = 0; i < w.count; i++) {
    const j = map[i] as number;
    for (
      let b = w.bracket[i] as number, k = 0;
      b >= 0 && k < limit;
      b = (brackets[b] as DraftBracket).parent, k++
    ) {
      stats.size[b] = (stats.size[b] as number) + 1;
      if (j < 0) continue;
      stats.aligned[b] = (stats.aligned[b] as number) + 1;
      if ((stats.first[b] as number) < 0 || j < (stats.first[b] as number)) stats.first[b] = j;
      if (j > (stats.last[b] as number)) stats.last[b] = j;
    }
  }
  return stats;
}

/** Fills `out` with a bracket and up to `limit - 1` of its ancestors, innermost first. */
export function chainOf(
  brackets: readonly DraftBracket[],
  innermost: number,
  limit: number,
  out: number[],
): void {
  out.length = 0;
  for (let b = innermost, k = 0; b >= 0 && k < limit; b = (brackets[b] as DraftBracket).parent, k++)
    out.push(b);
}
