import { IndexLists } from './index-lists.js';
import { EMPTY, grown } from './lists.js';
import type { BracketKind, DraftBracket, ParsedDraft } from './types.js';

/**
 * The negotiation brackets of a draft as columns (one typed array per numeric field, plain
 * arrays for holders, notes and option labels), in order of their start. The parse builds
 * and fills this table instead of one object per bracket: on dense drafts (a bracket every
 * 20 characters) the objects were half of what the parse kept alive, and copying them
 * between the collector's generations was its largest single cost (issue #14).
 *
 * `ParsedDraft.brackets` is still the list of `DraftBracket` objects every consumer reads:
 * `parseDraft` makes it lazily, from this table, the first time someone reads it (JSON for
 * the cache, diff, clean, the web views ...); `draftStatus` reads the table itself while
 * the objects have not been made (see `bracketColumns`).
 */
export class BracketTable {
  count = 0;
  start: Int32Array;
  end: Int32Array;
  openLength: Uint8Array;
  closeLength: Uint8Array;
  /** 1 when closed. */
  closed: Uint8Array;
  /** 0 text, 1 paragraph number. */
  kind: Uint8Array;
  paragraph: Int32Array;
  section: Int32Array;
  depth: Int32Array;
  parent: Int32Array;
  words: Int32Array;
  line: Int32Array;
  column: Int32Array;
  endLine: Int32Array;
  endColumn: Int32Array;
  /** Index into `ParsedDraft.alternatives`, or -1. */
  alternative: Int32Array;
  /** Holders, notes and option labels of the few brackets that have them, by index (in order of first set). */
  holders: IndexLists<string[]>;
  notes: IndexLists<string[]>;
  option = new Map<number, string>();

  constructor(capacity: number) {
    const n = Math.max(16, capacity);
    this.holders = new IndexLists(n);
    this.notes = new IndexLists(n);
    this.start = new Int32Array(n);
    this.end = new Int32Array(n);
    this.openLength = new Uint8Array(n);
    this.closeLength = new Uint8Array(n);
    this.closed = new Uint8Array(n);
    this.kind = new Uint8Array(n);
    this.paragraph = new Int32Array(n);
    this.section = new Int32Array(n);
    this.depth = new Int32Array(n);
    this.parent = new Int32Array(n);
    this.words = new Int32Array(n);
    this.line = new Int32Array(n);
    this.column = new Int32Array(n);
    this.endLine = new Int32Array(n);
    this.endColumn = new Int32Array(n);
    this.alternative = new Int32Array(n);
  }

  /** Appends a bracket (positions, nesting and words are filled in later); returns its index. */
  add(
    kind: BracketKind,
    start: number,
    end: number,
    openLength: number,
    closeLength: number,
    closed: boolean,
    paragraph: number,
    holders: string[],
    option: string | undefined,
  ): number {
    if (this.count === this.start.length) this.grow();
    const k = this.count++;
    this.kind[k] = kind === 'text' ? 0 : 1;
    this.start[k] = start;
    this.end[k] = end;
    this.openLength[k] = openLength;
    this.closeLength[k] = closeLength;
    this.closed[k] = closed ? 1 : 0;
    this.paragraph[k] = paragraph;
    this.parent[k] = -1;
    this.alternative[k] = -1;
    if (holders.length > 0) this.holders.set(k, holders);
    if (option !== undefined) this.option.set(k, option);
    return k;
  }

  /** `add` for the common bracket: closed, of kind 'text', no holders, no option (no test of them per bracket). */
  addPlain(start: number, end: number, openLength: number, closeLength: number, paragraph: number): void {
    if (this.count === this.start.length) this.grow();
    const k = this.count++;
    this.kind[k] = 0;
    this.start[k] = start;
    this.end[k] = end;
    this.openLength[k] = openLength;
    this.closeLength[k] = closeLength;
    this.closed[k] = 1;
    this.paragraph[k] = paragraph;
    this.parent[k] = -1;
    this.alternative[k] = -1;
  }

  /** The bracket's holders (the shared `EMPTY` when it has none). */
  holdersOf(k: number): string[] {
    return this.holders.get(k) ?? EMPTY;
  }

  notesOf(k: number): string[] {
    return this.notes.get(k) ?? EMPTY;
  }

  /** Appends bracket `k` of `from` (used to merge tables in order of start). */
  copyFrom(from: BracketTable, k: number): void {
    const j = this.add(
      from.kind[k] === 0 ? 'text' : 'paragraph-number',
      from.start[k] as number,
      from.end[k] as number,
      from.openLength[k] as number,
      from.closeLength[k] as number,
      from.closed[k] === 1,
      from.paragraph[k] as number,
      from.holdersOf(k),
      from.option.get(k),
    );
    const notes = from.notes.get(k);
    if (notes) this.notes.set(j, notes);
  }

  kindOf(k: number): BracketKind {
    return this.kind[k] === 0 ? 'text' : 'paragraph-number';
  }

  private grow(): void {
    const n = this.start.length * 2;
    this.holders.reserve(n);
    this.notes.reserve(n);
    this.start = grown(this.start, n);
    this.end = grown(this.end, n);
    this.openLength = grown(this.openLength, n);
    this.closeLength = grown(this.closeLength, n);
    this.closed = grown(this.closed, n);
    this.kind = grown(this.kind, n);
    this.paragraph = grown(this.paragraph, n);
    this.section = grown(this.section, n);
    this.depth = grown(this.depth, n);
    this.parent = grown(this.parent, n);
    this.words = grown(this.words, n);
    this.line = grown(this.line, n);
    this.column = grown(this.column, n);
    this.endLine = grown(this.endLine, n);
    this.endColumn = grown(this.endColumn, n);
    this.alternative = grown(this.alternative, n);
  }

  /** The bracket objects of `ParsedDraft.brackets`, with the fields in their documented order. */
  toObjects(): DraftBracket[] {
    const out: DraftBracket[] = new Array(this.count);
    for (let k = 0; k < this.count; k++) {
      const b: DraftBracket = {
        id: k,
        kind: this.kindOf(k),
        start: this.start[k] as number,
        end: this.end[k] as number,
        openLength: this.openLength[k] as number,
        closeLength: this.closeLength[k] as number,
        closed: this.closed[k] === 1,
        line: this.line[k] as number,
        column: this.column[k] as number,
        endLine: this.endLine[k] as number,
        endColumn: this.endColumn[k] as number,
        depth: this.depth[k] as number,
        parent: this.parent[k] as number,
        section: this.section[k] as number,
        paragraph: this.paragraph[k] as number,
        words: this.words[k] as number,
        holders: this.holdersOf(k),
        notes: this.notesOf(k),
      };
      const option = this.option.get(k);
      if (option !== undefined) b.option = option;
      const alternative = this.alternative[k] as number;
      if (alternative >= 0) b.alternative = alternative;
      out[k] = b;
    }
    return out;
  }

  /** A table of bracket objects (a draft read back from the cache, or whose objects were made). */
  static fromObjects(brackets: readonly DraftBracket[]): BracketTable {
    const t = new BracketTable(brackets.length);
    for (const b of brackets) {
      const k = t.add(
        b.kind,
        b.start,
        b.end,
        b.openLength,
        b.closeLength,
        b.closed,
        b.paragraph,
        b.holders,
        b.option,
      );
      if (b.notes.length > 0) t.notes.set(k, b.notes);
      t.section[k] = b.section;
      t.depth[k] = b.depth;
      t.parent[k] = b.parent;
      t.words[k] = b.words;
      t.line[k] = b.line;
      t.column[k] = b.column;
      t.endLine[k] = b.endLine;
      t.endColumn[k] = b.endColumn;
      t.alternative[k] = b.alternative ?? -1;
    }
    return t;
  }
}

/** Tables of parse results whose bracket objects have not been made yet. */
const pending = new WeakMap<ParsedDraft, BracketTable>();

/**
 * Gives `draft` a lazy `brackets` property: the objects are made from `table` on first read
 * and then stored as a plain property (so they are made once, and consumers that change
 * them keep their changes). The property keeps its place among the draft's keys.
 */
export function attachBrackets(draft: ParsedDraft, table: BracketTable): void {
  pending.set(draft, table);
  Object.defineProperty(draft, 'brackets', {
    configurable: true,
    enumerable: true,
    get(this: ParsedDraft): DraftBracket[] {
      const list = table.toObjects();
      pending.delete(draft);
      Object.defineProperty(draft, 'brackets', {
        value: list,
        writable: true,
        enumerable: true,
        configurable: true,
      });
      return list;
    },
    set(this: ParsedDraft, value: DraftBracket[]) {
      pending.delete(draft);
      Object.defineProperty(draft, 'brackets', {
        value,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    },
  });
}

/**
 * The brackets of a draft as columns: the parse's own table while its objects have not
 * been made, else a table read from the objects (which a consumer may have changed).
 */
export function bracketColumns(draft: ParsedDraft): BracketTable {
  return pending.get(draft) ?? BracketTable.fromObjects(draft.brackets);
}
