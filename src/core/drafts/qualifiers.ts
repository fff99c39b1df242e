import { HitColumns } from './hit-columns.js';
import { IntTable } from './int-table.js';
import { BUILTIN_QUALIFIERS, normaliseQualifier, VERB_STRENGTHS, type VerbEntry } from './lexicon.js';
import { matchShared, plainMatchLength, sharedFirstWord, UNSURE } from './phrase-match.js';
import type { QualifierHit, VerbHit } from './types.js';

/**
 * Finds qualifiers and strength verbs during the word pass: each counted word is looked up
 * by its lower-case form in a table of phrase first words, and only on a hit is the rest
 * of the phrase tried with a sticky regular expression at that position. No pass over the
 * whole text per phrase, and nothing is found in annotations, link targets or page
 * furniture, which the word pass already skips.
 */

interface Trigger {
  /** Sticky, case-insensitive alternation of the phrases starting with this word, one group each. */
  regex: RegExp;
  names: string[];
  longest: number;
  /** The first words (lower case) that lead here. */
  firsts: string[];
  /**
   * Per phrase, in the order of the alternation: the phrase when it is plain printable ASCII
   * words separated by single spaces, which `matchPlain` decides without the regular
   * expression (except next to a non-ASCII character); '' otherwise.
   */
  plain: string[];
  /** The word all plain phrases start with (`sharedFirstWord`), read once by `matchShared`. */
  first: string;
  /** Per phrase: the words that, just before it, make it part of a collocation (COLLOCATION_STOPS). */
  stops: (ReadonlySet<string> | undefined)[];
  /** Per phrase of a verb trigger: its verb (VERB_ENTRIES), and what else decides it (NOT_MONTH, NOT_NOUN). */
  verbs: (VerbEntry | undefined)[];
  checks: number[];
  /**
   * Per phrase: its row kind in the finder's hit columns, numbered across the triggers of one
   * table in their order (see `phraseKinds`).
   */
  kinds: number[];
}

/**
 * What else decides a verb form: "may" is not the month ("1 May"), and "will", "request",
 * "call..." and "urge" are not nouns ("the will of", "upon request").
 */
const NO_CHECK = 0;
const NOT_MONTH = 1;
const NOT_NOUN = 2;

function verbCheck(form: string): number {
  if (form === 'may') return NOT_MONTH;
  if (form === 'will' || form === 'request' || form.startsWith('call') || form === 'urge') return NOT_NOUN;
  return NO_CHECK;
}

/**
 * Slot of a word's shape: its first and last characters (case folded, by their low five bits)
 * and its length (lengths above 63 share the last slot). Words of one shape may differ; words
 * of different shapes, both ends ASCII, never are the same word.
 */
export function shapeOf(first: number, last: number, len: number): number {
  return (((first | 32) & 31) << 11) | (((last | 32) & 31) << 6) | Math.min(len, 63);
}

const FIRST_WORD = /^[\p{L}\p{N}]+(?:['\u2019-][\p{L}\p{N}]+)*/u;

/** Printable ASCII words separated by single spaces: what `matchPlain` can decide. */
const PLAIN = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function pattern(phrase: string): string {
  const body = phrase.split(' ').map(escapeRegExp).join('\\s+');
  return /[\p{L}\p{N}]$/u.test(phrase) ? `${body}(?![\\p{L}\\p{N}])` : body;
}

/**
 * Case-folded FNV-1a hash of `text[start, end)`: the lookup key of a word, computed without
 * building its lower-case string (most words are no trigger, so nothing is allocated).
 */
function foldHash(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    else if (c === 0x2019) c = 39;
    else if (c > 127) c = (text[i] as string).toLowerCase().charCodeAt(0);
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h | 0;
}

/**
 * Common collocations that contain a qualifier's words without being that qualifier:
 * "as well as relevant organizations" holds "as relevant" but qualifies nothing. Keyed by
 * the qualifier's first word; the value lists the words that, just before it, make the
 * phrase part of the larger collocation.
 */
const COLLOCATION_STOPS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['as', new Set(['well', 'such', 'so', 'same', 'just', 'twice', 'soon', 'long', 'far', 'much', 'many'])],
  ['where', new Set(['cases', 'situations', 'places', 'areas', 'countries'])],
]);

/** The words that make `phrase` (by its first word) the tail of a common collocation, if any. */
function collocationStops(phrase: string): ReadonlySet<string> | undefined {
  const space = phrase.indexOf(' ');
  return COLLOCATION_STOPS.get(space < 0 ? phrase : phrase.slice(0, space));
}

function buildTriggers(
  entries: { phrase: string; name: string }[],
  verbEntries: ReadonlyMap<string, VerbEntry> = new Map(),
): Map<number, Trigger> {
  const byFirst = new Map<string, { phrase: string; name: string }[]>();
  for (const e of entries) {
    const first = FIRST_WORD.exec(e.phrase)?.[0];
    if (!first) continue;
    const list = byFirst.get(first);
    if (list) list.push(e);
    else byFirst.set(first, [e]);
  }
  // Words with the same hash share one trigger; the regex tells them apart.
  const byHash = new Map<number, { phrase: string; name: string }[]>();
  const firstsByHash = new Map<number, string[]>();
  for (const [first, list] of byFirst) {
    const h = foldHash(first, 0, first.length);
    byHash.set(h, [...(byHash.get(h) ?? []), ...list]);
    firstsByHash.set(h, [...(firstsByHash.get(h) ?? []), first]);
  }
  const out = new Map<number, Trigger>();
  let kind = 0;
  for (const [h, list] of byHash) {
    list.sort((a, b) => b.phrase.length - a.phrase.length);
    const plain = list.map((e) => (PLAIN.test(e.phrase) ? e.phrase.toLowerCase() : ''));
    const firsts = firstsByHash.get(h) ?? [];
    out.set(h, {
      regex: new RegExp(list.map((e) => `(${pattern(e.phrase)})`).join('|'), 'iuy'),
      names: list.map((e) => e.name),
      longest: list.reduce((n, e) => Math.max(n, (FIRST_WORD.exec(e.phrase)?.[0] ?? '').length), 0),
      firsts,
      plain,
      first: sharedFirstWord(plain),
      stops: list.map((e) => collocationStops(e.name)),
      verbs: list.map((e) => verbEntries.get(e.name)),
      checks: list.map((e) => verbCheck(e.name)),
      kinds: list.map(() => kind++),
    });
  }
  return out;
}

const VERB_ENTRIES = new Map<string, VerbEntry>(
  VERB_STRENGTHS.flatMap((v) => v.forms.map((f) => [f, v] as const)),
);
const VERB_TRIGGERS = buildTriggers(
  [...VERB_ENTRIES.keys()].map((form) => ({ phrase: form, name: form })),
  VERB_ENTRIES,
);
const BUILTIN_TRIGGERS = buildTriggers(BUILTIN_QUALIFIERS.map((q) => ({ phrase: q, name: q })));
const triggerCache = new Map<string, Map<number, Trigger>>();

function qualifierTriggers(extra: readonly string[]): Map<number, Trigger> {
  if (extra.length === 0) return BUILTIN_TRIGGERS;
  const key = extra.join('\u0000');
  let triggers = triggerCache.get(key);
  if (!triggers) {
    const phrases = new Set(BUILTIN_QUALIFIERS);
    for (const q of extra) {
      const n = normaliseQualifier(q);
      if (n.length > 0 && n.length <= 200) phrases.add(n);
    }
    triggers = buildTriggers([...phrases].map((q) => ({ phrase: q, name: q })));
    if (triggerCache.size > 50) triggerCache.clear();
    triggerCache.set(key, triggers);
  }
  return triggers;
}

/**
 * One lookup for both tables: the hash of a first word -> (verb trigger index + 1) in the low
 * 8 bits and (qualifier trigger index + 1) above them, in an int table (no boxed hash per word);
 * and the filters in front of it (`shapes`, `maxFirst`).
 */
interface TriggerLookup {
  table: IntTable;
  qualifiers: Trigger[];
  /** The phrase of each qualifier hit kind (`Trigger.kinds`). */
  phrases: string[];
  /** 1 at the `shapeOf` slot of every first word, else 0. */
  shapes: Uint8Array;
  /** Longest first word (in UTF-16 units) of any phrase. */
  maxFirst: number;
}

const VERB_LIST = [...VERB_TRIGGERS.values()];
/** The verb of each hit kind (`Trigger.kinds`). */
const VERB_KINDS = VERB_LIST.flatMap((t) => t.verbs as VerbEntry[]);
if (VERB_LIST.length > 255) throw new Error('verb triggers: more than the 255 the lookup packs');
const lookups = new WeakMap<Map<number, Trigger>, TriggerLookup>();

function triggerLookup(qualifierTable: Map<number, Trigger>): TriggerLookup {
  let lookup = lookups.get(qualifierTable);
  if (lookup) return lookup;
  const qualifiers = [...qualifierTable.values()];
  const table = new IntTable(qualifiers.length + VERB_LIST.length);
  let k = 0;
  for (const h of qualifierTable.keys()) table.add(h, ++k * 256);
  k = 0;
  for (const h of VERB_TRIGGERS.keys()) table.add(h, ++k);
  const shapes = new Uint8Array(1 << 16);
  let maxFirst = 0;
  for (const t of [...qualifiers, ...VERB_LIST]) {
    maxFirst = Math.max(maxFirst, t.longest);
    for (const f of t.firsts) shapes[shapeOf(f.charCodeAt(0), f.charCodeAt(f.length - 1), f.length)] = 1;
  }
  lookup = { table, qualifiers, phrases: qualifiers.flatMap((t) => t.names), shapes, maxFirst };
  lookups.set(qualifierTable, lookup);
  return lookup;
}

const NOUN_BEFORE = new Set([
  'a',
  'an',
  'the',
  'this',
  'that',
  'such',
  'any',
  'every',
  'its',
  'their',
  'his',
  'her',
  'our',
  'upon',
  'on',
  'by',
  'at',
  'of',
  'political',
  'good',
  'free',
  'own',
  'whose',
]);

/** Collects qualifier and verb hits as the word pass visits words in document order. */
export class PhraseFinder {
  /** Hits as rows (hit-columns.ts): the objects are made once, when first read. */
  private readonly qualifierRows = new HitColumns();
  private readonly verbRows = new HitColumns();
  private qualifierList: QualifierHit[] | undefined;
  private verbList: VerbHit[] | undefined;
  private readonly lookup: TriggerLookup;
  /** Longest first word of any phrase: longer words start none. */
  readonly maxFirst: number;
  /**
   * Word shapes (`shapeOf`) that some phrase's first word has: 1 there, 0 elsewhere. A word
   * whose first and last characters are ASCII and whose slot is 0 starts no phrase (a cheap
   * filter before hashing).
   */
  readonly shapes: Uint8Array;
  /** End of the last qualifier found: words inside it start no other qualifier. */
  private qualifierEnd = -1;
  /** Length of the phrase `match` found last. */
  private matchLength = 0;

  constructor(extra: readonly string[]) {
    this.lookup = triggerLookup(qualifierTriggers(extra));
    this.maxFirst = this.lookup.maxFirst;
    this.shapes = this.lookup.shapes;
  }

  /** Qualifier hits in document order (made from the rows on first read; read them after the pass). */
  get qualifiers(): QualifierHit[] {
    this.qualifierList ??= this.qualifierRows.qualifierObjects(this.lookup.phrases);
    return this.qualifierList;
  }

  /** Number of qualifier hits, without making the objects. */
  get qualifierCount(): number {
    return this.qualifierRows.count;
  }

  /** Number of verb hits, without making the objects. */
  get verbCount(): number {
    return this.verbRows.count;
  }

  /** Verb hits in document order (as `qualifiers`). */
  get verbs(): VerbHit[] {
    this.verbList ??= this.verbRows.verbObjects(VERB_KINDS);
    return this.verbList;
  }

  /**
   * Tries the word `[start, end)`. True when it found a qualifier or verb there: the caller
   * then gives the hits their place with `place` before the next word (so locating costs
   * nothing for the other words).
   */
  word(text: string, start: number, end: number): boolean {
    const len = end - start;
    if (len > this.maxFirst) return false;
    const c0 = text.charCodeAt(start);
    const cl = text.charCodeAt(end - 1);
    if (c0 < 128 && cl < 128 && this.shapes[shapeOf(c0, cl, len)] === 0) return false;
    const found = this.lookup.table.get(foldHash(text, start, end), 0);
    if (found === 0) return false;
    const q = found >>> 8;
    if (q > 0 && start >= this.qualifierEnd)
      this.qualifier(this.lookup.qualifiers[q - 1] as Trigger, text, start);
    const v = found & 0xff;
    if (v > 0) this.verb(VERB_LIST[v - 1] as Trigger, text, start, end);
    return this.qualifierRows.unplaced() || this.verbRows.unplaced();
  }

  /** The place of the hits the last `word` found. */
  place(section: number, paragraph: number, bracket: number, line: number, column: number): void {
    this.qualifierRows.placeNew(section, paragraph, bracket, line, column);
    this.verbRows.placeNew(section, paragraph, bracket, line, column);
  }

  private qualifier(trigger: Trigger, text: string, start: number): void {
    const g = this.match(trigger, text, start);
    if (g < 0) return;
    const stops = trigger.stops[g];
    if (stops?.has(previousWord(text, start))) return;
    this.qualifierEnd = start + this.matchLength;
    this.qualifierRows.add(trigger.kinds[g] as number, start, this.qualifierEnd);
  }

  private verb(trigger: Trigger, text: string, start: number, end: number): void {
    const g = this.match(trigger, text, start);
    if (g < 0) return;
    const check = trigger.checks[g] as number;
    if (check === NOT_MONTH && isMonth(text, start, end)) return;
    if (check === NOT_NOUN && NOUN_BEFORE.has(previousWord(text, start))) return;
    this.verbRows.add(trigger.kinds[g] as number, start, start + this.matchLength);
  }

  /**
   * Index of the trigger's phrase matched at `at` (the word `[at, end)` starts it), or -1;
   * its length goes to `matchLength`.
   */
  private match(trigger: Trigger, text: string, at: number): number {
    const plain = matchShared(trigger.plain, trigger.first, text, at);
    if (plain !== UNSURE) {
      this.matchLength = plainMatchLength();
      return plain;
    }
    trigger.regex.lastIndex = at;
    const m = trigger.regex.exec(text);
    if (!m) return -1;
    for (let g = 1; g < m.length; g++) {
      if (m[g] !== undefined) {
        this.matchLength = m[0].length;
        return g - 1;
      }
    }
    return -1;
  }
}

/** The triggers' phrases, regular expressions and plain forms: for the test that `matchPlain` agrees with the expressions. */
export function triggerPhrases(
  extra: readonly string[] = [],
): { plain: string[]; first: string; regex: RegExp }[] {
  return [...qualifierTriggers(extra).values(), ...VERB_TRIGGERS.values()].map((t) => ({
    plain: t.plain,
    first: t.first,
    regex: t.regex,
  }));
}

function previousWord(text: string, at: number): string {
  let e = at - 1;
  while (e >= 0 && (text.charCodeAt(e) === 32 || text.charCodeAt(e) === 10 || text.charCodeAt(e) === 9)) e--;
  let s = e;
  while (s >= 0 && e - s < 20) {
    const c = text.charCodeAt(s) | 32;
    if (c < 97 || c > 122) break;
    s--;
  }
  return text.slice(s + 1, e + 1).toLowerCase();
}

/** "1 May", "May 2014", "May-June": the month, not the modal verb (the word `[at, end)` is "May"). */
function isMonth(text: string, at: number, end: number): boolean {
  if (
    end - at !== 3 ||
    text.charCodeAt(at) !== 77 ||
    text.charCodeAt(at + 1) !== 97 ||
    text.charCodeAt(at + 2) !== 121
  )
    return false;
  const before = text.slice(Math.max(0, at - 4), at);
  const after = text.slice(at + 3, at + 8);
  return /\d\s*$/.test(before) || /^\s*\d/.test(after) || /^\s*[-\u2013]/.test(after);
}
