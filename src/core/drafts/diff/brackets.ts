import { LineIndex } from '../../diagnostics.js';
import type { DraftBracket, DraftParagraph, DraftSection, ParsedDraft } from '../types.js';
import { type BracketChange, type BracketChangeKind, DIFF_TEXT_LIMIT, type DiffLocation } from './types.js';
import { lowerBoundWords, type WordStats, type Words } from './words.js';

/** Matching brackets between two versions through the words they hold, and the items that report them. */

/**
 * Words of a matched bracket itself (not of nested brackets) that were added, deleted or
 * moved out: any such word means the bracket changed. A nested bracket's own resolution is
 * reported on the nested bracket, not again on its parent.
 */
export function countOwnChanges(
  oldW: Words,
  newW: Words,
  oldToNewWord: Int32Array,
  newToOldWord: Int32Array,
  oldMatch: Int32Array,
): Int32Array {
  const ob = oldW.draft.brackets;
  const nb = newW.draft.brackets;
  const newToOldBracket = new Int32Array(nb.length).fill(-1);
  for (let a = 0; a < ob.length; a++)
    if ((oldMatch[a] as number) >= 0) newToOldBracket[oldMatch[a] as number] = a;
  // Old words deleted or moved out, then new words added or moved in, both counted on the old bracket.
  const changes = strayWords(oldW, newW, oldToNewWord, oldMatch);
  const strayNew = strayWords(newW, oldW, newToOldWord, newToOldBracket);
  for (let b = 0; b < nb.length; b++) {
    const n = strayNew[b] as number;
    if (n > 0) {
      const a = newToOldBracket[b] as number;
      changes[a] = (changes[a] as number) + n;
    }
  }
  return changes;
}

/**
 * For each bracket of `from` matched in `to`: how many of its own words have no counterpart
 * word, or one outside the matched bracket.
 */
function strayWords(from: Words, to: Words, wordMap: Int32Array, bracketMatch: Int32Array): Int32Array {
  const targets = to.draft.brackets;
  const counts = new Int32Array(from.draft.brackets.length);
  for (let i = 0; i < from.count; i++) {
    const a = from.bracket[i] as number;
    if (a < 0) continue;
    const b = bracketMatch[a] as number;
    if (b < 0) continue;
    const j = wordMap[i] as number;
    const target = targets[b] as DraftBracket;
    if (j < 0 || (to.start[j] as number) < target.start || (to.start[j] as number) >= target.end)
      counts[a] = (counts[a] as number) + 1;
  }
  return counts;
}

/**
 * Pairs still-unmatched brackets of aligned paragraphs that sit between the same aligned
 * words on both sides: the same slot, new content ("[2020]" -> "[2025]").
 */
export function matchInPlace(
  oldW: Words,
  newW: Words,
  paraMap: Int32Array,
  oldToNewWord: Int32Array,
  oldStats: WordStats,
  newStats: WordStats,
  oldMatch: Int32Array,
  newMatched: Uint8Array,
): void {
  const ob = oldW.draft.brackets;
  const nb = newW.draft.brackets;
  // Unmatched new brackets per paragraph, in order of start (brackets are sorted by start).
  const newByParagraph = new Map<number, number[]>();
  for (let b = 0; b < nb.length; b++) {
    if (newMatched[b]) continue;
    const p = (nb[b] as DraftBracket).paragraph;
    const list = newByParagraph.get(p);
    if (list) list.push(b);
    else newByParagraph.set(p, [b]);
  }
  if (newByParagraph.size === 0) return;
  for (let a = 0; a < ob.length; a++) {
    if ((oldMatch[a] as number) >= 0) continue;
    const ba = ob[a] as DraftBracket;
    const n = paraMap[ba.paragraph] as number;
    if (n < 0) continue;
    const list = newByParagraph.get(n);
    if (!list) continue;
    // Only rewritten brackets: one whose words mostly survive was resolved, not replaced.
    const size = oldStats.size[a] as number;
    if (size > 0 && (oldStats.aligned[a] as number) * 2 >= size) continue;
    // The aligned words just before and just after the old bracket, within its paragraph.
    const pFirst = oldW.first[ba.paragraph] as number;
    const pLast = oldW.last[ba.paragraph] as number;
    let before = -1;
    for (
      let i = lowerBoundWords(oldW.start, oldW.count, ba.start) - 1, k = 0;
      i >= pFirst && k < 200;
      i--, k++
    ) {
      if ((oldToNewWord[i] as number) >= 0) {
        before = oldToNewWord[i] as number;
        break;
      }
    }
    let after = -1;
    for (let i = lowerBoundWords(oldW.start, oldW.count, ba.end), k = 0; i < pLast && k < 200; i++, k++) {
      if ((oldToNewWord[i] as number) >= 0) {
        after = oldToNewWord[i] as number;
        break;
      }
    }
    if (before < 0 && after < 0) continue;
    const lowBound = before >= 0 ? (newW.end[before] as number) : -1;
    const highBound = after >= 0 ? (newW.start[after] as number) : Number.POSITIVE_INFINITY;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((nb[list[mid] as number] as DraftBracket).start < lowBound) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo, steps = 0; k < list.length && steps < 50; k++, steps++) {
      const b = list[k] as number;
      const bb = nb[b] as DraftBracket;
      if (bb.start >= highBound) break;
      if (newMatched[b] || bb.end > highBound || bb.kind !== ba.kind) continue;
      const bSize = newStats.size[b] as number;
      if (bSize > 0 && (newStats.aligned[b] as number) * 2 >= bSize) continue;
      const parentOk =
        ba.parent < 0
          ? bb.parent < 0 || !newMatched[bb.parent]
          : oldMatch[ba.parent] === bb.parent || bb.parent < 0;
      if (!parentOk) continue;
      oldMatch[a] = b;
      newMatched[b] = 1;
      break;
    }
  }
}

export function zeroWordKept(
  before: ParsedDraft,
  after: ParsedDraft,
  b: DraftBracket,
  paraMap: Int32Array,
): boolean {
  const n = paraMap[b.paragraph] as number;
  if (n < 0) return false;
  const inner = content(before, b);
  if (inner.length === 0) return false;
  const para = after.paragraphs[n] as DraftParagraph;
  return after.text.slice(para.start, para.end).includes(inner);
}

/** Content of a bracket without its bracket tokens, whitespace collapsed. */
export function content(draft: ParsedDraft, b: DraftBracket): string {
  return draft.text
    .slice(b.start + b.openLength, b.end - b.closeLength)
    .replace(/\s+/g, ' ')
    .trim();
}

export function cut(s: string, limit = DIFF_TEXT_LIMIT): string {
  return s.length <= limit ? s : `${s.slice(0, limit - 1)}\u2026`;
}

/** Line index per draft, built once per diff (not per item). */
const lineIndexes = new WeakMap<ParsedDraft, LineIndex>();

function locate(draft: ParsedDraft, offset: number): { line: number; column: number } {
  let index = lineIndexes.get(draft);
  if (!index) {
    index = new LineIndex(draft.text);
    lineIndexes.set(draft, index);
  }
  return index.locate(offset);
}

export function location(draft: ParsedDraft, paragraph: number, start: number, end: number): DiffLocation {
  const para = draft.paragraphs[paragraph] as DraftParagraph;
  const at = locate(draft, start);
  return {
    section: (draft.sections[para.section] as DraftSection).id,
    paragraph: para.id,
    line: at.line,
    column: at.column,
    start,
    end,
    text: cut(draft.text.slice(start, end)),
  };
}

function bracketLocation(draft: ParsedDraft, b: DraftBracket): DiffLocation {
  const para = draft.paragraphs[b.paragraph] as DraftParagraph;
  return {
    section: (draft.sections[para.section] as DraftSection).id,
    paragraph: para.id,
    line: b.line,
    column: b.column,
    start: b.start,
    end: b.end,
    text: cut(draft.text.slice(b.start, b.end)),
  };
}

export function bracketChange(
  kind: BracketChangeKind,
  before: ParsedDraft,
  after: ParsedDraft,
  a: DraftBracket | undefined,
  b: DraftBracket | undefined,
): BracketChange {
  return {
    kind,
    old: a ? a.id : null,
    new: b ? b.id : null,
    before: a ? bracketLocation(before, a) : null,
    after: b ? bracketLocation(after, b) : null,
    holders: { before: a ? [...a.holders].sort() : [], after: b ? [...b.holders].sort() : [] },
    was: null,
    now: null,
  };
}

export function byPosition(x: BracketChange, y: BracketChange): number {
  const ax = x.after?.start ?? x.before?.start ?? 0;
  const ay = y.after?.start ?? y.before?.start ?? 0;
  const bx = x.before?.start ?? 0;
  const by = y.before?.start ?? 0;
  return ax - ay || bx - by;
}
