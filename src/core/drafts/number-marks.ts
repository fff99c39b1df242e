import { contentOf, findWithin, isSpaceCode, type PairContext } from './pair-context.js';

/**
 * Numbers and marks in brackets (docs/brackets.md): whether "[5]" is a footnote marker or a
 * contested quantity, an option beside another bracket, a cross-reference's number, and the
 * endnote letters, numerals and comment anchors glued to the text. Read by `classifyPair`
 * (rules.ts) from the characters around the pair.
 */

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * `[5]` is an option beside another bracket (`[X] [5]`, spaces only between), unless it is
 * glued to the word before it (`text[1]`) or its neighbour is itself a marker (`[sic] [1]`).
 */
export function adjacentToBracket(text: string, open: number, after: number): boolean {
  const glued = open > 0 && !/[\s[\]]/.test(text[open - 1] as string);
  if (glued) return false;
  let i = open - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  if (i >= 0 && text.charCodeAt(i) === 93) {
    let from = i - 1;
    while (from >= 0 && i - from <= 200 && text.charCodeAt(from) !== 91) from--;
    if (
      from >= 0 &&
      text.charCodeAt(from) === 91 &&
      !MARKER.test(text.slice(from + 1, i)) &&
      !(i === open - 1 && gluedNumberChain(text, from))
    )
      return true;
  }
  let j = after;
  while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
  if (j < text.length && text.charCodeAt(j) === 91) {
    const to = findWithin(text, 93, j, j + 200);
    if (to > 0 && !MARKER.test(text.slice(j + 1, to))) return true;
  }
  return false;
}

/**
 * The bracket opening at `open` holds one to three digits and, with the brackets of digits glued
 * before it ("1998.[1][2]"), is glued to the text: a chain of footnote markers, not a choice.
 */
function gluedNumberChain(text: string, open: number): boolean {
  let at = open;
  for (let n = 0; n < 20; n++) {
    let k = at + 1;
    while (k < text.length && k - at <= 4 && isDigitCode(text.charCodeAt(k))) k++;
    if (k === at + 1 || k - at > 4 || text.charCodeAt(k) !== 93) return false;
    if (at === 0) return false;
    const before = text.charCodeAt(at - 1);
    if (before !== 93) return !isSpaceCode(before) && before !== 91;
    let from = at - 2;
    while (from >= 0 && at - from <= 5 && text.charCodeAt(from) !== 91) from--;
    if (from < 0 || text.charCodeAt(from) !== 91) return false;
    at = from;
  }
  return false;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * What follows a bracketed number makes it a quantity under negotiation, not a footnote marker:
 * a unit or counted noun ("[5] years", "[40] per cent", "[12] months"), a percent sign, a
 * hyphenated compound ("[10]-year") or an ordinal ending ("[40]th"). A footnote marker is never
 * followed by these.
 */
export function quantityFollows(text: string, open: number, after: number): boolean {
  const c = text.charCodeAt(after);
  if (c === 37 /* % */ || c === 0xb0 /* ° */) return true;
  if (c === 45 /* - */ && isAsciiLetter(text.charCodeAt(after + 1))) return true;
  if (isAsciiLetter(c)) return /^(?:th|st|nd|rd)\b/.test(text.slice(after, after + 3));
  let i = after;
  while (i < after + 3 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 0xa0)) i++;
  if (i === after) return false;
  const n = text.charCodeAt(i);
  if (n === 37 || n === 0xb0 /* ° */) return true;
  // "between [10] and [20] per cent", "[5] to [10] years": one end of a range of numbers.
  if (n === 0x2013 || n === 45 || n === 97 || n === 116 || n === 111) {
    if (/^(?:to|and|or|-|\u2013)\s{1,2}\[\d/.test(text.slice(i, i + 8))) return true;
  }
  if (n >= 97 && n <= 122) return QUANTITY_UNIT.test(text.slice(i, i + 16));
  // "[60] States have ratified": capitalised counted nouns, only mid-sentence (a space and a
  // lower-case word before the bracket; "Convention.[3] States" is a footnote).
  if (n < 65 || n > 90 || open < 2 || text.charCodeAt(open - 1) !== 32) return false;
  const w = text.charCodeAt(open - 2);
  return w >= 97 && w <= 122 && CAPITAL_COUNTED.test(text.slice(i, i + 12));
}

const CAPITAL_COUNTED = /^(?:Parties|States|Members|Countries)\b/;

/**
 * "Article [17]", "paragraph [2]", "Annex [1]": a number in a cross-reference, still to be
 * settled (articles are renumbered as the text changes). A footnote marker never follows
 * these nouns with a space between.
 */
export function referenceNounBefore(text: string, open: number): boolean {
  if (open < 2 || text.charCodeAt(open - 1) !== 32) return false;
  let s = open - 1;
  while (s > 0 && open - s < 14 && isAsciiLetter(text.charCodeAt(s - 1))) s--;
  if (open - 1 - s < 4) return false;
  const word = text.slice(s, open - 1);
  // "at least [30]", "within [90]", "no more than [3]": a quantity, never a footnote.
  if (QUANTITY_LEAD.test(word)) return true;
  if (!REFERENCE_NOUN.test(word)) return false;
  // "this article [3]" names no number: the digits may be its footnote.
  return !/\b(?:this|that|the\s+present)\s$/i.test(text.slice(Math.max(0, s - 13), s));
}

const QUANTITY_LEAD = /^(?:least|most|than|within|every|exceeding|approximately|between)$/i;
const REFERENCE_NOUN =
  /^(?:articles?|paragraphs?|subparagraphs?|sections?|annex(?:es)?|appendix|chapters?|rules?)$/i;

/** Units and counted nouns after a bracketed number (lower case, as in running text). */
const QUANTITY_UNIT =
  /^(?:years?|months?|weeks?|days?|hours?|minutes?|per\s?cent|percent|times|degrees?|million|billion|thousand|trillion|tonnes?|tons?|instruments?|ratifications?|parties|states|members|countries|seats|sessions|meetings|cycles|rounds|experts|representatives)\b/;

/** `[a]` glued after punctuation ("annually.[a]", "Parties,[b]") and before a blank or the end: a footnote letter. */
export function footnoteLetterAt(text: string, open: number, after: number): boolean {
  const before = open > 0 ? text.charCodeAt(open - 1) : -1;
  if (before !== 46 && before !== 44 && before !== 59 && before !== 58 && before !== 41) return false;
  return after >= text.length || isSpaceCode(text.charCodeAt(after));
}

/**
 * A lower-case roman numeral (two letters or more) glued after a word or punctuation, or
 * after a sentence's end and a space, then a blank, punctuation or the end, with no bracket
 * beside it: an endnote marker.
 */
export function romanMarkerAt(ctx: PairContext): boolean {
  const { text, open } = ctx;
  const after = ctx.close + ctx.closeLength;
  const numeral = contentOf(ctx);
  if (!ROMAN_NUMERAL.test(numeral) || numeral.length < 2) return false;
  if (open === 0 || open <= ctx.paragraphStart) return false;
  const before = text.charCodeAt(open - 1);
  const spacedAfterSentence =
    before === 32 &&
    open >= 3 &&
    (text[open - 2] === '.' || text[open - 2] === ';') &&
    isAsciiLetter(text.charCodeAt(open - 3));
  if ((isSpaceCode(before) && !spacedAfterSentence) || before === 91 || before === 93) return false;
  const next = text.charCodeAt(after);
  return after >= text.length || isSpaceCode(next) || '.,;:)'.includes(text[after] as string);
}

export const ROMAN_NUMERAL = /^(?:x{0,3})(?:ix|iv|v?i{0,3})$/;

/** `[JB1]` glued after a letter or punctuation, before a blank, punctuation or the end: two or three capitals and one or two digits. */
export function commentAnchorAt(text: string, open: number, first: number, close: number): boolean {
  if (first !== open + 1 || open === 0) return false;
  const before = text.charCodeAt(open - 1);
  if (isSpaceCode(before) || before === 91 || before === 93) return false;
  if (
    close + 1 < text.length &&
    !isSpaceCode(text.charCodeAt(close + 1)) &&
    !'.,;:)'.includes(text[close + 1] as string)
  )
    return false;
  const code = text.slice(first, close);
  // A chemical formula glued by a lost space ("emissions[CO2]") is text.
  return /^[A-Z]{2,3}\d{1,2}$/.test(code) && !/^[CHNOS]+\d+$/.test(code);
}

/** Reference numbers in a list or range: "3, 7", "12-14", "3–5, 9" (one to three digits each). */
export const NUMBER_LIST = /^\s*\d{1,3}(?:\s*(?:,|-|\u2013)\s*\d{1,3})+\s*$/;

/** Contents of bracket pairs that are markers, not options: `[^1]`, `[sic]`, `[...]`, `[]`. */
const MARKER = /^(?:\^\S*|\s*sic!?\s*|\s*(?:\.\.\.|\u2026|\. \. \.)\s*|\s*)$/i;
