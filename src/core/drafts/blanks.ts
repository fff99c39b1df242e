import { contentOf, type IgnoredRule, type PairContext } from './pair-context.js';

/**
 * Blanks and placeholders (docs/brackets.md, "Notes that are not brackets"): brackets that
 * hold no text yet, only the place of something a secretariat or publisher fills in
 * mechanically: a bare placeholder, an instruction to insert, a template blank ("[date of
 * adoption]", "[name of country]"), a heading still to be chosen, a symbol still to be
 * issued. A number or quantity left open ("every [X] years", "by [XX] per cent") is what
 * delegations negotiate, and stays a bracket; so does a blank beside another bracket (a
 * choice between options). Called by `editorialRule` (notes.ts).
 */

/**
 * "[Placeholder]", "[placeholder text]", "[Placeholder pending discussion]", "[Placeholder - to be
 * completed]": a bare placeholder, maybe with its state, nothing proposed ("[Placeholder for text on
 * X]" proposes X).
 */
const BARE_PLACEHOLDER =
  /^\s*placeholder(?:\s+text)?(?:\s*[-\u2013\u2014:,(]?\s*(?:pending(?:\s+(?:further\s+)?(?:discussions?|consultations?|agreement|review))?|to\s+be\s+(?:completed|developed|drafted|discussed|provided|added|inserted|decided|determined)(?:\s+later)?)\s*\)?)?\s*\.?\s*$/i;
/** "[Footnote 3]": where a footnote goes, in a text pasted without its footnotes. */
const FOOTNOTE_PLACE = /^\s*(?:foot|end)note\s+\d{1,3}\s*$/i;
/** "[insert date]", "[Insert name of the organization]": an instruction to fill in, short, no colon. */
const INSERT =
  /^\s*(?:please\s+)?insert\s+(?:the\s+|a\s+|an\s+)?(?:[\p{L}\p{N}'\u2019.-]+\s+){0,5}[\p{L}\p{N}'\u2019.-]+\s*$/iu;
/**
 * A template blank for a fact filled in mechanically, with no article: "[date of adoption]",
 * "[name of country]", "[place of signature]", "[title of the instrument]". Quantities
 * ("[number of Parties]", "[amount]", "[year]") are negotiated and stay brackets.
 */
const TEMPLATE_BLANK =
  /^\s*(?:(?:date|name|title|symbol|place|venue|city|location|signature|time)s?\s+(?:of|for)\s+(?:the\s+)?(?:[\p{L}'\u2019-]+\s+){0,4}[\p{L}'\u2019.-]+|date|dates|venue|place|city|signature|(?:dd|DD|xx|XX)[./ -](?:mm|MM|xx|XX|month|Month)[./ -](?:yyyy|YYYY|xxxx|XXXX|20xx|20XX))\s*$/iu;
/** "[TBD]", "[date TBD]", "[venue to be announced]", "[to be determined]": a fact not known yet. */
const NOT_KNOWN_YET =
  /^\s*(?:(?:date|dates|venue|time|place|location|title|city|host|chair)\s+)?(?:tbd|tba|to\s+be\s+(?:determined|announced))\s*\.?\s*$/i;
/** "[XX]", "[-]", "[…]": the number part of a document symbol, glued to the rest ("[XX]/CP.21", "A/RES/[…]"). */
const SYMBOL_PART = /^\s*(?:x{1,4}|X{1,4}|[-\u2013\u2014_.\u2026#?*]{1,4}|n|N)\s*$/;
const SYMBOL_PART_INITIALS = new Set([...'xX-\u2013\u2014_.\u2026#?*nN'].map((c) => c.charCodeAt(0)));
/** "[Heading to be decided]", "[Title TBD]": a heading not chosen yet. */
const HEADING_TO_COME =
  /^\s*(?:(?:section|article|chapter|part|annex|appendix|paragraph|document)\s+)?(?:heading|title|sub-?heading|subtitle|name)\s+(?:to\s+be\s+(?:decided|determined|agreed|confirmed|added|inserted|drafted|developed|provided)|tbd|tbc|tba|placeholder)\s*\.?\s*$/i;
/** "[Heading]", "[Annex title]": the place of a heading, a note only alone on its line or after the heading's number. */
const HEADING_PLACE =
  /^\s*(?:(?:section|article|chapter|part|annex|appendix|paragraph|document|short)\s+)?(?:heading|title|sub-?heading|subtitle)\s*$/i;
/** The start of a heading line before a pair: "Article 5.", "## 3", "Section IV -", "B." */
const HEADING_NUMBER_BEFORE =
  /(?:^|\n)[\s#*_]*(?:(?:article|section|chapter|part|annex|appendix|rule)\s+[\w.]{1,8}|[IVXLC]{1,6}|[A-Z]|\d{1,3}(?:\.\d{1,2})*)\s*[.:\u2013\u2014-]?\s*$/i;

/**
 * The blank rules; `editorialRule` has checked the pair is short and in one paragraph.
 * `noteWord`: the content starts with a first word of these patterns (NOTE_FIRST_WORDS in notes.ts).
 */
export function blankRule(
  ctx: PairContext,
  c0: number,
  length: number,
  noteWord: boolean,
): IgnoredRule | undefined {
  if (length > 60) return undefined;
  const { text } = ctx;
  const after = ctx.close + ctx.closeLength;
  if (
    length <= 6 &&
    SYMBOL_PART_INITIALS.has(c0) &&
    SYMBOL_PART.test(contentOf(ctx)) &&
    gluedToSymbol(text, ctx.open, after)
  )
    return 'document-symbol';
  const lower = c0 | 32;
  if (!noteWord || lower < 97 || lower > 122) return undefined;
  const content = contentOf(ctx);
  if (lower === 112 && BARE_PLACEHOLDER.test(content)) return 'editorial-note';
  if ((lower === 102 || lower === 101) && FOOTNOTE_PLACE.test(content)) return 'editorial-note';
  if (lower === 105 || lower === 112) {
    if (INSERT.test(content) && !OPERATIVE_WORD.test(content) && !besideBracket(text, ctx.open, after))
      return 'editorial-note';
  }
  if ('dnptsvclhxmy'.includes(String.fromCharCode(lower)) && TEMPLATE_BLANK.test(content)) {
    if (!besideBracket(text, ctx.open, after)) return 'editorial-note';
  }
  if (NOT_KNOWN_YET.test(content) && !besideBracket(text, ctx.open, after)) return 'editorial-note';
  if (HEADING_TO_COME.test(content)) return 'editorial-note';
  if (HEADING_PLACE.test(content) && headingPlace(ctx, after)) return 'editorial-note';
  return undefined;
}

/**
 * The content side of the blank rules that also look around the pair (`gluedToSymbol`,
 * `besideBracket`, `headingPlace`), loosened: true whenever one of them might apply in some
 * place. A pair whose content fails this gets the same answer from `blankRule` wherever it
 * stands (see `answerReadsContext` in rules.ts). A blank rule added above that reads the
 * text around the pair must add its content test here.
 */
export function blankReadsContext(content: string, length: number, noteWord: boolean): boolean {
  if (length > 60) return false;
  if (length <= 6 && SYMBOL_PART.test(content)) return true;
  if (!noteWord) return false;
  return (
    INSERT.test(content) ||
    TEMPLATE_BLANK.test(content) ||
    NOT_KNOWN_YET.test(content) ||
    HEADING_PLACE.test(content)
  );
}

const OPERATIVE_WORD = /\b(?:shall|should|must|may|will|decides?|requests?|urges?)\b/i;

/**
 * "[XX]/CP.21", "A/RES/80/[…]", "MEPC.[XXX](80)": a slash and a symbol's capital or digit on
 * the other side, or a body's capitals and a dot before with the session in parentheses after.
 */
function gluedToSymbol(text: string, open: number, after: number): boolean {
  // The rest of the symbol names a body or series in capitals ("/CP.21", "A/RES/80/"); "10/50/[X]" is a list of numbers.
  if (text.charCodeAt(after) === 47 && /^\/[^\s[\]]{0,12}[A-Z]/.test(text.slice(after, after + 14)))
    return true;
  if (
    open >= 2 &&
    text.charCodeAt(open - 1) === 47 &&
    /[A-Z][^\s[\]]{0,12}\/$/.test(text.slice(Math.max(0, open - 14), open))
  )
    return true;
  return (
    open >= 3 &&
    text.charCodeAt(open - 1) === 46 &&
    /[A-Z]{2}$/.test(text.slice(open - 3, open - 1)) &&
    /^\((?:\d{1,3}|[\u2026.xX-]{1,4})\)/.test(text.slice(after, after + 6))
  );
}

/**
 * Another bracket right before or after, blanks (a line break too) or "/" between: the pair is one
 * of several options. A pair that fills its own line is beside no bracket of another line: the
 * lines of a signature block or an address ("[Signature]" over "[Name and title]") are blanks one
 * under the other, each on its own, as list items are (option-shapes.ts `endsListItem`).
 */
function besideBracket(text: string, open: number, after: number): boolean {
  const most = fillsLine(text, open, after) ? 0 : 1;
  let i = open - 1;
  let breaks = 0;
  while (i >= 0 && open - i < 40 && isBlankOrSlash(text.charCodeAt(i))) {
    if (text.charCodeAt(i) === 10) breaks++;
    i--;
  }
  // A blank line between (two breaks) ends the paragraph, and the options with it.
  if (i >= 0 && breaks <= most && text.charCodeAt(i) === 93) return true;
  let j = after;
  breaks = 0;
  while (j < text.length && j - after < 40 && isBlankOrSlash(text.charCodeAt(j))) {
    if (text.charCodeAt(j) === 10) breaks++;
    j++;
  }
  return breaks <= most && text.charCodeAt(j) === 91;
}

/** Only blanks and emphasis between the line's start and `open`, and between `after` and the line's end. */
function fillsLine(text: string, open: number, after: number): boolean {
  let i = open - 1;
  while (i >= 0 && open - i < 40 && isLineFiller(text.charCodeAt(i))) i--;
  if (i >= 0 && text.charCodeAt(i) !== 10) return false;
  let j = after;
  while (j < text.length && j - after < 40 && isLineFiller(text.charCodeAt(j))) j++;
  return j >= text.length || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13;
}

function isLineFiller(c: number): boolean {
  return c === 32 || c === 9 || c === 42 || c === 95 || c === 0xa0;
}

function isBlankOrSlash(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 47 || c === 0xa0;
}

/** Alone on its line, or after the number of a heading ("Article 5. [Title]") with nothing after it on the line. */
function headingPlace(ctx: PairContext, after: number): boolean {
  const { text } = ctx;
  let j = after;
  while (
    j < text.length &&
    (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9 || text.charCodeAt(j) === 42)
  )
    j++;
  if (j < text.length && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) return false;
  let i = ctx.open - 1;
  while (i >= 0 && i > ctx.open - 40 && text.charCodeAt(i) !== 10) i--;
  const before = text.slice(i + 1, ctx.open);
  return before.trim() === '' || HEADING_NUMBER_BEFORE.test(before) || /^[\s#*_>-]*$/.test(before);
}
