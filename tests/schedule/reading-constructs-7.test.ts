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

describe('a new time compared with the old one', () => {
  it.each([
    ['will start at 15:00 instead of 13:00', '15:00', '13:00'],
    ['will be held at 3 p.m. rather than 10 a.m.', '15:00', '10:00'],
    ['will open at 11:00 instead of 10:00', '11:00', '10:00'],
  ])('"%s": the first time is the new start, the second what changed', (said, start, old) => {
    const claims = read(
      lines(
        'Subject: River Basin Forum - change of time',
        '',
        `The forum on Tuesday 9 November 2027 ${said}, in Hall B, Lyon.`,
      ),
    );
    expect(sessions(claims[0])).toEqual([`2027-11-09 ${start}`]);
    expect(claims[0]?.changedFrom?.value.start).toBe(old);
  });

  it('a place compared with another leaves the one time alone', () => {
    const claims = read(
      lines(
        'Subject: River Basin Forum',
        '',
        'The forum on Tuesday 9 November 2027 will be held at 10:00 in Hall B instead of Hall C, Lyon.',
      ),
    );
    expect(sessions(claims[0])).toEqual(['2027-11-09 10:00']);
    expect(claims[0]?.changedFrom).toBeUndefined();
  });
});

describe('the end of a session said in the next sentence', () => {
  const day = 'The consultation will take place on Monday 8 November 2027 at 10:00 in Room 2, Lyon.';
  it.each([
    ['It is expected to end at 13:00.', '10:00-13:00'],
    ['They will end at 6 p.m.', '10:00-18:00'],
    ['The session should finish around 12:30.', '10:00-12:30'],
  ])('"%s" ends the one session', (after, span) => {
    expect(sessions(read(lines('Subject: Consultation on the levy', '', `${day} ${after}`))[0])).toEqual([
      `2027-11-08 ${span}`,
    ]);
  });

  it.each(['Registration closes at 9:00.', 'Lunch will end at 14:00.', 'It is expected to end at 9:00.'])(
    '"%s" is no end of the meeting',
    (after) => {
      expect(sessions(read(lines('Subject: Consultation on the levy', '', `${day} ${after}`))[0])).toEqual([
        '2027-11-08 10:00',
      ]);
    },
  );
});

describe('titles from the sentence that announces the meeting', () => {
  it('names the body and the meeting it holds, not a later statement', () => {
    const claims = read(
      lines(
        'NOTICE',
        '',
        'The Committee on Coastal Fisheries will hold its resumed organizational meeting on Thursday, 4 March 2027, at 11:30 a.m. in Conference Room 1, Lisbon.',
        'The meeting will be webcast live.',
      ),
    );
    expect(claims[0]?.title?.value).toBe('Committee on Coastal Fisheries, resumed organizational meeting');
  });

  it('a plain "will hold its meeting" keeps the body with "meeting"', () => {
    const claims = read(
      lines('The Harbour Board will hold its meeting on Friday, 5 March 2027, at 10:00 in Lisbon.', ''),
    );
    expect(claims[0]?.title?.value).toBe('Harbour Board meeting');
  });
});

describe('times under a day heading', () => {
  it('cite the day heading as the evidence of the dates, never a stray character of a time', () => {
    const claims = read(
      lines(
        'Programme of the review meeting',
        '',
        'Monday 12 April 2027',
        '10:00 - 11:00  Opening',
        '11:00 - 13:00  Item 2: Review',
        '',
        'Tuesday 13 April 2027',
        '10:00 - 13:00  Item 3: Other matters',
      ),
    );
    const claim = claims[0] as MeetingClaim;
    expect(claim.dates?.value).toEqual({ start: '2027-04-12', end: '2027-04-13' });
    expect(claim.dates?.evidence[0]?.text).toBe('Monday 12 April 2027');
    expect(claim.dates?.evidence.every((e) => e.text.length > 1)).toBe(true);
    for (const s of claim.sessions) expect(s.evidence.every((e) => e.text.length > 1)).toBe(true);
  });
});

describe('a range of days narrowed by the sentence', () => {
  const notice = (sentence: string) =>
    read(lines('Subject: Open-ended consultations on the levy', '', sentence));

  it('"every Thursday from ... to ..., except on ..." is those Thursdays, not every day', () => {
    const claims = notice(
      'The consultations will take place every Thursday from 7 October to 25 November 2027, 15:00-17:00, in Room 11, Lyon, except on 11 November.',
    );
    expect(sessions(claims[0])).toEqual(
      ['2027-10-07', '2027-10-14', '2027-10-21', '2027-10-28', '2027-11-04', '2027-11-18', '2027-11-25'].map(
        (d) => `${d} 15:00-17:00`,
      ),
    );
    const rule = claims[0]?.recurrence?.value;
    expect(rule?.rrule).toBe('FREQ=WEEKLY;BYDAY=TH');
    expect([rule?.from, rule?.until, rule?.cancelled]).toEqual(['2027-10-07', '2027-11-25', ['2027-11-11']]);
  });

  it('plural weekdays after the range narrow it too', () => {
    const claims = notice(
      'The consultations will be held from 1 to 12 March 2027, on Tuesdays and Thursdays, at 10:00 in Lyon.',
    );
    expect(sessions(claims[0])).toEqual([
      '2027-03-02 10:00',
      '2027-03-04 10:00',
      '2027-03-09 10:00',
      '2027-03-11 10:00',
    ]);
  });

  it('a range with a day excepted loses that day only', () => {
    const claims = notice(
      'The consultations will be held from 1 to 5 March 2027 at 10:00 in Lyon, except on 3 March.',
    );
    expect(sessions(claims[0])).toEqual([
      '2027-03-01 10:00',
      '2027-03-02 10:00',
      '2027-03-04 10:00',
      '2027-03-05 10:00',
    ]);
  });

  it("the weekdays of the range's own dates are no weekly habit", () => {
    const claims = notice(
      'The conference will take place from Monday, 8 November, to Friday, 19 November 2027, in Lyon.',
    );
    expect(claims[0]?.dates?.value).toEqual({ start: '2027-11-08', end: '2027-11-19' });
    expect(claims[0]?.recurrence).toBeUndefined();
  });

  it('a move to another weekday is still a move of the series', () => {
    const claims = read(
      lines(
        'Subject: Coordination call',
        '',
        'From March, the weekly coordination call moves to Thursdays at 15:00 UTC.',
      ),
    );
    expect(claims[0]?.recurrence?.value.rrule).toBe('FREQ=WEEKLY;BYDAY=TH');
  });
});

describe('sentences that schedule without the usual verbs', () => {
  const day = (claims: MeetingClaim[]) => [claims[0]?.dates?.value.start, ...sessions(claims[0])];

  it.each([
    [
      'There will be a briefing for observers at noon on Friday, 12 March 2027 in Hall 2, Lyon.',
      '2027-03-12 12:00',
    ],
    [
      'There will be two informal consultations on Friday, 12 March 2027 at 10:00 in Hall 2, Lyon.',
      '2027-03-12 10:00',
    ],
    [
      'Les co-facilitateurs tiendront des consultations le vendredi 12 mars 2027 de 10 h à 13 h, à Lyon.',
      '2027-03-12 10:00-13:00',
    ],
    ['Side event: Friday 12 March 2027, 13:15-14:30, Room 6, Lyon.', '2027-03-12 13:15-14:30'],
    ['Oceans and rivers - Friday 12 March 2027, 13:15-14:30, Room 6, Lyon.', '2027-03-12 13:15-14:30'],
  ])('"%s"', (sentence, session) => {
    expect(day(read(lines('Subject: Briefing for observers', '', sentence)))).toEqual([
      '2027-03-12',
      session,
    ]);
  });

  it.each([
    'The report was published on Friday 12 March 2027 at 10:00.',
    'Comments received by Friday 12 March 2027, 17:00 will be considered.',
    'Nominations close on Friday 12 March 2027 at 17:00.',
  ])('"%s" is no meeting day', (sentence) => {
    expect(read(lines('Subject: Note to delegations', '', sentence))[0]?.dates).toBeUndefined();
  });
});

describe('a meeting that opens on one day and closes on another', () => {
  it.each([
    [
      'The session opens on 3 May 2027 at 1500 hrs and closes on 7 May 2027 at 1300 hrs, in Lyon.',
      ['2027-05-03 15:00'],
    ],
    [
      'The session will open on Monday, 3 May 2027, at 10:00 and close on Friday, 7 May 2027, in Lyon.',
      ['2027-05-03 10:00'],
    ],
    ['The conference begins on 3 May 2027 and ends on 7 May 2027 in Lyon.', []],
  ])('"%s" spans both days', (sentence, times) => {
    const claims = read(lines('Subject: Fourth session', '', sentence));
    expect(claims[0]?.dates?.value).toEqual({ start: '2027-05-03', end: '2027-05-07' });
    expect(sessions(claims[0]).filter((s) => s.length > 11)).toEqual(times);
  });

  it('a session closing on another day, said of registration, is no span', () => {
    const claims = read(
      lines(
        'Subject: Fourth session',
        '',
        'The session opens on 3 May 2027 at 10:00 in Lyon. Registration closes on 1 May 2027.',
      ),
    );
    expect(claims[0]?.dates?.value).toEqual({ start: '2027-05-03', end: '2027-05-03' });
  });
});

describe('a year before a colon', () => {
  it('"on 15 June 2027: at 08:00 UTC" keeps its year (a colon after four digits is no clock)', () => {
    const claims = read(
      lines('Subject: Dialogue on water', '', 'The dialogue will be held on 15 June 2027: at 08:00 UTC.'),
    );
    expect(claims[0]?.dates?.value.start).toBe('2027-06-15');
    expect(claims[0]?.dates?.uncertain).toBeUndefined();
  });
});

describe('the zone of every time, said in a sentence of its own', () => {
  const meeting =
    'The consultations will be held on 20 September 2027 from 10:00 to 13:00 in Conference Room 3.';
  it.each([
    ['All meetings are in New York time.', 'America/New_York'],
    ['Times are given in Central European Time.', 'Europe/Paris'],
    ['All times are New York time.', 'America/New_York'],
  ])('"%s"', (said, zone) => {
    expect(read(lines('Subject: Consultations', '', meeting, said))[0]?.zone?.value.zone).toBe(zone);
  });

  it('a room is no zone', () => {
    expect(
      read(lines('Subject: Consultations', '', meeting, 'All meetings are in Conference Room 3.'))[0]?.zone,
    ).toBeUndefined();
  });

  it('under a programme of days', () => {
    const claims = read(
      lines(
        'INFORMAL CONSULTATIONS',
        '',
        'Mon 20 Sep 2027   10:00-13:00   Room 3',
        'Wed 22 Sep 2027   15:00-18:00   Room 3',
        '',
        'All meetings are in New York time.',
      ),
    );
    expect(claims[0]?.zone?.value.zone).toBe('America/New_York');
  });
});

describe('titles and times around a move', () => {
  it('"is moved to 3-4 pm": the whole range after "to", and a title without the words that led to the time', () => {
    const claims = readAnnouncement(
      textDoc(
        lines(
          "Subject: Tomorrow's call moved to 3 pm",
          '',
          "Hi all, tomorrow's coordination call is moved to 3-4 pm CET because of a clash.",
        ),
        'text',
        { name: 'call.txt' },
      ),
      source('call.txt', { date: '2027-11-09T08:00:00Z' }),
    ).claims;
    expect(claims[0]?.title?.value).toBe("Tomorrow's call");
    expect(sessions(claims[0])).toEqual(['2027-11-10 15:00-16:00']);
  });

  it.each([
    ['Subject: Working group - week of 14 June 2027', 'Working group'],
    ['Subject: Save the date: Expert meeting on soils', 'Expert meeting on soils'],
    ['Subject: Expert meeting on soils - save the date', 'Expert meeting on soils'],
  ])('"%s" is titled "%s"', (subject, title) => {
    const claims = read(lines(subject, '', 'The meeting will be held on 14 June 2027 at 10:00 in Lyon.'));
    expect(claims[0]?.title?.value).toBe(title);
  });

  it('"Save the date:" gives the dates of its line', () => {
    const claims = read(
      lines('Subject: Soils', '', 'Save the date: Expert meeting on soils, 24-25 May 2027, Lyon.'),
    );
    expect(claims[0]?.dates?.value).toEqual({ start: '2027-05-24', end: '2027-05-25' });
  });
});

describe('weekdays written as a range before a range of days', () => {
  const warnings = (text: string) =>
    readAnnouncement(textDoc(text, 'text', { name: 'wg.txt' }), source('wg.txt')).diagnostics.filter(
      (d) => d.code === 'schedule.weekday-mismatch',
    );

  it('"Monday to Wednesday, 14-16 June 2027" matches its days', () => {
    expect(
      warnings(
        lines(
          'Subject: WG',
          '',
          'The working group will meet Monday to Wednesday, 14-16 June 2027, in Lyon.',
        ),
      ),
    ).toEqual([]);
  });

  it('"Tuesday to Wednesday, 14-16 June 2027" flags the first weekday, once', () => {
    const found = warnings(
      lines('Subject: WG', '', 'The working group will meet Tuesday to Wednesday, 14-16 June 2027, in Lyon.'),
    );
    expect(found.map((d) => d.message)).toEqual([
      expect.stringContaining('"Tuesday" does not match 14 June 2027'),
    ]);
  });

  it('one wrong weekday before a range is flagged once', () => {
    expect(
      warnings(
        lines('Subject: WG', '', 'The working group will meet on Wednesday, 14-16 June 2027, in Lyon.'),
      ),
    ).toHaveLength(1);
  });
});

describe('a new day compared with the old, and times given in two zones', () => {
  it('"on 10 December (instead of 8 December), from 10 a.m. to 1 p.m." is held on the 10th, its times kept', () => {
    const claims = read(
      lines(
        'Subject: Forum on soils - updated programme',
        '',
        'The forum will now take place on 10 December 2027 (instead of 8 December), from 10 a.m. to 1 p.m., in Hall 3, Lyon.',
      ),
    );
    expect(sessions(claims[0])).toEqual(['2027-12-10 10:00-13:00']);
    expect(claims[0]?.changedFrom?.value.dates).toEqual({ start: '2027-12-08', end: '2027-12-08' });
  });

  it('"11:00 to 12:30 (New York time) / 17:00 to 18:30 (Geneva time)" is one session and its equivalent', () => {
    const claims = read(
      lines(
        'Subject: Bureau meeting',
        '',
        'The next meeting of the Bureau will be held on Tuesday, 14 December 2027, from 11:00 to 12:30 (New York time) / 17:00 to 18:30 (Geneva time) online.',
      ),
    );
    expect(sessions(claims[0])).toEqual(['2027-12-14 11:00-12:30']);
    expect(claims[0]?.zone?.value.zone).toBe('America/New_York');
  });
});

describe('list items that open with their date', () => {
  it('each names its own meeting, with its times, place and status', () => {
    const claims = readAnnouncement(
      textDoc(
        lines(
          '## Upcoming events',
          '',
          '- **14 January 2027** – Webinar: Soil data in practice (14:00–15:30 CET)',
          '- **2 February 2027** – Expert group meeting, Lyon',
          '- ~~9 February 2027 – Briefing for member organizations~~ (cancelled)',
        ),
        'markdown',
        { name: 'events.md' },
      ),
      source('events.md'),
    ).claims;
    expect(
      claims.map((c) => [
        c.title?.value,
        c.dates?.value.start,
        sessions(c).join(','),
        c.venue?.value.city ?? '',
        c.status?.value ?? '',
      ]),
    ).toEqual([
      ['Webinar: Soil data in practice', '2027-01-14', '2027-01-14 14:00-15:30', '', ''],
      ['Expert group meeting', '2027-02-02', '', 'Lyon', ''],
      ['Briefing for member organizations', '2027-02-09', '', '', 'cancelled'],
    ]);
  });
});

describe('a quoted message header', () => {
  it('"Date: Mon, 4 Jan 2027 at 09:12" between "From:" and "Subject:" dates the message, never a meeting', () => {
    const claims = read(
      lines(
        'Subject: Fwd: Coordination',
        '',
        '---------- Forwarded message ---------',
        'From: A. Writer <writer@example.org>',
        'Date: Mon, 4 Jan 2027 at 09:12',
        'Subject: Coordination',
        '',
        'The coordination meeting will be held on Thursday 7 January at 11:00 in Lyon.',
      ),
    );
    expect(claims.map((c) => sessions(c).join(','))).toEqual(['2027-01-07 11:00']);
  });
});

describe('a move said with the old day first, and a deadline in a list of dates', () => {
  it('"originally planned for 3-4 May, will now be held on 10-11 May" is held on 10-11 May', () => {
    const claims = read(
      lines(
        'Subject: Workshop on soils',
        '',
        'The workshop, originally planned for 3-4 May 2027, will now be held on 10-11 May 2027 in Lyon.',
      ),
    );
    expect(claims[0]?.dates?.value).toEqual({ start: '2027-05-10', end: '2027-05-11' });
    expect(claims[0]?.changedFrom?.value.dates).toEqual({ start: '2027-05-03', end: '2027-05-04' });
  });

  it('"17 March 2027: deadline for written submissions" in a list of meetings is no meeting', () => {
    const claims = read(
      lines(
        'Subject: Dates for your calendar',
        '',
        'Please note the following dates:',
        '- 3 March 2027: Bureau meeting (10:00-12:00)',
        '- 10 March 2027: Informal consultations (15:00-18:00)',
        '- 17 March 2027: deadline for written submissions',
      ),
    );
    expect(claims.map((c) => c.dates?.value.start)).toEqual(['2027-03-03', '2027-03-10']);
  });

  it('"Informal briefing - Monday" is titled without the lone weekday', () => {
    const claims = read(
      lines(
        'Subject: Informal briefing by the chair - Monday',
        '',
        'The chair will convene an informal briefing on Monday, 17 May 2027, at 3 p.m. in Lyon.',
      ),
    );
    expect(claims[0]?.title?.value).toBe('Informal briefing by the chair');
  });
});

describe('dated lines one after another, without a blank line between', () => {
  it('"Session 1 - 8 June 2027, 14:00 UTC" lines are a meeting each, the number no day', () => {
    const claims = read(
      lines(
        'Subject: Webinar series on soils',
        '',
        'Session 1 - 8 June 2027, 14:00 UTC',
        'Session 2 - 15 June 2027, 14:00 UTC',
        'Session 3 - 22 June 2027, 14:00 UTC (cancelled)',
      ),
    );
    expect(claims.map((c) => [sessions(c).join(','), c.status?.value ?? ''])).toEqual([
      ['2027-06-08 14:00', ''],
      ['2027-06-15 14:00', ''],
      ['2027-06-22 14:00', 'cancelled'],
    ]);
  });

  it('"First reading: 12 April 2027, 10:00-13:00" labelled lines are meetings', () => {
    const claims = read(
      lines(
        'Subject: Consultations on the outcome text - revised schedule',
        '',
        'Please find below the revised schedule:',
        '',
        'First reading: 12 April 2027, 10:00-13:00',
        'Second reading: 19 April 2027, 10:00-13:00',
        '',
        'All meetings will take place in Room 2, Lyon.',
      ),
    );
    expect(claims.map((c) => sessions(c).join(','))).toEqual([
      '2027-04-12 10:00-13:00',
      '2027-04-19 10:00-13:00',
    ]);
  });

  it('a wrapped sentence whose next line opens in lower case stays one sentence', () => {
    const claims = read(
      lines(
        'Subject: Forum on soils',
        '',
        'The forum will be held from 3 May 2027',
        'to 7 May 2027 in Lyon.',
      ),
    );
    expect(claims[0]?.dates?.value).toEqual({ start: '2027-05-03', end: '2027-05-07' });
  });
});

describe('a new day with the old one in brackets after it', () => {
  it('"19 April 2027, 10:00-13:00 (moved from 16 April)" keeps 16 April as what changed', () => {
    const claims = read(
      lines('Subject: Schedule', '', 'Second reading: 19 April 2027, 10:00-13:00 (moved from 16 April)'),
    );
    expect(sessions(claims[0])).toEqual(['2027-04-19 10:00-13:00']);
    expect(claims[0]?.changedFrom?.value.dates).toEqual({ start: '2027-04-16', end: '2027-04-16' });
  });
});
