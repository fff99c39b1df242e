/**
 * Choices between alternatives (docs/brackets.md, "Alternatives"). Its three shapes are found
 * and then merged into one table in document order, and the merge depends on how each shape
 * is found (runs marked, labelled and slash choices in order), so they stay in this file; the
 * text shapes they read (separators, list items, label order) are in option-shapes.ts.
 */
import { ADJACENT, AlternativeTable, LABELLED, SLASH } from './alternative-table.js';
import type { BracketTable } from './bracket-table.js';
import { commaEnd, endsWithComma } from './insertions.js';
import { Items, LabelRuns, type ParagraphColumns } from './labelled-items.js';
import { moreThan, tooComplex } from './limits.js';
import { grown, lowerBound } from './lists.js';
import {
  endsListItem,
  isSeparator,
  labelStyle,
  labelValue,
  leadChoiceEnd,
  leadInEnd,
  mayLeadIn,
  modalEnd,
  unlikeStarts,
} from './option-shapes.js';
import { int32Scratch, uint8Scratch } from './scratch.js';

/**
 * Alternatives: options offered side by side for one choice. Three shapes are recognised
 * (docs/brackets.md, "Alternatives"):
 * - adjacent brackets with nothing but spaces (or one "/") between them: `[shall][should]`;
 * - labelled options in sequence: "Option 1: ... Option 2: ..." paragraphs, or brackets
 *   starting "[Alt 1: ...", under the same parent;
 * - " / " separating options inside one bracket's own text: `[objectives / conditions]`.
 *
 * `brackets.section` must be filled (the parse's buildTree does: each bracket's paragraph's
 * section): the choices of brackets take their section from it, not from paragraph objects.
 * `columns`: what the pass reads of the paragraphs (labelled-items.ts `ParagraphColumns`, which
 * the parse fills in its pass over the paragraphs).
 */
export function findAlternatives(
  text: string,
  brackets: BracketTable,
  columns: ParagraphColumns,
  maxAlternatives = Number.POSITIVE_INFINITY,
): AlternativeTable {
  // Each step reads the brackets around text only (kind 0), not those around a paragraph number.
  const runs = adjacentRuns(text, brackets);
  const labelled = labelledGroups(brackets, columns, runs.mark);
  const slash = slashGroups(text, brackets);
  const count = runs.heads + labelled.count + slash.count;
  if (count > maxAlternatives)
    throw tooComplex('maxAlternatives', moreThan(maxAlternatives, 'choices between alternatives'));
  return merged(brackets, runs, labelled, slash);
}

/** The brackets of the run `splitLeadIns` is reading (scratch.ts). */
const RUN = int32Scratch();

/** `Runs.mark`: the first bracket of a run of two or more, and a bracket that continues a run. */
const HEAD = 1;
const LINKED = 2;

/**
 * Runs of adjacent sibling brackets, as links: `next[k]` is the bracket after `k` in its run
 * (0 at a run's end: a next bracket is never the first), `mark[k]` is HEAD or LINKED for the
 * brackets of runs of two or more (0 otherwise). `heads` and `members` count those runs and
 * their brackets.
 */
interface Runs {
  next: Int32Array;
  mark: Uint8Array;
  heads: number;
  members: number;
}

/** `adjacentRuns`' columns, which live until `findAlternatives` returns (scratch.ts). */
const LAST_CHILD = int32Scratch();
const NEXT = int32Scratch();
const MARK = uint8Scratch();

/**
 * 1. Adjacent siblings, in one pass in document order: per parent (indexed by its id + 1),
 * its last text child so far (+ 1; 0 for none), to which the next child is linked when only
 * a separator stands between them. The first link of a run marks its head. Runs are only
 * marked here; `merged` writes them in document order (no sort), so a dense draft (one
 * choice every 70 characters) makes no object, closure or list per run.
 */
function adjacentRuns(text: string, brackets: BracketTable): Runs {
  const { start, end, paragraph, parent, closeLength, kind } = brackets;
  const lastChild = LAST_CHILD.take(brackets.count + 1);
  const next = NEXT.take(brackets.count);
  const mark = MARK.take(brackets.count);
  let heads = 0;
  let members = 0;
  for (let b = 0; b < brackets.count; b++) {
    if (kind[b] !== 0) continue;
    const slot = (parent[b] as number) + 1;
    const prev = (lastChild[slot] as number) - 1;
    lastChild[slot] = b + 1;
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
      next[prev] = b;
      mark[b] = LINKED;
      if (mark[prev] === 0) {
        mark[prev] = HEAD;
        heads++;
        members += 2;
      } else members++;
    }
  }
  const runs = { next, mark, heads, members };
  splitLeadIns(text, brackets, runs);
  return runs;
}

/**
 * Splits the runs that open with an open-ended lead-in (`[take measures to] [reduce][manage]`,
 * see `leadInEnd`) and the runs of a choice of modal verbs beside a choice of other words
 * (`[shall][should] [take][consider]`, see `modalEnd`): a part of one bracket (the lead-in alone, or the one bracket after it) is
 * no choice; lead-in options of their own stay one.
 * Only runs whose head ends with " to" are read again.
 */
function splitLeadIns(text: string, brackets: BracketTable, runs: Runs): void {
  const { next, mark } = runs;
  // One column for every run read again (its first `length` places), not a list per run.
  let run = RUN.take(16);
  for (let b = 0; b < brackets.count; b++) {
    if (mark[b] !== HEAD) continue;
    // Only a run whose head ends with " to" or a comma, or of three brackets or more, is read again.
    if (!mayLeadIn(text, brackets, b) && !longerThan(next, b, 2) && !endsWithComma(text, brackets, b))
      continue;
    let length = 0;
    for (let k = b; ; k = next[k] as number) {
      if (length === run.length) run = grown(run, 2 * length);
      run[length++] = k;
      if ((next[k] as number) === 0) break;
    }
    // A later part (its own head) is read again when the loop reaches it.
    const cut =
      leadInEnd(text, brackets, run, length) ||
      leadChoiceEnd(text, brackets, run, length) ||
      modalEnd(text, brackets, run, length) ||
      commaEnd(text, brackets, run, length);
    if (cut === 0) continue;
    next[run[cut - 1] as number] = 0;
    // Each part is a choice when it has two brackets or more; a bracket alone is none.
    const rest = length - cut;
    mark[run[cut] as number] = rest >= 2 ? HEAD : 0;
    if (cut === 1) mark[b] = 0;
    runs.heads += (cut >= 2 ? 1 : 0) + (rest >= 2 ? 1 : 0) - 1;
    runs.members -= (cut >= 2 ? 0 : cut) + (rest >= 2 ? 0 : rest);
  }
  RUN.adopt(run);
}

/**
 * The choices in order of their first member's start, ties in the order adjacent, labelled,
 * slash (the order they were always found in): the adjacent runs in bracket order, merged
 * with the labelled and slash choices (each already in order). Sets each member bracket's
 * `alternative` (slash choices split one bracket; they leave it unset).
 */
function merged(
  brackets: BracketTable,
  runs: Runs,
  labelled: AlternativeTable,
  slash: AlternativeTable,
): AlternativeTable {
  const { start, end, paragraph, option, alternative } = brackets;
  const { next, mark } = runs;
  const out = new AlternativeTable(
    runs.heads + labelled.count + slash.count + 1,
    runs.members + labelled.members + slash.members,
  );
  const labels = option.size > 0;
  const n = brackets.count;
  let a = 0;
  while (a < n && mark[a] !== HEAD) a++;
  let l = 0;
  let s = 0;
  for (;;) {
    const atA = a < n ? (start[a] as number) : Number.POSITIVE_INFINITY;
    const atL = l < labelled.count ? labelled.startOf(l) : Number.POSITIVE_INFINITY;
    const atS = s < slash.count ? slash.startOf(s) : Number.POSITIVE_INFINITY;
    if (atA === Number.POSITIVE_INFINITY && atL === atA && atS === atA) break;
    if (atA <= atL && atA <= atS) {
      const p = paragraph[a] as number;
      const g = out.open(ADJACENT, brackets.section[a] as number, p);
      // The members written in place (as `out.member` would): the table was made large enough.
      const { memberStart, memberEnd, memberBracket, memberLabel } = out;
      let m = out.members;
      let k = a;
      do {
        memberStart[m] = start[k] as number;
        memberEnd[m] = end[k] as number;
        memberBracket[m] = k;
        const label = labels ? option.get(k) : undefined;
        memberLabel[m] = label ? out.labelId(label) : 0;
        alternative[k] = g;
        m++;
        k = next[k] as number;
      } while (k > 0);
      out.members = m;
      out.first[g + 1] = m;
      a++;
      while (a < n && mark[a] !== HEAD) a++;
    } else if (atL <= atS) {
      const g = out.copyGroup(labelled, l);
      for (let m = labelled.first[l] as number; m < (labelled.first[l + 1] as number); m++) {
        const b = labelled.memberBracket[m] as number;
        if (b >= 0) alternative[b] = g;
      }
      l++;
    } else out.copyGroup(slash, s++);
  }
  return out;
}

/** The run from `head` has more than `n` brackets. */
function longerThan(next: Int32Array, head: number, n: number): boolean {
  let k = head;
  for (let i = 1; i <= n; i++) {
    k = next[k] as number;
    if (k === 0) return false;
  }
  return true;
}

/**
 * 2. Labelled options in sequence, per container (enclosing bracket and section): a paragraph
 * "Option 1: ..." or a bracket "[Alt 1: ...". An option bracket already in an adjacent run
 * (`mark`) is not offered again. Returns the choices in order of their start (`writeInOrder`).
 */
function labelledGroups(
  brackets: BracketTable,
  columns: ParagraphColumns,
  mark: Uint8Array,
): AlternativeTable {
  const { option } = brackets;
  // Paragraph -> its first option bracket; the option brackets outside adjacent runs.
  const optionBracketOf = new Map<number, number>();
  const optionBrackets: number[] = [];
  if (option.size > 0)
    for (let b = 0; b < brackets.count; b++) {
      if (brackets.kind[b] !== 0 || !option.get(b)) continue;
      const p = brackets.paragraph[b] as number;
      if (!optionBracketOf.has(p)) optionBracketOf.set(p, b);
      if (mark[b] === 0) optionBrackets.push(b);
    }
  const items = new Items(columns.options + optionBrackets.length);
  for (let q = 0; q < columns.options; q++) {
    const label = columns.label[q];
    if (!label) continue;
    const p = columns.index[q] as number;
    const start = columns.start[q] as number;
    // An option label inside a bracket that starts the paragraph belongs to that bracket.
    const starting = optionBracketOf.get(p);
    if (
      starting !== undefined &&
      option.get(starting) === label &&
      (brackets.start[starting] as number) <= (columns.bodyStart[q] as number)
    )
      continue;
    const inside = innermostAt(brackets, start);
    items.add(start, columns.end[q] as number, label, -1, p, inside, columns.section[p] as number);
  }
  for (const b of optionBrackets) {
    const p = brackets.paragraph[b] as number;
    const section = brackets.section[b] as number;
    items.add(
      brackets.start[b] as number,
      brackets.end[b] as number,
      option.get(b) as string,
      b,
      p,
      brackets.parent[b] as number,
      section,
    );
  }
  const out = new AlternativeTable(items.count >> 1, items.count);
  if (items.count === 0) return out;
  const order = items.order();
  const runs = new LabelRuns(order.length);
  for (let pos = 0; pos < order.length; pos++) runs.position[order[pos] as number] = pos;
  // Per container and label style (a number: see Items.key), the run of options so far.
  const open = new Map<number, number>();
  const known = new Map<string, LabelInfo>();
  for (let pos = 0; pos < order.length; pos++) {
    const i = order[pos] as number;
    const label = items.label[i] as string;
    let info = known.get(label);
    if (!info) {
      // The label's word and how it counts: "Option 1, 2" and "Alt 1, 2" are sequences of their own.
      info = {
        value: labelValue(label),
        style: labelWord(label) * 3 + LABEL_STYLES.indexOf(labelStyle(label)),
      };
      known.set(label, info);
    }
    const key = items.key(i, info.style);
    const current = open.get(key);
    if (current !== undefined && info.value === (runs.value[current] as number) + 1) {
      runs.extend(current, i, info.value);
      continue;
    }
    if (current !== undefined) runs.finish(current, 2);
    open.set(key, runs.start(i, info.value));
  }
  const last = order[order.length - 1] as number;
  // In the order the containers were first seen (as a Map keeps its keys).
  open.forEach((run) => {
    const only = runs.first[run] as number;
    // A first option ("Option 1:", "Alt A") in the last paragraph of the text, with no second
    // option anywhere after it: the text is an excerpt cut inside the choice, whose other
    // options lie beyond the cut. Still a choice, with the one option the text shows.
    const cut =
      runs.length[run] === 1 &&
      items.bracket[only] === -1 &&
      only === last &&
      labelValue(items.label[only] as string) === 1 &&
      items.paragraph[only] === columns.count - 1;
    runs.finish(run, cut ? 1 : 2);
  });
  writeInOrder(out, items, order, runs, columns.section);
  return out;
}

/**
 * Writes the labelled choices in order of their first option's start, as a stable sort of
 * them in the order they ended would: choices whose first options start at the same offset
 * (rare) in the order they ended.
 */
function writeInOrder(
  out: AlternativeTable,
  items: Items,
  order: Int32Array,
  runs: LabelRuns,
  paragraphSection: Int32Array,
): void {
  const { choiceAt, endedAt } = runs;
  for (let pos = 0; pos < order.length; ) {
    const at = items.start[order[pos] as number] as number;
    let end = pos + 1;
    while (end < order.length && items.start[order[end] as number] === at) end++;
    if (end - pos === 1) {
      const r = choiceAt[pos] as number;
      if (r >= 0) writeRun(out, items, runs, r, paragraphSection);
    } else {
      const tied: number[] = [];
      for (let q = pos; q < end; q++) if ((choiceAt[q] as number) >= 0) tied.push(q);
      tied.sort((a, b) => (endedAt[a] as number) - (endedAt[b] as number));
      for (const q of tied) writeRun(out, items, runs, choiceAt[q] as number, paragraphSection);
    }
    pos = end;
  }
}

/** Writes run `r` as a labelled choice. */
function writeRun(
  out: AlternativeTable,
  items: Items,
  runs: LabelRuns,
  r: number,
  paragraphSection: Int32Array,
): void {
  const head = runs.first[r] as number;
  const p = items.paragraph[head] as number;
  out.open(LABELLED, paragraphSection[p] as number, p);
  for (let i = head; i >= 0; i = runs.next[i] as number)
    out.member(items.start[i] as number, items.end[i] as number, items.bracket[i] as number, items.label[i]);
}

const LABEL_STYLES = ['digit', 'lower', 'upper'];

/** The word of a label as `optionWord` writes it: 0 Option, 1 Alt, 2 Variant. */
function labelWord(label: string): number {
  return label.startsWith('Alt') ? 1 : label.startsWith('Variant') ? 2 : 0;
}

interface LabelInfo {
  value: number;
  style: number;
}

/**
 * 3. " / " inside a bracket's own text (outside its nested brackets): one group per bracket,
 * in bracket order. The text is searched for "/" alone (a single-character search is far
 * faster than one for " / "), then the spaces around it are checked.
 */
function slashGroups(text: string, brackets: BracketTable): AlternativeTable {
  const out = new AlternativeTable(0, 0);
  // Starts of " / ", without overlaps (as a search for " / " from after each find).
  const slashes: number[] = [];
  let after = 0;
  for (let at = text.indexOf('/', 1); at >= 0; at = text.indexOf('/', at + 1))
    if (at - 1 >= after && text.charCodeAt(at - 1) === 32 && text.charCodeAt(at + 1) === 32) {
      slashes.push(at - 1);
      after = at + 2;
    }
  if (slashes.length === 0) return out;
  const { start, end, parent } = brackets;
  const textBrackets: number[] = [];
  for (let b = 0; b < brackets.count; b++) if (brackets.kind[b] === 0) textBrackets.push(b);
  // Children lists, for the own text of each bracket (outside its nested brackets).
  const children = new Map<number, number[]>();
  for (const b of textBrackets) {
    const list = children.get(parent[b] as number);
    if (list) list.push(b);
    else children.set(parent[b] as number, [b]);
  }
  for (const b of textBrackets) {
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
    out.open(SLASH, brackets.section[b] as number, p);
    let s = contentStart;
    for (const c of cuts) {
      out.member(s, c, b, undefined);
      s = c + 3;
    }
    out.member(s, contentEnd, b, undefined);
  }
  return out;
}

/** The index of the innermost bracket containing `offset`, or -1. */
export function innermostAt(brackets: BracketTable, offset: number): number {
  const { start, end, parent } = brackets;
  let lo = 0;
  let hi = brackets.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((start[mid] as number) < offset) lo = mid + 1;
    else hi = mid;
  }
  let b = lo - 1;
  while (b >= 0 && (end[b] as number) <= offset) b = parent[b] as number;
  return b;
}
