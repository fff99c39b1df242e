import type { AlternativeColumns } from './alternative-table.js';
import type { BracketTable } from './bracket-table.js';
import { lowerBoundIn } from './lists.js';
import type { ParsedDraft } from './types.js';

/**
 * The per-paragraph tallies status.ts builds its paragraph and section reports from: one
 * pass over the brackets (counts, depth), one over the choices, one over the few brackets
 * with holders.
 */

/**
 * Per paragraph: brackets opened in it (counts, depth), alternatives starting in it, as
 * typed arrays; the holders of its brackets (each once, unsorted) for the few paragraphs
 * that have some; the brackets with holders, in order, and their lists.
 */
export interface Tallies {
  total: Int32Array;
  topLevel: Int32Array;
  maxDepth: Int32Array;
  unclosed: Int32Array;
  alternatives: Int32Array;
  /** The bracket counts of the whole document. */
  document: { total: number; topLevel: number; maxDepth: number; unclosed: number };
  /**
   * By paragraph: 0, or 1 + the index in `holderLists` of the holders of its brackets (most
   * paragraphs have none: a column, not a sparse array, which V8 may keep as a dictionary).
   */
  holderSlot: Int32Array;
  /**
   * A paragraph with one bracket with holders (most of those with any) gets that bracket's
   * own list, not a copy (`borrowed` 1): the reader copies it before changing it.
   */
  holderLists: string[][];
  borrowed: Uint8Array;
  withHolders: Int32Array;
  /** The holders of the brackets of `withHolders`, in its order. */
  withLists: string[][];
  /** The holders of all brackets (those of paragraphs are added by `draftStatus`). */
  documentHolders: Set<string>;
}

export function paragraphTallies(
  draft: ParsedDraft,
  brackets: BracketTable,
  choices: AlternativeColumns,
): Tallies {
  const n = draft.paragraphs.length;
  const total = new Int32Array(n);
  const topLevel = new Int32Array(n);
  const maxDepth = new Int32Array(n);
  const unclosed = new Int32Array(n);
  const alternatives = new Int32Array(n);
  const { paragraph, parent, depth, closed } = brackets;
  // The document's counts in the same pass (as status.ts `documentCounts` gives them).
  let docTop = 0;
  let docDeepest = 0;
  let docOpen = 0;
  for (let k = 0; k < brackets.count; k++) {
    const up = parent[k] as number;
    const d = depth[k] as number;
    const open = closed[k] === 0;
    if (d > docDeepest) docDeepest = d;
    if (up < 0) docTop++;
    if (open) docOpen++;
    const p = paragraph[k] as number;
    if (!(p >= 0 && p < n)) continue;
    total[p] = (total[p] as number) + 1;
    if (up < 0 || paragraph[up] !== p) topLevel[p] = (topLevel[p] as number) + 1;
    if (d > (maxDepth[p] as number)) maxDepth[p] = d;
    if (open) unclosed[p] = (unclosed[p] as number) + 1;
  }
  const document = { total: brackets.count, topLevel: docTop, maxDepth: docDeepest, unclosed: docOpen };
  for (let g = 0; g < choices.count; g++) {
    const p = choices.paragraph[g] as number;
    if (p >= 0 && p < n) alternatives[p] = (alternatives[p] as number) + 1;
  }
  return { total, topLevel, maxDepth, unclosed, alternatives, document, ...holderTallies(brackets, n) };
}

/** The holder columns of `Tallies`, from the brackets' holder lists. */
function holderTallies(
  brackets: BracketTable,
  n: number,
): Pick<
  Tallies,
  'holderSlot' | 'holderLists' | 'borrowed' | 'withHolders' | 'withLists' | 'documentHolders'
> {
  const { paragraph } = brackets;
  const holderSlot = new Int32Array(n);
  const holderLists: string[][] = [];
  const borrowed = new Uint8Array(brackets.holders.size);
  const documentHolders = new Set<string>();
  const withHolders = new Int32Array(brackets.holders.size);
  const withLists: string[][] = new Array(brackets.holders.size);
  let w = 0;
  // forEach, not for-of over entries: no [key, value] array per bracket with holders.
  brackets.holders.forEach((own, k) => {
    withLists[w] = own;
    withHolders[w++] = k;
    for (let i = 0; i < own.length; i++) documentHolders.add(own[i] as string);
    const p = paragraph[k] as number;
    if (!(p >= 0 && p < n) || own.length === 0) return;
    const slot = holderSlot[p] as number;
    if (slot === 0) {
      holderLists.push(own);
      borrowed[holderLists.length - 1] = 1;
      holderSlot[p] = holderLists.length;
    } else if (borrowed[slot - 1] === 1) {
      const fresh: string[] = [];
      addAll(fresh, holderLists[slot - 1] as string[]);
      addAll(fresh, own);
      holderLists[slot - 1] = fresh;
      borrowed[slot - 1] = 0;
    } else addAll(holderLists[slot - 1] as string[], own);
  });
  // Kept in order of index unless a bracket got holders after the parse made the table.
  let inOrder = true;
  for (let i = 1; i < w && inOrder; i++)
    inOrder = (withHolders[i - 1] as number) < (withHolders[i] as number);
  if (!inOrder) {
    withHolders.sort();
    for (let i = 0; i < w; i++) withLists[i] = brackets.holdersOf(withHolders[i] as number);
  }
  return { holderSlot, holderLists, borrowed, withHolders, withLists, documentHolders };
}

/** Adds the items of `from` missing from `to` (short lists: a Set would cost more). */
export function addAll(to: string[], from: readonly string[]): void {
  for (const h of from) if (!to.includes(h)) to.push(h);
}

/**
 * `lowerBound` of the first `n` values of the sorted `arr` (the first index whose value is
 * >= x, or `n`), searched from `hint`: forward in growing steps when the answer is at or
 * after it (the next section's look-up, just after the last one's), else by bisection before
 * it. Sections are read in order: each search stays near the last one instead of probing the
 * whole column.
 */
export function lowerBoundNear(arr: Int32Array, n: number, x: number, hint: number): number {
  const from = hint < 0 ? 0 : Math.min(hint, n);
  let lo: number;
  let hi: number;
  if (from === 0 || (arr[from - 1] as number) < x) {
    lo = from;
    hi = from;
    let step = 1;
    while (hi < n && (arr[hi] as number) < x) {
      lo = hi + 1;
      hi = from + step;
      step *= 2;
    }
    if (hi > n) hi = n;
  } else {
    lo = 0;
    hi = from - 1;
  }
  return lowerBoundIn(arr, x, lo, hi);
}
