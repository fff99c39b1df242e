/**
 * A reminder whose body gives no day at all ("Subject: Reminder – Technical webinar, Thursday 10
 * June, 16:00-17:30 CEST" over a registration link): the day and hours of the subject line are
 * the meeting's. Only when nothing else in the document is dated, and the subject gives one day
 * with its hours, so a subject citing some other day never dates a meeting the body dates.
 */
import { findDates } from './dates.js';
import type { ReaderCore } from './reader-core.js';
import { namesGathering, resolveDate } from './reader-main.js';
import { findTimes, formatTime } from './times.js';
import type { Evidence } from './types.js';
import { readZoneAfter } from './zones.js';

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

/**
 * Words of a Subject that looks back on a meeting or sends its papers, not one that announces
 * it: "Minutes of ...", "Report of ...", "Thank you for ...", "Recording: ...".
 */
const LOOKS_BACK =
  /\b(?:minutes|summary|report|outcome|recording|slides|presentations?|follow[\s-]?up|thanks?|thank you|feedback|survey|photos?|proceedings|deadline|registration|submissions?)\b/i;

/** Nouns of a Subject's meeting beside those of a title line (`namesGathering`): "call", "sitting", "hearing", "plenary". */
const SUBJECT_MEETING = /\b(?:meetings|call|sitting|hearing|briefing|assembly|plenary|atelier|taller)\b/i;

/**
 * "Subject: Meeting of the Expert Group, 12-14 May 2027" over a body that says only "the
 * meeting": the e-mail's Subject header is part of the announcement, and its days (and hours,
 * with their zone) date the meeting. Only when the body dates nothing at all, the Subject
 * gives one date after a name with a meeting's noun, and neither looks back on the meeting nor
 * replies.
 */
export function dateFromEmailSubject(rd: ReaderCore): void {
  const subject = rd.doc.email?.subject;
  if (!subject || LOOKS_BACK.test(subject)) return;
  // A reply ("Re: ...") answers the announcement; it is not one.
  if (rd.doc.email?.inReplyTo || /^\s*(?:re|aw|sv|vs|antw|rif|r)\s*:/i.test(subject)) return;
  if ([...rd.segments.values()].some((s) => s.headerDates.length > 0 || s.sessions.length > 0)) return;
  if (rd.units.some((u) => u.dates.length > 0)) return;
  const mentions = findDates(subject, rd.dateOptions()).mentions;
  const [mention] = mentions;
  if (mentions.length !== 1 || !mention) return;
  // The meeting's name first: "Meeting of the Expert Group, 12-14 May 2027", not a bare date
  // nor a document's ("Vision draft, 1 June version" dates a text, not a meeting).
  const name = subject.slice(0, mention.index);
  if (!namesGathering(name) && !SUBJECT_MEETING.test(name)) return;
  const day = resolveDate(rd, mention, undefined);
  if (!day) return;
  const evidence: Evidence = { text: subject, property: 'Subject' };
  const stated = day.yearSource === 'stated' || day.yearSource === 'context';
  rd.main.headerDates.push({
    span: { start: day.start, end: day.end },
    evidence,
    ...(stated ? {} : { uncertain: `no year in the Subject; read as ${day.start.slice(0, 4)}` }),
  });
  const times = findTimes(subject).mentions;
  const [time] = times;
  if (times.length !== 1 || !time || time.index < mention.index) return;
  rd.main.sessions.push({
    dates: 'header',
    start: formatTime(time.start),
    ...(time.end ? { end: formatTime(time.end) } : {}),
    overnight: time.overnight,
    evidence: [evidence],
  });
  const zone = readZoneAfter(subject, time.index + time.length);
  if (zone) rd.main.zones.push({ statement: zone, evidence });
}
