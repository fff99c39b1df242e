/**
 * The text shapes the alternatives pass reads around brackets: what may stand between two
 * options, whether a bracket is a list item of its own line, and the order of option labels.
 * Pure functions of the text, shared with the tests' reference version of the pass.
 */
import { findWithin } from './pair-context.js';

/** Spaces and tabs, at most one line break, and optionally one "/" or one "OR" (capitals, spaced) between two brackets. */
export function isSeparator(text: string, from: number, to: number): boolean {
  if (to - from > 12) return false;
  let newlines = 0;
  let slashes = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13) continue;
    if (c === 10) {
      if (++newlines > 1) return false;
      continue;
    }
    if (c === 47 && ++slashes <= 1) continue;
    // "[shall] OR [should]": one "OR" in capitals, with spaces around it.
    if (
      c === 79 &&
      text.charCodeAt(i + 1) === 82 &&
      text.charCodeAt(i - 1) === 32 &&
      text.charCodeAt(i + 2) === 32 &&
      ++slashes <= 1
    ) {
      i++;
      continue;
    }
    return false;
  }
  return true;
}

/** The columns of a bracket table that `unlikeStarts` reads. */
interface Spans {
  start: Int32Array;
  end: Int32Array;
  openLength: Uint8Array;
  closeLength: Uint8Array;
}

/**
 * Whether adjacent brackets `a` and `b` start unlike: one continues the sentence before it
 * (opens with a comma, a semicolon, "and" or "or") and the other does not (`[should] [, as
 * appropriate,]`, `[communicating] [and implementing]`). Options of one choice stand in the same
 * place of the sentence, so they start alike (`Articles 4[ and 5][, 5 and 9]`); a bracket that
 * continues the sentence beside one that does not is an addition next to a word, not an option
 * for it. How they end says less: drafters put a following comma inside one option and not the
 * other (`[in the light of national circumstances,] [the principles of the Convention],`).
 */
export function unlikeStarts(text: string, spans: Spans, a: number, b: number): boolean {
  return leadPunctuation(text, spans, a) !== leadPunctuation(text, spans, b);
}

/** Whether bracket `k`'s text continues a sentence: opens (after spaces) with a comma, a semicolon, "and " or "or ". */
function leadPunctuation(text: string, spans: Spans, k: number): boolean {
  let i = (spans.start[k] as number) + (spans.openLength[k] as number);
  const end = (spans.end[k] as number) - (spans.closeLength[k] as number);
  while (i < end && text.charCodeAt(i) === 32) i++;
  if (i >= end) return false;
  const c = text.charCodeAt(i);
  if (c === 44 || c === 59) return true;
  if (c === 97) return i + 3 < end && text.startsWith('nd ', i + 1);
  return c === 111 && i + 2 < end && text.charCodeAt(i + 1) === 114 && text.charCodeAt(i + 2) === 32;
}

/**
 * Brackets on consecutive lines that are items of a list or successive paragraphs, each
 * bracketed on its own, not options for one choice: the first ends its line with ";", ","
 * or ":" inside it ("[“Party” means ...;]"), or each fills its own line (the first starts
 * its line, the second ends its line). Options that wrap onto the next line share a line
 * with the sentence around them.
 */
export function endsListItem(
  text: string,
  prevStart: number,
  prevEnd: number,
  prevCloseLength: number,
  next: number,
): boolean {
  if (findWithin(text, 10, prevEnd, next) < 0) return false;
  let i = prevEnd - prevCloseLength - 1;
  while (i > prevStart && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  const c = text.charCodeAt(i);
  if (c === 59 || c === 44 || c === 58) return true;
  return (
    onlyBeforeOnLine(text, prevStart, '[ \t*_') && onlyAfterOnLine(text, bracketEnd(text, next), '] \t*_.;,:')
  );
}

/** End of the bracket opening at `open` on its line (the first "]" that closes it), or the line end. */
function bracketEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length && i < open + 2000; i++) {
    const c = text.charCodeAt(i);
    if (c === 91) depth++;
    else if (c === 93 && --depth === 0) return i + 1;
    else if (c === 10) return -1;
  }
  return -1;
}

/** Only characters of `allowed` between the start of the line and `at`. */
function onlyBeforeOnLine(text: string, at: number, allowed: string): boolean {
  for (let i = at - 1; i >= 0 && at - i < 40; i--) {
    const ch = text[i] as string;
    if (ch === '\n') return true;
    if (!allowed.includes(ch)) return false;
  }
  return at - 40 < 0;
}

/** Only characters of `allowed` between `at` and the end of the line (`at` < 0: the bracket runs on). */
function onlyAfterOnLine(text: string, at: number, allowed: string): boolean {
  if (at < 0) return false;
  for (let i = at; i < text.length && i - at < 40; i++) {
    const ch = text[i] as string;
    if (ch === '\n' || ch === '\r') return true;
    if (!allowed.includes(ch)) return false;
  }
  return at + 40 >= text.length;
}

/** How an option label counts: digits, lower-case letters (and roman numerals) or capitals. */
export function labelStyle(label: string): string {
  const v = label.split(' ')[1] ?? '';
  if (/^\d+$/.test(v)) return 'digit';
  if (/^[a-z]$/.test(v)) return 'lower';
  if (/^[A-Z]$/.test(v)) return 'upper';
  if (/^[ivx]+$/.test(v)) return 'lower';
  return 'upper';
}

/** The place of an option label in its sequence ("Option 3" 3, "Alt b" 2, "Option iv" 4). */
export function labelValue(label: string): number {
  const v = label.split(' ')[1] ?? '';
  if (/^\d+$/.test(v)) return Number(v);
  if (/^[a-zA-Z]$/.test(v) && !/^[IVX]$/.test(v)) return v.toLowerCase().charCodeAt(0) - 96;
  if (/^[ivxIVX]+$/.test(v)) {
    const map: Record<string, number> = { i: 1, v: 5, x: 10 };
    let total = 0;
    const s = v.toLowerCase();
    for (let k = 0; k < s.length; k++) {
      const a = map[s[k] as string] ?? 0;
      const b = map[s[k + 1] as string] ?? 0;
      total += a < b ? -a : a;
    }
    return total;
  }
  return 0;
}

/**
 * Where a run of adjacent brackets splits after an open-ended lead-in (`[take measures to]
 * [reduce][manage]`, `[designed to] [implement]`, `[commit to][will strive to]
 * [accelerate][advance]`): the index in `run` of the first bracket after the lead-in, or 0 for
 * no split. The brackets before it all end with an infinitive "to" (a lead-in, or options of
 * their own choice that all end so); every bracket from it on starts with a word that may
 * follow that "to" (not a preposition, article or pronoun), is no modal verb (`[are invited
 * to][shall]` is one choice) and does not end open itself (`[guidance to][coordination with]`
 * end alike: one choice). Options of one choice end alike; a lead-in beside them is text that
 * leads into the choice, not one of its options. Only "to" before a verb is read so: options
 * ending in "with", "of" or a prepositional "to" (`[pursuant to][under]`) stay one choice.
 */
export function leadInEnd(
  text: string,
  spans: Spans,
  run: ArrayLike<number>,
  length: number = run.length,
): number {
  if (length < 2 || !mayLeadIn(text, spans, run[0] as number)) return 0;
  const marker = infinitiveMarker(text, spans, run[0] as number);
  if (marker === NONE) return 0;
  let k = 1;
  while (k < length && infinitiveMarker(text, spans, run[k] as number) === marker) k++;
  if (k === length) return 0;
  for (let q = k; q < length; q++) if (!mayFollowMarker(text, spans, run[q] as number, marker)) return 0;
  return k;
}

/**
 * Where a run splits after lead-in options of their own that do not all end with an infinitive's
 * marker (`[tratarán de][procurarán] [reducir][limitar]`, `[s'efforceront de][devront]
 * [réduire][limiter]`, `[will strive to][shall] [reduce][cut]`, `[deberán][procurarán]
 * [reducir][limitar]`): the index of the first bracket after them, or 0. Each lead-in option ends
 * with the marker or is a verb that takes an infinitive with none (a modal; in French and Spanish a
 * finite verb, no infinitive's shape, alone or after "se" or "no"); at least one does not end with
 * the marker (all ending so is `leadInEnd`'s case) and, when none does, one is a finite verb (modal
 * verbs alone are `modalEnd`'s case); every bracket after them may follow that marker as
 * `leadInEnd` reads them (French and Spanish infinitives when no marker was seen).
 */
export function leadChoiceEnd(
  text: string,
  spans: Spans,
  run: ArrayLike<number>,
  length: number = run.length,
): number {
  if (length < 3) return 0;
  let marker = NONE;
  let modals = 0;
  let finite = 0;
  let k = 0;
  for (; k < length; k++) {
    const b = run[k] as number;
    const m = infinitiveMarker(text, spans, b);
    if (m !== NONE) {
      if (marker !== NONE && m !== marker) return 0;
      marker = m;
    } else if (isModal(text, spans, b)) modals++;
    else if (finiteVerb(text, spans, b)) finite++;
    else break;
  }
  // An English finite verb takes "to" (a bare "[strengthen]" is an option, not a lead-in).
  if (modals + finite === 0 || (marker === TO && finite > 0) || k < 2 || k === length) return 0;
  // Modal verbs alone are `modalEnd`'s; beside a French or Spanish finite verb
  // (`[deberán][procurarán] [reducir][limitar]`) they lead into infinitives with no marker.
  if (marker === NONE) {
    if (finite === 0) return 0;
    marker = ROMANCE;
  }
  for (let q = k; q < length; q++) if (!mayFollowMarker(text, spans, run[q] as number, marker)) return 0;
  return k;
}

/** Bracket `k` is a French or Spanish finite verb of one or two words, which may take an infinitive with no marker. */
function finiteVerb(text: string, spans: Spans, k: number): boolean {
  // Every ending of FINITE_END ends with "n" or "t": most brackets are rejected by that letter.
  const end = lastLetter(text, spans, k);
  if (end !== 110 && end !== 116) return false;
  const words = wordsOf(text, spans, k);
  if (words.length === 0 || words.length > 2) return false;
  // "[se esforzarán]", "[no podrán]": a pronoun or negation before the verb, never an article.
  if (words.length === 2 && !BEFORE_VERB.has(words[0] as string)) return false;
  const last = words[words.length - 1] as string;
  // A finite verb of French and Spanish drafts: an accented future ("procurarán", "devront") or a
  // plural present ("veillent", "procuran"), never an infinitive's shape.
  return !INFINITIVE.test(last) && FINITE_END.test(last) && !OPEN_END.has(last);
}

/** Words that may stand before a French or Spanish finite verb in its bracket: a reflexive pronoun, a negation. */
const BEFORE_VERB = new Set(['se', 'no', 'ne', 'nous', 'vous']);

/** Endings of French and Spanish finite verbs of the third person plural. */
const FINITE_END = /(?:[áa]n|ont|ent|en)$/;

/**
 * Bracket `k` may follow the lead-in's marker: it starts with a word that may follow it (after
 * "to" no preposition, article or pronoun; after French and Spanish markers an infinitive), is no
 * modal verb and does not end open itself.
 */
function mayFollowMarker(text: string, spans: Spans, k: number, marker: number): boolean {
  const words = wordsOf(text, spans, k);
  if (words.length === 0) return false;
  const first = words[0] as string;
  if (marker === TO ? NOT_AFTER_TO.has(first) : !INFINITIVE.test(first) || NOT_INFINITIVE.has(first))
    return false;
  return !isModal(text, spans, k) && !OPEN_END.has(words[words.length - 1] as string);
}

/** No infinitive's marker; English "to"; French and Spanish "à", "de", "a" (`[s'engagent à]`, `[se comprometen a]`). */
const NONE = 0;
const TO = 1;
const ROMANCE = 2;

/**
 * The marker of an infinitive bracket `k` ends with: "to" after a word that makes it an
 * infinitive's ("measures to", not "pursuant to"), or French and Spanish "à", "de", "a" after a
 * verb's word (the words after the lead-in must then be infinitives, which `leadInEnd` checks).
 */
function infinitiveMarker(text: string, spans: Spans, k: number): number {
  // Every marker ends with "o", "e", "a" or "à" ("to", "de", "a", "à"): most brackets are rejected by that letter.
  const end = lastLetter(text, spans, k);
  if (end !== 111 && end !== 101 && end !== 97 && end !== 0xe0) return NONE;
  const words = wordsOf(text, spans, k);
  if (words.length < 2) return NONE;
  const last = words[words.length - 1] as string;
  if (last === 'to') return PREPOSITIONAL_TO.has(words[words.length - 2] as string) ? NONE : TO;
  return last === '\u00e0' || last === 'de' || last === 'a' ? ROMANCE : NONE;
}

/** A French or Spanish infinitive's shape: "réduire", "limiter", "reducir", "limitar", "promouvoir". */
const INFINITIVE = /^[a-z\u00e0-\u00ff'\u2019-]{2,}(?:er|ir|re|ar|oir)$/;
/** Nouns and adjectives of that shape, often the first word of an option: no infinitive. */
const NOT_INFINITIVE = new Set(
  `centre cadre nombre membre membres registre ordre titre lettre mer air avenir pouvoir devoir mujer lugar
  hogar mar militar familiar particular nuclear solar popular regular similar nivel poder deber ser autre
  notre votre leur entre contre sobre mejor mayor menor anterior posterior exterior interior superior
  inferior premier dernier propre libre pobre`.split(/\s+/),
);

/**
 * Where a run of adjacent brackets splits between a choice of modal verbs and other words
 * (`[shall][should] [take][consider]`, `[deberán][deberían] [adoptar][considerar]`, `[shall][may]
 * [ensure]`): the index in `run` of the first bracket of the second part, or 0. A modal verb alone
 * in its bracket is never an option for a word that is not one; "[other]" after modal verbs is
 * one of them (the choice left open). A part of one bracket is no choice.
 */
export function modalEnd(
  text: string,
  spans: Spans,
  run: ArrayLike<number>,
  length: number = run.length,
): number {
  if (length < 3) return 0;
  const first = isModal(text, spans, run[0] as number);
  let k = 1;
  while (k < length && modalLike(text, spans, run[k] as number, first) === first) k++;
  if (k >= length) return 0;
  let previous = false;
  for (let q = k; q < length; q++) {
    previous = modalLike(text, spans, run[q] as number, previous);
    if (previous === first) return 0;
  }
  return k;
}

/** Bracket `k` reads as a modal verb: it holds one, or it holds "[other]" after one (`[shall][should][other]`). */
function modalLike(text: string, spans: Spans, k: number, previous: boolean): boolean {
  if (isModal(text, spans, k)) return true;
  if (!previous) return false;
  const from = (spans.start[k] as number) + (spans.openLength[k] as number);
  const to = (spans.end[k] as number) - (spans.closeLength[k] as number);
  return to - from <= 12 && /^\s*other(?:\s+verbs?)?\s*$/i.test(text.slice(from, to));
}

/** Bracket `k` holds a modal verb alone ("shall", "should not", "deberán", "doivent"). */
function isModal(text: string, spans: Spans, k: number): boolean {
  const from = (spans.start[k] as number) + (spans.openLength[k] as number);
  const to = (spans.end[k] as number) - (spans.closeLength[k] as number);
  if (to - from > 20) return false;
  // Every modal verb starts with one of "cdmpsw": a bracket starting with another ASCII letter
  // is none, told without copying its text (most of the brackets asked).
  let i = from;
  while (i < to && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  const c = text.charCodeAt(i) | 32;
  if (i < to && c >= 97 && c <= 122 && !MODAL_FIRST.has(c)) return false;
  return MODAL.test(text.slice(from, to));
}

/** Lower-case first letters of the verbs of `MODAL`. */
const MODAL_FIRST = new Set([...'cdmpsw'].map((ch) => ch.charCodeAt(0)));

const MODAL =
  /^\s*(?:shall|should|must|may|will|would|could|can|doit|doivent|devrait|devraient|peut|peuvent|pourrait|pourraient|debe|deben|deber[áa]n?|deber[íi]an?|puede|pueden|podr[áa]n?|podr[íi]an?)(?:\s+(?:not|also|pas|no))?\s*$/i;

/**
 * Bracket `k`'s own text ends with " to", or French and Spanish " à", " de", " a" (blanks after it
 * allowed): the cheap look before `leadInEnd`.
 */
export function mayLeadIn(text: string, spans: Spans, k: number): boolean {
  let e = (spans.end[k] as number) - (spans.closeLength[k] as number);
  while (e > 0 && text.charCodeAt(e - 1) === 32) e--;
  const last = text.charCodeAt(e - 1) | 32;
  if (last === 111) return (text.charCodeAt(e - 2) | 32) === 116 && text.charCodeAt(e - 3) === 32;
  if (last === 0xe0 || last === 97) return text.charCodeAt(e - 2) === 32;
  return last === 101 && (text.charCodeAt(e - 2) | 32) === 100 && text.charCodeAt(e - 3) === 32;
}

/** The lower-case words of bracket `k`'s own text (letters, hyphens and apostrophes), up to 12. */
/**
 * The last character of the last word `wordsOf` reads in bracket `k`, lower-cased as it is, or -1:
 * the characters after it (blanks, punctuation) are none of its words'.
 */
function lastLetter(text: string, spans: Spans, k: number): number {
  const from = (spans.start[k] as number) + (spans.openLength[k] as number);
  let e = (spans.end[k] as number) - (spans.closeLength[k] as number);
  while (e > from && !isWordChar(text.charCodeAt(e - 1))) e--;
  if (e <= from) return -1;
  const c = text.charCodeAt(e - 1);
  return (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) ? c + 32 : c;
}

/** A character of `wordsOf`'s words, either case: letters, Latin letters with accents, apostrophes, hyphen. */
function isWordChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 0xc0 && c <= 0x24f) ||
    c === 39 ||
    c === 0x2019 ||
    c === 45
  );
}

function wordsOf(text: string, spans: Spans, k: number): string[] {
  const from = (spans.start[k] as number) + (spans.openLength[k] as number);
  const to = (spans.end[k] as number) - (spans.closeLength[k] as number);
  if (to - from > 120) return [];
  return (
    text
      .slice(from, to)
      .toLowerCase()
      .match(/[a-z\u00c0-\u024f'\u2019-]+/g)
      ?.slice(-12) ?? []
  );
}

/** Words before a "to" that is a preposition, not an infinitive's: "pursuant to", "in addition to", "access to". */
const PREPOSITIONAL_TO = new Set(
  `pursuant according addition prior due owing regard respect relation relating related relevant subject
  contrary further attention reference access response compared equal similar identical close next as up
  down back attached annexed applicable contribution contributions commitment commitments support approach
  approaches assistance transition threat threats risk risks exposure adaptation resilience referred refer
  refers belonging belong belongs pertaining apply applies applying tailored linked connected committed
  dedicated devoted opposed objection objections amendment amendments entitled entitlement entry return`.split(
    /\s+/,
  ),
);

/** Last words that leave a bracket open like the lead-in's "to": options ending so end alike (`[guidance to][coordination with]`). */
const OPEN_END = new Set(
  'to with of for on in into by from at towards toward than as and or the a an \u00e0 de du des la le les en par pour avec et ou el los las al con para por y o'.split(
    ' ',
  ),
);

/** First words that cannot follow an infinitive's "to": prepositions, articles, pronouns, conjunctions. */
const NOT_AFTER_TO = new Set(
  `a an the this that these those its their his her our your my all any each every some such no
  under in into within with without by for on at of from over through throughout via per beyond
  upon onto towards toward against among amongst between across after before during until since
  according consistent pursuant subject as than and or but nor if whether when where while which
  who whom whose it they them we us he she one both either neither other another further more most
  less least only also not`.split(/\s+/),
);
