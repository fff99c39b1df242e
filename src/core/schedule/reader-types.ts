/** The working shapes of the text reader: units of text, resolved dates and per-meeting segments. */
import type { YearSource } from './calendar.js';
import type { LabelKind } from './text-rules.js';
import type { CorrectionKind, DateSpan, Evidence, LocalDate, MeetingStatus, Venue } from './types.js';
import type { ZoneStatement } from './zones.js';

/** Options for reading claims out of a document. */
export interface ExtractOptions {
  /** The process's default time zone, used when a source states none and its venue is unknown. */
  defaultTimeZone?: string;
}

export interface Unit {
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
  /** A news release's opening ("Nairobi, 14 February 2028 –"): its date dates the text, no meeting. */
  leadEnd?: number;
  cells?: { text: string; index: number }[];
  dates: ResolvedDate[];
  /** "Moving the June 4th meeting to June 11th": the old date, taken out of `dates`, and the new one. */
  move?: { from: ResolvedDate; to: ResolvedDate };
}

export interface ResolvedDate {
  index: number;
  length: number;
  text: string;
  start: LocalDate;
  end: LocalDate;
  list?: LocalDate[];
  yearSource: YearSource;
  /** A numeric date ("04/03/2027") whose day-month order the text did not settle: why it was read so. */
  orderAssumed?: string;
  /** Stated weekdays that do not fit the date. */
  weekdayIssues: { index: number; length: number; stated: number; date: LocalDate }[];
}

export interface Located<T> {
  value: T;
  evidence: Evidence;
}

export interface DateFact {
  span: DateSpan;
  evidence: Evidence;
  uncertain?: string;
  /** Days apart said one by one ("4 and 6 May"): the meeting's days, not every day of `span`. */
  days?: LocalDate[];
}

export interface RawSession {
  /** Days the time applies to; `header` = every day of the segment's meeting dates. */
  dates: LocalDate[] | 'header';
  start?: string;
  end?: string;
  overnight: boolean;
  /** The end is this many days after the session's day ("2027-04-12T09:00/2027-04-13T17:00"). */
  endDays?: number;
  evidence: Evidence[];
  uncertain?: string;
  /**
   * A sitting of its own: a table row's time, or one of two ranges a sentence gives a day
   * ("from 10:00 to 13:00 and from 15:00 to 18:00"). Sittings of one day that do not overlap
   * stay apart, the break between them kept; other times of a day merge into one span.
   */
  sitting?: boolean;
}

export interface Segment {
  key: string;
  order: number;
  title?: Located<string>;
  series?: Located<string>;
  ordinal?: Located<number>;
  tbd: boolean;
  headerDates: DateFact[];
  sessions: RawSession[];
  venues: { venue: Venue; evidence: Evidence; rank: number }[];
  /** `wide`: said of all times ("All times are CET", "Time zone: UTC"), so of every meeting the document lists. */
  zones: { statement: ZoneStatement; evidence: Evidence; wide?: boolean }[];
  status?: Located<MeetingStatus>;
  correction?: Located<CorrectionKind>;
  /** The dates the meeting was moved from, when the text says so. */
  changedFrom?: Located<DateSpan>;
  /** The start time the meeting was re-timed from ("instead of the usual 2pm"). */
  changedStart?: Located<string>;
}
