import type { Diagnostic } from '../diagnostics.js';
import type { Block, DocumentComment, DocumentType } from '../documents/types.js';

/**
 * The bracket engine's data model. Everything here is plain JSON (no classes, Maps or
 * functions) so a parse result can be cached in a JSON column and read back by status,
 * diff and clean without parsing the draft again. Offsets are 0-based UTF-16 indexes into
 * `ParsedDraft.text`; `end` is always exclusive; lines and columns are 1-based.
 */

/**
 * Version of the `ParsedDraft` shape; bump it when a cached result can no longer be read as is.
 * 2: holders are only parties and groups (bodies became notes), with `uncertainHolders`.
 * 3: paragraphs per table row and per item label ("a)", "ii.", "§ 2", Word's "(a)" numbering),
 *    sections for "Rule 12", "Regulation 7" and "Art. 5", and holders from a "(G77)" tag:
 *    a version parsed before reads with other paragraphs, so a diff against it would report
 *    paragraphs that only the engine renumbered.
 */
export const DRAFT_SCHEMA_VERSION = 3;

/** What the engine reads: a `Document` satisfies it; so does `{ text, blocks }` for plain text. */
export interface DraftSource {
  text: string;
  blocks: readonly Block[];
  /** Reviewers' comments (DOCX); their holders are attached to the brackets they cover. */
  comments?: readonly DocumentComment[];
  /** Source format; Markdown enables link and code rules, text enables page-furniture rules. */
  type?: DocumentType;
  /** File name, for messages. */
  name?: string;
}

/** Options of `parseDraft`. */
export interface ParseOptions {
  /** Extra qualifier phrases to track, beside the built-in list. */
  qualifiers?: readonly string[];
  /** Extra party or group names recognised as bracket holders, beside the built-in list. */
  parties?: readonly string[];
  /** Bounds on the shape of a draft; defaults in `DEFAULT_DRAFT_LIMITS`. */
  limits?: Partial<DraftLimits>;
}

/**
 * Bounds on the shape of a draft, far above any real one (the largest real drafts have a
 * few thousand brackets, nested four deep). A draft beyond one is refused with
 * `LIMIT_EXCEEDED` naming the limit, before the engine spends memory on it.
 */
export interface DraftLimits {
  maxBrackets: number;
  maxDepth: number;
  maxSections: number;
  maxAlternatives: number;
}

export const DEFAULT_DRAFT_LIMITS: DraftLimits = {
  maxBrackets: 200_000,
  maxDepth: 100,
  maxSections: 20_000,
  maxAlternatives: 100_000,
};

/** How much of a unit (document, section, paragraph) is still in brackets. */
export type BracketState = 'clean' | 'partly-bracketed' | 'wholly-bracketed';

/**
 * A state as reported by `draftStatus`: with the package-deal flag, a clean section is only
 * provisionally agreed while anything is bracketed anywhere.
 */
export type ReportedState = BracketState | 'provisionally-agreed' | 'uncertain';

/** What kind of heading opened a section ("front": text before the first heading). */
export type SectionKind =
  | 'action-line'
  | 'article'
  | 'section'
  | 'part'
  | 'chapter'
  | 'annex'
  | 'appendix'
  /** "Rule 12" of rules of procedure, "Regulation 7": numbered like articles. */
  | 'rule'
  | 'regulation'
  | 'roman'
  | 'letter'
  | 'preamble'
  | 'heading'
  | 'front'
  | 'footnotes';

/** A section: from its heading to the next heading of the same or a higher level. */
export interface DraftSection {
  /** Stable, human-typable id: "C9", "III", "article-6", "preamble"; unique in the draft. */
  id: string;
  kind: SectionKind;
  /**
   * The number as written ("C9", "III", "6 bis"), when the heading has one. The key is on
   * every section (undefined when there is none: one shape for all; JSON leaves it out).
   */
  number?: string | undefined;
  /** Title without label, brackets, emphasis or glued footnote digits. */
  title: string;
  /** The heading line as written (trimmed). */
  heading: string;
  /** 1 = top. Sections nest: a section contains the following sections of deeper level. */
  level: number;
  /** Index of the enclosing section, or -1. */
  parent: number;
  /** Range of the whole section including its subsections (heading start to last paragraph end). */
  start: number;
  end: number;
  line: number;
  /** Index of its heading paragraph, or -1 (front matter, footnotes). */
  headingParagraph: number;
  /** Paragraph index range covered, subsections included: `[firstParagraph, endParagraph)`. */
  firstParagraph: number;
  endParagraph: number;
}

/** Paragraph kinds; `furniture` is page numbers and running headers of PDF-derived text (kept, not counted). */
export type ParagraphKind = 'heading' | 'body' | 'footnote' | 'furniture';

/** A paragraph (or heading line) with its number, position and word counts. */
export interface DraftParagraph {
  /** "C9/12", "C9/12(a)", "C9/#3" (third unnumbered paragraph); unique in the draft. */
  id: string;
  kind: ParagraphKind;
  /** Index of the innermost section. */
  section: number;
  /**
   * Paragraph number as written without brackets and final dot: "12", "12 bis", "(a)".
   * The structure pass writes the key on every paragraph (undefined when it has none), so all
   * paragraphs share one shape; JSON leaves an undefined key out.
   */
  number?: string | undefined;
  /** Option label when the paragraph starts one ("Option 2", "Alt 1"); undefined as `number`. */
  option?: string | undefined;
  start: number;
  end: number;
  /** Where the text after the number label begins (words are counted from here). */
  bodyStart: number;
  line: number;
  column: number;
  /** Counted words (see docs/brackets.md) and how many of them are inside negotiation brackets. */
  words: number;
  bracketedWords: number;
  /** The paragraph number itself is bracketed ("[12 bis.]"): the whole paragraph is contested. */
  contested: boolean;
  /** Holders named by annotations or comments attached to the paragraph itself. */
  holders: string[];
}

/** A bracket around text, or around a paragraph number (the paragraph is contested). */
export type BracketKind = 'text' | 'paragraph-number';

/** A negotiation bracket: text not yet agreed. */
export interface DraftBracket {
  /** Index in `ParsedDraft.brackets` (document order of the opening bracket). */
  id: number;
  kind: BracketKind;
  /** Offset of the opening token (`[`, or `\[` in Markdown). */
  start: number;
  /** Exclusive end: after the closing token, or the assumed end of an unclosed bracket. */
  end: number;
  /** Lengths of the opening and closing tokens (0 for the closing token of an unclosed bracket). */
  openLength: number;
  closeLength: number;
  closed: boolean;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** 1 = top level. */
  depth: number;
  /** Id of the enclosing negotiation bracket, or -1. */
  parent: number;
  /** Section and paragraph indexes where the bracket opens. */
  section: number;
  paragraph: number;
  /** Counted words inside, nested brackets included. */
  words: number;
  /** Holders named by annotations, a holder prefix, a trailing "(G77)" or comments. */
  holders: string[];
  /** Annotation notes attached to this bracket ("delete", "agreed ad ref"). */
  notes: string[];
  /** The option label it starts with ("Option 2", "Alt 1"), if any. */
  option?: string;
  /** Index into `ParsedDraft.alternatives` when the bracket is one option of a choice. */
  alternative?: number;
}

/** What an annotation says about its bracket. */
export type AnnotationRole = 'note' | 'status' | 'proposal' | 'support' | 'objection' | 'position';

/** A bracket that names holders or carries a note rather than negotiated text. */
export interface DraftAnnotation {
  /** Rule id from docs/brackets.md that recognised it. */
  rule: string;
  role: AnnotationRole;
  start: number;
  end: number;
  line: number;
  column: number;
  holders: string[];
  /** The annotation's text without brackets and holder prefix ("delete", "agreed ad ref"). */
  note: string;
  /** The negotiation bracket it was attached to, or -1 (attached to the paragraph). */
  target: number;
  paragraph: number;
}

/** The three shapes of a choice between options (docs/brackets.md, "Alternatives"). */
export type AlternativeKind = 'adjacent' | 'labelled' | 'slash';

/** One choice between options: `[shall][should]`, "Option 1: ... Option 2: ...", `[a / b]`. */
export interface DraftAlternative {
  kind: AlternativeKind;
  members: { start: number; end: number; label?: string; bracket?: number }[];
  section: number;
  paragraph: number;
  line: number;
  column: number;
}

/** A bracket-like construct that is not a negotiation bracket (footnote marker, link, [sic] ...). */
export interface IgnoredBracket {
  rule: string;
  start: number;
  end: number;
}

/** Where a found phrase or verb stands in the draft. */
export interface HitSpan {
  start: number;
  end: number;
  line: number;
  column: number;
  section: number;
  paragraph: number;
  /** Innermost negotiation bracket containing it, or -1. */
  bracket: number;
}

/** One occurrence of a qualifier. */
export interface QualifierHit extends HitSpan {
  /** The phrase as listed (lower case). */
  phrase: string;
}

/** Modal verbs (shall, should) and the operative verbs of UN texts (decides, invites). */
export type VerbFamily = 'modal' | 'operative';

/** One occurrence of a strength verb. */
export interface VerbHit extends HitSpan {
  /** Canonical form: "shall", "calls upon", "takes note". */
  verb: string;
  family: VerbFamily;
  /** Higher is stronger within a family (shall 4 > should 2 > may 1). */
  strength: number;
}

/** The result of `parseDraft`: plain data, cached by the store. */
export interface ParsedDraft {
  version: typeof DRAFT_SCHEMA_VERSION;
  name?: string;
  format: 'markdown' | 'text' | 'other';
  /** The text all offsets refer to (the source text). */
  text: string;
  sections: DraftSection[];
  paragraphs: DraftParagraph[];
  brackets: DraftBracket[];
  annotations: DraftAnnotation[];
  alternatives: DraftAlternative[];
  ignored: IgnoredBracket[];
  /**
   * Sorted, merged ranges (flat start/end pairs) whose words are not counted: annotations,
   * ignored pairs, link targets, holder labels and option labels inside brackets.
   */
  excluded: number[];
  qualifiers: QualifierHit[];
  verbs: VerbHit[];
  /** Extra qualifiers the draft was parsed with (so a re-parse can reproduce it). */
  extraQualifiers: string[];
  diagnostics: Diagnostic[];
  /**
   * Holders that are not known parties or negotiating groups (absent when there are none):
   * unknown codes in capitals read where holders are expected ("[XYZ: delete]"), each with a
   * `holder.uncertain` diagnostic. They stay in `holders`, flagged here.
   */
  uncertainHolders?: string[];
  /**
   * Pairs that crossed section boundaries and were judged probable typos (absent when there
   * are none, and in results cached before it existed): each was read as an unclosed
   * bracket plus a stray one; `sections` (indexes) are those it would have covered, whose
   * state status reports as `uncertain`.
   */
  uncertain?: UncertainSpan[];
}

/** A bracket span the engine could not decide on (see `ParsedDraft.uncertain`). */
export interface UncertainSpan {
  /** Offset of the opening bracket and end of the candidate closing bracket. */
  start: number;
  end: number;
  line: number;
  endLine: number;
  sections: number[];
}
