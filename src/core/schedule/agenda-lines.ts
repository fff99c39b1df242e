/**
 * Agenda lines: a meeting's title followed by its date, one line per meeting ("Informal
 * Consultations on 3 June 2027", "Webinar 2 – Tuesday, May 10, 2027 at 10.00 EDT"). Each is
 * its own meeting, keyed by title and day, so two lines with the same title on different
 * days stay two meetings.
 */
import { daysBetween } from './calendar.js';
import { slug } from './identity.js';
import { BODY } from './prose-clauses.js';
import type { ReaderCore } from './reader-core.js';
import type { Segment, Unit } from './reader-types.js';
import { CANCELLED, EXCLUDE_CUE, POSTPONED, titleSaysStatus } from './text-rules.js';
import { titleText } from './titles.js';
import type { LocalDate } from './types.js';

/** Nouns that name a meeting in an agenda line's title. */
export const AGENDA_NOUN =
  /\b(?:meetings?|sessions?|consultations?|hearings?|webinars?|workshops?|briefings?|conferences?|forums?|summits?|seminars?|calls?|dialogues?|round ?tables?|plenary|assembl(?:y|ies)|retreats?|symposi(?:um|a)|panels?|town ?halls?)\b/i;

/** What may come between the title and the date: "on", a dash, a colon, a weekday. */
const TITLE_THEN_DATE =
  /^\s*([A-Z][^.;!?()]{2,80}?)\s*(?:\bon\b|\bof\b|[-\u2013\u2014:,|])?\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?$/i;

/** A call to act that leads a line without being part of the title: "To register for Webinar 2 – ...". */
const LEAD =
  /^\s*(?:to\s+)?(?:register\s+for|join(?:\s+us)?(?:\s+for)?|sign\s+up\s+for|attend)\s+(?:the\s+)?/i;

/** Before a date that opens a list item: bullets, emphasis, nothing else. */
const ITEM_OPENING = /^[\s*_~\-+\u2022]*$/;
/** The hours a programme line may give between its day and its body: ", 10:00-13:00", " at 3 p.m.". */
const HOURS = String.raw`,?\s*(?:at\s+|from\s+)?\d{1,2}(?:[:.h]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*(?:[-\u2013\u2014]|to|until)\s*\d{1,2}(?:[:.h]\d{2})?\s*(?:[ap]\.?m\.?)?)?`;

/**
 * After that date (and its hours, "Monday 8 March, 10:00-13:00", and a note in brackets,
 * "8 March (postponed):"): a dash or colon, then the title up to a bracket, a comma, a full stop
 * or a dash. After hours the title may follow a space alone ("Mon 8 March 10:00-13:00 Plenary").
 */
const DATE_THEN_TITLE = new RegExp(
  String.raw`^(?:${HOURS}(?:\s*\([^()\n]{1,60}\))?[\s*_~]*(?:[-\u2013\u2014:|]\s*|\s)|(?:\s*\([^()\n]{1,60}\))?[\s*_~]*[-\u2013\u2014:|]\s*)([A-Z][^.;!?()\u2013\u2014,~*]{2,80}?)(?=\s*(?:[(,;.~*]|\s[-\u2013\u2014]\s|$))`,
);

/**
 * "**14 January 2027** – Webinar: Data for the SDGs (14:00-15:30 CET)": a list item that opens
 * with its date and then names the meeting; the rest of the line, after the title, gives its
 * times and place.
 */
function dateFirstTitle(u: Unit): AgendaTitle | undefined {
  const first = u.dates[0];
  if (!first || !ITEM_OPENING.test(u.text.slice(0, first.index))) return undefined;
  const after = first.index + first.length;
  const m = DATE_THEN_TITLE.exec(u.text.slice(after));
  if (!m) return undefined;
  let title = (m[1] as string).trim();
  // A list of meetings names bodies as often as meetings: "3-5 February: Working Group on Soils, Geneva".
  if (
    !(AGENDA_NOUN.test(title) || BODY_NOUN.test(title)) ||
    EXCLUDE_CUE.test(title) ||
    title.split(/\s+/).length > 10
  )
    return undefined;
  const at = after + m[0].length - (m[1] as string).length;
  // "Plenary, tenth session, Nairobi": the session the body holds belongs to the title.
  const more = NAMED_SITTING.exec(u.text.slice(at + title.length));
  if (more) title = `${title}${more[0]}`.trim();
  return { title, at, rest: at + title.length };
}

/** Bodies that meet (prose-clauses.ts), and the bodies of a process by their symbols: what a list of meetings may name instead of a meeting. */
const BODY_NOUN = new RegExp(
  String.raw`\b(?:${BODY}|expert\s+groups?|group\s+of\s+experts|COP|CMA|CMP|SBSTA|SBI)\b`,
  'i',
);

/** ", tenth session", ", 3rd meeting", ", resumed session": a comma, then the sitting a body holds. */
const NAMED_SITTING =
  /^,\s*(?:(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|resumed|special|extraordinary|\d{1,3}(?:st|nd|rd|th))\s+){1,2}(?:session|meeting|sitting|round)(?:\s+\(resumed\))?(?=\s*(?:[,;(]|$))/i;

/** An agenda line's title, where it starts in the unit's text, and where the text after it starts. */
interface AgendaTitle {
  title: string;
  at: number;
  rest?: number;
  /** The meeting the line adds to: its title and the first day of the week-long run it belongs to. */
  key?: string;
}

/** The title of an agenda line, with where it starts in the unit's text; undefined when `u` is not one. */
function agendaTitle(u: Unit): AgendaTitle | undefined {
  const first = u.dates[0];
  if (!first || u.kind === 'heading' || u.kind === 'row' || u.label || u.dateline) return undefined;
  const dateFirst = dateFirstTitle(u);
  if (dateFirst) return dateFirst;
  let prefix = u.text.slice(0, first.index);
  const lead = LEAD.exec(prefix);
  if (lead) prefix = prefix.slice(lead[0].length);
  const m = TITLE_THEN_DATE.exec(prefix);
  if (!m) return undefined;
  const title = (m[1] as string).trim();
  // "Committee on Budget – Tuesday 9 March, 15:00": a body, as in a list that opens with the date.
  if (
    !(AGENDA_NOUN.test(title) || BODY_NOUN.test(title)) ||
    EXCLUDE_CUE.test(title) ||
    title.split(/\s+/).length > 10
  )
    return undefined;
  // A sentence that says something of the meeting ("The meeting held on 3 June adopted ...",
  // "the new time starts next meeting on 4 May") is prose, not a title.
  if (
    /\b(?:is|are|was|were|will|has|have|had|held|start\w*|begin\w*|mov\w*|chang\w*|resum\w*)\b/i.test(title)
  )
    return undefined;
  if (/\b(?:from|until|till|to|by|before|after|since|until)$/i.test(title)) return undefined;
  return { title, at: (lead ? lead[0].length : 0) + prefix.indexOf(title) };
}

/**
 * The agenda lines of a document, by unit index. A lone line of that shape is a title or a
 * post's heading ("Weekly Call 2016-02-04"), not an agenda: at least two are needed. The same
 * title on days less than a week apart ("Mon 8 March 10:00 Plenary", "Tue 9 March 10:00
 * Plenary") is one meeting sitting on several days; a week or more apart ("Weekly Call
 * 2016-02-04", "Weekly Call 2016-02-11"), two meetings; and so is a day of the run called off
 * ("Tue 9 March: Plenary - cancelled").
 */
export function findAgendaLines(units: Unit[]): Map<number, AgendaTitle> {
  const out = new Map<number, AgendaTitle>();
  const runs = new Map<string, { key: string; last: LocalDate }>();
  units.forEach((u, k) => {
    if (u.excludedSection) return;
    const t = agendaTitle(u);
    const day = u.dates[0]?.start;
    if (!t || !day) return;
    const own = `agenda:${slug(t.title)}@${day}`;
    // "Tue 8 March: Plenary - cancelled": a day called off is a meeting of its own, outside the run.
    if (titleSaysStatus(u.text, CANCELLED) || titleSaysStatus(u.text, POSTPONED)) {
      out.set(k, { ...t, key: own });
      return;
    }
    const run = runs.get(slug(t.title));
    const gap = run ? daysBetween(run.last, day) : -1;
    const key = run && gap >= 0 && gap < 7 ? run.key : own;
    runs.set(slug(t.title), { key, last: day });
    out.set(k, { ...t, key });
  });
  return out.size >= 2 ? out : new Map();
}

/** Reads the agenda line `u` (found by `findAgendaLines`) as its own meeting. */
export function agendaLine(rd: ReaderCore, u: Unit, line: AgendaTitle): void {
  const first = u.dates[0];
  if (!first) return;
  const { title, at } = line;
  const seg = rd.segment(line.key ?? `agenda:${slug(title)}@${first.start}`);
  seg.title ??= { value: titleText(title), evidence: rd.evidence(u, at, title.length) };
  const opened = seg.headerDates[0];
  // A later day of the same meeting's run widens its days instead of disagreeing with them.
  if (opened && line.key && opened.span.end < first.end) opened.span = { ...opened.span, end: first.end };
  else rd.headerDatesFrom(seg, u, [first], false);
  const next = u.dates[1];
  const times = rd.times(u).filter((t) => t.index > first.index && (!next || t.index < next.index));
  if (times.length > 0) rd.sessionsFrom(seg, u, [first], times);
  const restStart = Math.max(first.index + first.length, line.rest ?? 0);
  rd.venueFrom(seg, u, u.text.slice(restStart, next ? next.index : u.text.length), 1, restStart);
  statusOfLine(rd, seg, u);
}

/**
 * The status of a line that names one meeting: its markers, or a status word tagged on it
 * ("~~9 February – Briefing~~ (cancelled)", "Expert Group on Tides: 9 June, 10:00 (cancelled)").
 */
export function statusOfLine(rd: ReaderCore, seg: Segment, u: Unit): void {
  const ev = rd.evidence(u, 0, u.text.length);
  rd.applyMarkers(seg, u.text, ev, false);
  if (!seg.status) {
    if (titleSaysStatus(u.text, CANCELLED)) seg.status = { value: 'cancelled', evidence: ev };
    else if (titleSaysStatus(u.text, POSTPONED)) seg.status = { value: 'postponed', evidence: ev };
  }
}
