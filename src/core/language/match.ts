import { LRUCache } from 'lru-cache';
import {
  type DraftAlternative,
  type DraftBracket,
  type DraftParagraph,
  type DraftSection,
  type ParsedDraft,
  paragraphCite,
  parseDraftText,
  sectionLabel,
} from '../drafts/index.js';
import { RapporteurError } from '../errors.js';
import type { Alignment } from './align.js';
import { LanguageLibrary, newerFirst, type PassageHit, supersedes } from './library.js';
import { type TokenRun, TRIVIAL_WORD } from './tokens.js';
import type {
  AgreedTextRef,
  AlternativeVerdict,
  CheckReport,
  LibrarySummary,
  OptionVerdict,
  ParagraphLanguage,
  PassageRef,
  RollBack,
  SectionLanguageReport,
  SourceMatch,
} from './types.js';

/**
 * Matching text against a library of agreed texts: a pasted passage (`checkLanguage`), a
 * section or a whole parsed version (`draftLanguage`), with each bracketed option and
 * alternative judged against the passages it reuses, and roll-backs to older agreed wording
 * named. One file (over 500 lines) because the paragraph, the slot and the option verdicts
 * share one token run and one set of library hits; separating them would mean passing those
 * between files for every paragraph.
 */

/** Longest text `/language check` accepts: a paragraph or a few, not a document. */
export const MAX_CHECK_CHARS = 20_000;
/** Sources listed per paragraph. */
const MAX_SOURCES = 20;
/** Words of context on each side of an option that are matched with it. */
const OPTION_CONTEXT = 24;
/** Context words on each side of a slot that must line up for two passages to be parallel. */
const NEAR = 8;

/**
 * Where the words of a pasted text come from: the agreed passages it reuses, newest first,
 * its bracket groups compared through the library, and roll-backs (wording of an older
 * agreed text where a newer one reads differently). Throws LIMIT_EXCEEDED over
 * `MAX_CHECK_CHARS` and NOT_FOUND for an empty library or text.
 */
export function checkLanguage(library: LanguageLibrary, text: string): CheckReport {
  if (text.length > MAX_CHECK_CHARS) {
    throw new RapporteurError(
      'LIMIT_EXCEEDED',
      `The text to check is ${text.length.toLocaleString('en-US')} characters, over the ${MAX_CHECK_CHARS.toLocaleString('en-US')}-character limit.`,
      {
        hint: 'Check a phrase or a paragraph at a time; for a whole draft use `language section` on the file.',
        details: { length: text.length, limit: MAX_CHECK_CHARS },
      },
    );
  }
  requireLibrary(library);
  if (text.trim().length === 0) {
    throw new RapporteurError('INVALID_ARGUMENT', 'There is no text to check.', {
      hint: 'Paste the phrase or paragraph whose sources you want, e.g. "the role of governments and all stakeholders".',
    });
  }
  const draft = parseDraftText(text, 'text');
  const paragraphs = draft.paragraphs.flatMap((p, i) =>
    p.kind === 'body' || p.kind === 'heading' ? [i] : [],
  );
  const results = paragraphs.map((i) => paragraphLanguage(library, draft, i, true));
  const sources = results.flatMap((r) => r.sources).sort(sourceOrder);
  const words = results.reduce((s, r) => s + r.words, 0);
  return {
    schema: 'rapporteur/language-check@1',
    text,
    words,
    library: library.summary(),
    sources,
    alternatives: results.flatMap((r) => r.alternatives),
    brackets: results.flatMap((r) => r.brackets),
    rollBacks: results.flatMap((r) => r.rollBacks),
  };
}

/** The language report for one section of a parsed draft (its subsections included). */
export function sectionLanguage(
  library: LanguageLibrary,
  draft: ParsedDraft,
  sectionIndex: number,
): SectionLanguageReport {
  requireLibrary(library);
  const section = draft.sections[sectionIndex];
  if (!section) throw new RapporteurError('NOT_FOUND', `No section ${sectionIndex} in the draft.`);
  const paragraphs: ParagraphLanguage[] = [];
  for (let p = section.firstParagraph; p < section.endParagraph; p++) {
    const para = draft.paragraphs[p] as DraftParagraph;
    if (para.kind !== 'body' && para.kind !== 'heading') continue;
    paragraphs.push(paragraphLanguage(library, draft, p, false));
  }
  return sectionReport(library, draft.name, section, paragraphs);
}

/**
 * A section's report from its paragraphs' verdicts, with their counts; `name` names the draft.
 * `library` is the library or its summary (where the library is resident in another thread).
 */
export function sectionReport(
  library: LanguageLibrary | LibrarySummary,
  name: string | undefined,
  section: DraftSection,
  paragraphs: ParagraphLanguage[],
): SectionLanguageReport {
  return {
    schema: 'rapporteur/language-section@1',
    ...(name === undefined ? {} : { name }),
    section: { id: section.id, label: sectionLabel(section), title: section.title, line: section.line },
    library: library instanceof LanguageLibrary ? library.summary() : library,
    paragraphs,
    summary: {
      paragraphs: paragraphs.length,
      withSources: paragraphs.filter((p) => p.sources.length > 0).length,
      rollBacks: paragraphs.reduce((s, p) => s + p.rollBacks.length, 0),
      alternatives: paragraphs.reduce((s, p) => s + p.alternatives.length, 0),
    },
  };
}

/** Every paragraph of a draft (a whole version): the same report, for all sections at once. */
export function draftLanguage(library: LanguageLibrary, draft: ParsedDraft): ParagraphLanguage[] {
  requireLibrary(library);
  const out: ParagraphLanguage[] = [];
  const structure = structureOf(draft);
  const cache = paragraphCache(library);
  for (let p = 0; p < draft.paragraphs.length; p++) {
    const para = draft.paragraphs[p] as DraftParagraph;
    if (para.kind !== 'body' && para.kind !== 'heading') continue;
    // A paragraph without brackets is matched by its words alone: one the library has
    // already seen (in the previous version, or twice in this one) is not matched again.
    const plain = !structure.has(p);
    const key = plain ? plainKey(draft, para) : undefined;
    const known = key === undefined ? undefined : cache.get(key);
    if (known) {
      out.push(placed(known, para));
      continue;
    }
    const result = paragraphLanguage(library, draft, p, false);
    if (key !== undefined) cache.set(key, placed(result, para, -para.start));
    out.push(result);
  }
  return out;
}

/** Matches of bracket-free paragraphs by library, offsets counted from the paragraph's start. */
const PARAGRAPHS = new WeakMap<
  LanguageLibrary,
  { generation: number; cache: LRUCache<string, ParagraphLanguage> }
>();

function paragraphCache(library: LanguageLibrary): LRUCache<string, ParagraphLanguage> {
  const known = PARAGRAPHS.get(library);
  if (known && known.generation === library.generation) return known.cache;
  const cache = new LRUCache<string, ParagraphLanguage>({ max: 20_000 });
  PARAGRAPHS.set(library, { generation: library.generation, cache });
  return cache;
}

/** What a bracket-free paragraph's match depends on: its text, where its body starts, its excluded ranges. */
function plainKey(draft: ParsedDraft, para: DraftParagraph): string {
  const parts: number[] = [para.bodyStart - para.start];
  const ex = draft.excluded;
  for (let i = 0; i + 1 < ex.length; i += 2) {
    const s = ex[i] as number;
    const e = ex[i + 1] as number;
    if (e > para.start && s < para.end) parts.push(s - para.start, e - para.start);
  }
  return `${parts.join(',')}\u0000${draft.text.slice(para.start, para.end)}`;
}

/**
 * A cached bracket-free paragraph's match for `para`: its place and offsets moved by
 * `shift` (by default, from the paragraph's start to where `para` is).
 */
function placed(r: ParagraphLanguage, para: DraftParagraph, shift = para.start): ParagraphLanguage {
  const move = ([s, e]: [number, number]): [number, number] => [s + shift, e + shift];
  return {
    ...r,
    id: para.id,
    label: paragraphCiteOrKind(para),
    line: para.line,
    start: r.start + shift,
    end: r.end + shift,
    sources: r.sources.map((src) => ({
      ...src,
      overlaps: { query: src.overlaps.query.map(move), passage: src.overlaps.passage },
    })),
    rollBacks: r.rollBacks.map((rb) => ({ ...rb, start: rb.start + shift, end: rb.end + shift })),
  };
}

function requireLibrary(library: LanguageLibrary): void {
  if (library.texts.length === 0) {
    throw new RapporteurError('NOT_FOUND', 'The library of agreed texts is empty.', {
      hint: 'Add the agreed texts first: put them (DOCX, PDF, HTML, Markdown or text) in the library folder with a library.json giving each title and date of adoption, or use `/language add <file> --title ... --adopted YYYY-MM-DD`.',
    });
  }
}

// ---------------------------------------------------------------------------------------

/** The words of a paragraph body, leaving out excluded ranges. */
function paragraphRun(library: LanguageLibrary, draft: ParsedDraft, para: DraftParagraph): TokenRun {
  return library.tokenize(draft.text, para.bodyStart, para.end, draft.excluded);
}

/**
 * The words of a run that do not start inside any of `ranges` ([start, end) character
 * offsets): what tokenising the text with those ranges excluded gives, without tokenising again.
 */
function withoutRanges(run: TokenRun, ranges: readonly [number, number][]): TokenRun {
  const keep: number[] = [];
  for (let i = 0; i < run.length; i++) {
    const start = run.starts[i] as number;
    if (!ranges.some(([s, e]) => start >= s && start < e)) keep.push(i);
  }
  const pick = <T extends Int32Array | Uint8Array>(a: T, out: T): T => {
    keep.forEach((i, j) => {
      out[j] = a[i] as number;
    });
    return out;
  };
  const n = keep.length;
  return {
    ids: pick(run.ids, new Int32Array(n)),
    starts: pick(run.starts, new Int32Array(n)),
    ends: pick(run.ends, new Int32Array(n)),
    keys: pick(run.keys, new Int32Array(n)),
    flags: pick(run.flags, new Uint8Array(n)),
    length: n,
  };
}

/** First and last+1 run positions of words starting in [start, end). */
function slotOf(run: TokenRun, start: number, end: number): [number, number] {
  let s = 0;
  while (s < run.length && (run.starts[s] as number) < start) s++;
  let e = s;
  while (e < run.length && (run.starts[e] as number) < end) e++;
  return [s, e];
}

function paragraphLanguage(
  library: LanguageLibrary,
  draft: ParsedDraft,
  p: number,
  discoverEverywhere: boolean,
): ParagraphLanguage {
  const para = draft.paragraphs[p] as DraftParagraph;
  const run = paragraphRun(library, draft, para);
  const hits = library.find(run);
  const text = draft.text;
  // The strongest sources (a formula shared by dozens of texts would list them all), newest first.
  const strongest = hits.slice().sort((a, b) => b.weight - a.weight);
  const sources = strongest
    .slice(0, MAX_SOURCES)
    .map((h) => toSource(library, h, run, text))
    .sort(sourceOrder);

  // Brackets of this paragraph, and which of them are options of a group.
  const { brackets: inParagraph, groups } = structureOf(draft).get(p) ?? { brackets: [], groups: [] };
  const memberBrackets = new Set<number>();
  for (const { g } of groups)
    for (const m of g.members) if (m.bracket !== undefined) memberBrackets.add(m.bracket);

  const brackets: OptionVerdict[] = [];
  const rollBacks: RollBack[] = [];
  for (const b of inParagraph) {
    if (memberBrackets.has(b.id) || hasAncestorIn(draft, b, memberBrackets)) continue;
    const [s, e] = slotOf(run, Math.max(b.start, para.bodyStart), Math.min(b.end, para.end));
    if (e <= s) continue;
    const verdict = judgeOptions(library, text, [{ run, s, e, hits, bracket: b }])[0];
    if (!verdict) continue;
    const option = verdict.options[0] as OptionVerdict;
    if (option.sources.length > 0 || option.rollBack) brackets.push(option);
    if (option.rollBack) rollBacks.push(option.rollBack);
  }

  const alternatives: AlternativeVerdict[] = [];
  // Options are matched one by one only where the paragraph reuses something at all.
  for (const { g, i } of hits.length > 0 ? groups : []) {
    const verdict = alternativeVerdict(library, draft, para, g, i);
    if (!verdict) continue;
    alternatives.push(verdict);
    for (const o of verdict.options) if (o.rollBack) rollBacks.push(o.rollBack);
  }

  // Roll-backs inside text that is not itself an option: a newer passage differs where an
  // older one follows the proposal. In a draft only bracketed places count (agreed text is
  // not a proposal); in a pasted text every place does.
  const covered = (s: number, e: number) =>
    rollBacks.some((r) => r.start < (run.ends[e - 1] as number) && r.end > (run.starts[s] as number));
  for (const [s, e] of discoverSlots(run, strongest.slice(0, 6))) {
    if (covered(s, e)) continue;
    const start = run.starts[s] as number;
    const end = run.ends[e - 1] as number;
    if (!discoverEverywhere && !inParagraph.some((b) => b.start < end && b.end > start)) continue;
    const verdict = judgeOptions(library, text, [{ run, s, e, hits }])[0];
    const rb = verdict?.options[0]?.rollBack;
    if (rb) rollBacks.push(rb);
  }
  rollBacks.sort((a, b) => a.start - b.start);

  return {
    id: para.id,
    label: paragraphCiteOrKind(para),
    line: para.line,
    start: para.start,
    end: para.end,
    words: run.length,
    sources,
    brackets,
    alternatives,
    rollBacks,
  };
}

const STRUCTURE = new WeakMap<
  ParsedDraft,
  Map<number, { brackets: DraftBracket[]; groups: { g: DraftAlternative; i: number }[] }>
>();

/** Text brackets and option groups by paragraph (those that reach into it), computed once per draft. */
function structureOf(draft: ParsedDraft) {
  let map = STRUCTURE.get(draft);
  if (map) return map;
  map = new Map();
  const entry = (p: number) => {
    let e = map?.get(p);
    if (!e) {
      e = { brackets: [], groups: [] };
      map?.set(p, e);
    }
    return e;
  };
  const paragraphsOf = (start: number, end: number): number[] => {
    const out: number[] = [];
    // Paragraphs are in text order: find the first that ends after start.
    let lo = 0;
    let hi = draft.paragraphs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((draft.paragraphs[mid] as DraftParagraph).end <= start) lo = mid + 1;
      else hi = mid;
    }
    for (let p = lo; p < draft.paragraphs.length; p++) {
      const para = draft.paragraphs[p] as DraftParagraph;
      if (para.start >= end) break;
      if (start < para.end && end > para.bodyStart) out.push(p);
    }
    return out;
  };
  for (const b of draft.brackets) {
    if (b.kind !== 'text') continue;
    for (const p of paragraphsOf(b.start, b.end)) entry(p).brackets.push(b);
  }
  draft.alternatives.forEach((g, i) => {
    const seen = new Set<number>();
    for (const m of g.members) for (const p of paragraphsOf(m.start, m.end)) seen.add(p);
    for (const p of seen) entry(p).groups.push({ g, i });
  });
  STRUCTURE.set(draft, map);
  return map;
}

function hasAncestorIn(draft: ParsedDraft, b: DraftBracket, ids: Set<number>): boolean {
  for (let p = b.parent; p >= 0; p = (draft.brackets[p] as DraftBracket).parent) if (ids.has(p)) return true;
  return false;
}

/** Compares the options of one group: each is matched in the paragraph without the others. */
function alternativeVerdict(
  library: LanguageLibrary,
  draft: ParsedDraft,
  para: DraftParagraph,
  g: DraftAlternative,
  index: number,
): AlternativeVerdict | undefined {
  const options: OptionInput[] = [];
  // The paragraph's words once; each option's run leaves out the words of the others.
  const whole = paragraphRun(library, draft, para);
  for (let m = 0; m < g.members.length; m++) {
    const member = g.members[m] as DraftAlternative['members'][number];
    const others: [number, number][] = g.members
      .filter((_, o) => o !== m)
      .map((o) => [Math.max(o.start, para.bodyStart), Math.min(o.end, para.end)]);
    const run = withoutRanges(whole, others);
    const [s, e] = slotOf(run, Math.max(member.start, para.bodyStart), Math.min(member.end, para.end));
    if (e <= s) {
      options.push({ run, s, e, hits: [], ...labelOf(member) });
      continue;
    }
    const hits = library.find(run, Math.max(0, s - OPTION_CONTEXT), Math.min(run.length, e + OPTION_CONTEXT));
    const bracket = member.bracket === undefined ? undefined : draft.brackets[member.bracket];
    options.push({ run, s, e, hits, ...labelOf(member), ...(bracket ? { bracket } : {}) });
  }
  const verdict = judgeOptions(library, draft.text, options)[0];
  if (!verdict) return undefined;
  if (verdict.options.every((o) => o.sources.length === 0) && !verdict.newest) return undefined;
  return {
    alternative: index,
    paragraph: para.id,
    line: g.line,
    options: verdict.options,
    ...(verdict.newest ? { newest: verdict.newest } : {}),
  };
}

function labelOf(member: DraftAlternative['members'][number]): { label?: string } {
  return member.label === undefined ? {} : { label: member.label };
}

interface OptionInput {
  run: TokenRun;
  /** Run positions of the option's words. */
  s: number;
  e: number;
  hits: PassageHit[];
  bracket?: DraftBracket;
  label?: string;
}

type SlotJudgement =
  | { kind: 'same'; hit: PassageHit }
  | { kind: 'different'; hit: PassageHit; wording: string }
  /** A long slot mostly but not wholly in the passage: parallel, wording left to the word-level check. */
  | { kind: 'partial'; hit: PassageHit }
  | { kind: 'none' };

/** A slot this long is its own context. */
const SELF_CONTEXT = 8;

/**
 * How an agreed passage reads at the place of `run[s, e)`: `same` when it has these words
 * in the same context, `different` when the words around the place line up (on both sides,
 * within a few words, or on one side where the place ends the text) and the words in
 * between differ, else `none`.
 */
function judgeSlot(
  library: LanguageLibrary,
  run: TokenRun,
  s: number,
  e: number,
  hit: PassageHit,
): SlotJudgement {
  const slotContent = contentIds(run, s, e);
  const len = e - s;
  let partial = false;
  for (const region of hit.regions) {
    let left = -1;
    let right = -1;
    const inside: number[] = [];
    for (let k = 0; k < region.q.length; k++) {
      const q = region.q[k] as number;
      if (q < s) left = k;
      else if (q >= e) {
        if (right < 0) right = k;
      } else inside.push(k);
    }
    const outside = region.q.length - inside.length;
    const insideIds = inside.map((k) => run.ids[region.q[k] as number] as number);
    const matchedContent = slotContent.filter((id) => insideIds.includes(id)).length;
    const allContent = slotContent.length > 0 ? matchedContent === slotContent.length : inside.length === len;
    if (allContent && inside.length > 0 && (outside >= 2 || len >= SELF_CONTEXT))
      return { kind: 'same', hit };
    if (len >= SELF_CONTEXT) {
      if (matchedContent * 2 >= slotContent.length && inside.length >= 4) partial = true;
      continue;
    }
    const atStart = s === 0;
    const atEnd = e === run.length;
    if ((left < 0 && !atStart) || (right < 0 && !atEnd) || (left < 0 && right < 0) || outside < 3) continue;
    if (left >= 0 && (region.q[left] as number) < s - NEAR) continue;
    if (right >= 0 && (region.q[right] as number) >= e + NEAR) continue;
    const pL = left >= 0 ? (region.p[left] as number) : -1;
    const pR = right >= 0 ? (region.p[right] as number) : hit.ids.length;
    if (pR - pL - 1 > Math.max(2 * len, len + 8)) continue;
    // The place is the slot's own words only when what lies between the context words of
    // the query is the slot (nothing else of the query is skipped there).
    if (left >= 0 && (region.q[left] as number) < s - 1 && !betweenMatched(region, left, s)) continue;
    if (right >= 0 && (region.q[right] as number) > e && !betweenMatched(region, right, e, true)) continue;
    // The passage's words between the two context words that line up.
    const ids: number[] = [];
    const theirContent: number[] = [];
    for (let j = pL + 1; j < pR; j++) {
      const id = hit.ids[j] as number;
      ids.push(id);
      if ((library.vocab.flags(id) & TRIVIAL_WORD) === 0) theirContent.push(id);
    }
    const anyContent = slotContent.length > 0 || theirContent.length > 0;
    if (sameIds(anyContent ? slotContent : idsOf(run, s, e), anyContent ? theirContent : ids)) {
      return { kind: 'same', hit };
    }
    const doc = library.texts[library.passage(hit.passage).doc];
    let wording = '';
    if (pR - pL > 1 && doc) {
      const tokens = library.passageTokens(hit.passage);
      wording = doc.text.slice(tokens.starts[pL + 1] as number, tokens.ends[pR - 1] as number);
    }
    return { kind: 'different', hit, wording: oneLine(wording) };
  }
  return partial ? { kind: 'partial', hit } : { kind: 'none' };
}

/** True when every query word between the flank at `k` and the slot edge is matched. */
function betweenMatched(region: Alignment, k: number, edge: number, after = false): boolean {
  const q = region.q[k] as number;
  const span = after ? q - edge : edge - 1 - q;
  let matched = 0;
  for (const x of region.q) if (after ? x >= edge && x < q : x > q && x < edge) matched++;
  return matched === span;
}

function contentIds(run: TokenRun, s: number, e: number): number[] {
  const out: number[] = [];
  for (let i = s; i < e; i++)
    if (((run.flags[i] as number) & TRIVIAL_WORD) === 0) out.push(run.ids[i] as number);
  return out;
}

function idsOf(run: TokenRun, s: number, e: number): number[] {
  return Array.from(run.ids.subarray(s, e));
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The verdict on a set of options (a bracket group, or a single proposal): which agreed
 * texts have each option's wording in context, which is the newest agreed text with a
 * parallel passage, and which options roll back to an older text's wording.
 */
function judgeOptions(
  library: LanguageLibrary,
  text: string,
  options: OptionInput[],
): { options: OptionVerdict[]; newest?: AlternativeVerdict['newest'] }[] {
  interface Entry {
    option: number;
    judgement: Exclude<SlotJudgement, { kind: 'none' }>;
    ref: AgreedTextRef;
    passage: PassageRef;
  }
  const entries: Entry[] = [];
  options.forEach((o, i) => {
    if (o.e <= o.s) return;
    const seenDocs = new Map<number, Entry>();
    for (const hit of o.hits) {
      const j = judgeSlot(library, o.run, o.s, o.e, hit);
      if (j.kind === 'none') continue;
      const doc = library.passage(hit.passage).doc;
      const prior = seenDocs.get(doc);
      // One judgement per agreed text and option: same wording, then different, then partial.
      if (prior && RANK[prior.judgement.kind] <= RANK[j.kind]) continue;
      const entry: Entry = {
        option: i,
        judgement: j,
        ref: library.ref(doc),
        passage: library.passageRef(hit.passage),
      };
      seenDocs.set(doc, entry);
    }
    entries.push(...seenDocs.values());
  });
  let newestRef: AgreedTextRef | undefined;
  for (const e of entries) if (!newestRef || supersedes(e.ref, newestRef)) newestRef = e.ref;
  const newestEntries = newestRef ? entries.filter((e) => e.ref.id === (newestRef as AgreedTextRef).id) : [];
  const newestSame = newestEntries.find((e) => e.judgement.kind === 'same');
  const newestAny = newestSame ?? newestEntries.find((e) => e.judgement.kind === 'different');
  let newest: AlternativeVerdict['newest'];
  if (newestAny && newestRef) {
    const j = newestAny.judgement;
    const o = options[newestAny.option] as OptionInput;
    newest = {
      text: newestRef,
      passage: newestAny.passage,
      wording: j.kind === 'different' ? j.wording : wordingOf(text, o),
      ...(newestSame ? { option: newestSame.option } : {}),
    };
  }
  const verdicts: OptionVerdict[] = options.map((o, i) => {
    const mine = entries.filter((e) => e.option === i);
    const same = mine.filter((e) => e.judgement.kind === 'same').sort((a, b) => newerFirst(a.ref, b.ref));
    const isNewest = newestRef !== undefined && same.some((e) => e.ref.id === newestRef?.id);
    const start = o.e > o.s ? (o.run.starts[o.s] as number) : (o.bracket?.start ?? 0);
    const end = o.e > o.s ? (o.run.ends[o.e - 1] as number) : (o.bracket?.end ?? 0);
    const verdict: OptionVerdict = {
      ...(o.bracket ? { bracket: o.bracket.id } : {}),
      ...(o.label === undefined ? {} : { label: o.label }),
      start,
      end,
      text: o.e > o.s ? wordingOf(text, o) : '',
      sources: same.map((e) => ({ text: e.ref, passage: e.passage })),
      newest: isNewest,
    };
    const follows = same[0];
    if (!isNewest && follows && newestRef && supersedes(newestRef, follows.ref)) {
      // What the newest text reads at this option's place: its own parallel passage when it
      // has one in this option's context, else the passage another option found.
      const there =
        mine.find((e) => e.ref.id === newestRef?.id && e.judgement.kind === 'different') ?? newestAny;
      if (there) {
        const wording =
          there.judgement.kind === 'different'
            ? there.judgement.wording
            : wordingOf(text, options[there.option] as OptionInput);
        verdict.rollBack = {
          start,
          end,
          wording: verdict.text,
          follows: { text: follows.ref, passage: follows.passage },
          newer: { text: newestRef, passage: there.passage, wording },
          message: rollBackMessage(
            verdict.text,
            follows.ref,
            follows.passage,
            newestRef,
            there.passage,
            wording,
          ),
        };
      }
    }
    return verdict;
  });
  return [{ options: verdicts, ...(newest ? { newest } : {}) }];
}

const RANK = { same: 0, different: 1, partial: 2 } as const;

function wordingOf(text: string, o: OptionInput): string {
  return oneLine(text.slice(o.run.starts[o.s] as number, o.run.ends[o.e - 1] as number));
}

/**
 * Places where one matched passage leaves words of the query unmatched between matched
 * context (the query says something else there): candidates for a roll-back check.
 */
function discoverSlots(run: TokenRun, hits: PassageHit[]): [number, number][] {
  const slots = new Map<string, [number, number]>();
  if (hits.length < 2) return [];
  const add = (s: number, e: number) => {
    if (e > s) slots.set(`${s}:${e}`, [s, e]);
  };
  for (const hit of hits) {
    for (const region of hit.regions) {
      const n = region.q.length;
      for (let k = 0; k + 1 < n; k++) {
        const q0 = region.q[k] as number;
        const q1 = region.q[k + 1] as number;
        const p0 = region.p[k] as number;
        const p1 = region.p[k + 1] as number;
        if (q1 - q0 > 1 && q1 - q0 - 1 <= NEAR && p1 - p0 - 1 <= NEAR + 4) add(q0 + 1, q1);
      }
      // A different start or end of the text: words before the first or after the last match.
      const qFirst = region.q[0] as number;
      const qLast = region.q[n - 1] as number;
      if (qFirst > 0 && qFirst <= NEAR && (region.p[0] as number) <= NEAR + 4) add(0, qFirst);
      if (
        qLast < run.length - 1 &&
        run.length - 1 - qLast <= NEAR &&
        hit.ids.length - 1 - (region.p[n - 1] as number) <= NEAR + 4
      )
        add(qLast + 1, run.length);
    }
  }
  return [...slots.values()];
}

function rollBackMessage(
  wording: string,
  older: AgreedTextRef,
  olderPassage: PassageRef,
  newer: AgreedTextRef,
  newerPassage: PassageRef,
  newerWording: string,
): string {
  const year = (r: AgreedTextRef) => r.adopted.slice(0, 4);
  const reads = newerWording ? `reads "${short(newerWording, 120)}"` : 'leaves these words out';
  return `[${short(wording, 120)}] follows ${older.title} (${year(older)}) ${olderPassage.label}; ${newer.title} (${year(newer)}) ${newerPassage.label} ${reads}`;
}

// ---------------------------------------------------------------------------------------

function toSource(library: LanguageLibrary, hit: PassageHit, run: TokenRun, text: string): SourceMatch {
  const passage = library.passage(hit.passage);
  const doc = library.texts[passage.doc];
  const docText = doc?.text ?? '';
  const qs: number[] = [];
  const ps: number[] = [];
  for (const r of hit.regions) {
    qs.push(...r.q);
    ps.push(...r.p);
  }
  const qSpans = spans(
    run,
    qs.slice().sort((a, b) => a - b),
  );
  const pSpans = spans(
    library.passageTokens(hit.passage),
    ps.slice().sort((a, b) => a - b),
  );
  const unitStart = run.length > 0 ? (run.starts[0] as number) : 0;
  const unitEnd = run.length > 0 ? (run.ends[run.length - 1] as number) : 0;
  const verbatim =
    hit.regions.length === 1 && hit.words === run.length && isContiguous((hit.regions[0] as Alignment).p);
  return {
    text: library.ref(passage.doc),
    passage: library.passageRef(hit.passage),
    passageText: short(
      docText.slice(passage.bodyStart, Math.min(passage.end, passage.bodyStart + 1200)),
      600,
    ),
    passageMarked: marked(docText, passage.bodyStart, passage.end, pSpans, 600),
    queryMarked: marked(text, unitStart, unitEnd, qSpans, 2000),
    overlaps: { query: qSpans, passage: pSpans },
    words: hit.words,
    unitWords: run.length,
    coverage: round(hit.words / Math.max(1, run.length)),
    passageCoverage: round(hit.words / Math.max(1, hit.ids.length)),
    weight: round(hit.weight),
    verbatim,
  };
}

function isContiguous(ps: readonly number[]): boolean {
  for (let i = 1; i < ps.length; i++) if ((ps[i] as number) !== (ps[i - 1] as number) + 1) return false;
  return true;
}

/** Character spans of matched words, neighbouring matched words joined into one span. */
function spans(run: TokenRun, positions: number[]): [number, number][] {
  const out: [number, number][] = [];
  let prev = -2;
  for (const i of positions) {
    const s = run.starts[i] as number;
    const e = run.ends[i] as number;
    const last = out[out.length - 1];
    if (last && i === prev + 1) last[1] = e;
    else out.push([s, e]);
    prev = i;
  }
  return out;
}

/** The text of [from, to) on one line, with «» around each span, cut around the spans. */
function marked(text: string, from: number, to: number, marks: [number, number][], limit: number): string {
  // Cut the raw text around the marks first, so a long passage costs no more than a short one.
  let begin = from;
  let end = to;
  if (to - from > limit) {
    const first = marks.find(([s]) => s >= from)?.[0] ?? from;
    begin = Math.max(from, Math.min(first - 40, to - limit));
    end = Math.min(to, begin + limit);
  }
  let out = begin > from ? '…' : '';
  let at = begin;
  for (const [s, e] of marks) {
    if (s < at || e > end) continue;
    out += `${text.slice(at, s)}«${text.slice(s, e)}»`;
    at = e;
  }
  out += text.slice(at, end);
  return `${oneLine(out)}${end < to ? '…' : ''}`;
}

function sourceOrder(a: SourceMatch, b: SourceMatch): number {
  return newerFirst(a.text, b.text) || b.weight - a.weight;
}

function oneLine(s: string): string {
  // Most passages are one line already: testing is cheaper than rebuilding the string.
  return (MULTI_SPACE.test(s) ? s.replace(/\s+/g, ' ') : s).trim();
}

/** Whitespace other than single spaces. */
const MULTI_SPACE = /\s\s|[^\S ]/;

function short(s: string, n: number): string {
  const one = oneLine(s);
  return one.length <= n ? one : `${one.slice(0, n - 1)}…`;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** A paragraph as people cite it: "¶12", "¶#3", "heading" ("paragraph" when it has neither number nor rank). */
function paragraphCiteOrKind(para: DraftParagraph): string {
  return paragraphCite(para) || 'paragraph';
}
