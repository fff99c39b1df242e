/**
 * Which lines announce a meeting and which only carry a date for another reason. This
 * layer looks at one line (or sentence) at a time and says what its date is: the stamp of
 * a post or a mail in an archive, a reference line, a deadline... The reader skips those
 * lines when it looks for meetings.
 */

import { lookupCity } from './gazetteer.js';
import { placeByName } from './places.js';

const WEEKDAY = '(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?';
const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';

/** "Mon Sep 23 04:00:41 PDT 2013": the ctime stamp of a message in a mail archive. */
const CTIME_STAMP = new RegExp(
  `^\\s*${WEEKDAY}\\s+${MONTH}\\s+\\d{1,2}\\s+\\d{1,2}:\\d{2}(?::\\d{2})?\\s+(?:[A-Z]{2,5}\\s+|[+-]\\d{4}\\s+)?\\d{4}\\s*$`,
  'i',
);

/** "Date: Mon, 23 Sep 2013 04:00:41 -0700": a mail header's date with its seconds and offset, quoted or not ("> Date: ..."). */
const MAIL_DATE = /^\s*(?:>\s*)*(?:date|sent)\s*:\s*.*\d{1,2}:\d{2}:\d{2}\s*(?:[+-]\d{4}|[A-Z]{2,5})/i;

/** "alice · comment · 2023-09-03", "bob commented on 3 Sep 2023": who posted what, and when. */
const POST_HEADER =
  /^\s*[\w.@-]{1,40}(?:\s+[\w.@-]{1,40}){0,3}\s*(?:[·•|]\s*)?(?:description|comment(?:ed)?|repl(?:y|ied)|answer(?:ed)?|posted|wrote|edited|opened|closed)\b(?:\s+(?:on|at))?\s*(?:[·•|,]\s*)?\S.{0,40}$/i;

/**
 * True when a line is only the stamp of a post or a message (an archive's ctime date, a
 * thread's "author · comment · date" line, a mail header's date), not a meeting's date.
 */
export function isPostStamp(line: string): boolean {
  const t = line.trim();
  if (t.length > 100) return false;
  if (CTIME_STAMP.test(t) || MAIL_DATE.test(t)) return true;
  return POST_HEADER.test(t) && /\d{4}/.test(t) && !/\b(?:meeting|session|call)\b/i.test(t);
}

/** "Dear colleagues,", "Excellency,", "Madame, Monsieur,", "Estimados": a letter's salutation. */
const SALUTATION =
  /^\s*(?:dear|excellenc(?:y|ies)|your excellenc|to whom|madame|monsieur|mesdames|chers?|ch[èe]res?|estimad[oa]s?|sehr geehrte|liebe)\b/i;

/**
 * True when a line holding only a date is a letter's date: the salutation follows it
 * ("17 September 2013" above "Dear Member States").
 */
export function isLetterDate(line: string, dateLength: number, next: string | undefined): boolean {
  const rest = line.trim().length - dateLength;
  return rest <= 12 && next !== undefined && SALUTATION.test(next);
}

/** Labels of a message header block, as forwarded and replied messages quote them. */
const HEADER_LABEL =
  /^(?:from|to|cc|bcc|sent|date|subject|reply-to|de|para|envoy[ée]|objet|asunto|fecha|von|an|gesendet|betreff|datum)$/i;

/**
 * True when unit `k` is the `Date:`/`Sent:` line of a quoted message header: its label is one
 * and a unit just before or after it is another header label. A message's stamp is one
 * instant: a value with a span of hours or a second sentence ("Date: 4 May 2027, 10:00-12:00,
 * Room B. Coffee from 9:30.") is a meeting's date under a "Subject:" line, not a stamp.
 */
export function isMessageHeader(
  units: readonly { text: string; label?: { name: string } }[],
  k: number,
): boolean {
  const name = units[k]?.label?.name.trim() ?? '';
  if (!/^(?:date|sent|envoy[ée]|fecha|gesendet|datum)$/i.test(name)) return false;
  if (MEETING_HOURS.test(units[k]?.text ?? '')) return false;
  const near = (j: number) => HEADER_LABEL.test(units[j]?.label?.name.trim() ?? '');
  return near(k - 1) || near(k + 1);
}

/** A span of hours, or a full stop and a new sentence after the value. */
const MEETING_HOURS =
  /\d{1,2}(?:[:.h]\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:-|\u2013|to|until)\s*\d{1,2}(?:[:.h]\d{2}|\s*[ap]\.?m)|[.;]\s+\p{Lu}\p{Ll}/u;

/**
 * "Nairobi, 14 February 2028 – The Council will convene ...", "GENEVA (12 January 2028) – ...",
 * "Addis Ababa, 20 November 2028: ...": a news release opens its first paragraph with where
 * and when it was written. Given the paragraph's first date, the offset just after that lead
 * (its dash or colon), or undefined. The place must be a known city, and a sentence must follow
 * (a programme line "Geneva, 6 March 2028 – Opening session" is a meeting, not a lead).
 */
export function pressLeadEnd(text: string, date: { index: number; length: number }): number | undefined {
  const place = PRESS_PLACE.exec(text.slice(0, date.index));
  if (!place || !(lookupCity(place[1] as string) || placeByName(place[1] as string))) return undefined;
  const dash = /^\s*\)?\s*(?:--|[-\u2013\u2014:])\s+/.exec(text.slice(date.index + date.length));
  if (!dash) return undefined;
  const end = date.index + date.length + dash[0].length;
  return /^(?:\S+\s+){7,}\S/.test(text.slice(end)) ? end : undefined;
}

/** A city (a few capitalised words), perhaps a country or state after a comma, then "," or "(" before the date. */
const PRESS_PLACE =
  /^\s*([A-Z][\p{L}'.-]*(?:[ -][A-Z][\p{L}'.-]*){0,3})(?:\s*,\s*[A-Z][\p{L}'.]*(?:\s[A-Z][\p{L}'.]*){0,2})?\s*[,(]\s*$/u;
