import type { Block } from '../documents/types.js';
import { isFurniture } from './furniture.js';
import { isKeywordKind, matchStructuralLine, parseHeadingAt } from './heading-chars.js';
import {
  baseSectionId,
  cleanTitleAt,
  type HeadingInfo,
  parseHeadingLine,
  titleEndBeforeLabel,
  titleLike,
} from './headings.js';
import {
  endsSentence,
  LABEL_ONLY,
  type LeadRecord,
  NUMBER_LEAD,
  normaliseNumber,
  OPTION_LEAD,
  optionAlone,
  parseParagraphLead,
  readDecimalLeadInto,
  readLeadInto,
  readPlainOptionInto,
  startsClause,
  startsWithOtherLead,
} from './leads.js';
import { moreThan, tooComplex } from './limits.js';
import { forEachLine, MAX_HEADING_LINE, mayBeHeading, mayHaveLead, RepeatedLines } from './line-gates.js';
import { joinListNumber, laterOptionLine, ownListNumber, trimmedEnd } from './list-numbers.js';
import { EMPTY } from './lists.js';
import { hasBracket, hasPipe, isDelimiterRow, looksLikeHeaderRow, pipeCells, readRow } from './table-rows.js';
import type { DraftParagraph, DraftSection, ParagraphKind } from './types.js';

/**
 * The structure pass: blocks -> sections and paragraphs. Blocks are what the documents
 * module could see (Markdown headings, list items, blank-line paragraphs); negotiation
 * drafts need more: plain-text and PDF-derived drafts put headings ("Action Line C9.
 * Media", "Article 6", "A. [[Preamble]1") and numbered paragraphs on their own lines with
 * no blank line around them, so every paragraph block is split again line by line.
 *
 * One piece (over 500 lines) because the builder's line-by-line decisions (heading, number
 * lead, continuation, page furniture) read and update one shared state; heading, paragraph-lead
 * and furniture recognition, which need none of it, live in headings.ts, heading-chars.ts,
 * leads.ts and furniture.ts.
 */

export interface Structure {
  sections: DraftSection[];
  paragraphs: DraftParagraph[];
  /** Normalised labels of Markdown link reference definitions (`[label]: url`). */
  references: Set<string>;
  /**
   * Cells of table rows that may name who proposed the row (table-rows.ts), as flat
   * (paragraph, start, end) triples; the parse keeps those that name only parties or groups.
   */
  holderCells: number[];
}

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
  // The loops are the builder's: a loop here was compiled on the stack (OSR) on the first
  // call, before `finish` had run, and that code then left for the interpreter at every call.
  builder.addBlocks(ordered, frontEnd);
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
  /**
   * Paragraph ids are "<section id>/<local>" and section ids hold no "/", so ids of two
   * sections never meet. Paragraphs go to the section opened last (`current` only ever moves
   * to a new section), so what makes local ids unique is the current section's alone: its id
   * prefix ("article-4/"), its unnumbered count ("#3") and the numbers it has seen (for "~2"):
   * a short list, and a map from the first repeat or past eight numbers.
   */
  private idPrefix = '';
  private unnumbered = 0;
  /** The first (at most eight) numbers, `fewNumbers[0, fewCount)`: a fixed array, emptied by its count. */
  private readonly fewNumbers: string[] = ['', '', '', '', '', '', '', ''];
  private fewCount = 0;
  private seenNumbers: Map<string, number> | undefined;
  /** Open sections, outermost first; the last one receives paragraphs. */
  private readonly stack: number[] = [];
  private current = -1;
  /** How often each short line occurs, digits and case folded (plain text only). */
  private readonly repeated = new RepeatedLines();
  /** A number label on a line of its own ("Pp3", "12.") waiting for the paragraph it numbers. */
  private pendingNumber: { number: string; start: number } | undefined;
  /** "Option 1" alone on its line: the option label of the next paragraph that has none. */
  private pendingOption: string | undefined;
  /** A heading label on a line of its own ("I.") waiting for its title on the next line. */
  private pendingHeading: { info: HeadingInfo; start: number; end: number } | undefined;
  /** Numbers of the enclosing list items by nesting level, to number nested items "12(a)". */
  private readonly listNumbers: (string | undefined)[] = [];
  private lastRoman: string | undefined;
  private lastLetter: string | undefined;
  readonly holderCells: number[] = [];
  /** The table row whose cells (table-cell blocks) are being gathered. */
  private row: TableRow | undefined;
  /** The first pipe at or after the last block asked about (-1: none in the rest of the text). */
  private nextPipe = -2;
  /** The table whose first row of several cells has been read (-1: none yet). */
  private headedTable = -1;

  constructor(
    private readonly text: string,
    private readonly format: 'markdown' | 'text' | 'other',
    private readonly maxSections: number,
  ) {}

  /**
   * The paragraph blocks whose short lines are counted (plain text), at the first question:
   * most drafts' lines are all decided before the count is asked (isFurniture), and then no
   * line is hashed.
   */
  countRepeatedLines(blocks: readonly Block[]): void {
    this.blocksToCount = blocks;
  }

  private blocksToCount: readonly Block[] | undefined;

  /** `repeatedCount` for isFurniture (one closure for the whole draft). */
  private readonly countLine = (start: number, end: number) => this.repeatedCount(start, end);

  /** How often the short line `[start, end)` occurs in the draft, digits, case and blanks folded. */
  private repeatedCount(start: number, end: number): number {
    const blocks = this.blocksToCount;
    if (blocks !== undefined) {
      this.blocksToCount = undefined;
      for (let i = 0; i < blocks.length; i++) {
        const block = blocks[i] as Block;
        if (block.kind !== 'paragraph') continue;
        this.repeated.addLines(this.text, block.offset, block.offset + block.text.length);
      }
    }
    return this.repeated.countOf(this.text, start, end);
  }

  /** Adds the blocks in order, skipping those before `from` (front matter). */
  addBlocks(blocks: readonly Block[], from: number): void {
    // An index loop: a for-of allocated an iterator result per block.
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i] as Block;
      if (block.offset >= from) this.addBlock(block);
    }
  }

  addBlock(block: Block): void {
    const start = block.offset;
    const end = block.offset + block.text.length;
    if (this.row !== undefined && block.kind !== 'table-cell') this.flushRow();
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
        this.addParagraph('footnote', start, end, start, number === undefined ? undefined : `^${number}`);
        return;
      }
      case 'list-item': {
        this.flushPendingHeading();
        const level = Math.max(1, block.level ?? 1);
        const own = ownListNumber(block.numbering);
        this.listNumbers.length = level;
        this.listNumbers[level - 1] = own?.own;
        let number: string | undefined;
        if (own !== undefined) {
          const parent =
            level > 1 && !own.whole
              ? this.listNumbers.slice(0, level - 1).filter((n) => n !== undefined)
              : [];
          number = joinListNumber(parent as string[], own.own);
        }
        // "3. Alternative A: ..." then "Alternative B: ..." in one item: the second option is a paragraph of its own.
        const later = laterOptionLine(this.text, start, end);
        const itemEnd = later < 0 ? end : trimmedEnd(this.text, start, later);
        const lead = parseParagraphLead(this.text, start, itemEnd);
        this.addParagraph(
          'body',
          start,
          itemEnd,
          lead.bodyStart,
          number ?? lead.number,
          this.optionOr(lead.option),
        );
        if (later >= 0) this.splitParagraphBlock(later, end);
        return;
      }
      case 'table-cell':
        this.flushPendingHeading();
        this.addCell(block, start, end);
        return;
      default:
        this.splitParagraphBlock(start, end);
    }
  }

  /** Splits a paragraph block into headings, numbered paragraphs and plain paragraphs, line by line. */
  private splitParagraphBlock(blockStart: number, blockEnd: number): void {
    this.paraStart = -1;
    this.prevLineEnd = -1;
    if (this.pipeBefore(blockStart, blockEnd)) this.splitWithTables(blockStart, blockEnd);
    else forEachLine(this.text, blockStart, blockEnd, this.onLine);
    this.flushParagraph();
  }

  /** Whether `[start, end)` has a pipe: one search of the text for the next pipe, reused until passed. */
  private pipeBefore(start: number, end: number): boolean {
    if (this.nextPipe === -1) return false;
    if (this.nextPipe < start) this.nextPipe = this.text.indexOf('|', start);
    return this.nextPipe >= 0 && this.nextPipe < end;
  }

  /**
   * A paragraph block with pipes: its lines, where a line with a pipe followed by a delimiter
   * row starts a pipe table (header row, delimiter, then each line with a pipe a row).
   */
  private splitWithTables(blockStart: number, blockEnd: number): void {
    const text = this.text;
    const lines: number[] = [];
    forEachLine(text, blockStart, blockEnd, (s, e) => lines.push(s, e));
    for (let k = 0; k < lines.length; k += 2) {
      const s = lines[k] as number;
      const e = lines[k + 1] as number;
      const next = k + 3 < lines.length;
      if (
        !(next && hasPipe(text, s, e) && isDelimiterRow(text, lines[k + 2] as number, lines[k + 3] as number))
      ) {
        this.addLine(s, e);
        continue;
      }
      this.flushParagraph();
      this.flushPendingHeading();
      this.pendingNumber = undefined;
      this.tableRow(pipeCells(text, s, e), s, e, true);
      this.addParagraph('furniture', lines[k + 2] as number, lines[k + 3] as number, lines[k + 2] as number);
      k += 4;
      for (; k < lines.length && hasPipe(text, lines[k] as number, lines[k + 1] as number); k += 2) {
        const rs = lines[k] as number;
        const re = lines[k + 1] as number;
        this.tableRow(pipeCells(text, rs, re), rs, re, false);
      }
      k -= 2;
      this.prevLineEnd = -1;
    }
  }

  /** A table cell read as a paragraph of its own, numbered by its own lead ("5.1 Parties ..."). */
  private cellParagraph(start: number, end: number): void {
    const lead = parseParagraphLead(this.text, start, end);
    this.addParagraph('body', start, end, lead.bodyStart, lead.number, lead.option);
  }

  /** A table-cell block: gathered into its row (flushed when another row or block comes). */
  private addCell(block: Block, start: number, end: number): void {
    const cell = block.cell;
    let row = this.row;
    if (row !== undefined && (cell === undefined || row.table !== cell.table || row.row !== cell.row)) {
      this.flushRow();
      row = undefined;
    }
    if (cell === undefined) {
      this.cellParagraph(start, end);
      return;
    }
    if (row === undefined) {
      row = { table: cell.table, row: cell.row, cells: [], columns: [], headings: true };
      this.row = row;
    }
    row.cells.push(start, end);
    row.columns.push(cell.column);
    if (block.style !== 'th') row.headings = false;
  }

  /**
   * The gathered row: one paragraph when it has two or more cells of one line each; a row whose
   * cell holds several paragraphs (a draft laid out in a table) is read as paragraph blocks are,
   * cell by cell, line by line.
   */
  private flushRow(): void {
    const row = this.row;
    if (row === undefined) return;
    this.row = undefined;
    const { cells, columns } = row;
    let oneLineEach = columns.length >= 2;
    for (let k = 1; k < columns.length && oneLineEach; k++) oneLineEach = columns[k] !== columns[k - 1];
    for (let k = 0; k < cells.length && oneLineEach; k += 2)
      for (let i = cells[k] as number; i < (cells[k + 1] as number) && oneLineEach; i++)
        oneLineEach = this.text.charCodeAt(i) !== 10;
    if (!oneLineEach) {
      for (let k = 0; k < cells.length; k += 2)
        this.splitParagraphBlock(cells[k] as number, cells[k + 1] as number);
      return;
    }
    // Column names head the table's first row of several cells (a title row spanning the table may come first).
    const first = this.headedTable !== row.table;
    this.headedTable = row.table;
    const header = row.headings || (first && looksLikeHeaderRow(this.text, cells));
    this.tableRow(cells, cells[0] as number, cells[cells.length - 1] as number, header);
  }

  /**
   * One table row as a paragraph (`cells`: its non-empty cells as flat pairs). A header row is
   * left out of the text (as page furniture is) unless it holds a bracket.
   */
  private tableRow(cells: number[], start: number, end: number, header: boolean): void {
    if (cells.length === 0) return;
    if (header && !hasBracket(this.text, start, end)) {
      this.addParagraph('furniture', start, end, start);
      return;
    }
    const reading = readRow(this.text, cells);
    if (reading === undefined) {
      // Numbers in more than one cell (a side-by-side comparison: line numbers beside each
      // version): each cell is a paragraph of its own.
      for (let k = 0; k < cells.length; k += 2)
        this.cellParagraph(cells[k] as number, cells[k + 1] as number);
      return;
    }
    const index = this.paragraphs.length;
    this.addParagraph('body', start, end, reading.bodyStart, reading.number, this.optionOr(reading.option));
    const others = reading.others;
    for (let k = 0; k < others.length; k += 2)
      this.holderCells.push(index, others[k] as number, others[k + 1] as number);
  }

  /** One line callback for the whole draft (a closure per block would cost an allocation each). */
  private readonly onLine = (start: number, end: number) => this.addLine(start, end);

  /** The paragraph being gathered from the lines of a block (-1: none), with its first line's lead. */
  private paraStart = -1;
  private paraEnd = -1;
  private paraBodyStart = -1;
  private paraNumber: string | undefined;
  private paraOption: string | undefined;
  private prevLineEnd = -1;
  /** The lead of the line being read (one record for the whole draft). */
  private readonly lead: LeadRecord = { number: undefined, option: undefined, bodyStart: 0 };

  private flushParagraph(): void {
    if (this.paraStart < 0) return;
    const number = this.paraNumber ?? this.pendingNumber?.number;
    this.pendingNumber = undefined;
    const option = this.optionOr(this.paraOption);
    this.addParagraph('body', this.paraStart, this.paraEnd, this.paraBodyStart, number, option);
    this.paraStart = -1;
  }

  /** A paragraph's own option label, else the one of an "Option 1" line above it (used once). */
  private optionOr(own: string | undefined): string | undefined {
    const option = own ?? this.pendingOption;
    this.pendingOption = undefined;
    return option;
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
        // "I." then "a) Parties act;": an item, not the title.
        !startsWithOtherLead(text, lineStart, lineEnd) &&
        // "Article 2" then "[Alt 1: Parties act.]" or "Option 1" alone: an option, not the title.
        !OPTION_LEAD.test(body) &&
        optionAlone(text, lineStart, lineEnd) === undefined &&
        (pending.info.number === undefined || !isKeywordKind(pending.info.kind) || titleLike(body)) &&
        !parseHeadingLine(body, this.format, this.lastRoman, this.lastLetter, false)
      ) {
        this.openSection({ ...pending.info, labelOnly: false }, pending.start, lineEnd, false, lineStart);
        this.prevLineEnd = lineEnd;
        return;
      }
      this.openSection(pending.info, pending.start, pending.end);
    }

    const first = text.charCodeAt(lineStart);
    if (first >= 48 && first <= 57) {
      // "3.1 Parties", the commonest line of clause-numbered drafts, read once: a line that starts
      // with a digit is no heading (mayBeHeading), and one with this lead is no number label alone
      // (LABEL_ONLY), nor furniture when the lead's blanks end in the first 24 characters
      // (isFurniture turns such a decimal lead away first); otherwise it takes the path below.
      const body = readDecimalLeadInto(text, lineStart, lineEnd, this.lead);
      if (body >= 0 && (this.format !== 'text' || lineEnd - lineStart > 80 || body < lineStart + 24)) {
        this.continueParagraph(lineStart, lineEnd, true);
        return;
      }
    }

    // "Alt 1: [text]", the plainest option label, read once: no furniture (the option pattern
    // turns it away there) nor a number label alone, but it may be a heading in capitals.
    const option = readPlainOptionInto(text, lineStart, lineEnd, this.lead);
    // "Article 12 [Cooperation]": STRUCTURAL asked once, for the heading and for isFurniture
    // (which turns such a line away). No option word is a STRUCTURAL one, and a line too long
    // to be a heading is never asked either question.
    const structural =
      option || lineEnd - lineStart > MAX_HEADING_LINE ? -1 : matchStructuralLine(text, lineStart, lineEnd);
    if (
      !option &&
      structural < 0 &&
      this.format === 'text' &&
      lineEnd - lineStart <= 80 &&
      isFurniture(text, lineStart, lineEnd, this.countLine)
    ) {
      this.flushParagraph();
      this.addParagraph('furniture', lineStart, lineEnd, lineStart);
      this.prevLineEnd = -1;
      return;
    }

    const heading = mayBeHeading(text, lineStart, lineEnd, this.format)
      ? parseHeadingAt(text, lineStart, lineEnd, this.format, this.lastRoman, this.lastLetter, structural)
      : undefined;
    if (heading) {
      this.flushParagraph();
      this.pendingNumber = undefined;
      if (heading.labelOnly) this.pendingHeading = { info: heading, start: lineStart, end: lineEnd };
      else this.openSection(heading, lineStart, lineEnd);
      this.prevLineEnd = lineEnd;
      return;
    }

    if (option) {
      this.continueParagraph(lineStart, lineEnd, true);
      return;
    }
    const leadPossible = mayHaveLead(text, lineStart, lineEnd);
    const alone = leadPossible ? optionAlone(text, lineStart, lineEnd) : undefined;
    if (alone !== undefined) {
      // "Option 2" alone: labels the next paragraph, which starts the option.
      this.flushParagraph();
      this.pendingOption = alone;
      this.prevLineEnd = -1;
      return;
    }
    const labelOnly =
      leadPossible && lineEnd - lineStart <= 12 ? LABEL_ONLY.exec(text.slice(lineStart, lineEnd)) : null;
    if (labelOnly) {
      // "Pp3" or "12." alone: numbers the next paragraph.
      this.flushParagraph();
      this.pendingNumber = { number: normaliseNumber(labelOnly[1] as string), start: lineStart };
      this.prevLineEnd = -1;
      return;
    }

    // False when the line has no number or option label (most lines).
    this.continueParagraph(
      lineStart,
      lineEnd,
      leadPossible && readLeadInto(text, lineStart, lineEnd, this.lead),
    );
  }

  /**
   * A line of running text: it starts a paragraph when it has a lead (`this.lead`), when none
   * is open, or (plain text) when it starts a clause after a line that ended a sentence; else
   * it continues the open one.
   */
  private continueParagraph(lineStart: number, lineEnd: number, hasLead: boolean): void {
    const text = this.text;
    const lead = this.lead;
    const startsNew =
      hasLead ||
      (this.format === 'text' &&
        this.prevLineEnd >= 0 &&
        endsSentence(text, this.prevLineEnd) &&
        startsClause(text, lineStart, lineEnd));
    if (this.paraStart < 0 || startsNew) {
      this.flushParagraph();
      this.paraStart = lineStart;
      this.paraBodyStart = hasLead ? lead.bodyStart : lineStart;
      this.paraNumber = hasLead ? lead.number : undefined;
      this.paraOption = hasLead ? lead.option : undefined;
    }
    this.paraEnd = lineEnd;
    this.prevLineEnd = lineEnd;
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
    const title = cleanTitleAt(text, titleStart, titleEndBeforeLabel(text, titleStart, end));
    // An option label alone does not reach across a heading.
    this.pendingOption = undefined;
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
      // Always the key (undefined when unnumbered): one shape for every section, no spread.
      number: info.number,
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
    this.idPrefix = `${id}/`;
    this.unnumbered = 0;
    this.fewCount = 0;
    this.seenNumbers = undefined;
    if (!synthetic) {
      section.headingParagraph = this.paragraphs.length;
      this.addParagraph('heading', start, end, titleStart);
    }
  }

  /**
   * `base`, or "<parent id>.<base>" when `base` is taken, or the first free "<stem>-<n>" when
   * that is taken too. Most ids are new: the set's size tells whether `add` inserted, so such an
   * id is hashed and looked up once (not asked with `has` first).
   */
  private uniqueSectionId(base: string, parent: number): string {
    const used = this.usedSectionIds;
    let size = used.size;
    used.add(base);
    if (used.size > size) return base;
    let stem = base;
    if (parent >= 0) {
      stem = `${(this.sections[parent] as DraftSection).id}.${base}`;
      size = used.size;
      used.add(stem);
      if (used.size > size) return stem;
    }
    let n = (this.sectionIdNext.get(stem) ?? 1) + 1;
    while (used.has(`${stem}-${n}`)) n++;
    this.sectionIdNext.set(stem, n);
    const id = `${stem}-${n}`;
    used.add(id);
    return id;
  }

  private addParagraph(
    kind: ParagraphKind,
    start: number,
    end: number,
    bodyStart: number,
    number?: string,
    option?: string,
  ): void {
    if (this.current < 0) {
      this.openSection({ kind: 'front', titleOffset: 0, level: 1, labelOnly: false }, start, start, true);
    }
    const sectionIndex = this.current;
    // The local part of the id: "heading" (once per section, its first paragraph),
    // "page-furniture-<index>", the number, or "#<k>" for the k-th unnumbered paragraph.
    // Numbers never start with "#" or "page-" nor read "heading", so only numbers can repeat.
    const prefix = this.idPrefix;
    let id: string;
    if (kind === 'heading') id = `${prefix}heading`;
    else if (kind === 'furniture') id = `${prefix}page-furniture-${this.paragraphs.length}`;
    else if (number !== undefined) id = prefix + this.numberedLocal(number);
    else id = prefix + unnumberedLocal(++this.unnumbered);
    // Every key in one literal, `number` and `option` too when undefined: all paragraphs share
    // one hidden class, so the passes after this one read them through monomorphic accesses.
    // The keys keep their order in JSON (which leaves undefined ones out).
    this.paragraphs.push({
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
      number,
      option,
    });
  }

  /**
   * A number's local id in the current section: the number, or "<number>~2", "~3"... when the section
   * has it already ("(a)" under several paragraphs). The counter per number keeps this
   * linear however often a number repeats.
   */
  private numberedLocal(number: string): string {
    // Most sections number a few paragraphs, all different: their numbers are kept in a short
    // list (each a key the map would hold with count 1), and the map is built from it at the
    // first repeat or past eight numbers.
    let seen = this.seenNumbers;
    if (seen === undefined) {
      const few = this.fewNumbers;
      const count = this.fewCount;
      let known = false;
      for (let k = 0; k < count && !known; k++) known = few[k] === number;
      if (count < 8 && !known) {
        few[count] = number;
        this.fewCount = count + 1;
        return number;
      }
      seen = new Map();
      for (let k = 0; k < count; k++) seen.set(few[k] as string, 1);
      this.seenNumbers = seen;
    }
    let local = number;
    const count = seen.get(number);
    if (count !== undefined) {
      let n = count + 1;
      while (seen.has(`${number}~${n}`)) n++;
      local = `${number}~${n}`;
      seen.set(number, n);
    }
    // `local` is new here (unseen, or the loop above skipped every "~n" taken): its count is 1.
    seen.set(local, 1);
    return local;
  }

  finish(): Structure {
    this.flushRow();
    this.flushPendingHeading();
    const { sections, paragraphs } = this;
    // Section extents: a section runs until the next section that is not one of its descendants.
    const open: number[] = [];
    for (let i = 0; i < sections.length; i++) {
      const s = sections[i] as DraftSection;
      while (open.length > 0 && open[open.length - 1] !== s.parent)
        closeSection(sections, open.pop() as number, s.firstParagraph);
      open.push(i);
    }
    while (open.length > 0) closeSection(sections, open.pop() as number, paragraphs.length);
    for (let i = 0; i < sections.length; i++) {
      const s = sections[i] as DraftSection;
      const first = paragraphs[s.firstParagraph];
      const last = paragraphs[s.endParagraph - 1];
      if (first && s.endParagraph > s.firstParagraph) {
        s.start = Math.min(s.start, first.start);
        s.end = Math.max(s.end, (last as DraftParagraph).end);
      }
    }
    return { sections, paragraphs, references: this.references, holderCells: this.holderCells };
  }
}

/** A table row's cells (table-cell blocks) as they come: flat start/end pairs and each one's column. */
interface TableRow {
  table: number;
  row: number;
  cells: number[];
  columns: number[];
  /** Every cell so far a heading cell (HTML `th`). */
  headings: boolean;
}

/** Ends section `index` at `endParagraph` (never before its first paragraph). */
function closeSection(sections: DraftSection[], index: number, endParagraph: number): void {
  const s = sections[index] as DraftSection;
  s.endParagraph = Math.max(endParagraph, s.firstParagraph);
}

/** "#1", "#2"...: the local ids of a section's first unnumbered paragraphs, made once. */
const UNNUMBERED_LOCAL: string[] = [];

function unnumberedLocal(k: number): string {
  if (k >= 64) return `#${k}`;
  let local = UNNUMBERED_LOCAL[k];
  if (local === undefined) {
    local = `#${k}`;
    UNNUMBERED_LOCAL[k] = local;
  }
  return local;
}

/** Markdown link labels match case-insensitively with collapsed whitespace. */
export function normaliseLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}
