/** Times that restate another time in another zone, dropped from a unit's times. */
import type { TimeMention } from './times.js';
import { readZoneAfter } from './zones.js';

/** The times of a text without those that only give an earlier time's moment elsewhere. */
export function withoutEquivalents(text: string, times: TimeMention[]): TimeMention[] {
  return times.filter((_t, i) => !isEquivalent(text, times, i));
}

/**
 * "14:00 UTC (16:00 CEST)", "9.00 EST (18.30 Mumbai; 19.00 Dhaka)": times in brackets right
 * after a time are the same moment elsewhere, an equivalence and not more sessions.
 */
function isEquivalent(text: string, times: TimeMention[], i: number): boolean {
  const t = times[i] as TimeMention;
  // "9am ET / 3pm CET", "14:00-16:00 CET / 08:00-10:00 EST": a time and its zone, a slash, the same moment in another zone.
  const last = times[i - 1];
  if (last && !last.end === !t.end) {
    const from = last.index + last.length;
    const gap = text.slice(from, t.index);
    if (/^[^\d.;:]{1,30}[/|][\s]*$/.test(gap) && readZoneAfter(text, from) !== undefined) return true;
  }
  const open = text.lastIndexOf('(', t.index);
  const close = text.indexOf(')', open);
  if (open < 0 || (close >= 0 && close < t.index)) return false;
  const before = times.filter((x) => x.index + x.length <= open);
  const prev = before[before.length - 1];
  if (!prev) return false;
  // Between the earlier time and the bracket: only a zone ("UTC", "EST", "Geneva time").
  const gap = text.slice(prev.index + prev.length, open);
  return gap.length <= 30 && !/[.;:]|\d/.test(gap);
}
