import { describe, expect, it } from 'vitest';
import { extractClaims, type MeetingClaim } from '../../src/core/schedule/index.js';
import { source, textDoc } from './helpers.js';

/** Constructs the development set does not show: own wording, invented bodies. */
function read(text: string, type: 'text' | 'markdown' = 'text'): MeetingClaim[] {
  return extractClaims(textDoc(text, type, { name: 'notice.txt' }), source('notice.txt')).claims;
}

/** One line per dated claim: title | days | sessions | zone. */
function summary(claims: MeetingClaim[]): string[] {
  return claims
    .filter((c) => c.dates || c.sessions.length > 0)
    .map((c) => {
      const days = c.dates ? `${c.dates.value.start}..${c.dates.value.end}` : 'no date';
      const times = c.sessions
        .filter((s) => s.start)
        .map((s) => `${s.date} ${s.start}${s.end ? `-${s.end}` : ''}`)
        .join(',');
      return [c.title?.value ?? '', days, times, c.zone?.value.zone ?? ''].join(' | ');
    });
}

const lines = (...l: string[]) => l.join('\n');

describe('clock times in words', () => {
  it.each([
    ["at three o'clock in the afternoon", '15:00'],
    ["at 9 o'clock", '09:00'],
    ["at eleven o'clock in the morning", '11:00'],
    ["at 7 o'clock p.m.", '19:00'],
    ['at ten o\u2019clock in the evening', '22:00'],
  ])('reads "%s"', (when, start) => {
    const claims = read(
      lines('Lake Authority board meeting', '', `The board will meet on 5 May 2027 ${when}.`),
    );
    expect(claims[0]?.sessions.map((s) => s.start)).toEqual([start]);
  });

  it('leaves "at 3 o\'clock" alone unread: morning or afternoon is not said', () => {
    const claims = read(
      lines('Lake Authority board meeting', '', "The board will meet on 5 May 2027 at 3 o'clock."),
    );
    expect(claims[0]?.dates?.value.start).toBe('2027-05-05');
    expect(claims[0]?.sessions.filter((s) => s.start)).toEqual([]);
  });
});

describe('ISO 8601 date-times', () => {
  it('reads an offset after the time as the zone, never as a second time', () => {
    const claims = read(lines('Lake Authority board meeting', '', 'When: 2027-03-03T10:00+01:00'));
    expect(summary(claims)).toEqual([
      'Lake Authority board meeting | 2027-03-03..2027-03-03 | 2027-03-03 10:00 | UTC+1',
    ]);
    expect(claims[0]?.sessions[0]?.startAt).toBe('2027-03-03T10:00:00+01:00');
  });

  it('reads a negative offset with seconds', () => {
    const claims = read(lines('Lake Authority board meeting', '', 'Date: 2027-03-03T09:30:00-05:00'));
    expect(summary(claims)).toEqual([
      'Lake Authority board meeting | 2027-03-03..2027-03-03 | 2027-03-03 09:30 | UTC-5',
    ]);
  });

  it.each([
    ['When: 2027-03-03T10:00/2027-03-03T13:00', ''],
    ['The board will meet 2027-03-03T10:00+01:00/2027-03-03T13:00+01:00 by video.', 'UTC+1'],
    ['When: 2027-03-03T10:00/13:00', ''],
    ['When: 2027-03-03 10:00\u201313:00Z', 'UTC'],
  ])('reads the interval "%s" as one day from 10:00 to 13:00', (line, zone) => {
    const claims = read(lines('Lake Authority board meeting', '', line));
    expect(summary(claims)).toEqual([
      `Lake Authority board meeting | 2027-03-03..2027-03-03 | 2027-03-03 10:00-13:00 | ${zone}`,
    ]);
  });

  it('an interval over two days gives no range on either day', () => {
    const claims = read(lines('Lake Authority board meeting', '', 'When: 2027-03-03T10:00/2027-03-05T13:00'));
    const sessions = claims.flatMap((c) => c.sessions);
    expect(sessions.some((s) => s.end === '13:00' || s.start === '13:00')).toBe(false);
  });

  it('a range of clock times stays a range, not an offset', () => {
    const claims = read(lines('Lake Authority board meeting', '', 'When: 3 March 2027, 10:00-12:00'));
    expect(claims[0]?.sessions.map((s) => `${s.start}-${s.end}`)).toEqual(['10:00-12:00']);
    expect(claims[0]?.zone).toBeUndefined();
  });
});

describe('ordinals split from their number', () => {
  it.each([
    ['on the 4 th of May 2027 at noon', '2027-05-04', '12:00'],
    ['on 21 st March 2027 at midday', '2027-03-21', '12:00'],
    ['on May 22 nd, 2027 at 10:00', '2027-05-22', '10:00'],
  ])('reads "%s"', (when, day, start) => {
    const claims = read(lines('Lake Authority board meeting', '', `The board will meet ${when} in Geneva.`));
    expect(claims[0]?.dates?.value.start).toBe(day);
    expect(claims[0]?.sessions.map((s) => s.start)).toEqual([start]);
  });

  it('a suffix that does not fit its number, or no month, is left alone', () => {
    const wrong = read(
      lines('Lake Authority board meeting', '', 'The board will meet on the 4 st of May in Geneva.'),
    );
    expect(wrong.filter((c) => c.dates)).toEqual([]);
    const floor = read(
      lines(
        'Lake Authority board meeting',
        '',
        'The board will meet on 5 May 2027 at 10:00 on the 4 th floor.',
      ),
    );
    expect(summary(floor)).toEqual([
      'Lake Authority board meeting | 2027-05-05..2027-05-05 | 2027-05-05 10:00 | ',
    ]);
  });
});
