/**
 * Party and group names as delegations write them in comments and annotations ("US:",
 * "U.S.", "G-77/China"), mapped to one canonical name each, so that "who holds this
 * bracket" counts the United States once however it was spelled. The table is small and
 * configurable: deployments pass their own through `ExtractOptions.partyAliases`.
 */
import { PARTY_ALIASES, type PartyAliasTable } from '../parties.js';

export type { PartyAliasTable };

/** The shared table of delegations and groups (src/core/parties.ts). */
export const DEFAULT_PARTY_ALIASES: PartyAliasTable = PARTY_ALIASES;

/** Words that often end in a colon at the start of a comment but name no party. */
const NOT_PARTIES = new Set([
  'NB',
  'PS',
  'FYI',
  'TODO',
  'OK',
  'QUERY',
  'Q',
  'NOTE',
  'RE',
  'FW',
  'FWD',
  'ALT',
  'OPTION',
]);

/** Spelling-insensitive key: case, dots, hyphens, spaces and "&"/"+" vs "and" do not matter. */
function key(name: string): string {
  return name
    .toLowerCase()
    .replace(/&|\+/g, ' and ')
    .replace(/[.\-\u2010-\u2015_'’]/g, '')
    .replace(/\s*\/\s*/g, ' and ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A compiled alias table: lookups by spelling-insensitive key. */
export class PartyAliases {
  private readonly map = new Map<string, string>();

  constructor(table: PartyAliasTable = DEFAULT_PARTY_ALIASES) {
    for (const [canonical, variants] of Object.entries(table)) {
      this.map.set(key(canonical), canonical);
      for (const v of variants) this.map.set(key(v), canonical);
    }
  }

  /** The canonical name for a spelling, or undefined when the table does not know it. */
  lookup(name: string): string | undefined {
    return this.map.get(key(name));
  }

  /**
   * The party names a comment or annotation speaks for, read from its start:
   * "US: delete" -> ["US"]; "G-77/China: retain" -> ["G77"]; "EU, Norway: add" ->
   * ["EU", "Norway"]. Known names (the table) are normalised; unknown all-capital codes
   * ("LMDC", "CARICOM") are accepted as written; anything else is not a holder.
   */
  holdersOf(text: string): string[] {
    const m = /^\s*\[?\s*([^:\n[\]]{1,80}?)\s*:/.exec(text);
    if (!m) return [];
    const prefix = m[1] as string;
    const whole = this.resolve(prefix);
    if (whole) return [whole];
    const parts = prefix.split(/\s*(?:,|;|\band\b|&|\s\+\s)\s*/).filter((p) => p.length > 0);
    if (parts.length < 2) return [];
    const names: string[] = [];
    for (const part of parts) {
      const name = this.resolve(part);
      if (!name) return [];
      if (!names.includes(name)) names.push(name);
    }
    return names;
  }

  private resolve(candidate: string): string | undefined {
    const trimmed = candidate.trim();
    const known = this.lookup(trimmed);
    if (known) return known;
    // An unknown group or country code written in capitals (2-8 letters, digits allowed).
    if (/^[A-Z][A-Z0-9]{1,7}$/.test(trimmed) && !NOT_PARTIES.has(trimmed)) return trimmed;
    return undefined;
  }
}
