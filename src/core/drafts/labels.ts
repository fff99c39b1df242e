import type { DraftParagraph, DraftSection, SectionKind } from './types.js';

/**
 * How sections and paragraphs are named wherever a person reads them: with their number and
 * title as the draft writes them ("Article 4 (adaptation)", "Section III. Action lines",
 * "Action Line C9. Media", "¶12"), never by the engine's internal ids ("article-4",
 * "C9/#3"), which exist for lookups and caches only.
 */

/** The word before a section's number when citing it; action lines are cited by number alone ("C9"). */
const CITED_KIND_WORD: Partial<Record<SectionKind, string>> = {
  article: 'Article',
  section: 'Section',
  part: 'Part',
  chapter: 'Chapter',
  annex: 'Annex',
  appendix: 'Appendix',
  rule: 'Rule',
  regulation: 'Regulation',
};

const KIND_WORD: Partial<Record<SectionKind, string>> = { 'action-line': 'Action Line', ...CITED_KIND_WORD };

/** A numbered section as it is cited: "Article 4", "Section III", "C9". */
export function citedSectionNumber(kind: SectionKind, number: string): string {
  const word = CITED_KIND_WORD[kind];
  return word ? `${word} ${number}` : number;
}

/** Longest label before it is shortened with "…". */
const MAX_LABEL = 80;

/** The label of a section: number and title, e.g. "Article 4 (adaptation)", "III. Action lines", "Preamble". */
export function sectionLabel(section: Pick<DraftSection, 'kind' | 'number' | 'title'>): string {
  const word = KIND_WORD[section.kind];
  const title = section.title.trim();
  let head: string | undefined;
  if (section.number !== undefined) {
    head = word ? `${word} ${section.number}` : `${section.number}.`;
  }
  let out: string;
  if (!head) out = title || 'Untitled section';
  else if (!title || title === section.number) out = head.replace(/\.$/, '');
  else if (/^[([]/.test(title) || head.endsWith('.')) out = `${head} ${title}`;
  else out = `${head}. ${title}`;
  return out.length > MAX_LABEL ? `${out.slice(0, MAX_LABEL - 1).trimEnd()}…` : out;
}

/**
 * A section's short name, for citing a place ("was C9 ¶12 line 40"): "Article 4", "Section III",
 * "C9", "Preamble"; the full label with its title is `sectionLabel`.
 */
export function sectionShortLabel(sec: Pick<DraftSection, 'kind' | 'number' | 'title'>): string {
  const n = sec.number?.trim();
  if (n) return citedSectionNumber(sec.kind, n);
  if (sec.kind === 'preamble') return 'Preamble';
  if (sec.kind === 'front') return 'Opening text';
  if (sec.kind === 'footnotes') return 'Footnotes';
  const title = sec.title.replace(/\s+/g, ' ').trim();
  return title ? (title.length > 40 ? `${title.slice(0, 39)}\u2026` : title) : 'Untitled section';
}

/**
 * The sections to offer when a reference matches none or several: each by its short label
 * ("Article 4", "Rule 12", "III", "Preamble"), once, in document order; `ids` narrows them to
 * the candidates of an ambiguous reference. Never the internal ids ("article-4").
 */
export function sectionChoices(
  sections: readonly Pick<DraftSection, 'id' | 'kind' | 'number' | 'title'>[],
  ids?: readonly string[],
): string[] {
  const wanted = ids === undefined ? undefined : new Set(ids);
  const out = new Set<string>();
  for (const s of sections) {
    if (wanted ? !wanted.has(s.id) : s.kind === 'front' || s.kind === 'footnotes') continue;
    out.add(sectionShortLabel(s));
  }
  return [...out];
}

/** The label of a paragraph within its section: "¶12", "¶12(a)", or "unnumbered paragraph at line 40". */
export function paragraphLabel(paragraph: Pick<DraftParagraph, 'number' | 'line' | 'kind'>): string {
  if (paragraph.kind === 'heading') return `heading (line ${paragraph.line})`;
  const number = paragraph.number;
  if (number !== undefined)
    return number.charCodeAt(0) === 94 ? `¶footnote ${number.slice(1)}` : `¶${number}`;
  return `unnumbered paragraph at line ${paragraph.line}`;
}

/** Words people put before a section number, by the section kind they name. */
const KIND_ALIASES: readonly [RegExp, SectionKind][] = [
  [/^action\s*lines?$/i, 'action-line'],
  [/^(?:article|art\.?|arts?\.?|art[íi]culo)$/i, 'article'],
  [/^(?:section|sec\.?|§|secci[óo]n)$/i, 'section'],
  [/^(?:part|partie|parte)$/i, 'part'],
  [/^(?:chapter|ch\.?|chap\.?|chapitre|cap[íi]tulo)$/i, 'chapter'],
  [/^(?:annex|annexe|anexo)$/i, 'annex'],
  [/^(?:appendix|app\.?|appendice|ap[ée]ndice)$/i, 'appendix'],
  [/^(?:rule|r\.|r[èe]gle|regla)$/i, 'rule'],
  [/^(?:regulation|reg\.?)$/i, 'regulation'],
];

function normNumber(s: string): string {
  return s.toLowerCase().replace(/[\s.]+/g, '');
}

function normWords(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Resolves what a person types to name a section, exact numbers first: "Article 4",
 * "art 4", "4", "C9", "III", "Section III", then the label or title ("Article 4
 * (adaptation)", "media"), then a unique part of a title. Returns the indexes of the
 * sections of the first tier that matches anything (one index: found; several: ambiguous;
 * none: no match). "Article 4" never matches Articles 14 and 24.
 */
export function matchSections(
  sections: readonly Pick<DraftSection, 'id' | 'kind' | 'number' | 'title'>[],
  query: string,
): number[] {
  const q = query.trim();
  const all = sections.map((_, i) => i);
  const pick = (test: (s: Pick<DraftSection, 'id' | 'kind' | 'number' | 'title'>) => boolean) =>
    all.filter((i) => test(sections[i] as Pick<DraftSection, 'id' | 'kind' | 'number' | 'title'>));
  const tiers: (() => number[])[] = [
    () => pick((s) => s.id === q),
    () => pick((s) => s.id.toLowerCase() === q.toLowerCase()),
    () => {
      // "<kind word> <number>" or a bare number.
      const m = /^(.*?)\s*((?:[A-Za-z]?\d{1,3}(?:\s?[a-z]{1,8})?)|[IVXLCivxlc]{1,7}|[A-Z])\s*\.?$/.exec(q);
      if (!m) return [];
      const word = (m[1] as string).trim();
      const kind = word ? KIND_ALIASES.find(([re]) => re.test(word))?.[1] : undefined;
      if (word && !kind) return [];
      const n = normNumber(m[2] as string);
      return pick((s) => s.number !== undefined && normNumber(s.number) === n && (!kind || s.kind === kind));
    },
    () => pick((s) => normWords(sectionLabel(s)) === normWords(q)),
    () => pick((s) => normWords(s.title) === normWords(q)),
    () => {
      const nq = normWords(q);
      return nq.length >= 3 ? pick((s) => normWords(`${sectionLabel(s)} ${s.title}`).includes(nq)) : [];
    },
  ];
  for (const tier of tiers) {
    const found = tier();
    if (found.length > 0) return found;
  }
  return [];
}

/**
 * A paragraph as cited in a place: "¶12", "¶#3" for the third unnumbered paragraph of its
 * section, "heading"; empty when there is nothing shorter to say than the line.
 */
export function paragraphCite(p: Pick<DraftParagraph, 'kind' | 'number' | 'id'>): string {
  if (p.kind === 'heading') return 'heading';
  if (p.number) return `\u00b6${p.number}`;
  const rank = /#(\d+)$/.exec(p.id)?.[1];
  return rank ? `\u00b6#${rank}` : '';
}

/**
 * Where something is, as people cite it: "C9 ¶12 line 40", "Article 4 ¶2 line 118",
 * "Preamble ¶#3 line 7" (section short label, paragraph, line).
 */
export function placeLabel(
  section: Pick<DraftSection, 'kind' | 'number' | 'title'> | undefined,
  paragraph: Pick<DraftParagraph, 'kind' | 'number' | 'id'> | undefined,
  line: number,
): string {
  return [
    section ? sectionShortLabel(section) : '',
    paragraph ? paragraphCite(paragraph) : '',
    `line ${line}`,
  ]
    .filter(Boolean)
    .join(' ');
}
