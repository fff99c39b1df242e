import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bracketColumns } from '../../src/core/drafts/bracket-table.js';
import { type ParsedDraft, parseDraftText } from '../../src/core/drafts/index.js';
import { FIXTURES } from './fixtures.js';
import { denseDraft, generateDraft } from './generate.js';
import { type RefChoice, referenceAlternatives } from './reference/alternatives-reference.js';

/**
 * The alternatives of the parse (runs marked in one pass and written in order, labelled and
 * slash choices merged in; alternatives.ts) are those of the reference, the object-based
 * version with one sort at the end (reference/alternatives-reference.ts): same choices, same
 * order, same members and labels, and each member bracket names its choice.
 */

/** Pieces of text written for this test: the shapes alternatives come in, and their near misses. */
const PIECES = [
  '[shall]',
  '[should]',
  '[may]',
  ' ',
  ' / ',
  '/',
  '\n',
  '\n\n',
  '[',
  ']',
  'Parties',
  'Option 1: ',
  'Option 2: ',
  'Option 3: ',
  'Alt A ',
  'Alt B ',
  'Alt i ',
  'Alt ii ',
  '[Alt 1: report yearly]',
  '[Alt 2: report every two years]',
  '[Option 1: funds][Option 2: loans]',
  '[national / regional / local]',
  '[a / [b] / c]',
  '[“Party” means a State;]',
  '[Each Party shall report]',
  '12. ',
  '(a) ',
  'Article 3\n\n',
  '[EU: delete]',
  ',',
  ';',
];

/** Labelled options in and out of sequence, in and out of brackets. */
const LABELS = [
  'Option 1: x',
  'Option 2: y',
  'Option 3: z',
  'Alt A x',
  'Alt B y',
  'Alt ii y',
  'Alt iii z',
  '[Alt 1: x]',
  '[Alt 2: y]',
  '[Alt 3: z]',
  '\n\n',
  '\n\n',
  '\n',
  ' ',
  '[',
  ']',
  'Article 2\n\n',
];

/** Slashes and brackets: " / " inside, outside and across nested brackets, and overlapping. */
const SLASHES = ['[', ']', ' / ', ' / ', '/', ' ', 'a', '[b]', '\n'];

const textOf = (pieces: string[], maxLength: number) =>
  fc.array(fc.constantFrom(...pieces), { maxLength }).map((parts) => parts.join(''));
const draftText = fc.oneof(textOf(PIECES, 60), textOf(LABELS, 30), textOf(SLASHES, 40));

/** The parse's alternatives and bracket links against the reference's, on the same bracket table. */
function check(text: string, format: 'markdown' | 'text'): void {
  const draft = parseDraftText(text, format);
  // Read before the objects are made: the parse's own table.
  const table = bracketColumns(draft);
  const expected = referenceAlternatives(text, table, draft.paragraphs);
  expect(normalised(draft)).toEqual(expected);
  const links = new Map<number, number>();
  expected.forEach((choice, g) => {
    if (choice.kind !== 'slash') for (const m of choice.members) if (m.bracket >= 0) links.set(m.bracket, g);
  });
  draft.brackets.forEach((b, k) => {
    expect(b.alternative).toBe(links.get(k));
  });
}

function normalised(draft: ParsedDraft): RefChoice[] {
  return draft.alternatives.map((a) => ({
    kind: a.kind,
    section: a.section,
    paragraph: a.paragraph,
    members: a.members.map((m) => ({
      start: m.start,
      end: m.end,
      bracket: 'bracket' in m && m.bracket !== undefined ? m.bracket : -1,
      label: m.label,
    })),
  }));
}

describe('alternatives: the column version agrees with the reference', () => {
  it('on drafts made of the shapes of alternatives (fuzzed)', () => {
    fc.assert(
      fc.property(draftText, fc.constantFrom<'markdown' | 'text'>('markdown', 'text'), (text, format) => {
        check(text, format);
      }),
      { numRuns: 1500 },
    );
  });

  it('on dense and generated drafts, and the fixtures', { timeout: 30_000 }, () => {
    check(denseDraft(40_000), 'text');
    check(denseDraft(20_000), 'markdown');
    check(generateDraft({ size: 120_000, brackets: 900, seed: 5 }).text, 'markdown');
    check(generateDraft({ size: 80_000, brackets: 700, seed: 11, format: 'text' }).text, 'text');
    for (const file of readdirSync(FIXTURES).sort())
      check(readFileSync(join(FIXTURES, file), 'utf8'), file.endsWith('.md') ? 'markdown' : 'text');
  });
});
