/**
 * Zone statements and places (one piece on purpose): abbreviations, zone words, offsets, IANA
 * names and the venue table are read by one scanner (`readZoneAfter`) and resolved by one
 * ranking (`resolveZone`); they share the same tables, and splitting them would scatter it.
 */
import { DateTime, FixedOffsetZone, IANAZone } from 'luxon';
import type { LocalDate, ZoneBasis } from './types.js';

/**
 * Places and time zones. A venue implies a zone and a holiday calendar; an abbreviation
 * ("PDT", "CET") implies a zone family and often an offset. The tables are small on
 * purpose: they cover the usual venues of multilateral processes and standards bodies,
 * and everything outside them is reported as unknown rather than guessed.
 */

export interface Place {
  /** The city as people write it. */
  city: string;
  /** Other spellings, all compared case- and accent-insensitively. */
  aliases?: string[];
  zone: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** date-holidays subdivision ("GE" = canton of Geneva, "NY" = New York State). */
  region?: string;
}

/** Usual venues. Region codes follow date-holidays, which uses ISO 3166-2 subdivision codes. */
export const PLACES: readonly Place[] = [
  {
    city: 'Geneva',
    aliases: ['Genève', 'Geneve', 'Genf', 'Ginevra'],
    zone: 'Europe/Zurich',
    country: 'CH',
    region: 'GE',
  },
  { city: 'Zurich', aliases: ['Zürich'], zone: 'Europe/Zurich', country: 'CH', region: 'ZH' },
  { city: 'Bern', aliases: ['Berne'], zone: 'Europe/Zurich', country: 'CH', region: 'BE' },
  {
    city: 'New York',
    aliases: ['NYC', 'New York City'],
    zone: 'America/New_York',
    country: 'US',
    region: 'NY',
  },
  { city: 'Paris', zone: 'Europe/Paris', country: 'FR' },
  { city: 'Bonn', zone: 'Europe/Berlin', country: 'DE', region: 'NW' },
  { city: 'Berlin', zone: 'Europe/Berlin', country: 'DE', region: 'BE' },
  { city: 'Munich', aliases: ['München'], zone: 'Europe/Berlin', country: 'DE', region: 'BY' },
  { city: 'Hamburg', zone: 'Europe/Berlin', country: 'DE', region: 'HH' },
  { city: 'Vienna', aliases: ['Wien'], zone: 'Europe/Vienna', country: 'AT', region: '9' },
  { city: 'Nairobi', zone: 'Africa/Nairobi', country: 'KE' },
  { city: 'Addis Ababa', zone: 'Africa/Addis_Ababa', country: 'ET' },
  { city: 'Tunis', zone: 'Africa/Tunis', country: 'TN' },
  {
    city: 'Sharm el-Sheikh',
    aliases: ['Sharm El Sheikh', 'Sharm-el-Sheikh', 'Sharm'],
    zone: 'Africa/Cairo',
    country: 'EG',
  },
  { city: 'Cairo', zone: 'Africa/Cairo', country: 'EG' },
  { city: 'Sao Paulo', aliases: ['São Paulo'], zone: 'America/Sao_Paulo', country: 'BR', region: 'SP' },
  { city: 'Rio de Janeiro', zone: 'America/Sao_Paulo', country: 'BR', region: 'RJ' },
  { city: 'Istanbul', zone: 'Europe/Istanbul', country: 'TR' },
  { city: 'Busan', zone: 'Asia/Seoul', country: 'KR' },
  { city: 'Seoul', zone: 'Asia/Seoul', country: 'KR' },
  { city: 'Dubai', zone: 'Asia/Dubai', country: 'AE' },
  { city: 'Doha', zone: 'Asia/Qatar', country: 'QA' },
  { city: 'Tokyo', zone: 'Asia/Tokyo', country: 'JP' },
  { city: 'Singapore', zone: 'Asia/Singapore', country: 'SG' },
  { city: 'Bangkok', zone: 'Asia/Bangkok', country: 'TH' },
  { city: 'Hong Kong', zone: 'Asia/Hong_Kong', country: 'HK' },
  { city: 'Beijing', zone: 'Asia/Shanghai', country: 'CN' },
  { city: 'New Delhi', aliases: ['Delhi'], zone: 'Asia/Kolkata', country: 'IN' },
  { city: 'San Francisco', zone: 'America/Los_Angeles', country: 'US', region: 'CA' },
  { city: 'San Jose', zone: 'America/Los_Angeles', country: 'US', region: 'CA' },
  { city: 'Los Angeles', zone: 'America/Los_Angeles', country: 'US', region: 'CA' },
  { city: 'Seattle', zone: 'America/Los_Angeles', country: 'US', region: 'WA' },
  { city: 'Redmond', zone: 'America/Los_Angeles', country: 'US', region: 'WA' },
  { city: 'Bellevue', zone: 'America/Los_Angeles', country: 'US', region: 'WA' },
  { city: 'Portland', zone: 'America/Los_Angeles', country: 'US', region: 'OR' },
  { city: 'Boston', zone: 'America/New_York', country: 'US', region: 'MA' },
  {
    city: 'Washington, D.C.',
    aliases: ['Washington DC', 'Washington, DC'],
    zone: 'America/New_York',
    country: 'US',
    region: 'DC',
  },
  { city: 'Chicago', zone: 'America/Chicago', country: 'US', region: 'IL' },
  { city: 'Honolulu', zone: 'Pacific/Honolulu', country: 'US', region: 'HI' },
  { city: 'Montreal', aliases: ['Montréal'], zone: 'America/Toronto', country: 'CA', region: 'QC' },
  { city: 'Toronto', zone: 'America/Toronto', country: 'CA', region: 'ON' },
  { city: 'Vancouver', zone: 'America/Vancouver', country: 'CA', region: 'BC' },
  { city: 'London', zone: 'Europe/London', country: 'GB', region: 'ENG' },
  { city: 'Dublin', zone: 'Europe/Dublin', country: 'IE' },
  { city: 'Brussels', aliases: ['Bruxelles'], zone: 'Europe/Brussels', country: 'BE' },
  { city: 'The Hague', aliases: ['Den Haag'], zone: 'Europe/Amsterdam', country: 'NL' },
  { city: 'Amsterdam', zone: 'Europe/Amsterdam', country: 'NL' },
  { city: 'Madrid', zone: 'Europe/Madrid', country: 'ES', region: 'MD' },
  {
    city: 'A Coruña',
    aliases: ['A Coruna', 'La Coruña'],
    zone: 'Europe/Madrid',
    country: 'ES',
    region: 'GA',
  },
  { city: 'Rome', aliases: ['Roma'], zone: 'Europe/Rome', country: 'IT' },
  { city: 'Prague', zone: 'Europe/Prague', country: 'CZ' },
  { city: 'Budapest', zone: 'Europe/Budapest', country: 'HU' },
  { city: 'Helsinki', zone: 'Europe/Helsinki', country: 'FI' },
  { city: 'Oslo', zone: 'Europe/Oslo', country: 'NO' },
  { city: 'Bergen', zone: 'Europe/Oslo', country: 'NO' },
  { city: 'Stockholm', zone: 'Europe/Stockholm', country: 'SE' },
  { city: 'Copenhagen', zone: 'Europe/Copenhagen', country: 'DK' },
  { city: 'Lisbon', aliases: ['Lisboa'], zone: 'Europe/Lisbon', country: 'PT' },
  { city: 'Warsaw', zone: 'Europe/Warsaw', country: 'PL' },
  { city: 'Moscow', zone: 'Europe/Moscow', country: 'RU' },
  { city: 'Johannesburg', zone: 'Africa/Johannesburg', country: 'ZA' },
  { city: 'Kigali', zone: 'Africa/Kigali', country: 'RW' },
  { city: 'Dakar', zone: 'Africa/Dakar', country: 'SN' },
  { city: 'Marrakech', aliases: ['Marrakesh'], zone: 'Africa/Casablanca', country: 'MA' },
  { city: 'Sydney', zone: 'Australia/Sydney', country: 'AU', region: 'NSW' },
  { city: 'Melbourne', zone: 'Australia/Melbourne', country: 'AU', region: 'VIC' },
  { city: 'Auckland', zone: 'Pacific/Auckland', country: 'NZ' },
  { city: 'Suva', zone: 'Pacific/Fiji', country: 'FJ' },
  { city: 'Lima', zone: 'America/Lima', country: 'PE' },
  { city: 'Buenos Aires', zone: 'America/Argentina/Buenos_Aires', country: 'AR' },
  { city: 'Mexico City', zone: 'America/Mexico_City', country: 'MX' },
  { city: 'Bogota', aliases: ['Bogotá'], zone: 'America/Bogota', country: 'CO' },
  { city: 'Santiago', zone: 'America/Santiago', country: 'CL' },
];

/** Countries with a single time zone (multi-zone countries are absent on purpose). */
const COUNTRIES: readonly { names: string[]; code: string; zone: string }[] = [
  { names: ['Switzerland', 'Suisse', 'CH'], code: 'CH', zone: 'Europe/Zurich' },
  { names: ['France'], code: 'FR', zone: 'Europe/Paris' },
  { names: ['Germany', 'Deutschland', 'DE'], code: 'DE', zone: 'Europe/Berlin' },
  { names: ['Austria'], code: 'AT', zone: 'Europe/Vienna' },
  { names: ['Kenya'], code: 'KE', zone: 'Africa/Nairobi' },
  { names: ['Tunisia'], code: 'TN', zone: 'Africa/Tunis' },
  { names: ['Egypt'], code: 'EG', zone: 'Africa/Cairo' },
  { names: ['Turkey', 'Türkiye', 'Turkiye'], code: 'TR', zone: 'Europe/Istanbul' },
  { names: ['United Kingdom', 'UK', 'England', 'Great Britain'], code: 'GB', zone: 'Europe/London' },
  { names: ['Ireland'], code: 'IE', zone: 'Europe/Dublin' },
  { names: ['Japan'], code: 'JP', zone: 'Asia/Tokyo' },
  { names: ['Korea', 'South Korea', 'Republic of Korea'], code: 'KR', zone: 'Asia/Seoul' },
  { names: ['United Arab Emirates', 'UAE'], code: 'AE', zone: 'Asia/Dubai' },
  { names: ['Qatar'], code: 'QA', zone: 'Asia/Qatar' },
  { names: ['Norway'], code: 'NO', zone: 'Europe/Oslo' },
  { names: ['Finland'], code: 'FI', zone: 'Europe/Helsinki' },
  { names: ['Netherlands', 'the Netherlands'], code: 'NL', zone: 'Europe/Amsterdam' },
  { names: ['Belgium'], code: 'BE', zone: 'Europe/Brussels' },
  { names: ['Italy'], code: 'IT', zone: 'Europe/Rome' },
  { names: ['Czech Republic', 'Czechia'], code: 'CZ', zone: 'Europe/Prague' },
  { names: ['Hungary'], code: 'HU', zone: 'Europe/Budapest' },
  { names: ['Poland'], code: 'PL', zone: 'Europe/Warsaw' },
  { names: ['Sweden'], code: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Denmark'], code: 'DK', zone: 'Europe/Copenhagen' },
  { names: ['Singapore'], code: 'SG', zone: 'Asia/Singapore' },
  { names: ['Thailand'], code: 'TH', zone: 'Asia/Bangkok' },
  { names: ['India'], code: 'IN', zone: 'Asia/Kolkata' },
  { names: ['China'], code: 'CN', zone: 'Asia/Shanghai' },
  { names: ['Peru'], code: 'PE', zone: 'America/Lima' },
  { names: ['Argentina'], code: 'AR', zone: 'America/Argentina/Buenos_Aires' },
  { names: ['Fiji'], code: 'FJ', zone: 'Pacific/Fiji' },
  { names: ['Ethiopia'], code: 'ET', zone: 'Africa/Addis_Ababa' },
  { names: ['Rwanda'], code: 'RW', zone: 'Africa/Kigali' },
  { names: ['South Africa'], code: 'ZA', zone: 'Africa/Johannesburg' },
  { names: ['Senegal'], code: 'SN', zone: 'Africa/Dakar' },
  { names: ['Morocco'], code: 'MA', zone: 'Africa/Casablanca' },
  { names: ['Israel'], code: 'IL', zone: 'Asia/Jerusalem' },
  { names: ['Greece'], code: 'GR', zone: 'Europe/Athens' },
];

/** US states: most have one zone; split states map to the zone of most of their people. */
const US_STATES: readonly [string, string, string][] = [
  ['AL', 'Alabama', 'America/Chicago'],
  ['AK', 'Alaska', 'America/Anchorage'],
  ['AZ', 'Arizona', 'America/Phoenix'],
  ['AR', 'Arkansas', 'America/Chicago'],
  ['CA', 'California', 'America/Los_Angeles'],
  ['CO', 'Colorado', 'America/Denver'],
  ['CT', 'Connecticut', 'America/New_York'],
  ['DE', 'Delaware', 'America/New_York'],
  ['DC', 'District of Columbia', 'America/New_York'],
  ['FL', 'Florida', 'America/New_York'],
  ['GA', 'Georgia', 'America/New_York'],
  ['HI', 'Hawaii', 'Pacific/Honolulu'],
  ['ID', 'Idaho', 'America/Boise'],
  ['IL', 'Illinois', 'America/Chicago'],
  ['IN', 'Indiana', 'America/Indiana/Indianapolis'],
  ['IA', 'Iowa', 'America/Chicago'],
  ['KS', 'Kansas', 'America/Chicago'],
  ['KY', 'Kentucky', 'America/New_York'],
  ['LA', 'Louisiana', 'America/Chicago'],
  ['ME', 'Maine', 'America/New_York'],
  ['MD', 'Maryland', 'America/New_York'],
  ['MA', 'Massachusetts', 'America/New_York'],
  ['MI', 'Michigan', 'America/Detroit'],
  ['MN', 'Minnesota', 'America/Chicago'],
  ['MS', 'Mississippi', 'America/Chicago'],
  ['MO', 'Missouri', 'America/Chicago'],
  ['MT', 'Montana', 'America/Denver'],
  ['NE', 'Nebraska', 'America/Chicago'],
  ['NV', 'Nevada', 'America/Los_Angeles'],
  ['NH', 'New Hampshire', 'America/New_York'],
  ['NJ', 'New Jersey', 'America/New_York'],
  ['NM', 'New Mexico', 'America/Denver'],
  ['NY', 'New York', 'America/New_York'],
  ['NC', 'North Carolina', 'America/New_York'],
  ['ND', 'North Dakota', 'America/Chicago'],
  ['OH', 'Ohio', 'America/New_York'],
  ['OK', 'Oklahoma', 'America/Chicago'],
  ['OR', 'Oregon', 'America/Los_Angeles'],
  ['PA', 'Pennsylvania', 'America/New_York'],
  ['RI', 'Rhode Island', 'America/New_York'],
  ['SC', 'South Carolina', 'America/New_York'],
  ['SD', 'South Dakota', 'America/Chicago'],
  ['TN', 'Tennessee', 'America/Chicago'],
  ['TX', 'Texas', 'America/Chicago'],
  ['UT', 'Utah', 'America/Denver'],
  ['VT', 'Vermont', 'America/New_York'],
  ['VA', 'Virginia', 'America/New_York'],
  ['WA', 'Washington', 'America/Los_Angeles'],
  ['WV', 'West Virginia', 'America/New_York'],
  ['WI', 'Wisconsin', 'America/Chicago'],
  ['WY', 'Wyoming', 'America/Denver'],
];

/** Folds case and accents so "Genève" finds "Geneva"'s alias and "ZÜRICH" finds "Zurich". */
export function foldKey(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9+]+/g, ' ')
    .trim();
}

interface PlaceIndexEntry {
  key: string;
  place: Place;
}

const PLACE_INDEX: PlaceIndexEntry[] = PLACES.flatMap((place) =>
  [place.city, ...(place.aliases ?? [])].map((name) => ({ key: foldKey(name), place })),
).sort((a, b) => b.key.length - a.key.length);

/** The place table entry for a city name or alias, if any. */
export function placeByName(name: string): Place | undefined {
  const key = foldKey(name);
  return PLACE_INDEX.find((e) => e.key === key)?.place;
}

/** A city of the place table found in a text, with its position. */
export interface PlaceMention {
  place: Place;
  index: number;
  length: number;
}

/**
 * Finds cities of the place table in `text` (whole words, case- and accent-insensitive),
 * longest names first so that "San Francisco" is not read as a shorter name.
 */
export function findPlaces(text: string): PlaceMention[] {
  const folded = foldWithMap(text);
  const found: PlaceMention[] = [];
  const taken: boolean[] = new Array(folded.text.length).fill(false);
  for (const entry of PLACE_INDEX) {
    let from = 0;
    for (;;) {
      const at = folded.text.indexOf(entry.key, from);
      if (at < 0) break;
      from = at + 1;
      const end = at + entry.key.length;
      const before = at === 0 ? ' ' : (folded.text[at - 1] as string);
      const after = end >= folded.text.length ? ' ' : (folded.text[end] as string);
      if (before !== ' ' || after !== ' ') continue;
      if (taken.slice(at, end).some(Boolean)) continue;
      for (let k = at; k < end; k++) taken[k] = true;
      const start = folded.map[at] as number;
      const stop = folded.map[end - 1] as number;
      found.push({ place: entry.place, index: start, length: stop - start + 1 });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/** `foldKey` for a whole text, keeping a map from folded positions back to the original. */
function foldWithMap(text: string): { text: string; map: number[] } {
  let out = '';
  const map: number[] = [];
  let lastSpace = true;
  for (let i = 0; i < text.length; i++) {
    const ch = (text[i] as string)
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
    for (const c of ch) {
      if (/[a-z0-9+]/.test(c)) {
        out += c;
        map.push(i);
        lastSpace = false;
      } else if (!lastSpace) {
        out += ' ';
        map.push(i);
        lastSpace = true;
      }
    }
  }
  return { text: out, map };
}

/** Country entry by name or code. */
export function countryByName(name: string): { code: string; zone: string } | undefined {
  const key = foldKey(name);
  const hit = COUNTRIES.find((c) => c.names.some((n) => foldKey(n) === key));
  return hit ? { code: hit.code, zone: hit.zone } : undefined;
}

/** US state by two-letter code or full name: its code and zone. */
export function usStateByName(name: string): { code: string; zone: string } | undefined {
  const trimmed = name.trim();
  const key = foldKey(trimmed);
  // Two-letter codes only in capitals, so that the words "or" and "in" are never states.
  const isCode = /^[A-Z]{2}$/.test(trimmed);
  const hit = US_STATES.find(([code, full]) => (isCode && code === trimmed) || foldKey(full) === key);
  return hit ? { code: hit[0], zone: hit[2] } : undefined;
}

/** True when `zone` is a valid IANA zone name (Intl knows it). */
export function isIanaZone(zone: string): boolean {
  let known = ianaCache.get(zone);
  if (known === undefined) {
    known = /^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/.test(zone) && IANAZone.isValidZone(zone);
    if (ianaCache.size > 10_000) ianaCache.clear();
    ianaCache.set(zone, known);
  }
  return known;
}

// Intl answers these questions slowly; the answers never change within a process.
const ianaCache = new Map<string, boolean>();
const offsetCache = new Map<string, number | undefined>();

/** A zone usable by Luxon: IANA, `UTC`, or a fixed offset written `UTC+5:30`. */
export function isUsableZone(zone: string): boolean {
  if (zone === 'UTC') return true;
  if (/^UTC[+-]\d{1,2}(?::\d{2})?$/.test(zone)) return true;
  return isIanaZone(zone);
}

/** The offset of `zone` in minutes at noon of a local day. */
export function offsetOn(zone: string, date: LocalDate): number | undefined {
  const key = `${zone}|${date}`;
  if (offsetCache.has(key)) return offsetCache.get(key);
  const dt = DateTime.fromISO(`${date}T12:00`, { zone });
  const offset = dt.isValid ? dt.offset : undefined;
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/** `UTC`, or Luxon's name for a fixed offset (`UTC-5`, `UTC+5:30`). */
export function fixedZoneName(offsetMinutes: number): string {
  return offsetMinutes === 0 ? 'UTC' : FixedOffsetZone.instance(offsetMinutes).name;
}

/** "UTC+2", "UTC-5", "UTC+5:30". */
export function formatOffset(offsetMinutes: number): string {
  return fixedZoneName(offsetMinutes) === 'UTC' ? 'UTC+0' : fixedZoneName(offsetMinutes);
}

/**
 * An abbreviation or zone name. `offset` is set when the name itself fixes an offset
 * (PST = UTC-8); generic names (PT, "Eastern Time") leave it open. `alternatives` lists
 * other zones the same letters are used for, so the venue can break the tie.
 */
interface Abbreviation {
  zone: string;
  offset?: number;
  alternatives?: { zone: string; offset?: number }[];
}

const ABBREVIATIONS: Record<string, Abbreviation> = {
  UTC: { zone: 'UTC', offset: 0 },
  GMT: { zone: 'UTC', offset: 0, alternatives: [{ zone: 'Europe/London', offset: 0 }] },
  Z: { zone: 'UTC', offset: 0 },
  PT: { zone: 'America/Los_Angeles' },
  PST: { zone: 'America/Los_Angeles', offset: -480 },
  PDT: { zone: 'America/Los_Angeles', offset: -420 },
  MT: { zone: 'America/Denver' },
  MST: { zone: 'America/Denver', offset: -420, alternatives: [{ zone: 'America/Phoenix', offset: -420 }] },
  MDT: { zone: 'America/Denver', offset: -360 },
  CT: { zone: 'America/Chicago' },
  CST: { zone: 'America/Chicago', offset: -360, alternatives: [{ zone: 'Asia/Shanghai', offset: 480 }] },
  CDT: { zone: 'America/Chicago', offset: -300 },
  ET: { zone: 'America/New_York' },
  EST: { zone: 'America/New_York', offset: -300 },
  EDT: { zone: 'America/New_York', offset: -240 },
  AKST: { zone: 'America/Anchorage', offset: -540 },
  AKDT: { zone: 'America/Anchorage', offset: -480 },
  HST: { zone: 'Pacific/Honolulu', offset: -600 },
  AST: { zone: 'America/Halifax', offset: -240, alternatives: [{ zone: 'Asia/Riyadh', offset: 180 }] },
  ADT: { zone: 'America/Halifax', offset: -180 },
  WET: { zone: 'Europe/Lisbon', offset: 0 },
  WEST: { zone: 'Europe/Lisbon', offset: 60 },
  BST: { zone: 'Europe/London', offset: 60, alternatives: [{ zone: 'Asia/Dhaka', offset: 360 }] },
  IST: {
    zone: 'Asia/Kolkata',
    offset: 330,
    alternatives: [
      { zone: 'Europe/Dublin', offset: 60 },
      { zone: 'Asia/Jerusalem', offset: 120 },
    ],
  },
  CET: { zone: 'Europe/Paris', offset: 60 },
  CEST: { zone: 'Europe/Paris', offset: 120 },
  MET: { zone: 'Europe/Paris', offset: 60 },
  MEST: { zone: 'Europe/Paris', offset: 120 },
  EET: { zone: 'Europe/Athens', offset: 120 },
  EEST: { zone: 'Europe/Athens', offset: 180 },
  MSK: { zone: 'Europe/Moscow', offset: 180 },
  TRT: { zone: 'Europe/Istanbul', offset: 180 },
  EAT: { zone: 'Africa/Nairobi', offset: 180 },
  CAT: { zone: 'Africa/Maputo', offset: 120 },
  WAT: { zone: 'Africa/Lagos', offset: 60 },
  SAST: { zone: 'Africa/Johannesburg', offset: 120 },
  GST: { zone: 'Asia/Dubai', offset: 240 },
  PKT: { zone: 'Asia/Karachi', offset: 300 },
  ICT: { zone: 'Asia/Bangkok', offset: 420 },
  SGT: { zone: 'Asia/Singapore', offset: 480 },
  HKT: { zone: 'Asia/Hong_Kong', offset: 480 },
  JST: { zone: 'Asia/Tokyo', offset: 540 },
  KST: { zone: 'Asia/Seoul', offset: 540 },
  AWST: { zone: 'Australia/Perth', offset: 480 },
  ACST: { zone: 'Australia/Adelaide', offset: 570 },
  ACDT: { zone: 'Australia/Adelaide', offset: 630 },
  AEST: { zone: 'Australia/Sydney', offset: 600 },
  AEDT: { zone: 'Australia/Sydney', offset: 660 },
  NZST: { zone: 'Pacific/Auckland', offset: 720 },
  NZDT: { zone: 'Pacific/Auckland', offset: 780 },
  BRT: { zone: 'America/Sao_Paulo', offset: -180 },
  ART: { zone: 'America/Argentina/Buenos_Aires', offset: -180 },
  ACT: {
    zone: 'America/Rio_Branco',
    offset: -300,
    alternatives: [{ zone: 'Australia/Adelaide', offset: 570 }],
  },
};

/** Zone names written out in words. */
const ZONE_WORDS: Record<string, Abbreviation> = {
  'pacific time': { zone: 'America/Los_Angeles' },
  'mountain time': { zone: 'America/Denver' },
  'central time': { zone: 'America/Chicago' },
  'eastern time': { zone: 'America/New_York' },
  'central european time': { zone: 'Europe/Paris' },
  'central european summer time': { zone: 'Europe/Paris', offset: 120 },
  'british summer time': { zone: 'Europe/London', offset: 60 },
  'coordinated universal time': { zone: 'UTC', offset: 0 },
  'greenwich mean time': { zone: 'UTC', offset: 0 },
  'eastern standard time': { zone: 'America/New_York', offset: -300 },
  'eastern daylight time': { zone: 'America/New_York', offset: -240 },
  'pacific standard time': { zone: 'America/Los_Angeles', offset: -480 },
  'pacific daylight time': { zone: 'America/Los_Angeles', offset: -420 },
  'central european standard time': { zone: 'Europe/Paris', offset: 60 },
  // "2 PM Eastern (11 AM Pacific)": the region word alone, read only right after a time.
  eastern: { zone: 'America/New_York' },
  pacific: { zone: 'America/Los_Angeles' },
  central: { zone: 'America/Chicago' },
  mountain: { zone: 'America/Denver' },
};

/** Names that look like zones but say nothing ("TZ" is a template placeholder). */
const PLACEHOLDERS = new Set(['TZ', 'TBD', 'TBA']);

/** One zone expression found in a text: what it said, parsed. */
export interface ZoneStatement {
  /** The expression as written. */
  text: string;
  index: number;
  length: number;
  iana?: string;
  /** A written offset in minutes ("UTC -5" -> -300). */
  offset?: number;
  abbreviation?: string;
  /** Zone the abbreviation or words point to, with alternatives. */
  family?: Abbreviation;
  /** A city named as the zone ("Geneva time"). */
  cityZone?: string;
  /** An IANA-looking name that is not a known zone. */
  invalidIana?: string;
}

const DASHES = '\\-\u2010\u2011\u2012\u2013\u2014\u2212';
const IANA_RE =
  /\b((?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)(?:\/[A-Za-z][A-Za-z0-9_+-]*)+)/y;
const OFFSET_RE = new RegExp(`(?:UTC|GMT)\\s*([+${DASHES}])\\s*(\\d{1,2})(?:[:.]?(\\d{2}))?(?!\\d)`, 'y');
const ABBR_RE = /"?([A-Z]{1,5})"?(?![A-Za-z])/y;
// A region word alone ("Eastern") is no zone when a name goes on ("Pacific Islands Forum").
const WORDS_RE = new RegExp(
  `(${Object.keys(ZONE_WORDS)
    .map((k) => (k.includes(' ') ? k : `${k}(?![ \\t]+[A-Z])`))
    .join('|')})\\b`,
  'iy',
);
const CITY_TIME_RE = /([A-Z][A-Za-z.' -]{1,30}?)\s+(?:local\s+)?time\b/y;

/**
 * Reads the zone expression that starts at `from` in `text` (after a time, typically):
 * any sequence of an abbreviation or zone words, a city's "X time", and parenthesised
 * IANA names and offsets, e.g. `CDT (UTC -5)`, `"BST" (Europe/London)`,
 * `EST (America/Port-au-Prince, UTC−5)`, `(CEST)`, `UTC`. Returns undefined when none.
 */
export function readZoneAfter(text: string, from: number): ZoneStatement | undefined {
  let i = from;
  const statement: Omit<ZoneStatement, 'text' | 'index' | 'length'> = {};
  let start = -1;
  let end = -1;
  let parens = 0;
  for (let guard = 0; guard < 12 && i < text.length; guard++) {
    const ws = /[\s\u00a0]*/y;
    ws.lastIndex = i;
    ws.exec(text);
    let j = ws.lastIndex;
    const ch = text[j];
    if (ch === '(' || ch === '[') {
      parens++;
      i = j + 1;
      continue;
    }
    if ((ch === ')' || ch === ']') && parens > 0) {
      parens--;
      i = j + 1;
      end = i;
      continue;
    }
    if ((ch === ',' || ch === '/' || ch === ';') && (parens > 0 || start >= 0)) {
      i = j + 1;
      continue;
    }
    const m = matchAt(IANA_RE, text, j) ?? undefined;
    if (m) {
      const name = m[1] as string;
      if (isIanaZone(name)) statement.iana ??= name;
      else statement.invalidIana ??= name;
      if (start < 0) start = j;
      j += m[0].length;
      i = end = j;
      continue;
    }
    const off = matchAt(OFFSET_RE, text, j);
    if (off) {
      const sign = off[1] === '+' ? 1 : -1;
      const minutes = sign * (Number(off[2]) * 60 + Number(off[3] ?? 0));
      if (Math.abs(minutes) <= 14 * 60) statement.offset ??= minutes;
      if (start < 0) start = j;
      i = end = j + off[0].length;
      continue;
    }
    const words = matchAt(WORDS_RE, text, j);
    if (words) {
      const entry = ZONE_WORDS[(words[1] as string).toLowerCase()];
      if (entry && !statement.family) {
        statement.family = entry;
        statement.abbreviation = words[1] as string;
      }
      if (start < 0) start = j;
      i = end = j + words[0].length;
      continue;
    }
    const abbr = matchAt(ABBR_RE, text, j);
    if (abbr) {
      const name = abbr[1] as string;
      const entry = ABBREVIATIONS[name];
      if (entry) {
        if (!statement.family) {
          statement.family = entry;
          statement.abbreviation = name;
        }
        if (start < 0) start = j;
        i = end = j + abbr[0].length;
        continue;
      }
      if (PLACEHOLDERS.has(name)) {
        if (start < 0) start = j;
        i = end = j + abbr[0].length;
        continue;
      }
    }
    const city = matchAt(CITY_TIME_RE, text, j);
    if (city) {
      const place = placeByName(city[1] as string);
      if (place) {
        statement.cityZone ??= place.zone;
        if (start < 0) start = j;
        i = end = j + city[0].length;
        continue;
      }
    }
    // A quoted city name used as a zone label, as in `"Tokyo" / JST`.
    const quoted = /"([^"]{2,30})"/y;
    quoted.lastIndex = j;
    const q = quoted.exec(text);
    if (q) {
      const place = placeByName(q[1] as string);
      if (place) {
        statement.cityZone ??= place.zone;
        if (start < 0) start = j;
        i = end = quoted.lastIndex;
        continue;
      }
    }
    break;
  }
  if (start < 0) return undefined;
  if (
    statement.iana === undefined &&
    statement.offset === undefined &&
    statement.family === undefined &&
    statement.cityZone === undefined &&
    statement.invalidIana === undefined
  ) {
    return undefined;
  }
  // "(Geneva time)": the closing parenthesis belongs to the expression only with its opening one.
  let stop = end;
  const count = (ch: string) => text.slice(start, stop).split(ch).length - 1;
  while (
    stop > start &&
    /[)\]\s]/.test(text[stop - 1] as string) &&
    count(')') + count(']') > count('(') + count('[')
  )
    stop--;
  return { ...statement, text: text.slice(start, stop).trim(), index: start, length: stop - start };
}

function matchAt(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

/** Finds IANA zone names anywhere in a text (e.g. "All times are Europe/Zurich"). */
export function findIanaNames(text: string): { name: string; index: number; valid: boolean }[] {
  const re = new RegExp(IANA_RE.source, 'g');
  const out: { name: string; index: number; valid: boolean }[] = [];
  for (const m of text.matchAll(re)) {
    out.push({ name: m[1] as string, index: m.index ?? 0, valid: isIanaZone(m[1] as string) });
  }
  return out;
}

/** The outcome of weighing what a source said about its zone. */
export interface ResolvedZone {
  zone: string;
  basis: ZoneBasis;
  stated?: string;
  /** Why the result may be wrong; absent when everything agreed. */
  uncertain?: string;
  /** Stable code of the problem, for a diagnostic. */
  problem?: 'zone-mismatch' | 'zone-ambiguous' | 'zone-invalid' | 'zone-default';
}

/**
 * Weighs a zone statement against the date it applies to and the venue's zone.
 *
 * Order of trust: an IANA name written in the text; a written numeric offset; an
 * abbreviation or zone words (the venue's zone is preferred when it has the same offset
 * that day, so "PDT" in Seattle is America/Los_Angeles and "MST" in Phoenix is
 * America/Phoenix); a city named as the zone; then the venue; then the process default.
 * Disagreements ("EDT (America/Chicago)", "PT (UTC -5)" in July, "PDT" in January) keep
 * the more explicit statement and say why in `uncertain`.
 */
export function resolveZone(
  statement: ZoneStatement | undefined,
  date: LocalDate | undefined,
  venueZone: string | undefined,
  defaultZone: string | undefined,
): ResolvedZone | undefined {
  const day = date ?? '2000-01-01';
  if (statement) {
    const stated = statement.text;
    const abbrOffset = statement.family?.offset;
    const familyZone = statement.family ? pickFamilyZone(statement.family, day, venueZone) : undefined;
    if (statement.iana) {
      const ianaOffset = offsetOn(statement.iana, day);
      const notes: string[] = [];
      if (statement.offset !== undefined && ianaOffset !== undefined && ianaOffset !== statement.offset) {
        notes.push(
          `the stated offset ${formatOffset(statement.offset)} disagrees with ${statement.iana} (${formatOffset(ianaOffset)} on ${day})`,
        );
      }
      if (statement.abbreviation && ianaOffset !== undefined) {
        const expected = abbrOffset ?? (familyZone ? offsetOn(familyZone, day) : undefined);
        if (expected !== undefined && expected !== ianaOffset) {
          notes.push(
            `"${statement.abbreviation}" (${formatOffset(expected)}) disagrees with ${statement.iana} (${formatOffset(ianaOffset)} on ${day})`,
          );
        }
      }
      return {
        zone: statement.iana,
        basis: 'iana',
        stated,
        ...(notes.length
          ? { uncertain: `${notes.join('; ')}; read as ${statement.iana}`, problem: 'zone-mismatch' as const }
          : {}),
      };
    }
    if (statement.offset !== undefined) {
      // An offset is exact; prefer a named zone that has that offset on the day, for DST-correct display.
      const named = [familyZone, statement.cityZone, venueZone].find(
        (z): z is string => z !== undefined && z !== 'UTC' && offsetOn(z, day) === statement.offset,
      );
      const zone = named ?? fixedZoneName(statement.offset);
      const notes: string[] = [];
      if (statement.abbreviation) {
        const expected = familyZone ? offsetOn(familyZone, day) : abbrOffset;
        if (abbrOffset !== undefined && abbrOffset !== statement.offset) {
          notes.push(
            `"${statement.abbreviation}" is ${formatOffset(abbrOffset)}, not ${formatOffset(statement.offset)}`,
          );
        } else if (abbrOffset === undefined && expected !== undefined && expected !== statement.offset) {
          notes.push(
            `"${statement.abbreviation}" is ${formatOffset(expected)} on ${day}, not ${formatOffset(statement.offset)}`,
          );
        } else if (abbrOffset !== undefined && familyZone && offsetOn(familyZone, day) !== abbrOffset) {
          notes.push(`"${statement.abbreviation}" is not in effect on ${day}`);
        }
      }
      return {
        zone,
        basis: 'offset',
        stated,
        ...(notes.length
          ? {
              uncertain: `${notes.join('; ')}; read as ${formatOffset(statement.offset)} as written`,
              problem: 'zone-mismatch' as const,
            }
          : {}),
      };
    }
    if (statement.family && familyZone) {
      const dayOffset = offsetOn(familyZone, day);
      const notes: string[] = [];
      let problem: ResolvedZone['problem'];
      if (
        abbrOffset !== undefined &&
        dayOffset !== undefined &&
        abbrOffset !== dayOffset &&
        familyZone !== 'UTC'
      ) {
        notes.push(
          `"${statement.abbreviation}" (${formatOffset(abbrOffset)}) is not in effect on ${day} in ${familyZone} (${formatOffset(dayOffset)}); read as local time there`,
        );
        problem = 'zone-mismatch';
      }
      if (statement.family.alternatives?.length && familyZone === statement.family.zone && !venueZone) {
        notes.push(
          `"${statement.abbreviation}" is also used for ${statement.family.alternatives.map((a) => a.zone).join(', ')}; read as ${familyZone}`,
        );
        problem ??= 'zone-ambiguous';
      }
      return {
        zone: familyZone,
        basis: 'abbreviation',
        stated,
        ...(notes.length ? { uncertain: notes.join('; '), ...(problem ? { problem } : {}) } : {}),
      };
    }
    if (statement.cityZone) return { zone: statement.cityZone, basis: 'abbreviation', stated };
    if (statement.invalidIana && !venueZone && !defaultZone) {
      return undefined;
    }
  }
  if (venueZone) return { zone: venueZone, basis: 'venue' };
  if (defaultZone) {
    return {
      zone: defaultZone,
      basis: 'default',
      uncertain: `no time zone stated and no known venue; used the default ${defaultZone}`,
      problem: 'zone-default',
    };
  }
  return undefined;
}

/** The zone of an abbreviation's family that fits the venue best on that day. */
function pickFamilyZone(family: Abbreviation, day: LocalDate, venueZone: string | undefined): string {
  const candidates = [{ zone: family.zone, offset: family.offset }, ...(family.alternatives ?? [])];
  if (venueZone) {
    const venueOffset = offsetOn(venueZone, day);
    // The venue's own zone wins when the abbreviation names its offset (or its family, for generic names).
    for (const c of candidates) {
      if (c.offset !== undefined && c.offset === venueOffset) return venueZone;
      if (c.offset === undefined && offsetOn(c.zone, day) === venueOffset) return venueZone;
    }
    const sameFamily = candidates.find((c) => c.zone === venueZone);
    if (sameFamily) return venueZone;
  }
  return family.zone;
}
