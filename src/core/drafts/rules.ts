import {
  afterSourceLead,
  DIRECTIVES,
  HOLDER_PREFIX,
  holderTagPlace,
  laterDirectiveHolders,
  PROPOSED_BY,
  PROPOSED_BY_FR_ES,
  proposedBy,
  splitDirective,
  TEXT_FROM,
  tidy,
  withoutModifiers,
  withoutTrailingDate,
} from './label-parts.js';
import { OPTION_TAG, optionWord } from './leads.js';
import { editorialReadsContext, editorialRule } from './notes.js';
import {
  adjacentToBracket,
  commentAnchorAt,
  footnoteLetterAt,
  NUMBER_LIST,
  quantityFollows,
  ROMAN_NUMERAL,
  referenceNounBefore,
  romanMarkerAt,
} from './number-marks.js';
import { contentOf, findWithin, type IgnoredRule, type PairContext } from './pair-context.js';
import { knownHolderList, type PartyTable, readHolderList } from './parties.js';
import type { AnnotationRole } from './types.js';

export type { IgnoredRule, PairContext } from './pair-context.js';

/**
 * The rules that decide what a matched pair of square brackets is. They are documented,
 * one row each, in docs/brackets.md, and tests/drafts/rules-table.test.ts runs every example
 * of that table. Rule ids are stable: they appear in `ParsedDraft.ignored` and in
 * annotations.
 *
 * One piece (over 500 lines) because it is the executable form of that one table: the
 * order of the rules is part of their meaning. Only the notes that are not brackets (a
 * separate table of the page, tried as one step) live apart, in notes.ts and record-marks.ts,
 * and the reading of numbers and marks around a pair, in number-marks.ts.
 */

/**
 * How status reports a pair that is not counted: the family a reader recognises
 * ("3 editorial notes in brackets, not counted"). Pairs inside another ignored pair are not reported.
 */
export const NOTE_FAMILY: Readonly<Record<string, string>> = {
  'footnote-caret': 'footnote markers',
  'footnote-number': 'footnote markers',
  'footnote-letter': 'footnote markers',
  'comment-anchor': 'comment anchors',
  'link-inline': 'links',
  'link-reference': 'links',
  'link-external': 'links',
  'wiki-link': 'links',
  navigation: 'navigation links',
  citation: 'citations',
  'document-symbol': 'document-symbol placeholders',
  'editorial-note': 'editorial notes',
  'procedural-note': 'procedural notes',
  'cross-reference': 'cross-references',
  'notation-example': 'quoted examples of the notation',
  'code-markup': 'code and markup',
  'option-tag': 'option labels',
  ellipsis: 'editorial omissions',
  sic: 'editorial omissions',
  empty: 'empty brackets',
  note: 'editorial notes',
  status: 'status labels',
};

/** Rule ids of annotations (holders and notes). */
export type AnnotationRule =
  | 'note'
  | 'status'
  | 'proposed-by'
  | 'holder-suffix'
  | 'holder-directive'
  | 'holder-comment'
  | 'holder-tag'
  | 'source-label';

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

const LATIN = '(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)';
const PARAGRAPH_NUMBER = new RegExp(
  `^\\s*(?:\\d{1,3}(?:\\s?[a-z])?(?:\\s?${LATIN})?\\s*\\.|\\d{1,3}(?:\\s?[a-z])?\\s?${LATIN}\\s*\\.?|\\((?:[a-z]{1,2}|[ivxlc]{1,6}|\\d{1,2})\\)(?:\\s?${LATIN}\\s*\\.?)?|(?:Pp|PP|Op|OP)\\s?\\d{1,3}(?:\\s?${LATIN})?(?:\\s(?:alt|Alt|ALT)(?:\\.?\\s?\\d{1,2})?\\.?)?)\\s*$`,
);
const NOTE =
  /^\s*(?:notes?|footnotes?|n\.\s?b\.?|nb|t\.\s?n\.?|tn|n\.\s?d\.\s?t\.?|ndt|translator['\u2019]?s?\s+note|note\s+du\s+traducteur|nota\s+del\s+traductor|editor'?s\s+note|(?:co-)?chairs?'?s?\s+note|facilitators?'?s?\s+note|secretariat\s+note|comments?|explanatory\s+note|(?:the\s+)?(?:secretariat|(?:co-?)?chair|(?:co-?)?chairs|(?:co-?)?facilitators?|presidency|bureau|rapporteur|editor|office|secretary-general|director-general)(?:['\u2019]s|s['\u2019]|['\u2019])?\s+(?:comments?|explanations?|understanding|remarks?|observations?|clarifications?|summary)|(?:note|nota)\s+(?:du|de\s+la|de\s+l['\u2019]|del|de\s+los|de\s+las)\s+(?:co-?)?(?:secr[ée]tariat|secretar[íi]a|pr[ée]siden(?:ce|t|te)|presiden(?:cia|te|ta)|facilitat(?:eur|rice)s?|facilitador(?:es|as?)?|bureau|mesa|r[ée]dacteurs?|redactor(?:es)?|rapporteur|relator(?:a)?))\s*[:.\u2013\u2014-]\s*/i;
const STATUS =
  /^\s*(?:agreed(?:\s+ad\s+ref(?:erendum)?\.?)?|tbc|tbd|tba|ad\s+ref(?:erendum)?\.?|agreed\s+in\s+principle|provisionally\s+agreed|pending|under\s+discussion|to\s+be\s+(?:discussed|confirmed|decided)|no\s+consensus(?:\s+yet)?)\s*\.?\s*$/i;
/**
 * A note label naming its author or kind, then a colon: "Note by the Secretariat:",
 * "Secretariat's note:", "Co-facilitators' note:", "Drafting note:". Not "take note:" (a verb).
 */
const ATTRIBUTED_NOTE =
  /^\s*(?:(?:[\w-]+(?:['\u2019]s|s['\u2019]|['\u2019])?\s+){1,2}(?<!\b(?:take|takes|taking|took|to|and|shall|may|also)\s)note|notes?\s+(?:by|from|of)\s+(?:the\s+)?[^:\n[\]]{1,40}?)\s*:\s*/i;
const HOLDER_SUFFIX =
  /^\s*(.{1,100}?)\s+(proposals?|reservations?|position|amendments?|text|language|to\s+check|to\s+confirm|objects|objection|supports|support|opposes|prefers|delete|deletion|retain)\s*\.?\s*$/i;
const SUFFIX_WORDS = new Set(
  'proposal proposals reservation reservations position amendment amendments text language check confirm objects objection supports support opposes prefers delete deletion retain'.split(
    ' ',
  ),
);
const BY_WORD = /\s(?:by|of|from|par|por)[\s:]/i;
/**
 * A delegation's comment, its author named before or after the noun: "[Mexico comment: ...]",
 * "[Ghana and Kenya comments: ...]", "[Comments from Fiji: ...]", "[the EU's remarks: ...]".
 * The author is then read as a holder list; a body or official gives a note naming it.
 */
const COMMENT_NOUN = '(?:comments?|remarks?|notes?|views?|observations?)';
const HOLDER_COMMENT = new RegExp(
  `^\\s*(?:${COMMENT_NOUN}\\s+(?:by|from|of)\\s+([^:\\n[\\]]{1,80}?)|([^:\\n[\\]]{1,80}?)(?:['\\u2019]s?)?\\s+${COMMENT_NOUN})\\s*:\\s*`,
  'i',
);
const COMMENT_WORD = /(?:comment|remark|note|view|observation)/i;
/** A proposal's label before a colon: "US proposal", "EU amendment", "Text proposed by the EU", "Proposal by Peru". */
const PROPOSAL_LABEL =
  /^\s*(?:(.{1,60}?)(?:['\u2019]s?)?\s+(?:proposals?|amendments?|text|language|wording)|(?:(?:text|language|wording|amendment|proposal)\s+)?(?:proposed|submitted|tabled)?\s*(?:by|from)\s+(.{1,60}?))\s*$/i;

/**
 * "[Delete: US]", "[Retain: G77, China]", "[Reservation - Brazil]", "[Delete OP3: US]": a
 * directive (maybe naming the paragraph or option it is about), then (after a colon or a dash) the
 * parties who give it; read as holders only when every name is a known party or group
 * (`[Delete: paragraph 4]` is no such list).
 */
const DIRECTIVE_FIRST =
  /^\s*(delete|deletion|retain|keep|support(?:ed)?|oppose[sd]?|reserve|reservations?|objections?|object|bracket|prefer(?:red|ence)?|propos(?:al|ed)|supprimer|suppression|maintenir|conserver|r[ée]serves?|appui|suprimir|supresi[óo]n|mantener|conservar|reservas?|apoyo)(?:\s+(?:the\s+)?(?:(?:pp|op|para(?:graph)?\.?|article|sub-?paragraph|option|alt\.?)\s*)?(?:\d{1,3}(?:\.\d{1,2})?(?:\s?(?:bis|ter))?|\([a-z]{1,2}\)|[A-D]))?\s*(?:by\s*|par\s*|por\s*)?[:\u2013\u2014-]\s*(.{1,120}?)\s*[.;]?\s*$/i;
/**
 * "[Alt: delete]", "[Alt.: delete]", "[Alternative: delete paragraph]", "[Alt: no text]": an
 * unnumbered alternative that is no text, the proposal to delete what it stands beside (a
 * numbered "[Alt 2: delete]" is an option of its labelled choice and stays one).
 */
const ALT_DELETE =
  /^\s*alt(?:ernative)?\.?\s*:\s*(?:delete|deletion|no\s+text|none|supprimer|suppression|pas\s+de\s+texte|aucun\s+texte|suprimir|supresi[óo]n|sin\s+texto)(?:\s+(?:the\s+)?(?:whole\s+|entire\s+)?(?:paragraph|para\.?|sub-?paragraph|text|sentence|article|section|clause|chapeau|provision)(?:\s+[\w.]{1,8})?)?\s*[.;]?\s*$/i;
/** "[Source: Canada, Chile]", "[Proponents: AOSIS]": who the text came from, after a label. */
const SOURCE_LABEL = /^\s*(?:sources?|proponents?|(?:co-?)?sponsors?)\s*:\s*(.{1,120}?)\s*[.;]?\s*$/i;
/** "[Peru, supported by Chile and Colombia]": a proposer and its supporters. */
const SUPPORTED_BY =
  /^\s*([^:\n[\]]{1,80}?)\s*,?\s+(?:and\s+)?(?:supported|seconded|joined)\s+by\s+(.{1,120}?)\s*[.;]?\s*$/i;

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

/** "note" among the first 50 characters (before ATTRIBUTED_NOTE is tried). */
function hasNoteWord(content: string): boolean {
  const at = content.slice(0, 50).toLowerCase().indexOf('note');
  return at >= 0;
}

function hasEarlyColon(content: string): boolean {
  const at = content.indexOf(':');
  return at > 0 && at <= 84;
}
const TRAILING_HOLDERS = /\(\s*(?:proposed\s+by\s+|by\s+)?([^()\n]{1,80})\)\s*[.,;]?\s*$/;
const OBJECTION =
  /^(?:delete|deletion|reserve|reservation|bracket|oppose|object|disagree|cannot|no\b|against|withdraw|supprim|suppression|r[ée]serv|suprim|supresi|objec|s'oppose|se\s+opone)/i;
const SUPPORT =
  /^(?:retain|keep|support|prefer|agree|accept|can\s+live|flexible|ok\b|yes\b|with\b|for\b|maint|conserv|appui|soutien|pr[ée]f[ée]r|mantener|apoy)/i;
const PROPOSAL = /^(?:replace|add|insert|move|merge|alt)/i;
const OPTION_IN_BRACKET =
  /^[\s*_]*(Option|Opci[óÓoO]n|Alt(?:ernativ[ea])?\.?|Variante?)\s*(\(?\d{1,3}\)?|\(?[A-Za-z]\)?|[IVX]{1,4})(?![\w])(?:\[\^[^\]\s]+\])*(?:\s*(?:\([A-Z][^()[\]\n]{0,39}\)|\[[A-Z][^()[\]\n^]{0,39}\])(?=[*_]*\s*[:\u2013\u2014-]))?[*_]*\s*[:.)\u2013\u2014-][*_]*\s*/i;

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
      // "[...]", "[…]", "[. . .]", "[....]", "[..]": dots only (at least two, or an ellipsis sign).
      if (length <= 12 && /^\s*(?:\u2026+|\.(?:\s?\.)+)\s*$/.test(contentOf(ctx)))
        return { type: 'ignored', rule: 'ellipsis' };
    }
    // "[†]", "[‡]": footnote symbols.
    if ((c0 === 0x2020 || c0 === 0x2021) && length <= 3 && /^\s*[\u2020\u2021]{1,2}\s*$/.test(contentOf(ctx)))
      return { type: 'ignored', rule: 'footnote-letter' };
    if ((c0 === 115 || c0 === 83) /* s S */ && length <= 12 && /^sic!?$/i.test(contentOf(ctx).trim())) {
      return { type: 'ignored', rule: 'sic' };
    }

    const notNegotiation = editorialRule(ctx, c0, first, length);
    if (notNegotiation) return { type: 'ignored', rule: notNegotiation };

    // "[Alt 1] 3.1 [Parties ...]": the label of the option the paragraph is, in brackets of its own.
    if (length <= 16 && OPTION_INITIALS.has(c0) && !ctx.escaped && optionTagAt(ctx)) {
      return { type: 'ignored', rule: 'option-tag' };
    }

    const digit = c0 >= 48 && c0 <= 57;
    if (
      (digit || c0 === 40 || c0 === 80 || c0 === 79) &&
      PARAGRAPH_NUMBER.test(contentOf(ctx)) &&
      /^[\s*_[]*$/.test(text.slice(ctx.paragraphStart, open))
    ) {
      return { type: 'negotiation', kind: 'paragraph-number' };
    }

    if (digit && length <= 5 && /^\d{1,3}$/.test(contentOf(ctx).trim())) {
      return adjacentToBracket(text, open, after) ||
        quantityFollows(text, open, after) ||
        referenceNounBefore(text, open)
        ? PLAIN
        : { type: 'ignored', rule: 'footnote-number' };
    }

    // "shown this [3, 7]", "as before [12-14]": a list or range of reference numbers, no quantity
    // ("[3-5] years", "within [3-5]") and no cross-reference ("Articles [4, 5]").
    if (
      digit &&
      length >= 3 &&
      length <= 24 &&
      NUMBER_LIST.test(contentOf(ctx)) &&
      !adjacentToBracket(text, open, after) &&
      !quantityFollows(text, open, after) &&
      !referenceNounBefore(text, open)
    )
      return { type: 'ignored', rule: 'footnote-number' };

    if (length === 1 && c0 >= 97 && c0 <= 122 && footnoteLetterAt(text, open, after)) {
      return { type: 'ignored', rule: 'footnote-letter' };
    }

    // "act.[ii] They", "now[iv] and": a lower-case roman numeral glued to the text is an endnote
    // marker (word processors number endnotes i, ii, iii); "Part[y][ies]" and "[ii][iii]" stay brackets.
    if (length >= 2 && length <= 6 && (c0 === 105 || c0 === 118 || c0 === 120) && romanMarkerAt(ctx)) {
      return { type: 'ignored', rule: 'footnote-letter' };
    }

    // "text[JB1] goes on": the anchor of a word-processor comment (initials and a number) glued
    // to the word it comments, in a copy pasted out of the editor.
    if (c0 >= 65 && c0 <= 90 && length <= 6 && commentAnchorAt(text, open, first, close)) {
      return { type: 'ignored', rule: 'comment-anchor' };
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
        () => insideSentence(text, open, after),
      );
      if (annotation) return annotation;
    }
    // "[by 2030] [AGN]", "Option A [EU]: ...": a tag naming who proposed the text beside it.
    if (c0 >= 65 && c0 <= 90 && length <= 60 && !earlyColon && holderTagPlace(ctx)) {
      const holders = knownHolderList(contentOf(ctx), ctx.parties);
      if (holders) return { type: 'annotation', rule: 'holder-tag', role: 'proposal', holders, note: '' };
    }
    if (
      earlyColon ||
      closesParen ||
      letter === 111 /* o */ ||
      letter === 97 /* a */ ||
      letter === 118 /* v */
    ) {
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

/**
 * Whether `classifyPair`'s answer for this pair may depend on more than its content and the
 * draft (its tables, format and party names): true when the content meets the content side
 * of a rule that also reads around the pair (the paragraph's start, the characters before or
 * after, the sentence). Each such rule's content test is here, loosened (true whenever the rule
 * might apply in some place), and the note rules' in `editorialReadsContext` (notes.ts). When
 * it is false, and the caller has checked the few gates that depend on the place alone (both
 * tokens in one paragraph; no Markdown link or reference after it; no "bracket" word near a
 * short pair), every other rule reads only the content, so the answer holds for the same
 * content anywhere in the draft, with its offsets moved. A rule added to `classifyPair` that
 * reads around the pair must add its content test here. With `exceptLawReport`, the content
 * test of the 'citation' rule on years is left out: the memo checks that rule's place side
 * (`lawReportFollows`) for each pair instead.
 */
export function answerReadsContext(ctx: PairContext, exceptLawReport = false): boolean {
  const { text, close } = ctx;
  const contentStart = ctx.open + ctx.openLength;
  const length = close - contentStart;
  if (!ctx.sameParagraph || length > MAX_ANNOTATION) return false;
  let first = contentStart;
  while (first < close && isBlankCode(text.charCodeAt(first))) first++;
  const c0 = first < close ? text.charCodeAt(first) : -1;
  ctx.content = undefined;
  const content = contentOf(ctx);
  if (length <= 400) {
    // Paragraph numbers, footnote numbers and letters, endnote numerals, comment anchors.
    if (PARAGRAPH_NUMBER.test(content)) return true;
    if (length <= 5 && /^\d{1,3}$/.test(content.trim())) return true;
    if (length <= 24 && NUMBER_LIST.test(content)) return true;
    if (length === 1) return true;
    if (length <= 6 && (ROMAN_NUMERAL.test(content) || /^[A-Z]{2,3}\d{1,2}$/.test(content))) return true;
    if (editorialReadsContext(ctx, c0, first, length, exceptLawReport)) return true;
  }
  // An option label in brackets reads its place at the paragraph's start (`optionTagAt`).
  if (length <= 16 && OPTION_TAG_CONTENT.test(content)) return true;
  // A holder tag reads the bracket before it or the label and colon around it.
  if (c0 >= 65 && c0 <= 90 && length <= 60 && knownHolderList(content, ctx.parties) !== undefined)
    return true;
  // A status word is text inside a sentence ("as [agreed] by").
  return length <= 60 && STATUS.test(content);
}

/** First letters of the option words (Option, Opción, Alt, Variant), either case. */
const OPTION_INITIALS = new Set([...'OoAaVv'].map((c) => c.charCodeAt(0)));
/** An option label alone in a pair ("Alt 1", "Option (b)"): the content side of `optionTagAt`. */
const OPTION_TAG_CONTENT =
  /^\s*(?:Option|Opci[óÓoO]n|Alt(?:ernativ[ea])?\.?|Variante?)\s*(?:\(?\d{1,3}\)?|\(?[A-Za-z]\)?|[IVX]{1,4})\s*$/i;

/** The pair is an option label starting its paragraph, with the paragraph's number or text after it on the line (OPTION_TAG). */
function optionTagAt(ctx: PairContext): boolean {
  const { text, open } = ctx;
  for (let i = ctx.paragraphStart; i < open; i++) {
    const c = text.charCodeAt(i);
    if (!(c === 32 || c === 9 || c === 42 || c === 95)) return false;
  }
  return OPTION_TAG.test(text.slice(open, Math.min(open + 40, text.length)));
}

/** The common result, shared: a negotiation bracket with no holders, labels or exclusions (the scan tests for it by identity). */
export const PLAIN: PairClass = Object.freeze({ type: 'negotiation', kind: 'text' }) as PairClass;

/** Lower-case first letters of the note, status and "proposed by" patterns. */
const ANNOTATION_INITIALS = new Set([...'necfsapundtpstorbdlw'].map((c) => c.charCodeAt(0)));

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
  /** The pair sits between two words of a sentence ("as [agreed] by"): a status word there is text. */
  midSentence: () => boolean,
): PairClass | undefined {
  // Cheap looks before the patterns: the first letter, a colon near the start, the last word.
  const first = firstLetter(content);
  const comment = earlyColon
    ? (delegationComment(content, parties) ?? amendmentNote(content, parties))
    : undefined;
  if (comment) return comment;
  const note =
    ('necfsprbodt'.includes(first) && hasNoteSeparator(content) ? NOTE.exec(content) : null) ??
    (earlyColon && hasNoteWord(content) ? ATTRIBUTED_NOTE.exec(content) : null);
  if (note)
    return {
      type: 'annotation',
      rule: 'note',
      role: 'note',
      holders: [],
      note: tidy(content.slice(note[0].length)),
    };

  if (
    content.length <= 60 &&
    'apundt'.includes(first) &&
    STATUS.test(content) &&
    !(isStatusWord(content) && midSentence())
  ) {
    return { type: 'annotation', rule: 'status', role: 'status', holders: [], note: tidy(content) };
  }

  // "[Co-facilitators' proposal, 3 May]": the date the label carries is no part of its names.
  const undated = withoutTrailingDate(content);
  const proposed =
    'pstorbdalwne'.includes(first) && undated.length <= 200 && BY_WORD.test(undated)
      ? (PROPOSED_BY.exec(undated) ?? PROPOSED_BY_FR_ES.exec(undated))
      : null;
  // "[Text from the Bureau]": where the text comes from, when that is a known party or official.
  const from = proposed === null && 'tlwpare'.includes(first) ? TEXT_FROM.exec(undated) : null;
  if (from) {
    const list = readHolderList(from[1] as string, parties, true);
    if (list)
      return {
        type: 'annotation',
        rule: 'proposed-by',
        role: 'proposal',
        holders: list.holders,
        note: tidy(content),
      };
  }
  if (proposed) {
    const read = proposedBy(proposed, undated, parties);
    if (read) return { type: 'annotation', rule: 'proposed-by', ...read, note: tidy(content) };
  }

  const named = namedProposers(content, parties, first, earlyColon);
  if (named) return named;

  const suffixAfterDate = undated !== content && endsWithSuffixWord(undated, 0, undated.length);
  const suffix =
    undated.length <= 140 && (suffixWord || suffixAfterDate) ? HOLDER_SUFFIX.exec(undated) : null;
  if (suffix) {
    const list =
      readHolderList(suffix[1] as string, parties, true) ??
      withoutModifiers(suffix[1] as string, parties) ??
      afterSourceLead(suffix[1] as string, parties);
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

  // "[Delete: US]", "[Retain: G77, China]": the directive first, then who gives it.
  const directiveFirst = 'dkrsopbmca'.includes(first) ? DIRECTIVE_FIRST.exec(content) : null;
  if (directiveFirst) {
    const holders = knownHolderList(directiveFirst[2] as string, parties);
    if (holders) {
      const what = directiveFirst[1] as string;
      const role: AnnotationRole = OBJECTION.test(what)
        ? 'objection'
        : SUPPORT.test(what)
          ? 'support'
          : 'proposal';
      return { type: 'annotation', rule: 'holder-directive', role, holders, note: tidy(what) };
    }
  }
  // "[Alt: delete]": the proposal to delete the text beside it, offered as its alternative.
  if (earlyColon && first === 'a' && ALT_DELETE.test(content))
    return {
      type: 'annotation',
      rule: 'holder-directive',
      role: 'proposal',
      holders: [],
      note: tidy(content),
    };
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
        // "[G77: delete; EU, Norway: retain]": each directive's holders hold the bracket.
        const more = rest.includes(';') ? laterDirectiveHolders(rest, parties) : undefined;
        const all = more && more.length > 0 ? [...new Set([...holders, ...more])] : holders;
        return { type: 'annotation', rule: 'holder-directive', role, holders: all, note };
      }
    }
  }
  return undefined;
}

/**
 * "[<holders> comment: ...]", "[Comments by <holders>: ...]": the comment of the holders named,
 * whatever its length (the noun says it is a comment, not a directive). A body or official as
 * the author gives an editorial note, with no holder; an author that is no such list is left to
 * the other rules ("[shall invite comments from observers: ...]" does not match at all).
 */
function delegationComment(content: string, parties: PartyTable): PairClass | undefined {
  const head = content.length > 100 ? content.slice(0, 100) : content;
  if (!COMMENT_WORD.test(head)) return undefined;
  const m = HOLDER_COMMENT.exec(content);
  if (!m) return undefined;
  const list = readHolderList((m[1] ?? m[2]) as string, parties, true);
  if (!list) return undefined;
  const note = tidy(content.slice(m[0].length));
  // A body's or an official's comment is an editorial note, as "[Note by the Secretariat: ...]".
  if (list.holders.length === 0) return { type: 'annotation', rule: 'note', role: 'note', holders: [], note };
  return { type: 'annotation', rule: 'holder-comment', role: 'position', holders: list.holders, note };
}

/**
 * "[Workers' group amendment: replace "should" with "shall"]", "[Mexico proposal: delete
 * "national"]": an amendment whose body is an instruction about the text (replace, delete,
 * insert ...), not text. Its author is a holder when it is a list of parties; any other author
 * (a constituency, an official, "Employers'") makes it a note.
 */
function amendmentNote(content: string, parties: PartyTable): PairClass | undefined {
  const m = AMENDMENT_INSTRUCTION.exec(content.length > 200 ? content.slice(0, 200) : content);
  if (!m) return undefined;
  const author = (m[1] as string).replace(/['\u2019]s?$/, '');
  const list = readHolderList(author, parties, true);
  const note = tidy(content.slice(m[0].length));
  if (list && list.holders.length > 0 && list.others.length === 0)
    return { type: 'annotation', rule: 'holder-comment', role: 'proposal', holders: list.holders, note };
  return { type: 'annotation', rule: 'note', role: 'note', holders: [], note };
}

/** "<Author> amendment: replace ...": up to five words of an author (capitalised), the noun, a colon and an instruction. */
const AMENDMENT_INSTRUCTION =
  /^\s*((?:the\s+)?[A-Z][\w'\u2019.-]*(?:,?\s+(?:and\s+)?[\w'\u2019.-]+){0,4}?)\s+(?:(?:sub-?)?amendments?|proposals?|proposed\s+amendments?)\s*:\s*(?=(?:replace|delete|insert|add|move|merge|amend|reword|change|strike|substitute)\b)/;

/**
 * "[Source: Canada, Chile]" and "[Peru, supported by Chile]": the holders who proposed the
 * text. Only names of known parties and groups count here (an unknown code after "Source:" is
 * more often a document or a body than a delegation), and every name must be one.
 */
function namedProposers(
  content: string,
  parties: PartyTable,
  first: string,
  earlyColon: boolean,
): PairClass | undefined {
  if (content.length > 200) return undefined;
  const known = (text: string) => knownHolderList(text, parties);
  if (earlyColon && (first === 's' || first === 'p' || first === 'c')) {
    const source = SOURCE_LABEL.exec(content);
    const holders = source ? known(source[1] as string) : undefined;
    if (holders)
      return { type: 'annotation', rule: 'source-label', role: 'proposal', holders, note: tidy(content) };
  }
  const supported = BY_WORD.test(content) ? SUPPORTED_BY.exec(content) : null;
  if (supported) {
    const proposers = known(supported[1] as string);
    // "[Brazil, supported by Argentina: retain]": a directive after the supporters gives the role.
    const [names, directive] = splitDirective(supported[2] as string);
    const supporters = proposers && names !== undefined ? known(names) : undefined;
    if (proposers && supporters) {
      const holders = [...proposers, ...supporters.filter((h) => !proposers.includes(h))];
      const role: AnnotationRole =
        directive === ''
          ? 'proposal'
          : OBJECTION.test(directive)
            ? 'objection'
            : SUPPORT.test(directive)
              ? 'support'
              : 'proposal';
      return { type: 'annotation', rule: 'proposed-by', role, holders, note: tidy(content) };
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
  const opt =
    lead === 'o' || lead === 'a' || lead === 'v' ? OPTION_IN_BRACKET.exec(content.slice(0, 80)) : null;
  if (opt) {
    option = optionName(opt);
    exclude.push([contentStart, contentStart + opt[0].length]);
  } else {
    const prefix = hasEarlyColon(content) ? HOLDER_PREFIX.exec(content) : null;
    if (prefix) {
      // "[US proposal: Parties shall ...]", "[Text proposed by the EU: ...]": the proposal's label.
      const label = PROPOSAL_LABEL.exec(prefix[1] as string);
      const names = label ? ((label[1] ?? label[2]) as string) : (prefix[1] as string);
      const list = readHolderList(names, parties, true);
      if (list && (!label || list.holders.length > 0)) {
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
  return `${optionWord(m[1] as string)} ${(m[2] as string).replace(/[()]/g, '')}`;
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

/** A status in lower-case words that could be text ("agreed", "pending"); "TBC" and "[Agreed]" never are. */
function isStatusWord(content: string): boolean {
  const c = content.trimStart().charCodeAt(0);
  return c >= 97 && c <= 122 && !/^\s*tbc/.test(content);
}

/**
 * Between two words of one sentence: a lower-case letter or a comma before (spaces between)
 * and a lower-case letter after ("as [agreed] by the Parties", "the [pending] requests").
 */
function insideSentence(text: string, open: number, after: number): boolean {
  let i = open - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  const b = text.charCodeAt(i);
  if (!((b >= 97 && b <= 122) || b === 44)) return false;
  let j = after;
  while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
  const a = text.charCodeAt(j);
  return a >= 97 && a <= 122;
}

function normaliseLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}
