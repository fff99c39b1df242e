import type { Diagnostic } from '../diagnostics.js';
import { BracketTable } from './bracket-table.js';
import { sectionLabel } from './labels.js';
import { EMPTY, grown, lowerBound } from './lists.js';
import { PairMemo } from './pair-memo.js';
import { NextOf, type PairTable, pairTokens, releasePairs, type Stray } from './pair-tokens.js';
import type { PartyTable } from './parties.js';
import { type AnnotationRule, classifyPair, type IgnoredRule, type PairContext, PLAIN } from './rules.js';
import type { Structure } from './structure.js';
import type {
  BracketKind,
  DraftAnnotation,
  DraftBracket,
  DraftLimits,
  DraftParagraph,
  DraftSection,
} from './types.js';

/**
 * The bracket scan: one linear pass over the paragraphs finds every `[` and `]` (skipping
 * Markdown code spans, honouring `\[` escapes), a stack pairs them across paragraphs and
 * sections, the rules table classifies each pair, and recovery gives unclosed brackets a
 * best-effort end so that no text is lost and one missing `]` does not swallow the rest of
 * the draft.
 *
 * One piece (over 500 lines) because its four steps (pair, classify, judge spans across
 * sections, recover) share the pairing arrays and hand each other partial results; the
 * rules themselves live in rules.ts.
 */

/**
 * An annotation as the scan found it. Made with every field of the parse's annotation, in its
 * order: its line, column and target (-1 here) are set when the parse attaches it, and the
 * object is the parse's (one object per annotation, not a second one copied from this).
 */
export interface ScannedAnnotation extends DraftAnnotation {
  rule: AnnotationRule;
}

/** What the scan hands to `parseDraft`: brackets, annotations, ignored pairs, ranges not counted, diagnostics. */
export interface ScanResult {
  /** In order of start; `buildTree` fills in nesting and positions. */
  brackets: BracketTable;
  annotations: ScannedAnnotation[];
  ignored: { rule: IgnoredRule; start: number; end: number }[];
  /** Ranges whose words are not counted (flat pairs start, end). */
  excluded: number[];
  /** Paragraph numbers in brackets: the paragraph is contested. */
  contested: number[];
  /** Pairs that crossed sections and were judged probable typos (split into unclosed + stray). */
  uncertain: { start: number; end: number; openParagraph: number; closeParagraph: number }[];
  diagnostics: Omit<Diagnostic, 'line' | 'column'>[];
}

/** The text, its structure and the tables the scan needs. */
export interface ScanInput {
  limits: DraftLimits;
  text: string;
  structure: Structure;
  markdown: boolean;
  parties: PartyTable;
  /** Remember answers by content (pair-memo.ts); `false` only in the test that compares both ways. */
  memo?: boolean;
}

/** A bracket object with every field present (so all brackets share one shape), positions to be filled. */
function newBracket(
  kind: BracketKind,
  start: number,
  end: number,
  openLength: number,
  closeLength: number,
  closed: boolean,
  paragraph: number,
  holders: string[],
): DraftBracket {
  return {
    id: 0,
    kind,
    start,
    end,
    openLength,
    closeLength,
    closed,
    line: 0,
    column: 0,
    endLine: 0,
    endColumn: 0,
    depth: 0,
    parent: -1,
    section: 0,
    paragraph,
    words: 0,
    holders,
    notes: EMPTY,
  };
}

/** Signs of MediaWiki source: bold or italic quotes, <ref>, templates, "== Heading ==" lines. */
const WIKI_MARKUP = /'''|''[A-Za-z]|<ref[\s>]|\{\{[^}\n]{1,200}\}\}|^={2,5}[^=\n]{1,100}={2,5}\s*$/m;

/**
 * Offsets of the words "bracket", "brackets", "bracketed", "bracketing", any case (explainers
 * of the notation use them): the matches of /\bbracket(?:s|ed|ing)?\b/gi, found from the
 * draft's letters k (one native search for "k" and "K", rare in text, instead of a regular
 * expression tried at every character), at most 10,001.
 */
export function notationWords(text: string): number[] {
  const out: number[] = [];
  const ks = new NextOf(text, ['k', 'K']);
  for (let k = ks.next(4); k >= 0; k = ks.next(k + 1)) {
    if (!notationWordAt(text, k - 4)) continue;
    out.push(k - 4);
    if (out.length > 10_000) break;
  }
  return out;
}

/** "bracket" (any case) at `at`, not inside a word, with "s", "ed", "ing" or nothing after it, then no word character. */
function notationWordAt(text: string, at: number): boolean {
  if (at > 0 && isWordCode(text.charCodeAt(at - 1))) return false;
  for (let i = 0; i < 7; i++) if ((text.charCodeAt(at + i) | 32) !== BRACKET.charCodeAt(i)) return false;
  const end = at + 7;
  if (!isWordCode(text.charCodeAt(end))) return true;
  for (const suffix of SUFFIXES) {
    let i = 0;
    while (i < suffix.length && (text.charCodeAt(end + i) | 32) === suffix.charCodeAt(i)) i++;
    if (i === suffix.length && !isWordCode(text.charCodeAt(end + i))) return true;
  }
  return false;
}

const BRACKET = 'bracket';
const SUFFIXES = ['s', 'ed', 'ing'];

/** A character of \w (ASCII letters, digits, "_"); NaN (past the end) is none. */
function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** Maximum diagnostics of one code before the rest are summarised in one line. */
export const MAX_DIAGNOSTICS_PER_CODE = 100;

/** Finds, pairs, classifies and (for malformed input) recovers every bracket of a draft, in time linear in its length (plus a log factor for recovery). */
export function scanBrackets(input: ScanInput): ScanResult {
  const pairs = pairTokens(
    input.text,
    input.structure.paragraphs,
    input.markdown,
    input.limits.maxBrackets,
    true,
  );
  const result: ScanResult = {
    brackets: new BracketTable(pairs.count),
    annotations: [],
    ignored: [],
    excluded: [],
    contested: [],
    uncertain: [],
    diagnostics: [],
  };
  const diagnostics = new DiagnosticSink(result.diagnostics);
  const classified = classifyPairs(input, pairs, result);
  const stray = pairs.stray;
  const accepted = judgeCrossing(input, classified, result, stray, diagnostics);
  recover(input, result, accepted, classified.unclosed, stray, diagnostics);
  diagnostics.finish();
  // Only when the scan ends normally: a draft refused part way leaves the table to the collector.
  releasePairs(pairs);
  return result;
}

type Unclosed = { at: number; length: number; paragraph: number; reason?: string };

/** Pairs classified in step 2: those crossing sections wait for step 3; unclosed ones for step 4. */
interface Classified {
  pending: DraftBracket[];
  pendingClosePara: number[];
  pendingParentUnclosed: boolean[];
  unclosed: Unclosed[];
}

/** The context of the draft's pairs, its per-pair fields to be set for each pair. */
function draftContext(input: ScanInput): PairContext {
  const { text, structure } = input;
  return {
    text,
    open: 0,
    openLength: 1,
    close: 0,
    closeLength: 1,
    sameParagraph: true,
    paragraphStart: 0,
    markdown: input.markdown,
    escaped: false,
    references: structure.references,
    wikitext: WIKI_MARKUP.test(text.length > 200_000 ? text.slice(0, 200_000) : text),
    notationWords: notationWords(text),
    longestReference: [...structure.references].reduce((n, r) => Math.max(n, r.length), 0),
    parties: input.parties,
    content: undefined,
  };
}

function classifyPairs(input: ScanInput, pairs: PairTable, result: ScanResult): Classified {
  const {
    open: pairOpen,
    openLen: pairOpenLen,
    openPara: pairOpenPara,
    close: pairClose,
    closeLen: pairCloseLen,
    closePara: pairClosePara,
    parent: pairParent,
  } = pairs;
  const pairCount = pairs.count;
  const { brackets, annotations } = result;
  // Ranges gathered in a typed list and handed over as one array of their exact size: pushed
  // one by one, the array's store was copied at each growth (a third of the scan's garbage).
  const excluded = new OffsetList();
  // 2. Classify, outermost first, so everything inside an annotation or link is ignored.
  // Pairs within one section go straight to the result's table, in order; the few that cross
  // sections wait for step 3 as bracket objects, with what it needs beside them.
  const pending: DraftBracket[] = [];
  const pendingClosePara: number[] = [];
  const pendingParentUnclosed: boolean[] = [];
  // Enclosing pairs that ignore the pairs inside them (annotations, links), still open: only
  // those are kept, since pairs are nested and nothing is classified inside them, so a pair
  // inside a negotiation bracket is blocked only when that bracket is itself inside one of them.
  const blocking = new BlockingStack();
  const skipSecond = new Set<number>();
  // One context object, updated per pair: classification runs for every bracket in the draft.
  const ctx = draftContext(input);
  const unclosed: Unclosed[] = [];
  // Answers by content, for the contents met again (pair-memo.ts says why this is exact).
  const memo = input.memo === false ? undefined : new PairMemo(pairCount, 2 * input.text.length, pairs);
  // Paragraph starts and sections as pairTokens read them (no paragraph object read per pair).
  const { paraStart, paraSection } = pairs;
  for (let k = 0; k < pairCount; k++) {
    const open = pairOpen[k] as number;
    const close = pairClose[k] as number;
    if (close < 0) {
      // Never closed: recovered below. Nothing after it is inside it until then.
      unclosed.push({ at: open, length: pairOpenLen[k] as number, paragraph: pairOpenPara[k] as number });
      continue;
    }
    const closeLen = pairCloseLen[k] as number;
    const end = close + closeLen;
    const blocker = blocking.around(open);
    const second = skipSecond.size > 0 && skipSecond.has(open);
    if (blocker !== NOT_BLOCKED || second) {
      const rule: IgnoredRule = second
        ? 'link-reference'
        : blocker === IN_ANNOTATION
          ? 'inside-annotation'
          : 'inside-link';
      result.ignored.push({ rule, start: open, end });
      blocking.push(end, blocker === NOT_BLOCKED ? IN_LINK : blocker);
      continue;
    }
    const openLen = pairOpenLen[k] as number;
    const openPara = pairOpenPara[k] as number;
    const closePara = pairClosePara[k] as number;
    ctx.open = open;
    ctx.openLength = openLen;
    ctx.close = close;
    ctx.closeLength = closeLen;
    ctx.sameParagraph = openPara === closePara;
    ctx.paragraphStart = paraStart[openPara] as number;
    ctx.escaped = openLen === 2;
    const cls = memo ? memo.classify(ctx, k) : classifyPair(ctx);
    // The common answer first, by identity (answers come in many shapes: reading their type costs more).
    if (cls === PLAIN && (openPara === closePara || paraSection[openPara] === paraSection[closePara])) {
      brackets.addPlain(open, end, openLen, closeLen, openPara);
      continue;
    }
    if (cls.type === 'ignored') {
      result.ignored.push({ rule: cls.rule, start: open, end });
      const link = cls.rule === 'link-inline' || cls.rule === 'link-reference';
      if (link) {
        // Link text is prose and its words count; the brackets and the target do not.
        excluded.push(open, open + openLen);
        excluded.push(close, end);
        if (cls.exclude) excluded.push(cls.exclude[0], cls.exclude[1]);
        if (cls.rule === 'link-reference' && cls.exclude) skipSecond.add(cls.exclude[0]);
      } else {
        excluded.push(open, end);
      }
      blocking.push(end, link ? IN_LINK : IN_ANNOTATION);
      continue;
    }
    if (cls.type === 'annotation') {
      // The holders list is the answer's, shared by every annotation of its content (the
      // memo's answer): nothing changes an annotation's list (the parse gives the bracket or
      // paragraph it speaks about a list of its own, lists.ts `withItem`).
      annotations.push({
        rule: cls.rule,
        role: cls.role,
        start: open,
        end,
        line: 0,
        column: 0,
        holders: cls.holders,
        note: cls.note,
        target: -1,
        paragraph: openPara,
      });
      excluded.push(open, end);
      blocking.push(end, IN_ANNOTATION);
      continue;
    }
    if (cls.exclude) for (const [s, e] of cls.exclude) excluded.push(s, e);
    if (openPara === closePara || paraSection[openPara] === paraSection[closePara]) {
      brackets.add(cls.kind, open, end, openLen, closeLen, true, openPara, cls.holders ?? EMPTY, cls.option);
      if (cls.kind === 'paragraph-number') result.contested.push(openPara);
      continue;
    }
    const bracket = newBracket(cls.kind, open, end, openLen, closeLen, true, openPara, cls.holders ?? EMPTY);
    if (cls.option !== undefined) bracket.option = cls.option;
    pending.push(bracket);
    pendingClosePara.push(closePara);
    pendingParentUnclosed.push(
      (pairParent[k] as number) >= 0 && (pairClose[pairParent[k] as number] as number) < 0,
    );
  }
  result.excluded = excluded.toArray();
  return { pending, pendingClosePara, pendingParentUnclosed, unclosed };
}

/** Ranges (start, end) in an Int32Array grown by doubling, off the collected heap until `toArray`. */
class OffsetList {
  private items = new Int32Array(64);
  private length = 0;

  push(start: number, end: number): void {
    const n = this.length;
    if (n + 2 > this.items.length) this.items = grown(this.items, this.items.length * 2);
    this.items[n] = start;
    this.items[n + 1] = end;
    this.length = n + 2;
  }

  /** The ranges as a plain array of exactly their length (made at once, not grown). */
  toArray(): number[] {
    const n = this.length;
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.items[i] as number;
    return out;
  }
}

/** What an enclosing pair makes of the pairs inside it: nothing, or ignored (inside an annotation, inside a link). */
const NOT_BLOCKED = 0;
const IN_ANNOTATION = 1;
const IN_LINK = 2;

/** The enclosing pairs that ignore the pairs inside them, innermost last, as two typed arrays (no object per pair). */
class BlockingStack {
  private ends = new Int32Array(16);
  private blocks = new Uint8Array(16);
  private depth = 0;

  /** What the innermost of them still open at `at` makes of a pair opening there (those ended before are dropped). */
  around(at: number): number {
    let depth = this.depth;
    while (depth > 0 && (this.ends[depth - 1] as number) <= at) depth--;
    this.depth = depth;
    return depth > 0 ? (this.blocks[depth - 1] as number) : NOT_BLOCKED;
  }

  push(end: number, blocks: number): void {
    const depth = this.depth;
    if (depth === this.ends.length) {
      this.ends = grown(this.ends, depth * 2);
      this.blocks = grown(this.blocks, depth * 2);
    }
    this.ends[depth] = end;
    this.blocks[depth] = blocks;
    this.depth = depth + 1;
  }
}

/** Step 3 (below): which pairs that cross sections are structural, and which are probable typos. */
function judgeCrossing(
  input: ScanInput,
  classified: Classified,
  result: ScanResult,
  stray: Stray[],
  diagnostics: DiagnosticSink,
): DraftBracket[] {
  const { text, structure } = input;
  const paragraphs = structure.paragraphs;
  const { pending, pendingClosePara, pendingParentUnclosed, unclosed } = classified;
  // 3. A pair that crosses into another section must look like a structural bracket:
  //    opened on a heading line, or at the very start of its section's text when it closes
  //    at the end of that section (subsections included); and it must close at the end of
  //    a section. A bracket opened in the middle of a section that runs over the headings of
  //    later sections is a probable typo (a missing "]"): it is read as unclosed, its
  //    closing bracket as stray, and the sections it would cover are reported as uncertain.
  const accepted: DraftBracket[] = [];
  const sections = structure.sections;
  for (let q = 0; q < pending.length; q++) {
    const bracket = pending[q] as DraftBracket;
    const b: PendingBracket = {
      parentUnclosed: pendingParentUnclosed[q] as boolean,
      start: bracket.start,
      openLength: bracket.openLength,
      close: bracket.end - bracket.closeLength,
      closeLength: bracket.closeLength,
      openPara: bracket.paragraph,
      closePara: pendingClosePara[q] as number,
    };
    const openPara = paragraphs[b.openPara] as DraftParagraph;
    const openSection = openPara.section;
    const closeSection = (paragraphs[b.closePara] as DraftParagraph).section;
    const closeEnd = b.close + b.closeLength;
    const endsSection = closesSectionEnd(text, paragraphs, b.closePara, closeEnd);
    const inHeading = openPara.kind === 'heading';
    const wholeSections =
      !inHeading &&
      opensAtStart(text, openPara, b.start) &&
      startsSectionText(text, paragraphs, sections[openSection] as DraftSection, b.openPara);
    // Signs of a typo in a pair that otherwise looks structural: the enclosing bracket is
    // left unclosed (the closing bracket may be its), or the bracket of one option runs over
    // the next option's label.
    const doubtful =
      b.parentUnclosed || (wholeSections && swallowsNextOption(text, paragraphs, b.openPara, b.closePara));
    if (endsSection && (inHeading || wholeSections) && !doubtful) {
      accepted.push(bracket);
      continue;
    }
    const swallowed = headingsBetween(paragraphs, b.openPara, b.closePara);
    const midSection = !endsSection;
    unclosed.push({
      at: b.start,
      length: b.openLength,
      paragraph: b.openPara,
      reason: midSection
        ? `its only candidate closing bracket, at line {line:${b.close}}, is in the middle of ${label(sections[closeSection] as DraftSection)}`
        : `its candidate closing bracket, at line {line:${b.close}}, would make it swallow ${swallowed} heading${swallowed === 1 ? '' : 's'} up to ${label(sections[closeSection] as DraftSection)}`,
    });
    stray.push({ at: b.close, length: b.closeLength, paragraph: b.closePara });
    result.uncertain.push({
      start: b.start,
      end: closeEnd,
      openParagraph: b.openPara,
      closeParagraph: b.closePara,
    });
    // A closing bracket in the middle of a section is diagnosed by the unclosed/stray pair alone.
    if (midSection) continue;
    diagnostics.add({
      code: 'bracket.probable-typo',
      severity: 'warning',
      message: `This bracket would run from ${label(sections[openSection] as DraftSection)} to line {line:${b.close}} in ${label(sections[closeSection] as DraftSection)}, over ${swallowed} section heading${swallowed === 1 ? '' : 's'}, ${b.parentUnclosed ? 'while the bracket around it is never closed' : wholeSections ? "over the next option's label" : 'although it does not open a section'}: probably a missing "]" here or a stray "]" there. It is read as unclosed; the ${swallowed + 1} sections it would cover are reported as uncertain. Add the missing "]" (or remove the stray one) and post the draft again.`,
      offset: b.start,
    });
  }
  return accepted;
}

/** Step 4 (below): the result's brackets, and diagnostics for unclosed and stray brackets. */
function recover(
  input: ScanInput,
  result: ScanResult,
  accepted: DraftBracket[],
  unclosed: Unclosed[],
  stray: Stray[],
  diagnostics: DiagnosticSink,
): void {
  const { structure } = input;
  const paragraphs = structure.paragraphs;
  // 4. Brackets: accepted pairs plus recovered unclosed ones.
  if (accepted.length > 0) {
    for (const b of accepted) if (b.kind === 'paragraph-number') result.contested.push(b.paragraph);
    result.brackets = mergeByStart(result.brackets, accepted);
  }
  unclosed.sort((a, b) => a.at - b.at);
  if (unclosed.length > 0) {
    // Accepted brackets are already in order of their start (slots were taken in that order).
    const maxEnd = new RangeMax(result.brackets.start, result.brackets.end, result.brackets.count);
    const recovered: DraftBracket[] = [];
    for (const u of unclosed) {
      const para = paragraphs[u.paragraph] as DraftParagraph;
      const section = structure.sections[para.section] as DraftSection;
      const inHeading = para.kind === 'heading';
      let end = inHeading ? section.end : para.end;
      end = Math.max(end, maxEnd.query(u.at, end), u.at + u.length);
      recovered.push(newBracket('text', u.at, end, u.length, 0, false, u.paragraph, EMPTY));
      const until = inHeading ? `the end of ${label(section)}` : 'the end of its paragraph';
      diagnostics.add({
        code: 'bracket.unclosed',
        severity: 'warning',
        message: `Opening bracket is never closed${u.reason ? ` (${u.reason})` : ''}; it is assumed to run to ${until}. Add the missing "]" where the bracketed text ends.`,
        offset: u.at,
      });
    }
    result.brackets = mergeByStart(result.brackets, recovered);
  }
  stray.sort((a, b) => a.at - b.at);
  for (const s of stray) {
    diagnostics.add({
      code: 'bracket.stray-close',
      severity: 'warning',
      message:
        'Closing bracket has no opening bracket; it is kept as text. Remove it, or add the missing "[" where the bracketed text starts.',
      offset: s.at,
    });
  }
}

/** A pair that crosses sections, as step 3 judges it. */
interface PendingBracket {
  /** The bracket enclosing it when it opened is never closed: this closing bracket may be that one's. */
  parentUnclosed: boolean;
  start: number;
  openLength: number;
  close: number;
  closeLength: number;
  openPara: number;
  closePara: number;
}

/** How a section is named in messages: its heading with its number ("Article 4 (adaptation)"). */
function label(section: DraftSection): string {
  return sectionLabel(section);
}

/** No text of the section comes before paragraph `p`: only its heading, option labels alone on their line and page furniture. */
function startsSectionText(
  text: string,
  paragraphs: readonly DraftParagraph[],
  section: DraftSection,
  p: number,
): boolean {
  for (let q = section.firstParagraph; q < p; q++) {
    const para = paragraphs[q] as DraftParagraph;
    if (para.kind === 'heading' || para.kind === 'furniture') continue;
    if (para.option !== undefined && /^[\s*_:.]*$/.test(text.slice(para.bodyStart, para.end))) continue;
    return false;
  }
  return true;
}

/** The paragraph opening the bracket is (or follows) an option label, and a later paragraph up to `to` starts another option. */
function swallowsNextOption(
  text: string,
  paragraphs: readonly DraftParagraph[],
  from: number,
  to: number,
): boolean {
  let labelled = (paragraphs[from] as DraftParagraph).option !== undefined;
  for (let q = from - 1; !labelled && q >= 0; q--) {
    const para = paragraphs[q] as DraftParagraph;
    if (para.kind === 'furniture') continue;
    labelled = para.option !== undefined && /^[\s*_:.]*$/.test(text.slice(para.bodyStart, para.end));
    break;
  }
  if (!labelled) return false;
  for (let q = from + 1; q <= to; q++)
    if ((paragraphs[q] as DraftParagraph).option !== undefined) return true;
  return false;
}

/** Headings strictly after paragraph `from` up to paragraph `to`. */
function headingsBetween(paragraphs: readonly DraftParagraph[], from: number, to: number): number {
  let n = 0;
  for (let q = from + 1; q <= to; q++) if ((paragraphs[q] as DraftParagraph).kind === 'heading') n++;
  return n;
}

/** Only blanks, other openers, emphasis, quotes or the paragraph's number label before it. */
function opensAtStart(text: string, para: DraftParagraph, at: number): boolean {
  if (para.kind === 'heading') return true;
  const from = at >= para.bodyStart ? para.bodyStart : para.start;
  if (at - from > 40) return false;
  return /^[\s[*_"'\u201c\u2018(]*$/.test(text.slice(from, at));
}

/** The closing token ends the last paragraph of its section (closers, punctuation and footnote digits aside). */
function closesSectionEnd(
  text: string,
  paragraphs: readonly DraftParagraph[],
  p: number,
  after: number,
): boolean {
  const para = paragraphs[p] as DraftParagraph;
  if (para.end - after > 40 || !/^[\s\]).,;:*_"'\u201d\u2019\d]*$/.test(text.slice(after, para.end)))
    return false;
  for (let q = p + 1; q < paragraphs.length; q++) {
    const next = paragraphs[q] as DraftParagraph;
    if (next.kind === 'furniture') continue;
    return next.kind === 'heading' || next.section !== para.section;
  }
  return true;
}

/**
 * Maximum `end` of the brackets whose `start` lies in an interval, in O(log n) per query
 * (a segment tree over brackets sorted by start), so recovering many unclosed brackets
 * stays linear-logarithmic even on hostile input.
 */
class RangeMax {
  private readonly starts: Int32Array;
  private readonly tree: Int32Array;
  private readonly size: number;

  /** The first `count` brackets of `starts` and `ends`, in order of start. */
  constructor(starts: Int32Array, ends: Int32Array, count: number) {
    const n = Math.max(1, count);
    let size = 1;
    while (size < n) size <<= 1;
    this.size = size;
    this.starts = starts.subarray(0, count);
    this.tree = new Int32Array(2 * size).fill(-1);
    for (let i = 0; i < count; i++) this.tree[size + i] = ends[i] as number;
    for (let i = size - 1; i >= 1; i--)
      this.tree[i] = Math.max(this.tree[2 * i] as number, this.tree[2 * i + 1] as number);
  }

  /** Max end over brackets with from < start < to; -1 when there are none. */
  query(from: number, to: number): number {
    let lo = upperBound(this.starts, from);
    let hi = lowerBound(this.starts, to);
    let best = -1;
    lo += this.size;
    hi += this.size;
    while (lo < hi) {
      if (lo & 1) best = Math.max(best, this.tree[lo++] as number);
      if (hi & 1) best = Math.max(best, this.tree[--hi] as number);
      lo >>= 1;
      hi >>= 1;
    }
    return best;
  }
}

/** Merges a table and a list of brackets, both sorted by start, into a new table (ties: the table's first). */
function mergeByStart(a: BracketTable, b: DraftBracket[]): BracketTable {
  const out = new BracketTable(a.count + b.length);
  const put = (x: DraftBracket) =>
    out.add(x.kind, x.start, x.end, x.openLength, x.closeLength, x.closed, x.paragraph, x.holders, x.option);
  let i = 0;
  let j = 0;
  while (i < a.count && j < b.length) {
    if ((a.start[i] as number) <= (b[j] as DraftBracket).start) out.copyFrom(a, i++);
    else put(b[j++] as DraftBracket);
  }
  while (i < a.count) out.copyFrom(a, i++);
  while (j < b.length) put(b[j++] as DraftBracket);
  return out;
}

/** First index whose value is > x. */
export function upperBound(arr: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((arr[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Collects diagnostics, at most MAX_DIAGNOSTICS_PER_CODE per code, then one summary per code. */
class DiagnosticSink {
  private readonly counts = new Map<string, number>();

  constructor(private readonly out: Omit<Diagnostic, 'line' | 'column'>[]) {}

  add(d: Omit<Diagnostic, 'line' | 'column'>): void {
    const n = (this.counts.get(d.code) ?? 0) + 1;
    this.counts.set(d.code, n);
    if (n <= MAX_DIAGNOSTICS_PER_CODE) this.out.push(d);
  }

  finish(): void {
    for (const [code, n] of this.counts) {
      if (n > MAX_DIAGNOSTICS_PER_CODE) {
        this.out.push({
          code: 'diagnostics.truncated',
          severity: 'info',
          message: `${n - MAX_DIAGNOSTICS_PER_CODE} more "${code}" diagnostics are not listed.`,
        });
      }
    }
  }
}
