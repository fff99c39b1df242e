import { addDays, daysBetween } from './calendar.js';
import { findDates } from './dates.js';
import { isReferenceDate, OTHER_PERIOD } from './reference-dates.js';
import type { CorrectionKind, DateSpan, LocalDate, Venue } from './types.js';

/**
 * The reading rules of the announcement reader: which labels name dates, times and
 * venues, which words schedule, cancel or correct a meeting, and small text helpers. Kept
 * apart from the reader so the rules can be read (and reviewed) on their own.
 */

export type LabelKind =
  | 'dates'
  | 'times'
  | 'dates-times'
  | 'venue'
  | 'host'
  | 'zone'
  | 'title'
  | 'doc-date'
  | 'exclude'
  | 'other';

export const EXCLUDE_LABEL =
  /\b(dinners?|lunch|breakfast|receptions?|wi-?fi|contacts?|phone|e-?mail|registration|register|rsvp|deadlines?|doodle|hotels?|accommodations?|parking|food|newcomers?|community event|get-together|social|password|login|network|attendee information|minutes|total duration|capacity|recommendations|map|transport|directions|dial-?in|meeting number|webex|bridge|chat|blue sheets|slides|drafts?|(?<!(?:first|second|third|fourth|fifth|final|last|1st|2nd|3rd|4th|5th)\s)reading|references?|cost|fees?|visa|badge|remote participation|interpretation|documents?|livestream|webcast|recording)\b/i;
export const EXCLUDE_SECTION =
  /^(logistics|hotels?|accommodations?|registration|dinners?|wi-?fi|transport(?:ation)?|getting there|directions|travel|contacts?|parking|food|(?:meeting )?arrangements|agenda topic rules|minutes|recommended reading|related (?:reading|documents)|background|where to park|how to access|technical presentation|any other logistics|from the airport|schedule constraints?|notes?)\b/i;

export function classifyLabel(name: string, value: string): LabelKind {
  const n = name
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (/^(dates? (?:and|&) times?|date and time|when)$/.test(n)) return 'dates-times';
  if (/^date$/.test(n) && /\d{1,2}:\d{2}:\d{2}\s*[+-]\d{4}/.test(value)) return 'doc-date';
  if (
    /^(dates?|on|period|meeting dates?|days?|dates of the meeting|save the dates?|datum|sitzungstermin|termin|fecha|d[ií]a)$/.test(
      n,
    )
  )
    return 'dates';
  if (
    /^(times?|hours?|timing|horaires?|heures?|session times?|uhrzeit|zeit|beginn|sitzungsdauer|sitzungsbeginn|hora|horario)$/.test(
      n,
    )
  )
    return 'times';
  if (
    /^(location|venue|place|where|in|confirmed location|address|meeting place|room|lieu|meeting venue|meeting location|sitzungsort|tagungsort|ort|lugar|sede)$/.test(
      n,
    )
  )
    return 'venue';
  if (/^(hosts?|host and venue|hosted by)$/.test(n)) return 'host';
  if (/^(time ?zone|tz|all times?)$/.test(n)) return 'zone';
  if (/^(subject|re|meeting|event|title|objet|asunto|betreff|assunto|oggetto)$/.test(n)) return 'title';
  // Status and announcement words used as a prefix: "CANCELLED: ...", "Invitation: ...", "Postponement: ...".
  if (
    /^(cancell?ed|postponed|corrected|updated|revised|rescheduled|invitation|notice|reminder|announcement|new date|annul[ée]e?|report[ée]e?|cancell?ation|postponement|annulation|cancelaci[óo]n|aplazamiento)$/.test(
      n,
    )
  )
    return 'title';
  // The kind of event before its name: "Webinar: Financing adaptation", "Side event: ...";
  // "Briefing: Tuesday 4 May, 10:00" is a programme's line, not a name.
  if (EVENT_KIND_LABEL.test(n) && !opensWithDateOrTime(value.trim())) return 'title';
  if (
    /^(dated|posted(?: on)?|(?:last )?updated(?: on)?|published(?: on)?|issued(?: on)?|sent|date of (?:this )?(?:letter|notice))$/.test(
      n,
    )
  )
    return 'doc-date';
  if (EXCLUDE_LABEL.test(n)) return 'exclude';
  return 'other';
}

/**
 * Names of a kind of event used as a line's label, its name after the colon. Not "session",
 * "call" or "panel": "Session: 10:00-12:00", "Call: +41 ..." and "Panel: (speakers)" give
 * other things than a name.
 */
const EVENT_KIND_LABEL =
  /^(?:(?:online|virtual|hybrid|technical|expert|regional|informal|high-level|public)\s+)?(?:webinar|workshop|seminar|symposium|colloquium|conference|forum|side[- ]event|round ?table|dialogue|briefing|consultations?|training|retreat|expert meeting|atelier|s[ée]minaire|taller|seminario|conversatorio)$/;

/** A label naming a kind of event ("Webinar", "Side event"): the whole line, label included, is the name. */
export function isEventKindLabel(name: string): boolean {
  return EVENT_KIND_LABEL.test(name.trim().toLowerCase().replace(/\s+/g, ' '));
}

/**
 * A heading that says what kind of document this is, not which meeting: "NOTE VERBALE",
 * "Notification", "Press release", "Save the date". The meeting is named below it.
 */
const DOCUMENT_KIND =
  /^(?:note\s+verbale|notification|(?:information\s+)?circular(?:\s+letter)?|information\s+note|press\s+release|media\s+advisory|memorandum|announcement|save\s+the\s+date|notice|convening\s+notice|communication|for\s+immediate\s+release|nota\s+verbal|note\s+d['\u2019]information|comunicado(?:\s+de\s+prensa)?|communiqu[ée](?:\s+de\s+presse)?)[.:!]?$/i;

export function isDocumentKind(text: string): boolean {
  return DOCUMENT_KIND.test(text.trim());
}

export const LABEL_RE =
  /^\s*(?:[-*+\u2022]\s+|\d{1,2}[.)]\s+)?([A-Za-z\u00c0-\u017f][A-Za-z0-9\u00c0-\u017f ,'\u2019/&().+-]{0,48}?)\s*:(?=\s|$)/;

/** Words that matter in a unit with no digit: status, corrections, zones, venues. */
export const QUICK_WORDS =
  /cancel|postpon|report|annul|reschedul|moved|changing|correct|corrigend|revised|all times|geneva time|local time|remote|noon|midnight/i;

/**
 * Before the zone a sentence gives every time of the document: "All times are CET", "Times are
 * given in Central European Time", "All meetings are in New York time".
 */
export const ZONE_STATEMENT =
  /\b(?:all\s+times|(?:(?:all|the)\s+)?(?:times|hours|meetings|sessions)\s+(?:are|will\s+be)(?=\s+(?:in|shown|given|listed|expressed|stated|indicated)\b))\s+(?:(?:are|in|shown|given|listed|expressed|stated|indicated)\s+)*/i;

/** A sentence that announces a meeting (as opposed to mentioning a past one). */
export const ANNOUNCES =
  /\b(invit\w*|will (?:take place|be held|meet|convene)|to convene|announce\w*|scheduled)\b/i;

/**
 * Scheduling words that make a sentence with a date an announcement: the bare noun
 * "meeting" is not enough ("street closures affect the area where the meeting is").
 */
export const MEETING_CUE =
  /\b(take place|takes place|will be held|be held|was held|held (?:on|from|in|at)|(?:re)?convene[ds]?|(?:is|are|was|been) scheduled|scheduled (?:for|on|from)|will hold|to hold|will resume|resumes on|reprendra|reanudar[áa]|(?:will be|is|are) holding|holds? (?:an?|the|its)|invit(?:e|es|ed|ing|ation)|postponed|cancell?ed|moved|reschedul\w*|deferred|brought forward|pushed back|will meet|meets (?:on|at|from|again on)|(?:we|they) (?:will )?meet (?:on|at|from)|meets?(?=\s*[.;!]|\s*$)|(?:will|'ll|shall) be meeting|will be (?:formally |officially )?opened|will (?:start|begin|open|run)|(?:to|will) be (?:conducted|hosted|organi[sz]ed) (?:on|from|at|in)|(?:starts|begins|opens) (?:on|at)|pre-events?|(?:meeting|call|session|telecon|webinar|hearing)s?\b[^.]{0,30}?\b(?:will be|is|are) (?:on|at)|(?:will|shall|is to|are to) (?:hear (?:from (?!(?:you|us|me|him|her|them)\b)|(?:the\s+|both\s+)?(?:oral|evidence|testimony|submissions|statements|arguments|witnesses|experts|petitioners|parties|appeals?|applications?|applicants?|appellants?|complainants?|claimants?|respondents?|cases?|complaints?|disputes?|representatives|delegations|presentations|counsel))|sit (?:on|from|in))|will be heard (?:on|from)|join us\b[^.]{0,40}?\b(?:on|at)|there (?:will be|is|are) (?:an?|the|two|three)\s+(?:[\w-]+\s+){0,3}?(?:meeting|briefing|session|sitting|consultation|call|webinar|workshop|dialogue|hearing|panel|seminar|retreat)s?)\b|\b(?:tagt|tagen|findet|finden|stattfinden|beginnt|verschoben|verlegt|vertagt|abgesagt|aura lieu|s'est (?:r[ée]uni\w*|tenue?)|se sont r[ée]uni\w*|report[ée]e?s?|annul[ée]e?s?|aplazad[ao]s?|pospuest[ao]s?|postergad[ao]s?|cancelad[ao]s?|suspendid[ao]s?|se r[ée]unira|se r[ée]uniront|se reunir[áa]n?|sesionar[áa]n?|se tiendra|tiendr(?:a|ont)|se d[ée]roul\w*|convoqu\w*|tendr[áa] lugar|entendr(?:a|ont) (?:les|la|le|l')|oir[áa]n? a|anh[öo]ren|se celebrar[áa]|se llevar[áa]n? a cabo|se realizar[áa]|acoger[áa]|convoco|convoca\w*|(?:Sitzung|séance|sesi[óo]n|pleno|r[ée]union|conseil)\b[^.]{0,60}?\b(?:am|le|el|du|del)\s+\S*\d)/i;
/** Words that make a date about something else: deadlines, registrations, minutes, letters. */
const DOCUMENT_CUE =
  /\b(register|registration|deadline|submit|submission|no later than|rsvp|minutes of|dated|(?:letter|invitation|notice|message|e-?mail|announcement) of|published|posted|updated|in reply|approval of|adopted|report of|received|(?:applications?|nominations?|entries|proposals|calls?(?: for \w+)?|portal|window|form|survey|list|period|bids|tenders|voting|polls?)\s+(?:will\s+|shall\s+)?(?:closes?|closed|closing)|by the end of|expires?|(?:comments?|views|inputs?|nominations?|proposals?|contributions?|applications?|responses?|replies|(?:invited|requested|asked|encouraged) to)\b[^.;]{0,80}?\b(?:by|before|until) (?:\w+,? )?\d+)\b/i;
/** ... and prices, bookings and consultation periods (reference-dates.ts). */
export const EXCLUDE_CUE = new RegExp(`${DOCUMENT_CUE.source}|${OTHER_PERIOD.source}`, 'i');

/** Words of a deadline: a line that says one is never the letter's own date line. */
export const DEADLINE_CUE =
  /\b(?:regist(?:er|ration)|deadline|submit|submissions?|no later than|rsvp|closes|close on|expires?|due (?:on|by))\b/i;

/**
 * The dates of a sentence that sit in a clause about something else: "The group will meet on
 * 24 March, and registration closes on 1 March" keeps 24 March. Clauses end at ";", a full
 * stop, a bracket, or a comma before "and", "but", "while".
 */
function datesInExcludedClauses<T extends { index: number; length: number }>(
  text: string,
  dates: T[],
): Set<T> {
  const out = new Set<T>();
  const bounds = clauseBounds(text);
  for (const d of dates) if (EXCLUDE_CUE.test(clauseAround(text, bounds, d))) out.add(d);
  return out;
}

/** Where a sentence's clauses end: ";", a full stop, a bracket, or a comma before "and", "but", "while". */
function clauseBounds(text: string): number[] {
  return [
    0,
    ...[...text.matchAll(/;|\.\s|[()]|,\s+(?:and|but|while|whereas)\b/g)].map((m) => m.index ?? 0),
    text.length,
  ];
}

/** The clause of `text` a date sits in. */
function clauseAround(text: string, bounds: number[], d: { index: number; length: number }): string {
  const from = Math.max(...bounds.filter((b) => b <= d.index));
  const to = Math.min(...bounds.filter((b) => b >= d.index + d.length));
  return text.slice(from, to);
}

/**
 * Right before a date, a meeting already held that the sentence only cites: "As agreed at our
 * last call on 2 March", "Following the meeting held on 15 January", "at its previous session
 * of 4 May". That date is no meeting the text announces.
 */
const PAST_MEETING_BEFORE =
  /\b(?:(?:(?:our|the|its|their|your)\s+)?(?:last|previous|preceding|most\s+recent|earlier|past)\s+(?:\w+\s+)?|following\s+the\s+(?:\w+\s+)?|since\s+the\s+(?:\w+\s+)?)(?:meeting|call|session|sitting|consultation|briefing)s?\s+(?:(?:held|that\s+took\s+place|which\s+took\s+place)\s+)?(?:on|of)\s+(?:the\s+)?$/i;

/** Right before a date, a day off: "Due to the public holiday on Monday, 5 April", "the office closure of". */
const HOLIDAY_BEFORE =
  /\b(?:(?:public|bank|national|official|religious|local)\s+)?(?:holidays?|office\s+closure|closure\s+of\s+the\s+(?:office|building|premises))\s+(?:on|of)\s+(?:the\s+)?$/i;

/**
 * The dates of a sentence that are not the meeting's: those in a clause about a deadline or a
 * document (EXCLUDE_CUE), and those a past meeting cites. Undefined when there are none.
 */
export function excludedDates<T extends { index: number; length: number }>(
  text: string,
  dates: T[],
): Set<T> | undefined {
  const out = EXCLUDE_CUE.test(text) ? datesInExcludedClauses(text, dates) : new Set<T>();
  for (const d of dates) {
    const before = text.slice(Math.max(0, d.index - 80), d.index);
    if (PAST_MEETING_BEFORE.test(before) || HOLIDAY_BEFORE.test(before)) out.add(d);
    else if (isReferenceDate(text, d.index)) out.add(d);
  }
  return out.size > 0 ? out : undefined;
}

export const CANCELLED =
  /\b(cancell?ed|(?:decided|agreed|had) to cancel|called off|will not (?:take place|be held)|annul[ée]e?s?|cancelad[ao]s?|abgesagt|n'aura pas lieu|no se (?:celebrar|realizar)[áa]|findet nicht statt|entf[äa]llt)\b/i;
export const POSTPONED =
  /\b(postponed|deferred|(?:decided|proposed|agreed|had) to (?:postpone|defer)|sine die|until further notice|report[ée]e?s?(?! to)|ajourn[ée]e?s?|aplazad[ao]s?|pospuest[ao]s?|postergad[ao]s?|verschoben|vertagt)\b/i;
export const RESCHEDULED =
  /\b(rescheduled|has been moved|have been moved|been moved to|moved to|will now (?:take place|be held)|new dates?(?! (?:(?:will|shall|are to|is to|to) be|(?:are|is|have|has) (?:not )?(?:yet|still)) )|(?:postponed|deferred) (?:to|until) (?:\w+ )?\d{1,2}(?!\d)|report[ée]e? (?:au|à) (?:\w+ )?\d+|(?:aplazad|pospuest|postergad|trasladad)[ao] (?:al|para el|hasta el) (?:\w+ )?\d+|auf den \d[^.;]{0,40}verschoben|brought forward|changed to|(?:meeting |call )?times? (?:is|are|will be) changing|(?:held|moved|start|begin|run)s? (?:one|an|two|half an|\d+) hours? (?:later|earlier))\b/i;
export const CORRECTED = /\b(corrected|correction|erratum|errata)\b/i;
export const CORRIGENDUM = /\bcorrigendum\b/i;
export const REVISED = /\b(revised|rev\.\s?\d|updated|amended|modifi[ée]e?|mis\(?e?\)? [àa] jour|update)\b/i;

export const PROSE_CORRECTION =
  /\b(corrected (?:invitation|version|notice|announcement|dates?|times?|schedule|programme|program)|correction (?:to|of) the (?:invitation|announcement|notice|dates?|times?)|please note the (?:correct(?:ed)?|new|revised) (?:dates?|times?|venue|schedule|start))\b/i;

/**
 * A move to another room: "has been moved to Room XVII", "has moved to Conference Room 4",
 * "relocated to a larger room". It changes the venue, never the day or the hours, so it is no
 * reason to call the meeting rescheduled.
 */
const ROOM_MOVE =
  /\b(?:(?:has|have|had)\s+(?:been\s+)?|been\s+|was\s+|were\s+|is\s+|are\s+|will\s+be\s+)?(?:moved|changed|relocated|transferred|switched)\s+to\s+(?:the\s+|a\s+|another\s+|a\s+(?:different|larger|bigger|smaller|new)\s+)?(?:(?:conference|meeting|plenary|press|briefing|committee|main)\s+)?(?:room|hall|salle|sala|auditorium|boardroom|floor|annex)\b/gi;

/** Whether `text` says the meeting's day or hours changed (a move to another room alone does not). */
function reschedules(text: string): boolean {
  return RESCHEDULED.test(text.replace(ROOM_MOVE, ' '));
}

export function proseCorrection(text: string, aboutMeeting: boolean): CorrectionKind | undefined {
  if (PROSE_CORRECTION.test(text)) return 'corrected';
  if (aboutMeeting && reschedules(text)) return 'rescheduled';
  return undefined;
}

export function correctionIn(text: string, titleLike: boolean): CorrectionKind | undefined {
  if (CORRIGENDUM.test(text)) return 'corrigendum';
  if (CORRECTED.test(text)) return 'corrected';
  if (reschedules(text)) return 'rescheduled';
  if (titleLike && REVISED.test(text)) return 'revised';
  return undefined;
}

/** The part of a text that names the venue: from its building (or city) to the end of the city, with a room in brackets. */
export function placeSpan(text: string, venue: Venue): { index: number; length: number } {
  const lower = text.toLowerCase();
  const find = (s: string | undefined, from = 0) => (s ? lower.indexOf(s.toLowerCase(), from) : -1);
  let start = find(venue.building);
  const cityAt = find(venue.city, Math.max(0, start));
  if (start < 0) start = cityAt;
  if (start < 0) start = venue.mode === 'remote' ? lower.search(/remote|virtual|online/) : -1;
  if (start < 0) {
    const at = Math.max(0, text.search(/\S/));
    return { index: at, length: text.trim().length };
  }
  let end =
    cityAt >= 0 ? cityAt + (venue.city as string).length : start + (venue.building ?? venue.text).length;
  const room = /^\s*\([^)]{1,40}\)/.exec(text.slice(end));
  if (room) end += room[0].length;
  return { index: start, length: Math.max(1, end - start) };
}

/** "MONDAY, December 3, 2007 -- ...", "9 June 2014: ...", "1300-1500 Afternoon Session". */
export function opensWithDateOrTime(text: string): boolean {
  const t = text.trimStart();
  if (/^\W*\d{1,2}(?:[:h.]\d{2}|\d{2}\s*[-\u2013])/.test(t)) return true;
  const first = findDates(t).mentions[0];
  return (
    first !== undefined &&
    /^[\W_]*(?:on\s+)?$/i.test(
      t.slice(0, first.index).replace(/\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?/gi, ''),
    )
  );
}

export function isMostlyDate(text: string): boolean {
  const found = findDates(text).mentions;
  if (found.length === 0) return false;
  const covered = found.reduce((n, m) => n + m.length, 0);
  const letters = text.replace(/[^A-Za-z]/g, '').length;
  return covered >= text.trim().length * 0.5 || letters < 20;
}

/**
 * A change only imagined: "Had it overlapped, the meeting would have been rescheduled",
 * "if so, the call would be cancelled". Not a decision.
 */
export const HYPOTHETICAL =
  /\b(?:would|could|might)(?:n't| not)? have been\b|\b(?:would|could|might) be (?:cancell?ed|postponed|rescheduled|moved|called off)\b/i;

/** True when a sentence says the meeting itself changed status ("the meeting has been cancelled"). */
export function statementAboutMeeting(text: string): boolean {
  return (
    /\b((?:meeting|session|event|conference|consultation|workshop|call|briefing|plenary|webinar|forum|summit|dialogue|seminar|symposium|retreat|hearing|congress|roundtable)s?|it)\b,?(?:\s+\S+){0,20}?\s+(?:has been|have been|is|was|are|were|will be|had been)\s+(?:\w+\s+)?(?:cancell?ed|postponed|deferred|called off|moved|rescheduled)\b/i.test(
      text,
    ) ||
    // The same in French, Spanish and German: "la réunion ... est reportée", "la sesión ... ha sido aplazada", "die Sitzung ... wird verschoben",
    // and in the plural or of consultations: "les consultations ... sont reportées", "las reuniones ... quedan canceladas"
    // (a German day's stop, "am 21. März", is no sentence end).
    (FOREIGN_STATUS_HINT.test(text) && FOREIGN_STATUS.test(text)) ||
    CANCELLED_ELSEWHERE.test(text) ||
    // "has proposed to postpone the First Preparatory Meeting": the decision, said of the meeting it names.
    /\b(?:decided|proposed|agreed|had) to (?:postpone|defer|cancel)\s+(?:the|its|our)\s+[^.;?]{0,60}\b(?:meeting|session|conference|call|event)\b/i.test(
      text,
    ) ||
    /\b(?:cancell?ed|postponed)\s*:/i.test(text) ||
    /\bwill not (?:take place|be held)\b/i.test(text)
  );
}

/** A gathering, then its auxiliary and a word of status, in French, Spanish or German, singular or plural. */
const FOREIGN_STATUS =
  /\b(?:r[ée]unions?|s[ée]ances?|sessions?|conseil|assembl[ée]es?|consultations?|ateliers?|reuni[óo]n|reuniones|sesi[óo]n|sesiones|pleno|asambleas?|consultas?|talleres?|sitzung(?:en)?|versammlung(?:en)?|tagung(?:en)?)\b(?:[^.;?]|(?<=\d)\.){0,120}?\b(?:est|sont|a [ée]t[ée]|ont [ée]t[ée]|sera|seront|ha sido|han sido|quedan?|ser[áa]n?|se han?|wird|werden|wurden?|ist|sind)\s+(?:\S+\s+){0,6}?(?:annul[ée]e?s?|report[ée]e?s?|ajourn[ée]e?s?|d[ée]plac[ée]e?s?|aplazad[ao]s?|cancelad[ao]s?|pospuest[ao]s?|postergad[ao]s?|suspendid[ao]s?|trasladad[ao]s?|verschoben|abgesagt|vertagt|verlegt)(?![\p{L}])/iu;

/** A cheap test before the long French, Spanish and German status pattern. */
const FOREIGN_STATUS_HINT =
  /annul|report|ajourn|plac[ée]|aplaz|cancelad|pospu|posterg|suspendid|traslad|verschob|abgesagt|vertagt|verlegt/i;

/** "n'aura pas lieu", "no se celebrará", "findet nicht statt": a meeting called off, said by its verb. */
const CANCELLED_ELSEWHERE =
  /\b(?:n'aura pas lieu|no se (?:celebrar|realizar)[áa]|findet\b[^.;?]{0,60}\bnicht statt)\b/i;

/** In a title the status word must lead ("CANCELLED: ...", "Invitation annulée: ...") or follow the meeting name. */
export function titleSaysStatus(text: string, re: RegExp): boolean {
  const m = re.exec(text);
  if (!m) return false;
  const before = text.slice(0, m.index).trim();
  return (
    before.split(/\s+/).filter(Boolean).length <= 3 ||
    // "... (May 3-7, 2027) [CANCELLED]": a bracketed tag after the name.
    /[-–:([]\s*$/.test(before) ||
    /\b(meeting|session|event)\s+(?:is\s+|has been\s+)?$/i.test(before)
  );
}

export function expand(start: LocalDate, end: LocalDate): LocalDate[] {
  const n = daysBetween(start, end);
  if (n < 0 || n > 62) return [start];
  return Array.from({ length: n + 1 }, (_, k) => addDays(start, k));
}

export function within(inner: DateSpan, outer: DateSpan): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

export function toMinutes(t: string): number {
  const [h, m] = t.split(':');
  return Number(h) * 60 + Number(m);
}

export function fromMinutes(n: number): string {
  const h = Math.floor(n / 60) % 24;
  const m = n % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export function joinReasons(a: string | undefined, b: string): string {
  return a ? `${a}; ${b}` : b;
}

export interface SentenceSpan {
  start: number;
  end: number;
}

export const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'no',
  'nos',
  'rev',
  'ref',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
  'e.g',
  'i.e',
  'etc',
  'vs',
  'approx',
  'a.m',
  'p.m',
  'h.e',
  'amb',
  'inc',
  // Rooms, buildings and titles before a capital or a number: "Conf. Room B", "Rm. 4", "Bldg. C", "Prof. Okafor".
  'conf',
  'rm',
  'rms',
  'bldg',
  'fl',
  'flr',
  'ave',
  'blvd',
  'tel',
  'ext',
  'prof',
  'hon',
  'sr',
  'jr',
  'mt',
  'ft',
  'dept',
  'incl',
  'excl',
  'ca',
  'cf',
  'vol',
  'para',
  'paras',
  'pp',
  'fig',
]);

const GERMAN_MONTH_NEXT =
  /^\s+(?:januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember)\b/i;

/** Whether the full stop at `at` ends a common abbreviation ("approx.", "Conf.", "No.", "Prof.", "e.g."). */
export function afterAbbreviation(text: string, at: number): boolean {
  const word = /([A-Za-z.]+)$/.exec(text.slice(Math.max(0, at - 8), at))?.[1]?.toLowerCase() ?? '';
  return ABBREVIATIONS.has(word);
}

/**
 * Whether the full stop at `at` belongs to a word, not to the end of a sentence: an
 * abbreviation ("approx. 10:00", "Conf. Room B", "No. 4", "Prof. Okafor"), an initial ("J.
 * Smith"), a number's ("3. 4"), a German day or ordinal ("am 18. Dezember", "der 3. Sitzung").
 */
function dotInsideSentence(text: string, at: number): boolean {
  return (
    afterAbbreviation(text, at) ||
    // An initial ("J. Smith"), not the last capital of a word ("at 21:00 UTC. That ...").
    (/^[A-Z]$/.test(text[at - 1] ?? '') && !/[A-Za-z]/.test(text[at - 2] ?? '')) ||
    (/\d$/.test(text.slice(0, at)) && /^\s+\d/.test(text.slice(at + 1))) ||
    // "am 18. Dezember": a German day number ends with a dot.
    (/(?:^|\D)\d{1,2}$/.test(text.slice(Math.max(0, at - 3), at)) &&
      GERMAN_MONTH_NEXT.test(text.slice(at + 1))) ||
    // "der 3. Sitzung", "die 2. Lesung": a German ordinal after an article.
    /\b(?:der|die|das|den|dem|des|zur|zum|im|am|einer?)\s+\d{1,3}$/i.test(
      text.slice(Math.max(0, at - 12), at),
    )
  );
}

/** Splits prose into sentences at ". X", "; X", "! X", "? X" (not after common abbreviations). */
export function splitSentences(text: string): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  let start = 0;
  const re = /[.;!?](?=\s+["'(]?[A-Z0-9])/g;
  for (const m of text.matchAll(re)) {
    const at = m.index ?? 0;
    if (m[0] === '.' && dotInsideSentence(text, at)) continue;
    // "(15:00 CET; 09:00 EST)": a semicolon inside brackets separates items, not sentences.
    if (m[0] === ';') {
      const part = text.slice(start, at);
      if (part.lastIndexOf('(') > part.lastIndexOf(')')) continue;
    }
    out.push({ start, end: at + 1 });
    start = at + 1;
    while (start < text.length && /\s/.test(text[start] as string)) start++;
  }
  if (start < text.length) out.push({ start, end: text.length });
  return out.filter((s) => text.slice(s.start, s.end).trim().length > 0);
}

/**
 * Where a labelled value ends: "Date: 4 May 2027, 10:00-12:00, Room B. Coffee from 9:30." says
 * the meeting's day and hours, then, in a sentence of its own, when something else happens;
 * that sentence's times are not the meeting's. A sentence about the meeting itself ("The
 * session ends at 13:00."), a zone ("CET.") or another label stays part of the value.
 */
export function labelledValueEnd(text: string, valueStart: number): number {
  // A new sentence ("Coffee from 9:30.", "A reception follows at 18:00."), or a clause after a
  // semicolon about the refreshments or the doors ("; reception at 18:00").
  const stop = new RegExp(VALUE_STOP.source, 'gu');
  stop.lastIndex = valueStart;
  for (let m = stop.exec(text); m; m = stop.exec(text)) {
    // "St. Andrew's Hall", "Av. de France": an abbreviation, not the end of the value.
    const word = /([A-Za-z]+)$/.exec(text.slice(Math.max(valueStart, m.index - 8), m.index))?.[1] ?? '';
    if (ABBREVIATIONS.has(word.toLowerCase())) continue;
    const rest = text.slice(m.index + m[0].length);
    return LABEL_RE.test(rest) || ITSELF.test(rest) ? text.length : m.index + 1;
  }
  return text.length;
}

/** What comes next to a meeting, said in a clause of its own: "; reception at 18:00". */
const ASIDE = [
  'coffee',
  'tea',
  'lunch',
  'breakfast',
  'dinner',
  'reception',
  'registration',
  'doors',
  'welcome',
  'cocktail',
  'refreshments',
  'drinks',
  'buffet',
  'badge',
  'accreditation',
  'networking',
]
  .map((w) => `[${(w[0] as string).toUpperCase()}${w[0]}]${w.slice(1)}`)
  .join('|');

/** The end of a labelled value: a new sentence (case matters: "; 8 May" or "a.m. until" go on), or an aside clause. */
const VALUE_STOP = new RegExp(
  `[.;!]\\s+(?=\\p{Lu}\\p{Ll}{2}|\\p{Lu}\\s+\\p{Ll})|;\\s+(?=(?:[Aa]\\s+|[Tt]he\\s+)?(?:[Ll]ight\\s+)?(?:${ASIDE})\\b)`,
  'u',
);

/** A sentence about the meeting's own hours: "The session ends at 13:00", "It will start at 10:00". */
const ITSELF =
  /^(?:the\s+)?(?:meeting|session|sitting|consultation|call|webinar|workshop|hearing|it|they)\s+(?:\w+\s+){0,3}?(?:start|begin|end|finish|close|open|resume|run|adjourn)s?\b/i;

/** Before a date, in its sentence: "tentatively scheduled for", "Third round (provisional):". Not "provisional agenda". */
const TENTATIVE_BEFORE =
  /\b((?:tentative(?:ly)?|provisional(?:ly|mente)?|provisoire(?:ment)?|tentativamente)\b(?!\s+(?:agenda|programme|program|list|ordre|orden|order|text|draft))(?:\s+(?:scheduled|planned|set|booked|foreseen|expected|prévue?s?|prevista?s?))?)[^.;!?]{0,40}$/i;
/** Right after a date: "(tentative)", ", to be confirmed", "(TBC)", "à confirmer", "por confirmar". */
const TENTATIVE_AFTER =
  /^[\s,]*\(?\s*(tentative(?:ly)?|provisional(?:ly)?|to be confirmed|tbc|subject to confirmation|à confirmer|provisoire|por confirmar)\b/i;

/**
 * The words that say a date is not firm, in the date's own sentence: "is tentatively scheduled
 * for 19 November", "Third round (provisional): 2 March", "10 March (TBC)"; undefined when none.
 */
export function tentativeWords(text: string, start: number, end: number): string | undefined {
  const sentence = Math.max(0, text.lastIndexOf('. ', start) + 1);
  const before = TENTATIVE_BEFORE.exec(text.slice(sentence, start));
  if (before) return (before[1] as string).replace(/\s+/g, ' ');
  const after = TENTATIVE_AFTER.exec(text.slice(end));
  return after ? (after[1] as string).toLowerCase() : undefined;
}
