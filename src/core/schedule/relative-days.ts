/**
 * Days written relative to the day the text was written: "tomorrow, Friday", "mañana,
 * viernes", "demain", "heute Abend", "Wednesday night". They mean something only against
 * the document's own date (its dateline or its e-mail header), never against the day the
 * bot happens to read them; the caller resolves them only when the document has one.
 */
import { WEEKDAY_WORDS } from './date-words.js';

export interface RelativeDay {
  index: number;
  length: number;
  text: string;
  /** Days after the document's date; undefined for a bare weekday (the next such day). */
  offset?: number;
  /** The weekday named with it ("tomorrow, Friday") or alone ("Wednesday night"). */
  weekday?: number;
}

/** "tomorrow", "mañana" (not "la mañana", the morning), "demain", "morgen" (lower case: "Morgen" is the morning). */
const RELATIVE =
  /(?<![\p{L}])(?:(the day after tomorrow|pasado ma[ñn]ana|apr[èe]s-demain|[üu]bermorgen)|(tomorrow|ma[ñn]ana|demain|morgen)|(today|tonight|this (?:morning|afternoon|evening)|hoy|esta (?:tarde|noche)|aujourd'hui|ce soir|heute(?: abend)?))(?![\p{L}])/giu;

/** Words before "mañana"/"Morgen" that make it the morning, not tomorrow. */
const MORNING_BEFORE = /(?:\b(?:la|de|por|esta|una|cada|toda)\s+|\bam\s+|\bden\s+|\bjeden\s+)$/i;

/** Words before a weekday that make it another day than the coming one. */
const NOT_COMING =
  /\b(?:last|every|each|previous|past|next|alternate|other|todos los|cada|jeden|chaque|tous les|dernier|pasado)\s+$/i;

/** A bare weekday as a day: "Wednesday night", "on Friday", "this Thursday". */
const WEEKDAY_RE = new RegExp(
  `(?<![\\p{L}])(?:(?:on|this|coming|el|este|ce|am|diesen)\\s+)?(${Object.keys(WEEKDAY_WORDS)
    .filter((w) => w.length >= 5)
    .join('|')})(?:\\s+(night|evening|morning|afternoon|noche|tarde|soir|abend))?(?![\\p{L}])`,
  'giu',
);

/** Cheap test before the regular expressions: most units name no relative day. */
const QUICK = new RegExp(
  `tomorrow|today|tonight|this (?:morning|afternoon|evening)|ma[ñn]ana|demain|morgen|hoy|esta (?:tarde|noche)|aujourd|ce soir|heute|${Object.keys(
    WEEKDAY_WORDS,
  )
    .filter((w) => w.length >= 5)
    .join('|')}`,
  'i',
);

/** Meeting nouns near which a bare weekday names the meeting's day. */
const MEETING_NEAR =
  /\b(?:meeting|meet|call|session|sitting|hearing|council|board|committee|sitzung|pleno|sesi[óo]n|r[ée]union|s[ée]ance|conseil)\b/i;

export function findRelativeDays(text: string, taken: (index: number) => boolean): RelativeDay[] {
  const out: RelativeDay[] = [];
  if (!QUICK.test(text)) return out;
  for (const m of text.matchAll(RELATIVE)) {
    const index = m.index ?? 0;
    if (taken(index)) continue;
    const word = m[0];
    if (/^(?:ma[ñn]ana|morgen)$/i.test(word)) {
      if (MORNING_BEFORE.test(text.slice(Math.max(0, index - 12), index))) continue;
      if (word === 'Morgen' && index > 0) continue;
    }
    const offset = m[1] ? 2 : m[2] ? 1 : 0;
    // "mañana, viernes" / "tomorrow (Friday)": the weekday said with it, to check against.
    const after = /^[\s,(]+(\p{L}+)\)?/u.exec(text.slice(index + word.length));
    const weekday = after ? WEEKDAY_WORDS[(after[1] as string).toLowerCase()] : undefined;
    const length = word.length + (weekday !== undefined && after ? after[0].length : 0);
    out.push({
      index,
      length,
      text: text.slice(index, index + length),
      offset,
      ...(weekday ? { weekday } : {}),
    });
  }
  if (!MEETING_NEAR.test(text)) return out;
  for (const m of text.matchAll(WEEKDAY_RE)) {
    const index = m.index ?? 0;
    const weekday = WEEKDAY_WORDS[(m[1] as string).toLowerCase()];
    if (weekday === undefined || taken(index) || taken(index + m[0].length - 1)) continue;
    if (out.some((r) => index < r.index + r.length && r.index < index + m[0].length)) continue;
    if (NOT_COMING.test(text.slice(Math.max(0, index - 16), index))) continue;
    // A weekday alone ("Friday") is a heading or a habit; one with "on", "this" or "night" names a day.
    if (m[0].length === (m[1] as string).length) continue;
    out.push({ index, length: m[0].length, text: m[0], weekday });
  }
  return out;
}
