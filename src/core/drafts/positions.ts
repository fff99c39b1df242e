import { lineStarts } from '../diagnostics.js';

/**
 * Lines and columns of offsets for the parse, which asks them in (nearly) increasing order
 * for every paragraph, bracket, annotation and hit: each lookup gallops forward from the
 * line of the previous one instead of a binary search over all lines, and writes into a
 * scratch object. Answers are those of `LineIndex` in diagnostics.ts (1-based line and
 * column in UTF-16 units, offsets clamped to the text), for any order of questions.
 */
export class LinePositions {
  private readonly starts: Int32Array;
  private readonly count: number;
  private readonly length: number;
  /** 0-based line of the last answer: where the next search starts. */
  private hint = 0;

  constructor(text: string) {
    const lines = lineStarts(text);
    this.starts = lines.starts;
    this.count = lines.count;
    this.length = text.length;
  }

  /** 1-based line and column of `offset` (a new object: for the few places that keep it). */
  locate(offset: number): { line: number; column: number } {
    const into = { line: 0, column: 0 };
    this.locateInto(offset, into);
    return into;
  }

  /** The same, written into `into`. */
  locateInto(offset: number, into: { line: number; column: number }): void {
    const target = Math.max(0, Math.min(offset, this.length));
    const line = this.lineFrom(this.hint, target);
    this.hint = line;
    into.line = line + 1;
    into.column = target - (this.starts[line] as number) + 1;
  }

  /**
   * The same for an offset known to lie on or after 1-based line `line` (a bracket's end after
   * its start): the search starts there and the next lookup's starting point is left as it was.
   */
  locateFrom(line: number, offset: number, into: { line: number; column: number }): void {
    const target = Math.max(0, Math.min(offset, this.length));
    const found = this.lineFrom(Math.max(0, Math.min(line - 1, this.count - 1)), target);
    into.line = found + 1;
    into.column = target - (this.starts[found] as number) + 1;
  }

  /**
   * For each span `k < n`, the line and column of `start[k]` and of its last character
   * (`max(start, end - 1)`), as `locateInto` and `locateFrom` give them, written into the four
   * columns. One forward pointer over the lines: fastest when the starts ascend (the brackets
   * of a parse), right in any order. The next lookup starts from the last span's line.
   */
  locateSpans(
    start: Int32Array,
    end: Int32Array,
    n: number,
    out: { line: Int32Array; column: Int32Array; endLine: Int32Array; endColumn: Int32Array },
  ): void {
    const { starts, count, length } = this;
    const { line, column, endLine, endColumn } = out;
    let ln = this.hint;
    for (let k = 0; k < n; k++) {
      const s0 = start[k] as number;
      const s = Math.max(0, Math.min(s0, length));
      if (s < (starts[ln] as number) || (ln + 1 < count && (starts[ln + 1] as number) <= s))
        ln = this.lineFrom(ln, s);
      line[k] = ln + 1;
      column[k] = s - (starts[ln] as number) + 1;
      const e1 = Math.max(s0, (end[k] as number) - 1);
      const e = Math.max(0, Math.min(e1, length));
      let el = ln;
      // The end on the start's line (most brackets), else found from there.
      if (e < (starts[el] as number) || (el + 1 < count && (starts[el + 1] as number) <= e))
        el = this.lineFrom(ln, e);
      endLine[k] = el + 1;
      endColumn[k] = e - (starts[el] as number) + 1;
    }
    this.hint = ln;
  }

  /** 1-based line of `offset`. */
  lineOf(offset: number): number {
    const target = Math.max(0, Math.min(offset, this.length));
    const line = this.lineFrom(this.hint, target);
    this.hint = line;
    return line + 1;
  }

  /**
   * 0-based line holding `target` (already clamped): the last line starting at or before it.
   * Gallops forward from `from` when the target lies after that line's start, else a binary
   * search below it.
   */
  private lineFrom(from: number, target: number): number {
    const starts = this.starts;
    let lo: number;
    let hi: number;
    if ((starts[from] as number) <= target) {
      // Invariant: starts[lo] <= target; the answer is in [lo, hi].
      lo = from;
      let step = 1;
      hi = from + 1;
      while (hi < this.count && (starts[hi] as number) <= target) {
        lo = hi;
        step *= 2;
        hi = from + step;
      }
      hi = Math.min(hi, this.count) - 1;
    } else {
      lo = 0;
      hi = from - 1;
    }
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= target) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
