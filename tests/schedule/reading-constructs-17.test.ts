import { describe, expect, it } from 'vitest';
import { readAnnouncement } from '../../src/core/schedule/announcement.js';
import type { MeetingClaim } from '../../src/core/schedule/index.js';
import { findRecurrences } from '../../src/core/schedule/recurrence.js';
import { source, textDoc } from './helpers.js';

/**
 * Precision of dates and recurring meetings: what a careful reader does not take for a
 * meeting, and recurring rules said in other words. Own wording, invented bodies and events.
 */
const ref = { reference: '2027-01-10' };

function read(text: string, name = 'notice.txt', date?: string): MeetingClaim[] {
  return readAnnouncement(textDoc(text, 'text', { name }), source(name, date ? { date } : {})).claims;
}

describe('a weekday habit of something that is no meeting', () => {
  it.each([
    'The Secretariat building is open to visitors on Saturdays from 10:00 to 14:00.',
    'Badges can be collected Mondays to Fridays, 09:00-17:00, at the Pass Office.',
    'Items for the bulletin are collected every Friday at 17:00 CET.',
    'A shuttle bus leaves the hotel every Tuesday at 08:00 for the conference centre.',
    'The help desk is open on Wednesdays, 10:00-12:00 UTC.',
    'Nightly builds are published every Sunday at 02:00 UTC.',
  ])('%j states no recurring meeting', (text) => {
    expect(findRecurrences(text, ref)).toEqual([]);
  });

  it('a visitor page with opening hours gives no recurring meeting', () => {
    const claims = read(
      'Visitor information\n\nThe Secretariat building is open to visitors on Saturdays from 10:00 to 14:00.\n',
    );
    expect(claims.some((c) => c.recurrence)).toBe(false);
  });

  it.each([
    ['The help desk team meets every Wednesday at 10:00 UTC.', 'FREQ=WEEKLY;BYDAY=WE'],
    ['Maintainer office hours are open on Fridays at 16:00 UTC.', 'FREQ=WEEKLY;BYDAY=FR'],
    ['The registration working group calls are on Mondays at 09:00 UTC.', 'FREQ=WEEKLY;BYDAY=MO'],
  ])('%j is still a meeting', (text, rrule) => {
    expect(findRecurrences(text, ref)[0]?.rrule).toBe(rrule);
  });
});

describe('a habit told in the past', () => {
  it.each([
    'The Transport Committee usually met on Tuesdays at 10:00 until 2025, when its meetings moved online.',
    'The board used to meet every Thursday at 18:00 in the old town hall.',
    'Until last year, sessions were held every Monday at 14:00 UTC.',
  ])('%j states no rule in force', (text) => {
    expect(findRecurrences(text, ref)).toEqual([]);
  });

  it('a present habit next to a past one is kept', () => {
    const [r] = findRecurrences(
      'The panel used to meet in the evening; it now meets on Wednesdays at 12:00 UTC.',
      ref,
    );
    expect(r).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=WE', start: '12:00' });
  });

  it('a year after a time is no end hour', () => {
    const [r] = findRecurrences('The forum meets on Thursdays at 10:00 until 2028.', ref);
    expect(r?.start).toBe('10:00');
    expect(r?.end).toBeUndefined();
  });
});

describe('every two weeks said apart from the weekday', () => {
  it.each([
    ['The task force meets every two weeks on Wednesdays at 17:00 UTC.', 'WE'],
    ['The Editorial Board holds a fortnightly meeting on Mondays, 11:00-12:00 GMT.', 'MO'],
    ['Release team: biweekly call on Wednesdays at 14:00 UTC.', 'WE'],
    ['Maintainers meeting: every 2 weeks, Tuesday 18:00 UTC.', 'TU'],
    ['The reading group meets on alternate weeks, Thursdays at 19:00 CET.', 'TH'],
  ])('%j is every other week', (text, day) => {
    const [r] = findRecurrences(text, ref);
    expect(r?.rrule).toBe(`FREQ=WEEKLY;INTERVAL=2;BYDAY=${day}`);
    expect(r?.uncertain).toBeDefined();
  });

  it.each([
    ['The team meets weekly on Tuesdays at 09:00 UTC.', 'FREQ=WEEKLY;BYDAY=TU'],
    ['Every second Tuesday of the month at 15:00 UTC the group meets.', 'FREQ=MONTHLY;BYDAY=2TU'],
  ])('%j is no every-other-week rule', (text, rrule) => {
    expect(findRecurrences(text, ref)[0]?.rrule).toBe(rrule);
  });

  it('a weekday that opens a date is no habit, even in a fortnightly sentence', () => {
    expect(findRecurrences('The fortnightly newsletter appeared on Tuesday 12 January 2027.', ref)).toEqual(
      [],
    );
  });
});

describe('monthly said before the position of the day', () => {
  it.each([
    ['The Youth Council meets monthly, on the first Saturday, 14:00-16:00.', 'FREQ=MONTHLY;BYDAY=1SA'],
    ['Monthly call: last Friday, 12:00 UTC.', 'FREQ=MONTHLY;BYDAY=-1FR'],
  ])('%j', (text, rrule) => {
    expect(findRecurrences(text, ref)[0]?.rrule).toBe(rrule);
  });
});

describe('a rule and the occurrences it skips in one sentence', () => {
  it('"will not take place on 31 December 2026 and 7 January 2027" are both exceptions', () => {
    const [r] = findRecurrences(
      'The weekly call (Thursdays 15:00 UTC) will not take place on 31 December 2026 and 7 January 2027.',
      { reference: '2026-12-10' },
    );
    expect(r?.rrule).toBe('FREQ=WEEKLY;BYDAY=TH');
    expect(r?.cancelled).toEqual(['2026-12-31', '2027-01-07']);
  });

  it('two days of one month cancelled after the rule', () => {
    const [r] = findRecurrences(
      'The clinic call is every Monday at 08:00 UTC. There is no call on 21 and 28 December.',
      { reference: '2026-12-01' },
    );
    expect(r?.cancelled).toEqual(['2026-12-21', '2026-12-28']);
  });
});

const dated = (claims: MeetingClaim[]) => claims.filter((c) => c.dates).map((c) => c.dates?.value.start);

describe('a session the text reports on', () => {
  it.each([
    'NEWS\nLyon, 22 June 2026\n\nAt its 57th session, held in Lyon from 3 to 13 June 2026, the Subsidiary Body agreed on draft indicators.\n',
    'At their ninth meeting, held in Suva on 4 May 2026, the Ministers endorsed the roadmap.\n',
    'During its 12th session, held from 1 to 5 March 2027, the Committee elected its Bureau.\n',
  ])('%j gives no meeting', (text) => {
    expect(dated(read(text))).toEqual([]);
  });

  it.each([
    [
      'At its 58th session, to be held in Lyon from 2 to 12 June 2027, the Subsidiary Body will consider the indicators.\n',
      '2027-06-02',
    ],
    ['At its next meeting, on 9 March 2027 at 10:00 UTC, the Board will elect its chair.\n', '2027-03-09'],
  ])('a session still to come is kept: %j', (text, day) => {
    expect(dated(read(text))).toContain(day);
  });
});

describe('the date of a decision or document cited', () => {
  it('"resolution 2025/7 of 24 July 2025" is no date of the session named next to it', () => {
    const text = [
      'Commission on Inland Waterways',
      'Twenty-second session',
      'Vienna, 8-12 March 2027',
      '',
      'The present report, prepared pursuant to resolution 2025/7 of 24 July 2025, reviews progress in the twenty-first session.',
    ].join('\n');
    const days = dated(read(text));
    expect(days).toContain('2027-03-08');
    expect(days).not.toContain('2025-07-24');
  });

  it.each([
    'Pursuant to decision 4/12 of 9 October 2024, the working group session is convened.',
    'As requested in Recommendation No. 5 of 3 May 2026, the meeting of experts was held.',
  ])('%j gives no meeting on the cited day', (text) => {
    expect(dated(read(text))).toEqual([]);
  });

  it('a meeting dated in the same sentence as a cited decision keeps its own date', () => {
    const days = dated(
      read('In line with decision 3/1 of 14 May 2026, the Panel will meet on 20 April 2027 in Nairobi.\n'),
    );
    expect(days).toEqual(['2027-04-20']);
  });
});

describe('prices, bookings and consultation periods', () => {
  it.each([
    'Harbour Forum 2027\n\nEarly-bird rates end 14 February 2027.\n\nThe Forum will be held in Lisbon on 12-13 April 2027.\n',
    'Harbour Forum 2027\n\nThe hotel block expires on 10 March 2027.\n\nThe Forum will be held in Lisbon on 12-13 April 2027.\n',
    'Harbour Forum 2027\n\nDiscounted student tickets close 1 March 2027.\n\nThe Forum will be held in Lisbon on 12-13 April 2027.\n',
  ])('%j gives the meeting, not the price or booking day', (text) => {
    expect(dated(read(text))).toEqual(['2027-04-12']);
  });

  it('a public consultation that ran for a month is no meeting', () => {
    const text =
      'Notes of the Transport Panel\n\n1. Tram plan\nThe panel noted that the online consultation ran from 2 to 29 October 2026.\n';
    expect(dated(read(text))).toEqual([]);
  });

  it('a public consultation meeting on an evening is one', () => {
    const text =
      'Tram plan\n\nA public consultation meeting will be held on Tuesday 9 February 2027 at 18:30 in the Town Hall.\n';
    expect(dated(read(text))).toEqual(['2027-02-09']);
  });
});

describe('meetings counted as held, and the period a report covers', () => {
  it.each([
    [
      'Annual report\n\nThe Advisory Council met three times in 2026: on 10 March, 16 June and 3 November. The Assembly was held on 21 November 2026 in Vienna.\n',
      ['03-10', '06-16', '11-03'],
    ],
    [
      'Activity report\n\nThe Bureau held four meetings, on 2 February, 5 May, 8 September and 1 December 2026, all of them in Lima.\n',
      ['02-02', '05-05', '09-08', '12-01'],
    ],
  ])('%j gives none of the meetings counted', (text, days) => {
    const starts = dated(read(text, 'report.txt', '2027-01-28')).map((d) => d?.slice(5));
    for (const d of days) expect(starts).not.toContain(d);
  });

  it('the period a report covers is no meeting', () => {
    const text =
      'Annual report\n\nThis report covers the period 1 January to 31 December 2026, when the Assembly was held in Vienna.\n';
    expect(dated(read(text, 'report.txt', '2027-01-28'))).toEqual([]);
  });

  it('the next meeting said in the sentence after a count is kept', () => {
    const text =
      'Bureau update\n\nThe Bureau met twice by video call, on 3 and 17 November 2026. The third meeting of the Bureau is on 4 March 2027 at 14:00 UTC.\n';
    expect(dated(read(text))).toEqual(['2027-03-04']);
  });

  it('a count followed by what is still to come is not read as the past', () => {
    const text = 'The Board, which met twice last year, will meet on 9 June 2027 in Accra.\n';
    expect(dated(read(text))).toEqual(['2027-06-09']);
  });
});

describe('the future said before an abbreviation', () => {
  it('"will be opened by Dr. Ama Mensah ... at its first sitting on 25 March at 11:00" is kept', () => {
    const text =
      'The 12th Congress will be opened by the President, Dr. Ama Mensah, at its first sitting on Sunday, 25 March 2027 at 11:00.\n';
    expect(dated(read(text))).toContain('2027-03-25');
  });
});

describe("a table of a plan's milestones", () => {
  function readMd(text: string): MeetingClaim[] {
    return readAnnouncement(textDoc(text, 'markdown', { name: 'plan.md' }), source('plan.md')).claims;
  }

  it('"Feature freeze | 15 March 2027" rows are no meetings; the call below is', () => {
    const text = [
      '## Release schedule',
      '',
      '| Milestone | Date |',
      '|---|---|',
      '| Feature freeze | 15 March 2027 |',
      '| Release candidate | 1 April 2027 |',
      '| Final release | 15 April 2027 |',
      '',
      'The release planning call is on 2 March 2027 at 17:00 UTC.',
    ].join('\n');
    expect(dated(readMd(text))).toEqual(['2027-03-02']);
  });

  it('milestone names under another header are no meetings, a launch party is one', () => {
    const text = [
      '## Launch plan',
      '',
      '| Phase | Date |',
      '|---|---|',
      '| Beta 2 | 15 March 2027 |',
      '| Go-live | 1 April 2027 |',
      '| Launch party | 2 April 2027 |',
    ].join('\n');
    expect(dated(readMd(text))).toEqual(['2027-04-02']);
  });

  it('a table of meetings keeps its rows', () => {
    const text = [
      '## Upcoming meetings',
      '',
      '| Date | Meeting |',
      '|---|---|',
      '| 15 March 2027 | Steering Committee |',
      '| 1 April 2027 | Release review meeting |',
    ].join('\n');
    expect(dated(readMd(text))).toEqual(['2027-03-15', '2027-04-01']);
  });
});

describe('a dated meeting of a recurring series, its day naming no hours', () => {
  it('"The next call is on 29 January 2027" has the hours of the rule above it', () => {
    const [claim] = read(
      'Steering committee calls take place on the last Friday of the month at 12:00 UTC. The next call is on 29 January 2027.\n',
    );
    expect(claim?.sessions[0]).toMatchObject({ date: '2027-01-29', start: '12:00' });
    expect(claim?.sessions[0]?.uncertain).toBeDefined();
    expect(claim?.zone?.value.zone).toBe('UTC');
  });

  it('another kind of meeting on a day of the rule keeps no hours', () => {
    const claims = read(
      'The working group meets every Thursday at 15:00 UTC. The annual conference will be held on Thursday 4 March 2027 in Berlin.\n',
    );
    const conference = claims.find((c) => c.dates?.value.start === '2027-03-04');
    expect(conference?.sessions.some((s) => s.start)).toBeFalsy();
  });

  it('a day that is not one of the rule keeps no hours', () => {
    const claims = read(
      'The sync call is every Tuesday at 09:00 UTC. The kick-off call is on Friday 5 February 2027.\n',
    );
    const kickoff = claims.find((c) => c.dates?.value.start === '2027-02-05');
    expect(kickoff?.sessions.some((s) => s.start)).toBeFalsy();
  });
});

describe('hours that alternate from one meeting to the next', () => {
  it.each([
    ['The community call is held every Tuesday, alternating between 08:00 and 17:00 UTC.', 'UTC'],
    ['The contributors call is on Wednesdays, alternating 9:00 / 18:00 CET.', 'Europe/Paris'],
  ])('%j gives the zone after the second time and says the hours alternate', (text, zone) => {
    const [r] = findRecurrences(text, ref);
    expect(r?.timeZone).toBe(zone);
    expect(r?.uncertain).toMatch(/alternate/);
  });

  it('a single time is not marked', () => {
    const [r] = findRecurrences('The community call is held every Tuesday at 08:00 UTC.', ref);
    expect(r?.uncertain).toBeUndefined();
  });
});

describe('words near prices that are no prices', () => {
  it.each([
    'The working group offers a briefing for observers on 3 May 2027 at 10:00 CET.',
    'The Special Session offers a dialogue on 3 May 2027 at 10:00 CET.',
  ])('%j keeps its meeting', (text) => {
    expect(dated(read(`${text}\n`))).toEqual(['2027-05-03']);
  });
});
