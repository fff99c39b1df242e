import type { Severity } from '../diagnostics.js';
import { alternativeColumns } from './alternative-table.js';
import { type BracketTable, bracketColumns } from './bracket-table.js';
import { qualifierCount } from './hit-columns.js';
import { matchSections, paragraphLabel, sectionLabel } from './labels.js';
import { EMPTY } from './lists.js';
import { NOTE_FAMILY } from './rules.js';
import { addAll, lowerBoundNear, paragraphTallies, type Tallies } from './status-tallies.js';
import type {
  BracketState,
  DraftParagraph,
  DraftSection,
  ParagraphKind,
  ParsedDraft,
  ReportedState,
  SectionKind,
} from './types.js';

/**
 * Status: what is still bracketed, per document, section and paragraph. Computed from a
 * `ParsedDraft` alone (cheap: one pass over brackets and paragraphs), so a cached parse
 * result answers "what is still bracketed?" without reading the draft again. One file (over
 * 500 lines) because the document, section and paragraph reports are built from one set of
 * passes (paragraph sums, section bracket counts; the tallies are in status-tallies.ts) whose
 * layouts they share.
 */

export const STATUS_SCHEMA = 'rapporteur/draft-status@1';

/** Options of `draftStatus`. */
export interface StatusOptions {
  /** "Nothing is agreed until everything is agreed": clean units become provisionally agreed while anything is bracketed. */
  packageDeal?: boolean;
}

/** Bracket counts of a unit (document, section or paragraph). */
export interface BracketCounts {
  /** Negotiation brackets (annotations, footnote markers, links and the like excluded). */
  total: number;
  /** Those not nested in another bracket of the same unit. */
  topLevel: number;
  /** Deepest nesting level (1 = a bracket inside no other), 0 without brackets. */
  maxDepth: number;
  /** Brackets never closed (their end was assumed; see diagnostics). */
  unclosed: number;
}

/** Counted words of a unit, and how many are inside brackets. */
export interface WordCounts {
  total: number;
  bracketed: number;
}

/**
 * What status reports for every unit: document, section, paragraph. Units with the same small
 * `brackets` or `words` counts share one frozen object (fewer objects to collect): copy before
 * changing.
 */
export interface UnitStatus {
  state: ReportedState;
  brackets: BracketCounts;
  /** Choices between options (`[shall][should]`, Option 1/Option 2, `[a / b]`). */
  alternatives: number;
  /**
   * Parties and groups named as holders, sorted. Paragraphs without holders share one frozen
   * empty list (lists.ts `EMPTY`), units with one holder a frozen list per name: copy a list
   * before changing it.
   */
  holders: string[];
  words: WordCounts;
  /** Share of words outside brackets, one decimal. */
  agreedPercent: number;
}

/** Status of one paragraph. */
export interface ParagraphStatus extends UnitStatus {
  /** Internal id for lookups; show `label` to people. */
  id: string;
  /** How people name it: "¶12", "¶(a)", "unnumbered paragraph at line 40". */
  label: string;
  kind: ParagraphKind;
  number?: string;
  line: number;
  /** The paragraph number itself is bracketed. */
  contested: boolean;
}

/** Status of one section (counts include its subsections). */
export interface SectionStatus extends UnitStatus {
  /** Internal id for lookups; show `label` to people. */
  id: string;
  /** How people name it, with its number: "Article 4 (adaptation)", "Section III. Action lines". */
  label: string;
  /**
   * With `state: "uncertain"`: the state the best-effort reading gives (the doubtful
   * bracket read as unclosed). Absent otherwise.
   */
  bestEffortState?: BracketState;
  kind: SectionKind;
  number?: string;
  title: string;
  level: number;
  /** Id of the enclosing section, or null. */
  parent: string | null;
  line: number;
  /** The section's own paragraphs (not those of its subsections); headings and page furniture left out. */
  paragraphs: ParagraphStatus[];
}

/** A diagnostic as status reports it. */
export interface StatusDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  snippet?: string;
}

/** The status report: the `--json` shape of `rapporteur draft status` (README, "Drafts"). */
export interface DraftStatus extends UnitStatus {
  schema: typeof STATUS_SCHEMA;
  name?: string;
  packageDeal: boolean;
  /**
   * Counts include subsections; `paragraphs` do not. Section words leave the heading out
   * unless the section has no other text; document words count every word.
   */
  sections: SectionStatus[];
  /** Qualifier occurrences (details: `draftQualifiers`). */
  qualifiers: number;
  /**
   * Bracket pairs that are not negotiation brackets and were not counted (editorial and
   * procedural notes, status labels, footnote markers, links, citations ...), by family.
   */
  notCounted: { total: number; byKind: { kind: string; count: number }[] };
  /** Sections whose state is `uncertain` (a probable typo may cover them; see diagnostics). */
  uncertainSections: number;
  /** Holders that are no known party or group (unknown codes; see `holder.uncertain` diagnostics). */
  uncertainHolders?: string[];
  diagnostics: StatusDiagnostic[];
}

/** Computes the status report of a parsed draft. */
export function draftStatus(draft: ParsedDraft, options: StatusOptions = {}): DraftStatus {
  const { paragraphs, sections } = draft;
  // Columns, not objects: status reads the parse's own table when it has one (bracket-table.ts).
  const brackets = bracketColumns(draft);
  const count = brackets.count;
  const packageDeal = options.packageDeal === true && count > 0;
  const finish = (state: BracketState): ReportedState =>
    packageDeal && state === 'clean' ? 'provisionally-agreed' : state;
  const uncertain = new Set<number>();
  for (const u of draft.uncertain ?? []) for (const s of u.sections) uncertain.add(s);
  const choices = alternativeColumns(draft);
  const tally = paragraphTallies(draft, brackets, choices);
  const units: Units = {
    draft,
    brackets,
    tally,
    altStarts: choices.starts,
    packageDeal,
    finish,
    scratch: new Names(),
    near: { brackets: 0, paragraphs: 0, choices: 0 },
  };
  const sums = paragraphSums(units);
  const counts = sectionBrackets(units);
  const sectionReports: SectionStatus[] = new Array(sections.length);
  for (let s = 0; s < sections.length; s++)
    sectionReports[s] = sectionStatus(units, sums, counts, s, uncertain.has(s));

  const total = sums.words[paragraphs.length] as number;
  const bracketed = sums.bracketed[paragraphs.length] as number;
  // The holders of every bracket, gathered by the tallies' pass over them.
  const holders = tally.documentHolders;
  for (let q = 0; q < sums.withHolders.length; q++)
    for (const h of (paragraphs[sums.withHolders[q] as number] as DraftParagraph).holders) holders.add(h);
  const has = count > 0 || bracketed > 0;
  const words = { total, bracketed };
  let uncertainSections = 0;
  for (const x of sectionReports) if (x.state === 'uncertain') uncertainSections++;
  return {
    schema: STATUS_SCHEMA,
    ...(draft.name === undefined ? {} : { name: draft.name }),
    packageDeal: options.packageDeal === true,
    state: finish(stateOf(has, total, bracketed)),
    brackets: tally.document,
    alternatives: choices.count,
    holders: [...holders].sort(),
    words,
    agreedPercent: percent(words, has),
    sections: sectionReports,
    qualifiers: qualifierCount(draft),
    notCounted: notCounted(draft),
    uncertainSections,
    ...(draft.uncertainHolders ? { uncertainHolders: draft.uncertainHolders } : {}),
    diagnostics: draft.diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      line: d.line,
      column: d.column,
      ...(d.snippet === undefined ? {} : { snippet: d.snippet }),
    })),
  };
}

/** What the section and paragraph reports are made from. */
interface Units {
  draft: ParsedDraft;
  brackets: BracketTable;
  tally: Tallies;
  /** Start of each choice between alternatives, in order. */
  altStarts: Int32Array;
  packageDeal: boolean;
  finish: (state: BracketState) => ReportedState;
  /** Reused by every section to gather its holders. */
  scratch: Names;
  /** The last section's answers of its searches (see `lowerBoundNear`). */
  near: { brackets: number; paragraphs: number; choices: number };
}

/**
 * Per section: the range `[lo, hi)` of the brackets starting in it (bounded searches of the
 * start column), and their counts: top-level (parent index below `lo`: starts are in order,
 * so the parent opened before the section), deepest level, unclosed, and `crossing` (top-level
 * ones whose parent is an earlier bracket, not none).
 */
interface SectionBrackets {
  lo: Int32Array;
  hi: Int32Array;
  topLevel: Int32Array;
  maxDepth: Int32Array;
  unclosed: Int32Array;
  crossing: Int32Array;
}

/**
 * The bracket counts of every section, children before parents, so that a part does not walk
 * again the brackets of its articles: a subsection's counts are taken as they are when none
 * of its top-level brackets has a parent (then each is top-level in the parent section too,
 * and its nested ones are not), and the parent walks only the brackets outside its
 * subsections. Otherwise (a bracket open across a heading; subsections out of order) the
 * parent walks its whole range, as every section once did.
 */
function sectionBrackets(units: Units): SectionBrackets {
  const { brackets } = units;
  const { sections } = units.draft;
  const n = sections.length;
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  const topLevel = new Int32Array(n);
  const maxDepth = new Int32Array(n);
  const unclosed = new Int32Array(n);
  const crossing = new Int32Array(n);
  // Direct subsections, in order: first child and next sibling (-1: none).
  const firstChild = new Int32Array(n).fill(-1);
  const nextSibling = new Int32Array(n).fill(-1);
  const lastChild = new Int32Array(n).fill(-1);
  for (let s = 0; s < n; s++) {
    const section = sections[s] as DraftSection;
    // Searched from the last section's answer (sections are in order), the end from the start.
    lo[s] = lowerBoundNear(brackets.start, brackets.count, section.start, s > 0 ? (lo[s - 1] as number) : 0);
    const from = lo[s] as number;
    hi[s] = Math.max(from, lowerBoundNear(brackets.start, brackets.count, section.end, from));
    const up = section.parent;
    if (up < 0 || up >= s) continue;
    if (lastChild[up] === -1) firstChild[up] = s;
    else nextSibling[lastChild[up] as number] = s;
    lastChild[up] = s;
  }
  const acc = new Int32Array(4);
  for (let s = n - 1; s >= 0; s--) {
    const from = lo[s] as number;
    const to = hi[s] as number;
    acc.fill(0);
    let k = from;
    let whole = false;
    for (let c = firstChild[s] as number; c >= 0; c = nextSibling[c] as number) {
      const clo = lo[c] as number;
      const chi = hi[c] as number;
      if (clo < k || chi > to || crossing[c] !== 0) {
        whole = true;
        break;
      }
      walkBrackets(brackets, from, k, clo, acc);
      acc[0] = (acc[0] as number) + (topLevel[c] as number);
      if ((maxDepth[c] as number) > (acc[1] as number)) acc[1] = maxDepth[c] as number;
      acc[2] = (acc[2] as number) + (unclosed[c] as number);
      k = chi;
    }
    if (whole) {
      acc.fill(0);
      walkBrackets(brackets, from, from, to, acc);
    } else walkBrackets(brackets, from, k, to, acc);
    topLevel[s] = acc[0] as number;
    maxDepth[s] = acc[1] as number;
    unclosed[s] = acc[2] as number;
    crossing[s] = acc[3] as number;
  }
  return { lo, hi, topLevel, maxDepth, unclosed, crossing };
}

/** Adds to `acc` (top-level, deepest, unclosed, crossing) the brackets `[from, to)` of a section starting at bracket `lo`. */
function walkBrackets(brackets: BracketTable, lo: number, from: number, to: number, acc: Int32Array): void {
  const { parent, depth, closed } = brackets;
  let top = acc[0] as number;
  let deepest = acc[1] as number;
  let open = acc[2] as number;
  let crossing = acc[3] as number;
  for (let k = from; k < to; k++) {
    const up = parent[k] as number;
    if (up < lo) {
      top++;
      if (up >= 0) crossing++;
    }
    const d = depth[k] as number;
    if (d > deepest) deepest = d;
    if (closed[k] === 0) open++;
  }
  acc[0] = top;
  acc[1] = deepest;
  acc[2] = open;
  acc[3] = crossing;
}

/**
 * Per paragraph, in one pass: prefix sums of words (all, and outside headings) and of
 * contested numbers, so a section's totals are two look-ups whatever its size; the
 * paragraphs with holders of their own, in order; and each section's own body and footnote
 * paragraph reports, in order.
 */
interface ParagraphSums {
  words: Int32Array;
  bracketed: Int32Array;
  bodyWords: Int32Array;
  bodyBracketed: Int32Array;
  contested: Int32Array;
  withHolders: Int32Array;
  own: ParagraphStatus[][];
}

function paragraphSums(units: Units): ParagraphSums {
  const { paragraphs, sections } = units.draft;
  const n = paragraphs.length;
  const words = new Int32Array(n + 1);
  const bracketed = new Int32Array(n + 1);
  const bodyWords = new Int32Array(n + 1);
  const bodyBracketed = new Int32Array(n + 1);
  const contested = new Int32Array(n + 1);
  const withHolders: number[] = [];
  const own: ParagraphStatus[][] = new Array(sections.length);
  for (let s = 0; s < sections.length; s++) own[s] = [];
  for (let p = 0; p < n; p++) {
    const para = paragraphs[p] as DraftParagraph;
    const w = para.words;
    const b = para.bracketedWords;
    const kind = para.kind;
    words[p + 1] = (words[p] as number) + w;
    bracketed[p + 1] = (bracketed[p] as number) + b;
    const body = kind !== 'heading';
    bodyWords[p + 1] = (bodyWords[p] as number) + (body ? w : 0);
    bodyBracketed[p + 1] = (bodyBracketed[p] as number) + (body ? b : 0);
    contested[p + 1] = (contested[p] as number) + (para.contested ? 1 : 0);
    if (para.holders.length > 0) withHolders.push(p);
    if (kind !== 'body' && kind !== 'footnote') continue;
    const s = para.section;
    // Reported in its section only when it lies in the section's range (as a walk of the
    // range would find it).
    const section = sections[s];
    if (section !== undefined && p >= section.firstParagraph && p < section.endParagraph)
      (own[s] as ParagraphStatus[]).push(paragraphStatus(units, p));
  }
  return {
    words,
    bracketed,
    bodyWords,
    bodyBracketed,
    contested,
    withHolders: Int32Array.from(withHolders),
    own,
  };
}

/**
 * The status of section `s`: its brackets are those starting in its range (found by binary
 * search, as they are in order), its words and holders those of its paragraphs (subsections
 * included), its `paragraphs` its own body and footnote paragraphs.
 */
function sectionStatus(
  units: Units,
  sums: ParagraphSums,
  counts: SectionBrackets,
  s: number,
  doubtful: boolean,
): SectionStatus {
  const { tally } = units;
  const { paragraphs, sections } = units.draft;
  const section = sections[s] as DraftSection;
  const lo = counts.lo[s] as number;
  const hi = counts.hi[s] as number;
  const topLevel = counts.topLevel[s] as number;
  const maxDepth = counts.maxDepth[s] as number;
  const unclosed = counts.unclosed[s] as number;
  // Holders of the brackets in the section: of the few brackets with holders, those in [lo, hi).
  // Gathered in a scratch list, then copied at its size (most sections have a few holders).
  const holders = units.scratch;
  holders.clear();
  const { withHolders, withLists } = tally;
  const { near } = units;
  const firstHeld = lowerBoundNear(withHolders, withHolders.length, lo, near.brackets);
  near.brackets = firstHeld;
  for (let q = firstHeld; q < withHolders.length && (withHolders[q] as number) < hi; q++)
    holders.addAll(withLists[q] as string[]);
  const first = section.firstParagraph;
  const last = Math.max(first, section.endParagraph);
  const total = (sums.words[last] as number) - (sums.words[first] as number);
  const bracketed = (sums.bracketed[last] as number) - (sums.bracketed[first] as number);
  const bodyTotal = (sums.bodyWords[last] as number) - (sums.bodyWords[first] as number);
  const bodyBracketed = (sums.bodyBracketed[last] as number) - (sums.bodyBracketed[first] as number);
  const contested = (sums.contested[last] as number) > (sums.contested[first] as number);
  // Holders of the paragraphs in the range: of the paragraphs with holders, those in it.
  const paraHolders = sums.withHolders;
  const firstHolding = lowerBoundNear(paraHolders, paraHolders.length, first, near.paragraphs);
  near.paragraphs = firstHolding;
  for (let q = firstHolding; q < paraHolders.length && (paraHolders[q] as number) < last; q++)
    holders.addAll((paragraphs[paraHolders[q] as number] as DraftParagraph).holders);
  const { altStarts } = units;
  const firstChoice = lowerBoundNear(altStarts, altStarts.length, section.start, near.choices);
  near.choices = firstChoice;
  const choices = lowerBoundNear(altStarts, altStarts.length, section.end, firstChoice) - firstChoice;
  const own = sums.own[s] as ParagraphStatus[];
  const has = hi > lo || bracketed > 0 || contested;
  // A section is judged by its text: the heading counts only when there is nothing else.
  const words = bodyTotal > 0 ? wordCounts(bodyTotal, bodyBracketed) : wordCounts(total, bracketed);
  const state = stateOf(has, words.total, words.bracketed);
  return sectionObject(
    section,
    section.parent >= 0 ? (sections[section.parent] as DraftSection).id : null,
    doubtful ? 'uncertain' : units.finish(state),
    doubtful ? state : undefined,
    {
      brackets: bracketCounts(hi - lo, topLevel, maxDepth, unclosed),
      alternatives: choices,
      holders: holders.take(),
      words,
      agreedPercent: percent(words, has),
    },
    own,
  );
}

/**
 * A section's report, keys in their documented order. Literals for the usual cases (with or
 * without a number, not uncertain) rather than spreads of optional keys, which cost two
 * objects and a slow copy per section.
 */
function sectionObject(
  section: DraftSection,
  parent: string | null,
  state: ReportedState,
  bestEffortState: BracketState | undefined,
  unit: Omit<UnitStatus, 'state'>,
  paragraphs: ParagraphStatus[],
): SectionStatus {
  const { id, kind, number, title, level, line } = section;
  const label = sectionLabel(section);
  const { brackets, alternatives, holders, words, agreedPercent } = unit;
  if (bestEffortState !== undefined)
    return {
      id,
      label,
      kind,
      ...(number === undefined ? {} : { number }),
      title,
      level,
      parent,
      line,
      state,
      bestEffortState,
      brackets,
      alternatives,
      holders,
      words,
      agreedPercent,
      paragraphs,
    };
  if (number === undefined)
    return {
      id,
      label,
      kind,
      title,
      level,
      parent,
      line,
      state,
      brackets,
      alternatives,
      holders,
      words,
      agreedPercent,
      paragraphs,
    };
  return {
    id,
    label,
    kind,
    number,
    title,
    level,
    parent,
    line,
    state,
    brackets,
    alternatives,
    holders,
    words,
    agreedPercent,
    paragraphs,
  };
}

/** Distinct names, gathered in one reused list (`names[0, count)`), taken as a list of their own. */
class Names {
  private readonly names: string[] = [];
  private count = 0;

  clear(): void {
    this.count = 0;
  }

  /** Adds the names of `from` not gathered yet, in order. */
  addAll(from: readonly string[]): void {
    for (let i = 0; i < from.length; i++) {
      const h = from[i] as string;
      let k = 0;
      while (k < this.count && this.names[k] !== h) k++;
      if (k === this.count) this.names[this.count++] = h;
    }
  }

  /** The names sorted, as a new list (the shared frozen one for a single name). */
  take(): string[] {
    if (this.count === 0) return [];
    if (this.count === 1) return sharedOne(this.names[0] as string, undefined);
    return sortShort(this.names.slice(0, this.count));
  }
}

/**
 * `list` sorted in place as `Array.prototype.sort` sorts strings (by UTF-16 code units, which
 * `<` compares too); by insertion when short, as holder lists are (one or two names).
 */
function sortShort(list: string[]): string[] {
  if (list.length > 8) return list.sort();
  for (let i = 1; i < list.length; i++) {
    const x = list[i] as string;
    let j = i - 1;
    while (j >= 0 && (list[j] as string) > x) {
      list[j + 1] = list[j] as string;
      j--;
    }
    list[j + 1] = x;
  }
  return list;
}

/**
 * Frozen one-name holder lists, shared by every unit held by that one party or group (most
 * units with holders): fewer kept objects for the collector. Correct for any text (a list
 * stands for its one name); capped so that a long-running process reading many drafts with
 * unknown codes does not keep them all.
 */
const ONE_HOLDER = new Map<string, string[]>();

/** The shared frozen `[name]`, or `list` (already `[name]`; a new `[name]` without it) once the cap is reached. */
function sharedOne(name: string, list: string[] | undefined): string[] {
  const shared = ONE_HOLDER.get(name);
  if (shared !== undefined) return shared;
  if (ONE_HOLDER.size >= 512) return list ?? [name];
  const fresh = Object.freeze([name]) as unknown as string[];
  ONE_HOLDER.set(name, fresh);
  return fresh;
}

/** The status of paragraph `p`, from its parse and the tallies of its brackets. */
function paragraphStatus(units: Units, p: number): ParagraphStatus {
  const { tally } = units;
  const para = units.draft.paragraphs[p] as DraftParagraph;
  const slot = tally.holderSlot[p] as number;
  const own = slot > 0 ? tally.holderLists[slot - 1] : undefined;
  let holders: string[];
  // Most paragraphs have no holders: they share the one frozen empty list (lists.ts).
  if (own === undefined && para.holders.length === 0) holders = EMPTY;
  else if (
    own !== undefined &&
    tally.borrowed[slot - 1] === 1 &&
    para.holders.length === 0 &&
    own.length === 1
  )
    // One bracket with one holder (the usual case): the shared list of that name, no copy.
    holders = sharedOne(own[0] as string, undefined);
  else {
    // The tally's own list (each paragraph is reported once, so it is not shared), or a copy
    // of the one bracket's list it borrowed.
    if (own === undefined) holders = [];
    else if (tally.borrowed[slot - 1] === 1) {
      holders = [];
      addAll(holders, own);
    } else holders = own;
    if (para.holders.length > 0) addAll(holders, para.holders);
    holders = holders.length === 1 ? sharedOne(holders[0] as string, holders) : sortShort(holders);
  }
  const total = tally.total[p] as number;
  const words = wordCounts(para.words, para.bracketedWords);
  const contested = para.contested;
  const has = total > 0 || para.bracketedWords > 0 || contested;
  const id = para.id;
  const label = paragraphLabel(para);
  const kind = para.kind;
  const line = para.line;
  const state = contested ? 'wholly-bracketed' : stateOf(has, words.total, words.bracketed);
  const reported: ReportedState = units.packageDeal && state === 'clean' ? 'provisionally-agreed' : state;
  const counts = bracketCounts(
    total,
    tally.topLevel[p] as number,
    tally.maxDepth[p] as number,
    tally.unclosed[p] as number,
  );
  const alternatives = tally.alternatives[p] as number;
  const agreedPercent = percent(words, has);
  // Two literals rather than a spread of an optional `number` (one object per paragraph,
  // not two): the keys keep the same order either way.
  return para.number === undefined
    ? {
        id,
        label,
        kind,
        line,
        contested,
        state: reported,
        brackets: counts,
        alternatives,
        holders,
        words,
        agreedPercent,
      }
    : {
        id,
        label,
        kind,
        number: para.number,
        line,
        contested,
        state: reported,
        brackets: counts,
        alternatives,
        holders,
        words,
        agreedPercent,
      };
}

/**
 * Shared frozen count objects for small values (most paragraphs and many sections): one
 * object per distinct set of counts instead of one per unit, filled as values occur. The
 * report is kept, so each object it holds survives to the old generation: fewer of them is
 * less garbage-collector work. Correct for any text: an object stands for its values alone.
 */
const SMALL_COUNTS: (BracketCounts | undefined)[] = new Array(1 << 14);
const SMALL_WORDS: (WordCounts | undefined)[] = new Array(1 << 14);

/** `{ total, topLevel, maxDepth, unclosed }`, shared and frozen when all are small. */
function bracketCounts(total: number, topLevel: number, maxDepth: number, unclosed: number): BracketCounts {
  if (total >= 16 || topLevel >= 16 || maxDepth >= 16 || unclosed >= 4)
    return { total, topLevel, maxDepth, unclosed };
  const key = (((((total << 4) | topLevel) << 4) | maxDepth) << 2) | unclosed;
  let counts = SMALL_COUNTS[key];
  if (counts === undefined) {
    counts = Object.freeze({ total, topLevel, maxDepth, unclosed }) as BracketCounts;
    SMALL_COUNTS[key] = counts;
  }
  return counts;
}

/** `{ total, bracketed }`, shared and frozen when both are small. */
function wordCounts(total: number, bracketed: number): WordCounts {
  if (total >= 128 || bracketed >= 128 || bracketed < 0) return { total, bracketed };
  const key = (total << 7) | bracketed;
  let words = SMALL_WORDS[key];
  if (words === undefined) {
    words = Object.freeze({ total, bracketed }) as WordCounts;
    SMALL_WORDS[key] = words;
  }
  return words;
}

/** Bracket counts of the whole document (status counts them with the tallies: status-tallies.ts). */
export function documentCounts(brackets: BracketTable): BracketCounts {
  let maxDepth = 0;
  let topLevel = 0;
  let unclosed = 0;
  for (let k = 0; k < brackets.count; k++) {
    if ((brackets.depth[k] as number) > maxDepth) maxDepth = brackets.depth[k] as number;
    if ((brackets.parent[k] as number) < 0) topLevel++;
    if (brackets.closed[k] === 0) unclosed++;
  }
  return { total: brackets.count, topLevel, maxDepth, unclosed };
}

/**
 * Pairs that are not negotiation brackets, by the family a reader recognises: counted by
 * runs of one rule at a time (a dense draft has an annotation every 150 characters, of a few
 * rules), each run's rule looked up once; rules of no family (holder directives) add nothing.
 */
function notCounted(draft: ParsedDraft): DraftStatus['notCounted'] {
  const counts = new Map<string, number>();
  countFamilies(draft.ignored, counts);
  countFamilies(draft.annotations, counts);
  const byKind: { kind: string; count: number }[] = [];
  counts.forEach((count, kind) => {
    byKind.push({ kind, count });
  });
  byKind.sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
  let total = 0;
  for (const k of byKind) total += k.count;
  return { total, byKind };
}

/** Adds to `counts` the items of `list` by the family of their rule. */
function countFamilies(list: readonly { rule: string }[], counts: Map<string, number>): void {
  let i = 0;
  while (i < list.length) {
    const rule = (list[i] as { rule: string }).rule;
    let j = i + 1;
    while (j < list.length && (list[j] as { rule: string }).rule === rule) j++;
    const kind = NOTE_FAMILY[rule];
    if (kind) counts.set(kind, (counts.get(kind) ?? 0) + (j - i));
    i = j;
  }
}

export function stateOf(hasBrackets: boolean, total: number, bracketed: number): BracketState {
  if (!hasBrackets) return 'clean';
  if (total > 0 && bracketed >= total) return 'wholly-bracketed';
  return 'partly-bracketed';
}

export function percent(words: WordCounts, hasBrackets: boolean): number {
  if (words.total === 0) return hasBrackets ? 0 : 100;
  return Math.round((1000 * (words.total - words.bracketed)) / words.total) / 10;
}

/**
 * Finds a section by what a user would type: its id ("C9", "article-6"), its number
 * ("III"), its label ("Action Line C9", "Article 6") or a unique part of its title
 * ("media"). Returns the index, or the ids of the candidates when the query is ambiguous
 * or matches nothing.
 */
export function findSection(draft: ParsedDraft, query: string): { index: number } | { candidates: string[] } {
  const found = matchSections(draft.sections, query);
  if (found.length === 1) return { index: found[0] as number };
  return { candidates: found.map((i) => (draft.sections[i] as DraftSection).id) };
}

/** The status restricted to one section and its subsections (document totals unchanged). */
export function focusSection(status: DraftStatus, draft: ParsedDraft, index: number): DraftStatus {
  const keep = new Set<number>([index]);
  for (let i = index + 1; i < draft.sections.length; i++) {
    const s = draft.sections[i] as DraftSection;
    if (keep.has(s.parent)) keep.add(i);
  }
  return { ...status, sections: status.sections.filter((_, i) => keep.has(i)) };
}
