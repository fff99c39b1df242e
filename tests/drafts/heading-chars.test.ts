import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchStructural, parseHeadingAt } from '../../src/core/drafts/heading-chars.js';
import { baseSectionId, parseHeadingLine, STRUCTURAL } from '../../src/core/drafts/headings.js';
import { denseDraft, generateDraft } from './generate.js';

/**
 * The structural heading read by characters ("Article 12 [Cooperation]") against the
 * patterns it stands for: `matchStructural` against STRUCTURAL, `parseHeadingAt` against
 * `parseHeadingLine` on the line's substring. Fuzzed from keyword, blank, number, Latin
 * suffix, punctuation and title pieces (near misses included), and on generated drafts.
 */

const KEYWORDS = ['Article', 'ARTICLE', 'article', 'aRtIcLe', 'Section', 'PART', 'Part', 'Parts', 'Chapter'];
const MORE_KEYWORDS = [
  'Annex',
  'ANNEX',
  'Appendix',
  'appendi',
  'Action line',
  'Ar',
  'Art.',
  'ART.',
  'Art',
  'Rule',
  'RULE',
  'Rules',
  'Regulation',
  'regulat',
  'se',
  'cha',
  '\u017fection',
];
const BLANKS = ['', ' ', '  ', '\t', '\u00a0', '\u2003', '\u2028', '\v', '\ufeff'];
const NUMBERS = [
  '1',
  '12',
  '123',
  '1234',
  '0',
  'II',
  'iv',
  'XLVIII',
  'IIIIIIII',
  'civil',
  'C9',
  'A',
  'q',
  'Q',
  '\u212a',
  '2.3',
  '4.1.2',
  '1.2.3.4',
  '1.2.3.4.5',
  '3.1234',
];
const SUFFIXES = [
  '',
  ' bis',
  'bis',
  ' BIS',
  ' ter',
  ' quater',
  ' quinquies',
  ' decies',
  ' bisx',
  '\tsexies',
  ' octies.',
];
const AFTER = [
  '',
  ' ',
  '.',
  '. ',
  ':',
  ')',
  '\u2013',
  '\u2014',
  '-',
  '.5',
  ':1',
  '.x',
  ',',
  ';',
  '[',
  ']',
  '[[',
  ']]',
  ' [',
  '*',
  '_',
  '"',
  '\u201c',
  '(',
  'Cooperation',
  'cooperation',
  'Final provisions',
  ' Scope',
  '[Adaptation]',
  '[ Adaptation ] ',
  'Title]',
  'a [b] c',
  '] ',
  ', ',
  '; ',
  'x'.repeat(45),
  'Y'.repeat(70),
  '1',
];

const pieces = (from: string[], max: number) =>
  fc.array(fc.constantFrom(...from), { maxLength: max }).map((parts) => parts.join(''));

const line = fc
  .tuple(
    pieces(['[', '*', '_', ' ', '\u00a0', '**'], 2),
    fc.constantFrom(...KEYWORDS, ...MORE_KEYWORDS),
    pieces(BLANKS, 2),
    fc.constantFrom(...NUMBERS, ''),
    fc.constantFrom(...SUFFIXES),
    pieces(AFTER, 4),
  )
  .map((parts) => parts.join(''));
const loose = pieces([...KEYWORDS, ...MORE_KEYWORDS, ...BLANKS, ...NUMBERS, ...SUFFIXES, ...AFTER], 8);

function structuralEnd(text: string, i: number, end: number): number {
  const m = STRUCTURAL.exec(text.slice(i, end));
  return m ? i + m[0].length : -1;
}

function agrees(text: string, start: number, end: number): void {
  for (let i = start; i <= Math.min(end, start + 3); i++)
    expect(matchStructural(text, i, end)).toBe(structuralEnd(text, i, end));
  for (const format of ['text', 'markdown', 'other'] as const)
    for (const [roman, letter] of [
      [undefined, undefined],
      ['III', 'B'],
    ] as const)
      expect(parseHeadingAt(text, start, end, format, roman, letter)).toEqual(
        parseHeadingLine(text.slice(start, end), format, roman, letter, false),
      );
}

describe('structural headings by characters', () => {
  it('match STRUCTURAL and parseHeadingLine on fuzzed lines', () => {
    fc.assert(
      fc.property(
        fc.oneof(line, loose),
        fc.string({ maxLength: 3 }),
        fc.string({ maxLength: 3 }),
        (l, a, b) => {
          // Text around the line: the patterns see the line alone.
          const text = `${a}${l}${b}`;
          agrees(text, a.length, a.length + l.length);
        },
      ),
      { numRuns: 6000 },
    );
  });

  it('match them on the shapes and near misses spelled out', () => {
    for (const l of [
      'Article 12 [Cooperation]',
      'Article 12 [Cooperation] [more]',
      'Article 12 [[Cooperation]]',
      'Article 12 [Cooperation',
      'Article 12',
      'Article 12.',
      'Article 12.3',
      'Section 2.3 Reporting',
      'Section 2.3. Reporting',
      'Chapter 4.1.2 Scope',
      'section 2.3.4.5 Title',
      'Section 2.1234 Title',
      'Section 2.3 bis Title',
      'Article 4.2 Each Party',
      'Article 1234 Title',
      'Article 6 bis',
      'Article 6bis. Title',
      'Article 6 bisx Title',
      'Article 6 bis.1',
      'ARTICLE IV \u2013 Final',
      'Part II',
      'part ii',
      'Section iv. x',
      'Annex I: Parties,',
      'Chapter Q Title',
      'Chapter q',
      'Chapter civil',
      'Article\u00a012\u00a0[Scope]',
      'Article 12\u2028Title',
      '**Article 3** Title',
      '[Article 3 [Title]',
      `Article 3 ${'Long title '.repeat(10)}`,
      'Article 3: Parties shall, as appropriate;',
      'Article 3 Parties shall cooperate',
      // The title limits: 60 characters without punctuation after the number, 100 with.
      `Article 3 ${'T'.repeat(60)}`,
      `Article 3 ${'T'.repeat(61)}`,
      `Article 3 [${'T'.repeat(59)}`,
      `Article 3. ${'T'.repeat(100)}`,
      `Article 3. ${'T'.repeat(101)}`,
    ])
      agrees(l, 0, l.length);
  });

  it('match them on every line of generated drafts', () => {
    for (const text of [denseDraft(40_000), generateDraft({ size: 60_000, brackets: 400, seed: 9 }).text]) {
      let s = 0;
      for (const l of text.split('\n')) {
        agrees(text, s, s + l.length);
        s += l.length + 1;
      }
    }
  });
});

describe('section ids', () => {
  it('turn each run of blanks in the number into one dash', () => {
    for (const [number, id] of [
      ['12', 'article-12'],
      ['6 bis', 'article-6-bis'],
      ['6\u00a0\u00a0ter', 'article-6-ter'],
      ['6\tquater', 'article-6-quater'],
    ] as const)
      expect(baseSectionId({ kind: 'article', number, titleOffset: 0, level: 2, labelOnly: false }, '')).toBe(
        id,
      );
  });
});
