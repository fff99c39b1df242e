import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blocksFromText } from '../../src/core/documents/text.js';
import { type PairTable, pairTokens, releasePairs } from '../../src/core/drafts/pair-tokens.js';
import { createPartyTable } from '../../src/core/drafts/parties.js';
import { scanBrackets } from '../../src/core/drafts/scan.js';
import { buildStructure } from '../../src/core/drafts/structure.js';
import { DEFAULT_DRAFT_LIMITS, type DraftParagraph } from '../../src/core/drafts/types.js';
import { skipCodeSpan } from '../../src/core/drafts/words.js';
import { FIXTURES } from './fixtures.js';
import { denseDraft, generateDraft } from './generate.js';

/**
 * `pairTokens` jumps from one special character to the next with native searches kept in
 * local variables; here it must pair exactly as the plain reading does: every character of
 * every paragraph in turn, `[` opens, `]` closes the innermost open bracket (or is stray), in
 * Markdown `\[` and `\]` are two-character tokens, `\\` is skipped and a code span is passed
 * over whole.
 */

type Format = 'markdown' | 'text';
type Pair = [
  open: number,
  openLen: number,
  openPara: number,
  close: number,
  closeLen: number,
  closePara: number,
  parent: number,
];

/** The plain reading: a character loop over each paragraph, one stack across all of them. */
function reference(text: string, paragraphs: readonly DraftParagraph[], markdown: boolean) {
  const pairs: Pair[] = [];
  const stray: { at: number; length: number; paragraph: number }[] = [];
  const stack: number[] = [];
  const open = (at: number, length: number, p: number) => {
    pairs.push([at, length, p, -1, 0, -1, stack.length > 0 ? (stack.at(-1) as number) : -1]);
    stack.push(pairs.length - 1);
  };
  const close = (at: number, length: number, p: number) => {
    const k = stack.pop();
    if (k === undefined) stray.push({ at, length, paragraph: p });
    else {
      const pair = pairs[k] as Pair;
      pair[3] = at;
      pair[4] = length;
      pair[5] = p;
    }
  };
  paragraphs.forEach((para, p) => {
    let i = para.start;
    while (i < para.end) {
      const c = text[i];
      if (c === '[') open(i, 1, p);
      else if (c === ']') close(i, 1, p);
      else if (markdown && c === '\\' && i + 1 < para.end) {
        const n = text[i + 1];
        if (n === '[') open(i, 2, p);
        else if (n === ']') close(i, 2, p);
        if (n === '[' || n === ']' || n === '\\') i++;
      } else if (markdown && c === '`') {
        i = skipCodeSpan(text, i, para.end);
        continue;
      }
      i++;
    }
  });
  return { pairs, stray };
}

function expectSamePairs(text: string, format: Format): void {
  const markdown = format === 'markdown';
  const structure = buildStructure(
    text,
    blocksFromText(text, format),
    format,
    DEFAULT_DRAFT_LIMITS.maxSections,
  );
  const table = pairTokens(text, structure.paragraphs, markdown, DEFAULT_DRAFT_LIMITS.maxBrackets);
  const got: Pair[] = [];
  for (let k = 0; k < table.count; k++)
    got.push([
      table.open[k] as number,
      table.openLen[k] as number,
      table.openPara[k] as number,
      table.close[k] as number,
      table.closeLen[k] as number,
      table.closePara[k] as number,
      table.parent[k] as number,
    ]);
  const want = reference(text, structure.paragraphs, markdown);
  expect(got).toEqual(want.pairs);
  expect(table.stray).toEqual(want.stray);
}

describe('pairTokens', () => {
  it('pairs as the character-by-character reading on generated, dense and fixture drafts', () => {
    expectSamePairs(denseDraft(80_000), 'text');
    for (const format of ['text', 'markdown'] as const)
      expectSamePairs(generateDraft({ size: 120_000, brackets: 4000, seed: 11, format }).text, format);
    for (const name of readdirSync(FIXTURES))
      expectSamePairs(
        readFileSync(join(FIXTURES, name), 'utf8'),
        name.endsWith('.txt') ? 'text' : 'markdown',
      );
  });

  it('pairs escapes, code spans, strays and unclosed brackets as the plain reading', () => {
    const text = [
      '# Article 1 [Scope',
      '',
      'Parties \\[shall\\] act ]here[ and `[not] a ``bracket` [there]] \\\\[x] \\',
      '',
      '```',
      '[inside a code block]',
      '```',
      '',
      '2. [[Parties]] shall [report`]`] [',
    ].join('\n');
    expectSamePairs(text, 'markdown');
    expectSamePairs(text, 'text');
  });

  it('pairs random texts of brackets, escapes, backticks and line breaks as the plain reading', () => {
    const piece = fc.constantFrom(
      '[',
      ']',
      '\\',
      '`',
      '``',
      'a',
      ' ',
      '\n',
      '\n\n',
      '# H',
      '```\n',
      '1. ',
      'x]',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 80 }),
        fc.constantFrom<Format>('text', 'markdown'),
        (parts, f) => {
          expectSamePairs(parts.join(''), f);
        },
      ),
      { numRuns: 3000, seed: 21 },
    );
  });

  it('pairs as a new table when the table of an earlier draft is reused, and scans the same', () => {
    const columns = (t: PairTable) =>
      [t.open, t.openLen, t.openPara, t.close, t.closeLen, t.closePara, t.parent].map((c) =>
        Array.from(c.subarray(0, t.count)),
      );
    const drafts = [
      denseDraft(60_000),
      '[a [b] c',
      generateDraft({ size: 40_000, brackets: 1500, seed: 3, format: 'text' }).text,
      '',
      ']] [x] [[y]',
      denseDraft(20_000),
    ];
    const input = (text: string) => {
      const structure = buildStructure(
        text,
        blocksFromText(text, 'text'),
        'text',
        DEFAULT_DRAFT_LIMITS.maxSections,
      );
      return {
        text,
        structure,
        markdown: false,
        parties: createPartyTable([]),
        limits: DEFAULT_DRAFT_LIMITS,
      };
    };
    const first = drafts.map((text) => scanBrackets(input(text)));
    for (const order of [drafts, [...drafts].reverse()]) {
      for (const text of order) {
        const { structure } = input(text);
        const fresh = pairTokens(text, structure.paragraphs, false, DEFAULT_DRAFT_LIMITS.maxBrackets);
        const reused = pairTokens(text, structure.paragraphs, false, DEFAULT_DRAFT_LIMITS.maxBrackets, true);
        expect(columns(reused)).toEqual(columns(fresh));
        expect(reused.stray).toEqual(fresh.stray);
        releasePairs(reused);
        // A draft refused part way does not give its table back; the next scan is still right.
        const refused = (): unknown =>
          scanBrackets({ ...input(text), limits: { ...DEFAULT_DRAFT_LIMITS, maxBrackets: 1 } });
        if (text.split('[').length > 2) expect(refused).toThrow(/maxBrackets/);
        else refused();
        expect(scanBrackets(input(text))).toEqual(first[drafts.indexOf(text)]);
      }
    }
  });

  it('refuses a draft with more opening brackets than the limit', () => {
    const text = '[a] [b] [c]';
    const structure = buildStructure(
      text,
      blocksFromText(text, 'text'),
      'text',
      DEFAULT_DRAFT_LIMITS.maxSections,
    );
    expect(pairTokens(text, structure.paragraphs, false, 3).count).toBe(3);
    expect(() => pairTokens(text, structure.paragraphs, false, 2)).toThrow(/maxBrackets/);
  });
});
