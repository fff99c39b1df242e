import { describe, expect, it } from 'vitest';
import { readAnnouncement } from '../../src/core/schedule/announcement.js';
import type { MeetingClaim } from '../../src/core/schedule/index.js';
import { source, textDoc } from './helpers.js';

/** Constructs of announcements in other bodies' styles. Own wording, invented events. */
function read(text: string, name = 'notice.txt'): MeetingClaim[] {
  return readAnnouncement(textDoc(text, 'text', { name }), source(name)).claims;
}

const days = (c: MeetingClaim | undefined) => c?.dates?.value;
const hours = (c: MeetingClaim | undefined) =>
  (c?.sessions ?? []).map((s) => `${s.date} ${s.start ?? ''}-${s.end ?? ''}`);

describe('the date a meeting had before it moved, said before the new one', () => {
  it.each([
    [
      'The second meeting of the Lagoon Panel, which was to have taken place from 3 to 5 April 2028, will now be held from 22 to 24 May 2028 in Lisbon.',
      { start: '2028-05-22', end: '2028-05-24' },
      { start: '2028-04-03', end: '2028-04-05' },
    ],
    [
      'La deuxième réunion du Groupe des lagunes, initialement prévue du 3 au 5 avril 2028, se tiendra du 22 au 24 mai 2028 à Lisbonne.',
      { start: '2028-05-22', end: '2028-05-24' },
      { start: '2028-04-03', end: '2028-04-05' },
    ],
    [
      'La segunda reunión del Grupo de Lagunas, prevista inicialmente del 3 al 5 de abril de 2028, se celebrará del 22 al 24 de mayo de 2028 en Lisboa.',
      { start: '2028-05-22', end: '2028-05-24' },
      { start: '2028-04-03', end: '2028-04-05' },
    ],
    [
      'La segunda reunión del Grupo de Lagunas, que estaba programada para el 3 de abril de 2028, tendrá lugar el 22 de mayo de 2028 en Lisboa.',
      { start: '2028-05-22', end: '2028-05-22' },
      { start: '2028-04-03', end: '2028-04-03' },
    ],
    [
      'La réunion du Groupe des lagunes qui devait se tenir le 3 avril 2028 aura lieu le 22 mai 2028 à Lisbonne.',
      { start: '2028-05-22', end: '2028-05-22' },
      { start: '2028-04-03', end: '2028-04-03' },
    ],
  ])('%s', (text, now, was) => {
    const [claim] = read(text);
    expect(days(claim)).toEqual(now);
    expect(claim?.changedFrom?.value.dates).toEqual(was);
    expect(claim?.correction?.value).toBe('rescheduled');
  });

  it('a plan said in another sentence moves nothing', () => {
    const claims = read(
      'The Lagoon Panel had been scheduled for 3 April 2028. The report of its chair was published on 22 May 2028.',
    );
    expect(claims.some((c) => c.changedFrom)).toBe(false);
    expect(claims.some((c) => days(c)?.start === '2028-05-22')).toBe(false);
  });

  it('a plan said without a word of change keeps both days', () => {
    const claims = read(
      'The Lagoon Panel will meet as planned on 3 April 2028 and again on 22 May 2028 in Lisbon.',
    );
    expect(claims.some((c) => c.changedFrom)).toBe(false);
    expect(claims.some((c) => days(c)?.start === '2028-04-03')).toBe(true);
  });

  it('a plan called off, then another meeting after a semicolon, is no move', () => {
    const claims = read(
      'The Lagoon Panel meeting, originally planned for 3 April 2028, has been cancelled; the Bureau will meet on 22 May 2028 in Lisbon.',
    );
    expect(claims.some((c) => c.changedFrom)).toBe(false);
  });
});

describe("a news release's opening place and date", () => {
  it.each([
    [
      'Apia, 9 February 2028 – The Pacific Reef Council will convene its fourteenth session on 6 March 2028 at the Harbour Hall.',
      'Pacific Reef Council, fourteenth session',
    ],
    [
      'LIMA (12 January 2028) – The Andean Water Board will hold an extraordinary meeting on Monday 6 March 2028 at 10 a.m.',
      'Andean Water Board, extraordinary meeting',
    ],
    [
      'Dakar, Senegal, 20 January 2028: The Council of Fisheries Ministers will hold its 31st meeting on Monday, 6 March 2028, starting at 09:00.',
      'Council of Fisheries Ministers, 31st meeting',
    ],
  ])('dates the release, not the meeting: %s', (text, title) => {
    const claims = read(text);
    expect(claims.map((c) => days(c)?.start)).toEqual(['2028-03-06']);
    expect(claims[0]?.title?.value).toBe(title);
  });

  it('gives the year of a meeting day written without one', () => {
    const claims = read(
      'Bangkok, 3 February 2028 – The Mekong Delta Commission will meet on 20 March in its plenary hall.',
    );
    expect(claims.map((c) => days(c)?.start)).toEqual(['2028-03-20']);
  });

  it.each([
    // A programme line: a place, a day and what happens then.
    ['Geneva, 6 March 2028 – Opening session of the Committee', '2028-03-06'],
    // A weekday is no place: the day is the meeting's.
    ['Monday, 6 March 2028 – The Committee will meet at 10:00 in Room 3 to adopt its report.', '2028-03-06'],
    // A body, not a city, before the date.
    [
      'Steering Group, 6 March 2028 – the group will meet by video call to review the annual work plan.',
      '2028-03-06',
    ],
  ])("leaves a day that is the meeting's: %s", (text, day) => {
    expect(read(text).map((c) => days(c)?.start)).toContain(day);
  });
});

describe('hours said of every day of a session, in two sittings', () => {
  const head =
    'Fourth Meeting of the Signatories to the Memorandum on Steppe Raptors\nAlmaty, Kazakhstan, 4-6 October 2028\n\n';
  const everyDay = (a: string, b: string) => [
    `2028-10-04 ${a}-${b}`,
    `2028-10-05 ${a}-${b}`,
    `2028-10-06 ${a}-${b}`,
  ];

  it.each([
    [
      'The meeting will open on Wednesday, 4 October 2028, at 10 a.m. Meetings will be held from 10 a.m. to 1 p.m. and from 3 p.m. to 6 p.m.',
      '10:00',
      '18:00',
    ],
    [
      'The Meeting will sit from 9 a.m. to 12 noon and from 2 p.m. to 5 p.m. on each working day.',
      '09:00',
      '17:00',
    ],
    [
      'Plenary sittings will normally be held from 9.30 a.m. to 12.30 p.m. and from 2.30 p.m. to 5.30 p.m.',
      '09:30',
      '17:30',
    ],
    [
      'The session will open at 9.30 a.m. on the first day. Plenary sessions will usually be held from 9.30 a.m. to 12.30 p.m. and from 2.30 p.m. to 5.30 p.m.',
      '09:30',
      '17:30',
    ],
    ['Sittings are scheduled from 10:00 to 13:00 and from 15:00 to 18:00.', '10:00', '18:00'],
    [
      'Les séances se tiendront chaque jour de 9 heures à 12 heures et de 14 heures à 17 heures.',
      '09:00',
      '17:00',
    ],
    [
      'Las sesiones se desarrollarán todos los días de 9:00 a 12:00 horas y de 14:00 a 17:00 horas.',
      '09:00',
      '17:00',
    ],
  ])('%s', (line, start, end) => {
    const [claim] = read(head + line);
    expect(days(claim)).toEqual({ start: '2028-10-04', end: '2028-10-06' });
    expect(hours(claim)).toEqual(everyDay(start, end));
  });

  it.each([
    'The meeting will open on Wednesday, 4 October 2028, at 10 a.m. Registration will be open each day from 8 a.m. to 9.30 a.m.',
    'The meeting will open on Wednesday, 4 October 2028, at 10 a.m. The exhibition hall will be open from 10 a.m. to 6 p.m.',
  ])("hours of something else after the opening are not the meeting's: %s", (line) => {
    const [claim] = read(head + line);
    expect(hours(claim)).toEqual(['2028-10-04 10:00-']);
  });

  it('the hours of a place open every day are no sittings', () => {
    const [claim] = read(`${head}The delegates' lounge is open every day from 8 a.m. to 8 p.m.`);
    expect(hours(claim)).toEqual([]);
  });
});

describe('meetings called off in the plural, or consultations, in French, Spanish and German', () => {
  it.each([
    [
      'Les consultations informelles prévues le mardi 14 novembre 2028 de 15 h à 18 h sont reportées à une date ultérieure.',
      'postponed',
    ],
    ['Les réunions du Comité des pêches prévues le 14 novembre 2028 sont annulées.', 'cancelled'],
    ['Les séances plénières du 14 novembre 2028 ont été annulées.', 'cancelled'],
    ['La consultation informelle du 14 novembre 2028 est annulée.', 'cancelled'],
    [
      'Las consultas oficiosas previstas para el 14 de noviembre de 2028 han sido aplazadas hasta nuevo aviso.',
      'postponed',
    ],
    ['Las reuniones del Comité de Pesca del 14 de noviembre de 2028 quedan canceladas.', 'cancelled'],
    ['Die Sitzungen des Fischereiausschusses am 14. November 2028 werden abgesagt.', 'cancelled'],
  ])('%s', (line, status) => {
    const [claim] = read(`Avis\n\n${line}\n`);
    expect(days(claim)?.start).toBe('2028-11-14');
    expect(claim?.status?.value).toBe(status);
  });

  it.each([
    'Les consultations informelles sont prévues le 14 novembre 2028 de 15 h à 18 h.',
    "Les réunions reportées l'an dernier ont été remplacées par des échanges en ligne ; la prochaine réunion aura lieu le 14 novembre 2028.",
    'Las consultas sobre el informe cancelado se celebrarán el 14 de noviembre de 2028.',
  ])('a plan, or a status said of something else, keeps the meeting: %s', (line) => {
    const claims = read(`Avis\n\n${line}\n`);
    const day = claims.find((c) => days(c)?.start === '2028-11-14');
    expect(day?.status?.value ?? 'scheduled').toBe('scheduled');
  });
});

describe('an event the notice names beside the meeting, on a day outside its days', () => {
  const head = 'Twelfth Plenary of the Council on Coastal Dunes\nAarhus, Denmark, 5-7 September 2028\n\n';
  const summary = (claims: MeetingClaim[]) =>
    claims.map((c) => `${c.title?.value} | ${days(c)?.start}..${days(c)?.end} | ${hours(c).join(',')}`);

  it.each([
    [
      'The Plenary will be preceded by a meeting of the Bureau on 4 September 2028.',
      'Meeting of the Bureau | 2028-09-04..2028-09-04 | ',
    ],
    [
      'The Plenary will be preceded by regional consultations on Monday, 4 September 2028, from 10:00 to 17:00.',
      'Regional consultations | 2028-09-04..2028-09-04 | 2028-09-04 10:00-17:00',
    ],
    [
      'A briefing for first-time delegates will be held on 4 September 2028 at 15:00.',
      'Briefing for first-time delegates | 2028-09-04..2028-09-04 | 2028-09-04 15:00-',
    ],
    [
      'The Plenary will be followed by a field visit to the dune reserve on 8 September 2028.',
      'Field visit to the dune reserve | 2028-09-08..2028-09-08 | ',
    ],
  ])('%s', (line, other) => {
    const claims = read(head + line);
    expect(summary(claims)).toEqual([
      'Twelfth Plenary of the Council on Coastal Dunes | 2028-09-05..2028-09-07 | ',
      other,
    ]);
  });

  it.each([
    // Inside the meeting's days: part of it.
    'The Plenary will be followed by a press conference on 7 September 2028 at 18:00.',
    // A deadline is no event.
    'Registration for the field visit closes on 4 September 2028.',
    // A meal or a reception is no meeting.
    'The Plenary will be followed by a reception offered by the host city on 8 September 2028.',
  ])('leaves the meeting alone: %s', (line) => {
    const claims = read(head + line);
    expect(claims.map((c) => `${days(c)?.start}..${days(c)?.end}`)).toEqual(['2028-09-05..2028-09-07']);
  });
});

describe('a session said to open on one day and close on another', () => {
  it.each([
    [
      'The 41st session of the Council of the Reef Fund will open at 10:00 on Monday, 6 November 2028, in the Council Room, Apia, and is expected to close on Wednesday, 8 November 2028.',
      '2028-11-08',
    ],
    [
      'The session will be opened at 9 a.m. on Monday 6 November 2028 in Apia and will end on Friday 10 November 2028.',
      '2028-11-10',
    ],
    [
      "La session s'ouvrira le lundi 6 novembre 2028 à 10 heures à Apia et se terminera le vendredi 10 novembre 2028.",
      '2028-11-10',
    ],
    [
      'La sesión se inaugurará el lunes 6 de noviembre de 2028 a las 10:00 en Apia y concluirá el viernes 10 de noviembre de 2028.',
      '2028-11-10',
    ],
  ])('%s', (line, end) => {
    const [claim, ...rest] = read(`Council of the Reef Fund\n\n${line}\n`).filter((c) => days(c));
    expect(rest).toEqual([]);
    expect(days(claim)).toEqual({ start: '2028-11-06', end });
    expect(claim?.sessions[0]).toMatchObject({ date: '2028-11-06' });
  });

  it('an opening and a later day that is no closing stay apart', () => {
    const claims = read(
      'Council of the Reef Fund\n\nThe session will open at 10:00 on Monday, 6 November 2028. The report will be published on 20 November 2028.\n',
    );
    expect(claims.map((c) => days(c))).toEqual([{ start: '2028-11-06', end: '2028-11-06' }]);
  });
});

describe('a dated row of a table of meetings that says its own status', () => {
  const table = (rows: string[], header = '| Date | Time | Meeting | Room |') =>
    ['Programme of informal meetings', '', header, '|---|---|---|---|', ...rows].join('\n');
  const statusOf = (claims: MeetingClaim[], day: string) =>
    claims.find((c) => days(c)?.start === day)?.status?.value ?? 'scheduled';

  it.each([
    [
      '| Thu 9 November 2028 | 10:00-13:00 | Consultations on the fisheries text (cancelled) | Room 2 |',
      'cancelled',
    ],
    ['| Thu 9 November 2028 | 10:00-13:00 | Briefing on the port survey - POSTPONED | Room 2 |', 'postponed'],
    ['| Thu 9 November 2028 | 10:00-13:00 | Briefing on the port survey [CANCELLED] | Room 2 |', 'cancelled'],
    ['| Thu 9 November 2028 | 10:00-13:00 | Briefing on the port survey | Cancelled |', 'cancelled'],
  ])('%s', (line, status) => {
    const claims = read(
      table(['| Tue 7 November 2028 | 15:00-18:00 | Consultations on the fisheries text | Room 2 |', line]),
    );
    expect(statusOf(claims, '2028-11-09')).toBe(status);
    expect(statusOf(claims, '2028-11-07')).toBe('scheduled');
    expect(claims.find((c) => days(c)?.start === '2028-11-09')?.title?.value).not.toMatch(/cancel|postpon/i);
  });

  it('under a status column', () => {
    const claims = read(
      [
        'Programme of informal meetings',
        '',
        '| Date | Meeting | Status |',
        '|---|---|---|',
        '| 7 November 2028 | Consultations on the fisheries text | Confirmed |',
        '| 9 November 2028 | Briefing on the port survey | Postponed |',
      ].join('\n'),
    );
    expect(statusOf(claims, '2028-11-07')).toBe('scheduled');
    expect(statusOf(claims, '2028-11-09')).toBe('postponed');
  });

  it('a name that only contains the word says nothing', () => {
    const claims = read(
      table(['| Thu 9 November 2028 | 10:00-13:00 | Briefing on cancelled ferry routes | Room 2 |']),
    );
    expect(statusOf(claims, '2028-11-09')).toBe('scheduled');
  });
});

describe('a list of days in one month, each after its weekday', () => {
  it.each([
    [
      'The Board of the Lakes Authority will meet on Tuesday 14 and Wednesday 15 December 2027 in Geneva, starting at 10 a.m.',
      ['2027-12-14', '2027-12-15'],
    ],
    [
      'The Board will meet on Monday 6, Tuesday 7 and Thursday 9 March 2028 in Lyon.',
      ['2028-03-06', '2028-03-07', '2028-03-09'],
    ],
    ['La Junta se reunirá el lunes 6 y el martes 7 de marzo de 2028 en Lima.', ['2028-03-06', '2028-03-07']],
  ])('%s', (line, list) => {
    const claims = read(`Board of the Lakes Authority\n\n${line}\n`);
    const all = claims.flatMap((c) => {
      const v = days(c);
      return v ? [v.start, v.end] : [];
    });
    expect(all).toContain(list[0]);
    expect(all).toContain(list[list.length - 1]);
  });

  it("the hour after the list is the first day's too", () => {
    const [claim] = read(
      'Board of the Lakes Authority\n\nThe Board will meet on Tuesday 14 and Wednesday 15 December 2027 in Geneva, starting at 10 a.m.\n',
    );
    expect(claim?.sessions[0]).toMatchObject({ date: '2027-12-14', start: '10:00' });
  });

  it('a weekday and a number that is no day of the list stay apart', () => {
    const claims = read(
      'Board of the Lakes Authority\n\nOn Tuesday 3 items and 14 December 2027 papers were tabled; the Board meets on 14 December 2027.\n',
    );
    expect(claims.map((c) => days(c)?.start)).not.toContain('2027-12-03');
  });
});

describe('a sentence about what comes before or after the meeting, inside its days', () => {
  it('gives the meeting no hours of the other event', () => {
    const [claim] = read(
      'Twelfth Plenary of the Council on Coastal Dunes\nAarhus, Denmark, 5-7 September 2028\n\nThe Plenary will be followed by a press conference on 7 September 2028 at 18:00.',
    );
    expect(days(claim)).toEqual({ start: '2028-09-05', end: '2028-09-07' });
    expect(hours(claim)).toEqual([]);
  });
});
