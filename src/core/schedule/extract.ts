/** Meeting claims out of a document: calendar events directly, any other text through the phased reader. */
import type { Diagnostic } from '../diagnostics.js';
import type { Document } from '../documents/types.js';
import { messageOf } from '../errors.js';
import { applyDurations } from './durations.js';
import { claimsFromEvents } from './events.js';
import { findIdentities, seriesKey } from './identity.js';
import { buildClaims } from './reader-claims.js';
import { ReaderCore, withDocDate } from './reader-core.js';
import { findDocDate, findMain, markPressLeads, resolveDates } from './reader-main.js';
import type { ExtractOptions } from './reader-types.js';
import { assignLabels, buildUnits } from './reader-units.js';
import { walk } from './reader-walk.js';
import { sameAsBefore } from './same-as-before.js';
import { dateFromEmailSubject, dateFromSubject } from './subject-date.js';
import { CANCELLED, correctionIn } from './text-rules.js';
import { titleText } from './titles.js';
import type { Evidence, MeetingClaim, SourceInfo } from './types.js';

export type { ExtractOptions };

/** Claims found in one document, and what the reader could not make sense of. */
export interface ExtractResult {
  claims: MeetingClaim[];
  diagnostics: Diagnostic[];
  /** The source as the reader completed it (its date from the letter's date line or e-mail header, when the caller had none). */
  source: SourceInfo;
}
/**
 * Reads the meeting claims in a document. Calendar events (an .ics file, the calendar part
 * of an e-mail) are read through `claimsFromEvents`, with the e-mail's subject adding
 * correction or cancellation markers; otherwise the text is read for meeting titles,
 * dates, times, zones, venues and status words. Never throws: what cannot be read becomes
 * a diagnostic quoting the text.
 */
export function extractClaims(
  doc: Document,
  source: SourceInfo,
  options: ExtractOptions = {},
): ExtractResult {
  try {
    if (doc.events.length > 0) return fromEvents(doc, source);
    return readText(doc, source, options);
  } catch (err) {
    // A bug must not take the caller down with it; say so plainly instead.
    const message = messageOf(err);
    return {
      claims: [],
      source,
      diagnostics: [
        {
          code: 'schedule.internal',
          severity: 'error',
          message: `The announcement could not be read (${message}). Please report this with the file.`,
          line: 1,
          column: 1,
        },
      ],
    };
  }
}

function fromEvents(doc: Document, source: SourceInfo): ExtractResult {
  const completed = withDocDate(source, doc);
  const result = { ...claimsFromEvents(doc.events, completed), source: completed };
  const subject = doc.email?.subject ?? doc.metadata.title;
  if (subject) {
    const ev: Evidence = { text: subject, property: 'Subject' };
    const marker = correctionIn(subject, true);
    const status = CANCELLED.test(subject) ? 'cancelled' : undefined;
    for (const claim of result.claims) {
      if (marker && !claim.correction) claim.correction = { value: marker, evidence: [ev] };
      if (status && !claim.status) claim.status = { value: status, evidence: [ev] };
      if (!claim.ordinal) {
        const id = findIdentities(titleText(subject), true).find((m) => m.ordinal !== undefined);
        if (id?.ordinal !== undefined) {
          claim.ordinal = { value: id.ordinal, evidence: [ev] };
          if (id.series && !claim.series) claim.series = { value: id.series, evidence: [ev] };
          claim.id = `${claim.id.split(':')[0]}:${seriesKey(id.series ?? '')}#${id.ordinal}`;
        }
      }
    }
  }
  return result;
}

/**
 * Reads a text document in phases, each in its own module: units, labels, the main meeting,
 * the document date, dates, the walk that attaches facts to meetings, and the claims.
 */
function readText(doc: Document, source: SourceInfo, options: ExtractOptions): ExtractResult {
  const r = new ReaderCore(doc, source, options);
  buildUnits(r);
  assignLabels(r);
  markPressLeads(r);
  const titleUnit = findMain(r);
  findDocDate(r, titleUnit);
  resolveDates(r);
  walk(r, titleUnit);
  dateFromSubject(r);
  dateFromEmailSubject(r);
  sameAsBefore(r);
  applyDurations(r);
  const claims = buildClaims(r);
  if (claims.length === 0) {
    r.diag('schedule.no-meeting', 'info', 0, 'No meeting announcement was found in this document.');
  }
  return { claims, diagnostics: dedupe(r.diagnostics), source: r.source };
}

function dedupe(diags: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diags.filter((d) => {
    const key = `${d.code}|${d.offset}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
