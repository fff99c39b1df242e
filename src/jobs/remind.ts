import { deliveryKeys, payloadRefs } from '../core/app/alerts.js';
import { judgeReminder } from '../core/app/reminder-judgement.js';
import { sentCandidates, syncMeetingReminders, toldBefore, toldWhenFired } from '../core/app/reminders.js';
import { isRapporteurError } from '../core/errors.js';
import type { JobQueue } from '../core/ports/index.js';
import type { ReminderJob } from './names.js';
import type { ProcessorDeps } from './types.js';

/**
 * The reminder processor. A reminder job fires at its due time and re-reads the reminder and
 * its meeting: it sends nothing when the job is stale (the reminder moved, was cancelled or
 * sent, or the meeting moved or was cancelled and the reminders were not moved yet, in which
 * case it re-plans them). Otherwise it claims the reminder's delivery, marks the reminder sent
 * with what it says, and enqueues the delivery. Each step is idempotent, so a job retried after
 * a crash at any point ends with one delivery.
 */

/** What happened to a reminder job. */
export type ReminderOutcome =
  | { status: 'sent'; deliveryId: string; created: boolean }
  | { status: 'skipped'; reason: string }
  | { status: 'resynced'; reason: string }
  | { status: 'late' };

/** What the reminder processor needs beyond the basics. */
export interface ReminderDeps extends ProcessorDeps {
  queue: JobQueue;
  /**
   * Enqueues a delivery for a given time: the job fires ahead of the due time and the message
   * waits for it. Without it (tests, other queues), deliveries are enqueued at once.
   */
  deliverAt?: (tenantId: string, deliveryId: string, at: Date) => Promise<void>;
}

/** Fires one reminder (at or a little before its due time). */
export async function processReminder(deps: ReminderDeps, job: ReminderJob): Promise<ReminderOutcome> {
  const t = deps.store.tenant(job.tenantId);
  const reminder = await t.getReminder(job.reminderId);
  const meeting = reminder ? await t.getMeeting(reminder.meetingId) : undefined;
  const now = deps.clock.now();
  const verdict = judgeReminder(reminder, meeting, job.dueAt, now);
  const key = deliveryKeys.reminder(job.reminderId, job.dueAt);

  switch (verdict.action) {
    case 'skip': {
      if (verdict.reason === 'not-pending' && reminder?.status === 'sent') {
        // A retry after a crash between marking the reminder sent and enqueueing its delivery.
        const delivery = await t.findDelivery(key);
        if (delivery && (delivery.status === 'pending' || delivery.status === 'failed')) {
          await enqueue(deps, job, delivery.id);
          return { status: 'sent', deliveryId: delivery.id, created: false };
        }
      }
      return { status: 'skipped', reason: verdict.reason };
    }
    case 'resync': {
      if (meeting) {
        deps.logger.info(
          { tenantId: job.tenantId, reminderId: job.reminderId, reason: verdict.reason },
          'reminder is stale; re-planning the meeting reminders',
        );
        await syncMeetingReminders(deps, job.tenantId, meeting.processId, [meeting]);
      }
      return { status: 'resynced', reason: verdict.reason };
    }
    case 'late': {
      const r = reminder as NonNullable<typeof reminder>;
      await t
        .markReminderSent(r.id, { told: toldWhenFired(r, verdict.facts, null, now, 'late') })
        .catch(ignoreConflict);
      deps.logger.info(
        { tenantId: job.tenantId, reminderId: r.id, dueAt: r.dueAt },
        'reminder fell due too long ago; closed without a message',
      );
      return { status: 'late' };
    }
    case 'send': {
      const r = reminder as NonNullable<typeof reminder>;
      const siblings = await t.listReminders({ meetingId: r.meetingId, target: r.target });
      // Only firings whose message went out told the reader anything.
      const delivered = new Set<string>();
      for (const c of sentCandidates(r, siblings)) {
        if (c.dueAt === undefined) continue;
        const d = await t.findDelivery(deliveryKeys.reminder(c.reminderId, c.dueAt));
        if (d?.status === 'sent') delivered.add(`${c.reminderId}|${Date.parse(c.dueAt)}`);
      }
      const before = toldBefore(r, siblings, (id, due) => delivered.has(`${id}|${Date.parse(due)}`));
      const { delivery, created } = await t.claimDelivery({
        key,
        target: r.target,
        kind: 'reminder',
        payloadRef: payloadRefs.reminder.encode({ reminderId: r.id, dueAt: r.dueAt }),
      });
      await t
        .markReminderSent(r.id, { told: toldWhenFired(r, verdict.facts, before, now) })
        .catch(ignoreConflict);
      if (delivery.status === 'pending' || delivery.status === 'failed')
        await enqueue(deps, job, delivery.id);
      return { status: 'sent', deliveryId: delivery.id, created };
    }
  }
}

function enqueue(deps: ReminderDeps, job: ReminderJob, deliveryId: string): Promise<void> {
  const due = new Date(job.dueAt);
  return deps.deliverAt && due.getTime() > deps.clock.now().getTime()
    ? deps.deliverAt(job.tenantId, deliveryId, due)
    : deps.queue.enqueueDeliveries(job.tenantId, [deliveryId]);
}

/** Another worker got there first: the reminder is already sent or cancelled. */
function ignoreConflict(err: unknown): void {
  if (isRapporteurError(err) && err.code === 'CONFLICT') return;
  throw err;
}
