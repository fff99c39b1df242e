/**
 * The order a document writes its numeric dates in: "04/03/2027" is 4 March in most of the
 * world and 3 April in the United States. The text decides, strongest sign first:
 * a numeric date whose day is above 12 ("24/03/2027", "week of 10/29"); the order of the dates it writes with
 * month names ("March 4" is month first, "4 March", "4 mars", "4. März" day first); a place
 * or zone in the United States ("Austin, TX", "6 p.m. ET"); a usual venue elsewhere (Nairobi,
 * Geneva). Without any sign the day comes
 * first, and the reading says it was not settled.
 */
import { tokenize } from './date-words.js';
import { findDates } from './dates.js';
import type { NumericOrder } from './numeric-dates.js';
import { findPlaces, usStateByName } from './places.js';

export interface DateOrder {
  order: NumericOrder;
  /** Why the order is only assumed, when the text does not settle it. */
  assumed?: string;
}

const NUMERIC = /(?<![\d/.-])(\d{1,2})([/-])(\d{1,2})\2(?:\d{4}|\d{2})(?![\d/-])/g;
/** "Week of 10/29": a day and month without a year also show the writer's order ("24/7" is no date). */
const PAIR = /(?<![\d/.-])(?!24\/7\b)(\d{1,2})\/(\d{1,2})(?![\d/])/g;

/** US zones as written after a time: "ET", "EST", "PDT", "Eastern Time", "Central Standard Time". */
const US_ZONE =
  /\b(?:[ECMP][SD]?T|AKST|AKDT|HST)\b(?![-/]\d)|\b(?:Eastern|Central|Mountain|Pacific)\s+(?:(?:Standard|Daylight)\s+)?Time\b/;

/** "Springfield, IL", "Austin, Texas", "Portland, OR 97204": a US state after a comma. */
const STATE_AFTER_COMMA = /,\s*([A-Z]{2}|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\b/g;

/** Where numeric dates are written month first (Canada writes both). */
const MONTH_FIRST_COUNTRIES = new Set(['US', 'CA', 'PH', 'FM', 'MH', 'PW', 'BZ']);

export function documentDateOrder(text: string): DateOrder {
  const settled = { dmy: 0, mdy: 0 };
  let seen = false;
  for (const m of text.matchAll(NUMERIC)) {
    seen = true;
    const a = Number(m[1]);
    const b = Number(m[3]);
    if (a > 12 && b <= 12) settled.dmy++;
    else if (b > 12 && a <= 12) settled.mdy++;
  }
  for (const m of text.matchAll(PAIR)) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12 && a <= 31 && b >= 1 && b <= 12) settled.dmy++;
    else if (b > 12 && b <= 31 && a >= 1 && a <= 12) settled.mdy++;
  }
  if (settled.dmy > 0 && settled.mdy === 0) return { order: 'dmy' };
  if (settled.mdy > 0 && settled.dmy === 0) return { order: 'mdy' };
  // No numeric date to read: the order does not matter.
  if (!seen) return { order: 'dmy' };
  const named = namedOrder(text);
  if (named) return { order: named };
  if (inUnitedStates(text)) return { order: 'mdy' };
  // A venue of the place table outside the countries that write the month first.
  if (findPlaces(text).some((p) => !MONTH_FIRST_COUNTRIES.has(p.place.country))) return { order: 'dmy' };
  return {
    order: 'dmy',
    assumed: 'written in numbers only; read day first, as the text gives no sign of the order',
  };
}

/** The order of the dates written with month names, when they all agree. */
function namedOrder(text: string): NumericOrder | undefined {
  let dayFirst = 0;
  let monthFirst = 0;
  for (const m of findDates(text).mentions) {
    const tokens = tokenize(m.text);
    const month = tokens.findIndex((t) => t.type === 'month');
    const num = tokens.findIndex((t) => t.type === 'num');
    if (month < 0 || num < 0) continue;
    if (month < num) monthFirst++;
    else dayFirst++;
  }
  if (dayFirst > 0 && monthFirst === 0) return 'dmy';
  if (monthFirst > 0 && dayFirst === 0) return 'mdy';
  return undefined;
}

function inUnitedStates(text: string): boolean {
  if (US_ZONE.test(text)) return true;
  if (findPlaces(text).some((p) => p.place.country === 'US')) return true;
  for (const m of text.matchAll(STATE_AFTER_COMMA)) if (usStateByName(m[1] as string)) return true;
  return false;
}
