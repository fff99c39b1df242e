import { DateTime } from 'luxon';
import { pairMeetings } from './changes.js';
import { addDays, daysBetween, formatDateSpan, instant } from './dates.js';
import {
  headNoun,
  isBackReference,
  SEASON_DAYS,
  seriesKey,
  slug,
  spellsAcronym,
  titleKey,
} from './identity.js';
import { expandRecurrence } from './recurrence.js';
import type {
  ConflictValue,
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
} from './types.js';
import { formatVenue } from './venue.js';
import { placeByName } from './zones.js';

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

/** When a claim speaks: the document's own date, else when it was seen. Milliseconds. */
export function claimTime(c: MeetingClaim): number {
  const known = timeCache.get(c);
  if (known !== undefined) return known;
  let t = 0;
  for (const s of [c.source.date, c.source.seenAt]) {
    if (!s) continue;
    const dt = DateTime.fromISO(s, { zone: 'UTC' });
    if (dt.isValid) {
      t = dt.toMillis();
      break;
    }
  }
  timeCache.set(c, t);
  return t;
}

// Sorting compares each claim many times; parse its time once.
const timeCache = new WeakMap<MeetingClaim, number>();

/** A total order on claims that does not depend on the order they were given in. */
export function compareClaims(a: MeetingClaim, b: MeetingClaim): number {
  return (
    claimTime(a) - claimTime(b) ||
    (a.revisionKey ?? '').localeCompare(b.revisionKey ?? '') ||
    (a.revision ?? -1) - (b.revision ?? -1) ||
    a.source.seenAt.localeCompare(b.source.seenAt) ||
    a.source.name.localeCompare(b.source.name) ||
    a.id.localeCompare(b.id)
  );
}

/** True when `a` is a newer revision of the same re-published source than `b`. */
function newerRevision(a: MeetingClaim, b: MeetingClaim): boolean {
  if (!a.revisionKey || a.revisionKey !== b.revisionKey) return false;
  if (a.revision !== undefined && b.revision !== undefined && a.revision !== b.revision)
    return a.revision > b.revision;
  const ta = claimTime(a);
  const tb = claimTime(b);
  if (ta !== tb) return ta > tb;
  return a.source.seenAt > b.source.seenAt;
}

function sourceRef(c: MeetingClaim): SourceRef {
  return {
    claimId: c.id,
    kind: c.source.kind,
    name: c.source.name,
    ...(c.source.date ? { date: c.source.date } : {}),
    seenAt: c.source.seenAt,
  };
}

// ------------------------------------------------------------------ clustering

interface Identity {
  series?: string;
  ordinal?: number;
  uid?: string;
  title?: string;
  span?: DateSpan;
}

function identityOf(c: MeetingClaim, canon: Map<string, string>): Identity {
  const series = c.series ? seriesKey(c.series.value) : undefined;
  return {
    ...(series ? { series: canon.get(series) ?? series } : {}),
    ...(c.ordinal ? { ordinal: c.ordinal.value } : {}),
    ...(c.uid ? { uid: c.uid.value } : {}),
    ...(c.title ? { title: titleKey(c.title.value) } : {}),
    ...(c.dates ? { span: c.dates.value } : {}),
  };
}

/**
 * One key per series, whatever name each source used for it. Names are the same series when
 * a document defined one by the other ("Open Ocean Forum (OOF)"), when the written-out name
 * spells the acronym, or when one is a bare back-reference ("the Forum") whose word ends
 * exactly one of the longer names. Returns each series key's canonical key (the smallest of
 * its group, so the result does not depend on the order of the claims).
 */
export function seriesCanon(claims: MeetingClaim[]): Map<string, string> {
  const names = new Map<string, string>();
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r) as string;
    return r;
  };
  const add = (written: string): string => {
    const key = seriesKey(written);
    if (!parent.has(key)) {
      parent.set(key, key);
      names.set(key, written);
    }
    return key;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra < rb) parent.set(rb, ra);
    else if (rb < ra) parent.set(ra, rb);
  };
  for (const c of claims) {
    if (!c.series) continue;
    const k = add(c.series.value);
    for (const alias of c.seriesAliases ?? []) union(k, add(alias));
  }
  if (parent.size < 2) return new Map([...parent.keys()].map((k) => [k, k]));
  const keys = [...parent.keys()].sort();
  const acronyms = keys.filter((k) => /^[A-Z][A-Z0-9+&-]+$/.test(names.get(k) as string));
  for (const k of keys) {
    const written = names.get(k) as string;
    if (!/\s/.test(written)) continue;
    for (const a of acronyms) if (spellsAcronym(written, names.get(a) as string)) union(k, a);
  }
  // "the Platform": joins the one series group whose written-out name ends with that word.
  for (const k of keys) {
    const written = names.get(k) as string;
    if (!isBackReference(written)) continue;
    const word = written.toLowerCase();
    const groups = new Set(
      keys
        .filter((o) => o !== k && /\s/.test(names.get(o) as string))
        .filter((o) => headNoun(names.get(o) as string)?.toLowerCase() === word)
        .map(find),
    );
    if (groups.size === 1) union(k, [...groups][0] as string);
  }
  return new Map(keys.map((k) => [k, find(k)]));
}

class Clusters {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r] as number;
    let k = i;
    while (this.parent[k] !== r) {
      const next = this.parent[k] as number;
      this.parent[k] = r;
      k = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    // The smaller index stays the root, so the result does not depend on call order.
    if (ra < rb) this.parent[rb] = ra;
    else if (rb < ra) this.parent[ra] = rb;
  }
}

/**
 * True when a claim's facts back its joining a group of claims that share its number: the
 * same re-published source, days within `proximity` (within a season when the claim says
 * the meeting was moved), or no days on one side to compare.
 */
function corroborates(
  c: MeetingClaim,
  id: Identity,
  members: number[],
  claims: MeetingClaim[],
  ids: Identity[],
  proximity: number,
): boolean {
  const spans = members.map((k) => (ids[k] as Identity).span).filter((s): s is DateSpan => s !== undefined);
  if (!id.span || spans.length === 0) return true;
  const distance = Math.min(...spans.map((s) => spanDistance(id.span as DateSpan, s)));
  if (distance <= proximity) return true;
  // A re-published source or an explicit "moved to" may move a meeting, within a season.
  const sameSource =
    c.revisionKey !== undefined &&
    members.some((k) => (claims[k] as MeetingClaim).revisionKey === c.revisionKey);
  return (sameSource || c.correction?.value === 'rescheduled') && distance <= SEASON_DAYS;
}

/** Distance in days between two spans (0 when they overlap). */
function spanDistance(a: DateSpan, b: DateSpan): number {
  if (a.end < b.start) return daysBetween(a.end, b.start);
  if (b.end < a.start) return daysBetween(b.end, a.start);
  return 0;
}

/**
 * Groups claims into meetings: same series and number first (two different numbers are
 * never one meeting), then the same calendar UID, then unnumbered claims by series or
 * title and date proximity.
 */
function cluster(claims: MeetingClaim[], proximity: number): number[][] {
  const canon = seriesCanon(claims);
  const ids = claims.map((c) => identityOf(c, canon));
  const uf = new Clusters(claims.length);
  const ordinalKey = (id: Identity) =>
    id.ordinal === undefined ? undefined : `${id.series ?? '?'}#${id.ordinal}`;

  // 1. Series and number.
  const byOrdinal = new Map<string, number>();
  ids.forEach((id, i) => {
    const key = ordinalKey(id);
    if (key === undefined || id.series === undefined) return;
    const first = byOrdinal.get(key);
    if (first === undefined) byOrdinal.set(key, i);
    else uf.union(first, i);
  });
  // A number without a series ("the third meeting") is only a number: it joins a meeting
  // with that number when its own facts corroborate it (same re-published source, days
  // close together, or no days to compare), and only when exactly one meeting fits.
  // Otherwise an announcement of a new "third meeting" would re-time an old one.
  for (let i = 0; i < claims.length; i++) {
    const id = ids[i] as Identity;
    if (id.ordinal === undefined || id.series !== undefined) continue;
    const c = claims[i] as MeetingClaim;
    const roots = new Set<number>();
    for (let k = 0; k < claims.length; k++) {
      const o = ids[k] as Identity;
      if (k === i || o.ordinal !== id.ordinal) continue;
      if (o.series === undefined && k > i) continue;
      if (uf.find(k) === uf.find(i)) continue;
      const members = claims.map((_, j) => j).filter((j) => uf.find(j) === uf.find(k));
      if (corroborates(c, id, members, claims, ids, proximity)) roots.add(uf.find(k));
    }
    if (roots.size === 1) uf.union([...roots][0] as number, i);
  }
  const ordinalOf = (root: number): Set<string> => {
    const out = new Set<string>();
    ids.forEach((id, i) => {
      const key = ordinalKey(id);
      if (key !== undefined && uf.find(i) === root) out.add(key.replace(/^\?/, ''));
    });
    return out;
  };
  const compatible = (a: number, b: number): boolean => {
    const oa = ordinalOf(uf.find(a));
    const ob = ordinalOf(uf.find(b));
    if (oa.size === 0 || ob.size === 0) return true;
    return [...oa].some(
      (k) =>
        ob.has(k) ||
        [...ob].some((x) => x.endsWith(k.slice(k.indexOf('#'))) && (x.startsWith('#') || k.startsWith('#'))),
    );
  };

  // 2. Calendar UID.
  const byUid = new Map<string, number>();
  ids.forEach((id, i) => {
    if (!id.uid) return;
    const first = byUid.get(id.uid);
    if (first === undefined) byUid.set(id.uid, i);
    else if (compatible(first, i)) uf.union(first, i);
  });

  // 3. Unnumbered claims, oldest first: join the nearest meeting of the same series or title.
  for (let i = 0; i < claims.length; i++) {
    const id = ids[i] as Identity;
    if (id.ordinal !== undefined) continue;
    const c = claims[i] as MeetingClaim;
    const rescheduled = c.correction?.value === 'rescheduled';
    let best: { root: number; overlap: boolean; distance: number } | undefined;
    const byRoot = new Map<number, number[]>();
    for (let k = 0; k < claims.length; k++) {
      const root = uf.find(k);
      const list = byRoot.get(root);
      if (list) list.push(k);
      else byRoot.set(root, [k]);
    }
    const own = uf.find(i);
    for (const [root, members] of byRoot) {
      if (root === own) continue;
      // Two occurrences of one recurring calendar event are two meetings of one series.
      if (
        c.occurrenceOf !== undefined &&
        members.some((k) => {
          const o = claims[k] as MeetingClaim;
          return o.occurrenceOf === c.occurrenceOf && o.uid?.value !== c.uid?.value;
        })
      )
        continue;
      // Later unnumbered claims still on their own will look for this one themselves.
      if (members.every((k) => k > i && (ids[k] as Identity).ordinal === undefined)) continue;
      const sameName = members.some((k) => {
        const o = ids[k] as Identity;
        return (
          (id.series !== undefined && o.series === id.series) ||
          (id.title !== undefined && o.title === id.title)
        );
      });
      if (!sameName) continue;
      // Different series on both sides are different bodies, whatever the titles say.
      if (
        id.series &&
        members.every(
          (k) => (ids[k] as Identity).series !== undefined && (ids[k] as Identity).series !== id.series,
        )
      )
        continue;
      const sameSource =
        c.revisionKey !== undefined &&
        members.some((k) => (claims[k] as MeetingClaim).revisionKey === c.revisionKey);
      const spans = members
        .map((k) => (ids[k] as Identity).span)
        .filter((s): s is DateSpan => s !== undefined);
      let distance = Number.POSITIVE_INFINITY;
      if (id.span) for (const s of spans) distance = Math.min(distance, spanDistance(id.span, s));
      const near = id.span !== undefined && distance <= proximity;
      const undatedMatch = !id.span || spans.length === 0;
      // A re-published source or an explicit "moved to" may move a meeting further, within a season.
      const movedNear = (rescheduled || sameSource) && distance <= SEASON_DAYS;
      if (!near && !undatedMatch && !movedNear) continue;
      const candidate = {
        root,
        overlap: distance === 0,
        distance: Number.isFinite(distance) ? distance : 10_000,
      };
      if (
        !best ||
        (candidate.overlap && !best.overlap) ||
        (candidate.overlap === best.overlap && candidate.distance < best.distance) ||
        (candidate.overlap === best.overlap &&
          candidate.distance === best.distance &&
          candidate.root < best.root)
      ) {
        best = candidate;
      }
    }
    if (best && compatible(best.root, i)) uf.union(best.root, i);
  }

  const groups = new Map<number, number[]>();
  for (let i = 0; i < claims.length; i++) {
    const r = uf.find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  return [...groups.values()];
}

// ------------------------------------------------------------------ fields

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
  const parts = timed.map((s) => `${s.start}-${s.end ?? ''}${s.endDate && s.endDate !== s.date ? '+' : ''}`);
  return { key: parts.join(','), display: describeTimes(timed) };
}

/** "14:00-18:00", "10:00-15:00 daily", "10:00-17:00 (days 1-2), 10:00-16:00 (day 3)", "10:00-01:30 (+1 day)". */
export function describeTimes(sessions: Session[]): string {
  const timed = sessions.filter((s) => s.start);
  const one = (s: Session) =>
    `${s.start}${s.end ? `-${s.end}` : ''}${s.endDate && s.endDate !== s.date && s.end !== '00:00' ? ' (+1 day)' : ''}`;
  const labels = timed.map(one);
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

interface Resolved {
  dates: FieldResult<DateSpan>;
  times: FieldResult<Session[]>;
  zone: FieldResult<{ zone: string; basis: ZoneBasis }>;
  venue: FieldResult<Venue>;
  status: FieldResult<MeetingStatus>;
}

function resolveAll(claims: MeetingClaim[]): Resolved {
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
        display: formatDateSpan(d.start, d.end),
        ...(c.dates.uncertain ? { uncertain: c.dates.uncertain } : {}),
      });
    }
    const t = timesPattern(c.sessions);
    if (t) times.push({ claim: c, value: c.sessions, key: t.key, display: t.display });
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
      const v = c.venue.value;
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
function signature(r: Resolved): string {
  const pick = <T>(f: FieldResult<T>) =>
    f.conflict ? `!${f.conflict.values.map((v) => v.value).join('|')}` : (f.agreed?.key ?? '');
  return [pick(r.dates), pick(r.times), pick(r.zone), pick(r.venue), pick(r.status)].join('\u0000');
}

// ------------------------------------------------------------------ meetings

/**
 * Reconciles claims into meetings. Deterministic and independent of the order of
 * `claims`: they are sorted first (by the time each source speaks, then by stable keys).
 */
export function reconcile(claims: MeetingClaim[], options: ReconcileOptions = {}): Schedule {
  const sorted = [...claims].sort(compareClaims);
  const groups = cluster(sorted, options.proximityDays ?? 7);
  const meetings = groups.map((g) =>
    buildMeeting(
      g.map((i) => sorted[i] as MeetingClaim),
      options,
    ),
  );
  // Ids must be unique: a rare collision (two undated meetings with one title) gets a suffix.
  const used = new Map<string, number>();
  for (const m of meetings.sort(compareMeetings)) {
    const n = used.get(m.id) ?? 0;
    used.set(m.id, n + 1);
    if (n > 0) m.id = `${m.id}~${n + 1}`;
  }
  keepCalendarUids(meetings, options.previous);
  return { meetings };
}

function compareMeetings(a: Meeting, b: Meeting): number {
  return (
    (a.dates?.start ?? '9999').localeCompare(b.dates?.start ?? '9999') ||
    (a.start ?? '').localeCompare(b.start ?? '') ||
    a.id.localeCompare(b.id)
  );
}

/** The id a claim would give its meeting on its own. */
function ownId(c: MeetingClaim): string {
  if (c.ordinal) return `${c.series ? seriesKey(c.series.value) : 'meeting'}#${c.ordinal.value}`;
  if (c.uid) return `uid:${c.uid.value}`;
  const name = c.series?.value ?? c.title?.value ?? 'meeting';
  return `${slug(name)}@${c.dates?.value.start ?? 'undated'}`;
}

/**
 * The calendar UID a claim would give its meeting: its own id, with the day for a number
 * without a series (which alone names no meeting for good).
 */
function uidOf(c: MeetingClaim): string {
  const own = ownId(c);
  if (c.ordinal && !c.series) return `${own}@${c.dates?.value.start ?? 'undated'}`;
  return own;
}

/**
 * Settles each meeting's calendar UID. A meeting of the previous schedule keeps the UID it
 * was published under (its id, for schedules published before UIDs were recorded); a new
 * one takes the identity of its first claim, so a meeting first known by its date and
 * later by its number keeps the UID of its date. Two meetings never share a UID: the one
 * announced later gets its first day appended.
 */
function keepCalendarUids(meetings: Meeting[], previous: Schedule | undefined): void {
  const published = new Set<Meeting>();
  if (previous) {
    for (const [a, b] of pairMeetings(previous.meetings, meetings)) {
      a.calendarUid = b.calendarUid ?? b.id;
      published.add(a);
    }
  }
  const taken = new Set<string>();
  const order = [...meetings].sort(
    (a, b) =>
      Number(published.has(b)) - Number(published.has(a)) ||
      a.firstAnnounced.localeCompare(b.firstAnnounced) ||
      a.id.localeCompare(b.id),
  );
  for (const m of order) {
    const base = m.calendarUid ?? m.id;
    let uid = base;
    if (taken.has(uid)) uid = `${base}~${m.dates?.start ?? 'undated'}`;
    for (let k = 2; taken.has(uid); k++) uid = `${base}~${k}`;
    m.calendarUid = uid;
    taken.add(uid);
  }
}

function buildMeeting(claims: MeetingClaim[], options: ReconcileOptions): Meeting {
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

  // Dates: agreed, or the candidate that starts first.
  const dateCandidates = (
    r.dates.agreed
      ? [r.dates.agreed]
      : [...r.dates.live].sort((a, b) => a.value.start.localeCompare(b.value.start))
  ).map((e) => e.value);
  const dates = dateCandidates[0];

  // Times: each candidate pattern laid on the meeting's days.
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
    const n = Math.min(daysBetween(dates.start, dates.end), 62);
    sessions = Array.from({ length: n + 1 }, (_, k) => ({ date: addDays(dates.start, k), evidence: [] }));
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

  // Revision: how many times the reconciled values changed as the claims arrived.
  let revision = 0;
  let previous: string | undefined;
  for (let k = 1; k <= claims.length; k++) {
    const sig = k === claims.length ? signature(r) : signature(resolveAll(claims.slice(0, k)));
    if (previous !== undefined && sig !== previous) revision++;
    previous = sig;
  }

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
  return timed.slice(0, days).map((s, k) => {
    const date = addDays(dates.start, k);
    const shift = daysBetween(s.date, date);
    const out: Session = { ...s, date };
    if (s.endDate) out.endDate = addDays(s.endDate, shift);
    return out;
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
