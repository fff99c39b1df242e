import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { CalendarTime, ExtractionWarning } from './types.js';
import { resolveTimeZone } from './windows-zones.js';

/**
 * Times of an iCalendar file in the Document's model: the zone of each time resolved once
 * per calendar (the file's VTIMEZONE, an IANA name, a Windows name) and each zone problem
 * reported once.
 */

type Time = InstanceType<typeof ICAL.Time>;
type Property = InstanceType<typeof ICAL.Property>;

export function tzidOf(prop: Property | null | undefined): string | undefined {
  const tz = prop?.getParameter('tzid');
  const value = Array.isArray(tz) ? tz[0] : tz;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Converts an ical.js time to our model, resolving its zone. */
export function calendarTime(t: Time, tzidHint: string | undefined, zones: ZoneReport): CalendarTime {
  if (![t.year, t.month, t.day, t.hour, t.minute, t.second].every(Number.isFinite)) {
    throw new Error('a date or time value is not valid');
  }
  const date = `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
  if (t.isDate) return { local: date, dateOnly: true, floating: false };
  const local = `${date}T${pad(t.hour)}:${pad(t.minute)}:${pad(Math.min(t.second, 59))}`;
  const zone = t.zone;
  if (zone === ICAL.Timezone.utcTimezone) {
    return { local, timeZone: 'Etc/UTC', utc: `${local}Z`, dateOnly: false, floating: false };
  }
  const fromCalendar = zone && zone !== ICAL.Timezone.localTimezone ? zone : undefined;
  const tzid = fromCalendar?.tzid || tzidHint;
  if (!tzid) return { local, dateOnly: false, floating: true };
  const resolved = zones.resolve(tzid);
  const out: CalendarTime = { local, dateOnly: false, floating: false };
  if (resolved.iana) out.timeZone = resolved.iana;
  if (!resolved.iana || resolved.iana !== tzid) out.sourceTimeZone = tzid;
  let utcMs: number | undefined;
  if (fromCalendar) {
    // The calendar's own VTIMEZONE is authoritative (RFC 5545); compare it with the IANA rules.
    utcMs = t.toUnixTime() * 1000;
    if (resolved.iana) {
      const iana = ianaUtcMs(t, resolved.iana);
      if (iana !== undefined && iana !== utcMs) zones.disagree(tzid, resolved.iana);
    }
  } else if (resolved.iana) {
    utcMs = ianaUtcMs(t, resolved.iana);
  } else {
    zones.unknown(tzid);
  }
  if (utcMs !== undefined && Number.isFinite(utcMs))
    out.utc = new Date(utcMs).toISOString().replace('.000Z', 'Z');
  return out;
}

function ianaUtcMs(t: Time, zone: string): number | undefined {
  const dt = DateTime.fromObject(
    {
      year: t.year,
      month: t.month,
      day: t.day,
      hour: t.hour,
      minute: t.minute,
      second: Math.min(t.second, 59),
    },
    { zone },
  );
  return dt.isValid ? dt.toMillis() : undefined;
}

/** An instant for window comparisons; floating times are compared as if UTC. */
export function instantMs(t: Time, tzidHint: string | undefined, zones: ZoneReport): number {
  const ct = calendarTime(t, tzidHint, zones);
  if (ct.utc) return Date.parse(ct.utc);
  return Date.parse(ct.dateOnly ? `${ct.local}T00:00:00Z` : `${ct.local}Z`);
}

/** Resolves TZIDs once per calendar and reports each zone problem once. */
export class ZoneReport {
  private readonly cache = new Map<string, ReturnType<typeof resolveTimeZone>>();
  private readonly reported = new Set<string>();

  constructor(private readonly warnings: ExtractionWarning[]) {}

  resolve(tzid: string): ReturnType<typeof resolveTimeZone> {
    let r = this.cache.get(tzid);
    if (!r) {
      r = resolveTimeZone(tzid);
      this.cache.set(tzid, r);
    }
    return r;
  }

  unknown(tzid: string): void {
    if (this.reported.has(`u:${tzid}`)) return;
    this.reported.add(`u:${tzid}`);
    this.warnings.push({
      code: 'ics.unknown-zone',
      message: `The time zone "${tzid.slice(0, 80)}" is neither defined in the file nor a known IANA or Windows zone; its times are kept as written, without a UTC instant.`,
    });
  }

  /** A warning not tied to a zone, through the same list. */
  warn(code: string, message: string): void {
    this.warnings.push({ code, message });
  }

  disagree(tzid: string, iana: string): void {
    if (this.reported.has(`d:${tzid}`)) return;
    this.reported.add(`d:${tzid}`);
    this.warnings.push({
      code: 'ics.zone-disagrees',
      message: `The file's definition of "${tzid.slice(0, 80)}" gives a different UTC offset than ${iana} for some times; the file's definition was used.`,
    });
  }
}
