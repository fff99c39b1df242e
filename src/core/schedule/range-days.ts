import { addDays, daysBetween, weekdayOf } from './calendar.js';
import { WEEKDAY_WORDS } from './date-words.js';
import type { DateMention } from './dates.js';
import type { ResolvedDate } from './reader-types.js';
import type { LocalDate } from './types.js';

/**
 * The days a range of dates really holds when the sentence narrows it: "every Thursday from
 * 7 October to 25 November", "on Tuesdays and Thursdays between 3 and 28 May", "from 1 to 20
 * March, on Mondays", and days left out of it, "except on 11 November", "excluding 3 and 4
 * May". Without this a weekly meeting over two months reads as a meeting every day.
 */

const WEEKDAY = '(?:mon|tues|wednes|thurs|fri|satur|sun)day';
const WEEKDAYS = `${WEEKDAY}s?(?:\\s*(?:,|and|&|or)\\s*${WEEKDAY}s?)*`;
/** Just before the range: "every Thursday from", "on Tuesdays and Thursdays between", "each Monday,". */
const HABIT_BEFORE = new RegExp(
  `\\b(every|each|on)\\s+(${WEEKDAYS})\\s*,?\\s*(?:(?:from|between|starting(?:\\s+(?:on|from))?|beginning(?:\\s+on)?)\\s+(?:the\\s+)?)?$`,
  'i',
);
/** Just after the range: ", on Mondays", "(every Wednesday)", ", each Friday". */
const HABIT_AFTER = new RegExp(`^\\s*[,(]?\\s*(every|each|on)\\s+(${WEEKDAYS})`, 'i');
/** Before a day left out: "except on", "excluding", "other than", "with the exception of". */
const EXCEPT_BEFORE =
  /\b(?:except(?:\s+(?:on|for))?|excluding|other\s+than|but\s+not(?:\s+on)?|with\s+the\s+exception\s+of|save\s+(?:on|for))\s+(?:the\s+)?$/i;
/** Between two days left out: "except on 4 and 11 November" reads as one list, "except 4 November and 11 November" as two dates. */
const EXCEPT_AND = /^\s*(?:,|and|&|or)\s*(?:on\s+)?(?:the\s+)?$/i;

const INDEX: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
/** The longest range narrowed to weekdays: a year and a few days. */
const MAX_DAYS = 370;

function weekdaysIn(words: string, every: boolean): Set<number> | undefined {
  const names = words.match(new RegExp(`${WEEKDAY}s?`, 'gi')) ?? [];
  // "on Thursday, 7 October": a singular weekday after "on" is a date's own weekday.
  if (!every && !names.some((n) => /s$/i.test(n))) return undefined;
  return new Set(names.map((n) => INDEX[n.slice(0, 3).toLowerCase()] as number));
}

function habitOf(text: string, d: ResolvedDate): Set<number> | undefined {
  const before = HABIT_BEFORE.exec(text.slice(Math.max(0, d.index - 60), d.index));
  if (before) return weekdaysIn(before[2] as string, !/^on$/i.test(before[1] as string));
  const after = HABIT_AFTER.exec(text.slice(d.index + d.length, d.index + d.length + 60));
  if (after) return weekdaysIn(after[2] as string, !/^on$/i.test(after[1] as string));
  return undefined;
}

function daysOf(d: ResolvedDate): LocalDate[] {
  if (d.list) return d.list;
  const n = daysBetween(d.start, d.end);
  if (n < 0 || n > MAX_DAYS) return [];
  return Array.from({ length: n + 1 }, (_, k) => addDays(d.start, k));
}

/**
 * The unit's dates with each range narrowed to the weekdays the sentence names and without
 * the days it excepts; the excepted dates themselves are no meeting days and are dropped.
 */
export function narrowRanges(text: string, dates: ResolvedDate[]): ResolvedDate[] {
  const ranges = dates.filter((d) => d.start !== d.end || (d.list?.length ?? 0) > 1);
  if (ranges.length === 0) return dates;
  const excepted = new Set<ResolvedDate>();
  for (const [i, d] of dates.entries()) {
    if (ranges.includes(d)) continue;
    const before = text.slice(Math.max(0, d.index - 40), d.index);
    const prev = dates[i - 1];
    const listed =
      prev !== undefined &&
      excepted.has(prev) &&
      EXCEPT_AND.test(text.slice(prev.index + prev.length, d.index));
    if (EXCEPT_BEFORE.test(before) || listed) excepted.add(d);
  }
  const left = new Set([...excepted].flatMap((d) => daysOf(d)));
  return dates
    .filter((d) => !excepted.has(d))
    .map((d) => {
      if (!ranges.includes(d)) return d;
      const habit = habitOf(text, d);
      if (!habit && left.size === 0) return d;
      const days = daysOf(d).filter((day) => (!habit || habit.has(weekdayOf(day))) && !left.has(day));
      if (days.length === 0) return d;
      return { ...d, start: days[0] as LocalDate, end: days[days.length - 1] as LocalDate, list: days };
    });
}

/** Just before a range's weekday: the weekday it runs from ("Monday to Wednesday, 14-16 June"). */
const WEEKDAY_FROM = /([\p{L}]+)\.?\s*(?:to|through|thru|till|until|au|al|bis|-|\u2013|\u2014)\s*$/iu;

/**
 * "Monday to Wednesday, 14-16 June": the range's weekdays written as a range too. The first is
 * the first day's, the second the last day's, never the second said of the first day.
 */
export function weekdaySpan(text: string, m: DateMention): DateMention {
  const s = m.start;
  if (s.weekday === undefined || s.weekdayIndex === undefined) return m;
  if (s.day === m.end.day && s.month === m.end.month && m.list === undefined) return m;
  const before = WEEKDAY_FROM.exec(text.slice(Math.max(0, s.weekdayIndex - 24), s.weekdayIndex));
  const first = before ? WEEKDAY_WORDS[(before[1] as string).toLowerCase()] : undefined;
  if (!before || first === undefined) return m;
  const index = Math.max(0, s.weekdayIndex - 24) + before.index;
  return {
    ...m,
    start: { ...s, weekday: first, weekdayIndex: index, weekdayLength: (before[1] as string).length },
    end: { ...m.end, weekday: s.weekday, weekdayIndex: s.weekdayIndex, weekdayLength: s.weekdayLength ?? 3 },
  };
}
