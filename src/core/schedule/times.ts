import { HOUR_WORD, oClock, PART_OF_DAY, type RawTime, readMeridiem } from './clock-words.js';
import { WEEKDAY_WORDS } from './date-words.js';
import { findSpelledTimes } from './spelled.js';
import type { LocalTime } from './types.js';

/**
 * Finds clock times and time ranges in running text: "14:00-18:00", "14:00 – 16:00",
 * "08h00", "8h30-10h", "10 a.m. - 6 p.m.", "6:30pm", "1300-1415 UTC", "0900-1130",
 * "10:00 till 17:00", "from 14:00 to 16:00", "between 14.00 and 16.00", "noon".
 *
 * Four-digit times ("1300") are accepted only in ranges or next to a zone, because
 * alone they are years far more often. A range whose end is before its start runs past
 * midnight (`overnight`). Impossible times ("25:00", "18:00 a.m.") are problems, never
 * values. Never throws.
 */

export interface TimeOfDay {
  hour: number;
  minute: number;
}

/** A clock time or time range found in a text, with its position. */
export interface TimeMention {
  index: number;
  length: number;
  text: string;
  start: TimeOfDay;
  /** Absent for a single time ("at 14:00"). */
  end?: TimeOfDay;
  /** The end is on the next day ("22:00-01:30"). */
  overnight: boolean;
  /** The end is this many days after the start's day (an ISO 8601 interval over several days). */
  endDays?: number;
  /** Written in four-digit military style ("1300-1415"). */
  military: boolean;
  /** Why the reading may be wrong ("9 o'clock" read as a morning hour). */
  uncertain?: string;
}

/** A time expression that cannot be a clock time ("25:00"), reported instead of guessed. */
export interface TimeProblem {
  code: 'invalid-time';
  index: number;
  length: number;
  text: string;
  message: string;
}

const MERIDIEM = '(a\\.?\\s?m\\.?|p\\.?\\s?m\\.?)(?![A-Za-z])';
/** The sign of an ISO 8601 time's offset: "+01:00" in "2027-03-03T10:00+01:00" is no clock time. */
const NOT_ISO_OFFSET = '(?<!T\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?[+\\-\\u2212])';
// One clock time; alternatives in order of specificity.
const TIME_RE = new RegExp(
  [
    // 14:00, 9:30, 14:00:00, with optional am/pm or "h"/"hrs"; not the offset of an ISO time ("T10:00+01:00")
    `(?<![\\d:.])${NOT_ISO_OFFSET}(\\d{1,2}):(\\d{2})(?::\\d{2}(?:\\.\\d{1,9}(?=Z|[+\\-\\u2212]\\d))?)?(?!\\d)\\s*(?:${MERIDIEM}|h(?:rs?|ours)?(?![A-Za-z]))?`,
    // 08h00, 8h30, 14h, 6h30pm
    `(?<![\\d:.A-Za-z])(\\d{1,2})h(\\d{2})?(?:\\s*${MERIDIEM}|(?![\\dA-Za-z]))`,
    // 10 a.m., 6pm, 9AM, 10.30 a.m.
    `(?<![\\d:.])(\\d{1,2})(?:\\.(\\d{2}))?\\s*${MERIDIEM}`,
    // 14.00 (only kept when paired or after "at"; see below), also closing a sentence ("until 12.30.")
    `(?<![\\d:.])(\\d{1,2})\\.(\\d{2})(?!\\d|\\.\\d)(?:\\s*(?:h(?:rs?|ours)?|uhr|heures?|horas?)(?![A-Za-z]))?`,
    // 1300 (only kept in ranges, before a zone, or with its unit: "1500 hrs", "1500h")
    `(?<![\\d:./])${NOT_ISO_OFFSET}([01]\\d|2[0-4])([0-5]\\d)(?![\\d:./]\\d|[\\-\\u2010-\\u2015]\\d{2}(?!\\d))(?:\\s*(?:hrs?|h|hours)(?![A-Za-z]))?`,
    // words; "12 noon" is a clock reading on its own
    '(?<![\\d:.])(?:(12)(?::00)?\\s*)?(?<![A-Za-z])(noon|midday|midnight|midi|minuit|mediod[ií]a)(?![A-Za-z\\u00C0-\\u024F])',
    // 15 Uhr, 19 heures, 10 horas, 20 heures 30, 10 h, 14 h 30, 10 hrs: an hour by its unit word (French, Spanish and English need a preposition, see below)
    `(?<![\\d:.,])(\\d{1,2})\\s*(uhr|heures?|horas?|hrs?|h)(?:\\s+([0-5]\\d)(?![\\d:/]|[.,]\\d))?(?![A-Za-z\\u00C0-\\u024F])`,
    // 9 o'clock, three o'clock in the afternoon, 7 o'clock p.m., 9 o'clock tonight
    `(?<![\\d:.])\\b(\\d{1,2}|${HOUR_WORD})\\s*o['\\u2019]?\\s?clock\\b(?:\\s*${MERIDIEM}|${PART_OF_DAY})?`,
    // at 9 in the evening, from 2 to 4 in the afternoon, at nine tonight: an hour by its part of the day
    `(?<=\\b(?:at|from|until|till|to|by|between|and)\\s{1,3})(\\d{1,2}|${HOUR_WORD})${PART_OF_DAY}`,
  ].join('|'),
  'giu',
);

function scanRaw(text: string): RawTime[] {
  const out: RawTime[] = [];
  for (const m of text.matchAll(TIME_RE)) {
    const index = m.index ?? 0;
    // "09:00-10:30 UTC+02:00": the offset of a zone is no clock time.
    if (/(?:UTC|GMT)\s*[+\-\u2212]\s*$/i.test(text.slice(Math.max(0, index - 6), index))) continue;
    const end = index + m[0].replace(/\s+$/, '').length;
    if (m[1] !== undefined) {
      const meridiem = readMeridiem(m[3]);
      // "9-10:30 a.m.", "from 9 to 10:30": a bare first hour borrows the minutes' clock.
      const first = bareFirstHour(text, index, meridiem ? 12 : Number(m[1]) - 1);
      if (first) out.push(first);
      out.push({
        index,
        end,
        hour: Number(m[1]),
        minute: Number(m[2]),
        ...(meridiem ? { meridiem } : {}),
        military: false,
        clear: true,
        dotted: false,
      });
    } else if (m[4] !== undefined) {
      const meridiem = readMeridiem(m[6]);
      out.push({
        index,
        end,
        hour: Number(m[4]),
        minute: Number(m[5] ?? 0),
        ...(meridiem ? { meridiem } : {}),
        military: false,
        clear: true,
        dotted: false,
      });
    } else if (m[7] !== undefined) {
      // "2-4 pm": the bare first number of a range borrows the clock reading of the second.
      const first = m[8] ? undefined : bareFirstHour(text, index, 12, true);
      if (first) out.push(first);
      out.push({
        index,
        end,
        hour: Number(m[7]),
        minute: Number(m[8] ?? 0),
        meridiem: readMeridiem(m[9]) as 'am' | 'pm',
        military: false,
        clear: true,
        dotted: false,
      });
    } else if (m[10] !== undefined) {
      out.push({
        index,
        end,
        hour: Number(m[10]),
        minute: Number(m[11]),
        military: false,
        clear: /h/i.test(m[0]) || dottedAfterAt(text, index, end, Number(m[10]), Number(m[11])),
        dotted: true,
      });
    } else if (m[12] !== undefined) {
      // "1500 hrs" is a clock reading; "1500 hours" only after "at", "from"...: else a duration.
      const unit = /(hrs?|h|hours)$/i.exec(m[0])?.[1]?.toLowerCase();
      const clear =
        unit !== undefined &&
        (unit !== 'hours' ||
          /\b(?:at|from|until|till|to|by)\s*$/i.test(text.slice(Math.max(0, index - 8), index)));
      out.push({
        index,
        end: clear ? end : index + 4,
        hour: Number(m[12]),
        minute: Number(m[13]),
        military: true,
        clear,
        dotted: false,
      });
    } else if (m[16] !== undefined) {
      // "2 heures de débat" is a duration: French and Spanish hours need "à", "a las", "de"...
      const unit = (m[17] as string).toLowerCase();
      const lead = text.slice(Math.max(0, index - 12), index);
      // "10 hrs" is English only: a Spanish "a" before it is the article ("a 2 hrs session").
      const english = /^hrs?$/.test(unit);
      const first =
        /(?<![\d:.,]|\bh\s{0,2})(\d{1,2})\s*(?:[-\u2010-\u2015]|bis|à|a(?:\s+las?)?|al|et|y)\s*$/i.exec(lead);
      if (
        unit !== 'uhr' &&
        !(first && !english) &&
        !(
          /(?:^|[\s(])(?:[àa]|las?|de|vers|d[èe]s|hasta|desde|entre|jusqu'?[àa])\s*$/i.test(lead) && !english
        ) &&
        // "at 10 hrs", "from 9 h 30", "10 hrs to 13 hrs": an English hour by its unit, after its preposition.
        !(/^hr?s?$/.test(unit) && ENGLISH_HOUR_LEAD.test(lead)) &&
        // "Heure : 14 h 30": a time by its label.
        !/(?:heure|horaire|hora|horario)\s*:\s*$/i.test(lead)
      )
        continue;
      if (first && !english) {
        // "von 18 bis 20 Uhr", "de 10 à 12 heures": the bare first hour shares the unit.
        const at = index - first[0].length + (first[0].length - first[0].trimStart().length);
        out.push({
          index: at,
          end: at + (first[1] as string).length,
          hour: Number(first[1]),
          minute: 0,
          military: false,
          clear: true,
          dotted: false,
        });
      }
      out.push({
        index,
        end,
        hour: Number(m[16]),
        minute: m[18] === undefined ? 0 : Number(m[18]),
        military: false,
        clear: true,
        dotted: false,
      });
    } else if (m[19] !== undefined || m[23] !== undefined) {
      const at = m[19] !== undefined ? 19 : 23;
      const t = oClock(m, index, end, at);
      // "from 2 to 4 o'clock in the afternoon": the bare first hour shares the clock reading.
      const first = t && /^\d/.test(m[at] as string) ? bareFirstHour(text, index, 12, true) : undefined;
      if (first) out.push(t?.assumed ? { ...first, assumed: true } : first);
      if (t) out.push(t);
    } else if (m[15] !== undefined) {
      const word = m[15].toLowerCase();
      const night = word === 'midnight' || word === 'minuit';
      // "12 noon", "at noon": a clock reading on its own; "runs past midnight" is prose.
      const alone =
        m[14] !== undefined || /(?:^|\s)(?:at|à|a)\s*$/i.test(text.slice(Math.max(0, index - 4), index));
      out.push({
        index,
        end,
        hour: night ? 24 : 12,
        minute: 0,
        military: false,
        clear: true,
        dotted: false,
        ...(alone ? {} : { word: true }),
      });
    }
  }
  return out;
}

/** Before an English hour written with its unit: "at 10 hrs", "until 13 h", "10 hrs to 13 hrs". */
const ENGLISH_HOUR_LEAD =
  /(?:\b(?:at|from|until|till|by|between)|\d\s*(?:hrs?|h)\s+(?:to|and|until|till))\s+$/i;

/**
 * "begins at 9.30", "from 9.30": a dotted time right after "at" or "from" is a clock reading,
 * not a figure, unless a unit or currency follows ("at 12.50 euros", "at 1.25 per cent").
 */
function dottedAfterAt(text: string, index: number, end: number, hour: number, minute: number): boolean {
  if (hour > 23 || minute > 59) return false;
  if (!/\b(?:at|from|until|till)\s+$/i.test(text.slice(Math.max(0, index - 7), index))) return false;
  const after = text.slice(end, end + 12);
  return (
    !/^\s*(?:%|per\b|percent|million|billion|euros?|dollars?|francs?|pounds?|[a-z]*(?:metres?|meters?|grams?|litres?)\b|k[mg]\b|m\b|times\b)/i.test(
      after,
    ) && !/^\s*(?:USD|EUR|CHF|GBP|JPY|CAD|AUD)\b/.test(after)
  );
}

/**
 * The bare first hour of a range whose end is a clock reading: "9" in "9-10:30 a.m.", "from
 * 9 to 10:30", "2-4 pm". Not a number that belongs to something else: "March 4 - 11:30",
 * "Room 3 - 10:30" (a word before it that is no preposition).
 */
function bareFirstHour(text: string, index: number, maxHour: number, withAnd = false): RawTime | undefined {
  const sep = withAnd ? '(?:[-\\u2010-\\u2015]|to|till|until|and)' : '(?:[-\\u2010-\\u2015]|to|till|until)';
  const lead = new RegExp(`(?<![\\d:.])(\\d{1,2})\\s*${sep}\\s*$`, 'i').exec(
    text.slice(Math.max(0, index - 10), index),
  );
  if (!lead) return undefined;
  const hour = Number(lead[1]);
  if (hour < 1 || hour > maxHour) return undefined;
  const at = index - lead[0].length;
  const before = /([A-Za-z\u00C0-\u024F]+)\.?\s*$/.exec(text.slice(Math.max(0, at - 16), at))?.[1];
  if (
    before &&
    WEEKDAY_WORDS[before.toLowerCase()] === undefined &&
    !/^(?:from|between|at|on|to|until|till|by|around|about|approximately|de|du|von|ab|desde|entre|of|hours?|time|times|et|and|y|und|daily)$/i.test(
      before,
    )
  )
    return undefined;
  return {
    index: at,
    end: at + (lead[1] as string).length,
    hour,
    minute: 0,
    military: false,
    clear: true,
    dotted: false,
  };
}

/**
 * Between the two times of an ISO 8601 interval within a day: the first time's offset, then a
 * slash and the second time ("T10:00/13:00"), or the dash and blanked date respell.ts writes
 * for a repeated date ("T10:00–          T13:00"). An interval over two days stays two times.
 */
const ISO_RANGE_SEP = /^(?:Z|[+\-\u2212]\d{2}(?::?\d{2})?)?(?:\/T?|\u2013\s{10}T)$/;

/** Before the second time of an ISO 8601 interval whose dates differ (the date may be blanked out). */
const ISO_INTERVAL_END = /\/(?:\d{4}-\d{2}-\d{2}|\s{10})T$/;

const RANGE_SEP =
  /^\s*(?:[-\u2010-\u2015\u2212]+|to|till|until|through|thru|and|à|a(?:\s+las?)?|bis|al|hasta|y|et|jusqu'?à)\s*$/i;

/** Converts a raw reading to a 24-hour time, or explains why it cannot be one. */
function to24(raw: RawTime, meridiem: 'am' | 'pm' | undefined): TimeOfDay | string {
  let { hour } = raw;
  const { minute } = raw;
  if (minute > 59) return `minute ${minute} does not exist`;
  if (meridiem) {
    if (hour < 1 || hour > 12) {
      // "18:00PM" says the same thing twice; "18:00 a.m." contradicts itself.
      if (hour > 12 && hour < 24 && meridiem === 'pm') return { hour, minute };
      return `${hour} ${meridiem} is not a time`;
    }
    if (meridiem === 'am') hour = hour === 12 ? 0 : hour;
    else hour = hour === 12 ? 12 : hour + 12;
    return { hour, minute };
  }
  if (hour > 24 || (hour === 24 && minute > 0)) return `hour ${hour} does not exist`;
  return { hour, minute };
}

const minutesOf = (t: TimeOfDay) => t.hour * 60 + t.minute;

/**
 * Finds times in `text`. `zoneFollows(index)` tells whether a zone expression starts at
 * a position, so that a lone "1300 UTC" counts; four-digit years never do.
 */
export function findTimes(
  text: string,
  zoneFollows: (index: number) => boolean = () => false,
): { mentions: TimeMention[]; problems: TimeProblem[] } {
  if (!/\d|noon|midday|midnight|midi|minuit|mediod|heure|clock|morning|afternoon|evening|night/i.test(text))
    return { mentions: [], problems: [] };
  const raws = scanRaw(text);
  // "à vingt et une heures": minutes write the hour in words too.
  const spelled = findSpelledTimes(text);
  if (spelled.length > 0) {
    for (const t of spelled) raws.push({ ...t, military: false, clear: true, dotted: false });
    raws.sort((a, b) => a.index - b.index);
  }
  const mentions: TimeMention[] = [];
  const problems: TimeProblem[] = [];
  const used = new Set<number>();
  for (let k = 0; k < raws.length; k++) {
    if (used.has(k)) continue;
    const a = raws[k] as RawTime;
    const b = raws[k + 1];
    let pair = false;
    if (b) {
      const between = text.slice(a.end, b.index);
      const before = text.slice(Math.max(0, a.index - 9), a.index);
      const isAnd = /^\s*and\s*$/i.test(between);
      pair = RANGE_SEP.test(between) && (!isAnd || /between\s*$/i.test(before));
      // "2027-03-03T10:00/2027-03-03T13:00" (the second date blanked, see respell.ts) or "T10:00/13:00".
      // (The date before the first "T" may be blanked out by the caller.)
      if (/[\d\s]T$/.test(text.slice(Math.max(0, a.index - 2), a.index)) && ISO_RANGE_SEP.test(between))
        pair = true;
      // Two four-digit numbers joined by a dash are a year range unless they cannot be years,
      // a zone follows, or they open a programme line ("1900-2100 Reception").
      const atLineStart = /^[\s*_>\-\u2022]*$/.test(text.slice(0, a.index));
      if (
        pair &&
        a.military &&
        b.military &&
        looksLikeYearRange(a, b) &&
        !atLineStart &&
        !zoneFollows(skipSpaces(text, b.end))
      ) {
        pair = false;
      }
      if (pair && a.military !== b.military && !(a.clear || b.clear)) pair = false;
    }
    if (pair && b) {
      used.add(k);
      used.add(k + 1);
      // A meridiem written only at the end applies to the start when that keeps the order.
      let ma = a.meridiem;
      const mb = b.meridiem;
      if (!ma && mb && !a.military) {
        const guess = to24(a, mb);
        const endGuess = to24(b, mb);
        if (
          typeof guess !== 'string' &&
          typeof endGuess !== 'string' &&
          minutesOf(guess) < minutesOf(endGuess)
        )
          ma = mb;
        else if (mb === 'pm') ma = 'am';
      }
      const start = to24(a, ma);
      const end = to24(b, mb);
      const span = text.slice(a.index, b.end);
      if (typeof start === 'string' || typeof end === 'string') {
        problems.push({
          code: 'invalid-time',
          index: a.index,
          length: b.end - a.index,
          text: span,
          message: `"${span}" is not a valid time range: ${typeof start === 'string' ? start : end}.`,
        });
        continue;
      }
      const overnight =
        minutesOf(end) < minutesOf(start) || (minutesOf(end) === minutesOf(start) && end.hour !== 24);
      mentions.push({
        index: a.index,
        length: b.end - a.index,
        text: span,
        start: normalise24(start),
        end: end.hour === 24 ? { hour: 24, minute: 0 } : end,
        overnight: overnight && end.hour !== 24,
        military: a.military || b.military,
        ...(a.assumed && b.assumed && !ma ? { uncertain: assumedMorning(span, start) } : {}),
      });
      continue;
    }
    // A single time: dotted and four-digit forms need support to count, and "midnight" or
    // "noon" alone is prose ("runs past midnight"), not a clock reading.
    // "9.00 EST": a zone after a dotted time makes it a clock reading.
    if (a.dotted && !a.clear && !zoneFollows(skipSpaces(text, a.end))) continue;
    if (a.word) continue;
    // The end of an ISO 8601 interval over several days ("T10:00/2027-03-05T13:00") is no start.
    if (ISO_INTERVAL_END.test(text.slice(Math.max(0, a.index - 13), a.index))) continue;
    if (a.military && !a.clear && !zoneFollows(skipSpaces(text, a.end))) continue;
    const t = to24(a, a.meridiem);
    const span = text.slice(a.index, a.end);
    if (typeof t === 'string') {
      problems.push({
        code: 'invalid-time',
        index: a.index,
        length: a.end - a.index,
        text: span,
        message: `"${span}" is not a valid time: ${t}.`,
      });
      continue;
    }
    mentions.push({
      index: a.index,
      length: a.end - a.index,
      text: span,
      start: normalise24(t),
      overnight: false,
      military: a.military,
      ...(a.assumed ? { uncertain: assumedMorning(span, t) } : {}),
    });
  }
  return { mentions, problems };
}

/** Why an hour without its half of the day ("9 o'clock") may be wrong. */
function assumedMorning(span: string, t: TimeOfDay): string {
  return `"${span}" does not say morning or evening; read as ${formatTime(t)}`;
}

/** A lone four-digit number at the start of a line ("1700 Announcement") in a programme. */
export function leadingMilitaryTime(text: string): TimeMention | undefined {
  const m = /^\s*([01]\d|2[0-3])([0-5]\d)(?=\s+[A-Za-z])/.exec(text);
  if (!m) return undefined;
  const index = m[0].length - 4;
  return {
    index,
    length: 4,
    text: `${m[1]}${m[2]}`,
    start: { hour: Number(m[1]), minute: Number(m[2]) },
    overnight: false,
    military: true,
  };
}

function normalise24(t: TimeOfDay): TimeOfDay {
  return t.hour === 24 ? { hour: 0, minute: t.minute } : t;
}

function skipSpaces(text: string, i: number): number {
  let k = i;
  while (k < text.length && /[\s"(]/.test(text[k] as string)) k++;
  return k;
}

function looksLikeYearRange(a: RawTime, b: RawTime): boolean {
  const ya = a.hour * 100 + a.minute;
  const yb = b.hour * 100 + b.minute;
  return ya >= 1900 && ya <= 2100 && yb >= 1900 && yb <= 2100;
}

/** `HH:mm`. */
export function formatTime(t: TimeOfDay): LocalTime {
  return `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}

/** Minutes since midnight of `HH:mm`. */
export function minutesOfLocal(t: LocalTime): number {
  const [h, m] = t.split(':');
  return Number(h) * 60 + Number(m);
}
