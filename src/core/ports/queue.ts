import type { ReminderRecord, WatchRecord } from '../store.js';

/**
 * The job queue as the use cases see it. The store is the source of truth: use cases write
 * wanted reminders, deliveries, watches and digest subscriptions to the store first and then
 * tell the queue, so a queue that was down or wiped is rebuilt from the store. src/jobs
 * implements it on BullMQ.
 */
export interface JobQueue {
  /** False when no queue runs (no Redis): reminders and alerts are then off, and commands say so. */
  readonly enabled: boolean;
  /** Why the queue is disabled, for messages to users ("Redis is not reachable at ..."). */
  readonly disabledReason?: string;
  /** Creates or moves one delayed job per pending reminder (deterministic job ids). */
  scheduleReminders(tenantId: string, reminders: readonly ReminderRecord[]): Promise<void>;
  /** Removes the jobs of reminders that were cancelled or deleted. */
  removeReminders(tenantId: string, reminderIds: readonly string[]): Promise<void>;
  /** Enqueues claimed deliveries for sending. */
  enqueueDeliveries(tenantId: string, deliveryIds: readonly string[]): Promise<void>;
  /** Creates or updates the repeating check of a watched URL. */
  scheduleWatch(tenantId: string, watch: WatchRecord): Promise<void>;
  /** Removes the repeating check of a watch that was removed. */
  removeWatch(tenantId: string, watchId: string): Promise<void>;
  /** Creates, moves or (hour null) removes a channel's daily digest. */
  scheduleDigest(
    tenantId: string,
    channelId: string,
    digest: { hour: number; zone: string } | null,
  ): Promise<void>;
}

/** A queue that runs nothing, for the terminal without Redis and for pure tests. */
export function disabledQueue(reason: string): JobQueue {
  const noop = async () => {};
  return {
    enabled: false,
    disabledReason: reason,
    scheduleReminders: noop,
    removeReminders: noop,
    enqueueDeliveries: noop,
    scheduleWatch: noop,
    removeWatch: noop,
    scheduleDigest: noop,
  };
}
