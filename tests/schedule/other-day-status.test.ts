import { describe, expect, it } from 'vitest';
import { extractClaims, type MeetingClaim } from '../../src/core/schedule/index.js';
import { source, textDoc } from './helpers.js';

/**
 * A message about one meeting that calls off a meeting of another day ("The strategy call on
 * 18 March is cancelled.") must not mark its own meeting cancelled: a wrong "cancelled" alert
 * is worse than none. Our own wording, invented bodies.
 */
function read(text: string): MeetingClaim[] {
  return extractClaims(textDoc(text, 'text', { name: 'note.txt' }), source('note.txt')).claims;
}

const byDay = (claims: MeetingClaim[]) =>
  claims
    .filter((c) => c.dates)
    .map((c) => `${c.dates?.value.start} ${c.title?.value ?? ''} ${c.status?.value ?? 'scheduled'}`);

describe('a status said of a meeting on another day', () => {
  it('calls off the meeting of that day, not the one the message is about', () => {
    const claims = read(
      [
        'Hello everyone,',
        '',
        'Our coordination call is on Tuesday 16 March 2027 at 14:00 UTC.',
        'The strategy call on 18 March is cancelled.',
      ].join('\n'),
    );
    expect(byDay(claims)).toEqual(['2027-03-16 note.txt scheduled', '2027-03-18 strategy call cancelled']);
  });

  it('postpones the workshop of its day only', () => {
    const claims = read(
      [
        'Dear members,',
        '',
        'The steering group will meet on 3 May 2027 from 10:00 to 12:00 UTC.',
        'Please note that the drafting workshop scheduled for 6 May has been postponed.',
      ].join('\n'),
    );
    expect(byDay(claims)).toContain('2027-05-03 note.txt scheduled');
    expect(byDay(claims)).toContain('2027-05-06 drafting workshop postponed');
  });

  it('keeps the meeting of the message cancelled when the sentence names its own day', () => {
    const claims = read(
      [
        'Dear members,',
        '',
        'The steering group will meet on 3 May 2027 from 10:00 to 12:00 UTC.',
        'Update: the meeting on 3 May has been cancelled.',
      ].join('\n'),
    );
    expect(byDay(claims)).toEqual(['2027-05-03 note.txt cancelled']);
  });

  it('reads a replacement on another day as no second cancelled meeting', () => {
    const claims = read(
      [
        'Dear members,',
        '',
        'The steering group will meet on 3 May 2027 from 10:00 to 12:00 UTC.',
        'The meeting has been cancelled; a short call will be held on 5 May instead.',
      ].join('\n'),
    );
    expect(claims.some((c) => c.status?.value === 'cancelled' && c.dates?.value.start === '2027-05-05')).toBe(
      false,
    );
  });
});
