import { isRegexSpace } from '../documents/text.js';
import { articleLike, dotsIn, type HeadingInfo, parseHeadingLine, titleWithGroups } from './headings.js';
import { foldedAt } from './leads.js';
import type { SectionKind } from './types.js';

/**
 * The commonest heading of negotiation drafts, "Article 12 [Cooperation]", "PART II. Final
 * provisions", read by characters: `STRUCTURAL` (headings.ts) and the structural branch of
 * `parseHeadingLine` written out, so that such a line costs no substring, pattern match or
 * replacement. Every other line is left to `parseHeadingLine`, which stays the definition.
 */

/** STRUCTURAL's English words, by index, and the kind each names ("Art." is an article). */
const KEYWORDS = ['article', 'section', 'part', 'chapter', 'annex', 'appendix', 'rule', 'regulation', 'art.'];
const KEYWORD_KINDS: readonly SectionKind[] = [
  'article',
  'section',
  'part',
  'chapter',
  'annex',
  'appendix',
  'rule',
  'regulation',
  'article',
];

/** A kind named by a STRUCTURAL keyword ("Article 3", "Part II"), in any language it is written in. */
export function isKeywordKind(kind: SectionKind): boolean {
  return KEYWORD_KINDS.includes(kind);
}
/** LATIN's words (headings.ts); none is the start of another, so at most one matches at a place. */
const LATIN_WORDS = ['bis', 'ter', 'quater', 'quinquies', 'sexies', 'septies', 'octies', 'novies', 'decies'];

/** The keyword and number of the last `matchStructural` that matched. */
let matchedKeyword = 0;
let numberStart = 0;
let numberEnd = 0;

/**
 * `STRUCTURAL.exec(text.slice(i, end))`: the end of the match (absolute), or -1. Its `i` flag
 * folds ASCII letters only (no `u` flag), as `c | 32` does; its `$` is `end`.
 */
export function matchStructural(text: string, i: number, end: number): number {
  const kw = keywordAt(text, i, end);
  if (kw < 0) return -1;
  let p = i + (KEYWORDS[kw] as string).length;
  // `\s+`: giving blanks back would leave a blank where the number must start.
  if (p >= end || !isRegexSpace(text.charCodeAt(p))) return -1;
  while (p < end && isRegexSpace(text.charCodeAt(p))) p++;
  if (p >= end) return -1;
  const c = text.charCodeAt(p);
  let q: number;
  if (isDigit(c)) {
    // `\d{1,3}`: fewer digits than the run leave a digit, which no later part accepts.
    q = p;
    while (q < end && q - p < 4 && isDigit(text.charCodeAt(q))) q++;
    if (q - p > 3) return -1;
    // "Section 2.3", "Chapter 4.1.2": a decimal number, after a section's or chapter's word only.
    const decimal = kw === 1 || kw === 3 ? decimalEnd(text, q, end) : -1;
    if (decimal >= 0) q = decimal;
    else {
      const latin = latinEnd(text, q, end);
      if (latin >= 0) q = latin;
      else if (!numberEnds(text, q, end)) return -1;
    }
  } else if ((c | 32) >= 97 && (c | 32) <= 122) {
    // `[IVXLC]{1,7}` (fewer leave a roman letter, which the lookahead refuses), then `[A-Z]`.
    q = p;
    while (q < end && q - p < 7 && isRoman(text.charCodeAt(q))) q++;
    if (q === p || !numberEnds(text, q, end)) {
      if (!numberEnds(text, p + 1, end)) return -1;
      q = p + 1;
    }
  } else return -1;
  matchedKeyword = kw;
  numberStart = p;
  numberEnd = q;
  return q;
}

/**
 * `(?:\.\d{1,3}){1,3}` after the digits ending at `q`, with the lookaheads after it: its end, or
 * -1 (no group, or the pattern's other branches must be tried).
 */
function decimalEnd(text: string, q: number, end: number): number {
  let i = q;
  let groups = 0;
  while (groups < 3 && i + 1 < end && text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
    let j = i + 1;
    while (j < end && j - i <= 4 && isDigit(text.charCodeAt(j))) j++;
    if (j - i > 4) return -1;
    i = j;
    groups++;
  }
  return groups > 0 && numberEnds(text, i, end) ? i : -1;
}

/** Index in KEYWORDS of the keyword at `i` (letters folded), or -1. */
function keywordAt(text: string, i: number, end: number): number {
  const a = text.charCodeAt(i) | 32;
  if (a === 97) {
    const b = text.charCodeAt(i + 1) | 32;
    if (b === 114) {
      if (foldedAt(text, i, end, 'article')) return 0;
      // "Art." (the dot compared as itself: `| 32` would fold a control character onto it).
      return foldedAt(text, i, end, 'art') && i + 3 < end && text.charCodeAt(i + 3) === 46 ? 8 : -1;
    }
    if (b === 110) return foldedAt(text, i, end, 'annex') ? 4 : -1;
    return foldedAt(text, i, end, 'appendix') ? 5 : -1;
  }
  if (a === 115) return foldedAt(text, i, end, 'section') ? 1 : -1;
  if (a === 112) return foldedAt(text, i, end, 'part') ? 2 : -1;
  if (a === 99) return foldedAt(text, i, end, 'chapter') ? 3 : -1;
  if (a === 114) {
    if (foldedAt(text, i, end, 'rule')) return 6;
    return foldedAt(text, i, end, 'regulation') ? 7 : -1;
  }
  return -1;
}

/**
 * `(?:\s?LATIN)` after the digits ending at `q`, kept only when the lookaheads accept what
 * follows it: its end, or -1 (the pattern then gives it back).
 */
function latinEnd(text: string, q: number, end: number): number {
  if (q < end && isRegexSpace(text.charCodeAt(q))) {
    const w = latinWordEnd(text, q + 1, end);
    if (w >= 0 && numberEnds(text, w, end)) return w;
  }
  const w = latinWordEnd(text, q, end);
  return w >= 0 && numberEnds(text, w, end) ? w : -1;
}

function latinWordEnd(text: string, i: number, end: number): number {
  // Their first letters: b, t, q, s, o, n, d (most headings have a blank or "." here).
  const a = text.charCodeAt(i) | 32;
  if (a !== 98 && a !== 116 && a !== 113 && a !== 115 && a !== 111 && a !== 110 && a !== 100) return -1;
  for (const word of LATIN_WORDS) if (foldedAt(text, i, end, word)) return i + word.length;
  return -1;
}

/** `(?=$|[\s.:)\u2013\u2014-])(?![.:]\d)` at `p`. */
function numberEnds(text: string, p: number, end: number): boolean {
  if (p >= end) return true;
  const c = text.charCodeAt(p);
  if (c === 46 || c === 58) return !(p + 1 < end && isDigit(text.charCodeAt(p + 1)));
  return isRegexSpace(c) || c === 41 || c === 0x2013 || c === 0x2014 || c === 45;
}

/** `[IVXLC]` with the `i` flag. */
function isRoman(c: number): boolean {
  const f = c | 32;
  return f === 105 || f === 118 || f === 120 || f === 108 || f === 99;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `[.:)\u2013\u2014-]`: the punctuation that may follow a heading's number. */
function isSeparator(c: number): boolean {
  return c === 46 || c === 58 || c === 41 || c === 0x2013 || c === 0x2014 || c === 45;
}

/** TITLE_START (headings.ts): `[A-Z[*_"\u201c(]`. */
function isTitleStart(c: number): boolean {
  return (c >= 65 && c <= 90) || c === 91 || c === 42 || c === 95 || c === 34 || c === 0x201c || c === 40;
}

/**
 * STRUCTURAL on the line `[start, end)` once `[\s*_[]+` is skipped, as `parseHeadingLine` and
 * `isFurniture` try it: the end of the match (absolute), or -1.
 */
export function matchStructuralLine(text: string, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 42 || c === 95 || c === 91 || isRegexSpace(c)) i++;
    else break;
  }
  return i < end ? matchStructural(text, i, end) : -1;
}

/**
 * `parseHeadingLine(text.slice(start, end), format, lastRoman, lastLetter, false)` for a line
 * that is not a Markdown heading: a structural heading by characters, anything else by
 * `parseHeadingLine`. (ACTION_LINE, tried first there, starts "ac", which no STRUCTURAL word does.)
 * `structural`: `matchStructuralLine` of the line when the caller has just asked it (no other
 * `matchStructural` since), so that it is not matched twice.
 */
export function parseHeadingAt(
  text: string,
  start: number,
  end: number,
  format: 'markdown' | 'text' | 'other',
  lastRoman: string | undefined,
  lastLetter: string | undefined,
  structural = matchStructuralLine(text, start, end),
): HeadingInfo | undefined {
  if (structural < 0) return parseHeadingLine(text.slice(start, end), format, lastRoman, lastLetter, false);
  return structuralHeading(text, start, structural, end, format);
}

/** The structural branch of `parseHeadingLine` after STRUCTURAL matched up to `m` (not a Markdown heading). */
function structuralHeading(
  text: string,
  start: number,
  m: number,
  end: number,
  format: 'markdown' | 'text' | 'other',
): HeadingInfo | undefined {
  // `^\s*[.:)\u2013\u2014-]\s*`, else `^\s*`: where the title starts.
  let t = m;
  while (t < end && isRegexSpace(text.charCodeAt(t))) t++;
  const sep = t < end && isSeparator(text.charCodeAt(t));
  if (sep) {
    t++;
    while (t < end && isRegexSpace(text.charCodeAt(t))) t++;
  }
  const length = end - t;
  const ok =
    length === 0 ||
    (length <= 100 && !endsWithCommaOrSemicolon(text, t, end) && (sep || titleLooksBare(text, t, end)));
  if (!ok) return undefined;
  const kind = KEYWORD_KINDS[matchedKeyword] as SectionKind;
  let number = text.slice(numberStart, numberEnd);
  if (numberEnd - numberStart > 3 || !isDigit(text.charCodeAt(numberStart))) {
    number = number.replace(/\s+/g, ' ');
    if (/^[ivxlc]+$/i.test(number) && kind !== 'article') number = number.toUpperCase();
  }
  return {
    kind,
    number,
    titleOffset: t - start,
    level: (articleLike(kind) ? 2 : 1) + dotsIn(number),
    labelOnly: length === 0 && format !== 'markdown',
  };
}

/** `/[,;]\s*$/` on `text[t, end)`. */
function endsWithCommaOrSemicolon(text: string, t: number, end: number): boolean {
  let e = end;
  while (e > t && isRegexSpace(text.charCodeAt(e - 1))) e--;
  if (e === t) return false;
  const c = text.charCodeAt(e - 1);
  return c === 44 || c === 59;
}

/**
 * A title after a number with no punctuation (`text[t, end)`, not empty): TITLE_START, at most
 * 60 characters, TITLE_START again once `^\[+\s*` is cut, and no bracket once `\]+\s*$` is
 * cut too ("Article 4 [Adaptation]": the section is bracketed whole).
 */
function titleLooksBare(text: string, t: number, end: number): boolean {
  if (!isTitleStart(text.charCodeAt(t)) || end - t > 60) return false;
  let u = t;
  if (text.charCodeAt(u) === 91) {
    while (u < end && text.charCodeAt(u) === 91) u++;
    while (u < end && isRegexSpace(text.charCodeAt(u))) u++;
  }
  if (u >= end || !isTitleStart(text.charCodeAt(u))) return false;
  let e = end;
  while (e > u && isRegexSpace(text.charCodeAt(e - 1))) e--;
  let k = e;
  while (k > u && text.charCodeAt(k - 1) === 93) k--;
  const stop = k < e ? k : end;
  for (let j = u; j < stop; j++) {
    const c = text.charCodeAt(j);
    if (c === 91 || c === 93) return titleWithGroups(text.slice(t, end));
  }
  return true;
}
