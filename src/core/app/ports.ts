import type { Document } from '../documents/types.js';
import type { Reply } from '../reply.js';
import type { Platform, ReminderRecord, WatchRecord } from '../store.js';

/**
 * Ports of the application layer: what the use cases need from the outside world beyond
 * the Store. Adapters (Discord, Slack, e-mail, console), the job layer (BullMQ) and the
 * extraction sandbox implement them.
 */

/** Where a message goes on its platform, resolved from a store `Target` by the job layer. */
export interface Address {
  platform: Platform;
  /** The tenant's platform id (guild id, team id, list address, `local`). */
  tenantExternalId: string;
  /** The platform channel id (or list address) for channel messages. */
  channel?: string;
  /** The platform user id (or e-mail address) for direct messages. */
  user?: string;
}

/** One outgoing message. */
export interface OutgoingMessage {
  reply: Reply;
  /** Stable per delivery: adapters that can (e-mail Message-ID) use it to make resends harmless. */
  idempotencyKey: string;
  /** Groups follow-ups about the same subject (e-mail thread, Slack thread) where the platform can. */
  threadKey?: string;
  /** Zone for platforms that cannot localise times themselves (terminal, e-mail). */
  zone?: string;
}

/**
 * Sends messages on one platform. Failures are `RapporteurError`s: `transient` codes
 * (UNAVAILABLE, TIMEOUT, RATE_LIMITED with `details.retryAfterMs`) are retried with backoff,
 * every other code (NOT_FOUND for a deleted channel, PERMISSION_DENIED for a removed bot)
 * fails the delivery for good.
 */
export interface Notifier {
  readonly platform: Platform;
  /** Sends a message and resolves to the platform's message id. */
  send(address: Address, message: OutgoingMessage): Promise<{ messageId: string }>;
}

/**
 * The job queue as the use cases see it. The store is the source of truth: use cases write
 * wanted reminders, deliveries, watches and digest subscriptions to the store first and then
 * tell the queue, so a queue that was down or wiped is rebuilt from the store.
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
  removeWatch(tenantId: string, watchId: string): Promise<void>;
  /** Creates, moves or (hour null) removes a channel's daily digest. */
  scheduleDigest(
    tenantId: string,
    channelId: string,
    digest: { hour: number; zone: string } | null,
  ): Promise<void>;
}

/** Turns uploaded bytes into a Document within the configured limits (the extraction sandbox). */
export interface Extractor {
  /** `tenantId` says whose queue the work waits in (the pool is fair between tenants). */
  extract(
    bytes: Uint8Array,
    file: { name?: string; contentType?: string; tenantId?: string },
  ): Promise<Document>;
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
