import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from '../../src/core/documents/index.js';
import { extractClaims, type MeetingClaim, readAnnouncement } from '../../src/core/schedule/index.js';
import { source, textDoc } from './helpers.js';

/** Fixtures written for constructs met in real announcements (own text, invented bodies). */
function read(text: string, seenAt = '2026-12-07T00:00:00Z'): MeetingClaim[] {
  return extractClaims(textDoc(text, 'text', { name: 'construct.txt' }), source('construct.txt', { seenAt }))
    .claims;
}

function sessions(
  claims: MeetingClaim[],
): { date: string; start?: string; end?: string; endDate?: string }[] {
  return claims.flatMap((c) =>
    c.sessions.map((s) => ({
      date: s.date,
      ...(s.start ? { start: s.start } : {}),
      ...(s.end ? { end: s.end } : {}),
      ...(s.endDate ? { endDate: s.endDate } : {}),
    })),
  );
}

describe('an end given as a length of time', () => {
  it('ends "It will last for two hours" two hours after the start, on the next day past midnight', () => {
    const claims = read(
      [
        'Lantern Club annual debate',
        '',
        'The annual debate of the Lantern Club will be held on Friday, 12 November 2027,',
        'at 22:30 UTC. It will last for two hours. Questions may be sent in advance.',
      ].join('\n'),
    );
    expect(sessions(claims)).toEqual([
      { date: '2027-11-12', start: '22:30', end: '00:30', endDate: '2027-11-13' },
    ]);
  });

  it('reads "at 14:00 CET for 90 minutes" as an end at 15:30', () => {
    const claims = read(
      'Orchard cooperative call\n\nThe members call takes place on 3 March 2027 at 14:00 CET for 90 minutes.\n',
    );
    expect(sessions(claims)).toEqual([{ date: '2027-03-03', start: '14:00', end: '15:30' }]);
  });

  it.each([
    ['(duration: 2 hours)', '16:00'],
    ['. Duration \u2013 45 minutes.', '14:45'],
    ['. Please note that the call has been shortened to 90 minutes.', '15:30'],
    ['. It will be 90 minutes long.', '15:30'],
  ])('reads a length said as such, "%s", as the end', (said, end) => {
    const claims = read(
      `Orchard cooperative call\n\nThe members call takes place on 3 March 2027 at 14:00 CET ${said}\n`,
    );
    expect(sessions(claims)).toEqual([{ date: '2027-03-03', start: '14:00', end }]);
  });

  it('does not take "the last two hours" or a stated end as a duration', () => {
    const claims = read(
      [
        'Orchard cooperative call',
        '',
        'The members call takes place on 3 March 2027 from 14:00 to 15:00 CET.',
        'In the last two hours of the previous call we covered the budget.',
      ].join('\n'),
    );
    expect(sessions(claims)).toEqual([{ date: '2027-03-03', start: '14:00', end: '15:00' }]);
  });
});

describe('a writer cancelling a list of days', () => {
  const text = (sentence: string) =>
    [
      'Harbour Forum calls',
      '',
      'Posted 2027-09-28',
      '',
      `The chair is travelling, so ${sentence}`,
      'We will hold one informal session on 4 October instead.',
    ].join('\n');

  it('reads "I am cancelling the calls we would normally hold on 6, 11|12, and 13 October" as three cancelled days', () => {
    const claims = read(
      text('I am cancelling the calls we would normally hold on 6, 11|12, and 13 October.'),
    );
    const cancelled = claims.filter((c) => c.status?.value === 'cancelled');
    expect(cancelled.flatMap((c) => c.sessions.map((s) => s.date)).sort()).toEqual([
      '2027-10-06',
      '2027-10-11',
      '2027-10-13',
    ]);
    // The session still held is not called off with them.
    const held = claims.find((c) => c.dates?.value.start === '2027-10-04');
    expect(held).toBeDefined();
    expect(held?.status?.value ?? 'scheduled').toBe('scheduled');
  });

  it('does not cancel anything on a question', () => {
    const claims = read(
      text('should we be cancelling the calls we would normally hold on 6 and 13 October?'),
    );
    expect(claims.some((c) => c.status?.value === 'cancelled')).toBe(false);
  });
});

describe('the zone of a calendar invitation', () => {
  async function calendarClaims(lines: string[]): Promise<MeetingClaim[]> {
    const bytes = Buffer.from(
      ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//own test//EN', ...lines, 'END:VCALENDAR', ''].join(
        '\r\n',
      ),
    );
    const doc = await extractDocument(bytes, { name: 'invite.ics', limits: DEFAULT_EXTRACT_LIMITS });
    return readAnnouncement(doc, { kind: 'ics', name: 'invite.ics', seenAt: '2027-01-01T00:00:00Z' }).claims;
  }

  /** A UTC event with its own extra lines. */
  const gardenEvent = (extra: string[]) => [
    'BEGIN:VEVENT',
    'UID:garden-plan@example.org',
    'DTSTAMP:20270101T000000Z',
    'SUMMARY:Garden planning',
    'DTSTART:20270115T140000Z',
    ...extra,
    'END:VEVENT',
  ];

  it('names the zone of a custom VTIMEZONE called after a Windows zone ("W. Europe") when its offsets agree', async () => {
    const claims = await calendarClaims([
      'BEGIN:VTIMEZONE',
      'TZID:W. Europe',
      'BEGIN:STANDARD',
      'DTSTART:19501029T030000',
      'TZOFFSETFROM:+0200',
      'TZOFFSETTO:+0100',
      'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:19500326T020000',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0200',
      'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3',
      'END:DAYLIGHT',
      'END:VTIMEZONE',
      'BEGIN:VEVENT',
      'UID:board-review@example.org',
      'DTSTAMP:20270101T000000Z',
      'SUMMARY:Board review',
      'DTSTART;TZID="W. Europe":20270615T100000',
      'DTEND;TZID="W. Europe":20270615T113000',
      'END:VEVENT',
    ]);
    expect(claims[0]?.zone?.value.zone).toBe('Europe/Berlin');
    expect(claims[0]?.sessions[0]).toMatchObject({ date: '2027-06-15', start: '10:00', end: '11:30' });
  });

  it('shows a UTC event in the zone its web calendar link gives (ctz=), at the same instant', async () => {
    const claims = await calendarClaims(
      gardenEvent([
        'DTEND:20270115T150000Z',
        'DESCRIPTION:Open the event at https://calendar.example/event?eid=abc&ctz=America/Chicago&hl=en',
      ]),
    );
    expect(claims[0]?.zone?.value.zone).toBe('America/Chicago');
    expect(claims[0]?.sessions[0]).toMatchObject({ date: '2027-01-15', start: '08:00', end: '09:00' });
  });

  it('keeps UTC when the calendar names no display zone', async () => {
    const claims = await calendarClaims(gardenEvent([]));
    expect(claims[0]?.sessions[0]).toMatchObject({ date: '2027-01-15', start: '14:00' });
    expect(claims[0]?.zone?.value.zone).toMatch(/UTC/);
  });
});

describe('the zone of a Spanish municipal plenary', () => {
  it('infers Europe/Madrid from "Pleno Ordinario de la Corporación" with its order of the day, marked inferred', () => {
    const claims = read(
      [
        'Convocatoria del Pleno',
        '',
        'El Salón de Plenos acogerá el jueves 14 de octubre de 2027, a las 19.00 horas, el Pleno Ordinario de la Corporación.',
        'El Orden del Día incluye la aprobación del acta anterior.',
      ].join('\n'),
    );
    const zone = claims[0]?.zone;
    expect(zone?.value.zone).toBe('Europe/Madrid');
    expect(zone?.uncertain).toMatch(/Corporación/);
  });

  it('names no zone for a plenary of another kind of body', () => {
    const claims = read(
      'Sesión del Pleno\n\nEl Pleno del Congreso sesionará el jueves 14 de octubre de 2027 a las 11.00 horas.\n',
    );
    expect(claims[0]?.zone?.value.zone).not.toBe('Europe/Madrid');
  });
});

describe('meeting times that are changing', () => {
  const text = (lead: string) =>
    [
      'Reading circle times from 2027-04-08',
      '',
      `${lead} Both circles will be held one hour later starting from our next circles on 2027-04-08.`,
      '',
      'New times for the circles are:',
      '',
      'Morning meeting: 08:00 UTC',
      'Evening meeting: 19:00 UTC',
    ].join('\n');

  it('marks each meeting line under "Meeting times are changing" as rescheduled', () => {
    const claims = read(text('Reading Circle meeting times are changing after our survey.'));
    expect(claims.map((c) => c.sessions[0]?.start).sort()).toEqual(['08:00', '19:00']);
    expect(claims.map((c) => c.correction?.value)).toEqual(['rescheduled', 'rescheduled']);
  });
});

describe('a change only imagined', () => {
  it('keeps a meeting scheduled when the text says it "would have been rescheduled" had something happened', () => {
    const claims = read(
      [
        'Lantern Club annual meeting',
        '',
        'The annual meeting of the Lantern Club will be held on Friday, 12 November 2027, at 20:00 UTC.',
        'Had the meeting overlapped the quiz night, the meeting would have been rescheduled to another date.',
      ].join('\n'),
    );
    expect(claims).toHaveLength(1);
    expect(claims[0]?.correction).toBeUndefined();
    expect(claims[0]?.status?.value ?? 'scheduled').toBe('scheduled');
  });

  it('still reads a decided change in the next sentence', () => {
    const claims = read(
      [
        'Lantern Club annual meeting',
        '',
        'The annual meeting of the Lantern Club has been rescheduled to Friday, 19 November 2027, at 20:00 UTC.',
      ].join('\n'),
    );
    expect(claims[0]?.correction?.value).toBe('rescheduled');
  });
});

describe('a French hour with its minutes after the unit', () => {
  it('reads "à 18 heures 45" as 18:45, and "à 18 heures" still as 18:00', () => {
    const at = (time: string) =>
      read(
        `Réunion du comité des fêtes\n\nLe comité des fêtes se réunira le mardi 9 mars 2027, ${time}, salle des associations.\n`,
      )[0]?.sessions[0]?.start;
    expect(at('à 18 heures 45')).toBe('18:45');
    expect(at('à 18 heures')).toBe('18:00');
  });
});
