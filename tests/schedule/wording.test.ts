import { describe, expect, it } from 'vitest';
import {
  describeWhen,
  formatDays,
  type Meeting,
  meetingContext,
  meetingDays,
  readAnnouncement,
  reconcile,
  summary,
  toICalendar,
} from '../../src/core/schedule/index.js';
import { source, textDoc } from './helpers.js';

/** The one meeting a short announcement gives. */
function meetingOf(text: string): Meeting {
  const { claims } = readAnnouncement(
    textDoc(text, 'text', { name: 'note.txt' }),
    source('note.txt', { seenAt: '2024-02-01T08:00:00Z' }),
  );
  const [m] = reconcile(claims).meetings;
  if (!m) throw new Error(`no meeting in ${JSON.stringify(text)}`);
  return m;
}

describe("a meeting's days are the sessions it has", () => {
  // Tuesday, Wednesday, and the Tuesday after: a weekend lies between the sittings.
  const apart = meetingOf(
    'The drafting group will meet on 12, 13 and 19 March 2024, 09:30-11:00 CET, online.',
  );

  it('days apart are listed, not spanned, and the same times are written once', () => {
    expect(meetingDays(apart)).toEqual(['2024-03-12', '2024-03-13', '2024-03-19']);
    expect(describeWhen(apart)).toBe('12, 13 and 19 March 2024, 09:30-11:00 Europe/Paris');
    expect(summary(apart)).toMatch(/^12, 13 and 19 March 2024, 09:30-11:00 Europe\/Paris/);
    expect(summary(apart)).not.toMatch(/daily|12-19/);
  });

  it('a weekend between sittings is no weekend of the meeting', () => {
    const flags = meetingContext(apart).flags;
    expect(flags.filter((f) => f.kind === 'weekend')).toEqual([]);
  });

  it('a sitting on a weekend day is still flagged', () => {
    const m = meetingOf('The drafting group will meet on 15, 16 and 19 March 2024, 09:30-11:00 CET, online.');
    expect(
      meetingContext(m)
        .flags.filter((f) => f.kind === 'weekend')
        .map((f) => f.date),
    ).toEqual(['2024-03-16']);
  });

  it('a span with no sessions apart stays one span, written once', () => {
    const m = meetingOf('The session will be held from 4 to 7 November 2024, 10:00-13:00, in Geneva.');
    expect(describeWhen(m)).toBe('4-7 November 2024, 10:00-13:00 Europe/Zurich');
  });

  it('the calendar description says the same days', () => {
    const ics = toICalendar({ meetings: [apart] }).replace(/\r\n[ \t]/g, '');
    expect(ics).toContain('12\\, 13 and 19 March 2024\\, 09:30-11:00 (Europe/Paris)');
  });
});

describe('formatDays', () => {
  it('writes a run as a span and a month and year once', () => {
    expect(formatDays(['2021-02-08', '2021-02-09', '2021-02-10', '2021-02-11'])).toBe('8-11 February 2021');
    expect(formatDays(['2021-02-08', '2021-02-10'])).toBe('8 and 10 February 2021');
    expect(formatDays(['2021-02-01', '2021-02-02', '2021-02-03', '2021-02-15'])).toBe(
      '1-3 and 15 February 2021',
    );
  });

  it('crosses months and years plainly', () => {
    expect(formatDays(['2021-01-29', '2021-02-03'])).toBe('29 January and 3 February 2021');
    expect(formatDays(['2021-12-30', '2022-01-04'])).toBe('30 December 2021 and 4 January 2022');
    expect(formatDays(['2021-04-29', '2021-04-30', '2021-05-01', '2021-05-02'])).toBe(
      '29 April - 2 May 2021',
    );
    expect(formatDays(['2021-04-29', '2021-04-30', '2021-05-01', '2021-05-07'])).toBe(
      '29 April - 1 and 7 May 2021',
    );
  });

  it('orders and de-duplicates, and says nothing for no days', () => {
    expect(formatDays(['2021-02-10', '2021-02-08', '2021-02-10'])).toBe('8 and 10 February 2021');
    expect(formatDays([])).toBe('');
  });
});
