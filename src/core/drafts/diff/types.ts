import type { ReportedState, VerbFamily } from '../types.js';

/** The shapes of a diff between two versions (see `diffDrafts`): plain JSON, cached by the store. */

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

/** Options of `diffDrafts`. */
export interface DiffOptions {
  /** Apply the package-deal flag to the section states reported. */
  packageDeal?: boolean;
}
