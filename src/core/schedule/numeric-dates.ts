/**
 * Dates written in numbers only: "04/03/2027", "3/4/2027", "04-03-2027", "2027/03/04",
 * "3/9/27". A year written first fixes the order (year, month, day); otherwise the day
 * comes first in most of the world and the month first in the United States, so the
 * order is the document's (see `date-order.ts`) unless a number above 12 settles it.
 * Dots ("04.03.2027") are read in `dates.ts`, always day first.
 */
import { DateTime } from 'luxon';
import type { Token } from './date-words.js';

/** Which of the two small numbers of "04/03/2027" is the day. */
export type NumericOrder = 'dmy' | 'mdy';

/** A numeric date read from the tokens at `i`. */
export interface NumericDate {
  year: number;
  month: number;
  day: number;
  /** Token index after the date. */
  next: number;
  /** Both small numbers could be the month: the reading follows the order it was given. */
  ambiguous: boolean;
}

/** A separator written tight between two numbers: a slash or a hyphen. */
function separator(t: Token[], k: number): '/' | '-' | undefined {
  const tok = t[k];
  if (!tok || tok.index !== (t[k - 1] as Token | undefined)?.end || t[k + 1]?.index !== tok.end)
    return undefined;
  if (tok.type === 'dash' && tok.end - tok.index === 1) return '-';
  return tok.mark === '/' ? '/' : undefined;
}

function small(tok: Token | undefined): number | undefined {
  if (tok?.type !== 'num' || tok.ordinal || (tok.digits ?? 0) > 2 || tok.value < 1) return undefined;
  return tok.value;
}

function fullYear(tok: Token | undefined): number | undefined {
  if (tok?.type !== 'num' || tok.ordinal || tok.digits !== 4) return undefined;
  return tok.value >= 1900 && tok.value <= 2100 ? tok.value : undefined;
}

/**
 * "04/03/2027" (and "3/9/27" with a slash): two small numbers and a year, joined tight by
 * the same separator; "2027/03/04": the year first. A weekday (1 = Monday) written before
 * an ambiguous date chooses the order it fits. A number run that goes on ("1/2/2027/3",
 * a document symbol "E/2027/12/3") or starts inside one is no date.
 */
export function numericDateAt(
  t: Token[],
  i: number,
  order: NumericOrder,
  weekday?: number,
): NumericDate | undefined {
  const read = readAt(t, i, order);
  if (!read?.ambiguous || weekday === undefined) return read;
  // A weekday written before an ambiguous date picks the order it fits.
  const other = readAt(t, i, order === 'dmy' ? 'mdy' : 'dmy');
  const fits = (d: NumericDate) =>
    DateTime.fromObject({ year: d.year, month: d.month, day: d.day }, { zone: 'UTC' }).weekday === weekday;
  if (other && !fits(read) && fits(other)) return { ...other, ambiguous: false };
  if (other && fits(read) && !fits(other)) return { ...read, ambiguous: false };
  return read;
}

function readAt(t: Token[], i: number, order: NumericOrder): NumericDate | undefined {
  const first = t[i];
  if (first?.type !== 'num') return undefined;
  const before = t[i - 1];
  if (
    before &&
    before.end === first.index &&
    (before.mark === '/' || before.mark === '.' || before.type === 'dash')
  )
    return undefined;
  const sep = separator(t, i + 1);
  if (!sep || separator(t, i + 3) !== sep) return undefined;
  const after = t[i + 5];
  if (after && after.index === (t[i + 4] as Token).end && (after.mark === '/' || after.type === 'dash'))
    return undefined;
  const yearFirst = fullYear(first);
  if (yearFirst !== undefined) {
    const month = small(t[i + 2]);
    const day = small(t[i + 4]);
    if (month === undefined || day === undefined || month > 12 || day > 31) return undefined;
    return { year: yearFirst, month, day, next: i + 5, ambiguous: false };
  }
  const a = small(first);
  const b = small(t[i + 2]);
  const last = t[i + 4];
  // "3/9/27": a two-digit year only with slashes, as US notices write it.
  const year =
    fullYear(last) ??
    (sep === '/' && last?.type === 'num' && last.digits === 2 && !last.ordinal
      ? 2000 + last.value
      : undefined);
  if (a === undefined || b === undefined || year === undefined || a > 31 || b > 31) return undefined;
  if (a > 12 && b > 12) return undefined;
  const dayFirst = a > 12 || (b <= 12 && order === 'dmy');
  const [day, month] = dayFirst ? [a, b] : [b, a];
  return { year, month, day, next: i + 5, ambiguous: a <= 12 && b <= 12 && a !== b };
}
