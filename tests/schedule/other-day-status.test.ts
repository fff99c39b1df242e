import { describe, expect, it } from 'vitest';
import type { MeetingClaim } from '../../src/core/schedule/index.js';
import { claimsOfText } from './helpers.js';

/**
 * A message about one meeting that calls off a meeting of another day ("The strategy call on
 * 18 March is cancelled.") must not mark its own meeting cancelled: a wrong "cancelled" alert
 * is worse than none. Our own wording, invented bodies.
 */
function read(text: string): MeetingClaim[] {
  return claimsOfText(text, 'text', 'note.txt');
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

describe('a meeting re-timed in a sentence that gives its day', () => {
  const notice = (sentence: string) =>
    read(['Subject: Time change', '', 'Dear colleagues,', '', sentence].join('\n'));

  it('keeps the new range as the session and the old start as what changed', () => {
    const [c] = notice(
      'Please note that the reef monitoring group meeting on Wednesday, 14 April 2027 has been moved from 10:00-12:00 to 15:00-17:00 (Geneva time).',
    );
    expect(c?.sessions.map((s) => `${s.date} ${s.start}-${s.end}`)).toEqual(['2027-04-14 15:00-17:00']);
    expect(c?.changedFrom?.value.start).toBe('10:00');
    expect(c?.correction?.value).toBe('rescheduled');
  });

  it('reads a city before "time" as the clock of the zone, not as the venue', () => {
    const [c] = notice('The reef monitoring group meets on 14 April 2027 at 15:00 Geneva time.');
    expect(c?.zone?.value.zone).toBe('Europe/Zurich');
    expect(c?.venue).toBeUndefined();
  });
});

describe('calls named in the plural', () => {
  it('dates "our calls will be at 14:00 UTC on 3 May and 10 May", and calls off only the 17 May one', () => {
    const claims = read(
      [
        'Subject: Caucus coordination calls',
        '',
        'Hi everyone,',
        '',
        'Our coordination calls will be at 14:00 UTC on 3 May and 10 May 2027. The call on 17 May will not take place due to the holiday.',
      ].join('\n'),
    );
    const held = claims.find((c) => c.dates?.value.start === '2027-05-03');
    expect(held?.status).toBeUndefined();
    expect(held?.sessions.map((s) => `${s.date} ${s.start}`)).toEqual([
      '2027-05-03 14:00',
      '2027-05-10 14:00',
    ]);
    const off = claims.find((c) => c.dates?.value.start === '2027-05-17');
    expect(off?.status?.value).toBe('cancelled');
    expect(off?.title?.value).toBe(held?.title?.value);
  });
});
