import { describe, expect, it } from 'vitest';
import { readAnnouncement } from '../../src/core/schedule/announcement.js';
import type { MeetingClaim } from '../../src/core/schedule/index.js';
import { source, textDoc } from './helpers.js';

/** Constructs of announcements in other bodies' styles. Own wording, invented events. */
function read(text: string, name = 'notice.txt'): MeetingClaim[] {
  return readAnnouncement(textDoc(text, 'text', { name }), source(name)).claims;
}

describe('a kind of event as the label of its name', () => {
  it.each([
    ['Webinar: Tidal energy for island grids', 'Webinar: Tidal energy for island grids'],
    ['Side event: Mangroves and coastal finance', 'Side event: Mangroves and coastal finance'],
    ['Expert meeting: Soil carbon accounting', 'Expert meeting: Soil carbon accounting'],
    ['Atelier : Données ouvertes et cadastre', 'Atelier : Données ouvertes et cadastre'],
  ])('"%s" names the meeting', (line, title) => {
    const [claim] = read(`${line}\n\nDate: Thursday 4 March 2027\nTime: 13:00-14:30 UTC\n`);
    expect(claim?.title?.value).toBe(title);
    expect(claim?.sessions[0]?.start).toBe('13:00');
  });

  it('a label that is no kind of event does not name it', () => {
    const [claim] = read(
      'Contact: Registry of the Board\n\nDate: Thursday 4 March 2027\nTime: 13:00-14:30 UTC\n',
    );
    expect(claim?.title?.value).not.toContain('Registry');
  });
});

describe('a kind of event as the label of a programme line', () => {
  it('"Briefing: Tuesday 4 May 2027, 10:00" gives the day and time, not a name', () => {
    const [claim] = read('Committee on Tides\n\nBriefing: Tuesday 4 May 2027, 10:00-11:00 CET, Room 12\n');
    expect(claim?.title?.value).toBe('Committee on Tides');
    expect(claim?.sessions[0]).toMatchObject({ date: '2027-05-04', start: '10:00' });
  });
});

describe('a title line naming a gathering by its kind', () => {
  it.each([
    ['Regional Dialogue on Urban Heat\n2–3 November 2027', 'Regional Dialogue on Urban Heat'],
    ['SAVE THE DATE\n\nSeminar on Port Finance\n14 May 2027, 10:00-12:00 CEST', 'Seminar on Port Finance'],
    ['Ministerial Retreat on Water Security\n\n8-9 June 2027', 'Ministerial Retreat on Water Security'],
    ['Symposium on Glacier Lakes\nLima, Peru | 2–3 November 2027', undefined],
  ])('%j gives the meeting its dates', (text, title) => {
    const [claim] = read(text);
    expect(claim?.dates?.value.start).toMatch(/^2027-/);
    if (title) expect(claim?.title?.value).toBe(title);
  });
});

describe('a heading that names the kind of document', () => {
  const verbale = [
    'NOTE VERBALE',
    '',
    'The Secretariat of the Agreement on Alpine Wetlands presents its compliments to the Parties and has the honour to inform them that the 3rd Meeting of the Technical Panel (TP3) will take place from 6 to 8 October 2027 in Innsbruck, Austria.',
  ].join('\n');

  it('is no title: the meeting the long sentence below announces is', () => {
    const [claim] = read(verbale);
    expect(claim?.title?.value).toBe('3rd Meeting of the Technical Panel (TP3)');
    expect(claim?.dates?.value).toEqual({ start: '2027-10-06', end: '2027-10-08' });
  });

  it.each(['Notification', 'PRESS RELEASE', 'Save the date'])('"%s" is no title either', (heading) => {
    const [claim] = read(`${heading}\n\nThe Harbour Board will meet on 4 May 2027 at 10:00 in Geneva.`);
    expect(claim?.title?.value).toBe('Harbour Board meeting');
  });
});

describe('a long sentence with a numbered meeting after a dated one', () => {
  it('does not name the meeting of the earlier sentence', () => {
    const claims = read(
      [
        'Convocation',
        '',
        'In accordance with the rules of the Assembly and the powers vested in me, I convene all standing working commissions of the Assembly at 8:00 am on 6 February 2027, at the seat of the Assembly in the provincial capital.',
        '',
        'I further convene the eleventh ordinary session of the Provincial Assembly of the Northern Lakes, for 6 February 2027, at 11:00 am at the seat of the Assembly itself.',
      ].join('\n'),
    );
    const at8 = claims.find((c) => c.sessions.some((s) => s.start === '08:00'));
    expect(at8?.title?.value ?? '').not.toMatch(/eleventh/i);
  });
});

describe('a meeting named by the sentence that changes it', () => {
  it.each([
    [
      'The resumed session of the Committee has been postponed sine die.',
      'Resumed session of the Committee',
      'postponed',
    ],
    [
      'The informal briefing for Member States has been cancelled. It was to take place on 4 May 2027.',
      'Informal briefing for Member States',
      'cancelled',
    ],
  ])('%j', (text, title, status) => {
    const [claim] = read(text);
    expect(claim?.title?.value).toBe(title);
    expect(claim?.status?.value).toBe(status);
  });
});

describe('titles a sentence gives without an article, or in an invitation', () => {
  it('"Informal consultations on X will take place on the following dates:" names them', () => {
    const [claim] = read(
      'Informal consultations on the draft resolution on tidal energy will take place on the following dates:\n- Monday, 12 April 2027, 10:00-13:00, Conference Room 6\n- Thursday, 15 April 2027, 15:00-18:00, Conference Room 6\n',
    );
    expect(claim?.title?.value).toBe('Informal consultations on the draft resolution on tidal energy');
  });

  it('"This meeting will take place ..." names nothing', () => {
    const [claim] = read('This meeting will take place on 4 May 2027 at 10:00 in Geneva.', 'notice.txt');
    expect(claim?.title?.value).not.toMatch(/^This/);
  });

  it('"I am pleased to invite you to the second informal dialogue on X, to be held on ..." names it', () => {
    const [claim] = read(
      'Dear Colleagues,\n\nOn behalf of the Co-Chairs, I am pleased to invite you to the second informal dialogue on the review of the tidal mechanism, to be held on Wednesday, 17 March 2027, from 10:00 to 12:00 (Bonn time), online.\n',
    );
    expect(claim?.title?.value).toBe('Second informal dialogue on the review of the tidal mechanism');
  });
});

describe('a city in the name of a room', () => {
  it.each([
    ['in Room Berlin, World Conference Center Bonn', 'Bonn', 'Europe/Berlin'],
    ['in the Bonn Room, Hotel Metropol, Vienna', 'Vienna', 'Europe/Vienna'],
    ['in Salle Genève, Palais des Congrès, Paris', 'Paris', 'Europe/Paris'],
  ])('"%s" is in %s', (place, city, zone) => {
    const [claim] = read(`The workshop will be held on 17 March 2027 at 10:00 ${place}.`);
    expect(claim?.venue?.value.city).toBe(city);
    expect(claim?.zone?.value.zone).toBe(zone);
  });
});

describe('a body, a comma, then its numbered meeting', () => {
  it('keeps two working groups\u2019 first meetings apart', () => {
    const claims = read(
      [
        '| Date | Time | Meeting | Venue |',
        '|---|---|---|---|',
        '| Tue 6 April 2027 | 10:00-13:00 | Working Group I, first meeting | Room XVII |',
        '| Tue 6 April 2027 | 15:00-18:00 | Working Group II, first meeting | Room XVII |',
      ].join('\n'),
    );
    expect(claims.map((c) => [c.title?.value, c.series?.value, c.sessions[0]?.start])).toEqual([
      ['Working Group I, first meeting', 'Working Group I', '10:00'],
      ['Working Group II, first meeting', 'Working Group II', '15:00'],
    ]);
  });
});

describe('a town after "in", "à" or "en" in German, French and Spanish prose', () => {
  it.each([
    [
      'Die Sitzung findet am 20. April 2027 von 10:00 bis 13:00 Uhr im Kongresszentrum in Salzburg statt.',
      'Salzburg',
      'Europe/Vienna',
    ],
    ['La réunion se tiendra à Annecy le 3 mai 2027 à 10 heures.', 'Annecy', 'Europe/Paris'],
    ['La reunión se celebrará en Arequipa el 3 de mayo de 2027 a las 10:00.', 'Arequipa', 'America/Lima'],
  ])('%s', (text, city, zone) => {
    const [claim] = read(text);
    expect(claim?.venue?.value.city).toBe(city);
    expect(claim?.zone?.value.zone).toBe(zone);
  });
});

describe('a body named in capitals in a heading', () => {
  it('is the same series as the body in the text, so the meeting is one claim', () => {
    const claims = read(
      [
        'INTERGOVERNMENTAL PANEL ON ALPINE LAKES',
        'Ninth session',
        '',
        '1. The ninth session of the Intergovernmental Panel on Alpine Lakes will be held at the Palais des Nations, Geneva, from Monday, 6 March to Friday, 10 March 2028.',
        '2. The opening meeting will start at 10 a.m. on Monday, 6 March 2028.',
      ].join('\n'),
    );
    expect(claims).toHaveLength(1);
    expect(claims[0]?.dates?.value).toEqual({ start: '2028-03-06', end: '2028-03-10' });
    expect(claims[0]?.sessions[0]).toMatchObject({ date: '2028-03-06', start: '10:00' });
  });
});

describe('cities in a list of local times', () => {
  it('"at 9.00 EST (18.30 Mumbai; 21.00 Ulaanbaatar – Manila)" places the webinar nowhere', () => {
    const [claim] = read(
      'Webinar on open budgets – Thursday, April 13, 2028 at 9.00 EST (18.30 Mumbai; 19.00 Dhaka; 21.00 Ulaanbaatar – Manila)',
    );
    expect(claim?.venue?.value.city).toBeUndefined();
    expect(claim?.sessions[0]?.start).toBe('09:00');
  });
});

describe('a place line in a title block', () => {
  it.each([
    'Regional Dialogue on Urban Heat\nLima, Peru | 2–3 November 2027',
    'Regional Seminar on Urban Heat\n2–3 November 2027\nLima, Peru',
  ])('%j: the place is the venue, not part of the name', (text) => {
    const [claim] = read(text);
    expect(claim?.title?.value).toBe(text.split('\n')[0]);
    expect(claim?.venue?.value.city).toBe('Lima');
    expect(claim?.dates?.value).toEqual({ start: '2027-11-02', end: '2027-11-03' });
  });

  it('a second line that names more than a place stays in the name', () => {
    const [claim] = read('Regional Dialogue on Urban Heat\nCities of the Andes | 2–3 November 2027');
    expect(claim?.title?.value).toContain('Cities of the Andes');
  });
});
