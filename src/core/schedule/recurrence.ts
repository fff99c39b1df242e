import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { addDays } from './calendar.js';
import { statedDuration } from './durations.js';
import {
  CODES,
  cancelledDays,
  DAY,
  DAYS,
  MONTH,
  MONTHS,
  monthDate,
  POS,
  POSITIONS,
  yearFor,
} from './recurrence-days.js';
import { alternatingHours, isOtherHabit, isPastHabit, saysEveryTwoWeeks } from './recurrence-words.js';
import { afterAbbreviation, fromMinutes, toMinutes } from './text-rules.js';
import type { LocalDate, LocalTime, Occurrence, Recurrence } from './types.js';

export type { Occurrence, Recurrence } from './types.js';

import { readZoneAfter, resolveZone } from './zones.js';

/**
 * Recurring meetings in text ("first Monday of the month at 09:30 PT", "every other
 * Wednesday", "1st and 3rd Thursdays at 15:00 UTC") as RFC 5545 RRULEs, the changes a text
 * makes to them ("the meeting on the 3rd Thursday of March is cancelled", "from May the
 * call moves to Tuesdays"), and their expansion in a bounded window with ical.js (the
 * iCalendar library the documents module already reads calendars with).
 */

/** "1st and 3rd Thursdays", "first Monday", "second and fourth Tuesday". */
const P_MONTHLY = new RegExp(`\\b${POS}((?:\\s*(?:,|and|&)\\s*${POS})*)\\s+${DAY}\\b`, 'gi');
const P_OTHER = new RegExp(
  `\\b(?:every\\s+(?:other|second|alternate)|alternate|fortnightly\\s+on|bi-?weekly\\s+on)\\s+${DAY}`,
  'gi',
);
const P_WEEKLY = new RegExp(`\\b(?:every|each|weekly\\s+on)\\s+${DAY}|\\b(?:on\\s+)?${DAY}\\b`, 'gi');
// An hour is one or two digits, never the start of a year ("10:00 until 2025" has no end).
const P_TIME =
  /\b(?:at\s+)?(\d{1,2})(?!\d)(?:[:.h](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?:\s*(?:-|–|—|to|until)\s*(\d{1,2})(?!\d)(?:[:.h](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?)?/gi;
const CANCEL = /\b(?:cancel+ed|will not (?:take place|be held)|is off|no (?:meeting|call))\b/i;
const MOVE =
  /\b(?:mov(?:e|es|ed|ing)|switch(?:es|ed)?|chang(?:e|es|ed)|shift(?:s|ed)?|will (?:now )?(?:be|take place|meet))\b[^.]*?\bto\s+(?:the\s+)?/i;
const FROM = new RegExp(
  `\\b(?:from|starting(?:\\s+(?:in|on|from))?|as of|beginning(?:\\s+(?:in|on))?|effective)\\s+(?:the\\s+)?(?:(\\d{1,2})\\s+)?${MONTH}(?:\\s+(\\d{1,2})(?!\\d))?(?:,?\\s+(\\d{4}))?`,
  'i',
);

function hhmm(h: number, m: number): LocalTime {
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** The first clock time (or range) in a sentence after `from`, as 24-hour `HH:mm`. */
function timeIn(
  sentence: string,
  from: number,
): { start: LocalTime; end?: LocalTime; stop: number } | undefined {
  P_TIME.lastIndex = from;
  for (let m = P_TIME.exec(sentence); m; m = P_TIME.exec(sentence)) {
    const [, h1, m1, ap1, h2, m2, ap2] = m;
    // A bare number is a time only with minutes, am/pm or UTC right after it ("11UTC"); "at 9" alone is too weak.
    const utcAfter = /^\s?(?:UTC|GMT)\b/.test(sentence.slice((m.index ?? 0) + m[0].length));
    if (m1 === undefined && ap1 === undefined && ap2 === undefined && !utcAfter) continue;
    const meridiem = (h: number, ap: string | undefined, fallback?: string) => {
      const a = (ap ?? fallback ?? '').toLowerCase().replace(/\./g, '');
      if (a === 'pm' && h < 12) return h + 12;
      if (a === 'am' && h === 12) return 0;
      return h;
    };
    const sh = meridiem(Number(h1), ap1, h2 !== undefined ? ap2 : undefined);
    if (sh > 23 || Number(m1 ?? 0) > 59) continue;
    const out: { start: LocalTime; end?: LocalTime; stop: number } = {
      start: hhmm(sh, Number(m1 ?? 0)),
      stop: (m.index ?? 0) + m[0].length,
    };
    if (h2 !== undefined) {
      const eh = meridiem(Number(h2), ap2);
      if (eh <= 23 && Number(m2 ?? 0) <= 59) out.end = hhmm(eh, Number(m2 ?? 0));
    }
    return out;
  }
  return undefined;
}

function dayCode(word: string): string {
  return CODES[DAYS.indexOf(word.toLowerCase().replace(/s$/, ''))] as string;
}

/** The rule a sentence states, without its times: monthly by position, every other week, weekly. */
function ruleIn(sentence: string): { rrule: string; index: number; uncertain?: string } | undefined {
  P_MONTHLY.lastIndex = 0;
  const monthly = P_MONTHLY.exec(sentence);
  if (
    monthly &&
    // "monthly, on the first Saturday": the month may be said before the position.
    (/\b(?:month|monthly|of each|of every|every month)\b|s\b/i.test(sentence.slice(monthly.index)) ||
      /\b(?:month|monthly)\b/i.test(sentence))
  ) {
    const positions = [
      monthly[1] as string,
      ...[...(monthly[2] ?? '').matchAll(new RegExp(POS, 'gi'))].map((x) => x[1] as string),
    ];
    const code = dayCode(monthly[monthly.length - 1] as string);
    const byday = positions.map((p) => `${POSITIONS[p.toLowerCase()]}${code}`).join(',');
    return { rrule: `FREQ=MONTHLY;BYDAY=${byday}`, index: monthly.index ?? 0 };
  }
  P_OTHER.lastIndex = 0;
  const other = P_OTHER.exec(sentence);
  if (other)
    return {
      rrule: `FREQ=WEEKLY;INTERVAL=2;BYDAY=${dayCode(other[1] as string)}`,
      index: other.index ?? 0,
      uncertain: 'the weeks of an every-other-week rule are counted from its first stated day',
    };
  // "a fortnightly meeting on Mondays", "every 2 weeks, Tuesday 18:00": every other week, said apart.
  const twoWeeks = saysEveryTwoWeeks(sentence);
  P_WEEKLY.lastIndex = 0;
  for (let m = P_WEEKLY.exec(sentence); m; m = P_WEEKLY.exec(sentence)) {
    const every = m[1] !== undefined;
    const word = (m[1] ?? m[2]) as string;
    // "on Tuesdays", "Tuesdays at 14:00": a plural weekday is a weekly habit; a singular one is a date's weekday.
    const singular = !every && !/s$/i.test(m[0].trim());
    if (singular && !(twoWeeks && !WEEKDAY_OF_DATE.test(sentence.slice(m.index + m[0].length - word.length))))
      continue;
    if (twoWeeks)
      return {
        rrule: `FREQ=WEEKLY;INTERVAL=2;BYDAY=${dayCode(word)}`,
        index: m.index ?? 0,
        uncertain: 'the weeks of an every-other-week rule are counted from its first stated day',
      };
    return { rrule: `FREQ=WEEKLY;BYDAY=${dayCode(word)}`, index: m.index ?? 0 };
  }
  return undefined;
}

/** Options for reading recurrences. */
export interface RecurrenceOptions {
  /** The day the text speaks from (its date, else when it was seen): resolves years and anchors rules. */
  reference: LocalDate;
  defaultTimeZone?: string;
}

/**
 * The sentences a text's rules are read in. A full stop ends a sentence, not the one of "p.m."
 * or "a.m." before a zone ("3 p.m. UTC"), nor an abbreviation's ("approx. 10:00", "Conf. Room
 * B", "No. 4", "Prof. Okafor"): the sentence splitter's list (text-rules.ts). A lone capital
 * stays a sentence's end here ("in Room B. From May it moves to Tuesdays.").
 */
function ruleSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  const cut =
    /(?<=[!;]|(?<![aApP]\.[mM])\.)\s+|(?<=\b[aApP]\.[mM]\.)\s+(?![A-Z]{2,5}\b)|\n\s*\n|\n(?=\s*[-*#•])/g;
  for (const m of text.matchAll(cut)) {
    const at = m.index ?? 0;
    // "3 p.m." is settled by the pattern above: only other abbreviations are read here.
    const clock = /[aApP]\.[mM]$/.test(text.slice(0, at - 1));
    if (text[at - 1] === '.' && !m[0].includes('\n') && !clock && afterAbbreviation(text, at - 1)) continue;
    out.push(text.slice(start, at));
    start = at + m[0].length;
  }
  out.push(text.slice(start));
  return out;
}

/**
 * Reads the recurring schedules a text states, in order, with the changes it makes to
 * them applied: a cancelled occurrence becomes an exception of the rule that has it; a
 * move ("from May the call moves to Tuesdays") ends the rule the day before and starts a
 * new one that records what it replaces. A question ("should we move to Tuesdays?") is
 * not a decision and changes nothing.
 */
export function findRecurrences(text: string, options: RecurrenceOptions): Recurrence[] {
  const rules: Recurrence[] = [];
  for (const raw of ruleSentences(text)) {
    const sentence = raw.replace(/\s+/g, ' ').trim();
    if (sentence.length < 8 || sentence.length > 600 || /\?\s*$/.test(sentence)) continue;
    const cancels = CANCEL.test(sentence) ? cancelledDays(sentence, options.reference) : [];
    if (cancels.length > 0) {
      // "The call on 24 December and 31 December will not take place": each day of the rule that has it.
      let found = false;
      for (const cancel of cancels) {
        const target = [...rules].reverse().find((r) => occursOn(r, cancel));
        if (!target) continue;
        target.cancelled = [...new Set([...(target.cancelled ?? []), cancel])].sort();
        found = true;
      }
      if (found) continue;
    }
    const move = moveIn(sentence);
    const from = FROM.exec(sentence);
    const rule = move
      ? (ruleIn(sentence.slice(move.index + move[0].length)) ??
        movedToDay(sentence.slice(move.index + move[0].length)))
      : ruleIn(sentence);
    const previous = rules[rules.length - 1];
    if (move && (rule || timeIn(sentence, move.index + move[0].length))) {
      // A change to the series: the old rule (stated before, or named here "from Wednesdays") ends.
      const fromDate = from
        ? monthDate(
            from[2] as string,
            from[1] ? Number(from[1]) : from[3] ? Number(from[3]) : undefined,
            from[4] ? Number(from[4]) : yearFor(from[2] as string, options.reference),
          )
        : undefined;
      const old = previous ?? oldRule(sentence, move.index);
      const after = sentence.slice(move.index + move[0].length);
      const time = timeIn(after, 0);
      const next: Recurrence = {
        rrule: rule ? retarget(old?.rrule, rule.rrule) : (old?.rrule ?? ''),
        text: sentence,
      };
      if (!next.rrule) continue;
      const start = time?.start ?? old?.start;
      const end = time ? time.end : old?.end;
      if (start) next.start = start;
      if (end) next.end = end;
      const zone = time ? zoneAfter(after, time.stop, fromDate ?? options.reference, options) : undefined;
      const tz = zone ?? old?.timeZone;
      if (tz) next.timeZone = tz;
      if (fromDate) next.from = fromDate;
      if (old) next.replaces = old.rrule;
      if (previous && fromDate) previous.until = addDays(fromDate, -1);
      rules.push(next);
      continue;
    }
    if (!rule) continue;
    // "The building is open on Saturdays from 10:00", "the committee usually met on Tuesdays": no rule in force.
    if (isOtherHabit(sentence) || isPastHabit(sentence)) continue;
    const time = timeIn(sentence, rule.index);
    const r: Recurrence = { rrule: rule.rrule, text: sentence };
    if (rule.uncertain) r.uncertain = rule.uncertain;
    if (time) {
      r.start = time.start;
      if (time.end) r.end = time.end;
      // "every Thursday at 16:00 UTC (for one hour)": the end is the start plus that length
      // (on the same day; a rule's occurrences do not run past midnight).
      const minutes = time.end ? undefined : statedDuration(sentence);
      const endsAt = minutes === undefined ? undefined : toMinutes(time.start) + minutes;
      if (endsAt !== undefined && endsAt < 24 * 60) r.end = fromMinutes(endsAt);
      // "alternating between 08:00 and 17:00 UTC": the zone is after the second time; the rule says so.
      const alternating = alternatingHours(sentence);
      const zone = zoneAfter(sentence, alternating?.stop ?? time.stop, options.reference, options);
      if (zone) r.timeZone = zone;
      if (alternating)
        r.uncertain = [
          r.uncertain,
          `the hours alternate between ${alternating.first} and ${alternating.second}; which meetings have which is not stated`,
        ]
          .filter(Boolean)
          .join('; ');
    } else if (
      !/\b(?:meet|meeting|call|session|sessions|held|takes? place|hangout|office hours)\b/i.test(sentence)
    ) {
      // A weekday habit without a time or a meeting word ("shops close on Sundays") is no schedule.
      continue;
    }
    if (!time && !/\b(?:meet|meeting|call|session|held)\b/i.test(sentence)) continue;
    if (from) {
      r.from = monthDate(
        from[2] as string,
        from[1] ? Number(from[1]) : from[3] ? Number(from[3]) : undefined,
        from[4] ? Number(from[4]) : yearFor(from[2] as string, options.reference),
      );
    }
    if (r.from && from) boundsAfter(r, sentence, from.index + from[0].length, from[4] !== undefined);
    if (rules.some((x) => x.rrule === r.rrule && x.start === r.start && x.timeZone === r.timeZone)) continue;
    // "The weekly call (Thursdays 15:00 UTC) will not take place on 31 December": the rule and its exception.
    const skipped = cancels.filter((d) => occursOn(r, d));
    if (skipped.length > 0) r.cancelled = [...new Set([...(r.cancelled ?? []), ...skipped])].sort();
    rules.push(r);
  }
  return rules;
}

/**
 * A change of the series: "moves to Tuesdays", "will now meet at 15:00". "will take place from
 * 8 to 19 November" and "will be held every Thursday from 7 October to 25 November" are a
 * span of days, no move: without "now", a "from" or "between" before the "to" makes it a range.
 */
function moveIn(sentence: string): RegExpExecArray | null {
  const move = MOVE.exec(sentence);
  if (move && /^will (?!now)/i.test(move[0]) && /\b(?:from|between)\b/i.test(move[0])) return null;
  return move;
}

/** A weekday that opens a date ("Friday, 19 November", "Friday 19"): the date's own weekday. */
const WEEKDAY_OF_DATE = new RegExp(
  `^${DAY}\\b,?\\s+(?:the\\s+)?\\d{1,2}(?!\\d)(?!\\s*(?:[:.h]\\d|a\\.?m|p\\.?m))|^${DAY}\\b,?\\s+${MONTH}\\s+\\d`,
  'i',
);

/** Right after the first day: "to 25 November 2027", "until 3 June", "through June 30, 2027". */
const UNTIL = new RegExp(
  `^\\s*(?:to|until|till|through|-|\u2013)\\s+(?:the\\s+)?(?:(\\d{1,2})\\s+${MONTH}|${MONTH}\\s+(\\d{1,2})(?!\\d))(?:,?\\s+(\\d{4}))?`,
  'i',
);
/**
 * Later in the sentence, after the hours: "every Thursday at 16:00 until 25 March 2027",
 * "... through 30 June". A day and a month are needed ("from 16:00 until 17:00" is no bound).
 */
const UNTIL_LATER = new RegExp(
  `\\b(?:until|till|through|up\\s+to)\\s+(?:and\\s+including\\s+)?(?:the\\s+)?(?:(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}|${MONTH}\\s+(\\d{1,2})(?!\\d)(?:st|nd|rd|th)?)(?:,?\\s+(\\d{4}))?`,
  'i',
);
/** "until the end of March", "through the end of June 2027": the month's last day. */
const UNTIL_MONTH_END = new RegExp(
  `\\b(?:until|till|through|to)\\s+(?:the\\s+)?end\\s+of\\s+${MONTH}(?:\\s+(\\d{4}))?`,
  'i',
);
/** Days a rule skips: "except on 11 November", "excluding 4 and 18 May". */
const EXCEPT = new RegExp(
  `\\b(?:except(?:\\s+(?:on|for))?|excluding|other\\s+than|with\\s+the\\s+exception\\s+of)\\s+(?:the\\s+)?((?:\\d{1,2}(?:\\s*(?:,|and|&)\\s*\\d{1,2})*\\s+${MONTH}(?:\\s*(?:,|and|&)\\s*)?)+)(?:\\s+(\\d{4}))?`,
  'i',
);

/**
 * The last day of a rule stated with its first ("every Thursday from 7 October to 25
 * November"), and the days it skips ("except on 11 November"), as its until and exceptions.
 */
function boundsAfter(r: Recurrence, sentence: string, at: number, fromHasYear: boolean): void {
  const rest = sentence.slice(at);
  const until = UNTIL.exec(rest) ?? UNTIL_LATER.exec(rest);
  let from = r.from as LocalDate;
  const monthEnd = until ? null : UNTIL_MONTH_END.exec(rest);
  if (monthEnd) {
    // "until the end of March": the month's last day, in the first day's year or the next.
    const month = MONTHS.indexOf((monthEnd[1] as string).toLowerCase()) + 1;
    const year = monthEnd[2] ? Number(monthEnd[2]) : Number(from.slice(0, 4));
    const lastOf = (y: number) => DateTime.fromObject({ year: y, month }).endOf('month').toISODate() ?? '';
    const last = !monthEnd[2] && lastOf(year) < from ? lastOf(year + 1) : lastOf(year);
    if (last !== '' && last >= from) r.until = last;
  }
  if (until) {
    const month = (until[2] ?? until[3]) as string;
    const day = Number(until[1] ?? until[4]);
    const year = until[5] ? Number(until[5]) : Number(from.slice(0, 4));
    let last = monthDate(month, day, year);
    // "from 7 October to 25 November 2027": the year written once, at the end, is the first day's too.
    if (until[5] && !fromHasYear) {
      from = `${year}${from.slice(4)}`;
      if (from > last) from = `${year - 1}${from.slice(4)}`;
      r.from = from;
    }
    if (last < from && !until[5]) last = monthDate(month, day, year + 1);
    if (DateTime.fromISO(last).isValid && last >= from) r.until = last;
  }
  const except = EXCEPT.exec(sentence);
  if (!except) return;
  // Groups: 1 the days and months, 2 a month inside them, 3 the year.
  const year = except[3] ? Number(except[3]) : Number(from.slice(0, 4));
  const days: LocalDate[] = [];
  for (const m of (except[1] as string).matchAll(
    new RegExp(`((?:\\d{1,2}(?:\\s*(?:,|and|&)\\s*)?)+)\\s*${MONTH}`, 'gi'),
  )) {
    for (const n of (m[1] as string).match(/\d{1,2}/g) ?? []) {
      const d = DateTime.fromObject({
        year,
        month: MONTHS.indexOf((m[2] as string).toLowerCase()) + 1,
        day: Number(n),
      });
      if (d.isValid && occursOn(r, d.toISODate() as string)) days.push(d.toISODate() as string);
    }
  }
  if (days.length > 0) r.cancelled = [...new Set([...(r.cancelled ?? []), ...days])].sort();
}

/** "moved to Thursday": after a move, a singular weekday names the new weekly day, unless a date follows it. */
function movedToDay(after: string): { rrule: string; index: number; uncertain?: string } | undefined {
  if (WEEKDAY_OF_DATE.test(after)) return undefined;
  const m = new RegExp(`^${DAY}\\b`, 'i').exec(after);
  return m ? { rrule: `FREQ=WEEKLY;BYDAY=${dayCode(m[1] as string)}`, index: 0 } : undefined;
}

/** "from Wednesdays to Thursdays": the rule the sentence names as the old one. */
function oldRule(sentence: string, moveAt: number): Recurrence | undefined {
  const before = sentence.slice(0, moveAt + 200);
  const m = new RegExp(`\\bfrom\\s+(?:the\\s+)?${DAY}`, 'i').exec(before);
  if (!m) return undefined;
  return { rrule: `FREQ=WEEKLY;BYDAY=${dayCode(m[1] as string)}`, text: sentence };
}

/** The old rule's positions on the new weekday: "1st and 3rd Thursdays" moved to Tuesdays. */
function retarget(old: string | undefined, next: string): string {
  if (!old || !/^FREQ=WEEKLY;BYDAY=[A-Z]{2}$/.test(next)) return next;
  const code = next.slice(-2);
  return old.replace(/BYDAY=([^;]+)/, (_, days: string) => `BYDAY=${days.replace(/[A-Z]{2}/g, code)}`);
}

function zoneAfter(text: string, at: number, day: LocalDate, options: RecurrenceOptions): string | undefined {
  const statement = readZoneAfter(text, at);
  if (!statement) return undefined;
  return resolveZone(statement, day, undefined, options.defaultTimeZone)?.zone;
}

/** True when the rule has an occurrence on `day` (within its from/until bounds). */
export function occursOn(r: Recurrence, day: LocalDate): boolean {
  const list = expandRecurrence({ ...r, cancelled: [] }, { from: addDays(day, -1), to: day }, 5);
  return list.some((o) => o.date === day);
}

/**
 * The occurrences of a rule in a window (inclusive days), at most `limit`, without the
 * cancelled ones. Rules that only name weekdays start at the window (or at their `from`);
 * the expansion is done by ical.js, never by hand.
 */
export function expandRecurrence(
  r: Recurrence,
  window: { from: LocalDate; to: LocalDate },
  limit = 100,
): Occurrence[] {
  let recur: InstanceType<typeof ICAL.Recur>;
  try {
    recur = ICAL.Recur.fromString(r.rrule);
  } catch {
    return [];
  }
  const from = r.from && r.from > window.from ? r.from : window.from;
  const to = r.until && r.until < window.to ? r.until : window.to;
  if (from > to) return [];
  const anchor = r.from ?? from;
  const it = recur.iterator(ICAL.Time.fromDateString(anchor));
  const byday: string[] = (r.rrule.match(/BYDAY=([^;]+)/)?.[1] ?? '').match(/[A-Z]{2}/g) ?? [];
  const cancelled = new Set(r.cancelled ?? []);
  const out: Occurrence[] = [];
  for (let guard = 0; guard < 5000 && out.length < limit; guard++) {
    const next = it.next();
    if (!next) break;
    const date = next.toString().slice(0, 10);
    if (date > to) break;
    if (date < from || cancelled.has(date)) continue;
    const code = CODES[DateTime.fromISO(date).weekday - 1] as string;
    if (byday.length > 0 && !byday.includes(code)) continue;
    const o: Occurrence = { date };
    if (r.start) o.start = r.start;
    if (r.end) o.end = r.end;
    if (r.timeZone && r.start) {
      const s = DateTime.fromISO(`${date}T${r.start}`, { zone: r.timeZone });
      if (s.isValid) o.startAt = s.toISO({ suppressMilliseconds: true }) as string;
      if (r.end) {
        let e = DateTime.fromISO(`${date}T${r.end}`, { zone: r.timeZone });
        if (e < s) e = e.plus({ days: 1 });
        if (e.isValid) o.endAt = e.toISO({ suppressMilliseconds: true }) as string;
      }
    }
    out.push(o);
  }
  return out;
}
