import { describe, expect, it } from 'vitest';
import { extractClaims, type MeetingClaim } from '../../src/core/schedule/index.js';
import { source, textDoc } from './helpers.js';

/** Fixtures written for constructs met in real announcements (own text, invented bodies). */
function read(
  text: string,
  type: 'markdown' | 'text' = 'text',
  seenAt = '2026-12-07T00:00:00Z',
): MeetingClaim[] {
  return extractClaims(textDoc(text, type, { name: 'construct.txt' }), source('construct.txt', { seenAt }))
    .claims;
}

function sessionDays(claims: MeetingClaim[]): string[] {
  return claims.flatMap((c) => c.sessions.map((s) => s.date)).sort();
}

describe('a list of separate days in one sentence', () => {
  it('gives each day of "on 13 May, 18 May, and 20 May" as a day of its own', () => {
    const claims = read(
      [
        'Informal meetings on the budget resolution',
        '',
        'The co-chairs circulated a draft on 2 May 2027 in Nairobi.',
        '',
        'The next informal consultations will take place on 13 May, 18 May, and 20 May.',
      ].join('\n'),
    );
    expect(sessionDays(claims)).toEqual(['2027-05-13', '2027-05-18', '2027-05-20']);
  });

  it('keeps consecutive listed days as one meeting over those days', () => {
    const claims = read(
      'Board meeting\n\nThe board meeting will take place on 4 June and 5 June 2027 in Lyon.\n',
    );
    const c = claims.find((x) => x.dates?.value.start === '2027-06-04');
    expect(c?.dates?.value.end).toBe('2027-06-05');
    expect(sessionDays(claims)).toEqual([]);
  });
});

describe('a date written with dashes and an abbreviated month', () => {
  it('reads "UTC Wed 10-Mar-2027 15:00 (03:00 PM)" as a start in UTC, not a range', () => {
    const text = [
      '# Steering Group Meeting 2027-03-10',
      '',
      '## Time',
      '',
      '**UTC Wed 10-Mar-2027 15:00 (03:00 PM)**:',
      '',
      '| Timezone | Date/Time |',
      '|---|---|',
      '| US / Pacific | Wed 10-Mar-2027 07:00 (07:00 AM) |',
      '| Asia / Tokyo | Thu 11-Mar-2027 00:00 (12:00 AM) |',
    ].join('\n');
    const claims = read(text, 'markdown');
    // The table gives the same meeting in other zones: no meeting of its own, no 11 March.
    expect(claims).toHaveLength(1);
    expect(claims[0]?.sessions.map((s) => [s.date, s.start, s.end])).toEqual([
      ['2027-03-10', '15:00', undefined],
    ]);
    expect(claims[0]?.zone?.value.zone).toBe('UTC');
  });
});

describe('when minutes say the meeting was scheduled', () => {
  it('takes "was scheduled for 10am PST" as the start, not the time it was called to order', () => {
    const text = [
      'Harbour Trust',
      'Board of Trustees Meeting Minutes',
      'March 3, 2027',
      '1. Call to order',
      'The meeting was scheduled for 10am PST. The chair called the meeting to order at 10:04am.',
      '2. Roll call',
    ].join('\n');
    const claims = read(text);
    const c = claims.find((x) => x.dates?.value.start === '2027-03-03');
    expect(c?.sessions.map((s) => s.start)).toEqual(['10:00']);
    expect(c?.zone?.value.zone).toBe('America/Los_Angeles');
  });
});

describe('a year inferred from the weekday when none is written', () => {
  it('puts "Friday March 22" in the nearest year in which 22 March is a Friday, and says it inferred it', () => {
    const text = [
      '[garden-list] Allotment committee meeting: Friday March 22, 17:00UTC',
      '',
      'The meeting will be on the usual channel.',
    ].join('\n');
    const claims = read(text, 'text', '2026-12-07T00:00:00Z');
    const c = claims[0];
    expect(c?.title?.value).toBe('[garden-list] Allotment committee meeting');
    expect(c?.dates?.value.start).toBe('2024-03-22');
    expect(c?.dates?.uncertain).toMatch(/nearest year in which 22 March is a Friday/);
    expect(c?.sessions[0]?.start).toBe('17:00');
    expect(c?.zone?.value.zone).toBe('UTC');
  });

  it('keeps the document date as the anchor when there is one', () => {
    const text =
      'Allotment committee\n\nPosted 2 March 2031\n\nThe meeting will take place on Friday 22 March at 17:00.\n';
    const c = read(text)[0];
    expect(c?.dates?.value.start).toBe('2031-03-22');
  });
});

describe('days counted from the document date', () => {
  it('reads "mañana, viernes" against the date line above it, and never against today', () => {
    const text = [
      'Mañana, viernes, pleno extraordinario del ayuntamiento',
      '',
      'Jueves, 7 Marzo 2030',
      '',
      'El salón de plenos acogerá mañana, viernes, a las 10.30 horas un pleno extraordinario del ayuntamiento.',
    ].join('\n');
    const claims = read(text);
    const days = claims.flatMap((c) => c.sessions.map((s) => [s.date, s.start]));
    expect(days).toEqual([['2030-03-08', '10:30']]);
    // The date line is the article's date, not a meeting.
    expect(claims.some((c) => c.dates?.value.start === '2030-03-07')).toBe(false);
  });

  it('drops a "tomorrow, Friday" that contradicts its own date line', () => {
    const text =
      'Council notice\n\nTuesday, 5 March 2030\n\nThe council will meet tomorrow, Friday, at 10:00.\n';
    expect(read(text).some((c) => c.dates?.value.start === '2030-03-06')).toBe(false);
  });

  it('puts "the meeting Wednesday night" on the next Wednesday from the e-mail date', () => {
    const text = [
      'Subject: Board meeting postponed -- no board meeting Wednesday night',
      'Date: Mon, 13 May 2030 09:12:00 -0400',
      '',
      'The board meeting planned for Wednesday night is postponed.',
    ].join('\n');
    const c = read(text)[0];
    expect(c?.dates?.value.start).toBe('2030-05-15');
    expect(c?.status?.value).toBe('postponed');
  });
});

describe('the next meeting of a series', () => {
  it('gives "the meeting next week will be on <date>" a meeting of its own', () => {
    const text = [
      '# Garden Council Meeting 2030-04-03',
      '',
      'Reminder for members and observers: The Garden Council meeting next week will be at April 10 at 16:00 UTC.',
    ].join('\n');
    const claims = read(text, 'markdown');
    const next = claims.find((c) => c.dates?.value.start === '2030-04-10');
    expect(next?.sessions[0]?.start).toBe('16:00');
    expect(claims.find((c) => c.dates?.value.start === '2030-04-03')).toBeDefined();
  });

  it('reads the sentence after a "Reminder:" prefix', () => {
    const text =
      '# Garden Council Meeting 2030-04-03\n\nReminder: The Garden Council meeting next week will be at April 10 at 16:00 UTC.\n';
    const next = read(text, 'markdown').find((c) => c.dates?.value.start === '2030-04-10');
    expect(next?.sessions[0]?.start).toBe('16:00');
  });
});

describe('numbered sittings in other languages', () => {
  it('keeps two bodies convened on one day apart: the committees at 8:00, the ninth ordinary session at 11:00', () => {
    const text = [
      'Convocatoria',
      '',
      'Convoco a las comisiones de trabajo para las 8:00 am del día 6 de marzo de 2030, en la sede.',
      '',
      'Además, convoco a la novena Sesión Ordinaria del consejo para el día 6 de marzo de 2030 a las 11:00 am en la sede.',
    ].join('\n');
    const starts = read(text)
      .flatMap((c) => c.sessions.map((s) => `${s.date} ${s.start}-${s.end ?? ''}`))
      .sort();
    expect(starts).toEqual(['2030-03-06 08:00-', '2030-03-06 11:00-']);
  });

  it('reads a German minutes header: "der 4. Sitzung ... am Montag, 2. Dezember 2030" with its Sitzungsdauer', () => {
    const text = [
      'Niederschrift',
      'über den öffentlichen Teil der 4. Sitzung',
      'der Gemeindevertretung Musterdorf',
      'am Montag, 2. Dezember 2030',
      '',
      'Sitzungsort: Dorfhaus, Hauptstraße 1, Musterdorf',
      'Sitzungsdauer: 19:30 bis 21:05 Uhr',
    ].join('\n');
    const c = read(text).find((x) => x.dates?.value.start === '2030-12-02');
    expect(c?.sessions.map((s) => [s.start, s.end])).toEqual([['19:30', '21:05']]);
  });
});

describe('a small city placed by a province written elsewhere in the document', () => {
  it('gives "la Ciudad de Santa Clara" the zone of Cuba when the text names the province of Villa Clara', () => {
    const text = [
      'Convocatoria',
      '',
      'Convoco a la tercera Sesión Ordinaria de la Asamblea Provincial de Villa Clara para el día 9 de marzo de 2030 a las 9:00 am.',
      '',
      'Dada en la Ciudad de Santa Clara, a los 2 días del mes de marzo de 2030.',
    ].join('\n');
    const c = read(text).find((x) => x.dates?.value.start === '2030-03-09');
    expect(c?.zone?.value).toMatchObject({ zone: 'America/Havana', inferred: true });
  });

  it('infers nothing from that city without its province', () => {
    const text =
      'Convocatoria\n\nConvoco a la tercera Sesión Ordinaria para el día 9 de marzo de 2030 a las 9:00 am.\n\nDada en la Ciudad de Santa Clara.\n';
    const c = read(text).find((x) => x.dates?.value.start === '2030-03-09');
    expect(c?.zone).toBeUndefined();
  });
});
