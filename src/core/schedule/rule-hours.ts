import { expandRecurrence, occursOn } from './recurrence.js';
import type { MeetingClaim, Recurrence } from './types.js';

/**
 * A dated meeting of a recurring series whose day says no hours ("The next call is on 29
 * January 2027" under "calls take place on the last Friday of the month at 12:00 UTC"): on a
 * day of the rule, the meeting has the rule's hours and zone, marked uncertain.
 */
export function withRuleHours(claim: MeetingClaim, rules: Recurrence[], text: string): MeetingClaim {
  const span = claim.dates?.value;
  if (!span || span.start !== span.end || claim.sessions.some((s) => s.start)) return claim;
  if (claim.status?.value === 'cancelled' || claim.status?.value === 'postponed') return claim;
  const day = span.start;
  // The day's sentence must speak of the same kind of meeting as the rule ("the next call" under
  // "calls take place ..."): "the annual conference on Thursday 4 March" is another meeting.
  const at = claim.dates?.evidence[0]?.offset;
  if (at === undefined) return claim;
  const said = kinds(sentenceAt(text, at));
  const rule = rules.find((r) => r.start && kinds(r.text).some((k) => said.includes(k)) && occursOn(r, day));
  if (!rule) return claim;
  const [occurrence] = expandRecurrence(rule, { from: day, to: day }, 1);
  if (!occurrence?.start) return claim;
  const offset = text.indexOf(rule.text.slice(0, 40));
  const evidence = [{ text: rule.text, ...(offset >= 0 ? { offset } : {}) }];
  const session = {
    date: day,
    start: occurrence.start,
    ...(occurrence.end ? { end: occurrence.end } : {}),
    ...(occurrence.startAt ? { startAt: occurrence.startAt } : {}),
    ...(occurrence.endAt ? { endAt: occurrence.endAt } : {}),
    evidence,
    uncertain: 'the hours are those of the recurring schedule; the day itself names none',
  };
  const out: MeetingClaim = { ...claim, sessions: [session] };
  if (!claim.zone && rule.timeZone) {
    const basis = /^UTC[+-]/.test(rule.timeZone) ? 'offset' : 'abbreviation';
    out.zone = { value: { zone: rule.timeZone, basis }, evidence };
  }
  return out;
}

const KIND =
  /\b(call|meeting|sync|session|hangout|office hours|stand-?up|telecon|teleconference|webinar|clinic|sitting)s?\b/gi;

/** The kinds of meeting a text names, singular and lower case. */
function kinds(text: string): string[] {
  return [...text.matchAll(KIND)].map((m) => (m[1] as string).toLowerCase().replace(/-/g, ''));
}

/** The sentence around `at`: from the last full stop, line break or start, at most 200 characters either side. */
function sentenceAt(text: string, at: number): string {
  const before = text.slice(Math.max(0, at - 200), at);
  const cut = Math.max(before.lastIndexOf('. '), before.lastIndexOf('\n'));
  const after = text.slice(at, at + 200);
  const end = after.search(/\.\s|\n/);
  return before.slice(cut + 1) + (end < 0 ? after : after.slice(0, end));
}
