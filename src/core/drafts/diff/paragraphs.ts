import { placeLabel } from '../labels.js';
import type { DraftBracket, DraftParagraph, DraftSection, ParsedDraft } from '../types.js';
import type { DiffLocation, DiffPlace } from './types.js';
import type { Words } from './words.js';

/** Paragraph alignment between two versions, and how a paragraph is cited on each side. */

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
export function alignParagraphs(oldW: Words, newW: Words): Int32Array {
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

/** A paragraph of one side, at a line, as people cite it. */
export function place(d: ParsedDraft, paragraph: number, line: number): DiffPlace {
  const p = d.paragraphs[paragraph] as DraftParagraph;
  const sec = d.sections[p.section] as DraftSection;
  return { section: sec.id, paragraph: p.id, line, label: placeLabel(sec, p, line) };
}

export function placeAt(d: ParsedDraft, loc: DiffLocation): DiffPlace {
  const i = paragraphIndex(d, loc.start);
  return i < 0
    ? { section: loc.section, paragraph: loc.paragraph, line: loc.line, label: `line ${loc.line}` }
    : place(d, i, loc.line);
}

/** The place of a paragraph's counterpart on the other side, or null when it has none. */
export function counterpartPlace(d: ParsedDraft, paragraph: number): DiffPlace | null {
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
export function insideBracket(d: ParsedDraft, p: DraftParagraph): boolean {
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
