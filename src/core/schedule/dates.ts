/**
 * Date expressions: the patterns of dates and date ranges over the tokens of `date-words.ts`.
 * Day arithmetic and year completion are in `calendar.ts`; numbers-only dates in
 * `numeric-dates.ts`. One piece on purpose: every pattern here competes in one choice of the
 * longest reading over the same tokens and shares the small token helpers (weekday, range
 * separator, trailing year); split apart, the helpers would be exported only for each other.
 */
import { DateTime } from 'luxon';
import { MONTH_HINT, MONTH_NAMES, type Token, type TokenType, tokenize } from './date-words.js';
import { type NumericOrder, numericDateAt } from './numeric-dates.js';
import { findSpelledDates } from './spelled.js';

/**
 * Finds calendar dates and date ranges in running text, in the shapes announcements use:
 * "7-8 October 2013", "30 April - 2 May", "March 31 - April 2, 2020", "from 29 June to 4
 * July 2014", "10-13 June", "December 3-5, 2019", "October 1st-3rd, 2019", "21st and 22nd
 * of May 2013", "Tuesday 19 July 2022", "2026-07-20", with en dashes and ordinals.
 *
 * The scanner tokenises first (numbers, month and weekday names, dashes, connectives) and
 * then matches token patterns, so spacing and punctuation variants do not multiply the
 * regular expressions. It never throws and never builds a date that does not exist: an
 * impossible date ("31 June") is reported as a problem instead.
 *
 * Years may be missing ("10-13 June"); `completeYear` (calendar.ts) fills them from an anchor date.
 */

/** A date as written: the year may be missing. */
export interface PartialDate {
  year?: number;
  month: number;
  day: number;
  /** Weekday written next to it (1 = Monday), to check against the date. */
  weekday?: number;
  /** Where that weekday was written. */
  weekdayIndex?: number;
  weekdayLength?: number;
}

/** A date expression found in a text. */
export interface DateMention {
  /** Position in the scanned text. */
  index: number;
  length: number;
  text: string;
  start: PartialDate;
  end: PartialDate;
  /** An explicit list of days ("21st and 22nd of May"); a range otherwise. */
  list?: PartialDate[];
  /** Written in numbers whose order the text alone does not settle ("04/03/2027"). */
  ambiguousOrder?: boolean;
}

/** How to read a date written in numbers only: the document's order (see `date-order.ts`). */
export interface FindDatesOptions {
  /** Day first ("04/03/2027" is 4 March, the default) or month first (3 April). */
  order?: NumericOrder;
}

/** A date expression that cannot be a real date. */
export interface DateProblem {
  code: 'invalid-date' | 'range-reversed';
  index: number;
  length: number;
  text: string;
  message: string;
}

interface Candidate {
  from: number;
  to: number;
  start: PartialDate;
  end: PartialDate;
  list?: PartialDate[];
  ambiguousOrder?: boolean;
}

/**
 * Finds the date expressions in `text`. Overlapping readings are resolved in favour of
 * the longest (so "11 November 11 2022" reads as "November 11 2022", the reading that
 * includes a year). Impossible dates are returned as problems, not mentions.
 */
export function findDates(
  text: string,
  options: FindDatesOptions = {},
): { mentions: DateMention[]; problems: DateProblem[] } {
  // "L'an deux mille vingt, le dix-sept septembre": minutes write the date in words.
  const spelled = findSpelledDates(text).map(
    (d): DateMention => ({ index: d.index, length: d.length, text: d.text, start: d.date, end: d.date }),
  );
  if (spelled.length > 0) return { mentions: spelled, problems: [] };
  // Every date shape has a digit and a month (by name or in an ISO date); most lines have neither.
  if (!/\d/.test(text) || !MONTH_HINT.test(text)) return { mentions: [], problems: [] };
  const tokens = tokenize(text);
  const candidates: Candidate[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const matcher of MATCHERS) {
      const c = matcher(tokens, i, options.order ?? 'dmy');
      if (c && !weakWithoutYear(tokens, c) && !numberedThing(text, tokens, c)) candidates.push(c);
    }
  }
  // Complete readings (with a year) first, then the longest: "11 November 11 2022" is November 11 2022.
  const complete = (c: Candidate) => (c.start.year !== undefined && c.end.year !== undefined ? 1 : 0);
  candidates.sort((a, b) => {
    const la = (tokens[a.to - 1] as Token).end - (tokens[a.from] as Token).index;
    const lb = (tokens[b.to - 1] as Token).end - (tokens[b.from] as Token).index;
    return complete(b) - complete(a) || lb - la || a.from - b.from;
  });
  const used: boolean[] = new Array(tokens.length).fill(false);
  const chosen: Candidate[] = [];
  for (const c of candidates) {
    let free = true;
    for (let k = c.from; k < c.to; k++) if (used[k]) free = false;
    if (!free) continue;
    for (let k = c.from; k < c.to; k++) used[k] = true;
    chosen.push(c);
  }
  chosen.sort((a, b) => a.from - b.from);
  const mentions: DateMention[] = [];
  const problems: DateProblem[] = [];
  for (const c of chosen) {
    const index = (tokens[c.from] as Token).index;
    const end = (tokens[c.to - 1] as Token).end;
    const span = text.slice(index, end);
    const days = c.list ?? [c.start, c.end];
    const bad = days.find((d) => !isValidPartial(d));
    if (bad) {
      problems.push({
        code: 'invalid-date',
        index,
        length: end - index,
        text: span,
        message: `"${span}" is not a real date (${MONTH_NAMES[bad.month] ?? `month ${bad.month}`} has no day ${bad.day}${bad.year ? ` in ${bad.year}` : ''}).`,
      });
      continue;
    }
    const mention: DateMention = { index, length: end - index, text: span, start: c.start, end: c.end };
    if (c.list) mention.list = c.list;
    if (c.ambiguousOrder) mention.ambiguousOrder = true;
    mentions.push(mention);
  }
  return { mentions, problems };
}

/** Words that a number after them counts: "Session 1", "Part 2", "Item 4". */
const NUMBERED_WORD =
  /^(?:sessions?|meetings?|webinars?|parts?|modules?|rounds?|items?|no|number|chapters?|articles?|rooms?|phases?|workshops?|lectures?|episodes?|weeks?|days?|panels?|tracks?|clusters?|groups?|segments?|steps?)$/i;

/**
 * "Session 1 - 8 June 2027": the first number of a would-be day range counts the session; the
 * date is "8 June 2027" alone.
 */
function numberedThing(text: string, t: Token[], c: Candidate): boolean {
  const first = t[c.from];
  const before = t[c.from - 1];
  if (first?.type !== 'num' || before?.type !== 'other' || c.to - c.from < 3) return false;
  if (c.start.day === c.end.day && c.start.month === c.end.month && !c.list) return false;
  if (!NUMBERED_WORD.test(text.slice(before.index, before.end))) return false;
  // "Second session 4-8 October 2027", "Session<tab>4-8 October": a session already counted
  // by an ordinal, or a column break (a tab, a run of spaces) after the word, leaves the
  // number to the days.
  if (/\t| {2,}/.test(text.slice(before.end, first.index))) return false;
  return !ORDINAL_BEFORE.test(text.slice(Math.max(0, before.index - 40), before.index));
}

/** An ordinal right before the counted word: "Second session", "the 3rd meeting", "resumed fifth session". */
const ORDINAL_BEFORE =
  /\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\w+teenth|\w+ieth|\d+(?:st|nd|rd|th)|resumed|special|extraordinary|annual|regular|ordinary)\s+(?:\w+\s+)?$/i;

/** "hace 3 ago", "el 4 mar": a month word that is also a common word counts only with a year. */
function weakWithoutYear(t: Token[], c: Candidate): boolean {
  if (c.start.year !== undefined && c.end.year !== undefined) return false;
  for (let k = c.from; k < c.to; k++) if (t[k]?.weak) return true;
  return false;
}

function isValidPartial(d: PartialDate): boolean {
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) return false;
  // Without a year, 29 February is possible; check against a leap year.
  const year = d.year ?? 2024;
  return DateTime.fromObject({ year, month: d.month, day: d.day }, { zone: 'UTC' }).isValid;
}

type Matcher = (t: Token[], i: number, order: NumericOrder) => Candidate | undefined;

const is = (t: Token[], i: number, type: TokenType) => t[i]?.type === type;

/** A day number (1-31), optionally ordinal, not part of a year. */
function dayAt(t: Token[], i: number): number | undefined {
  const tok = t[i];
  if (tok?.type !== 'num') return undefined;
  if ((tok.digits ?? 0) > 2 || tok.value < 1 || tok.value > 31) return undefined;
  return tok.value;
}

function yearAt(t: Token[], i: number): number | undefined {
  const tok = t[i];
  if (tok?.type !== 'num' || tok.ordinal || tok.digits !== 4) return undefined;
  return tok.value >= 1900 && tok.value <= 2100 ? tok.value : undefined;
}

/** Skips commas and "the" at `i`. */
function skipFiller(t: Token[], i: number): number {
  let k = i;
  while (is(t, k, 'comma') || is(t, k, 'the')) k++;
  return k;
}

/** An optional weekday (and comma) before a day or month. */
function weekdayAt(t: Token[], i: number): { next: number; weekday?: Token } {
  if (is(t, i, 'weekday')) {
    return { next: skipFiller(t, i + 1), weekday: t[i] as Token };
  }
  return { next: i };
}

function withWeekday(d: PartialDate, w: Token | undefined): PartialDate {
  if (!w) return d;
  return { ...d, weekday: w.value, weekdayIndex: w.index, weekdayLength: w.end - w.index };
}

/** Range separators: a dash, "to", "till", "until", "through", or "and" after "between". */
function separatorAt(t: Token[], i: number): number | undefined {
  let k = skipFiller(t, i);
  if (is(t, k, 'dash') || is(t, k, 'to')) {
    k++;
    // "- to" and "to the" happen in the wild.
    while (is(t, k, 'dash') || is(t, k, 'to') || is(t, k, 'the')) k++;
    return k;
  }
  return undefined;
}

/** An optional year after a date: ", 2014" or " 2014". */
function trailingYear(t: Token[], i: number): { year?: number; next: number } {
  let k = skipFiller(t, i);
  // "4 de enero de 2020": Spanish joins the year with "de".
  if (is(t, k, 'of') && yearAt(t, k + 1) !== undefined) k++;
  const y = yearAt(t, k);
  if (y !== undefined) return { year: y, next: k + 1 };
  return { next: i };
}

/** Ranges ending in one month: "7-8 October 2013", "from 10 to 13 June", "24 - 26, Mar. 2015". */
const dayDayMonth: Matcher = (t, i) => {
  let k = i;
  if (is(t, k, 'from')) k++;
  const w1 = weekdayAt(t, k);
  k = w1.next;
  const d1 = dayAt(t, k);
  if (d1 === undefined) return undefined;
  // "3/4 March": two days joined by a slash are the two days of one meeting.
  const sep = separatorAt(t, k + 1) ?? (slashedNextDay(t, k, d1) ? k + 2 : undefined);
  if (sep === undefined) return undefined;
  const w2 = weekdayAt(t, sep);
  k = w2.next;
  const d2 = dayAt(t, k);
  if (d2 === undefined) return undefined;
  k = skipFiller(t, k + 1);
  if (is(t, k, 'of')) k++;
  if (!is(t, k, 'month')) return undefined;
  const month = (t[k] as Token).value;
  const y = trailingYear(t, k + 1);
  const base = { month, ...(y.year === undefined ? {} : { year: y.year }) };
  return {
    from: i,
    to: y.next,
    start: withWeekday({ ...base, day: d1 }, w1.weekday),
    end: withWeekday({ ...base, day: d2 }, w2.weekday),
  };
};

/** "D Month [YYYY]" on its own: "9 June 2014", "23rd of May 2013", "Monday 9 June". */
function dayMonthAt(
  t: Token[],
  i: number,
): { date: PartialDate; next: number; hasYear: boolean } | undefined {
  const w = weekdayAt(t, i);
  let k = w.next;
  const d = dayAt(t, k);
  if (d === undefined) return undefined;
  k++;
  if (is(t, k, 'of')) k++;
  k = skipFiller(t, k);
  if (!is(t, k, 'month') || monthPair(t, k)) return undefined;
  const month = (t[k] as Token).value;
  const y = trailingYear(t, k + 1);
  const date = withWeekday({ day: d, month, ...(y.year === undefined ? {} : { year: y.year }) }, w.weekday);
  return { date, next: y.next, hasYear: y.year !== undefined };
}

/** "October/November": two months joined by a slash name a period, so "1. October/November" is no day. */
function monthPair(t: Token[], k: number): boolean {
  return t[k + 1]?.mark === '/' && is(t, k + 2, 'month');
}

/** "Month D[, YYYY]": "July 29, 2008", "Wednesday, January 30, 2013". */
function monthDayAt(
  t: Token[],
  i: number,
): { date: PartialDate; next: number; hasYear: boolean } | undefined {
  const w = weekdayAt(t, i);
  let k = w.next;
  if (!is(t, k, 'month')) return undefined;
  const month = (t[k] as Token).value;
  k++;
  const d = dayAt(t, k);
  if (d === undefined) return undefined;
  const y = trailingYear(t, k + 1);
  const date = withWeekday({ day: d, month, ...(y.year === undefined ? {} : { year: y.year }) }, w.weekday);
  return { date, next: y.next, hasYear: y.year !== undefined };
}

/** Ranges across months: "30 April - 2 May", "from 29 June to 4 July 2014", "29 March 2016 to 31 March 2016". */
const dayMonthRange: Matcher = (t, i) => {
  let k = i;
  if (is(t, k, 'from')) k++;
  const a = dayMonthAt(t, k);
  if (!a) return undefined;
  const sep = separatorAt(t, a.next);
  if (sep === undefined) return undefined;
  const b = dayMonthAt(t, sep);
  if (!b) return undefined;
  return { from: i, to: b.next, ...spreadYear(a.date, b.date) };
};

/** "December 3-5, 2019", "October 1st-3rd, 2019", "June 1 - 4, 2020". */
const monthDayDay: Matcher = (t, i) => {
  const w = weekdayAt(t, i);
  const k = w.next;
  if (!is(t, k, 'month')) return undefined;
  const month = (t[k] as Token).value;
  const d1 = dayAt(t, k + 1);
  if (d1 === undefined) return undefined;
  const sep = separatorAt(t, k + 2);
  if (sep === undefined) return undefined;
  const d2 = dayAt(t, sep);
  if (d2 === undefined) return undefined;
  // "March 31 - April 2": the second number belongs to the next month; leave it to monthDayRange.
  if (is(t, sep, 'month')) return undefined;
  const y = trailingYear(t, sep + 1);
  const base = { month, ...(y.year === undefined ? {} : { year: y.year }) };
  return {
    from: i,
    to: y.next,
    start: withWeekday({ ...base, day: d1 }, w.weekday),
    end: { ...base, day: d2 },
  };
};

/** "March 31 - April 2, 2020", "January 30-February 1, 2013". */
const monthDayRange: Matcher = (t, i) => {
  const a = monthDayAt(t, i);
  if (!a) return undefined;
  const sep = separatorAt(t, a.next);
  if (sep === undefined) return undefined;
  const b = monthDayAt(t, sep);
  if (!b) return undefined;
  return { from: i, to: b.next, ...spreadYear(a.date, b.date) };
};

/**
 * "15|16" or "15/16" in a list of days: one meeting falling on the next day in the other
 * hemisphere. The first day is the meeting's day; returns the index of the last token used.
 */
function skipAlternateDay(t: Token[], k: number, day: number): number {
  const sep = t[k + 1];
  const next = t[k + 2];
  const cur = t[k] as Token;
  if (sep?.type !== 'other' || sep.end - sep.index !== 1 || sep.index !== cur.end) return k;
  if (next?.type !== 'num' || next.index !== sep.end || next.value !== day + 1) return k;
  return k + 2;
}

/** "3/4": a day, a slash written tight, and the day after it. */
function slashedNextDay(t: Token[], k: number, day: number): boolean {
  const sep = t[k + 1];
  const next = t[k + 2];
  return (
    sep !== undefined &&
    sep.type === 'other' &&
    sep.index === (t[k] as Token).end &&
    sep.mark === '/' &&
    next?.type === 'num' &&
    next.index === sep.end &&
    next.value === day + 1
  );
}

/** "12.03.2026": day, month and year joined by dots, as German and French texts write them (never month first). */
const dottedDate: Matcher = (t, i) => {
  const w = weekdayAt(t, i);
  const k = w.next;
  const d = dayAt(t, k);
  if (d === undefined) return undefined;
  const tight = (a: number) => (t[a] as Token | undefined)?.end === t[a + 1]?.index;
  const dot = (a: number) => t[a]?.mark === '.';
  if (!dot(k + 1) || !tight(k) || !tight(k + 1) || !dot(k + 3) || !tight(k + 2) || !tight(k + 3))
    return undefined;
  const month = t[k + 2];
  const year = yearAt(t, k + 4);
  if (month?.type !== 'num' || (month.digits ?? 0) > 2 || year === undefined) return undefined;
  const date = withWeekday({ day: d, month: month.value, year }, w.weekday);
  return { from: i, to: k + 5, start: date, end: date };
};

/**
 * Lists of days in one month: "21st and 22nd of May 2013", "26 and 27 of January 2016", "4, 5 and 6
 * June", each day perhaps after its weekday ("Tuesday 14 and Wednesday 15 December 2027").
 */
const dayList: Matcher = (t, i) => {
  const days: { day: number; weekday?: Token | undefined }[] = [];
  const w0 = weekdayAt(t, i);
  const first = dayAt(t, w0.next);
  if (first === undefined) return undefined;
  days.push({ day: first, weekday: w0.weekday });
  let k = skipAlternateDay(t, w0.next, first) + 1;
  let sawAnd = false;
  for (;;) {
    if (is(t, k, 'comma') || is(t, k, 'and')) {
      if (is(t, k, 'and')) sawAnd = true;
      k++;
      if (is(t, k, 'and')) {
        sawAnd = true;
        k++;
      }
      // "el lunes 6 y el martes 7 de marzo": an article before the next weekday.
      const w = is(t, k, 'the') && is(t, k + 1, 'weekday') ? weekdayAt(t, k + 1) : weekdayAt(t, k);
      const d = dayAt(t, w.next);
      if (d === undefined) return undefined;
      days.push({ day: d, weekday: w.weekday });
      k = skipAlternateDay(t, w.next, d) + 1;
      continue;
    }
    break;
  }
  if (!sawAnd || days.length < 2) return undefined;
  if (is(t, k, 'of')) k++;
  k = skipFiller(t, k);
  if (!is(t, k, 'month')) return undefined;
  const month = (t[k] as Token).value;
  const y = trailingYear(t, k + 1);
  const list = days.map(({ day, weekday }) =>
    withWeekday({ day, month, ...(y.year === undefined ? {} : { year: y.year }) }, weekday),
  );
  return {
    from: i,
    to: y.next,
    start: list[0] as PartialDate,
    end: list[list.length - 1] as PartialDate,
    list,
  };
};

/** Lists of whole dates: "23 May, 28 May, and 30 May", "May 5 and June 2, 2027" (a last year applies to all). */
const dateList: Matcher = (t, i) => {
  const read = (k: number) => dayMonthAt(t, k) ?? monthDayAt(t, k);
  const first = read(i);
  if (!first) return undefined;
  const items = [first];
  let k = first.next;
  let sawAnd = false;
  for (;;) {
    let j = k;
    if (!is(t, j, 'comma') && !is(t, j, 'and')) break;
    while (is(t, j, 'comma') || is(t, j, 'and')) {
      if (is(t, j, 'and')) sawAnd = true;
      j++;
    }
    const next = read(j);
    if (!next) break;
    items.push(next);
    k = next.next;
  }
  if (!sawAnd || items.length < 2) return undefined;
  const lastYear = (items[items.length - 1] as { date: PartialDate }).date.year;
  const list = items.map((x) =>
    x.date.year === undefined && lastYear !== undefined ? { ...x.date, year: lastYear } : x.date,
  );
  return { from: i, to: k, start: list[0] as PartialDate, end: list[list.length - 1] as PartialDate, list };
};

/** "09-Oct-2024", "9-October-2024": day, month name and year joined by dashes. */
const dashedDayMonthYear: Matcher = (t, i) => {
  const w = weekdayAt(t, i);
  const k = w.next;
  const d = dayAt(t, k);
  if (d === undefined || !is(t, k + 1, 'dash') || !is(t, k + 2, 'month') || !is(t, k + 3, 'dash'))
    return undefined;
  const year = yearAt(t, k + 4);
  if (year === undefined) return undefined;
  const date = withWeekday({ day: d, month: (t[k + 2] as Token).value, year }, w.weekday);
  return { from: i, to: k + 5, start: date, end: date };
};

const singleDayMonth: Matcher = (t, i) => {
  const a = dayMonthAt(t, i);
  if (!a) return undefined;
  return { from: i, to: a.next, start: a.date, end: a.date };
};

const singleMonthDay: Matcher = (t, i) => {
  const a = monthDayAt(t, i);
  if (!a) return undefined;
  return { from: i, to: a.next, start: a.date, end: a.date };
};

/** "2026-07-20", "2026-07-20 to 2026-07-23", optionally after a weekday. */
const isoDate: Matcher = (t, i) => {
  const w = weekdayAt(t, i);
  const tok = t[w.next];
  if (tok?.type !== 'iso' || !tok.iso) return undefined;
  const [y, m, d] = tok.iso;
  const start = withWeekday({ year: y, month: m, day: d }, w.weekday);
  const sep = separatorAt(t, w.next + 1);
  if (sep !== undefined) {
    const tok2 = t[sep];
    if (tok2?.type === 'iso' && tok2.iso) {
      const [y2, m2, d2] = tok2.iso;
      return { from: i, to: sep + 1, start, end: { year: y2, month: m2, day: d2 } };
    }
  }
  return { from: i, to: w.next + 1, start, end: start };
};

/** "04/03/2027", "Thursday 3/4/2027" (the weekday picks the order it fits), "2027/03/04". */
function numericAt(t: Token[], i: number, order: NumericOrder) {
  const w = weekdayAt(t, i);
  const n = numericDateAt(t, w.next, order, w.weekday?.value);
  if (!n) return undefined;
  const date = withWeekday({ year: n.year, month: n.month, day: n.day }, w.weekday);
  return { date, next: n.next, ambiguous: n.ambiguous };
}

/** A numeric date or a range of them: "from 04/03/2027 to 06/03/2027". */
const numericDate: Matcher = (t, i, order) => {
  let k = i;
  if (is(t, k, 'from')) k++;
  const a = numericAt(t, k, order);
  if (!a) return undefined;
  const sep = separatorAt(t, a.next);
  const b = sep === undefined ? undefined : numericAt(t, sep, order);
  const last = b ?? a;
  return {
    from: b ? i : k,
    to: last.next,
    start: a.date,
    end: last.date,
    ...(a.ambiguous || b?.ambiguous ? { ambiguousOrder: true } : {}),
  };
};

const MATCHERS: Matcher[] = [
  dayDayMonth,
  dayMonthRange,
  monthDayDay,
  monthDayRange,
  dayList,
  dateList,
  dashedDayMonthYear,
  dottedDate,
  singleDayMonth,
  singleMonthDay,
  isoDate,
  numericDate,
];

/** A year written only at the end of a range applies to its start too, stepping back over New Year. */
function spreadYear(a: PartialDate, b: PartialDate): { start: PartialDate; end: PartialDate } {
  if (a.year === undefined && b.year !== undefined) {
    const year = a.month > b.month ? b.year - 1 : b.year;
    return { start: { ...a, year }, end: b };
  }
  if (b.year === undefined && a.year !== undefined) {
    const year = b.month < a.month ? a.year + 1 : a.year;
    return { start: a, end: { ...b, year } };
  }
  return { start: a, end: b };
}
