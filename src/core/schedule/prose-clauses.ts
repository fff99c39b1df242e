/**
 * Several meetings in one sentence: "The working group will meet on 3 March from 10:00 to
 * 13:00, and the plenary on 4 March from 15:00 to 18:00." Each clause names its body and
 * then its date; each is a meeting of its own, with its own day, times and place.
 */
import { slug } from './identity.js';
import type { ReaderCore } from './reader-core.js';
import type { ResolvedDate, Segment, Unit } from './reader-types.js';
import type { TimeMention } from './times.js';
import { titleText } from './titles.js';

/** One clause's meeting: its name, and where its part of the sentence starts and ends. */
export interface Clause {
  title: string;
  start: number;
  end: number;
}

/** Nouns that name a body that meets, or a meeting. */
export const BODY = String.raw`(?:working\s+groups?|(?:sub-?)?committees?|bureau|board|council|commission|assembly|plenary|session|meeting|task\s+force|panel|forum|conference|workshop|consultations?|group|caucus|sitting|hearing|webinar|seminar|briefing|delegation\s+heads)`;
/** What a body is for or of: "a briefing for observers", "the meeting of the Parties" (never "on", which leads to the date). */
const COMPLEMENT = String.raw`(?:\s+(?:for|of|with)\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+)?)?`;
/** A subject: "the", "its" or "a", up to four words, then a body noun and what it is for. */
const SUBJECT = String.raw`(?:the|its|a|an)\s+((?:[\w'’-]+\s+){0,4}?${BODY}${COMPLEMENT})`;
/** What a clause says of its subject before the date. */
const VERB = String.raw`(?:(?:will|shall|is\s+to|is\s+scheduled\s+to)\s+(?:meet|convene|sit|be\s+held|take\s+place|hold\s+its\s+\w+)|meets|convenes|sits|is\s+held|takes\s+place)`;
const WEEKDAY = String.raw`(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?`;

/**
 * The first clause: its subject and verb, then "on" (or "from") right before the first date;
 * or whoever holds it, then the meeting held ("The facilitators will hold informal
 * consultations on ...").
 */
const FIRST = new RegExp(
  String.raw`(?:^|[\s,;:])${SUBJECT}\s+${VERB}\s+(?:on|from)?\s*(?:the\s+)?${WEEKDAY}$|\b(?:will|shall|(?:is|are)\s+to)\s+(?:hold|convene|organi[sz]e|host)\s+(?:an?\s+|its\s+|their\s+|the\s+)?((?:[\w'’-]+\s+){0,3}?${BODY}${COMPLEMENT})\s+(?:on|from)\s*(?:the\s+)?${WEEKDAY}$`,
  'i',
);
/** A later clause: a joining word, a subject, perhaps a verb, then "on" right before its date. */
const LATER = new RegExp(
  String.raw`(?:,\s*(?:and|while|whereas|followed\s+by)|;\s*(?:and\s+|while\s+)?|\s+and|\s+while)\s+${SUBJECT}(?:\s+${VERB})?\s+(?:(?:on|from)\s+)?(?:the\s+)?${WEEKDAY}$`,
  'i',
);

/**
 * The clauses of a sentence that schedules two meetings or more, one per date; undefined
 * unless every date after the first opens a clause with a subject of its own, and two
 * clauses name different bodies.
 */
export function meetingClauses(text: string, dates: ResolvedDate[]): Clause[] | undefined {
  if (dates.length < 2 || dates.length > 6) return undefined;
  const first = dates[0] as ResolvedDate;
  const lead = FIRST.exec(text.slice(0, first.index));
  if (!lead) return undefined;
  const out: Clause[] = [{ title: (lead[1] ?? lead[2]) as string, start: 0, end: text.length }];
  for (let i = 1; i < dates.length; i++) {
    const prev = dates[i - 1] as ResolvedDate;
    const d = dates[i] as ResolvedDate;
    const m = LATER.exec(text.slice(prev.index + prev.length, d.index));
    if (!m) return undefined;
    const at = prev.index + prev.length + (m.index ?? 0);
    (out[out.length - 1] as Clause).end = at;
    out.push({ title: m[1] as string, start: at, end: text.length });
  }
  const names = new Set(out.map((c) => c.title.toLowerCase().replace(/\s+/g, ' ')));
  return names.size === out.length ? out : undefined;
}

/**
 * Gives the clause's meeting its day, the times and place written in its own clause, and
 * the status words of its clause; returns the meeting.
 */
export function clauseMeeting(
  rd: ReaderCore,
  u: Unit,
  d: ResolvedDate,
  clause: Clause,
  times: TimeMention[],
  fallback: Segment,
): Segment {
  const name = titleText(clause.title);
  // "The session will be held on 3 March, and the next session on 10 March": the first is the page's own meeting.
  // So is a first clause the title already names ("Informal consultations" under "Informal consultations on the outcome").
  const own =
    clause.start === 0 &&
    (GENERIC.test(name) || (rd.main.title?.value.toLowerCase().includes(name.toLowerCase()) ?? false));
  const seg = own ? fallback : rd.segment(`clause:${d.start}:${slug(name)}`);
  seg.title ??= {
    value: name.charAt(0).toUpperCase() + name.slice(1),
    evidence: rd.evidence(u, clause.start, clause.end - clause.start),
  };
  rd.headerDatesFrom(seg, u, [d], false);
  const said = times.filter((t) => t.index >= clause.start && t.index < clause.end);
  if (said.length > 0) rd.sessionsFrom(seg, u, [d], said);
  const part = u.text.slice(clause.start, clause.end);
  rd.venueFrom(seg, u, part, 1, clause.start);
  rd.applyMarkers(seg, part, rd.evidence(u, clause.start, clause.end - clause.start), false);
  return seg;
}

/** Names of meetings rather than of bodies: said of the document's own meeting. */
const GENERIC =
  /^(?:(?:first|second|third|next|same|present|whole|full|main|opening|closing)\s+)?(?:meeting|session|sitting|conference)$/i;

const bodiesCache = new WeakMap<ReaderCore, Map<Unit, string>>();

/**
 * Sentences of a paragraph or page that each schedule another body ("The working group will
 * meet on 3 March ... The plenary will meet on 4 March ..."): each is a meeting of its own,
 * when two sentences or more name different bodies, none a generic "meeting" or "session"
 * and none the body the title names. By unit, the body each names.
 */
export function bodySentences(rd: ReaderCore): Map<Unit, string> {
  const cached = bodiesCache.get(rd);
  if (cached) return cached;
  const found = new Map<Unit, string>();
  const title = rd.main.title?.value.toLowerCase() ?? '';
  for (const u of rd.units) {
    if (u.kind !== 'sentence' && u.kind !== 'line') continue;
    if (u.dates.length !== 1 || u.excludedSection) continue;
    const m = FIRST.exec(u.text.slice(0, (u.dates[0] as ResolvedDate).index));
    const name = (m?.[1] ?? m?.[2] ?? '').toLowerCase().replace(/\s+/g, ' ');
    if (!name || GENERIC.test(name) || title.includes(name)) continue;
    found.set(u, (m?.[1] ?? m?.[2]) as string);
  }
  const names = new Set([...found.values()].map((n) => n.toLowerCase().replace(/\s+/g, ' ')));
  const out = names.size >= 2 ? found : new Map<Unit, string>();
  bodiesCache.set(rd, out);
  return out;
}
