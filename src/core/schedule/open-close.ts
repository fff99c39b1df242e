import { daysBetween } from './calendar.js';
import type { ReaderCore } from './reader-core.js';
import type { ResolvedDate, Segment, Unit } from './reader-types.js';
import type { TimeMention } from './times.js';

/**
 * "The session opens on 3 May at 15:00 and closes on 7 May at 13:00": one meeting from its
 * opening day to its closing day, never a meeting on the first day with the second date lost.
 */

/** A clock time between the opening verb and its day: "at 10:00", "at 10 a.m.", "à 10 heures", "a las 10:00". */
const OPENING_HOUR = String.raw`(?:(?:at|à|a\s+las)\s+\d{1,2}(?:[:.h]\s?\d{2})?\s*(?:[ap]\.?\s?m\.?|hrs?|h|heures?|horas?)?\s+)?`;

/**
 * Just before the first date: the meeting opens ("opens on", "will begin on Monday,", "will open
 * at 10:00 on", "will be opened at 10 a.m. on", "s'ouvrira le", "se inaugurará el").
 */
const OPENS = new RegExp(
  String.raw`\b(?:opens?|will\s+(?:be\s+)?open(?:ed)?|begins?|will\s+begin|starts?|will\s+start|commences?|will\s+commence|(?:is|are)\s+(?:due|scheduled|expected)\s+to\s+(?:open|begin|start)|(?:is|are)\s+to\s+(?:open|begin|start)|s['\u2019]ouvrira|d[ée]butera|commencera|se\s+(?:inaugurar|abrir)[áa]|comenzar[áa]|iniciar[áa])\s+` +
    OPENING_HOUR +
    String.raw`(?:on\s+|le\s+|el\s+)?(?:the\s+)?$`,
  'i',
);
/** Between the dates: it closes, within the same sentence ("at 15:00 and closes on", "is expected to close on", "se terminera le"). */
const CLOSES =
  /^[^.;!?]{0,80}?\b(?:closes?|closing|ends?|ending|concludes?|concluding|finish(?:es)?|adjourns?|will\s+(?:close|end|conclude|finish|adjourn)|se\s+termin(?:era|ar[áa])|se\s+cl[ôo]turera|s['\u2019]ach[èe]vera|prendra\s+fin|concluir[áa]|finalizar[áa]|terminar[áa]|se\s+clausurar[áa])\s+(?:on\s+|le\s+|el\s+)?(?:the\s+)?$/i;

/** The longest meeting read this way, in days. */
const MAX_DAYS = 60;

/** True when the unit says a meeting opens on its first date and closes on its second. */
export function opensAndCloses(u: Unit): boolean {
  if (u.dates.length !== 2) return false;
  const [a, b] = u.dates as [ResolvedDate, ResolvedDate];
  if (a.start !== a.end || b.start !== b.end || a.list || b.list) return false;
  const days = daysBetween(a.start, b.start);
  if (days < 1 || days > MAX_DAYS) return false;
  return (
    OPENS.test(u.text.slice(Math.max(0, a.index - 60), a.index)) &&
    CLOSES.test(withoutClockDots(u.text.slice(a.index + a.length, b.index)))
  );
}

/**
 * The text between the dates with the dots of a clock time said with the opening day taken out
 * ("at 9.30 a.m. and is expected to close on"): they end no sentence. "a.m." before a capital
 * letter keeps its dot, as it may end one ("at 9.30 a.m. Registration closes on").
 */
function withoutClockDots(between: string): string {
  return between.replace(CLOCK_DOTS, (m) => m.replace(/\./g, ' '));
}

const CLOCK_DOTS = /\d\.\d|\b[aApP]\.\s?[mM]\.(?!\s+[A-Z])/g;

/** Applies the construct to `seg` when the unit says it; true when it did. */
export function openCloseSpan(rd: ReaderCore, u: Unit, seg: Segment, times: TimeMention[]): boolean {
  if (!opensAndCloses(u)) return false;
  const [a, b] = u.dates as [ResolvedDate, ResolvedDate];
  const span: ResolvedDate = {
    ...a,
    end: b.end,
    length: b.index + b.length - a.index,
    text: u.text.slice(a.index, b.index + b.length),
  };
  rd.headerDatesFrom(seg, u, [span], false);
  // The time said with the opening day is when the meeting starts, on that day only.
  // ("will open at 10:00 on Monday, 29 May": the time may come before the day.)
  const opening = times.find((t) => t.index > a.index - 40 && t.index < b.index);
  if (opening) rd.sessionsFrom(seg, u, [a], [opening]);
  rd.venueFrom(seg, u, u.text, 1, 0);
  return true;
}
