/**
 * The days and months of recurring rules: the weekday, month and position words, the year a
 * month named alone refers to, and the days a cancellation names ("the 3rd Thursday of March",
 * "on 24 and 31 December").
 */
import { DateTime } from 'luxon';
import type { LocalDate } from './types.js';

export const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
export const CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
export const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
export const POSITIONS: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  fifth: 5,
  '5th': 5,
  last: -1,
};
export const POS = '(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)';
export const DAY = '(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?';
export const MONTH = `(${MONTHS.join('|')})`;

export function monthDate(month: string, day: number | undefined, year: number): LocalDate {
  return `${year}-${String(MONTHS.indexOf(month.toLowerCase()) + 1).padStart(2, '0')}-${String(day ?? 1).padStart(2, '0')}`;
}

/** The year a month named without one refers to: the reference year, or the next when that month is past. */
export function yearFor(month: string, reference: LocalDate): number {
  const year = Number(reference.slice(0, 4));
  const m = MONTHS.indexOf(month.toLowerCase()) + 1;
  return m < Number(reference.slice(5, 7)) - 1 ? year + 1 : year;
}

/** The day a cancellation names by its position: "the 3rd Thursday of March (2027)". */
function nthCancelledDay(sentence: string, reference: LocalDate): LocalDate | undefined {
  const nth = new RegExp(`\\b${POS}\\s+${DAY}\\s+(?:of|in)\\s+${MONTH}(?:\\s+(\\d{4}))?`, 'i').exec(sentence);
  if (nth) {
    const month = nth[3] as string;
    const year = nth[4] ? Number(nth[4]) : yearFor(month, reference);
    return nthWeekday(
      year,
      MONTHS.indexOf(month.toLowerCase()) + 1,
      DAYS.indexOf((nth[2] as string).toLowerCase()) + 1,
      POSITIONS[(nth[1] as string).toLowerCase()] as number,
    );
  }
  return undefined;
}

/** Every day a cancellation names: "the 3rd Thursday of March", "on 31 December 2026 and 7 January 2027", "on 24 and 31 December". */
export function cancelledDays(sentence: string, reference: LocalDate): LocalDate[] {
  const nth = nthCancelledDay(sentence, reference);
  if (nth) return [nth];
  const out: LocalDate[] = [];
  const dates = new RegExp(
    `\\b((?:\\d{1,2}\\s*(?:,|and|&)\\s*)*\\d{1,2})\\s+${MONTH}(?:\\s+(\\d{4}))?|\\b${MONTH}\\s+(\\d{1,2})(?!\\d)(?:,?\\s+(\\d{4}))?`,
    'gi',
  );
  for (const date of sentence.matchAll(dates)) {
    const month = (date[2] ?? date[4]) as string;
    const days = date[1] ? (date[1].match(/\d{1,2}/g) ?? []).map(Number) : [Number(date[5])];
    const year = (date[3] ?? date[6]) ? Number(date[3] ?? date[6]) : yearFor(month, reference);
    for (const day of days) {
      const d = DateTime.fromObject({ year, month: MONTHS.indexOf(month.toLowerCase()) + 1, day });
      if (d.isValid) out.push(d.toISODate() as string);
    }
  }
  return out;
}

function nthWeekday(year: number, month: number, weekday: number, n: number): LocalDate | undefined {
  const first = DateTime.fromObject({ year, month, day: 1 });
  if (n > 0) {
    const d = first.plus({ days: ((weekday - first.weekday + 7) % 7) + (n - 1) * 7 });
    return d.month === month ? (d.toISODate() as string) : undefined;
  }
  const last = first.endOf('month').startOf('day');
  return last.minus({ days: (last.weekday - weekday + 7) % 7 }).toISODate() as string;
}
