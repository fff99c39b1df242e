import { type Diagnostic, snippetAt } from '../diagnostics.js';
import { blocksFromText } from '../documents/text.js';
import type { DocumentComment } from '../documents/types.js';
import { attachAlternatives } from './alternative-table.js';
import { findAlternatives } from './alternatives.js';
import { attachBrackets, type BracketTable } from './bracket-table.js';
import { attachHits } from './hit-columns.js';
import { ParagraphColumns } from './labelled-items.js';
import { normaliseQualifier } from './lexicon.js';
import { moreThan, tooComplex } from './limits.js';
import { EMPTY, withItem } from './lists.js';
import { parentheticalHolders, tableHolders } from './paragraph-holders.js';
import {
  commentHolders,
  createPartyTable,
  type PartyTable,
  readHolderList,
  uncertainHolders,
} from './parties.js';
import { LinePositions } from './positions.js';
import { PhraseFinder } from './qualifiers.js';
import { scanBrackets } from './scan.js';
import { buildStructure } from './structure.js';
import {
  DEFAULT_DRAFT_LIMITS,
  DRAFT_SCHEMA_VERSION,
  type DraftAnnotation,
  type DraftLimits,
  type DraftParagraph,
  type DraftSource,
  type ParsedDraft,
  type ParseOptions,
} from './types.js';
import { scanWords } from './word-pass.js';
import { mergeRanges } from './words.js';

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
  const lines = new LinePositions(text);
  const locate = (offset: number) => lines.locate(offset);
  const parties = createPartyTable(options.parties ?? []);

  const limits: DraftLimits = { ...DEFAULT_DRAFT_LIMITS, ...options.limits };
  const structure = buildStructure(text, source.blocks, format, limits.maxSections);
  const { sections, paragraphs } = structure;
  // Positions are written through one scratch object: no allocation per paragraph or bracket.
  const at = { line: 0, column: 0 };
  // The same pass notes what the bracket tree and the alternatives read of the paragraphs
  // (sections, option labels), as columns: they then read no paragraph object.
  const paragraphColumns = new ParagraphColumns(paragraphs.length);
  for (let i = 0; i < paragraphs.length; i++) {
    const p = paragraphs[i] as DraftParagraph;
    lines.locateInto(p.start, at);
    p.line = at.line;
    p.column = at.column;
    paragraphColumns.note(i, p);
  }
  for (const s of sections) s.line = lines.lineOf(s.start);

  const scan = scanBrackets({ text, structure, markdown, parties, limits });
  const brackets = buildTree(scan.brackets, paragraphColumns.section, lines, limits.maxDepth);
  // Holders named outside any bracket: a table row's party cell, a paragraph's "(G77)" tag.
  const outside = scan.excluded;
  tableHolders(text, structure.holderCells, paragraphs, parties, outside);
  parentheticalHolders(text, paragraphs, parties, outside);
  const excluded = mergeRanges(outside);

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

  const annotations = attachAnnotations(text, scan.annotations, brackets, paragraphs, lines);
  if (source.comments && source.comments.length > 0)
    attachComments(source.comments, brackets, paragraphs, parties);

  const alternatives = findAlternatives(text, brackets, paragraphColumns, limits.maxAlternatives);
  const altAt = { line: 0, column: 0 };
  for (let g = 0; g < alternatives.count; g++) {
    lines.locateInto(alternatives.startOf(g), altAt);
    alternatives.line[g] = altAt.line;
    alternatives.column[g] = altAt.column;
  }

  const uncertainNames = uncertainHolders(parties, brackets.holders, brackets.start, annotations, paragraphs);
  const diagnostics: Diagnostic[] = [...scan.diagnostics, ...uncertainNames.diagnostics].map((d) => {
    // Messages may name other places by offset ("{line:1234}"): turned into line numbers here.
    const message = d.message.includes('{line:')
      ? d.message.replace(/\{line:(\d+)\}/g, (_, at: string) => String(locate(Number(at)).line))
      : d.message;
    if (d.offset === undefined) return { ...d, message, line: 1, column: 1 };
    return { ...d, message, ...locate(d.offset), snippet: snippetAt(text, d.offset) };
  });
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);

  const draft: ParsedDraft = {
    version: DRAFT_SCHEMA_VERSION,
    ...(source.name === undefined ? {} : { name: source.name }),
    format,
    text,
    sections,
    paragraphs,
    // Made from the table on first read (see bracket-table.ts); this placeholder keeps the key's place.
    brackets: [],
    annotations,
    alternatives: [],
    ignored: scan.ignored.sort((a, b) => a.start - b.start),
    excluded,
    // Made from the finder's rows on first read (see hit-columns.ts); placeholders keep the keys' place.
    qualifiers: [],
    verbs: [],
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
  attachBrackets(draft, brackets);
  attachHits(draft, finder);
  attachAlternatives(draft, alternatives);
  return draft;
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

/**
 * Orders brackets, gives each its parent and depth, and repairs the rare crossing that
 * recovery can produce (an assumed end past an enclosing bracket's end) so the result is
 * always a proper tree. Nesting deeper than `maxDepth` is refused as soon as it is seen.
 */
function buildTree(
  brackets: BracketTable,
  paragraphSection: Int32Array,
  lines: LinePositions,
  maxDepth: number,
): BracketTable {
  // The scan returns brackets in order of their start already (starts are distinct).
  const { start, end, closed, parent, depth, paragraph, section } = brackets;
  const n = brackets.count;
  const stack = new Int32Array(Math.min(n, maxDepth) + 1);
  let top = 0;
  for (let i = 0; i < n; i++) {
    const bStart = start[i] as number;
    while (top > 0 && (end[stack[top - 1] as number] as number) <= bStart) top--;
    const t = top > 0 ? (stack[top - 1] as number) : -1;
    if (t >= 0 && (end[t] as number) < (end[i] as number)) {
      if (closed[i] === 0) end[i] = end[t] as number;
      else {
        const bEnd = end[i] as number;
        for (let k = top - 1; k >= 0 && (end[stack[k] as number] as number) < bEnd; k--) {
          end[stack[k] as number] = bEnd;
        }
      }
    }
    parent[i] = t;
    depth[i] = top + 1;
    section[i] = paragraphSection[paragraph[i] as number] as number;
    if (top + 1 > maxDepth) throw tooComplex('maxDepth', `brackets nested ${moreThan(maxDepth, 'deep')}`);
    stack[top++] = i;
  }
  lines.locateSpans(start, end, n, brackets);
  return brackets;
}

/**
 * An annotation speaks about the bracket right before it (`[shall] [US: delete]`), else
 * about the bracket that encloses it, else about its paragraph. The scan's annotation objects
 * get their line, column and target here and are the parse's annotations, in order of start.
 */
type Scanned = ReturnType<typeof scanBrackets>['annotations'][number];

/** A space, a tab, or a Markdown emphasis mark ("*", "_"). */
function isBlankOrEmphasis(c: number): boolean {
  return c === 32 || c === 9 || c === 42 || c === 95;
}

function attachAnnotations(
  text: string,
  scanned: ReturnType<typeof scanBrackets>['annotations'],
  brackets: BracketTable,
  paragraphs: DraftParagraph[],
  lines: LinePositions,
): DraftAnnotation[] {
  const { start: bStart, end: bEnd, parent, closed, count } = brackets;
  // The scan finds them in order: sorted only when they are not (a sort of a sorted list
  // still calls the comparison once per annotation).
  let inOrder = true;
  for (let j = 1; j < scanned.length && inOrder; j++)
    inOrder = (scanned[j - 1] as Scanned).start <= (scanned[j] as Scanned).start;
  const sorted = inOrder ? scanned : scanned.sort((a, b) => a.start - b.start);
  // "[text] [US: retain] [G77: delete]": an annotation after an annotation speaks about the same bracket.
  // Annotations do not overlap (nothing inside an annotation is classified), so the only one
  // that can end right before another (blanks between) is the one before it in order: its
  // target is kept in `prevEnd`/`prevTarget`. Should they ever overlap, a map of every end is used.
  let disjoint = true;
  for (let j = 1; j < sorted.length && disjoint; j++)
    if ((sorted[j] as Scanned).start < (sorted[j - 1] as Scanned).end) disjoint = false;
  const annotationTarget = disjoint ? undefined : new Map<number, number>();
  let prevEnd = -1;
  let prevTarget = -1;
  // A bracket's first note: one list per note's text, shared by the brackets it is the only
  // note of (a note list is replaced when it grows, never changed in place).
  const firstNotes = new Map<string, string[]>();
  // The brackets form a tree in document order (buildTree): the last bracket opened at or
  // before an annotation, and its ancestors, are the only brackets that can contain the
  // annotation or end right before it. One pointer moves forward over the brackets; each
  // annotation then walks up a few parents, instead of a stack kept for every bracket.
  let last = -1;
  for (const a of sorted) {
    while (last + 1 < count && (bStart[last + 1] as number) <= a.start) last++;
    let i = a.start - 1;
    // Blanks and emphasis between: "[text] **[EU: delete]**" speaks about "[text]" too.
    while (i >= 0 && isBlankOrEmphasis(text.charCodeAt(i))) i--;
    let before = -1;
    if (i >= 0 && text.charCodeAt(i) === 93) {
      const prior = annotationTarget
        ? annotationTarget.get(i + 1)
        : prevEnd === i + 1
          ? prevTarget
          : undefined;
      before = prior ?? closedEndingAt(bEnd, parent, closed, last, i + 1);
    }
    let inner = last;
    while (inner >= 0 && (bEnd[inner] as number) <= a.start) inner = parent[inner] as number;
    const target = before >= 0 && brackets.paragraph[before] === a.paragraph ? before : inner;
    annotationTarget?.set(a.end, target);
    prevEnd = a.end;
    prevTarget = target;
    if (target >= 0) {
      if (a.holders.length > 0) {
        const had = brackets.holders.get(target);
        let list = had ?? EMPTY;
        for (const h of a.holders) list = withItem(list, h);
        // A list that grew in place is already the one in the table.
        if (list !== had) brackets.holders.set(target, list);
      }
      if (a.note) {
        const notes = brackets.notes.get(target);
        if (notes !== undefined && notes.length > 0) brackets.notes.set(target, [...notes, a.note]);
        else {
          let list = firstNotes.get(a.note);
          if (list === undefined) {
            list = [a.note];
            firstNotes.set(a.note, list);
          }
          brackets.notes.set(target, list);
        }
      }
    } else {
      const para = paragraphs[a.paragraph] as DraftParagraph;
      for (const h of a.holders) para.holders = withItem(para.holders, h);
    }
    lines.locateInto(a.start, a);
    a.target = target;
  }
  return sorted;
}

/**
 * The closed bracket that ends at `end`, found from `last` (the last bracket opened before
 * that point) up its ancestors: a bracket ending there holds `last` or is it. -1 when none.
 */
function closedEndingAt(
  ends: Int32Array,
  parent: Int32Array,
  closed: Uint8Array,
  last: number,
  end: number,
): number {
  for (let k = last; k >= 0; k = parent[k] as number) {
    const e = ends[k] as number;
    if (e === end && closed[k] === 1) return k;
    if (e > end) return -1;
  }
  return -1;
}

/**
 * A comment's holders go to the innermost bracket that contains its whole anchor; when no
 * bracket does, to the outermost brackets the anchor overlaps. Paragraphs the anchor
 * overlaps get them too. Holders come from the comment (the documents module normalises
 * them) or, failing that, from a "US:" style prefix of its text.
 */
function attachComments(
  comments: readonly DocumentComment[],
  brackets: BracketTable,
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
    const { start: bStart, end: bEnd, depth } = brackets;
    const candidates: number[] = [];
    for (let k = 0; k < brackets.count; k++)
      if (overlaps(bStart[k] as number, bEnd[k] as number)) candidates.push(k);
    let targets: number[];
    const enclosing = candidates.filter((k) => (bStart[k] as number) <= start && (bEnd[k] as number) >= end);
    if (enclosing.length > 0) {
      targets = [enclosing.reduce((a, b) => ((depth[b] as number) > (depth[a] as number) ? b : a))];
    } else {
      const ids = new Set(candidates);
      targets = candidates.filter((k) => !ids.has(brackets.parent[k] as number));
    }
    for (const k of targets)
      for (const h of holders) brackets.holders.set(k, withItem(brackets.holdersOf(k), h));
    for (const p of paragraphs) {
      if (p.kind === 'furniture' || !overlaps(p.start, p.end)) continue;
      for (const h of holders) p.holders = withItem(p.holders, h);
    }
  }
}
