import { moreThan, tooComplex } from './limits.js';
import { grown } from './lists.js';
import type { DraftParagraph } from './types.js';
import { skipCodeSpan } from './words.js';

/**
 * Step 1 of the bracket scan (scan.ts): every `[` and `]` of the draft's paragraphs (skipping
 * Markdown code spans, honouring `\[` escapes), paired by one stack across paragraphs and
 * sections. Runs once per token (a dense draft has a token every ten characters), so nothing
 * here allocates per token: the pairs are typed-array columns, the stack an Int32Array, and
 * the next of each special character is found by a native `indexOf` kept until passed.
 */

/** A closing bracket with no opening bracket. */
export type Stray = { at: number; length: number; paragraph: number };

/**
 * Opening and closing tokens paired by one stack: parallel arrays indexed by slot (a pair),
 * grown by doubling (typed arrays: no object or boxed number per token), and the stray closers.
 */
export class PairTable {
  /** Number of slots used. */
  count = 0;
  open: Int32Array;
  openLen: Int32Array;
  openPara: Int32Array;
  /** -1 for a bracket never closed. */
  close: Int32Array;
  closeLen: Int32Array;
  closePara: Int32Array;
  /** Slot of the bracket that was open when this one opened (-1 at top level). */
  parent: Int32Array;
  stray: Stray[] = [];
  /**
   * By paragraph, for the paragraphs holding a token: where it starts and its section, read
   * once from its object while the pass is there (the classification reads them per pair, and
   * reading the paragraph objects again, spread over memory, cost more than the rest of a pair).
   */
  paraStart: Int32Array;
  paraSection: Int32Array;
  /** Slots of the brackets open at this point of the pass, innermost last; `top` of them live. */
  private stack = new Int32Array(64);
  private top = 0;

  constructor(
    capacity: number,
    paragraphs: number,
    private maxBrackets: number,
  ) {
    this.paraStart = new Int32Array(paragraphs);
    this.paraSection = new Int32Array(paragraphs);
    this.open = new Int32Array(capacity);
    this.openLen = new Int32Array(capacity);
    this.openPara = new Int32Array(capacity);
    this.close = new Int32Array(capacity);
    this.closeLen = new Int32Array(capacity);
    this.closePara = new Int32Array(capacity);
    this.parent = new Int32Array(capacity);
  }

  /** The table emptied for another draft of `paragraphs` paragraphs: its arrays kept (grown if needed). */
  reset(paragraphs: number, maxBrackets: number): this {
    this.count = 0;
    this.top = 0;
    this.stray = [];
    this.maxBrackets = maxBrackets;
    if (this.paraStart.length < paragraphs) {
      this.paraStart = new Int32Array(paragraphs);
      this.paraSection = new Int32Array(paragraphs);
    }
    return this;
  }

  /** An opening token: a new slot, inside the innermost open one. Refuses a draft past `maxBrackets`. */
  openAt(at: number, length: number, paragraph: number): void {
    const k = this.count;
    if (k >= this.maxBrackets)
      throw tooComplex('maxBrackets', moreThan(this.maxBrackets, 'opening brackets'));
    if (k === this.open.length) this.grow();
    this.count = k + 1;
    this.open[k] = at;
    this.openLen[k] = length;
    this.openPara[k] = paragraph;
    this.close[k] = -1;
    this.closeLen[k] = 0;
    this.closePara[k] = -1;
    const top = this.top;
    this.parent[k] = top > 0 ? (this.stack[top - 1] as number) : -1;
    if (top === this.stack.length) this.stack = grown(this.stack, top * 2);
    this.stack[top] = k;
    this.top = top + 1;
  }

  /** A closing token: closes the innermost open slot, or is stray when none is open. */
  closeAt(at: number, length: number, paragraph: number): void {
    if (this.top === 0) {
      this.stray.push({ at, length, paragraph });
      return;
    }
    const k = this.stack[--this.top] as number;
    this.close[k] = at;
    this.closeLen[k] = length;
    this.closePara[k] = paragraph;
  }

  private grow(): void {
    const n = Math.max(16, this.open.length * 2);
    this.open = grown(this.open, n);
    this.openLen = grown(this.openLen, n);
    this.openPara = grown(this.openPara, n);
    this.close = grown(this.close, n);
    this.closeLen = grown(this.closeLen, n);
    this.closePara = grown(this.closePara, n);
    this.parent = grown(this.parent, n);
  }
}

/**
 * The table of the last scan, kept for the next: its arrays serve again (a dense draft's seven
 * columns are megabytes, and allocating, zeroing and growing them was a tenth of the scan).
 * Taken by `pairTokens(..., true)` while in use, given back by `releasePairs`.
 */
let spare: PairTable | undefined;
/** Slots (and paragraphs) of the largest table kept between scans: 4.5 MB of columns at most. */
const MAX_SPARE = 1 << 17;

/** Gives back a table from `pairTokens(..., true)` once nothing reads it any more. */
export function releasePairs(pairs: PairTable): void {
  if (pairs.open.length <= MAX_SPARE && pairs.paraStart.length <= MAX_SPARE) spare = pairs;
}

/**
 * The next of a few characters at or after a position: one `indexOf` per character (a native
 * search, much faster than a loop over the characters of a draft with few of them), each kept
 * until the search passes it.
 */
export class NextOf {
  /** Per character: its next position found (-1: none after it; -2: not searched yet). */
  private readonly found: number[];

  constructor(
    private readonly text: string,
    private readonly chars: readonly string[],
  ) {
    this.found = chars.map(() => -2);
  }

  /** The first of the characters at or after `from`, or -1; `from` never decreases from one call to the next. */
  next(from: number): number {
    let best = -1;
    for (let k = 0; k < this.chars.length; k++) {
      let at = this.found[k] as number;
      if (at !== -1 && at < from) {
        at = this.text.indexOf(this.chars[k] as string, from);
        this.found[k] = at;
      }
      if (at >= 0 && (best < 0 || at < best)) best = at;
    }
    return best;
  }
}

/** The first `char` of `text` at or after `from`, or `text.length` when there is none (so a minimum needs no test for -1). */
function after(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from);
  return at < 0 ? text.length : at;
}

/**
 * Tokens, paired by one stack across the whole draft. Slots are taken in order of the opening
 * bracket, so pairs come out in document order (a pre-order walk of the tree) with no sort; a
 * slot whose close stays -1 is an unclosed bracket.
 *
 * One search over the whole text for the characters that matter (`[`, `]`, and in Markdown
 * `\` and a backtick), each kept in a local variable until passed; each hit is placed in its
 * paragraph by a forward pointer (text outside paragraphs, such as code blocks and link
 * definitions, is skipped).
 */
export function pairTokens(
  text: string,
  paragraphs: readonly DraftParagraph[],
  markdown: boolean,
  maxBrackets: number,
  reuse = false,
): PairTable {
  const count = paragraphs.length;
  const pairs =
    reuse && spare
      ? spare.reset(count, maxBrackets)
      : new PairTable(Math.max(16, text.length >> 5), count, maxBrackets);
  if (reuse) spare = undefined;
  const n = text.length;
  if (count === 0) return pairs;
  if (!markdown) {
    pairPlainTokens(text, paragraphs, pairs);
    return pairs;
  }
  const { paraStart, paraSection } = pairs;
  let opener = after(text, '[', 0);
  let closer = after(text, ']', 0);
  let backslash = markdown ? after(text, '\\', 0) : n;
  let tick = markdown ? after(text, '`', 0) : n;
  let p = 0;
  let para = paragraphs[0] as DraftParagraph;
  let start = para.start;
  let end = para.end;
  paraStart[0] = start;
  paraSection[0] = para.section;
  let i = Math.min(opener, closer, backslash, tick);
  while (i < n) {
    if (i >= end) {
      while (p < count && (paragraphs[p] as DraftParagraph).end <= i) p++;
      if (p >= count) break;
      para = paragraphs[p] as DraftParagraph;
      start = para.start;
      end = para.end;
      paraStart[p] = start;
      paraSection[p] = para.section;
    }
    let resume = i + 1;
    if (i < start) resume = start;
    else {
      const c = text.charCodeAt(i);
      if (c === 91 /* [ */) pairs.openAt(i, 1, p);
      else if (c === 93 /* ] */) pairs.closeAt(i, 1, p);
      else if (c === 92 /* \ */) {
        const next = i + 1 < end ? text.charCodeAt(i + 1) : -1;
        if (next === 91) pairs.openAt(i, 2, p);
        else if (next === 93) pairs.closeAt(i, 2, p);
        if (next === 91 || next === 93 || next === 92) resume = i + 2;
      } else resume = skipCodeSpan(text, i, end);
    }
    if (opener < resume) opener = after(text, '[', resume);
    if (closer < resume) closer = after(text, ']', resume);
    if (markdown) {
      if (backslash < resume) backslash = after(text, '\\', resume);
      if (tick < resume) tick = after(text, '`', resume);
    }
    i = Math.min(opener, closer, backslash, tick);
  }
  return pairs;
}

/**
 * `pairTokens` for plain text, where only `[` and `]` are tokens: the next of each is kept
 * until taken, and the nearer one is the token (no character read, no escape or code span to test).
 */
function pairPlainTokens(text: string, paragraphs: readonly DraftParagraph[], pairs: PairTable): void {
  const n = text.length;
  const count = paragraphs.length;
  const { paraStart, paraSection } = pairs;
  let opener = after(text, '[', 0);
  let closer = after(text, ']', 0);
  let p = 0;
  let para = paragraphs[0] as DraftParagraph;
  let start = para.start;
  let end = para.end;
  paraStart[0] = start;
  paraSection[0] = para.section;
  for (;;) {
    const i = Math.min(opener, closer);
    if (i >= n) return;
    if (i >= end) {
      while (p < count && (paragraphs[p] as DraftParagraph).end <= i) p++;
      if (p >= count) return;
      para = paragraphs[p] as DraftParagraph;
      start = para.start;
      end = para.end;
      paraStart[p] = start;
      paraSection[p] = para.section;
    }
    if (i < start) {
      // Between paragraphs: searched again from the next paragraph's start.
      if (opener < start) opener = after(text, '[', start);
      if (closer < start) closer = after(text, ']', start);
    } else if (i === opener) {
      pairs.openAt(i, 1, p);
      opener = after(text, '[', i + 1);
    } else {
      pairs.closeAt(i, 1, p);
      closer = after(text, ']', i + 1);
    }
  }
}
