import { IntTable } from './int-table.js';
import { BUILTIN_QUALIFIERS, normaliseQualifier, VERB_STRENGTHS, type VerbEntry } from './lexicon.js';
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
   * The word itself when the trigger is one phrase of one plain word ("shall", "may"): then a
   * word equal to it (ASCII, case aside) followed by no letter or digit matches without the
   * regular expression (which still decides every other case).
   */
  single?: string;
  /** Per phrase: the words that, just before it, make it part of a collocation (COLLOCATION_STOPS). */
  stops: (ReadonlySet<string> | undefined)[];
}

/** Slot of a (first letter, length) pair; letters fold case, lengths above 63 share the last slot. */
function shape(c0: number, len: number): number {
  return ((c0 | 32) & 31) * 64 + Math.min(len, 63);
}

const FIRST_WORD = /^[\p{L}\p{N}]+(?:['\u2019-][\p{L}\p{N}]+)*/u;

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

function buildTriggers(entries: { phrase: string; name: string }[]): Map<number, Trigger> {
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
  for (const [h, list] of byHash) {
    list.sort((a, b) => b.phrase.length - a.phrase.length);
    const firsts = firstsByHash.get(h) ?? [];
    const only = list.length === 1 && firsts.length === 1 ? (list[0] as { phrase: string }).phrase : '';
    out.set(h, {
      regex: new RegExp(list.map((e) => `(${pattern(e.phrase)})`).join('|'), 'iuy'),
      names: list.map((e) => e.name),
      longest: list.reduce((n, e) => Math.max(n, (FIRST_WORD.exec(e.phrase)?.[0] ?? '').length), 0),
      firsts,
      ...(only === firsts[0] && /^[a-z0-9]+$/.test(only) ? { single: only } : {}),
      stops: list.map((e) => collocationStops(e.name)),
    });
  }
  return out;
}

const VERB_ENTRIES = new Map<string, VerbEntry>(
  VERB_STRENGTHS.flatMap((v) => v.forms.map((f) => [f, v] as const)),
);
const VERB_TRIGGERS = buildTriggers([...VERB_ENTRIES.keys()].map((form) => ({ phrase: form, name: form })));
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
 * 8 bits and (qualifier trigger index + 1) above them, in an int table (no boxed hash per word).
 */
interface TriggerLookup {
  table: IntTable;
  qualifiers: Trigger[];
}

const VERB_LIST = [...VERB_TRIGGERS.values()];
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
  lookup = { table, qualifiers };
  lookups.set(qualifierTable, lookup);
  return lookup;
}

/** Longest first word in a table, to skip long words without building their lower-case form. */
function longest(triggers: Map<number, Trigger>): number {
  let n = 0;
  for (const t of triggers.values()) n = Math.max(n, t.longest);
  return n;
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

/** Where a hit is: filled in by the word pass. */
export interface HitPlace {
  section: number;
  paragraph: number;
  bracket: number;
  line: number;
  column: number;
}

/** Collects qualifier and verb hits as the word pass visits words in document order. */
export class PhraseFinder {
  readonly qualifiers: QualifierHit[] = [];
  readonly verbs: VerbHit[] = [];
  private readonly qualifierTable: Map<number, Trigger>;
  private readonly lookup: TriggerLookup;
  private readonly maxQualifierFirst: number;
  private readonly maxVerbFirst = longest(VERB_TRIGGERS);
  /** (first letter, length) pairs that some trigger has: a cheap filter before hashing. */
  private readonly shapes: Uint8Array;
  /** End of the last qualifier found: words inside it start no other qualifier. */
  private qualifierEnd = -1;
  /** Length of the phrase `match` found last. */
  private matchLength = 0;

  constructor(extra: readonly string[]) {
    this.qualifierTable = qualifierTriggers(extra);
    this.lookup = triggerLookup(this.qualifierTable);
    this.maxQualifierFirst = longest(this.qualifierTable);
    this.shapes = new Uint8Array(32 * 64);
    for (const t of [...this.qualifierTable.values(), ...VERB_TRIGGERS.values()]) {
      for (const first of t.firsts) this.shapes[shape(first.charCodeAt(0), first.length)] = 1;
    }
  }

  /**
   * Tries the word `[start, end)`; `place` is called only on a hit, so locating costs
   * nothing for the other words.
   */
  word(text: string, start: number, end: number, place: (offset: number) => HitPlace): void {
    const len = end - start;
    if (len > this.maxQualifierFirst && len > this.maxVerbFirst) return;
    const c0 = text.charCodeAt(start);
    if (c0 < 128 && this.shapes[shape(c0, len)] === 0) return;
    const found = this.lookup.table.get(foldHash(text, start, end), 0);
    if (found === 0) return;
    const q = found >>> 8;
    if (q > 0 && start >= this.qualifierEnd) {
      const trigger = this.lookup.qualifiers[q - 1] as Trigger;
      const g = this.match(trigger, text, start, end);
      const stops = g >= 0 ? trigger.stops[g] : undefined;
      if (g >= 0 && stops?.has(previousWord(text, start)) !== true) {
        const length = this.matchLength;
        this.qualifierEnd = start + length;
        const at = place(start);
        // A hit's own copy of its place (`at` is reused for the next word), as one literal with
        // the keys of HitSpan in order (no temporary object spread per hit).
        this.qualifiers.push({
          phrase: trigger.names[g] as string,
          start,
          end: start + length,
          line: at.line,
          column: at.column,
          section: at.section,
          paragraph: at.paragraph,
          bracket: at.bracket,
        });
      }
    }
    const v = found & 0xff;
    if (v === 0) return;
    const trigger = VERB_LIST[v - 1] as Trigger;
    const g = this.match(trigger, text, start, end);
    if (g < 0) return;
    const form = trigger.names[g] as string;
    const entry = VERB_ENTRIES.get(form) as VerbEntry;
    if (form === 'may' && isMonth(text, start, end)) return;
    if (
      (form === 'will' || form === 'request' || form.startsWith('call') || form === 'urge') &&
      NOUN_BEFORE.has(previousWord(text, start))
    ) {
      return;
    }
    const at = place(start);
    this.verbs.push({
      verb: entry.verb,
      family: entry.family,
      strength: entry.strength,
      start,
      end: start + this.matchLength,
      line: at.line,
      column: at.column,
      section: at.section,
      paragraph: at.paragraph,
      bracket: at.bracket,
    });
  }

  /**
   * Index of the trigger's phrase matched at `at` (the word `[at, end)` starts it), or -1;
   * its length goes to `matchLength`.
   */
  private match(trigger: Trigger, text: string, at: number, end: number): number {
    const single = trigger.single;
    if (single !== undefined) {
      const sure = matchSingle(single, text, at, end);
      if (sure !== UNSURE) {
        this.matchLength = single.length;
        return sure === MATCH ? 0 : -1;
      }
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

export const MATCH = 1;
export const NO_MATCH = 0;
const UNSURE = -1;

/** The one-word triggers (their word and regular expression): for the test that `matchSingle` agrees with the expressions. */
export function oneWordTriggers(extra: readonly string[] = []): { word: string; regex: RegExp }[] {
  const out: { word: string; regex: RegExp }[] = [];
  for (const t of [...qualifierTriggers(extra).values(), ...VERB_TRIGGERS.values()])
    if (t.single !== undefined) out.push({ word: t.single, regex: t.regex });
  return out;
}

/**
 * The trigger regular expression of one plain word `w` (lower-case ASCII letters and digits),
 * `w(?![\p{L}\p{N}])` case-insensitive, decided on the word `[at, end)` without running it:
 * MATCH when the word is `w` in ASCII (case aside) and no ASCII letter or digit follows;
 * NO_MATCH when an ASCII letter or digit follows it; UNSURE (run the expression) otherwise,
 * i.e. for a non-ASCII character or a word that only shares `w`'s hash.
 */
export function matchSingle(w: string, text: string, at: number, end: number): number {
  const n = w.length;
  if (end - at !== n) return UNSURE;
  for (let k = 0; k < n; k++) {
    let c = text.charCodeAt(at + k);
    if (c >= 128) return UNSURE;
    if (c >= 65 && c <= 90) c += 32;
    if (c !== w.charCodeAt(k)) return UNSURE;
  }
  if (at + n >= text.length) return MATCH;
  const next = text.charCodeAt(at + n);
  if (next >= 128) return UNSURE;
  const alnum = (next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122);
  return alnum ? NO_MATCH : MATCH;
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
