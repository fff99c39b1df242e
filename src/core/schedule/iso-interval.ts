/**
 * ISO 8601 intervals over several days: "2027-04-12T09:00/2027-04-13T17:00", with a space for
 * the "T", with offsets, or with the end's leading parts left out ("2027-04-12T09:00/13T17:00").
 * The meeting runs from the first day's start to the last day's end: its dates are the days
 * between, and one session starts on the first day and ends on the last. An interval within
 * one day is respell.ts's; it becomes a range of times.
 */
import { daysBetween, toLocalDate } from './calendar.js';
import type { ResolvedDate } from './reader-types.js';
import type { TimeMention } from './times.js';
import type { LocalDate } from './types.js';

interface IsoSpan {
  index: number;
  end: number;
  /** Where the start time is written. */
  timeAt: number;
  first: LocalDate;
  last: LocalDate;
  endTime: { hour: number; minute: number };
}

const SECONDS = '(?::\\d{2}(?:[.,]\\d+)?)?';
const OFFSET = '(?:Z|[+\\-\\u2212]\\d{2}(?::?\\d{2})?)?';
const ISO_SPAN = new RegExp(
  `(?<![\\d-])(\\d{4})-(\\d{2})-(\\d{2})[T ]((\\d{2}):\\d{2}${SECONDS}${OFFSET})\\/(?:(?:(\\d{4})-)?(\\d{2})-)?(\\d{2})[T ](\\d{2}):(\\d{2})${SECONDS}${OFFSET}(?![\\d:])`,
  'g',
);

function isoSpans(text: string): IsoSpan[] {
  if (!/\d[T ]\d{2}:\d{2}[^/]{0,14}\//.test(text)) return [];
  const out: IsoSpan[] = [];
  for (const m of text.matchAll(ISO_SPAN)) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const y2 = m[6] ? Number(m[6]) : y;
    const mo2 = m[7] ? Number(m[7]) : mo;
    const first = toLocalDate(y, mo, d);
    const last = toLocalDate(y2, mo2, Number(m[8]));
    const hour = Number(m[9]);
    const minute = Number(m[10]);
    const days = daysBetween(first, last);
    if (!(days >= 1 && days <= 31) || hour > 24 || minute > 59) continue;
    const index = m.index ?? 0;
    out.push({
      index,
      end: index + m[0].length,
      timeAt: index + 11,
      first,
      last,
      endTime: { hour, minute },
    });
  }
  return out;
}

/** The unit's dates with each interval over several days read as one span of days (quoted at its first day). */
export function isoSpanDates(text: string, dates: ResolvedDate[]): ResolvedDate[] {
  const spans = isoSpans(text);
  if (spans.length === 0) return dates;
  return dates.flatMap((d) => {
    const span = spans.find((s) => d.index >= s.index && d.index < s.end);
    if (!span) return [d];
    if (d.index !== span.index) return [];
    const { list: _list, ...rest } = d;
    return [{ ...rest, start: span.first, end: span.last }];
  });
}

/** The unit's times with each interval over several days read as one time from its start to its end days later. */
export function isoSpanTimes(text: string, times: TimeMention[]): TimeMention[] {
  const spans = isoSpans(text);
  if (spans.length === 0) return times;
  return times.flatMap((t) => {
    const span = spans.find((s) => t.index >= s.index && t.index < s.end);
    if (!span) return [t];
    if (t.index !== span.timeAt) return [];
    // Quoted at its start, so that the zone written after it is still read.
    return [{ ...t, end: span.endTime, overnight: false, endDays: daysBetween(span.first, span.last) }];
  });
}
