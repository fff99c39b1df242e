import { describe, expect, it } from 'vitest';
import { findPlaces, PLACES, placeByName } from '../../src/core/schedule/places.js';
import { venueFromText } from '../../src/core/schedule/venue.js';
import { offsetOn, readZoneAfter, resolveZone } from '../../src/core/schedule/zones.js';

describe('the city table', () => {
  it.each([
    ['Geneva', 'Europe/Zurich', 'CH', 'GE'],
    ['Genève', 'Europe/Zurich', 'CH', 'GE'],
    ['New York', 'America/New_York', 'US', 'NY'],
    ['Paris', 'Europe/Paris', 'FR', undefined],
    ['Bonn', 'Europe/Berlin', 'DE', 'NW'],
    ['Vienna', 'Europe/Vienna', 'AT', '9'],
    ['Nairobi', 'Africa/Nairobi', 'KE', undefined],
    ['Tunis', 'Africa/Tunis', 'TN', undefined],
    ['Sharm el-Sheikh', 'Africa/Cairo', 'EG', undefined],
    ['São Paulo', 'America/Sao_Paulo', 'BR', 'SP'],
    ['Istanbul', 'Europe/Istanbul', 'TR', undefined],
    ['Busan', 'Asia/Seoul', 'KR', undefined],
    ['Dubai', 'Asia/Dubai', 'AE', undefined],
    ['Tokyo', 'Asia/Tokyo', 'JP', undefined],
    ['San Francisco', 'America/Los_Angeles', 'US', 'CA'],
    ['Seattle', 'America/Los_Angeles', 'US', 'WA'],
    ['London', 'Europe/London', 'GB', 'ENG'],
    ['Montreal', 'America/Toronto', 'CA', 'QC'],
    ['Hong Kong', 'Asia/Hong_Kong', 'HK', undefined],
    ['Suva', 'Pacific/Fiji', 'FJ', undefined],
    ['Lima', 'America/Lima', 'PE', undefined],
  ])('%s -> %s', (city, zone, country, region) => {
    const p = placeByName(city);
    expect(p?.zone).toBe(zone);
    expect(p?.country).toBe(country);
    expect(p?.region).toBe(region);
  });

  it('names only zones that exist', () => {
    for (const p of PLACES) expect(offsetOn(p.zone, '2014-06-09'), p.city).toBeTypeOf('number');
  });

  it('finds cities as whole words, the longest name first', () => {
    expect(findPlaces('ITU Headquarters, Geneva (Popov Room)').map((m) => m.place.city)).toEqual(['Geneva']);
    expect(findPlaces('held in San Francisco').map((m) => m.place.city)).toEqual(['San Francisco']);
    expect(findPlaces('Genevan customs and Parisian cafés')).toEqual([]);
  });
});

describe('venues', () => {
  it('reads a building and a city', () => {
    expect(venueFromText('ITU Headquarters, Geneva')).toMatchObject({
      mode: 'in-person',
      city: 'Geneva',
      building: 'ITU Headquarters',
      timeZone: 'Europe/Zurich',
      region: 'GE',
    });
  });
  it('reads remote meetings and the city they kept their hours from', () => {
    expect(venueFromText('Remote (was Chicago)')).toMatchObject({ mode: 'remote', formerCity: 'Chicago' });
    expect(venueFromText('Remote')).toMatchObject({ mode: 'remote' });
    expect(venueFromText('Geneva and online (hybrid)')).toMatchObject({ mode: 'hybrid', city: 'Geneva' });
  });
  it('reads US and other addresses outside the table by state or country', () => {
    expect(venueFromText('Menlo Park, California, USA')).toMatchObject({
      city: 'Menlo Park',
      region: 'CA',
      timeZone: 'America/Los_Angeles',
    });
    expect(venueFromText('Netflix\n121 Albright Way\nLos Gatos, CA 95032')).toMatchObject({
      city: 'Los Gatos',
      timeZone: 'America/Los_Angeles',
    });
    expect(venueFromText('Hilversum, Netherlands')).toMatchObject({
      country: 'NL',
      timeZone: 'Europe/Amsterdam',
    });
  });
  it('takes the new place of a move', () => {
    expect(venueFromText('first announced for Sharm el-Sheikh, it will now take place in Geneva')?.city).toBe(
      'Geneva',
    );
  });
  it('does not invent a venue', () => {
    expect(venueFromText('details to follow')).toBeUndefined();
    expect(venueFromText('')).toBeUndefined();
  });
});

describe('zone expressions', () => {
  it.each([
    ['CDT (UTC -5) on June 1st', { abbreviation: 'CDT', offset: -300 }],
    ['"BST" (Europe/London) on', { abbreviation: 'BST', iana: 'Europe/London' }],
    ['EST (America/Port-au-Prince, UTC\u22125) on', { iana: 'America/Port-au-Prince', offset: -300 }],
    ['Eastern Time (America/Port-au-Prince, UTC-5)', { iana: 'America/Port-au-Prince', offset: -300 }],
    ['(CEST)', { abbreviation: 'CEST' }],
    ['(Geneva time)', { cityZone: 'Europe/Zurich' }],
    ['TZ (America/Chicago) on', { iana: 'America/Chicago' }],
    ['UTC+05:30', { offset: 330 }],
    ['(America/Foo_Bar)', { invalidIana: 'America/Foo_Bar' }],
  ])('%s', (text, expected) => {
    expect(readZoneAfter(text, 0)).toMatchObject(expected);
  });
  it('reads nothing when there is no zone', () => {
    expect(readZoneAfter(' on 9 June 2014', 0)).toBeUndefined();
    expect(readZoneAfter(' Reception', 0)).toBeUndefined();
  });
});

describe('weighing a stated zone', () => {
  const st = (text: string) => readZoneAfter(text, 0);

  it('an IANA name wins, and a disagreeing abbreviation or offset is flagged', () => {
    expect(resolveZone(st('CDT (America/Chicago)'), '2022-06-06', undefined, undefined)).toMatchObject({
      zone: 'America/Chicago',
      basis: 'iana',
    });
    const r = resolveZone(st('EDT (America/Chicago)'), '2022-06-06', undefined, undefined);
    expect(r).toMatchObject({ zone: 'America/Chicago', basis: 'iana', problem: 'zone-mismatch' });
    // DST began on 8 March 2026: UTC-5 is wrong for New York on 10 March.
    expect(
      resolveZone(st('EDT (America/New_York, UTC-5)'), '2026-03-10', undefined, undefined),
    ).toMatchObject({ zone: 'America/New_York', problem: 'zone-mismatch' });
  });

  it('a written offset is exact: "PT (UTC -5)" in July is read as UTC-5, flagged', () => {
    expect(resolveZone(st('PT (UTC -5)'), '2020-07-20', undefined, undefined)).toMatchObject({
      zone: 'UTC-5',
      basis: 'offset',
      problem: 'zone-mismatch',
    });
    // When the offset fits the named zone that day, the named zone is kept for DST-correct display.
    expect(resolveZone(st('PT (UTC -7)'), '2020-07-20', undefined, undefined)).toMatchObject({
      zone: 'America/Los_Angeles',
      basis: 'offset',
    });
    expect(resolveZone(st('CET (UTC +1)'), '2020-11-16', 'Europe/Budapest', undefined)).toMatchObject({
      zone: 'Europe/Budapest',
    });
  });

  it('an abbreviation out of season is read as local time and flagged', () => {
    const r = resolveZone(st('PST'), '2014-06-04', 'America/Los_Angeles', undefined);
    expect(r).toMatchObject({ zone: 'America/Los_Angeles', basis: 'abbreviation', problem: 'zone-mismatch' });
    expect(resolveZone(st('PDT'), '2014-06-04', 'America/Los_Angeles', undefined)?.problem).toBeUndefined();
  });

  it('the venue breaks ties between zones that share an abbreviation', () => {
    expect(resolveZone(st('MST'), '2019-01-29', 'America/Phoenix', undefined)?.zone).toBe('America/Phoenix');
    expect(resolveZone(st('CEST'), '2014-06-09', 'Europe/Zurich', undefined)?.zone).toBe('Europe/Zurich');
    expect(resolveZone(st('IST'), '2014-06-09', undefined, undefined)).toMatchObject({
      zone: 'Asia/Kolkata',
      problem: 'zone-ambiguous',
    });
  });

  it('falls back to the venue, then to the default (flagged)', () => {
    expect(resolveZone(undefined, '2014-06-09', 'Europe/Zurich', 'UTC')).toEqual({
      zone: 'Europe/Zurich',
      basis: 'venue',
    });
    expect(resolveZone(undefined, '2014-06-09', undefined, 'Europe/Zurich')).toMatchObject({
      zone: 'Europe/Zurich',
      basis: 'default',
      problem: 'zone-default',
    });
    expect(resolveZone(undefined, '2014-06-09', undefined, undefined)).toBeUndefined();
  });
});
