import { type PartyTable, readHolderList } from './parties.js';
import type { AnnotationRole } from './types.js';

/**
 * The rules that decide what a matched pair of square brackets is. They are documented,
 * one row each, in docs/brackets.md, and tests/drafts/rules-table.test.ts runs every example
 * of that table. Rule ids are stable: they appear in `ParsedDraft.ignored` and in
 * annotations.
 *
 * One piece (over 500 lines) because it is the executable form of that one table: the
 * order of the rules is part of their meaning, and splitting them would hide it.
 */

/** Rule ids of bracket pairs that are not negotiation brackets and are never counted. */
export type IgnoredRule =
  | 'footnote-caret'
  | 'footnote-number'
  | 'link-inline'
  | 'link-reference'
  | 'ellipsis'
  | 'sic'
  | 'empty'
  | 'inside-annotation'
  | 'inside-link'
  | 'link-external'
  | 'wiki-link'
  | 'navigation'
  | 'citation'
  | 'document-symbol'
  | 'editorial-note'
  | 'procedural-note'
  | 'notation-example';

/**
 * How status reports a pair that is not counted: the family a reader recognises
 * ("3 editorial notes in brackets, not counted"). Pairs inside another ignored pair are not reported.
 */
export const NOTE_FAMILY: Readonly<Record<string, string>> = {
  'footnote-caret': 'footnote markers',
  'footnote-number': 'footnote markers',
  'link-inline': 'links',
  'link-reference': 'links',
  'link-external': 'links',
  'wiki-link': 'links',
  navigation: 'navigation links',
  citation: 'citations',
  'document-symbol': 'document-symbol placeholders',
  'editorial-note': 'editorial notes',
  'procedural-note': 'procedural notes',
  'notation-example': 'quoted examples of the notation',
  ellipsis: 'editorial omissions',
  sic: 'editorial omissions',
  empty: 'empty brackets',
  note: 'editorial notes',
  status: 'status labels',
};

/** Rule ids of annotations (holders and notes). */
export type AnnotationRule = 'note' | 'status' | 'proposed-by' | 'holder-suffix' | 'holder-directive';

/** What a matched pair of brackets is: ignored (with its rule), an annotation, or a negotiation bracket. */
export type PairClass =
  | {
      type: 'ignored';
      rule: IgnoredRule /** extra range excluded from words (a link's URL) */;
      exclude?: [number, number];
    }
  | { type: 'annotation'; rule: AnnotationRule; role: AnnotationRole; holders: string[]; note: string }
  | {
      type: 'negotiation';
      kind: 'text' | 'paragraph-number';
      holders?: string[];
      /** Ranges inside the bracket that are labels, not text: holder prefix, "(G77)", "Option 1:". */
      exclude?: [number, number][];
      option?: string;
    };

/** What a rule may look at: the pair, its content and a little context, never the whole text. */
export interface PairContext {
  text: string;
  /** Offset of the opening token and its length (1, or 2 for Markdown `\[`). */
  open: number;
  openLength: number;
  /** Offset of the closing token. */
  close: number;
  closeLength: number;
  /** Both tokens in the same paragraph. */
  sameParagraph: boolean;
  /** Where the paragraph's text starts, and where its body starts (after its number label). */
  paragraphStart: number;
  markdown: boolean;
  escaped: boolean;
  references: ReadonlySet<string>;
  /** The draft shows wiki markup (`'''`, `<ref>`, `{{`, `== Heading ==`): `[[Page]]` is a wiki link. */
  wikitext: boolean;
  /** Sorted offsets of the words "bracket(s)", "bracketed" in the draft (usually none). */
  notationWords: readonly number[];
  /** Length of the longest reference label: longer bracket contents cannot be shortcut links. */
  longestReference: number;
  parties: PartyTable;
  /** The pair's content once a rule has read it (reset for each pair; see `contentOf`). */
  content?: string | undefined;
}

/** The pair's content, sliced at most once and only when a rule reads it (no closure: this runs per bracket). */
function contentOf(ctx: PairContext): string {
  if (ctx.content === undefined) ctx.content = ctx.text.slice(ctx.open + ctx.openLength, ctx.close);
  return ctx.content;
}

const LATIN = '(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)';
const PARAGRAPH_NUMBER = new RegExp(
  `^\\s*(?:\\d{1,3}(?:\\s?[a-z])?(?:\\s?${LATIN})?\\s*\\.|\\d{1,3}(?:\\s?[a-z])?\\s?${LATIN}\\s*\\.?|\\((?:[a-z]{1,2}|[ivxlc]{1,6}|\\d{1,2})\\)|(?:Pp|PP|Op|OP)\\s?\\d{1,3})\\s*$`,
);
const NOTE =
  /^\s*(?:notes?|n\.\s?b\.?|nb|editor'?s\s+note|(?:co-)?chairs?'?s?\s+note|facilitators?'?s?\s+note|secretariat\s+note|comments?|explanatory\s+note)\s*[:.\u2013\u2014-]\s*/i;
const STATUS =
  /^\s*(?:agreed(?:\s+ad\s+ref(?:erendum)?\.?)?|ad\s+ref(?:erendum)?\.?|agreed\s+in\s+principle|provisionally\s+agreed|pending|under\s+discussion|to\s+be\s+(?:discussed|confirmed|decided)|no\s+consensus(?:\s+yet)?)\s*\.?\s*$/i;
const PROPOSED_BY =
  /^\s*(proposed|proposal|submitted|tabled|suggested|supported|support|opposed|objected\s+to|objection|reservation|reserved|bracketed|requested|retained|deletion\s+proposed)(?:\s+(?:by|of|from))\s*:?\s+(.{1,120}?)\s*[.;]?\s*$/i;
const HOLDER_SUFFIX =
  /^\s*(.{1,100}?)\s+(proposals?|reservations?|position|amendments?|text|language|to\s+check|to\s+confirm|objects|objection|supports|support|opposes|prefers|delete|deletion|retain)\s*\.?\s*$/i;
const HOLDER_PREFIX = /^\s*([^:\n[\]]{1,80}?)\s*:\s*/;
const SUFFIX_WORDS = new Set(
  'proposal proposals reservation reservations position amendment amendments text language check confirm objects objection supports support opposes prefers delete deletion retain'.split(
    ' ',
  ),
);
const BY_WORD = /\s(?:by|of|from)\s/i;

/** Lower-case first letter of the content (after blanks and emphasis), or ''. */
function firstLetter(content: string): string {
  for (let i = 0; i < content.length && i < 8; i++) {
    const c = content[i] as string;
    if (c !== ' ' && c !== '*' && c !== '_' && c !== '\t' && c !== '\n') return c.toLowerCase();
  }
  return '';
}

/** A colon in `[from, to)`: a bounded scan (an unbounded `indexOf` would run to the next colon in the draft). */
function hasColonWithin(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 58) return true;
  return false;
}

/** The content ends with ")" (then at most a comma, dot or semicolon). */
function endsWithParen(content: string): boolean {
  let e = content.length;
  while (e > 0 && ' \t\n.,;'.includes(content[e - 1] as string)) e--;
  return e > 0 && content[e - 1] === ')';
}

/** A colon, dot or dash: a note label ("Note:", "N.B.", "Comment -") needs one (see NOTE). */
function hasNoteSeparator(content: string): boolean {
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (c === 58 || c === 46 || c === 45 || c === 0x2013 || c === 0x2014) return true;
  }
  return false;
}

function hasEarlyColon(content: string): boolean {
  const at = content.indexOf(':');
  return at > 0 && at <= 84;
}
const TRAILING_HOLDERS = /\(\s*(?:proposed\s+by\s+|by\s+)?([^()\n]{1,80})\)\s*[.,;]?\s*$/;
/** Words that make "[US: ...]" an instruction about text rather than text. */
const DIRECTIVES =
  /^(?:delete|deletion|retain|keep|reserve|reservation|bracket|brackets|oppose[sd]?|object(?:s|ion)?|support[s]?|prefer[s]?|replace|add|insert|move|merge|check|ok|agree[sd]?|disagree[s]?|accept[s]?|cannot|can\s+live|flexible|no|yes|query|question|see|with|against|for|pending|withdrawn?|alt(?:ernative)?)\b/i;
const OBJECTION =
  /^(?:delete|deletion|reserve|reservation|bracket|oppose|object|disagree|cannot|no\b|against|withdraw)/i;
const SUPPORT = /^(?:retain|keep|support|prefer|agree|accept|can\s+live|flexible|ok\b|yes\b|with\b|for\b)/i;
const PROPOSAL = /^(?:replace|add|insert|move|merge|alt)/i;
const OPTION_IN_BRACKET =
  /^[\s*_]*(Option|Alt(?:ernative)?)\s*(\(?\d{1,3}\)?|\(?[A-Za-z]\)?|[IVX]{1,4})(?![\w])(?:\[\^[^\]\s]+\])*[*_]*\s*[:.)\u2013\u2014-][*_]*\s*/i;

const MAX_ANNOTATION = 1000;

/**
 * Classifies one matched pair. Rules are tried in the order of the table in
 * docs/brackets.md; the first that applies wins; the default is a negotiation bracket.
 */
export function classifyPair(ctx: PairContext): PairClass {
  const { text, open, openLength, close } = ctx;
  const contentStart = open + openLength;
  const length = close - contentStart;
  const after = close + ctx.closeLength;
  const short = ctx.sameParagraph && length <= MAX_ANNOTATION;
  // Index-based looks first; the content is sliced only when a rule may apply.
  let first = contentStart;
  while (first < close && isBlankCode(text.charCodeAt(first))) first++;
  const c0 = first < close ? text.charCodeAt(first) : -1;
  ctx.content = undefined;

  if (ctx.sameParagraph && length <= 400) {
    if (c0 === 94 /* ^ */ && first === contentStart && /^\^[^\s\]]{1,20}$/.test(contentOf(ctx))) {
      return { type: 'ignored', rule: 'footnote-caret' };
    }

    if (ctx.markdown && !ctx.escaped && text.charCodeAt(after) === 40 /* ( */) {
      const target = linkTarget(text, after);
      if (target > 0) return { type: 'ignored', rule: 'link-inline', exclude: [after, target] };
    }

    if (ctx.markdown && !ctx.escaped && ctx.references.size > 0) {
      const next = text.charCodeAt(after);
      if (next === 91 /* [ */) {
        const labelEnd = findWithin(text, 93, after + 1, after + 1000);
        if (labelEnd > 0 && !text.slice(after + 1, labelEnd).includes('[')) {
          const label = text.slice(after + 1, labelEnd);
          const key = normaliseLabel(label.length > 0 ? label : contentOf(ctx));
          if (ctx.references.has(key))
            return { type: 'ignored', rule: 'link-reference', exclude: [after, labelEnd + 1] };
        }
      } else if (
        next !== 40 &&
        text.charCodeAt(open - 1) !== 93 &&
        length <= ctx.longestReference * 2 + 8 &&
        ctx.references.has(normaliseLabel(contentOf(ctx)))
      ) {
        return { type: 'ignored', rule: 'link-reference' };
      }
    }

    if (c0 === -1) return { type: 'ignored', rule: 'empty' };
    if (c0 === 46 /* . */ || c0 === 0x2026) {
      const trimmed = contentOf(ctx).trim();
      if (trimmed === '...' || trimmed === '\u2026' || trimmed === '. . .')
        return { type: 'ignored', rule: 'ellipsis' };
    }
    if ((c0 === 115 || c0 === 83) /* s S */ && length <= 12 && /^sic!?$/i.test(contentOf(ctx).trim())) {
      return { type: 'ignored', rule: 'sic' };
    }

    const notNegotiation = editorialRule(ctx, c0, first, length);
    if (notNegotiation) return { type: 'ignored', rule: notNegotiation };

    const digit = c0 >= 48 && c0 <= 57;
    if (
      (digit || c0 === 40 || c0 === 80 || c0 === 79) &&
      PARAGRAPH_NUMBER.test(contentOf(ctx)) &&
      /^[\s*_[]*$/.test(text.slice(ctx.paragraphStart, open))
    ) {
      return { type: 'negotiation', kind: 'paragraph-number' };
    }

    if (digit && length <= 5 && /^\d{1,3}$/.test(contentOf(ctx).trim())) {
      return adjacentToBracket(text, open, after) ? PLAIN : { type: 'ignored', rule: 'footnote-number' };
    }
  }

  if (short) {
    const letter = c0 >= 65 && c0 <= 90 ? c0 + 32 : c0;
    const earlyColon = hasColonWithin(text, contentStart + 1, Math.min(close, contentStart + 85));
    const closesParen = endsWithParenAt(text, contentStart, close);
    // The last word is read once, here, and handed to the annotation rules.
    const suffix = length <= 140 && endsWithSuffixWord(text, contentStart, close);
    const maybeAnnotation = earlyColon || suffix || (length <= 200 && ANNOTATION_INITIALS.has(letter));
    if (maybeAnnotation) {
      const annotation = classifyAnnotation(
        contentOf(ctx),
        ctx.parties,
        earlyColon && text.charCodeAt(contentStart) !== 58,
        suffix,
      );
      if (annotation) return annotation;
    }
    if (earlyColon || closesParen || letter === 111 /* o */ || letter === 97 /* a */) {
      return negotiationWithLabels(contentOf(ctx), contentStart, ctx.parties);
    }
    return PLAIN;
  }

  // Long or multi-paragraph brackets: only an option label at the start is looked at.
  const head = text.slice(contentStart, Math.min(close, contentStart + 80));
  const option = OPTION_IN_BRACKET.exec(head);
  return option
    ? {
        type: 'negotiation',
        kind: 'text',
        option: optionName(option),
        exclude: [[contentStart, contentStart + option[0].length]],
      }
    : PLAIN;
}

/** The common result, shared: a negotiation bracket with no holders, labels or exclusions. */
const PLAIN: PairClass = Object.freeze({ type: 'negotiation', kind: 'text' }) as PairClass;

/** Lower-case first letters of the note, status and "proposed by" patterns. */
const ANNOTATION_INITIALS = new Set([...'necfsapundtpstorbd'].map((c) => c.charCodeAt(0)));

function isBlankCode(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 42 || c === 95;
}

/** Length, first and last letter (lower case) of a word, as one number: a cheap look before a set lookup. */
function wordKey(length: number, first: number, last: number): number {
  return (length * 32 + (first | 32) - 96) * 32 + (last | 32) - 96;
}

const SUFFIX_KEYS = new Set(
  [...SUFFIX_WORDS].map((w) => wordKey(w.length, w.charCodeAt(0), w.charCodeAt(w.length - 1))),
);

/**
 * The last word of a range of the text (after trailing blanks and dots) is one of
 * SUFFIX_WORDS; sliced only when its length and outer letters match one of them (this runs
 * for every short bracket).
 */
function endsWithSuffixWord(text: string, start: number, end: number): boolean {
  let e = end;
  while (e > start && (isBlankCode(text.charCodeAt(e - 1)) || text.charCodeAt(e - 1) === 46)) e--;
  let s = e;
  while (s > start && e - s < 20 && isAsciiLetter(text.charCodeAt(s - 1))) s--;
  if (e - s > 12 || e === s) return false;
  if (!SUFFIX_KEYS.has(wordKey(e - s, text.charCodeAt(s), text.charCodeAt(e - 1)))) return false;
  return SUFFIX_WORDS.has(text.slice(s, e).toLowerCase());
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** The range ends with ")" (then at most a comma, dot or semicolon and blanks). */
function endsWithParenAt(text: string, start: number, end: number): boolean {
  let e = end;
  while (e > start) {
    const c = text.charCodeAt(e - 1);
    if (c === 32 || c === 9 || c === 10 || c === 46 || c === 44 || c === 59) e--;
    else break;
  }
  return e > start && text.charCodeAt(e - 1) === 41;
}

/**
 * `earlyColon`: the content's first colon is among its characters 1 to 84; `suffixWord`: its last word
 * is one of SUFFIX_WORDS (both already known to the caller, which looked without slicing).
 */
function classifyAnnotation(
  content: string,
  parties: PartyTable,
  earlyColon: boolean,
  suffixWord: boolean,
): PairClass | undefined {
  // Cheap looks before the patterns: the first letter, a colon near the start, the last word.
  const first = firstLetter(content);
  const note = 'necfs'.includes(first) && hasNoteSeparator(content) ? NOTE.exec(content) : null;
  if (note)
    return {
      type: 'annotation',
      rule: 'note',
      role: 'note',
      holders: [],
      note: tidy(content.slice(note[0].length)),
    };

  if (content.length <= 60 && 'apundt'.includes(first) && STATUS.test(content)) {
    return { type: 'annotation', rule: 'status', role: 'status', holders: [], note: tidy(content) };
  }

  const proposed =
    'pstorbd'.includes(first) && content.length <= 200 && BY_WORD.test(content)
      ? PROPOSED_BY.exec(content)
      : null;
  if (proposed) {
    const verb = (proposed[1] as string).toLowerCase();
    const list = readHolderList(proposed[2] as string, parties, false);
    if (list) {
      const holders = list.holders;
      const role: AnnotationRole = /^(?:support)/.test(verb)
        ? 'support'
        : /^(?:oppos|object|reserv|deletion)/.test(verb)
          ? 'objection'
          : /^(?:bracketed|requested|retained)/.test(verb)
            ? 'position'
            : 'proposal';
      return { type: 'annotation', rule: 'proposed-by', role, holders, note: tidy(content) };
    }
  }

  const suffix = content.length <= 140 && suffixWord ? HOLDER_SUFFIX.exec(content) : null;
  if (suffix) {
    const list = readHolderList(suffix[1] as string, parties, true);
    if (list) {
      const { holders } = list;
      const what = (suffix[2] as string).toLowerCase();
      const role: AnnotationRole = /^(?:reserv|object|oppos|delet)/.test(what)
        ? 'objection'
        : /^(?:support|prefer|retain)/.test(what)
          ? 'support'
          : /^(?:to\s)/.test(what)
            ? 'position'
            : 'proposal';
      // A body or term instead of a party ("[SBSTA text]") stays in the note.
      const note = list.others.length > 0 ? tidy(content) : tidy(what);
      return { type: 'annotation', rule: 'holder-suffix', role, holders, note };
    }
  }

  const prefix = earlyColon ? HOLDER_PREFIX.exec(content) : null;
  if (prefix) {
    const list = readHolderList(prefix[1] as string, parties, true);
    if (list) {
      const { holders } = list;
      const rest = tidy(content.slice(prefix[0].length));
      const words = rest.length === 0 ? 0 : rest.split(' ').length;
      if (words <= 3 || DIRECTIVES.test(rest)) {
        const role: AnnotationRole = OBJECTION.test(rest)
          ? 'objection'
          : SUPPORT.test(rest)
            ? 'support'
            : PROPOSAL.test(rest)
              ? 'proposal'
              : 'position';
        // "[SBSTA: to consider]": the body is no holder; the note keeps its name.
        const note = list.others.length > 0 ? `${list.others.join(', ')}: ${rest}` : rest;
        return { type: 'annotation', rule: 'holder-directive', role, holders, note };
      }
    }
  }
  return undefined;
}

/** A negotiation bracket, with its holder prefix ("G77: ..."), trailing "(G77)" and option label set apart. */
function negotiationWithLabels(content: string, contentStart: number, parties: PartyTable): PairClass {
  const exclude: [number, number][] = [];
  let holders: string[] | undefined;
  let option: string | undefined;

  const lead = firstLetter(content);
  const opt = lead === 'o' || lead === 'a' ? OPTION_IN_BRACKET.exec(content.slice(0, 80)) : null;
  if (opt) {
    option = optionName(opt);
    exclude.push([contentStart, contentStart + opt[0].length]);
  } else {
    const prefix = hasEarlyColon(content) ? HOLDER_PREFIX.exec(content) : null;
    if (prefix) {
      const list = readHolderList(prefix[1] as string, parties, true);
      if (list) {
        // A body's label ("[SBSTA: ...]") is set apart like a holder's but names no holder.
        if (list.holders.length > 0) holders = list.holders;
        exclude.push([contentStart, contentStart + prefix[0].length]);
      }
    }
  }
  const tail = content.length > 120 ? content.slice(-120) : content;
  const trailing = endsWithParen(tail) ? TRAILING_HOLDERS.exec(tail) : null;
  if (trailing) {
    const list = readHolderList(trailing[1] as string, parties, true);
    // "(AC)" after "Adaptation Committee" abbreviates the words before it: only names of
    // known parties and groups in final parentheses are holders.
    if (list && list.others.length === 0 && list.holders.every((h) => parties.lookup(h) !== undefined)) {
      holders = [...(holders ?? []), ...list.holders.filter((h) => !holders?.includes(h))];
      const at = contentStart + content.length - tail.length + trailing.index;
      exclude.push([at, contentStart + content.length]);
    }
  }
  if (!holders && exclude.length === 0 && !option) return PLAIN;
  return {
    type: 'negotiation',
    kind: 'text',
    ...(holders ? { holders } : {}),
    ...(exclude.length > 0 ? { exclude } : {}),
    ...(option ? { option } : {}),
  };
}

function optionName(m: RegExpExecArray): string {
  const word = (m[1] as string).toLowerCase().startsWith('alt') ? 'Alt' : 'Option';
  return `${word} ${(m[2] as string).replace(/[()]/g, '')}`;
}

/** End (exclusive) of `(url)` or `(url "title")` starting at `at`, or -1 when it is not a link target. */
function linkTarget(text: string, at: number): number {
  const limit = Math.min(text.length, at + 2000);
  let depth = 0;
  for (let i = at; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return -1;
    if (c === 40) depth++;
    else if (c === 41) {
      depth--;
      if (depth === 0) {
        const target = text.slice(at + 1, i).trim();
        if (/^<[^>\n]*>(?:\s+(?:"[^"]*"|'[^']*'))?$/.test(target)) return i + 1;
        if (/^\S+(?:\s+(?:"[^"]*"|'[^']*'))?$/.test(target) && /[:/.#?=]/.test(target)) return i + 1;
        return -1;
      }
    }
  }
  return -1;
}

/**
 * `[5]` is an option beside another bracket (`[X] [5]`, spaces only between), unless it is
 * glued to the word before it (`text[1]`) or its neighbour is itself a marker (`[sic] [1]`).
 */
function adjacentToBracket(text: string, open: number, after: number): boolean {
  const glued = open > 0 && !/[\s[\]]/.test(text[open - 1] as string);
  if (glued) return false;
  let i = open - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  if (i >= 0 && text.charCodeAt(i) === 93) {
    let from = i - 1;
    while (from >= 0 && i - from <= 200 && text.charCodeAt(from) !== 91) from--;
    if (from >= 0 && text.charCodeAt(from) === 91 && !MARKER.test(text.slice(from + 1, i))) return true;
  }
  let j = after;
  while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
  if (j < text.length && text.charCodeAt(j) === 91) {
    const to = findWithin(text, 93, j, j + 200);
    if (to > 0 && !MARKER.test(text.slice(j + 1, to))) return true;
  }
  return false;
}

/** Offset of the first `code` in `[from, to)`, or -1: searches stay local however large the draft. */
function findWithin(text: string, code: number, from: number, to: number): number {
  const limit = Math.min(to, text.length);
  for (let i = from; i < limit; i++) if (text.charCodeAt(i) === code) return i;
  return -1;
}

/** Contents of bracket pairs that are markers, not options: `[^1]`, `[sic]`, `[...]`, `[]`. */
const MARKER = /^(?:\^\S*|\s*sic!?\s*|\s*(?:\.\.\.|\u2026|\. \. \.)\s*|\s*)$/i;

function tidy(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function normaliseLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

// ---------------------------------------------------------------------------------------
// Pairs that are notes about the document, not negotiated text (docs/brackets.md, "Notes
// that are not brackets"). Each rule is a shape of content plus the context it must sit in.

const LANG = '(?:Arabic|Chinese|English|French|Russian|Spanish|German|Portuguese|Japanese|Italian)';
/** "[Original: English]", "[English only]", "[Arabic, English and French only]", "[Translated from Spanish]". */
const LANGUAGE_NOTE = new RegExp(
  `^\\s*(?:original(?:\\s+language)?\\s*:\\s*${LANG}|translated\\s+from\\s+(?:the\\s+)?${LANG}|${LANG}(?:\\s*(?:,|/|\\band\\b|&)\\s*${LANG})*\\s+(?:only|version\\s+only)|(?:available|issued)\\s+(?:only\\s+)?in\\s+${LANG}\\b[^\\]]{0,60}|distr\\.?\\s*:\\s*(?:general|limited|restricted))\\s*\\.?\\s*$`,
  'i',
);
/** A note dating the document: a version word and a date ("[Snapshot draft as of 8 June 2023]"). */
const DATELINE_WORD =
  /\b(?:draft|version|text|revision|rev\.|snapshot|updated?|as\s+of|as\s+at|dated|status|compilation)\b/i;
const DATE =
  /\b(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:,?\s+\d{4})?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})\b/i;
/** Operative words: a bracket that holds them is text, whatever date it names. */
const OPERATIVE = /\b(?:shall|should|must|will|decides?|requests?|urges?|invites?|recogni[sz]es?)\b/i;
/** Procedural notes under a heading: how the text came to be, not what it says. */
const PROCEDURAL =
  /^\s*(?:on\s+the\s+(?:report|recommendation|proposal)\s+of\b|without\s+reference\s+to\s+a\b|adopted\s+(?:at|by|on|without|with|in)\b|as\s+(?:orally\s+)?(?:revised|amended|corrected)\b|(?:submitted|presented|prepared|transmitted|introduced|circulated)\s+(?:by|under|at|on)\b|agenda\s+item\b|item\s+\d|for\s+(?:information|decision|consideration|adoption|action)\b|advance\s+unedited\b|unedited\b|re-?issued\b|corrigendum\b|to\s+be\s+issued\b|(?:first|second|third|final)\s+reading\b)/i;
/** A status label a facilitator puts on a paragraph: agreed (ad ref, at a date or meeting), stable, pending. */
const STATUS_LABEL =
  /^\s*(?:(?:text\s+)?(?:agreed|adopted|stable|stabili[sz]ed|closed)(?:\s+text)?(?:\s+ad\s+ref(?:erendum)?\.?|\s+in\s+principle|\s+by\s+consensus|\s+(?:at|in|during)\s+(?:the\s+)?(?:informals?|informal\s+consultations|plenary|(?:first|second|third)\s+reading|MPP\s?\d+|PrepCom\s?\d*|session\s+\d+))?|ad\s+ref(?:erendum)?\.?|provisionally\s+agreed|under\s+(?:discussion|negotiation|consideration|review)|no\s+consensus(?:\s+yet)?|consensus(?:\s+text)?|pending(?:\s+(?:further\s+)?(?:discussion|consultations?|review|agreement))?|moved\s+to\s+(?:article|section|paragraph|para\.?|part|chapter|annex|pp|op)\s*[\w.]{1,12}|merged\s+(?:with|into)\s+(?:article|section|paragraph|para\.?|pp|op)\s*[\w.]{1,12}|deleted)\s*[.,;:\u2013\u2014-]?\s*(?:\(?(?:on\s+)?(?:\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?|\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?|[A-Z][a-z]+\s+\d{1,2}(?:,?\s+\d{4})?)\)?)?\s*\.?\s*$/i;
/** Navigation and page chrome of web copies: "[Next]", "[Return to start of article]", "[edit]". */
const NAVIGATION =
  /^\s*(?:next|prev(?:ious)?|back|top|home|contents|table\s+of\s+contents|index|up|edit|edit\s+source|view\s+source|print|download|pdf|txt|html|xml|docs?|tracker|e-?mail|nits|diff\s?\d{0,2}|search|menu|help|faq|about|archives?|sitemap|permalink|share|history|talk|(?:return|back|go|jump|skip)\s+to\b[^\]]{1,40}|(?:top|start|beginning)\s+of\s+(?:the\s+)?(?:page|article|document|section))\s*$/i;
/** A citation key: "[RFC2119]", "[ISO 8601]", "[Smith 2003]", "[Smith et al. 2003]". */
const CITATION_KEY =
  /^(?:[A-Z]{3,}[A-Za-z]{0,6}[-\s]?\d{1,5}[A-Za-z]?(?:[.:-]\d{1,4})*|[A-Z][a-z]+(?:\s+et\s+al\.?|\s*(?:&|and)\s*[A-Z][a-z]+)?,?\s+(?:19|20)\d{2}[a-z]?|[A-Z][a-z]+(?:19|20)\d{2}[a-z]?)$/;
/** Words after which a citation key is read as a citation. */
const CITATION_LEAD = /(?:\b(?:in|see|cf\.?|per|e\.g\.,?|i\.e\.,?|also|and|or)|\]|,)\s*$/i;
/** A document symbol or its placeholder: "SEN-1", "A/RES/70/1", "FCCC/CP/2015/L.9", "-/CP.21". */
const SYMBOL =
  /^(?:[A-Z]{1,10}(?:[-/.][A-Z0-9]{1,10})*[-/.]\d{1,4}[A-Za-z]?(?:[-/.][A-Za-z0-9]{1,10})*|[-\u2013\u2026.x]+\/[A-Z][A-Z0-9.]*\d+(?:\/[A-Z0-9.]+)?)$/;
/** The kind of document a symbol belongs to, just before the bracket. */
const DOCUMENT_WORD =
  /\b(?:resolution|decision|document|recommendation|conclusions?|draft|symbol|report|addendum|doc\.?)\s*(?:no\.?\s*)?$/i;
/** A placeholder that waits for a symbol or number to be issued. */
const SYMBOL_PLACEHOLDER =
  /^\s*(?:(?:document\s+)?symbol(?:\s+to\s+be\s+\w+)?|(?:document|resolution|decision)\s+(?:number|symbol)(?:\s+to\s+be\s+\w+)?|number\s+to\s+be\s+(?:assigned|issued|inserted))\s*$/i;

/**
 * The note rules (see the table "Notes that are not brackets" in docs/brackets.md): a pair
 * that a secretariat, a web page or an explainer put there, not text under negotiation.
 * Cheap tests first: most negotiation brackets fail on their first character or length.
 */
function editorialRule(ctx: PairContext, c0: number, first: number, length: number): IgnoredRule | undefined {
  const { text } = ctx;
  const close = ctx.close;
  const contentStart = ctx.open + ctx.openLength;
  if (length > 160 || !ctx.sameParagraph) return undefined;
  // Links: a bracket that starts with an address, and wiki links "[[Page]]".
  if (
    (c0 === 104 || c0 === 119 || c0 === 102 || c0 === 109) &&
    /^(?:https?:\/\/|www\.|ftp:\/\/|mailto:)\S/i.test(text.slice(first, first + 10))
  )
    return 'link-external';
  if (
    c0 === 91 &&
    ctx.wikitext &&
    first === contentStart &&
    text.charCodeAt(close - 1) === 93 &&
    length <= 120 &&
    !/[[\]\n]/.test(text.slice(contentStart + 1, close - 1))
  )
    return 'wiki-link';
  if (length <= 60 && findWithin(text, 124 /* | */, contentStart, close) >= 0) {
    const content = contentOf(ctx);
    if (
      !content.includes('\n') &&
      content.split('|').every((item) => item.trim().length > 0 && item.trim().length <= 25)
    )
      return 'navigation';
  }
  const upper = c0 >= 65 && c0 <= 90;
  const glued =
    ctx.open > 0 && !isSpaceCode(text.charCodeAt(ctx.open - 1)) && text.charCodeAt(ctx.open - 1) !== 93;
  if (length <= 48 && (upper || glued) && NAVIGATION.test(contentOf(ctx))) return 'navigation';
  const dash = c0 === 45 || c0 === 0x2013 || c0 === 0x2026;
  if ((upper || dash) && length <= 32) {
    const key = contentOf(ctx).trim();
    const lineBefore = text.slice(Math.max(ctx.paragraphStart, ctx.open - 60), ctx.open);
    if (upper && CITATION_KEY.test(key) && CITATION_LEAD.test(lineBefore)) return 'citation';
    if (!/\s/.test(key) && SYMBOL.test(key) && DOCUMENT_WORD.test(lineBefore)) return 'document-symbol';
  }
  if (upper) {
    if (length <= 60 && SYMBOL_PLACEHOLDER.test(contentOf(ctx))) return 'document-symbol';
    if (LANGUAGE_NOTE.test(contentOf(ctx))) return 'editorial-note';
    if (length <= 60 && STATUS_LABEL.test(contentOf(ctx))) return 'editorial-note';
  }
  const alone = standsAlone(text, ctx.open, ctx.close + ctx.closeLength);
  if (alone) {
    const content = contentOf(ctx);
    if (length <= 120 && DATELINE_WORD.test(content) && DATE.test(content) && !OPERATIVE.test(content))
      return 'editorial-note';
    if (PROCEDURAL.test(content)) return 'procedural-note';
  }
  if (ctx.notationWords.length > 0 && length <= 60 && speaksOfBrackets(ctx)) return 'notation-example';
  return undefined;
}

function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0;
}

/** The pair is alone on its line: only blanks, emphasis and list marks beside it. */
function standsAlone(text: string, open: number, after: number): boolean {
  for (let i = open - 1, n = 0; i >= 0 && n < 12; i--, n++) {
    const c = text.charCodeAt(i);
    if (c === 10) break;
    if (!(isSpaceCode(c) || c === 42 || c === 95 || c === 35 || c === 62 || c === 45 || c === 0x2022))
      return false;
    if (i === 0) break;
  }
  for (let i = after, n = 0; i < text.length && n < 12; i++, n++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (!(isSpaceCode(c) || c === 42 || c === 95 || c === 46)) return false;
  }
  return true;
}

/**
 * The sentence around the pair talks about brackets ("Text in brackets [like this] is ...",
 * "Brackets indicate ...: '[shall/should] act'"): the pair is an example of the notation.
 * `notationWords` holds the offsets of every "bracket" word of the draft, so this is a
 * binary search, not a scan.
 */
function speaksOfBrackets(ctx: PairContext): boolean {
  const { text } = ctx;
  let from = ctx.open;
  for (let n = 0; from > ctx.paragraphStart && n < 300; n++, from--) {
    const c = text.charCodeAt(from - 1);
    if ((c === 46 || c === 33 || c === 63) && isSpaceCode(text.charCodeAt(from))) break;
    if (c === 10 && text.charCodeAt(from - 2) === 10) break;
  }
  let to = ctx.close + ctx.closeLength;
  for (let n = 0; to < text.length && n < 300; n++, to++) {
    const c = text.charCodeAt(to);
    if ((c === 46 || c === 33 || c === 63) && (to + 1 >= text.length || isSpaceCode(text.charCodeAt(to + 1))))
      break;
    if (c === 10 && text.charCodeAt(to + 1) === 10) break;
  }
  const words = ctx.notationWords;
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((words[mid] as number) < from) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < words.length && (words[k] as number) < to; k++) {
    const w = words[k] as number;
    if (w < ctx.open || w >= ctx.close) return true;
  }
  return false;
}
