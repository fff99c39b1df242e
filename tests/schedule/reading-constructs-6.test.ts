import { describe, expect, it } from 'vitest';
import { extractClaims, type MeetingClaim, reconcile } from '../../src/core/schedule/index.js';
import { claimsOfText, lines, source, textDoc } from './helpers.js';

/** Constructs the development set does not show: own wording, invented bodies. */
function read(text: string, type: 'text' | 'markdown' = 'text'): MeetingClaim[] {
  return claimsOfText(text, type, 'notice.txt');
}

/** Diagnostic codes of a text of our own. */
function codes(text: string): string[] {
  return extractClaims(textDoc(text, 'text', { name: 'notice.txt' }), source('notice.txt')).diagnostics.map(
    (d) => d.code,
  );
}

/** One line per dated claim: title | days | sessions. */
function summary(claims: MeetingClaim[]): string[] {
  return claims
    .filter((c) => c.dates || c.sessions.length > 0)
    .map((c) => {
      const days = c.dates ? `${c.dates.value.start}..${c.dates.value.end}` : 'no date';
      const times = c.sessions
        .filter((s) => s.start)
        .map((s) => `${s.date} ${s.start}${s.end ? `-${s.end}` : ''}`)
        .join(',');
      return [c.title?.value ?? '', days, times].join(' | ');
    });
}

describe('a "Date | Time" table of one meeting: one sitting per row', () => {
  const intro = [
    'Hearings of the Harbour Commission on the dredging plan',
    '',
    'The rapporteurs will hear the parties as follows (Hearing Room B):',
    '',
  ];
  const expected = [
    'Hearings of the Harbour Commission on the dredging plan | 2027-11-08..2027-11-09 | 2027-11-08 09:30-12:00,2027-11-08 14:00-17:30,2027-11-09 09:30-12:00',
  ];

  it('reads a pipe table: two sittings on the first day, the break kept, and no disagreement', () => {
    const text = lines(
      ...intro,
      'Date | Time',
      'Monday, 8 November 2027 | 09:30 - 12:00',
      'Monday, 8 November 2027 | 14:00 - 17:30',
      'Tuesday, 9 November 2027 | 09:30 - 12:00',
    );
    expect(summary(read(text))).toEqual(expected);
    expect(codes(text)).not.toContain('schedule.dates-disagree');
  });

  it('reads the same table in aligned columns', () => {
    const text = lines(
      ...intro,
      'Date                        Time',
      'Monday, 8 November 2027     09:30 - 12:00',
      'Monday, 8 November 2027     14:00 - 17:30',
      'Tuesday, 9 November 2027    09:30 - 12:00',
    );
    expect(summary(read(text))).toEqual(expected);
    expect(codes(text)).not.toContain('schedule.dates-disagree');
  });

  it('keeps the dates line given above the table, and still warns when the table leaves it', () => {
    const inside = lines(
      'Hearings of the Harbour Commission on the dredging plan',
      '',
      'The hearings will be held on 8 and 9 November 2027.',
      '',
      'Date | Time',
      '8 November 2027 | 09:30-12:00',
      '8 November 2027 | 14:00-17:30',
      '9 November 2027 | 09:30-12:00',
    );
    expect(summary(read(inside))).toEqual([
      'Hearings of the Harbour Commission on the dredging plan | 2027-11-08..2027-11-09 | 2027-11-08 09:30-12:00,2027-11-08 14:00-17:30,2027-11-09 09:30-12:00',
    ]);
    expect(codes(inside)).not.toContain('schedule.dates-disagree');
    const outside = inside.replace(
      'The hearings will be held on 8 and 9 November 2027.',
      'The hearings will be held on 8 November 2027.',
    );
    expect(codes(outside)).toContain('schedule.dates-disagree');
  });

  it('merges two rows of one day that overlap into one span', () => {
    const text = lines(
      ...intro,
      'Date | Time',
      '8 November 2027 | 09:30-12:00',
      '8 November 2027 | 11:00-13:00',
    );
    expect(summary(read(text))).toEqual([
      'Hearings of the Harbour Commission on the dredging plan | 2027-11-08..2027-11-08 | 2027-11-08 09:30-13:00',
    ]);
  });

  it('reads a table with a title column as before: one meeting per row', () => {
    const text = lines(
      'Harbour Commission: week of 8 November',
      '',
      'Date | Time | Meeting',
      '8 November 2027 | 09:30-12:00 | Dredging working group',
      '8 November 2027 | 14:00-17:30 | Tariffs working group',
    );
    expect(summary(read(text))).toEqual([
      'Dredging working group | 2027-11-08..2027-11-08 | 2027-11-08 09:30-12:00',
      'Tariffs working group | 2027-11-08..2027-11-08 | 2027-11-08 14:00-17:30',
    ]);
  });
});

describe('two ranges of one day in a sentence: two sittings', () => {
  it('reads "from 09:30 to 12:00 and from 14:00 to 17:30" on a day as two sittings', () => {
    const claims = read(
      lines(
        'Hearings of the Harbour Commission on the dredging plan',
        '',
        'The rapporteurs will meet the parties on 8 November 2027 from 09:30 to 12:00 and from 14:00 to 17:30 in Hearing Room B.',
      ),
    );
    expect(summary(claims)).toEqual([
      'Hearings of the Harbour Commission on the dredging plan | 2027-11-08..2027-11-08 | 2027-11-08 09:30-12:00,2027-11-08 14:00-17:30',
    ]);
  });

  it('keeps hours said of every day as the span of each day', () => {
    const claims = read(
      lines(
        'Hearings of the Harbour Commission on the dredging plan',
        '',
        'The hearings will be held from 8 to 9 November 2027.',
        'Daily sessions will run from 9.30 a.m. to 12 noon and from 2 p.m. to 5.30 p.m.',
      ),
    );
    expect(summary(claims)).toEqual([
      'Hearings of the Harbour Commission on the dredging plan | 2027-11-08..2027-11-09 | 2027-11-08 09:30-17:30,2027-11-09 09:30-17:30',
    ]);
  });

  it('applies hours said of every day after an opening hour of the first day', () => {
    const claims = read(
      lines(
        'Hearings of the Harbour Commission on the dredging plan',
        '',
        'The hearings will be held from 8 to 10 November 2027. They will open at 9.30 a.m. on Monday, 8 November.',
        'Daily sessions will run from 9.30 a.m. to 12 noon and from 2 p.m. to 5.30 p.m.',
      ),
    );
    expect(summary(claims)).toEqual([
      'Hearings of the Harbour Commission on the dredging plan | 2027-11-08..2027-11-10 | 2027-11-08 09:30-17:30,2027-11-09 09:30-17:30,2027-11-10 09:30-17:30',
    ]);
  });

  it('keeps one span for a programme whose lines each give one range', () => {
    const claims = read(
      lines(
        '# Hearings of the Harbour Commission on the dredging plan',
        '',
        'The hearings will be held on 8 November 2027 in Hearing Room B.',
        '',
        '## Monday 8 November 2027',
        '',
        '- 09:30-10:30 Opening statements',
        '- 10:30-12:00 The port authority',
        '- 14:00-17:30 The shipping companies',
      ),
      'markdown',
    );
    expect(summary(claims)).toEqual([
      'Hearings of the Harbour Commission on the dredging plan | 2027-11-08..2027-11-08 | 2027-11-08 09:30-17:30',
    ]);
  });

  it('reads a range and its slashed equivalent in another zone as one moment, never two sittings', () => {
    const slashed = read(
      lines(
        'Board of the Fisheries Trust',
        '',
        'The trustees will meet on 5 May 2027, 14:00-16:00 CEST / 08:00-10:00 EDT.',
      ),
    );
    expect(summary(slashed)).toEqual([
      'Board of the Fisheries Trust | 2027-05-05..2027-05-05 | 2027-05-05 14:00-16:00',
    ]);
    const told = read(
      lines(
        'Board of the Fisheries Trust',
        '',
        'The trustees will meet on 5 May 2027, 14:00-16:00 CEST, that is 08:00-10:00 EDT.',
      ),
    );
    expect(told[0]?.sessions.filter((s) => s.start)).toHaveLength(1);
  });

  it('invents no sitting in a text that only names times of other things', () => {
    const claims = read(
      lines(
        'Hearings of the Harbour Commission on the dredging plan',
        '',
        'The hearings will be held on 8 November 2027 in Hearing Room B.',
        '',
        'The building is open from 08:00 to 12:00 and from 13:00 to 19:00.',
      ),
    );
    expect(summary(claims)).toEqual([
      'Hearings of the Harbour Commission on the dredging plan | 2027-11-08..2027-11-08 | ',
    ]);
  });
});

describe('ISO 8601 intervals over several days', () => {
  it.each([
    ['When: 2027-04-12T09:00/2027-04-13T17:00', '', undefined],
    ['When: 2027-04-12 09:00/2027-04-13 17:00', '', undefined],
    ['When: 2027-04-12T09:00/13T17:00', '', undefined],
    [
      'The retreat will take place 2027-04-12T09:00+02:00/2027-04-13T17:00+02:00 at the lodge.',
      'UTC+2',
      '2027-04-13T17:00:00+02:00',
    ],
  ])(
    'reads "%s" as the days between, from the start on the first to the end on the last',
    (line, zone, endAt) => {
      const claims = read(lines('Retreat of the Lake Authority board', '', line));
      expect(claims[0]?.dates?.value).toEqual({ start: '2027-04-12', end: '2027-04-13' });
      expect(claims[0]?.sessions.map((s) => [s.date, s.start, s.end, s.endDate])).toEqual([
        ['2027-04-12', '09:00', '17:00', '2027-04-13'],
      ]);
      expect(claims[0]?.zone?.value.zone ?? '').toBe(zone);
      expect(claims[0]?.sessions[0]?.endAt).toBe(endAt);
    },
  );

  it('reads an interval over three days and keeps an interval within one day a range of times', () => {
    const three = read(
      lines('Retreat of the Lake Authority board', '', 'When: 2027-04-12T09:00/2027-04-14T12:30'),
    );
    expect(summary(three)).toEqual([
      'Retreat of the Lake Authority board | 2027-04-12..2027-04-14 | 2027-04-12 09:00-12:30',
    ]);
    expect(three[0]?.sessions[0]?.endDate).toBe('2027-04-14');
    const one = read(
      lines('Retreat of the Lake Authority board', '', 'When: 2027-04-12T09:00/2027-04-12T17:00'),
    );
    expect(summary(one)).toEqual([
      'Retreat of the Lake Authority board | 2027-04-12..2027-04-12 | 2027-04-12 09:00-17:00',
    ]);
  });

  it('leaves an interval that ends before it starts, and two dates joined by a slash, alone', () => {
    const back = read(
      lines('Retreat of the Lake Authority board', '', 'When: 2027-04-13T09:00/2027-04-12T17:00'),
    );
    expect(back[0]?.sessions.some((s) => s.endDate)).toBe(false);
    const dates = read(
      lines('Retreat of the Lake Authority board', '', 'The retreat will be held on 2027-04-12/2027-04-13.'),
    );
    expect(dates[0]?.sessions.filter((s) => s.start)).toEqual([]);
  });
});

describe('an hour by its part of the day', () => {
  it.each([
    ["at 9 o'clock in the evening on 5 May 2027", '21:00'],
    ["at 7 o'clock in the morning on 5 May 2027", '07:00'],
    ["at 3 o'clock in the afternoon on 5 May 2027", '15:00'],
    ['at 9 in the evening on 5 May 2027', '21:00'],
    ["on 5 May 2027 at 9 o'clock tonight", '21:00'],
    ['on 5 May 2027 at nine tonight', '21:00'],
    ['on 5 May 2027 at 8 this evening', '20:00'],
    ['on 5 May 2027 from 2 to 4 in the afternoon', '14:00-16:00'],
    ['on 5 May 2027 between 9 and 11 in the morning', '09:00-11:00'],
  ])('reads "%s"', (when, start) => {
    const claims = read(lines('Board of the Fisheries Trust', '', `The trustees will meet ${when}.`));
    expect(claims[0]?.dates?.value).toEqual({ start: '2027-05-05', end: '2027-05-05' });
    expect(claims[0]?.sessions.map((s) => (s.end ? `${s.start}-${s.end}` : s.start))).toEqual([start]);
    expect(claims[0]?.sessions[0]?.uncertain).toBeUndefined();
  });

  it.each([
    "At 9 o'clock in the evening on 5 May 2027 the trustees meet.",
    "At 9 o'clock in the evening on 5 May 2027 the board meets.",
    "We meet at 9 o'clock in the evening on 5 May 2027.",
  ])('finds the day of "%s", a sentence that opens with its hour', (sentence) => {
    const claims = read(lines('Board of the Fisheries Trust', '', sentence));
    expect(claims[0]?.dates?.value.start).toBe('2027-05-05');
    expect(claims[0]?.sessions[0]?.start).toBe('21:00');
  });

  it('reads no hour in a number before a part of the day without "at", "from" or "to"', () => {
    const claims = read(
      lines(
        'Board of the Fisheries Trust',
        '',
        'The trustees will meet on 5 May 2027 to discuss item 9 in the evening session.',
      ),
    );
    expect(claims[0]?.sessions.filter((s) => s.start)).toEqual([]);
  });

  it('keeps "9 o\'clock" alone as 09:00, and says it is unsure, down to the reconciled meeting', () => {
    const text = lines(
      'Board of the Fisheries Trust',
      '',
      "The trustees will meet on 5 May 2027 at 9 o'clock in Galway.",
    );
    const claims = read(text);
    expect(claims[0]?.sessions[0]?.start).toBe('09:00');
    expect(claims[0]?.sessions[0]?.uncertain).toMatch(/does not say morning or evening; read as 09:00/);
    expect(codes(text)).toContain('schedule.time-assumed');
    const meeting = reconcile(claims).meetings[0];
    expect(meeting?.uncertain.some((u) => u.field === 'times' && /morning or evening/.test(u.reason))).toBe(
      true,
    );
    // An hour that says its half of the day, or a 24-hour clock, is not in doubt.
    for (const sure of ["at 9 o'clock in the morning", 'at 9:00', "at 19 o'clock"]) {
      const c = read(
        lines('Board of the Fisheries Trust', '', `The trustees will meet on 5 May 2027 ${sure}.`),
      );
      expect(c[0]?.sessions[0]?.uncertain).toBeUndefined();
    }
  });
});

describe('a deadline beside the meeting', () => {
  const meeting =
    'The third meeting of the panel will take place in Vienna from 14 to 16 April 2027, from 10:00 to 17:00 daily.';
  it.each([
    'Parties wishing to send written views are invited to do so by 2 April 2027.',
    'Registration closes on 25 March 2027.',
    'Registration closes on 25 March.',
    'Nominations should reach the secretariat no later than 29 March.',
    'Written comments are invited by 2 April 2027.',
    'Comments may be sent until 2 April 2027.',
  ])('"%s" is no meeting date, above or below the meeting, nor in its sentence', (deadline) => {
    const title = 'Panel of experts on river basins';
    for (const text of [
      lines(title, '', deadline, '', meeting),
      lines(title, '', meeting, '', deadline),
      lines(
        title,
        '',
        `${meeting.slice(0, -1)}, and ${deadline.charAt(0).toLowerCase()}${deadline.slice(1)}`,
      ),
    ]) {
      const claims = read(text);
      expect(claims.map((c) => c.dates?.value)).toEqual([{ start: '2027-04-14', end: '2027-04-16' }]);
      expect(claims[0]?.sessions.map((s) => s.start)).toEqual(['10:00', '10:00', '10:00']);
      expect(codes(text)).not.toContain('schedule.dates-disagree');
      // Nor the letter's own date.
      const r = extractClaims(textDoc(text, 'text', { name: 'notice.txt' }), source('notice.txt'));
      expect(r.source.date).toBeUndefined();
    }
  });

  it("still reads a sentence whose only date is a deadline as none, and a real letter date as the letter's", () => {
    const only = read(
      lines('Panel of experts on river basins', '', 'Registration for the panel closes on 25 March 2027.'),
    );
    expect(only[0]?.dates).toBeUndefined();
    const dated = extractClaims(
      textDoc(lines('Vienna, 2 March 2027', '', 'Dear colleagues,', '', meeting), 'text', {
        name: 'letter.txt',
      }),
      source('letter.txt', { seenAt: '2027-03-03T08:00:00Z' }),
    );
    expect(dated.source.date).toBe('2027-03-02');
  });
});
