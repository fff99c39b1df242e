/**
 * Date expressions (755 lines, one piece on purpose): the month and weekday names of every
 * language read, the patterns built from them and the year completion share one table of
 * words; split apart, each half would need the other's internals.
 */
import { DateTime } from 'luxon';
import type { LocalDate } from './types.js';

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
 * Years may be missing ("10-13 June"); `completeYear` fills them from an anchor date.
 */

type TokenType =
  | 'num'
  | 'month'
  | 'weekday'
  | 'iso'
  | 'dash'
  | 'to'
  | 'and'
  | 'of'
  | 'from'
  | 'comma'
  | 'the'
  | 'other';

interface Token {
  type: TokenType;
  index: number;
  end: number;
  /** num: value; month: 1-12; weekday: 1 (Monday) - 7 (Sunday). */
  value: number;
  /** num: digit count. */
  digits?: number;
  /** num: written with an ordinal suffix ("3rd"). */
  ordinal?: boolean;
  /** iso: the three parts. */
  iso?: [number, number, number];
}

const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  janvier: 1,
  janv: 1,
  february: 2,
  feb: 2,
  fevrier: 2,
  février: 2,
  fev: 2,
  févr: 2,
  march: 3,
  mar: 3,
  mars: 3,
  april: 4,
  apr: 4,
  avril: 4,
  avr: 4,
  may: 5,
  mai: 5,
  june: 6,
  jun: 6,
  juin: 6,
  july: 7,
  jul: 7,
  juillet: 7,
  juil: 7,
  august: 8,
  aug: 8,
  août: 8,
  aout: 8,
  september: 9,
  sep: 9,
  sept: 9,
  septembre: 9,
  october: 10,
  oct: 10,
  octobre: 10,
  november: 11,
  nov: 11,
  novembre: 11,
  december: 12,
  dec: 12,
  décembre: 12,
  decembre: 12,
  déc: 12,
  // Spanish (full names only: "ago" and "dic" are words of their own elsewhere).
  enero: 1,
  febrero: 2,
  marzo: 3,
  abril: 4,
  mayo: 5,
  junio: 6,
  julio: 7,
  agosto: 8,
  septiembre: 9,
  setiembre: 9,
  octubre: 10,
  noviembre: 11,
  diciembre: 12,
  // German.
  januar: 1,
  jänner: 1,
  februar: 2,
  märz: 3,
  maerz: 3,
  juni: 6,
  juli: 7,
  oktober: 10,
  okt: 10,
  dezember: 12,
  dez: 12,
};

const WEEKDAYS: Record<string, number> = {
  monday: 1,
  mon: 1,
  lundi: 1,
  tuesday: 2,
  tue: 2,
  tues: 2,
  mardi: 2,
  wednesday: 3,
  wed: 3,
  mercredi: 3,
  thursday: 4,
  thu: 4,
  thur: 4,
  thurs: 4,
  jeudi: 4,
  friday: 5,
  fri: 5,
  vendredi: 5,
  saturday: 6,
  sat: 6,
  samedi: 6,
  sunday: 7,
  sun: 7,
  dimanche: 7,
  lunes: 1,
  martes: 2,
  miércoles: 3,
  miercoles: 3,
  jueves: 4,
  viernes: 5,
  sábado: 6,
  sabado: 6,
  domingo: 7,
  montag: 1,
  dienstag: 2,
  mittwoch: 3,
  donnerstag: 4,
  freitag: 5,
  samstag: 6,
  sonnabend: 6,
  sonntag: 7,
};

/** Cheap test for "could contain a date": a month name's first letters, or an ISO date. */
/** Weekday names and abbreviations of the languages the reader knows (1 = Monday). */
export const WEEKDAY_WORDS: Readonly<Record<string, number>> = WEEKDAYS;

const MONTH_HINT =
  /j[aä]n|f[eé]v|feb|m[aä]r|apr|avr|abr|ma[yi]|jun|juin|jul|juil|aug|ao[uû]|ago|sep|set|oct|okt|nov|d[eé][cz]|dic|ene|\d{4}[-\u2010\u2011]\d{2}[-\u2010\u2011]\d{2}/i;

const WEEKDAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
/** English month names by number (index 0 unused). */
export const MONTH_NAMES = [
  '',
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const TOKEN_RE =
  /[*_]+|(\d{4})[-\u2010\u2011](\d{2})[-\u2010\u2011](\d{2})(?!\d)|(\d{1,4})(st|nd|rd|th|er|º|°|\.(?=[ \t]+[A-Za-zÀ-ÿ]))?(?![\d:])|([A-Za-zÀ-ÿ]+)(\.?)|([-\u2010\u2011\u2012\u2013\u2014\u2015\u2212])|(,)|(&)|(\S)/gu;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    // Markdown emphasis around a weekday or a date says nothing about the date.
    if (/^[*_]+$/.test(m[0])) continue;
    const index = m.index ?? 0;
    const end = index + m[0].length;
    if (m[1] !== undefined) {
      tokens.push({ type: 'iso', index, end, value: 0, iso: [Number(m[1]), Number(m[2]), Number(m[3])] });
    } else if (m[4] !== undefined) {
      // A number glued to letters ("TC39", "3D") is not a day or a year.
      const prev = index > 0 ? text[index - 1] : '';
      const glued = prev !== undefined && /[A-Za-z]/.test(prev);
      tokens.push({
        type: glued ? 'other' : 'num',
        index,
        end,
        value: Number(m[4]),
        digits: m[4].length,
        ordinal: m[5] !== undefined,
      });
    } else if (m[6] !== undefined) {
      const word = m[6];
      const lower = word.toLowerCase();
      const month = MONTHS[lower];
      const weekday = WEEKDAYS[lower];
      // "may" is a verb far more often than a month: only the capitalised word counts.
      if (
        month !== undefined &&
        !(lower === 'may' && word === 'may') &&
        !(lower === 'mar' && word === 'mar')
      ) {
        tokens.push({ type: 'month', index, end: m[7] ? end : index + word.length, value: month });
      } else if (weekday !== undefined) {
        tokens.push({ type: 'weekday', index, end: m[7] ? end : index + word.length, value: weekday });
      } else if (
        lower === 'to' ||
        lower === 'till' ||
        lower === 'until' ||
        lower === 'through' ||
        lower === 'thru' ||
        lower === 'au' ||
        lower === 'al' ||
        lower === 'bis'
      ) {
        tokens.push({ type: 'to', index, end: index + word.length, value: 0 });
      } else if (lower === 'and' || lower === 'et' || lower === 'y' || lower === 'und') {
        tokens.push({ type: 'and', index, end: index + word.length, value: 0 });
      } else if (lower === 'of' || lower === 'de') {
        tokens.push({ type: 'of', index, end: index + word.length, value: 0 });
      } else if (
        lower === 'from' ||
        lower === 'du' ||
        lower === 'between' ||
        lower === 'del' ||
        lower === 'vom'
      ) {
        tokens.push({ type: 'from', index, end: index + word.length, value: 0 });
      } else if (lower === 'the' || lower === 'le' || lower === 'el' || lower === 'den') {
        tokens.push({ type: 'the', index, end: index + word.length, value: 0 });
      } else {
        tokens.push({ type: 'other', index, end: index + word.length, value: 0 });
      }
    } else if (m[8] !== undefined) {
      tokens.push({ type: 'dash', index, end, value: 0 });
    } else if (m[9] !== undefined) {
      tokens.push({ type: 'comma', index, end, value: 0 });
    } else if (m[10] !== undefined) {
      tokens.push({ type: 'and', index, end, value: 0 });
    } else {
      tokens.push({ type: 'other', index, end, value: 0 });
    }
  }
  return tokens;
}

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
}

/**
 * Finds the date expressions in `text`. Overlapping readings are resolved in favour of
 * the longest (so "11 November 11 2022" reads as "November 11 2022", the reading that
 * includes a year). Impossible dates are returned as problems, not mentions.
 */
export function findDates(text: string): { mentions: DateMention[]; problems: DateProblem[] } {
  // Every date shape has a digit and a month (by name or in an ISO date); most lines have neither.
  if (!/\d/.test(text) || !MONTH_HINT.test(text)) return { mentions: [], problems: [] };
  const tokens = tokenize(text);
  const candidates: Candidate[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const matcher of MATCHERS) {
      const c = matcher(tokens, i);
      if (c) candidates.push(c);
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
    mentions.push(mention);
  }
  return { mentions, problems };
}

function isValidPartial(d: PartialDate): boolean {
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) return false;
  // Without a year, 29 February is possible; check against a leap year.
  const year = d.year ?? 2024;
  return DateTime.fromObject({ year, month: d.month, day: d.day }, { zone: 'UTC' }).isValid;
}

type Matcher = (t: Token[], i: number) => Candidate | undefined;

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
  const sep = separatorAt(t, k + 1);
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
  if (!is(t, k, 'month')) return undefined;
  const month = (t[k] as Token).value;
  const y = trailingYear(t, k + 1);
  const date = withWeekday({ day: d, month, ...(y.year === undefined ? {} : { year: y.year }) }, w.weekday);
  return { date, next: y.next, hasYear: y.year !== undefined };
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

/** Lists of days in one month: "21st and 22nd of May 2013", "26 and 27 of January 2016", "4, 5 and 6 June". */
const dayList: Matcher = (t, i) => {
  const days: number[] = [];
  let k = i;
  const first = dayAt(t, k);
  if (first === undefined) return undefined;
  days.push(first);
  k++;
  let sawAnd = false;
  for (;;) {
    if (is(t, k, 'comma') || is(t, k, 'and')) {
      if (is(t, k, 'and')) sawAnd = true;
      k++;
      if (is(t, k, 'and')) {
        sawAnd = true;
        k++;
      }
      const d = dayAt(t, k);
      if (d === undefined) return undefined;
      days.push(d);
      k++;
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
  const list = days.map((day) => ({ day, month, ...(y.year === undefined ? {} : { year: y.year }) }));
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

const MATCHERS: Matcher[] = [
  dayDayMonth,
  dayMonthRange,
  monthDayDay,
  monthDayRange,
  dayList,
  dateList,
  dashedDayMonthYear,
  singleDayMonth,
  singleMonthDay,
  isoDate,
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

/** `YYYY-MM-DD` of a complete date. */
export function toLocalDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Parses `YYYY-MM-DD` (or the date part of an ISO string) into numbers. */
export function parseLocalDate(s: string): { year: number; month: number; day: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) return undefined;
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
 * Plain integer arithmetic: calendar-day questions need no time zone and no date library.
 */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z0: number): [number, number, number] {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function dayNumber(date: string): number {
  return daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

/** Days from `a` to `b` (both `YYYY-MM-DD`, or ISO strings whose date part is used). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** `date` plus `n` days. */
export function addDays(date: LocalDate, n: number): LocalDate {
  const [y, m, d] = civilFromDays(dayNumber(date) + n);
  return toLocalDate(y, m, d);
}

/** ISO weekday (1 = Monday) of a calendar date, independent of any time zone. */
export function weekdayOf(date: LocalDate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** "Monday" for 1 ... "Sunday" for 7. */
export function weekdayName(n: number): string {
  return WEEKDAY_NAMES[n] ?? '';
}

/** How a missing year was filled. */
export type YearSource = 'stated' | 'context' | 'document' | 'weekday' | 'relative' | 'assumed';

/**
 * "Friday 22 March" with no year anywhere: the year nearest to `anchor` (at most 14 years
 * away, the earlier one on a tie) in which that day falls on that weekday.
 */
export function yearFromWeekday(d: PartialDate, anchor: LocalDate): number | undefined {
  if (d.weekday === undefined || d.year !== undefined) return undefined;
  const a = parseLocalDate(anchor);
  if (!a) return undefined;
  for (let k = 0; k <= 14; k++) {
    for (const y of [a.year - k, a.year + k]) {
      if (!DateTime.fromObject({ year: y, month: d.month, day: d.day }, { zone: 'UTC' }).isValid) continue;
      if (weekdayOf(toLocalDate(y, d.month, d.day)) === d.weekday) return y;
    }
  }
  return undefined;
}

/**
 * Completes a partial date's year from an anchor. With an anchor from the same document
 * (`context`) the nearest year wins; with the document's own date (`document`) the date
 * is taken to lie between four months before and eight months after it, because
 * announcements speak of coming meetings and sometimes of recent ones.
 */
export function completeYear(d: PartialDate, anchor: LocalDate, mode: 'context' | 'document'): number {
  if (d.year !== undefined) return d.year;
  const a = parseLocalDate(anchor);
  if (!a) return 2000;
  let best = a.year;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const y of [a.year - 1, a.year, a.year + 1]) {
    if (!DateTime.fromObject({ year: y, month: d.month, day: d.day }, { zone: 'UTC' }).isValid) continue;
    const diff = daysBetween(anchor, toLocalDate(y, d.month, d.day));
    const score =
      mode === 'context'
        ? Math.abs(diff)
        : diff >= -120 && diff < 245
          ? Math.abs(diff)
          : 10_000 + Math.abs(diff);
    if (score < bestScore) {
      bestScore = score;
      best = y;
    }
  }
  return best;
}

/** "9 June 2014", "7-8 October 2013", "30 April - 2 May 2014", "30 December 2013 - 2 January 2014". */
export function formatDateSpan(start: LocalDate, end: LocalDate): string {
  const a = parseLocalDate(start);
  const b = parseLocalDate(end);
  if (!a || !b) return `${start} - ${end}`;
  if (start === end) return `${a.day} ${MONTH_NAMES[a.month]} ${a.year}`;
  if (a.year === b.year && a.month === b.month) return `${a.day}-${b.day} ${MONTH_NAMES[a.month]} ${a.year}`;
  if (a.year === b.year)
    return `${a.day} ${MONTH_NAMES[a.month]} - ${b.day} ${MONTH_NAMES[b.month]} ${a.year}`;
  return `${a.day} ${MONTH_NAMES[a.month]} ${a.year} - ${b.day} ${MONTH_NAMES[b.month]} ${b.year}`;
}

/** An instant in `zone`, ISO 8601 with offset; undefined when the zone is unusable. */
export function instant(date: LocalDate, time: string, zone: string): string | undefined {
  const d = parseLocalDate(date);
  if (!d) return undefined;
  const [h, m] = time.split(':').map(Number);
  let dt = DateTime.fromObject({ ...d, hour: (h ?? 0) % 24, minute: m ?? 0 }, { zone });
  if (h === 24) dt = dt.plus({ days: 1 });
  if (!dt.isValid) return undefined;
  return dt.toISO({ suppressMilliseconds: true }) ?? undefined;
}
