import { describe, expect, it } from 'vitest';
import { extractClaims, type MeetingClaim } from '../../src/core/schedule/index.js';
import { claimsOfText, lines, source } from './helpers.js';

/** Constructs the development set does not show: own wording, invented bodies. */
function read(text: string, type: 'text' | 'markdown' = 'text'): MeetingClaim[] {
  return claimsOfText(text, type, 'notice.txt');
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

describe('clock times in words', () => {
  it.each([
    ["at three o'clock in the afternoon", '15:00'],
    ["at 9 o'clock", '09:00'],
    ["at eleven o'clock in the morning", '11:00'],
    ["at 7 o'clock p.m.", '19:00'],
    ['at ten o\u2019clock in the evening', '22:00'],
    ["between 2 and 4 o'clock in the afternoon", '14:00-16:00'],
    ["from 9 o'clock until noon", '09:00-12:00'],
  ])('reads "%s"', (when, start) => {
    const claims = read(
      lines('Lake Authority board meeting', '', `The board will meet on 5 May 2027 ${when}.`),
    );
    expect(claims[0]?.sessions.map((s) => (s.end ? `${s.start}-${s.end}` : s.start))).toEqual([start]);
  });

  it('leaves "at 3 o\'clock" and "between 2 and 4 o\'clock" unread: morning or afternoon is not said', () => {
    const range = read(
      lines('Lake Authority board meeting', '', "The board will meet on 5 May 2027 between 2 and 4 o'clock."),
    );
    expect(range[0]?.sessions.filter((s) => s.start)).toEqual([]);
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
    ['When: 2027-03-03T10:00:00.000Z/2027-03-03T13:00:00.000Z', 'UTC'],
  ])('reads the interval "%s" as one day from 10:00 to 13:00', (line, zone) => {
    const claims = read(lines('Lake Authority board meeting', '', line));
    expect(summary(claims)).toEqual([
      `Lake Authority board meeting | 2027-03-03..2027-03-03 | 2027-03-03 10:00-13:00 | ${zone}`,
    ]);
  });

  it('an interval over several days ends on its last day, never within the first', () => {
    const claims = read(lines('Lake Authority board meeting', '', 'When: 2027-03-03T10:00/2027-03-05T13:00'));
    const sessions = claims.flatMap((c) => c.sessions);
    expect(sessions.some((s) => s.start === '13:00')).toBe(false);
    expect(sessions.map((s) => [s.date, s.start, s.end, s.endDate])).toEqual([
      ['2027-03-03', '10:00', '13:00', '2027-03-05'],
    ]);
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

describe('tables of sessions', () => {
  const expected = [
    'Technical committee | 2027-03-04..2027-03-04 | 2027-03-04 10:00-12:00 | ',
    'Budget working group | 2027-03-04..2027-03-04 | 2027-03-04 14:00-17:00 | ',
    'Plenary | 2027-03-05..2027-03-05 | 2027-03-05 09:30-12:30 | ',
  ];

  it.each([
    [
      'pipes in plain text, a blank date cell',
      'text',
      lines(
        'Regional Water Board - session programme',
        '',
        'Date          | Time          | Meeting',
        '4 March 2027  | 10:00-12:00   | Technical committee',
        '              | 14:00-17:00   | Budget working group',
        '5 March 2027  | 09:30-12:30   | Plenary',
      ),
    ],
    [
      'a Markdown table, an empty date cell',
      'markdown',
      lines(
        '# Regional Water Board - session programme',
        '',
        '| Date | Time | Meeting |',
        '|------|------|---------|',
        '| 4 March 2027 | 10:00–12:00 | Technical committee |',
        '| | 14:00–17:00 | Budget working group |',
        '| 5 March 2027 | 09:30–12:30 | Plenary |',
      ),
    ],
    [
      'columns aligned with spaces',
      'text',
      lines(
        'Regional Water Board - session programme',
        '',
        'Date            Time            Meeting',
        '4 March 2027    10:00-12:00     Technical committee',
        '                14:00-17:00     Budget working group',
        '5 March 2027    09:30-12:30     Plenary',
      ),
    ],
    [
      'columns separated by tabs',
      'text',
      lines(
        'Regional Water Board - session programme',
        '',
        'Date\tTime\tMeeting',
        '4 March 2027\t10:00-12:00\tTechnical committee',
        '\t14:00-17:00\tBudget working group',
        '5 March 2027\t09:30-12:30\tPlenary',
      ),
    ],
  ])('%s: each row its own meeting, the blank day the one above', (_name, type, text) => {
    const claims = read(text, type as 'text' | 'markdown');
    expect(summary(claims)).toEqual(expected);
    // The header names columns, never a meeting.
    expect(claims.map((c) => c.title?.value)).not.toContain('Date Time Meeting');
    expect(claims.some((c) => /^Date\b/.test(c.title?.value ?? ''))).toBe(false);
  });

  it('a zone in a time column header holds for every row, quoted where the header states it', () => {
    const claims = read(
      lines(
        '# River Basin Council - April sessions',
        '',
        '| Meeting | Date | Time (UTC) |',
        '|---|---|---|',
        '| Technical committee | 12 April 2027 | 09:30–12:00 |',
        '| Steering board | 12 April 2027 | 14:00–16:00 |',
      ),
      'markdown',
    );
    expect(summary(claims)).toEqual([
      'Technical committee | 2027-04-12..2027-04-12 | 2027-04-12 09:30-12:00 | UTC',
      'Steering board | 2027-04-12..2027-04-12 | 2027-04-12 14:00-16:00 | UTC',
    ]);
    expect(claims[1]?.zone?.evidence[0]?.line).toBe(3);
  });

  it('a weekday before the date and a room column change nothing', () => {
    const claims = read(
      lines(
        'River Basin Council - April sessions',
        '',
        'Day                      Time             Session               Room',
        'Monday 12 April 2027     09:30-12:00      Technical committee   Room 4',
        '                         14:00-16:00      Steering board        Room 2',
      ),
    );
    expect(summary(claims)).toEqual([
      'Technical committee | 2027-04-12..2027-04-12 | 2027-04-12 09:30-12:00 | ',
      'Steering board | 2027-04-12..2027-04-12 | 2027-04-12 14:00-16:00 | ',
    ]);
  });

  it('a separate weekday column is never the name; an item or subject column is', () => {
    const claims = read(
      lines(
        'Coastal Fisheries Forum - programme of the resumed session',
        '',
        '| Day | Date | Time | Item |',
        '|---|---|---|---|',
        '| Tuesday | 6 April 2027 | 10:00-13:00 | Opening and adoption of the agenda |',
        '| | | 15:00-18:00 | Item 2: Quotas |',
        '| Wednesday | 7 April 2027 | 10:00-12:00 | Item 3: Monitoring |',
      ),
      'markdown',
    );
    expect(summary(claims)).toEqual([
      'Opening and adoption of the agenda | 2027-04-06..2027-04-06 | 2027-04-06 10:00-13:00 | ',
      'Item 2: Quotas | 2027-04-06..2027-04-06 | 2027-04-06 15:00-18:00 | ',
      'Item 3: Monitoring | 2027-04-07..2027-04-07 | 2027-04-07 10:00-12:00 | ',
    ]);
  });

  it('a weekday cell in a table without a name column is no title', () => {
    const claims = read(
      lines(
        'Coastal Fisheries Forum',
        '',
        '| Day | Date | Time |',
        '|---|---|---|',
        '| Jeudi | 8 April 2027 | 09:00-12:00 |',
      ),
      'markdown',
    );
    expect(claims.map((c) => c.title?.value)).not.toContain('Jeudi');
  });

  it('quotes the day of a continued row where it is written', () => {
    const claims = read(
      lines(
        'Regional Water Board',
        '',
        'Date | Time | Meeting',
        '4 March 2027 | 10:00-12:00 | Bureau',
        ' | 14:00-17:00 | Budget group',
      ),
    );
    const budget = claims.find((c) => c.title?.value === 'Budget group');
    expect(budget?.dates?.evidence[0]?.text).toBe('4 March 2027');
  });

  it('a table of an HTML page with an empty date cell', async () => {
    const { extractDocument } = await import('../../src/core/documents/index.js');
    const { DEFAULT_EXTRACT_LIMITS } = await import('../../src/core/documents/options.js');
    const html = [
      '<html><body><h1>Regional Water Board - session programme</h1><table>',
      '<tr><th>Date</th><th>Time</th><th>Meeting</th></tr>',
      '<tr><td>4 March 2027</td><td>10:00-12:00</td><td>Technical committee</td></tr>',
      '<tr><td></td><td>14:00-17:00</td><td>Budget working group</td></tr>',
      '<tr><td>5 March 2027</td><td>09:30-12:30</td><td>Plenary</td></tr>',
      '</table></body></html>',
    ].join('\n');
    const doc = await extractDocument(Buffer.from(html), {
      name: 'sessions.html',
      limits: DEFAULT_EXTRACT_LIMITS,
    });
    expect(summary(extractClaims(doc, source('sessions.html')).claims)).toEqual(expected);
  });

  it('a "Date | Time" table under one meeting gives that meeting its days', () => {
    const claims = read(
      lines(
        "Annual Conference of the Lighthouse Keepers' Association",
        '',
        'Date | Time',
        '6 June 2027 | 09:00-12:30',
        ' | 14:00-17:30',
        '7 June 2027 | 09:00-13:00',
      ),
    );
    expect(summary(claims)).toEqual([
      "Annual Conference of the Lighthouse Keepers' Association | 2027-06-06..2027-06-07 | 2027-06-06 09:00-12:30,2027-06-06 14:00-17:30,2027-06-07 09:00-13:00 | ",
    ]);
  });

  it('a timetable of deadlines and a list of people are no meetings', () => {
    const deadlines = lines(
      'Harbour Commission: timetable',
      '',
      'Date            Item',
      '15 May 2027     Deadline for written comments',
      '22 May 2027     Publication of the revised text',
    );
    expect(summary(read(deadlines))).toEqual([]);
    const piped = lines(
      'Harbour Commission: timetable',
      '',
      'Date | Item',
      '15 May 2027 | Deadline for written comments',
    );
    expect(summary(read(piped))).toEqual([]);
    const people = lines(
      'Harbour Commission contacts',
      '',
      'Name            Role            Phone',
      'Ana Ruiz        Secretary       +34 600 000 000',
    );
    expect(summary(read(people))).toEqual([]);
  });

  it.each([
    [
      'markdown',
      lines(
        '# Regional Water Board - programme',
        '',
        '| Date and time | Meeting |',
        '|---|---|',
        '| 4 March 2027, 10:00–12:00 | Technical committee |',
        '| 4 March 2027, 14:00–17:00 | Budget working group |',
      ),
    ],
    [
      'text',
      lines(
        'Regional Water Board - programme',
        '',
        'When                          Meeting',
        '4 March 2027, 10:00-12:00     Technical committee',
        '4 March 2027, 14:00-17:00     Budget working group',
      ),
    ],
  ])('a %s table whose one column gives the day and the time', (type, text) => {
    expect(summary(read(text, type as 'text' | 'markdown'))).toEqual([
      'Technical committee | 2027-03-04..2027-03-04 | 2027-03-04 10:00-12:00 | ',
      'Budget working group | 2027-03-04..2027-03-04 | 2027-03-04 14:00-17:00 | ',
    ]);
  });

  it('a label above the header in the same paragraph leaves the table a table', () => {
    const claims = read(
      lines(
        'Regional Water Board',
        '',
        'Sessions in 2027:',
        'Date | Time | Meeting',
        '4 March 2027 | 10:00-12:00 | Technical committee',
        ' | 14:00-17:00 | Budget working group',
      ),
    );
    expect(summary(claims)).toEqual([
      'Technical committee | 2027-03-04..2027-03-04 | 2027-03-04 10:00-12:00 | ',
      'Budget working group | 2027-03-04..2027-03-04 | 2027-03-04 14:00-17:00 | ',
    ]);
  });

  it('post stamps written with pipes, without a header of columns, are no table of meetings', () => {
    const claims = read(
      lines(
        'Harbour news',
        '',
        'Posted 3 March 2027 | by admin | 4 comments',
        'Posted 5 March 2027 | by editor | 2 comments',
      ),
    );
    expect(claims.some((c) => /admin|editor|comments/.test(c.title?.value ?? ''))).toBe(false);
  });

  it('a dateless row after the header but before any dated row continues nothing', () => {
    const claims = read(
      lines(
        'Regional Water Board - session programme',
        '',
        'Date | Time | Meeting',
        ' | 08:30-09:00 | Registration desk opens',
        '4 March 2027 | 10:00-12:00 | Technical committee',
      ),
    );
    expect(summary(claims)).toEqual([
      'Technical committee | 2027-03-04..2027-03-04 | 2027-03-04 10:00-12:00 | ',
    ]);
  });
});

describe('several meetings in one sentence', () => {
  const notice = (sentence: string) =>
    read(lines('Coastal Fisheries Forum - notice of meetings', '', sentence));

  it.each([
    [
      'The working group will meet on 3 March 2027 from 10:00 to 13:00, and the plenary on 4 March 2027 from 15:00 to 18:00.',
      [
        'Working group | 2027-03-03..2027-03-03 | 2027-03-03 10:00-13:00 | ',
        'Plenary | 2027-03-04..2027-03-04 | 2027-03-04 15:00-18:00 | ',
      ],
    ],
    [
      'The technical committee meets on 12 April 2027 at 09:30; the steering board will meet on 14 April 2027 at 14:00.',
      [
        'Technical committee | 2027-04-12..2027-04-12 | 2027-04-12 09:30 | ',
        'Steering board | 2027-04-14..2027-04-14 | 2027-04-14 14:00 | ',
      ],
    ],
    [
      'The Bureau will meet on Monday, 7 June 2027 at 09:00 and the Council on Tuesday, 8 June 2027 at 10:00.',
      [
        'Bureau | 2027-06-07..2027-06-07 | 2027-06-07 09:00 | ',
        'Council | 2027-06-08..2027-06-08 | 2027-06-08 10:00 | ',
      ],
    ],
    [
      // Two bodies on the same day at different hours: two meetings, never one range from 09:00 to 14:00.
      'The budget committee will meet on 5 May 2027 at 09:00, while the audit committee will meet on 5 May 2027 at 14:00.',
      [
        'Budget committee | 2027-05-05..2027-05-05 | 2027-05-05 09:00 | ',
        'Audit committee | 2027-05-05..2027-05-05 | 2027-05-05 14:00 | ',
      ],
    ],
    [
      // The meetings are what someone holds, and the second says whom it is for.
      'The co-chairs will hold informal consultations on Thursday, 11 March 2027, from 10:00 to 13:00, and a briefing for observers on Friday, 12 March 2027, at 15:00.',
      [
        'Informal consultations | 2027-03-11..2027-03-11 | 2027-03-11 10:00-13:00 | ',
        'Briefing for observers | 2027-03-12..2027-03-12 | 2027-03-12 15:00 | ',
      ],
    ],
    [
      'The secretariat will convene a meeting of the Bureau on 2 June 2027 at 10:00 and a workshop for new members on 3 June 2027 at 14:00.',
      [
        'Meeting of the Bureau | 2027-06-02..2027-06-02 | 2027-06-02 10:00 | ',
        'Workshop for new members | 2027-06-03..2027-06-03 | 2027-06-03 14:00 | ',
      ],
    ],
  ])('"%s"', (sentence, expected) => {
    expect(summary(notice(sentence))).toEqual(expected);
  });

  it("a first clause the title already names stays the page's own meeting", () => {
    const claims = read(
      lines(
        '# Informal consultations on the fisheries text',
        '',
        'The co-chairs will hold informal consultations on 11 March 2027 at 10:00, and a briefing for observers on 12 March 2027 at 15:00.',
      ),
      'markdown',
    );
    expect(summary(claims)).toEqual([
      'Informal consultations on the fisheries text | 2027-03-11..2027-03-11 | 2027-03-11 10:00 | ',
      'Briefing for observers | 2027-03-12..2027-03-12 | 2027-03-12 15:00 | ',
    ]);
  });

  it('a range of days in the second clause, "from" written with the dates', () => {
    expect(
      summary(notice('The Bureau will meet on 2 March 2027 and the Commission from 3 to 5 March 2027.')),
    ).toEqual(['Bureau | 2027-03-02..2027-03-02 |  | ', 'Commission | 2027-03-03..2027-03-05 |  | ']);
  });

  it('"the session ..., and the next session ...": the first is the page\'s own meeting', () => {
    const claims = read(
      lines(
        'Harbour Forum - fourth session',
        '',
        'The session will be held on 3 March 2027 at 10:00, and the next session on 10 March 2027 at 10:00.',
      ),
    );
    expect(summary(claims)).toEqual([
      'Harbour Forum - fourth session | 2027-03-03..2027-03-03 | 2027-03-03 10:00 | ',
      'Next session | 2027-03-10..2027-03-10 | 2027-03-10 10:00 | ',
    ]);
  });

  it('a second date of the same meeting, or of something that is no meeting, splits nothing', () => {
    const again = notice(
      'The plenary will meet on 3 March 2027 at 10:00 and again on 4 March 2027 at 10:00.',
    );
    expect(again.filter((c) => c.dates).map((c) => c.title?.value)).toEqual([
      'Coastal Fisheries Forum - notice of meetings',
    ]);
    const report = notice(
      'The plenary will meet on 3 March 2027, and the report will be circulated on 10 March 2027.',
    );
    // The circulation date is no meeting and no second clause: the sentence dates one meeting.
    expect(summary(report)).toEqual([
      'Coastal Fisheries Forum - notice of meetings | 2027-03-03..2027-03-03 |  | ',
    ]);
  });
});

describe('smaller cities in prose', () => {
  const board = (where: string) =>
    read(lines('Lake Authority board meeting', '', `The board will meet on 5 May 2027 at 10:00 ${where}.`));

  it.each([
    ['in Annecy', 'Annecy', 'Europe/Paris'],
    ['in Vaasa, in the council hall', 'Vaasa', 'Europe/Helsinki'],
    ['at Mons', 'Mons', 'Europe/Brussels'],
    ['in Trieste', 'Trieste', 'Europe/Rome'],
  ])('"%s" places the meeting and gives its zone', (where, city, zone) => {
    const claim = board(where)[0];
    expect(claim?.venue?.value.city).toBe(city);
    expect(claim?.zone?.value.zone).toBe(zone);
    expect(claim?.zone?.value.inferred).toBe(true);
  });

  it('reads the small city of a clause in a sentence held elsewhere in time', () => {
    const claims = read(
      lines(
        'Lake Authority board meeting',
        '',
        'The board will be held in Vaasa from 3 to 5 June 2027, starting at 09:00.',
      ),
    );
    expect(claims[0]?.zone?.value.zone).toBe('Europe/Helsinki');
  });

  it('"in Room 4" is a room without a city: no zone', () => {
    const claim = board('in Room 4')[0];
    expect(claim?.venue?.value.building).toBe('Room 4');
    expect(claim?.venue?.value.city).toBeUndefined();
    expect(claim?.zone).toBeUndefined();
  });

  it.each([
    'in Plenary',
    'in Annex I',
    'in Geneva Convention terms',
    'in Reading the draft',
    'in Split sessions',
    'in Male and Female categories',
  ])('"%s" names no place and gives no zone', (where) => {
    const claim = board(where)[0];
    expect(claim?.dates?.value.start).toBe('2027-05-05');
    expect(claim?.venue).toBeUndefined();
    expect(claim?.zone).toBeUndefined();
  });
});

describe('several bodies in one paragraph', () => {
  it.each([
    ['one paragraph', ' '],
    ['two paragraphs', '\n\n'],
  ])('%s: a sentence per body, a meeting per sentence', (_name, gap) => {
    const claims = read(
      lines(
        'Coastal Fisheries Forum - notice of meetings',
        '',
        `The working group will meet on 3 March 2027 from 10:00 to 13:00.${gap}The plenary will meet on 4 March 2027 from 15:00 to 18:00.`,
      ),
    );
    expect(summary(claims)).toEqual([
      'Working group | 2027-03-03..2027-03-03 | 2027-03-03 10:00-13:00 | ',
      'Plenary | 2027-03-04..2027-03-04 | 2027-03-04 15:00-18:00 | ',
    ]);
  });

  it('the body the title names, a generic "session" or the same body again stay the one meeting', () => {
    const own = read(
      lines(
        'Fisheries Commission - twelfth session',
        '',
        'The Commission will meet from 3 to 5 March 2027. The session will open on 3 March 2027 at 10:00.',
      ),
    );
    expect(own.filter((c) => c.dates).map((c) => c.title?.value)).toEqual([
      'Fisheries Commission - twelfth session',
    ]);
    const again = read(
      lines(
        'Coastal Fisheries Forum - notice',
        '',
        'The working group will meet on 3 March 2027 at 10:00. The working group will meet on 10 March 2027 at 10:00.',
      ),
    );
    expect(again.filter((c) => c.dates).map((c) => c.title?.value)).toEqual([
      'Coastal Fisheries Forum - notice',
    ]);
  });
});
