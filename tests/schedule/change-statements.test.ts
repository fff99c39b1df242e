import { describe, expect, it } from 'vitest';
import { movesFromTo } from '../../src/core/schedule/change-statements.js';
import { extractClaims } from '../../src/core/schedule/index.js';
import { source, textDoc } from './helpers.js';

const claimsIn = (text: string) =>
  extractClaims(textDoc(text, 'markdown'), source('note.md', { seenAt: '2027-05-01T08:00:00Z' })).claims;

describe('a meeting moved from one date to another', () => {
  it('keeps the new date as the meeting and the old one as what changed', () => {
    const [c] = claimsIn('# Moving the May 6th meeting to May 13th\n\nSorry for the short notice.');
    expect(c?.dates?.value).toEqual({ start: '2027-05-13', end: '2027-05-13' });
    expect(c?.correction?.value).toBe('rescheduled');
    expect(c?.changedFrom?.value).toEqual({ dates: { start: '2027-05-06', end: '2027-05-06' } });
  });
  it('reads "rescheduled from A to B" in a sentence', () => {
    const [c] = claimsIn(
      '# Board meeting\n\nThe board meeting has been rescheduled from 4 June 2027 to 11 June 2027 at 10:00 UTC.',
    );
    expect(c?.dates?.value.start).toBe('2027-06-11');
    expect(c?.changedFrom?.value.dates?.start).toBe('2027-06-04');
  });
  it('treats a question as no decision', () => {
    const text = 'Should we move the 4 June meeting to 11 June?';
    expect(
      movesFromTo(text, text.indexOf('4 June'), text.indexOf('4 June') + 6, text.indexOf('11 June')),
    ).toBe(false);
  });
  it('does not read two dates of a range as a move', () => {
    const text = 'The workshop runs from 4 June to 11 June.';
    expect(
      movesFromTo(text, text.indexOf('4 June'), text.indexOf('4 June') + 6, text.indexOf('11 June')),
    ).toBe(false);
  });
});

describe('a status tag in brackets after the title', () => {
  it('reads "[CANCELLED]" at the end of a title as the meeting cancelled', () => {
    const [c] = claimsIn(
      '# Design workshop XIV: Lisbon (October 4-8, 2027) [CANCELLED]\n\nThe workshop was to be held in Lisbon.',
    );
    expect(c?.status?.value).toBe('cancelled');
    expect(c?.dates?.value).toEqual({ start: '2027-10-04', end: '2027-10-08' });
  });
});
