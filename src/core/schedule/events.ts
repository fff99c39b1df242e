import { DateTime } from 'luxon';
import type { Diagnostic } from '../diagnostics.js';
import { windowsZoneToIana } from '../documents/index.js';
import type { CalendarEvent, CalendarTime } from '../documents/types.js';
import { addDays, daysBetween } from './calendar.js';
import { stableHash } from './hash.js';
import { findIdentities } from './identity.js';
import { titleText } from './titles.js';
import type { Evidence, MeetingClaim, Session, SourceInfo } from './types.js';
import { venueFromText } from './venue.js';
import { fixedZoneName, isUsableZone } from './zones.js';

/** Methods whose event describes an attendee's answer, not the meeting's schedule. */
const NOT_SCHEDULE = new Set(['REPLY', 'COUNTER', 'DECLINECOUNTER', 'REFRESH']);

/**
 * Turns calendar events into claims. Each event is one meeting (each expanded occurrence
 * of a recurring event is its own meeting). A calendar's facts are precise, so nothing is
 * uncertain except floating times without a venue zone. Identity: the UID (with the
 * occurrence), plus a series and number when the summary names them ("MPP-6"). Claims of
 * the same UID are revisions of one another, ordered by SEQUENCE; a CANCEL or a REQUEST
 * with SEQUENCE above 0 is marked as a calendar update. Attendee replies are skipped.
 */
export function claimsFromEvents(
  events: CalendarEvent[],
  source: SourceInfo,
): { claims: MeetingClaim[]; diagnostics: Diagnostic[] } {
  const claims: MeetingClaim[] = [];
  const diagnostics: Diagnostic[] = [];
  const prefix = stableHash(
    [source.name, source.revisionKey ?? '', source.revision ?? '', source.date ?? '', source.seenAt].join(
      '|',
    ),
  );
  for (const event of events) {
    if (event.method && NOT_SCHEDULE.has(event.method)) {
      diagnostics.push({
        code: 'schedule.calendar-reply',
        severity: 'info',
        message: `"${event.summary ?? event.uid}" is an attendee's ${event.method} and does not state the meeting's schedule; it was not used.`,
        line: 1,
        column: 1,
      });
      continue;
    }
    const occurrence =
      event.recurrenceId ?? (event.occurrence === undefined ? undefined : String(event.occurrence));
    const uid = occurrence ? `${event.uid}#${occurrence}` : event.uid;
    const ev = (property: string, value: string): Evidence => ({ text: `${property}:${value}`, property });
    const claim: MeetingClaim = {
      id: `${prefix}:uid:${uid}`,
      source,
      revisionKey: `ical:${uid}`,
      revision: event.sequence,
      uid: { value: uid, evidence: [ev('UID', event.uid)] },
      calendar: { ...(event.method ? { method: event.method } : {}), sequence: event.sequence },
      sessions: [],
    };
    // Occurrences of one recurring event are one series: each is its own meeting, never
    // a rival date of the others.
    if (occurrence && (event.rrule || event.occurrence !== undefined || event.recurrenceId))
      claim.occurrenceOf = event.uid;
    if (event.rrule) {
      claim.recurrence = {
        value: { rrule: event.rrule.replace(/^RRULE:/i, ''), text: `RRULE:${event.rrule}` },
        evidence: [ev('RRULE', event.rrule)],
      };
    }
    if (event.summary) {
      const title = titleText(event.summary) || event.summary;
      claim.title = { value: title, evidence: [ev('SUMMARY', event.summary)] };
      const id = findIdentities(event.summary, true).find((m) => m.ordinal !== undefined);
      if (id?.ordinal !== undefined) {
        claim.ordinal = { value: id.ordinal, evidence: [ev('SUMMARY', event.summary)] };
        if (id.series) claim.series = { value: id.series, evidence: [ev('SUMMARY', event.summary)] };
      }
    }
    if (event.location) {
      const venue = venueFromText(event.location);
      if (venue) claim.venue = { value: venue, evidence: [ev('LOCATION', event.location)] };
    }
    if (event.status === 'CANCELLED' || event.method === 'CANCEL') {
      claim.status = {
        value: 'cancelled',
        evidence: [event.method === 'CANCEL' ? ev('METHOD', 'CANCEL') : ev('STATUS', 'CANCELLED')],
      };
    }
    if (event.method === 'CANCEL' || (event.method === 'REQUEST' && event.sequence > 0)) {
      claim.correction = { value: 'calendar-update', evidence: [ev('SEQUENCE', String(event.sequence))] };
    }
    timesFrom(event, claim, ev);
    claims.push(claim);
  }
  return { claims, diagnostics };
}

/**
 * The zone to read a calendar time in: its IANA zone; for a zone the documents module could
 * not name (a custom VTIMEZONE such as "Romance") the fixed offset between the wall-clock
 * value and its UTC instant; UTC for a UTC value; none for floating times.
 */
function zoneOf(t: CalendarTime, shownIn?: string): string | undefined {
  if (t.floating || t.dateOnly) return t.timeZone && isUsableZone(t.timeZone) ? t.timeZone : undefined;
  // A time in UTC ("DTSTART:20270530T090000Z") is shown in the zone the calendar says it uses.
  const inUtc =
    !t.sourceTimeZone &&
    (UTC_NAME.test(t.timeZone ?? '') || (!t.timeZone && t.utc !== undefined && t.local === t.utc));
  if (inUtc && shownIn) return shownIn;
  if (t.timeZone && isUsableZone(t.timeZone)) return t.timeZone;
  if (!t.utc) return undefined;
  const local = DateTime.fromISO(t.local, { zone: 'UTC' });
  const utc = DateTime.fromISO(t.utc, { zone: 'UTC' });
  if (!local.isValid || !utc.isValid) return undefined;
  const offset = Math.round(local.diff(utc, 'minutes').minutes);
  if (Math.abs(offset) > 14 * 60) return undefined;
  // A custom VTIMEZONE named after a Windows zone ("Romance" for "Romance Standard Time"),
  // kept only when that zone's offset at the instant is the one the calendar gives.
  const named = t.sourceTimeZone
    ? (windowsZoneToIana(`${t.sourceTimeZone} Standard Time`) ?? windowsZoneToIana(t.sourceTimeZone))
    : undefined;
  if (named && isUsableZone(named) && utc.setZone(named).offset === offset) return named;
  return fixedZoneName(offset);
}

const UTC_NAME = /^(?:Etc\/)?(?:UTC|GMT|UCT|Zulu)$/;

/** The zone a calendar shows its events in, as a web calendar's event link states it ("...&ctz=Europe/Paris"). */
function displayZone(event: CalendarEvent): string | undefined {
  const m = /[?&](?:amp;)?ctz=([A-Za-z]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?)\b/.exec(
    `${event.description ?? ''} ${event.url ?? ''}`,
  );
  return m && isUsableZone(m[1] as string) ? m[1] : undefined;
}

function timesFrom(event: CalendarEvent, claim: MeetingClaim, ev: (p: string, v: string) => Evidence): void {
  const { start, end } = event;
  const startEv = ev(
    start.timeZone || start.sourceTimeZone
      ? `DTSTART;TZID=${start.sourceTimeZone ?? start.timeZone}`
      : 'DTSTART',
    start.local,
  );
  const endEv = end
    ? ev(
        end.timeZone || end.sourceTimeZone ? `DTEND;TZID=${end.sourceTimeZone ?? end.timeZone}` : 'DTEND',
        end.local,
      )
    : undefined;
  const day = start.local.slice(0, 10);
  if (start.dateOnly) {
    // DTEND of an all-day event is exclusive.
    let last = end ? addDays(end.local.slice(0, 10), -1) : day;
    if (daysBetween(day, last) < 0) last = day;
    claim.dates = { value: { start: day, end: last }, evidence: [startEv, ...(endEv ? [endEv] : [])] };
    const n = Math.min(daysBetween(day, last), 62);
    claim.sessions = Array.from({ length: n + 1 }, (_, k) => ({
      date: addDays(day, k),
      evidence: [startEv],
    }));
    return;
  }
  const shownIn = displayZone(event);
  const zone = zoneOf(start, shownIn);
  let startDt =
    zone && start.utc
      ? DateTime.fromISO(start.utc, { zone: 'UTC' }).setZone(zone)
      : DateTime.fromISO(start.local, { zone: zone ?? 'UTC' });
  if (!startDt.isValid && start.utc) startDt = DateTime.fromISO(start.utc, { zone: zone ?? 'UTC' });
  if (!startDt.isValid) return;
  let endDt: DateTime | undefined;
  if (end && !end.dateOnly) {
    const endZone = zoneOf(end, shownIn) ?? zone;
    if (end.utc && zone) endDt = DateTime.fromISO(end.utc, { zone: 'UTC' }).setZone(zone);
    else endDt = DateTime.fromISO(end.local, { zone: endZone ?? 'UTC' }).setZone(zone ?? 'UTC');
    if (!endDt.isValid || endDt < startDt) endDt = undefined;
  }
  const session: Session = {
    date: startDt.toISODate() as string,
    start: startDt.toFormat('HH:mm'),
    evidence: [startEv, ...(endEv ? [endEv] : [])],
  };
  if (endDt) {
    session.end = endDt.toFormat('HH:mm');
    const endDay = endDt.toISODate() as string;
    if (endDay !== session.date) session.endDate = endDay;
  }
  if (zone) {
    session.startAt = startDt.toISO({ suppressMilliseconds: true }) as string;
    if (endDt) session.endAt = endDt.toISO({ suppressMilliseconds: true }) as string;
    claim.zone = {
      value: { zone, basis: 'calendar', ...(start.sourceTimeZone ? { stated: start.sourceTimeZone } : {}) },
      evidence: [startEv],
    };
  } else {
    session.uncertain = 'floating time: the calendar gives no time zone';
  }
  claim.sessions = [session];
  claim.dates = {
    value: {
      start: session.date,
      end: session.endDate && session.end !== '00:00' ? session.endDate : session.date,
    },
    evidence: [startEv],
  };
}
