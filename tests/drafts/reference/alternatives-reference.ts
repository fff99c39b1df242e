import { innermostAt } from '../../../src/core/drafts/alternatives.js';
import type { BracketTable } from '../../../src/core/drafts/bracket-table.js';
import { commaEnd } from '../../../src/core/drafts/insertions.js';
import { lowerBound } from '../../../src/core/drafts/lists.js';
import {
  endsListItem,
  isSeparator,
  labelStyle,
  labelValue,
  leadChoiceEnd,
  leadInEnd,
  modalEnd,
  unlikeStarts,
} from '../../../src/core/drafts/option-shapes.js';
import type { DraftAlternative, DraftParagraph } from '../../../src/core/drafts/types.js';

/**
 * The reference for findAlternatives (src/core/drafts/alternatives.ts): the object-based
 * version the engine had before its speed work (#14), kept in the tests so that the column
 * version (runs marked and written in order, no sort) is checked against it on fuzzed and
 * generated drafts (alternatives-equivalence.test.ts). Only its table is simpler: one object
 * per choice, sorted at the end. Change it with the rules of docs/brackets.md, never for speed.
 */

/** A choice as the reference finds it. */
export interface RefChoice {
  kind: DraftAlternative['kind'];
  section: number;
  paragraph: number;
  members: { start: number; end: number; bracket: number; label: string | undefined }[];
}

class RefTable {
  readonly list: RefChoice[] = [];
  members = 0;
  readonly memberBracket: number[] = [];

  open(kind: DraftAlternative['kind'], section: number, paragraph: number): void {
    this.list.push({ kind, section, paragraph, members: [] });
  }

  member(start: number, end: number, bracket: number, label: string | undefined): void {
    (this.list[this.list.length - 1] as RefChoice).members.push({ start, end, bracket, label });
    this.memberBracket.push(bracket);
    this.members++;
  }
}

/**
 * Alternatives: options offered side by side for one choice. Three shapes are recognised
 * (docs/brackets.md, "Alternatives"):
 * - adjacent brackets with nothing but spaces (or one "/") between them: `[shall][should]`;
 * - labelled options in sequence: "Option 1: ... Option 2: ..." paragraphs, or brackets
 *   starting "[Alt 1: ...", under the same parent;
 * - " / " separating options inside one bracket's own text: `[objectives / conditions]`.
 */
export function referenceAlternatives(
  text: string,
  brackets: BracketTable,
  paragraphs: readonly DraftParagraph[],
): RefChoice[] {
  const groups = new Groups();
  // Indexes of the brackets around text (not around a paragraph number), in order.
  let n = 0;
  const textBrackets = new Int32Array(brackets.count);
  for (let k = 0; k < brackets.count; k++) if (brackets.kind[k] === 0) textBrackets[n++] = k;
  adjacentGroups(text, brackets, textBrackets.subarray(0, n), paragraphs, groups);
  labelledGroups(brackets, textBrackets.subarray(0, n), paragraphs, groups);
  slashGroups(text, brackets, textBrackets.subarray(0, n), paragraphs, groups);
  // Stable: ties keep the order found (adjacent, labelled, slash).
  return groups.table.list.sort((a, b) => (a.members[0]?.start ?? 0) - (b.members[0]?.start ?? 0));
}

/**
 * 1. Adjacent siblings, in one pass in document order. Per parent (indexed by its id + 1):
 * its last text child so far and the run of adjacent siblings that child ends; runs are
 * chained through `nextInRun`. No list or closure per parent: dense drafts have one
 * parent per few brackets.
 */
function adjacentGroups(
  text: string,
  brackets: BracketTable,
  textBrackets: Int32Array,
  paragraphs: readonly DraftParagraph[],
  groups: Groups,
): void {
  const { start, end, paragraph, parent, option, closeLength } = brackets;
  const slots = brackets.count + 1;
  const lastChild = new Int32Array(slots).fill(-1);
  const runHead = new Int32Array(slots);
  const runLength = new Int32Array(slots);
  const nextInRun = new Int32Array(brackets.count).fill(-1);
  const emitRun = (head: number) => {
    const run: number[] = [];
    for (let k = head; k >= 0; k = nextInRun[k] as number) run.push(k);
    // An open-ended lead-in before a choice (`[take measures to] [reduce][manage]`) is no option of
    // it; a choice of modal verbs beside a choice of other words (`[shall][should] [take][consider]`) is two;
    // so are lead-in options beside infinitives (`[tratarán de][procurarán] [reducir][limitar]`); a
    // phrase set off by commas (`shall, [within its means,] [mobilize][provide]`) and list items
    // ending with commas are no options.
    const parts: number[][] = [];
    let rest = run;
    for (;;) {
      const cut =
        leadInEnd(text, brackets, rest) ||
        leadChoiceEnd(text, brackets, rest, rest.length) ||
        modalEnd(text, brackets, rest) ||
        commaEnd(text, brackets, rest, rest.length);
      if (cut === 0) break;
      parts.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    parts.push(rest);
    for (const part of parts) {
      if (part.length < 2) continue;
      const p = paragraph[part[0] as number] as number;
      groups.open('adjacent', (paragraphs[p] as DraftParagraph).section, p);
      for (const k of part) {
        const label = option.get(k);
        groups.table.member(start[k] as number, end[k] as number, k, label ? label : undefined);
      }
    }
  };
  for (const b of textBrackets) {
    const slot = (parent[b] as number) + 1;
    const prev = lastChild[slot] as number;
    lastChild[slot] = b;
    if (
      prev >= 0 &&
      paragraph[b] === paragraph[prev] &&
      isSeparator(text, end[prev] as number, start[b] as number) &&
      !endsListItem(
        text,
        start[prev] as number,
        end[prev] as number,
        closeLength[prev] as number,
        start[b] as number,
      ) &&
      !unlikeStarts(text, brackets, prev, b)
    ) {
      nextInRun[prev] = b;
      runLength[slot] = (runLength[slot] as number) + 1;
      continue;
    }
    if ((runLength[slot] as number) >= 2) emitRun(runHead[slot] as number);
    runHead[slot] = b;
    runLength[slot] = 1;
  }
  for (let slot = 0; slot < slots; slot++)
    if ((runLength[slot] as number) >= 2) emitRun(runHead[slot] as number);
}

/** An option label and where it stands: a paragraph "Option 1: ..." or a bracket "[Alt 1: ...". */
interface Labelled {
  start: number;
  end: number;
  label: string;
  /** Index of the option bracket, when the option is one. */
  bracket?: number;
  paragraph: number;
  container: string;
}

/**
 * 2. Labelled options in sequence, per container (enclosing bracket and section). Runs after
 * the adjacent groups: an option bracket already in one of them is not offered again.
 */
function labelledGroups(
  brackets: BracketTable,
  textBrackets: Int32Array,
  paragraphs: readonly DraftParagraph[],
  groups: Groups,
): void {
  const { option } = brackets;
  const labelled: Labelled[] = [];
  // Paragraph -> its first option bracket.
  const optionBracketOf = new Map<number, number>();
  for (const b of textBrackets)
    if (option.get(b) && !optionBracketOf.has(brackets.paragraph[b] as number))
      optionBracketOf.set(brackets.paragraph[b] as number, b);
  const byParagraphStart = (offset: number) => innermostAt(brackets, offset);
  for (let p = 0; p < paragraphs.length; p++) {
    const para = paragraphs[p] as DraftParagraph;
    if (!para.option) continue;
    // An option label inside a bracket that starts the paragraph belongs to that bracket.
    const starting = optionBracketOf.get(p);
    if (
      starting !== undefined &&
      option.get(starting) === para.option &&
      (brackets.start[starting] as number) <= para.bodyStart
    )
      continue;
    const inside = byParagraphStart(para.start);
    labelled.push({
      start: para.start,
      end: para.end,
      label: para.option,
      paragraph: p,
      container: `${inside}:${para.section}`,
    });
  }
  // Only option brackets are looked up: a set of every grouped bracket costs a hash insert
  // per adjacent alternative on dense drafts.
  const grouped = new Set<number>();
  if (optionBracketOf.size > 0) {
    const optionIds = new Set<number>();
    for (const b of textBrackets) if (option.get(b)) optionIds.add(b);
    const { memberBracket } = groups.table;
    for (let m = 0; m < groups.table.members; m++)
      if (optionIds.has(memberBracket[m] as number)) grouped.add(memberBracket[m] as number);
  }
  for (const b of textBrackets) {
    const label = option.get(b);
    if (!label || grouped.has(b)) continue;
    const p = brackets.paragraph[b] as number;
    labelled.push({
      start: brackets.start[b] as number,
      end: brackets.end[b] as number,
      label,
      bracket: b,
      paragraph: p,
      container: `${brackets.parent[b]}:${(paragraphs[p] as DraftParagraph).section}`,
    });
  }
  labelled.sort((a, b) => a.start - b.start);
  const open = new Map<string, { members: Labelled[]; last: number }>();
  const finish = (members: Labelled[], least = 2) => {
    if (members.length < least) return;
    const first = members[0] as Labelled;
    const para = paragraphs[first.paragraph] as DraftParagraph;
    groups.open('labelled', para.section, first.paragraph);
    for (const m of members) groups.table.member(m.start, m.end, m.bracket ?? -1, m.label);
  };
  for (const item of labelled) {
    const value = labelValue(item.label);
    const key = `${item.container}|${item.label.split(' ')[0]}|${labelStyle(item.label)}`;
    const current = open.get(key);
    if (current && value === current.last + 1) {
      current.members.push(item);
      current.last = value;
      continue;
    }
    if (current) finish(current.members);
    open.set(key, { members: [item], last: value });
  }
  for (const { members } of open.values()) {
    if (members.length === 1 && cutAfterFirstOption(members[0] as Labelled, labelled, paragraphs)) {
      finish(members, 1);
    } else finish(members);
  }
}

/**
 * A first option ("Option 1:", "Alt A") in the last paragraph of the text, with no second
 * option anywhere after it: the text is an excerpt cut inside the choice, whose other options
 * lie beyond the cut. Still a choice, with the one option the text shows.
 */
function cutAfterFirstOption(
  item: Labelled,
  labelled: readonly Labelled[],
  paragraphs: readonly DraftParagraph[],
): boolean {
  return (
    item.bracket === undefined &&
    labelled[labelled.length - 1] === item &&
    labelValue(item.label) === 1 &&
    item.paragraph === paragraphs.length - 1
  );
}

class Groups {
  readonly table = new RefTable();

  open(kind: DraftAlternative['kind'], section: number, paragraph: number): void {
    this.table.open(kind, section, paragraph);
  }
}

/** 3. " / " inside a bracket's own text (outside its nested brackets): one group per bracket. */
function slashGroups(
  text: string,
  brackets: BracketTable,
  textBrackets: Int32Array,
  paragraphs: readonly DraftParagraph[],
  groups: Groups,
): void {
  const slashes: number[] = [];
  for (let at = text.indexOf(' / '); at >= 0; at = text.indexOf(' / ', at + 3)) slashes.push(at);
  if (slashes.length === 0) return;
  const { start, end, parent } = brackets;
  // Children lists, for the own text of each bracket (outside its nested brackets).
  const children = new Map<number, number[]>();
  for (const b of textBrackets) {
    const list = children.get(parent[b] as number);
    if (list) list.push(b);
    else children.set(parent[b] as number, [b]);
  }
  for (const b of textBrackets) {
    if (slashes.length === 0) break;
    if ((end[b] as number) - (start[b] as number) > 20_000) continue;
    const inner = children.get(b) ?? [];
    const contentStart = (start[b] as number) + (brackets.openLength[b] as number);
    const contentEnd = (end[b] as number) - (brackets.closeLength[b] as number);
    const cuts: number[] = [];
    let from = contentStart;
    let k = 0;
    while (from < contentEnd) {
      const child = inner[k];
      const gapEnd = child !== undefined ? Math.min(start[child] as number, contentEnd) : contentEnd;
      for (let q = lowerBound(slashes, from); q < slashes.length; q++) {
        const at = slashes[q] as number;
        if (at + 3 > gapEnd) break;
        cuts.push(at);
      }
      if (child === undefined) break;
      from = end[child] as number;
      k++;
    }
    if (cuts.length === 0) continue;
    const p = brackets.paragraph[b] as number;
    groups.open('slash', (paragraphs[p] as DraftParagraph).section, p);
    let s = contentStart;
    for (const c of cuts) {
      groups.table.member(s, c, b, undefined);
      s = c + 3;
    }
    groups.table.member(s, contentEnd, b, undefined);
  }
}
