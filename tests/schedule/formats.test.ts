import { describe, expect, it } from 'vitest';
import { documentDateOrder } from '../../src/core/schedule/date-order.js';
import { findDates } from '../../src/core/schedule/dates.js';
import { extractClaims, type MeetingClaim } from '../../src/core/schedule/index.js';
import { findTimes } from '../../src/core/schedule/times.js';
import { venueFromText } from '../../src/core/schedule/venue.js';
import { source, textDoc } from './helpers.js';

/**
 * Formats of dates, times, zones and layouts that secretariats, councils, NGOs and projects
 * write, each in a short announcement of our own (invented bodies and addresses).
 */
function read(text: string, type: 'text' | 'markdown' = 'text'): MeetingClaim[] {
  return extractClaims(
    textDoc(text, type, { name: 'format.txt' }),
    source('format.txt', { seenAt: '2026-12-07T00:00:00Z' }),
  ).claims;
}

/** One line per dated claim: its days, its sessions, its zone. */
function summary(claims: MeetingClaim[]): string[] {
  return claims
    .filter((c) => c.dates)
    .map((c) => {
      const d = c.dates?.value;
      const days = d ? (d.start === d.end ? d.start : `${d.start}..${d.end}`) : 'no date';
      const times = c.sessions
        .filter((s) => s.start)
        .map((s) => `${s.start}${s.end ? `-${s.end}` : ''}`)
        .join(',');
      return [days, times, c.zone?.value.zone ?? ''].join(' | ');
    });
}

function days(text: string, order?: 'dmy' | 'mdy'): string[] {
  return findDates(text, order ? { order } : {}).mentions.map((m) => {
    const f = (d: { year?: number; month: number; day: number }) =>
      `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
    return m.start.day === m.end.day && m.start.month === m.end.month
      ? f(m.start)
      : `${f(m.start)}..${f(m.end)}`;
  });
}

describe('dates written in numbers only', () => {
  it('reads day first by default, month first when asked, and a number above 12 settles it', () => {
    expect(days('on 04/03/2027 at 10:00')).toEqual(['2027-03-04']);
    expect(days('on 03/04/2027 at 10:00', 'mdy')).toEqual(['2027-03-04']);
    expect(days('on 24/03/2027', 'mdy')).toEqual(['2027-03-24']);
    expect(days('on 3/24/2027', 'dmy')).toEqual(['2027-03-24']);
    expect(days('04-03-2027')).toEqual(['2027-03-04']);
    expect(days('2027/03/04')).toEqual(['2027-03-04']);
    expect(days('Tuesday, 3/9/27', 'mdy')).toEqual(['2027-03-09']);
    expect(days('from 04/03/2027 to 06/03/2027')).toEqual(['2027-03-04..2027-03-06']);
  });

  it('lets a weekday written before an ambiguous date choose the order', () => {
    // 4 March 2027 is a Thursday, 3 April 2027 a Saturday.
    expect(days('Thursday 3/4/2027', 'dmy')).toEqual(['2027-03-04']);
    expect(days('Thursday 4/3/2027', 'mdy')).toEqual(['2027-03-04']);
  });

  it('reads no date in document symbols, longer number runs or a school year', () => {
    expect(days('see E/2027/12/3 and A/81/123')).toEqual([]);
    expect(days('version 1/2/2027/3')).toEqual([]);
    expect(days('the 2026/27 budget')).toEqual([]);
    expect(days('call 555-12-2027')).toEqual([]);
  });

  it('takes the order from the document: a large day, named dates, a US place or zone, else day first (said so)', () => {
    expect(documentDateOrder('Deadline 24/03/2027; meeting 04/03/2027')).toEqual({ order: 'dmy' });
    expect(documentDateOrder('Meeting 03/04/2027 (see the notice of March 1, 2027)')).toEqual({
      order: 'mdy',
    });
    expect(documentDateOrder('Meeting 04/03/2027, after the 1 March 2027 notice')).toEqual({ order: 'dmy' });
    expect(documentDateOrder('Date: 3/4/2027\nLocation: City Hall, Austin, TX')).toEqual({ order: 'mdy' });
    expect(documentDateOrder('3/4/2027 at 6 p.m. ET')).toEqual({ order: 'mdy' });
    expect(documentDateOrder('04/03/2027 at the Town Hall, Nairobi')).toEqual({ order: 'dmy' });
    expect(documentDateOrder('04/03/2027 at the Town Hall').assumed).toMatch(/day first/);
    // A day and month without a year show the order too: "Posted 10-03-2007" above "Week of 10/29".
    expect(documentDateOrder('Posted 10-03-2007\nWeek of 10/22: calls\nWeek of 10/29: calls')).toEqual({
      order: 'mdy',
    });
    expect(documentDateOrder('Support 24/7. Meeting 04/03/2027 in Austin, TX')).toEqual({ order: 'mdy' });
  });

  it('dates a European and a US notice written in numbers', () => {
    expect(
      summary(
        read(
          'Regional Water Forum\n\nThe second meeting of the Technical Committee will be held on 04/03/2027 from 10:00 to 13:00 at the Town Hall, Nairobi, Kenya.',
        ),
      ),
    ).toEqual(['2027-03-04 | 10:00-13:00 | Africa/Nairobi']);
    expect(
      summary(
        read(
          'Board of Education\nRegular Meeting\nDate: 3/4/2027\nTime: 6:00 PM\nLocation: Board Auditorium, 4000 Lakeshore Drive, Austin, TX',
        ),
      ),
    ).toEqual(['2027-03-04 | 18:00 | America/Chicago']);
  });

  it('says when the order was only assumed', () => {
    const [claim] = read('Working group\n\nThe working group will meet on 04/03/2027 at 10:00 UTC.');
    expect(claim?.dates?.value.start).toBe('2027-03-04');
    expect(claim?.dates?.uncertain).toMatch(/04\/03\/2027.*day first/);
  });
});

function times(text: string): string[] {
  return findTimes(text).mentions.map((t) => {
    const f = (x: { hour: number; minute: number }) =>
      `${String(x.hour).padStart(2, '0')}:${String(x.minute).padStart(2, '0')}`;
    return t.end ? `${f(t.start)}-${f(t.end)}` : f(t.start);
  });
}

describe('month abbreviations', () => {
  it('reads Spanish abbreviations that are words elsewhere only in a date with its year', () => {
    expect(days('jueves 4 mar. 2027, 10:00 h')).toEqual(['2027-03-04']);
    expect(days('04-ago-2027')).toEqual(['2027-08-04']);
    expect(days('del 4 al 6 dic. 2027')).toEqual(['2027-12-04..2027-12-06']);
    expect(days('15 abr 2027')).toEqual(['2027-04-15']);
    expect(days('hace 3 ago')).toEqual([]);
    expect(days('vista al mar 4 veces')).toEqual([]);
  });
});

describe('clock times in other shapes', () => {
  it('reads a four-digit time with its unit ("1500 hrs"), not a duration in hours', () => {
    expect(times('The plenary will commence at 1500 hrs on 4 March')).toEqual(['15:00']);
    expect(times('at 0930hrs')).toEqual(['09:30']);
    expect(times('Briefing at 1400 hours')).toEqual(['14:00']);
    expect(times('volunteers gave 1500 hours of work')).toEqual([]);
    expect(times('the 2019 report')).toEqual([]);
  });

  it('gives the bare first hour of "9-10:30 a.m." the clock of its end', () => {
    expect(times('9-10:30 a.m.')).toEqual(['09:00-10:30']);
    expect(times('from 6 to 7:30 p.m.')).toEqual(['18:00-19:30']);
    expect(times('11-1:30 pm')).toEqual(['11:00-13:30']);
    expect(times('Tuesday 2-4 pm')).toEqual(['14:00-16:00']);
    // A number that belongs to something else is not the start.
    expect(times('Room 3 - 11:30 a.m.')).toEqual(['11:30']);
    expect(times('March 4 - 11:30 am')).toEqual(['11:30']);
  });

  it('dates a notice that gives its start in military hours', () => {
    expect(
      summary(
        read(
          'Regional Security Forum\n\nThe opening plenary will be held at 1500 hrs on 4 March 2027 at the Convention Centre, Nairobi.',
        ),
      ),
    ).toEqual(['2027-03-04 | 15:00 | Africa/Nairobi']);
  });
});

describe('venue lines in the languages of agenda headers', () => {
  it('places a labelled venue in a city of 100,000 people or more, named alone', () => {
    expect(
      summary(
        read(
          'Einladung Vorstandssitzung\n\nDatum: Dienstag, 9. März 2027\nUhrzeit: 18:30 Uhr\nOrt: Vereinsheim, Innsbruck',
        ),
      ),
    ).toEqual(['2027-03-09 | 18:30 | Europe/Vienna']);
    expect(
      summary(
        read(
          'Réunion du groupe de travail\n\nDate : 4 mars 2027\nHeure : 14h00 - 16h00\nLieu : Mairie de Nantes, salle du conseil',
        ),
      ),
    ).toEqual(['2027-03-04 | 14:00-16:00 | Europe/Paris']);
    expect(
      summary(
        read(
          'Reunión del Comité Técnico\n\nFecha: 4 de marzo de 2027\nHora: 10:00 a 12:00\nLugar: Sede de la Secretaría, Ciudad de México',
        ),
      ),
    ).toEqual(['2027-03-04 | 10:00-12:00 | America/Mexico_City']);
  });

  it('finds the city after a town hall in prose ("im Rathaus Leipzig")', () => {
    expect(
      summary(
        read(
          'Einladung zur Sitzung des Bauausschusses\n\nDie Sitzung findet am Mittwoch, den 10. März 2027, von 17:00 bis 19:00 Uhr im Rathaus Leipzig statt.',
        ),
      ),
    ).toEqual(['2027-03-10 | 17:00-19:00 | Europe/Berlin']);
  });

  it('reads no city in a room or hall named after one', () => {
    const small = { minPopulation: 100_000 };
    for (const room of [
      'Windsor Room, Hilton Hotel',
      'Independence Hall',
      'Lincoln Center',
      'Tours Room',
      'Nancy Smith Auditorium',
    ])
      expect(venueFromText(room, small)?.city).toBeUndefined();
    expect(venueFromText('Hotel Europa, Graz (Saal 2)', small)?.timeZone).toBe('Europe/Vienna');
    // Outside a venue label a city of that size is not enough.
    expect(venueFromText('Vereinsheim, Innsbruck')?.city).toBeUndefined();
  });
});

describe('zones written in French, Spanish and German', () => {
  it('reads "heure de Genève", "hora de Bogotá" and MEZ/MESZ as stated zones', () => {
    const zone = (text: string) => read(text)[0]?.zone?.value;
    expect(
      zone('Comité de pilotage\n\nRéunion le 4 mars 2027 à 15h00 (heure de Genève), en visioconférence.'),
    ).toMatchObject({
      zone: 'Europe/Zurich',
    });
    expect(
      zone(
        'Red de Municipios\n\nReunión virtual: jueves 4 mar. 2027, 10:00 h (hora de Bogotá), por Google Meet.',
      ),
    ).toMatchObject({
      zone: 'America/Bogota',
    });
    expect(
      zone('Sitzung des Beirats\n\nDie Sitzung findet am 4. März 2027 um 15 Uhr MEZ online statt.'),
    ).toMatchObject({
      zone: 'Europe/Paris',
    });
    expect(
      zone('Reunión\n\nLa reunión se realizará el 4 de marzo de 2027 a las 10:00 (hora de Ginebra).'),
    ).toMatchObject({
      zone: 'Europe/Zurich',
    });
  });
});

describe('dates that are no meeting, in any format', () => {
  it.each([
    'Public consultation\n\nPlease submit comments by 4 March 2027 to the secretariat.',
    'Public consultation\n\nPlease submit comments by 04/03/2027 to the secretariat.',
    'Note by the secretariat\n\nThis document, dated 2027-03-04, contains the revised draft text.',
    'Outcome of the meeting\n\nThe meeting held on 4 March 2027 adopted the work programme.',
    'Documents\n\nSee document E/2027/12/3 and the report contained in A/81/123.',
    'Call for nominations\n\nNominations must be received no later than 3/4/2027, 5:00 p.m. ET.',
  ])('%s', (text) => {
    expect(summary(read(text))).toEqual([]);
  });

  it('reads a time zone conversion table as one meeting, not one per city', () => {
    const text = [
      'Working Group call',
      '',
      'The call will be on 10 March 2027 at 14:00 UTC.',
      '',
      '| City | Local time |',
      '|------|-----------|',
      '| New York | 09:00 |',
      '| Tokyo | 23:00 |',
    ].join('\n');
    expect(summary(read(text, 'markdown'))).toEqual(['2027-03-10 | 14:00 | UTC']);
  });
});

describe('a label that names the next meeting', () => {
  it('reads "Next plenary: <ISO date>, <hours> UTC" and "Nächstes Treffen: Do., 4. März 2027, 18 Uhr"', () => {
    expect(
      summary(
        read(
          'Working Group on Open Data Standards\n\nNext plenary: 2027-03-04, 14:00-16:00 UTC, online (Zoom).',
        ),
      ),
    ).toEqual(['2027-03-04 | 14:00-16:00 | UTC']);
    expect(
      summary(read('Arbeitskreis Digitales\n\nNächstes Treffen: Do., 4. März 2027, 18 Uhr MEZ.')),
    ).toEqual(['2027-03-04 | 18:00 | Europe/Paris']);
  });
});
