import type { DraftParagraph, DraftSection, ParsedDraft, QualifierHit, VerbHit } from '../types.js';
import { cut } from './brackets.js';
import type { PhraseChange, VerbChange } from './types.js';
import { lowerBoundWords, type Words } from './words.js';

/** Qualifiers and strength verbs that appear, disappear or change between aligned paragraphs. */

interface PhraseDiff<T> {
  added: PhraseChange[];
  removed: PhraseChange[];
  addedHits: T[];
  removedHits: T[];
}

/** Occurrences that appear or disappear between aligned paragraphs (or with their paragraph). */
export function diffPhrases<T extends QualifierHit | VerbHit>(
  oldW: Words,
  newW: Words,
  paraMap: Int32Array,
  oldToNewWord: Int32Array,
  oldHits: readonly T[],
  newHits: readonly T[],
  phraseOf: (h: T) => string,
): PhraseDiff<T> & { added: PhraseChange[]; removed: PhraseChange[] } {
  const before = oldW.draft;
  const after = newW.draft;
  const newByStart = new Map<number, number>();
  newHits.forEach((h, k) => {
    newByStart.set(h.start, k);
  });
  const newKept = new Uint8Array(newHits.length);
  const oldKept = new Uint8Array(oldHits.length);
  // Same words in aligned text.
  oldHits.forEach((h, k) => {
    const i = lowerBoundWords(oldW.start, oldW.count, h.start);
    if (i >= oldW.count || (oldW.start[i] as number) !== h.start) return;
    const j = oldToNewWord[i] as number;
    if (j < 0) return;
    const nk = newByStart.get(newW.start[j] as number);
    if (nk === undefined || newKept[nk] || phraseOf(newHits[nk] as T) !== phraseOf(h)) return;
    newKept[nk] = 1;
    oldKept[k] = 1;
  });
  // Same phrase still in the aligned paragraph, moved within it.
  const pool = new Map<string, number[]>();
  newHits.forEach((h, k) => {
    if (newKept[k]) return;
    const key = `${h.paragraph}|${phraseOf(h)}`;
    const list = pool.get(key);
    if (list) list.push(k);
    else pool.set(key, [k]);
  });
  oldHits.forEach((h, k) => {
    if (oldKept[k]) return;
    const n = paraMap[h.paragraph] as number;
    if (n < 0) return;
    const list = pool.get(`${n}|${phraseOf(h)}`);
    if (!list || list.length === 0) return;
    newKept[list.shift() as number] = 1;
    oldKept[k] = 1;
  });
  const newToOldPara = new Int32Array(after.paragraphs.length).fill(-1);
  paraMap.forEach((n, o) => {
    if (n >= 0) newToOldPara[n] = o;
  });
  const paraText = (d: ParsedDraft, p: number) => {
    if (p < 0) return null;
    const para = d.paragraphs[p] as DraftParagraph;
    return cut(d.text.slice(para.start, para.end).replace(/\s+/g, ' '), 600);
  };
  const change = (
    d: ParsedDraft,
    h: T,
    otherPara: string | null,
    mine: string | null,
    isNew: boolean,
  ): PhraseChange => {
    const para = d.paragraphs[h.paragraph] as DraftParagraph;
    const from = Math.max(para.start, h.start - 60);
    const to = Math.min(para.end, h.end + 60);
    return {
      phrase: phraseOf(h),
      location: {
        section: (d.sections[h.section] as DraftSection).id,
        paragraph: para.id,
        line: h.line,
        column: h.column,
        start: h.start,
        end: h.end,
        text: `${from > para.start ? '\u2026' : ''}${d.text.slice(from, to).replace(/\s+/g, ' ')}${to < para.end ? '\u2026' : ''}`,
      },
      before: isNew ? otherPara : mine,
      after: isNew ? mine : otherPara,
    };
  };
  // The hits of one side left unmatched, with their paragraph and its counterpart on the other side.
  const unmatched = (
    d: ParsedDraft,
    other: ParsedDraft,
    hits: readonly T[],
    kept: Uint8Array,
    counterpart: Int32Array,
    isNew: boolean,
  ) => {
    const changes: PhraseChange[] = [];
    const left: T[] = [];
    hits.forEach((h, k) => {
      if (kept[k]) return;
      changes.push(
        change(d, h, paraText(other, counterpart[h.paragraph] as number), paraText(d, h.paragraph), isNew),
      );
      left.push(h);
    });
    return { changes, left };
  };
  const added = unmatched(after, before, newHits, newKept, newToOldPara, true);
  const removed = unmatched(before, after, oldHits, oldKept, paraMap, false);
  return { added: added.changes, removed: removed.changes, addedHits: added.left, removedHits: removed.left };
}

/** A verb removed and another of the same family added in the same aligned paragraph: a strength change. */
export function pairVerbChanges(
  diff: PhraseDiff<VerbHit>,
  paraMap: Int32Array,
): { added: PhraseChange[]; removed: PhraseChange[]; changed: VerbChange[] } {
  const usedAdded = new Uint8Array(diff.addedHits.length);
  const usedRemoved = new Uint8Array(diff.removedHits.length);
  const queues = new Map<string, number[]>();
  diff.addedHits.forEach((a, k) => {
    const key = `${a.paragraph}|${a.family}`;
    const list = queues.get(key);
    if (list) list.push(k);
    else queues.set(key, [k]);
  });
  const changed: VerbChange[] = [];
  diff.removedHits.forEach((r, ri) => {
    const n = paraMap[r.paragraph] as number;
    if (n < 0) return;
    const ai = queues.get(`${n}|${r.family}`)?.shift();
    if (ai === undefined) return;
    const a = diff.addedHits[ai] as VerbHit;
    usedAdded[ai] = 1;
    usedRemoved[ri] = 1;
    changed.push({
      kind: a.strength < r.strength ? 'weakened' : a.strength > r.strength ? 'strengthened' : 'replaced',
      family: r.family,
      from: r.verb,
      to: a.verb,
      before: (diff.removed[ri] as PhraseChange).location,
      after: (diff.added[ai] as PhraseChange).location,
    });
  });
  return {
    added: diff.added.filter((_, k) => !usedAdded[k]),
    removed: diff.removed.filter((_, k) => !usedRemoved[k]),
    changed,
  };
}
