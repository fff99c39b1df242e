import type { Reply, ReplyTone, RichText } from '../reply.js';
import type { MeetingStatus } from '../store.js';

/**
 * Shapes the use cases write into the store's JSON columns and the job layer reads back.
 * They decouple the jobs (reminders, deliveries, digests) from the engines' own types: an
 * engine result is kept whole under `data`/`meeting`, and beside it the few facts the jobs
 * need, already in neutral, renderable form.
 */

/** Schema version of the envelopes below; bump when their shape changes. */
export const CONTRACTS_VERSION = 1;

/**
 * An alert as people will read it, ready to render on any platform. Times inside `lines`
 * are `TimeInline`s so each platform can show them in the reader's own zone.
 */
export interface AlertContent {
  /** One line: "MPP-6 re-timed: now 14:00-18:00 (was 14:00-16:00)". */
  title: string;
  tone: ReplyTone;
  /** Detail lines (evidence, before/after, flags). */
  lines: RichText[];
  /** Follow-ups the reader can run ("/meetings sources MPP-6"). */
  actions?: Reply['actions'];
  /** Groups alerts about the same subject (meeting key, document id) into one thread where possible. */
  threadKey: string;
}

/** The payload of every change-log entry (`ChangeRecord.payload`). */
export interface ChangePayload<T = unknown> {
  v: typeof CONTRACTS_VERSION;
  /** The engine's own description of the change (a ScheduleChange, a draft diff summary...). */
  data: T;
  /** What subscribers are told. */
  alert: AlertContent;
}

/** The facts about a meeting every job needs, whatever the engine's types. */
export interface MeetingHeadline {
  title: string;
  /** Short handle people type ("MPP-6"), when the meeting has one. */
  handle: string | null;
  status: MeetingStatus;
  /** ISO 8601 instants; null when unknown. When sources disagree, the earliest start (see `disputed`). */
  startsAt: string | null;
  endsAt: string | null;
  /** IANA zone the meeting was stated in (the venue's). */
  timeZone: string | null;
  /** "Geneva, Palais des Nations", "Remote". */
  venue: string | null;
  /** Fields whose sources disagree and are not settled (`start`, `end`, `venue`...). */
  disputed: string[];
  /** Context flags in words ("Whit Monday, public holiday in Geneva", "6 days' notice"). */
  flags: string[];
}

/** The snapshot stored for each reconciled meeting (`MeetingRecord.snapshot`). */
export interface MeetingSnapshot<M = unknown> {
  v: typeof CONTRACTS_VERSION;
  headline: MeetingHeadline;
  /** The schedule engine's reconciled meeting. */
  meeting: M;
}

/** Narrows a stored change payload, tolerating rows written by an older version. */
export function asChangePayload(value: unknown): ChangePayload | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Partial<ChangePayload>;
  if (typeof v.alert !== 'object' || v.alert === null || typeof v.alert.title !== 'string') return undefined;
  return v as ChangePayload;
}

/** Narrows a stored meeting snapshot. */
export function asMeetingSnapshot(value: unknown): MeetingSnapshot | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Partial<MeetingSnapshot>;
  if (typeof v.headline !== 'object' || v.headline === null || typeof v.headline.title !== 'string')
    return undefined;
  return v as MeetingSnapshot;
}
