import { findDates } from './dates.js';
import { foldKey } from './zones.js';

/**
 * Meeting identity in text: which series or body a meeting belongs to and its number.
 * "the sixth meeting of the WSIS+10 Multistakeholder Preparatory Platform (MPP)",
 * "the sixth MPP meeting", "MPP-6", "83rd meeting of Ecma TC39", "IETF 103", "the fifth
 * meeting". A meeting numbered "TBD" has a series but explicitly no number yet.
 */

const ORDINAL_WORDS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
  fortieth: 40,
  fiftieth: 50,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

const ORD_WORD = `(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[-\\s])?(?:${Object.keys(ORDINAL_WORDS).join('|')})`;
const ORD = `(\\d{1,3}(?:st|nd|rd|th)|${ORD_WORD}|TBD(?:th)?|TBA)`;
const QUALIFIERS =
  '(?:(?:ordinary|extraordinary|regular|plenary|special|resumed|informal|formal|preparatory|open-ended|physical|virtual|in-person|face-to-face|annual|additional)\\s+)*';
const KIND = '(?:meeting|session|conference|round|plenary)';

/** "sixth meeting of the", case-insensitive; the series name after it is read case-sensitively. */
const P_OF = new RegExp(`\\b(?:the\\s+)?${ORD}\\s+${QUALIFIERS}${KIND}\\s+(?:of|for)\\s+(?:the\\s+)?`, 'gi');
/** A word of a series name: capitalised words and acronyms, with a few connectors between them. */
const SERIES_WORD = /([A-Z][A-Za-z0-9+'’.&-]*)|(on|and|for|of|the|de|du|des|la|le|et)(?=\s+[A-Z])/y;

/** Reads a series name at `at`: up to ten words, then an optional "(ACRONYM)". */
function readSeries(text: string, at: number): { phrase: string; acronym?: string; end: number } | undefined {
  const words: string[] = [];
  let i = at;
  let end = at;
  while (words.length < 10) {
    SERIES_WORD.lastIndex = i;
    const m = SERIES_WORD.exec(text);
    if (!m) break;
    words.push(m[0]);
    i = end = SERIES_WORD.lastIndex;
    const ws = /[ \t\u00a0]+/y;
    ws.lastIndex = i;
    if (!ws.exec(text)) break;
    i = ws.lastIndex;
  }
  if (words.length === 0) return undefined;
  const paren = /\s*\(([A-Z][A-Za-z0-9+&-]{1,15})\)/y;
  paren.lastIndex = end;
  const p = paren.exec(text);
  // "(MPP-5)" names the series and repeats the number: the series is "MPP".
  if (p)
    return {
      phrase: words.join(' '),
      acronym: (p[1] as string).replace(/[-\s]\d{1,3}$/, ''),
      end: paren.lastIndex,
    };
  return { phrase: words.join(' '), end };
}

const P_ACRONYM = new RegExp(`\\b${ORD}\\s+([A-Z][A-Za-z]*[A-Z](?:\\+\\d+)?)(?:\\s+${KIND})?\\b`, 'gi');
const P_NUMBERED = /\b([A-Z][A-Za-z]*[A-Z](?:\+\d+)?)(?:-|\s|\u2011)(\d{1,3})(?![\dA-Za-z]|[.,:]\d)/g;
const P_BARE = new RegExp(`\\b(?:the\\s+)?${ORD}\\s+${QUALIFIERS}${KIND}\\b`, 'gi');

/** Acronyms that are time zones or technical names, never a meeting series. */
const NOT_SERIES = new Set([
  'US',
  'USA',
  'UK',
  'EU',
  'UN',
  'NY',
  'CA',
  'WA',
  'DC',
  'UTC',
  'GMT',
  'PST',
  'PDT',
  'EST',
  'EDT',
  'CST',
  'CDT',
  'MST',
  'MDT',
  'CET',
  'CEST',
  'BST',
  'JST',
  'ISO',
  'RFC',
  'HTTP',
  'COVID',
  'ECMA',
  'ES',
  'TLS',
  'IP',
  'TCP',
  'UDP',
  'DNS',
  'QUIC',
  'PO',
  'BOX',
  'NE',
  'NW',
  'SE',
  'SW',
  'AM',
  'PM',
]);

/** Weekday and month names (any case, full or short) are never a series. */
const CALENDAR_WORDS =
  /^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?$|^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december)$/i;

/** A meeting identity phrase found in a text, with its position. */
export interface IdentityMention {
  index: number;
  length: number;
  text: string;
  /** The series as written ("MPP", "TC39"), when named. */
  series?: string;
  ordinal?: number;
  /** The number is explicitly not known yet ("TBD meeting"). */
  tbd?: boolean;
  /** How the identity was written, from the most to the least specific. */
  pattern: 'of' | 'acronym' | 'numbered' | 'bare';
}

function parseOrdinal(raw: string): { ordinal?: number; tbd?: boolean } {
  const s = raw.toLowerCase().replace(/\s+/g, ' ');
  if (s.startsWith('tbd') || s === 'tba') return { tbd: true };
  const num = /^(\d{1,3})/.exec(s);
  if (num) return { ordinal: Number(num[1]) };
  const parts = s.split(/[-\s]/);
  if (parts.length === 2) {
    const tens = TENS[parts[0] as string];
    const unit = ORDINAL_WORDS[parts[1] as string];
    if (tens !== undefined && unit !== undefined) return { ordinal: tens + unit };
  }
  const single = ORDINAL_WORDS[s];
  return single === undefined ? {} : { ordinal: single };
}

/**
 * The series to use from a phrase: a parenthesised acronym wins ("... Platform (MPP)"),
 * then the last acronym-like word ("Ecma TC39" -> "TC39", "WSIS+10 MPP" -> "MPP"), then the
 * phrase itself without trailing connectors.
 */
export function seriesFromPhrase(phrase: string, acronym?: string): string | undefined {
  if (acronym) return acronym;
  const words = phrase.split(/\s+/).filter(Boolean);
  const acronyms = words.filter(
    (w) => /^[A-Z][A-Za-z0-9+]*[A-Z0-9+]$/.test(w) && (w.match(/[A-Z]/g)?.length ?? 0) >= 2,
  );
  const last = acronyms[acronyms.length - 1];
  if (last) return last.replace(/[.,]$/, '');
  while (words.length && /^(on|and|for|of|the|de|du|des|la|le|et)$/i.test(words[words.length - 1] as string))
    words.pop();
  const s = words.join(' ').replace(/[.,]$/, '');
  return s.length >= 2 ? s : undefined;
}

/** Normalised key of a series for matching: "MPP" and "mpp" match, "WSIS+10" keeps its plus. */
export function seriesKey(series: string): string {
  return foldKey(series).replace(/\s+/g, '');
}

/**
 * Finds identity phrases in `text`. `strict` allows the terse "MPP-6" / "IETF 103" form,
 * which in running prose is too often a document or standard number ("ECMA-262").
 */
export function findIdentities(text: string, strict: boolean): IdentityMention[] {
  const found: IdentityMention[] = [];
  const push = (m: IdentityMention) => {
    if (found.some((f) => m.index < f.index + f.length && f.index < m.index + m.length)) return;
    found.push(m);
  };
  for (const m of text.matchAll(P_OF)) {
    const ord = parseOrdinal(m[1] as string);
    if (ord.ordinal === undefined && !ord.tbd) continue;
    const index = m.index ?? 0;
    const read = readSeries(text, index + m[0].length);
    const series = read ? seriesFromPhrase(read.phrase, read.acronym) : undefined;
    const end = read ? read.end : index + m[0].length;
    push({
      index,
      length: end - index,
      text: text.slice(index, end),
      ...(series ? { series } : {}),
      ...ord,
      pattern: 'of',
    });
  }
  for (const m of text.matchAll(P_ACRONYM)) {
    const acronym = m[2] as string;
    if (NOT_SERIES.has(acronym.toUpperCase()) || !/[A-Z].*[A-Z]/.test(acronym)) continue;
    // Both ends must be real words: a lower-case acronym match under the /i flag is a plain word.
    if (acronym !== acronym.toUpperCase() && !/^[A-Z][a-z]*[A-Z]/.test(acronym)) continue;
    const ord = parseOrdinal(m[1] as string);
    if (ord.ordinal === undefined && !ord.tbd) continue;
    push({
      index: m.index ?? 0,
      length: m[0].length,
      text: m[0],
      series: acronym,
      ...ord,
      pattern: 'acronym',
    });
  }
  if (strict) {
    for (const m of text.matchAll(P_NUMBERED)) {
      const acronym = m[1] as string;
      if (NOT_SERIES.has(acronym.toUpperCase()) || CALENDAR_WORDS.test(acronym)) continue;
      // "US 5-6 June", "MON 4 November": a number followed by a month is a date, not a meeting number.
      const after = text.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 16);
      if (
        /^\s*(?:[-\u2010-\u2015]\s*\d{1,2}\s*)?(?:st|nd|rd|th)?\s*(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i.test(
          after,
        )
      )
        continue;
      push({
        index: m.index ?? 0,
        length: m[0].length,
        text: m[0],
        series: acronym,
        ordinal: Number(m[2]),
        pattern: 'numbered',
      });
    }
  }
  for (const m of text.matchAll(P_BARE)) {
    const ord = parseOrdinal(m[1] as string);
    if (ord.ordinal === undefined && !ord.tbd) continue;
    push({ index: m.index ?? 0, length: m[0].length, text: m[0], ...ord, pattern: 'bare' });
  }
  return found.sort((a, b) => a.index - b.index);
}

/** True when a text has the words of a meeting identity in terse form, for strict contexts. */
export function hasMeetingWords(text: string): boolean {
  return /\b(meeting|session|agenda|invitation|conference|event|workshop|forum|summit|consultation)\b/i.test(
    text,
  );
}

/** Strips the words that frame a title: "Agenda for the:", "Invitation:", "Re:", "Fwd:". */
export function cleanTitle(text: string): string {
  let s = text.replace(/\s+/g, ' ').trim();
  for (let k = 0; k < 4; k++) {
    const before = s;
    s = s
      .replace(/^(?:re|fwd?|tr|aw|wg)\s*:\s*/i, '')
      .replace(/^agenda\s+for\s+the:?\s*/i, '')
      .replace(/^agenda\s*[-:\u2013]\s*/i, '')
      .replace(
        /^(?:corrected|updated|revised|new|cancell?ed|postponed)?\s*(?:invitation|notice|announcement)\s*(?:[-:–]|to)\s*/i,
        '',
      )
      .replace(/^(?:cancell?ed|postponed|updated|corrected)\s*:\s*/i, '')
      .replace(/^change of (?:venue|date|dates|time|times)\s*:\s*/i, '');
    if (s === before) break;
  }
  return s.replace(/[\s:;,.-]+$/, '').trim();
}

/** A slug for ids: "WSIS+10 High-Level Event" -> "wsis-10-high-level-event". */
export function slug(text: string): string {
  return (
    foldKey(text).replace(/\+/g, ' ').trim().replace(/\s+/g, '-').slice(0, 60).replace(/-+$/, '') || 'meeting'
  );
}

/** Normalised title key for matching titles across sources. */
export function titleKey(title: string): string {
  return foldKey(
    title
      .replace(/\b(the|a|an|of|for|meeting|session|agenda|invitation|corrected|updated|revised)\b/gi, ' ')
      .replace(/[-‐‑–—]/g, ' '),
  ).replace(/\s+/g, '');
}

/**
 * A meeting title without the framing words and without the dates some sources put in it
 * ("Corrected invitation: sixth MPP meeting, Monday 9 June 2014" -> "sixth MPP meeting"):
 * the dates are facts of their own, and a title must not change when the meeting moves.
 */
export function titleText(text: string): string {
  let s = cleanTitle(text);
  const found = findDates(s).mentions;
  for (const m of [...found].reverse()) s = s.slice(0, m.index) + s.slice(m.index + m.length);
  s = s
    .replace(/\b(?:on|from)\s*$/i, '')
    .replace(/\(\s*\)/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[\s,;:@\u2013-]+$/, '')
    .trim();
  return s || cleanTitle(text);
}
