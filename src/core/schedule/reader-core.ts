/**
 * One file (over 500 lines) because ReaderCore is one class: its operations share the
 * segments, the evidence index and the diagnostics of one reading, and split across modules
 * each would take that state as parameters.
 * The text reader's state and the small operations every reading phase shares: segments
 * (one per meeting the text speaks of), the facts added to them, evidence and diagnostics.
 */

import { type Diagnostic, LineIndex, type Severity, snippetAt } from '../diagnostics.js';
import type { Document } from '../documents/types.js';
import { daysBetween, formatDateSpan, weekdayName, weekdayOf } from './calendar.js';
import { movedToDate, OLD_HOURS } from './change-statements.js';
import { DAILY_CUE, hoursOfSomethingElse, laterSentence } from './daily-words.js';
import { type DateOrder, documentDateOrder } from './date-order.js';
import type { FindDatesOptions } from './dates.js';
import { fullerSeries, type IdentityMention, seriesKey } from './identity.js';
import { isoSpanTimes } from './iso-interval.js';
import { placeByName } from './places.js';
import type { DateFact, ExtractOptions, ResolvedDate, Segment, Unit } from './reader-types.js';
import {
  CANCELLED,
  correctionIn,
  expand,
  HYPOTHETICAL,
  POSTPONED,
  placeSpan,
  proseCorrection,
  RESCHEDULED,
  statementAboutMeeting,
  tentativeWords,
  titleSaysStatus,
  ZONE_STATEMENT,
} from './text-rules.js';
import { equivalentSpans, withoutEquivalents } from './time-equivalents.js';
import { findTimes, formatTime, type TimeMention } from './times.js';
import { phraseTitle } from './titles.js';
import type { Evidence, LocalDate, SourceInfo } from './types.js';
import { saysOnline, venueFromText } from './venue.js';
import { findIanaNames, readZoneAfter, type ZoneStatement } from './zones.js';

/** The rank of a venue given by a venue label ("Venue:", "Ort:", "Lieu :"). */
const VENUE_LABEL_RANK = 3;
/** Under a venue label the words are a place: a city of 100,000 people named alone counts. */
const LABELLED_PLACE = { minPopulation: 100_000, labelled: true };

/** The gathering in one place called off: "the in-person meeting was cancelled", "cancel the face-to-face part". */
const IN_PERSON_CANCELLED =
  /\b(?:in[- ]person|face[- ]to[- ]face|f2f|physical|on[- ]site)\s+(?:meeting|session|event|conference|part|component|gathering|portion)s?\b[^.;]{0,40}?\b(?:cancell?ed|called off)\b|\bcancel\w*\s+(?:the|our|its)\s+(?:in[- ]person|face[- ]to[- ]face|physical|on[- ]site)\b/i;

/** One part of a day's meeting, then its cancellation: "the afternoon session ... has been cancelled". */
const PART_CANCELLED =
  /\b(morning|afternoon|evening|second|first|opening|closing)\s+(?:session|sitting|part|segment|half)\b[^.;]{0,80}?\b(?:cancell?ed|called off|will not (?:take place|be held))/i;
/** Another part said to be held: "The morning session (10:00–13:00) will be held as scheduled". */
const PART_HELD =
  /\b(morning|afternoon|evening|second|first|opening|closing)\s+(?:session|sitting|part|segment|half)\b[^.;]{0,80}?\b(?:will (?:still )?(?:be held|take place|go ahead|proceed)|as (?:planned|scheduled)|is not affected|remains? (?:scheduled|unchanged))/i;

export class ReaderCore {
  readonly index: LineIndex;
  readonly units: Unit[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly segments = new Map<string, Segment>();
  main!: Segment;
  mainSeries: string | undefined;
  docDate: LocalDate | undefined;
  docPlaceCache: { zone: string; evidence: Evidence } | null | undefined;
  /** The zone of the body the document names (see bodies.ts), once looked up. */
  bodyCache: { zone: string; evidence: Evidence; reason: string } | null | undefined;
  /** A year standing alone in the document's title lines ("Schedule of sessions 2023"). */
  titleYear: number | undefined;
  /** The first year written anywhere in the text, for dates that have none. */
  yearWritten: number | undefined;
  /** The main meeting's one day was handed to the meetings listed under it ("Americas meeting: 21:00 UTC"). */
  mainSplit = false;
  source: SourceInfo;
  timeWithoutDateReported = false;
  tableHeader: { block: number; cells: string[]; unit: Unit } | undefined;
  /** The day the last dated row of a table gave (for rows whose date cell is blank), the dates fact it added, and whether its rows are one meeting's days. */
  tableDay: { table: number; date: ResolvedDate; fact?: DateFact; days?: boolean } | undefined;
  readonly timeCache = new Map<Unit, TimeMention[]>();
  private order: DateOrder | undefined;

  constructor(
    readonly doc: Document,
    source: SourceInfo,
    readonly options: ExtractOptions,
  ) {
    this.index = new LineIndex(doc.text);
    this.source = withDocDate(source, doc);
  }

  /** The order of the document's numeric dates ("04/03/2027"), decided once from the whole text. */
  dateOrder(): DateOrder {
    this.order ??= documentDateOrder(this.doc.text);
    return this.order;
  }

  dateOptions(): FindDatesOptions {
    return { order: this.dateOrder().order };
  }

  applyIdentity(seg: Segment, id: IdentityMention | undefined, ev: Evidence, context: string): void {
    if (!id) return;
    // "HTTP Working Group Agenda - IETF 103": the number is the IETF meeting's, and each
    // working group meets within it, so the group is part of the series ("IETF HTTP").
    const group =
      id.pattern === 'numbered'
        ? /\b([A-Z][A-Za-z0-9-]*)\s+(?:Working Group|WG)\b/.exec(context)?.[1]
        : undefined;
    const series = id.series && group && group !== id.series ? `${id.series} ${group}` : id.series;
    if (series && !seg.series) seg.series = { value: series, evidence: ev };
    if (id.ordinal !== undefined && !seg.ordinal) seg.ordinal = { value: id.ordinal, evidence: ev };
    if (id.tbd) seg.tbd = true;
  }

  /**
   * Status and correction words. In a title or subject they must lead or follow the
   * meeting's name ("CANCELLED: ...", "Corrected invitation: ..."); in prose the sentence
   * must say it of the meeting ("the meeting has been cancelled"), so an agenda item that
   * was "postponed until next meeting" or a "correction" to a specification changes nothing.
   */
  applyMarkers(seg: Segment, text: string, ev: Evidence, titleLike: boolean): void {
    if (!titleLike && HYPOTHETICAL.test(text)) return;
    const aboutMeeting = statementAboutMeeting(text);
    const namesMeeting =
      aboutMeeting || /\b(meeting|session|event|conference|consultation|workshop)\b/i.test(text);
    const marker = titleLike ? correctionIn(text, true) : proseCorrection(text, namesMeeting);
    if (marker && !seg.correction) seg.correction = { value: marker, evidence: ev };
    if (titleLike) {
      if (titleSaysStatus(text, CANCELLED)) seg.status = { value: 'cancelled', evidence: ev };
      else if (titleSaysStatus(text, POSTPONED) && !RESCHEDULED.test(text))
        seg.status ??= { value: 'postponed', evidence: ev };
    } else if (aboutMeeting) {
      if (CANCELLED.test(text) && !this.onlyInPersonCancelled(text) && !this.onlyPartCancelled(text, ev))
        seg.status = { value: 'cancelled', evidence: ev };
      else if (POSTPONED.test(text) && !RESCHEDULED.test(text))
        seg.status ??= { value: 'postponed', evidence: ev };
    }
  }

  /**
   * "We have set up a virtual agenda because the in-person meeting was cancelled": only the
   * gathering in one place is called off while the text (this sentence, its subject or a
   * title line) holds the meeting online; the meeting itself is not cancelled.
   */
  private onlyInPersonCancelled(text: string): boolean {
    if (!IN_PERSON_CANCELLED.test(text)) return false;
    if (saysOnline(text.replace(IN_PERSON_CANCELLED, ' '))) return true;
    if (this.doc.email?.subject && saysOnline(this.doc.email.subject)) return true;
    return this.units
      .slice(0, 12)
      .some((u) => (u.kind === 'heading' || u.label?.kind === 'title') && saysOnline(u.text));
  }

  /**
   * "The afternoon session on 22 April has been cancelled. The morning session will be held as
   * scheduled.": one part of the day is called off while the text holds another; the meeting is
   * not cancelled (an info `schedule.part-cancelled` says which part is).
   */
  private onlyPartCancelled(text: string, ev: Evidence): boolean {
    const off = PART_CANCELLED.exec(text);
    if (!off) return false;
    const part = (off[1] as string).toLowerCase();
    const held = this.units.some((u) => {
      const m = PART_HELD.exec(u.text);
      return !!m && (m[1] as string).toLowerCase() !== part && !CANCELLED.test(u.text);
    });
    if (held)
      this.diag(
        'schedule.part-cancelled',
        'info',
        ev.offset ?? 0,
        `Only the ${part} part of the meeting is called off; the rest is still held, so the meeting is not marked cancelled.`,
      );
    return held;
  }

  dayAsDate(date: LocalDate): ResolvedDate {
    return { index: 0, length: 0, text: '', start: date, end: date, yearSource: 'stated', weekdayIssues: [] };
  }

  segment(key: string): Segment {
    let seg = this.segments.get(key);
    if (!seg) {
      seg = {
        key,
        order: this.segments.size,
        tbd: false,
        headerDates: [],
        sessions: [],
        venues: [],
        zones: [],
      };
      this.segments.set(key, seg);
    }
    return seg;
  }

  /** The segment of a meeting named in the text; the main one when it is the document's own meeting. */
  segmentFor(id: IdentityMention, ev: Evidence, context: string): Segment | undefined {
    const series = id.series ?? this.mainSeries;
    const mainOrdinal = this.main.ordinal?.value;
    const mainKey = this.main.series
      ? seriesKey(this.main.series.value)
      : this.mainSeries
        ? seriesKey(this.mainSeries)
        : undefined;
    const key = series ? seriesKey(series) : undefined;
    if (id.tbd) return key === undefined || key === mainKey ? this.main : undefined;
    if (id.ordinal === undefined) return this.main;
    if (mainOrdinal === id.ordinal && (key === undefined || mainKey === undefined || key === mainKey))
      return this.main;
    // "The second meeting of the Expert Group" under a subject naming the "Open-ended
    // Intergovernmental Expert Group on ..." and its second meeting: the same meeting, by its
    // fuller name.
    const mainSeries = this.main.series?.value;
    if (mainOrdinal === id.ordinal && series && mainSeries && fullerSeries(series, mainSeries)) {
      const title = this.main.title;
      if (fullerSeries(series, mainSeries) === series && title?.value.includes(mainSeries)) {
        this.main.title = { ...title, value: title.value.replace(mainSeries, series) };
        this.main.series = { value: series, evidence: ev };
      }
      return this.main;
    }
    const seg = this.segment(`${key ?? ''}#${id.ordinal}`);
    seg.ordinal ??= { value: id.ordinal, evidence: ev };
    if (series) seg.series ??= { value: series, evidence: ev };
    if (!seg.title) seg.title = { value: titleFromIdentity(id, series, context), evidence: ev };
    return seg;
  }

  headerDatesFrom(seg: Segment, u: Unit, dates: ResolvedDate[], fromTitle: boolean): void {
    const d = dates[0];
    if (!d) return;
    const reasons: string[] = [];
    if (d.yearSource === 'assumed') {
      const reason = `no year stated and the document has no date; assumed ${d.start.slice(0, 4)}`;
      reasons.push(reason);
      this.diagAt(
        u,
        d.index,
        d.length,
        'schedule.year-assumed',
        'warning',
        `"${d.text}" has no year and the document has no date; assumed ${d.start.slice(0, 4)}.`,
      );
    }
    if (d.orderAssumed) reasons.push(d.orderAssumed);
    if (d.yearSource === 'relative') {
      reasons.push(`"${d.text}" counted from the document's own date`);
    }
    if (d.yearSource === 'weekday') {
      // Inferred, and said so: the year is the nearest one in which the stated weekday fits.
      reasons.push(
        `no year stated and the document has no date; ${d.start.slice(0, 4)} is the nearest year in which ${formatDateSpan(d.start, d.start).replace(/ \d{4}$/, '')} is a ${weekdayName(weekdayOf(d.start))}`,
      );
    }
    reasons.push(...this.flagWeekdays(u, d, ' Check which of the two is right.'));
    const tentative = tentativeWords(u.text, d.index, d.index + d.length);
    if (tentative) {
      reasons.push(`said to be tentative ("${tentative}"), not confirmed`);
      this.diagAt(
        u,
        d.index,
        d.length,
        'schedule.tentative',
        'info',
        `The date "${d.text}" is said to be tentative ("${tentative}"): it is kept as the meeting's date, but it is not confirmed.`,
      );
    }
    if (daysBetween(d.start, d.end) < 0) {
      this.diagAt(
        u,
        d.index,
        d.length,
        'schedule.range-reversed',
        'warning',
        `"${d.text}" ends before it starts.`,
      );
      return;
    }
    if (daysBetween(d.start, d.end) > 366) {
      this.diagAt(
        u,
        d.index,
        d.length,
        'schedule.range-too-long',
        'warning',
        `"${d.text}" spans more than a year; not read as meeting dates.`,
      );
      return;
    }
    if (fromTitle && seg.headerDates.length > 0) return;
    if (u.move && u.move.to === d && !seg.changedFrom) {
      seg.changedFrom = {
        value: { start: u.move.from.start, end: u.move.from.end },
        evidence: this.evidence(u, u.move.from.index, u.move.from.length),
      };
      seg.correction ??= { value: 'rescheduled', evidence: this.evidence(u, 0, u.text.length) };
      // "Meeting postponed" over a sentence that gives the new date: it is held then, rescheduled.
      if (seg.status?.value === 'postponed') delete seg.status;
    } else if (!u.move && !seg.changedFrom && movedToDate(u.text, d.index)) this.movedFromHeader(seg, u, d);
    seg.headerDates.push({
      span: { start: d.start, end: d.end },
      evidence: this.evidence(u, d.index, d.length),
      ...(reasons.length ? { uncertain: reasons.join('; ') } : {}),
      ...(d.list && daysBetween(d.start, d.end) >= d.list.length ? { days: d.list } : {}),
    });
  }

  addDay(seg: Segment, u: Unit, d: ResolvedDate): void {
    seg.sessions.push({
      dates: [d.start],
      overnight: false,
      evidence: [this.evidence(u, d.index, d.length)],
    });
    this.flagWeekdays(u, d);
  }

  times(u: Unit): TimeMention[] {
    const cached = this.timeCache.get(u);
    if (cached) return cached;
    // A number inside a date expression ("July 21, 2014 - 1300-1500") is part of the date:
    // blank the dates out so that "2014 - 1300" is never read as a range of times.
    let text = u.text;
    for (const d of u.dates)
      text = `${text.slice(0, d.index)}${' '.repeat(d.length)}${text.slice(d.index + d.length)}`;
    const found = findTimes(text, (i) => readZoneAfter(text, i) !== undefined);
    for (const p of found.problems)
      this.diagAt(u, p.index, p.length, 'schedule.invalid-time', 'warning', p.message);
    let out = isoSpanTimes(u.text, withoutEquivalents(text, found.mentions));
    // "moved from Monday 8 March at 15:00 to Wednesday 10 March at 16:00": the old day's hours
    // went with it; they are never the meeting's.
    const from = u.move?.from;
    // (A range read as a move, "from 4 June to 11 June", is one mention: no old hours after it.)
    if (from && from.index !== u.move?.to.index) {
      const after = from.index + from.length;
      const old = OLD_HOURS.exec(u.text.slice(after));
      if (old) out = out.filter((t) => t.index < after || t.index >= after + old[0].length);
    }
    this.timeCache.set(u, out);
    return out;
  }

  sessionsFrom(seg: Segment, u: Unit, dates: ResolvedDate[], times: TimeMention[], sitting = false): void {
    const twoZones =
      new Set(times.map((t) => readZoneAfter(u.text, t.index + t.length)?.text).filter(Boolean)).size > 1;
    // "4 May, 10:00-12:00; 5 May, 9:00-11:00": each day then its hours, turn by turn.
    const dayThenHours = alternatesDayFirst(dates, times);
    for (const [i, t] of times.entries()) {
      // Each time belongs to the dates after it up to the next time, or to the dates before it.
      const next = times[i + 1];
      // "2027-03-03T10:00": an ISO 8601 time belongs to the date it is joined to.
      const joined = dates.find((d) => d.index + d.length + 1 === t.index && u.text[t.index - 1] === 'T');
      const paired = dayThenHours ? dates[i] : undefined;
      let own = joined
        ? [joined]
        : paired
          ? [paired]
          : dates.filter((d) => d.index > t.index && (!next || d.index < next.index));
      if (own.length === 0) {
        const before = dates.filter((d) => d.index < t.index).slice(-1);
        const later = before[0] && laterSentence(u.text, before[0].index + before[0].length, t.index);
        // "Registration will be open each day from 8 a.m." after the day: no hours of the meeting.
        if (later && hoursOfSomethingElse(later)) continue;
        // A day said in an earlier sentence than hours said of every day is not theirs alone.
        own = later && DAILY_CUE.test(later) ? [] : before;
      }
      if (own.length === 0 && times.length === 1) own = dates;
      // An interval over several days is one session, from its first day.
      const days = t.endDays
        ? own.slice(0, 1).map((d) => d.start)
        : own.flatMap((d) => d.list ?? expand(d.start, d.end));
      const evidence = [
        this.evidence(u, t.index, t.length),
        // A day known from elsewhere (a day heading above the rows) is not written here.
        ...own.filter((d) => d.length > 0).map((d) => this.evidence(u, d.index, d.length)),
      ];
      const zone = readZoneAfter(u.text, t.index + t.length);
      if (zone) seg.zones.push({ statement: zone, evidence: this.evidence(u, zone.index, zone.length) });
      const end = t.end ? (t.end.hour === 24 ? '24:00' : formatTime(t.end)) : undefined;
      seg.sessions.push({
        dates: days.length > 0 ? days : 'header',
        start: formatTime(t.start),
        ...(end ? { end } : {}),
        overnight: t.overnight,
        ...(t.endDays ? { endDays: t.endDays } : {}),
        ...(t.uncertain ? { uncertain: t.uncertain } : {}),
        evidence,
        // Two ranges for a day the line names are sittings ("10:00-13:00 and 15:00-18:00"); hours of every day, its
        // span; ranges in two zones, one moment told twice.
        sitting:
          (sitting || (times.filter((x) => x.end).length > 1 && !twoZones)) && !!end && days.length > 0,
      });
    }
    for (const d of dates) this.flagWeekdays(u, d);
  }

  /**
   * "Steering Group meeting: 14 May" above "The meeting has been moved to 21 May": the one day
   * given before is the old date, the new one replaces it, and a lone start on the old day
   * goes with the meeting to the new one.
   */
  private movedFromHeader(seg: Segment, u: Unit, d: ResolvedDate): void {
    const old = seg.headerDates;
    const first = old[0];
    if (!first || old.some((h) => h.span.start !== first.span.start || h.span.end !== first.span.end)) return;
    if (first.span.start === d.start && first.span.end === d.end) return;
    seg.changedFrom = { value: { ...first.span }, evidence: first.evidence };
    seg.correction ??= { value: 'rescheduled', evidence: this.evidence(u, 0, u.text.length) };
    if (seg.status?.value === 'postponed') delete seg.status;
    seg.headerDates = [];
    const oneDay = first.span.start === first.span.end && d.start === d.end;
    for (const x of seg.sessions) {
      if (!Array.isArray(x.dates)) continue;
      const moved = oneDay && x.dates.length === 1 && x.dates[0] === first.span.start;
      x.dates = moved ? [d.start] : x.dates.filter((day) => day < first.span.start || day > first.span.end);
    }
    seg.sessions = seg.sessions.filter((x) => x.dates === 'header' || x.dates.length > 0);
  }

  zoneStatementsIn(seg: Segment, u: Unit): void {
    // "All times are CET", "Times are given in Central European Time", "All meetings are in New York time".
    const m = ZONE_STATEMENT.exec(u.text);
    if (m) {
      const at = m.index + m[0].length;
      const st = readZoneAfter(u.text, at) ?? this.cityZone(u.text.slice(at), at);
      if (st) seg.zones.push({ statement: st, evidence: this.evidence(u, st.index, st.length), wide: true });
    }
  }

  cityZone(text: string, offset: number): ZoneStatement | undefined {
    const iana = findIanaNames(text)[0];
    if (iana) {
      return iana.valid
        ? { text: iana.name, index: offset + iana.index, length: iana.name.length, iana: iana.name }
        : { text: iana.name, index: offset + iana.index, length: iana.name.length, invalidIana: iana.name };
    }
    const m = /^\s*([A-Z][A-Za-z .'-]{1,30}?)(?:\s+(?:local\s+)?time)?\s*(?:[.,;(]|$)/.exec(text);
    const place = m ? placeByName(m[1] as string) : undefined;
    if (m && place)
      return {
        text: (m[1] as string).trim(),
        index: offset + text.indexOf(m[1] as string),
        length: (m[1] as string).length,
        cityZone: place.zone,
      };
    return undefined;
  }

  venueFrom(seg: Segment, u: Unit, said: string, rank: number, offset = 0): void {
    // "at 14:00 Geneva time (08:00 New York)": the place of a time restated elsewhere is no venue.
    let text = said;
    for (const s of equivalentSpans(u.text)) {
      const from = Math.max(0, s.start - offset);
      const to = Math.min(text.length, s.end - offset);
      if (to > from) text = `${text.slice(0, from)}${' '.repeat(to - from)}${text.slice(to)}`;
    }
    const venue = venueFromText(text, rank >= VENUE_LABEL_RANK ? LABELLED_PLACE : {});
    if (!venue) return;
    seg.venues.push({
      venue,
      evidence: this.evidence(u, offset + placeSpan(text, venue).index, placeSpan(text, venue).length),
      rank,
    });
  }

  venueFromChildren(seg: Segment, k: number, rank: number): void {
    const parent = this.units[k] as Unit;
    const parts: Unit[] = [];
    for (const u of this.units.slice(k + 1, k + 7)) {
      if (u.depth <= parent.depth || u.label || u.kind === 'heading') break;
      parts.push(u);
    }
    if (parts.length === 0) return;
    const venue = venueFromText(
      parts.map((p) => p.text).join(', '),
      rank >= VENUE_LABEL_RANK ? LABELLED_PLACE : {},
    );
    if (!venue) return;
    const first = parts[0] as Unit;
    const last = parts[parts.length - 1] as Unit;
    const start = first.map[0] as number;
    const end = last.map[last.map.length - 1] as number;
    seg.venues.push({ venue, evidence: this.evidenceRange(start, end, first.page), rank });
  }

  timeWithoutDate(u: Unit, t: TimeMention): void {
    if (this.timeWithoutDateReported) return;
    this.timeWithoutDateReported = true;
    this.diagAt(
      u,
      t.index,
      t.length,
      'schedule.time-without-date',
      'info',
      `"${u.text.trim().slice(0, 80)}" gives a time but no date it applies to; it was not used.`,
    );
  }

  evidence(u: Unit, index: number, length: number): Evidence {
    const start = u.map[Math.max(0, Math.min(index, u.map.length - 1))] as number;
    const lastIdx = Math.max(0, Math.min(index + Math.max(length, 1) - 1, u.map.length - 2));
    const end = Math.max(start, (u.map[lastIdx] as number) + 1);
    return this.evidenceRange(start, end, u.page);
  }

  evidenceFor(u: Unit, id: IdentityMention | undefined): Evidence {
    return id ? this.evidence(u, id.index, id.length) : this.evidence(u, 0, u.text.length);
  }

  evidenceRange(start: number, end: number, page: number | undefined): Evidence {
    const { line, column } = this.index.locate(start);
    return {
      text: this.doc.text.slice(start, end),
      offset: start,
      line,
      column,
      ...(page === undefined ? {} : { page }),
    };
  }

  /** Each stated weekday that does not match its date, flagged where it stands; the reasons, for `uncertain`. */
  flagWeekdays(u: Unit, d: Pick<ResolvedDate, 'weekdayIssues'>, advice = ''): string[] {
    return d.weekdayIssues.map((w) => {
      const reason = `"${u.text.slice(w.index, w.index + w.length)}" does not match ${formatDateSpan(w.date, w.date)}, a ${weekdayName(weekdayOf(w.date))}`;
      this.diagAt(
        u,
        w.index,
        w.length,
        'schedule.weekday-mismatch',
        'warning',
        `The weekday ${reason}.${advice}`,
      );
      return reason;
    });
  }

  diagAt(u: Unit, index: number, length: number, code: string, severity: Severity, message: string): void {
    this.diagEvidence(this.evidence(u, index, length), code, severity, message);
  }

  /** Where each diagnostic of a code and offset was put: one per place, the fullest message kept. */
  private readonly diagAtPlace = new Map<string, number>();

  diagEvidence(ev: Evidence, code: string, severity: Severity, message: string): void {
    const offset = ev.offset ?? 0;
    // Two readings of one date flag its weekday twice ("... a Thursday." and "... a Thursday. Check ...").
    const place = ev.offset === undefined ? undefined : `${code}@${offset}`;
    const seen = place === undefined ? undefined : this.diagAtPlace.get(place);
    if (seen !== undefined) {
      const earlier = this.diagnostics[seen];
      if (earlier && message.length > earlier.message.length) earlier.message = message;
      return;
    }
    if (place !== undefined) this.diagAtPlace.set(place, this.diagnostics.length);
    this.diagnostics.push({
      code,
      severity,
      message,
      line: ev.line ?? 1,
      column: ev.column ?? 1,
      offset,
      ...(ev.page === undefined ? {} : { page: ev.page }),
      snippet: ev.offset === undefined ? ev.text.slice(0, 60) : snippetAt(this.doc.text, offset, 60),
    });
  }

  diag(code: string, severity: Severity, offset: number, message: string): void {
    const { line, column } = this.index.locate(offset);
    this.diagnostics.push({ code, severity, message, line, column, offset });
  }
}

export function withDocDate(source: SourceInfo, doc: Document): SourceInfo {
  if (source.date) return source;
  const date = doc.metadata.date ?? doc.email?.date;
  return date ? { ...source, date } : source;
}

function titleFromIdentity(id: IdentityMention, series: string | undefined, context: string): string {
  if (id.pattern === 'numbered' && series) return `${series}-${id.ordinal}`;
  if (id.pattern === 'bare' && series && id.ordinal !== undefined) return `${series}-${id.ordinal}`;
  if (id.named) return id.named;
  const phrase = phraseTitle(context, id);
  if (phrase) return phrase;
  const t = id.text.replace(/^the\s+/i, '').trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** A sentence rather than a title: eight words or more, ending with a full stop. */
export function isProse(text: string): boolean {
  const t = text.trim();
  return /[.!]$/.test(t) && t.split(/\s+/).length >= 8;
}

/**
 * Two days or more, each written before its own hours and the two taking turns ("4 May 2027,
 * 10:00-12:00; 5 May 2027, 9:00-11:00", "on 4 May at 10:00 and on 5 May at 9:00"): then each
 * time is its day's, never the next day's.
 */
export function alternatesDayFirst(dates: readonly ResolvedDate[], times: readonly TimeMention[]): boolean {
  if (dates.length < 2 || dates.length !== times.length) return false;
  for (let i = 0; i < dates.length; i++) {
    const d = dates[i] as ResolvedDate;
    const t = times[i] as TimeMention;
    const next = dates[i + 1];
    if (d.index + d.length > t.index || (next !== undefined && t.index + t.length > next.index)) return false;
  }
  return true;
}
