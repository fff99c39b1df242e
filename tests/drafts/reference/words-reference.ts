import type { BracketTable } from '../../../src/core/drafts/bracket-table.js';
import type { LinePositions } from '../../../src/core/drafts/positions.js';
import type { PhraseFinder } from '../../../src/core/drafts/qualifiers.js';
import type { DraftParagraph } from '../../../src/core/drafts/types.js';
import { forEachWord, RangeCursor } from '../../../src/core/drafts/words.js';

/**
 * The reference for the parse's word pass (src/core/drafts/word-pass.ts): the version before
 * its speed work (#14), a callback per word from `forEachWord` (the tokenizer status and diff
 * use), range cursors for excluded and bracketed words, and every word offered to
 * `PhraseFinder.word`. Kept in the tests so that the fused loop is checked against it
 * (word-pass.test.ts). Change it only with the rules of docs/brackets.md, never for speed.
 */
export function referenceScanWords(
  text: string,
  paragraphs: DraftParagraph[],
  brackets: BracketTable,
  excluded: readonly number[],
  markdown: boolean,
  finder: PhraseFinder,
  lines: LinePositions,
): void {
  const { start: bStart, end: bEnd, parent: bParent, count } = brackets;
  const top: number[] = [];
  for (let k = 0; k < count; k++)
    if ((bParent[k] as number) < 0) top.push(bStart[k] as number, bEnd[k] as number);
  const inBracket = new RangeCursor(top);
  const cursor = new RangeCursor(excluded);
  const starts: number[] = [];
  let next = 0;
  let paragraph = 0;
  // The finder reports a hit by its answer; the hit's place is that of the word's start.
  const place = (offset: number) => {
    while (next < count && (bStart[next] as number) <= offset) next++;
    let b = next - 1;
    while (b >= 0 && (bEnd[b] as number) <= offset) b = bParent[b] as number;
    const at = lines.locate(offset);
    finder.place((paragraphs[paragraph] as DraftParagraph).section, paragraph, b, at.line, at.column);
  };
  for (paragraph = 0; paragraph < paragraphs.length; paragraph++) {
    const para = paragraphs[paragraph] as DraftParagraph;
    let words = 0;
    let bracketed = 0;
    forEachWord(text, para, markdown, cursor, (start, end) => {
      words++;
      starts.push(start);
      if (inBracket.covers(start)) bracketed++;
      if (finder.word(text, start, end)) place(start);
    });
    para.words = words;
    para.bracketedWords = bracketed;
  }
  for (let k = 0; k < count; k++) {
    let n = 0;
    for (const s of starts) if (s >= (bStart[k] as number) && s < (bEnd[k] as number)) n++;
    brackets.words[k] = n;
  }
}
