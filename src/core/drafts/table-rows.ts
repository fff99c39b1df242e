import { isBlank, LABEL_ONLY, normaliseNumber, type ParagraphLead, readParagraphLead } from './leads.js';

/**
 * Tables in drafts: compilations of proposals are often laid out as a table, one row per
 * proposal ("5.1 | Parties [shall] mobilize … | EU"), in DOCX and HTML (table-cell blocks)
 * and in Markdown (pipe tables). A row is the paragraph a reader means: its number is the
 * cell that holds only a paragraph number, its text the cells after it, and a cell that
 * names only parties or groups says who proposed it (parse.ts reads those cells with the
 * party table). A header row ("Para | Proposal | Proposed by") is not text of the draft.
 * These are the row's readings that need none of the structure pass's state.
 */

/** What a row reads as: its number and option, where its text starts, and the cells that may name holders. */
export interface RowReading {
  number: string | undefined;
  option: string | undefined;
  bodyStart: number;
  /** Flat start/end pairs of the cells after the text's first cell: possible holder cells. */
  others: number[];
}

/**
 * A Markdown delimiter row (`|---|:---:|`, `--- | ---`): cells of dashes with optional
 * colons, at least one pipe, nothing else. `[start, end)` is a trimmed line.
 */
export function isDelimiterRow(text: string, start: number, end: number): boolean {
  let pipes = 0;
  let dashes = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 124) pipes++;
    else if (c === 45) dashes++;
    else if (c !== 58 && !isBlank(c)) return false;
  }
  return pipes > 0 && dashes >= 3;
}

/** True when `[start, end)` has an unescaped pipe (a candidate table row). */
export function hasPipe(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) === 124 && (i === start || text.charCodeAt(i - 1) !== 92)) return true;
  }
  return false;
}

/**
 * The cells of a pipe-table row `[start, end)` as trimmed flat start/end pairs (empty cells
 * left out): split at unescaped pipes outside code spans, the outer pipes optional.
 */
export function pipeCells(text: string, start: number, end: number): number[] {
  const cells: number[] = [];
  let cellStart = start;
  let inCode = false;
  const push = (s: number, e: number) => {
    while (s < e && isBlank(text.charCodeAt(s))) s++;
    while (e > s && isBlank(text.charCodeAt(e - 1))) e--;
    if (e > s) cells.push(s, e);
  };
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 96) inCode = !inCode;
    else if (c === 124 && !inCode && (i === start || text.charCodeAt(i - 1) !== 92)) {
      push(cellStart, i);
      cellStart = i + 1;
    }
  }
  push(cellStart, end);
  return cells;
}

/**
 * Reads a row from its non-empty cells (flat start/end pairs, in order). A first cell that is
 * a paragraph number or option label and nothing else ("5.1", "PP3", "(a)", "Option 2")
 * numbers the row and its text starts at the next cell; otherwise the first cell's own lead,
 * if any, does. The cells after the text's first cell are returned as possible holder cells, and
 * the first cell too when the row has no number.
 * Undefined when a later cell is a number too: the row is no one paragraph (a side-by-side
 * comparison numbers the lines of each version).
 */
export function readRow(text: string, cells: readonly number[]): RowReading | undefined {
  for (let k = 2; k < cells.length; k += 2)
    if (numberCell(text, cells[k] as number, cells[k + 1] as number)) return undefined;
  const first = cells[0] as number;
  const firstEnd = cells[1] as number;
  const lead = numberCell(text, first, firstEnd) ?? readParagraphLead(text, first, firstEnd);
  if (lead && lead.bodyStart >= firstEnd && cells.length >= 4) {
    let option = lead.option;
    if (option === undefined) {
      // "5.1 | Option 2: …": the text cell's own option label still labels the row.
      const inner = readParagraphLead(text, cells[2] as number, cells[3] as number);
      if (inner?.option !== undefined && inner.number === undefined) option = inner.option;
    }
    return { number: lead.number, option, bodyStart: cells[2] as number, others: cells.slice(4) };
  }
  return {
    number: lead?.number,
    option: lead?.option,
    bodyStart: lead ? Math.min(lead.bodyStart, firstEnd) : first,
    // "United States | Parties [shall] act": a first cell of names only says who proposed the row too.
    others: lead || cells.length < 4 ? cells.slice(2) : cells.slice(0),
  };
}

/** True when `[start, end)` has a square bracket. */
export function hasBracket(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 93) return true;
  }
  return false;
}

/** A decimal number ("5", "5.1", "12 bis") or a letter or roman number in parentheses, alone. */
const CELL_NUMBER =
  /^(\d{1,3}(?:\.\d{1,3}){0,4}(?:\s?(?:bis|ter|quater))?|\([a-z]{1,2}\)|\([ivxlc]{1,6}\))\.?$/;

/** A cell that is a paragraph number and nothing else ("5.1", "PP3", "12.", "(a)"), as a lead. */
function numberCell(text: string, start: number, end: number): ParagraphLead | undefined {
  if (end - start > 16) return undefined;
  const cell = text.slice(start, end);
  const m = CELL_NUMBER.exec(cell) ?? LABEL_ONLY.exec(cell);
  return m ? { number: normaliseNumber((m[1] as string).replace(/\.$/, '')), bodyStart: end } : undefined;
}

/** Words in `[start, end)` (runs of non-blank characters), counting up to `limit + 1`. */
function wordsUpTo(text: string, start: number, end: number, limit: number): number {
  let words = 0;
  let inWord = false;
  for (let i = start; i < end && words <= limit; i++) {
    const blank = isBlank(text.charCodeAt(i));
    if (!blank && !inWord) words++;
    inWord = !blank;
  }
  return words;
}

/**
 * A first row that reads as column headings: at least two cells, each of at most four words,
 * none with a bracket, none starting with a digit or ending a sentence or clause
 * ("Para | Proposal | Proposed by"). Rows of a draft's text fail at least one of these.
 */
export function looksLikeHeaderRow(text: string, cells: readonly number[]): boolean {
  if (cells.length < 4) return false;
  for (let k = 0; k < cells.length; k += 2) {
    const s = cells[k] as number;
    const e = cells[k + 1] as number;
    const first = text.charCodeAt(s);
    const last = text.charCodeAt(e - 1);
    if (first >= 48 && first <= 57) return false;
    if (last === 46 || last === 59 || last === 58 || last === 44) return false;
    if (wordsUpTo(text, s, e, 4) > 4 || hasBracket(text, s, e)) return false;
  }
  return true;
}
