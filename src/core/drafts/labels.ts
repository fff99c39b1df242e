import type { DraftParagraph, DraftSection, SectionKind } from './types.js';

/**
 * How sections and paragraphs are named wherever a person reads them: with their number and
 * title as the draft writes them ("Article 4 (adaptation)", "Section III. Action lines",
 * "Action Line C9. Media", "¶12"), never by the engine's internal ids ("article-4",
 * "C9/#3"), which exist for lookups and caches only.
 */

const KIND_WORD: Partial<Record<SectionKind, string>> = {
  'action-line': 'Action Line',
  article: 'Article',
  section: 'Section',
  part: 'Part',
  chapter: 'Chapter',
  annex: 'Annex',
  appendix: 'Appendix',
};

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

/** The label of a paragraph within its section: "¶12", "¶12(a)", or "unnumbered paragraph at line 40". */
export function paragraphLabel(paragraph: Pick<DraftParagraph, 'number' | 'line' | 'kind'>): string {
  if (paragraph.kind === 'heading') return `heading (line ${paragraph.line})`;
  if (paragraph.number !== undefined) return `¶${paragraph.number.replace(/^\^/, 'footnote ')}`;
  return `unnumbered paragraph at line ${paragraph.line}`;
}
