import { isRegexSpace } from '../documents/text.js';
import { LATIN } from './headings.js';

/**
 * Paragraph leads: the number label ("12 bis.", "(a)", "[12.]") and option label ("Option 2:",
 * "Alt 1") a paragraph starts with.
 *
 * One file (over 500 lines) because each lead pattern here has a character-level fast path beside
 * it that must answer as the pattern does (tests/drafts/structure-fast-paths.test.ts compares
 * them): split apart, a pattern and its fast path would drift.
 */

export interface ParagraphLead {
  number?: string;
  option?: string;
  bodyStart: number;
}

/**
 * "12.", "12 bis.", "[12.]", "12a)", "(a)", "[(b)]", "Pp3", "OP4.", "PP2 bis", "OP1 alt.": a
 * paragraph number at the start of a line. A resolution's "OP1 alt" (a paragraph offered in
 * place of OP1) is numbered "Op1 alt", apart from OP1.
 */
export const NUMBER_LEAD = new RegExp(
  `^[*_]{0,2}(\\[\\s*)?(?:(\\d{1,3}(?:\\s?[a-z](?![a-z]))?(?:\\s?${LATIN}\\b)?)(\\s*[.)])?|\\(([a-z]{1,2}|[ivxlc]{1,6}|\\d{1,2})\\)(?:\\s?${LATIN}\\b\\.?)?|((?:Pp|PP|Op|OP)\\s?\\d{1,3}(?:\\s?${LATIN}\\b)?(?:\\s(?:alt|Alt|ALT)(?:\\.?\\s?\\d{1,2})?)?)[.:]?)(\\s*\\])?[*_]{0,2}(?=\\s|$)`,
);
/**
 * "1.3 Parties", "4.2.1 [Each", "[2.1] The": a decimal paragraph number, then a space and the
 * paragraph's first capital, bracket or parenthesis (so "1.5 degrees" at the start of a wrapped
 * line is no number).
 */
export const DECIMAL_LEAD = new RegExp(
  `^[*_]{0,2}(\\[\\s*)?(\\d{1,3}(?:\\.\\d{1,3}){1,3}(?:\\s?${LATIN}\\b)?)\\.?(\\s*\\])?[*_]{0,2}[ \\t]+(?=[[(A-Z])`,
);
/** A number label with nothing after it on the line. */
export const LABEL_ONLY = new RegExp(
  `^((?:Pp|PP|Op|OP)\\s?\\d{1,3}(?:\\s?${LATIN}\\b)?[.:]?|\\d{1,3}(?:\\s?${LATIN})?\\.)\\s*$`,
);
/**
 * "Option 2:", "**Option 1:**", "[Option (a):", "Alt 1.", "Alt. 2:", "Alternative B -",
 * "Variant 1:", and after a bullet ("• Option 3:"); in French and Spanish drafts also
 * "Opción 1:", "Alternativa 2:", "Variante 1:". A label with no colon before "[No text]" ("Alt 2
 * [No text].") labels the no-text option: the bracket is its body.
 */
export const OPTION_LEAD =
  /^[\s*_[\u2022\u25aa\u25e6\u2023\u2043\u00b7\uf0b7]*(Option|Opci[óÓoO]n|Alt(?:ernativ[ea])?\.?|Variante?)\s*(\(?\d{1,3}\)?|\(?[A-Za-z]\)?|[IVX]{1,4})(?![\w])(?:\[\^[^\]\s]+\])*(?:\s*(?:\([A-Z][^()[\]\n]{0,39}\)|\[[A-Z][^()[\]\n^]{0,39}\])(?=[*_]*\s*[:\u2013\u2014-]))?(?:[*_]*\s*[:.)\u2013\u2014-]|[*_]*[ \t]+(?=\[\s*(?:no\s+text|sin\s+texto|pas\s+de\s+texte|aucun\s+texte)\s*\]))/i;
/**
 * An option label in brackets of its own before the paragraph's number or text ("[Alt 1] 3.1
 * [Parties shall ...]", "[Option B] Parties ..."): the label of the option the paragraph is.
 */
export const OPTION_TAG =
  /^\[\s*(Option|Opci[óÓoO]n|Alt(?:ernativ[ea])?\.?|Variante?)\s*(\(?\d{1,3}\)?|\(?[A-Za-z]\)?|[IVX]{1,4})\s*\][*_]*[ \t]+(?=\S)/i;

/**
 * A short bracket of capitalised names or codes before an option label, maybe in bold ("[EU]
 * Option A:", "[G77, AGN] Alt 2:", "[Norway] **Option A:**", "[Costa Rica and Peru] Option 2:"):
 * who proposed the option. Whether the names are parties is the rules' question (a holder tag, or
 * a bracket that stays one); the label after it is the paragraph's either way.
 */
export const HOLDER_BEFORE_OPTION =
  /^\[\s*[A-Z][\p{L}\d.'\u2019-]{1,20}(?: [A-Z][\p{L}.'\u2019-]{1,20}){0,2}(?:\s*(?:[,/&]|\sand\s|\set\s|\sy\s)\s*[A-Z][\p{L}\d.'\u2019-]{1,20}(?: [A-Z][\p{L}.'\u2019-]{1,20}){0,2}){0,5}\s*\][ \t]+(?=[*_]{0,3}(?:Option|OPTION|Opci[óÓoO]n|OPCI[ÓO]N|Alt|ALT|Variant|VARIANT)\b)/u;

/** The lead after an OPTION_TAG ending at `after`: its number when one follows ("[Alt 1] 3.1"), with the tag's label. */
function taggedLead(text: string, label: string, after: number, end: number, out: LeadRecord): true {
  const rest: LeadRecord = { number: undefined, option: undefined, bodyStart: after };
  if (readLeadInto(text, after, end, rest) && rest.option === undefined)
    return setLead(out, rest.number, label, rest.bodyStart);
  return setLead(out, undefined, label, after);
}

/**
 * An option label alone on its line ("Option 1", "Alternative B", "**Alt. 2**"): the label of the
 * paragraphs below it. Not in brackets: "[Option 2" opens a bracket, which is counted as ever.
 */
const OPTION_ALONE =
  /^[\s*_\u2022\u25aa\u25e6\u2023\u2043\u00b7\uf0b7]*(Option|Opci[óÓoO]n|Alt(?:ernativ[ea])?\.?|Variante?)\s*(\(?\d{1,3}\)?|\(?[A-Za-z]\)?|[IVX]{1,4})[*_]*\s*$/i;

/** The label of a line that is an option label alone ("Alternative B" gives "Alt B"), or undefined. */
export function optionAlone(text: string, start: number, end: number): string | undefined {
  if (end - start > 40 || !mayStartOptionLead(text, start, end)) return undefined;
  const m = OPTION_ALONE.exec(text.slice(start, end));
  return m ? optionLabel(m) : undefined;
}

/** A line that can start a new clause after a line that ended a sentence: a capital after openers, emphasis or quotes. */
export function startsClause(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 42 || c === 95 || c === 34 || c === 0x201c || c === 32) i++;
    else return c >= 65 && c <= 90;
  }
  return false;
}

/*
 * Necessary conditions of NUMBER_LEAD and OPTION_LEAD by the first characters of a line:
 * a line that fails both is decided without a substring or a regular expression.
 */

/** A necessary condition of NUMBER_LEAD: emphasis, "[", "(", "Pp"/"PP", "Op"/"OP", or a digit label. */
export function mayStartNumberLead(text: string, start: number, end: number): boolean {
  if (start >= end) return false;
  const c = text.charCodeAt(start);
  if (c >= 48 && c <= 57) return mayBeNumberLabel(text, start, Math.min(end, start + 80));
  return c === 42 || c === 95 || c === 91 || c === 40 || c === 80 || c === 79;
}

/**
 * A necessary condition of OPTION_LEAD: after blanks, emphasis, "[" and bullets, the first
 * three letters of "Option" ("Opción"), "Alt" or "Variant" in either case (the pattern's `i` flag folds
 * ASCII letters only: it has no `u` flag).
 */
export function mayStartOptionLead(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end && isOptionPrefix(text.charCodeAt(i))) i++;
  if (i + 3 > end) return false;
  const a = text.charCodeAt(i) | 32;
  const b = text.charCodeAt(i + 1) | 32;
  const c = text.charCodeAt(i + 2) | 32;
  if (a === 111) return b === 112 && (c === 116 || c === 99); // opt, opc (Spanish)
  if (a === 97) return b === 108 && c === 116; // alt
  return a === 118 && b === 97 && c === 114; // var
}

/** The characters OPTION_LEAD allows before its word: `[\s*_[` and the bullets. */
function isOptionPrefix(c: number): boolean {
  return c === 42 || c === 95 || c === 91 || isBullet(c) || isRegexSpace(c);
}

/** A bullet a list item may start with: •, ▪, ◦, ‣, ⁃, · and the bullet of Word's Symbol font. */
export function isBullet(c: number): boolean {
  return (
    c === 0x2022 || c === 0x25aa || c === 0x25e6 || c === 0x2023 || c === 0x2043 || c === 0xb7 || c === 0xf0b7
  );
}

/**
 * A line starting with a digit (which OPTION_LEAD cannot match) can match NUMBER_LEAD or
 * DECIMAL_LEAD only with at most three digits first ("2015 was" is no label).
 */
function mayBeNumberLabel(text: string, start: number, end: number): boolean {
  let k = start;
  while (k < end && k - start <= 3 && isDigit(text.charCodeAt(k))) k++;
  return k - start <= 3;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function parseParagraphLead(text: string, start: number, end: number): ParagraphLead {
  return readParagraphLead(text, start, end) ?? { bodyStart: start };
}

/** A lead written into a record the caller reuses (the structure pass reads one per line). */
export interface LeadRecord {
  number: string | undefined;
  option: string | undefined;
  bodyStart: number;
}

/** The number or option label `text[start, end)` starts with, or undefined when it has neither. */
export function readParagraphLead(text: string, start: number, end: number): ParagraphLead | undefined {
  const out: LeadRecord = { number: undefined, option: undefined, bodyStart: start };
  if (!readLeadInto(text, start, end, out)) return undefined;
  const { number, option, bodyStart } = out;
  // A lead has a number, an option label or both.
  if (option === undefined) return { number: number as string, bodyStart };
  return number === undefined ? { option, bodyStart } : { number, option, bodyStart };
}

/**
 * `readParagraphLead` written into `out` (every field set) instead of a new object: true when
 * the line has a lead, false (and `out` untouched) when it has none.
 */
export function readLeadInto(text: string, start: number, end: number, out: LeadRecord): boolean {
  const mayNumber = mayStartNumberLead(text, start, end);
  // A line starting with a digit (most numbered paragraphs) starts no option label: OPTION_LEAD
  // allows no digit before its word, nor is one a letter of "Option", "Alt" or "Variant".
  const mayOption = !isDigit(text.charCodeAt(start)) && mayStartOptionLead(text, start, end);
  const mayOther = mayStartOtherLead(text, start, end);
  if (!mayNumber && !mayOption && !mayOther) return false;
  // "3.1 Parties": the commonest lead of clause-numbered drafts, read without a substring or a pattern.
  const simple = mayNumber ? simpleDecimalLead(text, start, end) : -1;
  if (simple >= 0) return withOption(text, text.slice(start, simple), simple, end, out);
  // "Alt 1: ...", "Option 2." (a letter first, so neither number pattern can match; see plainOption).
  const plain = mayOption ? plainOption(text, start, Math.min(end, start + 80)) : -1;
  if (plain >= 0) return setLead(out, undefined, plainOptionLabel(text), skipBlank(text, plain, end));
  const head = text.slice(start, Math.min(end, start + 80));
  const decimal = mayNumber ? DECIMAL_LEAD.exec(head) : null;
  if (decimal)
    return withOption(text, normaliseNumber(decimal[2] as string), start + decimal[0].length, end, out);
  const num = mayNumber ? NUMBER_LEAD.exec(head) : null;
  if (num) {
    const digits = num[2];
    const hasDot = num[3] !== undefined;
    const bracketed = num[1] !== undefined && num[6] !== undefined;
    const latin = digits !== undefined && LATIN_END.test(digits);
    let number: string | undefined;
    if (digits !== undefined && (hasDot || latin || bracketed)) number = normaliseNumber(digits);
    else if (num[4] !== undefined) number = `(${num[4]})${latinAfterParen(num[0])}`;
    else if (num[5] !== undefined) number = normaliseNumber(num[5]);
    if (number !== undefined && !(digits !== undefined && bracketed && !hasDot && !latin)) {
      return withOption(text, number, start + num[0].length, end, out);
    }
  }
  const option = mayOption ? OPTION_LEAD.exec(head) : null;
  if (option)
    return setLead(out, undefined, optionLabel(option), skipBlank(text, start + option[0].length, end));
  const tag = mayOption && text.charCodeAt(start) === 91 ? OPTION_TAG.exec(head) : null;
  if (tag) return taggedLead(text, optionLabel(tag), start + tag[0].length, end, out);
  // "[EU] Option A: ...": who proposed the option, in brackets before its label.
  const c1 = text.charCodeAt(start + 1);
  const held = text.charCodeAt(start) === 91 && c1 >= 65 && c1 <= 90 ? HOLDER_BEFORE_OPTION.exec(head) : null;
  if (held) {
    const label = OPTION_LEAD.exec(head.slice(held[0].length));
    if (label)
      return setLead(
        out,
        undefined,
        optionLabel(label),
        skipBlank(text, start + held[0].length + label[0].length, end),
      );
  }
  const other = mayOther ? OTHER_LEAD.exec(head) : null;
  if (other) return withOption(text, otherNumber(other), start + other[0].length, end, out);
  return false;
}

/**
 * Leads NUMBER_LEAD does not read: a letter with a closing parenthesis only ("a)", "bb)", the
 * usual item label of French, Spanish and German drafts), a lower-case roman number ("ii.",
 * "iv)"), a letter with a dot before a capital ("m. Ensure"), a section sign ("§ 3.", "§2 bis")
 * and a number with its letter before a capital ("3(a) Parties"; "82(a) above;" at the start of
 * a wrapped line is a cross-reference). Groups: 1 letter, 2 roman, 3 the section's number,
 * 4 letter with a dot, 5 and 6 the number and its letter.
 */
export const OTHER_LEAD = new RegExp(
  `^(?:(?:([a-z]{1,2})\\)|(i{1,3}|iv|vi{0,3}|ix|xi{0,3})[.)]|\u00a7\\s?(\\d{1,3}(?:\\.\\d{1,3}){0,2}(?:\\s?${LATIN}\\b)?)\\.?)[ \\t]+(?=\\S)|(?:([a-z])\\.|(\\d{1,3})\\s?\\(([a-z]{1,2})\\))[ \\t]+(?=[[("\u201cA-Z]))`,
);

/** The number an OTHER_LEAD match gives: "(a)", "(ii)", "§ 3", "3(a)". */
function otherNumber(m: RegExpExecArray): string {
  const letter = m[1] ?? m[2] ?? m[4];
  if (letter !== undefined) return `(${letter})`;
  if (m[3] !== undefined) return `§ ${normaliseNumber(m[3])}`;
  return `${m[5]}(${m[6]})`;
}

function isRomanLetter(c: number): boolean {
  return c === 105 || c === 118 || c === 120;
}

/** Whether `text[start, end)` starts with an OTHER_LEAD ("a) ", "ii. ", "§ 3 ", "3(a) "). */
export function startsWithOtherLead(text: string, start: number, end: number): boolean {
  return mayStartOtherLead(text, start, end) && OTHER_LEAD.test(text.slice(start, Math.min(end, start + 80)));
}

/**
 * A necessary condition of OTHER_LEAD by the first characters: "§"; a lower-case letter then
 * ")" or ".", or two then ")" or "."; up to four of "i", "v", "x" then ")" or "."; digits then
 * "(" (after one blank at most).
 */
export function mayStartOtherLead(text: string, start: number, end: number): boolean {
  if (start + 2 >= end) return false;
  const c = text.charCodeAt(start);
  if (c === 0xa7) return true;
  const d = text.charCodeAt(start + 1);
  if (c >= 97 && c <= 122) {
    if (d === 41 || d === 46) return true;
    const e = text.charCodeAt(start + 2);
    if (d >= 97 && d <= 122 && (e === 41 || e === 46)) return true;
    // "iii.", "viii)": up to four roman letters.
    let i = start;
    while (i < end && i < start + 4 && isRomanLetter(text.charCodeAt(i))) i++;
    const after = text.charCodeAt(i);
    return i > start + 2 && (after === 41 || after === 46);
  }
  if (!isDigit(c)) return false;
  let i = start + 1;
  while (i < end && i < start + 3 && isDigit(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === 32) i++;
  return text.charCodeAt(i) === 40;
}

function setLead(
  out: LeadRecord,
  number: string | undefined,
  option: string | undefined,
  bodyStart: number,
): true {
  out.number = number;
  out.option = option;
  out.bodyStart = bodyStart;
  return true;
}

const LATIN_END = new RegExp(`${LATIN}$`);
const PAREN_LATIN = new RegExp(`\\)\\s?(${LATIN})\\b`);

/** " bis" when a letter's label goes on with a latin suffix ("(b) bis"), else "". */
function latinAfterParen(lead: string): string {
  if (lead.length < 6) return '';
  const m = PAREN_LATIN.exec(lead);
  return m ? ` ${m[1]}` : '';
}

/**
 * The plainest DECIMAL_LEAD, "3.1 Parties", "12.4.2\t[Each": digits and dots only ("\d{1,3}"
 * then one to three ".\d{1,3}") at the very start of the line, then spaces or tabs, then "[",
 * "(" or a capital. Returns the number's end (the body starts after the blanks that follow,
 * as `withOption` skips them), or -1 when the line is not of this shape; the caller then
 * tries the full pattern. Where this answers, DECIMAL_LEAD matches the same:
 * its greedy first try takes every digit group; `\s?LATIN`, `\.?`, `\s*\]` and the emphasis
 * are all optional and absent; and its blank run is all the blanks, the next character being
 * one of `[[(A-Z]`.
 */
function simpleDecimalLead(text: string, start: number, end: number, head = 80): number {
  // The pattern reads the line's first `head` characters only.
  const stop = Math.min(end, start + head);
  let i = start;
  let groups = 0;
  for (;;) {
    const first = i;
    while (i < stop && i - first < 4 && isDigit(text.charCodeAt(i))) i++;
    const n = i - first;
    if (n === 0 || n > 3) return -1;
    if (i < stop && text.charCodeAt(i) === 46 /* . */) {
      if (groups === 3) return -1;
      groups++;
      i++;
      continue;
    }
    break;
  }
  if (groups === 0) return -1;
  const numberEnd = i;
  while (i < stop && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (i === numberEnd || i >= stop) return -1;
  const c = text.charCodeAt(i);
  if (!(c === 91 || c === 40 || (c >= 65 && c <= 90))) return -1;
  return numberEnd;
}

/** Whether DECIMAL_LEAD matches the first `head` characters of `text[start, end)`; the plain shape without the pattern. */
export function startsWithDecimalLead(text: string, start: number, end: number, head: number): boolean {
  return (
    simpleDecimalLead(text, start, end, head) >= 0 ||
    DECIMAL_LEAD.test(text.slice(start, Math.min(end, start + head)))
  );
}

/**
 * `readLeadInto` for the plain decimal lead alone ("3.1 Parties", see `simpleDecimalLead`):
 * the index of the character after the number and its blanks, or -1 (and `out` untouched)
 * when the line does not start so. Where this answers, `readLeadInto` reads the same lead (it
 * tries this shape first, and the shape's first digit passes its gate).
 */
export function readDecimalLeadInto(text: string, start: number, end: number, out: LeadRecord): number {
  const numberEnd = simpleDecimalLead(text, start, end);
  if (numberEnd < 0) return -1;
  const after = skipBlank(text, numberEnd, end);
  withOptionAt(text, text.slice(start, numberEnd), after, end, out);
  return after;
}

/**
 * `readLeadInto` for the plainest option label alone ("Alt 1:", "OPTION 2 -" at the very start
 * of the line, see `plainOption`): true with the lead in `out`, false (`out` untouched) when the
 * line does not start so. Where this answers, `readLeadInto` reads the same lead: it tries the
 * decimal lead first, which no line starting with a letter has, then this shape.
 */
export function readPlainOptionInto(text: string, start: number, end: number, out: LeadRecord): boolean {
  const a = text.charCodeAt(start) | 32;
  if (a !== 111 && a !== 97 && a !== 118) return false;
  const plain = plainOption(text, start, Math.min(end, start + 80));
  if (plain < 0) return false;
  return setLead(out, undefined, plainOptionLabel(text), skipBlank(text, plain, end));
}

/** A paragraph number and, when the text after it starts with one, its option label ("12. Option 2: ..."). */
function withOption(text: string, number: string, after: number, end: number, out: LeadRecord): true {
  return withOptionAt(text, number, skipBlank(text, after, end), end, out);
}

/** `withOption` with the blanks after the number skipped: the body starts at `bodyStart`. */
function withOptionAt(text: string, number: string, bodyStart: number, end: number, out: LeadRecord): true {
  if (!mayStartOptionLead(text, bodyStart, end)) return setLead(out, number, undefined, bodyStart);
  const stop = Math.min(end, bodyStart + 60);
  const plain = plainOption(text, bodyStart, stop);
  if (plain >= 0) return setLead(out, number, plainOptionLabel(text), skipBlank(text, plain, end));
  const option = OPTION_LEAD.exec(text.slice(bodyStart, stop));
  return option
    ? setLead(out, number, optionLabel(option), skipBlank(text, bodyStart + option[0].length, end))
    : setLead(out, number, undefined, bodyStart);
}

function skipBlank(text: string, i: number, end: number): number {
  let j = i;
  while (j < end && isBlank(text.charCodeAt(j))) j++;
  return j;
}

/** The word (0 Option, 1 Alt, 2 Variant) and the digits of the last `plainOption` that matched. */
let plainWord = 0;
let plainDigitsStart = 0;
let plainDigitsEnd = 0;

/**
 * OPTION_LEAD on `text[i, stop)` (its `^` at `i`) for its plainest shape, by characters: the
 * word at `i` itself (no blank, emphasis, "[" or bullet before it), "Option", "Alt" or
 * "Variant" in any case, blanks (so not "Alt." nor "Alternative"), one to three digits that
 * are followed by neither ")", "[", "*" nor a word character, blanks and one of
 * `[:.)\u2013\u2014-]`: "Alt 1:", "OPTION 2 -". There every part of the pattern takes its
 * first choice (the longest run, the optional parts absent) and the match succeeds, so that is
 * the pattern's match. Returns its end, or -1 when the line is not of this shape (it may still
 * match: the caller then runs the pattern).
 */
function plainOption(text: string, i: number, stop: number): number {
  const a = text.charCodeAt(i) | 32;
  let w: number;
  if (a === 111 && foldedAt(text, i, stop, 'option')) {
    w = i + 6;
    plainWord = 0;
  } else if (a === 97 && foldedAt(text, i, stop, 'alt')) {
    w = i + 3;
    plainWord = 1;
  } else if (a === 118 && foldedAt(text, i, stop, 'variant')) {
    w = i + 7;
    plainWord = 2;
  } else return -1;
  let q = w;
  while (q < stop && isRegexSpace(text.charCodeAt(q))) q++;
  let r = q;
  while (r < stop && r - q < 4 && isDigit(text.charCodeAt(r))) r++;
  if (r === q || r - q > 3) return -1;
  if (r < stop) {
    const x = text.charCodeAt(r);
    if (x === 41 || x === 91 || x === 42 || isWordChar(x)) return -1;
  }
  let s = r;
  while (s < stop && isRegexSpace(text.charCodeAt(s))) s++;
  if (s >= stop || !isOptionSeparator(text.charCodeAt(s))) return -1;
  plainDigitsStart = q;
  plainDigitsEnd = r;
  return s + 1;
}

/** `\w` without the `u` flag. */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 95;
}

/** `[:.)\u2013\u2014-]`: what ends an option label. */
function isOptionSeparator(c: number): boolean {
  return c === 58 || c === 46 || c === 41 || c === 0x2013 || c === 0x2014 || c === 45;
}

/** `text` at `i` spells the lower-case `word`, ASCII letters folded (as a pattern's `i` flag without `u`). */
export function foldedAt(text: string, i: number, end: number, word: string): boolean {
  if (i + word.length > end) return false;
  for (let k = 0; k < word.length; k++)
    if ((text.charCodeAt(i + k) | 32) !== word.charCodeAt(k)) return false;
  return true;
}

const PLAIN_WORDS = ['Option', 'Alt', 'Variant'];
/** Labels of the last `plainOption`s by word and digits ("Alt 1" is made once, not per line). */
const plainLabels = new Map<number, string>();

/** The label of the last `plainOption` that matched, as `optionLabel` writes it: "Alt 1". */
function plainOptionLabel(text: string): string {
  let value = 0;
  for (let k = plainDigitsStart; k < plainDigitsEnd; k++) value = value * 10 + text.charCodeAt(k) - 48;
  // The digits' count too: "01" and "1" are different labels.
  const key = plainWord * 4000 + (plainDigitsEnd - plainDigitsStart) * 1000 + value;
  let label = plainLabels.get(key);
  if (label === undefined) {
    label = `${PLAIN_WORDS[plainWord] as string} ${text.slice(plainDigitsStart, plainDigitsEnd)}`;
    plainLabels.set(key, label);
  }
  return label;
}

function optionLabel(m: RegExpExecArray): string {
  const value = m[2] as string;
  // Most labels have no parentheses ("Alt 1"): the replacement only when one is there.
  const bare = value.includes('(') || value.includes(')') ? value.replace(/[()]/g, '') : value;
  return `${optionWord(m[1] as string)} ${bare}`;
}

/** The label word as reports write it: "Alt" for Alt, Alt., Alternative; "Variant"; else "Option". */
export function optionWord(word: string): string {
  const w = word.toLowerCase();
  return w.startsWith('alt') ? 'Alt' : w.startsWith('var') ? 'Variant' : 'Option';
}

export function normaliseNumber(raw: string): string {
  // Most numbers are digits and dots only ("12", "3.1"): nothing to change.
  if (/^\d+(?:\.\d+)*$/.test(raw)) return raw;
  return raw
    .replace(/\s+/g, ' ')
    .replace(/[.)]$/, '')
    .replace(/^(Pp|PP)\s?/, 'Pp')
    .replace(/^(Op|OP)\s?/, 'Op')
    .trim();
}

/** True when the line ending at `lineEnd` ends a sentence or clause (".", ";", ":", ","), closers and footnote digits aside. */
export function endsSentence(text: string, lineEnd: number): boolean {
  let i = lineEnd - 1;
  let digits = 0;
  while (i >= 0 && digits < 3 && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) {
    i--;
    digits++;
  }
  while (i >= 0 && isCloser(text.charCodeAt(i))) i--;
  if (i < 0) return false;
  const c = text.charCodeAt(i);
  return c === 46 || c === 59 || c === 58 || c === 44 || c === 33 || c === 63 || c === 0x2026;
}

/** `]`, `)`, `"`, `'`, `\u201d`, `\u2019`, `*`, `_` and a space. */
function isCloser(c: number): boolean {
  return (
    c === 93 ||
    c === 41 ||
    c === 34 ||
    c === 39 ||
    c === 0x201d ||
    c === 0x2019 ||
    c === 42 ||
    c === 95 ||
    c === 32
  );
}

/** Blank: space, tab, line breaks, no-break space. */
export function isBlank(code: number): boolean {
  return (
    code === 32 || code === 9 || code === 13 || code === 12 || code === 0xa0 || code === 0xfeff || code === 10
  );
}
