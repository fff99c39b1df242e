/**
 * Party and group names as delegations write them in bracket annotations ("[US: delete]",
 * "[proposed by G-77 and China]"), each mapped to one canonical short name so that "who
 * holds this bracket" counts a delegation once however it was spelled. Canonical names
 * follow the documents module's alias table, so holders from DOCX comments and from
 * annotations in the text agree.
 */
import { PARTY_ALIASES, type PartyAliasTable } from '../parties.js';

/** The shared table of delegations and groups (src/core/parties.ts). */
export const BUILTIN_PARTIES: PartyAliasTable = PARTY_ALIASES;

/** Spelling-insensitive key: case, dots, hyphens, spaces and "&"/"+"/"/" vs "and" do not matter. */
function key(name: string): string {
  return name
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

/** A compiled party table. Build once per parse; lookups are one map access. */
export interface PartyTable {
  /** Canonical name for a spelling, or undefined. */
  lookup(name: string): string | undefined;
}

let builtin: Map<string, string> | undefined;

/** Compiles the built-in parties plus `extra` canonical names (each recognised as written). */
export function createPartyTable(extra: readonly string[] = []): PartyTable {
  if (!builtin) {
    builtin = new Map<string, string>();
    for (const [canonical, variants] of Object.entries(BUILTIN_PARTIES)) {
      builtin.set(key(canonical), canonical);
      for (const v of variants) builtin.set(key(v), canonical);
    }
  }
  if (extra.length === 0) {
    const table = builtin;
    return { lookup: (name) => table.get(key(name)) };
  }
  const map = new Map<string, string>(builtin);
  for (const name of extra) {
    const trimmed = name.trim();
    if (trimmed) map.set(key(trimmed), trimmed);
  }
  return { lookup: (name) => map.get(key(name)) };
}

/**
 * Reads a list of holders ("EU, UK", "G-77 and China", "US and Canada"). With `strict`,
 * every item must be a known party (or an unknown all-capitals code such as "CARICOM");
 * otherwise the list is refused, so "[Option 1: ...]" is never read as a holder prefix.
 * Without `strict` (after an explicit "proposed by"), unknown capitalised names are kept
 * as written. Returns canonical names in order of appearance, or undefined.
 */
export function readHolderList(text: string, table: PartyTable, strict: boolean): string[] | undefined {
  const trimmed = text.trim().replace(/^(?:the|a)\s+/i, '');
  if (trimmed.length === 0 || trimmed.length > 120) return undefined;
  const whole = resolve(trimmed, table, strict);
  if (whole) return [whole];
  // Commas first, "and" second: "EU, G-77 and China" is EU plus G77, not EU, G77 and China.
  const items = trimmed.split(/\s*(?:,|;|\s\/\s)\s*/).filter((p) => p.length > 0);
  if (items.length > 12) return undefined;
  const names: string[] = [];
  for (const item of items) {
    const cleaned = item.replace(/^(?:and|the)\s+/i, '');
    const one = resolve(cleaned, table, strict);
    const found = one
      ? [one]
      : cleaned
          .split(/\s*(?:\band\b|&|\s\+\s)\s*/)
          .filter((p) => p.length > 0)
          .map((p) => resolve(p.replace(/^the\s+/i, ''), table, strict));
    if (found.length === 0 || found.length > 6) return undefined;
    for (const name of found) {
      if (!name) return undefined;
      if (!names.includes(name)) names.push(name);
    }
  }
  return names.length > 0 ? names : undefined;
}

function resolve(candidate: string, table: PartyTable, strict: boolean): string | undefined {
  const known = table.lookup(candidate);
  if (known) return known;
  if (/^[A-Z][A-Z0-9]{1,7}$/.test(candidate) && !NOT_PARTIES.has(candidate)) return candidate;
  if (
    !strict &&
    /^[A-Z][\w'\u2019.-]*(?:\s+(?:of\s+|the\s+|and\s+)?[A-Z][\w'\u2019.-]*){0,4}$/.test(candidate)
  ) {
    return candidate;
  }
  return undefined;
}
