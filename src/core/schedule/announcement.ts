import type { Document } from '../documents/types.js';
import { type ExtractOptions, type ExtractResult, extractClaims } from './extract.js';
import {
  headNoun,
  isBackReference,
  type SeriesDefinition,
  seriesDefinitions,
  seriesKey,
} from './identity.js';
import type { MeetingClaim } from './types.js';
import { foldKey } from './zones.js';

/**
 * Reads an announcement into claims: the extraction itself, then what only the whole
 * document can tell about them: the other names the document gives each claim's series
 * (so a letter that writes the name out and a page that uses its acronym are recognised
 * as one series). Callers use this rather than `extractClaims` directly.
 */
export function readAnnouncement(
  doc: Document,
  source: ExtractResult['source'],
  options: ExtractOptions = {},
): ExtractResult {
  const result = extractClaims(doc, source, options);
  if (result.claims.length === 0 || doc.events.length > 0) return result;
  const definitions = seriesDefinitions(doc.text);
  if (definitions.length === 0) return result;
  return { ...result, claims: result.claims.map((c) => withSeriesAliases(c, definitions)) };
}

/** The claim with the names its document gives its series, when the document defines any. */
export function withSeriesAliases(claim: MeetingClaim, definitions: SeriesDefinition[]): MeetingClaim {
  if (!claim.series) return withSeriesFromTitle(claim, definitions);
  const key = seriesKey(claim.series.value);
  const back = isBackReference(claim.series.value) ? claim.series.value.toLowerCase() : undefined;
  const names = new Set<string>();
  for (const d of definitions) {
    const same =
      seriesKey(d.acronym) === key ||
      seriesKey(d.name) === key ||
      (back !== undefined && headNoun(d.name)?.toLowerCase() === back);
    if (!same) continue;
    names.add(d.acronym);
    names.add(d.name);
  }
  for (const n of [...names]) if (seriesKey(n) === key) names.delete(n);
  if (names.size === 0) return claim;
  return { ...claim, seriesAliases: [...names].sort() };
}

/**
 * A claim whose title names a series the document defines ("Seed Exchange Network meeting"
 * in a document that defines "Seed Exchange Network (SXN)") belongs to that series, so a
 * later source that gives the meeting its number is recognised as the same meeting.
 */
function withSeriesFromTitle(claim: MeetingClaim, definitions: SeriesDefinition[]): MeetingClaim {
  const title = claim.title?.value;
  if (!title) return claim;
  const folded = foldKey(title);
  const joined = folded.replace(/ /g, '');
  const named = definitions.filter(
    (d) => joined.includes(seriesKey(d.name)) || ` ${folded} `.includes(` ${foldKey(d.acronym)} `),
  );
  const acronyms = [...new Set(named.map((d) => d.acronym))];
  if (acronyms.length !== 1) return claim;
  const acronym = acronyms[0] as string;
  const def = named.find((d) => d.acronym === acronym) as SeriesDefinition;
  return {
    ...claim,
    series: { value: acronym, evidence: [{ text: `${def.name} (${acronym})` }] },
    seriesAliases: [def.name],
  };
}
