import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTION_LINE,
  cleanTitle,
  cleanTitleAt,
  LATIN,
  LETTER,
  mayStartStructural,
  ROMAN,
  STRUCTURAL,
} from '../../src/core/drafts/headings.js';
import {
  DECIMAL_LEAD,
  HOLDER_BEFORE_OPTION,
  mayStartNumberLead,
  mayStartOptionLead,
  NUMBER_LEAD,
  normaliseNumber,
  OPTION_LEAD,
  OPTION_TAG,
  OTHER_LEAD,
  optionWord,
  type ParagraphLead,
  readParagraphLead,
  startsWithDecimalLead,
} from '../../src/core/drafts/leads.js';
import { buildStructure } from '../../src/core/drafts/structure.js';
import { denseDraft, generateDraft } from './generate.js';

/**
 * The structure pass's fast paths against the patterns they stand for: the plain decimal lead
 * ("3.1 Parties") read by characters against `readParagraphLead` as it was, patterns only; the
 * one-slice display title against the `cleanTitle` chain. Fuzzed from the pieces such lines are
 * made of, and on every line of generated drafts.
 */

const LEAD_PIECES = [
  '1',
  '12',
  '123',
  '1234',
  '3.1',
  '4.2.1',
  '1.2.3.4',
  '1.2.3.4.5',
  '.',
  '..',
  ' ',
  '  ',
  '\t',
  '\u00a0',
  '[',
  ']',
  '[Alt 1]',
  '[option b] ',
  '[EU] ',
  '[G77, AGN]',
  '(',
  ')',
  '*',
  '_',
  'A',
  'Parties',
  'the',
  ' bis',
  'ter',
  ':',
  'Option 2:',
  'Alt 1.',
  'x',
  '\u2013',
  '-',
  '{:',
  '}',
  '^1',
  '[^2]',
  'Pp3',
  '(a)',
  'a)',
  'ii',
  'iii.',
  'm.',
  'i.e.',
  '\u00a7',
  '\u00a7 2',
  '\u201c',
  'text',
  'ab7',
];
const pieces = (from: string[], max: number) =>
  fc.array(fc.constantFrom(...from), { maxLength: max }).map((parts) => parts.join(''));

const LATIN_END = new RegExp(`${LATIN}$`);

/** `readParagraphLead` before its character fast path: the patterns alone. */
function leadByPatterns(text: string, start: number, end: number): ParagraphLead | undefined {
  const mayNumber = mayStartNumberLead(text, start, end);
  const mayOption = mayStartOptionLead(text, start, end);
  const head = text.slice(start, Math.min(end, start + 80));
  if (!mayNumber && !mayOption) return otherLead(text, head, start, end);
  const decimal = mayNumber ? DECIMAL_LEAD.exec(head) : null;
  if (decimal) return withOption(text, normaliseNumber(decimal[2] as string), start + decimal[0].length, end);
  const num = mayNumber ? NUMBER_LEAD.exec(head) : null;
  if (num) {
    const digits = num[2];
    const hasDot = num[3] !== undefined;
    const bracketed = num[1] !== undefined && num[6] !== undefined;
    const latin = digits !== undefined && LATIN_END.test(digits);
    let number: string | undefined;
    if (digits !== undefined && (hasDot || latin || bracketed)) number = normaliseNumber(digits);
    else if (num[4] !== undefined) {
      const suffix = new RegExp(`\\)\\s?(${LATIN})\\b`).exec(num[0]);
      number = `(${num[4]})${suffix ? ` ${suffix[1]}` : ''}`;
    } else if (num[5] !== undefined) number = normaliseNumber(num[5]);
    if (number !== undefined && !(digits !== undefined && bracketed && !hasDot && !latin))
      return withOption(text, number, start + num[0].length, end);
  }
  const option = mayOption ? OPTION_LEAD.exec(head) : null;
  if (option) return { option: label(option), bodyStart: skipBlank(text, start + option[0].length, end) };
  const tag = mayOption ? OPTION_TAG.exec(head) : null;
  if (tag) {
    const after = start + tag[0].length;
    const rest = leadByPatterns(text, after, end);
    return rest?.number !== undefined && rest.option === undefined
      ? { number: rest.number, option: label(tag), bodyStart: rest.bodyStart }
      : { option: label(tag), bodyStart: after };
  }
  const held = HOLDER_BEFORE_OPTION.exec(head);
  const heldLabel = held ? OPTION_LEAD.exec(head.slice(held[0].length)) : null;
  if (held && heldLabel)
    return {
      option: label(heldLabel),
      bodyStart: skipBlank(text, start + held[0].length + heldLabel[0].length, end),
    };
  return otherLead(text, head, start, end);
}

/** "a)", "ii.", "m. Ensure", "§ 3", "3(a) Parties": the pattern alone, with no gate in front of it. */
function otherLead(text: string, head: string, start: number, end: number): ParagraphLead | undefined {
  const m = OTHER_LEAD.exec(head);
  if (!m) return undefined;
  const letter = m[1] ?? m[2] ?? m[4];
  const number =
    letter !== undefined
      ? `(${letter})`
      : m[3] !== undefined
        ? `§ ${normaliseNumber(m[3])}`
        : `${m[5]}(${m[6]})`;
  return withOption(text, number, start + m[0].length, end);
}

function withOption(text: string, number: string, after: number, end: number): ParagraphLead {
  const bodyStart = skipBlank(text, after, end);
  const option = OPTION_LEAD.exec(text.slice(bodyStart, Math.min(end, bodyStart + 60)));
  return option
    ? { number, option: label(option), bodyStart: skipBlank(text, bodyStart + option[0].length, end) }
    : { number, bodyStart };
}

function label(m: RegExpExecArray): string {
  return `${optionWord(m[1] as string)} ${(m[2] as string).replace(/[()]/g, '')}`;
}

function skipBlank(text: string, i: number, end: number): number {
  let j = i;
  while (j < end && /[ \t\r\n\f\u00a0\ufeff]/.test(text[j] as string)) j++;
  return j;
}

function lines(text: string): [number, number][] {
  const out: [number, number][] = [];
  let s = 0;
  for (const line of text.split('\n')) {
    out.push([s, s + line.length]);
    s += line.length + 1;
  }
  return out;
}

describe('readParagraphLead fast path', () => {
  it('reads every line as the patterns do', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), pieces(LEAD_PIECES, 10), (before, line) => {
        const text = `${before}\n${line}`;
        const start = before.length + 1;
        expect(readParagraphLead(text, start, text.length)).toEqual(leadByPatterns(text, start, text.length));
      }),
      { numRuns: 4000 },
    );
    // The fast path's own shape and its near misses, spelled out.
    for (const line of [
      '3.1 Parties',
      '12.4.2\t[Each',
      '1.2.3.4 (a)',
      '1.2.3.4.5 X',
      '3. Parties',
      '3.1. A',
      '1234.5 A',
      '3.1 bis A',
      '3.1 parties',
      '3.1',
      '3.1 ',
      `3.1${' '.repeat(90)}A`,
      '3.1\u00a0A',
      '[Alt 1] 3.1 [Each',
      '[Option B] Members',
      '[Alt 2] (a) bis Text',
      '[EU] Option A: Text',
      '[Parties] Option A: Text',
    ])
      expect(readParagraphLead(line, 0, line.length)).toEqual(leadByPatterns(line, 0, line.length));
  });

  it('reads option labels as the patterns do ("Alt 1:" by characters)', () => {
    const OPTION_PIECES = [
      'Option',
      'OPTION',
      'option',
      'Optional',
      'Alt',
      'ALT',
      'alt',
      'Alt.',
      'Alternative',
    ];
    const MORE = ['Alte', 'Variant', 'VARIANT', 'Var', 'Al', '12.', '3.1', '\u2022', '[', '*', '_', '**'];
    const AFTER = [
      ' ',
      '  ',
      '\t',
      '\u00a0',
      '\u2003',
      '',
      '1',
      '12',
      '123',
      '1234',
      '01',
      '0',
      'a',
      'B',
      'IV',
    ];
    const END = [
      ':',
      '.',
      ')',
      '-',
      '\u2013',
      '\u2014',
      ',',
      ';',
      '*:',
      '_:',
      '[^1]:',
      '[^1]',
      '(',
      'x',
      '_',
      ' ',
      '\u00a0',
    ];
    const line = fc
      .tuple(
        pieces(['', '12. ', '3.1 ', '[', '*'], 1),
        fc.constantFrom(...OPTION_PIECES, ...MORE),
        pieces(AFTER, 3),
        pieces(END, 3),
        fc.constantFrom('', ' Parties shall', ' [text]', ' '.repeat(70), `${' '.repeat(55)}:`),
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.string({ maxLength: 4 }), line, (before, l) => {
        const text = `${before}\n${l}`;
        const start = before.length + 1;
        expect(readParagraphLead(text, start, text.length)).toEqual(leadByPatterns(text, start, text.length));
      }),
      { numRuns: 6000 },
    );
    // The line heads the patterns read: 80 characters for a line's label, 60 after its number.
    for (const l of [
      `Alt 1${' '.repeat(73)}:`,
      `Alt 1${' '.repeat(74)}:`,
      `Alt 1${' '.repeat(75)}:`,
      `12. Alt 1${' '.repeat(53)}:`,
      `12. Alt 1${' '.repeat(54)}:`,
      `12. Alt 1${' '.repeat(55)}:`,
      'Alt 1:',
      'ALT 12 - text',
      'Variant 3) text',
      'Option 1): text',
      'Option 1234: text',
      'Alt 1[^2]: text',
    ])
      expect(readParagraphLead(l, 0, l.length)).toEqual(leadByPatterns(l, 0, l.length));
  });

  it('reads the lines of generated drafts as the patterns do', () => {
    for (const text of [denseDraft(40_000), generateDraft({ size: 60_000, brackets: 400, seed: 5 }).text])
      for (const [s, e] of lines(text))
        expect(readParagraphLead(text, s, e)).toEqual(leadByPatterns(text, s, e));
  });
});

describe('startsWithDecimalLead', () => {
  it('answers as DECIMAL_LEAD on the line head', () => {
    fc.assert(
      fc.property(pieces(LEAD_PIECES, 10), fc.constantFrom(5, 12, 24, 80), (line, head) => {
        const text = `x\n${line}\ny`;
        const start = 2;
        const end = start + line.length;
        expect(startsWithDecimalLead(text, start, end, head)).toBe(
          DECIMAL_LEAD.test(text.slice(start, Math.min(end, start + head))),
        );
      }),
      { numRuns: 4000 },
    );
  });
});

describe('cleanTitleAt', () => {
  const TITLE_PIECES = [
    'Cooperation',
    'Final provisions',
    ' ',
    '  ',
    '\t',
    '\u00a0',
    '[',
    ']',
    '*',
    '_',
    '.',
    ':',
    '-',
    '\u2013',
    '\u2014',
    '{:',
    '.x}',
    '}',
    '[^1]',
    '^',
    '7',
    ']12',
    'abc3',
    '\u201c',
    '\u201d',
    'a',
    'é',
  ];
  it('gives the cleanTitle chain on fuzzed titles', () => {
    // Found by this test: an alternatives' separator with nothing before it.
    for (const t of ['.][Cooperation', '.][A][B]', '/ Scope', ' / [Scope]'])
      expect(cleanTitleAt(t, 0, t.length)).toBe(cleanTitle(t));
    expect(cleanTitle('.][Cooperation')).toBe('Cooperation');
    fc.assert(
      fc.property(
        fc.string({ maxLength: 5 }),
        pieces(TITLE_PIECES, 10),
        fc.string({ maxLength: 5 }),
        (a, t, b) => {
          const text = a + t + b;
          expect(cleanTitleAt(text, a.length, a.length + t.length)).toBe(cleanTitle(t));
        },
      ),
      { numRuns: 4000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (t) => {
        expect(cleanTitleAt(t, 0, t.length)).toBe(cleanTitle(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the cleanTitle chain on every line of generated drafts', () => {
    for (const text of [denseDraft(40_000), generateDraft({ size: 60_000, brackets: 400, seed: 7 }).text])
      for (const [s, e] of lines(text)) expect(cleanTitleAt(text, s, e)).toBe(cleanTitle(text.slice(s, e)));
  });
});

/** Paragraph ids as the one-map-per-section rule gives them: "<number>", then "<number>~2", "~3"... */
function idsByMap(numbers: string[]): string[] {
  const seen = new Map<string, number>();
  return numbers.map((number) => {
    let local = number;
    const count = seen.get(number);
    if (count !== undefined) {
      let n = count + 1;
      while (seen.has(`${number}~${n}`)) n++;
      local = `${number}~${n}`;
      seen.set(number, n);
    }
    seen.set(local, 1);
    return `article-1/${local}`;
  });
}

describe('numbered paragraph ids (short array before the map)', () => {
  const NUMBERS = [
    '(a)',
    '(b)',
    '(c)',
    '1.',
    '2.',
    '3.',
    '4.',
    '12.',
    '12 bis.',
    '7.',
    '8.',
    '9.',
    '10.',
    '11.',
  ];
  it('match the map rule whatever the repeats and the count', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...NUMBERS), { minLength: 1, maxLength: 20 }), (labels) => {
        const text = `Article 1 Scope\n\n${labels.map((l) => `${l} Parties act.`).join('\n\n')}\n`;
        const blocks = [] as {
          kind: 'paragraph';
          offset: number;
          text: string;
          line: number;
          column: number;
        }[];
        let offset = 0;
        for (const part of text.split('\n\n')) {
          blocks.push({ kind: 'paragraph', offset, text: part, line: 0, column: 0 });
          offset += part.length + 2;
        }
        const { paragraphs } = buildStructure(text, blocks, 'text');
        const body = paragraphs.filter((p) => p.kind === 'body');
        expect(body.map((p) => p.id)).toEqual(idsByMap(body.map((p) => p.number as string)));
        expect(body).toHaveLength(labels.length);
      }),
      { numRuns: 1500 },
    );
  });

  it('start again in each section (only the current section receives paragraphs)', () => {
    const sections = fc.array(fc.array(fc.constantFrom(...NUMBERS, ''), { maxLength: 12 }), {
      minLength: 1,
      maxLength: 4,
    });
    fc.assert(
      fc.property(sections, (labelsBySection) => {
        const parts = labelsBySection.map(
          (labels, k) => `Article ${k + 1} Scope\n\n${labels.map((l) => `${l} Parties act.`).join('\n\n')}`,
        );
        const text = `${parts.join('\n\n')}\n`;
        const blocks = [] as {
          kind: 'paragraph';
          offset: number;
          text: string;
          line: number;
          column: number;
        }[];
        let offset = 0;
        for (const part of text.split('\n\n')) {
          blocks.push({ kind: 'paragraph', offset, text: part, line: 0, column: 0 });
          offset += part.length + 2;
        }
        const { paragraphs, sections: found } = buildStructure(text, blocks, 'text');
        expect(found).toHaveLength(labelsBySection.length);
        labelsBySection.forEach((_, k) => {
          const body = paragraphs.filter((p) => p.kind === 'body' && p.section === k);
          const numbered = body.filter((p) => p.number !== undefined);
          const expected = idsByMap(numbered.map((p) => p.number as string)).map((id) =>
            id.replace('article-1/', `article-${k + 1}/`),
          );
          expect(numbered.map((p) => p.id)).toEqual(expected);
          const unnumbered = body.filter((p) => p.number === undefined);
          expect(unnumbered.map((p) => p.id)).toEqual(unnumbered.map((_, j) => `article-${k + 1}/#${j + 1}`));
        });
      }),
      { numRuns: 800 },
    );
  });
});

describe('parseHeadingLine gates', () => {
  const HEADING_PIECES = [
    'Article',
    'ARTICLE',
    'article',
    'Section',
    'Part',
    'PART',
    'Chapter',
    'Annex',
    'appendix',
    'Action line',
    'ACTION LINES',
    'Ar',
    'an',
    'ap',
    'se',
    'pa',
    'ch',
    'ac',
    ' ',
    '\t',
    '\u00a0',
    '[',
    '*',
    '_',
    '1',
    '12',
    'bis',
    'II',
    'IV',
    'C9',
    'A',
    'I',
    'V',
    'X',
    '.',
    ':',
    '-',
    '\u017f',
    '\u212a',
    'Preamble',
    'Title',
  ];
  // Keyword or label, blank, number, then anything: lines the patterns match, and near misses.
  const shaped = fc
    .tuple(
      pieces(['[', '*', '_', ' ', '\u00a0'], 2),
      fc.constantFrom(...HEADING_PIECES.slice(0, 18), 'A', 'I', 'IV', 'X', 'Q'),
      fc.constantFrom('', ' ', '\t', '.', '. '),
      fc.constantFrom('', '1', '12', 'II', 'C9', 'B', '4 bis'),
      pieces(HEADING_PIECES, 3),
    )
    .map((parts) => parts.join(''));
  it('never turn away a line a keyword or label pattern matches', () => {
    fc.assert(
      fc.property(fc.oneof(pieces(HEADING_PIECES, 8), shaped), (line) => {
        const rest = line.replace(/^[\s*_[]*/, '');
        const a = rest.charCodeAt(0) | 32;
        const b = rest.charCodeAt(1) | 32;
        const capital = rest.charCodeAt(0) >= 65 && rest.charCodeAt(0) <= 90;
        if (STRUCTURAL.test(rest)) expect(mayStartStructural(a, b)).toBe(true);
        if (ACTION_LINE.test(rest)) expect(a === 97 && b === 99).toBe(true);
        if (LETTER.test(rest) || ROMAN.test(rest)) expect(capital).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
