import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime, IANAZone } from 'luxon';
import { addDays, daysBetween } from './calendar.js';
import { describeConflict } from './changes.js';
import type { Meeting, Schedule } from './types.js';
import { formatVenue } from './venue.js';
import { describeWhen } from './wording.js';
import { isIanaZone } from './zones.js';

/** Options of the iCalendar feed. */
export interface IcsOptions {
  /** Calendar name shown by clients. */
  name?: string;
  /**
   * DTSTAMP of every event, ISO 8601. Passed in because the core never reads the clock;
   * defaults to the newest `seenAt` among the meetings' sources, so the same schedule
   * always gives the same feed.
   */
  stamp?: string;
}

/**
 * The schedule as an iCalendar feed (ical-generator). UIDs that never change once
 * published: `<calendarUid>@rapporteur` (the meeting's id for meetings reconciled before
 * `calendarUid` existed), and `<calendarUid>.<YYYYMMDD>@rapporteur` for each day of a
 * multi-day meeting with times, keyed by the day so adding a day leaves the others alone; SEQUENCE from the meeting's revision count, STATUS:CANCELLED for cancelled
 * meetings and TENTATIVE while a conflict is open, open conflicts and settlements stated
 * in DESCRIPTION. Times carry their IANA zone with a VTIMEZONE built from the zone's real
 * transitions; fixed offsets are written in UTC; times without any zone stay floating.
 * Meetings without dates are left out (a calendar cannot place them).
 */
export function toICalendar(schedule: Schedule, options: IcsOptions = {}): string {
  const dated = schedule.meetings.filter((m) => m.dates);
  // Each VTIMEZONE covers the years its own events need, not the whole schedule's.
  const years = new Map<string, [number, number]>();
  for (const m of dated) {
    if (!m.timeZone) continue;
    const a = Number(m.dates?.start.slice(0, 4));
    const b = Number(m.dates?.end.slice(0, 4));
    const r = years.get(m.timeZone);
    years.set(m.timeZone, r ? [Math.min(r[0], a), Math.max(r[1], b)] : [a, b]);
  }
  const cal = ical({
    name: options.name ?? 'Rapporteur schedule',
    prodId: { company: 'Rapporteur', product: 'Schedule', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    // No calendar-wide zone: each event names its own, and the generator writes each VTIMEZONE.
    timezone: {
      name: null,
      generator: (zone: string) => {
        const r = years.get(zone);
        return r ? vtimezone(zone, r) : null;
      },
    },
  });
  const stamp = DateTime.fromISO(options.stamp ?? newestSeen(schedule), { zone: 'UTC' });
  for (const m of dated) {
    const uidBase = m.calendarUid ?? m.id;
    const description = describe(m);
    const status =
      m.status === 'cancelled'
        ? ICalEventStatus.CANCELLED
        : m.conflicts.length > 0 || m.status === 'postponed'
          ? ICalEventStatus.TENTATIVE
          : ICalEventStatus.CONFIRMED;
    const base = {
      summary: m.status === 'cancelled' ? `${m.title} (cancelled)` : m.title,
      sequence: m.revision,
      stamp: stamp.isValid ? stamp : DateTime.fromMillis(0, { zone: 'UTC' }),
      status,
      description,
      ...(m.venue ? { location: formatVenue(m.venue) } : {}),
    };
    const timed = m.sessions.filter((s) => s.start);
    const iana = m.timeZone && isIanaZone(m.timeZone) ? m.timeZone : undefined;
    // "on 4 and 6 May" without hours: an all-day event per day said, never one over the day between.
    const apart = [...new Set(m.sessions.map((s) => s.date))];
    if (
      timed.length === 0 &&
      m.dates &&
      apart.length > 1 &&
      apart.length <= daysBetween(m.dates.start, m.dates.end)
    ) {
      for (const [k, day] of apart.entries())
        cal.createEvent({
          ...base,
          id: `${uidBase}.${day.replaceAll('-', '')}@rapporteur`,
          summary: `${base.summary} (day ${k + 1})`,
          allDay: true,
          start: DateTime.fromISO(day, { zone: 'UTC' }),
          end: DateTime.fromISO(addDays(day, 1), { zone: 'UTC' }),
        });
      continue;
    }
    if (timed.length === 0) {
      const start = m.dates?.start as string;
      const end = addDays(m.dates?.end as string, 1);
      cal.createEvent({
        ...base,
        id: `${uidBase}@rapporteur`,
        allDay: true,
        start: DateTime.fromISO(start, { zone: 'UTC' }),
        end: DateTime.fromISO(end, { zone: 'UTC' }),
      });
      continue;
    }
    const days = [...new Set(timed.map((s) => s.date))];
    timed.forEach((s, k) => {
      // A day's second sitting and later ones: "-2", "-3" after the day, so that one re-timed keeps its UID.
      const nth = timed.slice(0, k).filter((x) => x.date === s.date).length + 1;
      const day = days.indexOf(s.date) + 1;
      const id =
        timed.length === 1
          ? `${uidBase}@rapporteur`
          : `${uidBase}.${s.date.replaceAll('-', '')}${nth > 1 ? `-${nth}` : ''}@rapporteur`;
      const part = days.length > 1 ? `day ${day}${nth > 1 ? `, session ${nth}` : ''}` : `session ${nth}`;
      const event = {
        ...base,
        id,
        summary: timed.length === 1 ? base.summary : `${base.summary} (${part})`,
      };
      if (s.startAt) {
        const start = DateTime.fromISO(s.startAt, { setZone: true });
        const end = s.endAt ? DateTime.fromISO(s.endAt, { setZone: true }) : undefined;
        if (iana) {
          cal.createEvent({
            ...event,
            timezone: iana,
            start: start.setZone(iana),
            ...(end ? { end: end.setZone(iana) } : {}),
          });
        } else {
          cal.createEvent({ ...event, start: start.toUTC(), ...(end ? { end: end.toUTC() } : {}) });
        }
        return;
      }
      // No zone at all: floating wall-clock times, as the source gave them.
      const start = DateTime.fromISO(`${s.date}T${s.start}`, { zone: 'UTC' });
      const end = s.end ? DateTime.fromISO(`${s.endDate ?? s.date}T${s.end}`, { zone: 'UTC' }) : undefined;
      cal.createEvent({ ...event, floating: true, start, ...(end ? { end } : {}) });
    });
  }
  return cal.toString();
}

function newestSeen(schedule: Schedule): string {
  let best = '1970-01-01T00:00:00Z';
  for (const m of schedule.meetings) for (const s of m.sources) if (s.seenAt > best) best = s.seenAt;
  return best;
}

function describe(m: Meeting): string {
  const lines: string[] = [];
  if (m.dates) lines.push(describeWhen(m, { zoneInParentheses: true }));
  for (const c of m.conflicts) lines.push(`Sources disagree on ${c.field}: ${describeConflict(c)}.`);
  if (m.disputed.includes('times') || m.disputed.includes('dates') || m.disputed.includes('timeZone')) {
    lines.push('Until this is settled, this calendar shows the earliest start and the latest end.');
  }
  for (const s of m.settlements) lines.push(`${cap(s.field)} settled by ${s.settledBy.name}: ${s.value}.`);
  for (const u of m.uncertain) lines.push(`Unsure (${u.field}): ${u.reason}.`);
  lines.push(`Sources: ${m.sources.map((s) => s.name).join('; ')}.`);
  return lines.join('\n');
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * A VTIMEZONE for `zone` covering `years`, built from the zone's actual offset changes
 * as Intl/Luxon know them (one STANDARD or DAYLIGHT block per transition, no RRULE, so
 * historical rule changes are exact). ical-generator asks for this text through its
 * timezone generator hook; it has no VTIMEZONE builder of its own.
 */
export function vtimezone(zone: string, years: [number, number]): string | null {
  if (!isIanaZone(zone)) return null;
  const from = DateTime.fromObject({ year: years[0], month: 1, day: 1 }, { zone: 'UTC' });
  const to = DateTime.fromObject({ year: years[1], month: 12, day: 31 }, { zone: 'UTC' });
  const tz = IANAZone.create(zone);
  const offsetAt = (ms: number) => tz.offset(ms);
  const blocks: string[] = [];
  const block = (ms: number, fromOffset: number, toOffset: number) => {
    const at = DateTime.fromMillis(ms, { zone });
    const kind = at.isInDST ? 'DAYLIGHT' : 'STANDARD';
    // DTSTART is the local time of the change, read in the offset in force before it.
    const local = DateTime.fromMillis(ms + fromOffset * 60_000, { zone: 'UTC' });
    blocks.push(
      [
        `BEGIN:${kind}`,
        `DTSTART:${local.toFormat("yyyyMMdd'T'HHmmss")}`,
        `TZOFFSETFROM:${formatIcsOffset(fromOffset)}`,
        `TZOFFSETTO:${formatIcsOffset(toOffset)}`,
        `TZNAME:${at.offsetNameShort ?? formatIcsOffset(toOffset)}`,
        `END:${kind}`,
      ].join('\r\n'),
    );
  };
  let t = from.toMillis();
  let offset = offsetAt(t);
  block(t, offset, offset);
  // Sample weekly (no zone changes its offset twice within a week), then narrow to the minute.
  const step = 7 * 24 * 3600 * 1000;
  for (; t < to.toMillis(); t += step) {
    let next = offsetAt(t + step);
    if (next === offset) continue;
    let lo = t;
    for (;;) {
      let hi = t + step;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 2 / 60_000) * 60_000;
        if (offsetAt(mid) === offset) lo = mid;
        else hi = mid;
      }
      const now = offsetAt(hi);
      block(hi, offset, now);
      offset = now;
      lo = hi;
      if (offset === next) break;
      next = offsetAt(t + step);
    }
  }
  return ['BEGIN:VTIMEZONE', `TZID:${zone}`, ...blocks, 'END:VTIMEZONE'].join('\r\n');
}

function formatIcsOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}
