import { describe, expect, it } from 'vitest';
import { extractClaims, type MeetingClaim } from '../../src/core/schedule/index.js';
import { source, textDoc } from './helpers.js';

/** Fixtures written for the general constructs of issue 13 (agenda lines, implied countries). */
function read(text: string, type: 'markdown' | 'text' = 'text'): MeetingClaim[] {
  return extractClaims(textDoc(text, type), source('construct.txt')).claims;
}

function days(claims: MeetingClaim[]): string[] {
  return claims.map((c) => c.dates?.value.start ?? 'undated').sort();
}

describe('agenda lines: a meeting title, then its date', () => {
  it('reads each "<title> on <date>" line of a roadmap as its own meeting', () => {
    const text = [
      'The Chair set out a roadmap for the negotiations on the ocean declaration.',
      '',
      'Informal Briefing on 4 March 2027',
      '',
      'Open-ended Consultations on 11-12 March 2027',
      '',
      'Open-ended Consultations on 25 March',
    ].join('\n');
    const claims = read(text);
    expect(days(claims)).toEqual(['2027-03-04', '2027-03-11', '2027-03-25']);
    const two = claims.find((c) => c.dates?.value.start === '2027-03-11');
    expect(two?.dates?.value.end).toBe('2027-03-12');
  });

  it('reads "Webinar 2 – <weekday, date> at <time> <zone>" lines, the zone and not the equivalents', () => {
    const text = [
      'Meet the candidates',
      '',
      'We organised two online sessions at different hours for the regions.',
      '',
      'Webinar 1 – Wednesday, May 5, 2027 at 8.00 EDT (17.30 Delhi; 20.00 Manila)',
      'Speakers: four candidates from Asia.',
      '',
      'To register for Webinar 2 – Monday, May 10, 2027 at 11.00 EDT (17.00 Lagos), click here.',
      'Speakers: four candidates from Africa.',
    ].join('\n');
    const claims = read(text);
    const byDay = new Map(claims.map((c) => [c.dates?.value.start, c]));
    expect(byDay.get('2027-05-05')?.sessions[0]?.start).toBe('08:00');
    expect(byDay.get('2027-05-10')?.sessions[0]?.start).toBe('11:00');
    expect(byDay.get('2027-05-10')?.zone?.value.zone).toBe('America/New_York');
  });

  it('leaves a deadline line alone', () => {
    const text = ['Registration deadline on 1 March 2027', '', 'Workshop on 9 March 2027'].join('\n');
    expect(days(read(text))).toEqual(['2027-03-09']);
  });
});

describe('a zone implied by the body that meets', () => {
  it('a municipal council of a one-zone country gives that zone, marked inferred and uncertain', () => {
    const text = [
      'Öffentliche Sitzung des Gemeinderats',
      '',
      'Der Gemeinderat tagt am Dienstag, 9. März 2027, um 19 Uhr im Sitzungssaal des Rathauses.',
    ].join('\n');
    const zone = read(text)[0]?.zone;
    expect(zone?.value.zone).toBe('Europe/Berlin');
    expect(zone?.value.inferred).toBe(true);
    expect(zone?.uncertain).toMatch(/Gemeinderat/);
  });

  it('a schedule of a deliberative council table with no place named still gets its country', () => {
    const text = [
      'CRONOGRAMA DE SESIONES 2027',
      'MES | DÍA | TIPO DE SESIÓN | HORARIO | LUGAR |',
      '---|---|---|---|---|',
      'ABRIL | 8 DE ABRIL | ORDINARIA | 11,00 | RECINTO DEL HCD |',
      'ABRIL | 22 DE ABRIL | ORDINARIA | 11,00 | RECINTO DEL HCD |',
      'FECHA A CONFIRMAR | JURA DE CONCEJALES |',
    ].join('\n');
    const claims = read(text, 'markdown');
    expect(claims.length).toBeGreaterThan(0);
    for (const c of claims) expect(c.zone?.value.zone).toBe('America/Argentina/Buenos_Aires');
  });

  it('a stated zone still wins over the body', () => {
    const text = 'Der Gemeinderat tagt am Dienstag, 9. März 2027, um 19 Uhr MEZ (18 Uhr UTC) online.';
    expect(read(text)[0]?.zone?.value.inferred).toBeUndefined();
  });

  it('a body found in several countries in different zones gives none', () => {
    const text = 'The City Council will meet on Tuesday, 9 March 2027, at 7 p.m. in the council chamber.';
    expect(read(text)[0]?.zone).toBeUndefined();
  });
});

describe('a zone implied by the headquarters of the body that meets', () => {
  it('"United Nations Headquarters" as the venue is New York, inferred', () => {
    const text = [
      'Briefing on the ocean conference',
      '',
      'The briefing will take place on Tuesday, 9 March 2027, from 10 a.m. to 1 p.m. in Conference Room 4, United Nations Headquarters.',
    ].join('\n');
    const zone = read(text)[0]?.zone?.value;
    expect(zone?.zone).toBe('America/New_York');
    expect(zone?.inferred).toBe(true);
  });

  it('the General Assembly consulting its Member States, with no place named, is New York', () => {
    const text = [
      'The President of the General Assembly wrote to all Member States about the review.',
      '',
      'Informal Consultations on 4 March 2027',
      '',
      'Informal Consultations on 18 March 2027',
    ].join('\n');
    for (const c of read(text)) expect(c.zone?.value.zone).toBe('America/New_York');
  });
});
