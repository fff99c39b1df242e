import { describe, expect, it } from 'vitest';
import { readAnnouncement } from '../../src/core/schedule/announcement.js';
import type { MeetingClaim } from '../../src/core/schedule/index.js';
import { nextMeetingTitle } from '../../src/core/schedule/titles.js';
import { source, textDoc } from './helpers.js';

/** Constructs of announcements in other bodies' styles. Own wording, invented events. */
function read(text: string, name = 'notice.txt'): MeetingClaim[] {
  return readAnnouncement(textDoc(text, 'text', { name }), source(name)).claims;
}

const days = (c: MeetingClaim | undefined) => c?.dates?.value;
const hours = (c: MeetingClaim | undefined) =>
  (c?.sessions ?? []).map((s) => `${s.date} ${s.start ?? ''}-${s.end ?? ''}`);

describe('a session that opens at a clock time written with dots and closes on a later day', () => {
  it.each([
    [
      'Twelfth session of the Coastal Fisheries Committee\n\nThe session will open on Tuesday, 6 March 2029, at 9.30 a.m. and is expected to close on Friday, 9 March 2029.\n',
      { start: '2029-03-06', end: '2029-03-09' },
      ['2029-03-06 09:30-'],
    ],
    [
      'Meeting of the Parties to the Wetland Accord\n\nThe meeting opens on 14 May 2029 at 3 p.m. and closes on 16 May 2029.\n',
      { start: '2029-05-14', end: '2029-05-16' },
      ['2029-05-14 15:00-'],
    ],
    [
      'Assembly of the Mountain Partnership\n\nThe Assembly will open on Monday 2 July 2029 at 10.15 and will close on Wednesday 4 July 2029.\n',
      { start: '2029-07-02', end: '2029-07-04' },
      ['2029-07-02 10:15-'],
    ],
  ])('%s', (text, span, sittings) => {
    const [claim] = read(text);
    expect(days(claim)).toEqual(span);
    expect(hours(claim)).toEqual(sittings);
  });

  it('a clock time that ends a sentence still ends it: a later closing of something else is no end day', () => {
    const claims = read(
      'Twelfth session of the Coastal Fisheries Committee\n\nThe session will open on Tuesday, 6 March 2029, at 9.30 a.m. Registration closes on Friday, 9 March 2029.\n',
    );
    expect(claims.some((c) => days(c)?.start === '2029-03-06' && days(c)?.end === '2029-03-09')).toBe(false);
  });
});

describe("the series' next meeting is not named by the number of the meeting the text is about", () => {
  it('a cancelled numbered meeting and the next one: the next one does not take the number', () => {
    const claims = read(
      'Subject: CANCELLED - Expert Group on Tide Gauges, 7th meeting (9 June 2027)\n\nDear members,\n\nThe 7th meeting of the Expert Group on Tide Gauges, planned for Wednesday 9 June 2027 at 15:00 CEST, is cancelled. The next meeting will take place on 23 June 2027 at the same time.\n',
    );
    const next = claims.find((c) => days(c)?.start === '2027-06-23');
    expect(claims.find((c) => days(c)?.start === '2027-06-09')?.status?.value).toBe('cancelled');
    expect(next?.title?.value).toBe('Expert Group on Tide Gauges, next meeting');
    expect(next?.ordinal).toBeUndefined();
  });

  it.each([
    ['Working Party on Statistics, 4th meeting', 'Working Party on Statistics, next meeting'],
    ['Fourth session of the Board of Trustees', 'Next session of the Board of Trustees'],
    ['Forum of Lake Authorities – twenty-second meeting', 'Forum of Lake Authorities – next meeting'],
    ['Weekly call of the Editors, 12th call', 'Weekly call of the Editors, next call'],
  ])('%s', (title, next) => {
    expect(nextMeetingTitle(title)).toBe(next);
  });

  it.each([
    'Working Party on Statistics',
    'Annual meeting of the Fund',
    'Board of Trustees 2027 session',
    'Special session on water',
  ])('a title that numbers no meeting stays: %s', (title) => {
    expect(nextMeetingTitle(title)).toBe(title);
  });
});
