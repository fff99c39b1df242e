/**
 * Zone statements: abbreviations ("PDT", "CET" imply a zone family and often an offset), zone
 * words, offsets and IANA names are read by one scanner (`readZoneAfter`) and resolved by one
 * ranking (`resolveZone`) against the venue table in `places.ts`.
 */
import { DateTime, FixedOffsetZone, IANAZone } from 'luxon';
import { lookupCity } from './gazetteer.js';
import { countryByName, placeByName } from './places.js';
import type { LocalDate, ZoneBasis } from './types.js';
import { ABBREVIATIONS, type Abbreviation, PLACEHOLDERS, ZONE_WORDS } from './zone-names.js';

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
/** The offset of an ISO 8601 time ("+01:00", "-0500"), read only right after such a time. */
const ISO_OFFSET_RE = new RegExp(`([+${DASHES}])(\\d{2}):?(\\d{2})?(?!\\d)`, 'y');
// The date before the "T" may be blanked out (respell.ts, ISO intervals).
const ISO_TIME_BEFORE = /[\d\s]T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?$/;
const ABBR_RE = /"?([A-Z]{1,5})"?(?![A-Za-z])/y;
// A region word alone ("Eastern") is no zone when a name goes on ("Pacific Islands Forum").
const WORDS_RE = new RegExp(
  `(${Object.keys(ZONE_WORDS)
    .map((k) => (k.includes(' ') ? k : `${k}(?![ \\t]+[A-Z])`))
    .join('|')})\\b`,
  'iy',
);
/** Words before "time" that are no city even where a town bears the name ("the same time"). */
const NOT_A_CITY =
  /^(?:same|any|other|your|our|their|this|that|each|every|usual|normal|real|standard|summer|winter|daylight)$/i;
const CITY_TIME_RE = /([A-Z][A-Za-z.' -]{1,30}?)\s+(?:local\s+)?time\b/y;
/** The unit word some write after a time: "10:00 horas", "10.00 hrs", "14 heures", "10 Uhr". */
const CLOCK_UNIT_RE = /(?:horas|hrs\.?|heures|uhr)(?![\p{L}])/iuy;
/** "heure de Genève", "hora de Bogotá", "hora de Ciudad de México": a city's time in French and Spanish. */
const CITY_TIME_ROMANCE_RE =
  /(?:heure|hora)(?:\s+(?:locale|local|oficial))?\s+(?:de\s+|d'|del\s+)((?:\p{Lu}[\p{L}.'-]*)(?:\s+(?:de\s+)?\p{Lu}[\p{L}.'-]*){0,3})/uy;

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
    // "a las 10:00 horas (hora de Ciudad de México)": the unit word after the time, before its zone.
    const unit = start < 0 && guard === 0 ? matchAt(CLOCK_UNIT_RE, text, j) : null;
    if (unit) {
      i = j + unit[0].length;
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
    // "2027-03-03T10:00+01:00": an ISO 8601 time's offset, written right after it without "UTC".
    const isoOff = j === from && guard === 0 && ISO_TIME_BEFORE.test(text.slice(Math.max(0, j - 16), j));
    const off = matchAt(OFFSET_RE, text, j) ?? (isoOff ? matchAt(ISO_OFFSET_RE, text, j) : null);
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
    const romance = matchAt(CITY_TIME_ROMANCE_RE, text, j);
    const romanceZone = romance
      ? (placeByName(romance[1] as string)?.zone ??
        lookupCity(romance[1] as string)?.zone ??
        countryByName(romance[1] as string)?.zone)
      : undefined;
    if (romance && romanceZone) {
      statement.cityZone ??= romanceZone;
      if (start < 0) start = j;
      i = end = j + romance[0].length;
      continue;
    }
    const city = matchAt(CITY_TIME_RE, text, j);
    if (city) {
      // "(Canberra time)", "(Lausanne time)": a city beyond the venue table, from the gazetteer when unambiguous.
      const name = city[1] as string;
      const place = placeByName(name) ?? (NOT_A_CITY.test(name) ? undefined : lookupCity(name));
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
