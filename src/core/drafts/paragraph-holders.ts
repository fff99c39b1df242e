import { isBlank } from './leads.js';
import { withItem } from './lists.js';
import { knownHolderList, type PartyTable } from './parties.js';
import { hasBracket } from './table-rows.js';
import type { DraftParagraph } from './types.js';

/**
 * Holders a paragraph names outside any bracket: the party cell of a table row, and a
 * parenthesised list of parties or groups that tags the whole paragraph, as compilations
 * write who proposed it ("3.1 Parties [shall] act. (G77)", "(EU, AOSIS) Parties may report.").
 * Either is the paragraph's holder and adds no words (its range joins the excluded ones).
 */

/**
 * Table cells that name only known parties or groups ("EU", "G77, AOSIS") beside a row's text
 * (structure.ts, flat (paragraph, start, end) triples): the row's holders. Adds the cells to
 * `excluded` (flat start/end pairs).
 */
export function tableHolders(
  text: string,
  cells: readonly number[],
  paragraphs: DraftParagraph[],
  parties: PartyTable,
  excluded: number[],
): void {
  for (let k = 0; k < cells.length; k += 3) {
    const start = cells[k + 1] as number;
    const end = cells[k + 2] as number;
    if (end - start > 120 || hasBracket(text, start, end)) continue;
    hold(text, paragraphs[cells[k] as number] as DraftParagraph, start, end, start, end, parties, excluded);
  }
}

/** The longest parenthesis read as a tag (the names inside it and the parentheses). */
const MAX_TAG = 80;

/**
 * A parenthesised list of parties or groups that tags a body paragraph: at its end after the
 * sentence or bracket it follows (". (G77)", "] (EU, AOSIS)"), or at the start of its text
 * before more text ("(EU) Parties may report."). "the European Union (EU)." and "Article 4
 * (SBSTA)" are no tags: the parenthesis ends a sentence of its own or follows a word. Adds the
 * tags to `excluded`.
 */
export function parentheticalHolders(
  text: string,
  paragraphs: DraftParagraph[],
  parties: PartyTable,
  excluded: number[],
): void {
  for (let p = 0; p < paragraphs.length; p++) {
    const para = paragraphs[p] as DraftParagraph;
    if (para.kind !== 'body') continue;
    const start = para.bodyStart;
    let end = para.end;
    while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
    if (end - start < 4) continue;
    if (text.charCodeAt(end - 1) === 41) {
      const open = openingParen(text, start, end - 1);
      if (open > start) {
        let before = open;
        while (before > start && isBlank(text.charCodeAt(before - 1))) before--;
        const c = text.charCodeAt(before - 1);
        if (before < open && (c === 46 || c === 59 || c === 93 || c === 58))
          hold(text, para, open + 1, end - 1, open, end, parties, excluded);
      }
    }
    if (text.charCodeAt(start) === 40) {
      const close = closingParen(text, start, end);
      const next = close + 1 < end ? text.charCodeAt(close + 1) : 0;
      if (close > start && isBlank(next) && close + 2 < end)
        hold(text, para, start + 1, close, start, close + 1, parties, excluded);
    }
  }
}

/** The "(" matching the ")" at `close`, within MAX_TAG characters and with no bracket or parenthesis between; -1 if none. */
function openingParen(text: string, from: number, close: number): number {
  for (let i = close - 1; i >= from && close - i <= MAX_TAG; i--) {
    const c = text.charCodeAt(i);
    if (c === 40) return i;
    if (c === 41 || c === 91 || c === 93 || c === 10) return -1;
  }
  return -1;
}

/** The ")" matching the "(" at `open` (as `openingParen`); -1 if none. */
function closingParen(text: string, open: number, to: number): number {
  for (let i = open + 1; i < to && i - open <= MAX_TAG; i++) {
    const c = text.charCodeAt(i);
    if (c === 41) return i;
    if (c === 40 || c === 91 || c === 93 || c === 10) return -1;
  }
  return -1;
}

/** When `text[from, to)` names only known parties or groups: they hold `para`, and `[tagStart, tagEnd)` is excluded. */
function hold(
  text: string,
  para: DraftParagraph,
  from: number,
  to: number,
  tagStart: number,
  tagEnd: number,
  parties: PartyTable,
  excluded: number[],
): void {
  const names = knownHolderList(text.slice(from, to), parties);
  if (!names) return;
  for (const h of names) para.holders = withItem(para.holders, h);
  excluded.push(tagStart, tagEnd);
}
