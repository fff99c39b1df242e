import { describe, expect, it } from 'vitest';
import { readAnnouncement } from '../../src/core/schedule/announcement.js';
import { diffSchedules, type MeetingClaim, reconcile } from '../../src/core/schedule/index.js';
import { emailDoc, lines, source, textDoc } from './helpers.js';

/** Constructs seen in real announcements, in our own wording, with invented bodies and places. */
function readAll(text: string) {
  return readAnnouncement(textDoc(text, 'text', { name: 'notice.txt' }), source('notice.txt'));
}

function read(text: string): MeetingClaim[] {
  return readAll(text).claims;
}

function sessions(claim: MeetingClaim | undefined): string[] {
  return (claim?.sessions ?? []).map((s) => `${s.date} ${s.start ?? ''}${s.end ? `-${s.end}` : ''}`);
}

/** Every claim that gives a day: what a user would be alerted about. */
function dated(claims: MeetingClaim[]): MeetingClaim[] {
  return claims.filter((c) => c.dates !== undefined || c.sessions.length > 0);
}

describe('a question that proposes a time is no meeting', () => {
  it.each([
    ['Could we meet on Tuesday 9 March 2027 at 15:00 in Room 4, Lyon?'],
    ['Would 10:00 on 4 May 2027 suit everyone?'],
    ['Shall we hold the call on Friday 14 May 2027 at 11:00 CET? Let me know.'],
    ['How about Thursday 6 May 2027, 14:00-15:00 UTC for the follow-up call?'],
    ['Would it be possible to convene the drafting group on 21 June 2027 from 9:30 to 11:00?'],
    ['Are you all available on Monday 7 June 2027 at 16:00 for a short call?'],
    ['Is Tuesday 9 March 2027 at 15:00 OK for everyone?'],
    ['Any chance we could meet on Tuesday 9 March 2027 at 15:00?'],
    ["Why don't we meet on Tuesday 9 March 2027 at 15:00?"],
    ['Does Tuesday 9 March 2027 at 15:00 work for you?'],
    ['¿Les parece bien el martes 9 de marzo de 2027 a las 15:00?'],
    ['Le mardi 9 mars 2027 à 15h vous conviendrait-il ?'],
    ['Pourrions-nous nous réunir le mardi 9 mars 2027 à 15 heures à Lyon ?'],
    ['¿Podríamos reunirnos el martes 9 de marzo de 2027 a las 15:00 en Madrid?'],
    ['Könnten wir uns am Dienstag, 9. März 2027 um 15 Uhr in Berlin treffen?'],
  ])('"%s" gives no day and says it was only proposed', (question) => {
    const result = readAll(
      lines('Subject: Drafting group on the levy', '', 'Dear colleagues,', '', question),
    );
    expect(dated(result.claims)).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toContain('schedule.proposed-time');
  });

  it.each([
    ['Confirmed: we meet on Tuesday 9 March 2027 at 15:00 in Room 4, Lyon.'],
    ['Thanks all. The drafting group will meet on Tuesday 9 March 2027 at 15:00 in Room 4, Lyon.'],
  ])('the reply that settles it, "%s", is the meeting, above the quoted question', (reply) => {
    const claims = read(
      lines(
        'Subject: Re: Drafting group on the levy',
        '',
        reply,
        '',
        '> Could we meet on Tuesday 9 March 2027 at 15:00 in Room 4, Lyon?',
        '> Or would Wednesday 10 March 2027 at 10:00 suit everyone better?',
      ),
    );
    expect(dated(claims).map(sessions)).toEqual([['2027-03-09 15:00']]);
  });

  it('a proposal beside a decision leaves the decision', () => {
    const claims = read(
      lines(
        'Subject: Drafting group',
        '',
        'Could we meet on 9 March 2027 at 15:00? If not, the group will meet on 11 March 2027 at 10:00 in Lyon.',
      ),
    );
    expect(dated(claims).map(sessions)).toEqual([['2027-03-11 10:00']]);
  });

  it.each([
    ['Will the meeting on 11 March 2027 at 10:00 in Lyon be webcast?'],
    ['Can you attend the drafting group meeting on 11 March 2027 at 10:00 in Lyon?'],
    ['Is the meeting on 11 March 2027 at 10:00 in Lyon open to observers?'],
  ])('a question about a meeting already set, "%s", keeps it', (question) => {
    expect(dated(read(lines('Subject: Drafting group', '', question))).map(sessions)).toEqual([
      ['2027-03-11 10:00'],
    ]);
  });
});

describe('times offered to choose from', () => {
  it.each([
    [
      [
        'Would any of these suit everyone?',
        '- Tuesday 9 March 2027, 15:00',
        '- Wednesday 10 March 2027, 10:00',
      ],
    ],
    [
      [
        'Please indicate which of the following slots suit you:',
        '',
        '- Monday 8 March 2027, 14:00-15:00 UTC',
        '- Thursday 11 March 2027, 09:00-10:00 UTC',
        '',
        'Thanks!',
      ],
    ],
    [['Possible dates:', '8 March 2027, 14:00', '11 March 2027, 09:00']],
  ])('%j are no meetings', (body) => {
    const result = readAll(lines('Subject: Drafting group', '', ...body));
    expect(dated(result.claims)).toEqual([]);
    expect(result.diagnostics.filter((d) => d.code === 'schedule.proposed-time')).toHaveLength(2);
  });

  it('a list of the days decided is the meeting', () => {
    const claims = read(
      lines(
        'Subject: Drafting group',
        '',
        'The drafting group will meet on the following dates:',
        '- Monday 8 March 2027, 14:00-15:00 UTC',
        '- Thursday 11 March 2027, 09:00-10:00 UTC',
      ),
    );
    expect(dated(claims).flatMap(sessions)).toEqual(['2027-03-08 14:00-15:00', '2027-03-11 09:00-10:00']);
  });

  it('a sentence after the choices, in its own paragraph, is read as ever', () => {
    const claims = read(
      lines(
        'Subject: Drafting group',
        '',
        'Which of these options works best for you?',
        '- Monday 8 March 2027, 14:00-15:00 UTC',
        '- Thursday 11 March 2027, 09:00-10:00 UTC',
        '',
        'The plenary will meet on 15 March 2027 at 10:00 UTC.',
      ),
    );
    expect(dated(claims).map(sessions)).toEqual([['2027-03-15 10:00']]);
  });
});

describe('a thread that proposes a time, then confirms it', () => {
  const mail = (subject: string, date: string, ...body: string[]) =>
    readAnnouncement(emailDoc(lines(...body), { subject, date }), source(subject, { kind: 'email', date }))
      .claims;
  const question = mail(
    'Drafting group on the levy',
    '2027-03-01',
    'Dear colleagues,',
    '',
    'Could we meet on Tuesday 9 March 2027 at 15:00 in Room 4, Lyon? Or would Wednesday 10 March 2027 at 10:00 suit everyone better?',
  );
  const answer = mail(
    'Re: Drafting group on the levy',
    '2027-03-03',
    'Confirmed: we meet on Tuesday 9 March 2027 at 15:00 in Room 4, Lyon.',
  );

  it('the question alerts nobody; the confirmation adds the meeting once', () => {
    const none = reconcile([]);
    const asked = reconcile(question);
    const settled = reconcile([...question, ...answer]);
    expect(diffSchedules(none, asked)).toEqual([]);
    const added = diffSchedules(asked, settled);
    expect(added.map((c) => [c.kind, c.after])).toEqual([['added', expect.stringContaining('9 March 2027')]]);
    expect(settled.meetings.filter((m) => m.dates)).toHaveLength(1);
  });
});

describe('a labelled value followed by a sentence with its own time', () => {
  it.each([
    [
      'Subject: Dialogue on water',
      'Date: 4 May 2027, 10:00-12:00, Room B. Coffee from 9:30.',
      'Venue: Town Hall, Main Square, Glasgow. Light lunch will be served from 13:00.',
      '2027-05-04 10:00-12:00',
    ],
    [
      'Coastal Forum, second session',
      'Date: 4 May 2027, 10:00-12:00, Room B. Coffee from 9:30.',
      'Venue: Maritime Hall, 12 Dock Street, Glasgow. Light lunch will be served from 13:00.',
      '2027-05-04 10:00-12:00',
    ],
    [
      'Subject: Workshop on fisheries data',
      'When: Tuesday 8 June 2027, 14:00-17:00. Registration opens at 13:30.',
      'Where: FAO building, Rome.',
      '2027-06-08 14:00-17:00',
    ],
    [
      'Subject: Seminario sobre energía mareomotriz',
      'Fecha: 4 de mayo de 2027, 10:00-12:00, Sala B. Café a partir de las 9:30.',
      'Lugar: Palacio de Congresos, Madrid.',
      '2027-05-04 10:00-12:00',
    ],
  ])('under "%s", "%s" keeps its meeting and its hours', (title, when, where, session) => {
    const claims = read(lines(title, '', when, where));
    expect(dated(claims).map(sessions)).toEqual([[session]]);
  });

  it.each([
    ['Date: Tuesday 8 June 2027, 14:00-17:00; reception at 18:00.', '2027-06-08 14:00-17:00'],
    [
      'Date: Tuesday 8 June 2027 at 14:00. A reception follows at 18:00 in the same building.',
      '2027-06-08 14:00',
    ],
    ['Date: Tuesday 8 June 2027, 14:00-17:00 (coffee from 13:30)', '2027-06-08 14:00-17:00'],
  ])('"%s": the reception or the coffee is not the meeting', (when, session) => {
    const claims = read(lines('Regional Dialogue on Water', '', when, 'Venue: Town Hall, Lyon'));
    expect(dated(claims).map(sessions)).toEqual([[session]]);
  });

  it.each([
    ['Date: 4 May 2027, 10 a.m. until 12 p.m.', '2027-05-04 10:00-12:00'],
    ['Date: 4 May 2027, 10:00-12:00 CET. Interpretation in English and French.', '2027-05-04 10:00-12:00'],
  ])('"%s" keeps the meeting hours', (when, expected) => {
    const claims = read(lines('Regional Dialogue', '', when, 'Venue: Town Hall, Lyon'));
    expect(sessions(claims[0]).join('|')).toBe(expected);
  });

  it('the venue is the place, not the lunch after it', () => {
    const claims = read(
      lines(
        'Subject: Dialogue on water',
        '',
        'Date: 4 May 2027, 10:00-12:00',
        'Venue: Town Hall, Main Square, Glasgow. Light lunch will be served from 13:00.',
      ),
    );
    expect(claims[0]?.venue?.value.city).toBe('Glasgow');
    expect(claims[0]?.venue?.value.text).not.toContain('lunch');
  });

  it('a second sentence about the meeting itself still gives its end', () => {
    const claims = read(
      lines('Subject: Seminar on tidal energy', '', 'Date: 4 May 2027, 10:00. The session ends at 13:00.'),
    );
    expect(sessions(claims[0])).toEqual(['2027-05-04 10:00-13:00']);
  });

  it("a quoted message's header still dates the message, not a meeting", () => {
    const claims = read(
      lines(
        'From: Anna Berg',
        'Date: Mon, 3 May 2027 09:12',
        'Subject: Seminar on tidal energy',
        '',
        'The seminar will take place on 4 June 2027 at 10:00 in Lyon.',
      ),
    );
    expect(dated(claims).map(sessions)).toEqual([['2027-06-04 10:00']]);
  });
});

describe('a table row with a status but no day', () => {
  const table = (type: 'markdown' | 'text', ...rows: string[]) =>
    readAnnouncement(textDoc(lines(...rows), type, { name: 'programme' }), source('programme'));

  it.each([
    [
      'markdown' as const,
      ['# Schedule of meetings', '', '| Meeting | Date | Status |', '|---|---|---|'],
      '| Plenary | 4 May 2027 | confirmed |',
      '| Informal consultations | postponed | to be confirmed |',
      'Informal consultations',
      'postponed',
    ],
    [
      'markdown' as const,
      ['# Programme of work', '', '| Date | Meeting | Room |', '|---|---|---|'],
      '| 12 April 2027 | Bureau meeting | Room 3 |',
      '| cancelled | Expert panel on subsidies | - |',
      'Expert panel on subsidies',
      'cancelled',
    ],
    [
      'text' as const,
      ['Schedule of consultations', '', 'Date | Time | Consultation | Status'],
      '3 June 2027 | 10:00-13:00 | Vision draft | confirmed',
      '- | - | Action lines | postponed until further notice',
      'Action lines',
      'postponed',
    ],
    [
      'markdown' as const,
      ['# Calendario de reuniones', '', '| Reunión | Fecha | Estado |', '|---|---|---|'],
      '| Plenario | 4 de mayo de 2027 | confirmada |',
      '| Consultas informales | aplazada | por confirmar |',
      'Consultas informales',
      'postponed',
    ],
  ])(
    '%s: the row is the meeting, with its status and no day made up',
    (type, head, datedRow, row, title, status) => {
      const claims = table(type, ...head, datedRow, row).claims;
      const claim = claims.find((c) => c.title?.value === title);
      expect(claim?.status?.value).toBe(status);
      expect(claim?.dates).toBeUndefined();
      expect(claim?.sessions).toEqual([]);
      expect(claims).toHaveLength(2);
    },
  );

  it('a day still to be set is said, and the meeting has no day', () => {
    const result = table(
      'markdown',
      '# Programme of work',
      '',
      '| Date | Meeting | Room |',
      '|---|---|---|',
      '| 12 April 2027 | Bureau meeting | Room 3 |',
      '| TBC | Working group on fisheries | Room 5 |',
    );
    const claim = result.claims.find((c) => c.title?.value === 'Working group on fisheries');
    expect(claim).toBeDefined();
    expect(claim?.dates).toBeUndefined();
    expect(claim?.status).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toContain('schedule.day-to-be-set');
  });

  it('"Room TBD" leaves the room open, not the day', () => {
    const result = table(
      'markdown',
      '# Programme of work',
      '',
      '| Date | Meeting | Room |',
      '|---|---|---|',
      '| 12 April 2027 | Bureau meeting | Room 3 |',
      '| | Expert panel | Room TBD |',
    );
    expect(result.claims.map((c) => c.title?.value)).toEqual(['Bureau meeting']);
    expect(result.diagnostics.map((d) => d.code)).not.toContain('schedule.day-to-be-set');
  });

  it('a row without a day, a status or a day to be set gives nothing', () => {
    const claims = table(
      'markdown',
      '# Programme of work',
      '',
      '| Date | Meeting | Room |',
      '|---|---|---|',
      '| 12 April 2027 | Bureau meeting | Room 3 |',
      '| | Coffee corner | Room 5 |',
    ).claims;
    expect(claims.map((c) => c.title?.value)).toEqual(['Bureau meeting']);
  });

  it('the next revision of the table postpones the meeting it listed with a day', () => {
    const page = (row: string) =>
      readAnnouncement(
        textDoc(
          lines('# Schedule of meetings', '', '| Meeting | Date | Status |', '|---|---|---|', row),
          'markdown',
          {
            name: 'schedule',
          },
        ),
        source('schedule', { revisionKey: 'https://example.org/schedule' }),
      ).claims;
    const before = page('| Informal consultations | 11 May 2027 | confirmed |');
    const after = page('| Informal consultations | postponed | to be confirmed |');
    const changes = diffSchedules(reconcile(before), reconcile([...before, ...after]));
    expect(changes.map((c) => c.kind)).toEqual(['postponed']);
  });
});

describe('a hearing, said by its verb', () => {
  it.each([
    ['The Court will hear oral arguments in the case on 6 October 2027.', '2027-10-06', 'Court hearing'],
    [
      'The Panel will hear evidence from the ministry on Thursday 9 December 2027.',
      '2027-12-09',
      'Panel hearing',
    ],
    [
      'The Appeals Board will hear the appellant on Wednesday 3 March 2027 at 14:30, Room 5, Lisbon.',
      '2027-03-03',
      'Appeals Board hearing',
    ],
    [
      'The Committee will hear from civil society organizations on 20 May 2027 in New York.',
      '2027-05-20',
      'Committee hearing',
    ],
  ])('"%s" is a meeting on its day', (sentence, day, title) => {
    const claims = dated(read(lines(sentence, '')));
    expect(claims.map((c) => c.dates?.value.start)).toEqual([day]);
    expect(claims[0]?.title?.value).toBe(title);
  });

  it.each([
    [
      'The tribunal will hear the parties on 12 May 2027 at 10:00 in Courtroom 2, The Hague.',
      '2027-05-12 10:00',
    ],
    ['The tribunal will sit on 12 May 2027 in The Hague to hear the parties.', '2027-05-12'],
    ['Le tribunal entendra les parties le 12 mai 2027, salle 2, Paris.', '2027-05-12'],
    ['El tribunal oirá a las partes el 12 de mayo de 2027 en Madrid.', '2027-05-12'],
    ['Das Gericht wird die Parteien am 12. Mai 2027 in Berlin anhören.', '2027-05-12'],
  ])('"%s" is a meeting', (sentence, when) => {
    const claims = dated(read(lines(sentence, '')));
    expect(claims).toHaveLength(1);
    expect(sessions(claims[0]).length ? sessions(claims[0]) : [claims[0]?.dates?.value.start]).toEqual([
      when,
    ]);
  });

  it.each([
    ['You will hear from us by 4 May 2027.'],
    ['The Committee will hear the results on the radio on 4 May 2027.'],
  ])('"%s" is no hearing', (sentence) => {
    expect(dated(read(lines('Subject: Results', '', sentence)))).toEqual([]);
  });
});

describe('a time restated in another zone', () => {
  it.each([
    [
      'The working group will meet online on Thursday 6 May 2027 at 14:00 CEST, that is 08:00-10:00 EDT.',
      '2027-05-06 14:00',
      'Europe/Paris',
    ],
    [
      'The webinar will take place on 10 June 2027 from 15:00 to 16:30 CEST, i.e. 09:00-10:30 EDT.',
      '2027-06-10 15:00-16:30',
      'Europe/Paris',
    ],
    ['The consultation will be held on 3 March 2027 at 14:00 UTC, or 15:00 CET.', '2027-03-03 14:00', 'UTC'],
    [
      'La réunion aura lieu le 3 mars 2027 à 14h00 CET, soit 8h00 heure de New York.',
      '2027-03-03 14:00',
      'Europe/Paris',
    ],
    [
      'La reunión se celebrará el 3 de marzo de 2027 a las 14:00 CET, es decir, 8:00 en Nueva York.',
      '2027-03-03 14:00',
      'Europe/Paris',
    ],
  ])('"%s" keeps the first time, one session', (sentence, session, zone) => {
    const claims = dated(read(lines('Subject: Consultation', '', sentence)));
    expect(claims.map(sessions)).toEqual([[session]]);
    expect(claims[0]?.zone?.value.zone).toBe(zone);
  });

  it.each([
    ['The drafting team meets on Friday 7 May 2027 at 14:00 Geneva time (08:00 New York).', 'Europe/Zurich'],
    [
      'The call will be on 3 March 2027 at 14:00 Geneva time (8:00 a.m. in Washington, 22:00 in Tokyo).',
      'Europe/Zurich',
    ],
    [
      'La reunión se celebrará el 3 de marzo de 2027 a las 14:00 CET, es decir, 8:00 en Nueva York.',
      'Europe/Paris',
    ],
  ])('the places of "%s" say where the moment falls, not where the meeting is', (sentence, zone) => {
    const result = readAll(lines('Subject: Consultation', '', sentence));
    const claim = dated(result.claims)[0];
    expect(claim?.venue).toBeUndefined();
    expect(claim?.zone?.value.zone).toBe(zone);
    expect(result.diagnostics.map((d) => d.code)).not.toContain('schedule.zone-venue-mismatch');
  });

  it.each([
    ['The call will take place on 3 March 2027 at 15:00 CET, 9:00 EST, 6:00 PST.', '15:00', 'Europe/Paris'],
    [
      'The call will take place on 3 March 2027 at 14:00 Geneva time, 08:00 in New York and 22:00 in Tokyo.',
      '14:00',
      'Europe/Zurich',
    ],
  ])('a list of the same moment in other zones, "%s", is one time', (sentence, start, zone) => {
    const claims = dated(read(lines('Subject: Call', '', sentence)));
    expect(claims.map(sessions)).toEqual([[`2027-03-03 ${start}`]]);
    expect(claims[0]?.zone?.value.zone).toBe(zone);
    expect(claims[0]?.venue).toBeUndefined();
  });

  it('"and again at" a time of the same zone is a second time', () => {
    const claims = read(
      lines(
        'Subject: Call',
        '',
        'The call will take place on 3 March 2027 at 10:00 UTC, and again at 15:00 UTC.',
      ),
    );
    expect(sessions(claims[0]).join(' ')).toContain('15:00');
  });

  it('a venue after the restated time is still the venue', () => {
    const claims = read(
      lines(
        'Subject: Consultation',
        '',
        'The meeting will take place on 3 March 2027 at 14:00 CET, that is 08:00 EST, in Room 5, Palais des Nations, Geneva.',
      ),
    );
    expect(sessions(claims[0])).toEqual(['2027-03-03 14:00']);
    expect(claims[0]?.venue?.value.city).toBe('Geneva');
  });

  it('"or" between two times of one zone offers another time, never drops it as the same moment', () => {
    const claims = read(
      lines(
        'Subject: Consultation',
        '',
        'The meeting will be held on 3 March 2027 at 10:00 CET, or 15:00 CET.',
      ),
    );
    expect(sessions(claims[0]).join(' ')).toContain('15:00');
  });
});
