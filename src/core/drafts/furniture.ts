import { isRegexSpace } from '../documents/text.js';
import { matchStructural } from './heading-chars.js';
import { ACTION_LINE } from './headings.js';
import {
  mayStartNumberLead,
  mayStartOptionLead,
  NUMBER_LEAD,
  OPTION_LEAD,
  startsWithDecimalLead,
  startsWithOtherLead,
} from './leads.js';
import { DASHED_PAGE_NUMBER, mayBePageNumber, mayStartHeadingWord, PAGE_NUMBER } from './line-gates.js';

/**
 * Page furniture of PDF-derived text: page numbers ("12", "Page 3 of 40", "- 7 -") and running
 * headers (a short line that occurs at least three times, digits, case and blanks folded, and
 * is neither a paragraph, a numbered or option lead nor a heading).
 */

/**
 * Whether the trimmed line `[start, end)` (at most 80 characters) is furniture. `count` gives
 * how often a line occurs; it is asked last, once every answer that needs no count is known
 * (any check that answers false does so whatever the count, so the order changes no answer).
 */
export function isFurniture(
  text: string,
  start: number,
  end: number,
  count: (start: number, end: number) => number,
): boolean {
  const c = text.charCodeAt(start);
  // Each pattern is tried only when the line's first character can start it (an exact gate,
  // so most lines are decided without a substring or a regular expression).
  if (c >= 48 && c <= 57 ? mayBePageNumber(text, start, end) : c === 80 || c === 112) {
    if (PAGE_NUMBER.test(text.slice(start, end))) return true;
  } else if (c === 45 || c === 0x2013 || c === 0x2014) {
    if (DASHED_PAGE_NUMBER.test(text.slice(start, end))) return true;
  }
  if (end - start < 3 || c === 91) return false;
  // "1.3 [Parties] share data.", "Parties shall report on progress.": a draft's own lines repeat
  // once digits are folded (decimal numbering, boilerplate); a running header neither opens
  // with a decimal paragraph number nor ends a sentence of several words.
  if (c >= 48 && c <= 57 && startsWithDecimalLead(text, start, end, 24)) return false;
  if (endsSentenceOfWords(text, start, end)) return false;
  // "Article 1", "Article 2", "Article 3": numbered headings repeat once digits are folded, but
  // are not page headers: a STRUCTURAL heading (by characters) after `[\s*_[]+`.
  let i = start;
  while (i < end) {
    const b = text.charCodeAt(i);
    if (b === 42 || b === 95 || b === 91 || isRegexSpace(b)) i++;
    else break;
  }
  if (matchStructural(text, i, end) >= 0) return false;
  if (count(start, end) < 3) return false;
  // "a) To promote": an item label, however often its words repeat.
  if (startsWithOtherLead(text, start, end)) return false;
  const mayNumber = mayStartNumberLead(text, start, end);
  const mayOption = mayStartOptionLead(text, start, end);
  const mayHeading = mayStartHeadingWord(text, start, end);
  if (!mayNumber && !mayOption && !mayHeading) return true;
  if (mayNumber || mayOption) {
    const line = text.slice(start, end);
    if ((mayNumber && NUMBER_LEAD.test(line)) || (mayOption && OPTION_LEAD.test(line))) return false;
  }
  if (!mayHeading) return true;
  // Not STRUCTURAL (above): ACTION_LINE, which starts "ac".
  return !((text.charCodeAt(i) | 32) === 97 && ACTION_LINE.test(text.slice(i, end)));
}

/** The line ends with ".", ";" or ":" after at least four blanks (five words): a sentence, not a running header. */
function endsSentenceOfWords(text: string, start: number, end: number): boolean {
  let e = end;
  while (e > start && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 93)) e--;
  const last = text.charCodeAt(e - 1);
  if (last !== 46 && last !== 59 && last !== 58) return false;
  let words = 0;
  for (let i = start; i < e && words < 5; i++)
    if (text.charCodeAt(i) === 32 && text.charCodeAt(i + 1) !== 32) words++;
  return words >= 4;
}
