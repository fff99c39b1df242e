/**
 * Places: the venue table, countries and US states, and finding them in a text. A venue
 * implies a zone and a holiday calendar (zones.ts reads the zone words). The tables are small on
 * purpose: they cover the usual venues of multilateral processes and standards bodies,
 * and everything outside them is reported as unknown rather than guessed.
 */

export interface Place {
  /** The city as people write it. */
  city: string;
  /** Other spellings, all compared case- and accent-insensitively. */
  aliases?: string[];
  /**
   * Buildings that name the city on their own, for notices that give only the building
   * ("Room XXII, Palais des Nations"): found as the city is, and never shown as its name.
   */
  landmarks?: string[];
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
    aliases: ['Genève', 'Geneve', 'Genf', 'Ginevra', 'Ginebra', 'Genebra'],
    landmarks: ['Palais des Nations', 'Palais Wilson', 'Centre William Rappard', 'Maison de la Paix'],
    zone: 'Europe/Zurich',
    country: 'CH',
    region: 'GE',
  },
  { city: 'Zurich', aliases: ['Zürich'], zone: 'Europe/Zurich', country: 'CH', region: 'ZH' },
  { city: 'Bern', aliases: ['Berne'], zone: 'Europe/Zurich', country: 'CH', region: 'BE' },
  {
    city: 'New York',
    aliases: ['NYC', 'New York City', 'Nueva York', 'New-York', 'Nova Iorque'],
    zone: 'America/New_York',
    country: 'US',
    region: 'NY',
  },
  { city: 'Paris', landmarks: ['UNESCO House', "Maison de l'UNESCO"], zone: 'Europe/Paris', country: 'FR' },
  { city: 'Bonn', zone: 'Europe/Berlin', country: 'DE', region: 'NW' },
  { city: 'Berlin', zone: 'Europe/Berlin', country: 'DE', region: 'BE' },
  { city: 'Munich', aliases: ['München'], zone: 'Europe/Berlin', country: 'DE', region: 'BY' },
  { city: 'Hamburg', zone: 'Europe/Berlin', country: 'DE', region: 'HH' },
  { city: 'Vienna', aliases: ['Wien', 'Viena'], zone: 'Europe/Vienna', country: 'AT', region: '9' },
  { city: 'Nairobi', landmarks: ['Gigiri'], zone: 'Africa/Nairobi', country: 'KE' },
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
  { city: 'London', aliases: ['Londres'], zone: 'Europe/London', country: 'GB', region: 'ENG' },
  { city: 'Dublin', zone: 'Europe/Dublin', country: 'IE' },
  { city: 'Brussels', aliases: ['Bruxelles', 'Brüssel', 'Bruselas'], zone: 'Europe/Brussels', country: 'BE' },
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
  { city: 'Prague', aliases: ['Praha', 'Prag'], zone: 'Europe/Prague', country: 'CZ' },
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
  {
    city: 'Mexico City',
    aliases: ['Ciudad de México', 'CDMX', 'México, D.F.', 'México D.F.'],
    zone: 'America/Mexico_City',
    country: 'MX',
  },
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
  [place.city, ...(place.aliases ?? []), ...(place.landmarks ?? [])].map((name) => ({
    key: foldKey(name),
    place,
  })),
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
/**
 * A word after a city that makes the city no venue: a capitalised noun of an instrument's or a
 * process's name ("the Geneva Convention"), or "time", a clock ("15:00 New York time").
 */
export const NAMES_INSTRUMENT =
  /^\s+(?:[Tt]ime\b|Conventions?(?!\s+(?:Cent(?:re|er)|Hall|Complex))|Agreements?|Accords?|Protocols?|Declaration|Treaty|Charter|Principles|Consensus|Framework|Process|Commitments?|Statement|Plan of Action|Action Plan|Programme of Action|Rules)\b/;

/**
 * Words before a city that make it a clock, not a place: "heure de Paris", "hora de Ciudad de
 * México", and a clock time itself in a list of local times ("18.30 Mumbai; 19.00 Dhaka",
 * "21.00 Ulaanbaatar – Manila", "9 am Lima").
 */
export const CLOCK_BEFORE =
  /(?:\b(?:heure|hora|horario)\s+(?:de\s+(?:la\s+)?|d['\u2019]\s*)|(?<![\d.:])\d{1,2}[.:h]\d{2}\s+(?:[A-Z][\p{L}-]*\s*[\u2013\u2014-]\s*)?|\b\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?m\.?\s+)$/iu;

/**
 * A city's name inside a room's: "Room Berlin", "Salle Genève", "Sala Lima" (the word before it),
 * "the Bonn Room", "Geneva Hall" (the word after it, capitalised). Conference centres name
 * their rooms after cities; the room is not in that city.
 */
const ROOM_BEFORE =
  /\b(?:[Rr]ooms?|ROOMS?|[Ss]alle|SALLE|[Ss]ala|SALA|[Ss]aal|[Rr]aum|[Hh]all|HALL|[Ss]alon)\s+$/;
const ROOM_AFTER = /^\s+(?:Room|ROOM|Hall|HALL|Suite|Auditorium|Salon|Lounge|Chamber|Saal)\b/;

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
      const start = folded.map[at] as number;
      const stop = folded.map[end - 1] as number;
      // "the Geneva Convention", "the Paris Agreement": a city naming an instrument, no place.
      if (NAMES_INSTRUMENT.test(text.slice(stop + 1, stop + 40))) continue;
      if (CLOCK_BEFORE.test(text.slice(Math.max(0, start - 24), start))) continue;
      if (
        ROOM_BEFORE.test(text.slice(Math.max(0, start - 12), start)) ||
        ROOM_AFTER.test(text.slice(stop + 1, stop + 16))
      )
        continue;
      for (let k = at; k < end; k++) taken[k] = true;
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
  // A code or short form only in capitals ("DE", "CH", "UK"), so that French "de" is no country.
  const matches = (n: string) => (/^[A-Z]{2,3}$/.test(n) ? name.trim() === n : foldKey(n) === key);
  const hit = COUNTRIES.find((c) => c.names.some(matches));
  return hit ? { code: hit.code, zone: hit.zone } : undefined;
}

/** US state by two-letter code or full name: its code and zone. */
export function usStateByName(name: string): { code: string; name: string; zone: string } | undefined {
  const trimmed = name.trim();
  const key = foldKey(trimmed);
  // Two-letter codes only in capitals, so that the words "or" and "in" are never states.
  const isCode = /^[A-Z]{2}$/.test(trimmed);
  const hit = US_STATES.find(([code, full]) => (isCode && code === trimmed) || foldKey(full) === key);
  return hit ? { code: hit[0], name: hit[1], zone: hit[2] } : undefined;
}
