/**
 * Who may hold a bracket: the parties (UN member states and observer states) and the
 * negotiating groups, each under one canonical name however a delegation spelled it
 * ("[US: delete]", "[proposed by G-77 and China]", "[text] (Tuvalu)"), so that "who holds
 * this bracket" counts a delegation once. The bodies and officials of a process ("[SBSTA:
 * to consider]", "(AC)", "[Chair's proposal]") and other text are notes, never holders. An
 * unknown code in capitals where holders are expected ("[XYZ: delete]") is kept as a holder
 * but flagged uncertain, with a diagnostic, never silently taken for a party.
 *
 * Sources: the shared table of delegations and groups (src/core/parties.ts, also read by
 * the documents module, so holders from DOCX comments and from the text agree), our own
 * tables in party-names.ts, and state names in English, French and Spanish with ISO
 * alpha-3 codes from the i18n-iso-countries package, loaded on the first name the tables
 * above do not know (most drafts name only a few delegations, all in the first tables).
 */
import { createRequire } from 'node:module';
import type { Diagnostic } from '../diagnostics.js';
import { PARTY_ALIASES, type PartyAliasTable } from '../parties.js';
import {
  GROUPS,
  NON_PARTY_ACTORS,
  OBSERVER_STATES,
  OFFICIALS,
  OFFICIALS_IN_SHARED_TABLE,
  STATE_SPELLINGS,
  TERMS,
  UN_MEMBER_CODES,
} from './party-names.js';
import type { DraftAnnotation, DraftParagraph } from './types.js';

/** The shared table of delegations and groups (src/core/parties.ts). */
export const BUILTIN_PARTIES: PartyAliasTable = PARTY_ALIASES;

/**
 * Keys already computed: holder names repeat through a draft ("US", "G77", "EU"), and `key`
 * is a chain of five replacements. Bounded: emptied when full, so a hostile draft of many
 * distinct names cannot make it grow without end.
 */
const KEY_CACHE = new Map<string, string>();
const KEY_CACHE_SIZE = 4096;

/** Spelling-insensitive key: case, accents, dots, hyphens, spaces and "&"/"+"/"/" vs "and" do not matter. */
function key(name: string): string {
  const known = KEY_CACHE.get(name);
  if (known !== undefined) return known;
  if (KEY_CACHE.size >= KEY_CACHE_SIZE) KEY_CACHE.clear();
  const k = computeKey(name);
  if (name.length <= 200) KEY_CACHE.set(name, k);
  return k;
}

function computeKey(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  const plain = /^[\x00-\x7f]*$/.test(name) ? name : name.normalize('NFD').replace(/\p{M}/gu, '');
  return plain
    .toLowerCase()
    .replace(/&|\+/g, ' and ')
    .replace(/\s*\/\s*/g, ' and ')
    .replace(/[.\-\u2010-\u2015_'\u2019]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Capitalised words that end a colon prefix but name no party ("Option 1:", "Note:"). */
const NOT_PARTIES = new Set([
  'NB',
  'PS',
  'OK',
  'NOTE',
  'NOTES',
  'ALT',
  'OPTION',
  'TBD',
  'TBC',
  'QUERY',
  'RE',
  'NEW',
  'OR',
  'AND',
  'X',
]);

/** What a state's name may contain: letters, blanks, dots, apostrophes, hyphens, parentheses, commas. */
const NAME_SHAPE = /^[\p{L}\s.'\u2019()\-,&]+$/u;
/** Labels that start like a name but are not one. */
const LABEL_WORD = /^\s*(?:option|alt|alternative|note|para(?:graph)?|article|section|chapter|annex)\b/i;

/** A code in capitals that may be a delegation's ("CARICOM", "LMDC", "G20"). */
const CODE = /^[A-Z][A-Z0-9]{1,7}$/;

/** What a name in a holder position is. */
export type Actor =
  /** A party or negotiating group, by its canonical name. */
  | { kind: 'party'; name: string }
  /** A body, official or term of the process ("SBSTA", "Chair", "NDC"): a note, not a holder. */
  | {
      kind: 'other';
      name: string;
      /**
       * Read where only holders were read before (after a colon, before "proposal"): a code
       * in capitals or an official of the shared table. A longer name ("Adaptation
       * Committee") is an actor only after "proposed by", so the rules that tell an
       * annotation from bracketed text decide as they did.
       */
      inLists: boolean;
    }
  /** An unknown code in capitals: a holder, flagged uncertain. */
  | { kind: 'code'; name: string };

/** A compiled party table. Build once per parse; lookups are a few map accesses. */
export interface PartyTable {
  /** Canonical name of a party or group for a spelling, or undefined. */
  lookup(name: string): string | undefined;
  /** What a name is: party or group, body or term, unknown code; undefined for anything else. */
  classify(name: string): Actor | undefined;
}

interface Tables {
  /** Groups and delegation spellings of the shared table, and our groups and observers. */
  parties: Map<string, string>;
  /** Bodies, officials and terms. */
  others: Map<string, string>;
  /** Keys of the officials' spellings in the shared table ("Chair", "Co-Chairs"). */
  sharedOfficials: Set<string>;
}

let tables: Tables | undefined;
let states: Map<string, string> | undefined;

function builtinTables(): Tables {
  if (tables) return tables;
  const parties = new Map<string, string>();
  const officials = new Set(OFFICIALS_IN_SHARED_TABLE);
  const add = (canonical: string, variants: readonly string[]) => {
    parties.set(key(canonical), canonical);
    for (const v of variants) if (!parties.has(key(v))) parties.set(key(v), canonical);
  };
  const sharedOfficials = new Set<string>();
  for (const [canonical, variants] of Object.entries(BUILTIN_PARTIES)) {
    if (!officials.has(canonical)) add(canonical, variants);
    else for (const name of [canonical, ...variants]) sharedOfficials.add(key(name));
  }
  for (const [canonical, variants] of Object.entries(GROUPS)) add(canonical, variants);
  for (const [, names] of Object.entries(OBSERVER_STATES)) add(names[0] as string, names.slice(1));
  const others = new Map<string, string>();
  for (const name of [...NON_PARTY_ACTORS, ...TERMS]) {
    others.set(key(name), name);
    // The possessive, which the key reads as a plural ("Bureau's text", "the Presidency's proposal").
    const possessive = key(`${name}s`);
    if (!others.has(possessive) && !parties.has(possessive)) others.set(possessive, name);
  }
  for (const k of sharedOfficials) others.set(k, k);
  for (const name of OFFICIALS) {
    sharedOfficials.add(key(name));
    sharedOfficials.add(key(`${name}s`));
  }
  tables = { parties, others, sharedOfficials };
  return tables;
}

/** The package's data: names by language and ISO codes. */
interface CountryData {
  /** alpha-2 -> names (the first is the usual one), per language. */
  names: Record<string, string | string[]>[];
  /** alpha-2 -> alpha-3. */
  alpha3: Map<string, string>;
}

const LANGUAGES = ['en', 'fr', 'es'] as const;

let countries: CountryData | undefined;

/**
 * Reads the package's data files (once, on first need): three of its locales and its
 * table of codes, without its index, which would register all 80 locales under Node.
 */
function loadCountries(): CountryData {
  if (countries) return countries;
  const require = createRequire(import.meta.url);
  const names = LANGUAGES.map(
    (lang) =>
      (require(`i18n-iso-countries/langs/${lang}.json`) as { countries: Record<string, string | string[]> })
        .countries,
  );
  const codes = require('i18n-iso-countries/codes.json') as [string, string][];
  countries = { names, alpha3: new Map(codes.map(([a2, a3]) => [a2, a3])) };
  return countries;
}

/**
 * Names of member and observer states -> canonical name. Canonical: the shared table's
 * name when it knows the state ("US", "Russia"), else ours (STATE_SPELLINGS), else the
 * package's first English name. A name two states share ("Congo") goes to the one our
 * table gives it to, else to neither.
 */
function stateNames(): Map<string, string> {
  if (states) return states;
  const data = loadCountries();
  const { parties } = builtinTables();
  const names = data.names;
  const map = new Map<string, string>();
  const ambiguous = new Set<string>();
  const ours = new Map<string, string>();
  for (const [code, spellings] of Object.entries(STATE_SPELLINGS))
    for (const s of spellings) ours.set(key(s), code);
  for (const code of [...UN_MEMBER_CODES, ...Object.keys(OBSERVER_STATES)]) {
    const all = [...names.flatMap((n) => n[code] ?? []), ...(STATE_SPELLINGS[code] ?? [])];
    const keys = all.map(key);
    let shared: string | undefined;
    for (const k of keys) if (shared === undefined) shared = parties.get(k);
    const canonical =
      OBSERVER_STATES[code]?.[0] ?? shared ?? STATE_SPELLINGS[code]?.[0] ?? (all[0] as string);
    keys.push(key(canonical));
    for (const k of keys) {
      const owner = ours.get(k);
      if (owner !== undefined && owner !== code) continue;
      const before = map.get(k);
      if (before !== undefined && before !== canonical && owner === undefined) ambiguous.add(k);
      else map.set(k, canonical);
    }
    const alpha3 = data.alpha3.get(code);
    // Alpha-3 codes only as written in capitals ("BRA"); alpha-2 codes collide with
    // abbreviations of the process ("PA", "KP", "SB") and are not read as states.
    if (alpha3 && !NOT_PARTIES.has(alpha3)) map.set(`#${alpha3}`, canonical);
  }
  for (const k of ambiguous) if (!ours.has(k)) map.delete(k);
  states = map;
  return map;
}

/** The state whose ISO alpha-2 code this is, for a hint in a diagnostic. */
function stateOfAlpha2(code: string): string | undefined {
  if (!UN_MEMBER_CODES.includes(code)) return undefined;
  const alpha3 = loadCountries().alpha3.get(code);
  return alpha3 ? stateNames().get(`#${alpha3}`) : undefined;
}

/**
 * A constituency or bloc that is no party: capitalised words, then a group noun ("Employers'
 * group", "Workers' Group", "Government members", "Women and Gender Constituency", "Youth
 * caucus"). The known negotiating groups ("African Group", "Arab Group") are looked up first.
 */
const CONSTITUENCY =
  /^\s*[A-Z][\w'\u2019.-]*(?:\s+(?:and\s+|of\s+)?[A-Z][\w'\u2019.-]*){0,3}\s+(?:group|groups|caucus|constituency|members|coalition|bloc)\s*$/i;

/** Compiles the built-in parties plus `extra` canonical names (each recognised as written). */
export function createPartyTable(extra: readonly string[] = []): PartyTable {
  const { parties, others, sharedOfficials } = builtinTables();
  const added = new Map<string, string>();
  for (const name of extra) {
    const trimmed = name.trim();
    if (trimmed) added.set(key(trimmed), trimmed);
  }
  // `k` is `key(name)`, computed once per name by the callers.
  const lookupKey = (name: string, k: string): string | undefined => {
    const found = added.get(k) ?? parties.get(k);
    if (found !== undefined) return found;
    // The package is loaded only for names the small tables do not know, never for a
    // body, a term, a label ("Option 1", "Alt B") or text that no state name looks like.
    if (k.length === 0 || others.has(k) || !NAME_SHAPE.test(name) || LABEL_WORD.test(name)) return undefined;
    const map = stateNames();
    return map.get(k) ?? (/^[A-Z]{3}$/.test(name) ? map.get(`#${name}`) : undefined);
  };
  return {
    lookup: (name) => lookupKey(name, key(name)),
    classify(name) {
      const k = key(name);
      const party = lookupKey(name, k);
      if (party !== undefined) return { kind: 'party', name: party };
      if (NOT_PARTIES.has(name)) return undefined;
      if (others.has(k)) {
        const inLists = (CODE.test(name) && !NOT_PARTIES.has(name)) || sharedOfficials.has(k);
        return { kind: 'other', name: name.trim(), inLists };
      }
      if (CODE.test(name) && !NOT_PARTIES.has(name)) return { kind: 'code', name };
      // "the Employers' group", "Youth caucus": a constituency, named in notes, never a holder.
      if (CONSTITUENCY.test(name)) return { kind: 'other', name: name.trim(), inLists: true };
      return undefined;
    },
  };
}

/** Holders and other actors named by an annotation or label. */
export interface HolderList {
  /** Parties, groups and unknown codes, canonical names, in order of appearance. */
  holders: string[];
  /** Bodies, officials, terms and (after "proposed by") other names, as written: notes. */
  others: string[];
}

/** An article before a name, in English, French or Spanish drafts: "the EU", "le Pérou", "l'Inde", "los EE.UU.". */
const ARTICLE = /^(?:(?:the|a|le|la|les|el|los|las)\s+|l['\u2019])/i;

/**
 * Reads a list of holders ("EU, UK", "G-77 and China", "US and Canada", "SBSTA"). With
 * `strict`, every item must be a party or group, a body or term, or an unknown code in
 * capitals; otherwise the list is refused, so "[Option 1: ...]" is never read as a holder
 * prefix. Without `strict` (after an explicit "proposed by"), other capitalised names are
 * accepted as notes. Returns undefined when the text is not such a list.
 */
export function readHolderList(text: string, table: PartyTable, strict: boolean): HolderList | undefined {
  const trimmed = text.trim().replace(ARTICLE, '');
  if (trimmed.length === 0 || trimmed.length > 120) return undefined;
  const whole = resolve(trimmed, table, strict);
  if (whole) return collect([whole]);
  // Commas first, "and" second: "EU, G-77 and China" is EU plus G77, not EU, G77 and China.
  const items = trimmed.split(/\s*(?:,|;|\s\/\s)\s*/).filter((p) => p.length > 0);
  if (items.length > 12) return undefined;
  const actors: Actor[] = [];
  for (const item of items) {
    const cleaned = item.replace(/^(?:and|et|y)\s+/i, '').replace(ARTICLE, '');
    const one = resolve(cleaned, table, strict) ?? slashedParties(cleaned, table);
    const found = one
      ? Array.isArray(one)
        ? one
        : [one]
      : cleaned
          .split(/\s*(?:\band\b|\bet\b|\by\b|&|\s\+\s)\s*/)
          .filter((p) => p.length > 0)
          .map((p) => resolve(p.replace(ARTICLE, ''), table, strict));
    if (found.length === 0 || found.length > 6) return undefined;
    for (const actor of found) {
      if (!actor) return undefined;
      actors.push(actor);
    }
  }
  return actors.length > 0 ? collect(actors) : undefined;
}

/**
 * The holders `text` names when it is a list of known parties and groups and nothing else
 * (no body, no unknown code): the test for labels such as "Source:" and "supported by", after
 * which an unknown name is more often a document or a body than a delegation.
 */
export function knownHolderList(text: string, table: PartyTable): string[] | undefined {
  const list = readHolderList(text, table, true);
  if (!list || list.others.length > 0 || list.holders.length === 0) return undefined;
  return list.holders.every((h) => table.lookup(h) !== undefined) ? list.holders : undefined;
}

/**
 * "US/EU", "Norway/Switzerland": known parties and groups joined by a "/" with no spaces (a
 * spaced " / " is split with the commas), each a known name; "G77/China" is one group and
 * resolves whole before this is tried. Anything else ("Annex I/II") is no such list.
 */
function slashedParties(item: string, table: PartyTable): Actor[] | undefined {
  if (!item.includes('/')) return undefined;
  const parts = item.split('/');
  if (parts.length > 6) return undefined;
  const actors: Actor[] = [];
  for (const part of parts) {
    const name = part.trim();
    if (table.lookup(name) === undefined) return undefined;
    const actor = table.classify(name);
    if (!actor || actor.kind === 'other') return undefined;
    actors.push(actor);
  }
  return actors;
}

function collect(actors: readonly Actor[]): HolderList {
  const list: HolderList = { holders: [], others: [] };
  for (const a of actors) {
    const into = a.kind === 'other' ? list.others : list.holders;
    if (!into.includes(a.name)) into.push(a.name);
  }
  return list;
}

function resolve(candidate: string, table: PartyTable, strict: boolean): Actor | undefined {
  const actor = table.classify(candidate);
  if (actor && strict && actor.kind === 'other' && !actor.inLists) return undefined;
  if (actor) return actor;
  if (
    !strict &&
    /^[A-Z][\w'\u2019.-]*(?:\s+(?:of\s+|the\s+|and\s+)?[A-Z][\w'\u2019.-]*){0,4}$/.test(candidate)
  ) {
    return { kind: 'other', name: candidate, inLists: false };
  }
  return undefined;
}

/**
 * The holders a DOCX comment names (the documents module reads them with the shared
 * table): canonical names of parties and groups; bodies and officials ("Chair") dropped;
 * anything else kept as written, to be flagged uncertain.
 */
export function commentHolders(names: readonly string[], table: PartyTable): string[] {
  const out: string[] = [];
  for (const name of names) {
    const actor = table.classify(name);
    if (actor?.kind === 'other') continue;
    const holder = actor ? actor.name : name;
    if (!out.includes(holder)) out.push(holder);
  }
  return out;
}

/** At most this many "holder.uncertain" diagnostics per draft; the rest in one line. */
const MAX_UNCERTAIN_DIAGNOSTICS = 20;

/**
 * Holders that are not known parties or groups (unknown codes, or names a DOCX comment
 * gave), sorted, with one diagnostic each at its first place in the draft.
 */
export function uncertainHolders(
  table: PartyTable,
  /** The holders of the brackets that have some, by bracket index, and each bracket's start. */
  bracketHolders: { forEach(f: (holders: readonly string[], k: number) => void): void },
  bracketStart: ArrayLike<number>,
  annotations: readonly DraftAnnotation[],
  paragraphs: readonly DraftParagraph[],
): { names: string[]; diagnostics: Omit<Diagnostic, 'line' | 'column'>[] } {
  const first = new Map<string, number>();
  // Drafts name a few holders many times: each name is looked up once.
  const known = new Map<string, boolean>();
  const note = (holders: readonly string[], at: number) => {
    // An index loop: no iterator object per list (one list per bracket with holders).
    for (let i = 0; i < holders.length; i++) {
      const h = holders[i] as string;
      let isKnown = known.get(h);
      if (isKnown === undefined) {
        isKnown = table.lookup(h) !== undefined;
        known.set(h, isKnown);
      }
      if (isKnown) continue;
      const seen = first.get(h);
      if (seen === undefined || at < seen) first.set(h, at);
    }
  };
  // forEach, not for-of over entries: no [key, value] array per bracket with holders.
  bracketHolders.forEach((holders, k) => {
    if (holders.length > 0) note(holders, bracketStart[k] as number);
  });
  for (const a of annotations) if (a.holders.length > 0) note(a.holders, a.start);
  for (const p of paragraphs) if (p.holders.length > 0) note(p.holders, p.start);
  const names = [...first.keys()].sort();
  const diagnostics: Omit<Diagnostic, 'line' | 'column'>[] = [];
  for (const name of names.slice(0, MAX_UNCERTAIN_DIAGNOSTICS)) {
    const state = CODE.test(name) && name.length === 2 ? stateOfAlpha2(name) : undefined;
    diagnostics.push({
      code: 'holder.uncertain',
      severity: 'warning',
      message: `"${name}" is read as a holder but is not a known party or negotiating group${state ? ` (it is the ISO code of ${state}; write "${state}" to name the state)` : ''}. It is listed among the holders as uncertain; if it names a body or a term, not a delegation, it is no holder.`,
      offset: first.get(name) as number,
    });
  }
  if (names.length > MAX_UNCERTAIN_DIAGNOSTICS) {
    diagnostics.push({
      code: 'diagnostics.truncated',
      severity: 'info',
      message: `${names.length - MAX_UNCERTAIN_DIAGNOSTICS} more "holder.uncertain" diagnostics are not listed.`,
    });
  }
  return { names, diagnostics };
}
