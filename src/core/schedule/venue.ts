import { findDates } from './dates.js';
import { findCityAfterIn, findGazetteerPlaces, type GazetteerPlace, lookupCity } from './gazetteer.js';
import { countryByName, findPlaces, foldKey, placeByName, usStateByName } from './places.js';
import { findTimes } from './times.js';
import type { Venue } from './types.js';

const REMOTE =
  /\b(remote(?:ly)?|virtual(?:ly)?|online|on-line|video ?conference|videoconf|web ?ex|zoom|microsoft teams|teams meeting|google meet|meetecho|by video)\b/i;
/** True when the text holds a meeting online ("virtually", "on Zoom", "by video"). */
export function saysOnline(text: string): boolean {
  return REMOTE.test(text);
}

const HYBRID =
  /\b(hybrid[ea]?|h[íi]brid[oa]|in[- ]person and (?:online|remote|virtual)|(?:online|remote|virtual) and in[- ]person)\b|\bin[- ]person\b[^.;]{0,80}?\band\s+(?:online|virtually|remotely|by video)\b|\b(?:room|hall|chamber|salle|sala)\s+[\w-]+\s+and\s+(?:online|virtually|remotely|by video)\b/i;
const FORMER = /\(\s*(?:was|formerly|originally|previously)\s+([^)]+)\)/i;
const US_ZIP = /\b([A-Z]{2})\s+\d{5}(?:-\d{4})?\b/;

/**
 * Reads a venue from a line of text ("ITU Headquarters, Geneva", "Remote (was Chicago)",
 * "Menlo Park, California, USA", "Sunnyvale CA 94089"). Returns undefined when the text
 * names no known city, state, country or remote arrangement: an unrecognised address is
 * not a venue the engine can compare or place in a time zone. A city of the gazetteer named
 * alone counts from `minPopulation` people (500,000 by default; a line labelled as the
 * venue, "Ort: Vereinsheim, Innsbruck", is a place by its label and takes smaller cities).
 */
export function venueFromText(
  input: string,
  options: { minPopulation?: number; labelled?: boolean } = {},
): Venue | undefined {
  // Dates and times next to a place are facts of their own: "14-17 April 2014, Geneva" is Geneva.
  let raw = input;
  const spans = [...findDates(raw).mentions, ...findTimes(raw).mentions].sort((a, b) => b.index - a.index);
  for (const m of spans)
    raw = `${raw.slice(0, m.index)}${' '.repeat(m.length)}${raw.slice(m.index + m.length)}`;
  raw = raw.replace(/^[\s,;:.\u2013-]+/, '');
  // Lines of an address become comma-separated parts: "Netflix / 121 Albright Way / Los Gatos, CA".
  // A sentence wrapped mid-phrase ("... will take place at\nITU Headquarters") is joined
  // with a space, not a comma.
  const lines = raw
    .split(/\s*\n\s*/)
    .map((l) => l.trim().replace(/,$/, ''))
    .filter(Boolean);
  let text = lines[0] ?? '';
  for (const line of lines.slice(1)) {
    const midPhrase = /\b(?:at|in|on|of|the|to|and|from|for|with|by)$/i.test(text) || /^[a-z]/.test(line);
    text += midPhrase ? ` ${line}` : `, ${line}`;
  }
  text = text.replace(/\s+/g, ' ').trim();
  if (!text) return undefined;
  const former = FORMER.exec(text);
  const formerPlace = former ? placeByName((former[1] as string).trim()) : undefined;
  const withoutFormer = former ? text.replace(FORMER, ' ').replace(/\s+/g, ' ').trim() : text;
  const hybrid = HYBRID.test(withoutFormer);
  const remote = !hybrid && REMOTE.test(withoutFormer);

  const places = findPlaces(withoutFormer);
  // "first announced for Sharm el-Sheikh, will now take place in Geneva", "moved from X to Y":
  // with two places and words of a move, the meeting is at the last one.
  const moved =
    places.length > 1 &&
    /\b(moved|now|instead|relocated|change of venue|transferred)\b|\bfrom\b.*\bto\b/i.test(withoutFormer);
  const chosen = moved
    ? places[places.length - 1]
    : coordinatedZones(withoutFormer, places)
      ? undefined
      : outsideName(withoutFormer, places);
  const place = chosen?.place;
  if (place) {
    const venue: Venue = {
      mode: hybrid ? 'hybrid' : remote ? 'remote' : 'in-person',
      city: place.city,
      country: place.country,
      ...(place.region ? { region: place.region } : {}),
      timeZone: place.zone,
      text,
    };
    // "Room XXII, Palais des Nations": a building that names the city stays in the venue as written.
    const mention = chosen ? withoutFormer.slice(chosen.index, chosen.index + chosen.length) : '';
    const landmark = place.landmarks?.some((l) => foldKey(l) === foldKey(mention)) ? mention : undefined;
    const named = chosen && inName(withoutFormer, chosen.index);
    const end = chosen ? chosen.index + (named ? chosen.length : 0) : 0;
    const building = [buildingBefore(withoutFormer, end), landmark].filter(Boolean).join(', ');
    if (building) venue.building = building;
    if (formerPlace) venue.formerCity = formerPlace.city;
    return venue;
  }
  if (remote || hybrid) {
    // "in Conference Room 1 and online": the room of a hybrid meeting is its building.
    const room = hybrid ? roomVenue(withoutFormer, former?.[1]) : undefined;
    const venue: Venue = { mode: hybrid ? 'hybrid' : 'remote', ...room, text };
    if (formerPlace) {
      venue.formerCity = formerPlace.city;
    }
    return venue;
  }
  // A city of the gazetteer: "Limassol, Cyprus", or a large city named alone ("Bangkok").
  // "will meet on 5 May in Annecy": a smaller city where prose puts a place.
  const named = findGazetteerPlaces(withoutFormer, options.minPopulation);
  const far = coordinatedZones(
    withoutFormer,
    [...places, ...named].sort((a, b) => a.index - b.index),
  )
    ? undefined
    : (named[0] ?? findCityAfterIn(withoutFormer)[0]);
  if (far) {
    const venue: Venue = {
      mode: hybrid ? 'hybrid' : remote ? 'remote' : 'in-person',
      city: far.place.city,
      country: far.place.country,
      timeZone: far.place.zone,
      text,
    };
    const building = buildingBefore(
      withoutFormer,
      far.index + (inName(withoutFormer, far.index) ? far.length : 0),
    );
    if (building) venue.building = building;
    return venue;
  }
  // "City, State[, Country]" and "City ST 12345" for places outside the table.
  const parts = withoutFormer.split(/\s*,\s*/).filter(Boolean);
  for (let k = 1; k < parts.length; k++) {
    // "CA 95032", "CA US": a state code may carry a ZIP code or the country after it.
    const part = (parts[k] as string)
      .replace(/\s+\d{5}(?:-\d{4})?$/, '')
      .replace(/^([A-Z]{2})\s+(?:US|USA|U\.S\.A?\.?)$/, '$1')
      // "Ventura, California in the USA"
      .replace(/\s+in\s+the\s+(?:USA|US|U\.S\.A?\.?|United States)\b.*$/, '');
    const state = usStateByName(part);
    if (state) {
      return {
        mode: 'in-person',
        city: cityBefore(parts, k),
        country: 'US',
        region: state.code,
        timeZone: state.zone,
        text,
      };
    }
    const country = countryByName(part);
    if (country) {
      return {
        mode: 'in-person',
        city: cityBefore(parts, k),
        country: country.code,
        timeZone: country.zone,
        text,
      };
    }
  }
  // Under a venue label ("Ort:", "Lieu :", "Lugar:") the address ends with its town, often
  // after a postal code ("Hauptstraße 3, 69117 Heidelberg"): a smaller gazetteer city is
  // accepted there, when its name is not shared by towns in other zones.
  const town = options.labelled ? labelledTown(parts) : undefined;
  if (town) {
    const venue: Venue = {
      mode: 'in-person',
      city: town.city,
      country: town.country,
      timeZone: town.zone,
      text,
    };
    const building = parts.length > 1 ? (parts[0] as string) : undefined;
    if (building && building !== town.city) venue.building = building;
    return venue;
  }
  const room = roomVenue(withoutFormer, former?.[1]);
  if (room) return { mode: hybrid ? 'hybrid' : 'in-person', ...room, text };
  const zip = US_ZIP.exec(withoutFormer);
  if (zip) {
    const state = usStateByName(zip[1] as string);
    if (state) {
      const before = withoutFormer.slice(0, zip.index).trim().split(/\s+/);
      const city = before.slice(-2).join(' ');
      return {
        mode: 'in-person',
        ...(city ? { city } : {}),
        country: 'US',
        region: state.code,
        timeZone: state.zone,
        text,
      };
    }
  }
  return undefined;
}

/**
 * A room of a building, with its number, letter or roman numeral: "Room XXII", "Conference
 * Room 4", "Meeting Room 12", "Room S-3", "Salle B", "Sala 4", "Hall 2".
 */
const ROOM =
  /\b(?:(?:Conference|Meeting|Committee|Council|Plenary)\s+(?:[Rr]oom|[Hh]all)|[Rr]oom|[Ss]alle|[Ss]ala|Hall|Auditorium)\s+(?:No\.?\s*)?(?:[IVXLC]{2,6}|[A-Z]{1,2}(?:[-.]?\d{1,4}[A-Z]?)?|\d{1,4}[A-Z]?)(?![\w-])/g;
/** Before a room the meeting leaves: "instead of", "rather than", "from", "(was". */
const OLD_ROOM =
  /(?:\binstead\s+of|\brather\s+than|\bin\s+place\s+of|\bfrom|\bwas|\bformerly|\bpreviously|\boriginally|\bau\s+lieu\s+de|\ben\s+lugar\s+de|\ben\s+vez\s+de)\s+(?:the\s+)?$/i;

/**
 * A venue that names only a room, without a city ("in Room XIX", "Venue: Conference Room 4"):
 * the room is the building. With two rooms and words of a move ("in Room W instead of Room D",
 * "moved from Room D to Room W", "Room W (was Room D)"), the new room, the old one kept in
 * `formerRoom`.
 */
function roomVenue(
  text: string,
  former: string | undefined,
): Pick<Venue, 'building' | 'formerRoom'> | undefined {
  const rooms = [...text.matchAll(ROOM)].map((m) => ({ name: m[0], index: m.index ?? 0 }));
  if (rooms.length === 0) return undefined;
  const leaving = (r: { index: number }) => OLD_ROOM.test(text.slice(Math.max(0, r.index - 30), r.index));
  const old =
    rooms.find(leaving) ?? (former ? { name: [...former.matchAll(ROOM)][0]?.[0], index: -1 } : undefined);
  const moved = /\b(?:moved|now|instead|relocated|changed|transferred)\b/i.test(text);
  const kept = rooms.filter((r) => r !== old && !leaving(r));
  const now = old?.name ? kept[0] : moved && rooms.length > 1 ? rooms[rooms.length - 1] : rooms[0];
  if (!now) return undefined;
  const before = old?.name ?? (moved && rooms.length > 1 ? rooms[rooms.length - 2]?.name : undefined);
  return { building: now.name, ...(before && before !== now.name ? { formerRoom: before } : {}) };
}

/** The town that ends a labelled address: its last part, without a postal code before it. */
function labelledTown(parts: string[]): GazetteerPlace | undefined {
  const last = (parts[parts.length - 1] ?? '')
    .replace(/^(?:[A-Z]{1,2}-)?\d{4,5}\s+/, '')
    .replace(/[.;]+$/, '')
    .trim();
  if (!/^\p{Lu}[\p{L}'.-]*(?:[ -][\p{L}'.-]+){0,3}$/u.test(last) || /^\p{Lu}+$/u.test(last)) return undefined;
  const place = lookupCity(last);
  return place && place.population >= 10_000 ? place : undefined;
}

/** The city part before a state or country: the last part without digits ("121 Albright Way, Los Gatos" -> "Los Gatos"). */
function cityBefore(parts: string[], k: number): string {
  const part = (parts[k - 1] as string).replace(/^.*\b(?:in|at)\s+/i, '').trim();
  // "76 9th Avenue New York": keep the trailing capitalised words after the last number.
  const tail = /(?:^|\d\S*\s+(?:\S+\s+)*?)((?:[A-Z][A-Za-z.'-]*\s?){1,3})$/.exec(part);
  return /\d/.test(part) && tail ? (tail[1] as string).trim() : part;
}

/** Before a city that ends a building's name: "Centre International de Conférences de Genève", "Palacio de Congresos de". */
const NAME_CONNECTOR = /\p{Lu}[\p{L}'.-]*\s+(?:de|du|des|del|della|di|da|do|dos|von|der|d')\s*$/u;

function inName(text: string, index: number): boolean {
  return NAME_CONNECTOR.test(text.slice(Math.max(0, index - 40), index));
}

/**
 * The first place named outside a building's name: in "Centre International de Conférences de
 * Genève, Geneva" the city is the one after the name; a city only named inside the name is still
 * the city ("at the Palais des Congrès de Montréal").
 */
function outsideName<T extends { index: number }>(text: string, places: T[]): T | undefined {
  return places.find((p) => !inName(text, p.index)) ?? places[0];
}

/** The building or organisation named before the city: "ITU Headquarters, Geneva" -> "ITU Headquarters". */
function buildingBefore(text: string, cityIndex: number): string | undefined {
  const before = text
    .slice(0, cityIndex)
    .replace(/^.*\b(?:at|in|(?:moved|relocated|transferred)\s+to)[\s,]+(?:the\s+)?/i, '')
    .replace(/[\s,;:(-]+$/, '')
    .trim();
  const parts = before.split(/\s*,\s*/);
  // Only the parts that read as an address, back from the city: "Join us for a side event on ,
  // CEST, Room S-3, World Conference Center" is "Room S-3, World Conference Center".
  let k = parts.length;
  while (k > 0 && addressPart(parts[k - 1] as string)) k--;
  const kept = parts.slice(k).join(', ');
  if (kept.length < 3 || kept.length > 80) return undefined;
  if (!/[A-Za-z]/.test(kept)) return undefined;
  return kept;
}

/**
 * A part of an address before its city: a name, a room or a street ("Room S-3", "Palais des
 * Nations", "121 Albright Way"), capitalised or numbered, a few words, at most two of them in
 * lower case; not a zone's abbreviation ("CEST") nor the words of a sentence.
 */
function addressPart(part: string): boolean {
  const p = part.trim();
  if (!/^[\p{Lu}\d]/u.test(p) || /^[A-Z]{2,4}T$|^UTC$|^GMT$/.test(p)) return false;
  const words = p.split(/\s+/);
  return words.length <= 7 && words.filter((w) => /^\p{Ll}/u.test(w)).length <= 2;
}

/** Two venues name the same place (mode and city); buildings are detail, not identity. */
/**
 * "between teams in Bangkok and in Lima", "in Nairobi or Geneva": places of different zones
 * joined as equals, so the text does not say which one the meeting is in; no place is chosen.
 */
function coordinatedZones(
  text: string,
  mentions: readonly { place: { zone: string }; index: number; length: number }[],
): boolean {
  for (let k = 1; k < mentions.length; k++) {
    const a = mentions[k - 1] as (typeof mentions)[number];
    const b = mentions[k] as (typeof mentions)[number];
    if (a.place.zone === b.place.zone) continue;
    if (COORDINATED.test(text.slice(a.index + a.length, b.index))) return true;
  }
  return false;
}

/** What joins two places as equals: "and", "or", "&", "/", with "in" or "at" repeated. */
const COORDINATED = /^\s*,?\s*(?:and|or|&|\/|et|ou|y|o|und|oder)\s+(?:(?:in|at|en|à|a|im|in der)\s+)?$/i;

export function sameVenue(a: Venue, b: Venue): boolean {
  if (a.mode !== b.mode) return false;
  if (a.mode === 'remote') return true;
  // "in Room W instead of Room D": a move of room said as such is a change, in the same city.
  if ((a.formerRoom || b.formerRoom) && !sameRoom(a.building, b.building)) return false;
  return (a.city ?? '').toLowerCase() === (b.city ?? '').toLowerCase();
}

/** One building holds the other's words: "Room D" and "Room D, Palais des Nations". */
function sameRoom(a: string | undefined, b: string | undefined): boolean {
  const x = foldKey(a ?? '');
  const y = foldKey(b ?? '');
  return x === y || (x !== '' && y !== '' && (x.includes(y) || y.includes(x)));
}

/**
 * A venue that names only a room ("Room 12"), placed in the city of another venue said of the
 * same meeting ("Palais des Nations, Geneva"): the room in that city, with that city's zone.
 * Any other venue is returned as it is.
 */
export function inCityOf(room: Venue, placed: readonly Venue[]): Venue {
  if (room.mode === 'remote' || room.city || !room.building) return room;
  const city = placed.find((v) => v.mode !== 'remote' && v.city);
  if (!city) return room;
  const { city: name, country, region, timeZone } = city;
  return {
    ...room,
    ...(name ? { city: name } : {}),
    ...(country ? { country } : {}),
    ...(region ? { region } : {}),
    ...(timeZone ? { timeZone } : {}),
  };
}

/** "ITU Headquarters, Geneva", "Remote (was Chicago)", "Geneva (hybrid)", "Room W, Geneva (was Room D)". */
export function formatVenue(v: Venue): string {
  if (v.mode === 'remote') return v.formerCity ? `Remote (was ${v.formerCity})` : 'Remote';
  const place =
    ([v.building, v.city].filter(Boolean).join(', ') || v.text) +
    (v.formerRoom ? ` (was ${v.formerRoom})` : '');
  return v.mode === 'hybrid' ? `${place} (hybrid)` : place;
}
