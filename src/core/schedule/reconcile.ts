import { pairMeetings } from './changes.js';
import { compareClaims } from './claim-order.js';
import { cluster } from './reconcile-cluster.js';
import { buildMeeting, type ReconcileOptions } from './reconcile-meeting.js';
import type { Meeting, MeetingClaim, Schedule } from './types.js';

export type { ReconcileOptions };

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
