/**
 * Asides of the walk: lines and sentences that speak of a meeting other than the one the
 * text is about, or of no meeting at all (a labelled next call, a briefing held in place of a
 * postponed meeting, "No meetings" weeks, a cited earlier sitting).
 */
import { slug, titleKey } from './identity.js';
import type { ReaderCore } from './reader-core.js';
import type { ResolvedDate, Segment, Unit } from './reader-types.js';
import { CANCELLED, EXCLUDE_CUE, POSTPONED, RESCHEDULED, statementAboutMeeting } from './text-rules.js';
import { capitalised, titleText } from './titles.js';
import type { Evidence } from './types.js';

/** A statement that no meeting is held, in the languages the reader knows. */
export const NO_MEETING =
  /\b(?:no (?:meetings?|calls?|sessions?|telecons?|sittings?)(?![-\w])|pas de (?:r[ée]union|s[ée]ance)s?|aucune r[ée]union|keine (?:Sitzung|Sitzungen|Versammlung)|no (?:hay|habr[áa]) (?:reuni[óo]n|sesi[óo]n))/i;

/** The record of an earlier sitting, in the languages the reader knows. */
export const MINUTES_OF =
  /\b(?:minutes|niederschrift|protokoll\w*|proc[eè]s[- ]verbal|compte[- ]rendu|acta)\b/i;

/**
 * "Next community call: March 4, 2026, 4pm - 5:30pm EST": a label naming a meeting, its value
 * opening with the date. The meeting of the document, or, when that already has other days,
 * a meeting of its own on that date.
 */
export function meetingOnDate(
  rd: ReaderCore,
  u: Unit,
  label: NonNullable<Unit['label']>,
  seg0: Segment,
): boolean {
  if (label.name.length > 60 || EXCLUDE_CUE.test(label.name)) return false;
  const d = u.dates.find((x) => x.index >= label.valueStart);
  // "First reading: 12 April 2027, 10:00-13:00": any name, when its value is a day and its hours.
  if (
    !MEETING_LABEL.test(label.name) &&
    !(d && rd.times(u).some((t) => t.index > d.index && t.index - d.index < 40))
  )
    return false;
  // "Nächstes Treffen: Do., 4. März": a short weekday abbreviation may stand before the date.
  if (
    !d ||
    !/^[\s,:*_-]*(?:(?:on|am|le|el)\s+|\p{L}{2,3}\.?,?\s+)?$/iu.test(u.text.slice(label.valueStart, d.index))
  )
    return false;
  let seg = seg0;
  if (seg0.headerDates.some((h) => !inSpan(d, h.span))) {
    seg = rd.segment(`next:${d.start}`);
    seg.title ??= { value: titleText(label.name), evidence: rd.evidence(u, 0, label.name.length) };
    if (seg0.series) seg.series ??= seg0.series;
  }
  rd.headerDatesFrom(seg, u, [d], false);
  const times = rd.times(u).filter((t) => t.index > d.index);
  if (times.length > 0) rd.sessionsFrom(seg, u, [d], times);
  rd.venueFrom(seg, u, u.text.slice(d.index + d.length), 1, d.index + d.length);
  rd.applyMarkers(seg, u.text, rd.evidence(u, 0, u.text.length), false);
  return true;
}

/** A label that names a meeting ("Next call", "Next plenary", "Prochaine réunion", "Nächstes Treffen"). */
const MEETING_LABEL =
  /\b(?:meeting|call|session|(?:side\s+)?event|webinar|telecon\w*|conference|workshop|consultation|briefing|plenary|hearing|assembly|town hall|seminar|symposium|treffen|tagung|versammlung|sitzung|r[ée]union|s[ée]ance|assembl[ée]e|atelier|reuni[óo]n|sesi[óo]n|asamblea|taller|pleno)\b/i;

function inSpan(d: ResolvedDate, span: { start: string; end: string }): boolean {
  return d.start >= span.start && d.end <= span.end;
}

/** An event of another kind, named with its article: "an informal briefing by the President". */
const OTHER_EVENT =
  /\b(?:an?|the)\s+((?:[\w-]+\s+){0,3}?(briefing|webinar|reception|side[- ]event|information session|consultations?|r[ée]union d'information|s[ée]ance d'information)(?:\s+(?:by|of|for|with)\s+the\s+[A-Z][\w-]*)?)\b/i;

/**
 * "The meeting has been postponed. A briefing will nevertheless be held on its original date":
 * under a meeting postponed or cancelled, a sentence that schedules an event of another kind
 * without a status word of its own schedules that event, a meeting of its own.
 */
export function otherEvent(rd: ReaderCore, u: Unit, seg: Segment): Segment | undefined {
  const status = seg.status?.value;
  if (status !== 'postponed' && status !== 'cancelled') return undefined;
  if (CANCELLED.test(u.text) || POSTPONED.test(u.text) || RESCHEDULED.test(u.text)) return undefined;
  const m = OTHER_EVENT.exec(u.text);
  if (!m) return undefined;
  const noun = (m[2] as string).toLowerCase();
  if (seg.title?.value.toLowerCase().includes(noun)) return undefined;
  const other = rd.segment(`event:${slug(m[1] as string)}`);
  other.title ??= { value: titleText(m[1] as string), evidence: rd.evidence(u, m.index, m[0].length) };
  return other;
}

/** Where an event's name ends: its verb, its day's preposition, a comma or a bracket. */
const EVENT_PHRASE_END = /\s+(?:will|shall|is|are|to\s+be|on|at|from)\b|[,;(]/i;

/** A meal or a social event beside a meeting is no meeting ("followed by a reception on 8 September"). */
const SOCIAL =
  /\b(?:dinner|lunch(?:eon)?|breakfast|reception|cocktails?|coffee|gala|excursion|sightseeing)\b/i;

/** "will be preceded by a meeting of the Bureau on", "followed by regional consultations from": the event, just before its date. */
const PRECEDED_BY =
  /\b(?:preceded|followed)\s+by\s+(?:an?\s+|the\s+)?([^,;:()]{3,80}?)\s+(?:(?:to\s+be\s+)?held\s+)?(?:on|from)\s+(?:the\s+)?$/i;

/**
 * "Sixty-third session, 29 August - 1 September" then "The session will be preceded by a meeting
 * of the Bureau on 28 August" or "A briefing for new delegates will be held on 28 August at
 * 15:00": a day outside the meeting's own days, given to an event the sentence names as another
 * (after "preceded/followed by", or a briefing, consultations, a reception ... with its article),
 * is that event's, a meeting of its own; the meeting keeps its days and hours.
 */
export function eventBeside(rd: ReaderCore, u: Unit, seg: Segment, d: ResolvedDate): Segment | undefined {
  if (!seg.headerDates.some((h) => d.end < h.span.start || d.start > h.span.end)) return undefined;
  if (seg.headerDates.some((h) => d.start <= h.span.end && d.end >= h.span.start)) return undefined;
  const before = u.text.slice(Math.max(0, d.index - 120), d.index);
  const by = PRECEDED_BY.exec(before);
  const named = by ? undefined : OTHER_EVENT.exec(u.text.slice(0, d.index));
  // "A briefing for new delegates will be held on": the event's words up to its verb or its day.
  const phrase = named
    ? u.text
        .slice(named.index + (/^\S+\s+/.exec(named[0])?.[0].length ?? 0), d.index)
        .split(EVENT_PHRASE_END)[0]
    : by?.[1];
  const name = phrase && capitalised(phrase.trim());
  if (!name || !/\p{L}{3}/u.test(name) || SOCIAL.test(name)) return undefined;
  if (named && seg.title?.value.toLowerCase().includes((named[2] as string).toLowerCase())) return undefined;
  const at = by ? Math.max(0, d.index - 120) + by.index : (named?.index ?? 0);
  const other = rd.segment(`event:${slug(name)}`);
  other.title ??= { value: titleText(name), evidence: rd.evidence(u, at, d.index - at) };
  return other;
}

/** "in keeping with the original date of 8 June", "originally scheduled for 8 June": the date of the meeting that moved. */
export function isOriginalDate(text: string, d: ResolvedDate): boolean {
  return /\b(?:original(?:ly)?|initially|previously)\s+(?:date|scheduled|planned|set|foreseen)\s*(?:of|for|on)?\s*(?:the\s+)?$/i.test(
    text.slice(Math.max(0, d.index - 40), d.index),
  );
}

/** "will be adopted on", "is to be considered on": a decision taken at a sitting, not a deadline. */
const ACTED_ON =
  /\b(?:will|shall|is to|are to|would)\s+be\s+(?:formally\s+|officially\s+)?(?:adopted|considered|taken up|launched|presented|signed|approved|endorsed|elected|tabled)\s+(?:on\s+)?$/i;

/** "in the Opening Session of the Commission", "at its plenary meeting": the sitting where it happens. */
const AT_SITTING =
  /^\s*,?\s*(?:in|at|during)\s+(?:the|its|their)\s+((?:[\w+-]+\s+){0,5}?(?:session|meeting|plenary|conference|summit|assembly|sitting)(?:\s+of\s+the\s+[^.,;()]{1,60}?)?)\s*(?=[.,;(]|$)/i;

/**
 * "The declaration will be adopted on 1 April in the opening session of the Commission": the
 * adoption is no meeting, the sitting it names is one, on that day. Returns true when the
 * sentence was read that way.
 */
export function sittingWhereActed(rd: ReaderCore, u: Unit): boolean {
  let found = false;
  for (const d of u.dates) {
    if (d.start !== d.end) continue;
    if (!ACTED_ON.test(u.text.slice(Math.max(0, d.index - 60), d.index))) continue;
    const m = AT_SITTING.exec(u.text.slice(d.index + d.length));
    if (!m) continue;
    const name = m[1] as string;
    const seg = rd.segment(`title:${slug(name)}`);
    const at = u.text.indexOf(name, d.index + d.length);
    seg.title ??= { value: titleText(name), evidence: rd.evidence(u, at, name.length) };
    rd.headerDatesFrom(seg, u, [d], false);
    found = true;
  }
  return found;
}

/** "The Outreach Group meeting is still set for ...": another meeting, named, given its own day. */
const NAMED_SET_FOR =
  /\b((?:[A-Z][\w'-]*\s+){1,4}(?:meeting|call|session|IRC meeting))\s+is\s+(?:still\s+|now\s+|also\s+)?(?:set|scheduled|planned|fixed)\s+for\s+/;

/**
 * "The Outreach Group meeting is still set for the 19th at 21:00 UTC", in a message about
 * another meeting: the meeting it names, when that is not the document's own, is a meeting
 * of its own on that day ("the 19th": the day of the month the document's meeting is in).
 */
export function namedMeetingSetFor(rd: ReaderCore, u: Unit): boolean {
  const m = NAMED_SET_FOR.exec(u.text);
  if (!m || /\?|\b(?:would|could|might|should)\b/.test(u.text)) return false;
  const name = (m[1] as string).trim();
  const own = rd.main.title ? titleKey(rd.main.title.value) : '';
  if (titleKey(name) === own || (own.length >= 4 && titleKey(name).includes(own))) return false;
  const at = m.index + m[0].length;
  let d = u.dates.find((x) => x.index === at || x.index === at + 4);
  if (!d) {
    // "for the 19th": only beside a document meeting of one month.
    const only = /^(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b/.exec(u.text.slice(at));
    const main = rd.main.headerDates[0]?.span;
    if (!only || !main || main.start.slice(0, 7) !== main.end.slice(0, 7)) return false;
    const day = `${main.start.slice(0, 8)}${(only[1] as string).padStart(2, '0')}`;
    if (!/^\d{4}-\d{2}-(?:0[1-9]|[12]\d|3[01])$/.test(day)) return false;
    d = { ...rd.dayAsDate(day), index: at, length: only[0].length, text: only[0] };
  }
  const seg = rd.segment(`title:${slug(name)}`);
  seg.title ??= { value: titleText(name), evidence: rd.evidence(u, m.index, name.length) };
  rd.headerDatesFrom(seg, u, [d], false);
  const times = rd.times(u).filter((t) => t.index > d.index && t.index < d.index + d.length + 20);
  if (times.length > 0) rd.sessionsFrom(seg, u, [d], times.slice(0, 1));
  return true;
}

/**
 * "The strategy call on 18 March is cancelled." in a message about the call of 16 March: a
 * meeting of another day is called off (or postponed), not the meeting the text is about. One
 * date, written before the status words, outside every day the meeting already has, and no
 * word of a new date or a replacement: a meeting of its own on that day, named by the words
 * before the date when they name a meeting ("The strategy call"), with that status.
 */
export function anotherDayCalledOff(rd: ReaderCore, u: Unit, seg0: Segment): boolean {
  const d = u.dates[0];
  if (!d || u.dates.length !== 1 || seg0.headerDates.length === 0) return false;
  if (seg0.headerDates.some((h) => inSpan(d, h.span))) return false;
  const text = u.text;
  if (!statementAboutMeeting(text) || RESCHEDULED.test(text) || REPLACED.test(text)) return false;
  const after = text.slice(d.index + d.length);
  const status = CANCELLED.test(after) ? 'cancelled' : POSTPONED.test(after) ? 'postponed' : undefined;
  if (!status || CANCELLED.test(text.slice(0, d.index)) || POSTPONED.test(text.slice(0, d.index)))
    return false;
  const seg = rd.segment(`${status}:${d.start}`);
  // "The call on 17 May": a bare noun names no other meeting; the day's meeting keeps the title.
  const subject = SUBJECT_BEFORE_DATE.exec(text.slice(0, d.index));
  const named = subject ? titleText(subject[1] as string) : '';
  if (subject && /\s/.test(named))
    seg.title ??= { value: named, evidence: rd.evidence(u, subject.index, subject[0].length) };
  else if (seg0.title) seg.title ??= seg0.title;
  if (seg0.series) seg.series ??= seg0.series;
  rd.headerDatesFrom(seg, u, [d], false);
  seg.status = { value: status, evidence: rd.evidence(u, 0, text.length) };
  return true;
}

/** A replacement said in the same sentence: "cancelled and replaced by", "instead", "a call will be held". */
const REPLACED = /\b(?:replac\w*|instead|in (?:its|their) place|will be held|will take place|will meet)\b/i;

/** "The strategy call on", "note that our Friday webinar of": a short subject ending in a meeting's noun, right before the date. */
const SUBJECT_BEFORE_DATE =
  /(?:^|\b(?:the|our|this|next|tomorrow's)\s+)((?:[\p{L}'’-]+\s+){0,3}?(?:meeting|call|session|webinar|briefing|workshop|consultations?|telecon\w*|plenary|seminar|hearing))\s+(?:on|of|scheduled for|set for|planned for|for)\s*(?:\p{L}+day,?\s*)?$/iu;

/** Words that keep a meeting as it was: "will go ahead as planned", "remains scheduled", "is not affected". */
const GOES_AHEAD =
  /\b(?:will|shall|is to|are to)\s+(?:still\s+)?(?:go\s+ahead|proceed|take\s+place\s+as\s+(?:planned|scheduled))|\b(?:go(?:es)?\s+ahead|proceed)\s+as\s+(?:planned|scheduled)|\b(?:remains?|stays?)\s+(?:as\s+)?(?:scheduled|planned|unchanged|confirmed)|\b(?:is|are)\s+(?:not\s+affected|unaffected|still\s+on)\b|\bmaintenue?s?\b|\bse\s+mantiene(?:n)?\b/i;

/**
 * "The consultations of 18 May are cancelled. Those of 20 May will go ahead as planned.": under
 * a notice that calls a meeting off, a day said to go ahead is a meeting of its own (the same
 * name, no status), so the day still held is never alerted as cancelled. Undefined otherwise.
 */
export function goesAhead(rd: ReaderCore, u: Unit, seg: Segment, d: ResolvedDate): Segment | undefined {
  if (seg !== rd.main || !GOES_AHEAD.test(u.text) || CANCELLED.test(u.text) || POSTPONED.test(u.text))
    return undefined;
  const calledOff = rd.units.some(
    (o) => o !== u && statementAboutMeeting(o.text) && (CANCELLED.test(o.text) || POSTPONED.test(o.text)),
  );
  if (!calledOff) return undefined;
  const ahead = rd.segment(`ahead:${d.start}`);
  // "The pre-forum webinar on 2 June will take place as planned" under a postponed forum: an
  // event of another kind is titled by its own name.
  const other = OTHER_EVENT.exec(u.text);
  const noun = other?.[2]?.toLowerCase();
  if (other && noun && !rd.main.title?.value.toLowerCase().includes(noun))
    ahead.title ??= {
      value: capitalised(titleText(other[1] as string)),
      evidence: rd.evidence(u, other.index, other[0].length),
    };
  if (rd.main.title) ahead.title ??= rd.main.title;
  if (rd.main.series) ahead.series ??= rd.main.series;
  return ahead;
}

/**
 * A writer calling meetings off: "I'm canceling the calls", "we are cancelling our meetings",
 * "We're cancelling this month's call (7 July)".
 */
export const CANCELLING =
  /\b(?:I'm|I am|we're|we are|(?:I|we) will be|(?:is|are) now)\s+(?:also\s+)?cancell?ing\s+(?:the|our|all|these|those|both|this\s+(?:week|month|year)['\u2019]s|today['\u2019]s|tomorrow['\u2019]s|next\s+week['\u2019]s)\b/i;
export const QUESTION = /\?|\b(?:should|shall|could|would) (?:I|we) (?:be )?cancel/i;

/**
 * The days a sentence calls off: a meeting of their own, cancelled, so the meeting still held
 * keeps its status; the message's own meeting when its subject or title already called it off
 * and nothing has dated it yet ("Cancelled: Monthly call" over "We're cancelling this month's
 * call (7 July)").
 */
export function cancelledDays(rd: ReaderCore, fallback: Segment, d: ResolvedDate, ev: Evidence): Segment {
  const undated = fallback.headerDates.length === 0 && fallback.sessions.length === 0;
  const own = fallback === rd.main && undated && fallback.status?.value === 'cancelled';
  const seg = own ? rd.main : rd.segment(`cancelled:${d.start}`);
  if (fallback.title) seg.title ??= fallback.title;
  if (fallback.series) seg.series ??= fallback.series;
  seg.status = { value: 'cancelled', evidence: ev };
  return seg;
}

/**
 * "Our next call will be on 4 August" under a message that calls its meeting off or puts it off
 * (by its subject or title): the next meeting is one of its own and keeps none of that status.
 * Not when the sentence has status words itself ("The next call on 4 May is cancelled").
 */
export function nextUnderCalledOff(seg: Segment, text: string): boolean {
  const status = seg.status?.value;
  return (status === 'cancelled' || status === 'postponed') && !CANCELLED.test(text) && !POSTPONED.test(text);
}
