import { DateTime } from 'luxon';
import { type Diagnostic, LineIndex, type Severity, snippetAt } from '../diagnostics.js';
import type { Document } from '../documents/types.js';
import { isLetterDate, isPostStamp } from './announce.js';
import { effectiveFrom, movesFromTo, movesWithinRange, retimingIn } from './change-statements.js';
import { cleanText } from './clean.js';
import {
  addDays,
  completeYear,
  type DateMention,
  daysBetween,
  findDates,
  formatDateSpan,
  instant,
  type PartialDate,
  toLocalDate,
  weekdayName,
  weekdayOf,
  type YearSource,
} from './dates.js';
import { claimsFromEvents } from './events.js';
import { findGazetteerPlaces } from './gazetteer.js';
import { stableHash } from './hash.js';
import {
  findIdentities,
  hasMeetingWords,
  type IdentityMention,
  seriesFromPhrase,
  seriesKey,
  slug,
  titleKey,
  titleText,
} from './identity.js';
import {
  ANNOUNCES,
  CANCELLED,
  classifyLabel,
  correctionIn,
  EXCLUDE_CUE,
  EXCLUDE_SECTION,
  expand,
  fromMinutes,
  isMostlyDate,
  joinReasons,
  LABEL_RE,
  type LabelKind,
  MEETING_CUE,
  opensWithDateOrTime,
  POSTPONED,
  placeSpan,
  proseCorrection,
  QUICK_WORDS,
  RESCHEDULED,
  splitSentences,
  statementAboutMeeting,
  titleSaysStatus,
  toMinutes,
  within,
} from './text-rules.js';
import { findTimes, formatTime, leadingMilitaryTime, type TimeMention } from './times.js';
import type {
  CorrectionKind,
  DateSpan,
  Evidence,
  Fact,
  LocalDate,
  MeetingClaim,
  MeetingStatus,
  Session,
  SourceInfo,
  Venue,
  ZoneValue,
} from './types.js';
import { venueFromText } from './venue.js';
import {
  findIanaNames,
  findPlaces,
  offsetOn,
  placeByName,
  readZoneAfter,
  resolveZone,
  type ZoneStatement,
} from './zones.js';

/** Options for reading claims out of a document. */
export interface ExtractOptions {
  /** The process's default time zone, used when a source states none and its venue is unknown. */
  defaultTimeZone?: string;
}

/** Claims found in one document, and what the reader could not make sense of. */
export interface ExtractResult {
  claims: MeetingClaim[];
  diagnostics: Diagnostic[];
  /** The source as the reader completed it (its date from the letter's date line or e-mail header, when the caller had none). */
  source: SourceInfo;
}

interface Unit {
  text: string;
  map: number[];
  block: number;
  kind: 'heading' | 'line' | 'item' | 'sentence' | 'row';
  headingLevel?: number;
  depth: number;
  page?: number;
  label?: { name: string; kind: LabelKind; valueStart: number };
  /** Kinds of the labels this unit is nested under, outermost first. */
  ancestors: LabelKind[];
  /** In a section whose heading says it is about something else (logistics, hotels...). */
  excludedSection: boolean;
  /** A numbered list item ("1.", "2)"): an agenda point, not a schedule line. */
  numbered?: boolean;
  /** The letter's own date line, not a meeting date. */
  dateline?: boolean;
  cells?: { text: string; index: number }[];
  dates: ResolvedDate[];
  /** "Moving the June 4th meeting to June 11th": the old date, taken out of `dates`, and the new one. */
  move?: { from: ResolvedDate; to: ResolvedDate };
}

interface ResolvedDate {
  index: number;
  length: number;
  text: string;
  start: LocalDate;
  end: LocalDate;
  list?: LocalDate[];
  yearSource: YearSource;
  /** Stated weekdays that do not fit the date. */
  weekdayIssues: { index: number; length: number; stated: number; date: LocalDate }[];
}

interface Located<T> {
  value: T;
  evidence: Evidence;
}

interface DateFact {
  span: DateSpan;
  evidence: Evidence;
  uncertain?: string;
}

interface RawSession {
  /** Days the time applies to; `header` = every day of the segment's meeting dates. */
  dates: LocalDate[] | 'header';
  start?: string;
  end?: string;
  overnight: boolean;
  evidence: Evidence[];
  uncertain?: string;
}

interface Segment {
  key: string;
  order: number;
  title?: Located<string>;
  series?: Located<string>;
  ordinal?: Located<number>;
  tbd: boolean;
  headerDates: DateFact[];
  sessions: RawSession[];
  venues: { venue: Venue; evidence: Evidence; rank: number }[];
  zones: { statement: ZoneStatement; evidence: Evidence }[];
  status?: Located<MeetingStatus>;
  correction?: Located<CorrectionKind>;
  /** The dates the meeting was moved from, when the text says so. */
  changedFrom?: Located<DateSpan>;
  /** The start time the meeting was re-timed from ("instead of the usual 2pm"). */
  changedStart?: Located<string>;
}

/**
 * Reads the meeting claims in a document. Calendar events (an .ics file, the calendar part
 * of an e-mail) are read through `claimsFromEvents`, with the e-mail's subject adding
 * correction or cancellation markers; otherwise the text is read for meeting titles,
 * dates, times, zones, venues and status words. Never throws: what cannot be read becomes
 * a diagnostic quoting the text.
 */
export function extractClaims(
  doc: Document,
  source: SourceInfo,
  options: ExtractOptions = {},
): ExtractResult {
  try {
    if (doc.events.length > 0) return fromEvents(doc, source);
    return new TextReader(doc, source, options).read();
  } catch (err) {
    // A bug must not take the caller down with it; say so plainly instead.
    const message = err instanceof Error ? err.message : String(err);
    return {
      claims: [],
      source,
      diagnostics: [
        {
          code: 'schedule.internal',
          severity: 'error',
          message: `The announcement could not be read (${message}). Please report this with the file.`,
          line: 1,
          column: 1,
        },
      ],
    };
  }
}

function fromEvents(doc: Document, source: SourceInfo): ExtractResult {
  const completed = withDocDate(source, doc);
  const result = { ...claimsFromEvents(doc.events, completed), source: completed };
  const subject = doc.email?.subject ?? doc.metadata.title;
  if (subject) {
    const ev: Evidence = { text: subject, property: 'Subject' };
    const marker = correctionIn(subject, true);
    const status = CANCELLED.test(subject) ? 'cancelled' : undefined;
    for (const claim of result.claims) {
      if (marker && !claim.correction) claim.correction = { value: marker, evidence: [ev] };
      if (status && !claim.status) claim.status = { value: status, evidence: [ev] };
      if (!claim.ordinal) {
        const id = findIdentities(titleText(subject), true).find((m) => m.ordinal !== undefined);
        if (id?.ordinal !== undefined) {
          claim.ordinal = { value: id.ordinal, evidence: [ev] };
          if (id.series && !claim.series) claim.series = { value: id.series, evidence: [ev] };
          claim.id = `${claim.id.split(':')[0]}:${seriesKey(id.series ?? '')}#${id.ordinal}`;
        }
      }
    }
  }
  return result;
}

function withDocDate(source: SourceInfo, doc: Document): SourceInfo {
  if (source.date) return source;
  const date = doc.metadata.date ?? doc.email?.date;
  return date ? { ...source, date } : source;
}

class TextReader {
  private readonly index: LineIndex;
  private readonly units: Unit[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private readonly segments = new Map<string, Segment>();
  private main!: Segment;
  private mainSeries: string | undefined;
  private docDate: LocalDate | undefined;
  private docPlaceCache: { zone: string; evidence: Evidence } | null | undefined;
  /** A year standing alone in the document's title lines ("Schedule of sessions 2023"). */
  private titleYear: number | undefined;
  private source: SourceInfo;
  private timeWithoutDateReported = false;
  private tableHeader: { block: number; cells: string[] } | undefined;
  private readonly timeCache = new Map<Unit, TimeMention[]>();

  constructor(
    private readonly doc: Document,
    source: SourceInfo,
    private readonly options: ExtractOptions,
  ) {
    this.index = new LineIndex(doc.text);
    this.source = withDocDate(source, doc);
  }

  read(): ExtractResult {
    this.buildUnits();
    this.assignLabels();
    const titleUnit = this.findMain();
    this.findDocDate(titleUnit);
    this.resolveDates();
    this.walk(titleUnit);
    const claims = this.buildClaims();
    if (claims.length === 0) {
      this.diag('schedule.no-meeting', 'info', 0, 'No meeting announcement was found in this document.');
    }
    return { claims, diagnostics: dedupe(this.diagnostics), source: this.source };
  }

  // ---------------------------------------------------------------- units

  private buildUnits(): void {
    const { doc } = this;
    doc.blocks.forEach((block, b) => {
      if (block.kind === 'code' || block.kind === 'reference') return;
      const base = { block: b, ...(block.page === undefined ? {} : { page: block.page }) };
      if (block.kind === 'heading') {
        const c = cleanText(block.text.replace(/\n/g, ' '), block.offset);
        this.units.push({
          ...base,
          ...c,
          kind: 'heading',
          headingLevel: block.level ?? 1,
          depth: 0,
          ancestors: [],
          excludedSection: false,
          dates: [],
        });
        return;
      }
      if (block.kind === 'list-item') {
        // Line breaks stay: an address under "Location:" reads line by line.
        const c = cleanText(block.text, block.offset);
        const numbered = /^\d+[.)]$/.test(block.numbering ?? '');
        this.units.push({
          ...base,
          ...c,
          kind: 'item',
          depth: (block.level ?? 1) * 100,
          ancestors: [],
          excludedSection: false,
          dates: [],
          ...(numbered ? { numbered } : {}),
        });
        return;
      }
      if (block.kind === 'table-cell' && block.cell) {
        const c = cleanText(block.text.replace(/\n/g, ' '), block.offset);
        const prev = this.units[this.units.length - 1];
        const prevBlock = prev ? doc.blocks[prev.block] : undefined;
        if (
          prev?.kind === 'row' &&
          prevBlock?.cell &&
          prevBlock.cell.table === block.cell.table &&
          prevBlock.cell.row === block.cell.row
        ) {
          const offset = prev.text.length + 3;
          prev.text += ` | ${c.text}`;
          prev.map.pop();
          prev.map.push(block.offset, block.offset, block.offset, ...c.map);
          prev.cells?.push({ text: c.text, index: offset });
        } else {
          this.units.push({
            ...base,
            ...c,
            kind: 'row',
            depth: 0,
            ancestors: [],
            excludedSection: false,
            dates: [],
            cells: [{ text: c.text, index: 0 }],
          });
        }
        return;
      }
      for (const line of this.logicalLines(block.text, block.offset, block.column)) {
        if (line.heading !== undefined) {
          const raw = line.raw.replace(/^\s*#{1,6}\s+/, (m) => ' '.repeat(m.length));
          const c = cleanText(raw.replace(/\n/g, ' '), line.offset);
          const lead = c.text.length - c.text.trimStart().length;
          this.units.push({
            ...base,
            text: c.text.slice(lead),
            map: c.map.slice(lead),
            kind: 'heading',
            headingLevel: line.heading,
            depth: 0,
            ancestors: [],
            excludedSection: false,
            dates: [],
          });
          continue;
        }
        if (/^\s*\|.*\|\s*$/.test(line.raw) || (line.raw.match(/\|/g)?.length ?? 0) >= 3) {
          if (/^\s*\|?[\s:|-]+\|?\s*$/.test(line.raw)) continue;
          const c = cleanText(line.raw, line.offset);
          const cells: { text: string; index: number }[] = [];
          let from = 0;
          for (const part of c.text.split('|')) {
            const lead = part.length - part.trimStart().length;
            if (part.trim()) cells.push({ text: part.trim(), index: from + lead });
            from += part.length + 1;
          }
          this.units.push({
            ...base,
            ...c,
            kind: 'row',
            depth: line.indent,
            ancestors: [],
            excludedSection: false,
            dates: [],
            cells,
          });
          continue;
        }
        const c = cleanText(line.raw, line.offset);
        if (!line.structured && c.text.length > 60) {
          for (const s of splitSentences(c.text)) {
            this.units.push({
              ...base,
              text: c.text.slice(s.start, s.end),
              map: c.map.slice(s.start, s.end + 1),
              kind: 'sentence',
              depth: line.indent,
              ancestors: [],
              excludedSection: false,
              dates: [],
            });
          }
        } else {
          this.units.push({
            ...base,
            ...c,
            kind: 'line',
            depth: line.indent,
            ancestors: [],
            excludedSection: false,
            dates: [],
          });
        }
      }
    });
  }

  /**
   * Joins the physical lines of a paragraph into logical lines: a wrapped sentence becomes
   * one line again, while labelled lines ("on: ...", "TIME: ..."), lines that open with a
   * date, a weekday or a time, and indented children stay apart.
   */
  private logicalLines(
    text: string,
    offset: number,
    column: number,
  ): { raw: string; offset: number; indent: number; structured: boolean; heading?: number }[] {
    const physical: { raw: string; offset: number; indent: number }[] = [];
    let pos = 0;
    for (const part of text.split('\n')) {
      const lead = part.length - part.trimStart().length;
      const indent = (pos === 0 ? column - 1 : 0) + part.slice(0, lead).replace(/\t/g, '    ').length;
      physical.push({ raw: part.replace(/\r$/, ''), offset: offset + pos, indent });
      pos += part.length + 1;
    }
    const out: { raw: string; offset: number; indent: number; structured: boolean; heading?: number }[] = [];
    const plain = this.doc.type !== 'markdown';
    // Hard-wrapped text (mail, plain-text notes) keeps its lines short; a paragraph with a
    // long line was not wrapped, so each of its line breaks ends a title or a sentence.
    const wrapped = physical.every((l) => l.raw.length <= 100);
    for (const line of physical) {
      const body = line.raw.trim();
      if (!body) continue;
      const prev = out[out.length - 1];
      // Plain text marks headings the Markdown way too: an underline of = or -, or leading #.
      const underline = /^([=\-~_*#])\1{2,}$/.exec(body);
      if (underline) {
        if (plain && prev && prev.heading === undefined && !/^\s*[-*]\s/.test(prev.raw))
          prev.heading = underline[1] === '=' ? 1 : 2;
        continue;
      }
      const hashes = plain ? /^(#{1,6})\s+\S/.exec(body) : null;
      if (hashes) {
        out.push({ ...line, structured: true, heading: (hashes[1] as string).length });
        continue;
      }
      const startsStructure =
        LABEL_RE.test(body) ||
        isPostStamp(body) ||
        /^\|/.test(body) ||
        (body.match(/\|/g)?.length ?? 0) >= 2 ||
        /^(?:[-*+\u2022]\s|\d{1,2}[.)]\s)/.test(body) ||
        /^(?:\d{1,2}[:h.]\d{2}|\d{4}\s*[-\u2013]|\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.))/i.test(body) ||
        /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+\d/i.test(body) ||
        /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i.test(
          body,
        );
      const continues =
        prev !== undefined &&
        !startsStructure &&
        (wrapped || /^[a-z]/.test(body)) &&
        !/:\s*$/.test(prev.raw) &&
        prev.heading === undefined &&
        // A post's stamp ("alice · comment · 2025-03-04") stands alone: its date is the post's.
        !isPostStamp(prev.raw) &&
        line.indent <= prev.indent + 2 &&
        line.indent >= prev.indent - 2;
      if (continues && prev) {
        // Keep the original text between the lines so offsets stay verbatim.
        prev.raw = this.doc.text.slice(prev.offset, line.offset + line.raw.length);
        continue;
      }
      out.push({ ...line, structured: startsStructure || line.indent > (out[0]?.indent ?? line.indent) });
    }
    // A paragraph of several short labelled or indented lines is structured, not prose.
    if (out.length > 1) for (const l of out) l.structured ||= l.raw.trim().length < 100;
    return out;
  }

  // ---------------------------------------------------------------- labels and sections

  private assignLabels(): void {
    let stack: { depth: number; kind: LabelKind; block: number; list: boolean }[] = [];
    let excludedLevel: number | undefined;
    let lastBlock = -1;
    for (const u of this.units) {
      if (u.kind === 'heading') {
        stack = [];
        const level = u.headingLevel ?? 1;
        if (excludedLevel !== undefined && level <= excludedLevel) excludedLevel = undefined;
        if (excludedLevel === undefined && EXCLUDE_SECTION.test(u.text.trim())) excludedLevel = level;
        u.excludedSection = excludedLevel !== undefined;
        lastBlock = u.block;
        continue;
      }
      u.excludedSection = excludedLevel !== undefined;
      const list = u.kind === 'item';
      if (u.block !== lastBlock) {
        // A new paragraph starts a new context; list items keep their list's context.
        if (!list) stack = [];
        else stack = stack.filter((s) => s.list);
      }
      lastBlock = u.block;
      stack = stack.filter((s) => s.depth < u.depth);
      u.ancestors = stack.map((s) => s.kind);
      if (u.kind === 'sentence' || u.kind === 'row') continue;
      const m = LABEL_RE.exec(u.text);
      // "Saturday 31 May: 10:00-13:00" opens a day, it is not a field label.
      if (m && findDates(m[1] as string).mentions.length === 0 && !/^\s*\d/.test(m[1] as string)) {
        const name = (m[1] as string).trim();
        const valueStart = m[0].length;
        const kind = classifyLabel(name, u.text.slice(valueStart));
        u.label = { name, kind, valueStart };
        stack.push({ depth: u.depth, kind, block: u.block, list });
      } else if (/^[A-Za-z][A-Za-z /&'-]{1,40}$/.test(u.text.trim()) && !/\d/.test(u.text)) {
        // "Dinner", "TUESDAY DINNER" without a colon still heads the lines under it.
        const kind = classifyLabel(u.text.trim(), '');
        if (kind !== 'other' || list) {
          u.label = { name: u.text.trim(), kind, valueStart: u.text.length };
          stack.push({ depth: u.depth, kind, block: u.block, list });
        }
      }
    }
  }

  // ---------------------------------------------------------------- the main meeting

  /** Finds the document's title and main identity; returns the index of the title unit (or -1). */
  private findMain(): number {
    const { doc } = this;
    this.main = this.segment('main');
    let titleUnit = -1;
    const firstUnits = this.units.slice(0, 12);
    // The title: a heading that is not a day heading, else the first line naming a meeting,
    // else the first short line that reads like a title.
    const headingIdx = firstUnits.findIndex(
      (u) =>
        u.kind === 'heading' &&
        (u.headingLevel ?? 1) <= 3 &&
        !isMostlyDate(u.text) &&
        !opensWithDateOrTime(u.text) &&
        u.text.trim().length > 2,
    );
    const idIdx = firstUnits.findIndex(
      (u) =>
        u.text.length < 200 &&
        !opensWithDateOrTime(u.text) &&
        findIdentities(u.text, true).some((m) => m.ordinal !== undefined || m.tbd),
    );
    const lineIdx = firstUnits.findIndex(
      (u) =>
        u.kind !== 'sentence' &&
        u.text.length < 120 &&
        !opensWithDateOrTime(u.text) &&
        (!u.label || u.label.kind === 'title') &&
        (hasMeetingWords(u.text) || MEETING_WORDS_ELSEWHERE.test(u.text)),
    );
    titleUnit = headingIdx >= 0 ? headingIdx : idIdx >= 0 ? idIdx : lineIdx;
    const subject = doc.email?.subject;
    if (subject) {
      const ev: Evidence = { text: subject, property: 'Subject' };
      this.main.title = { value: titleText(subject), evidence: ev };
      this.applyIdentity(this.main, findIdentities(subject, true)[0], ev, subject);
      this.applyMarkers(this.main, subject, ev, true);
    }
    if (titleUnit >= 0) {
      const u = this.units[titleUnit] as Unit;
      const text = u.label?.kind === 'title' ? u.text.slice(u.label.valueStart) : u.text;
      const ev = this.evidence(u, 0, u.text.length);
      // A sentence is no title: name the meeting by the identity phrase inside it.
      const named = u.kind !== 'heading' && isProse(text) ? findIdentities(text, true)[0] : undefined;
      if (!this.main.title && named) {
        this.main.title = { value: titleText(named.text), evidence: this.evidenceFor(u, named) };
      }
      if (!this.main.title) this.main.title = { value: titleText(text), evidence: ev };
      if (!this.main.ordinal && !this.main.tbd)
        this.applyIdentity(
          this.main,
          findIdentities(text, true)[0],
          this.evidenceFor(u, findIdentities(text, true)[0]),
          text,
        );
      this.applyMarkers(this.main, u.text, ev, true);
    } else if (!this.main.title && doc.metadata.title) {
      this.main.title = {
        value: titleText(doc.metadata.title),
        evidence: { text: doc.metadata.title, property: 'title' },
      };
    }
    if (!this.main.series && !this.main.ordinal) {
      // Prose near the top may carry the identity ("I have the honour to invite you to the sixth meeting of ...").
      // Only a sentence that announces (not a list item, not "following the fifth meeting").
      for (const u of this.units.slice(0, 8)) {
        if (u.kind === 'item' || u.kind === 'row' || !ANNOUNCES.test(u.text)) continue;
        const id = findIdentities(u.text, false).find((m) => m.ordinal !== undefined || m.tbd);
        if (id) {
          this.applyIdentity(this.main, id, this.evidenceFor(u, id), u.text);
          break;
        }
      }
    }
    if (!this.main.series && this.main.title) {
      // "TC39 Meeting Agendas": an acronym in the title is the series of the rows below it.
      const s = seriesFromPhrase(this.main.title.value.replace(/[^A-Za-z0-9+ ]/g, ' '));
      if (s && /[A-Z].*[A-Z0-9]/.test(s) && s.length <= 12 && !/\s/.test(s)) this.mainSeries = s;
    }
    this.mainSeries = this.main.series?.value ?? this.mainSeries;
    if (!this.main.title && doc.name)
      this.main.title = { value: doc.name, evidence: { text: doc.name, property: 'name' } };
    return titleUnit;
  }

  private applyIdentity(seg: Segment, id: IdentityMention | undefined, ev: Evidence, context: string): void {
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
  private applyMarkers(seg: Segment, text: string, ev: Evidence, titleLike: boolean): void {
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
      if (CANCELLED.test(text)) seg.status = { value: 'cancelled', evidence: ev };
      else if (POSTPONED.test(text) && !RESCHEDULED.test(text))
        seg.status ??= { value: 'postponed', evidence: ev };
    }
  }

  /** A letter's own date ("Geneva, 3 June 2014", "Posted: 4 June 2014") fills the source date when it has none. */
  private findDocDate(titleUnit: number): void {
    // Post and message stamps anywhere ("alice · comment · 2023-09-03") date the post, not a meeting.
    for (const [k, u] of this.units.entries()) {
      if (u.kind === 'heading') continue;
      if (isPostStamp(u.text)) u.dateline = true;
      const next = this.units[k + 1]?.text;
      if (next === undefined || u.text.length > 40 || !/\d/.test(u.text)) continue;
      const only = findDates(u.text).mentions;
      if (only.length === 1 && isLetterDate(u.text, (only[0] as DateMention).length, next)) u.dateline = true;
    }
    if (this.source.date) {
      this.docDate = this.source.date.slice(0, 10);
      return;
    }
    for (const [k, u] of this.units.slice(0, 10).entries()) {
      const found = findDates(u.text).mentions.filter((m) => m.start.year !== undefined);
      const first = found[0];
      if (!first || first.start.day !== first.end.day || first.start.month !== first.end.month) continue;
      const isDocLabel = u.label?.kind === 'doc-date';
      // A weekday or a time next to the date makes it a meeting day, not a letter's date.
      if (!isDocLabel && (first.start.weekday !== undefined || findTimes(u.text).mentions.length > 0))
        continue;
      const next = this.units[k + 1];
      if (!isDocLabel && next && /^\W*\d{1,2}(?::\d{2}|\d{2}\s*-)/.test(next.text)) continue;
      const date = toLocalDate(first.start.year as number, first.start.month, first.start.day);
      const rest = (u.text.slice(0, first.index) + u.text.slice(first.index + first.length))
        .replace(/[\s,.:;-]+/g, ' ')
        .trim();
      const isDateline =
        u.kind !== 'heading' && k !== titleUnit && k <= 3 && rest.split(' ').length <= 3 && !u.label;
      if (isDocLabel || isDateline) {
        this.docDate = date;
        this.source = { ...this.source, date };
        u.dateline = true;
        return;
      }
    }
  }

  // ---------------------------------------------------------------- dates and years

  private resolveDates(): void {
    this.titleYear = titleYear(this.units.slice(0, 6));
    const explicit: LocalDate[] = [];
    const parsed = this.units.map((u) => findDates(u.text));
    for (const p of parsed)
      for (const m of p.mentions)
        if (m.start.year !== undefined) explicit.push(toLocalDate(m.start.year, m.start.month, m.start.day));
    let last: LocalDate | undefined;
    parsed.forEach((p, k) => {
      const u = this.units[k] as Unit;
      const relevant = !u.excludedSection && !u.ancestors.includes('exclude');
      if (relevant) {
        for (const prob of p.problems)
          this.diagAt(u, prob.index, prob.length, 'schedule.invalid-date', 'warning', prob.message);
      }
      for (const m of p.mentions) {
        const r = this.resolve(m, last ?? explicit[0]);
        if (r) u.dates.push(r);
        if (m.start.year !== undefined) last = toLocalDate(m.start.year, m.start.month, m.start.day);
      }
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
      const range = u.dates.find((d) => d.start !== d.end && !d.list);
      if (!u.move && range && movesWithinRange(u.text, range.index)) {
        // "rescheduled from 4 June 2027 to 11 June 2027" reads as one range: it is two days.
        const to: ResolvedDate = { ...range, start: range.end };
        u.move = { from: { ...range, end: range.start }, to };
        u.dates.splice(u.dates.indexOf(range), 1, to);
      }
    });
  }

  private resolve(m: DateMention, contextAnchor: LocalDate | undefined): ResolvedDate | undefined {
    let source: YearSource = 'stated';
    const fill = (d: PartialDate): number => {
      if (d.year !== undefined) return d.year;
      if (contextAnchor) {
        source = 'context';
        return completeYear(d, contextAnchor, 'context');
      }
      if (this.docDate) {
        source = 'document';
        return completeYear(d, this.docDate, 'document');
      }
      if (this.titleYear !== undefined) {
        // "Sessions 2023" in the title: the year of every undated day below it.
        source = 'document';
        return this.titleYear;
      }
      source = 'assumed';
      return completeYear(d, this.source.seenAt.slice(0, 10), 'document');
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
      if (d.weekday !== undefined && d.weekdayIndex !== undefined && weekdayOf(date) !== d.weekday) {
        weekdayIssues.push({ index: d.weekdayIndex, length: d.weekdayLength ?? 3, stated: d.weekday, date });
      }
    };
    check(m.start, start);
    check(m.end, end);
    return {
      index: m.index,
      length: m.length,
      text: m.text,
      start,
      end,
      ...(list ? { list } : {}),
      yearSource: source,
      weekdayIssues,
    };
  }

  // ---------------------------------------------------------------- the walk

  private walk(titleUnit: number): void {
    let day: { date: LocalDate; level: number } | undefined;
    let headingSegment: { seg: Segment; level: number } | undefined;
    const titledItems = this.titledItems();
    const headerEnd = this.headerEnd(titleUnit);
    let titleArea = 0;
    for (const [k, u] of this.units.entries()) {
      // A one-sentence announcement ("The sixth meeting of the MPP will take place on Monday
      // 9 June 2014 from 14:00 to 18:00 at ITU, Geneva.", typed in a chat) is its own title
      // line, but it is prose: it is read like any sentence, so its times are not lost.
      if (k === titleUnit && !(u.kind !== 'heading' && isProse(u.text))) {
        // The title may carry dates ("Sixth MPP meeting, 9 June 2014"), and a time with one day.
        this.headerDatesFrom(this.main, u, u.dates, true);
        const titleTimes = this.times(u);
        const only = u.dates[0];
        if (u.dates.length === 1 && only && only.start === only.end && titleTimes.length === 1)
          this.sessionsFrom(this.main, u, u.dates, titleTimes);
        titleArea = 3;
        continue;
      }
      if (k === titleUnit) titleArea = 3;
      const inTitleArea = titleArea > 0;
      if (titleArea > 0) titleArea--;
      if (u.dateline) continue;
      if (u.numbered && k > headerEnd) continue;
      if (u.excludedSection) continue;
      if (u.ancestors.includes('exclude')) continue;

      if (u.kind === 'heading') {
        const level = u.headingLevel ?? 1;
        if (headingSegment && level <= headingSegment.level) headingSegment = undefined;
        if (day && level <= day.level) day = undefined;
        const ids = findIdentities(u.text, true).filter((m) => m.ordinal !== undefined || m.tbd);
        const own = ids[0] ? this.segmentFor(ids[0], this.evidenceFor(u, ids[0]), u.text) : undefined;
        const seg = own ?? headingSegment?.seg ?? this.main;
        if (own && own !== this.main) headingSegment = { seg: own, level };
        this.applyMarkers(seg, u.text, this.evidence(u, 0, u.text.length), own !== undefined);
        if (u.dates.length === 0) continue;
        const first = u.dates[0] as ResolvedDate;
        const times = this.times(u);
        // A heading with one day opens that day's programme; a range or a named meeting states the meeting's dates.
        if (first.start !== first.end || own) {
          this.headerDatesFrom(seg, u, u.dates, true);
          this.venueFrom(seg, u, u.text.slice(0, first.index), 2);
        }
        if (first.start === first.end) day = { date: first.start, level };
        if (times.length > 0) this.sessionsFrom(seg, u, u.dates, times);
        else if (first.start === first.end) this.addDay(seg, u, first);
        continue;
      }

      if (u.kind === 'row') {
        this.row(u);
        continue;
      }

      // A unit without a digit, a label or a status word cannot state a date, a time or a change.
      if (!u.label && !/\d/.test(u.text) && !QUICK_WORDS.test(u.text)) continue;
      const seg0 = headingSegment?.seg ?? this.main;
      // "The call's start will change from 16:00 to 15:00": a new time, not a new meeting.
      if (u.dates.length === 0 && this.retiming(u, seg0)) continue;
      const label = u.label;
      const parent = u.ancestors[u.ancestors.length - 1];
      const underOther = u.ancestors.some(
        (a) => a !== 'dates' && a !== 'times' && a !== 'dates-times' && a !== 'venue',
      );

      if (label && label.kind !== 'other') {
        const valueText = u.text.slice(label.valueStart);
        const valueDates = u.dates.filter((d) => d.index >= label.valueStart);
        if (underOther && label.kind !== 'title') continue;
        switch (label.kind) {
          case 'dates':
          case 'dates-times':
          case 'times': {
            const times = this.times(u).filter((t) => t.index >= label.valueStart);
            if (label.kind !== 'times') this.headerDatesFrom(seg0, u, valueDates, false);
            if (times.length > 0) this.sessionsFrom(seg0, u, valueDates, times);
            break;
          }
          case 'venue':
          case 'host':
            if (valueText.trim())
              this.venueFrom(seg0, u, valueText, label.kind === 'venue' ? 3 : 1, label.valueStart);
            else this.venueFromChildren(seg0, k, label.kind === 'venue' ? 3 : 1);
            break;
          case 'zone': {
            const st = readZoneAfter(u.text, label.valueStart) ?? this.cityZone(valueText, label.valueStart);
            if (st) seg0.zones.push({ statement: st, evidence: this.evidence(u, st.index, st.length) });
            break;
          }
          case 'title': {
            const ids = findIdentities(valueText, true);
            const ev = this.evidence(u, label.valueStart, valueText.length);
            if (!this.main.title) this.main.title = { value: titleText(valueText), evidence: ev };
            if (!this.main.ordinal) this.applyIdentity(this.main, ids[0], ev, valueText);
            // "CANCELLED: ..." carries its status in the label itself.
            this.applyMarkers(this.main, u.text, this.evidence(u, 0, u.text.length), true);
            break;
          }
          default:
            break;
        }
        continue;
      }

      // Lines under a dates or times label: "10:00 to 17:00 PDT on 23 and 24 May 2016".
      if (parent === 'dates' || parent === 'times' || parent === 'dates-times') {
        if (underOther) continue;
        const times = this.times(u);
        if (times.length > 0) this.sessionsFrom(seg0, u, u.dates, times);
        else if (u.dates.length > 0) this.headerDatesFrom(seg0, u, u.dates, false);
        continue;
      }
      if (parent === 'venue') {
        continue;
      }

      // Titled items in a list of meetings: "NETmundial: 23-24 April 2014, Sao Paulo".
      const titled = titledItems.get(k);
      if (titled) {
        this.titledItem(u, titled);
        continue;
      }

      // Items and lines that name another meeting: "MPP-1: 7-8 October 2013, Geneva".
      const ids = findIdentities(
        u.text,
        u.kind !== 'sentence' && (u.kind === 'item' || hasMeetingWords(u.text) || u.text.length < 120),
      ).filter((m) => m.ordinal !== undefined || m.tbd);
      if (u.kind === 'sentence' || (label && label.kind === 'other')) {
        if (underOther && u.kind !== 'sentence') continue;
        this.prose(u, ids, seg0);
        continue;
      }
      const lineSeg =
        (ids[0] ? this.segmentFor(ids[0], this.evidenceFor(u, ids[0]), u.text) : undefined) ?? seg0;
      if (underOther) continue;
      const times = this.times(u);
      const firstDate = u.dates[0];
      const opensWithDate =
        firstDate !== undefined &&
        /^[\W\d]*(?:on\s+)?$/i.test(u.text.slice(0, firstDate.index).replace(/[-*+\u2022]/g, ' '));
      const opensWithTime =
        times[0] !== undefined && /^[\W]*(?:from\s+)?$/i.test(u.text.slice(0, times[0].index));
      if (firstDate && (opensWithDate || (lineSeg !== seg0 && lineSeg !== this.main))) {
        if (times.length > 0) {
          this.sessionsFrom(lineSeg, u, u.dates, times);
          if (firstDate.start !== firstDate.end) this.headerDatesFrom(lineSeg, u, u.dates.slice(0, 1), false);
        } else if ((firstDate.start !== firstDate.end && k <= headerEnd) || lineSeg !== seg0 || inTitleArea) {
          this.headerDatesFrom(lineSeg, u, u.dates.slice(0, 1), false);
          this.venueFrom(lineSeg, u, u.text.slice(firstDate.index), 2, firstDate.index);
        } else if (firstDate.start !== firstDate.end) {
          continue;
        } else if (k <= headerEnd || lineSeg !== seg0) {
          this.addDay(lineSeg, u, firstDate);
        }
        if (firstDate.start === firstDate.end) day = { date: firstDate.start, level: 99 };
        this.applyMarkers(lineSeg, u.text, this.evidence(u, 0, u.text.length), false);
        continue;
      }
      if (opensWithTime) {
        if (firstDate) {
          this.sessionsFrom(lineSeg, u, u.dates, times);
        } else if (day) {
          this.sessionsFrom(lineSeg, u, [{ ...this.dayAsDate(day.date) }], times);
        } else {
          this.timeWithoutDate(u, times[0] as TimeMention);
        }
        continue;
      }
      if (!firstDate && day) {
        const lone = leadingMilitaryTime(u.text);
        if (lone) this.sessionsFrom(lineSeg, u, [this.dayAsDate(day.date)], [lone]);
        continue;
      }
      if (firstDate && inTitleArea && !EXCLUDE_CUE.test(u.text) && !u.label) {
        this.headerDatesFrom(lineSeg, u, u.dates.slice(0, 1), false);
        this.venueFrom(lineSeg, u, u.text.slice(0, firstDate.index), 2);
        continue;
      }
      if (firstDate || /\bcancel|postpon|reschedul|moved\b/i.test(u.text)) this.prose(u, ids, lineSeg);
    }
  }

  /**
   * Where the announcement's header ends: the first heading after the title that is not a
   * date heading and names no meeting, or the first numbered agenda item.
   */
  private headerEnd(titleUnit: number): number {
    for (let k = Math.max(0, titleUnit + 1); k < this.units.length; k++) {
      const u = this.units[k] as Unit;
      if (u.kind === 'heading' && u.dates.length === 0 && findIdentities(u.text, true).length === 0) return k;
      if (u.numbered) return k;
    }
    return this.units.length;
  }

  private dayAsDate(date: LocalDate): ResolvedDate {
    return { index: 0, length: 0, text: '', start: date, end: date, yearSource: 'stated', weekdayIssues: [] };
  }

  /** Sibling lines "Title: date ..." in a list of meetings (at least two of them). */
  private titledItems(): Map<number, string> {
    const candidates: { k: number; title: string; group: string }[] = [];
    this.units.forEach((u, k) => {
      if (u.label?.kind !== 'other' || u.kind === 'heading' || u.excludedSection) return;
      if (u.ancestors.length > 0) return;
      const value = u.dates.find((d) => d.index >= (u.label?.valueStart ?? 0));
      if (!value) return;
      if (MEETING_CUE.test(u.label.name) && /\b(the|will|is|are)\b/i.test(u.label.name)) return;
      candidates.push({ k, title: u.label.name, group: `${u.kind}:${u.depth}` });
    });
    const byGroup = new Map<string, number>();
    for (const c of candidates) byGroup.set(c.group, (byGroup.get(c.group) ?? 0) + 1);
    const out = new Map<number, string>();
    for (const c of candidates) if ((byGroup.get(c.group) ?? 0) >= 2) out.set(c.k, c.title);
    return out;
  }

  private titledItem(u: Unit, title: string): void {
    const label = u.label as NonNullable<Unit['label']>;
    const ids = findIdentities(title, true).filter((m) => m.ordinal !== undefined);
    const ev = this.evidence(u, 0, label.name.length);
    const seg = ids[0]
      ? (this.segmentFor(ids[0], ev, title) ?? this.main)
      : this.segment(`title:${slug(title)}`);
    if (!seg.title) seg.title = { value: titleText(title), evidence: ev };
    const valueDates = u.dates.filter((d) => d.index >= label.valueStart);
    this.headerDatesFrom(seg, u, valueDates.slice(0, 1), false);
    const times = this.times(u).filter((t) => t.index >= label.valueStart);
    if (times.length > 0) this.sessionsFrom(seg, u, valueDates.slice(0, 1), times);
    this.venueFrom(seg, u, u.text.slice(label.valueStart), 2, label.valueStart);
    this.applyMarkers(seg, u.text, this.evidence(u, 0, u.text.length), false);
  }

  /** A sentence: dates count when it speaks of a meeting and not of a deadline. */
  private prose(u: Unit, ids: IdentityMention[], fallback: Segment): void {
    const text = u.text;
    const ev = this.evidence(u, 0, text.length);
    const proseIds =
      ids.length > 0 ? ids : findIdentities(text, false).filter((m) => m.ordinal !== undefined || m.tbd);
    // Status words belong to the meeting the sentence names, by number or by the title of a meeting listed above.
    const named = proseIds.length === 0 ? this.segmentNamedIn(text) : undefined;
    if (named) fallback = named;
    const statusSeg = proseIds[0]
      ? (this.segmentFor(proseIds[0], this.evidenceFor(u, proseIds[0]), text) ?? fallback)
      : fallback;
    this.applyMarkers(statusSeg, text, ev, false);
    this.zoneStatementsIn(statusSeg, u);
    // Impossible times in a sentence about a meeting are worth a diagnostic even without a date.
    if (MEETING_CUE.test(text) || proseIds.length > 0) this.times(u);
    if (u.dates.length === 0) {
      this.startTimeOfKnownDay(u, statusSeg);
      return;
    }
    // "The new time starts with the next call on March 18": the first meeting under a change.
    const effective = effectiveFrom(text, (u.dates[0] as ResolvedDate).index);
    if (!MEETING_CUE.test(text) && proseIds.length === 0 && !effective) return;
    // A sentence that only names a meeting in passing ("approved at the 5th meeting") needs a scheduling word too.
    if (!MEETING_CUE.test(text) && !/\b(on|from|at|in)\b/i.test(text)) return;
    if (EXCLUDE_CUE.test(text)) return;
    const times = this.times(u);
    const dated = new Set<Segment>();
    for (const [i, d] of u.dates.entries()) {
      // The meeting named closest before the date (or the first one named) owns it.
      const owner = [...proseIds].reverse().find((m) => m.index < d.index) ?? proseIds[0];
      const seg = owner ? (this.segmentFor(owner, this.evidenceFor(u, owner), text) ?? fallback) : fallback;
      // One sentence, one date per meeting: "from 10 to 13 June, with pre-events on 9 June" speaks of two things.
      if (dated.has(seg)) continue;
      dated.add(seg);
      this.headerDatesFrom(seg, u, [d], false);
      const next = u.dates[i + 1];
      const own = times.filter((t) => t.index > d.index - 40 && (!next || t.index < next.index));
      if (own.length > 0) this.sessionsFrom(seg, u, [d], own);
      const placeText = text.slice(owner ? owner.index : 0, next ? next.index : text.length);
      this.venueFrom(seg, u, placeText, 1, owner ? owner.index : 0);
    }
  }

  /**
   * "The meeting will start at 15:00." after a sentence that gave its one day: a start
   * (or a range) said of the meeting, without a date of its own, applies to that day.
   */
  private startTimeOfKnownDay(u: Unit, seg: Segment): void {
    if (EXCLUDE_CUE.test(u.text)) return;
    // "Daily sessions will run from 10 a.m. to 1 p.m. and from 3 p.m. to 6 p.m.": every day of the meeting.
    if (DAILY_CUE.test(u.text) && seg.headerDates.length > 0 && !seg.sessions.some((x) => x.start)) {
      const times = this.times(u).filter((t) => t.end !== undefined);
      if (times.length > 0 && times.length <= 3) this.sessionsFrom(seg, u, [], times);
      return;
    }
    if (!START_CUE.test(u.text)) return;
    const days = new Set(seg.headerDates.map((h) => `${h.span.start}|${h.span.end}`));
    const only = seg.headerDates[0];
    if (days.size !== 1 || !only || only.span.start !== only.span.end) return;
    if (seg.sessions.some((x) => x.start !== undefined)) return;
    const times = this.times(u);
    if (times.length !== 1) return;
    this.sessionsFrom(seg, u, [this.dayAsDate(only.span.start)], times);
  }

  /**
   * A sentence without a date that re-times the meeting ("now starts at 15:00", "moved up an
   * hour to 1pm (instead of the usual 2pm)"): its new start applies to the meeting's days,
   * wherever the text gives them, and its old start is kept as what changed.
   */
  private retiming(u: Unit, seg: Segment): boolean {
    if (
      EXCLUDE_CUE.test(u.text) ||
      !/\b(?:meeting|session|call|telecon\w*|start\w*|begin\w*)\b/i.test(u.text)
    )
      return false;
    // Every time, the old one in brackets too: "to 1pm (instead of 2pm)" is no equivalence.
    const times = findTimes(u.text, (i) => readZoneAfter(u.text, i) !== undefined).mentions;
    const r = retimingIn(u.text, times);
    if (!r) return false;
    let to: TimeMention = r.to;
    if (r.toEnd && r.to.end) {
      // "from 16:00 to 15:00" read as one range: its end is the new start, alone.
      const { end, ...single } = r.to;
      to = { ...single, start: end, overnight: false };
    }
    if (seg.sessions.some((x) => x.start !== undefined)) return true;
    this.sessionsFrom(seg, u, [], [to]);
    seg.correction ??= { value: 'rescheduled', evidence: this.evidence(u, 0, u.text.length) };
    if (r.from && !seg.changedStart) {
      const from = r.from;
      seg.changedStart = {
        value: formatTime(from.start),
        evidence: this.evidence(u, from.index, from.length),
      };
    }
    return true;
  }

  /** A segment (other than the main one) whose title the text mentions, when exactly one does. */
  private segmentNamedIn(text: string): Segment | undefined {
    const folded = titleKey(text);
    const hits = [...this.segments.values()].filter((seg) => {
      if (seg === this.main || !seg.title) return false;
      const key = titleKey(seg.title.value);
      return key.length >= 6 && folded.includes(key);
    });
    return hits.length === 1 ? hits[0] : undefined;
  }

  private row(u: Unit): void {
    const cells = u.cells ?? [];
    const table = this.doc.blocks[u.block]?.cell?.table ?? -1 - u.block;
    if (u.dates.length === 0) {
      if (!this.tableHeader || this.tableHeader.block !== table)
        this.tableHeader = { block: table, cells: cells.map((c) => c.text.toLowerCase()) };
      return;
    }
    const roles = this.tableHeader?.block === table ? this.tableHeader.cells : [];
    const role = (i: number) => roles[i] ?? '';
    let seg: Segment | undefined;
    let title: string | undefined;
    let ordinal: number | undefined;
    for (const [i, c] of cells.entries()) {
      const r = role(i);
      if (/\b(num|no\.?|#|number)\b|^mtg/.test(r) && /^\d{1,4}$/.test(c.text)) ordinal = Number(c.text);
      else if (
        /\b(title|event|meeting|name|type|tipo|sesi[oó]n|session|s[ée]ance|sitzung|evento)\b/.test(r) &&
        !/num/.test(r)
      )
        // Rows that skip an empty cell shift their cells: a time or a date is no title.
        title = /\p{L}{3}/u.test(c.text) && !CLOCK_CELL.test(c.text) ? c.text : title;
    }
    if (ordinal !== undefined && this.mainSeries) {
      seg = this.segmentFor(
        { index: 0, length: 0, text: String(ordinal), ordinal, series: this.mainSeries, pattern: 'numbered' },
        this.evidence(u, 0, u.text.length),
        u.text,
      );
    }
    if (!seg) {
      const ids = findIdentities(u.text, true).filter((m) => m.ordinal !== undefined);
      seg = ids[0] ? this.segmentFor(ids[0], this.evidenceFor(u, ids[0]), u.text) : undefined;
    }
    if (!seg) {
      // A row of a table of meetings without numbers: "2016-07-26 to 2016-07-28 | Redmond, WA | Microsoft".
      const first = u.dates[0] as ResolvedDate;
      const named =
        title ??
        cells.find(
          (c) =>
            !u.dates.some((d) => d.index >= c.index && d.index < c.index + c.text.length) &&
            !venueFromText(c.text),
        )?.text;
      const t = title ?? (this.mainSeries ? `${this.mainSeries} meeting` : named);
      if (!t) return;
      seg = this.segment(`row:${first.start}`);
      seg.title ??= { value: t, evidence: this.evidence(u, 0, u.text.length) };
      if (this.mainSeries && !seg.series)
        seg.series = { value: this.mainSeries, evidence: this.evidence(u, 0, u.text.length) };
    }
    // Dates: a start and an end column, or one dates column.
    const dated = cells
      .map((c, i) => ({
        c,
        i,
        dates: u.dates.filter((d) => d.index >= c.index && d.index < c.index + c.text.length),
      }))
      .filter((x) => x.dates.length > 0);
    const startCell = dated.find((x) => /first|start|from|begin/.test(role(x.i))) ?? dated[0];
    const endCell = dated.find((x) => /last|end|to|until/.test(role(x.i)));
    const s = startCell?.dates[0];
    if (s) {
      const e = endCell?.dates[0];
      const span = { ...s, end: e ? e.end : s.end, length: e ? e.index + e.length - s.index : s.length };
      this.headerDatesFrom(seg, u, [span], false);
    }
    // Times: a cell under a time column, or (when the table has one and rows skip empty
    // cells) any cell that is nothing but a clock time: "12,00", "19:30", "10h00-12h00".
    const timeColumn = roles.some((r) => TIME_COLUMN.test(r));
    const day = s;
    if (day) {
      for (const [i, c] of cells.entries()) {
        if (!TIME_COLUMN.test(role(i)) && !(timeColumn && CLOCK_CELL.test(c.text))) continue;
        if (u.dates.some((d) => d.index >= c.index && d.index < c.index + c.text.length)) continue;
        // A decimal comma between hour and minutes is a clock time only in such a cell.
        const text = c.text
          .replace(/^(\d{1,2}),(\d{2})\b/, '$1:$2')
          .replace(/([-\u2013]\s*\d{1,2}),(\d{2})\b/, '$1:$2');
        const found = findTimes(text).mentions;
        if (found.length === 0) continue;
        this.sessionsFrom(
          seg,
          u,
          [day],
          found.slice(0, 1).map((t) => ({ ...t, index: t.index + c.index })),
        );
        break;
      }
    }
    for (const [i, c] of cells.entries()) {
      const r = role(i);
      if (/location|venue|city|place|lugar|lieu|\bort\b|sede/.test(r))
        this.venueFrom(seg, u, c.text, 2, c.index);
      if (/time ?zone|\btz\b/.test(r)) {
        const st = readZoneAfter(u.text, c.index);
        if (st) seg.zones.push({ statement: st, evidence: this.evidence(u, st.index, st.length) });
      }
    }
  }

  // ---------------------------------------------------------------- facts

  private segment(key: string): Segment {
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
  private segmentFor(id: IdentityMention, ev: Evidence, _context: string): Segment | undefined {
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
    const seg = this.segment(`${key ?? ''}#${id.ordinal}`);
    seg.ordinal ??= { value: id.ordinal, evidence: ev };
    if (series) seg.series ??= { value: series, evidence: ev };
    if (!seg.title) seg.title = { value: titleFromIdentity(id, series), evidence: ev };
    return seg;
  }

  private headerDatesFrom(seg: Segment, u: Unit, dates: ResolvedDate[], fromTitle: boolean): void {
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
    for (const w of d.weekdayIssues) {
      const reason = `"${u.text.slice(w.index, w.index + w.length)}" does not match ${formatDateSpan(w.date, w.date)}, a ${weekdayName(weekdayOf(w.date))}`;
      reasons.push(reason);
      this.diagAt(
        u,
        w.index,
        w.length,
        'schedule.weekday-mismatch',
        'warning',
        `The weekday ${reason}. Check which of the two is right.`,
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
    }
    seg.headerDates.push({
      span: { start: d.start, end: d.end },
      evidence: this.evidence(u, d.index, d.length),
      ...(reasons.length ? { uncertain: reasons.join('; ') } : {}),
    });
  }

  private addDay(seg: Segment, u: Unit, d: ResolvedDate): void {
    seg.sessions.push({
      dates: [d.start],
      overnight: false,
      evidence: [this.evidence(u, d.index, d.length)],
    });
    for (const w of d.weekdayIssues) {
      this.diagAt(
        u,
        w.index,
        w.length,
        'schedule.weekday-mismatch',
        'warning',
        `The weekday "${u.text.slice(w.index, w.index + w.length)}" does not match ${formatDateSpan(w.date, w.date)}, a ${weekdayName(weekdayOf(w.date))}.`,
      );
    }
  }

  private times(u: Unit): TimeMention[] {
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
    const out = found.mentions.filter((_t, i) => !isEquivalent(text, found.mentions, i));
    this.timeCache.set(u, out);
    return out;
  }

  private sessionsFrom(seg: Segment, u: Unit, dates: ResolvedDate[], times: TimeMention[]): void {
    for (const [i, t] of times.entries()) {
      // Each time belongs to the dates after it up to the next time, or to the dates before it.
      const next = times[i + 1];
      let own = dates.filter((d) => d.index > t.index && (!next || d.index < next.index));
      if (own.length === 0) own = dates.filter((d) => d.index < t.index).slice(-1);
      if (own.length === 0 && times.length === 1) own = dates;
      const days = own.flatMap((d) => d.list ?? expand(d.start, d.end));
      const evidence = [
        this.evidence(u, t.index, t.length),
        ...own.map((d) => this.evidence(u, d.index, d.length)),
      ];
      const zone = readZoneAfter(u.text, t.index + t.length);
      if (zone) seg.zones.push({ statement: zone, evidence: this.evidence(u, zone.index, zone.length) });
      const end = t.end ? (t.end.hour === 24 ? '24:00' : formatTime(t.end)) : undefined;
      seg.sessions.push({
        dates: days.length > 0 ? days : 'header',
        start: formatTime(t.start),
        ...(end ? { end } : {}),
        overnight: t.overnight,
        evidence,
      });
    }
    for (const d of dates) {
      for (const w of d.weekdayIssues) {
        this.diagAt(
          u,
          w.index,
          w.length,
          'schedule.weekday-mismatch',
          'warning',
          `The weekday "${u.text.slice(w.index, w.index + w.length)}" does not match ${formatDateSpan(w.date, w.date)}, a ${weekdayName(weekdayOf(w.date))}.`,
        );
      }
    }
  }

  private zoneStatementsIn(seg: Segment, u: Unit): void {
    const m = /\ball times (?:are |in |shown in |given in )*/i.exec(u.text);
    if (m) {
      const at = m.index + m[0].length;
      const st = readZoneAfter(u.text, at) ?? this.cityZone(u.text.slice(at), at);
      if (st) seg.zones.push({ statement: st, evidence: this.evidence(u, st.index, st.length) });
    }
  }

  private cityZone(text: string, offset: number): ZoneStatement | undefined {
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

  private venueFrom(seg: Segment, u: Unit, text: string, rank: number, offset = 0): void {
    const venue = venueFromText(text);
    if (!venue) return;
    seg.venues.push({
      venue,
      evidence: this.evidence(u, offset + placeSpan(text, venue).index, placeSpan(text, venue).length),
      rank,
    });
  }

  private venueFromChildren(seg: Segment, k: number, rank: number): void {
    const parent = this.units[k] as Unit;
    const parts: Unit[] = [];
    for (const u of this.units.slice(k + 1, k + 7)) {
      if (u.depth <= parent.depth || u.label || u.kind === 'heading') break;
      parts.push(u);
    }
    if (parts.length === 0) return;
    const venue = venueFromText(parts.map((p) => p.text).join(', '));
    if (!venue) return;
    const first = parts[0] as Unit;
    const last = parts[parts.length - 1] as Unit;
    const start = first.map[0] as number;
    const end = last.map[last.map.length - 1] as number;
    seg.venues.push({ venue, evidence: this.evidenceRange(start, end, first.page), rank });
  }

  private timeWithoutDate(u: Unit, t: TimeMention): void {
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

  // ---------------------------------------------------------------- claims

  private buildClaims(): MeetingClaim[] {
    const claims: MeetingClaim[] = [];
    const prefix = stableHash(
      [
        this.source.name,
        this.source.revisionKey ?? '',
        this.source.revision ?? '',
        this.source.date ?? '',
        this.source.seenAt,
      ].join('|'),
    );
    const hasOthers = [...this.segments.values()].some(
      (s) => s !== this.main && (s.headerDates.length > 0 || s.sessions.length > 0),
    );
    for (const seg of [...this.segments.values()].sort((a, b) => a.order - b.order)) {
      const dated = seg.headerDates.length > 0 || seg.sessions.some((s) => s.dates !== 'header');
      const identified =
        seg.series !== undefined || seg.ordinal !== undefined || seg.tbd || seg.title !== undefined;
      if (!identified) continue;
      // In a list of meetings, the list's own heading is not a meeting.
      if (seg === this.main && !dated && hasOthers && !seg.status && !seg.ordinal) continue;
      const claim = this.claim(seg, prefix);
      if (!claim) continue;
      if (!claim.dates && !claim.status) {
        this.diag(
          'schedule.no-date',
          'info',
          0,
          `No date was found for "${claim.title?.value ?? 'the meeting'}".`,
        );
      }
      claims.push(claim);
    }
    return claims;
  }

  private claim(seg: Segment, prefix: string): MeetingClaim | undefined {
    const key = seg.ordinal
      ? `${seg.series ? seriesKey(seg.series.value) : ''}#${seg.ordinal.value}`
      : seg.key;
    const claim: MeetingClaim = { id: `${prefix}:${key}`, source: this.source, sessions: [] };
    if (this.source.revisionKey) claim.revisionKey = this.source.revisionKey;
    if (this.source.revision !== undefined) claim.revision = this.source.revision;
    if (seg.title) claim.title = fact(seg.title);
    if (seg.series) claim.series = fact(seg.series);
    else if (this.mainSeries && (seg.ordinal || seg.tbd))
      claim.series = { value: this.mainSeries, evidence: [] };
    if (seg.ordinal) claim.ordinal = fact(seg.ordinal);
    if (seg.status) claim.status = fact(seg.status);
    if (seg.correction) claim.correction = fact(seg.correction);
    if (seg.changedFrom || seg.changedStart)
      claim.changedFrom = {
        value: {
          ...(seg.changedFrom ? { dates: seg.changedFrom.value } : {}),
          ...(seg.changedStart ? { start: seg.changedStart.value } : {}),
        },
        evidence: [seg.changedFrom?.evidence, seg.changedStart?.evidence].filter((e): e is Evidence => !!e),
      };

    // Venue: the best-ranked statement, first in the text among equals.
    const bestVenue = [...seg.venues].sort((a, b) => b.rank - a.rank)[0];
    if (bestVenue) claim.venue = { value: bestVenue.venue, evidence: [bestVenue.evidence] };

    // Dates: the meeting's days, checked against the days that carry times.
    const header = seg.headerDates[0];
    for (const other of seg.headerDates.slice(1)) {
      if (
        header &&
        (other.span.start !== header.span.start || other.span.end !== header.span.end) &&
        !within(other.span, header.span)
      ) {
        this.diagEvidence(
          other.evidence,
          'schedule.dates-disagree',
          'warning',
          `This document gives two different dates for the meeting: "${header.evidence.text}" and "${other.evidence.text}"; the first is used.`,
        );
      }
    }
    const sessions = this.sessions(seg, header);
    const sessionDays = [...new Set(sessions.map((s) => s.date))].sort();
    let dates: Fact<DateSpan> | undefined;
    if (header) {
      dates = {
        value: header.span,
        evidence: [header.evidence],
        ...(header.uncertain ? { uncertain: header.uncertain } : {}),
      };
      const outside = sessionDays.filter((d) => d < header.span.start || d > header.span.end);
      if (outside.length > 0) {
        const far = outside.some(
          (d) =>
            Math.min(Math.abs(daysBetween(d, header.span.start)), Math.abs(daysBetween(d, header.span.end))) >
            7,
        );
        const firstDay = sessionDays[0] as LocalDate;
        const lastDay = sessionDays[sessionDays.length - 1] as LocalDate;
        const said = `the dates line says ${formatDateSpan(header.span.start, header.span.end)} but the daily times list ${formatDateSpan(firstDay, lastDay)}`;
        if (far) {
          dates.uncertain = joinReasons(dates.uncertain, `${said}; the daily times were not used`);
          for (let k = sessions.length - 1; k >= 0; k--) {
            const s = sessions[k] as Session;
            if (s.date < header.span.start || s.date > header.span.end) sessions.splice(k, 1);
          }
        } else {
          dates = {
            value: {
              start: [firstDay, header.span.start].sort()[0] as LocalDate,
              end: [lastDay, header.span.end].sort()[1] as LocalDate,
            },
            evidence: [header.evidence, ...(sessions[0]?.evidence.slice(0, 1) ?? [])],
            uncertain: joinReasons(header.uncertain, `${said}; used the daily times`),
          };
        }
        this.diagEvidence(header.evidence, 'schedule.dates-disagree', 'warning', `In this document ${said}.`);
      }
    } else if (sessionDays.length > 0) {
      const firstDay = sessionDays[0] as LocalDate;
      const lastDay = sessionDays[sessionDays.length - 1] as LocalDate;
      dates = {
        value: { start: firstDay, end: lastDay },
        evidence: sessions.flatMap((s) => s.evidence.slice(-1)).slice(0, 2),
      };
    }
    if (dates) claim.dates = dates;

    // Zone: what the text said, weighed against the venue.
    const refDay = sessions.find((s) => s.start)?.date ?? dates?.value.start;
    const docPlace = claim.venue ? undefined : this.documentPlace();
    const venueZone =
      claim.venue?.value.timeZone ??
      (claim.venue?.value.formerCity ? placeByName(claim.venue.value.formerCity)?.zone : undefined) ??
      docPlace?.zone;
    const statements = seg.zones;
    const primary =
      statements.find(
        (s) =>
          s.statement.iana || s.statement.offset !== undefined || s.statement.family || s.statement.cityZone,
      ) ?? statements[0];
    for (const s of statements) {
      if (s.statement.invalidIana) {
        this.diagEvidence(
          s.evidence,
          'schedule.zone-invalid',
          'warning',
          `"${s.statement.invalidIana}" is not a known IANA time zone.`,
        );
      }
    }
    const hasTimes = sessions.some((s) => s.start);
    const resolved = resolveZone(primary?.statement, refDay, venueZone, this.options.defaultTimeZone);
    if (resolved) {
      const value: ZoneValue = {
        zone: resolved.zone,
        basis: resolved.basis,
        ...(resolved.stated ? { stated: resolved.stated } : {}),
        // A zone the text did not state is marked as inferred (from the venue or the default).
        ...(resolved.basis === 'venue' || resolved.basis === 'default' ? { inferred: true } : {}),
      };
      let uncertain = resolved.uncertain;
      if (resolved.basis === 'venue' && docPlace && !claim.venue)
        uncertain = joinReasons(
          uncertain,
          `inferred from "${docPlace.evidence.text}", the only place the document names`,
        );
      for (const s of statements) {
        if (s === primary) continue;
        const other = resolveZone(s.statement, refDay, venueZone, undefined);
        if (other && other.zone !== resolved.zone && other.basis !== 'venue') {
          const note = `the document also says "${s.statement.text}" (${other.zone})`;
          uncertain = joinReasons(uncertain, note);
          this.diagEvidence(
            s.evidence,
            'schedule.zone-mismatch',
            'warning',
            `This document gives two time zones: "${primary?.statement.text}" and "${s.statement.text}".`,
          );
          break;
        }
      }
      claim.zone = {
        value,
        evidence:
          primary && resolved.basis !== 'venue' && resolved.basis !== 'default'
            ? [primary.evidence]
            : (claim.venue?.evidence ?? (docPlace && resolved.basis === 'venue' ? [docPlace.evidence] : [])),
        ...(uncertain ? { uncertain } : {}),
      };
      // A stated zone that is not the venue's ("ET" for a meeting in Redmond) is kept, and flagged.
      if (
        claim.venue?.value.mode === 'in-person' &&
        venueZone &&
        refDay &&
        (resolved.basis === 'abbreviation' || resolved.basis === 'offset' || resolved.basis === 'iana') &&
        offsetOn(venueZone, refDay) !== offsetOn(resolved.zone, refDay)
      ) {
        const note = `the stated zone "${resolved.stated ?? resolved.zone}" is not the zone of ${claim.venue.value.city ?? 'the venue'} (${venueZone}); used as stated`;
        uncertain = joinReasons(uncertain, note);
        if (primary)
          this.diagEvidence(
            primary.evidence,
            'schedule.zone-venue-mismatch',
            'warning',
            `Time zone: ${note}.`,
          );
      }
      if (uncertain) claim.zone.uncertain = uncertain;
      if (resolved.problem && resolved.problem !== 'zone-default' && primary) {
        this.diagEvidence(
          primary.evidence,
          `schedule.${resolved.problem}`,
          'warning',
          `Time zone: ${resolved.uncertain}.`,
        );
      }
      if (resolved.problem === 'zone-default' && hasTimes) {
        const firstTime = sessions.find((s) => s.start);
        if (firstTime)
          this.diagEvidence(
            firstTime.evidence[0] as Evidence,
            'schedule.zone-default',
            'info',
            `No time zone is stated for "${firstTime.evidence[0]?.text}" and the venue is unknown; the default ${resolved.zone} was used.`,
          );
      }
    } else if (hasTimes) {
      const firstTime = sessions.find((s) => s.start);
      if (firstTime) {
        this.diagEvidence(
          firstTime.evidence[0] as Evidence,
          'schedule.zone-unknown',
          'warning',
          `No time zone is stated for "${firstTime.evidence[0]?.text}" and the venue's zone is unknown; times are kept as local wall-clock times. Pass --tz or state the zone.`,
        );
      }
    }
    const zone = claim.zone?.value.zone;
    for (const s of sessions) {
      if (!zone || !s.start) continue;
      const start = instant(s.date, s.start, zone);
      if (start) s.startAt = start;
      if (s.end) {
        const endDay = s.endDate ?? s.date;
        const end = instant(endDay, s.end, zone);
        if (end) s.endAt = end;
      }
    }
    claim.sessions = sessions;
    if (!claim.title && claim.series && claim.ordinal)
      claim.title = {
        value: `${claim.series.value}-${claim.ordinal.value}`,
        evidence: claim.ordinal.evidence,
      };
    return claim;
  }

  /**
   * The one place a document names, for a meeting whose venue line names none ("gather in
   * Boston, Massachusetts", "IETF 109 Bangkok" in the first sentence). Cities of the venue
   * table and of the gazetteer count; when they point to more than one time zone, nothing
   * is inferred.
   */
  private documentPlace(): { zone: string; evidence: Evidence } | undefined {
    if (this.docPlaceCache !== undefined) return this.docPlaceCache ?? undefined;
    let found: { zone: string; evidence: Evidence } | undefined;
    const zones = new Set<string>();
    for (const u of this.units) {
      if (u.excludedSection || u.ancestors.includes('exclude')) continue;
      if (!/\p{Lu}/u.test(u.text)) continue;
      // A place where something happens ("in Boston", "at the hall, Limassol, Cyprus",
      // "IETF 109 Bangkok"), not a name used as an adjective ("the Nairobi Summit").
      const where = (index: number, qualified: boolean) =>
        qualified || PLACE_LEAD.test(u.text.slice(Math.max(0, index - 24), index));
      const hits = [
        ...findPlaces(u.text)
          .filter((p) => where(p.index, false))
          .map((p) => ({ zone: p.place.zone, index: p.index, length: p.length })),
        ...findGazetteerPlaces(u.text)
          .filter((p) => where(p.index, p.qualified))
          .map((p) => ({ zone: p.place.zone, index: p.index, length: p.length })),
      ];
      for (const h of hits) {
        zones.add(h.zone);
        found ??= { zone: h.zone, evidence: this.evidence(u, h.index, h.length) };
      }
      if (zones.size > 1) break;
    }
    this.docPlaceCache = zones.size === 1 && found ? found : null;
    return this.docPlaceCache ?? undefined;
  }

  /** Per-day sessions: every time given for a day, merged into that day's first start and last end. */
  private sessions(seg: Segment, header: DateFact | undefined): Session[] {
    const byDay = new Map<LocalDate, Session & { minutes: number[] }>();
    for (const raw of seg.sessions) {
      const days =
        raw.dates === 'header' ? (header ? expand(header.span.start, header.span.end) : []) : raw.dates;
      for (const day of days) {
        let s = byDay.get(day);
        if (!s) {
          s = { date: day, evidence: [], minutes: [] };
          byDay.set(day, s);
        }
        for (const e of raw.evidence)
          if (!s.evidence.some((x) => x.offset === e.offset && x.text === e.text)) s.evidence.push(e);
        if (!raw.start) continue;
        const a = toMinutes(raw.start);
        let b = raw.end ? toMinutes(raw.end) : a;
        if (raw.overnight || raw.end === '24:00') b += raw.end === '24:00' ? 0 : 24 * 60;
        if (raw.end === '24:00') b = 24 * 60;
        s.minutes.push(a, b);
      }
    }
    const out: Session[] = [];
    for (const s of [...byDay.values()].sort((a, b) => (a.date < b.date ? -1 : 1))) {
      const { minutes, ...rest } = s;
      const session: Session = { ...rest };
      if (minutes.length > 0) {
        const a = Math.min(...minutes);
        const b = Math.max(...minutes);
        session.start = fromMinutes(a);
        if (b > a) {
          session.end = fromMinutes(b % (24 * 60));
          if (b >= 24 * 60) session.endDate = addDays(s.date, Math.floor(b / (24 * 60)));
        }
      }
      out.push(session);
    }
    return out;
  }

  // ---------------------------------------------------------------- evidence and diagnostics

  private evidence(u: Unit, index: number, length: number): Evidence {
    const start = u.map[Math.max(0, Math.min(index, u.map.length - 1))] as number;
    const lastIdx = Math.max(0, Math.min(index + Math.max(length, 1) - 1, u.map.length - 2));
    const end = Math.max(start, (u.map[lastIdx] as number) + 1);
    return this.evidenceRange(start, end, u.page);
  }

  private evidenceFor(u: Unit, id: IdentityMention | undefined): Evidence {
    return id ? this.evidence(u, id.index, id.length) : this.evidence(u, 0, u.text.length);
  }

  private evidenceRange(start: number, end: number, page: number | undefined): Evidence {
    const { line, column } = this.index.locate(start);
    return {
      text: this.doc.text.slice(start, end),
      offset: start,
      line,
      column,
      ...(page === undefined ? {} : { page }),
    };
  }

  private diagAt(
    u: Unit,
    index: number,
    length: number,
    code: string,
    severity: Severity,
    message: string,
  ): void {
    this.diagEvidence(this.evidence(u, index, length), code, severity, message);
  }

  private diagEvidence(ev: Evidence, code: string, severity: Severity, message: string): void {
    const offset = ev.offset ?? 0;
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

  private diag(code: string, severity: Severity, offset: number, message: string): void {
    const { line, column } = this.index.locate(offset);
    this.diagnostics.push({ code, severity, message, line, column, offset });
  }
}

function fact<T>(l: Located<T>): Fact<T> {
  return { value: l.value, evidence: [l.evidence] };
}

function titleFromIdentity(id: IdentityMention, series: string | undefined): string {
  if (id.pattern === 'numbered' && series) return `${series}-${id.ordinal}`;
  if (id.pattern === 'bare' && series && id.ordinal !== undefined) return `${series}-${id.ordinal}`;
  const t = id.text.replace(/^the\s+/i, '').trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** What comes before a city named as the place of something: "in", "at", a bullet, a comma, a number. */
const PLACE_LEAD = /(?:\b(?:in|at|near|à|en|au|im|in der|bei)\s+(?:the\s+)?|[•|,\u2013-]\s*|\d\s+)$/i;

/** Meeting nouns of the other languages the date reader knows (identity's list is English). */
const MEETING_WORDS_ELSEWHERE =
  /(?:sitzung|versammlung|tagung|r[ée]union|s[ée]ance|conseil|assembl[ée]e|sesi[óo]n|pleno|asamblea|reuni[óo]n|convocatoria|consejo|gemeinderat|stadtrat)/i;

/** Times said of every day of a meeting. */
const DAILY_CUE =
  /\b(?:daily (?:sessions?|meetings?|hours|schedule)|(?:sessions?|meetings?) (?:will )?(?:run|be held|take place) (?:daily|each day|every day)|each day|every day|(?:working|meeting) hours)\b/i;

/** Words that say when a meeting starts, in the languages the date reader knows. */
const START_CUE =
  /\b(?:begins?|starts?|will (?:begin|start|open|convene)|commencera|commence|d[ée]butera|beginnt|beginnen|startet|comenzar[áa]|comienza|empezar[áa]|inicia(?:r[áa])?)\b/i;

/**
 * "14:00 UTC (16:00 CEST)", "9.00 EST (18.30 Mumbai; 19.00 Dhaka)": times in brackets right
 * after a time are the same moment elsewhere, an equivalence and not more sessions.
 */
function isEquivalent(text: string, times: TimeMention[], i: number): boolean {
  const t = times[i] as TimeMention;
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

/** A table column of clock times. */
const TIME_COLUMN = /\b(times?|hours?|hora|horas|horario|heures?|horaires?|uhrzeit|zeit)\b/;
/** A table cell that is only a clock time or a range of them. */
const CLOCK_CELL =
  /^\s*\d{1,2}[,.:h]\d{2}(?:\s*[-\u2013]\s*\d{1,2}[,.:h]\d{2})?\s*(?:hs?\.?|horas?|uhr|heures?)?\s*$/i;

/** A lone year in the first lines that are not prose: the year the document speaks of. */
function titleYear(units: Unit[]): number | undefined {
  for (const u of units) {
    if (u.kind === 'sentence' || u.text.length > 120) continue;
    // "2023/2027" and "2009-2010" are spans of years, not one year.
    const m = /(?<![\d/.,:-])(19[5-9]\d|20\d\d)(?![\d/:]|\s*[-\u2013]\s*\d)/.exec(u.text);
    if (m && findDates(u.text).mentions.length === 0) return Number(m[1]);
  }
  return undefined;
}

function dedupe(diags: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diags.filter((d) => {
    const key = `${d.code}|${d.offset}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A sentence rather than a title: eight words or more, ending with a full stop. */
function isProse(text: string): boolean {
  const t = text.trim();
  return /[.!]$/.test(t) && t.split(/\s+/).length >= 8;
}
