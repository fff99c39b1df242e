/**
 * Same-length rewrites of a unit's text, for shapes the date and time scanners would
 * otherwise misread. Every rewrite keeps the text's length, so the unit's map to the
 * source (one offset per character) stays valid and evidence is still quoted verbatim.
 */

/** "4 th", "21 st" (a PDF extraction split the ordinal from its number) before or after a month. */
const SPLIT_ORDINAL =
  /(?<![\d.,:/])(\d{1,2}) (st|nd|rd|th)\b(?=\s*(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\W*\d{4}\b)/gi;

/**
 * An ISO 8601 interval within one day, "2027-03-03T10:00/2027-03-03T13:00" (offsets allowed
 * after each time): the slash becomes a dash and the repeated date is blanked, so that one day
 * with a range of times remains.
 */
const ISO_INTERVAL =
  /(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+\-\u2212]\d{2}(?::?\d{2})?)?)\/(\d{4}-\d{2}-\d{2})(?=T\d{2}:\d{2})/g;

export function respell(text: string): string {
  if (!/\d (?:st|nd|rd|th)\b|\dT\d/i.test(text)) return text;
  return text
    .replace(SPLIT_ORDINAL, (whole, n: string, suffix: string) =>
      ordinalFits(Number(n), suffix.toLowerCase()) ? `${n}${suffix} ` : whole,
    )
    .replace(ISO_INTERVAL, (whole, first: string, time: string, second: string) =>
      first === second ? `${first}T${time}\u2013${' '.repeat(second.length)}` : whole,
    );
}

/** "1 st", "22 nd", "3 rd", "4 th": the suffix agrees with the number, or it is no ordinal. */
function ordinalFits(n: number, suffix: string): boolean {
  if (n < 1 || n > 31) return false;
  const teen = n >= 11 && n <= 13;
  const last = n % 10;
  const expected = teen ? 'th' : last === 1 ? 'st' : last === 2 ? 'nd' : last === 3 ? 'rd' : 'th';
  return suffix === expected;
}
