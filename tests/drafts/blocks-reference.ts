import { LineIndex } from '../../src/core/diagnostics.js';
import type { Block, BlockKind } from '../../src/core/documents/types.js';

/**
 * The line-object implementation of `blocksFromText` as it was before the typed-array
 * rewrite (a substring and an object per line), kept as the reference the fast one is
 * checked against in fast-paths.test.ts. Not used by the application.
 */
export function referenceBlocksFromText(text: string, format: 'markdown' | 'text'): Block[] {
  const index = new LineIndex(text);
  const lines = splitLines(text);
  const blocks: Block[] = [];
  const md = format === 'markdown';
  let page = 1;
  let pageSeen = false;

  const push = (kind: BlockKind, start: number, end: number, extra: Partial<Block> = {}) => {
    // Trim whitespace at both ends without leaving the verbatim range.
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    if (end <= start) return;
    const { line, column } = index.locate(start);
    const block: Block = { kind, text: text.slice(start, end), offset: start, line, column, ...extra };
    if (pageSeen) block.page = page;
    blocks.push(block);
  };

  let i = 0;
  while (i < lines.length) {
    const ln = lines[i] as Line;
    const body = text.slice(ln.start, ln.end);
    if (body.includes('\f')) {
      page += countChar(body, '\f');
      pageSeen = true;
    }
    if (body.trim() === '' || body.replaceAll('\f', '').trim() === '') {
      i++;
      continue;
    }

    if (md) {
      const fence = /^ {0,3}(`{3,}|~{3,})/.exec(body);
      if (fence) {
        const marker = (fence[1] as string)[0] as string;
        const len = (fence[1] as string).length;
        let j = i + 1;
        while (j < lines.length) {
          const inner = text.slice((lines[j] as Line).start, (lines[j] as Line).end);
          const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(inner);
          if (close && (close[1] as string)[0] === marker && (close[1] as string).length >= len) break;
          j++;
        }
        const last = lines[Math.min(j, lines.length - 1)] as Line;
        push('code', ln.start, last.end);
        i = j + 1;
        continue;
      }
      const atx = /^ {0,3}(#{1,6})(?:[ \t]+|$)/.exec(body);
      if (atx) {
        const level = (atx[1] as string).length;
        let contentEnd = body.length;
        const closing = /[ \t]+#+[ \t]*$/.exec(body);
        if (closing && closing.index >= atx[0].length - 1) contentEnd = closing.index;
        push('heading', ln.start + atx[0].length, ln.start + Math.max(atx[0].length, contentEnd), { level });
        i++;
        continue;
      }
      if (/^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/.test(body)) {
        i++; // thematic break: no text
        continue;
      }
      const foot = /^ {0,3}(\[\^[^\]\s]+\]):[ \t]?/.exec(body);
      if (foot) {
        const end = continuation(lines, i, text, true);
        push('footnote', ln.start + foot[0].length, (lines[end] as Line).end, {
          numbering: foot[1] as string,
        });
        i = end + 1;
        continue;
      }
      if (/^ {0,3}\[[^\]^][^\]]*\]:[ \t]*\S/.test(body)) {
        push('reference', ln.start, ln.end);
        i++;
        continue;
      }
      const item = /^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)/.exec(body);
      if (item) {
        const indent = (item[1] as string).replaceAll('\t', '    ').length;
        const end = continuation(lines, i, text, false);
        push('list-item', ln.start + item[0].length, (lines[end] as Line).end, {
          numbering: item[2] as string,
          level: Math.floor(indent / 2) + 1,
        });
        i = end + 1;
        continue;
      }
    }

    // A paragraph: consecutive non-blank lines up to a blank line or (in Markdown) a new construct.
    let j = i;
    let setext = 0;
    while (j + 1 < lines.length) {
      const next = text.slice((lines[j + 1] as Line).start, (lines[j + 1] as Line).end);
      if (next.trim() === '' || next.includes('\f')) break;
      if (md) {
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
      push('heading', ln.start, (lines[j] as Line).end, { level: setext });
      i = j + 2;
    } else {
      push('paragraph', ln.start, (lines[j] as Line).end);
      i = j + 1;
    }
  }
  return blocks;
}

interface Line {
  start: number;
  /** Exclusive, before the line break (and before a `\r` of `\r\n`). */
  end: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let k = 0; k <= text.length; k++) {
    if (k === text.length || text.charCodeAt(k) === 10) {
      const end = k > start && text.charCodeAt(k - 1) === 13 ? k - 1 : k;
      lines.push({ start, end });
      start = k + 1;
    }
  }
  return lines;
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
function continuation(lines: Line[], i: number, text: string, footnote: boolean): number {
  let j = i;
  while (j + 1 < lines.length) {
    const next = text.slice((lines[j + 1] as Line).start, (lines[j + 1] as Line).end);
    if (next.trim() === '' || next.includes('\f')) break;
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

function countChar(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}
