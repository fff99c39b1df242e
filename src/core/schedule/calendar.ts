/**
 * Calendar days: `YYYY-MM-DD` arithmetic without time zones (days between, adding days,
 * weekdays), the completion of a missing year from an anchor date or a written weekday, the
 * English spelling of a date span, and an instant in a zone.
 */
import { DateTime } from 'luxon';
import { MONTH_NAMES, WEEKDAY_NAMES } from './date-words.js';
import type { PartialDate } from './dates.js';
import type { LocalDate } from './types.js';

/** `YYYY-MM-DD` of a complete date. */
export function toLocalDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Parses `YYYY-MM-DD` (or the date part of an ISO string) into numbers. */
export function parseLocalDate(s: string): { year: number; month: number; day: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) return undefined;
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
 * Plain integer arithmetic: calendar-day questions need no time zone and no date library.
 */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z0: number): [number, number, number] {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function dayNumber(date: string): number {
  return daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

/** Days from `a` to `b` (both `YYYY-MM-DD`, or ISO strings whose date part is used). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** `date` plus `n` days. */
export function addDays(date: LocalDate, n: number): LocalDate {
  const [y, m, d] = civilFromDays(dayNumber(date) + n);
  return toLocalDate(y, m, d);
}

/** ISO weekday (1 = Monday) of a calendar date, independent of any time zone. */
export function weekdayOf(date: LocalDate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** "Monday" for 1 ... "Sunday" for 7. */
export function weekdayName(n: number): string {
  return WEEKDAY_NAMES[n] ?? '';
}

/** How a missing year was filled. */
export type YearSource = 'stated' | 'context' | 'document' | 'weekday' | 'relative' | 'assumed';

/**
 * "Friday 22 March" with no year anywhere: the year nearest to `anchor` (at most 14 years
 * away, the earlier one on a tie) in which that day falls on that weekday.
 */
export function yearFromWeekday(d: PartialDate, anchor: LocalDate): number | undefined {
  if (d.weekday === undefined || d.year !== undefined) return undefined;
  const a = parseLocalDate(anchor);
  if (!a) return undefined;
  for (let k = 0; k <= 14; k++) {
    for (const y of [a.year - k, a.year + k]) {
      if (!DateTime.fromObject({ year: y, month: d.month, day: d.day }, { zone: 'UTC' }).isValid) continue;
      if (weekdayOf(toLocalDate(y, d.month, d.day)) === d.weekday) return y;
    }
  }
  return undefined;
}

/**
 * Completes a partial date's year from an anchor. With an anchor from the same document
 * (`context`) the nearest year wins; with the document's own date (`document`) the date
 * is taken to lie between four months before and eight months after it, because
 * announcements speak of coming meetings and sometimes of recent ones.
 */
export function completeYear(d: PartialDate, anchor: LocalDate, mode: 'context' | 'document'): number {
  if (d.year !== undefined) return d.year;
  const a = parseLocalDate(anchor);
  if (!a) return 2000;
  let best = a.year;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const y of [a.year - 1, a.year, a.year + 1]) {
    if (!DateTime.fromObject({ year: y, month: d.month, day: d.day }, { zone: 'UTC' }).isValid) continue;
    const diff = daysBetween(anchor, toLocalDate(y, d.month, d.day));
    const score =
      mode === 'context'
        ? Math.abs(diff)
        : diff >= -120 && diff < 245
          ? Math.abs(diff)
          : 10_000 + Math.abs(diff);
    if (score < bestScore) {
      bestScore = score;
      best = y;
    }
  }
  return best;
}

/** "9 June 2014", "7-8 October 2013", "30 April - 2 May 2014", "30 December 2013 - 2 January 2014". */
export function formatDateSpan(start: LocalDate, end: LocalDate): string {
  const a = parseLocalDate(start);
  const b = parseLocalDate(end);
  if (!a || !b) return `${start} - ${end}`;
  if (start === end) return `${a.day} ${MONTH_NAMES[a.month]} ${a.year}`;
  if (a.year === b.year && a.month === b.month) return `${a.day}-${b.day} ${MONTH_NAMES[a.month]} ${a.year}`;
  if (a.year === b.year)
    return `${a.day} ${MONTH_NAMES[a.month]} - ${b.day} ${MONTH_NAMES[b.month]} ${a.year}`;
  return `${a.day} ${MONTH_NAMES[a.month]} ${a.year} - ${b.day} ${MONTH_NAMES[b.month]} ${b.year}`;
}

/** An instant in `zone`, ISO 8601 with offset; undefined when the zone is unusable. */
export function instant(date: LocalDate, time: string, zone: string): string | undefined {
  const d = parseLocalDate(date);
  if (!d) return undefined;
  const [h, m] = time.split(':').map(Number);
  let dt = DateTime.fromObject({ ...d, hour: (h ?? 0) % 24, minute: m ?? 0 }, { zone });
  if (h === 24) dt = dt.plus({ days: 1 });
  if (!dt.isValid) return undefined;
  return dt.toISO({ suppressMilliseconds: true }) ?? undefined;
}
