/** One meeting out of its group of claims: identity, fields, sessions, recurrence and sources. */
import { DateTime } from 'luxon';
import { addDays, daysBetween, formatDateSpan, instant } from './calendar.js';
import { ownId, sourceRef, uidOf } from './claim-order.js';
import { slug } from './identity.js';
import { placeByName } from './places.js';
import { type Resolved, resolveAll, signature } from './reconcile-fields.js';
import { expandRecurrence } from './recurrence.js';
import type {
  DateSpan,
  FieldConflict,
  LocalDate,
  Meeting,
  MeetingClaim,
  MeetingField,
  MeetingStatus,
  Occurrence,
  Schedule,
  Session,
  Settlement,
  SourceRef,
  Venue,
  ZoneBasis,
  ZoneValue,
} from './types.js';

/** Options for reconciling claims into meetings. */
export interface ReconcileOptions {
  /** The process's default zone, for meetings whose sources and venue say nothing. */
  defaultTimeZone?: string;
  /**
   * How many days apart an unnumbered claim may be from a meeting of the same series or
   * title and still be the same meeting (default 7). Claims that say the meeting was
   * moved, or come from a newer revision of the same source, match at any distance.
   */
  proximityDays?: number;
  /**
   * The schedule as last published. A meeting found in it (by id or alias) keeps the
   * calendar UID it was published under, whatever its identity has become since.
   */
  previous?: Schedule;
}

export function buildMeeting(claims: MeetingClaim[], options: ReconcileOptions): Meeting {
  const numbered = claims.find((c) => c.ordinal);
  const withUid = claims.find((c) => c.uid);
  const dated = claims.find((c) => c.dates);
  let id: string;
  if (numbered) id = ownId(numbered);
  else if (withUid) id = ownId(withUid);
  else {
    const named = claims.find((c) => c.series) ?? claims.find((c) => c.title) ?? claims[0];
    const name = named?.series?.value ?? named?.title?.value ?? 'meeting';
    id = `${slug(name)}@${dated?.dates?.value.start ?? 'undated'}`;
  }
  const aliases = [...new Set(claims.map(ownId))].filter((a) => a !== id).sort();

  const r = resolveAll(claims);
  const conflicts: FieldConflict[] = [];
  const settlements: Settlement[] = [];
  const disputed: MeetingField[] = [];
  const uncertain: Meeting['uncertain'] = [];
  for (const [field, res] of [
    ['dates', r.dates],
    ['times', r.times],
    ['timeZone', r.zone],
    ['venue', r.venue],
    ['status', r.status],
  ] as const) {
    if (res.conflict) {
      conflicts.push(res.conflict);
      disputed.push(field);
    }
    if (res.settlement) settlements.push(res.settlement);
    const reasons = new Set(
      (res.agreed ? [res.agreed] : res.live).map((e) => e.uncertain).filter((u): u is string => !!u),
    );
    for (const reason of reasons) uncertain.push({ field, reason });
  }

  // Status: the newest explicit statement, scheduled when nobody said otherwise.
  const status: MeetingStatus =
    (r.status.agreed ?? r.status.live[r.status.live.length - 1])?.value ?? 'scheduled';

  // Venue: agreed, or the newest of the disputed ones.
  const venueEntry = r.venue.agreed ?? r.venue.live[r.venue.live.length - 1];
  const venue = venueEntry?.value;

  // Zone: stated, else the venue's, else the default.
  const { timeZone, zoneBasis, zoneCandidates } = meetingZone(r, venue, claims, options, uncertain);

  // Dates: agreed, or the candidate that starts first.
  const dateEntry = r.dates.agreed
    ? r.dates.agreed
    : [...r.dates.live].sort((a, b) => a.value.start.localeCompare(b.value.start))[0];
  const dates = dateEntry?.value;

  // Times: each candidate pattern laid on the meeting's days.
  const { sessions, start, end } = meetingTimes(r, dates, timeZone, zoneCandidates, uncertain, {
    days: dateEntry ? claimDaysApart(dateEntry.claim, dateEntry.value) : undefined,
  });

  const { title, series } = meetingTitle(claims, numbered);

  // Revision: how many times the reconciled values changed as the claims arrived.
  const revision = revisionOf(claims, r);

  // Claims are sorted by the time they speak, so the first one announced first.
  const firstAnnounced = (claims[0]?.source.date ?? claims[0]?.source.seenAt) as string;

  const meeting: Meeting = {
    id,
    aliases,
    title,
    status,
    sessions,
    disputed,
    conflicts,
    settlements,
    uncertain,
    firstAnnounced,
    revision,
    claimIds: claims.map((c) => c.id),
    sources: dedupeSources(claims.map(sourceRef)),
    calendarUid: uidOf(claims[0] as MeetingClaim),
  };
  if (series) meeting.series = series;
  if (numbered?.ordinal) meeting.ordinal = numbered.ordinal.value;
  if (withUid?.uid) meeting.uid = withUid.uid.value;
  if (dates) meeting.dates = dates;
  if (start) meeting.start = start;
  if (end) meeting.end = end;
  const times =
    r.times.agreed?.display ??
    (r.times.live.length ? [...new Set(r.times.live.map((l) => l.display))].join(' or ') : undefined);
  if (times) meeting.times = times;
  if (timeZone) meeting.timeZone = timeZone;
  if (zoneBasis) meeting.zoneBasis = zoneBasis;
  if (venue) meeting.venue = venue;
  const occurrenceOf = claims.find((c) => c.occurrenceOf)?.occurrenceOf;
  if (occurrenceOf) meeting.occurrenceOf = occurrenceOf;
  const recurring = [...claims].reverse().find((c) => c.recurrence);
  if (recurring?.recurrence) {
    meeting.recurrence = recurring.recurrence.value;
    // A calendar's occurrences are meetings of their own; a text's rule is expanded here.
    if (!occurrenceOf) meeting.occurrences = occurrencesOf(recurring);
  }
  return meeting;
}

/** The meeting's zone: stated, else the venue's, else the default (marked uncertain). */
function meetingZone(
  r: Resolved,
  venue: Venue | undefined,
  claims: MeetingClaim[],
  options: ReconcileOptions,
  uncertain: Meeting['uncertain'],
): { timeZone: string | undefined; zoneBasis: ZoneBasis | undefined; zoneCandidates: ZoneValue[] } {
  let timeZone: string | undefined;
  let zoneBasis: ZoneBasis | undefined;
  const zoneCandidates = (r.zone.agreed ? [r.zone.agreed] : r.zone.live).map((e) => e.value);
  if (zoneCandidates.length > 0) {
    timeZone = zoneCandidates[0]?.zone;
    zoneBasis = zoneCandidates[0]?.basis;
  } else if (venue?.timeZone || (venue?.formerCity && placeByName(venue.formerCity))) {
    timeZone = venue.timeZone ?? placeByName(venue.formerCity as string)?.zone;
    zoneBasis = 'venue';
  } else {
    const claimDefault = claims.find((c) => c.zone?.value.basis === 'default')?.zone?.value.zone;
    const fallback = options.defaultTimeZone ?? claimDefault;
    if (fallback) {
      timeZone = fallback;
      zoneBasis = 'default';
      uncertain.push({
        field: 'timeZone',
        reason: `no time zone stated and no known venue; used the default ${fallback}`,
      });
    }
  }
  return { timeZone, zoneBasis, zoneCandidates };
}

/**
 * The days apart a claim gave its dates as ("on 4 and 6 May": sessions without times on its
 * first and last day with a day between them not said); undefined for a run of days.
 */
function claimDaysApart(claim: MeetingClaim, dates: DateSpan): LocalDate[] | undefined {
  if (claim.sessions.some((s) => s.start)) return undefined;
  const days = [...new Set(claim.sessions.map((s) => s.date))].sort();
  if (days[0] !== dates.start || days[days.length - 1] !== dates.end) return undefined;
  return days.length <= daysBetween(dates.start, dates.end) ? days : undefined;
}

/**
 * The meeting's sessions, each candidate times pattern laid on its days; while times or zones
 * are disputed, `start` is the earliest start and `end` the latest end among them.
 */
function meetingTimes(
  r: Resolved,
  dates: DateSpan | undefined,
  timeZone: string | undefined,
  zoneCandidates: ZoneValue[],
  uncertain: Meeting['uncertain'],
  said: { days: LocalDate[] | undefined },
): { sessions: Session[]; start: string | undefined; end: string | undefined } {
  const timeEntries = r.times.agreed ? [r.times.agreed] : r.times.live;
  const candidates: Session[][] = [];
  for (const e of timeEntries) candidates.push(layOut(e.value, dates, e.claim, uncertain));
  const sessionsFor = (list: Session[], zone: string | undefined): Session[] =>
    list.map((s) => {
      const out: Session = { ...s };
      delete out.startAt;
      delete out.endAt;
      if (zone && s.start) {
        const a = instant(s.date, s.start, zone);
        if (a) out.startAt = a;
        if (s.end) {
          const b = instant(s.endDate ?? s.date, s.end, zone);
          if (b) out.endAt = b;
        }
      }
      return out;
    });
  const zonesToTry = zoneCandidates.length > 1 ? zoneCandidates.map((z) => z.zone) : [timeZone];
  let start: string | undefined;
  let end: string | undefined;
  let sessions: Session[] = [];
  const consider = (list: Session[]) => {
    const first = list[0];
    const last = list[list.length - 1];
    if (first?.startAt && (!start || DateTime.fromISO(first.startAt) < DateTime.fromISO(start)))
      start = first.startAt;
    const lastEnd = last?.endAt ?? last?.startAt;
    if (lastEnd && (!end || DateTime.fromISO(lastEnd) > DateTime.fromISO(end))) end = lastEnd;
  };
  for (const cand of candidates) {
    for (const zone of zonesToTry) {
      const laid = sessionsFor(cand, zone);
      consider(laid);
      if (sessions.length === 0 || (zone === timeZone && cand === candidates[candidates.length - 1]))
        sessions = laid;
    }
  }
  if (candidates.length === 0 && dates) {
    // Days without times: the meeting occupies whole days in its zone.
    // "on 4 and 6 May": only the days said, never the day between them.
    const n = Math.min(daysBetween(dates.start, dates.end), 62);
    sessions = (said.days ?? Array.from({ length: n + 1 }, (_, k) => addDays(dates.start, k))).map(
      (date) => ({
        date,
        evidence: [],
      }),
    );
    if (timeZone) {
      const a = instant(dates.start, '00:00', timeZone);
      const b = instant(addDays(dates.end, 1), '00:00', timeZone);
      if (a) start = a;
      if (b) end = b;
    }
  }
  if (candidates.length > 0 && !timeZone) {
    uncertain.push({
      field: 'timeZone',
      reason: 'times are known but no time zone is: they are local wall-clock times',
    });
  }
  return { sessions, start, end };
}

/** The title most sources use (the first among equals), else the series and number. */
function meetingTitle(
  claims: MeetingClaim[],
  numbered: MeetingClaim | undefined,
): { title: string; series: string | undefined } {
  const titles = new Map<string, { n: number; first: number }>();
  claims.forEach((c, i) => {
    if (!c.title) return;
    const t = titles.get(c.title.value) ?? { n: 0, first: i };
    t.n++;
    titles.set(c.title.value, t);
  });
  const bestTitle = [...titles.entries()].sort((a, b) => b[1].n - a[1].n || a[1].first - b[1].first)[0]?.[0];
  const series = numbered?.series?.value ?? claims.find((c) => c.series)?.series?.value;
  const title = capitalise(
    bestTitle ??
      (series && numbered?.ordinal ? `${series}-${numbered.ordinal.value}` : (series ?? 'Meeting')),
  );
  return { title, series };
}

/** How many times the reconciled values changed as the claims arrived. */
function revisionOf(claims: MeetingClaim[], r: Resolved): number {
  let revision = 0;
  let previous: string | undefined;
  for (let k = 1; k <= claims.length; k++) {
    const sig = k === claims.length ? signature(r) : signature(resolveAll(claims.slice(0, k)));
    if (previous !== undefined && sig !== previous) revision++;
    previous = sig;
  }
  return revision;
}

/** How far ahead, and how many, occurrences of a recurring meeting are listed. */
const RECURRENCE_WINDOW_DAYS = 183;
const RECURRENCE_LIMIT = 30;

/**
 * The occurrences of a claim's recurring schedule, from the rule's start or the day its
 * source speaks (the core has no clock), over half a year and at most thirty; rules that
 * replaced others in the same source are laid end to end.
 */
function occurrencesOf(c: MeetingClaim): Occurrence[] {
  const rules = c.recurrences ?? (c.recurrence ? [c.recurrence.value] : []);
  const spoken = (c.source.date ?? c.source.seenAt).slice(0, 10);
  const from = [spoken, ...rules.map((r) => r.from).filter((d): d is string => !!d)].sort()[0] as string;
  const window = { from, to: addDays(from, RECURRENCE_WINDOW_DAYS) };
  const all = rules.flatMap((r) => expandRecurrence(r, window, RECURRENCE_LIMIT));
  return all
    .sort((a, b) => (a.startAt ?? a.date).localeCompare(b.startAt ?? b.date))
    .slice(0, RECURRENCE_LIMIT);
}

/**
 * Lays a claim's times onto the meeting's days. When the claim's own days are the
 * meeting's, they are used as they are; when the meeting moved since (a later claim
 * changed the dates but not the times), the times follow by day number.
 */
function layOut(
  sessions: Session[],
  dates: DateSpan | undefined,
  claim: MeetingClaim,
  uncertain: Meeting['uncertain'],
): Session[] {
  const timed = sessions.filter((s) => s.start);
  if (!dates) return timed;
  const inside = timed.every((s) => s.date >= dates.start && s.date <= dates.end);
  if (inside) return timed;
  const days = Math.min(daysBetween(dates.start, dates.end), 62) + 1;
  uncertain.push({
    field: 'times',
    reason: `times taken from ${claim.source.name}, which gave them for ${formatDateSpan(timed[0]?.date as LocalDate, timed[timed.length - 1]?.date as LocalDate)}`,
  });
  // By day number: the sittings of the claim's second day go to the meeting's second day.
  const own = [...new Set(timed.map((s) => s.date))];
  return timed.flatMap((s) => {
    const k = own.indexOf(s.date);
    if (k >= days) return [];
    const date = addDays(dates.start, k);
    const shift = daysBetween(s.date, date);
    const out: Session = { ...s, date };
    if (s.endDate) out.endDate = addDays(s.endDate, shift);
    return [out];
  });
}

function dedupeSources(refs: SourceRef[]): SourceRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    if (seen.has(r.claimId)) return false;
    seen.add(r.claimId);
    return true;
  });
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
