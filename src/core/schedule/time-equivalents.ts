/** Times that restate another time in another zone, dropped from a unit's times. */
import { findTimes, type TimeMention } from './times.js';
import { readZoneAfter } from './zones.js';

/** The times of a text without those that only give an earlier time's moment elsewhere. */
export function withoutEquivalents(text: string, times: TimeMention[]): TimeMention[] {
  return times.filter((_t, i) => !isEquivalent(text, times, i));
}

/**
 * Where a text restates a time elsewhere: "(08:00 New York)", ", that is 08:00 in Washington".
 * The places there say where the same moment falls, never where the meeting is held.
 */
export function equivalentSpans(text: string): { start: number; end: number }[] {
  if (!EQUIVALENT_HINT.test(text)) return [];
  const times = findTimes(text, (i) => readZoneAfter(text, i) !== undefined).mentions;
  const out: { start: number; end: number }[] = [];
  for (const [i, t] of times.entries()) {
    if (!isEquivalent(text, times, i)) continue;
    const open = text.lastIndexOf('(', t.index);
    const close = open >= 0 ? text.indexOf(')', open) : -1;
    if (close > t.index) {
      out.push({ start: open, end: close + 1 });
      continue;
    }
    // ", that is 8:00 in Washington, in Room 5": up to the next comma or full stop.
    const stop = /[.;,)](?=\s|$)/g;
    stop.lastIndex = t.index + t.length;
    out.push({ start: t.index, end: stop.exec(text)?.index ?? text.length });
  }
  return out;
}

/** A cheap test before reading the times: a bracket opening on a digit, or a word of the same moment. */
const EQUIVALENT_HINT =
  /\(\s*\d|\b(?:that is|i\.\s?e\.|which is|or|equivalent to|corresponding to|soit|es decir|o sea|d\.\s?h\.|das hei(?:ß|ss)t)\W{0,3}(?:(?:at|[àa]|a las|um)\s+)?\d|(?:,|\/|\band)\s*\d{1,2}[:.h]\d{2}\s*(?:[ap]\.?m\.?\s*)?(?:in\s+)?[A-Z]/i;

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
  if (restates(text, times, i)) return true;
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

/**
 * "14:00 CEST, that is 08:00-10:00 EDT", "15:00 CET, i.e. 09:00 EST", "14h00 CET, soit 8h00 heure
 * de New York", "14:00 UTC, or 15:00 CET": a time with its zone, a word that says the same
 * moment follows, and the time in another zone. And a list of the same moment in other zones:
 * "15:00 CET, 9:00 EST, 6:00 PST", "14:00 Geneva time, 08:00 in New York and 22:00 in Tokyo".
 */
function restates(text: string, times: TimeMention[], i: number): boolean {
  const prev = times[i - 1];
  const t = times[i] as TimeMention;
  if (!prev) return false;
  const zone = readZoneAfter(text, prev.index + prev.length);
  const mark = zone ?? placeAfter(text, prev);
  if (!mark || mark.index + mark.length > t.index) return false;
  const gap = text.slice(mark.index + mark.length, t.index);
  const own = () => readZoneAfter(text, t.index + t.length) ?? placeAfter(text, t);
  const differs = () => {
    const other = own();
    return other !== undefined && other.text.trim().toLowerCase() !== mark.text.trim().toLowerCase();
  };
  const m = SAME_MOMENT.exec(gap);
  if (m && zone) {
    // "or" also offers another time: only the same moment when the zone differs.
    return !/^or$/i.test((m[1] ?? '').trim()) || differs();
  }
  if (!LIST_GAP.test(gap)) return false;
  // The list opens on a time with its zone; each time after it is that moment where its zone or place says.
  if (!zone && !restates(text, times, i - 1)) return false;
  return differs();
}

/** Between two times of a list: a comma, "and", a slash. */
const LIST_GAP = /^\s*(?:,\s*(?:and\s+)?|and\s+|\/\s*)$/;

/** "08:00 in New York", "22:00 Tokyo,": a place named right after a time, up to a comma, "and" or the end. */
function placeAfter(
  text: string,
  t: TimeMention,
): { text: string; index: number; length: number } | undefined {
  const from = t.index + t.length;
  const m = /^\s+(?:in\s+)?(\p{Lu}\p{Ll}+(?:[\s-]\p{Lu}\p{Ll}+){0,2})(?=\s*(?:[,;./)]|and\b|$))/u.exec(
    text.slice(from),
  );
  if (!m) return undefined;
  const name = m[1] as string;
  return { text: name, index: from + m[0].length - name.length, length: name.length };
}

/** Between a zone and the same moment elsewhere: ", that is", "i.e.", "which is", "soit", "es decir", "d. h.". */
const SAME_MOMENT =
  /^\s*[,;]?\s*(that is|i\.\s?e\.|which is|or|equivalent to|corresponding to|=|soit|c'est-[àa]-dire|es decir|o sea|d\.\s?h\.|das hei(?:ß|ss)t)\s*,?\s*(?:at\s+|[àa]\s+|a las\s+|um\s+)?$/i;
