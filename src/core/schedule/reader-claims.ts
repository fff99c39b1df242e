/** Segments turned into claims: dates checked against the daily times, the zone weighed against the venue, sessions merged per day. */

import { bodyPlace } from './bodies.js';
import { addDays, daysBetween, formatDateSpan, instant } from './calendar.js';
import { findCityAfterIn, findGazetteerPlaces } from './gazetteer.js';
import { stableHash } from './hash.js';
import { seriesKey } from './identity.js';
import { findPlaces, placeByName } from './places.js';
import type { ReaderCore } from './reader-core.js';
import { underHeading } from './reader-title.js';
import type { DateFact, Located, RawSession, Segment } from './reader-types.js';
import { claimVenue } from './reader-venue.js';
import { expand, fromMinutes, joinReasons, toMinutes, within } from './text-rules.js';
import type { DateSpan, Evidence, Fact, LocalDate, MeetingClaim, Session, ZoneValue } from './types.js';
import { offsetOn, resolveZone } from './zones.js';

/**
 * The words that give the first and the last day of the sessions: the date itself where the
 * text writes it (a day heading above its times), else the last thing a session cites.
 */
function dayEvidence(sessions: Session[], first: LocalDate, last: LocalDate): Evidence[] {
  const out: Evidence[] = [];
  for (const day of first === last ? [first] : [first, last]) {
    const own = sessions.filter((s) => s.date === day);
    const written = own.flatMap((s) => s.evidence).find((e) => !TIME_TEXT.test(e.text));
    const e = written ?? own[0]?.evidence[own[0].evidence.length - 1];
    if (e && !out.includes(e)) out.push(e);
  }
  return out;
}

/** Evidence that is a time of day ("10:00 - 13:00", "3 p.m."), not a date. */
const TIME_TEXT = /^\s*\d{1,2}(?:[:.h]\d{2})?\s*(?:[-\u2013\u2014]|to\b|until\b|[ap]\.?m\b|h\b|$)/i;

export function buildClaims(rd: ReaderCore): MeetingClaim[] {
  const claims: MeetingClaim[] = [];
  const prefix = stableHash(
    [
      rd.source.name,
      rd.source.revisionKey ?? '',
      rd.source.revision ?? '',
      rd.source.date ?? '',
      rd.source.seenAt,
    ].join('|'),
  );
  const hasOthers = [...rd.segments.values()].some(
    (s) => s !== rd.main && (s.headerDates.length > 0 || s.sessions.length > 0),
  );
  for (const seg of [...rd.segments.values()].sort((a, b) => a.order - b.order)) {
    const dated = seg.headerDates.length > 0 || seg.sessions.some((s) => s.dates !== 'header');
    const identified =
      seg.series !== undefined || seg.ordinal !== undefined || seg.tbd || seg.title !== undefined;
    if (!identified) continue;
    // In a list of meetings, the list's own heading is not a meeting, even numbered ("..., 61st session").
    if (seg === rd.main && !dated && hasOthers && !seg.status) continue;
    if (seg === rd.main && rd.mainSplit && !seg.sessions.some((s) => s.start !== undefined)) continue;
    const claim = buildClaim(rd, seg, prefix);
    if (!claim) continue;
    // "First informal" under "Informal consultations on draft resolution X": which one of what.
    const titled = seg !== rd.main && claim.title ? underHeading(rd, claim.title.value) : undefined;
    if (claim.title && titled) claim.title = { ...claim.title, value: titled };
    if (!claim.dates && !claim.status) {
      rd.diag(
        'schedule.no-date',
        'info',
        0,
        `No date was found for "${claim.title?.value ?? 'the meeting'}".`,
      );
    }
    claims.push(claim);
  }
  return claims;
}

export function buildClaim(rd: ReaderCore, seg: Segment, prefix: string): MeetingClaim | undefined {
  const key = seg.ordinal ? `${seg.series ? seriesKey(seg.series.value) : ''}#${seg.ordinal.value}` : seg.key;
  const claim: MeetingClaim = { id: `${prefix}:${key}`, source: rd.source, sessions: [] };
  if (rd.source.revisionKey) claim.revisionKey = rd.source.revisionKey;
  if (rd.source.revision !== undefined) claim.revision = rd.source.revision;
  if (seg.title) claim.title = fact(seg.title);
  if (seg.series) claim.series = fact(seg.series);
  else if (rd.mainSeries && (seg.ordinal || seg.tbd)) claim.series = { value: rd.mainSeries, evidence: [] };
  if (seg.ordinal) claim.ordinal = fact(seg.ordinal);
  if (seg.status) claim.status = fact(seg.status);
  if (seg.correction) claim.correction = fact(seg.correction);
  if (seg.changedFrom || seg.changedStart)
    claim.changedFrom = {
      value: {
        ...(seg.changedFrom ? { dates: seg.changedFrom.value } : {}),
        ...(seg.changedStart ? { start: seg.changedStart.value } : {}),
      },
      evidence: [seg.changedFrom?.evidence, seg.changedStart?.evidence].filter((e): e is Evidence => !!e),
    };

  const venue = claimVenue(rd, seg);
  if (venue) claim.venue = venue;

  // Dates: the meeting's days, checked against the days that carry times.
  const sessions = mergeSessions(rd, seg, seg.headerDates[0]);
  const dates = claimDates(rd, seg, sessions);
  if (dates) claim.dates = dates;
  // "postponed until further notice": the days it had are its previous days, not where it now is.
  if (claim.status?.value === 'postponed' && dates && !claim.changedFrom?.value.dates)
    claim.changedFrom = {
      value: { ...claim.changedFrom?.value, dates: dates.value },
      evidence: [...(claim.changedFrom?.evidence ?? []), ...dates.evidence],
    };
  claimZone(rd, seg, claim, sessions, dates);
  claim.sessions = sessions;
  if (!claim.title && claim.series && claim.ordinal)
    claim.title = {
      value: `${claim.series.value}-${claim.ordinal.value}`,
      evidence: claim.ordinal.evidence,
    };
  return claim;
}

/**
 * The meeting's days: the first dates line, checked against the other dates lines and the
 * days that carry times (daily times far outside the dates line are dropped from `sessions`).
 */
function claimDates(rd: ReaderCore, seg: Segment, sessions: Session[]): Fact<DateSpan> | undefined {
  const header = seg.headerDates[0];
  for (const other of seg.headerDates.slice(1)) {
    if (
      header &&
      (other.span.start !== header.span.start || other.span.end !== header.span.end) &&
      !within(other.span, header.span)
    ) {
      rd.diagEvidence(
        other.evidence,
        'schedule.dates-disagree',
        'warning',
        `This document gives two different dates for the meeting: "${header.evidence.text}" and "${other.evidence.text}"; the first is used.`,
      );
    }
  }
  const sessionDays = [...new Set(sessions.map((s) => s.date))].sort();
  let dates: Fact<DateSpan> | undefined;
  if (header) {
    dates = {
      value: header.span,
      evidence: [header.evidence],
      ...(header.uncertain ? { uncertain: header.uncertain } : {}),
    };
    const outside = sessionDays.filter((d) => d < header.span.start || d > header.span.end);
    if (outside.length > 0) {
      const far = outside.some(
        (d) =>
          Math.min(Math.abs(daysBetween(d, header.span.start)), Math.abs(daysBetween(d, header.span.end))) >
          7,
      );
      const firstDay = sessionDays[0] as LocalDate;
      const lastDay = sessionDays[sessionDays.length - 1] as LocalDate;
      const said = `the dates line says ${formatDateSpan(header.span.start, header.span.end)} but the daily times list ${formatDateSpan(firstDay, lastDay)}`;
      if (far) {
        dates.uncertain = joinReasons(dates.uncertain, `${said}; the daily times were not used`);
        for (let k = sessions.length - 1; k >= 0; k--) {
          const s = sessions[k] as Session;
          if (s.date < header.span.start || s.date > header.span.end) sessions.splice(k, 1);
        }
      } else {
        dates = {
          value: {
            start: [firstDay, header.span.start].sort()[0] as LocalDate,
            end: [lastDay, header.span.end].sort()[1] as LocalDate,
          },
          evidence: [header.evidence, ...(sessions[0]?.evidence.slice(0, 1) ?? [])],
          uncertain: joinReasons(header.uncertain, `${said}; used the daily times`),
        };
      }
      rd.diagEvidence(header.evidence, 'schedule.dates-disagree', 'warning', `In this document ${said}.`);
    }
  } else if (sessionDays.length > 0) {
    const firstDay = sessionDays[0] as LocalDate;
    const lastDay = sessionDays[sessionDays.length - 1] as LocalDate;
    dates = {
      value: { start: firstDay, end: lastDay },
      evidence: dayEvidence(sessions, firstDay, lastDay),
    };
  }
  return dates;
}

/** The zone: what the text said, weighed against the venue; and each session's instants in it. */
function claimZone(
  rd: ReaderCore,
  seg: Segment,
  claim: MeetingClaim,
  sessions: Session[],
  dates: Fact<DateSpan> | undefined,
): void {
  const refDay = sessions.find((s) => s.start)?.date ?? dates?.value.start;
  const ownZone =
    claim.venue?.value.timeZone ??
    (claim.venue?.value.formerCity ? placeByName(claim.venue.value.formerCity)?.zone : undefined);
  // A venue without a known place ("the council chamber") leaves the document's own place to speak;
  // a room alone ("Room 12") is in the place the document names.
  const placeless = !claim.venue || (claim.venue.value.mode !== 'remote' && !claim.venue.value.city);
  const docPlace = ownZone ? undefined : placeless ? (documentPlace(rd) ?? bodyZone(rd)) : bodyZone(rd);
  const venueZone = ownZone ?? docPlace?.zone;
  // A meeting listed without a zone of its own takes the one said of all times ("All times are CET").
  const statements =
    seg.zones.length > 0 || seg === rd.main ? seg.zones : rd.main.zones.filter((z) => z.wide);
  const primary =
    statements.find(
      (s) =>
        s.statement.iana || s.statement.offset !== undefined || s.statement.family || s.statement.cityZone,
    ) ?? statements[0];
  for (const s of statements) {
    if (s.statement.invalidIana) {
      rd.diagEvidence(
        s.evidence,
        'schedule.zone-invalid',
        'warning',
        `"${s.statement.invalidIana}" is not a known IANA time zone.`,
      );
    }
  }
  const hasTimes = sessions.some((s) => s.start);
  const resolved = resolveZone(primary?.statement, refDay, venueZone, rd.options.defaultTimeZone);
  if (resolved) {
    const value: ZoneValue = {
      zone: resolved.zone,
      basis: resolved.basis,
      ...(resolved.stated ? { stated: resolved.stated } : {}),
      // A zone the text did not state is marked as inferred (from the venue or the default).
      ...(resolved.basis === 'venue' || resolved.basis === 'default' ? { inferred: true } : {}),
    };
    let uncertain = resolved.uncertain;
    if (resolved.basis === 'venue' && docPlace && !ownZone)
      uncertain = joinReasons(
        uncertain,
        docPlace.reason ?? `inferred from "${docPlace.evidence.text}", the only place the document names`,
      );
    for (const s of statements) {
      if (s === primary) continue;
      const other = resolveZone(s.statement, refDay, venueZone, undefined);
      if (other && other.zone !== resolved.zone && other.basis !== 'venue') {
        const note = `the document also says "${s.statement.text}" (${other.zone})`;
        uncertain = joinReasons(uncertain, note);
        rd.diagEvidence(
          s.evidence,
          'schedule.zone-mismatch',
          'warning',
          `This document gives two time zones: "${primary?.statement.text}" and "${s.statement.text}".`,
        );
        break;
      }
    }
    claim.zone = {
      value,
      evidence:
        primary && resolved.basis !== 'venue' && resolved.basis !== 'default'
          ? [primary.evidence]
          : docPlace && !ownZone && resolved.basis === 'venue'
            ? [docPlace.evidence]
            : (claim.venue?.evidence ?? []),
      ...(uncertain ? { uncertain } : {}),
    };
    // A stated zone that is not the venue's ("ET" for a meeting in Redmond) is kept, and flagged.
    if (
      claim.venue?.value.mode === 'in-person' &&
      venueZone &&
      refDay &&
      (resolved.basis === 'abbreviation' || resolved.basis === 'offset' || resolved.basis === 'iana') &&
      offsetOn(venueZone, refDay) !== offsetOn(resolved.zone, refDay)
    ) {
      const note = `the stated zone "${resolved.stated ?? resolved.zone}" is not the zone of ${claim.venue.value.city ?? 'the venue'} (${venueZone}); used as stated`;
      uncertain = joinReasons(uncertain, note);
      if (primary)
        rd.diagEvidence(primary.evidence, 'schedule.zone-venue-mismatch', 'warning', `Time zone: ${note}.`);
    }
    if (uncertain) claim.zone.uncertain = uncertain;
    if (resolved.problem && resolved.problem !== 'zone-default' && primary) {
      rd.diagEvidence(
        primary.evidence,
        `schedule.${resolved.problem}`,
        'warning',
        `Time zone: ${resolved.uncertain}.`,
      );
    }
    if (resolved.problem === 'zone-default' && hasTimes) {
      const firstTime = sessions.find((s) => s.start);
      if (firstTime)
        rd.diagEvidence(
          firstTime.evidence[0] as Evidence,
          'schedule.zone-default',
          'info',
          `No time zone is stated for "${firstTime.evidence[0]?.text}" and the venue is unknown; the default ${resolved.zone} was used.`,
        );
    }
  } else if (hasTimes) {
    const firstTime = sessions.find((s) => s.start);
    if (firstTime) {
      rd.diagEvidence(
        firstTime.evidence[0] as Evidence,
        'schedule.zone-unknown',
        'warning',
        `No time zone is stated for "${firstTime.evidence[0]?.text}" and the venue's zone is unknown; times are kept as local wall-clock times. Pass --tz or state the zone.`,
      );
    }
  }
  const zone = claim.zone?.value.zone;
  for (const s of sessions) {
    if (!zone || !s.start) continue;
    const start = instant(s.date, s.start, zone);
    if (start) s.startAt = start;
    if (s.end) {
      const endDay = s.endDate ?? s.date;
      const end = instant(endDay, s.end, zone);
      if (end) s.endAt = end;
    }
  }
}

/**
 * The one place a document names, for a meeting whose venue line names none ("gather in
 * Boston, Massachusetts", "IETF 109 Bangkok" in the first sentence). Cities of the venue
 * table and of the gazetteer count; when they point to more than one time zone, nothing
 * is inferred.
 */
export function documentPlace(
  rd: ReaderCore,
): { zone: string; evidence: Evidence; reason?: string } | undefined {
  if (rd.docPlaceCache !== undefined) return rd.docPlaceCache ?? undefined;
  let found: { zone: string; evidence: Evidence } | undefined;
  const zones = new Set<string>();
  for (const u of rd.units) {
    if (u.excludedSection || u.ancestors.includes('exclude')) continue;
    if (!/\p{Lu}/u.test(u.text)) continue;
    // A place where something happens ("in Boston", "at the hall, Limassol, Cyprus",
    // "IETF 109 Bangkok"), not a name used as an adjective ("the Nairobi Summit").
    const where = (index: number, qualified: boolean) =>
      qualified || PLACE_LEAD.test(u.text.slice(Math.max(0, index - 24), index));
    const all = [
      ...findPlaces(u.text).map((p) => ({
        zone: p.place.zone,
        index: p.index,
        length: p.length,
        ok: where(p.index, false),
      })),
      ...findGazetteerPlaces(u.text, 500_000, rd.doc.text).map((p) => ({
        zone: p.place.zone,
        index: p.index,
        length: p.length,
        ok: where(p.index, p.qualified),
      })),
      // "in Annecy": a smaller city after "in", where the phrase ends.
      ...findCityAfterIn(u.text).map((p) => ({
        zone: p.place.zone,
        index: p.index,
        length: p.length,
        ok: true,
      })),
    ].sort((a, b) => a.index - b.index);
    // "in Nairobi or Geneva": a place joined to a place where something happens is one too.
    for (let k = 1; k < all.length; k++) {
      const a = all[k - 1] as (typeof all)[number];
      const b = all[k] as (typeof all)[number];
      if (a.ok && !b.ok && JOINED_PLACE.test(u.text.slice(a.index + a.length, b.index))) b.ok = true;
    }
    const hits = all.filter((h) => h.ok);
    for (const h of hits) {
      zones.add(h.zone);
      found ??= { zone: h.zone, evidence: rd.evidence(u, h.index, h.length) };
    }
    if (zones.size > 1) break;
  }
  rd.docPlaceCache = zones.size === 1 && found ? found : null;
  return rd.docPlaceCache ?? undefined;
}

/** What joins a second place to the first as its equal: "and", "or", "&", "/", perhaps "in" again. */
const JOINED_PLACE = /^\s*,?\s*(?:and|or|&|\/)\s+(?:(?:in|at)\s+)?$/i;

/**
 * Per-day sessions: every time given for a day, merged into that day's first start and last
 * end; but sittings of one day that do not overlap (table rows, "from 10:00 to 13:00 and from
 * 15:00 to 18:00") stay sessions of their own, the break between them kept.
 */
export function mergeSessions(rd: ReaderCore, seg: Segment, header: DateFact | undefined): Session[] {
  const byDay = new Map<LocalDate, DaySpans>();
  // "on 4 and 6 May": days apart with no hours are still its only days, each a session without times.
  const raws: RawSession[] =
    seg.sessions.length === 0 && header?.days
      ? [{ dates: header.days, overnight: false, evidence: [header.evidence] }]
      : seg.sessions;
  for (const raw of raws) {
    const days =
      raw.dates === 'header'
        ? header
          ? (header.days ?? expand(header.span.start, header.span.end))
          : []
        : raw.dates;
    for (const day of days) {
      let s = byDay.get(day);
      if (!s) {
        s = { date: day, evidence: [], spans: [] };
        byDay.set(day, s);
      }
      for (const e of raw.evidence)
        if (!s.evidence.some((x) => x.offset === e.offset && x.text === e.text)) s.evidence.push(e);
      if (!raw.start) continue;
      const a = toMinutes(raw.start);
      let b = raw.end ? toMinutes(raw.end) : a;
      if (raw.overnight || raw.end === '24:00') b += raw.end === '24:00' ? 0 : 24 * 60;
      if (raw.endDays) b = toMinutes(raw.end ?? raw.start) + raw.endDays * 24 * 60;
      if (raw.end === '24:00') b = 24 * 60;
      s.spans.push({ a, b, sitting: raw.sitting === true, evidence: raw.evidence, uncertain: raw.uncertain });
    }
  }
  const out: Session[] = [];
  for (const s of [...byDay.values()].sort((a, b) => (a.date < b.date ? -1 : 1))) {
    const apart = sittingsApart(s.spans);
    if (apart) {
      apart.forEach((x, k) => {
        const evidence =
          k === 0 ? [...x.evidence, ...s.evidence.filter((e) => !x.evidence.includes(e))] : x.evidence;
        out.push(sessionOf(s.date, evidence, [x]));
      });
    } else out.push(sessionOf(s.date, s.evidence, s.spans));
  }
  // Said once per reading, where the time is written.
  const told = new Set<string>();
  for (const s of out) {
    if (!s.uncertain || told.has(s.uncertain) || !s.evidence[0]) continue;
    told.add(s.uncertain);
    rd.diagEvidence(s.evidence[0], 'schedule.time-assumed', 'info', `${s.uncertain}.`);
  }
  return out;
}

interface DaySpans {
  date: LocalDate;
  evidence: Evidence[];
  spans: { a: number; b: number; sitting: boolean; evidence: Evidence[]; uncertain?: string | undefined }[];
}

/** Two sittings or more of one day, each with an end and none overlapping the next: in order; else undefined. */
function sittingsApart(spans: DaySpans['spans']): DaySpans['spans'] | undefined {
  if (spans.length < 2 || !spans.every((x) => x.sitting && x.b > x.a)) return undefined;
  const sorted = [...spans].sort((x, y) => x.a - y.a || x.b - y.b);
  // The same sitting said twice (a table and a sentence) is one.
  const unique = sorted.filter((x, k) => k === 0 || x.a !== sorted[k - 1]?.a || x.b !== sorted[k - 1]?.b);
  if (unique.length < 2) return undefined;
  for (let k = 1; k < unique.length; k++)
    if ((unique[k]?.a ?? 0) <= (unique[k - 1]?.b ?? 0)) return undefined;
  return unique;
}

/** A session of `date` from the first start to the last end of `spans` (past midnight onto the next days). */
function sessionOf(date: LocalDate, evidence: Evidence[], spans: DaySpans['spans']): Session {
  const minutes = spans.flatMap((x) => [x.a, x.b]);
  // "9 o'clock" read as a morning hour: the session is only as sure as its times.
  const reason = [...new Set(spans.map((x) => x.uncertain))].filter(Boolean).join('; ');
  const session: Session = { date, evidence, ...(reason ? { uncertain: reason } : {}) };
  if (minutes.length > 0) {
    const a = Math.min(...minutes);
    const b = Math.max(...minutes);
    session.start = fromMinutes(a);
    if (b > a) {
      session.end = fromMinutes(b % (24 * 60));
      if (b >= 24 * 60) session.endDate = addDays(date, Math.floor(b / (24 * 60)));
    }
  }
  return session;
}

function fact<T>(l: Located<T>): Fact<T> {
  return { value: l.value, evidence: [l.evidence] };
}

/** What comes before a city named as the place of something: "in", "at", a town hall ("Rathaus Leipzig"), a bullet, a comma, a number. */
const PLACE_LEAD =
  /(?:\b(?:in|at|near|à|en|au|im|in der|bei)\s+(?:the\s+)?|\b(?:city|town|ciudad|ville|villa|stadt|municipio) (?:of|de|del)\s+|\b(?:rathaus|stadthaus|city hall|town hall|h[ôo]tel de ville|mairie|ayuntamiento|palacio municipal)\s+(?:(?:of|de|du|del|von)\s+)?|[•|,\u2013-]\s*|\d\s+)$/i;

/**
 * The zone of the body the document names ("Der Gemeinderat tagt ...", a table of sessions
 * "del HCD"), when it meets only in one country with one zone; the first unit naming it is
 * the evidence.
 */
function bodyZone(rd: ReaderCore): { zone: string; evidence: Evidence; reason: string } | undefined {
  if (rd.bodyCache !== undefined) return rd.bodyCache ?? undefined;
  const found = bodyPlace(rd.doc.text);
  let out: { zone: string; evidence: Evidence; reason: string } | undefined;
  if (found) {
    const start = found.index;
    out = {
      zone: found.zone,
      evidence: rd.evidenceRange(start, start + found.length, undefined),
      reason: found.reason,
    };
  }
  rd.bodyCache = out ?? null;
  return out;
}
