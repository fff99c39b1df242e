import { grown } from './lists.js';
import type { AlternativeKind, DraftAlternative, ParsedDraft } from './types.js';

const KINDS: readonly AlternativeKind[] = ['adjacent', 'labelled', 'slash'];

/** Kind codes of the table, indexes into `KINDS`. */
export const ADJACENT = 0;
export const LABELLED = 1;
export const SLASH = 2;

/**
 * The choices between alternatives of a draft as columns: per choice its kind, section,
 * paragraph and position, and its members in flat arrays (`first[g]` to `first[g + 1]`).
 * Like the bracket table (bracket-table.ts), it keeps the parse from holding one object per
 * choice and per member (a dense draft has a choice every 70 characters);
 * `ParsedDraft.alternatives` is made from it on first read, and status reads the table.
 */
export class AlternativeTable {
  count = 0;
  kind: Uint8Array;
  section: Int32Array;
  paragraph: Int32Array;
  line: Int32Array;
  column: Int32Array;
  /** Index of each choice's first member; `first[count]` is the number of members. */
  first: Int32Array;
  members = 0;
  memberStart: Int32Array;
  memberEnd: Int32Array;
  /** Index of the member's bracket, or -1. */
  memberBracket: Int32Array;
  /** Label of each member: 0 for none, else 1 + its index in `labels`. */
  memberLabel: Int32Array;
  /** The distinct labels (few: "Option 1", "Alt 2" ...), and the index of each. */
  private readonly labels: string[] = [];
  private readonly labelIds = new Map<string, number>();

  constructor(capacity: number, memberCapacity: number) {
    const n = Math.max(16, capacity);
    const m = Math.max(16, memberCapacity);
    this.kind = new Uint8Array(n);
    this.section = new Int32Array(n);
    this.paragraph = new Int32Array(n);
    this.line = new Int32Array(n);
    this.column = new Int32Array(n);
    this.first = new Int32Array(n + 1);
    this.memberStart = new Int32Array(m);
    this.memberEnd = new Int32Array(m);
    this.memberBracket = new Int32Array(m);
    this.memberLabel = new Int32Array(m);
  }

  /** Starts a new choice of kind `kind` (ADJACENT, LABELLED, SLASH); its members follow with `member`. Returns its index. */
  open(kind: number, section: number, paragraph: number): number {
    if (this.count + 1 >= this.kind.length) this.growGroups();
    const g = this.count++;
    this.kind[g] = kind;
    this.section[g] = section;
    this.paragraph[g] = paragraph;
    this.first[g] = this.members;
    this.first[g + 1] = this.members;
    return g;
  }

  /** Adds a member to the choice opened last. */
  member(start: number, end: number, bracket: number, label: string | undefined): void {
    if (this.members === this.memberStart.length) this.growMembers();
    const m = this.members++;
    this.memberStart[m] = start;
    this.memberEnd[m] = end;
    this.memberBracket[m] = bracket;
    this.memberLabel[m] = label === undefined ? 0 : this.labelId(label);
    this.first[this.count] = this.members;
  }

  /** The code of `label` in `memberLabel`. */
  labelId(label: string): number {
    let id = this.labelIds.get(label);
    if (id === undefined) {
      this.labels.push(label);
      id = this.labels.length;
      this.labelIds.set(label, id);
    }
    return id;
  }

  /** The label of member `m`, if it has one. */
  labelOf(m: number): string | undefined {
    const id = this.memberLabel[m] as number;
    return id === 0 ? undefined : this.labels[id - 1];
  }

  kindOf(g: number): AlternativeKind {
    return KINDS[this.kind[g] as number] as AlternativeKind;
  }

  /** Start of the first member of choice `g`. */
  startOf(g: number): number {
    return this.memberStart[this.first[g] as number] as number;
  }

  /** Appends choice `g` of `from` with its members; returns its index here. */
  copyGroup(from: AlternativeTable, g: number): number {
    const h = this.open(from.kind[g] as number, from.section[g] as number, from.paragraph[g] as number);
    for (let m = from.first[g] as number; m < (from.first[g + 1] as number); m++)
      this.member(
        from.memberStart[m] as number,
        from.memberEnd[m] as number,
        from.memberBracket[m] as number,
        from.labelOf(m),
      );
    return h;
  }

  private growGroups(): void {
    const n = this.kind.length * 2;
    this.kind = grown(this.kind, n);
    this.section = grown(this.section, n);
    this.paragraph = grown(this.paragraph, n);
    this.line = grown(this.line, n);
    this.column = grown(this.column, n);
    this.first = grown(this.first, n + 1);
  }

  private growMembers(): void {
    const n = this.memberStart.length * 2;
    this.memberStart = grown(this.memberStart, n);
    this.memberEnd = grown(this.memberEnd, n);
    this.memberBracket = grown(this.memberBracket, n);
    this.memberLabel = grown(this.memberLabel, n);
  }

  /** The objects of `ParsedDraft.alternatives`, with their keys in the order they always had. */
  toObjects(): DraftAlternative[] {
    const out: DraftAlternative[] = new Array(this.count);
    for (let g = 0; g < this.count; g++) {
      const kind = this.kindOf(g);
      const members: DraftAlternative['members'] = [];
      for (let m = this.first[g] as number; m < (this.first[g + 1] as number); m++) {
        const start = this.memberStart[m] as number;
        const end = this.memberEnd[m] as number;
        const bracket = this.memberBracket[m] as number;
        const label = this.labelOf(m);
        if (kind === 'labelled')
          members.push(
            bracket >= 0
              ? { start, end, label: label as string, bracket }
              : { start, end, label: label as string },
          );
        else members.push(label !== undefined ? { start, end, bracket, label } : { start, end, bracket });
      }
      out[g] = {
        kind,
        members,
        section: this.section[g] as number,
        paragraph: this.paragraph[g] as number,
        line: this.line[g] as number,
        column: this.column[g] as number,
      };
    }
    return out;
  }
}

/** What status needs of the choices: how many, where each starts, in which paragraph. */
export interface AlternativeColumns {
  count: number;
  /** Start of each choice's first member, in order. */
  starts: Int32Array;
  paragraph: Int32Array;
}

/** Tables of parse results whose alternative objects have not been made yet. */
const pending = new WeakMap<ParsedDraft, AlternativeTable>();

/**
 * Gives `draft` a lazy `alternatives` property, made from `table` on first read (then a
 * plain property); the key keeps its place. See `attachBrackets`.
 */
export function attachAlternatives(draft: ParsedDraft, table: AlternativeTable): void {
  pending.set(draft, table);
  const settle = (value: DraftAlternative[]) => {
    pending.delete(draft);
    Object.defineProperty(draft, 'alternatives', {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  };
  Object.defineProperty(draft, 'alternatives', {
    configurable: true,
    enumerable: true,
    get(): DraftAlternative[] {
      const list = table.toObjects();
      settle(list);
      return list;
    },
    set(value: DraftAlternative[]) {
      settle(value);
    },
  });
}

/** The choices of a draft as columns: the parse's own table while its objects have not been made, else read from them. */
export function alternativeColumns(draft: ParsedDraft): AlternativeColumns {
  const table = pending.get(draft);
  if (table) {
    const starts = new Int32Array(table.count);
    for (let g = 0; g < table.count; g++) starts[g] = table.startOf(g);
    return { count: table.count, starts, paragraph: table.paragraph.subarray(0, table.count) };
  }
  const list = draft.alternatives;
  const starts = new Int32Array(list.length);
  const paragraph = new Int32Array(list.length);
  list.forEach((a, g) => {
    starts[g] = a.members[0]?.start ?? 0;
    paragraph[g] = a.paragraph;
  });
  return { count: list.length, starts, paragraph };
}
