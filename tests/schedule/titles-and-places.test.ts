import { describe, expect, it } from 'vitest';
import type { MeetingClaim } from '../../src/core/schedule/index.js';
import { claimsOfText } from './helpers.js';

/**
 * What a plain-text notice's first line and its places say: a title line names the meeting
 * (not the file), and places of different zones joined as equals ("in Bangkok and in Lima")
 * say nothing of where the meeting is, so no zone is taken from either. Our own wording.
 */
function read(text: string, type: 'text' | 'markdown' = 'text'): MeetingClaim[] {
  return claimsOfText(text, type, 'notice-7.txt');
}

describe('a plain text whose first line is its title', () => {
  it('names the meeting by that line, not by the file', () => {
    const [c] = read(
      'Regional consultation on coastal data\n\nThe consultation will take place on 9 June 2027 from 10:00 to 12:00 UTC.',
    );
    expect(c?.title?.value).toBe('Regional consultation on coastal data');
  });

  it('does not take a greeting, a sentence or a date line as the title', () => {
    for (const first of ['Good morning everyone', 'We will meet again soon.', '9 June 2027 update']) {
      const [c] = read(
        `${first}\n\nThe consultation will take place on 9 June 2027 from 10:00 to 12:00 UTC.`,
      );
      expect(c?.title?.value).not.toBe(first);
    }
  });
});

describe('places joined as equals', () => {
  it.each([
    ['between teams in Bangkok and in Lima', 'text'],
    ['between teams in Bangkok and in Lima', 'markdown'],
    ['with hubs in Nairobi or Geneva', 'text'],
  ] as const)('"%s" (%s) gives no venue zone', (places, type) => {
    const title = type === 'markdown' ? '# Joint call' : 'Joint call';
    const [c] = read(`${title}\n\nThe joint call will take place on 4 May 2027 at 15:00 ${places}.`, type);
    expect(c?.zone).toBeUndefined();
  });

  it('keeps a city and its own country, or two places of one zone', () => {
    const [c] = read(
      '# Joint call\n\nThe joint call will take place on 4 May 2027 at 15:00 in Lima, Peru.',
      'markdown',
    );
    expect(c?.zone?.value.zone).toBe('America/Lima');
  });
});

describe('a city named as a clock in French and Spanish', () => {
  it('"heure de Paris" gives the zone and no venue', () => {
    const [c] = read(
      'Objet : Réunion du groupe des données\n\nLa prochaine réunion du groupe se tiendra le mardi 8 juin 2027 de 14 h 30 à 17 h (heure de Paris).',
    );
    expect(c?.zone?.value.zone).toBe('Europe/Paris');
    expect(c?.venue).toBeUndefined();
    expect(c?.title?.value).toBe('Réunion du groupe des données');
  });

  it('"a las 10:00 horas (hora de Ciudad de México)" reads the zone past the unit word', () => {
    const [c] = read(
      'Asunto: Convocatoria a la sesión ordinaria\n\nSe convoca a la sesión ordinaria del Consejo, que se celebrará el jueves 10 de junio de 2027 a las 10:00 horas (hora de Ciudad de México), en la Sala de Juntas.',
    );
    expect(c?.zone?.value.zone).toBe('America/Mexico_City');
    expect(c?.venue).toBeUndefined();
    expect(c?.title?.value).toBe('Convocatoria a la sesión ordinaria');
  });
});

describe('a building that names its city', () => {
  it.each([
    ['Room XXII, Palais des Nations', 'Europe/Zurich', 'Room XXII, Palais des Nations'],
    ['the UNESCO House', 'Europe/Paris', 'UNESCO House'],
    ['Conference Room 2, Gigiri', 'Africa/Nairobi', 'Conference Room 2, Gigiri'],
  ])('"%s" gives the zone of the city and keeps the building as written', (place, zone, building) => {
    const [c] = read(
      `Expert briefing\n\nThe briefing will be held on 9 June 2027 from 10:00 to 12:00 in ${place}.`,
    );
    expect(c?.zone?.value.zone).toBe(zone);
    expect(c?.venue?.value.building).toBe(building);
  });
});

describe('a message with no subject, written to a group', () => {
  it('is titled by the group its greeting names', () => {
    const claims = read(
      'Dear members of the Drafting Group,\n\nI would like to remind you that our next online meeting will take place on Wednesday 10 March 2027 at 14:00 CET.\n\nBest,\nAna',
    );
    expect(claims.map((c) => c.title?.value)).toEqual(['Drafting Group meeting']);
  });

  it('keeps a title the text gives, and a greeting to one person names no group', () => {
    const titled = read(
      'Dear members of the Drafting Group,\n\nThe Harbour Board will meet on Wednesday 10 March 2027 at 14:00 CET.',
    );
    expect(titled.map((c) => c.title?.value)).toEqual(['Harbour Board meeting']);
    const single = read(
      'Dear Ana,\n\nOur next online meeting will take place on Wednesday 10 March 2027 at 14:00 CET.',
    );
    expect(single.map((c) => c.title?.value)).not.toContain('Ana meeting');
  });
});
