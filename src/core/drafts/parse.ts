import { type Diagnostic, LineIndex, snippetAt } from '../diagnostics.js';
import { blocksFromText } from '../documents/text.js';
import type { DocumentComment } from '../documents/types.js';
import { findAlternatives } from './alternatives.js';
import { normaliseQualifier } from './lexicon.js';
import { moreThan, tooComplex } from './limits.js';
import { withItem } from './lists.js';
import {
  commentHolders,
  createPartyTable,
  type PartyTable,
  readHolderList,
  uncertainHolders,
} from './parties.js';
import { PhraseFinder } from './qualifiers.js';
import { scanBrackets } from './scan.js';
import { buildStructure } from './structure.js';
import {
  DEFAULT_DRAFT_LIMITS,
  DRAFT_SCHEMA_VERSION,
  type DraftAnnotation,
  type DraftBracket,
  type DraftLimits,
  type DraftParagraph,
  type DraftSource,
  type ParsedDraft,
  type ParseOptions,
} from './types.js';
import { forEachWord, mergeRanges, RangeCursor } from './words.js';

/**
 * Parses a bracketed negotiation draft. Throws only `LIMIT_EXCEEDED` for a draft beyond
 * `options.limits` (bracket count, nesting depth, sections, alternatives). Otherwise never throws on any text: malformed brackets give
 * diagnostics (`bracket.unclosed`, `bracket.stray-close`) and a best-effort result in
 * which every character is either plain text or inside a bracket. The result is plain
 * JSON data (see `ParsedDraft`); status, clean and diff read it without the source.
 */
export function parseDraft(source: DraftSource, options: ParseOptions = {}): ParsedDraft {
  const text = source.text;
  const format =
    source.type === 'markdown'
      ? 'markdown'
      : source.type === undefined || source.type === 'text'
        ? 'text'
        : 'other';
  const markdown = format === 'markdown';
  const lines = new LineIndex(text);
  const locate = (offset: number) => lines.locate(offset);
  const parties = createPartyTable(options.parties ?? []);

  const limits: DraftLimits = { ...DEFAULT_DRAFT_LIMITS, ...options.limits };
  const structure = buildStructure(text, source.blocks, format, limits.maxSections);
  const { sections, paragraphs } = structure;
  // Positions are written through one scratch object: no allocation per paragraph or bracket.
  const at = { line: 0, column: 0 };
  for (const p of paragraphs) {
    lines.locateInto(p.start, at);
    p.line = at.line;
    p.column = at.column;
  }
  for (const s of sections) s.line = locate(s.start).line;

  const scan = scanBrackets({ text, structure, markdown, parties, limits });
  const brackets = buildTree(scan.brackets, paragraphs, lines, limits.maxDepth);
  const excluded = mergeRanges(scan.excluded);

  const extraQualifiers = [
    ...new Set((options.qualifiers ?? []).map(normaliseQualifier).filter((q) => q.length > 0)),
  ];
  const finder = new PhraseFinder(extraQualifiers);
  scanWords(text, paragraphs, brackets, excluded, markdown, finder, lines);
  for (const p of scan.contested) {
    const para = paragraphs[p] as DraftParagraph;
    para.contested = true;
    para.bracketedWords = para.words;
  }

  const annotations = attachAnnotations(text, scan.annotations, brackets, paragraphs, locate);
  if (source.comments && source.comments.length > 0)
    attachComments(source.comments, brackets, paragraphs, parties);

  const alternatives = findAlternatives(text, brackets, paragraphs, limits.maxAlternatives);
  for (const alt of alternatives) {
    const at = locate(alt.members[0]?.start ?? 0);
    alt.line = at.line;
    alt.column = at.column;
  }

  const uncertainNames = uncertainHolders(parties, brackets, annotations, paragraphs);
  const diagnostics: Diagnostic[] = [...scan.diagnostics, ...uncertainNames.diagnostics].map((d) => {
    // Messages may name other places by offset ("{line:1234}"): turned into line numbers here.
    const message = d.message.includes('{line:')
      ? d.message.replace(/\{line:(\d+)\}/g, (_, at: string) => String(locate(Number(at)).line))
      : d.message;
    if (d.offset === undefined) return { ...d, message, line: 1, column: 1 };
    return { ...d, message, ...locate(d.offset), snippet: snippetAt(text, d.offset) };
  });
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);

  return {
    version: DRAFT_SCHEMA_VERSION,
    ...(source.name === undefined ? {} : { name: source.name }),
    format,
    text,
    sections,
    paragraphs,
    brackets,
    annotations,
    alternatives,
    ignored: scan.ignored.sort((a, b) => a.start - b.start),
    excluded,
    qualifiers: finder.qualifiers,
    verbs: finder.verbs,
    extraQualifiers,
    diagnostics,
    ...(uncertainNames.names.length > 0 ? { uncertainHolders: uncertainNames.names } : {}),
    ...(scan.uncertain.length > 0
      ? {
          uncertain: scan.uncertain.map((u) => {
            const sectionsTouched = new Set<number>();
            for (let p = u.openParagraph; p <= u.closeParagraph; p++)
              sectionsTouched.add((paragraphs[p] as DraftParagraph).section);
            return {
              start: u.start,
              end: u.end,
              line: locate(u.start).line,
              endLine: locate(Math.max(u.start, u.end - 1)).line,
              sections: [...sectionsTouched].sort((a, b) => a - b),
            };
          }),
        }
      : {}),
  };
}

/** Convenience for text and Markdown: blocks from `blocksFromText`, then `parseDraft`. */
export function parseDraftText(
  text: string,
  format: 'markdown' | 'text',
  options: ParseOptions & { name?: string } = {},
): ParsedDraft {
  return parseDraft(
    {
      text,
      blocks: blocksFromText(text, format),
      type: format,
      ...(options.name === undefined ? {} : { name: options.name }),
    },
    options,
  );
}

type Locate = (offset: number) => { line: number; column: number };

/**
 * Orders brackets, gives each its parent and depth, and repairs the rare crossing that
 * recovery can produce (an assumed end past an enclosing bracket's end) so the result is
 * always a proper tree. Nesting deeper than `maxDepth` is refused as soon as it is seen.
 */
function buildTree(
  brackets: DraftBracket[],
  paragraphs: readonly DraftParagraph[],
  lines: LineIndex,
  maxDepth: number,
): DraftBracket[] {
  // The scan returns brackets in order of their start already (starts are distinct).
  const sorted = brackets;
  const stack: DraftBracket[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const b = sorted[i] as DraftBracket;
    b.id = i;
    while (stack.length > 0 && (stack[stack.length - 1] as DraftBracket).end <= b.start) stack.pop();
    const top = stack[stack.length - 1];
    if (top && top.end < b.end) {
      if (!b.closed) b.end = top.end;
      else {
        for (let k = stack.length - 1; k >= 0 && (stack[k] as DraftBracket).end < b.end; k--) {
          (stack[k] as DraftBracket).end = b.end;
        }
      }
    }
    b.parent = top ? top.id : -1;
    b.depth = stack.length + 1;
    if (b.depth > maxDepth) throw tooComplex('maxDepth', `brackets nested ${moreThan(maxDepth, 'deep')}`);
    stack.push(b);
  }
  const at = { line: 0, column: 0 };
  for (const b of sorted) {
    lines.locateInto(b.start, at);
    b.line = at.line;
    b.column = at.column;
    lines.locateInto(Math.max(b.start, b.end - 1), at);
    b.endLine = at.line;
    b.endColumn = at.column;
    b.section = (paragraphs[b.paragraph] as DraftParagraph).section;
  }
  return sorted;
}

/**
 * The word pass: words per paragraph (total and inside negotiation brackets), per bracket,
 * and the qualifiers and verbs among them, in one walk over the text.
 */
function scanWords(
  text: string,
  paragraphs: DraftParagraph[],
  brackets: DraftBracket[],
  excluded: readonly number[],
  markdown: boolean,
  finder: PhraseFinder,
  lines: LineIndex,
): void {
  // Top-level spans are enough to know whether a word is bracketed.
  let tops = 0;
  for (const b of brackets) if (b.parent < 0) tops++;
  const top = new Int32Array(2 * tops);
  tops = 0;
  for (const b of brackets) {
    if (b.parent >= 0) continue;
    top[tops++] = b.start;
    top[tops++] = b.end;
  }
  const inBracket = new RangeCursor(top);
  const cursor = new RangeCursor(excluded);
  let starts = new Int32Array(Math.max(16, text.length >> 3));
  let n = 0;
  // Innermost bracket at the current word, for hits: a forward sweep with a stack.
  const stack: DraftBracket[] = [];
  let next = 0;
  let paragraph = 0;
  // Filled in place for each hit (hits copy the fields), so locating allocates nothing per word.
  const where = { section: 0, paragraph: 0, bracket: -1, line: 0, column: 0 };
  const place = (offset: number) => {
    while (next < brackets.length && (brackets[next] as DraftBracket).start <= offset) {
      const b = brackets[next++] as DraftBracket;
      while (stack.length > 0 && (stack[stack.length - 1] as DraftBracket).end <= b.start) stack.pop();
      stack.push(b);
    }
    while (stack.length > 0 && (stack[stack.length - 1] as DraftBracket).end <= offset) stack.pop();
    const top = stack[stack.length - 1];
    lines.locateInto(offset, where);
    where.section = (paragraphs[paragraph] as DraftParagraph).section;
    where.paragraph = paragraph;
    where.bracket = top ? top.id : -1;
    return where;
  };
  // One callback for every paragraph (not one closure per paragraph): counts go to these.
  let words = 0;
  let bracketed = 0;
  const onWord = (start: number, end: number) => {
    words++;
    if (n === starts.length) {
      const bigger = new Int32Array(starts.length * 2);
      bigger.set(starts);
      starts = bigger;
    }
    starts[n++] = start;
    if (inBracket.covers(start)) bracketed++;
    finder.word(text, start, end, place);
  };
  for (paragraph = 0; paragraph < paragraphs.length; paragraph++) {
    const para = paragraphs[paragraph] as DraftParagraph;
    words = 0;
    bracketed = 0;
    forEachWord(text, para, markdown, cursor, onWord);
    para.words = words;
    para.bracketedWords = bracketed;
  }
  // Brackets come in order of their start: the first word of each is found by a forward
  // pointer, the end by a search from there (short for the short brackets of dense drafts).
  let first = 0;
  for (const b of brackets) {
    while (first < n && (starts[first] as number) < b.start) first++;
    b.words = wordsBefore(starts, first, n, b.end) - first;
  }
}

/** First index in `[from, n)` of `starts` (sorted) whose value is >= x: a galloping search from `from`. */
function wordsBefore(starts: Int32Array, from: number, n: number, x: number): number {
  let lo = from;
  let step = 1;
  let hi = from;
  while (hi < n && (starts[hi] as number) < x) {
    lo = hi + 1;
    hi = Math.min(n, hi + step);
    step *= 2;
  }
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * An annotation speaks about the bracket right before it (`[shall] [US: delete]`), else
 * about the bracket that encloses it, else about its paragraph.
 */
function attachAnnotations(
  text: string,
  scanned: ReturnType<typeof scanBrackets>['annotations'],
  brackets: DraftBracket[],
  paragraphs: DraftParagraph[],
  locate: Locate,
): DraftAnnotation[] {
  // Only the ends that an annotation may follow ("[text] [US: retain]") are looked up: a map
  // of every bracket's end costs a hash insert per bracket on dense drafts.
  // The wanted ends are marked in a bitmap over the text (a typed-array read per bracket, not a hash lookup).
  let wanted: Uint8Array | undefined;
  for (const a of scanned) {
    let i = a.start - 1;
    while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
    if (i < 0 || text.charCodeAt(i) !== 93) continue;
    wanted ??= new Uint8Array(text.length + 1);
    wanted[i + 1] = 1;
  }
  const byEnd = new Map<number, DraftBracket>();
  if (wanted) for (const b of brackets) if (b.closed && wanted[b.end] === 1) byEnd.set(b.end, b);
  // "[text] [US: retain] [G77: delete]": an annotation after an annotation speaks about the same bracket.
  const annotationTarget = new Map<number, DraftBracket | undefined>();
  const sorted = scanned.sort((a, b) => a.start - b.start);
  const out: DraftAnnotation[] = [];
  const stack: DraftBracket[] = [];
  let next = 0;
  for (const a of sorted) {
    while (next < brackets.length && (brackets[next] as DraftBracket).start <= a.start) {
      const b = brackets[next++] as DraftBracket;
      while (stack.length > 0 && (stack[stack.length - 1] as DraftBracket).end <= b.start) stack.pop();
      stack.push(b);
    }
    while (stack.length > 0 && (stack[stack.length - 1] as DraftBracket).end <= a.start) stack.pop();
    let i = a.start - 1;
    while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
    let before: DraftBracket | undefined;
    if (i >= 0 && text.charCodeAt(i) === 93) {
      before = annotationTarget.has(i + 1) ? annotationTarget.get(i + 1) : byEnd.get(i + 1);
    }
    const target = before && before.paragraph === a.paragraph ? before : stack[stack.length - 1];
    annotationTarget.set(a.end, target);
    if (target) {
      for (const h of a.holders) target.holders = withItem(target.holders, h);
      if (a.note) target.notes = target.notes.length === 0 ? [a.note] : [...target.notes, a.note];
    } else {
      const para = paragraphs[a.paragraph] as DraftParagraph;
      for (const h of a.holders) para.holders = withItem(para.holders, h);
    }
    out.push({
      rule: a.rule,
      role: a.role,
      start: a.start,
      end: a.end,
      ...locate(a.start),
      holders: a.holders,
      note: a.note,
      target: target ? target.id : -1,
      paragraph: a.paragraph,
    });
  }
  return out;
}

/**
 * A comment's holders go to the innermost bracket that contains its whole anchor; when no
 * bracket does, to the outermost brackets the anchor overlaps. Paragraphs the anchor
 * overlaps get them too. Holders come from the comment (the documents module normalises
 * them) or, failing that, from a "US:" style prefix of its text.
 */
function attachComments(
  comments: readonly DocumentComment[],
  brackets: DraftBracket[],
  paragraphs: DraftParagraph[],
  parties: PartyTable,
): void {
  for (const c of comments) {
    if (!c.anchor) continue;
    let holders = c.holders && c.holders.length > 0 ? commentHolders(c.holders, parties) : undefined;
    if (!holders) {
      const m = /^\s*([^:\n]{1,80}?)\s*:/.exec(c.text);
      holders = m ? readHolderList(m[1] as string, parties, true)?.holders : undefined;
    }
    if (!holders || holders.length === 0) continue;
    const start = c.anchor.start;
    const end = Math.max(c.anchor.end, start);
    const overlaps = (s: number, e: number) =>
      start === end ? s <= start && start < e : s < end && e > start;
    const candidates = brackets.filter((b) => overlaps(b.start, b.end));
    let targets: DraftBracket[];
    const enclosing = candidates.filter((b) => b.start <= start && b.end >= end);
    if (enclosing.length > 0) {
      targets = [enclosing.reduce((a, b) => (b.depth > a.depth ? b : a))];
    } else {
      const ids = new Set(candidates.map((b) => b.id));
      targets = candidates.filter((b) => !ids.has(b.parent));
    }
    for (const b of targets) for (const h of holders) b.holders = withItem(b.holders, h);
    for (const p of paragraphs) {
      if (p.kind === 'furniture' || !overlaps(p.start, p.end)) continue;
      for (const h of holders) p.holders = withItem(p.holders, h);
    }
  }
}
