import { alignSequences } from './align.js';
import {
  bracketChange,
  byPosition,
  content,
  countOwnChanges,
  cut,
  location,
  matchInPlace,
  zeroWordKept,
} from './diff/brackets.js';
import { alignParagraphs, counterpartPlace, insideBracket, place, placeAt } from './diff/paragraphs.js';
import { diffPhrases, pairVerbChanges } from './diff/phrases.js';
import { diffSections, side } from './diff/sections.js';
import {
  type BracketChange,
  type BracketChangeKind,
  DIFF_SCHEMA,
  type DiffLocation,
  type DiffOptions,
  type DiffPlace,
  type DraftDiff,
  type ParagraphChange,
} from './diff/types.js';
import { bracketWordStats, chainOf, collectWords, type WordStats, type Words } from './diff/words.js';
import { sectionShortLabel } from './labels.js';
import { draftStatus } from './status.js';
import type { DraftBracket, DraftParagraph, DraftSection, ParsedDraft } from './types.js';

export * from './diff/types.js';

/**
 * The diff of two versions of a draft. Paragraphs are aligned first (identical words,
 * then same section and number, then shared word pairs for moved or renumbered ones),
 * then the words of each aligned pair. Brackets are matched through the words they hold,
 * so every old bracket is accounted for exactly once: unchanged, changed, resolved with
 * its text kept (agreed), or resolved with its text deleted; every new bracket is either
 * the counterpart of old ones or added. `links` is that map, for chaining versions
 * ("bracket age").
 */

/**
 * Each word counts for its innermost bracket and at most CHAIN - 1 enclosing ones: exact for
 * real drafts (rarely nested deeper than 8), and linear rather than quadratic on hostile nesting.
 */
const CHAIN = 8;

/** Both sides, their words aligned, and the bracket matching built up phase by phase. */
interface Alignment {
  before: ParsedDraft;
  after: ParsedDraft;
  oldW: Words;
  newW: Words;
  /** New paragraph index for each old paragraph (-1 when unmatched). */
  paraMap: Int32Array;
  oldToNewWord: Int32Array;
  newToOldWord: Int32Array;
  oldStats: WordStats;
  newStats: WordStats;
  /** New bracket matched to each old bracket (-1 when none), and which new ones are taken. */
  oldMatch: Int32Array;
  newMatched: Uint8Array;
}

/** Compares two parsed versions of a draft. */
export function diffDrafts(before: ParsedDraft, after: ParsedDraft, options: DiffOptions = {}): DraftDiff {
  const al = alignWords(before, after);
  matchByOverlap(al);
  matchByContent(al);
  // Brackets rewritten in place ("[2020]" -> "[2025]"): same aligned words on both sides.
  matchInPlace(
    al.oldW,
    al.newW,
    al.paraMap,
    al.oldToNewWord,
    al.oldStats,
    al.newStats,
    al.oldMatch,
    al.newMatched,
  );
  const { changes, unchanged, links } = classifyOld(al);
  addNew(al, changes, links);
  labelPositions(al, changes);

  const byKind = (k: BracketChangeKind) => changes.filter((c) => c.kind === k).sort(byPosition);
  // Sections, states and phrases.
  const statusBefore = draftStatus(before, { packageDeal: options.packageDeal === true });
  const statusAfter = draftStatus(after, { packageDeal: options.packageDeal === true });
  const sections = diffSections(before, after, al.paraMap, statusBefore.sections, statusAfter.sections);
  const { oldW, newW, paraMap, oldToNewWord } = al;
  const qualifiers = diffPhrases(
    oldW,
    newW,
    paraMap,
    oldToNewWord,
    before.qualifiers,
    after.qualifiers,
    (h) => h.phrase,
  );
  const verbPhrases = diffPhrases(
    oldW,
    newW,
    paraMap,
    oldToNewWord,
    before.verbs,
    after.verbs,
    (h) => h.verb,
  );
  const verbs = pairVerbChanges(verbPhrases, paraMap);
  const paras = paragraphChanges(before, after, paraMap);
  const sectionLabels: Record<string, string> = {};
  for (const d of [before, after])
    for (const sec of d.sections) sectionLabels[sec.id] ??= sectionShortLabel(sec);

  const added = byKind('added');
  const resolvedKept = byKind('resolved-kept');
  const resolvedDeleted = byKind('resolved-deleted');
  const changed = byKind('changed');
  return {
    schema: DIFF_SCHEMA,
    before: side(statusBefore),
    after: side(statusAfter),
    summary: {
      added: added.length,
      resolvedKept: resolvedKept.length,
      resolvedDeleted: resolvedDeleted.length,
      changed: changed.length,
      unchanged: unchanged.length,
      sectionsChanged: sections.filter((s) => s.changed).length,
      paragraphs: paras.summary,
      qualifiersAdded: qualifiers.added.length,
      qualifiersRemoved: qualifiers.removed.length,
      verbsChanged: verbs.changed.length,
    },
    added,
    resolvedKept,
    resolvedDeleted,
    changed,
    unchanged,
    links: links.sort((x, y) => x.old - y.old),
    sections,
    qualifiers,
    verbs,
    paragraphs: { added: paras.added, removed: paras.removed },
    sectionLabels,
  };
}

/** Aligns paragraphs, then the words inside every aligned paragraph pair, and gathers per-bracket word statistics. */
function alignWords(before: ParsedDraft, after: ParsedDraft): Alignment {
  const oldW = collectWords(before);
  const newW = collectWords(after);
  const paraMap = alignParagraphs(oldW, newW);
  const oldToNewWord = new Int32Array(oldW.count).fill(-1);
  const newToOldWord = new Int32Array(newW.count).fill(-1);
  for (let o = 0; o < paraMap.length; o++) {
    const n = paraMap[o] as number;
    if (n < 0) continue;
    alignSequences(
      oldW.hash,
      oldW.first[o] as number,
      oldW.last[o] as number,
      newW.hash,
      newW.first[n] as number,
      newW.last[n] as number,
      (i, j) => {
        oldToNewWord[i] = j;
        newToOldWord[j] = i;
      },
    );
  }
  return {
    before,
    after,
    oldW,
    newW,
    paraMap,
    oldToNewWord,
    newToOldWord,
    // Per-bracket word statistics, gathered in linear passes over the words.
    oldStats: bracketWordStats(oldW, oldToNewWord, CHAIN),
    newStats: bracketWordStats(newW, newToOldWord, CHAIN),
    oldMatch: new Int32Array(before.brackets.length).fill(-1),
    newMatched: new Uint8Array(after.brackets.length),
  };
}

/** Matches (old bracket, new bracket) pairs by the aligned words they share, best overlap first. */
function matchByOverlap(al: Alignment): void {
  const { oldW, newW, oldToNewWord, oldStats, newStats, oldMatch, newMatched } = al;
  const ob = al.before.brackets;
  const nb = al.after.brackets;
  const stride = nb.length + 1;
  const overlap = new Map<number, number>();
  const oldChain: number[] = [];
  const newChain: number[] = [];
  for (let i = 0; i < oldW.count; i++) {
    const j = oldToNewWord[i] as number;
    if (j < 0) continue;
    if ((oldW.bracket[i] as number) < 0 || (newW.bracket[j] as number) < 0) continue;
    chainOf(ob, oldW.bracket[i] as number, CHAIN, oldChain);
    chainOf(nb, newW.bracket[j] as number, CHAIN, newChain);
    for (const x of oldChain) {
      for (const y of newChain) {
        const key = x * stride + y;
        overlap.set(key, (overlap.get(key) ?? 0) + 1);
      }
    }
  }
  const candidates: { a: number; b: number; score: number; shared: number }[] = [];
  for (const [key, shared] of overlap) {
    const a = Math.floor(key / stride);
    const b = key - a * stride;
    const score = shared / Math.max(1, (oldStats.size[a] as number) + (newStats.size[b] as number) - shared);
    if (score >= 0.3) candidates.push({ a, b, score, shared });
  }
  candidates.sort((x, y) => y.score - x.score || y.shared - x.shared || x.a - y.a || x.b - y.b);
  for (const c of candidates) {
    if (oldMatch[c.a] !== -1 || newMatched[c.b]) continue;
    oldMatch[c.a] = c.b;
    newMatched[c.b] = 1;
  }
}

/** Left-overs with identical content in aligned paragraphs (brackets without words: "[ , ]"). */
function matchByContent(al: Alignment): void {
  const { before, after, paraMap, oldMatch, newMatched } = al;
  const ob = before.brackets;
  const nb = after.brackets;
  const byContent = new Map<string, number[]>();
  for (let b = 0; b < nb.length; b++) {
    const bb = nb[b] as DraftBracket;
    // Short brackets only: comparing long contents would cost quadratic time on deep nesting.
    if (newMatched[b] || bb.end - bb.start > 2000) continue;
    const key = `${bb.paragraph}|${bb.kind}|${content(after, bb)}`;
    const list = byContent.get(key);
    if (list) list.push(b);
    else byContent.set(key, [b]);
  }
  for (let a = 0; a < ob.length && byContent.size > 0; a++) {
    if ((oldMatch[a] as number) >= 0) continue;
    const ba = ob[a] as DraftBracket;
    const n = paraMap[ba.paragraph] as number;
    if (n < 0 || ba.end - ba.start > 2000) continue;
    const b = byContent.get(`${n}|${ba.kind}|${content(before, ba)}`)?.shift();
    if (b === undefined) continue;
    oldMatch[a] = b;
    newMatched[b] = 1;
  }
}

/**
 * Where the words of unmatched old brackets went: into a new bracket of their own, or into
 * plain text. Words now directly in the counterpart of an enclosing bracket were agreed
 * within it: "[a [b] c]" -> "[a b c]" resolves [b] (kept); it does not merge [b] into its parent.
 */
function mergeTargets(al: Alignment): { inBrackets: Int32Array; mergeTarget: Int32Array } {
  const { oldW, newW, oldToNewWord, oldMatch } = al;
  const ob = al.before.brackets;
  const stride = al.after.brackets.length + 1;
  const inBrackets = new Int32Array(ob.length);
  const into = new Map<number, number>();
  const oldChain: number[] = [];
  for (let i = 0; i < oldW.count; i++) {
    const j = oldToNewWord[i] as number;
    if (j < 0 || (oldW.bracket[i] as number) < 0) continue;
    const nbk = newW.bracket[j] as number;
    if (nbk < 0) continue;
    chainOf(ob, oldW.bracket[i] as number, CHAIN, oldChain);
    for (let p = 0; p < oldChain.length; p++) {
      const x = oldChain[p] as number;
      if ((oldMatch[x] as number) >= 0) continue;
      let enclosed = false;
      for (let q = p + 1; q < oldChain.length && !enclosed; q++)
        enclosed = oldMatch[oldChain[q] as number] === nbk;
      if (enclosed) continue;
      inBrackets[x] = (inBrackets[x] as number) + 1;
      const key = x * stride + nbk;
      into.set(key, (into.get(key) ?? 0) + 1);
    }
  }
  const mergeTarget = new Int32Array(ob.length).fill(-1);
  const mergeCount = new Int32Array(ob.length);
  for (const [key, count] of into) {
    const x = Math.floor(key / stride);
    if (count > (mergeCount[x] as number)) {
      mergeCount[x] = count;
      mergeTarget[x] = key - x * stride;
    }
  }
  return { inBrackets, mergeTarget };
}

type Link = { old: number; new: number; changed: boolean };

/** Classifies every old bracket: unchanged, changed (or merged into a new one), resolved kept or deleted. */
function classifyOld(al: Alignment): {
  changes: BracketChange[];
  unchanged: { old: number; new: number }[];
  links: Link[];
} {
  const { before, after, oldW, newW, paraMap, oldStats, oldMatch } = al;
  const ob = before.brackets;
  const nb = after.brackets;
  const { inBrackets, mergeTarget } = mergeTargets(al);
  const changes: BracketChange[] = [];
  const unchanged: { old: number; new: number }[] = [];
  const links: Link[] = [];
  const ownChanges = countOwnChanges(oldW, newW, al.oldToNewWord, al.newToOldWord, oldMatch);
  for (let a = 0; a < ob.length; a++) {
    const ba = ob[a] as DraftBracket;
    const b = oldMatch[a] as number;
    if (b >= 0) {
      const bb = nb[b] as DraftBracket;
      // A bracketed paragraph number that was renumbered ("[13 bis.]" -> "[14 bis.]") is the same contested paragraph.
      const changed =
        ba.kind !== 'paragraph-number' &&
        ((ownChanges[a] as number) > 0 ||
          (ba.words === 0 && bb.words === 0 && content(before, ba) !== content(after, bb)));
      links.push({ old: a, new: b, changed });
      if (changed) changes.push(bracketChange('changed', before, after, ba, bb));
      else unchanged.push({ old: a, new: b });
      continue;
    }
    const total = oldStats.size[a] as number;
    const aligned = oldStats.aligned[a] as number;
    if (total === 0) {
      const kept = zeroWordKept(before, after, ba, paraMap);
      changes.push(bracketChange(kept ? 'resolved-kept' : 'resolved-deleted', before, after, ba, undefined));
      continue;
    }
    const target = mergeTarget[a] as number;
    if (aligned * 2 >= total && (inBrackets[a] as number) * 2 >= aligned && target >= 0) {
      links.push({ old: a, new: target, changed: true });
      changes.push(bracketChange('changed', before, after, ba, nb[target] as DraftBracket));
      continue;
    }
    if (aligned * 2 >= total) {
      const minJ = oldStats.first[a] as number;
      const maxJ = oldStats.last[a] as number;
      const span =
        maxJ >= 0
          ? location(
              after,
              newW.paragraph[minJ] as number,
              newW.start[minJ] as number,
              newW.end[maxJ] as number,
            )
          : null;
      changes.push({ ...bracketChange('resolved-kept', before, after, ba, undefined), after: span });
    } else {
      changes.push(bracketChange('resolved-deleted', before, after, ba, undefined));
    }
  }
  return { changes, unchanged, links };
}

/** New brackets that continue no old one; "reopened" when they bracket text that was plain. */
function addNew(al: Alignment, changes: BracketChange[], links: Link[]): void {
  const { before, after, oldW, newW, newToOldWord, newStats } = al;
  const nb = after.brackets;
  const targets = new Set<number>();
  for (const l of links) targets.add(l.new);
  const fromPlain = new Int32Array(nb.length);
  const plainFirst = new Int32Array(nb.length).fill(-1);
  const plainLast = new Int32Array(nb.length).fill(-1);
  const newChain: number[] = [];
  for (let j = 0; j < newW.count; j++) {
    const i = newToOldWord[j] as number;
    if (i < 0 || (oldW.bracket[i] as number) >= 0 || (newW.bracket[j] as number) < 0) continue;
    chainOf(nb, newW.bracket[j] as number, CHAIN, newChain);
    for (const y of newChain) {
      fromPlain[y] = (fromPlain[y] as number) + 1;
      if ((plainFirst[y] as number) < 0 || i < (plainFirst[y] as number)) plainFirst[y] = i;
      if (i > (plainLast[y] as number)) plainLast[y] = i;
    }
  }
  for (let b = 0; b < nb.length; b++) {
    if (targets.has(b)) continue;
    const bb = nb[b] as DraftBracket;
    const size = newStats.size[b] as number;
    const change = bracketChange('added', before, after, undefined, bb);
    if (size > 0 && (fromPlain[b] as number) * 2 >= size && (plainLast[b] as number) >= 0) {
      const minI = plainFirst[b] as number;
      const maxI = plainLast[b] as number;
      change.reopened = true;
      change.before = location(
        before,
        oldW.paragraph[minI] as number,
        oldW.start[minI] as number,
        oldW.end[maxI] as number,
      );
    }
    changes.push(change);
  }
}

/** Both positions of every item, labelled as people cite them. */
function labelPositions(al: Alignment, changes: BracketChange[]): void {
  const { before, after, paraMap } = al;
  const ob = before.brackets;
  const nb = after.brackets;
  const newToOldPara = new Int32Array(after.paragraphs.length).fill(-1);
  for (let o = 0; o < paraMap.length; o++)
    if ((paraMap[o] as number) >= 0) newToOldPara[paraMap[o] as number] = o;
  for (const c of changes) {
    const a = c.old === null ? undefined : (ob[c.old] as DraftBracket);
    const b = c.new === null ? undefined : (nb[c.new] as DraftBracket);
    c.was = sidePlace(before, a, c.before, b, newToOldPara);
    c.now = sidePlace(after, b, c.after, a, paraMap);
  }
}

/**
 * An item's place on one side: its own bracket there, else the text it covers there, else
 * where the other side's bracket's paragraph is aligned to (`toThisSide` maps paragraphs).
 */
function sidePlace(
  d: ParsedDraft,
  own: DraftBracket | undefined,
  covered: DiffLocation | null,
  other: DraftBracket | undefined,
  toThisSide: Int32Array,
): DiffPlace | null {
  if (own) return place(d, own.paragraph, own.line);
  if (covered) return placeAt(d, covered);
  return other ? counterpartPlace(d, toThisSide[other.paragraph] as number) : null;
}

/** Paragraph counts (matched, moved, added, removed) and the unbracketed paragraphs that came or went. */
function paragraphChanges(
  before: ParsedDraft,
  after: ParsedDraft,
  paraMap: Int32Array,
): { summary: DraftDiff['summary']['paragraphs']; added: ParagraphChange[]; removed: ParagraphChange[] } {
  let moved = 0;
  let matched = 0;
  const newUsed = new Uint8Array(after.paragraphs.length);
  for (let o = 0; o < paraMap.length; o++) {
    const n = paraMap[o] as number;
    if (n < 0) continue;
    matched++;
    newUsed[n] = 1;
    const op = before.paragraphs[o] as DraftParagraph;
    const np = after.paragraphs[n] as DraftParagraph;
    if ((before.sections[op.section] as DraftSection).id !== (after.sections[np.section] as DraftSection).id)
      moved++;
  }
  const countable = (p: DraftParagraph) => p.kind !== 'furniture';
  const removedParas = before.paragraphs.filter((p, o) => countable(p) && paraMap[o] === -1).length;
  const addedParas = after.paragraphs.filter((p, n) => countable(p) && !newUsed[n]).length;
  // Paragraphs with no bracket that came or went: agreed text that no bracket change reports.
  const plainParagraph = (d: ParsedDraft, p: DraftParagraph) =>
    p.kind === 'body' && p.words > 0 && p.bracketedWords === 0 && !p.contested && !insideBracket(d, p);
  const paragraphChange = (d: ParsedDraft, i: number, kind: 'added' | 'removed'): ParagraphChange => {
    const p = d.paragraphs[i] as DraftParagraph;
    return {
      kind,
      place: place(d, i, p.line),
      words: p.words,
      text: cut(d.text.slice(p.start, p.end).replace(/\s+/g, ' ').trim(), 600),
    };
  };
  const added: ParagraphChange[] = [];
  after.paragraphs.forEach((p, n) => {
    if (!newUsed[n] && plainParagraph(after, p)) added.push(paragraphChange(after, n, 'added'));
  });
  const removed: ParagraphChange[] = [];
  before.paragraphs.forEach((p, o) => {
    if (paraMap[o] === -1 && plainParagraph(before, p)) removed.push(paragraphChange(before, o, 'removed'));
  });
  return {
    summary: {
      matched,
      moved,
      added: addedParas,
      removed: removedParas,
      addedUnbracketed: added.length,
      removedUnbracketed: removed.length,
    },
    added,
    removed,
  };
}
