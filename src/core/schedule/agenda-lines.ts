/**
 * Agenda lines: a meeting's title followed by its date, one line per meeting ("Informal
 * Consultations on 3 June 2027", "Webinar 2 – Tuesday, May 10, 2027 at 10.00 EDT"). Each is
 * its own meeting, keyed by title and day, so two lines with the same title on different
 * days stay two meetings.
 */
import { slug, titleText } from './identity.js';
import type { ReaderCore } from './reader-core.js';
import type { Unit } from './reader-types.js';
import { EXCLUDE_CUE } from './text-rules.js';

/** Nouns that name a meeting in an agenda line's title. */
export const AGENDA_NOUN =
  /\b(?:meetings?|sessions?|consultations?|hearings?|webinars?|workshops?|briefings?|conferences?|forums?|summits?|seminars?|calls?|dialogues?|round ?tables?|plenary|assembl(?:y|ies)|retreats?|symposi(?:um|a)|panels?|town ?halls?)\b/i;

/** What may come between the title and the date: "on", a dash, a colon, a weekday. */
const TITLE_THEN_DATE =
  /^\s*([A-Z][^.;!?()]{2,80}?)\s*(?:\bon\b|\bof\b|[-\u2013\u2014:,|])?\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?$/i;

/** A call to act that leads a line without being part of the title: "To register for Webinar 2 – ...". */
const LEAD =
  /^\s*(?:to\s+)?(?:register\s+for|join(?:\s+us)?(?:\s+for)?|sign\s+up\s+for|attend)\s+(?:the\s+)?/i;

/** The title of an agenda line, with where it starts in the unit's text; undefined when `u` is not one. */
function agendaTitle(u: Unit): { title: string; at: number } | undefined {
  const first = u.dates[0];
  if (!first || u.kind === 'heading' || u.kind === 'row' || u.label || u.dateline) return undefined;
  let prefix = u.text.slice(0, first.index);
  const lead = LEAD.exec(prefix);
  if (lead) prefix = prefix.slice(lead[0].length);
  const m = TITLE_THEN_DATE.exec(prefix);
  if (!m) return undefined;
  const title = (m[1] as string).trim();
  if (!AGENDA_NOUN.test(title) || EXCLUDE_CUE.test(title) || title.split(/\s+/).length > 10) return undefined;
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
 * post's heading ("Weekly Call 2016-02-04"), not an agenda: at least two are needed.
 */
export function findAgendaLines(units: Unit[]): Map<number, { title: string; at: number }> {
  const out = new Map<number, { title: string; at: number }>();
  units.forEach((u, k) => {
    if (u.excludedSection) return;
    const t = agendaTitle(u);
    if (t) out.set(k, t);
  });
  return out.size >= 2 ? out : new Map();
}

/** Reads the agenda line `u` (found by `findAgendaLines`) as its own meeting. */
export function agendaLine(rd: ReaderCore, u: Unit, line: { title: string; at: number }): void {
  const first = u.dates[0];
  if (!first) return;
  const { title, at } = line;
  const seg = rd.segment(`agenda:${slug(title)}@${first.start}`);
  seg.title ??= { value: titleText(title), evidence: rd.evidence(u, at, title.length) };
  rd.headerDatesFrom(seg, u, [first], false);
  const next = u.dates[1];
  const times = rd.times(u).filter((t) => t.index > first.index && (!next || t.index < next.index));
  if (times.length > 0) rd.sessionsFrom(seg, u, [first], times);
  const restStart = first.index + first.length;
  rd.venueFrom(seg, u, u.text.slice(restStart, next ? next.index : u.text.length), 1, restStart);
  rd.applyMarkers(seg, u.text, rd.evidence(u, 0, u.text.length), false);
}
