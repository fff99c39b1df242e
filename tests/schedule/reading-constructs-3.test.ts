import { describe, expect, it } from 'vitest';
import { findDates } from '../../src/core/schedule/dates.js';
import { extractClaims, type MeetingClaim } from '../../src/core/schedule/index.js';
import { findTimes } from '../../src/core/schedule/times.js';
import { source, textDoc } from './helpers.js';

/** Constructs of announcements from other bodies, in four languages; own text, invented bodies. */
function read(text: string): MeetingClaim[] {
  return extractClaims(
    textDoc(text, 'text', { name: 'construct.txt' }),
    source('construct.txt', { seenAt: '2026-12-07T00:00:00Z' }),
  ).claims;
}

/** One line per claim: its days, its sessions, its zone and its status. */
function summary(claims: MeetingClaim[]): string[] {
  return claims.map((c) => {
    const days = c.dates ? `${c.dates.value.start}..${c.dates.value.end}` : 'no date';
    const times = c.sessions
      .filter((s) => s.start)
      .map((s) => `${s.start}${s.end ? `-${s.end}` : ''}`)
      .join(',');
    return [days, times, c.zone?.value.zone ?? '', c.status?.value ?? ''].join(' | ');
  });
}

function times(text: string): string[] {
  return findTimes(text).mentions.map((t) => {
    const f = (x: { hour: number; minute: number }) =>
      `${String(x.hour).padStart(2, '0')}:${String(x.minute).padStart(2, '0')}`;
    return t.end ? `${f(t.start)}-${f(t.end)}` : f(t.start);
  });
}

describe('hours the way French, Spanish and English write them', () => {
  it('reads spaced French hours, midi and a labelled hour', () => {
    expect(times('de 10 h à 13 h')).toEqual(['10:00-13:00']);
    expect(times('de 9 h 30 à 12 h 30')).toEqual(['09:30-12:30']);
    expect(times('de 10 h à midi')).toEqual(['10:00-12:00']);
    expect(times('Heure : 14 h 30')).toEqual(['14:30']);
  });

  it('keeps a French duration out: "une pause de 2 h" has no clock time without a preposition before it', () => {
    expect(times('Durée : 2 h')).toEqual([]);
  });

  it('reads "12 noon" and "at noon" alone, and "de las 10 a las 13 horas"', () => {
    expect(times('at 12 noon EST')).toEqual(['12:00']);
    expect(times('lunch at noon')).toEqual(['12:00']);
    expect(times('the talks ran past midnight')).toEqual([]);
    expect(times('de las 10 a las 13 horas')).toEqual(['10:00-13:00']);
  });

  it('reads a French council session in its own words', () => {
    const claims = read(
      [
        'Séance du conseil de la communauté de communes',
        '',
        'La réunion du conseil aura lieu le mardi 9 juin 2026 de 18 h à 20 h 30, salle des fêtes, à Lyon.',
      ].join('\n'),
    );
    expect(summary(claims)).toEqual(['2026-06-09..2026-06-09 | 18:00-20:30 | Europe/Paris | ']);
  });
});

describe('dates in other shapes', () => {
  it('reads "3/4 March" as two days and "12.03.2026" as a day', () => {
    const pair = findDates('on 3/4 March 2026 in Amman').mentions[0];
    expect(pair && [pair.start.day, pair.end.day]).toEqual([3, 4]);
    const dotted = findDates('am 12.03.2026 um 18 Uhr').mentions[0];
    expect(dotted?.start).toMatchObject({ day: 12, month: 3, year: 2026 });
  });

  it('does not read "1. October/November calls" as the first of October', () => {
    expect(findDates('1.  October/November project calls').mentions).toEqual([]);
  });

  it('reads a French date and hour written in words, as minutes write them', () => {
    const claims = read(
      [
        'Procès-verbal du conseil municipal de Saint-Aubin-des-Landes',
        '',
        "L'an deux mille vingt-six, le douze mars, à dix-neuf heures trente, le conseil municipal s'est réuni à la mairie, sous la présidence du maire.",
      ].join('\n'),
    );
    expect(summary(claims)).toEqual(['2026-03-12..2026-03-12 | 19:30 | Europe/Paris | ']);
  });

  it('keeps the sitting a set of minutes records apart from the next sitting it announces', () => {
    const claims = read(
      [
        'Conseil municipal de Brévanne',
        '',
        'Le conseil municipal se réunira le jeudi 22 octobre 2026 à 20 heures, à la mairie.',
        '',
        'Compte rendu de la séance précédente',
        '',
        "L'an deux mille vingt-six, le dix-sept septembre, à vingt heures, le conseil municipal s'est réuni à la mairie.",
      ].join('\n'),
    );
    expect(summary(claims).sort()).toEqual([
      '2026-09-17..2026-09-17 | 20:00 | Europe/Paris | ',
      '2026-10-22..2026-10-22 | 20:00 | Europe/Paris | ',
    ]);
  });
});

describe('zones written in words and as equivalents', () => {
  it('reads "9am ET / 3pm CET" as one time in two zones, not a range', () => {
    const claims = read(
      'Orchard growers call\n\nThe monthly call will take place on 26 March 2026 at 9am ET / 3pm CET.\n',
    );
    expect(summary(claims)).toEqual(['2026-03-26..2026-03-26 | 09:00 | America/New_York | ']);
  });

  it('reads "2 PM Eastern (11 AM Pacific)" as Eastern time, and a weekday picks the year', () => {
    const claims = read(
      'Seed library webinar\n\nJoin us for a webinar on Wednesday, March 4th at 2 PM Eastern (11 AM Pacific).\n',
    );
    expect(summary(claims)).toEqual(['2026-03-04..2026-03-04 | 14:00 | America/New_York | ']);
  });

  it('does not take "Pacific Islands" after a time as a zone', () => {
    const claims = read(
      'Reef network meeting\n\nThe reef network will meet on 5 May 2026 at 10:00 Pacific Islands Forum house.\n',
    );
    expect(claims[0]?.zone?.value.zone).not.toBe('America/Los_Angeles');
  });
});

describe('sentences and lines that schedule a meeting', () => {
  it('keeps the time of a sentence just under the title', () => {
    const claims = read(
      'Harbour Commission meeting\n\nThe Commission will meet on 11 March 2026 at 12 noon, Oslo.\n',
    );
    expect(summary(claims)).toEqual(['2026-03-11..2026-03-11 | 12:00 | Europe/Oslo | ']);
  });

  it('dates the meeting a label names: "Next community call: March 4, 2026, 4pm - 5:30pm EST"', () => {
    const claims = read('Lantern community\n\nNext community call: March 4, 2026, 4pm - 5:30pm EST.\n');
    expect(summary(claims)).toEqual(['2026-03-04..2026-03-04 | 16:00-17:30 | America/New_York | ']);
  });

  it('gives no meeting for a week that says "No meetings"', () => {
    const claims = read('Editors call schedule\n\nWeek of 5 January 2026: No meetings\n');
    expect(claims.filter((c) => c.dates)).toEqual([]);
  });
});

describe('changes in four languages', () => {
  it('moves the meeting when the verb stands between the old and the new date', () => {
    const claims = read(
      'Drafting group\n\nThe coordination call of the drafting group originally planned for 5 March 2026 has been rescheduled to 12 March 2026 at 15:00 UTC.\n',
    );
    expect(summary(claims)).toEqual(['2026-03-12..2026-03-12 | 15:00 | UTC | ']);
    expect(claims[0]?.changedFrom?.value.dates).toEqual({ start: '2026-03-05', end: '2026-03-05' });
  });

  it('reads "aplazada al" and "wird auf den ... verschoben" as moves, not postponements', () => {
    const es = read(
      'Reunión aplazada\n\nLa reunión del Consejo prevista para el 12 de marzo de 2026 ha sido aplazada al 19 de marzo de 2026, a las 10:00 horas, en Quito.\n',
    );
    expect(summary(es)).toEqual(['2026-03-19..2026-03-19 | 10:00 | America/Guayaquil | ']);
    const de = read(
      'Sitzung verschoben\n\nDie Sitzung des Bauausschusses am 12. März 2026 wird auf den 19. März 2026, 18:00 Uhr, verschoben. Ort: Wien.\n',
    );
    expect(de[0]?.dates?.value.start).toBe('2026-03-19');
    expect(de[0]?.changedFrom?.value.dates?.start).toBe('2026-03-12');
    expect(de[0]?.status).toBeUndefined();
  });

  it('marks "postponed sine die" postponed, even with a clause between the meeting and the verb', () => {
    const claims = read(
      'Ninth meeting of the Advisory Board on Mosaics\n\nThe ninth meeting of the Advisory Board on Mosaics, scheduled for 20 April 2026 in Vienna, has been postponed sine die.\n',
    );
    expect(summary(claims)).toEqual(['2026-04-20..2026-04-20 |  | Europe/Vienna | postponed']);
  });

  it('keeps a briefing held on the original date of a postponed meeting as its own meeting', () => {
    const claims = read(
      [
        'First preparatory meeting',
        '',
        'The Chair has proposed to postpone the first preparatory meeting. Nevertheless, in keeping with the original date of 8 June 2026, an informal briefing by the Chair will be held at 10:00 in Geneva.',
      ].join('\n'),
    );
    expect(summary(claims).sort()).toEqual([
      '2026-06-08..2026-06-08 |  | Europe/Zurich | postponed',
      '2026-06-08..2026-06-08 | 10:00 | Europe/Zurich | ',
    ]);
  });

  it('reads the resumed sitting as a meeting of its own', () => {
    const claims = read(
      'Fifth session of the Working Group on Kelp\n\nThe fifth session was suspended on 1 December 2025. The session will resume on 9 February 2026 at 10:00 in Nairobi.\n',
    );
    expect(summary(claims).sort()).toEqual([
      '2025-12-01..2025-12-01 |  | Africa/Nairobi | ',
      '2026-02-09..2026-02-09 | 10:00 | Africa/Nairobi | ',
    ]);
  });
});
