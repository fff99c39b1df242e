import type ICAL from 'ical.js';
import type { ExtractionWarning } from './types.js';

/**
 * Recurrence rules that ical.js may expand: time zone observances bounded before it sees
 * them, and event rules on which it would loop for ever refused.
 */

type Component = InstanceType<typeof ICAL.Component>;
type Time = InstanceType<typeof ICAL.Time>;

/** The earliest year a time zone observance is expanded from: no meeting we track is older. */
const ZONE_RULE_FIRST_YEAR = 1900;
/** At most this many changes a year per observance rule (real rules change once a year). */
const ZONE_RULE_MAX_PER_YEAR = 12;

/**
 * Makes every VTIMEZONE observance cheap to expand before ical.js ever sees it. ical.js
 * expands an observance's RRULE from its DTSTART up to the year it is asked about, with
 * no bound: a 300-byte calendar whose zone changes every second since 1970 took half a
 * minute and 640 MB. Real zones change offset a few times a year, so a rule may only
 * repeat yearly (or monthly) with a few BYMONTH/BYDAY/BYMONTHDAY values; any other rule
 * is dropped with a warning (the observance then applies from its DTSTART, as without a
 * rule), and expansion starts no earlier than 1900, so the work per zone is a few
 * thousand steps at most, whatever the file says.
 */
export function boundZoneRules(cal: Component, warnings: ExtractionWarning[]): void {
  for (const zone of cal.getAllSubcomponents('vtimezone')) {
    const tzid = String(zone.getFirstPropertyValue('tzid') ?? '').slice(0, 80) || '(no TZID)';
    for (const observance of zone.getAllSubcomponents()) {
      const dtstart = observance.getFirstProperty('dtstart');
      const start = dtstart?.getFirstValue() as Time | null | undefined;
      const rules = observance.getAllProperties('rrule');
      if (rules.length === 0) continue;
      for (const [i, prop] of rules.entries()) {
        const rule = prop.getFirstValue() as InstanceType<typeof ICAL.Recur> | null;
        const problem = i > 0 ? 'only one rule per observance is read' : zoneRuleProblem(rule);
        if (!problem) continue;
        observance.removeProperty(prop);
        warnings.push({
          code: 'ics.timezone-rule-ignored',
          message: `The time zone ${tzid} has a rule that was ignored (${problem}): times in it may be off by the offset change it described.`,
        });
      }
      if (
        start &&
        typeof start === 'object' &&
        Number.isFinite(start.year) &&
        start.year < ZONE_RULE_FIRST_YEAR
      ) {
        // The change times of a yearly rule do not depend on its first year.
        const later = start.clone();
        later.year = ZONE_RULE_FIRST_YEAR;
        dtstart?.setValue(later);
      }
    }
  }
}

/** Why an observance rule would be too costly to expand, or undefined when it is fine. */
function zoneRuleProblem(rule: InstanceType<typeof ICAL.Recur> | null): string | undefined {
  if (!rule) return 'it cannot be read';
  const freq = String(rule.freq ?? '');
  if (freq !== 'YEARLY' && freq !== 'MONTHLY')
    return `FREQ=${freq.slice(0, 20)} repeats too often for a time zone`;
  const parts = (rule.parts ?? {}) as Record<string, unknown[]>;
  for (const key of ['BYSETPOS', 'BYWEEKNO', 'BYYEARDAY']) {
    if ((parts[key]?.length ?? 0) > 0) return `${key} is not used by time zones`;
  }
  // Producers often restate the change time (BYHOUR=2;BYMINUTE=0): one value each is fine.
  for (const key of ['BYSECOND', 'BYMINUTE', 'BYHOUR']) {
    if ((parts[key]?.length ?? 0) > 1) return `more than one ${key} value`;
  }
  const count = (key: string) => Math.max(1, parts[key]?.length ?? 0);
  const months = freq === 'MONTHLY' ? 12 : count('BYMONTH');
  // Weekdays: a plain day ("SU") falls up to five times a month; with BYMONTHDAY it narrows it.
  const days =
    (parts.BYMONTHDAY?.length ?? 0) > 0
      ? count('BYMONTHDAY')
      : (parts.BYDAY ?? []).reduce<number>((n, d) => n + (/^[+-]?\d/.test(String(d)) ? 1 : 5), 0) || 1;
  if (months * days > ZONE_RULE_MAX_PER_YEAR) return 'it changes the offset more than a few times a year';
  return undefined;
}

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Rules that could make the expander spin without producing occurrences (values out of
 * range, a month day no listed month has, sub-hourly frequencies) are refused up front.
 */
export function unsafeRule(rule: InstanceType<typeof ICAL.Recur>, allDay: boolean): string | undefined {
  const freq = String(rule.freq ?? '');
  if (freq === 'SECONDLY' || freq === 'MINUTELY') return `FREQ=${freq} is not expanded`;
  const parts = (rule.parts ?? {}) as Record<string, unknown[]>;
  if (
    allDay &&
    (freq === 'HOURLY' || ['BYHOUR', 'BYMINUTE', 'BYSECOND'].some((k) => (parts[k]?.length ?? 0) > 0))
  ) {
    return 'an all-day event cannot repeat by the hour';
  }
  const nums = (k: string) => (parts[k] ?? []).map((v) => Number(v));
  const inRange = (k: string, lo: number, hi: number, allowNegative = false) =>
    nums(k).every(
      (n) => Number.isInteger(n) && (allowNegative ? Math.abs(n) >= lo : n >= lo) && Math.abs(n) <= hi,
    );
  // RFC 5545 3.3.10: which BY* parts each frequency allows. ical.js loops without end on
  // some combinations it should reject (FREQ=HOURLY;BYDAY=-53TU), so they are refused here.
  const has = (k: string) => (parts[k]?.length ?? 0) > 0;
  const weekdays = (parts.BYDAY ?? []).map((v) => String(v));
  const ordinals = weekdays
    .map((d) => /^([+-]?\d+)/.exec(d)?.[1])
    .filter((o) => o !== undefined)
    .map(Number);
  if (ordinals.length > 0) {
    if (freq !== 'MONTHLY' && freq !== 'YEARLY')
      return `BYDAY with a number is only valid for MONTHLY or YEARLY`;
    const limit = freq === 'MONTHLY' || has('BYMONTH') ? 5 : 53;
    if (ordinals.some((o) => o === 0 || Math.abs(o) > limit)) return 'BYDAY number out of range';
  }
  if (!weekdays.every((d) => /^[+-]?\d{0,2}(MO|TU|WE|TH|FR|SA|SU)$/i.test(d)))
    return 'BYDAY value not understood';
  if (has('BYWEEKNO') && freq !== 'YEARLY') return 'BYWEEKNO is only valid for YEARLY';
  if (has('BYYEARDAY') && (freq === 'DAILY' || freq === 'WEEKLY' || freq === 'MONTHLY')) {
    return `BYYEARDAY is not valid for ${freq}`;
  }
  if (has('BYMONTHDAY') && freq === 'WEEKLY') return 'BYMONTHDAY is not valid for WEEKLY';
  if ((freq === 'DAILY' || freq === 'HOURLY') && nums('BYMONTHDAY').some((n) => n < 0)) {
    // Valid, but ical.js never finds an occurrence for it (it loops); MONTHLY expresses the same.
    return `a negative BYMONTHDAY with FREQ=${freq} is not expanded (use FREQ=MONTHLY)`;
  }
  if (has('BYSETPOS')) {
    if (freq !== 'WEEKLY' && freq !== 'MONTHLY' && freq !== 'YEARLY')
      return `BYSETPOS is not expanded for ${freq}`;
    // The fewest occurrences a period is sure to hold; a position beyond it may never exist,
    // and ical.js would search for it forever.
    const plain = weekdays.length - ordinals.length;
    const perPeriod =
      freq === 'WEEKLY' ? 1 : freq === 'MONTHLY' ? 4 : has('BYMONTH') ? 4 * nums('BYMONTH').length : 52;
    let size = 1;
    if (weekdays.length > 0) size = plain * perPeriod + ordinals.length;
    else if (has('BYMONTHDAY')) size = nums('BYMONTHDAY').length;
    else if (has('BYYEARDAY')) size = nums('BYYEARDAY').length;
    size *= Math.max(1, nums('BYHOUR').length) * Math.max(1, nums('BYMINUTE').length);
    if (nums('BYSETPOS').some((n) => n === 0 || Math.abs(n) > size))
      return 'BYSETPOS beyond the occurrences of a period';
  }
  if (!inRange('BYMONTH', 1, 12)) return 'BYMONTH out of range';
  if (!inRange('BYMONTHDAY', 1, 31, true)) return 'BYMONTHDAY out of range';
  if (!inRange('BYYEARDAY', 1, 366, true)) return 'BYYEARDAY out of range';
  if (!inRange('BYWEEKNO', 1, 53, true)) return 'BYWEEKNO out of range';
  if (!inRange('BYHOUR', 0, 23)) return 'BYHOUR out of range';
  if (!inRange('BYMINUTE', 0, 59)) return 'BYMINUTE out of range';
  if (!inRange('BYSECOND', 0, 60)) return 'BYSECOND out of range';
  if (!inRange('BYSETPOS', 1, 366, true)) return 'BYSETPOS out of range';
  const months = nums('BYMONTH');
  const days = nums('BYMONTHDAY').filter((d) => d > 0);
  if (months.length > 0 && days.length > 0 && nums('BYMONTHDAY').every((d) => d > 0)) {
    const longest = Math.max(...months.map((m) => MONTH_DAYS[m - 1] ?? 31));
    if (days.every((d) => d > longest)) return 'no listed month has the listed day';
  }
  const interval = Number(rule.interval ?? 1);
  if (!Number.isInteger(interval) || interval < 1 || interval > 10_000) return 'INTERVAL out of range';
  return undefined;
}
