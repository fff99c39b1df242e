import type { VerbEntry } from './lexicon.js';
import { grown } from './lists.js';
import type { ParsedDraft, QualifierHit, VerbHit } from './types.js';

/**
 * Hits of the phrase finder (qualifiers or verbs) as rows of one flat int column, until
 * someone asks for the objects: a kind (which phrase or verb), the span, and the place.
 * The word pass of a dense draft finds a hit every 60 characters; one object per hit, made
 * while the pass runs, was the pass's largest allocation and outlived every young
 * collection (issue #14). Rows are appended in document order; `placeNew` writes the place
 * of the rows added since its last call (the word pass locates a word only when it hit).
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

export class HitColumns {
  count = 0;
  /** Rows before this one have their place. */
  private placed = 0;
  private rows = new Int32Array(STRIDE * 64);

  /** Appends a hit without its place (see `placeNew`). */
  add(kind: number, start: number, end: number): void {
    const o = this.count * STRIDE;
    if (o === this.rows.length) this.rows = grown(this.rows, 2 * o);
    this.rows[o + KIND] = kind;
    this.rows[o + START] = start;
    this.rows[o + END] = end;
    this.count++;
  }

  /** Whether rows were added since the last `placeNew`. */
  unplaced(): boolean {
    return this.placed < this.count;
  }

  /** Gives every row added since the last call this place. */
  placeNew(section: number, paragraph: number, bracket: number, line: number, column: number): void {
    const r = this.rows;
    for (let o = this.placed * STRIDE; o < this.count * STRIDE; o += STRIDE) {
      r[o + LINE] = line;
      r[o + COLUMN] = column;
      r[o + SECTION] = section;
      r[o + PARAGRAPH] = paragraph;
      r[o + BRACKET] = bracket;
    }
    this.placed = this.count;
  }

  /** The rows as qualifier hits; `phrases[kind]` is each one's phrase. */
  qualifierObjects(phrases: readonly string[]): QualifierHit[] {
    const r = this.rows;
    const out: QualifierHit[] = new Array(this.count);
    for (let k = 0, o = 0; k < this.count; k++, o += STRIDE) {
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
    return out;
  }

  /** The rows as verb hits; `verbs[kind]` is each one's verb. */
  verbObjects(verbs: readonly VerbEntry[]): VerbHit[] {
    const r = this.rows;
    const out: VerbHit[] = new Array(this.count);
    for (let k = 0, o = 0; k < this.count; k++, o += STRIDE) {
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
