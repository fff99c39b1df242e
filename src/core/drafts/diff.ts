import { LineIndex } from '../diagnostics.js';
import { alignSequences } from './align.js';
import { placeLabel, sectionShortLabel } from './labels.js';
import { draftStatus } from './status.js';
import type {
  DraftBracket,
  DraftParagraph,
  DraftSection,
  ParsedDraft,
  QualifierHit,
  ReportedState,
  VerbFamily,
  VerbHit,
} from './types.js';
import { forEachWord, RangeCursor } from './words.js';

/**
 * The diff of two versions of a draft. Paragraphs are aligned first (identical words,
 * then same section and number, then shared word pairs for moved or renumbered ones),
 * then the words of each aligned pair. Brackets are matched through the words they hold,
 * so every old bracket is accounted for exactly once: unchanged, changed, resolved with
 * its text kept (agreed), or resolved with its text deleted; every new bracket is either
 * the counterpart of old ones or added. `links` is that map, for chaining versions
 * ("bracket age").
 */

export const DIFF_SCHEMA = 'rapporteur/draft-diff@1';

/** Texts longer than this are cut in diff items (offsets give the full range). */
export const DIFF_TEXT_LIMIT = 2000;

/** Where a diff item is, on one side: section and paragraph ids, position, and the text. */
export interface DiffLocation {
  section: string;
  paragraph: string;
  line: number;
  column: number;
  start: number;
  end: number;
  text: string;
}

/**
 * A position as people cite it, on one side of a diff: section and paragraph as numbered in
 * the text, and the line ("C9 ¶12 line 40", "Article 4 ¶2 line 118").
 */
export interface DiffPlace {
  /** Section id (stable, for tools); `label` is what people read. */
  section: string;
  paragraph: string;
  line: number;
  /** "C9 ¶12 line 40". */
  label: string;
}

/** What happened to a bracket between two versions (unchanged ones are listed apart). */
export type BracketChangeKind = 'added' | 'resolved-kept' | 'resolved-deleted' | 'changed';

/** One bracket added, resolved (text kept or deleted) or changed, with both sides. */
export interface BracketChange {
  kind: BracketChangeKind;
  /** Bracket id in the old version, or null for added brackets. */
  old: number | null;
  /** Bracket id in the new version, or null for resolved brackets. */
  new: number | null;
  /** Old bracket (with its brackets), or for a reopened addition the old unbracketed text. */
  before: DiffLocation | null;
  /** New bracket, or for resolved-kept the agreed text as it now reads; null when deleted. */
  after: DiffLocation | null;
  holders: { before: string[]; after: string[] };
  /** Added around text that was not bracketed before: previously agreed text reopened. */
  reopened?: boolean;
  /**
   * Where the item is in the old version (the bracket, or for an added one the place of its
   * paragraph there), or null when its paragraph is new.
   */
  was: DiffPlace | null;
  /**
   * Where it is in the new version (the bracket, the agreed text, or for a deleted bracket the
   * place its paragraph went), or null when its paragraph is gone.
   */
  now: DiffPlace | null;
}

/** A paragraph outside any bracket that appeared or disappeared: agreed text no bracket change shows. */
export interface ParagraphChange {
  kind: 'added' | 'removed';
  /** Its place in the version it is in (new for added, old for removed). */
  place: DiffPlace;
  /** Counted words. */
  words: number;
  /** The paragraph (cut to 600 characters). */
  text: string;
}

/** A section's state before and after; `changed` when it differs or the section is new or gone. */
export interface SectionChange {
  id: string;
  title: string;
  /** Ids on each side (null when the section is new or gone). */
  oldId: string | null;
  newId: string | null;
  before: ReportedState | null;
  after: ReportedState | null;
  changed: boolean;
  brackets: { before: number; after: number };
}

/** A qualifier or strength verb that appeared or disappeared. */
export interface PhraseChange {
  /** Qualifier phrase or verb. */
  phrase: string;
  /** Where it is (new version for additions, old for removals), text = a short context. */
  location: DiffLocation;
  /** The paragraph before and after (cut to 600 characters); null when the paragraph is new or gone. */
  before: string | null;
  after: string | null;
}

/** A strength verb replaced by another of its family in the same paragraph ("shall" -> "should"). */
export interface VerbChange {
  kind: 'weakened' | 'strengthened' | 'replaced';
  family: VerbFamily;
  from: string;
  to: string;
  before: DiffLocation;
  after: DiffLocation;
}

/** Totals of one side of a diff. */
export interface DiffSideSummary {
  name?: string;
  brackets: number;
  words: { total: number; bracketed: number };
  agreedPercent: number;
  state: ReportedState;
}

/** The diff of two versions: the `--json` shape of `rapporteur draft diff` (README, "Drafts"). */
export interface DraftDiff {
  schema: typeof DIFF_SCHEMA;
  before: DiffSideSummary;
  after: DiffSideSummary;
  summary: {
    added: number;
    resolvedKept: number;
    resolvedDeleted: number;
    changed: number;
    unchanged: number;
    sectionsChanged: number;
    paragraphs: {
      matched: number;
      moved: number;
      added: number;
      removed: number;
      /** Of those added and removed, the paragraphs with no bracket in them (listed in `paragraphs`). */
      addedUnbracketed: number;
      removedUnbracketed: number;
    };
    qualifiersAdded: number;
    qualifiersRemoved: number;
    verbsChanged: number;
  };
  added: BracketChange[];
  resolvedKept: BracketChange[];
  resolvedDeleted: BracketChange[];
  changed: BracketChange[];
  unchanged: { old: number; new: number }[];
  /** Every old bracket that continues in the new version (unchanged or changed), many-to-one allowed. */
  links: { old: number; new: number; changed: boolean }[];
  sections: SectionChange[];
  qualifiers: { added: PhraseChange[]; removed: PhraseChange[] };
  verbs: { added: PhraseChange[]; removed: PhraseChange[]; changed: VerbChange[] };
  /** Paragraphs with no bracket that were added or removed, in document order of their side. */
  paragraphs: { added: ParagraphChange[]; removed: ParagraphChange[] };
  /** Section labels as people read them ("Article 4", "C9"), by section id, for both sides. */
  sectionLabels: Record<string, string>;
}

// ---------------------------------------------------------------------------------------
// Words of a draft, with hashes and their innermost bracket

interface Words {
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

function collectWords(draft: ParsedDraft): Words {
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

// ---------------------------------------------------------------------------------------
// Paragraph alignment

/**
 * Identity of a paragraph for exact anchoring: its word sequence; for a paragraph without
 * words ("[...]", "[ , ]") its text with whitespace collapsed.
 */
function paragraphKey(words: Words, p: number): number {
  let h = 0x9e3779b1 | 0;
  const f = words.first[p] as number;
  const l = words.last[p] as number;
  if (l === f) {
    const para = words.draft.paragraphs[p] as DraftParagraph;
    const text = words.draft.text
      .slice(para.start, Math.min(para.end, para.start + 2000))
      .replace(/\s+/g, ' ');
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return (h ^ 0x5f3759df) | 0;
  }
  for (let k = f; k < l; k++) {
    h = Math.imul(h ^ (words.hash[k] as number), 0x85ebca6b);
    h ^= h >>> 13;
  }
  return h | 0;
}

/**
 * A paragraph's words and word pairs, hashed into one set: pairs keep order in view, single
 * words keep short paragraphs comparable ("[shall][should] cooperate" vs "should cooperate").
 */
function shingles(words: Words, p: number): Set<number> {
  const set = new Set<number>();
  const f = words.first[p] as number;
  const l = words.last[p] as number;
  for (let k = f; k < l; k++) {
    set.add(words.hash[k] as number);
    if (k + 1 < l)
      set.add((Math.imul(words.hash[k] as number, 0x5bd1e995) ^ (words.hash[k + 1] as number)) | 1);
  }
  return set;
}

function jaccard(a: Set<number>, b: Set<number>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

function comparable(a: DraftParagraph, b: DraftParagraph): boolean {
  if (a.kind === 'furniture' || b.kind === 'furniture') return false;
  return (a.kind === 'heading') === (b.kind === 'heading');
}

/** New paragraph index for each old paragraph (-1 when unmatched). */
function alignParagraphs(oldW: Words, newW: Words): Int32Array {
  const oldP = oldW.draft.paragraphs;
  const newP = newW.draft.paragraphs;
  const oldToNew = new Int32Array(oldP.length).fill(-1);
  const newToOld = new Int32Array(newP.length).fill(-1);
  const sectionId = (d: ParsedDraft, p: DraftParagraph) => (d.sections[p.section] as DraftSection).id;
  const pair = (o: number, n: number) => {
    oldToNew[o] = n;
    newToOld[n] = o;
  };

  // 1. Identical word sequences.
  const byKey = new Map<number, number[]>();
  for (let o = 0; o < oldP.length; o++) {
    const para = oldP[o] as DraftParagraph;
    if (para.kind === 'furniture') continue;
    const key = paragraphKey(oldW, o);
    const list = byKey.get(key);
    if (list) list.push(o);
    else byKey.set(key, [o]);
  }
  for (let n = 0; n < newP.length; n++) {
    const para = newP[n] as DraftParagraph;
    if (para.kind === 'furniture') continue;
    const list = byKey.get(paragraphKey(newW, n));
    if (!list || list.length === 0) continue;
    const sid = sectionId(newW.draft, para);
    let pick = list.findIndex(
      (o) =>
        comparable(oldP[o] as DraftParagraph, para) &&
        sectionId(oldW.draft, oldP[o] as DraftParagraph) === sid,
    );
    if (pick < 0) pick = list.findIndex((o) => comparable(oldP[o] as DraftParagraph, para));
    if (pick < 0) continue;
    pair(list[pick] as number, n);
    list.splice(pick, 1);
  }

  // 2. Same section and number, if the text is still recognisably the same.
  const byNumber = new Map<string, number>();
  for (let o = 0; o < oldP.length; o++) {
    const para = oldP[o] as DraftParagraph;
    if (oldToNew[o] !== -1 || para.kind === 'furniture') continue;
    const label = para.kind === 'heading' ? 'heading' : para.number;
    if (label !== undefined) byNumber.set(`${sectionId(oldW.draft, para)}|${label}`, o);
  }
  const shingleCache = new Map<string, Set<number>>();
  const sh = (w: Words, side: string, p: number) => {
    const key = `${side}${p}`;
    let s = shingleCache.get(key);
    if (!s) {
      s = shingles(w, p);
      shingleCache.set(key, s);
    }
    return s;
  };
  for (let n = 0; n < newP.length; n++) {
    const para = newP[n] as DraftParagraph;
    if (newToOld[n] !== -1 || para.kind === 'furniture') continue;
    const label = para.kind === 'heading' ? 'heading' : para.number;
    if (label === undefined) continue;
    const o = byNumber.get(`${sectionId(newW.draft, para)}|${label}`);
    if (o === undefined || oldToNew[o] !== -1) continue;
    if (para.kind === 'heading' || jaccard(sh(oldW, 'o', o), sh(newW, 'n', n)) >= 0.3) pair(o, n);
  }

  // 3. Shared word pairs, through an inverted index (common pairs skipped).
  const index = new Map<number, number[]>();
  for (let o = 0; o < oldP.length; o++) {
    if (oldToNew[o] !== -1 || (oldP[o] as DraftParagraph).kind === 'furniture') continue;
    for (const s of sh(oldW, 'o', o)) {
      const list = index.get(s);
      if (list) {
        if (list.length <= 64) list.push(o);
      } else index.set(s, [o]);
    }
  }
  if (index.size > 0) {
    for (let n = 0; n < newP.length; n++) {
      const para = newP[n] as DraftParagraph;
      if (newToOld[n] !== -1 || para.kind === 'furniture') continue;
      const mine = sh(newW, 'n', n);
      const shared = new Map<number, number>();
      for (const s of mine) {
        const list = index.get(s);
        if (!list || list.length > 64) continue;
        for (const o of list) if (oldToNew[o] === -1) shared.set(o, (shared.get(o) ?? 0) + 1);
      }
      let best = -1;
      let bestScore = 0;
      for (const [o, count] of shared) {
        const other = oldP[o] as DraftParagraph;
        if (!comparable(other, para)) continue;
        let score = count / (mine.size + sh(oldW, 'o', o).size - count);
        if (sectionId(oldW.draft, other) === sectionId(newW.draft, para)) score += 0.05;
        if (score > bestScore) {
          bestScore = score;
          best = o;
        }
      }
      if (best >= 0 && bestScore >= 0.45) pair(best, n);
    }
  }
  return oldToNew;
}

// ---------------------------------------------------------------------------------------
// The diff

/** Options of `diffDrafts`. */
export interface DiffOptions {
  /** Apply the package-deal flag to the section states reported. */
  packageDeal?: boolean;
}

/** Compares two parsed versions of a draft. */
export function diffDrafts(before: ParsedDraft, after: ParsedDraft, options: DiffOptions = {}): DraftDiff {
  const oldW = collectWords(before);
  const newW = collectWords(after);
  const paraMap = alignParagraphs(oldW, newW);

  // Word alignment inside every aligned paragraph pair.
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

  const ob = before.brackets;
  const nb = after.brackets;
  const oldMatch = new Int32Array(ob.length).fill(-1);
  const newMatched = new Uint8Array(nb.length);

  // Per-bracket word statistics, gathered in linear passes over the words. Each word counts
  // for its innermost bracket and at most CHAIN - 1 enclosing ones: exact for real drafts
  // (rarely nested deeper than 8), and linear rather than quadratic on hostile nesting.
  const CHAIN = 8;
  const oldStats = bracketWordStats(oldW, oldToNewWord, CHAIN);
  const newStats = bracketWordStats(newW, newToOldWord, CHAIN);

  // Overlap of (old bracket, new bracket) pairs through aligned words.
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

  // Left-overs with identical content in aligned paragraphs (brackets without words: "[ , ]").
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

  // Brackets rewritten in place ("[2020]" -> "[2025]"): same aligned words on both sides.
  matchInPlace(oldW, newW, paraMap, oldToNewWord, oldStats, newStats, oldMatch, newMatched);

  // Where the words of unmatched old brackets went: into a new bracket of their own, or into
  // plain text. Words now directly in the counterpart of an enclosing bracket were agreed
  // within it: "[a [b] c]" -> "[a b c]" resolves [b] (kept); it does not merge [b] into its parent.
  const inBrackets = new Int32Array(ob.length);
  const into = new Map<number, number>();
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

  // Classify every old bracket.
  const changes: BracketChange[] = [];
  const unchanged: { old: number; new: number }[] = [];
  const links: { old: number; new: number; changed: boolean }[] = [];
  const ownChanges = countOwnChanges(oldW, newW, oldToNewWord, newToOldWord, oldMatch);
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

  // New brackets that continue no old one; "reopened" when they bracket text that was plain.
  const targets = new Set<number>();
  for (const l of links) targets.add(l.new);
  const fromPlain = new Int32Array(nb.length);
  const plainFirst = new Int32Array(nb.length).fill(-1);
  const plainLast = new Int32Array(nb.length).fill(-1);
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

  // Both positions of every item, labelled.
  const newToOldPara = new Int32Array(after.paragraphs.length).fill(-1);
  for (let o = 0; o < paraMap.length; o++)
    if ((paraMap[o] as number) >= 0) newToOldPara[paraMap[o] as number] = o;
  for (const c of changes) {
    const a = c.old === null ? undefined : (ob[c.old] as DraftBracket);
    const b = c.new === null ? undefined : (nb[c.new] as DraftBracket);
    c.was = a
      ? place(before, a.paragraph, a.line)
      : c.before
        ? placeAt(before, c.before)
        : b
          ? counterpartPlace(before, newToOldPara[b.paragraph] as number)
          : null;
    c.now = b
      ? place(after, b.paragraph, b.line)
      : c.after
        ? placeAt(after, c.after)
        : a
          ? counterpartPlace(after, paraMap[a.paragraph] as number)
          : null;
  }

  const byKind = (k: BracketChangeKind) => changes.filter((c) => c.kind === k).sort(byPosition);

  // Sections, states and phrases.
  const statusBefore = draftStatus(before, { packageDeal: options.packageDeal === true });
  const statusAfter = draftStatus(after, { packageDeal: options.packageDeal === true });
  const sections = diffSections(before, after, paraMap, statusBefore.sections, statusAfter.sections);
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
  const paragraphsAdded: ParagraphChange[] = [];
  after.paragraphs.forEach((p, n) => {
    if (!newUsed[n] && plainParagraph(after, p)) paragraphsAdded.push(paragraphChange(after, n, 'added'));
  });
  const paragraphsRemoved: ParagraphChange[] = [];
  before.paragraphs.forEach((p, o) => {
    if (paraMap[o] === -1 && plainParagraph(before, p))
      paragraphsRemoved.push(paragraphChange(before, o, 'removed'));
  });
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
      paragraphs: {
        matched,
        moved,
        added: addedParas,
        removed: removedParas,
        addedUnbracketed: paragraphsAdded.length,
        removedUnbracketed: paragraphsRemoved.length,
      },
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
    paragraphs: { added: paragraphsAdded, removed: paragraphsRemoved },
    sectionLabels,
  };
}

/** A paragraph of one side, at a line, as people cite it. */
function place(d: ParsedDraft, paragraph: number, line: number): DiffPlace {
  const p = d.paragraphs[paragraph] as DraftParagraph;
  const sec = d.sections[p.section] as DraftSection;
  return { section: sec.id, paragraph: p.id, line, label: placeLabel(sec, p, line) };
}

function placeAt(d: ParsedDraft, loc: DiffLocation): DiffPlace {
  const i = paragraphIndex(d, loc.start);
  return i < 0
    ? { section: loc.section, paragraph: loc.paragraph, line: loc.line, label: `line ${loc.line}` }
    : place(d, i, loc.line);
}

/** The place of a paragraph's counterpart on the other side, or null when it has none. */
function counterpartPlace(d: ParsedDraft, paragraph: number): DiffPlace | null {
  if (paragraph < 0) return null;
  return place(d, paragraph, (d.paragraphs[paragraph] as DraftParagraph).line);
}

/** Index of the paragraph holding an offset (-1 when none). */
function paragraphIndex(d: ParsedDraft, offset: number): number {
  const ps = d.paragraphs;
  let lo = 0;
  let hi = ps.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((ps[mid] as DraftParagraph).start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Whether a paragraph lies inside a bracket that opened before it (a multi-paragraph bracket). */
function insideBracket(d: ParsedDraft, p: DraftParagraph): boolean {
  // Brackets are sorted by start; the candidates are those that open before the paragraph.
  const bs = d.brackets;
  let lo = 0;
  let hi = bs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((bs[mid] as DraftBracket).start < p.start) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo - 1, steps = 0; k >= 0 && steps < 64; k--, steps++) {
    const b = bs[k] as DraftBracket;
    if (b.end > p.start) return true;
    if (b.depth === 1 && b.end <= p.start) break;
  }
  return false;
}

function side(status: ReturnType<typeof draftStatus>): DiffSideSummary {
  return {
    ...(status.name === undefined ? {} : { name: status.name }),
    brackets: status.brackets.total,
    words: status.words,
    agreedPercent: status.agreedPercent,
    state: status.state,
  };
}

function byPosition(x: BracketChange, y: BracketChange): number {
  const ax = x.after?.start ?? x.before?.start ?? 0;
  const ay = y.after?.start ?? y.before?.start ?? 0;
  const bx = x.before?.start ?? 0;
  const by = y.before?.start ?? 0;
  return ax - ay || bx - by;
}

function lowerBoundWords(starts: Int32Array, count: number, x: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Words of a matched bracket itself (not of nested brackets) that were added, deleted or
 * moved out: any such word means the bracket changed. A nested bracket's own resolution is
 * reported on the nested bracket, not again on its parent.
 */
function countOwnChanges(
  oldW: Words,
  newW: Words,
  oldToNewWord: Int32Array,
  newToOldWord: Int32Array,
  oldMatch: Int32Array,
): Int32Array {
  const ob = oldW.draft.brackets;
  const nb = newW.draft.brackets;
  const changes = new Int32Array(ob.length);
  const newToOldBracket = new Int32Array(nb.length).fill(-1);
  for (let a = 0; a < ob.length; a++)
    if ((oldMatch[a] as number) >= 0) newToOldBracket[oldMatch[a] as number] = a;
  for (let i = 0; i < oldW.count; i++) {
    const a = oldW.bracket[i] as number;
    if (a < 0) continue;
    const b = oldMatch[a] as number;
    if (b < 0) continue;
    const j = oldToNewWord[i] as number;
    const target = nb[b] as DraftBracket;
    if (j < 0 || (newW.start[j] as number) < target.start || (newW.start[j] as number) >= target.end)
      changes[a] = (changes[a] as number) + 1;
  }
  for (let j = 0; j < newW.count; j++) {
    const b = newW.bracket[j] as number;
    if (b < 0) continue;
    const a = newToOldBracket[b] as number;
    if (a < 0) continue;
    const i = newToOldWord[j] as number;
    const source = ob[a] as DraftBracket;
    if (i < 0 || (oldW.start[i] as number) < source.start || (oldW.start[i] as number) >= source.end)
      changes[a] = (changes[a] as number) + 1;
  }
  return changes;
}

/**
 * Pairs still-unmatched brackets of aligned paragraphs that sit between the same aligned
 * words on both sides: the same slot, new content ("[2020]" -> "[2025]").
 */
function matchInPlace(
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

/** Fills `out` with a bracket and up to `limit - 1` of its ancestors, innermost first. */
function chainOf(brackets: readonly DraftBracket[], innermost: number, limit: number, out: number[]): void {
  out.length = 0;
  for (let b = innermost, k = 0; b >= 0 && k < limit; b = (brackets[b] as DraftBracket).parent, k++)
    out.push(b);
}

interface WordStats {
  /** Words inside each bracket (counted through at most `limit` levels of nesting). */
  size: Int32Array;
  /** Of those, words with a counterpart on the other side. */
  aligned: Int32Array;
  /** First and last counterpart word index, or -1. */
  first: Int32Array;
  last: Int32Array;
}

/** Per-bracket word counts in one pass over the words of one side. */
function bracketWordStats(w: Words, map: Int32Array, limit: number): WordStats {
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

function zeroWordKept(
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
function content(draft: ParsedDraft, b: DraftBracket): string {
  return draft.text
    .slice(b.start + b.openLength, b.end - b.closeLength)
    .replace(/\s+/g, ' ')
    .trim();
}

function cut(s: string, limit = DIFF_TEXT_LIMIT): string {
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

function location(draft: ParsedDraft, paragraph: number, start: number, end: number): DiffLocation {
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

function bracketChange(
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

// ---------------------------------------------------------------------------------------
// Sections

function diffSections(
  before: ParsedDraft,
  after: ParsedDraft,
  paraMap: Int32Array,
  statusBefore: { state: ReportedState; brackets: { total: number } }[],
  statusAfter: { state: ReportedState; brackets: { total: number } }[],
): SectionChange[] {
  const os = before.sections;
  const ns = after.sections;
  const oldToNew = new Int32Array(os.length).fill(-1);
  const newToOld = new Int32Array(ns.length).fill(-1);
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const tryPair = (key: (s: DraftSection) => string | undefined) => {
    const map = new Map<string, number>();
    os.forEach((s, i) => {
      const k = key(s);
      if (oldToNew[i] === -1 && k) map.set(k, map.has(k) ? -1 : i);
    });
    ns.forEach((s, j) => {
      if (newToOld[j] !== -1) return;
      const k = key(s);
      const i = k ? map.get(k) : undefined;
      if (i === undefined || i < 0 || oldToNew[i] !== -1) return;
      oldToNew[i] = j;
      newToOld[j] = i;
    });
  };
  tryPair((s) => s.id);
  tryPair((s) => (s.title ? `${s.kind}|${norm(s.title)}` : undefined));
  // Renamed and renumbered sections: where most of their paragraphs went.
  const votes = new Map<number, Map<number, number>>();
  for (let o = 0; o < paraMap.length; o++) {
    const n = paraMap[o] as number;
    if (n < 0) continue;
    const so = (before.paragraphs[o] as DraftParagraph).section;
    const sn = (after.paragraphs[n] as DraftParagraph).section;
    if (oldToNew[so] !== -1 || newToOld[sn] !== -1) continue;
    let m = votes.get(so);
    if (!m) {
      m = new Map();
      votes.set(so, m);
    }
    m.set(sn, (m.get(sn) ?? 0) + 1);
  }
  for (const [so, m] of votes) {
    let best = -1;
    let most = 0;
    for (const [sn, c] of m) if (c > most && newToOld[sn] === -1) [best, most] = [sn, c];
    if (best >= 0) {
      oldToNew[so] = best;
      newToOld[best] = so;
    }
  }

  const out: SectionChange[] = [];
  const entry = (i: number, j: number): SectionChange => {
    const o = i >= 0 ? (os[i] as DraftSection) : undefined;
    const n = j >= 0 ? (ns[j] as DraftSection) : undefined;
    const b = i >= 0 ? (statusBefore[i] as { state: ReportedState; brackets: { total: number } }) : undefined;
    const a = j >= 0 ? (statusAfter[j] as { state: ReportedState; brackets: { total: number } }) : undefined;
    return {
      id: (n ?? o)?.id ?? '',
      title: (n ?? o)?.title ?? '',
      oldId: o ? o.id : null,
      newId: n ? n.id : null,
      before: b ? b.state : null,
      after: a ? a.state : null,
      changed: !b || !a || b.state !== a.state,
      brackets: { before: b ? b.brackets.total : 0, after: a ? a.brackets.total : 0 },
    };
  };
  // New order first, with removed sections placed after their predecessor.
  const removedAfter = new Map<number, number[]>();
  let lastNew = -1;
  for (let i = 0; i < os.length; i++) {
    if (oldToNew[i] !== -1) lastNew = oldToNew[i] as number;
    else {
      const list = removedAfter.get(lastNew);
      if (list) list.push(i);
      else removedAfter.set(lastNew, [i]);
    }
  }
  for (const i of removedAfter.get(-1) ?? []) out.push(entry(i, -1));
  for (let j = 0; j < ns.length; j++) {
    out.push(entry(newToOld[j] as number, j));
    for (const i of removedAfter.get(j) ?? []) out.push(entry(i, -1));
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Qualifiers and verbs

interface PhraseDiff<T> {
  added: PhraseChange[];
  removed: PhraseChange[];
  addedHits: T[];
  removedHits: T[];
}

/** Occurrences that appear or disappear between aligned paragraphs (or with their paragraph). */
function diffPhrases<T extends QualifierHit | VerbHit>(
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
  const added: PhraseChange[] = [];
  const addedHits: T[] = [];
  newHits.forEach((h, k) => {
    if (newKept[k]) return;
    added.push(
      change(
        after,
        h,
        paraText(before, newToOldPara[h.paragraph] as number),
        paraText(after, h.paragraph),
        true,
      ),
    );
    addedHits.push(h);
  });
  const removed: PhraseChange[] = [];
  const removedHits: T[] = [];
  oldHits.forEach((h, k) => {
    if (oldKept[k]) return;
    removed.push(
      change(
        before,
        h,
        paraText(after, paraMap[h.paragraph] as number),
        paraText(before, h.paragraph),
        false,
      ),
    );
    removedHits.push(h);
  });
  return { added, removed, addedHits, removedHits };
}

/** A verb removed and another of the same family added in the same aligned paragraph: a strength change. */
function pairVerbChanges(
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
