import { LRUCache } from 'lru-cache';
import { eng as ENGLISH_STOPWORDS } from 'stopword';
import lemmatizer from 'wink-lemmatizer';
import { isWordCode } from '../drafts/words.js';

/**
 * Words as the language matcher compares them. Two texts reuse each other's wording when
 * their *normalised* words line up, so the normal form absorbs what negotiators do not
 * count as a change of wording: case, punctuation, inflection ("encourages" /
 * "encouraged"), British and American spelling ("organisation" / "organization"),
 * hyphenation ("multi-stakeholder" / "multistakeholder"), possessives, and list labels
 * ("(a)", "(iv)") that renumber when items move.
 */

/** Words too common to be evidence of reuse on their own (articles, prepositions, pronouns). */
const STOP = new Set<string>(ENGLISH_STOPWORDS);
// Modal verbs, negations and quantifiers are what negotiators fight over ("shall" / "should",
// "all stakeholders"): they weigh little as evidence of reuse, but a difference in them is a
// difference of wording. `trivial` below is the set whose differences do not count.
const SIGNIFICANT_FUNCTION_WORDS = [
  'should',
  'must',
  'can',
  'could',
  'would',
  'might',
  'never',
  'only',
  'all',
  'each',
  'both',
  'any',
  'more',
  'most',
];
for (const w of ['shall', 'will', 'may', 'not', 'no', 'nor']) STOP.add(w);
const TRIVIAL = new Set<string>([...STOP].filter((w) => !SIGNIFICANT_FUNCTION_WORDS.includes(w)));
for (const w of ['shall', 'will', 'may', 'not', 'no', 'nor']) TRIVIAL.delete(w);

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => !isDigit(c) && isWordCode(c);
const LIST_LABEL = /^(?:[a-z]{1,2}|[ivxlc]{1,6}|\d{1,3})$/i;

/** Flags of a vocabulary entry. */
export const STOPWORD = 1;
export const TRIVIAL_WORD = 2;

/**
 * Interns words: each distinct surface form is normalised once, and every
 * stem gets a small integer id. The library owns one vocabulary; queries look words up
 * without adding to it (`lookup`), so a query never changes the index.
 */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  private readonly stems = new Map<string, number>();
  private flagList: number[] = [];
  private stemList: string[] = [];
  /** `stemKey` of each stem: what shingles are hashed from, so that a hash never depends on id order. */
  private keyList: number[] = [];

  /** Number of distinct stems. */
  get size(): number {
    return this.stemList.length;
  }

  /** The id of a lower-cased word, adding it when new. */
  intern(word: string): number {
    const known = this.ids.get(word);
    if (known !== undefined) return known;
    const id = this.internStem(normalise(word), wordFlags(word));
    this.ids.set(word, id);
    return id;
  }

  /**
   * The id of a stem another vocabulary gave (merging a text's segment), adding it with
   * `flags` when new.
   */
  internStem(stem: string, flags: number): number {
    let id = this.stems.get(stem);
    if (id === undefined) {
      id = this.stemList.length;
      this.stems.set(stem, id);
      this.stemList.push(stem);
      this.keyList.push(stemKey(stem));
      this.flagList.push(flags);
    }
    return id;
  }

  /** The hash key of an id's stem. */
  key(id: number): number {
    return this.keyList[id] ?? 0;
  }

  /** The id of a lower-cased word, or -1 when the library has never seen its stem. */
  lookup(word: string): number {
    const known = this.ids.get(word);
    if (known !== undefined) return known;
    return this.stems.get(normalise(word)) ?? -1;
  }

  /** STOPWORD | TRIVIAL_WORD flags of an id (0 for an unknown word). */
  flags(id: number): number {
    return id >= 0 ? (this.flagList[id] ?? 0) : 0;
  }

  stem(id: number): string {
    return this.stemList[id] ?? '';
  }

  /** Stems and flags by id, for a snapshot. */
  exportState(): { stems: string[]; flags: Uint8Array } {
    return { stems: this.stemList.slice(), flags: Uint8Array.from(this.flagList) };
  }

  /** A vocabulary with the same ids as the one `exportState` was called on. */
  static fromState(state: { stems: string[]; flags: ArrayLike<number> }): Vocabulary {
    const vocab = new Vocabulary();
    if (state.flags.length !== state.stems.length) throw new Error('inconsistent vocabulary state');
    vocab.stemList = state.stems.slice();
    vocab.flagList = Array.from(state.flags);
    vocab.keyList = vocab.stemList.map(stemKey);
    for (let id = 0; id < state.stems.length; id++) vocab.stems.set(state.stems[id] as string, id);
    return vocab;
  }
}

/** A 32-bit hash (FNV-1a) of a stem: the same in every vocabulary. */
export function stemKey(stem: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < stem.length; i++) h = Math.imul(h ^ stem.charCodeAt(i), 0x01000193);
  return h;
}

/** Flags for a word the vocabulary does not know (query-only words). */
export function wordFlags(word: string): number {
  return (STOP.has(word) ? STOPWORD : 0) | (TRIVIAL.has(word) ? TRIVIAL_WORD : 0);
}

/**
 * The normal form of a lower-cased word: spelling variants folded, then its lemma (inflection removed).
 * Numbers are kept as written ("1.5", "4.8").
 */
export function normalise(word: string): string {
  const cached = NORMAL.get(word);
  if (cached !== undefined) return cached;
  const out = computeNormal(word);
  // Queries look up words the library has never seen, each time: remember them, within bounds.
  NORMAL.set(word, out);
  return out;
}

const NORMAL = new LRUCache<string, string>({ max: 200_000 });

function computeNormal(word: string): string {
  if (isDigit(word.charCodeAt(0))) return word;
  let w = word.replace(/['’]s$/, '').replace(/['’-]/g, '');
  if (w.length >= 6) {
    // British -ise/-isation and -our, -tre, -mme spellings fold into one form.
    w = w
      .replace(/(?<=.{3})is(e|es|ed|ing|ation|ations|er|ers)$/, 'iz$1')
      .replace(/(?<=.{3})our(s|ed|ing|able)?$/, 'or$1')
      .replace(/(?<=.{3})tre(s)?$/, 'ter$1')
      .replace(/(?<=.{3})mme(s)?$/, 'm$1');
  }
  return lemma(w);
}

/**
 * Inflection only (WordNet's lemmatiser: "encouraged" -> "encourage", "parties" -> "party"),
 * never derivation: a stemmer would fold "governments" and "governance" into one stem, and
 * that is exactly the kind of change of wording negotiators fight over.
 */
function lemma(w: string): string {
  const v = lemmatizer.verb(w);
  if (v !== w) return v;
  const n = lemmatizer.noun(w);
  if (n !== w) return n;
  // Plurals of words WordNet does not know ("ICTs", "SDGs").
  if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) return w.slice(0, -1);
  return w;
}

/** A run of words: normalised ids and where each word is in the source text. */
export interface TokenRun {
  /** Stem ids (negative: a word the library does not know; equal negatives are equal words). */
  ids: Int32Array;
  /** 0-based start and exclusive end of each word in the source text. */
  starts: Int32Array;
  ends: Int32Array;
  /** `stemKey` of each word's stem: what shingles are hashed from. */
  keys: Int32Array;
  /** STOPWORD | TRIVIAL_WORD per word. */
  flags: Uint8Array;
  length: number;
}

/**
 * Splits `text[from, to)` into words, skipping `excluded` ranges (sorted flat start/end
 * pairs: annotations, footnote markers, link targets) and list labels in parentheses.
 * With `intern`, new words are added to the vocabulary (indexing a library text); without,
 * unknown words get query-local negative ids (`unknown`, shared across calls of one query).
 */
export function tokenize(
  text: string,
  from: number,
  to: number,
  vocab: Vocabulary,
  options: { excluded?: ArrayLike<number>; intern?: boolean; unknown?: Map<string, number> } = {},
): TokenRun {
  const n = scan(text, from, to, vocab, options);
  return {
    ids: scratch.ids.slice(0, n),
    starts: scratch.starts.slice(0, n),
    ends: scratch.ends.slice(0, n),
    keys: scratch.keys.slice(0, n),
    flags: scratch.flags.slice(0, n),
    length: n,
  };
}

/**
 * The same as `tokenize` with `intern`, for indexing: the ids and flags are views into a
 * shared buffer, valid until the next call (indexing reads them at once and keeps nothing).
 */
export function tokenizeForIndex(
  text: string,
  from: number,
  to: number,
  vocab: Vocabulary,
  excluded: ArrayLike<number>,
): { ids: Int32Array; keys: Int32Array; flags: Uint8Array; length: number } {
  const n = scan(text, from, to, vocab, { excluded, intern: true });
  return {
    ids: scratch.ids.subarray(0, n),
    keys: scratch.keys.subarray(0, n),
    flags: scratch.flags.subarray(0, n),
    length: n,
  };
}

/**
 * Where the words of `text[from, to)` are, by the same rules as `tokenize` (the words of
 * a passage whose ids the library already has). Throws when the text does not give
 * `expected` words: the ids and the offsets would not line up.
 */
export function wordOffsets(
  text: string,
  from: number,
  to: number,
  excluded: ArrayLike<number>,
  expected: number,
): { starts: Int32Array; ends: Int32Array } {
  const n = scan(text, from, to, undefined, { excluded });
  if (n !== expected) throw new Error(`a passage gave ${n} words where ${expected} were indexed`);
  return { starts: scratch.starts.slice(0, n), ends: scratch.ends.slice(0, n) };
}

/** Reused output buffers: tokenising allocates nothing per word but the word's string. */
const scratch = {
  ids: new Int32Array(4096),
  starts: new Int32Array(4096),
  ends: new Int32Array(4096),
  keys: new Int32Array(4096),
  flags: new Uint8Array(4096),
};

function reserve(n: number): void {
  if (scratch.ids.length >= n) return;
  let cap = scratch.ids.length;
  while (cap < n) cap *= 2;
  scratch.ids = new Int32Array(cap);
  scratch.starts = new Int32Array(cap);
  scratch.ends = new Int32Array(cap);
  scratch.keys = new Int32Array(cap);
  scratch.flags = new Uint8Array(cap);
}

function scan(
  text: string,
  from: number,
  to: number,
  /** Without a vocabulary, only the words' offsets are written. */
  vocab: Vocabulary | undefined,
  options: { excluded?: ArrayLike<number>; intern?: boolean; unknown?: Map<string, number> },
): number {
  // A word needs at least one character and a separator: (to - from) / 2 + 1 words at most.
  reserve(((to - from) >> 1) + 2);
  const { ids, starts, ends, keys, flags } = scratch;
  let n = 0;
  const excluded = options.excluded ?? [];
  let ex = lowerBoundPairs(excluded, from);
  const intern = options.intern === true;
  const unknown = options.unknown ?? new Map<string, number>();
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (!isWordCode(c)) {
      i++;
      continue;
    }
    const start = i;
    let plain = c >= 97 && c <= 122;
    i++;
    for (;;) {
      while (i < to) {
        const d = text.charCodeAt(i);
        if (d >= 97 && d <= 122) {
          i++;
          continue;
        }
        if (!isWordCode(d)) break;
        plain = false;
        i++;
      }
      if (i + 1 >= to) break;
      const j = text.charCodeAt(i);
      const next = text.charCodeAt(i + 1);
      const prev = text.charCodeAt(i - 1);
      const joins =
        ((j === 39 || j === 0x2019 || j === 45 || j === 0x2010 || j === 0x2011) &&
          isLetter(next) &&
          isLetter(prev)) ||
        ((j === 46 || j === 44) && isDigit(next) && isDigit(prev));
      if (!joins) break;
      plain = false;
      i++;
    }
    const end = i;
    while (ex < excluded.length && (excluded[ex + 1] as number) <= start) ex += 2;
    if (ex < excluded.length && (excluded[ex] as number) <= start) continue;
    // "(a)", "(iv)", "(12)": list labels renumber when items move; they are not wording.
    if (
      end - start <= 6 &&
      text.charCodeAt(start - 1) === 40 &&
      text.charCodeAt(end) === 41 &&
      LIST_LABEL.test(text.slice(start, end))
    )
      continue;
    // "[[Preamble]1": digits glued to a closing bracket are a footnote marker.
    if (start > 0 && text.charCodeAt(start - 1) === 93 && end - start <= 3 && isDigit(c)) continue;
    starts[n] = start;
    ends[n] = end;
    if (!vocab) {
      n++;
      continue;
    }
    const word = plain ? text.slice(start, end) : text.slice(start, end).toLowerCase();
    let id: number;
    let f: number;
    let key: number;
    if (intern) {
      id = vocab.intern(word);
      f = vocab.flags(id);
      key = vocab.key(id);
    } else {
      id = vocab.lookup(word);
      if (id >= 0) {
        f = vocab.flags(id);
        key = vocab.key(id);
      } else {
        const stem = normalise(word);
        let u = unknown.get(stem);
        if (u === undefined) {
          u = -1 - unknown.size;
          unknown.set(stem, u);
        }
        id = u;
        f = wordFlags(word);
        key = stemKey(stem);
      }
    }
    ids[n] = id;
    keys[n] = key;
    flags[n] = f;
    n++;
  }
  return n;
}

/** Index of the first pair (even index) whose end is after `pos`. */
function lowerBoundPairs(flat: ArrayLike<number>, pos: number): number {
  let lo = 0;
  let hi = flat.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((flat[2 * mid + 1] as number) <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo * 2;
}

/** Concatenates token runs (e.g. the pieces of a paragraph left after removing other options). */
export function concatRuns(runs: readonly TokenRun[]): TokenRun {
  const n = runs.reduce((s, r) => s + r.length, 0);
  const out: TokenRun = {
    ids: new Int32Array(n),
    starts: new Int32Array(n),
    ends: new Int32Array(n),
    keys: new Int32Array(n),
    flags: new Uint8Array(n),
    length: n,
  };
  let at = 0;
  for (const r of runs) {
    out.ids.set(r.ids, at);
    out.starts.set(r.starts, at);
    out.ends.set(r.ends, at);
    out.keys.set(r.keys, at);
    out.flags.set(r.flags, at);
    at += r.length;
  }
  return out;
}
