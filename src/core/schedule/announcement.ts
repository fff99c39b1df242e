import type { Document } from '../documents/types.js';
import { type ExtractOptions, type ExtractResult, extractClaims } from './extract.js';
import { stableHash } from './hash.js';
import {
  headNoun,
  isBackReference,
  type SeriesDefinition,
  seriesDefinitions,
  seriesKey,
} from './identity.js';
import { foldKey } from './places.js';
import { findRecurrences } from './recurrence.js';
import { withRuleHours } from './rule-hours.js';
import { titleText } from './titles.js';
import type { MeetingClaim, Recurrence } from './types.js';

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
  if (doc.events.length > 0) return result;
  const definitions = seriesDefinitions(doc.text);
  const claims = definitions.length
    ? result.claims.map((c) => withSeriesAliases(c, definitions))
    : result.claims;
  return { ...result, claims: withRecurrences(doc, result.source, claims, options) };
}

/**
 * Attaches the recurring schedules a document states to its claims: to the claims without
 * days (the series itself), else to the document's first claim. A document that states
 * only a recurring schedule gets one claim that carries it, with no days.
 */
function withRecurrences(
  doc: Document,
  source: ExtractResult['source'],
  claims: MeetingClaim[],
  options: ExtractOptions,
): MeetingClaim[] {
  const rules = findRecurrences(doc.text, {
    reference: (source.date ?? source.seenAt).slice(0, 10),
    ...(options.defaultTimeZone ? { defaultTimeZone: options.defaultTimeZone } : {}),
  });
  if (rules.length === 0) return claims;
  const inForce = rules.find((r) => !r.until) ?? (rules[rules.length - 1] as Recurrence);
  const offset = doc.text.indexOf(inForce.text.slice(0, 40));
  const recurrence = {
    value: inForce,
    evidence: [{ text: inForce.text, ...(offset >= 0 ? { offset } : {}) }],
  };
  const exceptions = rules.some((r) => r.cancelled?.length);
  // "The next call is on 29 January" on a day of the rule: that meeting has the rule's hours.
  claims = claims.map((c) => withRuleHours(c, rules, doc.text));
  const attach = (c: MeetingClaim): MeetingClaim => {
    const out: MeetingClaim = { ...c, recurrence, ...(rules.length > 1 ? { recurrences: rules } : {}) };
    // "The meeting on the third Thursday of March is cancelled" cancels one occurrence (an
    // exception of the rule), not the series the undated claim stands for.
    if (!c.dates && exceptions && c.status?.value === 'cancelled') delete out.status;
    return out;
  };
  if (claims.length === 0) {
    const title = doc.metadata.title ?? doc.email?.subject ?? 'Recurring meeting';
    const id = `${stableHash([source.name, source.seenAt, source.date ?? ''].join('|'))}:recurring`;
    return [
      attach({ id, source, title: { value: titleText(title), evidence: [{ text: title }] }, sessions: [] }),
    ];
  }
  const undated = claims.filter((c) => !c.dates);
  if (undated.length > 0) return claims.map((c) => (c.dates ? c : attach(c)));
  return claims.map((c, i) => (i === 0 ? attach(c) : c));
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
