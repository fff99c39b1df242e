import { addDays, daysBetween, formatDateSpan, parseLocalDate } from './calendar.js';
import { MONTH_NAMES } from './date-words.js';
import type { LocalDate, Meeting } from './types.js';

/** The longest span of days a meeting is walked over (flags, wording): two months. */
const MAX_DAYS = 62;

/**
 * The days a meeting is in session. A meeting's days are the sessions it has: when its
 * sessions begin on its first day and end on its last, a day between them that no session
 * covers (a weekend or a week between two sittings) is not one of its days. Without such
 * sessions (only the span is known), every day of the span is. A claim's days are read the
 * same way (`{ dates: claim.dates.value, sessions: claim.sessions }`).
 */
export function meetingDays(m: Pick<Meeting, 'dates' | 'sessions'>): LocalDate[] {
  if (!m.dates) return [];
  const n = Math.min(daysBetween(m.dates.start, m.dates.end), MAX_DAYS);
  const span = Array.from({ length: n + 1 }, (_, k) => addDays(m.dates?.start as LocalDate, k));
  const covered = new Set<LocalDate>();
  let last: LocalDate | undefined;
  for (const s of m.sessions) {
    const until = s.endDate && s.endDate > s.date ? s.endDate : s.date;
    const length = Math.min(daysBetween(s.date, until), MAX_DAYS);
    for (let k = 0; k <= length; k++) covered.add(addDays(s.date, k));
    if (last === undefined || until > last) last = until;
  }
  if (!covered.has(m.dates.start) || last === undefined || last < m.dates.end) return span;
  return span.filter((d) => covered.has(d));
}

/**
 * Days written once, plainly: "19-22 May 2020" for a run, "19, 20 and 26 May 2020" for
 * days apart, "18-22 and 26 May 2020" for a run and a day, "30 May - 2 June 2020" across
 * months. A month and a year are written once, after the last day that has them.
 */
export function formatDays(days: readonly LocalDate[]): string {
  const sorted = [...new Set(days)].sort();
  if (sorted.length === 0) return '';
  // Runs of consecutive days.
  const runs: Array<{ start: LocalDate; end: LocalDate }> = [];
  for (const d of sorted) {
    const run = runs[runs.length - 1];
    if (run && daysBetween(run.end, d) === 1) run.end = d;
    else runs.push({ start: d, end: d });
  }
  const only = runs[0];
  if (runs.length === 1 && only) return formatDateSpan(only.start, only.end);
  // A run of three days or more is a span; shorter runs are written day by day.
  const items: Array<{ start: LocalDate; end: LocalDate }> = [];
  for (const r of runs) {
    if (daysBetween(r.start, r.end) >= 2) items.push(r);
    else for (let d = r.start; d <= r.end; d = addDays(d, 1)) items.push({ start: d, end: d });
  }
  const parts = items.map((item, i) => {
    const a = parseLocalDate(item.start);
    const b = parseLocalDate(item.end);
    if (!a || !b) return item.start === item.end ? item.start : `${item.start} - ${item.end}`;
    const next = items[i + 1] ? parseLocalDate((items[i + 1] as { start: LocalDate }).start) : undefined;
    const yearEnds = !next || next.year !== b.year;
    const monthEnds = yearEnds || next?.month !== b.month;
    let text: string;
    if (item.start === item.end) text = `${a.day}`;
    else if (a.year !== b.year) text = `${a.day} ${MONTH_NAMES[a.month]} ${a.year} - ${b.day}`;
    else if (a.month !== b.month) text = `${a.day} ${MONTH_NAMES[a.month]} - ${b.day}`;
    else text = `${a.day}-${b.day}`;
    if (monthEnds) text += ` ${MONTH_NAMES[b.month]}`;
    if (yearEnds) text += ` ${b.year}`;
    return text;
  });
  return parts.length === 1 ? (parts[0] as string) : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/**
 * A meeting's days written once when they skip a day ("4 and 6 May 2027", "4, 6 and 8 May
 * 2027"), so that no reader takes the day between them for one of its days; undefined for a
 * run of days, which each place writes its own way ("2027-05-04 to 2027-05-06").
 */
export function daysApart(m: Pick<Meeting, 'dates' | 'sessions'>): string | undefined {
  if (!m.dates) return undefined;
  const days = meetingDays(m);
  return days.length > 1 && days.length <= daysBetween(m.dates.start, m.dates.end)
    ? formatDays(days)
    : undefined;
}

/**
 * When a meeting is, written once: its days, its times and its zone, "19, 20 and 26 May
 * 2020, 13:00-14:15 Europe/Paris". Times that are the same every day are written once
 * (the days already say which days); times that differ keep their per-day labels.
 */
export function describeWhen(m: Meeting, options: { zoneInParentheses?: boolean } = {}): string {
  if (!m.dates) return '';
  const days = formatDays(meetingDays(m)) || formatDateSpan(m.dates.start, m.dates.end);
  if (!m.times) return days;
  const times = m.times.replace(/ daily$/, '');
  const zone = m.timeZone ? (options.zoneInParentheses ? ` (${m.timeZone})` : ` ${m.timeZone}`) : '';
  return `${days}, ${times}${zone}`;
}
