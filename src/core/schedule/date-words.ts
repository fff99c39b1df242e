/**
 * The words of dates: month and weekday names and abbreviations in the languages the reader
 * knows (English, French, Spanish, German), the connectives of ranges and lists ("to", "au",
 * "bis", "and", "de"), and the tokenizer that turns a text into these words, numbers and dashes
 * for the date patterns of `dates.ts`.
 */

/** English numbers one to twelve in words: the hours of "three o'clock", the counts of "two hours". */
export const ENGLISH_ONE_TO_TWELVE: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
};

/** What a token of a date is: a number, a name, or a word or sign that joins dates. */
export type TokenType =
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

/** One token: its place in the text and what it says. */
export interface Token {
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
  /** other: the one punctuation character it is ("/", "."), when it is one. */
  mark?: string;
  /** month: a word of its own elsewhere ("ago", "dic"), a month only in a date with a year. */
  weak?: boolean;
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
  // Spanish (abbreviations that are words of their own elsewhere are in WEAK_MONTHS).
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

/**
 * Spanish abbreviations that are also words ("ago", "set", "mar" the sea, "dic"): a month only
 * in a date with its year ("4 dic. 2027", "04-ago-2027").
 */
const WEAK_MONTHS: Record<string, number> = { ene: 1, abr: 4, ago: 8, set: 9, dic: 12, mar: 3 };

/** Weekday names and abbreviations of the languages the reader knows (1 = Monday). */
export const WEEKDAY_WORDS: Readonly<Record<string, number>> = WEEKDAYS;

/** Cheap test for "could contain a date": a month name's first letters, or an ISO date. */
export const MONTH_HINT =
  /j[aä]n|f[eé]v|feb|m[aä]r|apr|avr|abr|ma[yi]|jun|juin|jul|juil|aug|ao[uû]|ago|sep|set|oct|okt|nov|d[eé][cz]|dic|ene|\d{4}[-\u2010\u2011]\d{2}[-\u2010\u2011]\d{2}|\d\.\d{1,2}\.(?:19|20)\d\d|\d[/-]\d{1,2}[/-]\d\d|(?:19|20)\d\d\/\d/i;

/** English weekday names by number (1 = Monday, index 0 unused). */
export const WEEKDAY_NAMES = [
  '',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
];

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
  /[*_]+|(\d{4})[-\u2010\u2011](\d{2})[-\u2010\u2011](\d{2})(?!\d)|(\d{1,4})(st|nd|rd|th|er|º|°|\.(?=[ \t]+[A-Za-zÀ-ÿ]))?(?![\d]|:\d)|([A-Za-zÀ-ÿ]+)(\.?)|([-\u2010\u2011\u2012\u2013\u2014\u2015\u2212])|(,)|(&)|(\S)/gu;

/** The tokens of a text: numbers, month and weekday names, dashes and connectives. */
export function tokenize(text: string): Token[] {
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
      } else if (WEAK_MONTHS[lower] !== undefined && weekday === undefined) {
        const value = WEAK_MONTHS[lower] as number;
        tokens.push({ type: 'month', index, end: m[7] ? end : index + word.length, value, weak: true });
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
      tokens.push({ type: 'other', index, end, value: 0, mark: m[0] });
    }
  }
  return tokens;
}
