import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFurniture } from '../../src/core/drafts/furniture.js';
import { matchStructuralLine, parseHeadingAt } from '../../src/core/drafts/heading-chars.js';
import {
  LABEL_ONLY,
  type LeadRecord,
  readDecimalLeadInto,
  readParagraphLead,
  readPlainOptionInto,
} from '../../src/core/drafts/leads.js';
import { MAX_HEADING_LINE, mayBeHeading } from '../../src/core/drafts/line-gates.js';
import { buildStructure } from '../../src/core/drafts/structure.js';
import { denseDraft, generateDraft } from './generate.js';

/**
 * The structure pass reads the commonest lines once, skipping the gates whose answer their
 * shape decides. These are the facts that make each skip change no answer, on fuzzed lines near
 * the shapes and on every line of generated drafts:
 * - a line that starts with a plain decimal lead ("3.1 Parties"): the lead is the one
 *   `readParagraphLead` reads, no heading or label-alone gate lets it through, and none whose
 *   blanks end in its first 24 characters is furniture, however often it repeats;
 * - a line that starts with a plain option label ("Alt 1:"): the lead is `readParagraphLead`'s,
 *   it is no label alone, no furniture, and no STRUCTURAL heading;
 * - a line STRUCTURAL matches ("Article 12 [Cooperation]"): no furniture, and the heading read
 *   with the match passed in is the one read without it.
 */

const PIECES = [
  '1',
  '12',
  '123',
  '1234',
  '3.1',
  '4.2.1',
  '1.2.3.4',
  '1.2.3.4.5',
  '.',
  ' ',
  '   ',
  '          ',
  '\t',
  '\u00a0',
  '[',
  ']',
  '(',
  ')',
  '*',
  '_',
  'A',
  'Parties',
  'PART 1',
  'Article 2',
  'the',
  ' bis',
  ':',
  'Option 2:',
  'Alt 1.',
  'ALT 3 -',
  'x',
  'Pp3',
  '(a)',
  'DRAFT',
];
const line = fc
  .tuple(
    fc.constantFrom('1', '3.1', '12.4', '1.2.3', '123.45.6', '4.2.1.7'),
    fc.array(fc.constantFrom(...PIECES), { maxLength: 10 }),
  )
  .map(([head, rest]) => head + rest.join(''));

function lines(text: string): [number, number][] {
  const out: [number, number][] = [];
  let s = 0;
  for (const l of text.split('\n')) {
    out.push([s, s + l.length]);
    s += l.length + 1;
  }
  return out;
}

/** The facts the decimal line path relies on, for the line `text[s, e)`. */
function checkLine(text: string, s: number, e: number): void {
  const out: LeadRecord = { number: undefined, option: undefined, bodyStart: -1 };
  const body = readDecimalLeadInto(text, s, e, out);
  if (body < 0) {
    expect(out.bodyStart).toBe(-1);
    return;
  }
  const lead = readParagraphLead(text, s, e);
  expect(lead).toBeDefined();
  expect(out.number).toBe(lead?.number);
  expect(out.option).toBe(lead?.option);
  expect(out.bodyStart).toBe(lead?.bodyStart);
  // `body`: the first character after the number and its blanks.
  expect(body).toBe(s + (/^[\d.]+[ \t]+/.exec(text.slice(s, e)) as RegExpExecArray)[0].length);
  for (const format of ['text', 'markdown', 'other'] as const)
    expect(mayBeHeading(text, s, e, format)).toBe(false);
  expect(LABEL_ONLY.test(text.slice(s, e))).toBe(false);
  if (e - s <= 80 && body < s + 24) expect(isFurniture(text, s, e, () => 1000)).toBe(false);
}

const OPTION_HEADS = [
  'Alt',
  'ALT',
  'alt',
  'Option',
  'OPTION',
  'Variant',
  'variant',
  'Article',
  'PART',
  '[Article',
  '* Part',
];
const optionLine = fc
  .tuple(
    fc.constantFrom(...OPTION_HEADS),
    fc.constantFrom(' ', '  ', '\t', '', '\u00a0'),
    fc.constantFrom('1', '12', '123', '1234', 'IV', 'B', '2 bis', ''),
    fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }),
  )
  .map(([word, blank, number, rest]) => word + blank + number + rest.join(''));

/** The facts the option and structural line paths rely on, for the line `text[s, e)`. */
function checkWordLine(text: string, s: number, e: number): void {
  const out: LeadRecord = { number: undefined, option: undefined, bodyStart: -1 };
  const structural = matchStructuralLine(text, s, e);
  for (const format of ['text', 'markdown', 'other'] as const)
    expect(parseHeadingAt(text, s, e, format, 'II', 'B', structural)).toEqual(
      parseHeadingAt(text, s, e, format, 'II', 'B'),
    );
  if (structural >= 0 && e - s <= 80) expect(isFurniture(text, s, e, () => 1000)).toBe(false);
  if (!readPlainOptionInto(text, s, e, out)) {
    expect(out.bodyStart).toBe(-1);
    return;
  }
  const lead = readParagraphLead(text, s, e);
  expect(lead).toBeDefined();
  expect(out.number).toBe(lead?.number);
  expect(out.option).toBe(lead?.option);
  expect(out.bodyStart).toBe(lead?.bodyStart);
  expect(structural).toBe(-1);
  expect(LABEL_ONLY.test(text.slice(s, e))).toBe(false);
  if (e - s <= 80) expect(isFurniture(text, s, e, () => 1000)).toBe(false);
}

describe('the option label and structural heading line paths', () => {
  it('hold on fuzzed lines that start with an option or heading word', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 4 }), optionLine, (before, l) => {
        const text = `${before}\n${l}`;
        checkWordLine(text, before.length + 1, text.length);
      }),
      { numRuns: 5000 },
    );
  });

  it('hold on every line of generated drafts', () => {
    for (const text of [denseDraft(40_000), generateDraft({ size: 60_000, brackets: 400, seed: 11 }).text])
      for (const [s, e] of lines(text)) if (e > s) checkWordLine(text, s, e);
  });

  it('never ask a line too long to be a heading whether it is one', () => {
    // The structure pass does not match STRUCTURAL on such a line: neither question needs it.
    for (const l of [
      `Article 7 ${'word '.repeat(30)}`,
      `PART 2${' '.repeat(146)}`,
      `[Part 3 Scope${' x'.repeat(70)}`,
    ]) {
      expect(l.length).toBeGreaterThan(MAX_HEADING_LINE);
      for (const format of ['text', 'markdown', 'other'] as const)
        expect(mayBeHeading(l, 0, l.length, format)).toBe(false);
    }
  });
});

describe('the plain decimal line path', () => {
  it('holds on fuzzed lines that start with digits', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 4 }), line, (before, l) => {
        const text = `${before}\n${l}`;
        checkLine(text, before.length + 1, text.length);
      }),
      { numRuns: 5000 },
    );
  });

  it('holds on every line of generated drafts', () => {
    for (const text of [denseDraft(40_000), generateDraft({ size: 60_000, brackets: 400, seed: 9 }).text])
      for (const [s, e] of lines(text)) checkLine(text, s, e);
  });

  it('leaves a repeated line to the furniture test when its blanks end past 24 characters', () => {
    const blocks = (text: string) => [{ kind: 'paragraph' as const, offset: 0, text, line: 0, column: 0 }];
    const near = `1.1${' '.repeat(20)}[Draft]`;
    const far = `1.1${' '.repeat(21)}[Draft]`;
    const nearText = [near, near, near].join('\n');
    const farText = [far, far, far].join('\n');
    const numbered = buildStructure(nearText, blocks(nearText), 'text').paragraphs;
    expect(numbered.map((p) => [p.kind, p.number])).toEqual([
      ['body', '1.1'],
      ['body', '1.1'],
      ['body', '1.1'],
    ]);
    const headers = buildStructure(farText, blocks(farText), 'text').paragraphs;
    expect(headers.map((p) => p.kind)).toEqual(['furniture', 'furniture', 'furniture']);
  });
});
