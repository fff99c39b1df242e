/**
 * The bracket engine: parse a negotiation draft, report what is still bracketed, preview
 * the "Australian method", list qualifiers, and compare two versions. Pure functions over
 * plain data; see docs/brackets.md for the rules.
 */
export { type CleanMode, type CleanOptions, cleanView, contestedParagraphs, removedRanges } from './clean.js';
export {
  type BracketChange,
  type BracketChangeKind,
  DIFF_SCHEMA,
  DIFF_TEXT_LIMIT,
  type DiffLocation,
  type DiffOptions,
  type DiffPlace,
  type DiffSideSummary,
  type DraftDiff,
  diffDrafts,
  type ParagraphChange,
  type PhraseChange,
  type SectionChange,
  type VerbChange,
} from './diff.js';
export {
  citedSectionNumber,
  matchSections,
  paragraphCite,
  paragraphLabel,
  placeLabel,
  sectionChoices,
  sectionLabel,
  sectionShortLabel,
} from './labels.js';
export { BUILTIN_QUALIFIERS, normaliseQualifier, VERB_STRENGTHS, type VerbEntry } from './lexicon.js';
export { parseDraft, parseDraftText } from './parse.js';
export { BUILTIN_PARTIES, createPartyTable, type PartyTable, readHolderList } from './parties.js';
export { type DraftQualifiers, draftQualifiers } from './report.js';
export {
  type BracketCounts,
  type DraftStatus,
  draftStatus,
  findSection,
  focusSection,
  type ParagraphStatus,
  type SectionStatus,
  STATUS_SCHEMA,
  type StatusDiagnostic,
  type StatusOptions,
  type UnitStatus,
  type WordCounts,
} from './status.js';
export * from './types.js';
