import { describe, expect, it } from 'vitest';
import { readAnnouncement } from '../../src/core/schedule/announcement.js';
import { diffSchedules, extractClaims, type MeetingClaim, reconcile } from '../../src/core/schedule/index.js';
import { lines, source, textDoc } from './helpers.js';

/** Constructs the development set does not show: own wording, invented bodies and places. */
function read(text: string): MeetingClaim[] {
  return readAnnouncement(textDoc(text, 'text', { name: 'notice.txt' }), source('notice.txt')).claims;
}

function sessions(claim: MeetingClaim | undefined): string[] {
  return (claim?.sessions ?? []).map((s) => `${s.date} ${s.start ?? ''}${s.end ? `-${s.end}` : ''}`);
}

function onDay(claims: MeetingClaim[], day: string): MeetingClaim | undefined {
  return claims.find((c) => c.dates?.value.start === day);
}

describe('a later meeting "at the same time and place" as the one named before it', () => {
  it.each([
    [
      'a round of talks, then "same time and place"',
      'The mediators will convene the first round of talks on Wednesday, 3 March 2027, from 2 p.m. to 5 p.m. in Conference Room 11, UN Headquarters, New York. A second round is scheduled for 10 March 2027, same time and place.',
      '2027-03-10 14:00-17:00',
      'Conference Room 11',
    ],
    [
      'a session, then "at the same time and in the same room"',
      'The working group will hold its third session on Monday 5 April 2027 from 14:00 to 17:00 in Room 7, Palais des Nations, Geneva. The fourth session will be held on 12 April 2027, at the same time and in the same room.',
      '2027-04-12 14:00-17:00',
      'Room 7',
    ],
    [
      'lines of a programme, "same time, same room"',
      lines(
        'Harbour Panel: calendar of hearings',
        '',
        'First hearing: Tuesday 2 February 2027, 09:30-11:00, Hall B, Rotterdam',
        'Second hearing: Tuesday 16 February 2027, same time, same room',
      ),
      '2027-02-16 09:30-11:00',
      'Hall B',
    ],
  ])('%s', (_shape, text, session, building) => {
    const claims = read(text);
    const later = onDay(claims, session.slice(0, 10));
    expect(sessions(later)).toEqual([session]);
    expect(later?.venue?.value.building ?? '').toContain(building);
  });

  it('"même heure et même lieu" and "misma hora y lugar" read the same way', () => {
    const fr = read(
      lines(
        'Groupe des pêches : calendrier',
        '',
        'Première consultation : mardi 6 avril 2027, 10h00-12h00, salle 4, Palais des Nations, Genève',
        'Deuxième consultation : mardi 13 avril 2027, même heure et même lieu',
      ),
    );
    expect(sessions(onDay(fr, '2027-04-13'))).toEqual(['2027-04-13 10:00-12:00']);
    const es = read(
      lines(
        'Grupo de pesca: calendario',
        '',
        'Primera consulta: martes 6 de abril de 2027, 10:00-12:00, Sala 4, Palacio de las Naciones, Ginebra',
        'Segunda consulta: martes 13 de abril de 2027, misma hora y lugar',
      ),
    );
    expect(sessions(onDay(es, '2027-04-13'))).toEqual(['2027-04-13 10:00-12:00']);
    expect(onDay(es, '2027-04-13')?.venue?.value.building).toContain('Sala 4');
  });

  it('"same time" gives the hours only, "at the same venue" the venue of the last meeting that named one', () => {
    const claims = read(
      lines(
        'Harbour Panel: calendar',
        '',
        'First hearing: Tuesday 2 February 2027, 09:30-11:00 CET, Hall B, Rotterdam',
        'Second hearing: Tuesday 9 February 2027, same time',
        'Third hearing: Tuesday 16 February 2027, 14:00-15:00, at the same venue',
      ),
    );
    const second = onDay(claims, '2027-02-09');
    expect(sessions(second)).toEqual(['2027-02-09 09:30-11:00']);
    expect(second?.venue).toBeUndefined();
    const third = onDay(claims, '2027-02-16');
    expect(sessions(third)).toEqual(['2027-02-16 14:00-15:00']);
    expect(third?.venue?.value.building).toBe('Hall B');
  });

  it('a meeting "in the same room" keeps its own hours', () => {
    const claims = read(
      'The mediators will convene the first round of talks on Monday 7 June 2027 from 10:00 to 12:00 in Room 2, Palais des Nations, Geneva. The second round will be held on Tuesday 8 June 2027 from 15:00 to 18:00 in the same room.',
    );
    const second = onDay(claims, '2027-06-08');
    expect(sessions(second)).toEqual(['2027-06-08 15:00-18:00']);
    expect(second?.venue?.value.building).toContain('Room 2');
  });
});

describe('a date said to be tentative stays a meeting and says it is tentative', () => {
  it.each([
    [
      'tentatively scheduled',
      'A second round is tentatively scheduled for 10 March 2027, same time and place.',
    ],
    [
      'provisionally scheduled',
      'A second round is provisionally scheduled for 10 March 2027, same time and place.',
    ],
    ['(tentative)', 'A second round will take place on 10 March 2027 (tentative), same time and place.'],
  ])('%s', (_shape, second) => {
    const text = `The mediators will convene the first round of talks on Wednesday, 3 March 2027, from 2 p.m. to 5 p.m. in Conference Room 11, UN Headquarters, New York. ${second}`;
    const doc = textDoc(text, 'text', { name: 'notice.txt' });
    const { claims, diagnostics } = extractClaims(doc, source('notice.txt'));
    const later = onDay(claims, '2027-03-10');
    expect(later).toBeDefined();
    expect(later?.status?.value ?? 'scheduled').toBe('scheduled');
    expect(later?.dates?.uncertain ?? '').toMatch(/tentative/i);
    expect(diagnostics.some((d) => d.code === 'schedule.tentative' && d.severity === 'info')).toBe(true);
    // The first round is firm.
    expect(onDay(claims, '2027-03-03')?.dates?.uncertain ?? '').not.toMatch(/tentative/i);
  });
});

describe('a room named without a city is the venue, and a change of room gives the new one', () => {
  it.each([
    [
      'after "in"',
      'The panel will meet on Tuesday 4 May 2027 from 10:00 to 11:30 CET in Room XIX.',
      'Room XIX',
    ],
    [
      'a numbered room',
      'The panel will meet on Tuesday 4 May 2027 from 10:00 to 11:30 CET in Meeting Room 12.',
      'Meeting Room 12',
    ],
    [
      'a venue label',
      lines(
        'Panel on Tides',
        '',
        'Date: Tuesday 4 May 2027',
        'Time: 10:00-11:30 CET',
        'Venue: Conference Room 4',
      ),
      'Conference Room 4',
    ],
    [
      '"Salle" in French',
      'Le groupe se réunira le mardi 4 mai 2027 de 10h00 à 11h30 (heure de Paris), Salle B.',
      'Salle B',
    ],
  ])('%s', (_shape, text, room) => {
    const claim = read(text)[0];
    expect(claim?.venue?.value.building).toBe(room);
    expect(claim?.venue?.value.city).toBeUndefined();
    expect(claim?.zone?.value.zone).toBe('Europe/Paris');
  });

  it.each([
    [
      '"in Room W instead of Room D"',
      'The briefing on Tuesday 4 May 2027 at 10:00 CET will now take place in Room W instead of Room D.',
    ],
    [
      '"moved from Room D to Room W"',
      'The briefing on Tuesday 4 May 2027 at 10:00 CET has been moved from Room D to Room W.',
    ],
    ['"Room W (was Room D)"', 'Briefing: Tuesday 4 May 2027, 10:00 CET, Room W (was Room D)'],
  ])('%s', (_shape, text) => {
    const venue = read(text)[0]?.venue?.value;
    expect(venue?.building).toBe('Room W');
    expect(venue?.formerRoom).toBe('Room D');
  });

  it('a room without a city keeps the zone of the place the notice names elsewhere', () => {
    const claims = read(
      lines(
        'Committee on Tides, Palais des Nations, Geneva',
        '',
        'Briefing: Tuesday 4 May 2027, 10:00-11:00, Room 12',
        'Plenary: Wednesday 5 May 2027, 10:00-13:00, Room 12',
      ),
    );
    expect(claims.map((c) => c.zone?.value.zone)).toEqual(['Europe/Zurich', 'Europe/Zurich']);
  });

  it('a later notice moving the meeting to another room keeps its city and reports the change', () => {
    const first = extractClaims(
      textDoc(
        'The Committee on Tides will meet on Tuesday 4 May 2027 from 10:00 to 12:00 in Room D, Palais des Nations, Geneva.',
        'text',
        { name: 'first.txt' },
      ),
      source('first.txt', { seenAt: '2027-04-01T08:00:00Z' }),
    ).claims;
    const second = extractClaims(
      textDoc(
        'The Committee on Tides will meet on Tuesday 4 May 2027 from 10:00 to 12:00 in Room W instead of Room D.',
        'text',
        { name: 'second.txt' },
      ),
      source('second.txt', { seenAt: '2027-04-20T08:00:00Z' }),
    ).claims;
    const before = reconcile(first);
    const after = reconcile([...first, ...second]);
    expect(after.meetings).toHaveLength(1);
    const meeting = after.meetings[0];
    expect(meeting?.venue?.building).toBe('Room W');
    expect(meeting?.venue?.city).toBe('Geneva');
    expect(meeting?.timeZone).toBe('Europe/Zurich');
    expect(diffSchedules(before, after).map((c) => c.kind)).toContain('venue-changed');
  });
});

describe('a notice heading without a date over dated meetings is no meeting of its own', () => {
  const notice = lines(
    'NOTICE',
    '',
    'Economic Commission for Coasts, 14th session',
    'Informal consultations on draft decision E/CC/14/L.3 "Coastal data"',
    '',
    'First informal: Tuesday 6 April 2027, 10:00-11:00, Room XII, Palais des Nations',
    'Second informal: Thursday 15 April 2027, 15:00-16:00, Room XII',
  );

  it('gives the two dated meetings only, in the zone of the building named on the first line', () => {
    const claims = read(notice);
    expect(claims.map((c) => c.dates?.value.start)).toEqual(['2027-04-06', '2027-04-15']);
    expect(claims.map((c) => c.zone?.value.zone)).toEqual(['Europe/Zurich', 'Europe/Zurich']);
    expect(claims.map(sessions)).toEqual([['2027-04-06 10:00-11:00'], ['2027-04-15 15:00-16:00']]);
  });

  it('titles each meeting by the subject of the heading and which one it is', () => {
    const titles = read(notice).map((c) => c.title?.value);
    expect(titles).toEqual([
      'Informal consultations on draft decision E/CC/14/L.3 "Coastal data" – First informal',
      'Informal consultations on draft decision E/CC/14/L.3 "Coastal data" – Second informal',
    ]);
  });

  it('a numbered meeting heading a list of its own dated sittings is not kept without a date', () => {
    const claims = read(
      lines(
        'Board of the Fund, 22nd meeting',
        '',
        'Opening sitting: Monday 3 May 2027, 10:00-13:00, Room 5, Palais des Nations, Geneva',
        'Closing sitting: Wednesday 5 May 2027, 15:00-18:00, Room 5, Palais des Nations, Geneva',
      ),
    );
    expect(claims.every((c) => c.dates !== undefined)).toBe(true);
  });
});

describe('a title from a lower-case noun phrase starts with a capital and keeps its "of ..."', () => {
  it.each([
    [
      'The mediators will convene the second round of informal talks on the fisheries text on Wednesday, 3 March 2027, from 2 p.m. to 5 p.m. in Conference Room 11, UN Headquarters, New York.',
      'Second round of informal talks',
    ],
    [
      'The secretariat will hold the third meeting of technical experts at 10:00 on Monday 8 March 2027 in Room 4, Palais des Nations, Geneva.',
      'Third meeting of technical experts',
    ],
  ])('%s', (text, title) => {
    expect(read(text)[0]?.title?.value).toBe(title);
  });

  it('a later round named in lower case is titled with a capital', () => {
    const claims = read(
      'The mediators will convene the first round of talks on Wednesday, 3 March 2027, from 2 p.m. to 5 p.m. in Conference Room 11, UN Headquarters, New York. A second round is scheduled for 10 March 2027, same time and place.',
    );
    expect(onDay(claims, '2027-03-10')?.title?.value).toBe('Second round');
  });
});
