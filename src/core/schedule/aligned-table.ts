/**
 * Tables whose columns are aligned with spaces or tabs, as plain-text mail and PDF extraction
 * write them:
 *
 *     Date            Time            Meeting
 *     12 May 2027     09:00-11:00     Bureau
 *                     11:30-13:00     Scientific advisory group
 *
 * The header line names the columns (a date column and a time or meeting column, nothing
 * else but column words); each line under it is a row, its pieces placed under the header
 * word they start under, so a blank date cell stays blank instead of shifting the row.
 */

export interface AlignedTable {
  /** Offsets in the paragraph's text of the header line's start and of the last row's end. */
  start: number;
  end: number;
  /** The header and the rows, each a line of the paragraph. */
  lines: { raw: string; offset: number }[];
  /** The cells of a line (as cleaned for reading), one per header column, blank ones included. */
  cells(text: string): { text: string; index: number }[];
}

/** A column word of a table of meetings: its date, time, name, place. */
const COLUMN_WORD =
  /^(?:dates?|days?|when|time|times|hours?|start|end|from|to|meetings?|sessions?|events?|title|body|bodies|group|committee|items?|activity|activities|programme|program|venue|location|place|room|city|format|chair|notes?|remarks?|type|language|description|subject|topic|local time|start time|end time|date and time|date\/time|time \([^)]{1,20}\))$/i;
const DATE_COLUMN = /^(?:dates?|days?|when|date and time|date\/time)$/i;
/** Besides the dates, a column of times or of meetings: a column of items or titles may list deadlines. */
const OTHER_COLUMN = /time|hours?|start|meetings?|sessions?|events?|body|bodies|group|committee/i;

export function alignedTable(text: string): AlignedTable | undefined {
  if (!/ {2}|\t/.test(text)) return undefined;
  const lines: { raw: string; offset: number }[] = [];
  let pos = 0;
  for (const raw of text.split('\n')) {
    lines.push({ raw: raw.replace(/\r$/, ''), offset: pos });
    pos += raw.length + 1;
  }
  const h = lines.findIndex((l) => headerColumns(l.raw) !== undefined);
  if (h < 0) return undefined;
  const header = lines[h] as { raw: string; offset: number };
  const columns = headerColumns(header.raw) as number[];
  const tabbed = header.raw.includes('\t');
  const rows = lines.slice(h + 1).filter((l) => l.raw.trim() && !/^[\s=_-]+$/.test(l.raw));
  if (!rows.some((r) => /\d/.test(r.raw))) return undefined;
  const last = lines[lines.length - 1] as { raw: string; offset: number };
  return {
    start: header.offset,
    end: last.offset + last.raw.length,
    lines: [header, ...rows],
    cells: (line) => (tabbed ? tabCells(line, columns.length) : spacedCells(line, columns)),
  };
}

/** The start of each column of a header line, or undefined when the line is no table header. */
function headerColumns(line: string): number[] | undefined {
  if (/\d|\|/.test(line) || !/ {2}|\t/.test(line.trim())) return undefined;
  const chunks = pieces(line);
  return namesColumns(chunks.map((c) => c.text)) ? chunks.map((c) => c.index) : undefined;
}

/** Column words only, a date column among them and a column of times or meetings. */
function namesColumns(cells: string[]): boolean {
  if (cells.length < 2 || cells.length > 8) return false;
  const words = cells.map((c) => c.trim().replace(/:$/, ''));
  return (
    words.every((w) => COLUMN_WORD.test(w)) &&
    words.some((w) => DATE_COLUMN.test(w)) &&
    words.some((w) => !DATE_COLUMN.test(w) && OTHER_COLUMN.test(w))
  );
}

/**
 * "Date | Time" over "6 June 2027 | 09:00-12:30": a header of column words with one pipe or more,
 * the lines under it written with as many pipes, are a table even with a single pipe a line.
 */
export function pipedTable(lines: string[]): boolean {
  const filled = lines.filter((l) => l.trim());
  // Lines above the header ("Sessions:") are not part of the table.
  const [head, ...rest] = filled.slice(
    Math.max(
      0,
      filled.findIndex((l) => l.includes('|')),
    ),
  );
  if (!head || /\d/.test(head) || rest.length === 0) return false;
  const count = (l: string) => l.match(/\|/g)?.length ?? 0;
  const cells = head.split('|').filter((c, i, all) => c.trim() || (i > 0 && i < all.length - 1));
  return count(head) >= 1 && namesColumns(cells) && rest.every((l) => count(l) === count(head));
}

/** Runs of text separated by two spaces or more, or by a tab. */
function pieces(line: string): { text: string; index: number }[] {
  return [...line.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ text: m[0], index: m.index ?? 0 }));
}

/** Each piece under the header column it starts under (two characters' slack), blank columns kept. */
function spacedCells(line: string, columns: number[]): { text: string; index: number }[] {
  const cells = columns.map((c) => ({ text: '', index: Math.min(c, line.length), end: -1 }));
  for (const p of pieces(line)) {
    let k = 0;
    for (const [j, c] of columns.entries()) if (c <= p.index + 2) k = j;
    const cell = cells[k] as { text: string; index: number; end: number };
    if (cell.end < 0) {
      cell.index = p.index;
      cell.end = p.index + p.text.length;
    } else cell.end = p.index + p.text.length;
    cell.text = line.slice(cell.index, cell.end);
  }
  return cells.map(({ text, index }) => ({ text, index }));
}

/** Tab-separated cells: an empty cell between two tabs is a blank column. */
function tabCells(line: string, count: number): { text: string; index: number }[] {
  const out: { text: string; index: number }[] = [];
  let from = 0;
  for (const part of line.split('\t')) {
    const lead = part.length - part.trimStart().length;
    out.push({ text: part.trim(), index: from + (part.trim() ? lead : 0) });
    from += part.length + 1;
  }
  return out.slice(0, Math.max(count, out.length));
}
