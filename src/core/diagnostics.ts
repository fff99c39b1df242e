/**
 * Parsers report, never throw: they return a best-effort result plus diagnostics.
 * A diagnostic has a stable code (tests and adapters switch on it), a location and a
 * short snippet of the text around it, so a user can find the problem in their file.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** Stable identifier, e.g. `bracket.unclosed`. */
  code: string;
  severity: Severity;
  /** A short English description; adapters may reword by code. */
  message: string;
  /** 1-based line in the document's text. */
  line: number;
  /** 1-based column (in UTF-16 code units) in that line. */
  column: number;
  /** 0-based offset in the document's text, when known. */
  offset?: number;
  /** 1-based page, for paginated sources. */
  page?: number;
  /** A few characters of context around the location, single-line. */
  snippet?: string;
}

/** The offset where each line of `text` starts (the first `count` entries), found by `indexOf`. */
export function lineStarts(text: string): { starts: Int32Array; count: number } {
  let starts = new Int32Array(Math.max(16, text.length >> 5));
  let n = 1;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) {
    if (n === starts.length) {
      const bigger = new Int32Array(starts.length * 2);
      bigger.set(starts);
      starts = bigger;
    }
    starts[n++] = nl + 1;
  }
  return { starts, count: n };
}

/**
 * Converts offsets to 1-based line/column pairs. Built once per text with `indexOf` (a
 * native scan for line breaks, which matters at the bracket engine's throughput target);
 * each lookup is a binary search, so locating thousands of brackets stays cheap.
 */
export class LineIndex {
  private readonly starts: Int32Array;
  private readonly count: number;

  constructor(readonly text: string) {
    const lines = lineStarts(text);
    this.starts = lines.starts;
    this.count = lines.count;
  }

  /** 1-based line and column (UTF-16 units) of a 0-based offset, clamped to the text. */
  locate(offset: number): { line: number; column: number } {
    const into = { line: 0, column: 0 };
    this.locateInto(offset, into);
    return into;
  }

  /** The same, written into `into` (no allocation, for hot loops). */
  locateInto(offset: number, into: { line: number; column: number }): void {
    const target = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= target) lo = mid;
      else hi = mid - 1;
    }
    into.line = lo + 1;
    into.column = target - (this.starts[lo] as number) + 1;
  }

  /** Number of lines in the text. */
  get lineCount(): number {
    return this.count;
  }
}

/** A single-line excerpt of at most `width` characters centred on `offset`. */
export function snippetAt(text: string, offset: number, width = 40): string {
  const half = Math.floor(width / 2);
  const start = Math.max(0, offset - half);
  const end = Math.min(text.length, offset + half);
  const body = text.slice(start, end).replace(/\s+/g, ' ');
  return `${start > 0 ? '…' : ''}${body}${end < text.length ? '…' : ''}`;
}
