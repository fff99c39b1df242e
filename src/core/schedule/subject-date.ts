/**
 * A reminder whose body gives no day at all ("Subject: Reminder – Technical webinar, Thursday 10
 * June, 16:00-17:30 CEST" over a registration link): the day and hours of the subject line are
 * the meeting's. Only when nothing else in the document is dated, and the subject gives one day
 * with its hours, so a subject citing some other day never dates a meeting the body dates.
 */
import type { ReaderCore } from './reader-core.js';

const SUBJECT_LABEL = /^(?:subject|re|objet|asunto|betreff|assunto|oggetto)$/i;

export function dateFromSubject(rd: ReaderCore): void {
  if ([...rd.segments.values()].some((s) => s.headerDates.length > 0 || s.sessions.length > 0)) return;
  const subject = rd.units
    .slice(0, 12)
    .find((u) => u.label?.kind === 'title' && SUBJECT_LABEL.test(u.label.name.trim()));
  if (!subject?.label || rd.units.some((u) => u !== subject && u.dates.length > 0)) return;
  const start = subject.label.valueStart;
  const dates = subject.dates.filter((d) => d.index >= start);
  const times = rd.times(subject).filter((t) => t.index >= start);
  const day = dates[0];
  if (dates.length !== 1 || !day || day.start !== day.end || times.length === 0 || times.length > 2) return;
  if (times.some((t) => t.index < day.index)) return;
  rd.headerDatesFrom(rd.main, subject, [day], false);
  rd.sessionsFrom(rd.main, subject, [day], times);
}
