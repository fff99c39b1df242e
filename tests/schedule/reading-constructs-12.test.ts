import { describe, expect, it } from 'vitest';
import { readAnnouncement } from '../../src/core/schedule/announcement.js';
import type { MeetingClaim } from '../../src/core/schedule/index.js';
import { emailDoc, lines, source, textDoc } from './helpers.js';

/** Constructs the development set does not show: own wording, invented bodies and places. */
function read(text: string): MeetingClaim[] {
  return readAnnouncement(textDoc(text, 'text', { name: 'notice.txt' }), source('notice.txt')).claims;
}

function sessions(claim: MeetingClaim | undefined): string[] {
  return (claim?.sessions ?? []).map((s) => `${s.date} ${s.start ?? ''}${s.end ? `-${s.end}` : ''}`);
}

describe('a length said as an adjective of the meeting', () => {
  it.each([
    [
      '"a 90-minute meeting"',
      'The secretariat invites you to a 90-minute meeting of the Working Group on Dune Restoration on Tuesday, 9 March 2027, starting at 14:00 CET.',
      '2027-03-09 14:00-15:30',
    ],
    [
      '"A 2-hour briefing"',
      'A 2-hour briefing on the draft work plan will be held on Monday, 8 February 2027 at 10:00 (Geneva time) in Room 23.',
      '2027-02-08 10:00-12:00',
    ],
    [
      '"a one-hour virtual meeting"',
      'The Bureau will hold a one-hour virtual meeting on 3 May 2027 at 13:00 UTC.',
      '2027-05-03 13:00-14:00',
    ],
    [
      '"a 45-minute informal consultation"',
      'The co-facilitators will hold a 45-minute informal consultation on the draft text on Friday 19 March 2027 at 11:30 a.m. in Conference Room 6, Nairobi.',
      '2027-03-19 11:30-12:15',
    ],
  ])('%s ends the session that long after its start', (_shape, text, session) => {
    expect(read(text).flatMap(sessions)).toEqual([session]);
  });

  it('gives no end from the length of a break or of a statement', () => {
    const claims = read(
      lines(
        'The Working Group on Dune Restoration will meet on Tuesday, 9 March 2027, starting at 14:00 CET.',
        'There will be a 15-minute coffee break, and 3-minute statements are requested.',
      ),
    );
    expect(claims.flatMap(sessions)).toEqual(['2027-03-09 14:00']);
  });
});

describe('"la réunion suivante", "la séance suivante", "la reunión siguiente": the next meeting, a meeting of its own', () => {
  it.each([
    [
      'French, "La réunion suivante aura lieu"',
      lines(
        'Le Conseil des pêches se réunira le mardi 6 avril 2027, de 10 h 00 à 12 h 00, à Genève.',
        '',
        'La réunion suivante aura lieu le jeudi 8 avril 2027, de 15 h 00 à 17 h 00.',
      ),
      ['2027-04-06 10:00-12:00', '2027-04-08 15:00-17:00'],
    ],
    [
      'French, "La séance suivante se tiendra"',
      lines(
        "La séance d'ouverture se tiendra le lundi 7 juin 2027 à 10 heures à Genève.",
        '',
        'La séance suivante se tiendra le mercredi 9 juin 2027 à 15 heures.',
      ),
      ['2027-06-07 10:00', '2027-06-09 15:00'],
    ],
    [
      'Spanish, "La reunión siguiente se celebrará"',
      lines(
        'La primera reunión del Grupo de Trabajo tendrá lugar el martes 4 de mayo de 2027 de 10:00 a 12:00 horas en Lima.',
        '',
        'La reunión siguiente se celebrará el jueves 6 de mayo de 2027 de 15:00 a 17:00 horas.',
      ),
      ['2027-05-04 10:00-12:00', '2027-05-06 15:00-17:00'],
    ],
  ])('%s', (_shape, text, expected) => {
    const claims = read(text);
    expect(claims).toHaveLength(2);
    expect(claims.map(sessions)).toEqual(expected.map((s) => [s]));
    expect(claims.map((c) => c.dates?.value.start)).toEqual(expected.map((s) => s.slice(0, 10)));
  });
});

describe('a move to another room alone', () => {
  it.each([
    [
      '"has been moved to Room XVII, Palais des Nations, Geneva"',
      lines(
        'Subject: Change of room – Bureau meeting, 14 April 2027',
        '',
        'Please note that the Bureau meeting on Wednesday, 14 April 2027, from 10:00 to 12:00, has been moved to Room XVII, Palais des Nations, Geneva. The time remains unchanged.',
      ),
      'Room XVII, Palais des Nations',
    ],
    [
      '"has moved to Conference Room 4"',
      lines(
        'Subject: Venue change: Workshop on water accounting, 22 June 2027',
        '',
        'Please note that the workshop on 22 June 2027 has moved to Conference Room 4, Vienna International Centre, Vienna.',
      ),
      'Conference Room 4',
    ],
  ])('%s is a venue with that room, never a rescheduled meeting', (_shape, text, building) => {
    const [claim, ...rest] = read(text);
    expect(rest).toEqual([]);
    expect(claim?.correction).toBeUndefined();
    expect(claim?.changedFrom).toBeUndefined();
    expect(claim?.venue?.value.building ?? '').toContain(building);
  });

  it('a move to another day still reschedules', () => {
    const [claim] = read(
      'Please note that the Bureau meeting of Wednesday, 14 April 2027 has been moved to Thursday, 15 April 2027, in Room XVII, Palais des Nations, Geneva.',
    );
    expect(claim?.correction?.value).toBe('rescheduled');
  });
});

describe('a subject that names the body in full over a body that shortens it', () => {
  it('keeps the fuller name of the plain-text "Subject:" line', () => {
    const claims = read(
      lines(
        'Subject: Second meeting of the Open-ended Intergovernmental Expert Group on Peatland Carbon Accounting',
        '',
        'Dear colleagues,',
        '',
        'The second meeting of the Expert Group will be held on 20 and 21 January 2027 from 10:00 to 17:00 in Rome.',
      ),
    );
    expect(claims).toHaveLength(1);
    expect(claims[0]?.title?.value).toBe(
      'Second meeting of the Open-ended Intergovernmental Expert Group on Peatland Carbon Accounting',
    );
    expect(claims[0]?.dates?.value).toEqual({ start: '2027-01-20', end: '2027-01-21' });
  });

  it("keeps the fuller name of the body's sentence under a shorter e-mail subject", () => {
    const doc = emailDoc(
      lines(
        'Dear colleagues,',
        '',
        'The third meeting of the Open-ended Intergovernmental Expert Group on Peatland Carbon Accounting will be held on 3 March 2027 from 10:00 to 13:00 in Rome.',
      ),
      { subject: 'Third meeting of the Expert Group', from: 'secretariat@example.org' },
    );
    const claims = readAnnouncement(doc, source('notice.eml')).claims;
    expect(claims.map((c) => c.title?.value)).toEqual([
      'Third meeting of the Open-ended Intergovernmental Expert Group on Peatland Carbon Accounting',
    ]);
  });

  it('keeps two bodies told apart by a numeral apart', () => {
    const claims = read(
      lines(
        'Subject: Second meeting of Working Group II',
        '',
        'The second meeting of Working Group II will be held on 20 January 2027 in Rome.',
        'The second meeting of the Working Group III will be held on 27 January 2027 in Rome.',
      ),
    );
    expect(claims.map((c) => c.dates?.value.start).sort()).toEqual(['2027-01-20', '2027-01-27']);
  });
});

describe('French "de" after a comma', () => {
  it('is never the country code of Germany', () => {
    const [claim] = read('La réunion se tiendra le mardi 6 avril 2027, de 10 h 00 à 12 h 00.');
    expect(claim?.sessions.map((s) => s.start)).toEqual(['10:00']);
    expect(claim?.venue).toBeUndefined();
    expect(claim?.zone).toBeUndefined();
  });
});

describe('a list of numbered sessions, each with its days and its city', () => {
  it.each([
    ['cells between bars', ' | '],
    ['columns aligned with spaces', '    '],
    ['columns split by tabs', '\t'],
  ])('%s: each row its own meeting, its days a range, its place its own', (_shape, sep) => {
    const claims = read(
      lines(
        ['Session', 'Dates', 'Venue'].join(sep),
        ['First session', '12–16 April 2027', 'Lisbon'].join(sep),
        ['Second session', '4–8 October 2027', 'Bangkok'].join(sep),
        ['Third session', '7–11 February 2028', 'Addis Ababa'].join(sep),
      ),
    );
    expect(
      claims.map((c) => [c.title?.value, c.dates?.value.start, c.dates?.value.end, c.venue?.value.city]),
    ).toEqual([
      ['First session', '2027-04-12', '2027-04-16', 'Lisbon'],
      ['Second session', '2027-10-04', '2027-10-08', 'Bangkok'],
      ['Third session', '2028-02-07', '2028-02-11', 'Addis Ababa'],
    ]);
  });

  it('"Session 1 - 8 June 2027" still counts the session, not the days', () => {
    const [claim] = read('Session 1 - 8 June 2027, 10:00-12:00 CEST, Lisbon');
    expect(claim?.dates?.value).toEqual({ start: '2027-06-08', end: '2027-06-08' });
  });
});

describe('hours said of the sittings in the plural', () => {
  it.each([
    [
      'English, "Sessions will run from ... and from ..."',
      'The Committee will meet from 28 June to 1 July 2027 in Santiago. Sessions will run from 9:30 to 13:00 and from 15:00 to 18:00.',
    ],
    [
      'Spanish, "Las sesiones se realizarán de ... horas"',
      'La Comisión se reunirá del 28 de junio al 1 de julio de 2027 en Santiago. Las sesiones se realizarán de 9:30 a 13:00 horas y de 15:00 a 18:00 horas.',
    ],
    [
      'French, "Les séances se tiendront de ... heures"',
      'Le Comité se réunira du 28 juin au 1er juillet 2027 à Santiago. Les séances se tiendront de 9 h 30 à 13 heures et de 15 heures à 18 heures.',
    ],
  ])('%s gives each day of the meeting its hours', (_shape, text) => {
    const [claim, ...rest] = read(text);
    expect(rest).toEqual([]);
    expect(sessions(claim)).toEqual(
      ['2027-06-28', '2027-06-29', '2027-06-30', '2027-07-01'].map((d) => `${d} 09:30-18:00`),
    );
  });

  it('one day: its one session', () => {
    const [claim] = read(
      'La reunión se celebrará el 28 de junio de 2027 en Santiago. Las sesiones se realizarán de 9:30 a 13:00 horas.',
    );
    expect(sessions(claim)).toEqual(['2027-06-28 09:30-13:00']);
  });
});

describe('"se reunirá", "se réuniront": a body that will meet, in Spanish and French', () => {
  it.each([
    ['La Comisión de Estadística se reunirá el 14 de septiembre de 2027 en Quito.', '2027-09-14'],
    ['Los expertos se reunirán el 14 de septiembre de 2027 en Quito.', '2027-09-14'],
    ['Les experts se réuniront le 14 septembre 2027 à Quito.', '2027-09-14'],
  ])('%s', (text, day) => {
    expect(read(text).map((c) => c.dates?.value.start)).toEqual([day]);
  });
});

describe('a title without the words of the message around it', () => {
  it.each([
    ['Subject: Re-scheduled: Steering Committee call', 'Steering Committee call'],
    [
      'Subject: Reminder: Informal meeting on the review mechanism – tomorrow, 2 March 2027',
      'Informal meeting on the review mechanism',
    ],
    ['Subject: Change of room – Bureau meeting, 2 March 2027', 'Bureau meeting'],
    ['Subject: Venue change: Workshop on water accounting', 'Workshop on water accounting'],
  ])('%s', (subject, title) => {
    const claims = read(
      lines(subject, '', 'The meeting will be held on Tuesday 2 March 2027 from 15:00 to 16:30 CET.'),
    );
    expect(claims.map((c) => c.title?.value)).toEqual([title]);
  });

  it.each([
    [
      'The informal briefing for Member States will take place at noon on Friday, 5 March 2027, in Conference Room 2, Lisbon.',
      'Informal briefing for Member States',
    ],
    [
      'A 2-hour briefing on the draft work plan will be held on Monday, 8 February 2027 at 10:00 (Geneva time).',
      'Briefing on the draft work plan',
    ],
  ])('a sentence that holds a named meeting names it: %s', (text, title) => {
    expect(read(text).map((c) => c.title?.value)).toEqual([title]);
  });

  it('"The meeting will be held" names nothing', () => {
    expect(
      read('The meeting will be held on 4 May 2027 at 10:00 in Lisbon.').map((c) => c.title?.value),
    ).toEqual(['notice.txt']);
  });
});

describe('under a notice that calls a day off, a day said to go ahead', () => {
  it.each([
    'The consultations scheduled for Thursday, 20 May 2027 at 10:00 will go ahead as planned.',
    'The consultations of Thursday, 20 May 2027 at 10:00 remain scheduled.',
    'The consultations on Thursday, 20 May 2027 at 10:00 are not affected.',
  ])('is a meeting of its own, never cancelled: %s', (ahead) => {
    const claims = read(
      lines(
        'Subject: Informal consultations on the draft resolution – 18 May – CANCELLED',
        '',
        'Please be advised that the informal consultations on the draft resolution scheduled for Tuesday, 18 May 2027 at 10:00 in Conference Room 3, Lisbon, are cancelled.',
        ahead,
      ),
    );
    expect(claims.map((c) => [c.dates?.value.start, c.status?.value, c.title?.value])).toEqual([
      ['2027-05-18', 'cancelled', 'Informal consultations on the draft resolution'],
      ['2027-05-20', undefined, 'Informal consultations on the draft resolution'],
    ]);
  });

  it('without a day called off, the meeting that goes ahead is the one meeting', () => {
    const claims = read(
      'The informal consultations on Thursday, 20 May 2027 at 10:00 will go ahead as planned.',
    );
    expect(claims.map((c) => c.dates?.value.start)).toEqual(['2027-05-20']);
  });
});

describe('a zone said of all times in a plain title line', () => {
  it('"Programme of the workshop (all times CEST)" gives the zone of the programme below', () => {
    const [claim, ...rest] = read(
      lines(
        'Programme of the Intersessional Workshop on Mangroves (all times CEST)',
        '',
        'Wednesday 16 June 2027',
        '09:00–10:30  Opening',
        '11:00–12:30  Panel on restoration',
        '',
        'Thursday 17 June 2027',
        '09:00–12:30  Working groups',
      ),
    );
    expect(rest).toEqual([]);
    expect(claim?.zone?.value.zone).toBe('Europe/Paris');
    expect(claim?.title?.value).toBe('Programme of the Intersessional Workshop on Mangroves');
  });
});

describe('a reminder whose only day is in its subject line', () => {
  it('takes the day and hours of the subject when the body gives none', () => {
    const [claim] = read(
      lines(
        'Subject: Reminder – Technical webinar on tide gauges, Thursday 10 June 2027, 16:00-17:30 CEST',
        '',
        'Register here: https://example.org/register',
      ),
    );
    expect(claim?.title?.value).toBe('Technical webinar on tide gauges');
    expect(sessions(claim)).toEqual(['2027-06-10 16:00-17:30']);
    expect(claim?.zone?.value.zone).toBe('Europe/Paris');
  });

  it('never when the body dates the meeting, nor from a subject without hours', () => {
    const dated = read(
      lines(
        'Subject: Technical webinar, Thursday 10 June 2027, 16:00-17:30 CEST',
        '',
        'The webinar has been moved to Friday 11 June 2027 at 16:00 CEST.',
      ),
    );
    expect(dated.map((c) => c.dates?.value.start)).toEqual(['2027-06-11']);
    const noHours = read(
      lines('Subject: Re: Minutes of the call of 3 June 2027', '', 'Please find them attached.'),
    );
    expect(noHours.flatMap(sessions)).toEqual([]);
    expect(noHours.map((c) => c.dates)).toEqual([undefined]);
  });
});

describe('a move between two days, each with its hours', () => {
  it.each([
    'The coordination call originally scheduled for Monday 8 March 2027 at 15:00 CET has been moved to Wednesday 10 March 2027 at 16:00 CET.',
    'The coordination call has been moved from Monday 8 March 2027 at 15:00 CET to Wednesday 10 March 2027 at 16:00 CET.',
    'The coordination call of Monday 8 March 2027 at 15:00 CET has been postponed to Wednesday 10 March 2027 at 16:00 CET.',
    'The coordination call will take place on Wednesday 10 March 2027 at 16:00 CET (instead of 8 March at 15:00).',
  ])('is the new day at its new hour, the old day kept as what changed: %s', (text) => {
    const [claim, ...rest] = read(text);
    expect(rest).toEqual([]);
    expect(sessions(claim)).toEqual(['2027-03-10 16:00']);
    expect(claim?.changedFrom?.value.dates).toEqual({ start: '2027-03-08', end: '2027-03-08' });
    expect(claim?.correction?.value).toBe('rescheduled');
  });

  it('a range read as a move keeps the hours after it', () => {
    const [claim] = read(
      'The coordination call has been moved from 8 March 2027 to 10 March 2027 at 16:00 CET.',
    );
    expect(sessions(claim)).toEqual(['2027-03-10 16:00']);
  });
});

describe('"se llevará a cabo": Spanish for "will take place"', () => {
  it('dates the meeting', () => {
    const [claim] = read(
      'Por la presente se informa que el taller regional sobre estadísticas de pesca y acuicultura para los países de la región andina y del Caribe se llevará a cabo el 7 de octubre de 2027, de 10:00 a 13:00 horas (hora de Bogotá), en modalidad virtual.',
    );
    expect(sessions(claim)).toEqual(['2027-10-07 10:00-13:00']);
  });
});

describe('more words of the message around a title', () => {
  it.each([
    ['Subject: Cancellation – Expert meeting on reef monitoring', 'Expert meeting on reef monitoring'],
    ['Subject: Virtual briefing – 4 February 2027, 8:00–9:30 a.m. EST / 14:00–15:30 CET', 'Virtual briefing'],
  ])('%s', (subject, title) => {
    const claims = read(
      lines(subject, '', 'The meeting will be held on Thursday 4 February 2027 from 8:00 to 9:30 a.m. EST.'),
    );
    expect(claims.map((c) => c.title?.value)).toEqual([title]);
  });
});

describe('a meeting held in a room and online', () => {
  it.each([
    [
      'The consultations will be held on Thursday, 24 June 2027, at 11:00 (New York time), in Conference Room 1 and online.',
      'Conference Room 1',
    ],
    [
      'The briefing will be held on 4 May 2027 at 10:00 in person at Room C-2, and online via Webex.',
      'Room C-2',
    ],
  ])('is hybrid, the room its building: %s', (text, room) => {
    const [claim] = read(text);
    expect(claim?.venue?.value.mode).toBe('hybrid');
    expect(claim?.venue?.value.building).toBe(room);
  });

  it('online alone stays remote', () => {
    const [claim] = read('The briefing will be held on 4 May 2027 at 10:00 CEST online via Webex.');
    expect(claim?.venue?.value.mode).toBe('remote');
  });
});

describe('a meeting brought forward or pushed back from one day to another', () => {
  it.each([
    ['brought forward', 'from 18 November to 16 November 2027', '2027-11-16'],
    ['pushed back', 'from 18 November to 25 November 2027', '2027-11-25'],
  ])('"%s %s" is the new day, the old kept', (verb, span, day) => {
    const [claim] = read(
      lines(
        'Subject: Change of date: Advisory Group meeting (new date)',
        '',
        `Please note that the Advisory Group meeting has been ${verb} ${span}. It will be held from 10:00 to 13:00 CET.`,
      ),
    );
    expect(claim?.title?.value).toBe('Advisory Group meeting');
    expect(claim?.dates?.value).toEqual({ start: day, end: day });
    expect(claim?.changedFrom?.value.dates).toEqual({ start: '2027-11-18', end: '2027-11-18' });
    expect(sessions(claim)).toEqual([`${day} 10:00-13:00`]);
  });
});

describe('a meeting already held that a sentence only cites', () => {
  it.each([
    'As agreed at our last call on 2 March 2027, the next Bureau call will take place on Thursday 11 March 2027, from 12 noon to 1.30 p.m. CET.',
    'Following the meeting held on 2 March 2027, the Bureau will reconvene on Thursday 11 March 2027, from 12 noon to 1.30 p.m. CET.',
  ])('is no meeting: %s', (text) => {
    const claims = read(text);
    expect(claims.map((c) => c.dates?.value.start)).toEqual(['2027-03-11']);
    expect(claims.flatMap(sessions)).toEqual(['2027-03-11 12:00-13:30']);
  });
});

describe('one part of a day called off while another is held', () => {
  it('does not cancel the meeting, and says which part is off', () => {
    const result = readAnnouncement(
      textDoc(
        'The afternoon session of the plenary on 22 April 2027 has been cancelled. The morning session (10:00–13:00) will be held as scheduled in the Assembly Hall, Nairobi.',
        'text',
        { name: 'notice.txt' },
      ),
      source('notice.txt'),
    );
    expect(result.claims.map((c) => [c.dates?.value.start, c.status?.value])).toEqual([
      ['2027-04-22', undefined],
    ]);
    expect(result.diagnostics.map((d) => d.code)).toContain('schedule.part-cancelled');
  });

  it('the whole day called off is still cancelled', () => {
    const claims = read(
      'The plenary on 22 April 2027 has been cancelled. We apologise for the inconvenience.',
    );
    expect(claims.map((c) => c.status?.value)).toEqual(['cancelled']);
  });
});

describe('a forum postponed, with its webinar held as planned', () => {
  it('the forum is postponed, the webinar a meeting of its own under its own name', () => {
    const claims = read(
      lines(
        'Subject: Postponement – Regional Forum on Migration',
        '',
        'Owing to the situation, the Regional Forum on Migration, which was to be held in Dakar on 14–15 June 2027, is postponed.',
        '',
        'The pre-forum webinar on 2 June 2027 at 14:00 GMT will take place as planned.',
      ),
    );
    expect(claims.map((c) => [c.title?.value, c.dates?.value.start, c.status?.value])).toEqual([
      ['Regional Forum on Migration', '2027-06-14', 'postponed'],
      ['Pre-forum webinar', '2027-06-02', undefined],
    ]);
  });
});

describe('an offset written with its minutes after the hours', () => {
  it.each([
    ['4 May 2027, 09:00-10:30 UTC+02:00', '2027-05-04 09:00-10:30', 'UTC+2'],
    ['4 May 2027 at 09:00 GMT+02:00', '2027-05-04 09:00', 'UTC+2'],
    ['4 May 2027 at 09:00 (UTC-05:00)', '2027-05-04 09:00', 'UTC-5'],
  ])('"%s" is that zone, its "02:00" no clock time', (when, session, zone) => {
    const [claim] = read(`The webinar is scheduled for ${when}.`);
    expect(sessions(claim)).toEqual([session]);
    expect(claim?.zone?.value.zone).toBe(zone);
  });
});

describe('"starts at" before the day', () => {
  it('"The session starts at 9.30 am on 4 May 2027" gives its start', () => {
    expect(read('The session starts at 9.30 am on 4 May 2027 in Vienna.').flatMap(sessions)).toEqual([
      '2027-05-04 09:30',
    ]);
  });
});

describe('a call called off, and the next one announced', () => {
  it('the call of the day called off is cancelled, the next one is not', () => {
    const claims = read(
      lines(
        'Subject: Cancelled: Monthly call – 7 July',
        '',
        'Hi all,',
        '',
        "We're cancelling this month's call (7 July 2027) as many members are on leave. Our next call will be on 4 August 2027 at 15:00 UTC.",
      ),
    );
    expect(claims.map((c) => [c.dates?.value.start, c.status?.value])).toEqual([
      ['2027-07-07', 'cancelled'],
      ['2027-08-04', undefined],
    ]);
  });

  it('under a cancelled subject, "our next call will be on ..." is never cancelled', () => {
    const claims = read(
      lines('Subject: CANCELLED – Monthly call', '', 'Our next call will be on 4 August 2027 at 15:00 UTC.'),
    );
    expect(claims.filter((c) => c.dates?.value.start === '2027-08-04').map((c) => c.status?.value)).toEqual([
      undefined,
    ]);
  });

  it('"The next call on 4 August is cancelled" is', () => {
    const claims = read(
      lines('Subject: CANCELLED – Monthly call', '', 'The next call on 4 August 2027 is cancelled.'),
    );
    expect(claims.map((c) => [c.dates?.value.start, c.status?.value])).toEqual([['2027-08-04', 'cancelled']]);
  });
});

describe('a public holiday named before the day the meeting moves to', () => {
  it('is no day of the meeting', () => {
    const claims = read(
      'Due to the public holiday on Monday, 5 April 2027, the weekly coordination call will exceptionally take place on Tuesday, 6 April 2027, at the usual time (14:00 UTC).',
    );
    expect(claims.map((c) => c.dates?.value.start)).toEqual(['2027-04-06']);
    expect(claims.flatMap(sessions)).toEqual(['2027-04-06 14:00']);
  });
});

describe('"hybride", "híbrida": a hybrid meeting in French and Spanish', () => {
  it.each([
    'Le Bureau se réunira le jeudi 4 novembre 2027 de 14 h 30 à 16 h 30 (heure de Genève), en format hybride (Palais des Nations, Genève, et en ligne).',
    'La reunión se celebrará el 4 de noviembre de 2027 de 14:00 a 16:00 horas en modalidad híbrida (Santiago y en línea).',
  ])('%s', (text) => {
    expect(read(text).map((c) => c.venue?.value.mode)).toEqual(['hybrid']);
  });
});
