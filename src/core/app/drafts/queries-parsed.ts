import {
  cleanView,
  type DraftParagraph,
  type DraftQualifiers,
  type DraftSection,
  draftQualifiers,
  findSection,
  type ParsedDraft,
  paragraphCite,
  placeLabel,
  sectionShortLabel,
} from '../../drafts/index.js';
import { excerpt } from './wording.js';

/**
 * The questions about one version that read its whole parse (who holds what, the clean text,
 * qualifiers), as pure functions of the parse: they run where the engines run (a work-pool
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
      candidates: (several ? found.candidates : parsed.sections.map((s) => s.id)).slice(0, 31),
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
