import { daysBetween, formatDateSpan } from './calendar.js';
import { SEASON_DAYS, titleKey } from './identity.js';
import type { FieldConflict, Meeting, MeetingField, Schedule, ScheduleChange } from './types.js';
import { formatVenue, sameVenue } from './venue.js';
import { describeWhen, formatDays, meetingDays } from './wording.js';

/**
 * Changes between two reconciled schedules. Meetings are paired by id, then by the ids
 * they had with less information (`aliases`: an unnumbered "TBD meeting" that later got
 * its number is the same meeting). Each aspect has its own small checker; the change list
 * is their union, in a stable order.
 *
 * A meeting that is no longer mentioned is NOT reported as cancelled: only an explicit
 * cancellation is. Values are human-ready; `before: null` means the field was not known.
 */
export function diffSchedules(before: Schedule, after: Schedule): ScheduleChange[] {
  const changes: ScheduleChange[] = [];
  const pairs = pairMeetings(before.meetings, after.meetings);
  for (const a of after.meetings) {
    const b = pairs.get(a);
    for (const check of CHECKERS) changes.push(...check(b, a));
  }
  return changes;
}

type Checker = (before: Meeting | undefined, after: Meeting) => ScheduleChange[];

function change(
  kind: ScheduleChange['kind'],
  m: Meeting,
  field: ScheduleChange['field'],
  before: string | null,
  after: string | null,
): ScheduleChange {
  return { kind, meetingId: m.id, meeting: m.title, field, before, after };
}

const disputed = (m: Meeting | undefined, f: MeetingField) => m?.disputed.includes(f) ?? false;

/** A meeting that is new, or that had no dates before. */
const added: Checker = (b, a) => {
  if (!a.dates) return [];
  if (b?.dates) return [];
  return [change('added', a, b ? 'dates' : 'meeting', null, summary(a))];
};

const status: Checker = (b, a) => {
  if (!b || b.status === a.status) return [];
  const kind = a.status === 'cancelled' ? 'cancelled' : a.status === 'postponed' ? 'postponed' : 'reinstated';
  return [change(kind, a, 'status', b.status, a.status)];
};

const dates: Checker = (b, a) => {
  if (!b?.dates || !a.dates || disputed(a, 'dates') || disputed(b, 'dates')) return [];
  if (b.dates.start === a.dates.start && b.dates.end === a.dates.end) return [];
  return [
    change(
      'moved',
      a,
      'dates',
      formatDays(meetingDays(b)) || formatDateSpan(b.dates.start, b.dates.end),
      formatDays(meetingDays(a)) || formatDateSpan(a.dates.start, a.dates.end),
    ),
  ];
};

const times: Checker = (b, a) => {
  if (!b?.dates || !a.times || disputed(a, 'times') || disputed(b, 'times')) return [];
  if (b.times === a.times) return [];
  return [change('retimed', a, 'times', b.times ? withZone(b.times, b) : null, withZone(a.times, a))];
};

/** A changed zone moves the meeting in absolute time even when the clock times stay. */
const zone: Checker = (b, a) => {
  if (!b?.dates || !b.timeZone || !a.timeZone || disputed(a, 'timeZone') || disputed(b, 'timeZone'))
    return [];
  if (b.timeZone === a.timeZone) return [];
  // Only for the same clock times: a zone that follows a new venue or new times is said by those checkers.
  if (!b.times || b.times !== a.times) return [];
  if (!b.start || !a.start || (b.start === a.start && b.end === a.end)) return [];
  // Same instants in a renamed zone are not a change anyone needs to hear about.
  if (Date.parse(b.start) === Date.parse(a.start) && Date.parse(b.end ?? '') === Date.parse(a.end ?? ''))
    return [];
  return [
    change(
      'retimed',
      a,
      'timeZone',
      `${b.timeZone} (starts ${b.start})`,
      `${a.timeZone} (starts ${a.start})`,
    ),
  ];
};

const venue: Checker = (b, a) => {
  if (!b?.dates || !a.venue || disputed(a, 'venue') || disputed(b, 'venue')) return [];
  if (b.venue && sameVenue(b.venue, a.venue)) return [];
  return [change('venue-changed', a, 'venue', b.venue ? formatVenue(b.venue) : null, formatVenue(a.venue))];
};

const conflicts: Checker = (b, a) => {
  const out: ScheduleChange[] = [];
  const before = new Map((b?.conflicts ?? []).map((c) => [c.field, c]));
  for (const c of a.conflicts) {
    const old = before.get(c.field);
    if (old && describeConflict(old) === describeConflict(c)) continue;
    out.push(change('conflict-opened', a, c.field, old ? describeConflict(old) : null, describeConflict(c)));
  }
  for (const old of b?.conflicts ?? []) {
    if (a.conflicts.some((c) => c.field === old.field)) continue;
    const settled = a.settlements.find((s) => s.field === old.field);
    const now = settled ? `${settled.value} (settled by ${settled.settledBy.name})` : 'no longer disputed';
    out.push(change('conflict-settled', a, old.field, describeConflict(old), now));
  }
  return out;
};

/** A recurring meeting whose rule, clock times or zone changed ("from May the call moves to Tuesdays"). */
const recurrence: Checker = (b, a) => {
  if (!b?.recurrence || !a.recurrence) return [];
  const text = (m: Meeting) => {
    const r = m.recurrence as NonNullable<Meeting['recurrence']>;
    return [
      r.rrule,
      r.start ? `${r.start}${r.end ? `-${r.end}` : ''}` : '',
      r.timeZone ?? '',
      r.from ? `from ${r.from}` : '',
      r.cancelled?.length ? `except ${r.cancelled.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' ');
  };
  const before = text(b);
  const after = text(a);
  if (before === after) return [];
  const cancelledOnly =
    b.recurrence.rrule === a.recurrence.rrule &&
    b.recurrence.start === a.recurrence.start &&
    b.recurrence.timeZone === a.recurrence.timeZone &&
    (a.recurrence.cancelled?.length ?? 0) > (b.recurrence.cancelled?.length ?? 0);
  return [
    change(cancelledOnly ? 'cancelled' : 'retimed', a, cancelledOnly ? 'status' : 'times', before, after),
  ];
};

const CHECKERS: Checker[] = [added, status, dates, times, zone, venue, recurrence, conflicts];

/** "14:00-16:00 (invitation.pdf) vs 14:00-18:00 (mpp6.html)". */
export function describeConflict(c: FieldConflict): string {
  return c.values.map((v) => `${v.value} (${v.sources.map((s) => s.name).join(', ')})`).join(' vs ');
}

function withZone(t: string, m: Meeting): string {
  return m.timeZone ? `${t} ${m.timeZone}` : t;
}

/** "9 June 2014, 14:00-18:00 Europe/Zurich, ITU Headquarters, Geneva"; "19, 20 and 26 May 2020, ...". */
export function summary(m: Meeting): string {
  const parts: string[] = [];
  // A postponed meeting is not held on the days it had: they are said as what it was.
  const postponed = m.status === 'postponed';
  if (postponed) parts.push(m.dates ? `postponed (was ${describeWhen(m)})` : 'postponed');
  else if (m.dates) parts.push(describeWhen(m));
  if (m.venue) parts.push(formatVenue(m.venue));
  if (m.status !== 'scheduled' && !postponed) parts.push(m.status);
  return parts.join(', ');
}

/** Pairs each meeting of `after` with its meeting in `before`, by id and then by aliases. */
export function pairMeetings(before: Meeting[], after: Meeting[]): Map<Meeting, Meeting> {
  const pairs = new Map<Meeting, Meeting>();
  const taken = new Set<Meeting>();
  const byId = new Map(before.map((m) => [m.id, m]));
  for (const a of after) {
    const b = byId.get(a.id);
    if (b && !taken.has(b) && plausiblySame(b, a)) {
      pairs.set(a, b);
      taken.add(b);
    }
  }
  for (const a of after) {
    if (pairs.has(a)) continue;
    const names = new Set([a.id, ...a.aliases]);
    const b = before.find(
      (m) => !taken.has(m) && (names.has(m.id) || m.aliases.some((x) => names.has(x))) && plausiblySame(m, a),
    );
    if (b) {
      pairs.set(a, b);
      taken.add(b);
    }
  }
  // Unnumbered meetings with the same title, when the title is unambiguous on both sides:
  // "WSIS+10 High-Level Event" in April and in June is one event that moved.
  const key = (m: Meeting) => (m.ordinal === undefined && !m.uid ? titleKey(m.title) : undefined);
  for (const a of after) {
    const k = key(a);
    if (pairs.has(a) || !k) continue;
    const mine = after.filter((x) => !pairs.has(x) && key(x) === k);
    const theirs = before.filter((x) => !taken.has(x) && key(x) === k);
    if (mine.length === 1 && theirs.length === 1 && plausiblySame(theirs[0] as Meeting, a)) {
      pairs.set(a, theirs[0] as Meeting);
      taken.add(theirs[0] as Meeting);
    }
  }
  pairRetitled(before, after, pairs, taken);
  return pairs;
}

/**
 * A source read again by a reader that names meetings otherwise (a title from a sentence
 * instead of the file name, without its leading article): the id, made from the title,
 * changes while the meeting does not. The one unpaired meeting on the same days from the
 * same source on each side is that meeting, so a re-read never reports it added.
 */
function pairRetitled(
  before: Meeting[],
  after: Meeting[],
  pairs: Map<Meeting, Meeting>,
  taken: Set<Meeting>,
): void {
  const weak = (m: Meeting) => m.ordinal === undefined && m.uid === undefined && m.dates !== undefined;
  const same = (x: Meeting, y: Meeting) =>
    x.dates?.start === y.dates?.start &&
    x.dates?.end === y.dates?.end &&
    x.sources.some((s) => y.sources.some((t) => t.name === s.name && t.kind === s.kind));
  for (const a of after) {
    if (pairs.has(a) || !weak(a)) continue;
    const theirs = before.filter((b) => !taken.has(b) && weak(b) && same(b, a));
    const mine = after.filter((x) => !pairs.has(x) && weak(x) && same(x, a));
    if (theirs.length === 1 && mine.length === 1) {
      pairs.set(a, theirs[0] as Meeting);
      taken.add(theirs[0] as Meeting);
    }
  }
}

/**
 * Whether two meetings paired by a weak identity (a number without a series, a title, a
 * date-based id) can be one meeting: a series and number or a calendar UID is trusted as
 * it is; otherwise their days must lie within a season of each other. Pairing a new
 * "third meeting" with last year's would send a false "moved" alert to every channel.
 */
function plausiblySame(b: Meeting, a: Meeting): boolean {
  if ((a.series !== undefined && a.ordinal !== undefined) || a.uid !== undefined) return true;
  if (!a.dates || !b.dates) return true;
  const gap =
    a.dates.start > b.dates.end
      ? daysBetween(b.dates.end, a.dates.start)
      : b.dates.start > a.dates.end
        ? daysBetween(a.dates.end, b.dates.start)
        : 0;
  return gap <= SEASON_DAYS;
}
