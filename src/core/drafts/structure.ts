import type { Block } from '../documents/types.js';
import {
  ACTION_LINE,
  baseSectionId,
  cleanTitle,
  type HeadingInfo,
  parseHeadingLine,
  STRUCTURAL,
} from './headings.js';
import {
  endsSentence,
  isBlank,
  LABEL_ONLY,
  leadExtras,
  NUMBER_LEAD,
  normaliseNumber,
  OPTION_LEAD,
  type ParagraphLead,
  parseParagraphLead,
  startsClause,
} from './leads.js';
import { moreThan, tooComplex } from './limits.js';
import { EMPTY } from './lists.js';
import type { DraftParagraph, DraftSection, ParagraphKind } from './types.js';

/**
 * The structure pass: blocks -> sections and paragraphs. Blocks are what the documents
 * module could see (Markdown headings, list items, blank-line paragraphs); negotiation
 * drafts need more: plain-text and PDF-derived drafts put headings ("Action Line C9.
 * Media", "Article 6", "A. [[Preamble]1") and numbered paragraphs on their own lines with
 * no blank line around them, so every paragraph block is split again line by line.
 *
 * One piece (over 500 lines) because the builder's line-by-line decisions (heading, number
 * lead, continuation, page furniture) read and update one shared state; heading and
 * paragraph-lead recognition, which need none of it, live in headings.ts and leads.ts.
 */

export interface Structure {
  sections: DraftSection[];
  paragraphs: DraftParagraph[];
  /** Normalised labels of Markdown link reference definitions (`[label]: url`). */
  references: Set<string>;
}

const MAX_HEADING_LINE = 150;

/**
 * Builds sections and paragraphs. `format` enables Markdown-only or text-only rules. A draft
 * with more than `maxSections` sections is refused (`LIMIT_EXCEEDED`) as soon as one too many
 * is opened, before the rest of it is read.
 */
export function buildStructure(
  text: string,
  blocks: readonly Block[],
  format: 'markdown' | 'text' | 'other',
  maxSections = Number.POSITIVE_INFINITY,
): Structure {
  const builder = new StructureBuilder(text, format, maxSections);
  const ordered = isSorted(blocks) ? blocks : [...blocks].sort((a, b) => a.offset - b.offset);
  const frontEnd = format === 'markdown' ? frontMatterEnd(text) : 0;
  if (format === 'text') builder.countRepeatedLines(ordered);
  for (const block of ordered) {
    if (block.offset < frontEnd) continue;
    builder.addBlock(block);
  }
  return builder.finish();
}

function isSorted(blocks: readonly Block[]): boolean {
  for (let i = 1; i < blocks.length; i++) {
    if ((blocks[i] as Block).offset < (blocks[i - 1] as Block).offset) return false;
  }
  return true;
}

/** End offset of a YAML front matter block (`---` ... `---`) at the very start, or 0. */
function frontMatterEnd(text: string): number {
  const open = /^---[ \t]*\r?\n/.exec(text);
  if (!open) return 0;
  const close = /^(?:---|\.\.\.)[ \t]*$/m;
  const rest = text.slice(open[0].length, Math.min(text.length, 20_000));
  const m = close.exec(rest);
  if (!m) return 0;
  return open[0].length + m.index + m[0].length;
}

class StructureBuilder {
  readonly sections: DraftSection[] = [];
  readonly paragraphs: DraftParagraph[] = [];
  readonly references = new Set<string>();
  private readonly usedSectionIds = new Set<string>();
  private readonly sectionIdNext = new Map<string, number>();
  private readonly paragraphIdCount = new Map<string, number>();
  private readonly unnumberedCount = new Map<number, number>();
  /** Open sections, outermost first; the last one receives paragraphs. */
  private readonly stack: number[] = [];
  private current = -1;
  private repeated = new Map<number, number>();
  /** A number label on a line of its own ("Pp3", "12.") waiting for the paragraph it numbers. */
  private pendingNumber: { number: string; start: number } | undefined;
  /** A heading label on a line of its own ("I.") waiting for its title on the next line. */
  private pendingHeading: { info: HeadingInfo; start: number; end: number } | undefined;
  /** Numbers of the enclosing list items by nesting level, to number nested items "12(a)". */
  private readonly listNumbers: (string | undefined)[] = [];
  private lastRoman: string | undefined;
  private lastLetter: string | undefined;

  constructor(
    private readonly text: string,
    private readonly format: 'markdown' | 'text' | 'other',
    private readonly maxSections: number,
  ) {}

  countRepeatedLines(blocks: readonly Block[]): void {
    // One callback for every block, not a closure per block.
    const count = (start: number, end: number) => {
      const len = end - start;
      if (len > 80 || len < 3) return;
      const key = furnitureKey(this.text, start, end);
      this.repeated.set(key, (this.repeated.get(key) ?? 0) + 1);
    };
    for (const block of blocks) {
      if (block.kind !== 'paragraph') continue;
      forEachLine(this.text, block.offset, block.offset + block.text.length, count);
    }
  }

  addBlock(block: Block): void {
    const start = block.offset;
    const end = block.offset + block.text.length;
    if (block.kind !== 'paragraph') this.pendingNumber = undefined;
    switch (block.kind) {
      case 'code':
        return;
      case 'reference': {
        const m = /^\s{0,3}\[([^\]]{1,999})\]:/.exec(block.text);
        if (m) this.references.add(normaliseLabel(m[1] as string));
        return;
      }
      case 'heading': {
        this.flushPendingHeading();
        const line = this.text.slice(start, end);
        const info = parseHeadingLine(line, this.format, this.lastRoman, this.lastLetter, true);
        const level = block.level ?? 1;
        this.openSection(
          info
            ? { ...info, level, labelOnly: false }
            : { kind: 'heading', titleOffset: 0, level, labelOnly: false },
          start,
          end,
        );
        this.listNumbers.length = 0;
        return;
      }
      case 'footnote': {
        this.flushPendingHeading();
        if (this.current < 0 || this.sections[this.current]?.kind !== 'footnotes') {
          this.openSection(
            { kind: 'footnotes', titleOffset: 0, level: 1, labelOnly: false },
            start,
            start,
            true,
          );
        }
        const number = block.numbering?.replace(/^\[\^?|\]$/g, '');
        this.addParagraph(
          'footnote',
          start,
          end,
          start,
          number === undefined ? {} : { number: `^${number}` },
        );
        return;
      }
      case 'list-item': {
        this.flushPendingHeading();
        const level = Math.max(1, block.level ?? 1);
        const own =
          block.numbering && /^\d{1,9}[.)]$/.test(block.numbering) ? block.numbering.slice(0, -1) : undefined;
        this.listNumbers.length = level;
        this.listNumbers[level - 1] = own;
        let number: string | undefined;
        if (own !== undefined) {
          const parent = level > 1 ? this.listNumbers.slice(0, level - 1).filter((n) => n !== undefined) : [];
          number = parent.length > 0 ? `${parent.join('.')}.${own}` : own;
        }
        const lead = parseParagraphLead(this.text, start, end);
        this.addParagraph('body', start, end, lead.bodyStart, {
          ...(number !== undefined ? { number } : lead.number !== undefined ? { number: lead.number } : {}),
          ...(lead.option === undefined ? {} : { option: lead.option }),
        });
        return;
      }
      case 'table-cell': {
        this.flushPendingHeading();
        const lead = parseParagraphLead(this.text, start, end);
        this.addParagraph('body', start, end, lead.bodyStart, leadExtras(lead));
        return;
      }
      default:
        this.splitParagraphBlock(start, end);
    }
  }

  /** Splits a paragraph block into headings, numbered paragraphs and plain paragraphs, line by line. */
  private splitParagraphBlock(blockStart: number, blockEnd: number): void {
    this.paraStart = -1;
    this.paraLead = undefined;
    this.prevLineEnd = -1;
    forEachLine(this.text, blockStart, blockEnd, this.onLine);
    this.flushParagraph();
  }

  /** One line callback for the whole draft (a closure per block would cost an allocation each). */
  private readonly onLine = (start: number, end: number) => this.addLine(start, end);

  /** The paragraph being gathered from the lines of a block (-1: none). */
  private paraStart = -1;
  private paraEnd = -1;
  private paraLead: ParagraphLead | undefined;
  private prevLineEnd = -1;

  private flushParagraph(): void {
    if (this.paraStart < 0) return;
    const lead = this.paraLead ?? { bodyStart: this.paraStart };
    let extras = leadExtras(lead);
    if (this.pendingNumber && extras.number === undefined)
      extras = { ...extras, number: this.pendingNumber.number };
    this.pendingNumber = undefined;
    this.addParagraph('body', this.paraStart, this.paraEnd, lead.bodyStart, extras);
    this.paraStart = -1;
    this.paraLead = undefined;
  }

  /** One trimmed, non-empty line of a paragraph block. */
  private addLine(lineStart: number, lineEnd: number): void {
    const text = this.text;
    if (this.pendingHeading) {
      // "I." on its own line: a short next line is its title.
      const pending = this.pendingHeading;
      this.pendingHeading = undefined;
      const body = text.slice(lineStart, lineEnd);
      if (
        body.length <= 100 &&
        !NUMBER_LEAD.test(body) &&
        !parseHeadingLine(body, this.format, this.lastRoman, this.lastLetter, false)
      ) {
        this.openSection({ ...pending.info, labelOnly: false }, pending.start, lineEnd, false, lineStart);
        this.prevLineEnd = lineEnd;
        return;
      }
      this.openSection(pending.info, pending.start, pending.end);
    }

    if (this.format === 'text' && lineEnd - lineStart <= 80 && this.isFurniture(lineStart, lineEnd)) {
      this.flushParagraph();
      this.addParagraph('furniture', lineStart, lineEnd, lineStart, {});
      this.prevLineEnd = -1;
      return;
    }

    const heading = mayBeHeading(text, lineStart, lineEnd, this.format)
      ? parseHeadingLine(text.slice(lineStart, lineEnd), this.format, this.lastRoman, this.lastLetter, false)
      : undefined;
    if (heading) {
      this.flushParagraph();
      this.pendingNumber = undefined;
      if (heading.labelOnly) this.pendingHeading = { info: heading, start: lineStart, end: lineEnd };
      else this.openSection(heading, lineStart, lineEnd);
      this.prevLineEnd = lineEnd;
      return;
    }

    const leadPossible = mayHaveLead(text, lineStart, lineEnd);
    const labelOnly =
      leadPossible && lineEnd - lineStart <= 12 ? LABEL_ONLY.exec(text.slice(lineStart, lineEnd)) : null;
    if (labelOnly) {
      // "Pp3" or "12." alone: numbers the next paragraph.
      this.flushParagraph();
      this.pendingNumber = { number: normaliseNumber(labelOnly[1] as string), start: lineStart };
      this.prevLineEnd = -1;
      return;
    }

    const lead = leadPossible ? parseParagraphLead(text, lineStart, lineEnd) : { bodyStart: lineStart };
    const startsNew =
      lead.number !== undefined ||
      lead.option !== undefined ||
      (this.format === 'text' &&
        this.prevLineEnd >= 0 &&
        endsSentence(text, this.prevLineEnd) &&
        startsClause(text, lineStart, lineEnd));
    if (this.paraStart < 0 || startsNew) {
      this.flushParagraph();
      this.paraStart = lineStart;
      this.paraLead = lead;
    }
    this.paraEnd = lineEnd;
    this.prevLineEnd = lineEnd;
  }

  /** Page numbers and running headers of PDF-derived text (a trimmed line, at most 80 characters). */
  private isFurniture(start: number, end: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(start);
    if ((c >= 48 && c <= 57) || c === 80 || c === 112 || c === 45 || c === 0x2013 || c === 0x2014) {
      const line = text.slice(start, end);
      if (/^(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$/i.test(line)) return true;
      if (/^[-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014]$/.test(line)) return true;
    }
    if (end - start < 3 || c === 91) return false;
    if ((this.repeated.get(furnitureKey(text, start, end)) ?? 0) < 3) return false;
    const line = text.slice(start, end);
    // "Article 1", "Article 2", "Article 3": numbered headings repeat once digits are folded, but are not page headers.
    const body = line.replace(/^[\s*_[]+/, '');
    return (
      !NUMBER_LEAD.test(line) && !OPTION_LEAD.test(line) && !STRUCTURAL.test(body) && !ACTION_LINE.test(body)
    );
  }

  private flushPendingHeading(): void {
    const pending = this.pendingHeading;
    if (!pending) return;
    this.pendingHeading = undefined;
    this.openSection(pending.info, pending.start, pending.end);
  }

  private openSection(
    info: HeadingInfo,
    start: number,
    end: number,
    synthetic = false,
    titleLineStart = -1,
  ): void {
    if (this.sections.length >= this.maxSections)
      throw tooComplex('maxSections', moreThan(this.maxSections, 'sections'));
    const text = this.text;
    const headingText = text.slice(start, end);
    const titleStart = titleLineStart >= 0 ? titleLineStart : start + info.titleOffset;
    const title = cleanTitle(text.slice(titleStart, end));
    if (info.kind === 'roman' && info.number) this.lastRoman = info.number;
    if (info.kind === 'letter' && info.number) this.lastLetter = info.number;

    let parent = -1;
    if (info.kind === 'footnotes' || info.kind === 'front') {
      this.stack.length = 0;
    } else {
      while (this.stack.length > 0) {
        const top = this.sections[this.stack[this.stack.length - 1] as number] as DraftSection;
        if (top.kind !== 'front' && top.kind !== 'footnotes' && top.level < info.level) break;
        this.stack.pop();
      }
      parent = this.stack.length > 0 ? (this.stack[this.stack.length - 1] as number) : -1;
    }
    const index = this.sections.length;
    const id = this.uniqueSectionId(baseSectionId(info, title), parent);
    const section: DraftSection = {
      id,
      kind: info.kind,
      ...(info.number === undefined ? {} : { number: info.number }),
      title:
        title ||
        (info.kind === 'footnotes' ? 'Footnotes' : info.kind === 'front' ? '(before the first heading)' : ''),
      heading: synthetic ? '' : headingText.trim(),
      level: info.level,
      parent,
      start,
      end: Math.max(end, start),
      line: 0,
      headingParagraph: -1,
      firstParagraph: this.paragraphs.length,
      endParagraph: this.paragraphs.length,
    };
    this.sections.push(section);
    this.stack.push(index);
    this.current = index;
    if (!synthetic) {
      section.headingParagraph = this.paragraphs.length;
      this.addParagraph('heading', start, end, titleStart, {});
    }
  }

  private uniqueSectionId(base: string, parent: number): string {
    let id = base;
    if (this.usedSectionIds.has(id) && parent >= 0)
      id = `${(this.sections[parent] as DraftSection).id}.${base}`;
    const stem = id;
    if (this.usedSectionIds.has(stem)) {
      let n = (this.sectionIdNext.get(stem) ?? 1) + 1;
      while (this.usedSectionIds.has(`${stem}-${n}`)) n++;
      this.sectionIdNext.set(stem, n);
      id = `${stem}-${n}`;
    }
    this.usedSectionIds.add(id);
    return id;
  }

  private addParagraph(
    kind: ParagraphKind,
    start: number,
    end: number,
    bodyStart: number,
    extras: { number?: string; option?: string },
  ): void {
    if (this.current < 0) {
      this.openSection({ kind: 'front', titleOffset: 0, level: 1, labelOnly: false }, start, start, true);
    }
    const sectionIndex = this.current;
    const section = this.sections[sectionIndex] as DraftSection;
    let local: string;
    if (kind === 'heading') local = 'heading';
    else if (kind === 'furniture') local = `page-furniture-${this.paragraphs.length}`;
    else if (extras.number !== undefined) local = extras.number;
    else {
      const k = (this.unnumberedCount.get(sectionIndex) ?? 0) + 1;
      this.unnumberedCount.set(sectionIndex, k);
      local = `#${k}`;
    }
    const stem = `${section.id}/${local}`;
    // Repeated numbers in one section ("(a)" under several paragraphs) get "~2", "~3"...;
    // the counter per stem keeps this linear however often a number repeats.
    let id = stem;
    const seen = this.paragraphIdCount.get(stem);
    if (seen !== undefined) {
      let n = seen + 1;
      while (this.paragraphIdCount.has(`${stem}~${n}`)) n++;
      id = `${stem}~${n}`;
      this.paragraphIdCount.set(stem, n);
    }
    // `id` is new here (the stem was unseen, or the loop above skipped every "~n" taken): its count is 1.
    this.paragraphIdCount.set(id, 1);
    const para: DraftParagraph = {
      id,
      kind,
      section: sectionIndex,
      start,
      end,
      bodyStart: Math.min(Math.max(bodyStart, start), end),
      line: 0,
      column: 0,
      words: 0,
      bracketedWords: 0,
      contested: false,
      holders: EMPTY,
    };
    if (extras.number !== undefined) para.number = extras.number;
    if (extras.option !== undefined) para.option = extras.option;
    this.paragraphs.push(para);
  }

  finish(): Structure {
    this.flushPendingHeading();
    const { sections, paragraphs } = this;
    // Section extents: a section runs until the next section that is not one of its descendants.
    const open: number[] = [];
    const close = (index: number, endParagraph: number) => {
      const s = sections[index] as DraftSection;
      s.endParagraph = Math.max(endParagraph, s.firstParagraph);
    };
    for (let i = 0; i < sections.length; i++) {
      const s = sections[i] as DraftSection;
      while (open.length > 0 && open[open.length - 1] !== s.parent)
        close(open.pop() as number, s.firstParagraph);
      open.push(i);
    }
    while (open.length > 0) close(open.pop() as number, paragraphs.length);
    for (const s of sections) {
      const first = paragraphs[s.firstParagraph];
      const last = paragraphs[s.endParagraph - 1];
      if (first && s.endParagraph > s.firstParagraph) {
        s.start = Math.min(s.start, first.start);
        s.end = Math.max(s.end, (last as DraftParagraph).end);
      }
    }
    return { sections, paragraphs, references: this.references };
  }
}

/** Calls `fn` with the trimmed, non-empty lines of `[start, end)` as absolute ranges. */
function forEachLine(
  text: string,
  start: number,
  end: number,
  fn: (start: number, end: number) => void,
): void {
  let lineStart = start;
  while (lineStart < end) {
    let nl = text.indexOf('\n', lineStart);
    if (nl < 0 || nl > end) nl = end;
    let s = lineStart;
    let e = nl;
    while (s < e && isBlank(text.charCodeAt(s))) s++;
    while (e > s && isBlank(text.charCodeAt(e - 1))) e--;
    if (e > s) fn(s, e);
    lineStart = nl + 1;
  }
}

/** Index of the first character after leading brackets, emphasis and blanks. */
function firstSignificant(text: string, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 42 || c === 95 || c === 32 || c === 9) i++;
    else break;
  }
  return i;
}

/** First three letters (lower case, packed in a number) of the heading keywords. */
const KEYWORD_STARTS = new Set(
  ['act', 'art', 'sec', 'par', 'cha', 'ann', 'app', 'pre', 'ope'].map((k) => pack3(k, 0)),
);

function pack3(s: string, i: number): number {
  return ((s.charCodeAt(i) | 32) << 16) | ((s.charCodeAt(i + 1) | 32) << 8) | (s.charCodeAt(i + 2) | 32);
}

/**
 * A cheap test run on every line before the heading patterns: can this line be a heading
 * at all? (A keyword, a capital or roman label followed by a dot, or capitals only.)
 */
function mayBeHeading(
  text: string,
  start: number,
  end: number,
  format: 'markdown' | 'text' | 'other',
): boolean {
  if (end - start > MAX_HEADING_LINE) return false;
  const i = firstSignificant(text, start, end);
  if (i >= end) return false;
  const c = text.charCodeAt(i);
  const upper = c >= 65 && c <= 90;
  if (!upper && !(c >= 97 && c <= 122)) return false;
  if (i + 3 <= end && KEYWORD_STARTS.has(pack3(text, i))) return true;
  if (!upper) return false;
  let j = i;
  while (j < end && j - i < 7 && 'IVXLC'.includes(text[j] as string)) j++;
  if (j === i) j = i + 1;
  if (text.charCodeAt(j) === 46 /* . */) return true;
  if (format === 'text') {
    const n = text.charCodeAt(i + 1);
    return (n >= 65 && n <= 90) || n === 32;
  }
  return false;
}

/** Lines that may start with a number label or an option label. */
function mayHaveLead(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  const c = text.charCodeAt(i);
  // digits, [ ( * _, bullets and the first letters of Pp/Op/Option/Alt/Variant
  return (
    (c >= 48 && c <= 57) ||
    c === 91 ||
    c === 40 ||
    c === 42 ||
    c === 95 ||
    c === 80 ||
    c === 79 ||
    c === 111 ||
    c === 65 ||
    c === 97 ||
    c === 86 ||
    c === 118 ||
    c === 0x2022 ||
    c === 0x25aa ||
    c === 0x25e6 ||
    c === 0x2023 ||
    c === 0x2043 ||
    c === 0xb7 ||
    c === 0xf0b7
  );
}

/** Hash of a line with digits, case and runs of spaces folded, so "Page 3" and "page 12" collide. */
function furnitureKey(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  let prev = -1;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) c = 35;
    else if (c >= 65 && c <= 90) c += 32;
    else if (c === 9 || c === 32 || c === 0xa0) c = 32;
    if (c === prev && (c === 35 || c === 32)) continue;
    prev = c;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 0;
}

/** Markdown link labels match case-insensitively with collapsed whitespace. */
export function normaliseLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}
