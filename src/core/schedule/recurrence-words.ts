/**
 * What a sentence with a weekday habit says beyond its rule: whether the habit is a meeting at
 * all ("the building is open on Saturdays from 10:00", "a shuttle leaves every Tuesday at
 * 08:00" are not), whether it is still in force ("the committee met on Tuesdays until 2025"
 * is not), and whether it comes every two weeks when the frequency is said apart from the
 * weekday ("a fortnightly meeting on Mondays", "every two weeks on Wednesdays").
 */

/** Words that make a weekday habit a gathering of people. */
const MEETING_WORD =
  /\b(?:meet|meets|meeting|meetings|met|call|calls|session|sessions|held|takes? place|hangout|office hours|sync|stand-?up|telecon\w*|webinar|seminar|workshop|forum|sitting|sits|hearing|briefing|get-together|gathering|teleconference|video ?conference)\b/i;

/**
 * A habit of something else: opening hours, counters and desks, deadlines and collections,
 * publications, transport. Only read when the sentence has no meeting word.
 */
const OTHER_HABIT =
  /\b(?:(?:is|are)\s+open|open\s+to\s+(?:visitors|the\s+public)|opening\s+(?:hours|times)|closed|closes|deadline|due|collected|collection|submitted|published|released|issued|posted|delivered|leaves?|departs?|departures?|arrives?|shuttle|bus|buses|train|ferry|badges?|pass\s+office|counter|desk|helpdesk|reception|registration|pick-?up|backups?|maintenance|outage|builds?|nightly|newsletter|digest|payments?|invoices?)\b/i;

/** True when a weekday habit is about something that is no meeting (and says no meeting word). */
export function isOtherHabit(sentence: string): boolean {
  return !MEETING_WORD.test(sentence) && OTHER_HABIT.test(sentence);
}

/**
 * A habit told in the past: "usually met on Tuesdays", "used to meet", "were held every
 * Monday", "had met on Thursdays". Not a rule in force, unless the sentence also says one
 * ("met on Tuesdays and now meets on Wednesdays" is left to the rule reader).
 */
const PAST_HABIT =
  /\b(?:used\s+to\s+(?:meet|be\s+held|take\s+place|gather)|(?:usually|regularly|normally|traditionally|previously|formerly|always|had)\s+met|(?:were|was)\s+(?:usually\s+|regularly\s+|previously\s+|formerly\s+)?held\s+(?:on|every|each)|met\s+(?:on|every|each)\s+(?:\w+\s+)?(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays))\b/i;
const PRESENT_HABIT =
  /\b(?:meets|will\s+meet|now\s+meet|(?:is|are|will\s+be)\s+held|takes?\s+place|will\s+take\s+place|moves?|continues?|resumes?)\b/i;

export function isPastHabit(sentence: string): boolean {
  return PAST_HABIT.test(sentence) && !PRESENT_HABIT.test(sentence);
}

/**
 * A frequency of every two weeks said apart from the weekday: "biweekly call on Wednesdays",
 * "a fortnightly meeting on Mondays", "every two weeks on Thursdays", "every 2 weeks, Tuesday",
 * "on alternate weeks". "Twice a week" or "twice a month" is no such frequency.
 */
const EVERY_TWO_WEEKS =
  /\b(?:bi-?weekly|fortnightly|every\s+(?:two|2|other|second)\s+weeks?|(?:on\s+)?alternate\s+weeks|once\s+every\s+(?:two|2)\s+weeks)\b/i;

export function saysEveryTwoWeeks(sentence: string): boolean {
  return EVERY_TWO_WEEKS.test(sentence);
}

/**
 * Hours that alternate from one meeting to the next: "alternating between 08:00 and 17:00 UTC",
 * "alternates 9:00 / 18:00 CET". Gives both as written and where the second ends, so the zone
 * after it is read; which weeks have which hours is not said.
 */
const ALTERNATING =
  /\balternat\w*\s+(?:between\s+)?(\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?)\s*(?:and|or|\/|,)\s*(\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?)/i;

export function alternatingHours(
  sentence: string,
): { first: string; second: string; stop: number } | undefined {
  const m = ALTERNATING.exec(sentence);
  if (!m) return undefined;
  return { first: m[1] as string, second: m[2] as string, stop: (m.index ?? 0) + m[0].length };
}
