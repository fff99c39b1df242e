/** The order of claims in time, the source reference each claim gives its meeting, and the id and calendar UID a claim would give it. */
import { DateTime } from 'luxon';
import { seriesKey, slug } from './identity.js';
import type { MeetingClaim, SourceRef } from './types.js';

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
export function newerRevision(a: MeetingClaim, b: MeetingClaim): boolean {
  if (!a.revisionKey || a.revisionKey !== b.revisionKey) return false;
  if (a.revision !== undefined && b.revision !== undefined && a.revision !== b.revision)
    return a.revision > b.revision;
  const ta = claimTime(a);
  const tb = claimTime(b);
  if (ta !== tb) return ta > tb;
  return a.source.seenAt > b.source.seenAt;
}

export function sourceRef(c: MeetingClaim): SourceRef {
  return {
    claimId: c.id,
    kind: c.source.kind,
    name: c.source.name,
    ...(c.source.date ? { date: c.source.date } : {}),
    seenAt: c.source.seenAt,
  };
}

/** The id a claim would give its meeting on its own. */
export function ownId(c: MeetingClaim): string {
  if (c.ordinal) return `${c.series ? seriesKey(c.series.value) : 'meeting'}#${c.ordinal.value}`;
  if (c.uid) return `uid:${c.uid.value}`;
  const name = c.series?.value ?? c.title?.value ?? 'meeting';
  return `${slug(name)}@${c.dates?.value.start ?? 'undated'}`;
}

/**
 * The calendar UID a claim would give its meeting: its own id, with the day for a number
 * without a series (which alone names no meeting for good).
 */
export function uidOf(c: MeetingClaim): string {
  const own = ownId(c);
  if (c.ordinal && !c.series) return `${own}@${c.dates?.value.start ?? 'undated'}`;
  return own;
}
