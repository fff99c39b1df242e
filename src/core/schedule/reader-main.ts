/**
 * The document's own meeting (title, series, number), its date line, and every date mention
 * resolved to a day. One file (over 500 lines) because the title, the series and the date line
 * are found in one pass over the same first units, each reading what the others decided.
 */
import { DateTime } from 'luxon';
import { AGENDA_NOUN } from './agenda-lines.js';
import { isLetterDate, isMessageHeader, isPostStamp, pressLeadEnd } from './announce.js';
import {
  addDays,
  completeYear,
  toLocalDate,
  weekdayOf,
  type YearSource,
  yearFromWeekday,
} from './calendar.js';
import { leadsOldDate, movesFromTo, movesWithinRange, OLD_HOURS } from './change-statements.js';
import { type DateMention, findDates, type PartialDate } from './dates.js';
import { findIdentities, hasMeetingWords, seriesFromPhrase } from './identity.js';
import { isoSpanDates } from './iso-interval.js';
import { narrowRanges, weekdaySpan } from './range-days.js';
import { isProse, type ReaderCore } from './reader-core.js';
import { placeLine, titleFromText } from './reader-title.js';
import type { ResolvedDate, Unit } from './reader-types.js';
import { findRelativeDays } from './relative-days.js';
import {
  ANNOUNCES,
  DEADLINE_CUE,
  isDocumentKind,
  isEventKindLabel,
  isMostlyDate,
  MEETING_CUE,
  opensWithDateOrTime,
} from './text-rules.js';
import { findTimes } from './times.js';
import { capitalised, phraseTitle, titleText } from './titles.js';
import type { Evidence, LocalDate } from './types.js';

/** A sentence with a subject and a finite verb, closed by a full stop: "The meeting will be webcast live." */
const STATEMENT =
  /^(?:the|this|these|that|it|they|we|please|all|our|each)\b.*\b(?:will|is|are|was|were|has|have|shall|should|can|may|must)\s+\w+.*[.!]$/i;

/** Finds the document's title and main identity; returns the index of the title unit (or -1). */
export function findMain(rd: ReaderCore): number {
  const { doc } = rd;
  rd.main = rd.segment('main');
  let titleUnit = -1;
  const firstUnits = rd.units.slice(0, 12);
  // The title: a heading that is not a day heading, else the first line naming a meeting,
  // else the first short line that reads like a title.
  const headingIdx = firstUnits.findIndex(
    (u) =>
      u.kind === 'heading' &&
      (u.headingLevel ?? 1) <= 3 &&
      !isMostlyDate(u.text) &&
      !opensWithDateOrTime(u.text) &&
      !isDocumentKind(u.text) &&
      u.text.trim().length > 2,
  );
  // A sentence after another with a date names its own meeting, not the document's: the first
  // dated sentence, found once.
  const firstDatedSentence = firstUnits.findIndex(
    (v) => v.kind === 'sentence' && findDates(v.text).mentions.length > 0,
  );
  const idIdx = firstUnits.findIndex(
    (u, i) =>
      // A note verbale says it in one long sentence: "The Secretariat ... has the honour to
      // inform them that the 5th Meeting of the Council will take place from ...".
      (u.text.length < 200 || (u.kind === 'sentence' && u.text.length < 400 && MEETING_CUE.test(u.text))) &&
      (u.kind !== 'sentence' || firstDatedSentence < 0 || firstDatedSentence >= i) &&
      !numberedInList(firstUnits, i) &&
      !opensWithDateOrTime(u.text) &&
      findIdentities(u.text, true).some((m) => m.ordinal !== undefined || m.tbd),
  );
  // A subject or title label names the meeting better than a sentence that schedules it.
  const titleLabel = firstUnits.some((u) => u.label?.kind === 'title');
  const lineIdx = firstUnits.findIndex(
    (u, i) =>
      !numberedInList(firstUnits, i) &&
      !(titleLabel && !u.label && u.kind !== 'heading' && MEETING_CUE.test(u.text)) &&
      (u.kind !== 'sentence' || namesMeetingThenDate(u.text)) &&
      // A table's header row ("Date | Time | Meeting") names columns, not the meeting.
      !isHeaderRow(u) &&
      u.text.length < 120 &&
      // "The meeting will be webcast live.": a statement about the meeting, not its name.
      !(STATEMENT.test(u.text.trim()) && !/\d/.test(u.text)) &&
      !opensWithDateOrTime(u.text) &&
      (!u.label || u.label.kind === 'title' || namesMeetingThenDate(u.text)) &&
      namesGathering(u.text),
  );
  // A cover line (a guidebook's, a programme's): the meeting's name, its dates and its place,
  // unpunctuated, too long for a title line: "12th Assembly of the Union 3 to 7 May 2027 Geneva".
  const coverIdx = firstUnits
    .slice(0, 6)
    .findIndex(
      (u, i) =>
        u.text.length < 200 &&
        !isProse(u.text) &&
        !opensWithDateOrTime(u.text) &&
        !numberedInList(firstUnits, i) &&
        coverDate(u.text) > 0,
    );
  titleUnit = headingIdx >= 0 ? headingIdx : idIdx >= 0 ? idIdx : lineIdx >= 0 ? lineIdx : coverIdx;
  const cover = titleUnit >= 0 && titleUnit === coverIdx && lineIdx < 0;
  const subject = doc.email?.subject;
  if (subject) {
    const ev: Evidence = { text: subject, property: 'Subject' };
    rd.main.title = { value: titleText(subject), evidence: ev };
    rd.applyIdentity(rd.main, findIdentities(subject, true)[0], ev, subject);
    rd.applyMarkers(rd.main, subject, ev, true);
  }
  if (titleUnit >= 0) {
    const u = rd.units[titleUnit] as Unit;
    // "Subject: X" is named X; "Side event: X" keeps its kind of event.
    const text =
      u.label?.kind === 'title' && !isEventKindLabel(u.label.name)
        ? u.text.slice(u.label.valueStart)
        : u.text;
    const ev = rd.evidence(u, 0, u.text.length);
    // A sentence is no title: name the meeting by the identity phrase inside it.
    const named = u.kind !== 'heading' && isProse(text) ? findIdentities(text, true)[0] : undefined;
    if (!rd.main.title && named) {
      rd.main.title = {
        value: named.named ?? phraseTitle(text, named) ?? capitalised(titleText(named.text)),
        evidence: rd.evidenceFor(u, named),
      };
    }
    // "Committee meeting: Friday March 22, 17:00UTC": the title is what names the meeting.
    let named2 = cover
      ? text.slice(0, coverDate(text))
      : namesMeetingThenDate(text)
        ? text.slice(0, text.indexOf(': '))
        : text;
    // "Regional Dialogue on Urban Heat" over "Lima, Peru": the place line is the venue.
    const place = text === u.text ? placeLine(text) : undefined;
    if (place) {
      rd.venueFrom(rd.main, u, text.slice(place.start, place.end), 2, place.start);
      if (place.start < named2.length)
        named2 = named2.slice(0, place.start) + named2.slice(Math.min(named2.length, place.end));
    }
    // A whole sentence or question is no title either ("meeting will be held on at in Geneva" once its date
    // and time are gone): the sentence readers or the file name name the meeting then.
    const question = /\?\s*$/.test(text) && text.trim().split(/\s+/).length >= 5;
    const sentence =
      u.kind !== 'heading' &&
      !u.label &&
      named2 === text &&
      ((isProse(text) && /[.!]\s*$/.test(text)) || question);
    if (!rd.main.title && !sentence) rd.main.title = { value: titleText(named2), evidence: ev };
    if (!rd.main.ordinal && !rd.main.tbd)
      rd.applyIdentity(
        rd.main,
        findIdentities(text, true)[0],
        rd.evidenceFor(u, findIdentities(text, true)[0]),
        text,
      );
    rd.applyMarkers(rd.main, u.text, ev, true);
  } else if (!rd.main.title && doc.metadata.title) {
    rd.main.title = {
      value: titleText(doc.metadata.title),
      evidence: { text: doc.metadata.title, property: 'title' },
    };
  }
  if (!rd.main.series && !rd.main.ordinal) {
    // Prose near the top may carry the identity ("I have the honour to invite you to the sixth meeting of ...").
    // Only a sentence that announces (not a list item, not "following the fifth meeting").
    for (const u of rd.units.slice(0, 8)) {
      if (u.kind === 'item' || u.kind === 'row' || !ANNOUNCES.test(u.text)) continue;
      const id = findIdentities(u.text, false).find((m) => m.ordinal !== undefined || m.tbd);
      if (id) {
        rd.applyIdentity(rd.main, id, rd.evidenceFor(u, id), u.text);
        break;
      }
    }
  }
  if (!rd.main.series && rd.main.title) {
    // "TC39 Meeting Agendas": an acronym in the title is the series of the rows below it.
    const s = seriesFromPhrase(rd.main.title.value.replace(/[^A-Za-z0-9+ ]/g, ' '));
    if (s && /[A-Z].*[A-Z0-9]/.test(s) && s.length <= 12 && !/\s/.test(s)) rd.mainSeries = s;
  }
  rd.mainSeries = rd.main.series?.value ?? rd.mainSeries;
  if (!rd.main.title) titleFromText(rd);
  if (!rd.main.title && doc.name)
    rd.main.title = { value: doc.name, evidence: { text: doc.name, property: 'name' } };
  return titleUnit;
}

/**
 * "First session | 12-16 April 2027 | Geneva" over "Second session | 4-8 October 2027 |
 * Bangkok": a dated row or line whose neighbour, of the same kind, is dated and numbered
 * too is one of a list of meetings, never the document's title.
 */
function numberedInList(units: readonly Unit[], i: number): boolean {
  const u = units[i] as Unit;
  if (u.kind === 'heading' || u.kind === 'sentence') return false;
  // The units' dates are not resolved yet when the title is looked for.
  const numbered = (o: Unit | undefined) =>
    !!o &&
    o.kind === u.kind &&
    findIdentities(o.text, true).some((m) => m.ordinal !== undefined) &&
    findDates(o.text).mentions.length > 0;
  return numbered(u) && (numbered(units[i + 1]) || numbered(units[i - 1]));
}

/** A table row of column names: several cells and no digit. */
function isHeaderRow(u: Unit): boolean {
  return u.kind === 'row' && (u.cells?.length ?? 0) >= 2 && !/\d/.test(u.text);
}

/**
 * "Nairobi, 14 February 2028 – The Council will convene ...": a news release's opening paragraph
 * starts with where and when it was written. Its date dates the text (see findDocDate), and the
 * sentence after it is read without it.
 */
export function markPressLeads(rd: ReaderCore): void {
  for (const u of rd.units.slice(0, 7)) {
    const lead = u.kind === 'heading' ? undefined : pressLead(rd, u);
    if (lead) u.leadEnd = lead.end;
  }
}

/** "Nairobi, 14 February 2028 – The Council ...": the release's lead, its end and the day it gives. */
function pressLead(rd: ReaderCore, u: Unit): { end: number; date: LocalDate } | undefined {
  const first = findDates(u.text, rd.dateOptions()).mentions[0];
  if (!first || first.start.year === undefined || first.start.day !== first.end.day) return undefined;
  const end = pressLeadEnd(u.text, first);
  return end === undefined
    ? undefined
    : { end, date: toLocalDate(first.start.year, first.start.month, first.start.day) };
}

/** A letter's own date ("Geneva, 3 June 2014", "Posted: 4 June 2014") fills the source date when it has none. */
export function findDocDate(rd: ReaderCore, titleUnit: number): void {
  // Post and message stamps anywhere ("alice · comment · 2023-09-03") date the post, not a meeting.
  for (const [k, u] of rd.units.entries()) {
    if (u.kind === 'heading') continue;
    if (isPostStamp(u.text)) u.dateline = true;
    // "From: ... / Date: Mon, 4 Jan 2027 at 09:12 / Subject: ...": a quoted message's header dates the message.
    if (isMessageHeader(rd.units, k)) u.dateline = true;
    const lead = u.leadEnd !== undefined ? pressLead(rd, u) : undefined;
    if (lead && !rd.source.date) rd.source = { ...rd.source, date: lead.date };
    const next = rd.units[k + 1]?.text;
    if (next === undefined || u.text.length > 40 || !/\d/.test(u.text)) continue;
    const only = findDates(u.text, rd.dateOptions()).mentions;
    if (only.length === 1 && isLetterDate(u.text, (only[0] as DateMention).length, next)) u.dateline = true;
  }
  if (rd.source.date) {
    rd.docDate = rd.source.date.slice(0, 10);
    return;
  }
  for (const [k, u] of rd.units.slice(0, 10).entries()) {
    const found = findDates(u.text, rd.dateOptions()).mentions.filter((m) => m.start.year !== undefined);
    const first = found[0];
    if (!first || first.start.day !== first.end.day || first.start.month !== first.end.month) continue;
    const isDocLabel = u.label?.kind === 'doc-date';
    // A weekday or a time next to the date makes it a meeting day, not a letter's date,
    // unless the text below counts days from it ("Thursday, 10 January" above "tomorrow, Friday").
    const countsFrom = rd.units
      .slice(k + 1, k + 3)
      .some((n) => findRelativeDays(n.text, () => false).some((r) => r.offset !== undefined));
    if (!isDocLabel && findTimes(u.text).mentions.length > 0) continue;
    if (!isDocLabel && first.start.weekday !== undefined && !countsFrom) continue;
    const next = rd.units[k + 1];
    if (!isDocLabel && next && /^\W*\d{1,2}(?::\d{2}|\d{2}\s*-)/.test(next.text)) continue;
    const date = toLocalDate(first.start.year as number, first.start.month, first.start.day);
    const rest = (u.text.slice(0, first.index) + u.text.slice(first.index + first.length))
      .replace(/[\s,.:;-]+/g, ' ')
      .trim();
    const isDateline =
      u.kind !== 'heading' &&
      // "Informal Briefing on 4 March" names a meeting; a dateline names a place.
      !AGENDA_NOUN.test(rest) &&
      // "Registration closes on 1 March 2027": a deadline, not the letter's date.
      !DEADLINE_CUE.test(rest) &&
      k !== titleUnit &&
      k <= 3 &&
      rest.split(' ').length <= 3 &&
      !u.label;
    if (isDocLabel || isDateline) {
      rd.docDate = date;
      rd.source = { ...rd.source, date };
      u.dateline = true;
      return;
    }
  }
}

/** Between a new date and the old one it replaces: "(instead of", ", rather than", "and not", "(moved from". */
const INSTEAD_OF =
  /^(?:\s*[,(]?\s*(?:instead\s+of|rather\s+than|and\s+not|not)|[^.;()]{0,40}?\(\s*(?:moved|rescheduled|postponed|shifted|changed|brought\s+forward)\s+from)\s+(?:on\s+)?(?:the\s+)?$/i;

export function resolveDates(rd: ReaderCore): void {
  rd.titleYear = titleYear(rd.units.slice(0, 6));
  for (const u of rd.units) {
    const y = /(?<![\d/.:#])(19[5-9]\d|20\d\d)(?![\d:])/.exec(u.text);
    if (y) {
      rd.yearWritten = Number(y[1]);
      break;
    }
  }
  const explicit: LocalDate[] = [];
  const parsed = rd.units.map((u) => findDates(u.text, rd.dateOptions()));
  for (const p of parsed)
    for (const m of p.mentions)
      if (m.start.year !== undefined) explicit.push(toLocalDate(m.start.year, m.start.month, m.start.day));
  let last: LocalDate | undefined;
  parsed.forEach((p, k) => {
    const u = rd.units[k] as Unit;
    const relevant = !u.excludedSection && !u.ancestors.includes('exclude');
    if (relevant) {
      for (const prob of p.problems)
        rd.diagAt(u, prob.index, prob.length, 'schedule.invalid-date', 'warning', prob.message);
    }
    for (const m of p.mentions) {
      if (u.leadEnd !== undefined && m.index < u.leadEnd) continue;
      const r = resolveDate(rd, weekdaySpan(u.text, m), last ?? explicit[0]);
      if (r) u.dates.push(r);
      if (m.start.year !== undefined) last = toLocalDate(m.start.year, m.start.month, m.start.day);
    }
    if (rd.docDate && !u.dateline) relativeDates(u, p.mentions, rd.docDate);
    // A move from one date to another: only the new date is the meeting's.
    for (let i = 0; i + 1 < u.dates.length; i++) {
      const a = u.dates[i] as ResolvedDate;
      const b = u.dates[i + 1] as ResolvedDate;
      if (movesFromTo(u.text, a.index, a.index + a.length, b.index)) {
        u.move = { from: a, to: b };
        u.dates.splice(i, 1);
        break;
      }
    }
    // "on 10 December (instead of 8 December)": the new day first, the old one compared with it;
    // "originally planned for 3-4 May, will now be held on 10-11 May": the old day first.
    for (let i = 0; !u.move && i + 1 < u.dates.length; i++) {
      const a = u.dates[i] as ResolvedDate;
      const b = u.dates[i + 1] as ResolvedDate;
      // "on 10 March at 16:00 (instead of 8 March ...)": the new day's hours may stand between.
      if (INSTEAD_OF.test(u.text.slice(a.index + a.length, b.index).replace(OLD_HOURS, ' '))) {
        u.move = { from: b, to: a };
        u.dates.splice(i + 1, 1);
      } else if (leadsOldDate(u.text, a.index, b.index)) {
        u.move = { from: a, to: b };
        u.dates.splice(i, 1);
      }
    }
    // "will be held virtually the week of 22 March": the working week that day opens.
    u.dates = isoSpanDates(
      u.text,
      u.dates.map((d) => weekOf(u.text, d)),
    );
    // "every Thursday from 7 October to 25 November, except on 11 November": those days only.
    u.dates = narrowRanges(u.text, u.dates);
    // "8 October in the Western hemisphere and 9 October in the Eastern hemisphere": one meeting, two calendars.
    const hemisphere = (d: ResolvedDate) =>
      /^[\s,)]*(?:in|for) the (?:western|eastern) hemisphere/i.test(u.text.slice(d.index + d.length));
    u.dates = u.dates.filter(
      (d, i) => i === 0 || !hemisphere(d) || !hemisphere(u.dates[i - 1] as ResolvedDate),
    );
    const range = u.dates.find((d) => d.start !== d.end && !d.list);
    if (!u.move && range && movesWithinRange(u.text, range.index)) {
      // "rescheduled from 4 June 2027 to 11 June 2027" reads as one range: it is two days.
      const to: ResolvedDate = { ...range, start: range.end };
      u.move = { from: { ...range, end: range.start }, to };
      u.dates.splice(u.dates.indexOf(range), 1, to);
    }
  });
}

export function resolveDate(
  rd: ReaderCore,
  m: DateMention,
  contextAnchor: LocalDate | undefined,
): ResolvedDate | undefined {
  let source: YearSource = 'stated';
  const fill = (d: PartialDate): number => {
    if (d.year !== undefined) return d.year;
    if (contextAnchor) {
      source = 'context';
      return completeYear(d, contextAnchor, 'context');
    }
    if (rd.docDate) {
      source = 'document';
      return completeYear(d, rd.docDate, 'document');
    }
    if (rd.titleYear !== undefined) {
      // "Sessions 2023" in the title: the year of every undated day below it.
      source = 'document';
      return rd.titleYear;
    }
    // No year anywhere: a stated weekday still tells the year ("Friday 22 March" is a Friday in few years).
    // The nearest such year to a year the text speaks of ("the budget 2009/2010"), else to today.
    // The nearest such year to a year the text speaks of ("the budget 2009/2010"), else to a date
    // in the document's own name ("notes_2013-03-22.txt"), else to today.
    const named = dateInName(rd.source.name);
    const byWeekday = yearFromWeekday(
      d,
      rd.yearWritten ? `${rd.yearWritten}-07-01` : (named ?? rd.source.seenAt.slice(0, 10)),
    );
    if (byWeekday !== undefined) {
      source = 'weekday';
      return byWeekday;
    }
    if (rd.yearWritten !== undefined) {
      // "Posted 10-03-2007": a year the text itself gives, before the reader's own year.
      source = 'document';
      return rd.yearWritten;
    }
    if (named) {
      source = 'document';
      return completeYear(d, named, 'document');
    }
    source = 'assumed';
    return completeYear(d, rd.source.seenAt.slice(0, 10), 'document');
  };
  const sy = fill(m.start);
  // Without a written year the end follows the start, across New Year when it must.
  const endBeforeStart =
    m.end.month < m.start.month || (m.end.month === m.start.month && m.end.day < m.start.day);
  const ey = m.end.year ?? (m.list ? sy : sy + (endBeforeStart ? 1 : 0));
  const start = toLocalDate(sy, m.start.month, m.start.day);
  const end = toLocalDate(ey, m.end.month, m.end.day);
  if (!DateTime.fromISO(start, { zone: 'UTC' }).isValid || !DateTime.fromISO(end, { zone: 'UTC' }).isValid)
    return undefined;
  const list = m.list?.map((d) => toLocalDate(d.year ?? sy, d.month, d.day));
  const weekdayIssues: ResolvedDate['weekdayIssues'] = [];
  const check = (d: PartialDate, date: LocalDate) => {
    // One written weekday is flagged once, even when the range's start and end both carry it.
    if (weekdayIssues.some((w) => w.index === d.weekdayIndex)) return;
    if (d.weekday !== undefined && d.weekdayIndex !== undefined && weekdayOf(date) !== d.weekday) {
      weekdayIssues.push({ index: d.weekdayIndex, length: d.weekdayLength ?? 3, stated: d.weekday, date });
    }
  };
  check(m.start, start);
  check(m.end, end);
  const assumed = m.ambiguousOrder ? rd.dateOrder().assumed : undefined;
  return {
    index: m.index,
    length: m.length,
    text: m.text,
    start,
    end,
    ...(list ? { list } : {}),
    ...(assumed ? { orderAssumed: `"${m.text}" ${assumed}` } : {}),
    yearSource: source,
    weekdayIssues,
  };
}

/**
 * "minutes_2013-03-22.txt", "call-2020-06.md": a year-first date in a document's name, the day the
 * file was saved or sent. Only a hint for a year the text leaves out, never a meeting's date.
 */
function dateInName(name: string | undefined): LocalDate | undefined {
  if (!name) return undefined;
  const base = name.replace(/^.*[\\/]/, '');
  const m = /(?<!\d)((?:19|20)\d\d)[-_.]?(0[1-9]|1[0-2])(?:[-_.]?(0[1-9]|[12]\d|3[01]))?(?!\d)/.exec(base);
  if (!m) return undefined;
  return toLocalDate(Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : 15);
}

/**
 * "the week of 22 March" (a Monday): Monday to Friday; "the week of 21 March" (a Sunday): the
 * Monday to Friday after it. Another weekday, or a day with a weekday that does not fit, stays a day.
 */
function weekOf(text: string, d: ResolvedDate): ResolvedDate {
  if (d.start !== d.end || d.list || d.weekdayIssues.length > 0) return d;
  if (!/\bweek\s+of\s+(?:the\s+)?$/i.test(text.slice(Math.max(0, d.index - 20), d.index))) return d;
  const wd = weekdayOf(d.start);
  if (wd !== 1 && wd !== 7) return d;
  const monday = wd === 1 ? d.start : addDays(d.start, 1);
  return { ...d, start: monday, end: addDays(monday, 4) };
}

/**
 * Nouns of a gathering that name a meeting on a title line ("Regional Dialogue on Urban Heat",
 * "Seminar on Port Finance") beside the identity list's. Not "briefing": "Briefing: Tuesday
 * 4 May, 10:00, Room W" is a programme's line.
 */
const GATHERING_NOUN =
  /\b(?:dialogue|seminar|webinar|symposium|colloquium|round[- ]?table|retreat|congress)\b/i;

/**
 * Whether a title line or a Subject names a gathering: the identity list's nouns, those of the
 * other languages the date reader knows, and the kinds of gathering (`GATHERING_NOUN`).
 */
export function namesGathering(text: string): boolean {
  return hasMeetingWords(text) || MEETING_WORDS_ELSEWHERE.test(text) || GATHERING_NOUN.test(text);
}

/** Nouns of a meeting a cover page names: the identity list and a few more formal ones. */
const COVER_NOUN = /\b(?:assembly|congress|plenary|symposium|convention|colloquium)\b/i;

/**
 * Where the dates of a cover line start: a span of days with its year after a name that holds
 * a meeting noun ("... of the Union 24 to 28 March 2018 Geneva"); 0 when the line is no cover.
 */
function coverDate(text: string): number {
  const first = findDates(text).mentions[0];
  if (!first || (first.start.year === undefined && first.end.year === undefined)) return 0;
  if (first.start.day === first.end.day && first.start.month === first.end.month) return 0;
  const name = text.slice(0, first.index);
  const named = namesGathering(name) || COVER_NOUN.test(name);
  return named && name.trim().split(/\s+/).length >= 2 ? first.index : 0;
}

/** "Committee meeting (for 2027): Friday March 22, 17:00UTC": a meeting named, then its date. */
function namesMeetingThenDate(text: string): boolean {
  const colon = text.indexOf(': ');
  if (colon < 3 || !hasMeetingWords(text.slice(0, colon))) return false;
  const first = findDates(text).mentions[0];
  return first !== undefined && first.index >= colon && first.index - colon <= 3;
}

/** "mañana, viernes", "tomorrow", "Wednesday night": days counted from the document's own date. */
function relativeDates(u: Unit, mentions: DateMention[], docDate: LocalDate): void {
  const taken = (i: number) => mentions.some((m) => i >= m.index && i < m.index + m.length);
  for (const r of findRelativeDays(u.text, taken)) {
    let date: LocalDate;
    if (r.offset !== undefined) {
      date = addDays(docDate, r.offset);
      // "tomorrow, Friday" on a Wednesday: the text contradicts itself; read neither.
      if (r.weekday !== undefined && weekdayOf(date) !== r.weekday) continue;
    } else {
      date = addDays(docDate, ((((r.weekday as number) - weekdayOf(docDate)) % 7) + 7) % 7);
    }
    u.dates.push({
      index: r.index,
      length: r.length,
      text: r.text,
      start: date,
      end: date,
      yearSource: 'relative',
      weekdayIssues: [],
    });
  }
  u.dates.sort((a, b) => a.index - b.index);
}

/** Meeting nouns of the other languages the date reader knows (identity's list is English). */
const MEETING_WORDS_ELSEWHERE =
  /(?:sitzung|versammlung|tagung|r[ée]union|s[ée]ance|conseil|assembl[ée]e|sesi[óo]n|pleno|asamblea|reuni[óo]n|convocatoria|consejo|gemeinderat|stadtrat)/i;

/** A lone year in the first lines that are not prose: the year the document speaks of. */
export function titleYear(units: Unit[]): number | undefined {
  for (const u of units) {
    if (u.kind === 'sentence' || u.text.length > 120) continue;
    // "2023/2027" and "2009-2010" are spans of years, not one year.
    const m = /(?<![\d/.,:-])(19[5-9]\d|20\d\d)(?![\d/:]|\s*[-\u2013]\s*\d)/.exec(u.text);
    if (m && findDates(u.text).mentions.length === 0) return Number(m[1]);
  }
  return undefined;
}
