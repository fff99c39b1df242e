import type { Block, BlockKind, Document } from './types.js';

/**
 * Splits Markdown or plain text into blocks without rewriting it: every block's text is a
 * verbatim range of the input, so positions reported by the engines point into the
 * user's own file. Markdown structure recognised: ATX and setext headings, list items
 * (with their marker kept as `numbering`), fenced code, footnote and link reference
 * definitions. Plain text: paragraphs separated by blank lines; form feeds (as written
 * by `pdftotext`) advance the page number.
 *
 * Lines are offsets in two typed arrays and are read by character codes: no object or
 * substring per line (plain text makes none at all; Markdown slices a line only to try its
 * patterns). A block is located by a forward cursor over the line starts.
 */
export function blocksFromText(text: string, format: 'markdown' | 'text'): Block[] {
  const lines = splitLines(text);
  const { starts, ends, count } = lines;
  const blocks: Block[] = [];
  const md = format === 'markdown';
  let page = 1;
  let pageSeen = false;
  // Forward cursor for block positions (blocks come in order of their start).
  let lineAt = 0;
  // The next form feed at or after the line being read (text.length when none is left).
  let formFeed = -1;
  const formFeedIn = (k: number): boolean => {
    const s = starts[k] as number;
    if (formFeed < s) {
      formFeed = text.indexOf('\f', s);
      if (formFeed < 0) formFeed = text.length;
    }
    return formFeed < (ends[k] as number);
  };

  const push = (kind: BlockKind, start: number, end: number, level?: number, numbering?: string) => {
    // Trim whitespace at both ends without leaving the verbatim range.
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    if (end <= start) return;
    while (lineAt + 1 < count && (starts[lineAt + 1] as number) <= start) lineAt++;
    const block: Block = {
      kind,
      text: text.slice(start, end),
      offset: start,
      line: lineAt + 1,
      column: start - (starts[lineAt] as number) + 1,
    };
    if (numbering !== undefined) block.numbering = numbering;
    if (level !== undefined) block.level = level;
    if (pageSeen) block.page = page;
    blocks.push(block);
  };

  let i = 0;
  while (i < count) {
    const lnStart = starts[i] as number;
    const lnEnd = ends[i] as number;
    if (formFeedIn(i)) {
      page += countFormFeeds(text, formFeed, lnEnd);
      pageSeen = true;
    }
    if (isBlankRange(text, lnStart, lnEnd)) {
      i++;
      continue;
    }
    if (md) {
      const next = markdownConstruct(text, lines, i, push);
      if (next >= 0) {
        i = next;
        continue;
      }
    }

    // A paragraph: consecutive non-blank lines up to a blank line or (in Markdown) a new construct.
    let j = i;
    let setext = 0;
    while (j + 1 < count) {
      const s = starts[j + 1] as number;
      const e = ends[j + 1] as number;
      if (isBlankRange(text, s, e) || formFeedIn(j + 1)) break;
      if (md) {
        const next = text.slice(s, e);
        const underline = /^ {0,3}(=+|-+)[ \t]*$/.exec(next);
        if (underline) {
          setext = (underline[1] as string)[0] === '=' ? 1 : 2;
          break;
        }
        if (startsConstruct(next)) break;
      }
      j++;
    }
    if (setext) {
      push('heading', lnStart, ends[j] as number, setext);
      i = j + 2;
    } else {
      push('paragraph', lnStart, ends[j] as number);
      i = j + 1;
    }
  }
  return blocks;
}

type Push = (kind: BlockKind, start: number, end: number, level?: number, numbering?: string) => void;

/**
 * The Markdown constructs a block can start with at line `i` (fence, ATX heading, thematic
 * break, footnote, link reference, list item): pushes its block and returns the next line
 * to read, or -1 when the line starts none of them.
 */
function markdownConstruct(text: string, lines: Lines, i: number, push: Push): number {
  const { starts, ends, count } = lines;
  const lnStart = starts[i] as number;
  const lnEnd = ends[i] as number;
  const body = text.slice(lnStart, lnEnd);
  const fence = /^ {0,3}(`{3,}|~{3,})/.exec(body);
  if (fence) {
    const marker = (fence[1] as string)[0] as string;
    const len = (fence[1] as string).length;
    let j = i + 1;
    while (j < count) {
      const inner = text.slice(starts[j] as number, ends[j] as number);
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(inner);
      if (close && (close[1] as string)[0] === marker && (close[1] as string).length >= len) break;
      j++;
    }
    push('code', lnStart, ends[Math.min(j, count - 1)] as number);
    return j + 1;
  }
  const atx = /^ {0,3}(#{1,6})(?:[ \t]+|$)/.exec(body);
  if (atx) {
    const level = (atx[1] as string).length;
    let contentEnd = body.length;
    const closing = /[ \t]+#+[ \t]*$/.exec(body);
    if (closing && closing.index >= atx[0].length - 1) contentEnd = closing.index;
    push('heading', lnStart + atx[0].length, lnStart + Math.max(atx[0].length, contentEnd), level);
    return i + 1;
  }
  if (/^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/.test(body)) return i + 1; // thematic break: no text
  const foot = /^ {0,3}(\[\^[^\]\s]+\]):[ \t]?/.exec(body);
  if (foot) {
    const end = continuation(text, lines, i, true);
    push('footnote', lnStart + foot[0].length, ends[end] as number, undefined, foot[1] as string);
    return end + 1;
  }
  if (/^ {0,3}\[[^\]^][^\]]*\]:[ \t]*\S/.test(body)) {
    push('reference', lnStart, lnEnd);
    return i + 1;
  }
  const item = /^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)/.exec(body);
  if (item) {
    const indent = (item[1] as string).replaceAll('\t', '    ').length;
    const end = continuation(text, lines, i, false);
    push(
      'list-item',
      lnStart + item[0].length,
      ends[end] as number,
      Math.floor(indent / 2) + 1,
      item[2] as string,
    );
    return end + 1;
  }
  return -1;
}

/** Lines as offsets: `starts[k]`, and `ends[k]` exclusive, before the line break (and before a `\r` of `\r\n`). */
interface Lines {
  starts: Int32Array;
  ends: Int32Array;
  count: number;
}

function splitLines(text: string): Lines {
  let cap = Math.max(16, text.length >> 5);
  let starts = new Int32Array(cap);
  let ends = new Int32Array(cap);
  let count = 0;
  let start = 0;
  for (;;) {
    let nl = text.indexOf('\n', start);
    const last = nl < 0;
    if (last) nl = text.length;
    if (count === cap) {
      cap *= 2;
      const s = new Int32Array(cap);
      s.set(starts);
      starts = s;
      const e = new Int32Array(cap);
      e.set(ends);
      ends = e;
    }
    starts[count] = start;
    ends[count] = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    count++;
    if (last) break;
    start = nl + 1;
  }
  return { starts, ends, count };
}

/** Whether `[start, end)` is empty or all white space, as `String.prototype.trim` sees it. */
function isBlankRange(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (!isRegexSpace(text.charCodeAt(k))) return false;
  return true;
}

/** White space and line terminators as `String.prototype.trim` (and `\s`) remove them. */
export function isRegexSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function hasFormFeed(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (text.charCodeAt(k) === 12) return true;
  return false;
}

function countFormFeeds(text: string, from: number, end: number): number {
  let n = 0;
  for (let k = from; k < end; k++) if (text.charCodeAt(k) === 12) n++;
  return n;
}

function startsConstruct(line: string): boolean {
  return (
    /^ {0,3}#{1,6}(?:[ \t]|$)/.test(line) ||
    /^ {0,3}(`{3,}|~{3,})/.test(line) ||
    /^[ \t]*([-*+]|\d{1,9}[.)])[ \t]+\S/.test(line) ||
    /^ {0,3}\[\^[^\]\s]+\]:/.test(line)
  );
}

/** Index of the last line that continues the construct starting at line `i`. */
function continuation(text: string, lines: Lines, i: number, footnote: boolean): number {
  const { starts, ends, count } = lines;
  let j = i;
  while (j + 1 < count) {
    const s = starts[j + 1] as number;
    const e = ends[j + 1] as number;
    if (isBlankRange(text, s, e) || hasFormFeed(text, s, e)) break;
    const next = text.slice(s, e);
    if (startsConstruct(next)) break;
    if (footnote && !/^[ \t]/.test(next)) break;
    j++;
  }
  return j;
}

function isSpace(code: number): boolean {
  return (
    code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 0xa0 || code === 0xfeff
  );
}

/**
 * A Document for text that is already decoded: a file read as Markdown or plain text, or
 * an announcement typed in a channel. `text` stays verbatim, so positions point into it.
 */
export function documentFromText(text: string, type: 'markdown' | 'text', name?: string): Document {
  return {
    type,
    ...(name === undefined ? {} : { name }),
    text,
    blocks: blocksFromText(text, type),
    metadata: {},
    comments: [],
    revisions: [],
    events: [],
    attachments: [],
    warnings: [],
  };
}
