import { daysBetween } from './calendar.js';
import type { ReaderCore } from './reader-core.js';
import type { ResolvedDate, Segment, Unit } from './reader-types.js';
import type { TimeMention } from './times.js';

/**
 * "The session opens on 3 May at 15:00 and closes on 7 May at 13:00": one meeting from its
 * opening day to its closing day, never a meeting on the first day with the second date lost.
 */

/** Just before the first date: the meeting opens ("opens on", "will begin on Monday,"). */
const OPENS =
  /\b(?:opens?|will\s+open|begins?|will\s+begin|starts?|will\s+start|commences?|will\s+commence|(?:is|are)\s+(?:due\s+)?to\s+(?:open|begin|start))\s+(?:on\s+)?(?:the\s+)?$/i;
/** Between the dates: it closes, within the same sentence ("at 15:00 and closes on"). */
const CLOSES =
  /^[^.;!?]{0,80}?\b(?:closes?|closing|ends?|ending|concludes?|concluding|finish(?:es)?|adjourns?|will\s+(?:close|end|conclude|finish|adjourn))\s+(?:on\s+)?(?:the\s+)?$/i;

/** The longest meeting read this way, in days. */
const MAX_DAYS = 60;

/** Applies the construct to `seg` when the unit says it; true when it did. */
export function openCloseSpan(rd: ReaderCore, u: Unit, seg: Segment, times: TimeMention[]): boolean {
  if (u.dates.length !== 2) return false;
  const [a, b] = u.dates as [ResolvedDate, ResolvedDate];
  if (a.start !== a.end || b.start !== b.end || a.list || b.list) return false;
  const days = daysBetween(a.start, b.start);
  if (days < 1 || days > MAX_DAYS) return false;
  if (!OPENS.test(u.text.slice(Math.max(0, a.index - 40), a.index))) return false;
  if (!CLOSES.test(u.text.slice(a.index + a.length, b.index))) return false;
  const span: ResolvedDate = {
    ...a,
    end: b.end,
    length: b.index + b.length - a.index,
    text: u.text.slice(a.index, b.index + b.length),
  };
  rd.headerDatesFrom(seg, u, [span], false);
  // The time said with the opening day is when the meeting starts, on that day only.
  const opening = times.find((t) => t.index > a.index && t.index < b.index);
  if (opening) rd.sessionsFrom(seg, u, [a], [opening]);
  rd.venueFrom(seg, u, u.text, 1, 0);
  return true;
}
