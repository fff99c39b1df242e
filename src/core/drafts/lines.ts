/**
 * Offsets to 1-based lines and columns, like `LineIndex`, but the index is built with
 * `indexOf` (a native scan for line breaks) rather than a character loop, which matters
 * at the engine's throughput target.
 */
export class LineLocator {
  private readonly starts: Int32Array;
  private readonly count: number;

  constructor(private readonly text: string) {
    let starts = new Int32Array(Math.max(16, text.length >> 5));
    let n = 1;
    starts[0] = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) {
      if (n === starts.length) {
        const bigger = new Int32Array(starts.length * 2);
        bigger.set(starts);
        starts = bigger;
      }
      starts[n++] = nl + 1;
    }
    this.starts = starts;
    this.count = n;
  }

  /** 1-based line and column (UTF-16 units) of an offset, clamped to the text. */
  locate(offset: number): { line: number; column: number } {
    const target = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineIndex(target);
    return { line: line + 1, column: target - (this.starts[line] as number) + 1 };
  }

  /** Writes line and column into `into` (no allocation: used once per qualifier and verb hit). */
  locateInto(offset: number, into: { line: number; column: number }): void {
    const target = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineIndex(target);
    into.line = line + 1;
    into.column = target - (this.starts[line] as number) + 1;
  }

  private lineIndex(target: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= target) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
