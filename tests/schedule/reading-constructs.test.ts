import { describe, expect, it } from 'vitest';
import { extractClaims, type MeetingClaim } from '../../src/core/schedule/index.js';
import { source, textDoc } from './helpers.js';

/** Fixtures written for constructs met in real announcements (own text, invented bodies). */
function read(
  text: string,
  type: 'markdown' | 'text' = 'text',
  seenAt = '2026-12-07T00:00:00Z',
): MeetingClaim[] {
  return extractClaims(textDoc(text, type, { name: 'construct.txt' }), source('construct.txt', { seenAt }))
    .claims;
}

function sessionDays(claims: MeetingClaim[]): string[] {
  return claims.flatMap((c) => c.sessions.map((s) => s.date)).sort();
}

describe('a list of separate days in one sentence', () => {
  it('gives each day of "on 13 May, 18 May, and 20 May" as a day of its own', () => {
    const claims = read(
      [
        'Informal meetings on the budget resolution',
        '',
        'The co-chairs circulated a draft on 2 May 2027 in Nairobi.',
        '',
        'The next informal consultations will take place on 13 May, 18 May, and 20 May.',
      ].join('\n'),
    );
    expect(sessionDays(claims)).toEqual(['2027-05-13', '2027-05-18', '2027-05-20']);
  });

  it('keeps consecutive listed days as one meeting over those days', () => {
    const claims = read(
      'Board meeting\n\nThe board meeting will take place on 4 June and 5 June 2027 in Lyon.\n',
    );
    const c = claims.find((x) => x.dates?.value.start === '2027-06-04');
    expect(c?.dates?.value.end).toBe('2027-06-05');
    expect(sessionDays(claims)).toEqual([]);
  });
});

describe('a date written with dashes and an abbreviated month', () => {
  it('reads "UTC Wed 10-Mar-2027 15:00 (03:00 PM)" as a start in UTC, not a range', () => {
    const text = [
      '# Steering Group Meeting 2027-03-10',
      '',
      '## Time',
      '',
      '**UTC Wed 10-Mar-2027 15:00 (03:00 PM)**:',
      '',
      '| Timezone | Date/Time |',
      '|---|---|',
      '| US / Pacific | Wed 10-Mar-2027 07:00 (07:00 AM) |',
      '| Asia / Tokyo | Thu 11-Mar-2027 00:00 (12:00 AM) |',
    ].join('\n');
    const claims = read(text, 'markdown');
    // The table gives the same meeting in other zones: no meeting of its own, no 11 March.
    expect(claims).toHaveLength(1);
    expect(claims[0]?.sessions.map((s) => [s.date, s.start, s.end])).toEqual([
      ['2027-03-10', '15:00', undefined],
    ]);
    expect(claims[0]?.zone?.value.zone).toBe('UTC');
  });
});

describe('when minutes say the meeting was scheduled', () => {
  it('takes "was scheduled for 10am PST" as the start, not the time it was called to order', () => {
    const text = [
      'Harbour Trust',
      'Board of Trustees Meeting Minutes',
      'March 3, 2027',
      '1. Call to order',
      'The meeting was scheduled for 10am PST. The chair called the meeting to order at 10:04am.',
      '2. Roll call',
    ].join('\n');
    const claims = read(text);
    const c = claims.find((x) => x.dates?.value.start === '2027-03-03');
    expect(c?.sessions.map((s) => s.start)).toEqual(['10:00']);
    expect(c?.zone?.value.zone).toBe('America/Los_Angeles');
  });
});

describe('a year inferred from the weekday when none is written', () => {
  it('puts "Friday March 22" in the nearest year in which 22 March is a Friday, and says it inferred it', () => {
    const text = [
      '[garden-list] Allotment committee meeting: Friday March 22, 17:00UTC',
      '',
      'The meeting will be on the usual channel.',
    ].join('\n');
    const claims = read(text, 'text', '2026-12-07T00:00:00Z');
    const c = claims[0];
    expect(c?.title?.value).toBe('[garden-list] Allotment committee meeting');
    expect(c?.dates?.value.start).toBe('2024-03-22');
    expect(c?.dates?.uncertain).toMatch(/nearest year in which 22 March is a Friday/);
    expect(c?.sessions[0]?.start).toBe('17:00');
    expect(c?.zone?.value.zone).toBe('UTC');
  });

  it('keeps the document date as the anchor when there is one', () => {
    const text =
      'Allotment committee\n\nPosted 2 March 2031\n\nThe meeting will take place on Friday 22 March at 17:00.\n';
    const c = read(text)[0];
    expect(c?.dates?.value.start).toBe('2031-03-22');
  });
});
