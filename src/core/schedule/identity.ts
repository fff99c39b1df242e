import { foldKey } from './places.js';

/**
 * Meeting identity in text: which series or body a meeting belongs to and its number.
 * "the sixth meeting of the WSIS+10 Multistakeholder Preparatory Platform (MPP)",
 * "the sixth MPP meeting", "MPP-6", "83rd meeting of Ecma TC39", "IETF 103", "the fifth
 * meeting". A meeting numbered "TBD" has a series but explicitly no number yet. One file (over
 * 500 lines) because every pattern shares the ordinal and meeting-kind vocabulary and the one
 * rule (`push` in `findIdentities`) that decides between overlapping readings, in their order.
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
/**
 * "The Working Group on Oceans will hold its third meeting": the body that holds the numbered
 * meeting is its series (the words before the verb, read case-sensitively by `bodyBefore`).
 */
const P_ITS = new RegExp(
  `\\s+(?:will|shall|is\\s+to|is\\s+scheduled\\s+to)\\s+(?:hold|convene)\\s+(?:its|their)\\s+${QUALIFIERS}${ORD}\\s+${QUALIFIERS}${KIND}\\b`,
  'gi',
);
/**
 * "Working Group I, first meeting", "Committee on Tides, 3rd session": a body's name, a comma, then
 * its numbered meeting (a programme's row or title line). The body is the series.
 */
const P_COMMA = new RegExp(`,\\s+(?:the\\s+|its\\s+)?${ORD}\\s+${QUALIFIERS}${KIND}\\b`, 'gi');
/** `BODY_BEFORE` for a name that may also start a table cell ("| Working Group I"). */
const BODY_BEFORE_COMMA =
  /(?:^|[.!?:;|]\s*|\n\s*|\b[Tt]he\s+)((?:[A-Z][\w'\u2019&+-]*)(?:\s+(?:of|for|on|and|the|[A-Z][\w'\u2019&+-]*)){0,8})$/;
/** A body's name ending where the verb starts: capitalised words with connectors between them, after "The" or a sentence start. */
const BODY_BEFORE =
  /(?:^|[.!?:;]\s+|\n\s*|\b[Tt]he\s+)((?:[A-Z][\w'\u2019&+-]*)(?:\s+(?:of|for|on|and|the|[A-Z][\w'\u2019&+-]*)){0,8})$/;

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
  /** The meeting's name when a sentence gives it apart from `text`: "Working Group on Oceans, third meeting". */
  named?: string;
}

/** The number an ordinal gives: "first" 1, "twenty-third" 23, "3rd" 3; "TBD" none yet. */
export function parseOrdinal(raw: string): { ordinal?: number; tbd?: boolean } {
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
  // Capitals in a run of three words or more, or joined by a connector in capitals
  // ("INTERGOVERNMENTAL COMMITTEE ON COASTAL FISHERIES", a heading), are shouted words, not
  // acronyms; "UNFCCC SBSTA 60" and "TC39 Meeting" keep theirs.
  const shouted = shoutedWords(words);
  const acronyms = words.filter(
    // A roman number ends a body's name ("Working Group II"): it is no acronym of its own.
    (w, i) =>
      !shouted[i] &&
      /^[A-Z][A-Za-z0-9+]*[A-Z0-9+]$/.test(w) &&
      (w.match(/[A-Z]/g)?.length ?? 0) >= 2 &&
      !/^[IVXL]+$/.test(w),
  );
  const last = acronyms[acronyms.length - 1];
  if (last) return last.replace(/[.,]$/, '');
  while (words.length && /^(on|and|for|of|the|de|du|des|la|le|et)$/i.test(words[words.length - 1] as string))
    words.pop();
  const s = words.join(' ').replace(/[.,]$/, '');
  return s.length >= 2 ? s : undefined;
}

/** Per word: whether it is in a run of words in capitals that reads as a shouted name (see `seriesFromPhrase`). */
function shoutedWords(words: readonly string[]): boolean[] {
  const caps = words.map((w) => /^\p{Lu}[\p{Lu}'\u2019&-]*$/u.test(w));
  const out = new Array<boolean>(words.length).fill(false);
  for (let i = 0; i < words.length; ) {
    let j = i;
    while (j < words.length && caps[j]) j++;
    const run = words.slice(i, j);
    if (
      run.length >= 3 ||
      (run.length >= 2 && run.some((w) => /^(?:ON|OF|AND|THE|FOR|DE|DU|DES|LA|LE|ET|DEL|Y)$/.test(w)))
    )
      for (let k = i; k < j; k++) out[k] = true;
    i = j > i ? j : i + 1;
  }
  return out;
}

/** Normalised key of a series for matching: "MPP" and "mpp" match, "WSIS+10" keeps its plus. */
export function seriesKey(series: string): string {
  return foldKey(series).replace(/\s+/g, '');
}

/**
 * Whether one name of a body is a shortened form of the other: "Expert Group" of "Open-ended
 * Expert Group on Soil Carbon", its words in a row, two or more, and not followed in the longer
 * by a number or letter that tells two bodies apart ("Working Group" is no short form of
 * "Working Group II"). The longer name, or undefined when neither is.
 */
export function fullerSeries(a: string, b: string): string | undefined {
  const wa = foldKey(a)
    .split(' ')
    .filter((w) => w && w !== 'the');
  const wb = foldKey(b)
    .split(' ')
    .filter((w) => w && w !== 'the');
  const [short, long, fuller] = wa.length < wb.length ? [wa, wb, b] : [wb, wa, a];
  if (short.length < 2 || short.length === long.length) return undefined;
  for (let i = 0; i + short.length <= long.length; i++) {
    if (!short.every((w, k) => long[i + k] === w)) continue;
    const next = long[i + short.length];
    if (next === undefined || !/^(?:\d+|[ivxlc]+|[a-z])$/.test(next)) return fuller;
  }
  return undefined;
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
  for (const m of text.matchAll(P_ITS)) {
    // "third meeting" out of " will hold its third meeting".
    const held = heldByBody(
      text,
      m,
      BODY_BEFORE,
      () => true,
      m[0].replace(/^[\s\S]*?\b(?:its|their)\s+/i, ''),
    );
    if (held) push(held);
  }
  for (const m of text.matchAll(P_COMMA)) {
    // A name of one word before a comma ("Geneva, first meeting") is no body.
    const held = heldByBody(
      text,
      m,
      BODY_BEFORE_COMMA,
      (body) => body.includes(' '),
      m[0].replace(/^,\s+(?:the\s+|its\s+)?/i, ''),
    );
    if (held) push(held);
  }
  for (const m of text.matchAll(P_BARE)) {
    const ord = parseOrdinal(m[1] as string);
    if (ord.ordinal === undefined && !ord.tbd) continue;
    push({ index: m.index ?? 0, length: m[0].length, text: m[0], ...ord, pattern: 'bare' });
  }
  for (const m of text.matchAll(P_OTHER)) {
    const raw = (m[1] as string).toLowerCase();
    const ordinal = /^\d/.test(raw) ? Number.parseInt(raw, 10) : OTHER_ORDINALS[raw];
    if (ordinal === undefined || ordinal < 1) continue;
    push({ index: m.index ?? 0, length: m[0].length, text: m[0], ordinal, pattern: 'bare' });
  }
  return found.sort((a, b) => a.index - b.index);
}

/**
 * The numbered meeting `m` (P_ITS, P_COMMA: its ordinal in group 1) named after the body written
 * before it, which `before` reads and `accept` admits: the body is the series, and the meeting is
 * "<body>, <held>". Undefined without an ordinal or a body.
 */
function heldByBody(
  text: string,
  m: RegExpMatchArray,
  before: RegExp,
  accept: (body: string) => boolean,
  held: string,
): IdentityMention | undefined {
  const ord = parseOrdinal(m[1] as string);
  if (ord.ordinal === undefined && !ord.tbd) return undefined;
  const index = m.index ?? 0;
  const found = before.exec(text.slice(Math.max(0, index - 120), index));
  const body = found ? (found[1] as string).replace(/^The\s+/, '') : '';
  const series = body && accept(body) ? seriesFromPhrase(body) : undefined;
  if (!series || /^(?:It|They|We|This|That)$/.test(series)) return undefined;
  const start = index - body.length;
  return {
    index: start,
    length: index + m[0].length - start,
    text: text.slice(start, index + m[0].length),
    series,
    ...ord,
    pattern: 'of',
    named: `${body}, ${held}`,
  };
}

/** Ordinal words of the other languages the reader knows: "novena Sesión", "troisième séance". */
const OTHER_ORDINALS: Record<string, number> = Object.fromEntries(
  [
    ['primera|primer|premi[èe]re|premier|erste', 1],
    ['segunda|deuxi[èe]me|seconde|zweite', 2],
    ['tercera|tercer|troisi[èe]me|dritte', 3],
    ['cuarta|quatri[èe]me|vierte', 4],
    ['quinta|cinqui[èe]me|f[üu]nfte', 5],
    ['sexta|sixi[èe]me|sechste', 6],
    ['s[ée]ptima|septi[èe]me|siebte', 7],
    ['octava|huiti[èe]me|achte', 8],
    ['novena|neuvi[èe]me|neunte', 9],
    ['d[ée]cima|dixi[èe]me|zehnte', 10],
  ].flatMap(([alts, n]) =>
    (alts as string)
      .split('|')
      .flatMap((a) => (a.includes('[') ? expandClass(a) : [a]))
      .map((w) => [w, n as number]),
  ),
);

function expandClass(word: string): string[] {
  const m = /\[([^\]]+)\]/.exec(word);
  if (!m) return [word];
  return [...(m[1] as string)].flatMap((ch) => expandClass(word.replace(m[0], ch)));
}

/** "la novena Sesión Ordinaria", "la troisième séance", "3. Sitzung": a numbered sitting in another language. */
const P_OTHER =
  /(?<![\p{L}\d.])(\d{1,3}\.|\p{L}+)\s+(?:(?:ordentliche|au[ßs]erordentliche|extraordinaire|ordinaire)\s+)?(?:sesi[óo]n|reuni[óo]n|s[ée]ance|r[ée]union|sitzung|pleno|asamblea|assembl[ée]e)(?![\p{L}])/giu;

/** True when a text has the words of a meeting identity in terse form, for strict contexts. */
export function hasMeetingWords(text: string): boolean {
  return /\b(meeting|session|agenda|invitation|conference|event|workshop|forum|summit|consultation)\b/i.test(
    text,
  );
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

// ------------------------------------------------------------------ series aliases

/** Small words inside a series name that no acronym needs to spell ("Conference of the Parties"). */
const CONNECTOR_WORD =
  /^(?:on|and|for|of|the|in|to|at|a|an|de|du|des|la|le|les|et|el|los|las|y|del|der|die|das|und|für|zu)$/i;

/** The words of a name that an acronym could spell: hyphenated words count once per part. */
function nameWords(name: string): { initial: string; connector: boolean }[] {
  return name
    .split(/[\s\u00a0]+|(?<=[A-Za-z])[-\u2010\u2011](?=[A-Za-z])/)
    .filter(Boolean)
    .map((w) => ({
      initial: (w.match(/[A-Za-z]/)?.[0] ?? '').toUpperCase(),
      connector: CONNECTOR_WORD.test(w),
    }))
    .filter((w) => w.initial !== '');
}

/** An acronym's letters, upper case: "MPP", "TC39" -> "TC", "WSIS+10" -> "WSIS". */
function acronymLetters(acronym: string): string {
  return acronym.toUpperCase().replace(/[^A-Z]/g, '');
}

/** True when a written-out series name could be an acronym in full: every letter is a word's initial. */
export function spellsAcronym(name: string, acronym: string): boolean {
  const letters = acronymLetters(acronym);
  if (letters.length < 2 || !/^[A-Z][A-Za-z0-9+&-]*$/.test(acronym) || acronym !== acronym.toUpperCase())
    return false;
  const words = nameWords(name);
  if (words.filter((w) => !w.connector).length < 2) return false;
  // The acronym spells a run of words that ends with the name's last word ("WSIS+10 Multistakeholder
  // Preparatory Platform" spells MPP); connectors may lend their initial or not ("COP").
  const spells = (from: number): boolean => {
    const go = (w: number, l: number): boolean => {
      if (l === letters.length) return w === words.length;
      if (w === words.length) return false;
      const word = words[w] as { initial: string; connector: boolean };
      if (word.initial === letters[l] && go(w + 1, l + 1)) return true;
      return word.connector && go(w + 1, l);
    };
    return go(from, 0);
  };
  for (let from = 0; from < words.length; from++) {
    if ((words[from] as { connector: boolean }).connector) continue;
    if (spells(from)) return true;
  }
  return false;
}

/** One name given to a series in a document: "Open Ocean Forum (OOF)" defines OOF. */
export interface SeriesDefinition {
  /** The name written out, as written ("Open Ocean Forum"). */
  name: string;
  acronym: string;
}

const DEFINITION = /\(\s*([A-Z][A-Z0-9+&-]{0,14}[A-Z0-9+])\s*\)/g;
const NAME_WORD = /^(?:[A-Z][A-Za-z0-9+'’.&-]*|[A-Z0-9+]+)$/;

/**
 * The acronyms a document defines by writing a name out before them in parentheses
 * ("the Multistakeholder Preparatory Platform (MPP)"). Only definitions whose initials
 * spell the acronym, or whose first word starts with its first letter and whose initials
 * contain its letters in order ("Ad Hoc Working Group on the Durban Platform (ADP)"), count.
 */
export function seriesDefinitions(text: string): SeriesDefinition[] {
  const out: SeriesDefinition[] = [];
  for (const m of text.matchAll(DEFINITION)) {
    const acronym = m[1] as string;
    if (NOT_SERIES.has(acronym) || acronymLetters(acronym).length < 2) continue;
    const before = text.slice(Math.max(0, (m.index ?? 0) - 200), m.index ?? 0).trimEnd();
    const tokens = before.split(/[ \t\u00a0]+/);
    const words: string[] = [];
    while (tokens.length > 0 && words.length < 14) {
      const t = tokens[tokens.length - 1] as string;
      if (!(NAME_WORD.test(t) || CONNECTOR_WORD.test(t))) break;
      words.unshift(t);
      tokens.pop();
    }
    while (words.length && CONNECTOR_WORD.test(words[0] as string)) words.shift();
    if (words.length < 2) continue;
    // The shortest run of trailing words that spells the acronym is its name.
    let name: string | undefined;
    for (let k = words.length - 2; k >= 0 && !name; k--) {
      if (CONNECTOR_WORD.test(words[k] as string)) continue;
      const run = words.slice(k).join(' ');
      if (spellsAcronym(run, acronym)) name = run;
    }
    if (!name) {
      // Looser: from the first word that starts with the acronym's letter, the name holds
      // its letters in order, mostly as initials ("Ad Hoc Working Group on Durban Action
      // (ADA)", "Seed eXchange Network (SXN)").
      const letters = acronymLetters(acronym);
      for (let k = 0; k < words.length - 1 && !name; k++) {
        const w = words[k] as string;
        if (CONNECTOR_WORD.test(w) || w[0]?.toUpperCase() !== letters[0]) continue;
        const run = words.slice(k).join(' ');
        const initials = nameWords(run)
          .map((x) => x.initial)
          .join('');
        if (inOrder(initials, letters) || inOrder(run.toUpperCase(), letters)) name = run;
      }
    }
    if (name) out.push({ name: name.replace(/[.,;:]+$/, ''), acronym });
  }
  return out;
}

/** True when `letters` appear in `text` in order. */
function inOrder(text: string, letters: string): boolean {
  let at = 0;
  for (const ch of text) if (ch === letters[at]) at++;
  return at === letters.length;
}

/** The last significant word of a name ("Platform" for "Multistakeholder Preparatory Platform"). */
export function headNoun(name: string): string | undefined {
  const words = name.split(/\s+/).filter((w) => !CONNECTOR_WORD.test(w));
  return words[words.length - 1];
}

/** True when a series as written is a bare back-reference ("Platform", "Committee"): one word, not an acronym. */
export function isBackReference(series: string): boolean {
  const s = series.trim();
  return /^[A-Z][a-z]+$/.test(s);
}

/** How far a re-published source or an explicit "moved to" may move a meeting and keep its identity. */
export const SEASON_DAYS = 120;
