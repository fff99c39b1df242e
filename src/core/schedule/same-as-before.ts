/**
 * A meeting said to be "at the same time and place" as the one before it: "A third round is
 * scheduled for 19 November, same time and place", "Second hearing: 16 February, same time,
 * same room", "même heure et même lieu", "misma hora y lugar". It takes the hours (and the
 * venue) of the meeting the text named just before it.
 */
import type { ReaderCore } from './reader-core.js';
import type { RawSession, Segment, Unit } from './reader-types.js';

/**
 * "same time and place", "at the same time and in the same room", "same time, same room",
 * "same venue", "même heure et même lieu", "misma hora y lugar": group 1 holds the words
 * read for the time, the place, or both.
 */
const SAME =
  /\b(?:at\s+|in\s+)?(?:the\s+)?(?:same|m[êe]me|misma|mismo)\s+((?:time|hours?|heure|horaire|hora|place|venue|room|location|lieu|salle|sala|lugar)(?:\s*(?:,|and|&|et|y)\s*(?:at\s+|in\s+)?(?:the\s+)?(?:same\s+|m[êe]me\s+|misma\s+|mismo\s+)?(?:time|hours?|heure|hora|place|venue|room|location|lieu|salle|sala|lugar))?)\b/i;
const TIME_WORD = /\b(?:time|hours?|heure|horaire|hora)\b/i;
const PLACE_WORD = /\b(?:place|venue|room|location|lieu|salle|sala|lugar)\b/i;

/**
 * After the walk: each meeting with a day but no hours whose date is followed by "same time
 * (and place)" takes the hours and zone statements of the meeting with hours named closest
 * before it and, for "place", the venue of the one with a venue named closest before it. Hours
 * the meeting states itself are kept.
 */
export function sameAsBefore(rd: ReaderCore): void {
  const segments = [...rd.segments.values()];
  // Each meeting by where its first stated fact stands, once (not per meeting asked about).
  const firsts = segments
    .map((seg) => ({ seg, at: firstOffset(seg) }))
    .filter((x): x is Placed => x.at !== undefined)
    .sort((a, b) => a.at - b.at);
  for (const seg of segments) {
    const header = seg.headerDates[0];
    if (!header || header.evidence.offset === undefined) continue;
    const at = header.evidence.offset;
    // Most dates have no "same" after them: a look at the text that follows, before the units are searched.
    const after = at + header.evidence.text.length;
    if (!SAME.test(rd.doc.text.slice(after, after + 300))) continue;
    const found = sameWordsAfter(rd, after);
    if (!found) continue;
    const ev = rd.evidence(found.unit, found.index, found.length);
    const hasHours = (s: Segment) => s.sessions.some((x) => x.start !== undefined);
    const before = previousMeeting(firsts, seg, at, hasHours);
    const timed = before?.sessions.filter((s) => s.start !== undefined) ?? [];
    if (before && TIME_WORD.test(found.words) && timed.length > 0 && !hasHours(seg)) {
      const last = timed[timed.length - 1] as RawSession;
      const days = header.days ?? [header.span.start];
      seg.sessions.push({
        dates: header.span.start === header.span.end ? [header.span.start] : days,
        ...(last.start ? { start: last.start } : {}),
        ...(last.end ? { end: last.end } : {}),
        overnight: last.overnight,
        evidence: [ev, ...last.evidence.slice(0, 1)],
      });
      if (seg.zones.length === 0) seg.zones.push(...before.zones.filter((z) => !z.wide));
    }
    const placed = previousMeeting(firsts, seg, at, (s) => s.venues.length > 0);
    if (placed && PLACE_WORD.test(found.words)) {
      const best = [...placed.venues].sort((a, b) => b.rank - a.rank)[0] as Segment['venues'][number];
      // The place said again is as good as the place said first.
      if (!seg.venues.some((v) => v.rank >= best.rank)) seg.venues.push({ ...best, evidence: ev });
    }
  }
}

/** The unit holding `offset`, and the "same time" words in its text after it, before another date. */
function sameWordsAfter(
  rd: ReaderCore,
  offset: number,
): { unit: Unit; index: number; length: number; words: string } | undefined {
  for (const u of rd.units) {
    const first = u.map[0];
    const last = u.map[u.map.length - 1];
    if (first === undefined || last === undefined || offset < first || offset > last) continue;
    const from = u.map.findIndex((o) => o >= offset);
    if (from < 0) return undefined;
    const next = u.dates.find((d) => d.index >= from);
    // Only the clause of this date: up to the next date or the end of its sentence.
    const rest = u.text.slice(from, next ? next.index : u.text.length);
    const clause = rest.split(/[.;!?](?:\s|$)/)[0] as string;
    const m = SAME.exec(clause);
    if (!m) return undefined;
    return { unit: u, index: from + m.index, length: m[0].length, words: m[1] as string };
  }
  return undefined;
}

/** A meeting and the offset of its first stated fact. */
interface Placed {
  seg: Segment;
  at: number;
}

/** Where a meeting's first stated fact (a day or a time) stands, if any is placed. */
function firstOffset(seg: Segment): number | undefined {
  let first: number | undefined;
  for (const h of seg.headerDates) {
    const o = h.evidence.offset;
    if (o !== undefined && (first === undefined || o < first)) first = o;
  }
  for (const s of seg.sessions)
    for (const e of s.evidence) {
      const o = e.offset;
      if (o !== undefined && (first === undefined || o < first)) first = o;
    }
  return first;
}

/**
 * The meeting other than `seg`, with what `has` asks for, whose first stated fact comes last
 * before `offset` (`firsts` in order of that fact).
 */
function previousMeeting(
  firsts: readonly Placed[],
  seg: Segment,
  offset: number,
  has: (s: Segment) => boolean,
): Segment | undefined {
  let lo = 0;
  let hi = firsts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((firsts[mid] as Placed).at < offset) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo - 1; k >= 0; k--) {
    const other = (firsts[k] as Placed).seg;
    if (other !== seg && has(other)) return other;
  }
  return undefined;
}
