import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { daysBetween, formatDateSpan, weekdayName, weekdayOf } from './calendar.js';
import { PLACES, placeByName } from './places.js';
import type { LocalDate, Meeting } from './types.js';
import { formatVenue } from './venue.js';
import { formatDays, meetingDays } from './wording.js';
import { isUsableZone } from './zones.js';

/** Something worth saying next to a meeting. Every flag carries a sentence for people. */
export type MeetingFlag =
  | { kind: 'holiday'; date: LocalDate; name: string; region: string; message: string }
  | { kind: 'weekend'; date: LocalDate; weekday: string; message: string }
  | { kind: 'short-notice'; days: number; firstAnnounced: string; threshold: number; message: string }
  | { kind: 'late-night'; date: LocalDate; until: string; endDate: LocalDate; message: string }
  | { kind: 'overlap'; meetingId: string; title: string; dates: string; message: string };

/** A meeting's first session in one participant's zone. */
export interface ParticipantTime {
  zone: string;
  /** "Suva", "Lima": the city of the zone, for people. */
  label: string;
  /** Local start and end, ISO 8601 with offset. */
  start: string;
  end?: string;
  /** Days between the venue's date and the participant's date at the start (-1, 0, +1). */
  dayShift: number;
  /** The session falls (partly) between 22:00 and 07:00 for this participant. */
  night: boolean;
  /** "03:00-05:00 in Suva (next day)". */
  text: string;
}

/** Flags and local times for one meeting, with the participant zones that could not be read. */
export interface MeetingContext {
  flags: MeetingFlag[];
  localTimes: ParticipantTime[];
  /** Participant zones that are not known zones or cities. */
  unknownParticipants: string[];
}

/** What `meetingContext` needs to know beyond the meeting itself. */
export interface ContextOptions {
  /** IANA zones or city names of remote participants ("Pacific/Fiji", "Lima"). */
  participants?: string[];
  /** Override the venue's holiday region: "CH-GE", "US-NY", "FR". */
  holidayRegion?: string;
  /** Fewer days than this between first announcement and start is short notice (default 14). */
  noticeThresholdDays?: number;
  /** Other tracked meetings, for overlaps. */
  otherMeetings?: Meeting[];
}

/** Countries whose weekend is not Saturday-Sunday. */
const WEEKENDS: Record<string, (year: number) => number[]> = {
  EG: () => [5, 6],
  SA: () => [5, 6],
  QA: () => [5, 6],
  KW: () => [5, 6],
  BH: () => [5, 6],
  OM: () => [5, 6],
  JO: () => [5, 6],
  IL: () => [5, 6],
  AE: (year) => (year < 2022 ? [5, 6] : [6, 7]),
};

const holidayCache = new Map<string, Holidays | null>();
const yearCache = new Map<string, Map<LocalDate, string>>();

/** Public holidays of a region by local date, from date-holidays (names in English). */
function holidaysIn(country: string, region: string | undefined, year: number): Map<LocalDate, string> {
  const key = `${country}-${region ?? ''}`;
  const yearKey = `${key}:${year}`;
  const cached = yearCache.get(yearKey);
  if (cached) return cached;
  let hd = holidayCache.get(key);
  if (hd === undefined) {
    try {
      hd = region
        ? new Holidays(country, region, { languages: ['en'], types: ['public', 'bank'] })
        : new Holidays(country, { languages: ['en'], types: ['public', 'bank'] });
    } catch {
      hd = null;
    }
    holidayCache.set(key, hd);
  }
  const out = new Map<LocalDate, string>();
  if (hd) {
    for (const h of hd.getHolidays(year) ?? []) {
      if (h.type !== 'public' && h.type !== 'bank') continue;
      const date = h.date.slice(0, 10);
      out.set(date, out.has(date) ? `${out.get(date)}, ${h.name}` : h.name);
    }
  }
  yearCache.set(yearKey, out);
  return out;
}

/**
 * What is worth knowing about a meeting: public holidays at the venue, weekend days,
 * short notice, sessions past midnight, overlaps with other tracked meetings, and the
 * local time of its first session for each participant. All computed in the meeting's
 * own zone (DST-correct), never in the machine's.
 */
export function meetingContext(meeting: Meeting, options: ContextOptions = {}): MeetingContext {
  const flags: MeetingFlag[] = [];
  const days = meetingDays(meeting);
  const place = meeting.venue?.mode !== 'remote' ? meeting.venue : undefined;

  // Holidays.
  let country = place?.country;
  let region = place?.region;
  if (options.holidayRegion) {
    const [c, r] = options.holidayRegion.split('-');
    country = c?.toUpperCase();
    region = r?.toUpperCase();
  }
  if (country) {
    const where = place?.city ?? options.holidayRegion ?? country;
    for (const day of days) {
      const name = holidaysIn(country, region, Number(day.slice(0, 4))).get(day);
      if (name) {
        flags.push({
          kind: 'holiday',
          date: day,
          name,
          region: region ? `${country}-${region}` : country,
          message: `${formatDateSpan(day, day)} is a public holiday in ${where} (${name}).`,
        });
      }
    }
  }

  // Weekends.
  for (const day of days) {
    const weekend = (country && WEEKENDS[country]?.(Number(day.slice(0, 4)))) || [6, 7];
    const wd = weekdayOf(day);
    if (weekend.includes(wd)) {
      flags.push({
        kind: 'weekend',
        date: day,
        weekday: weekdayName(wd),
        message: `${formatDateSpan(day, day)} is a ${weekdayName(wd)}.`,
      });
    }
  }

  // Short notice: calendar days from the first announcement to the first day, in the meeting's zone.
  const threshold = options.noticeThresholdDays ?? 14;
  if (meeting.dates && meeting.firstAnnounced) {
    const announced = localDay(meeting.firstAnnounced, meeting.timeZone);
    if (announced) {
      const daysNotice = daysBetween(announced, meeting.dates.start);
      if (daysNotice >= 0 && daysNotice < threshold) {
        flags.push({
          kind: 'short-notice',
          days: daysNotice,
          firstAnnounced: meeting.firstAnnounced,
          threshold,
          message: `Announced ${daysNotice} day${daysNotice === 1 ? '' : 's'} before it starts (first announcement ${formatDateSpan(announced, announced)}; threshold ${threshold} days).`,
        });
      }
    }
  }

  // Sessions past midnight.
  for (const s of meeting.sessions) {
    if (s.endDate && s.endDate > s.date && s.end && s.end !== '00:00') {
      flags.push({
        kind: 'late-night',
        date: s.date,
        until: s.end,
        endDate: s.endDate,
        message: `The ${weekdayName(weekdayOf(s.date))} ${formatDateSpan(s.date, s.date)} session runs past midnight, until ${s.end} on ${weekdayName(weekdayOf(s.endDate))} ${formatDateSpan(s.endDate, s.endDate)}.`,
      });
    }
  }

  // Overlaps with other tracked meetings.
  for (const other of options.otherMeetings ?? []) {
    if (other.id === meeting.id || other.status === 'cancelled' || meeting.status === 'cancelled') continue;
    if (!other.dates || !meeting.dates) continue;
    if (!overlaps(meeting, other)) continue;
    const when = formatDays(meetingDays(other)) || formatDateSpan(other.dates.start, other.dates.end);
    flags.push({
      kind: 'overlap',
      meetingId: other.id,
      title: other.title,
      dates: when,
      message: `Overlaps with ${other.title} (${when}${other.venue ? `, ${formatVenue(other.venue)}` : ''}).`,
    });
  }

  // Participants.
  const localTimes: ParticipantTime[] = [];
  const unknownParticipants: string[] = [];
  const first = meeting.sessions.find((s) => s.startAt);
  for (const p of options.participants ?? []) {
    const zone = participantZone(p);
    if (!zone) {
      unknownParticipants.push(p);
      continue;
    }
    if (!first?.startAt) continue;
    const start = DateTime.fromISO(first.startAt, { setZone: true }).setZone(zone.zone);
    const end = first.endAt ? DateTime.fromISO(first.endAt, { setZone: true }).setZone(zone.zone) : undefined;
    const venueDay = DateTime.fromISO(first.startAt, { setZone: true }).toISODate() as string;
    const dayShift = daysBetween(venueDay, start.toISODate() as string);
    const night = isNight(start) || (end !== undefined && (isNight(end) || end.day !== start.day));
    const shiftText = dayShift === 1 ? ' (next day)' : dayShift === -1 ? ' (previous day)' : '';
    const endsLater = end !== undefined && end.toISODate() !== start.toISODate() ? ' (ends next day)' : '';
    localTimes.push({
      zone: zone.zone,
      label: zone.label,
      start: start.toISO({ suppressMilliseconds: true }) as string,
      ...(end ? { end: end.toISO({ suppressMilliseconds: true }) as string } : {}),
      dayShift,
      night,
      text: localSpanText(start, end, zone.label, shiftText, endsLater),
    });
  }
  return { flags, localTimes, unknownParticipants };
}

/**
 * One plain span: "07:00-09:00 in Lima", "00:00-02:00 in Suva (next day)", "22:00-02:00 in
 * Sydney (ends next day)", and, when it starts the day before and ends on the meeting's day,
 * "20:00 (previous day) to 03:00 in Lima" rather than two contradicting notes.
 */
function localSpanText(
  start: DateTime,
  end: DateTime | undefined,
  label: string,
  shiftText: string,
  endsLater: string,
): string {
  const from = start.toFormat('HH:mm');
  if (!end) return `${from} in ${label}${shiftText}`;
  const to = end.toFormat('HH:mm');
  if (shiftText && endsLater) return `${from}${shiftText} to ${to} in ${label}`;
  return `${from}-${to} in ${label}${shiftText}${endsLater}`;
}

function isNight(dt: DateTime): boolean {
  return dt.hour >= 22 || dt.hour < 7;
}

/** The local calendar day of an ISO date or instant, in `zone` when it is an instant. */
function localDay(iso: string, zone: string | undefined): LocalDate | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid) return undefined;
  return (zone && isUsableZone(zone) ? dt.setZone(zone) : dt).toISODate() ?? undefined;
}

function overlaps(a: Meeting, b: Meeting): boolean {
  const as = a.sessions.filter((s) => s.startAt && s.endAt);
  const bs = b.sessions.filter((s) => s.startAt && s.endAt);
  if (as.length > 0 && bs.length > 0) {
    return as.some((x) =>
      bs.some(
        (y) =>
          Date.parse(x.startAt as string) < Date.parse(y.endAt as string) &&
          Date.parse(y.startAt as string) < Date.parse(x.endAt as string),
      ),
    );
  }
  // Without times on both sides, sharing a day is an overlap.
  return (
    (a.dates?.start as string) <= (b.dates?.end as string) &&
    (b.dates?.start as string) <= (a.dates?.end as string)
  );
}

/** A participant given as an IANA zone or as a city of the place table. */
export function participantZone(p: string): { zone: string; label: string } | undefined {
  const trimmed = p.trim();
  if (!trimmed) return undefined;
  const place = placeByName(trimmed);
  if (place) return { zone: place.zone, label: place.city };
  if (isUsableZone(trimmed)) {
    const last = trimmed === 'UTC' ? 'UTC' : (trimmed.split('/').pop() ?? trimmed).replace(/_/g, ' ');
    // A zone named after a country ("Pacific/Fiji") reads better as its city ("Suva").
    const city = isCountryZone(trimmed) ? PLACES.find((x) => x.zone === trimmed)?.city : undefined;
    return { zone: trimmed, label: city ?? last };
  }
  return undefined;
}

/** Zones named after a country rather than a city ("Pacific/Fiji"). */
function isCountryZone(zone: string): boolean {
  return /^(Pacific\/Fiji|Asia\/Qatar)$/.test(zone);
}
