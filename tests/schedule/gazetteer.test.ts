import { describe, expect, it } from 'vitest';
import { findGazetteerPlaces, lookupCity } from '../../src/core/schedule/gazetteer.js';
import { extractClaims, venueFromText } from '../../src/core/schedule/index.js';
import { source, textDoc } from './helpers.js';

const claimsIn = (text: string) =>
  extractClaims(textDoc(text, 'text'), source('note.txt', { seenAt: '2026-01-10T08:00:00Z' })).claims;

describe('the gazetteer: place to time zone', () => {
  it('chooses a city by the country or province written after it', () => {
    expect(lookupCity('Santa Clara', 'Villa Clara')?.zone).toBe('America/Havana');
    expect(lookupCity('Limassol', 'Cyprus')?.zone).toBe('Asia/Nicosia');
    expect(lookupCity('Boston', 'USA')?.zone).toBe('America/New_York');
  });
  it('refuses a qualifier that fits no candidate, and an ambiguous bare name', () => {
    expect(lookupCity('Limassol', 'Peru')).toBeUndefined();
    expect(lookupCity('Nowhere-on-Sea')).toBeUndefined();
  });
  it('finds "City, Country" in running text, and a bare name only for a large city', () => {
    const hits = findGazetteerPlaces('Held at the Harbour Hotel, Limassol, Cyprus, and online.');
    expect(hits.map((h) => [h.place.city, h.qualified])).toEqual([['Limassol', true]]);
    expect(findGazetteerPlaces('the summit in Bangkok')[0]?.place.zone).toBe('Asia/Bangkok');
    expect(findGazetteerPlaces('SESION ORDINARIA EN EL SALON ROJO')).toEqual([]);
  });
  it('gives a venue outside the built-in table its zone', () => {
    expect(venueFromText('Harbour Hotel, Limassol, Cyprus')).toMatchObject({
      city: 'Limassol',
      country: 'CY',
      timeZone: 'Asia/Nicosia',
    });
  });
});

describe('a zone inferred from a place, marked so; a stated zone wins', () => {
  it('infers the zone of the one place the document names, and says so', () => {
    const [c] = claimsIn(
      'Regional workshop on open data\n\nThe regional workshop will take place on 12 May 2027 from 09:00 to 12:00. Participants gather in Bangkok for two days of work.',
    );
    expect(c?.zone?.value).toEqual({ zone: 'Asia/Bangkok', basis: 'venue', inferred: true });
    expect(c?.zone?.uncertain).toMatch(/inferred from "Bangkok"/);
    expect(c?.sessions[0]?.startAt).toBe('2027-05-12T09:00:00+07:00');
  });
  it('keeps a stated zone over the place', () => {
    const [c] = claimsIn(
      'Regional workshop on open data\n\nThe regional workshop will take place on 12 May 2027 from 09:00 to 12:00 UTC. Participants gather in Bangkok for two days of work.',
    );
    expect(c?.zone?.value.zone).toBe('UTC');
    expect(c?.zone?.value.inferred).toBeUndefined();
  });
  it('infers nothing from a city used as a name, or from two places in two zones', () => {
    const [a] = claimsIn(
      'Preparing the Nairobi Summit\n\nThe next consultations will be held on Monday, 22 March 2027, from 10:00 to 13:00.',
    );
    expect(a?.zone).toBeUndefined();
    const [b] = claimsIn(
      'Joint call\n\nThe joint call will take place on 4 May 2027 at 15:00 between teams in Bangkok and in Lima.',
    );
    expect(b?.zone).toBeUndefined();
  });
});
