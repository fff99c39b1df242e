import type { MeetingRecord, ReminderRecord } from '../store.js';
import type { MeetingHeadline } from './contracts.js';
import {
  factsOf,
  headlineOf,
  parseTold,
  type ReminderTold,
  sameInstant,
  type ToldFacts,
} from './reminders.js';

/**
 * When a reminder may still be sent: the one judgement both reminder jobs use. The reminder
 * job decides whether a fired reminder prepares a message ({@link judgeReminder}); the delivery
 * job checks the prepared message once more just before it goes out
 * ({@link judgeReminderDelivery}), since the meeting may have moved or been cancelled between.
 */

/** What to do with a reminder whose job fired. */
export type ReminderVerdict =
  | { action: 'send'; facts: ToldFacts }
  /** Nothing to send: the reminder is gone, not pending, or its job is for an older due time. */
  | { action: 'skip'; reason: 'gone' | 'not-pending' | 'moved' }
  /** The meeting changed and the reminders were not moved yet: re-plan, send nothing now. */
  | { action: 'resync'; reason: 'meeting-gone' | 'meeting-not-scheduled' | 'meeting-moved' }
  /** Fell due too long ago to be useful (the worker or Redis was down): close it without a message. */
  | { action: 'late'; facts: ToldFacts };

/**
 * How late a reminder may still be sent: a quarter of its offset, at most two hours, and never
 * once the meeting has started. A "1 hour before" reminder 20 minutes late still helps; a
 * "24 hours before" one that arrives 5 hours late would only duplicate the next reminder.
 */
export function reminderGraceMs(offsetMinutes: number): number {
  return Math.min(offsetMinutes * 15_000, 2 * 3_600_000);
}

/**
 * Decides what a fired reminder job should do, re-reading the reminder and its meeting: a
 * job is stale when the reminder moved (another job exists for the new time), was cancelled
 * or sent, or when the meeting itself moved or was cancelled after the reminder was planned.
 */
export function judgeReminder(
  reminder: ReminderRecord | undefined,
  meeting: MeetingRecord | undefined,
  jobDueAt: string,
  now: Date,
): ReminderVerdict {
  if (!reminder) return { action: 'skip', reason: 'gone' };
  if (reminder.status !== 'pending') return { action: 'skip', reason: 'not-pending' };
  if (!sameInstant(reminder.dueAt, jobDueAt)) return { action: 'skip', reason: 'moved' };
  if (!meeting) return { action: 'resync', reason: 'meeting-gone' };
  const facts = factsOf(headlineOf(meeting));
  if (meeting.status !== 'scheduled' || meeting.startsAt === null || facts === undefined) {
    return { action: 'resync', reason: 'meeting-not-scheduled' };
  }
  const startMs = Date.parse(meeting.startsAt);
  if (startMs - reminder.offsetMinutes * 60_000 !== Date.parse(reminder.dueAt)) {
    return { action: 'resync', reason: 'meeting-moved' };
  }
  const nowMs = now.getTime();
  if (nowMs >= startMs || nowMs - Date.parse(reminder.dueAt) > reminderGraceMs(reminder.offsetMinutes)) {
    return { action: 'late', facts };
  }
  return { action: 'send', facts };
}

/** A prepared reminder message this much before its due time is sent anyway (timer and clock jitter). */
const EARLY_TOLERANCE_MS = 250;

/** What a prepared reminder message should do when its delivery job runs. */
export type ReminderDeliveryVerdict =
  | {
      action: 'send';
      reminder: ReminderRecord;
      meeting: MeetingRecord;
      headline: MeetingHeadline & { startsAt: string };
      told: ReminderTold | undefined;
    }
  /** Picked up before its due time (say, re-enqueued by a rebuild): wait this long. */
  | { action: 'early'; delayMs: number }
  /** Never send it; `reason` says why, for the delivery's record. */
  | { action: 'drop'; reason: string };

/**
 * Decides, just before sending, whether a reminder message prepared for `preparedDueAt` still
 * holds: the reminder must still be the one prepared (sent for that due time), the meeting
 * must still be scheduled at the time the reminder states, and the meeting must not have begun.
 * `read` is the reminder with its meeting (null when the meeting is gone), or undefined when
 * the reminder itself is gone.
 */
export function judgeReminderDelivery(
  read: { reminder: ReminderRecord; meeting: MeetingRecord | null } | undefined,
  preparedDueAt: string | undefined,
  now: Date,
): ReminderDeliveryVerdict {
  if (!read || preparedDueAt === undefined) return { action: 'drop', reason: 'The reminder was withdrawn.' };
  const { reminder, meeting } = read;
  // Prepared for another due time: the reminder moved since, and its new time has its own message.
  if (reminder.status !== 'sent' || !sameInstant(reminder.dueAt, preparedDueAt)) {
    return { action: 'drop', reason: 'Stale: the reminder moved after it was prepared.' };
  }
  if (!meeting) return { action: 'drop', reason: 'The meeting of this reminder is gone.' };
  const told = parseTold(reminder.told);
  const headline = headlineOf(meeting);
  const startsAt = headline.startsAt;
  if (meeting.status !== 'scheduled' || startsAt === null) {
    return {
      action: 'drop',
      reason: 'Stale: the meeting was cancelled or postponed after the reminder fell due.',
    };
  }
  if (told && !sameInstant(told.facts.startsAt, startsAt)) {
    return {
      action: 'drop',
      reason: 'Stale: the meeting moved after the reminder fell due; its moved reminder tells people.',
    };
  }
  const early = Date.parse(reminder.dueAt) - now.getTime();
  if (early > EARLY_TOLERANCE_MS) return { action: 'early', delayMs: early };
  if (now.getTime() >= Date.parse(startsAt)) {
    return { action: 'drop', reason: 'Too late: the meeting had started before the reminder could be sent.' };
  }
  return { action: 'send', reminder, meeting, headline: { ...headline, startsAt }, told };
}
