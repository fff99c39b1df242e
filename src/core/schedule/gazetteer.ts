import cityTimezones from 'city-timezones';
import { CLOCK_BEFORE, foldKey, NAMES_INSTRUMENT, usStateByName } from './places.js';

/**
 * Places beyond the built-in venue table: the city-timezones gazetteer (about 7,300 cities
 * with their country, province, population and IANA zone). A city name alone is often
 * ambiguous ("Santa Clara" is in Cuba and in California), so a lookup takes the words
 * written after it ("Limassol, Cyprus", "Boston, Massachusetts") to choose; without them
 * only a name whose candidates agree on the zone, or one far larger city, is accepted.
 * A zone found here is never stated by the text: callers mark it inferred.
 */

/** A gazetteer city. */
export interface GazetteerPlace {
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  province: string;
  zone: string;
  population: number;
}

interface Entry extends GazetteerPlace {
  keys: string[];
}

let index: Map<string, Entry[]> | undefined;

/** Built on first use: most documents name a city of the venue table and never need it. */
function cities(): Map<string, Entry[]> {
  if (index) return index;
  index = new Map();
  for (const c of cityTimezones.cityMapping) {
    if (!c.timezone || !c.city) continue;
    const entry: Entry = {
      city: String(c.city),
      country: String(c.iso2),
      province: String(c.province ?? ''),
      zone: c.timezone,
      population: Number(c.pop) || 0,
      keys: [c.country, c.iso2, c.iso3, c.province].map((x) => foldKey(String(x ?? ''))).filter(Boolean),
    };
    for (const name of new Set([foldKey(String(c.city)), foldKey(String(c.city_ascii ?? ''))])) {
      if (!name) continue;
      const list = index.get(name);
      if (list) list.push(entry);
      else index.set(name, [entry]);
    }
  }
  return index;
}

/** Country and province names people write that the gazetteer spells otherwise. */
const QUALIFIER_ALIASES: Record<string, string> = {
  usa: 'us',
  'u s': 'us',
  'u s a': 'us',
  'united states of america': 'us',
  'united states': 'us',
  uk: 'gb',
  'u k': 'gb',
  'united kingdom': 'gb',
  england: 'gb',
  scotland: 'gb',
  wales: 'gb',
};

/**
 * The gazetteer's city for a name, chosen by the country, state or province written after
 * it when there is one. Undefined when the name is unknown, the qualifier fits no
 * candidate, or the name alone is ambiguous.
 */
export function lookupCity(name: string, qualifier?: string): GazetteerPlace | undefined {
  const candidates = cities().get(foldKey(name));
  if (!candidates || candidates.length === 0) return undefined;
  if (qualifier !== undefined) {
    // "Oak Ridge, TN": the gazetteer spells the state out.
    const state = /^[A-Z]{2}$/.test(qualifier.trim()) ? usStateByName(qualifier) : undefined;
    const q = foldKey(state ? state.name : qualifier);
    const key = QUALIFIER_ALIASES[q] ?? q;
    const fit = candidates.filter((c) => c.keys.includes(key));
    return largest(fit);
  }
  const zones = new Set(candidates.map((c) => c.zone));
  if (zones.size === 1) return largest(candidates);
  const sorted = [...candidates].sort((a, b) => b.population - a.population);
  const [first, second] = sorted;
  // "Paris" is Paris, France, not Paris, Texas: one city ten times larger than any namesake.
  if (first && second && first.population >= 10 * second.population) return strip(first);
  return undefined;
}

function largest(list: Entry[]): GazetteerPlace | undefined {
  const best = [...list].sort((a, b) => b.population - a.population)[0];
  return best ? strip(best) : undefined;
}

function strip(e: Entry): GazetteerPlace {
  return { city: e.city, country: e.country, province: e.province, zone: e.zone, population: e.population };
}

/** A gazetteer city named in a text, with where it was written. */
export interface GazetteerMention {
  place: GazetteerPlace;
  index: number;
  length: number;
  /** The city came with its country, state or province ("Limassol, Cyprus"). */
  qualified: boolean;
}

const CAPITALISED = /\p{Lu}[\p{L}'.-]*(?:[ -](?:\p{Lu}[\p{L}'.-]*|de|del|la|el|am|an|upon|on|sur|en))*/gu;

/**
 * Cities of the gazetteer in a text. "City, Country/State/Province" is accepted for any
 * city; a bare capitalised name only for a city of at least `minPopulation` people (so
 * that ordinary capitalised words are not read as small towns).
 */
export function findGazetteerPlaces(
  text: string,
  minPopulation = BARE_CITY_POPULATION,
  context?: string,
): GazetteerMention[] {
  const out: GazetteerMention[] = [];
  const runs = [...text.matchAll(CAPITALISED)].flatMap((m) => {
    const at = m.index ?? 0;
    // "Ciudad de Santa Clara", "City of Tempe": the city after the connector is a run of its own.
    const inner = /\s(?:de|del|of)\s/.exec(m[0]);
    const after = inner ? m[0].slice(inner.index + inner[0].length) : '';
    return [
      { text: m[0], at },
      ...(after ? [{ text: after, at: at + (inner?.index ?? 0) + (inner?.[0].length ?? 0) }] : []),
    ];
  });
  const folded = context === undefined ? undefined : foldedContext(context);
  for (const m of runs) {
    const found = cityInRun(text, m.text, m.at, minPopulation, folded);
    if (found) out.push(found);
  }
  return out;
}

/** The last context folded: callers ask with the same document for each of its units. */
let lastContext: string | undefined;
let lastFolded = '';

/** ` ${foldKey(context)} `, folded once per document (folding it per unit made long notices quadratic). */
function foldedContext(context: string): string {
  if (context !== lastContext) {
    lastFolded = ` ${foldKey(context)} `;
    lastContext = context;
  }
  return lastFolded;
}

/**
 * The city a capitalised run names: from its first word ("Santa Clara, Cuba"), else from a
 * later one ("Rathaus Leipzig", "Town Hall Graz"), the longest name first at each start.
 */
function cityInRun(
  text: string,
  run: string,
  runAt: number,
  minPopulation: number,
  folded: string | undefined,
): GazetteerMention | undefined {
  const all = run.split(/\s+/);
  let at = runAt;
  for (let from = 0; from < all.length; from++) {
    if (from > 0) at = text.indexOf(all[from] as string, at + (all[from - 1] as string).length);
    const words = all.slice(from);
    if (/^(?:de|del|la|el|am|an|upon|on|sur|en)$/.test(words[0] as string)) continue;
    const hit = cityAt(text, words, at, minPopulation, folded);
    if (hit) return hit;
  }
  return undefined;
}

function cityAt(
  text: string,
  words: string[],
  at: number,
  minPopulation: number,
  folded: string | undefined,
): GazetteerMention | undefined {
  // Try the longest run of words first: "Santa Clara" before "Santa".
  for (let n = Math.min(words.length, 4); n >= 1; n--) {
    const name = words
      .slice(0, n)
      .join(' ')
      .replace(/[.'-]+$/, '');
    if (!cities().has(foldKey(name))) continue;
    const after = text.slice(at + name.length);
    if (NAMES_INSTRUMENT.test(after.slice(0, 40))) continue;
    if (CLOCK_BEFORE.test(text.slice(Math.max(0, at - 24), at))) continue;
    const q = /^\s*,\s*((?:\p{Lu}[\p{L}.]*)(?:\s+\p{Lu}[\p{L}.]*){0,3})/u.exec(after);
    let place: GazetteerPlace | undefined;
    let qualified = false;
    if (q) {
      const qwords = (q[1] as string).split(/\s+/);
      for (let k = qwords.length; k >= 1 && !place; k--) {
        place = lookupCity(name, qwords.slice(0, k).join(' ').replace(/\.$/, ''));
      }
      qualified = place !== undefined;
    }
    // A bare name in capitals is a shouted word ("ORDINARIA", "SALON") more often than a town.
    if (!place && !/^\p{Lu}+(?:\s+\p{Lu}+)*$/u.test(name)) {
      const bare = lookupCity(name);
      // A smaller city must stand as a part of its own ("Vereinsheim, Innsbruck", "6020
      // Innsbruck", "Mairie de Nantes"), not name a room or a hall ("Windsor Room").
      const large = bare !== undefined && bare.population >= BARE_CITY_POPULATION;
      if (bare && bare.population >= minPopulation && (large || standsAlone(text, at, name.length)))
        place = bare;
    }
    // A namesake chosen by its province or country written elsewhere in the document
    // ("Ciudad de Santa Clara" in a text about the assembly "de Villa Clara").
    if (!place && folded) {
      // Not "qualified": the name itself must still stand where a place stands.
      place = lookupInContext(name, folded);
    }
    if (place) return { place, index: at, length: name.length, qualified };
  }
  return undefined;
}

/** A city name alone counts from this size anywhere; smaller ones only where a place stands. */
const BARE_CITY_POPULATION = 500_000;

function standsAlone(text: string, at: number, length: number): boolean {
  const before = text.slice(Math.max(0, at - 24), at);
  const after = text.slice(at + length);
  return (
    /(?:^|[,;(]|\d|\b(?:rathaus|stadthaus|city hall|town hall|h[ôo]tel de ville|mairie|ayuntamiento)(?:\s+(?:of|de|du|del|von))?)\s*$/i.test(
      before,
    ) && /^\s*(?:$|[,;()\n.]|\d)/.test(after)
  );
}

/** The one namesake whose province or country (spelt out, not a code) the folded text writes. */
function lookupInContext(name: string, folded: string): GazetteerPlace | undefined {
  const candidates = cities().get(foldKey(name));
  if (!candidates || candidates.length === 0) return undefined;
  const fit = candidates.filter((c) =>
    c.keys.some((k) => k.length >= 4 && k !== foldKey(name) && folded.includes(` ${k} `)),
  );
  return new Set(fit.map((c) => c.zone)).size === 1 ? largest(fit) : undefined;
}

/** Where a smaller city is the place of something in prose: "in", "at", "held in", "the city of", lower case. */
const IN_LEAD = /(?:^|[\s(])(?:in|at|near|held in|hosted in|city of|town of|à|en)\s+$/;
/**
 * Where the place's phrase ends: punctuation, the line's end, a date, a time or a word that goes
 * on to say when, in English, German ("in Salzburg am 20. April", "... in Salzburg statt"),
 * French ("à Annecy le 3 mai") or Spanish ("en Arequipa el 3 de mayo").
 */
const PHRASE_END =
  /^(?:\s*(?:$|[,;:.()\n\u2013\u2014]|\d)|\s+(?:on|from|at|between|during|for|this|next|in|and\s+online|and\s+by|and\s+via|by\s+video|or\s+online|(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:jan|febr)uary|march|april|may|june|july|august|(?:septem|octo|novem|decem)ber|am|vom|um|ab|statt|stattfinden|zusammen|le|du|les|el|del|los)\b)/i;

/**
 * Smaller cities of the gazetteer written where prose puts a place: "will meet on 5 May in
 * Annecy", "held in Vaasa, from 3 to 5 June". The name comes right after a lower-case "in",
 * "at", French "à" or Spanish "en", and ends its phrase, so "in Reading the draft", "in Male and Female categories" or
 * "in Split sessions" are no places; a name with namesakes in other zones gives none.
 */
export function findCityAfterIn(text: string, minPopulation = SMALL_CITY_POPULATION): GazetteerMention[] {
  const out: GazetteerMention[] = [];
  for (const m of text.matchAll(CAPITALISED)) {
    const at = m.index ?? 0;
    if (!IN_LEAD.test(text.slice(Math.max(0, at - 12), at))) continue;
    const words = m[0].split(/\s+/);
    for (let n = Math.min(words.length, 4); n >= 1; n--) {
      const name = words
        .slice(0, n)
        .join(' ')
        .replace(/[.'-]+$/, '');
      // A name in capitals is a shouted word ("SALON") more often than a town.
      if (/^\p{Lu}+(?:\s+\p{Lu}+)*$/u.test(name) || !PHRASE_END.test(text.slice(at + name.length))) continue;
      const place = lookupCity(name);
      if (place && place.population >= minPopulation) {
        out.push({ place, index: at, length: name.length, qualified: false });
        break;
      }
    }
  }
  return out;
}

/** The smallest city read after "in" without a country: a town, not a village that shares a common word's spelling. */
const SMALL_CITY_POPULATION = 20_000;
