import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bracketColumns } from '../../src/core/drafts/bracket-table.js';
import { draftStatus, parseDraftText } from '../../src/core/drafts/index.js';
import { FIXTURES } from './fixtures.js';
import { denseDraft, generateDraft } from './generate.js';
import { referenceStatus } from './reference/status-reference.js';

/**
 * The status report (status.ts: plain functions, holder lists, shared empty lists) is the
 * reference's (reference/status-reference.ts: the version before the speed work) byte for
 * byte, with and without the package deal, on the parse's own tables and on a draft whose
 * bracket and alternative objects were made.
 */

/** Pieces written for this test: units, numbers, holders, notes and choices. */
const PIECES = [
  '[',
  ']',
  '[shall]',
  '[should]',
  ' ',
  '\n',
  '\n\n',
  'Parties act',
  '12. ',
  '[12 bis.] ',
  '(a) ',
  'Article 2\n\n',
  '## Section III. Means\n\n',
  '### Part B\n\n',
  '[US: delete]',
  '[G77, EU: retain]',
  '[proposed by AOSIS]',
  '[Note: to be completed]',
  '[^1]',
  '\n\n[^1]: A footnote.\n\n',
  'Option 1: x',
  'Option 2: y',
  '[a / b]',
  'Footnotes\n\n',
];

const draftText = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((parts) => parts.join(''));

function check(text: string, format: 'markdown' | 'text', draft = parseDraftText(text, format)): void {
  for (const packageDeal of [false, true]) {
    // The parse's own tables first, then the objects (read, which makes them).
    expect(JSON.stringify(draftStatus(draft, { packageDeal }))).toBe(
      JSON.stringify(referenceStatus(draft, { packageDeal })),
    );
  }
  expect(draft.brackets.length + draft.alternatives.length).toBeGreaterThanOrEqual(0);
  expect(JSON.stringify(draftStatus(draft))).toBe(JSON.stringify(referenceStatus(draft)));
}

describe('status: the reworked report is the reference report', () => {
  it('on drafts made of units, holders, notes and choices (fuzzed)', () => {
    fc.assert(
      fc.property(draftText, fc.constantFrom<'markdown' | 'text'>('markdown', 'text'), (text, format) => {
        check(text, format);
      }),
      { numRuns: 600 },
    );
  });

  it('on dense and generated drafts, and the fixtures', { timeout: 30_000 }, () => {
    check(denseDraft(40_000), 'text');
    check(denseDraft(20_000), 'markdown');
    check(generateDraft({ size: 120_000, brackets: 900, seed: 5 }).text, 'markdown');
    check(generateDraft({ size: 80_000, brackets: 700, seed: 13, revise: true }).text, 'markdown');
    // Holders given to brackets after the parse (as comments do) come last in the table's
    // map: its brackets with holders are then out of order, and status must sort them.
    const reordered = parseDraftText(denseDraft(6_000), 'text');
    const holders = bracketColumns(reordered).holders;
    for (const [k, list] of [...holders].reverse()) {
      holders.delete(k);
      holders.set(k, list);
    }
    check('', 'text', reordered);
    for (const file of readdirSync(FIXTURES).sort())
      check(readFileSync(join(FIXTURES, file), 'utf8'), file.endsWith('.md') ? 'markdown' : 'text');
  });
});
