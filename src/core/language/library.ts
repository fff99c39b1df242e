import { LRUCache } from 'lru-cache';
import {
  citedSectionNumber,
  type DraftSection,
  type DraftSource,
  type ParsedDraft,
  parseDraft,
} from '../drafts/index.js';
import { RapporteurError } from '../errors.js';
import { type Alignment, alignBand } from './align.js';
import { ShingleIndex, shingleHashes } from './shingle-index.js';
import { STOPWORD, type TokenRun, tokenize, tokenizeForIndex, Vocabulary, wordOffsets } from './tokens.js';
import {
  AGREED_RANKS,
  type AgreedTextInfo,
  type AgreedTextRef,
  type LibrarySummary,
  type PassageRef,
} from './types.js';

/**
 * The library of agreed texts in memory: each text's passages, their words and the shingle
 * index over all of them (kept per text as a segment, merged on load), and the lookup that
 * turns a run of words into ranked, aligned passage hits. One file (over 500 lines) because
 * the passages, the index and the lookup share the same word ids and offsets; the index itself
 * is in shingle-index.ts.
 */

/** Words per shingle and winnowing window (see bench/language.bench.ts for the measurements). */
export const DEFAULT_SHINGLE = 4;
export const DEFAULT_WINDOW = 2;
/** Largest gap (in words) the alignment bridges around an index hit. */
const BAND = 8;
/** Candidate passages aligned per query, best first by shared shingles. */
const MAX_CANDIDATES = 16;
/** A shingle in more passages than this is a formula: it finds no candidates (and weighs little). */
const MAX_POSTINGS = 64;
/** A match must line up at least this many words... */
const MIN_WORDS = 5;
/** ...and weigh at least this much (a rare content word weighs up to 2.5, a stop word 0.25). */
const MIN_WEIGHT = 5;
/** Passages a shingle may occur in before it counts as boilerplate. */
const COMMON_SHINGLE = 3;

/** An agreed text as the library holds it: its words and passages, not the whole parse. */
export interface AgreedText {
  id: number;
  info: AgreedTextInfo;
  text: string;
  excluded: number[];
  /** Indexes into the library's passage list. */
  passages: number[];
  words: number;
}

/**
 * One agreed text as it is stored apart from the others (see snapshot.ts): its passages
 * and their words as ids of its own small vocabulary. A library is the merge of its
 * texts' segments, so adding a text stores only the new text's segment.
 */
export interface TextSegment {
  info: AgreedTextInfo;
  excluded: number[];
  /** Passages with `doc` 0 and `first` counted from the segment's own words. */
  passages: Passage[];
  /** The segment's stems and their flags, by local id. */
  stems: string[];
  flags: Uint8Array;
  /** Every passage's words, one after another, as local ids. */
  ids: Uint16Array | Int32Array;
}

export interface Passage extends PassageRef {
  doc: number;
  bodyStart: number;
  words: number;
  /** Where its words start in the library's word ids. */
  first: number;
}

/** One passage a query run lines up with, before it is turned into a report. */
export interface PassageHit {
  passage: number;
  /** Disjoint aligned stretches, in query order. */
  regions: Alignment[];
  /** Matched words and their summed weight. */
  words: number;
  weight: number;
  /** The passage's word ids (a view of the library's; `passageTokens` has their offsets). */
  ids: Int32Array;
}

/**
 * A library of agreed texts and its shingle index. Texts are added one by one (each is
 * parsed by the bracket engine to find its paragraphs); queries never change it.
 */
export class LanguageLibrary {
  readonly vocab: Vocabulary;
  readonly index: ShingleIndex;
  private readonly docs: AgreedText[] = [];
  private readonly passageList: Passage[] = [];
  /** Passages (not occurrences) each stem appears in, for rarity weights. */
  private df = new Int32Array(1024);
  private lastSeen = new Int32Array(1024).fill(-1);
  private totalWords = 0;
  /**
   * Every passage's word ids, kept from indexing: aligning a candidate passage reads them
   * instead of tokenising its text again (only reports need the words' offsets).
   */
  private wordIds = new Int32Array(1 << 16);
  private readonly cache = new LRUCache<number, TokenRun>({ max: 4096 });

  constructor(options: { shingle?: number; window?: number } = {}) {
    this.vocab = new Vocabulary();
    this.index = new ShingleIndex(options.shingle ?? DEFAULT_SHINGLE, options.window ?? DEFAULT_WINDOW);
  }

  /** A text of the library as a segment to store apart (snapshot.ts turns it into bytes). */
  segment(doc: number): TextSegment {
    const text = this.docs[doc];
    if (!text) throw new RapporteurError('NOT_FOUND', `No text ${doc} in the library.`);
    const local = new Map<number, number>();
    const stems: string[] = [];
    const flags: number[] = [];
    const ids = new Int32Array(text.words);
    const passages: Passage[] = [];
    let at = 0;
    for (const index of text.passages) {
      const p = this.passageList[index] as Passage;
      passages.push({ ...p, doc: 0, first: at });
      for (let i = p.first; i < p.first + p.words; i++) {
        const id = this.wordIds[i] as number;
        let l = local.get(id);
        if (l === undefined) {
          l = stems.length;
          local.set(id, l);
          stems.push(this.vocab.stem(id));
          flags.push(this.vocab.flags(id));
        }
        ids[at++] = l;
      }
    }
    return {
      info: text.info,
      excluded: text.excluded,
      passages,
      stems,
      flags: Uint8Array.from(flags),
      ids: stems.length <= 0xffff ? Uint16Array.from(ids) : ids,
    };
  }

  /**
   * Adds a text from its segment and its extracted text: the same library as adding the
   * text itself, without reading it again.
   */
  addSegment(segment: TextSegment, text: string): AgreedText {
    checkInfo(segment.info);
    const id = this.docs.length;
    const doc: AgreedText = {
      id,
      info: segment.info,
      text,
      excluded: segment.excluded,
      passages: [],
      words: 0,
    };
    const global = new Int32Array(segment.stems.length);
    for (let l = 0; l < segment.stems.length; l++) {
      global[l] = this.vocab.internStem(segment.stems[l] as string, segment.flags[l] ?? 0);
    }
    let keys = new Int32Array(256);
    let flags = new Uint8Array(256);
    for (const p of segment.passages) {
      if (p.first + p.words > segment.ids.length) throw new Error('segment words out of range');
      const index = this.passageList.length;
      const first = this.reserveWords(p.words);
      if (keys.length < p.words) {
        keys = new Int32Array(p.words * 2);
        flags = new Uint8Array(p.words * 2);
      }
      for (let i = 0; i < p.words; i++) {
        const g = global[segment.ids[p.first + i] as number];
        if (g === undefined) throw new Error('segment word out of its vocabulary');
        this.wordIds[first + i] = g;
        keys[i] = this.vocab.key(g);
        flags[i] = this.vocab.flags(g);
      }
      this.passageList.push({ ...p, doc: id, first });
      doc.passages.push(index);
      doc.words += p.words;
      const ids = this.wordIds.subarray(first, first + p.words);
      this.countWords(ids, index);
      this.index.addPassage(index, keys.subarray(0, p.words), flags.subarray(0, p.words));
    }
    this.totalWords += doc.words;
    this.docs.push(doc);
    this.changes++;
    return doc;
  }

  /** Room for `n` more word ids; returns where they go. */
  private reserveWords(n: number): number {
    const first = this.totalWordsIndexed;
    if (first + n > this.wordIds.length) {
      let cap = this.wordIds.length;
      while (cap < first + n) cap *= 2;
      const grown = new Int32Array(cap);
      grown.set(this.wordIds.subarray(0, first));
      this.wordIds = grown;
    }
    this.totalWordsIndexed = first + n;
    return first;
  }

  private totalWordsIndexed = 0;

  private changes = 0;

  /** Raised by every text added: answers cached against the library are stale once it moves. */
  get generation(): number {
    return this.changes;
  }

  get texts(): readonly AgreedText[] {
    return this.docs;
  }

  get passageCount(): number {
    return this.passageList.length;
  }

  get words(): number {
    return this.totalWords;
  }

  /**
   * Adds an agreed text. `source` is a `Document` from the documents module (or any
   * `{ text, blocks }`), or a draft already parsed. Throws INVALID_ARGUMENT when the
   * metadata is incomplete.
   */
  add(info: AgreedTextInfo, source: DraftSource | ParsedDraft): AgreedText {
    checkInfo(info);
    const draft = 'paragraphs' in source ? source : parseDraft(source);
    const id = this.docs.length;
    const doc: AgreedText = {
      id,
      info,
      text: draft.text,
      excluded: draft.excluded,
      passages: [],
      words: 0,
    };
    const ordinal = new Map<number, number>();
    for (const para of draft.paragraphs) {
      if (para.kind !== 'body' && para.kind !== 'heading') continue;
      const run = tokenizeForIndex(draft.text, para.bodyStart, para.end, this.vocab, draft.excluded);
      if (run.length === 0) continue;
      const section = draft.sections[para.section];
      const n = (ordinal.get(para.section) ?? 0) + 1;
      ordinal.set(para.section, n);
      const where = section && section.kind !== 'front' ? sectionLabel(section) : '';
      const own = para.id.slice(para.id.lastIndexOf('/') + 1);
      const label =
        para.kind === 'heading'
          ? `heading${where ? ` ${where}` : ''}`
          : para.number !== undefined
            ? /^\d/.test(own) || !where
              ? `¶ ${own.startsWith('#') ? para.number : own}`
              : `${where} ¶ ${own}`
            : `${where ? `${where}, ` : ''}paragraph ${n}`;
      const index = this.passageList.length;
      const first = this.reserveWords(run.length);
      this.wordIds.set(run.ids, first);
      this.passageList.push({
        doc: id,
        first,
        id: para.id,
        label,
        line: para.line,
        start: para.start,
        end: para.end,
        bodyStart: para.bodyStart,
        words: run.length,
      });
      doc.passages.push(index);
      doc.words += run.length;
      this.countWords(run.ids, index);
      this.index.addPassage(index, run.keys, run.flags);
    }
    this.totalWords += doc.words;
    this.docs.push(doc);
    this.changes++;
    return doc;
  }

  private countWords(ids: Int32Array, passage: number): void {
    const size = this.vocab.size;
    if (size > this.df.length) {
      let cap = this.df.length;
      while (cap < size) cap *= 2;
      const df = new Int32Array(cap);
      df.set(this.df);
      const seen = new Int32Array(cap).fill(-1);
      seen.set(this.lastSeen);
      this.df = df;
      this.lastSeen = seen;
    }
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      if (this.lastSeen[id] !== passage) {
        this.lastSeen[id] = passage;
        this.df[id] = (this.df[id] as number) + 1;
      }
    }
  }

  /**
   * Weight of matching a word: by its rarity among the library's passages (inverse
   * passage frequency, smoothed as if the library had 100 more passages without the word,
   * so that a library of three texts does not call every shared word common), from 0.5 to
   * 2.5; stop words 0.25.
   */
  weight(id: number, flags: number): number {
    if ((flags & STOPWORD) !== 0) return 0.25;
    if (id < 0) return 1;
    const n = this.passageList.length;
    const idf = Math.log((n + 100) / ((this.df[id] ?? 0) + 1));
    return Math.max(0.5, Math.min(2.5, 0.3 + idf * 0.4));
  }

  /** The words of a text range, with ids from this library's vocabulary (query side). */
  tokenize(text: string, from: number, to: number, excluded?: ArrayLike<number>): TokenRun {
    return tokenize(text, from, to, this.vocab, excluded === undefined ? {} : { excluded });
  }

  passage(index: number): Passage {
    return this.passageList[index] as Passage;
  }

  /** A passage's word ids, as indexed (a view: do not change it). */
  passageIds(index: number): Int32Array {
    const p = this.passage(index);
    return this.wordIds.subarray(p.first, p.first + p.words);
  }

  /** A passage's words with their offsets in its text (tokenised again, cached). */
  passageTokens(index: number): TokenRun {
    const hit = this.cache.get(index);
    if (hit) return hit;
    const p = this.passage(index);
    const doc = this.docs[p.doc] as AgreedText;
    // The ids are known: only the words' offsets are read again (no word is looked up).
    const ids = this.passageIds(index).slice();
    const { starts, ends } = wordOffsets(doc.text, p.bodyStart, p.end, doc.excluded, ids.length);
    const keys = new Int32Array(ids.length);
    const flags = new Uint8Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      keys[i] = this.vocab.key(ids[i] as number);
      flags[i] = this.vocab.flags(ids[i] as number);
    }
    const run: TokenRun = { ids, starts, ends, keys, flags, length: ids.length };
    this.cache.set(index, run);
    return run;
  }

  ref(doc: number): AgreedTextRef {
    const info = (this.docs[doc] as AgreedText).info;
    return {
      id: doc,
      title: info.title,
      ...(info.symbol === undefined ? {} : { symbol: info.symbol }),
      adopted: info.adopted,
      ...(info.body === undefined ? {} : { body: info.body }),
      ...(info.rank === undefined ? {} : { rank: info.rank }),
      ...(info.name === undefined ? {} : { name: info.name }),
    };
  }

  passageRef(index: number): PassageRef {
    const p = this.passage(index);
    return { id: p.id, label: p.label, line: p.line, start: p.start, end: p.end };
  }

  summary(): LibrarySummary {
    return {
      texts: this.docs.map((d) => this.ref(d.id)),
      passages: this.passageList.length,
      words: this.totalWords,
    };
  }

  /**
   * Agreed passages that `run[from, to)` lines up with. The index gives candidate passages
   * (those sharing a rare enough shingle); each is aligned word by word around the shared
   * shingles; a passage counts when the alignment has at least five words and enough
   * weight, so boilerplate ("in accordance with the") is not reuse.
   */
  find(run: TokenRun, from = 0, to = run.length): PassageHit[] {
    const k = this.index.k;
    if (to - from < k || this.passageList.length === 0) return [];
    const hashes = shingleHashes(run.keys.subarray(from, to), run.flags.subarray(from, to), k);
    // Every posting of the query's shingles, flat: (query position, passage, passage position).
    const room = hashes.length * MAX_POSTINGS;
    if (seedScratch.passage.length < room) {
      seedScratch.passage = new Int32Array(room * 2);
      seedScratch.pos = new Int32Array(room * 2);
      seedScratch.query = new Int32Array(room * 2);
    }
    const { passage: seedPassage, pos: seedPos, query: seedQuery } = seedScratch;
    const counts = new Int32Array(hashes.length);
    let n = 0;
    for (let i = 0; i < hashes.length; i++) {
      const h = hashes[i] as number;
      if (h === 0) continue;
      const c = this.index.collect(h, MAX_POSTINGS, seedPassage, seedPos, n);
      counts[i] = c;
      if (c > MAX_POSTINGS) continue;
      seedQuery.fill(i + from, n, n + c);
      n += c;
    }
    if (n === 0) return [];
    // Seeds per passage, counted in place (a stamp per passage, no map), in first-seen order.
    const stamp = this.stampFor();
    const { seen, count } = this;
    const touched: number[] = [];
    for (let s = 0; s < n; s++) {
      const p = seedPassage[s] as number;
      if (seen[p] !== stamp) {
        seen[p] = stamp;
        count[p] = 0;
        touched.push(p);
      }
      count[p] = (count[p] as number) + 1;
    }
    // The passages sharing the most shingles. No relative floor: the parallel passage of a
    // newer text shares few shingles with a proposal that follows the older wording, and it
    // is the one a roll-back needs. (First-seen order among equals.)
    const ranked = topByCount(touched, count, MAX_CANDIDATES);
    // Boilerplate: a word inside a shingle that many passages share ("in accordance with
    // the relevant national legislation") weighs less, however rare its words are.
    const factor = new Float32Array(to - from).fill(1);
    for (let i = 0; i < counts.length; i++) {
      const c = counts[i] as number;
      if (c <= COMMON_SHINGLE) continue;
      const f = COMMON_SHINGLE / c;
      for (let j = i; j < i + k && j < factor.length; j++) if (f < (factor[j] as number)) factor[j] = f;
    }
    const weights = new Float64Array(to - from);
    for (let i = from; i < to; i++) {
      weights[i - from] =
        this.weight(run.ids[i] as number, run.flags[i] as number) * (factor[i - from] as number);
    }
    const weightAt = (i: number) => weights[i - from] as number;
    // A candidate's seeds, gathered in one pass: slot r + 1 of the ranked list by passage.
    const slot = this.count;
    ranked.forEach((p, r) => {
      slot[p] = r + 1;
    });
    const flat: number[][] = ranked.map(() => []);
    for (let s = 0; s < n; s++) {
      const r = seen[seedPassage[s] as number] === stamp ? (slot[seedPassage[s] as number] as number) : 0;
      if (r > 0 && r <= ranked.length && ranked[r - 1] === seedPassage[s]) {
        (flat[r - 1] as number[]).push(seedQuery[s] as number, seedPos[s] as number);
      }
    }
    const hits: PassageHit[] = [];
    ranked.forEach((passage, r) => {
      const ids = this.passageIds(passage);
      const regions = alignChains(run, from, to, ids, flat[r] as number[], k, weightAt);
      if (regions.length === 0) return;
      let words = 0;
      let weight = 0;
      for (const region of regions) {
        words += region.q.length;
        for (const q of region.q) weight += weightAt(q);
      }
      if (words < MIN_WORDS || weight < MIN_WEIGHT) return;
      hits.push({ passage, regions, words, weight, ids });
    });
    return hits;
  }

  /** Per-passage scratch for `find`: a stamp says which entries belong to the current query. */
  private seen = new Int32Array(0);
  private count = new Int32Array(0);
  private stamp = 0;

  private stampFor(): number {
    const n = this.passageList.length;
    if (this.seen.length < n) {
      this.seen = new Int32Array(Math.max(n, this.seen.length * 2));
      this.count = new Int32Array(this.seen.length);
      this.stamp = 0;
    }
    this.stamp++;
    if (this.stamp > 0x3fffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }
}

/**
 * The `limit` entries of `items` with the highest `count`, highest first, first-seen order
 * among equals: a stable sort's first `limit`, in one pass (a query touches hundreds of
 * passages and keeps sixteen).
 */
function topByCount(items: readonly number[], count: Int32Array, limit: number): number[] {
  const top: number[] = [];
  for (const item of items) {
    const c = count[item] as number;
    if (top.length === limit && c <= (count[top[limit - 1] as number] as number)) continue;
    let at = top.length;
    while (at > 0 && (count[top[at - 1] as number] as number) < c) at--;
    top.splice(at, 0, item);
    if (top.length > limit) top.pop();
  }
  return top;
}

/** Reused seed buffers of `find` (queries are synchronous). */
const seedScratch = {
  passage: new Int32Array(1 << 14),
  pos: new Int32Array(1 << 14),
  query: new Int32Array(1 << 14),
};

/**
 * Groups verified seeds into chains along nearby diagonals and aligns a band around each
 * chain. Returns the aligned stretches that are disjoint in the query, best first; a
 * stretch of fewer than `k` words or of stop words only is dropped.
 */
function alignChains(
  run: TokenRun,
  from: number,
  to: number,
  passage: Int32Array,
  flat: number[],
  k: number,
  weightAt: (i: number) => number,
): Alignment[] {
  const seeds: [number, number][] = [];
  for (let s = 0; s < flat.length; s += 2) {
    const q = flat[s] as number;
    const p = flat[s + 1] as number;
    let same = p + k <= passage.length;
    for (let j = 0; same && j < k; j++) same = run.ids[q + j] === passage[p + j];
    if (same) seeds.push([q, p]);
  }
  if (seeds.length === 0) return [];
  seeds.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  interface Chain {
    q0: number;
    q1: number;
    p0: number;
    p1: number;
    dlo: number;
    dhi: number;
    lastQ: number;
    lastD: number;
  }
  const chains: Chain[] = [];
  for (const [q, p] of seeds) {
    const d = p - q;
    let chain: Chain | undefined;
    for (let c = chains.length - 1; c >= 0 && !chain; c--) {
      const x = chains[c] as Chain;
      if (q - x.lastQ <= 2 * BAND + k && Math.abs(d - x.lastD) <= BAND) chain = x;
    }
    if (chain) {
      chain.q1 = Math.max(chain.q1, q + k);
      chain.p0 = Math.min(chain.p0, p);
      chain.p1 = Math.max(chain.p1, p + k);
      chain.dlo = Math.min(chain.dlo, d);
      chain.dhi = Math.max(chain.dhi, d);
      chain.lastQ = q;
      chain.lastD = d;
    } else {
      chains.push({ q0: q, q1: q + k, p0: p, p1: p + k, dlo: d, dhi: d, lastQ: q, lastD: d });
    }
  }
  const found: Alignment[] = [];
  for (const c of chains) {
    const a = alignBand(
      run.ids,
      Math.max(from, c.q0 - BAND),
      Math.min(to, c.q1 + BAND),
      passage,
      Math.max(0, c.p0 - BAND),
      Math.min(passage.length, c.p1 + BAND),
      c.dlo - BAND,
      c.dhi + BAND,
      weightAt,
    );
    if (a && a.q.length >= k && a.q.some((q) => ((run.flags[q] as number) & STOPWORD) === 0)) found.push(a);
  }
  found.sort((a, b) => b.score - a.score);
  const kept: Alignment[] = [];
  for (const a of found) {
    const lo = a.q[0] as number;
    const hi = a.q[a.q.length - 1] as number;
    const plo = a.p[0] as number;
    const phi = a.p[a.p.length - 1] as number;
    if (
      kept.some(
        (b) =>
          !(hi < (b.q[0] as number) || lo > (b.q[b.q.length - 1] as number)) ||
          !(phi < (b.p[0] as number) || plo > (b.p[b.p.length - 1] as number)),
      )
    )
      continue;
    kept.push(a);
  }
  return kept.sort((a, b) => (a.q[0] as number) - (b.q[0] as number));
}

/** "Article 2", "C1", "Section III", or the title cut to a few words. */
function sectionLabel(section: DraftSection): string {
  if (section.number !== undefined) return citedSectionNumber(section.kind, section.number);
  const title = section.title.replace(/\s+/g, ' ').trim();
  if (title.length <= 40) return `"${title}"`;
  const cut = title.slice(0, 40);
  return `"${cut.slice(0, Math.max(20, cut.lastIndexOf(' ')))}…"`;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Throws INVALID_ARGUMENT, saying what to fix, when an agreed text's metadata is incomplete or malformed. */
export function checkInfo(info: AgreedTextInfo): void {
  const who = info.name ?? info.title ?? 'an agreed text';
  if (!info.title || info.title.trim().length === 0) {
    throw new RapporteurError('INVALID_ARGUMENT', `${who} has no title.`, {
      hint: 'Give each agreed text a title (--title, or "title" in library.json).',
    });
  }
  if (!ISO_DATE.test(info.adopted) || Number.isNaN(Date.parse(`${info.adopted}T00:00:00Z`))) {
    throw new RapporteurError(
      'INVALID_ARGUMENT',
      `${who}: "${info.adopted}" is not a date of adoption in the form YYYY-MM-DD.`,
      { hint: 'Write the date as 2005-11-18.' },
    );
  }
  if (info.rank !== undefined && !AGREED_RANKS.includes(info.rank)) {
    throw new RapporteurError('INVALID_ARGUMENT', `${who}: unknown rank "${String(info.rank)}".`, {
      hint: `Use one of: ${AGREED_RANKS.join(', ')}.`,
    });
  }
}

/** Orders agreed texts newest first: later adoption, then higher rank. */
export function newerFirst(a: AgreedTextRef, b: AgreedTextRef): number {
  if (a.adopted !== b.adopted) return a.adopted < b.adopted ? 1 : -1;
  return rankOrder(a.rank) - rankOrder(b.rank);
}

/** True when `a` supersedes `b`: adopted later, or the same day by a higher body. */
export function supersedes(a: AgreedTextRef, b: AgreedTextRef): boolean {
  if (a.adopted !== b.adopted) return a.adopted > b.adopted;
  return rankOrder(a.rank) < rankOrder(b.rank);
}

function rankOrder(rank: AgreedTextRef['rank']): number {
  return rank === undefined ? AGREED_RANKS.length : AGREED_RANKS.indexOf(rank);
}
