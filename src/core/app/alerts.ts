import { z } from 'zod';
import { messageOf } from '../errors.js';
import type { JobQueue, Logger, Store } from '../ports/index.js';
import { type Reply, type ReplySection, reply } from '../reply.js';
import type { ChangeRecord, DeliveryRecord, WatchRecord } from '../store.js';
import { asChangePayload, type ChangePayload } from './contracts.js';
import { publicWatchError } from './watches.js';

/**
 * Change alerts and the other one-off messages the job layer delivers. Every outgoing message
 * is a delivery claimed in the store under a deterministic idempotency key, so however many
 * workers handle the same change, the store lets exactly one of them create the delivery, and
 * a retried job finds the delivery already sent.
 */

/** The topics a change alert goes out on. */
export type AlertTopic = 'draftChanges' | 'scheduleChanges';

/** Delivery kinds the job layer knows how to render. */
export const DELIVERY_KINDS = [
  'draft-change',
  'schedule-change',
  'reminder',
  'digest',
  'watch-failing',
  'watch-recovered',
] as const;

/** What a delivery carries; the job layer renders each kind from its `payloadRef`. */
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

/** The delivery kind of a change alert on a topic. */
export function alertKind(topic: AlertTopic): DeliveryKind {
  return topic === 'draftChanges' ? 'draft-change' : 'schedule-change';
}

/** Idempotency keys: one delivery per message and target, stable across retries and workers. */
export const deliveryKeys = {
  /** One alert per change, topic and channel. */
  alert: (topic: AlertTopic, changeId: number, channelId: string) =>
    `alert:${topic}:${changeId}:channel:${channelId}`,
  /** One message per reminder and due time (a reminder moved to a new time may be sent again). */
  reminder: (reminderId: string, dueAt: string) => `reminder:${reminderId}:${new Date(dueAt).toISOString()}`,
  /** One digest per channel and local calendar day. */
  digest: (channelId: string, localDate: string) => `digest:${channelId}:${localDate}`,
  /** One "failing" and one "working again" message per run of failures and channel. */
  watch: (state: 'failing' | 'recovered', watchId: string, failingSince: string, channelId: string) =>
    `watch-${state}:${watchId}:${new Date(failingSince).toISOString()}:channel:${channelId}`,
};

const changeRef = z.object({ processId: z.string().min(1), changeId: z.number().int().positive() });
const digestRef = z.object({
  processId: z.string().min(1),
  since: z.iso.datetime(),
  until: z.iso.datetime(),
  zone: z.string().min(1),
});
const watchRef = z.object({ watchId: z.string().min(1), failingSince: z.iso.datetime() });
const reminderRef = z.object({ reminderId: z.string().min(1), dueAt: z.iso.datetime() });

/** Where to find what a change alert says. */
export type ChangeRef = z.infer<typeof changeRef>;
/** The window and zone of a digest. */
export type DigestRef = z.infer<typeof digestRef>;
/** The watch a failing/recovered message is about. */
export type WatchRef = z.infer<typeof watchRef>;
/** The reminder a message is for, and the due time it was prepared for (a moved reminder is another message). */
export type ReminderRef = z.infer<typeof reminderRef>;

/**
 * Encoders and decoders of `DeliveryRecord.payloadRef` per kind: ids and instants only, never
 * content, so a delivery is always rendered from the store's current rows. Decoders return
 * undefined for a malformed reference (a permanent failure for that delivery).
 */
export const payloadRefs = {
  change: {
    encode: (ref: ChangeRef) => JSON.stringify(changeRef.parse(ref)),
    decode: (raw: string | null) => decodeJson(changeRef, raw),
  },
  digest: {
    encode: (ref: DigestRef) => JSON.stringify(digestRef.parse(ref)),
    decode: (raw: string | null) => decodeJson(digestRef, raw),
  },
  watch: {
    encode: (ref: WatchRef) => JSON.stringify(watchRef.parse(ref)),
    decode: (raw: string | null) => decodeJson(watchRef, raw),
  },
  reminder: {
    encode: (ref: ReminderRef) =>
      JSON.stringify(reminderRef.parse({ ...ref, dueAt: new Date(ref.dueAt).toISOString() })),
    decode: (raw: string | null) => decodeJson(reminderRef, raw),
  },
};

function decodeJson<T>(schema: z.ZodType<T>, raw: string | null): T | undefined {
  if (raw === null) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** What the alert use cases need. */
export interface AlertDeps {
  store: Store;
  queue: JobQueue;
  logger?: Logger;
}

/** What `planChangeAlerts` did. */
export interface AlertPlan {
  /** Deliveries this call created (and enqueued). */
  claimed: DeliveryRecord[];
  /** Deliveries that already existed (another worker or an earlier call claimed them). */
  alreadyClaimed: number;
  /** Changes skipped: another process's, or a payload without an alert to render. */
  skipped: Array<{ changeId: number; reason: 'other-process' | 'no-alert' }>;
  /** False when the queue could not be told; the deliveries are pending in the store for a rebuild. */
  enqueued: boolean;
}

/**
 * Claims one delivery per (change, channel subscribed to `topic`) under a deterministic
 * idempotency key and enqueues the ones this call created. Concurrent calls for the same
 * changes (two workers that found the same change) create each delivery once between them:
 * the store's unique key decides. A queue failure is logged, not thrown: the deliveries stay
 * pending in the store and the job layer's rebuild enqueues them.
 */
export async function planChangeAlerts(
  deps: AlertDeps,
  tenantId: string,
  processId: string,
  changes: readonly ChangeRecord[],
  topic: AlertTopic,
): Promise<AlertPlan> {
  const plan: AlertPlan = { claimed: [], alreadyClaimed: 0, skipped: [], enqueued: true };
  const relevant: ChangeRecord[] = [];
  for (const change of changes) {
    if (change.tenantId !== tenantId || change.processId !== processId) {
      plan.skipped.push({ changeId: change.id, reason: 'other-process' });
    } else if (!asChangePayload(change.payload)) {
      plan.skipped.push({ changeId: change.id, reason: 'no-alert' });
    } else relevant.push(change);
  }
  if (relevant.length === 0) return plan;
  const t = deps.store.tenant(tenantId);
  const subscribers = await t.listSubscribers(processId, topic);
  const kind = alertKind(topic);
  for (const change of relevant) {
    for (const { channel } of subscribers) {
      const { delivery, created } = await t.claimDelivery({
        key: deliveryKeys.alert(topic, change.id, channel.id),
        target: { kind: 'channel', id: channel.id },
        kind,
        payloadRef: payloadRefs.change.encode({ processId, changeId: change.id }),
      });
      if (created) plan.claimed.push(delivery);
      else plan.alreadyClaimed++;
    }
  }
  if (plan.claimed.length > 0) {
    try {
      await deps.queue.enqueueDeliveries(
        tenantId,
        plan.claimed.map((d) => d.id),
      );
    } catch (err) {
      plan.enqueued = false;
      deps.logger?.warn(
        {
          tenantId,
          processId,
          deliveries: plan.claimed.length,
          error: messageOf(err),
        },
        'could not enqueue alerts; they are pending in the store and the queue rebuild will send them',
      );
    }
  }
  return plan;
}

/** The alert message of a change, as its use case wrote it. */
export function buildChangeAlertReply(payload: ChangePayload): Reply {
  const { alert } = payload;
  const sections: ReplySection[] = alert.lines.length > 0 ? [{ items: alert.lines }] : [];
  return reply(alert.title, {
    tone: alert.tone,
    sections,
    ...(alert.actions === undefined || alert.actions.length === 0 ? {} : { actions: alert.actions }),
  });
}

/** Hours and minutes for people: "2 hours 15 minutes", "40 minutes". */
export function durationWords(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const h = `${hours} hour${hours === 1 ? '' : 's'}`;
  return rest === 0 ? h : `${h} ${rest} minute${rest === 1 ? '' : 's'}`;
}

/**
 * Tells a channel, once per run of failures, that a watched page or feed has been failing:
 * since when, the last error, and that Rapporteur keeps trying.
 */
export function buildWatchFailingReply(watch: WatchRecord, now: Date): Reply {
  const since = watch.failingSince ?? watch.lastCheckedAt ?? now.toISOString();
  const fields: NonNullable<ReplySection['fields']> = [
    { name: 'Failing since', value: [{ time: since, style: 'full' }] },
    { name: 'For', value: durationWords(now.getTime() - Date.parse(since)) },
  ];
  if (watch.lastError) fields.push({ name: 'Last error', value: publicWatchError(watch.lastError) });
  fields.push({ name: 'Next try', value: [{ time: watch.nextRunAt, style: 'relative' }] });
  return reply('A watched page cannot be read', {
    tone: 'warning',
    summary: [
      'Rapporteur cannot check ',
      { link: watch.url },
      ' any more, so changes published there are not seen. It keeps trying and will say when it works again.',
    ],
    sections: [{ fields }],
  });
}

/** Tells a channel that a watch it was warned about works again. */
export function buildWatchRecoveredReply(watch: WatchRecord, failingSince: string, now: Date): Reply {
  return reply('A watched page can be read again', {
    tone: 'success',
    summary: [
      'Rapporteur can check ',
      { link: watch.url },
      ` again after ${durationWords(now.getTime() - Date.parse(failingSince))} of failures; changes published meanwhile are picked up now.`,
    ],
    sections: [],
  });
}
