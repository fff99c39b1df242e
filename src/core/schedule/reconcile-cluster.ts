/** Which claims are one meeting: series names unified, then number, calendar UID, and date proximity. */
import { daysBetween } from './calendar.js';
import { headNoun, isBackReference, SEASON_DAYS, seriesKey, spellsAcronym, titleKey } from './identity.js';
import type { DateSpan, MeetingClaim } from './types.js';

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

/** Two claims of one reading of one document: their ids share the reading's prefix. */
function sameReading(a: MeetingClaim, b: MeetingClaim): boolean {
  return a.id.split(':')[0] === b.id.split(':')[0];
}

/** Whether two claims' days touch: a reading that gave them apart meant two meetings. */
function overlaps(a: Identity, b: Identity): boolean {
  return a.span !== undefined && b.span !== undefined && spanDistance(a.span, b.span) === 0;
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
export function cluster(claims: MeetingClaim[], proximity: number): number[][] {
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
      // One reading already told its meetings apart ("Tue 8 June: Plenary - cancelled" between two held days).
      if (members.some((k) => sameReading(claims[k] as MeetingClaim, c) && overlaps(ids[k] as Identity, id)))
        continue;
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
