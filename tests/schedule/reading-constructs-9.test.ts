import { describe, expect, it } from 'vitest';
import { readAnnouncement } from '../../src/core/schedule/announcement.js';
import type { MeetingClaim } from '../../src/core/schedule/index.js';
import { lines, source, textDoc } from './helpers.js';

/** Constructs the development set does not show: own wording, invented bodies and places. */
function read(text: string): MeetingClaim[] {
  return readAnnouncement(textDoc(text, 'text', { name: 'notice.txt' }), source('notice.txt')).claims;
}

function sessions(claim: MeetingClaim | undefined): string[] {
  return (claim?.sessions ?? []).map((s) => `${s.date} ${s.start ?? ''}${s.end ? `-${s.end}` : ''}`);
}

describe('the hours in the sentence after the one that gave the day', () => {
  const notice = (said: string) =>
    lines(
      'Subject: Expert group on river basins',
      '',
      `The meeting of the expert group originally planned for Monday 6 December 2027 has been moved to Wednesday 8 December 2027. ${said}`,
      '',
      'Venue: Hall C, Lyon',
    );

  it.each([
    ['The meeting will start at 14:30 and end at 17:00.', '2027-12-08 14:30-17:00'],
    ['It will begin at 9 a.m. and is expected to finish at noon.', '2027-12-08 09:00-12:00'],
    ['The meeting will be held from 10:00 to 12:30.', '2027-12-08 10:00-12:30'],
    ['The session will take place between 2 p.m. and 5 p.m.', '2027-12-08 14:00-17:00'],
  ])('"%s"', (said, session) => {
    const claims = read(notice(said));
    expect(claims).toHaveLength(1);
    expect(sessions(claims[0])).toEqual([session]);
    expect(claims[0]?.changedFrom?.value.dates?.start).toBe('2027-12-06');
  });

  it('keeps a zone said after the start', () => {
    const claims = read(notice('The meeting will start at 14:30 (Paris time) and end at 17:00.'));
    expect(sessions(claims[0])).toEqual(['2027-12-08 14:30-17:00']);
    expect(claims[0]?.zone?.value.zone).toBe('Europe/Paris');
  });

  it('takes no end from another subject, nor an end before the start', () => {
    expect(
      sessions(read(notice('The meeting will start at 14:30 and registration will end at 14:00.'))[0]),
    ).toEqual([]);
    expect(sessions(read(notice('The meeting will start at 14:30 and end at 11:00.'))[0])).toEqual([]);
  });
});

describe('a meeting named by its body in the one sentence that schedules it', () => {
  it.each([
    [
      'The next virtual meeting of the Steering Board will be held on 22 January 2027 at 9:00 CET.',
      'Virtual meeting of the Steering Board',
    ],
    [
      'An informal session of the Harbour Council is scheduled to take place on 3 March 2027 at 15:00 CET.',
      'Informal session of the Harbour Council',
    ],
  ])('%s', (text, title) => {
    const claims = read(text);
    expect(claims[0]?.title?.value).toBe(title);
  });
});

describe('a list of meetings, each item its date then the body or meeting', () => {
  const list = lines(
    'Forthcoming meetings',
    '',
    '- 14 January 2027: Steering Board (virtual), 10:00-11:30 CET',
    '- 2-4 February 2027: Expert Group on Wetlands, Lyon',
    '- 9 March 2027 (postponed, new date to follow): Task Force on Data',
    '- 20-24 April 2027: Council, eighth session, Dakar',
  );

  it('gives each item its own meeting, never one span over the list', () => {
    const claims = read(list);
    const byTitle = new Map(claims.map((c) => [c.title?.value, c]));
    expect([...byTitle.keys()].sort()).toEqual([
      'Council, eighth session',
      'Expert Group on Wetlands',
      'Steering Board',
      'Task Force on Data',
    ]);
    expect(byTitle.get('Expert Group on Wetlands')?.dates?.value).toEqual({
      start: '2027-02-02',
      end: '2027-02-04',
    });
    expect(byTitle.get('Expert Group on Wetlands')?.venue?.value.city).toBe('Lyon');
    expect(byTitle.get('Council, eighth session')?.venue?.value.city).toBe('Dakar');
    expect(sessions(byTitle.get('Steering Board'))).toEqual(['2027-01-14 10:00-11:30']);
  });

  it('reads a status in brackets between the date and the name', () => {
    const claims = read(list);
    const postponed = claims.find((c) => c.title?.value === 'Task Force on Data');
    expect(postponed?.status?.value).toBe('postponed');
    expect(claims.filter((c) => c.status?.value === 'postponed')).toHaveLength(1);
  });
});

describe('where a weekly rule ends, said after its hours', () => {
  const rule = (said: string) =>
    read(
      lines(
        'Subject: Youth caucus call',
        '',
        `From 6 January 2027, the call is every Wednesday at 15:00 UTC ${said}.`,
      ),
    )[0]?.recurrence?.value;

  it.each([
    ['until 24 March 2027', '2027-03-24'],
    ['through March 31', '2027-03-31'],
    ['until the end of February', '2027-02-28'],
    ['until the 17th of March', '2027-03-17'],
  ])('"%s"', (said, until) => {
    expect(rule(said)?.until).toBe(until);
  });

  it('has no end when none is said, or only the hours end', () => {
    expect(rule('until further notice')?.until).toBeUndefined();
    expect(
      read(
        lines(
          'Subject: Youth caucus call',
          '',
          'From 6 January 2027, the call is every Wednesday from 15:00 until 16:00 UTC.',
        ),
      )[0]?.recurrence?.value.until,
    ).toBeUndefined();
  });
});

describe('the year after a first day and month is the year', () => {
  it('"From 6 January 2027" read in 2014 starts in 2027 (the day group took "20" of "2027")', () => {
    const r = read(
      lines(
        'Subject: Youth caucus call',
        '',
        'Starting 6 January 2027, the call is every Wednesday at 15:00 UTC.',
      ),
    )[0]?.recurrence?.value;
    expect(r?.from).toBe('2027-01-06');
  });
});

describe('the building before the city, out of a sentence', () => {
  it.each([
    'Join us for a side event on Monday 14 June 2027, 13:15-14:30 CEST, Room 12, Maritim Hotel Bonn.',
    'The briefing takes place on Monday 14 June 2027, 13:15-14:30 CEST, Room 12, Maritim Hotel Bonn.',
  ])('%s', (text) => {
    const venue = read(lines('Subject: Briefing on ocean finance', '', text))[0]?.venue?.value;
    expect(venue?.city).toBe('Bonn');
    expect(venue?.building).toBe('Room 12, Maritim Hotel');
  });
});

describe('a subject about a document of the meeting names the meeting', () => {
  it.each([
    ['Subject: Minutes of the steering group call held on 3 March 2027', 'Steering group call'],
    ["Subject: Co-chairs' summary of the expert workshop held on 3 March 2027", 'Expert workshop'],
    ['Subject: Report on the regional consultations scheduled for 3 March 2027', 'Regional consultations'],
  ])('%s', (subject, title) => {
    expect(read(lines(subject, '', 'Please find the document attached.'))[0]?.title?.value).toBe(title);
  });

  it('keeps a title that is a report without a meeting in it', () => {
    expect(
      read(
        lines(
          'Subject: Launch of the report on ocean finance, 3 March 2027 at 10:00 CET',
          '',
          'Join us online.',
        ),
      )[0]?.title?.value,
    ).toBe('Launch of the report on ocean finance');
  });
});

describe('each day written before its own hours, in one line or sentence', () => {
  it.each([
    [
      'Dates: 4 May 2027, 10:00-12:00; 5 May 2027, 9:00-11:00',
      ['2027-05-04 10:00-12:00', '2027-05-05 09:00-11:00'],
    ],
    [
      'The workshop will meet on 4 May 2027, 10:00-12:00, and on 5 May 2027, 9:00-11:00, in Hall B, Lyon.',
      ['2027-05-04 10:00-12:00', '2027-05-05 09:00-11:00'],
    ],
    [
      'The panel will sit on 4 May 2027 at 10:00 and on 6 May 2027 at 15:00 in Lyon.',
      ['2027-05-04 10:00', '2027-05-06 15:00'],
    ],
  ])('%s', (line, expected) => {
    const claims = read(lines('Subject: Expert workshop on soil data', '', line, 'Venue: Hall B, Lyon'));
    expect(claims).toHaveLength(1);
    expect(sessions(claims[0])).toEqual(expected);
    expect(claims[0]?.dates?.value.start).toBe('2027-05-04');
    expect(claims[0]?.dates?.uncertain).toBeUndefined();
  });

  it('still gives hours written before their days to the days after them', () => {
    const claims = read(
      lines(
        'Subject: Expert workshop on soil data',
        '',
        'The workshop will be held from 10:00 to 12:00 on 4 and 5 May 2027 in Lyon.',
      ),
    );
    expect(sessions(claims[0])).toEqual(['2027-05-04 10:00-12:00', '2027-05-05 10:00-12:00']);
  });
});

describe("a message's sentence about the group's own meeting names it", () => {
  it.each([
    [
      'Our fortnightly steering call moves to Wednesdays from 6 January 2027, at 15:00 UTC.',
      'Fortnightly steering call',
    ],
    [
      'The regular youth caucus meeting will now start at 15:00 CET on Tuesday 4 May 2027.',
      'Regular youth caucus meeting',
    ],
  ])('%s', (sentence, title) => {
    expect(read(lines('Hi all,', '', sentence, '', 'Best, Sam'))[0]?.title?.value).toBe(title);
  });

  it('leaves a subject line first', () => {
    expect(
      read(
        lines(
          'Subject: Steering call – new day',
          '',
          'Our fortnightly steering call moves to Wednesdays from 6 January 2027.',
        ),
      )[0]?.title?.value,
    ).toBe('Steering call – new day');
  });
});

describe('a length after the hour of a weekly rule', () => {
  const rule = (said: string) =>
    read(
      lines('Subject: Youth caucus call', '', `From 6 January 2027, the call is every Wednesday at ${said}.`),
    )[0]?.recurrence?.value;

  it.each([
    ['15:00 UTC for one hour', '16:00'],
    ['15:00 UTC (for 90 minutes)', '16:30'],
    ['3 p.m. UTC, for two hours', '17:00'],
  ])('"%s" ends the rule at %s', (said, end) => {
    expect(rule(said)?.end).toBe(end);
  });

  it('gives no end that would run past midnight', () => {
    expect(rule('23:30 UTC for two hours')?.end).toBeUndefined();
  });
});

describe('a weekly rule said with "p.m." and its zone', () => {
  it('keeps the zone after "p.m." and still ends the sentence at "p.m." before a new one', () => {
    const zoned = read(
      lines(
        'Subject: Youth caucus call',
        '',
        'From 6 January 2027, the call is every Wednesday at 3 p.m. UTC.',
      ),
    )[0]?.recurrence?.value;
    expect(zoned?.timeZone).toBe('UTC');
    const moved = read(
      lines(
        'Subject: Youth caucus call',
        '',
        'The call is every Wednesday at 3 p.m. It will move to Thursdays from 6 May 2027.',
      ),
    )[0]?.recurrence?.value;
    expect(moved?.rrule).toBe('FREQ=WEEKLY;BYDAY=TH');
    expect(moved?.replaces).toBe('FREQ=WEEKLY;BYDAY=WE');
  });
});

describe('a time proposed as a statement is no meeting', () => {
  it.each([
    'I propose we meet on Tuesday 9 March 2027 at 15:00 CET.',
    'I would suggest that we hold the call on Friday 12 March 2027 at 10:00 UTC.',
    'My suggestion is to move it to Monday 15 March 2027 at 9:00 UTC.',
  ])('%s', (sentence) => {
    const claims = read(lines('Subject: Next caucus call', '', 'Dear all,', '', sentence));
    expect(claims.every((c) => c.dates === undefined && c.sessions.length === 0)).toBe(true);
  });

  it('a meeting set by the writer, or held as someone suggested, still is one', () => {
    for (const sentence of [
      'The Bureau will meet on Tuesday 9 March 2027 at 15:00 CET to consider the proposal.',
      'We will meet on Tuesday 9 March 2027 at 15:00 CET, as suggested by the Chair.',
    ]) {
      expect(sessions(read(lines('Subject: Next caucus call', '', sentence))[0])).toEqual([
        '2027-03-09 15:00',
      ]);
    }
  });
});

describe('the one sentence of a notice, and a body named in lower case', () => {
  it.each([
    ['The tribunal will hear the parties on 12 May 2027 at 10:00 in Lyon.', 'Tribunal hearing'],
    ['The arbitral tribunal will hear oral arguments on 12 May 2027 at 10:00.', 'Arbitral tribunal hearing'],
    ['The steering committee will meet on 12 May 2027 at 10:00 in Lyon.', 'Steering committee meeting'],
  ])('%s', (sentence, title) => {
    expect(read(sentence)[0]?.title?.value).toBe(title);
  });

  it('never makes a title of the sentence with its date and time cut out', () => {
    const title = read('The meeting will be held on 12 May 2027 at 10:00 in Lyon.')[0]?.title?.value;
    expect(title).toBe('notice.txt');
  });
});
