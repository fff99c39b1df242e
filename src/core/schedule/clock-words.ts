/**
 * Hours told by the clock's words: "9 o'clock", "three o'clock in the afternoon", "at 9 in the
 * evening", "nine tonight"; and the raw reading every clock time of `times.ts` starts as.
 */
import { ENGLISH_ONE_TO_TWELVE } from './date-words.js';

/** One clock time as written, before it is paired into a range and checked. */
export interface RawTime {
  index: number;
  end: number;
  hour: number;
  minute: number;
  /** 'am' | 'pm' when written. */
  meridiem?: 'am' | 'pm';
  military: boolean;
  /** Written with a colon, "h" or a meridiem: clearly a time. */
  clear: boolean;
  /** Written with a dot ("14.00"): a time only next to another time or a meridiem. */
  dotted: boolean;
  /** "noon", "midnight": a time only as one end of a range. */
  word?: boolean;
  /** "9 o'clock": morning taken, though the text does not say it. */
  assumed?: boolean;
}

/** English hour words before "o'clock". */
const HOUR_WORDS: Readonly<Record<string, number>> = ENGLISH_ONE_TO_TWELVE;
export const HOUR_WORD = Object.keys(HOUR_WORDS).join('|');
/** "in the evening", "this afternoon" (the part of the day), "at night", "tonight" (an evening hour). */
export const PART_OF_DAY =
  '\\s+(?:(?:in\\s+the|this)\\s+(morning|afternoon|evening)\\b|(at\\s+night|tonight)\\b)';

/**
 * "9 o'clock", "three o'clock in the afternoon", "9 in the evening": the hour, with its half
 * of the day when the words give it ("tonight" and "at night" are the evening). Without them
 * an hour from 7 to 12 reads as written (a morning or noon, as "at 9:00" does, and said to be
 * assumed) and 13 to 23 as a 24-hour clock; "at 3 o'clock" alone could be either half of the
 * day, so it is not read at all. `at` is the group of the hour: 19 for "o'clock", 23 for an
 * hour by its part of the day.
 */
export function oClock(m: RegExpMatchArray, index: number, end: number, at: 19 | 23): RawTime | undefined {
  const word = (m[at] as string).toLowerCase();
  const hour = HOUR_WORDS[word] ?? Number(word);
  const part = (at === 19 ? m[21] : m[24])?.toLowerCase();
  const night = at === 19 ? m[22] : m[25];
  const meridiem =
    (at === 19 ? readMeridiem(m[20]) : undefined) ??
    (part ? (part === 'morning' ? 'am' : 'pm') : night ? 'pm' : undefined);
  if (!meridiem && !(hour >= 7 && hour <= 23)) return undefined;
  return {
    index,
    end,
    hour,
    minute: 0,
    ...(meridiem ? { meridiem } : {}),
    ...(!meridiem && hour < 12 ? { assumed: true } : {}),
    military: false,
    clear: true,
    dotted: false,
  };
}

export function readMeridiem(s: string | undefined): 'am' | 'pm' | undefined {
  if (!s) return undefined;
  return s.toLowerCase().startsWith('a') ? 'am' : 'pm';
}
