import {
  cleanView,
  type DraftDiff,
  type DraftParagraph,
  type DraftQualifiers,
  type DraftSection,
  draftQualifiers,
  findSection,
  type ParsedDraft,
  paragraphCite,
  placeLabel,
  sectionChoices,
  sectionShortLabel,
} from '../../drafts/index.js';
import { type PageRequest, type VersionPage, versionPage } from '../web-page.js';
import { excerpt } from './wording.js';

/**
 * The questions about one version that read its whole parse (who holds what, the clean text,
 * qualifiers, a section, a page of the web's version view, how old the open brackets are), as
 * pure functions of the parse: they run where the engines run (a work-pool
 * job, `Engines.queryDraft`), so a question about the largest allowed draft neither parses
 * tens of megabytes of JSON nor walks its brackets on the main thread.
 */

/** The questions, each with its arguments and answer. */
export interface DraftQueries {
  holders: { args: { holder?: string | undefined }; answer: HolderEntry[] };
  clean: { args: { mode: 'delete' | 'keep' }; answer: string };
  qualifiers: { args: Record<never, never>; answer: DraftQualifiers };
  /** A section by what people type, with the ids of its paragraphs (subsections included). */
  section: { args: { section: string }; answer: SectionFound };
  /** A page of the web's version view; `diff` (against the previous version) in diff mode. */
  page: {
    args: { request: PageRequest; diff?: DiffInput };
    answer: (VersionPage & { diff?: DraftDiff['summary'] }) | StaleDiff;
  };
  /** How old the open brackets are (`/brackets age`): `steps[i]` is the diff from version i to i + 1. */
  age: { args: { steps: DiffInput[]; limit: number }; answer: AgeAnswer | StaleDiff };
}

/** The section found, or the ids to offer: the matching ones, else every section's (at most 31). */
export type SectionFound =
  | { section: DraftSection; paragraphIds: string[] }
  | { candidates: string[]; several: boolean };

export type DraftQueryKind = keyof DraftQueries;
export type DraftQuery<K extends DraftQueryKind = DraftQueryKind> = { kind: K } & DraftQueries[K]['args'];

type AnyQuery = { [K in DraftQueryKind]: { kind: K } & DraftQueries[K]['args'] }[DraftQueryKind];

/** Answers one question about a parse. */
export function answerDraftQuery<K extends DraftQueryKind>(
  parsed: ParsedDraft,
  query: DraftQuery<K>,
): DraftQueries[K]['answer'] {
  const q = query as AnyQuery;
  switch (q.kind) {
    case 'holders':
      return holdersOf(parsed, q.holder) as DraftQueries[K]['answer'];
    case 'clean':
      return cleanView(parsed, q.mode, { tidy: true }) as DraftQueries[K]['answer'];
    case 'section':
      return sectionOf(parsed, q.section) as DraftQueries[K]['answer'];
    case 'page':
      return pageOf(parsed, q.request, q.diff) as DraftQueries[K]['answer'];
    case 'age':
      return bracketAges(parsed, q.steps, q.limit) as DraftQueries[K]['answer'];
    default:
      return draftQualifiers(parsed) as DraftQueries[K]['answer'];
  }
}

/**
 * Where a bracket is, as people cite it: `section` and `paragraph` are what a reply shows
 * ("Article 4", "¶2"), `place` the whole citation ("Article 4 ¶2 line 118"); the engine's
 * internal ids are kept apart, for tools, and never shown.
 */
export interface BracketPlace {
  /** Short section name: "Article 4", "C9", "Preamble". */
  section: string;
  /** Paragraph as cited: "¶12", "¶#3" (third unnumbered), "heading", or "" . */
  paragraph: string;
  line: number;
  /** "C9 ¶12 line 40". */
  place: string;
  /** Internal ids, for lookups and caches only (never shown to people). */
  sectionId: string;
  paragraphId: string;
}

export interface HolderEntry {
  holder: string;
  /** Open brackets this holder is named on. */
  brackets: (BracketPlace & { id: number; text: string; notes: string[] })[];
  /** Paragraphs the holder is named on as a whole, as people cite them ("C9 ¶12 line 40"). */
  paragraphs: string[];
  /** Not a known party or group: a code in capitals the engine could not confirm (see the draft's warnings). */
  uncertain: boolean;
}

/** The place of a paragraph of a parsed draft at a line (see `BracketPlace`). */
export function bracketPlace(parsed: ParsedDraft, paragraph: number, line: number): BracketPlace {
  const p = parsed.paragraphs[paragraph];
  const sec = p ? parsed.sections[p.section] : undefined;
  return {
    section: sec ? sectionShortLabel(sec) : '',
    paragraph: p ? paragraphCite(p) : '',
    line,
    place: placeLabel(sec, p, line),
    sectionId: sec?.id ?? '',
    paragraphId: p?.id ?? '',
  };
}

function sectionOf(parsed: ParsedDraft, query: string): SectionFound {
  const found = findSection(parsed, query);
  if ('candidates' in found) {
    const several = found.candidates.length > 0;
    return {
      // Short labels ("Article 4"), never ids: the list reaches people as a hint.
      candidates: sectionChoices(parsed.sections, several ? found.candidates : undefined).slice(0, 31),
      several,
    };
  }
  const section = parsed.sections[found.index];
  if (!section) return { candidates: [], several: false };
  const paragraphIds: string[] = [];
  for (let p = section.firstParagraph; p < section.endParagraph; p++) {
    paragraphIds.push((parsed.paragraphs[p] as DraftParagraph).id);
  }
  return { section, paragraphIds };
}

/** Who holds which brackets, from annotations (`[US: delete]`) and reviewers' comments. */
function holdersOf(parsed: ParsedDraft, holder: string | undefined): HolderEntry[] {
  const byHolder = new Map<string, HolderEntry>();
  const uncertain = new Set(parsed.uncertainHolders ?? []);
  const entry = (h: string) => {
    let e = byHolder.get(h);
    if (!e) {
      e = { holder: h, brackets: [], paragraphs: [], uncertain: uncertain.has(h) };
      byHolder.set(h, e);
    }
    return e;
  };
  for (const b of parsed.brackets) {
    for (const h of b.holders) {
      entry(h).brackets.push({
        id: b.id,
        ...bracketPlace(parsed, b.paragraph, b.line),
        text: excerpt(parsed.text.slice(b.start, b.end)),
        notes: b.notes,
      });
    }
  }
  parsed.paragraphs.forEach((p, i) => {
    for (const h of p.holders) entry(h).paragraphs.push(bracketPlace(parsed, i, p.line).place);
  });
  let holders = [...byHolder.values()].sort(
    (a, b) =>
      b.brackets.length + b.paragraphs.length - (a.brackets.length + a.paragraphs.length) ||
      a.holder.localeCompare(b.holder),
  );
  if (holder) {
    const q = holder.trim().toLowerCase();
    holders = holders.filter((h) => h.holder.toLowerCase() === q || h.holder.toLowerCase().includes(q));
  }
  return holders;
}

function pageOf(
  parsed: ParsedDraft,
  request: PageRequest,
  input: DiffInput | undefined,
): DraftQueries['page']['answer'] {
  if (request.mode !== 'diff' || !input) return versionPage(parsed, request, null);
  const diff = diffOfInput(input);
  if (!diff) return { stale: 0 };
  return { ...versionPage(parsed, request, diff), diff: diff.summary };
}

// ---------------------------------------------------------------------------------------
// Bracket age: each open bracket followed back through the earlier versions' diffs. The diffs
// go as the diff caches' stored texts; one that is not cached, or was computed against
// another version, is asked for (`stale`) and sent again as computed.

/**
 * How old a version's open brackets are, followed back through each earlier version's diff,
 * as a pure function of the parse and the diffs: it runs where the engines run (the `age`
 * question), so `/brackets age` neither parses a version's whole parse nor its diffs on the
 * main thread. The diffs go as the diff caches' stored texts; one that is not cached, or was
 * computed against another version, is asked for (`stale`) and sent again as computed.
 */

/** The diff cache of a version (versions.ts): against which version it was computed, and the diff. */
export interface DiffCache {
  from: string;
  diff: DraftDiff;
}

/** A diff for a question: a diff cache's stored text (valid when computed `from` that version), the diff, or none yet. */
export type DiffInput = { cache: string; from: string } | { diff: DraftDiff } | { missing: true };

/** The answer of a question that needs a diff it was not given: the index of the diff to send. */
export interface StaleDiff {
  stale: number;
}

/** The diff of an input, undefined when it must be computed first. */
export function diffOfInput(input: DiffInput | undefined): DraftDiff | undefined {
  if (!input || 'missing' in input) return undefined;
  if ('diff' in input) return input.diff;
  const data = JSON.parse(input.cache) as DiffCache;
  return data.from === input.from ? data.diff : undefined;
}

/** An open bracket with the index (into the versions asked about) of the version it first appeared in. */
export interface AgeEntry extends BracketPlace {
  id: number;
  text: string;
  holders: string[];
  origin: number;
}

export interface AgeAnswer {
  /** The oldest top-level open brackets, oldest first (at most the limit asked). */
  ages: AgeEntry[];
  /** Top-level open brackets in all. */
  open: number;
}

/**
 * The age of each top-level bracket of `parsed`, the last of `steps.length + 1` versions;
 * `steps[i]` is the diff from version i to version i + 1.
 */
export function bracketAges(
  parsed: ParsedDraft,
  steps: readonly DiffInput[],
  limit: number,
): AgeAnswer | StaleDiff {
  const last = steps.length;
  // origin[id] = index of the version where the bracket first appeared.
  const origin = new Map<number, number>(parsed.brackets.map((b) => [b.id, last]));
  let current = new Map<number, number>(parsed.brackets.map((b) => [b.id, b.id]));
  for (let i = last; i > 0 && current.size > 0; i--) {
    const diff = diffOfInput(steps[i - 1]);
    if (!diff) return { stale: i - 1 };
    const back = new Map<number, number>();
    for (const link of diff.links) if (!back.has(link.new)) back.set(link.new, link.old);
    const next = new Map<number, number>();
    for (const [id, here] of current) {
      const older = back.get(here);
      if (older === undefined) continue;
      next.set(id, older);
      origin.set(id, i - 1);
    }
    current = next;
  }
  const ages = parsed.brackets
    .filter((b) => b.depth === 1)
    .map(
      (b): AgeEntry => ({
        id: b.id,
        ...bracketPlace(parsed, b.paragraph, b.line),
        text: excerpt(parsed.text.slice(b.start, b.end)),
        holders: b.holders,
        origin: origin.get(b.id) ?? last,
      }),
    )
    .sort((a, b) => a.origin - b.origin || a.line - b.line);
  return { ages: ages.slice(0, limit), open: ages.length };
}
