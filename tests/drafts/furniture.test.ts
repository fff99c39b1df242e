import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blocksFromText } from '../../src/core/documents/text.js';
import { isFurniture } from '../../src/core/drafts/furniture.js';
import { ACTION_LINE, STRUCTURAL } from '../../src/core/drafts/headings.js';
import { DECIMAL_LEAD, NUMBER_LEAD, OPTION_LEAD, OTHER_LEAD } from '../../src/core/drafts/leads.js';
import { DASHED_PAGE_NUMBER, PAGE_NUMBER } from '../../src/core/drafts/line-gates.js';
import { buildStructure } from '../../src/core/drafts/structure.js';
import { denseDraft, generateDraft } from './generate.js';

/**
 * Page furniture against the plain rule: page-number patterns first, then, for a line seen
 * at least three times, neither a decimal lead (after a digit), a sentence of several words, a number,
 * option or item lead ("a) ", "ii. ") nor a STRUCTURAL or ACTION_LINE heading. The pass asks the count last and reads
 * headings by characters; the answers must be the rule's for every count.
 */
function furnitureByRule(line: string, count: number): boolean {
  if (PAGE_NUMBER.test(line) || DASHED_PAGE_NUMBER.test(line)) return true;
  if (line.length < 3 || line.startsWith('[')) return false;
  if (count < 3) return false;
  if (/^\d/.test(line) && DECIMAL_LEAD.test(line.slice(0, 24))) return false;
  if (sentence(line)) return false;
  if (NUMBER_LEAD.test(line) || OPTION_LEAD.test(line) || OTHER_LEAD.test(line)) return false;
  const body = line.replace(/^[\s*_[]+/, '');
  return !STRUCTURAL.test(body) && !ACTION_LINE.test(body);
}

/** Ends with ".", ";" or ":" (after blanks and "]") with at least four single-or-run blanks before. */
function sentence(line: string): boolean {
  const t = line.replace(/[ \]]+$/, '');
  if (!/[.;:]$/.test(t)) return false;
  return (t.match(/ (?! )/g) ?? []).length >= 4;
}

const PIECES = [
  'Page',
  'page',
  'Part',
  'P',
  ' ',
  '  ',
  '\t',
  '\u00a0',
  '1',
  '12',
  '2024',
  '12345',
  ' of ',
  '/',
  '-',
  '\u2013',
  '[',
  ']',
  '*',
  '_',
  '.',
  ':',
  ';',
  '3.1 ',
  '(a)',
  'a)',
  'ii.',
  'm.',
  '\u00a7',
  'Pp3',
  'Alt 1:',
  'Option',
  'Article',
  'Section',
  'Annex',
  'Action line C9',
  'ac',
  'ar',
  'UNITED NATIONS',
  'Draft decision',
  'Parties',
  'shall',
  'report',
  'the',
  'x',
];
const line = fc
  .array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 9 })
  .map((parts) => parts.join('').trim())
  .filter((l) => l.length > 0 && l.length <= 80);

describe('isFurniture', () => {
  it('answers as the plain rule on fuzzed lines, whatever the count', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3 }), line, fc.integer({ min: 0, max: 5 }), (before, l, n) => {
        const text = `${before}\n${l}\nx`;
        const start = before.length + 1;
        expect(isFurniture(text, start, start + l.length, () => n)).toBe(furnitureByRule(l, n));
      }),
      { numRuns: 8000 },
    );
  });

  it('answers as the plain rule on the short lines of generated drafts', () => {
    for (const text of [denseDraft(30_000), generateDraft({ size: 60_000, brackets: 400, seed: 11 }).text])
      for (const l of text.split('\n').map((x) => x.trim()))
        if (l.length > 0 && l.length <= 80)
          for (const n of [1, 3]) expect(isFurniture(l, 0, l.length, () => n)).toBe(furnitureByRule(l, n));
  });
});

describe('running headers in the structure pass (lines counted at the first question)', () => {
  it('finds them, and none in a draft whose lines need no count', () => {
    const page = (k: number) =>
      `Draft text of the ocean committee\n\nArticle ${k} Scope\n\n${k}. Parties shall act together.\n\n- ${k} -`;
    const text = Array.from({ length: 5 }, (_, k) => page(k + 1)).join('\n\n');
    const blocks = blocksFromText(text, 'text');
    const furniture = buildStructure(text, blocks, 'text')
      .paragraphs.filter((p) => p.kind === 'furniture')
      .map((p) => text.slice(p.start, p.end));
    expect(furniture).toEqual(
      Array.from({ length: 5 }, (_, k) => ['Draft text of the ocean committee', `- ${k + 1} -`]).flat(),
    );
    const dense = denseDraft(20_000);
    const none = buildStructure(dense, blocksFromText(dense, 'text'), 'text');
    expect(none.paragraphs.filter((p) => p.kind === 'furniture')).toEqual([]);
  });
});
