import type { VerbEntry } from './lexicon.js';
import type { ParsedDraft, QualifierHit, VerbHit } from './types.js';

/**
 * Hits of the phrase finder (qualifiers or verbs) as rows of int columns, until
 * someone asks for the objects: a kind (which phrase or verb), the span, and the place.
 * The word pass of a dense draft finds a hit every 60 characters; one object per hit, made
 * while the pass runs, was the pass's largest allocation and outlived every young
 * collection (issue #14). Rows are appended in document order; `placeNew` writes the place
 * of the rows added since its last call (the word pass locates a word only when it hit).
 * The rows are kept in chunks of a fixed size, which go back to a small pool once the
 * objects are made: a column grown by copying into ever larger fresh buffers, zeroed anew
 * for every parse, cost more than the objects it replaced.
 */

/** Fields of a row, in this order. */
const KIND = 0;
const START = 1;
const END = 2;
const LINE = 3;
const COLUMN = 4;
const SECTION = 5;
const PARAGRAPH = 6;
const BRACKET = 7;
const STRIDE = 8;
/** Rows per chunk (32 kB chunks). */
const CHUNK_BITS = 10;
const CHUNK_ROWS = 1 << CHUNK_BITS;
/** Chunks whose rows were made into objects, for the next parse (at most POOL_MAX: 2 MB). */
const pool: Int32Array[] = [];
const POOL_MAX = 64;

export class HitColumns {
  count = 0;
  /** Rows before this one have their place. */
  private placed = 0;
  private chunks: Int32Array[] = [];
  /** Set when the objects are made: the chunks went back to the pool. */
  private released = false;

  /** Appends a hit, at no place until `placeNew` gives it one. */
  add(kind: number, start: number, end: number): void {
    if (this.released) throw new Error('hit rows: added after their objects were made');
    const at = this.count & (CHUNK_ROWS - 1);
    if (at === 0) this.chunks.push(pool.pop() ?? new Int32Array(STRIDE * CHUNK_ROWS));
    const r = this.chunks[this.count >> CHUNK_BITS] as Int32Array;
    const o = at * STRIDE;
    // A pooled chunk holds old rows: every field is written.
    r[o + KIND] = kind;
    r[o + START] = start;
    r[o + END] = end;
    r[o + LINE] = 0;
    r[o + COLUMN] = 0;
    r[o + SECTION] = 0;
    r[o + PARAGRAPH] = 0;
    r[o + BRACKET] = 0;
    this.count++;
  }

  /** Gives the chunks to the pool (the rows are read no more). */
  private release(): void {
    this.released = true;
    for (const chunk of this.chunks) if (pool.length < POOL_MAX) pool.push(chunk);
    this.chunks = [];
  }

  /** Whether rows were added since the last `placeNew`. */
  unplaced(): boolean {
    return this.placed < this.count;
  }

  /** Gives every row added since the last call this place. */
  placeNew(section: number, paragraph: number, bracket: number, line: number, column: number): void {
    for (let k = this.placed; k < this.count; k++) {
      const r = this.chunks[k >> CHUNK_BITS] as Int32Array;
      const o = (k & (CHUNK_ROWS - 1)) * STRIDE;
      r[o + LINE] = line;
      r[o + COLUMN] = column;
      r[o + SECTION] = section;
      r[o + PARAGRAPH] = paragraph;
      r[o + BRACKET] = bracket;
    }
    this.placed = this.count;
  }

  /** The rows as qualifier hits; `phrases[kind]` is each one's phrase. Once only: the rows are released. */
  qualifierObjects(phrases: readonly string[]): QualifierHit[] {
    if (this.released) throw new Error('hit rows: objects made twice');
    const out: QualifierHit[] = new Array(this.count);
    for (let k = 0; k < this.count; k++) {
      const r = this.chunks[k >> CHUNK_BITS] as Int32Array;
      const o = (k & (CHUNK_ROWS - 1)) * STRIDE;
      out[k] = {
        phrase: phrases[r[o + KIND] as number] as string,
        start: r[o + START] as number,
        end: r[o + END] as number,
        line: r[o + LINE] as number,
        column: r[o + COLUMN] as number,
        section: r[o + SECTION] as number,
        paragraph: r[o + PARAGRAPH] as number,
        bracket: r[o + BRACKET] as number,
      };
    }
    this.release();
    return out;
  }

  /** The rows as verb hits; `verbs[kind]` is each one's verb. Once only (as `qualifierObjects`). */
  verbObjects(verbs: readonly VerbEntry[]): VerbHit[] {
    if (this.released) throw new Error('hit rows: objects made twice');
    const out: VerbHit[] = new Array(this.count);
    for (let k = 0; k < this.count; k++) {
      const r = this.chunks[k >> CHUNK_BITS] as Int32Array;
      const o = (k & (CHUNK_ROWS - 1)) * STRIDE;
      const entry = verbs[r[o + KIND] as number] as VerbEntry;
      out[k] = {
        verb: entry.verb,
        family: entry.family,
        strength: entry.strength,
        start: r[o + START] as number,
        end: r[o + END] as number,
        line: r[o + LINE] as number,
        column: r[o + COLUMN] as number,
        section: r[o + SECTION] as number,
        paragraph: r[o + PARAGRAPH] as number,
        bracket: r[o + BRACKET] as number,
      };
    }
    this.release();
    return out;
  }
}

/** What `attachHits` reads: the hit lists (made on first read) and their lengths (known before). */
export interface HitSource {
  readonly qualifiers: QualifierHit[];
  readonly verbs: VerbHit[];
  readonly qualifierCount: number;
  readonly verbCount: number;
}

/** Parse results whose hit objects have not been made yet. */
const pending = new WeakMap<ParsedDraft, HitSource>();

/**
 * Gives `draft` lazy `qualifiers` and `verbs` properties, made from `source` on first read
 * and then plain properties (as `attachBrackets`); the keys keep their place among the
 * draft's keys (the caller puts placeholders there). `qualifierCount` answers without
 * making them.
 */
export function attachHits(draft: ParsedDraft, source: HitSource): void {
  pending.set(draft, source);
  lazy(draft, 'qualifiers', () => source.qualifiers);
  lazy(draft, 'verbs', () => source.verbs);
}

function lazy(draft: ParsedDraft, key: 'qualifiers' | 'verbs', make: () => unknown[]): void {
  const settle = (value: unknown) => {
    // Once the qualifiers are a plain list (made, or replaced by a consumer), it is the count.
    if (key === 'qualifiers') pending.delete(draft);
    Object.defineProperty(draft, key, { value, writable: true, enumerable: true, configurable: true });
  };
  Object.defineProperty(draft, key, {
    configurable: true,
    enumerable: true,
    get() {
      const list = make();
      settle(list);
      return list;
    },
    set(value: unknown) {
      settle(value);
    },
  });
}

/** `draft.qualifiers.length`, without making the hit objects of a fresh parse. */
export function qualifierCount(draft: ParsedDraft): number {
  return pending.get(draft)?.qualifierCount ?? draft.qualifiers.length;
}
