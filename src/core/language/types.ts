/**
 * Previously agreed language: the public data model. Everything a report holds is plain
 * JSON, so a report can be cached and printed by any adapter.
 */

/** Level of the body that adopted a text, highest first. */
export const AGREED_RANKS = ['summit', 'ministerial', 'committee'] as const;
export type AgreedRank = (typeof AGREED_RANKS)[number];

/** What the library knows about one agreed text besides its words. */
export interface AgreedTextInfo {
  title: string;
  /** Document symbol ("A/RES/70/125"), when known. */
  symbol?: string;
  /** Date of adoption, YYYY-MM-DD: the most recent agreed text wins. */
  adopted: string;
  /** The body that adopted it ("World Summit on the Information Society"). */
  body?: string;
  rank?: AgreedRank;
  /** File name it was read from, for messages. */
  name?: string;
}

/** A reference to an agreed text in a report. */
export interface AgreedTextRef extends AgreedTextInfo {
  /** Index of the text in the library. */
  id: number;
}

/** A passage of an agreed text (one paragraph, heading or list item). */
export interface PassageRef {
  /** Paragraph id from the bracket engine ("C1/#1", "article-2/1"). */
  id: string;
  /** For people: "¶ 12", "Article 2 ¶ 1", "heading C1". */
  label: string;
  line: number;
  /** Offsets in the agreed text. */
  start: number;
  end: number;
}

/** One agreed passage a unit of the proposal reuses. */
export interface SourceMatch {
  text: AgreedTextRef;
  passage: PassageRef;
  /** The passage text (cut at 600 characters). */
  passageText: string;
  /** The passage with the overlapping words marked «like this». */
  passageMarked: string;
  /** The unit's text with the overlapping words marked «like this». */
  queryMarked: string;
  /** Overlapping words: character ranges [start, end) in the query text and in the passage. */
  overlaps: { query: [number, number][]; passage: [number, number][] };
  /** Words of the unit found in the passage, and the unit's word count. */
  words: number;
  unitWords: number;
  /** Share of the unit's words found in the passage (0-1). */
  coverage: number;
  /** Share of the passage's words found in the unit (0-1). */
  passageCoverage: number;
  /** Sum of the weights of the matched words: rare words weigh more than common ones. */
  weight: number;
  /** Every word of the unit, in order and with nothing in between, is in the passage. */
  verbatim: boolean;
}

/** A passage of a newer agreed text with the same context and different words. */
export interface RollBack {
  /** Where the proposal's wording is, in the query text. */
  start: number;
  end: number;
  /** The proposal's wording at that place. */
  wording: string;
  /** The older agreed text the proposal follows there. */
  follows: { text: AgreedTextRef; passage: PassageRef };
  /** The newest agreed text with the parallel passage, and what it reads instead. */
  newer: { text: AgreedTextRef; passage: PassageRef; wording: string };
  /** One line for people. */
  message: string;
}

/** One option of a bracket group, or a lone bracket, judged against the library. */
export interface OptionVerdict {
  /** Index of the bracket in the parsed draft, when it is one. */
  bracket?: number;
  label?: string;
  start: number;
  end: number;
  text: string;
  /** Agreed texts that have this wording in the same context, newest first. */
  sources: { text: AgreedTextRef; passage: PassageRef }[];
  /** True when the newest agreed text with a parallel passage has this wording. */
  newest: boolean;
  rollBack?: RollBack;
}

/** The options of one bracket group compared through the library. */
export interface AlternativeVerdict {
  /** Index into the draft's alternatives. */
  alternative: number;
  paragraph: string;
  line: number;
  options: OptionVerdict[];
  /** The newest agreed text with a parallel passage, if any. */
  newest?: { text: AgreedTextRef; passage: PassageRef; wording: string; option?: number };
}

/** A paragraph of a proposal: where its words come from. */
export interface ParagraphLanguage {
  /** Paragraph id from the bracket engine (for lookups; never shown). */
  id: string;
  /** How people cite it: "¶12", "¶#3" (third unnumbered paragraph), "heading". */
  label: string;
  line: number;
  start: number;
  end: number;
  words: number;
  /** Agreed passages it reuses, newest first. */
  sources: SourceMatch[];
  /** Lone brackets (not options of a group) whose wording agreed texts have or change. */
  brackets: OptionVerdict[];
  alternatives: AlternativeVerdict[];
  rollBacks: RollBack[];
}

/** `rapporteur language section --json` and `/language section`. */
export interface SectionLanguageReport {
  schema: 'rapporteur/language-section@1';
  name?: string;
  /** `label`: how people cite it ("Article 4 (adaptation)"); `id` is for lookups and never shown. */
  section: { id: string; label: string; title: string; line: number };
  library: LibrarySummary;
  paragraphs: ParagraphLanguage[];
  summary: { paragraphs: number; withSources: number; rollBacks: number; alternatives: number };
}

/** `rapporteur language check --json` and `/language check`. */
export interface CheckReport {
  schema: 'rapporteur/language-check@1';
  text: string;
  words: number;
  library: LibrarySummary;
  /** Agreed passages the text reuses, newest first. */
  sources: SourceMatch[];
  alternatives: AlternativeVerdict[];
  brackets: OptionVerdict[];
  rollBacks: RollBack[];
}

export interface LibrarySummary {
  texts: AgreedTextRef[];
  passages: number;
  words: number;
}
