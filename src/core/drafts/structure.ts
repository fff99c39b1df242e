import type { Block } from '../documents/types.js';
import { EMPTY } from './scan.js';
import type { DraftParagraph, DraftSection, ParagraphKind, SectionKind } from './types.js';

/**
 * The structure pass: blocks -> sections and paragraphs. Blocks are what the documents
 * module could see (Markdown headings, list items, blank-line paragraphs); negotiation
 * drafts need more: plain-text and PDF-derived drafts put headings ("Action Line C9.
 * Media", "Article 6", "A. [[Preamble]1") and numbered paragraphs on their own lines with
 * no blank line around them, so every paragraph block is split again line by line.
 */

export interface Structure {
  sections: DraftSection[];
  paragraphs: DraftParagraph[];
  /** Normalised labels of Markdown link reference definitions (`[label]: url`). */
  references: Set<string>;
}

interface HeadingInfo {
  kind: SectionKind;
  number?: string;
  /** Offset (in the line) where the title starts, after the label. */
  titleOffset: number;
  level: number;
  /** Only a label ("I.", "A.") with the title on the next line. */
  labelOnly: boolean;
}

const MAX_HEADING_LINE = 150;

/** Builds sections and paragraphs. `format` enables Markdown-only or text-only rules. */
export function buildStructure(
  text: string,
  blocks: readonly Block[],
  format: 'markdown' | 'text' | 'other',
): Structure {
  const builder = new StructureBuilder(text, format);
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
  ) {}

  countRepeatedLines(blocks: readonly Block[]): void {
    for (const block of blocks) {
      if (block.kind !== 'paragraph') continue;
      forEachLine(this.text, block.offset, block.offset + block.text.length, (start, end) => {
        const len = end - start;
        if (len > 80 || len < 3) return;
        const key = furnitureKey(this.text, start, end);
        this.repeated.set(key, (this.repeated.get(key) ?? 0) + 1);
      });
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
    const text = this.text;
    let paraStart = -1;
    let paraEnd = -1;
    let paraLead: ParagraphLead | undefined;
    let prevLineEnd = -1;

    const flush = () => {
      if (paraStart < 0) return;
      const lead = paraLead ?? { bodyStart: paraStart };
      let extras = leadExtras(lead);
      if (this.pendingNumber && extras.number === undefined)
        extras = { ...extras, number: this.pendingNumber.number };
      this.pendingNumber = undefined;
      this.addParagraph('body', paraStart, paraEnd, lead.bodyStart, extras);
      paraStart = -1;
      paraLead = undefined;
    };

    forEachLine(text, blockStart, blockEnd, (lineStart, lineEnd) => {
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
          prevLineEnd = lineEnd;
          return;
        }
        this.openSection(pending.info, pending.start, pending.end);
      }

      if (this.format === 'text' && lineEnd - lineStart <= 80 && this.isFurniture(lineStart, lineEnd)) {
        flush();
        this.addParagraph('furniture', lineStart, lineEnd, lineStart, {});
        prevLineEnd = -1;
        return;
      }

      const heading = mayBeHeading(text, lineStart, lineEnd, this.format)
        ? parseHeadingLine(
            text.slice(lineStart, lineEnd),
            this.format,
            this.lastRoman,
            this.lastLetter,
            false,
          )
        : undefined;
      if (heading) {
        flush();
        this.pendingNumber = undefined;
        if (heading.labelOnly) this.pendingHeading = { info: heading, start: lineStart, end: lineEnd };
        else this.openSection(heading, lineStart, lineEnd);
        prevLineEnd = lineEnd;
        return;
      }

      const leadPossible = mayHaveLead(text, lineStart, lineEnd);
      const labelOnly =
        leadPossible && lineEnd - lineStart <= 12 ? LABEL_ONLY.exec(text.slice(lineStart, lineEnd)) : null;
      if (labelOnly) {
        // "Pp3" or "12." alone: numbers the next paragraph.
        flush();
        this.pendingNumber = { number: normaliseNumber(labelOnly[1] as string), start: lineStart };
        prevLineEnd = -1;
        return;
      }

      const lead = leadPossible ? parseParagraphLead(text, lineStart, lineEnd) : { bodyStart: lineStart };
      const startsNew =
        lead.number !== undefined ||
        lead.option !== undefined ||
        (this.format === 'text' &&
          prevLineEnd >= 0 &&
          endsSentence(text, prevLineEnd) &&
          startsClause(text, lineStart, lineEnd));
      if (paraStart < 0 || startsNew) {
        flush();
        paraStart = lineStart;
        paraLead = lead;
      }
      paraEnd = lineEnd;
      prevLineEnd = lineEnd;
    });
    flush();
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
    this.paragraphIdCount.set(id, this.paragraphIdCount.get(id) ?? 1);
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
export function forEachLine(
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
  // digits, [ ( * _ and the first letters of Pp/Op/Option/Alt
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
    c === 97
  );
}

function isBlank(code: number): boolean {
  return (
    code === 32 || code === 9 || code === 13 || code === 12 || code === 0xa0 || code === 0xfeff || code === 10
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

// ---------------------------------------------------------------------------------------
// Headings

const LATIN = '(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)';
const ACTION_LINE = /^action\s+lines?\s+(c\s?\d{1,2})\b\s*[.:)\u2013\u2014-]?\s*/i;
const STRUCTURAL = new RegExp(
  `^(article|section|part|chapter|annex|appendix)\\s+(\\d{1,3}(?:\\s?${LATIN})?|[IVXLC]{1,7}|[A-Z])(?=$|[\\s.:)\\u2013\\u2014-])(?![.:]\\d)`,
  'i',
);
const ROMAN = /^([IVXLC]{1,7})\.(?=\s|$)/;
const LETTER = /^([A-Z])\.(?=\s|$)/;
const PREAMBLE = /^(preamble|preambular part|operative part)\s*:?\s*$/i;
/** Title starts allowed after a label without punctuation: a capital, a bracket, emphasis, a quote. */
const TITLE_START = /^[A-Z[*_"\u201c(]/;

const ROMAN_VALUES: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };

function romanValue(s: string): number {
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ROMAN_VALUES[s[i] as string] ?? 0;
    const next = ROMAN_VALUES[s[i + 1] as string] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}

function toRoman(n: number): string {
  const table: [number, string][] = [
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  let rest = n;
  for (const [v, s] of table) {
    while (rest >= v) {
      out += s;
      rest -= v;
    }
  }
  return out;
}

/**
 * Recognises a heading written on a line of its own. `markdownHeading` is true for lines
 * that are already headings (Markdown `#`): then any text is accepted and only the label
 * is extracted.
 */
export function parseHeadingLine(
  line: string,
  format: 'markdown' | 'text' | 'other',
  lastRoman: string | undefined,
  lastLetter: string | undefined,
  markdownHeading: boolean,
): HeadingInfo | undefined {
  // Brackets and emphasis may wrap a heading: "[Action Line C9. Media", "**Article 6**".
  const lead = /^[\s*_[]*/.exec(line) as RegExpExecArray;
  const offset = lead[0].length;
  const rest = line.slice(offset);
  if (rest.length === 0) return undefined;

  const action = ACTION_LINE.exec(rest);
  if (action) {
    const title = rest.slice(action[0].length);
    if (!markdownHeading && !acceptableTitle(title, action[0])) return undefined;
    return {
      kind: 'action-line',
      number: (action[1] as string).replace(/\s+/g, '').toUpperCase(),
      titleOffset: offset + action[0].length,
      level: 2,
      labelOnly: false,
    };
  }

  const structural = STRUCTURAL.exec(rest);
  if (structural) {
    const after = rest.slice(structural[0].length);
    const sep = /^\s*[.:)\u2013\u2014-]\s*/.exec(after);
    const titleRel =
      structural[0].length + (sep ? sep[0].length : (/^\s*/.exec(after) as RegExpExecArray)[0].length);
    const title = rest.slice(titleRel);
    // Without punctuation after the number, the title must look like one: short, no brackets
    // ("[Annex II Parties][Parties in a position to do so]" is text, not a heading).
    const ok =
      markdownHeading ||
      title.length === 0 ||
      (title.length <= 100 &&
        !/[,;]\s*$/.test(title) &&
        (sep !== null ||
          (TITLE_START.test(title) &&
            title.length <= 60 &&
            // A bracket may open the title ("Article 4 [Adaptation"): the section is bracketed whole.
            TITLE_START.test(title.replace(/^\[+\s*/, '')) &&
            !/[[\]]/.test(title.replace(/^\[+\s*/, '').replace(/\]+\s*$/, '')))));
    if (ok) {
      const kind = (structural[1] as string).toLowerCase() as SectionKind;
      let number = (structural[2] as string).replace(/\s+/g, ' ');
      if (/^[ivxlc]+$/i.test(number) && kind !== 'article') number = number.toUpperCase();
      return {
        kind,
        number,
        titleOffset: offset + titleRel,
        level: kind === 'article' ? 2 : 1,
        labelOnly: false,
      };
    }
    if (!markdownHeading) return undefined;
  }

  // Single capital letters are letters ("A.", "C.", "I." after "H."), unless they continue a
  // roman sequence ("V." after "IV.") or start one ("I." with no letters before it).
  const letter = LETTER.exec(rest);
  const roman = ROMAN.exec(rest);
  let kind: 'roman' | 'letter' | undefined;
  let label: RegExpExecArray | null = null;
  if (letter) {
    const ch = letter[1] as string;
    const prevLetter = lastLetter ? lastLetter.charCodeAt(0) : 0;
    const continuesLetters = prevLetter > 0 && ch.charCodeAt(0) === prevLetter + 1;
    const continuesRoman =
      /^[IVXLC]$/.test(ch) &&
      (lastRoman ? romanValue(ch) === romanValue(lastRoman) + 1 : ch === 'I' && prevLetter === 0);
    kind = continuesRoman && !continuesLetters ? 'roman' : 'letter';
    label = letter;
  } else if (roman && toRoman(romanValue(roman[1] as string)) === roman[1]) {
    kind = 'roman';
    label = roman;
  }
  if (kind && label) {
    const afterLabel = rest.slice(label[0].length);
    const space = (/^\s*/.exec(afterLabel) as RegExpExecArray)[0].length;
    const title = afterLabel.slice(space);
    if (title.length === 0) {
      if (markdownHeading || format !== 'markdown') {
        return {
          kind,
          number: label[1] as string,
          titleOffset: line.length,
          level: kind === 'roman' ? 1 : 2,
          labelOnly: !markdownHeading,
        };
      }
      return undefined;
    }
    // "A. Governments should act in good faith." is a lettered paragraph, not a heading.
    const sentence = /[.;]\s*$/.test(title) && title.split(/\s+/).length >= 4;
    if (markdownHeading || (TITLE_START.test(title) && acceptableTitle(title, label[0]) && !sentence)) {
      return {
        kind,
        number: label[1] as string,
        titleOffset: offset + label[0].length + space,
        level: kind === 'roman' ? 1 : 2,
        labelOnly: false,
      };
    }
    if (!markdownHeading) return undefined;
  }

  if (/^[pPoO]/.test(rest) && PREAMBLE.test(rest.replace(/[\]*_]+/g, ''))) {
    return { kind: 'preamble', titleOffset: offset, level: 1, labelOnly: false };
  }

  if (!markdownHeading && format === 'text' && isAllCapsHeading(line)) {
    return { kind: 'heading', titleOffset: offset, level: 1, labelOnly: false };
  }
  return undefined;
}

/** A title on the heading line: short, and not the first words of a sentence that runs on. */
function acceptableTitle(title: string, label: string): boolean {
  if (title.length === 0) return true;
  if (title.length > 120 - label.length) return false;
  if (/[,;]\s*$/.test(title)) return false;
  return true;
}

function isAllCapsHeading(line: string): boolean {
  const t = line.trim();
  if (t.length < 4 || t.length > 80) return false;
  // Document symbols ("FCCC/AWGLCA/2012/CRP.1") and codes are not headings.
  if (/[a-z]/.test(t) || /[,;]$/.test(t) || /^[\d[(]/.test(t) || /[/\\]|\.\S/.test(t)) return false;
  if (!t.includes(' ') && t.length < 5) return false;
  const letters = t.replace(/[^A-Z]/g, '').length;
  return letters >= 4 && letters >= t.length / 2 && /[A-Z]{2,}/.test(t);
}

/** Display title: no label, brackets, emphasis, attribute lists or footnote markers. */
export function cleanTitle(raw: string): string {
  return raw
    .replace(/\{:[^}]*\}/g, '')
    .replace(/\[\^[^\]\s]+\]/g, '')
    .replace(/\](\d{1,3})(?=\s|$)/g, ']')
    .replace(/([a-z]{3,})\d{1,2}(?=[\]\s]*$)/, '$1')
    .replace(/[[\]*_]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.:\u2013\u2014-]+|[\s.:]+$/g, '')
    .trim();
}

function slug(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
}

function baseSectionId(info: HeadingInfo, title: string): string {
  const num = info.number?.replace(/\s+/g, '-');
  switch (info.kind) {
    case 'action-line':
    case 'roman':
    case 'letter':
      return num ?? 'section';
    case 'article':
    case 'section':
    case 'part':
    case 'chapter':
    case 'annex':
    case 'appendix':
      return num ? `${info.kind}-${num}` : info.kind;
    case 'preamble':
      return 'preamble';
    case 'front':
      return 'front';
    case 'footnotes':
      return 'footnotes';
    default:
      return slug(title) || 'section';
  }
}

// ---------------------------------------------------------------------------------------
// Paragraph leads: numbers and option labels

interface ParagraphLead {
  number?: string;
  option?: string;
  bodyStart: number;
}

function leadExtras(lead: ParagraphLead): { number?: string; option?: string } {
  return {
    ...(lead.number === undefined ? {} : { number: lead.number }),
    ...(lead.option === undefined ? {} : { option: lead.option }),
  };
}

/** "12.", "12 bis.", "[12.]", "12a)", "(a)", "[(b)]", "Pp3": a paragraph number at the start of a line. */
const NUMBER_LEAD = new RegExp(
  `^[*_]{0,2}(\\[\\s*)?(?:(\\d{1,3}(?:\\s?[a-z](?![a-z]))?(?:\\s?${LATIN}\\b)?)(\\s*[.)])?|\\(([a-z]{1,2}|[ivxlc]{1,6}|\\d{1,2})\\)|((?:Pp|PP|Op|OP)\\s?\\d{1,3}))(\\s*\\])?[*_]{0,2}(?=\\s|$)`,
);
/** A number label with nothing after it on the line. */
const LABEL_ONLY = new RegExp(`^((?:Pp|PP|Op|OP)\\s?\\d{1,3}|\\d{1,3}(?:\\s?${LATIN})?\\.)\\s*$`);
/** "Option 2:", "**Option 1:**", "[Option (a):", "Alt 1.", "Alternative B -". */
export const OPTION_LEAD =
  /^[\s*_[]*(Option|Alt(?:ernative)?)\s*(\(?\d{1,3}\)?|\(?[A-Za-z]\)?|[IVX]{1,4})(?![\w])(?:\[\^[^\]\s]+\])*[*_]*\s*[:.)\u2013\u2014-]/i;
/** A line that can start a new clause after a line that ended a sentence: a capital after openers, emphasis or quotes. */
function startsClause(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 42 || c === 95 || c === 34 || c === 0x201c || c === 32) i++;
    else return c >= 65 && c <= 90;
  }
  return false;
}

function parseParagraphLead(text: string, start: number, end: number): ParagraphLead {
  const head = text.slice(start, Math.min(end, start + 80));
  const num = NUMBER_LEAD.exec(head);
  if (num) {
    const digits = num[2];
    const hasDot = num[3] !== undefined;
    const bracketed = num[1] !== undefined && num[6] !== undefined;
    const latin = digits !== undefined && new RegExp(`${LATIN}$`).test(digits);
    let number: string | undefined;
    if (digits !== undefined && (hasDot || latin || bracketed)) number = normaliseNumber(digits);
    else if (num[4] !== undefined) number = `(${num[4]})`;
    else if (num[5] !== undefined) number = normaliseNumber(num[5]);
    if (number !== undefined && !(digits !== undefined && bracketed && !hasDot && !latin)) {
      let bodyStart = start + num[0].length;
      while (bodyStart < end && isBlank(text.charCodeAt(bodyStart))) bodyStart++;
      const option = OPTION_LEAD.exec(text.slice(bodyStart, Math.min(end, bodyStart + 60)));
      return {
        number,
        ...(option ? { option: optionLabel(option) } : {}),
        bodyStart: option ? skipBlank(text, bodyStart + option[0].length, end) : bodyStart,
      };
    }
  }
  const option = OPTION_LEAD.exec(head);
  if (option)
    return { option: optionLabel(option), bodyStart: skipBlank(text, start + option[0].length, end) };
  return { bodyStart: start };
}

function skipBlank(text: string, i: number, end: number): number {
  let j = i;
  while (j < end && isBlank(text.charCodeAt(j))) j++;
  return j;
}

function optionLabel(m: RegExpExecArray): string {
  const word = (m[1] as string).toLowerCase().startsWith('alt') ? 'Alt' : 'Option';
  return `${word} ${(m[2] as string).replace(/[()]/g, '')}`;
}

function normaliseNumber(raw: string): string {
  return raw
    .replace(/\s+/g, ' ')
    .replace(/[.)]$/, '')
    .replace(/^(Pp|PP)\s?/, 'Pp')
    .replace(/^(Op|OP)\s?/, 'Op')
    .trim();
}

/** True when the line ending at `lineEnd` ends a sentence or clause (".", ";", ":", ","), closers and footnote digits aside. */
function endsSentence(text: string, lineEnd: number): boolean {
  let i = lineEnd - 1;
  let digits = 0;
  while (i >= 0 && digits < 3 && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) {
    i--;
    digits++;
  }
  while (i >= 0 && '])"\'\u201d\u2019*_ '.includes(text[i] as string)) i--;
  return i >= 0 && '.;:,!?\u2026'.includes(text[i] as string);
}
