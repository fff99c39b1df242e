/**
 * Ends said after the hours of a meeting's days, of some of its days or of its one session ("end
 * at 5pm on Wednesday and Thursday", "They will end at 18:00"). The words that say hours are every
 * day's are in daily-words.ts.
 */
import { weekdayOf } from './calendar.js';
import type { ReaderCore } from './reader-core.js';
import type { Segment, Unit } from './reader-types.js';
import { formatTime, type TimeMention } from './times.js';
import type { LocalDate } from './types.js';

/** "end at approximately 5pm on Wednesday and Thursday", "finish by 1pm on Friday". */
const END_ON =
  /\b(?:end|ends|finish|finishes|close|closes|conclude|concludes)\s+(?:at|by)\s+(?:approximately\s+|about\s+|around\s+)?(?=\d)([^.;]{1,12}?)\s+on\s+((?:mon|tues|wednes|thurs|fri|satur|sun)days?(?:\s*(?:,|and|&)\s*(?:mon|tues|wednes|thurs|fri|satur|sun)days?)*)/gi;

const WEEKDAY_INDEX: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/** Ends said of some weekdays of a meeting whose days each have a start; true when one applied. */
export function endsOnWeekdays(rd: ReaderCore, u: Unit, seg: Segment): boolean {
  let applied = false;
  const times = rd.times(u);
  for (const m of u.text.matchAll(END_ON)) {
    const t = times.find((x) => x.index === (m.index ?? 0) + m[0].indexOf(m[1] as string));
    if (!t) continue;
    const names = (m[2] as string).match(/(?:mon|tues|wednes|thurs|fri|satur|sun)day/gi) ?? [];
    const weekdays = new Set(names.map((w) => WEEKDAY_INDEX[w.slice(0, 3).toLowerCase()]));
    for (const x of seg.sessions) {
      if (!Array.isArray(x.dates) || x.dates.length !== 1 || !x.start || x.end) continue;
      if (!weekdays.has(weekdayOf(x.dates[0] as LocalDate))) continue;
      x.end = formatTime(t.start);
      x.evidence.push(rd.evidence(u, t.index, t.length));
      applied = true;
    }
  }
  return applied;
}

/**
 * Before a time: the meeting (by a pronoun or its noun) says when it ends. "They will end at
 * 18:00", "It is expected to conclude by 1 p.m.", "The session should finish around 17:30".
 */
const ENDS_AT =
  /\b(?:it|they|the\s+(?:meeting|session|sitting|consultation|call|webinar|workshop|briefing|dialogue|discussion|event|negotiation)s?)\s+(?:(?:is|are|will|should|shall|would)\s+)?(?:(?:be\s+)?(?:expected|scheduled|due|planned)\s+to\s+)?(?:end|ends|finish|finishes|conclude|concludes|adjourn|adjourns)\s+(?:at|by|around|no\s+later\s+than)\s+(?:approximately\s+|about\s+|around\s+)?$/i;

/**
 * "They will end at 18:00." after the sentence that gave the meeting's one day and its
 * start: the end of that session. Only when the end is later than the start; true when applied.
 */
export function endOfKnownSession(rd: ReaderCore, u: Unit, seg: Segment): boolean {
  if (seg.sessions.length !== 1) return false;
  const x = seg.sessions[0] as Segment['sessions'][number];
  if (!x.start || x.end || !Array.isArray(x.dates) || x.dates.length !== 1) return false;
  const times = rd.times(u);
  if (times.length !== 1) return false;
  const t = times[0] as TimeMention;
  if (t.end !== undefined || !ENDS_AT.test(u.text.slice(Math.max(0, t.index - 80), t.index))) return false;
  const end = formatTime(t.start);
  if (end <= x.start) return false;
  x.end = end;
  x.evidence.push(rd.evidence(u, t.index, t.length));
  return true;
}
