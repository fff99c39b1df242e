import { describe, expect, it } from 'vitest';
import { extractClaims, findDates, findTimes } from '../../src/core/schedule/index.js';
import { source, textDoc } from './helpers.js';

const claimsIn = (text: string, type: 'markdown' | 'text' = 'text') =>
  extractClaims(textDoc(text, type), source('note.txt', { seenAt: '2026-01-10T08:00:00Z' })).claims;

const dates = (text: string) =>
  findDates(text).mentions.map((m) => ({ text: m.text, start: m.start, end: m.end }));

describe('dates in French, Spanish and German', () => {
  it('reads a German day with its dot, a weekday and a year', () => {
    expect(dates('Die Versammlung tagt am Dienstag, 9. Juni 2026 im Rathaus.')).toMatchObject([
      {
        text: 'Dienstag, 9. Juni 2026',
        start: { day: 9, month: 6, year: 2026, weekday: 2 },
        end: { day: 9, month: 6, year: 2026 },
      },
    ]);
  });
  it('reads Spanish dates joined by "de", and ranges with "del ... al"', () => {
    expect(dates('la sesión del 14 de octubre de 2026')[0]).toMatchObject({
      start: { day: 14, month: 10, year: 2026 },
    });
    expect(dates('del 3 al 5 de marzo de 2027')[0]).toMatchObject({
      start: { day: 3, month: 3, year: 2027 },
      end: { day: 5, month: 3, year: 2027 },
    });
  });
  it('reads German ranges "vom ... bis" and the French "1er"', () => {
    expect(dates('vom 3. bis 5. März 2027')[0]).toMatchObject({
      start: { day: 3, month: 3 },
      end: { day: 5, month: 3, year: 2027 },
    });
    expect(dates('le 1er avril 2027')[0]).toMatchObject({ start: { day: 1, month: 4, year: 2027 } });
  });
  it('does not read "10 am" before a month as a day', () => {
    expect(dates('starting at 10 am May 5')).toEqual([
      { text: 'May 5', start: { day: 5, month: 5 }, end: { day: 5, month: 5 } },
    ]);
  });
});

describe('times with a unit word and ranges in words', () => {
  const times = (text: string) =>
    findTimes(text).mentions.map((m) => [m.text, m.start, m.end ?? null] as const);
  it('reads "um 16 Uhr", "von 9 bis 12 Uhr", "19:00 bis 20:35 Uhr"', () => {
    expect(times('Beginn um 16 Uhr')).toEqual([['16 Uhr', { hour: 16, minute: 0 }, null]]);
    expect(times('von 9 bis 12 Uhr')).toEqual([
      ['9 bis 12 Uhr', { hour: 9, minute: 0 }, { hour: 12, minute: 0 }],
    ]);
    expect(times('19:00 bis 20:35 Uhr')[0]?.[2]).toEqual({ hour: 20, minute: 35 });
  });
  it('reads French and Spanish hours after a preposition, never a duration', () => {
    expect(times('réunion à 18 heures')).toEqual([['18 heures', { hour: 18, minute: 0 }, null]]);
    expect(times('a las 9.45 horas')).toEqual([['9.45 horas', { hour: 9, minute: 45 }, null]]);
    expect(times('de 10 à 12 heures')[0]?.[2]).toEqual({ hour: 12, minute: 0 });
    expect(times('un débat de deux jours, soit 6 heures')).toEqual([]);
    expect(times('the review lasts 2 horas')).toEqual([]);
  });
  it('reads "3 to 5 p.m." as a range of two afternoon hours', () => {
    expect(times('from 3 to 5 p.m.')).toEqual([
      ['3 to 5 p.m.', { hour: 15, minute: 0 }, { hour: 17, minute: 0 }],
    ]);
  });
});

describe('meetings announced in other languages', () => {
  it('reads a German notice: date in one sentence, start time in the next', () => {
    const [c] = claimsIn(
      'Stadtrat\n\nDer Stadtrat tagt am Mittwoch, 14. Oktober 2026, im Bürgersaal. Wegen der langen Tagesordnung beginnt die Sitzung schon um 16 Uhr.',
    );
    expect(c?.dates?.value).toEqual({ start: '2026-10-14', end: '2026-10-14' });
    expect(c?.sessions[0]).toMatchObject({ date: '2026-10-14', start: '16:00' });
  });
  it('reads a Spanish convocation with "a las 10:00 am"', () => {
    const [c] = claimsIn(
      'Convocatoria\n\nSe convoca a la tercera sesión ordinaria del Consejo para el día 12 de febrero de 2027, a las 10:00 am, en la sede del Consejo.',
    );
    expect(c?.dates?.value).toEqual({ start: '2027-02-12', end: '2027-02-12' });
    expect(c?.sessions[0]).toMatchObject({ start: '10:00' });
  });
  it('keeps unwrapped lines apart: a title line does not swallow the announcement under it', () => {
    const [c] = claimsIn(
      'Ratssitzung\nHinweise zur Ratssitzung am 3. März in der Festhalle\nAm Mittwoch, den 3. März 2027 findet um 19 Uhr eine öffentliche Sitzung des Rates in der Festhalle statt, weil der übliche Saal zu klein ist für alle Gäste.',
    );
    expect(c?.sessions[0]).toMatchObject({ date: '2027-03-03', start: '19:00' });
  });
});

describe('a table of sessions for a year', () => {
  const table = [
    'CALENDARIO',
    'Sesiones del Consejo 2027',
    'MES | DÍA | TIPO DE SESIÓN | HORA | LUGAR |',
    '---|---|---|---|---|',
    'ABRIL | 8 DE ABRIL | ORDINARIA | 11,00 | SALA DEL CONSEJO |',
    '22 DE ABRIL | ORDINARIA | 11,00 | SALA DEL CONSEJO | |',
    'MAYO | 6 DE MAYO | ESPECIAL | 18,30 | SALA DEL CONSEJO |',
  ].join('\n');
  const claims = claimsIn(table);
  it('gives one meeting per dated row, in the year of the title', () => {
    expect(claims.map((c) => c.dates?.value.start)).toEqual(['2027-04-08', '2027-04-22', '2027-05-06']);
  });
  it('reads the time column, with a decimal comma, even when a row skips its empty first cell', () => {
    expect(claims.map((c) => c.sessions[0]?.start)).toEqual(['11:00', '11:00', '18:30']);
  });
});

describe('dates that only stamp a post or a letter', () => {
  it('ignores a thread\'s "author · comment · date" lines', () => {
    const claims = claimsIn(
      '# Moving the weekly call\n\nsam · description · 2026-03-02\nI cannot make Tuesdays any more, which day would suit the rest of the group for the weekly call from now on?\n\nkim · comment · 2026-03-04\nThursday works for me, same hour as before would be fine for most of us I think.',
      'markdown',
    );
    expect(claims.filter((c) => c.dates)).toEqual([]);
  });
  it("ignores a mail archive's ctime stamp and its zone", () => {
    const [c] = claimsIn(
      '[Dev] Holding a design workshop in Lisbon\n\nJo Smith jo at example.org\nWed Dec 3 16:31:28 CET 2026\n\nWe are planning a design sprint to be held in Lisbon on Thursday March 18 2027, the day before the conference opens.',
    );
    expect(c?.dates?.value.start).toBe('2027-03-18');
    expect(c?.zone?.value.stated).toBeUndefined();
  });
  it("ignores a letter's date above its salutation", () => {
    const [c] = claimsIn(
      'Letter to the members about the forum\n\n2 March 2027\n\nDear members\n\nThe forum will take place on 16 March 2027 from 2pm to 4pm in the main hall.',
    );
    expect(c?.dates?.value).toEqual({ start: '2027-03-16', end: '2027-03-16' });
    expect(c?.sessions).toHaveLength(1);
  });
});

describe('scheduling verbs', () => {
  it('reads "to be conducted on ... at 21:00 GMT" as the meeting\'s time', () => {
    const [c] = claimsIn(
      'First meeting of the working group\n\nThe first teleconference is to be conducted on March 9, 2027 at 20:00 GMT. See other time zones below.',
    );
    expect(c?.sessions[0]).toMatchObject({
      date: '2027-03-09',
      start: '20:00',
      startAt: '2027-03-09T20:00:00Z',
    });
  });
});
