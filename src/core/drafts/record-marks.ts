import { codeMarkReadsContext, codeMarkRule } from './code-marks.js';
import { contentOf, type IgnoredRule, isSpaceCode, type PairContext } from './pair-context.js';

/**
 * Marks of the texts a negotiation draft is not (docs/brackets.md, "Notes that are not
 * brackets"): reference lists, wikis, records and redacted copies put these in square brackets,
 * and a control text full of them must count no negotiation bracket. Each rule is a shape of
 * content and, where the words could be text, the place it must stand in. Called by
 * `editorialRule` (notes.ts).
 */

/**
 * A wiki's maintenance tags: "[citation needed]", "[better source needed]", "[who?]", "[when?]",
 * "[according to whom?]", "[dubious – discuss]", "[failed verification]", "[dead link]". Read so
 * only glued to the text before them, as a wiki renders them.
 */
const WIKI_TAG =
  /^\s*(?:(?:[a-z-]+\s+){0,2}needed|(?:who|whom|when|where|which|why|how|according\s+to\s+whom|by\s+whom)\?|(?:specify|vague|dubious(?:\s*[-\u2013\u2014]\s*discuss)?|failed\s+verification|(?:permanent\s+)?dead\s+link|not\s+in\s+(?:citation|source)\s+given|original\s+research\??|unreliable\s+source\??|self-published\s+source\??))\s*$/i;
/** When a reference was read: "[cited 2021 Mar 4]", "[Accessed: 12 May 2020]", "[consulté le 3 mai 2021]". */
const ACCESS_DATE =
  /^\s*(?:cited|accessed|viewed|retrieved|consulted|consult[ée]|consultado)\s*(?:on|le|el)?\s*:?\s*(?:\d{1,2}\s+[A-Za-z\u00e0-\u00fb]{3,10}\.?,?\s+\d{4}|[A-Za-z]{3,10}\.?\s+\d{1,2},?\s+\d{4}|\d{4}\s+[A-Za-z]{3,10}\.?\s+\d{1,2}|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})\s*\.?\s*$/i;
/** The medium of a reference: "[Online]", "[Internet]", "[en ligne]", "[Press release]". */
const MEDIUM =
  /^\s*(?:online|internet|en\s+ligne|en\s+l[íi]nea|electronic\s+resource|cd-?rom|dvd|dataset|data\s+set|computer\s+software|press\s+release|e-?book|podcast|video|audio)\s*$/i;
/** What a reference entry says around its medium: an address, "Available at", "Retrieved", "cited". */
const REFERENCE_ENTRY =
  /https?:\/\/|www\.|\bdoi\b|\bavailable\s+(?:at|from|online)|\bretrieved\b|\baccessed\b|\[cited\b/i;
/** A redaction: "[REDACTED]", "[name withheld]", "[date redacted]", "[passage omitted]". */
const REDACTION =
  /^\s*(?:redacted|(?:[a-z]+\s+){0,2}(?:redacted|withheld)|(?:names?|identity|details|text|passage|paragraph|address)\s+(?:removed|omitted))\s*$/i;
/** A time (and date) stamp of a record or log: "[00:01:23]", "[10:05]", "[2024-05-02 10:00]". */
const TIMESTAMP = /^\s*(?:\d{4}-\d{2}-\d{2}[ T])?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\s*$/;
/** An acronym in capitals, maybe a plural "s": "INC", "OEWG", "LDCs", "R&D". */
const ACRONYM = /^[A-Z][A-Z0-9&]{1,9}s?$/;
/** Words an acronym skips: "Conference of the Parties" is "COP". */
const ACRONYM_SKIPS = new Set(
  'of the and for on to in at by a an de la le les des du et y del los las'.split(' '),
);

export function recordMarkRule(ctx: PairContext, c0: number, length: number): IgnoredRule | undefined {
  if (length > 40) return undefined;
  const { text, open } = ctx;
  // '"[t]he Parties ..."': a letter changed at the start of a quotation, not a contested word; also
  // a one-letter word whose case the editor changed ('"[a] special meaning"', '"[I] consider"').
  if (length === 1 && isAsciiLetter(c0) && isOpeningQuote(text.charCodeAt(open - 1))) {
    const next = text.charCodeAt(ctx.close + ctx.closeLength);
    if (isAsciiLetter(next) || (((c0 | 32) === 97 || (c0 | 32) === 105) && next === 32))
      return 'editorial-note';
  }
  // 'the panel found that "[the respondent] shall ..."': words an editor put for the quotation's own.
  if (c0 >= 97 && c0 <= 122 && isOpeningQuote(text.charCodeAt(open - 1)) && quotedInsertion(ctx))
    return 'editorial-note';
  // "arr[i]", "[a-z]", "[::1]", "- [x]", "Dear [Name],": code, addresses, task boxes, letter blanks.
  const code = codeMarkRule(ctx, c0, length);
  if (code) return code;
  const glued = open > 0 && !isSpaceCode(text.charCodeAt(open - 1));
  // "[citation needed]", "[who?]": a wiki's maintenance tag, glued to the text it questions.
  if (glued && WIKI_TAG.test(contentOf(ctx))) return 'editorial-note';
  const content = contentOf(ctx);
  if (ACCESS_DATE.test(content)) return 'citation';
  if (REDACTION.test(content)) return 'editorial-note';
  if (c0 >= 48 && c0 <= 57 && TIMESTAMP.test(content) && startsLine(text, open)) return 'editorial-note';
  if (MEDIUM.test(content) && REFERENCE_ENTRY.test(paragraphAround(ctx))) return 'citation';
  // "the Intergovernmental Negotiating Committee [INC]": an abbreviation of the words before it.
  if (c0 >= 65 && c0 <= 90 && !glued && ACRONYM.test(content) && spelledBefore(text, open, content))
    return 'editorial-note';
  return undefined;
}

/**
 * The content side of the rules here that read around the pair (see `editorialReadsContext`):
 * `recordMarkRule`'s and the note label's (`isNoteLabel`).
 */
export function recordMarkReadsContext(content: string, length: number): boolean {
  if (length <= 60 && NOTE_LABEL_ALONE.test(content)) return true;
  if (length > 40) return false;
  return (
    length === 1 ||
    codeMarkReadsContext(content, length) ||
    WIKI_TAG.test(content) ||
    TIMESTAMP.test(content) ||
    MEDIUM.test(content) ||
    ACRONYM.test(content)
  );
}

/** Words an editor puts for a pronoun or a name at a quotation's start: "[the respondent]", "[its]", "[they]". */
const QUOTE_INSERT = /^(?:the|its|their|his|her|it|they|this|these|such|an?)(?:\s[a-z][\w'\u2019-]*){0,3}$/;
/** A reporting verb in the past before a quotation, then "that", a comma or a colon: a judgment or commentary quotes. */
const REPORTED =
  /\b(?:held|found|observed|noted|stated|said|concluded|ruled|explained|emphasi[sz]ed|stressed|wrote|added|reasoned|opined|remarked|declared|affirmed|considered)(?:\s+that)?\s*[,:]?\s*$/i;

/**
 * A lower-case insertion at the start of a quotation that a judgment or commentary reports
 * ('the panel found that "[the respondent] shall ..."'): the editor's words for the quoted ones.
 * A draft's own quoted term (`"[marine] genetic resources" means`) has no reporting verb before it.
 */
function quotedInsertion(ctx: PairContext): boolean {
  const content = contentOf(ctx);
  if (!QUOTE_INSERT.test(content)) return false;
  const quote = ctx.open - 1;
  return REPORTED.test(ctx.text.slice(Math.max(ctx.paragraphStart, quote - 40), quote));
}

/** An opening quotation mark: straight or curly, double or single. */
function isOpeningQuote(c: number): boolean {
  return c === 34 || c === 39 || c === 0x201c || c === 0x2018 || c === 0xab;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Only blanks, emphasis and list marks between the start of the line and `at`. */
function startsLine(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0 && at - i <= 12; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (!(isSpaceCode(c) || c === 42 || c === 95 || c === 45 || c === 62)) return false;
    if (i === 0) return true;
  }
  return at === 0;
}

/** The paragraph's text from its start to 300 characters after the pair (a reference entry is short). */
function paragraphAround(ctx: PairContext): string {
  const end = ctx.close + ctx.closeLength;
  const stop = ctx.text.indexOf('\n\n', end);
  return ctx.text.slice(
    Math.max(ctx.paragraphStart, ctx.open - 300),
    stop < 0 ? end + 300 : Math.min(stop, end + 300),
  );
}

/**
 * The words right before `open` (on its line, letters and hyphens only) spell `acronym` by their
 * initials, skipping small words ("of the"): "Open-ended Working Group [OEWG]", "least developed
 * countries [LDCs]", "Conference of the Parties [COP]".
 */
function spelledBefore(text: string, open: number, acronym: string): boolean {
  const letters = (acronym.endsWith('s') ? acronym.slice(0, -1) : acronym).replace(/[^A-Z]/g, '');
  if (letters.length < 2) return false;
  let from = open - 1;
  while (from >= 0 && text.charCodeAt(from) === 32) from--;
  let start = from;
  while (start >= 0 && open - start < 160 && /[A-Za-z\u00c0-\u024f' -]/.test(text[start] as string)) start--;
  const words = text
    .slice(start + 1, from + 1)
    .split(/[\s-]+/)
    .filter((w) => w.length > 0 && !ACRONYM_SKIPS.has(w.toLowerCase()));
  if (words.length < letters.length) return false;
  const last = words.slice(words.length - letters.length);
  return last.every((w, i) => w[0]?.toUpperCase() === letters[i]);
}

/**
 * A note label with no body: "[Secretariat's note]", "[Explanatory note]", "[Note by the
 * co-facilitators]", "[Note du Secrétariat]". An official or a kind of note, then "note"
 * (or "note by" an official); read as a note only apart from any sentence (the note itself is
 * the paragraph below or the text before it), as "take note of the [Secretariat's note]" is text.
 */
const NOTE_LABEL_ALONE =
  /^\s*(?:(?:the\s+)?(?:(?:co-?)?chair(?:person|man)?s?|(?:co-?)?facilitators?|secretariat|presidency|president|bureau|rapporteurs?|editors?|translators?|drafters?|(?:co-?)?convenors?)(?:['\u2019]s|s['\u2019]|['\u2019])?\s+(?:explanatory\s+)?notes?|(?:explanatory|drafting|editorial|editor['\u2019]?s|technical|procedural|background|secretariat|legal)\s+notes?|notes?\s+(?:by|from|of)\s+(?:the\s+)?(?:(?:co-?)?chairs?(?:person|man)?|(?:co-?)?facilitators?|secretariat|presidency|president|bureau|rapporteurs?|editors?|(?:co-?)?convenors?)|(?:note|nota)\s+(?:du|de\s+la|de\s+l['\u2019]|del)\s+(?:co-?)?(?:secr[ée]tariat|secretar[íi]a|pr[ée]siden(?:ce|t)|presiden(?:cia|te))|(?:note|nota)\s+(?:explicative|explicativa))\s*\.?\s*$/i;
/** "not" (note, nota) among the first 40 characters of the content: the gate of NOTE_LABEL_ALONE. */
function mayBeNoteLabel(text: string, first: number, close: number): boolean {
  const stop = Math.min(close, first + 40);
  for (let i = first; i + 3 <= stop; i++)
    if (
      (text.charCodeAt(i) | 32) === 110 &&
      (text.charCodeAt(i + 1) | 32) === 111 &&
      (text.charCodeAt(i + 2) | 32) === 116
    )
      return true;
  return false;
}

/** The pair holds a note's label alone ("[Secretariat's note]"); the caller reads its place. */
export function isNoteLabel(ctx: PairContext, first: number): boolean {
  return mayBeNoteLabel(ctx.text, first, ctx.close) && NOTE_LABEL_ALONE.test(contentOf(ctx));
}
