/**
 * The text shapes the alternatives pass reads around brackets: what may stand between two
 * options, whether a bracket is a list item of its own line, and the order of option labels.
 * Pure functions of the text, shared with the tests' reference version of the pass.
 */
import { findWithin } from './pair-context.js';

/** Spaces and tabs, at most one line break, and optionally one "/" between two brackets. */
export function isSeparator(text: string, from: number, to: number): boolean {
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

/** The columns of a bracket table that `unlikeStarts` reads. */
interface Spans {
  start: Int32Array;
  end: Int32Array;
  openLength: Uint8Array;
  closeLength: Uint8Array;
}

/**
 * Whether adjacent brackets `a` and `b` start unlike: one continues the sentence before it
 * (opens with a comma, a semicolon, "and" or "or") and the other does not (`[should] [, as
 * appropriate,]`, `[communicating] [and implementing]`). Options of one choice stand in the same
 * place of the sentence, so they start alike (`Articles 4[ and 5][, 5 and 9]`); a bracket that
 * continues the sentence beside one that does not is an addition next to a word, not an option
 * for it. How they end says less: drafters put a following comma inside one option and not the
 * other (`[in the light of national circumstances,] [the principles of the Convention],`).
 */
export function unlikeStarts(text: string, spans: Spans, a: number, b: number): boolean {
  return leadPunctuation(text, spans, a) !== leadPunctuation(text, spans, b);
}

/** Whether bracket `k`'s text continues a sentence: opens (after spaces) with a comma, a semicolon, "and " or "or ". */
function leadPunctuation(text: string, spans: Spans, k: number): boolean {
  let i = (spans.start[k] as number) + (spans.openLength[k] as number);
  const end = (spans.end[k] as number) - (spans.closeLength[k] as number);
  while (i < end && text.charCodeAt(i) === 32) i++;
  if (i >= end) return false;
  const c = text.charCodeAt(i);
  if (c === 44 || c === 59) return true;
  if (c === 97) return i + 3 < end && text.startsWith('nd ', i + 1);
  return c === 111 && i + 2 < end && text.charCodeAt(i + 1) === 114 && text.charCodeAt(i + 2) === 32;
}

/**
 * Brackets on consecutive lines that are items of a list or successive paragraphs, each
 * bracketed on its own, not options for one choice: the first ends its line with ";", ","
 * or ":" inside it ("[“Party” means ...;]"), or each fills its own line (the first starts
 * its line, the second ends its line). Options that wrap onto the next line share a line
 * with the sentence around them.
 */
export function endsListItem(
  text: string,
  prevStart: number,
  prevEnd: number,
  prevCloseLength: number,
  next: number,
): boolean {
  if (findWithin(text, 10, prevEnd, next) < 0) return false;
  let i = prevEnd - prevCloseLength - 1;
  while (i > prevStart && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  const c = text.charCodeAt(i);
  if (c === 59 || c === 44 || c === 58) return true;
  return (
    onlyBeforeOnLine(text, prevStart, '[ \t*_') && onlyAfterOnLine(text, bracketEnd(text, next), '] \t*_.;,:')
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

/** How an option label counts: digits, lower-case letters (and roman numerals) or capitals. */
export function labelStyle(label: string): string {
  const v = label.split(' ')[1] ?? '';
  if (/^\d+$/.test(v)) return 'digit';
  if (/^[a-z]$/.test(v)) return 'lower';
  if (/^[A-Z]$/.test(v)) return 'upper';
  if (/^[ivx]+$/.test(v)) return 'lower';
  return 'upper';
}

/** The place of an option label in its sequence ("Option 3" 3, "Alt b" 2, "Option iv" 4). */
export function labelValue(label: string): number {
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
