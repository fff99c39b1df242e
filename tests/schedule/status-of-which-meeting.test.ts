import { describe, expect, it } from 'vitest';
import { extractClaims, type MeetingClaim } from '../../src/core/schedule/index.js';
import { RESCHEDULED } from '../../src/core/schedule/text-rules.js';
import { claimsOfText, source, textDoc } from './helpers.js';

/**
 * Which meeting a status sentence speaks of, and whether a postponement that names the new day
 * is a move. Our own wording.
 */
function read(text: string): MeetingClaim[] {
  return claimsOfText(text, 'text', 'notice-12.txt');
}

const brief = (claims: MeetingClaim[]) =>
  claims.map((c) => [c.dates?.value.start, c.status?.value ?? '-', c.correction?.value ?? '-']);

describe('a postponement to a day of two digits', () => {
  it.each([
    'is postponed to 31 March',
    'has been deferred until 15 June',
    'a été reportée au 12 mai',
    'ha sido aplazada al 24 de abril',
  ])('"%s" is a move to that day, never a postponement without a date', (text) => {
    expect(RESCHEDULED.test(text)).toBe(true);
  });
});

describe('the next meeting moved, in a message about this one', () => {
  it('marks the next meeting only, and leaves this one as announced', () => {
    const claims = read(
      [
        'Dear members of the drafting group,',
        '',
        'Our next online meeting will take place on Wednesday 10 March 2027 at 14:00 CET on Zoom.',
        '',
        'The following meeting, first planned for 24 March, is postponed to 31 March.',
      ].join('\n'),
    );
    expect(brief(claims)).toEqual([
      ['2027-03-10', '-', '-'],
      ['2027-03-31', '-', 'rescheduled'],
    ]);
  });
});

describe('one warning per wrong weekday', () => {
  it('flags a weekday that does not match its date once, with the advice', () => {
    const doc = textDoc(
      'Session notice\n\nThe session will be held from 3 to 7 June 2027 in Geneva. It will open at 10 a.m. on Monday, 3 June 2027.',
      'text',
    );
    const { diagnostics } = extractClaims(doc, source('notice-13.txt'));
    const weekday = diagnostics.filter((d) => d.code === 'schedule.weekday-mismatch');
    expect(weekday).toHaveLength(1);
    expect(weekday[0]?.message).toMatch(/Monday.*Thursday/);
  });
});
