/** Per field, the value agreeing sources give, or the conflict between them and what settled it. */

import { daysBetween, formatDateSpan } from './calendar.js';
import { newerRevision, sourceRef } from './claim-order.js';
import type {
  ConflictValue,
  DateSpan,
  FieldConflict,
  MeetingClaim,
  MeetingField,
  MeetingStatus,
  Session,
  Settlement,
  Venue,
  ZoneBasis,
} from './types.js';
import { formatVenue, inCityOf } from './venue.js';
import { formatDays, meetingDays } from './wording.js';

interface Entry<T> {
  claim: MeetingClaim;
  value: T;
  key: string;
  display: string;
  uncertain?: string;
}

interface FieldResult<T> {
  /** Entries still standing, oldest first. */
  live: Entry<T>[];
  /** The agreed value's entry (the newest with that value), when live entries agree. */
  agreed?: Entry<T>;
  conflict?: FieldConflict;
  settlement?: Settlement;
}

/** Does this claim correct earlier ones on a field? */
function corrects(c: MeetingClaim, field: MeetingField): Settlement['reason'] | undefined {
  if (field === 'status' && c.status) return 'status-update';
  if (c.correction?.value === 'calendar-update') return 'calendar-sequence';
  if (c.correction) return 'correction';
  return undefined;
}

/**
 * Weighs what the claims say about one field, oldest first. A correction supersedes every
 * earlier claim on the fields it states; a newer revision of the same source supersedes
 * that source's older revisions. What is left either agrees (a value, and a settlement if
 * something was superseded on the way) or disagrees (a conflict listing each value with
 * its sources).
 */
function resolveField<T>(field: MeetingField, entries: Entry<T>[]): FieldResult<T> {
  let live: Entry<T>[] = [];
  const superseded: { entry: Entry<T>; by: Entry<T>; reason: Settlement['reason'] }[] = [];
  for (const e of entries) {
    const reason = corrects(e.claim, field);
    if (reason) {
      for (const l of live) superseded.push({ entry: l, by: e, reason });
      live = [];
    }
    let dropped = false;
    const keep: Entry<T>[] = [];
    for (const l of live) {
      if (newerRevision(e.claim, l.claim)) superseded.push({ entry: l, by: e, reason: 'newer-revision' });
      else {
        if (newerRevision(l.claim, e.claim)) {
          superseded.push({ entry: e, by: l, reason: 'newer-revision' });
          dropped = true;
        }
        keep.push(l);
      }
    }
    live = keep;
    if (!dropped) live.push(e);
  }
  if (live.length === 0) return { live };
  const keys = [...new Set(live.map((l) => l.key))];
  const allValues = (list: Entry<T>[]): ConflictValue[] => {
    const out = new Map<string, ConflictValue>();
    for (const e of list) {
      const v = out.get(e.key) ?? { value: e.display, sources: [] };
      if (!v.sources.some((s) => s.claimId === e.claim.id)) v.sources.push(sourceRef(e.claim));
      out.set(e.key, v);
    }
    return [...out.values()];
  };
  if (keys.length > 1) {
    return { live, conflict: { field, values: allValues(live) } };
  }
  const agreed = live[live.length - 1] as Entry<T>;
  // A source that updates itself settles nothing; a disagreement between sources does.
  const disagreeing = superseded.filter(
    (s) =>
      s.entry.key !== agreed.key &&
      !(s.entry.claim.revisionKey && s.entry.claim.revisionKey === s.by.claim.revisionKey),
  );
  if (disagreeing.length === 0) return { live, agreed };
  const last = disagreeing[disagreeing.length - 1] as (typeof disagreeing)[number];
  const settledBy = last.by.key === agreed.key ? last.by : agreed;
  return {
    live,
    agreed,
    settlement: {
      field,
      value: agreed.display,
      values: allValues(entries),
      settledBy: sourceRef(settledBy.claim),
      reason: last.reason,
    },
  };
}

/** The times a claim gives, as a per-day pattern independent of the dates ("10:00-17:00, 10:00-16:00"). */
function timesPattern(sessions: Session[]): { key: string; display: string } | undefined {
  const timed = sessions.filter((s) => s.start);
  if (timed.length === 0) return undefined;
  const one = (s: Session) => `${s.start}-${s.end ?? ''}${s.endDate && s.endDate !== s.date ? '+' : ''}`;
  // Days apart by ",", the sittings of one day by "&".
  const key = byDay(timed)
    .map((day) => day.map(one).join('&'))
    .join(',');
  return { key, display: describeTimes(timed) };
}

/** Sessions grouped by their day, in order. */
function byDay(timed: Session[]): Session[][] {
  const days: Session[][] = [];
  for (const s of timed) {
    const last = days[days.length - 1];
    if (last && last[0]?.date === s.date) last.push(s);
    else days.push([s]);
  }
  return days;
}

/**
 * "14:00-18:00", "10:00-15:00 daily", "10:00-17:00 (days 1-2), 10:00-16:00 (day 3)", "10:00-01:30 (+1 day)",
 * "10:00-13:00 and 15:00-18:00 daily" (two sittings a day).
 */
export function describeTimes(sessions: Session[]): string {
  const timed = sessions.filter((s) => s.start);
  const later = (s: Session) => (s.endDate && s.end !== '00:00' ? daysBetween(s.date, s.endDate) : 0);
  const one = (s: Session) =>
    `${s.start}${s.end ? `-${s.end}` : ''}${later(s) > 0 ? ` (+${later(s)} day${later(s) > 1 ? 's' : ''})` : ''}`;
  const labels = byDay(timed).map((day) => day.map(one).join(' and '));
  if (labels.length === 0) return '';
  if (labels.every((l) => l === labels[0]))
    return labels.length > 1 ? `${labels[0]} daily` : (labels[0] as string);
  const runs: { label: string; from: number; to: number }[] = [];
  labels.forEach((l, i) => {
    const last = runs[runs.length - 1];
    if (last && last.label === l) last.to = i + 1;
    else runs.push({ label: l, from: i + 1, to: i + 1 });
  });
  return runs
    .map((r) => `${r.label} (${r.from === r.to ? `day ${r.from}` : `days ${r.from}-${r.to}`})`)
    .join(', ');
}

export interface Resolved {
  dates: FieldResult<DateSpan>;
  times: FieldResult<Session[]>;
  zone: FieldResult<{ zone: string; basis: ZoneBasis }>;
  venue: FieldResult<Venue>;
  status: FieldResult<MeetingStatus>;
}

export function resolveAll(claims: MeetingClaim[]): Resolved {
  const dates: Entry<DateSpan>[] = [];
  const times: Entry<Session[]>[] = [];
  const zone: Entry<{ zone: string; basis: ZoneBasis }>[] = [];
  const venue: Entry<Venue>[] = [];
  const status: Entry<MeetingStatus>[] = [];
  for (const c of claims) {
    if (c.dates) {
      const d = c.dates.value;
      dates.push({
        claim: c,
        value: d,
        key: `${d.start}/${d.end}`,
        // "4 and 6 May 2027" for days said apart, as everywhere a user reads them.
        display:
          formatDays(meetingDays({ dates: d, sessions: c.sessions })) || formatDateSpan(d.start, d.end),
        ...(c.dates.uncertain ? { uncertain: c.dates.uncertain } : {}),
      });
    }
    const t = timesPattern(c.sessions);
    // "9 o'clock" read as a morning hour: the times are only as sure as their sessions.
    const unsure = [...new Set(c.sessions.map((x) => x.uncertain))].filter(Boolean).join('; ');
    if (t)
      times.push({
        claim: c,
        value: c.sessions,
        key: t.key,
        display: t.display,
        ...(unsure ? { uncertain: unsure } : {}),
      });
    // Only zones a source stated compete; a zone implied by a venue follows the reconciled venue.
    if (c.zone && c.zone.value.basis !== 'venue' && c.zone.value.basis !== 'default') {
      zone.push({
        claim: c,
        value: { zone: c.zone.value.zone, basis: c.zone.value.basis },
        key: c.zone.value.zone,
        display: c.zone.value.zone,
        ...(c.zone.uncertain ? { uncertain: c.zone.uncertain } : {}),
      });
    }
    if (c.venue) {
      // "Room W" in a later notice is a room of the city the other notices name.
      const v = inCityOf(
        c.venue.value,
        claims.filter((o) => o.venue?.value.city).map((o) => o.venue?.value as Venue),
      );
      venue.push({
        claim: c,
        value: v,
        key: `${v.mode}|${(v.city ?? '').toLowerCase()}`,
        display: formatVenue(v),
      });
    }
    if (c.status)
      status.push({ claim: c, value: c.status.value, key: c.status.value, display: c.status.value });
  }
  return {
    dates: resolveField('dates', dates),
    times: resolveField('times', times),
    zone: resolveField('timeZone', zone),
    venue: resolveField('venue', venue),
    status: resolveField('status', status),
  };
}

/** What changes a meeting's revision: the values and the open conflicts. */
export function signature(r: Resolved): string {
  const pick = <T>(f: FieldResult<T>) =>
    f.conflict ? `!${f.conflict.values.map((v) => v.value).join('|')}` : (f.agreed?.key ?? '');
  return [pick(r.dates), pick(r.times), pick(r.zone), pick(r.venue), pick(r.status)].join('\u0000');
}
