/**
 * An end stated as a length of time: "It will last for two hours", "at 14:00 UTC for 90
 * minutes", "lasting about an hour and a half", "(duration: 2 hours)", "shortened to one hour". The end is the start plus the length, on the
 * next day when it passes midnight; it is applied only to a start with no stated end, in the
 * same sentence or the one just before.
 */
import { ENGLISH_ONE_TO_TWELVE } from './date-words.js';
import type { ReaderCore } from './reader-core.js';
import type { Unit } from './reader-types.js';
import { fromMinutes, toMinutes } from './text-rules.js';

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  ...ENGLISH_ONE_TO_TWELVE,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  'forty-five': 45,
  fifty: 50,
  sixty: 60,
  ninety: 90,
};

const AMOUNT = String.raw`(\d+(?:[.,]\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty-five|forty|fifty|sixty|ninety)(\s+and\s+a\s+half)?\s*(hours?|hrs?|h|minutes?|mins?)\b(\s+and\s+a\s+half)?`;
const ABOUT = String.raw`(?:(?:about|around|approximately|approx\.?|roughly|up to|some)\s+)?`;

/** "will last (for) two hours", "lasts 90 minutes", "lasting about an hour". Never "the last two hours". */
const LAST = new RegExp(
  String.raw`\b(?:(?:will|shall|should|would|to|is expected to)\s+last|lasts|lasting)\s+(?:for\s+)?${ABOUT}${AMOUNT}`,
  'i',
);
/** "for 90 minutes" right after a start time: "at 14:00 UTC for 90 minutes", "at 16:00 (for one hour)". */
const FOR_AFTER_TIME = new RegExp(
  String.raw`\d(?:\s*(?:[ap]\.?m\.?|utc|gmt|[a-z]{2,4}t)){0,2}(?:\s*[,(]\s*|\s+)for\s+${ABOUT}${AMOUNT}`,
  'i',
);

/**
 * A length given as such: "(duration: 2 hours)", "Duration – 90 minutes", "the meeting has been
 * shortened to one hour", "is extended to three hours", "will be 90 minutes long".
 */
const LENGTH_SAID = new RegExp(
  String.raw`\b(?:duration\s*[:\u2013\u2014-]?\s*|(?:shortened|reduced|extended|cut|limited|lengthened)\s+to\s+|(?:will be|is)\s+(?=[^.;]{1,40}?\blong\b))${ABOUT}${AMOUNT}`,
  'i',
);

/**
 * A length said as an adjective of the meeting itself: "a 90-minute meeting", "a two-hour
 * briefing", "a one-hour virtual meeting", "a 45-minute informal consultation". Only before a
 * word for a meeting, so "a 10-minute break" or "3-minute statements" give no end.
 */
const ADJECTIVE =
  /\b(\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty-five|forty|fifty|sixty|ninety)()[-\u2011](hours?|minutes?)()[-\u2011\s]+(?:long\s+)?(?:[a-z-]+\s+){0,2}?(?:meeting|session|sitting|briefing|call|consultation|webinar|dialogue|discussion|workshop|hearing|videoconference|teleconference|seminar|exchange|debate|panel)s?\b/i;

/** Minutes of a duration stated in `text`, if any. */
export function statedDuration(text: string): number | undefined {
  const m = LAST.exec(text) ?? FOR_AFTER_TIME.exec(text) ?? LENGTH_SAID.exec(text) ?? ADJECTIVE.exec(text);
  if (!m) return undefined;
  const raw = (m[1] as string).toLowerCase();
  let n = /\d/.test(raw) ? Number(raw.replace(',', '.')) : (NUMBER_WORDS[raw] as number);
  if (m[2] || m[4]) n += 0.5;
  const minutes = /^h/i.test(m[3] as string) ? n * 60 : n;
  // A meeting of a minute or of more than a day is not what such a sentence says.
  if (!Number.isFinite(minutes) || minutes < 5 || minutes > 24 * 60) return undefined;
  return Math.round(minutes);
}

/**
 * Gives an end to every start without one that was read from a sentence stating a length,
 * or from the sentence just before it.
 */
export function applyDurations(rd: ReaderCore): void {
  for (const [k, u] of rd.units.entries()) {
    if (u.kind === 'heading' || u.excludedSection) continue;
    const minutes = statedDuration(u.text);
    if (minutes === undefined) continue;
    const prev = rd.units[k - 1];
    const from = prev && prev.block === u.block ? span(prev).start : span(u).start;
    const to = span(u).end;
    for (const seg of rd.segments.values()) {
      for (const s of seg.sessions) {
        if (!s.start || s.end) continue;
        const at = s.evidence[0]?.offset;
        if (at === undefined || at < from || at > to) continue;
        const end = toMinutes(s.start) + minutes;
        s.end = fromMinutes(end);
        s.overnight = end >= 24 * 60;
        s.evidence.push(rd.evidenceRange(span(u).start, to + 1, u.page));
      }
    }
  }
}

function span(u: Unit): { start: number; end: number } {
  return { start: u.map[0] as number, end: u.map[u.map.length - 1] as number };
}
