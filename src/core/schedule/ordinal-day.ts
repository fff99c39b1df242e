/**
 * "The conference will open at 9:00 a.m. on the first day", "The closing plenary will start at
 * 16:00 on the last day", "on Day 2 at 15:00": a time tied to the nth day of a meeting whose
 * days are known is that day's start (or hours), and no other day's. Only a sentence that says
 * the meeting (or its opening, closing, plenary) starts or sits then: lunch, a reception or
 * registration "on the first day" gives the meeting no time.
 */
import { addDays, daysBetween } from './calendar.js';
import { parseOrdinal } from './identity.js';
import type { ReaderCore } from './reader-core.js';
import type { Segment, Unit } from './reader-types.js';
import { EXCLUDE_CUE } from './text-rules.js';
import type { TimeMention } from './times.js';

/** The day's index for the words that are no ordinal ("opening day", "day two"); ordinals are identity's. */
const DAY_WORDS: Record<string, number> = { opening: 0, one: 0, two: 1, three: 2, four: 3, five: 4 };

const DAY_PHRASE =
  /\bon\s+(?:the\s+)?(?:(first|second|third|fourth|fifth|opening|last|final|closing)\s+day|day\s+(\d|one|two|three|four|five))\b(?:\s+of\s+the\s+(?:meeting|session|conference|workshop|forum|event))?/gi;

/** The sentence says the meeting, or a sitting of it, starts, opens or sits then. */
const MEETING_STARTS =
  /\b(?:open(?:s|ed|ing)?|begin(?:s|ning)?|start(?:s|ing)?|commence(?:s|d)?|convene(?:s|d)?|(?:be\s+)?called\s+to\s+order|resume(?:s|d)?|close(?:s|d)?|closing|sit(?:s|ting)?|plenary|ceremony|(?:will|shall)\s+(?:meet|be\s+held|take\s+place))\b/i;

/** Things of a meeting's day that are not the meeting. */
const SIDE_EVENT =
  /\b(?:lunch(?:eon)?|dinner|breakfast|reception|cocktail|coffee|excursion|field\s+trips?|site\s+visits?|tours?|shuttles?|bus(?:es)?|transport|badges?|check-in|side[\s-]events?|press\s+conference|photo(?:graph)?)\b/i;

/** How far a time may stand from the day phrase: "at 9:00 a.m. (CET) on the first day". */
const BETWEEN_TIME_THEN_DAY = /^\s*(?:\([^()]{1,30}\)\s*)?,?\s*$/;
/** "on the second day at 3 p.m.", "On the first day, the meeting will start at 14:00". */
const BETWEEN_DAY_THEN_TIME = /^\s*,?\s*(?:[A-Za-z]+\s+){0,5}?(?:at|from)\s+$/i;

/** Applies a time said of the nth day; true when one was. */
export function timeOnOrdinalDay(rd: ReaderCore, u: Unit, seg: Segment): boolean {
  if (!MEETING_STARTS.test(u.text) || SIDE_EVENT.test(u.text) || EXCLUDE_CUE.test(u.text)) return false;
  const spans = new Set(seg.headerDates.map((h) => `${h.span.start}|${h.span.end}`));
  const only = seg.headerDates[0];
  if (spans.size !== 1 || !only || only.days) return false;
  const length = daysBetween(only.span.start, only.span.end) + 1;
  if (length < 2) return false;
  const times = rd.times(u);
  let applied = false;
  for (const m of u.text.matchAll(DAY_PHRASE)) {
    const word = (m[1] ?? m[2] ?? '').toLowerCase();
    const nth = /^(?:last|final|closing)$/.test(word)
      ? length - 1
      : /^\d$/.test(word)
        ? Number(word) - 1
        : (DAY_WORDS[word] ?? (parseOrdinal(word).ordinal ?? 0) - 1);
    if (nth === undefined || nth < 0 || nth >= length) continue;
    const at = m.index ?? 0;
    const time = nearTime(u.text, times, at, at + m[0].length);
    if (!time) continue;
    rd.sessionsFrom(seg, u, [rd.dayAsDate(addDays(only.span.start, nth))], [time]);
    applied = true;
  }
  return applied;
}

function nearTime(text: string, times: TimeMention[], from: number, to: number): TimeMention | undefined {
  const before = times.filter((t) => t.index + t.length <= from).at(-1);
  if (before && BETWEEN_TIME_THEN_DAY.test(text.slice(before.index + before.length, from))) return before;
  const after = times.find((t) => t.index >= to);
  if (after && BETWEEN_DAY_THEN_TIME.test(text.slice(to, after.index))) return after;
  return undefined;
}
