/**
 * The schedule engine's data model. Everything here is plain JSON data (no classes, no
 * Dates, no Maps) because the store persists claims and schedules as they are, and the
 * same shapes go out on the command line with `--json`.
 *
 * Vocabulary: a *claim* is what ONE source says about ONE meeting; a *meeting* is what
 * the engine concludes after reconciling every claim about it; a *conflict* is a field on
 * which live claims still disagree.
 */
import type { CalendarMethod } from '../documents/types.js';

/** A calendar date as `YYYY-MM-DD`, with no time and no zone. */
export type LocalDate = string;

/** A wall-clock time as `HH:mm` (24-hour). */
export type LocalTime = string;

/** What kind of source a claim came from. Informative only: it never changes how facts are weighed. */
export type SourceKind = 'pdf' | 'web' | 'email' | 'ics' | 'chat' | 'text' | 'docx' | 'other';

/** Where a claim came from and when. `seenAt` is injected by the caller: the core never reads the clock. */
export interface SourceInfo {
  kind: SourceKind;
  /** File name, URL or message subject, for people to recognise the source. */
  name: string;
  /** The date the document speaks from (letter date, e-mail Date, "last updated"), ISO 8601. */
  date?: string;
  /** When Rapporteur saw the source, ISO 8601 instant. */
  seenAt: string;
  /**
   * Identifies a source that is re-published over time (a URL, an e-mail thread, a file in
   * a repository): a later revision with the same key supersedes what an earlier one said.
   */
  revisionKey?: string;
  /** Explicit revision number within `revisionKey` (e.g. a version counter), when known. */
  revision?: number;
}

/** The text that supports a fact, so the bot can quote its evidence. */
export interface Evidence {
  /** The quoted text, verbatim from the source (for calendar facts: the property and its value). */
  text: string;
  /** 0-based offset of the quote in `Document.text` (absent for calendar properties). */
  offset?: number;
  /** 1-based line and column of the quote in `Document.text`. */
  line?: number;
  column?: number;
  /** 1-based page for paginated sources. */
  page?: number;
  /** The iCalendar property the fact came from (`DTSTART`, `LOCATION`...). */
  property?: string;
}

/** A stated fact with its evidence. `uncertain` holds the reason when the parser is unsure. */
export interface Fact<T> {
  value: T;
  evidence: Evidence[];
  /** Why this fact may be wrong (e.g. "year not stated; assumed 2014"). Absent when the source is clear. */
  uncertain?: string;
}

/** An inclusive span of calendar days. */
export interface DateSpan {
  start: LocalDate;
  end: LocalDate;
}

/** How a time zone was determined, from the most to the least explicit. */
export type ZoneBasis =
  /** An IANA name written in the text, e.g. "(America/Chicago)". */
  | 'iana'
  /** A numeric offset written in the text, e.g. "UTC -5". */
  | 'offset'
  /** An abbreviation or zone name, e.g. "PDT", "CET", "Eastern Time", "Geneva time". */
  | 'abbreviation'
  /** The time zone of a calendar property (TZID or UTC). */
  | 'calendar'
  /** Implied by the venue (city table). */
  | 'venue'
  /** The process default, because nothing else said. */
  | 'default';

/** The time zone of a claim and how it was determined. */
export interface ZoneValue {
  /** IANA zone name (`Europe/Zurich`) or a fixed offset as Luxon names it (`UTC-5`, `UTC+5:30`). */
  zone: string;
  basis: ZoneBasis;
  /** The zone expression as the source wrote it, when it wrote one. */
  stated?: string;
  /** True when the text did not state the zone: it comes from the venue's (or a named place's) city, or the default. */
  inferred?: boolean;
}

/** In the room, online only, or both. */
export type VenueMode = 'in-person' | 'remote' | 'hybrid';

/** Where a meeting takes place, as far as the engine can place it. */
export interface Venue {
  mode: VenueMode;
  /** City as a person would write it ("Geneva", "Sharm el-Sheikh"). */
  city?: string;
  /** ISO 3166-1 alpha-2 country code, when known. */
  country?: string;
  /** Subdivision code for public holidays (date-holidays style: "GE" for Geneva canton). */
  region?: string;
  /** Building or room as stated ("ITU Headquarters, Popov Room"). */
  building?: string;
  /** The venue line as stated, on one line. */
  text: string;
  /** IANA zone of the city, from the venue table. */
  timeZone?: string;
  /** For remote meetings that kept a host's zone: "Remote (was Chicago)". */
  formerCity?: string;
  /** The room a meeting was moved out of: "in Room W instead of Room D", "moved from Room D to Room W". */
  formerRoom?: string;
}

/** Whether the meeting is on: an explicit cancellation or postponement, else scheduled. */
export type MeetingStatus = 'scheduled' | 'cancelled' | 'postponed';

/** Words that mark a source as correcting an earlier one. */
export type CorrectionKind =
  /** "corrected invitation", "correction", "erratum". */
  | 'corrected'
  /** "revised", "Rev.1", "updated", "amended". */
  | 'revised'
  /** "corrigendum". */
  | 'corrigendum'
  /** "moved to", "rescheduled", "will now take place", "new dates". */
  | 'rescheduled'
  /** A calendar REQUEST with a SEQUENCE above 0, or a CANCEL. */
  | 'calendar-update';

/** One day of a meeting, in the meeting's local time. */
export interface Session {
  date: LocalDate;
  /** Start and end wall-clock times; absent when only the day is known. */
  start?: LocalTime;
  end?: LocalTime;
  /** The day the session ends, when it runs past midnight (or spans days in a calendar). */
  endDate?: LocalDate;
  /** The instants, ISO 8601 with the zone's offset, when the zone is known. */
  startAt?: string;
  endAt?: string;
  evidence: Evidence[];
  uncertain?: string;
}

/** A recurring schedule as a text or a calendar states it. Plain JSON. */
export interface Recurrence {
  /** The rule, without DTSTART: `FREQ=MONTHLY;BYDAY=1MO`. */
  rrule: string;
  /** First day the rule applies from, when stated (or when a change starts it). */
  from?: LocalDate;
  /** Last day the rule applies (inclusive), when a later rule replaces it. */
  until?: LocalDate;
  start?: LocalTime;
  end?: LocalTime;
  /** IANA zone or fixed offset of the times, when stated. */
  timeZone?: string;
  /** Occurrences the source cancels (EXDATE). */
  cancelled?: LocalDate[];
  /** The rule this one replaces ("moves from Wednesdays to Thursdays"). */
  replaces?: string;
  /** The sentence (or calendar property) that states the rule, verbatim. */
  text: string;
  /** Why the rule may be read wrongly (e.g. the weeks of "every other" are not anchored). */
  uncertain?: string;
}

/** One expanded occurrence of a recurrence, in the rule's local time and, with a zone, as instants. */
export interface Occurrence {
  date: LocalDate;
  start?: LocalTime;
  end?: LocalTime;
  startAt?: string;
  endAt?: string;
}

/** What one source says about one meeting. */
export interface MeetingClaim {
  /** Deterministic id of the claim (from the source and the claim's position in it). */
  id: string;
  source: SourceInfo;
  /** Revision key and number used to order claims of a re-published source (defaults from `source`). */
  revisionKey?: string;
  revision?: number;
  title?: Fact<string>;
  /** The body or meeting series as written ("MPP", "TC39", "IETF"). */
  series?: Fact<string>;
  /**
   * Other names the same document gives the claim's series: the name written out beside its
   * acronym ("Multistakeholder Preparatory Platform" for "MPP"), so another source that uses
   * either name is recognised as the same series.
   */
  seriesAliases?: string[];
  /** The meeting number within the series ("sixth" -> 6). */
  ordinal?: Fact<number>;
  /** Calendar UID, when the claim came from a calendar event. */
  uid?: Fact<string>;
  /** The calendar METHOD and SEQUENCE, when the claim came from a calendar event. */
  calendar?: { method?: CalendarMethod; sequence: number };
  /** The meeting's days. */
  dates?: Fact<DateSpan>;
  /** Per-day times; one entry per day that the source gave a time or listed. */
  sessions: Session[];
  zone?: Fact<ZoneValue>;
  venue?: Fact<Venue>;
  status?: Fact<MeetingStatus>;
  correction?: Fact<CorrectionKind>;
  /** The recurring schedule in force, when the source states one ("first Monday of the month at 09:30 PT"). */
  recurrence?: Fact<Recurrence>;
  /** Every recurring schedule the source states, in order, when there is more than one (a change, alternating weeks). */
  recurrences?: Recurrence[];
  /** For one occurrence of a recurring calendar event: the UID of its series. */
  occurrenceOf?: string;
  /**
   * What the text says the meeting was before a change it states ("moving the June 4th meeting to
   * June 11th"); for a postponed meeting with no new day, the days it had (its `dates` are the same
   * days: where it was, not where it is).
   */
  changedFrom?: Fact<{ dates?: DateSpan; start?: LocalTime }>;
}

/** A reference to the source behind a value, small enough to print beside it. */
export interface SourceRef {
  claimId: string;
  kind: SourceKind;
  name: string;
  date?: string;
  seenAt: string;
}

/** The fields that are reconciled and can conflict. */
export type MeetingField = 'dates' | 'times' | 'timeZone' | 'venue' | 'status';

/** One of the values sources gave for a field, with who said it. */
export interface ConflictValue {
  /** Human-ready value ("14:00-16:00"). */
  value: string;
  sources: SourceRef[];
}

/** An open disagreement: live claims give different values for a field. */
export interface FieldConflict {
  field: MeetingField;
  values: ConflictValue[];
}

/** A disagreement that an explicit correction or a newer revision settled. */
export interface Settlement {
  field: MeetingField;
  /** The value that now stands. */
  value: string;
  /** Every value that was given, including the superseded ones. */
  values: ConflictValue[];
  settledBy: SourceRef;
  reason: 'correction' | 'newer-revision' | 'calendar-sequence' | 'status-update';
}

/** A meeting as reconciled from every claim about it. */
export interface Meeting {
  /**
   * Stable id: `series#ordinal` (e.g. `mpp#6`), else `uid:<calendar UID>`, else
   * `<title-or-series-slug>@<first announced start date>`. The store and reminder jobs key on it.
   */
  id: string;
  /** Other ids the same meeting had or would have had with less information (for matching across schedules). */
  aliases: string[];
  title: string;
  series?: string;
  ordinal?: number;
  uid?: string;
  status: MeetingStatus;
  dates?: DateSpan;
  /** First instant of the meeting, ISO 8601 with offset. When times are disputed: the EARLIEST start among the disputed values. */
  start?: string;
  /** Last instant of the meeting. When times are disputed: the LATEST end among the disputed values. */
  end?: string;
  /** Wall-clock times per day, human-ready ("14:00-18:00"), when known. */
  times?: string;
  timeZone?: string;
  zoneBasis?: ZoneBasis;
  venue?: Venue;
  sessions: Session[];
  /** Fields whose value is disputed: a conflict is open and the value above is only one of the candidates. */
  disputed: MeetingField[];
  conflicts: FieldConflict[];
  settlements: Settlement[];
  /** Facts the engine is unsure of, with the reason. */
  uncertain: { field: MeetingField | 'title'; reason: string }[];
  /** Earliest date any source announced the meeting (for short-notice checks), ISO 8601. */
  firstAnnounced: string;
  /** How many times the meeting's dates, times, zone, venue or status changed as its sources arrived; the iCalendar SEQUENCE. */
  revision: number;
  /** Claims behind the meeting, oldest first. */
  claimIds: string[];
  sources: SourceRef[];
  /**
   * The base of the meeting's iCalendar UIDs (`<calendarUid>@rapporteur`). Once published it
   * never changes, even when the meeting's `id` firms up (a meeting first known by its date,
   * later by its number): calendars that imported the feed update the event in place.
   * Absent on meetings reconciled before it existed; their `id` was their UID.
   */
  calendarUid?: string;
  /** The recurring schedule the meeting follows, when a source states one. */
  recurrence?: Recurrence;
  /** Its occurrences from the rule's start (or the source's date), a bounded list. */
  occurrences?: Occurrence[];
  /** For one occurrence of a recurring calendar event: the UID of its series. */
  occurrenceOf?: string;
}

/** Every reconciled meeting, sorted by start date. */
export interface Schedule {
  meetings: Meeting[];
}

/** Kinds of change between two schedules, one per alert a person cares about. */
export type ChangeKind =
  | 'added'
  | 'cancelled'
  | 'postponed'
  | 'reinstated'
  | 'moved'
  | 'retimed'
  | 'venue-changed'
  | 'conflict-opened'
  | 'conflict-settled';

/** One change between two schedules, ready for an alert. */
export interface ScheduleChange {
  kind: ChangeKind;
  meetingId: string;
  /** The meeting's title, for people. */
  meeting: string;
  field: MeetingField | 'meeting';
  /** Human-ready values; `null` when the field was not known on that side. */
  before: string | null;
  after: string | null;
}
