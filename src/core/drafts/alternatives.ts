import { moreThan, tooComplex } from './limits.js';
import { lowerBound } from './lists.js';
import { findWithin } from './pair-context.js';
import type { DraftAlternative, DraftBracket, DraftParagraph } from './types.js';

/**
 * Alternatives: options offered side by side for one choice. Three shapes are recognised
 * (docs/brackets.md, "Alternatives"):
 * - adjacent brackets with nothing but spaces (or one "/") between them: `[shall][should]`;
 * - labelled options in sequence: "Option 1: ... Option 2: ..." paragraphs, or brackets
 *   starting "[Alt 1: ...", under the same parent;
 * - " / " separating options inside one bracket's own text: `[objectives / conditions]`.
 */
export function findAlternatives(
  text: string,
  brackets: DraftBracket[],
  paragraphs: readonly DraftParagraph[],
  maxAlternatives = Number.POSITIVE_INFINITY,
): DraftAlternative[] {
  const groups = new Groups(maxAlternatives);
  // Usually every bracket is around text: then the list is used as it is, not copied.
  const textBrackets = brackets.every((b) => b.kind === 'text')
    ? brackets
    : brackets.filter((b) => b.kind === 'text');
  adjacentGroups(text, brackets, textBrackets, paragraphs, groups);
  labelledGroups(brackets, textBrackets, paragraphs, groups);
  slashGroups(text, textBrackets, paragraphs, groups);

  const list = groups.list;
  list.sort((a, b) => (a.members[0]?.start ?? 0) - (b.members[0]?.start ?? 0));
  list.forEach((g, index) => {
    if (g.kind === 'slash') return;
    for (const m of g.members) {
      if (m.bracket !== undefined) (brackets[m.bracket] as DraftBracket).alternative = index;
    }
  });
  return list;
}

/**
 * 1. Adjacent siblings, in one pass in document order. Per parent (indexed by its id + 1):
 * its last text child so far and the run of adjacent siblings that child ends; runs are
 * chained through `nextInRun`. No list or closure per parent: dense drafts have one
 * parent per few brackets.
 */
function adjacentGroups(
  text: string,
  brackets: readonly DraftBracket[],
  textBrackets: readonly DraftBracket[],
  paragraphs: readonly DraftParagraph[],
  groups: Groups,
): void {
  const slots = brackets.length + 1;
  const lastChild = new Int32Array(slots).fill(-1);
  const runHead = new Int32Array(slots);
  const runLength = new Int32Array(slots);
  const nextInRun = new Int32Array(brackets.length).fill(-1);
  const emitRun = (head: number) => {
    const members: DraftAlternative['members'] = [];
    for (let k = head; k >= 0; k = nextInRun[k] as number) {
      const b = brackets[k] as DraftBracket;
      members.push(
        b.option
          ? { start: b.start, end: b.end, bracket: b.id, label: b.option }
          : { start: b.start, end: b.end, bracket: b.id },
      );
    }
    const first = brackets[head] as DraftBracket;
    groups.push({
      kind: 'adjacent',
      members,
      section: (paragraphs[first.paragraph] as DraftParagraph).section,
      paragraph: first.paragraph,
      line: 0,
      column: 0,
    });
  };
  for (const b of textBrackets) {
    const slot = b.parent + 1;
    const prevId = lastChild[slot] as number;
    lastChild[slot] = b.id;
    const prev = prevId >= 0 ? (brackets[prevId] as DraftBracket) : undefined;
    if (
      prev &&
      b.paragraph === prev.paragraph &&
      isSeparator(text, prev.end, b.start) &&
      !endsListItem(text, prev, b.start)
    ) {
      nextInRun[prevId] = b.id;
      runLength[slot] = (runLength[slot] as number) + 1;
      continue;
    }
    if ((runLength[slot] as number) >= 2) emitRun(runHead[slot] as number);
    runHead[slot] = b.id;
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
  bracket?: DraftBracket;
  paragraph: number;
  container: string;
}

/**
 * 2. Labelled options in sequence, per container (enclosing bracket and section). Runs after
 * the adjacent groups: an option bracket already in one of them is not offered again.
 */
function labelledGroups(
  brackets: readonly DraftBracket[],
  textBrackets: readonly DraftBracket[],
  paragraphs: readonly DraftParagraph[],
  groups: Groups,
): void {
  const labelled: Labelled[] = [];
  const optionBracketOf = new Map<number, DraftBracket>();
  for (const b of textBrackets)
    if (b.option && !optionBracketOf.has(b.paragraph)) optionBracketOf.set(b.paragraph, b);
  const byParagraphStart = innermostAt(brackets);
  for (let p = 0; p < paragraphs.length; p++) {
    const para = paragraphs[p] as DraftParagraph;
    if (!para.option) continue;
    // An option label inside a bracket that starts the paragraph belongs to that bracket.
    const starting = optionBracketOf.get(p);
    if (starting && starting.option === para.option && starting.start <= para.bodyStart) continue;
    const inside = byParagraphStart(para.start);
    labelled.push({
      start: para.start,
      end: para.end,
      label: para.option,
      paragraph: p,
      container: `${inside ? inside.id : -1}:${para.section}`,
    });
  }
  // Only option brackets are looked up: a set of every grouped bracket costs a hash insert
  // per adjacent alternative on dense drafts.
  const grouped = new Set<number>();
  if (optionBracketOf.size > 0) {
    const optionIds = new Set<number>();
    for (const b of textBrackets) if (b.option) optionIds.add(b.id);
    for (const g of groups.list)
      for (const m of g.members)
        if (m.bracket !== undefined && optionIds.has(m.bracket)) grouped.add(m.bracket);
  }
  for (const b of textBrackets) {
    if (!b.option || grouped.has(b.id)) continue;
    labelled.push({
      start: b.start,
      end: b.end,
      label: b.option,
      bracket: b,
      paragraph: b.paragraph,
      container: `${b.parent}:${(paragraphs[b.paragraph] as DraftParagraph).section}`,
    });
  }
  labelled.sort((a, b) => a.start - b.start);
  const open = new Map<string, { members: Labelled[]; last: number }>();
  const finish = (members: Labelled[], least = 2) => {
    if (members.length < least) return;
    const first = members[0] as Labelled;
    const para = paragraphs[first.paragraph] as DraftParagraph;
    groups.push({
      kind: 'labelled',
      members: members.map((m) => ({
        start: m.start,
        end: m.end,
        label: m.label,
        ...(m.bracket ? { bracket: m.bracket.id } : {}),
      })),
      section: para.section,
      paragraph: first.paragraph,
      line: 0,
      column: 0,
    });
  };
  for (const item of labelled) {
    const value = labelValue(item.label);
    const key = `${item.container}|${labelStyle(item.label)}`;
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

/** The choices found so far; one too many refuses the draft (`maxAlternatives`) at once. */
class Groups {
  readonly list: DraftAlternative[] = [];

  constructor(private readonly max: number) {}

  push(group: DraftAlternative): void {
    if (this.list.length >= this.max)
      throw tooComplex('maxAlternatives', moreThan(this.max, 'choices between alternatives'));
    this.list.push(group);
  }
}

/** 3. " / " inside a bracket's own text (outside its nested brackets): one group per bracket. */
function slashGroups(
  text: string,
  textBrackets: readonly DraftBracket[],
  paragraphs: readonly DraftParagraph[],
  groups: Groups,
): void {
  const slashes: number[] = [];
  for (let at = text.indexOf(' / '); at >= 0; at = text.indexOf(' / ', at + 3)) slashes.push(at);
  if (slashes.length === 0) return;
  // Children lists, for the own text of each bracket (outside its nested brackets).
  const children = new Map<number, DraftBracket[]>();
  for (const b of textBrackets) {
    const list = children.get(b.parent);
    if (list) list.push(b);
    else children.set(b.parent, [b]);
  }
  for (const b of textBrackets) {
    if (slashes.length === 0) break;
    if (b.end - b.start > 20_000) continue;
    const inner = children.get(b.id) ?? [];
    const contentStart = b.start + b.openLength;
    const contentEnd = b.end - b.closeLength;
    const cuts: number[] = [];
    let from = contentStart;
    let k = 0;
    while (from < contentEnd) {
      const child = inner[k];
      const gapEnd = child ? Math.min(child.start, contentEnd) : contentEnd;
      for (let q = lowerBound(slashes, from); q < slashes.length; q++) {
        const at = slashes[q] as number;
        if (at + 3 > gapEnd) break;
        cuts.push(at);
      }
      if (!child) break;
      from = child.end;
      k++;
    }
    if (cuts.length === 0) continue;
    const members: { start: number; end: number }[] = [];
    let s = contentStart;
    for (const c of cuts) {
      members.push({ start: s, end: c });
      s = c + 3;
    }
    members.push({ start: s, end: contentEnd });
    groups.push({
      kind: 'slash',
      members: members.map((m) => ({ ...m, bracket: b.id })),
      section: (paragraphs[b.paragraph] as DraftParagraph).section,
      paragraph: b.paragraph,
      line: 0,
      column: 0,
    });
  }
}

/** Spaces and tabs, at most one line break, and optionally one "/" between two brackets. */
function isSeparator(text: string, from: number, to: number): boolean {
  if (to - from > 12) return false;
  let newlines = 0;
  let slashes = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13) continue;
    if (c === 10) {
      if (++newlines > 1) return false;
      continue;
    }
    if (c === 47 && ++slashes <= 1) continue;
    return false;
  }
  return true;
}

/**
 * Brackets on consecutive lines that are items of a list or successive paragraphs, each
 * bracketed on its own, not options for one choice: the first ends its line with ";", ","
 * or ":" inside it ("[“Party” means ...;]"), or each fills its own line (the first starts
 * its line, the second ends its line). Options that wrap onto the next line share a line
 * with the sentence around them.
 */
function endsListItem(text: string, prev: DraftBracket, next: number): boolean {
  if (findWithin(text, 10, prev.end, next) < 0) return false;
  let i = prev.end - prev.closeLength - 1;
  while (i > prev.start && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  const c = text.charCodeAt(i);
  if (c === 59 || c === 44 || c === 58) return true;
  return (
    onlyBeforeOnLine(text, prev.start, '[ \t*_') &&
    onlyAfterOnLine(text, bracketEnd(text, next), '] \t*_.;,:')
  );
}

/** End of the bracket opening at `open` on its line (the first "]" that closes it), or the line end. */
function bracketEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length && i < open + 2000; i++) {
    const c = text.charCodeAt(i);
    if (c === 91) depth++;
    else if (c === 93 && --depth === 0) return i + 1;
    else if (c === 10) return -1;
  }
  return -1;
}

/** Only characters of `allowed` between the start of the line and `at`. */
function onlyBeforeOnLine(text: string, at: number, allowed: string): boolean {
  for (let i = at - 1; i >= 0 && at - i < 40; i--) {
    const ch = text[i] as string;
    if (ch === '\n') return true;
    if (!allowed.includes(ch)) return false;
  }
  return at - 40 < 0;
}

/** Only characters of `allowed` between `at` and the end of the line (`at` < 0: the bracket runs on). */
function onlyAfterOnLine(text: string, at: number, allowed: string): boolean {
  if (at < 0) return false;
  for (let i = at; i < text.length && i - at < 40; i++) {
    const ch = text[i] as string;
    if (ch === '\n' || ch === '\r') return true;
    if (!allowed.includes(ch)) return false;
  }
  return at + 40 >= text.length;
}

/** Returns a lookup: the innermost bracket containing an offset (brackets sorted by start). */
function innermostAt(brackets: readonly DraftBracket[]): (offset: number) => DraftBracket | undefined {
  return (offset) => {
    let lo = 0;
    let hi = brackets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((brackets[mid] as DraftBracket).start < offset) lo = mid + 1;
      else hi = mid;
    }
    let b = brackets[lo - 1];
    while (b && b.end <= offset) b = b.parent >= 0 ? brackets[b.parent] : undefined;
    return b;
  };
}

function labelStyle(label: string): string {
  const v = label.split(' ')[1] ?? '';
  if (/^\d+$/.test(v)) return 'digit';
  if (/^[a-z]$/.test(v)) return 'lower';
  if (/^[A-Z]$/.test(v)) return 'upper';
  if (/^[ivx]+$/.test(v)) return 'lower';
  return 'upper';
}

function labelValue(label: string): number {
  const v = label.split(' ')[1] ?? '';
  if (/^\d+$/.test(v)) return Number(v);
  if (/^[a-zA-Z]$/.test(v) && !/^[IVX]$/.test(v)) return v.toLowerCase().charCodeAt(0) - 96;
  if (/^[ivxIVX]+$/.test(v)) {
    const map: Record<string, number> = { i: 1, v: 5, x: 10 };
    let total = 0;
    const s = v.toLowerCase();
    for (let k = 0; k < s.length; k++) {
      const a = map[s[k] as string] ?? 0;
      const b = map[s[k + 1] as string] ?? 0;
      total += a < b ? -a : a;
    }
    return total;
  }
  return 0;
}
