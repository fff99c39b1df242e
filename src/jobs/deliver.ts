import { LRUCache } from 'lru-cache';
import {
  buildChangeAlertReply,
  buildWatchFailingReply,
  buildWatchRecoveredReply,
  payloadRefs,
} from '../core/app/alerts.js';
import { asChangePayload } from '../core/app/contracts.js';
import { buildDigestReply, readDigestContent } from '../core/app/digest.js';
import { judgeReminderDelivery } from '../core/app/reminder-judgement.js';
import { buildReminderReply } from '../core/app/reminders.js';
import { isMailAddress } from '../core/email/headers.js';
import { isRapporteurError, messageOf } from '../core/errors.js';
import type { Address, DeliveryWithTarget, OutgoingMessage, TenantStore } from '../core/ports/index.js';
import {
  channelPlatform,
  type DeliveryRecord,
  isValidTimeZone,
  type Platform,
  type ProcessRecord,
  type TenantRecord,
} from '../core/store.js';
import { retryAfterOf, retryDelayMs } from './backoff.js';
import type { DeliveryJob } from './names.js';
import { noReadCache } from './read-cache.js';
import type { DeliveryDeps } from './types.js';

/**
 * The delivery processor: sends one claimed delivery through the Notifier of its target's
 * platform, rendering the message from the store at send time (job data holds ids only).
 * A target lives on its tenant's platform unless it says otherwise: a channel may carry its
 * own (a mailing list bound in a Discord server), and a person known by an e-mail address in
 * a chat tenant (someone who wrote to the bot by mail about a list that feeds the server) is
 * reached by mail, since no Discord or Slack user id is an e-mail address.
 *
 * Exactly-once, as far as it goes: a delivery already recorded as sent (or failed for good) is
 * skipped, and the delivery's idempotency key travels with the message so a platform that
 * de-duplicates (Discord `nonce` with `enforce_nonce`, an e-mail Message-ID) absorbs the resend
 * that follows a crash between the platform accepting a message and the store recording it.
 * On platforms without such a key (Slack `chat.postMessage`) that window remains: a worker
 * killed after the post and before `recordDeliverySent` commits posts the message again when
 * the stalled job is retried. The window is the length of one store write.
 */

/** What happened to a delivery job. */
export type DeliveryOutcome =
  | { status: 'sent'; messageId: string }
  | { status: 'skipped'; reason: string }
  /** A transient failure: retry after `delayMs` (the attempt is recorded in the store). */
  | { status: 'retry'; delayMs: number; error: string }
  /** A permanent failure (or the last attempt), recorded in the store. */
  | { status: 'failed'; error: string }
  /** A prepared reminder picked up before its due time (say, re-enqueued by a rebuild): wait. */
  | { status: 'early'; delayMs: number };

/** A message ready to send, or why there is none. */
type Composed =
  | { ok: true; address: Address; message: OutgoingMessage }
  | { ok: false; reason: string; permanent: boolean }
  | { ok: 'early'; delayMs: number };

/** Sends one delivery. `attemptsMade` counts earlier attempts of this job (0 on the first). */
export async function processDelivery(
  deps: DeliveryDeps,
  job: DeliveryJob,
  attemptsMade: number,
): Promise<DeliveryOutcome> {
  const cache = deps.cache ?? noReadCache;
  const tenant = await cache.tenant(deps.store, job.tenantId);
  if (!tenant) return { status: 'skipped', reason: 'tenant-gone' };
  const t = deps.store.tenant(job.tenantId);
  const read = await t.getDeliveryWithTarget(job.deliveryId);
  if (!read) return { status: 'skipped', reason: 'delivery-gone' };
  const { delivery } = read;
  if (delivery.status === 'sent' || delivery.status === 'permanent') {
    return { status: 'skipped', reason: `already-${delivery.status}` };
  }
  const now = deps.clock.now();
  let composed: Composed;
  try {
    const processOf = (id: string) => cache.process(deps.store, job.tenantId, id);
    composed = await compose(t, tenant, read, now, processOf);
  } catch (err) {
    // The store failing while we read is transient; anything else is a bug worth retrying a few times.
    return fail(deps, t, delivery, err, attemptsMade);
  }
  if (composed.ok === 'early') return { status: 'early', delayMs: composed.delayMs };
  if (!composed.ok) {
    await record(deps, t, delivery, composed.reason, true);
    return composed.permanent
      ? { status: 'failed', error: composed.reason }
      : { status: 'skipped', reason: composed.reason };
  }
  const platform = composed.address.platform;
  const notifier = deps.notifiers[platform];
  if (!notifier) {
    // This worker cannot send for the platform (its adapter is not configured). Another worker
    // may; the delivery stays retryable in the store and a rebuild re-enqueues it.
    const error = `No notifier for ${platform} is configured in this worker.`;
    await t
      .recordDeliveryFailure(delivery.id, {
        error,
        permanent: false,
        nextAttemptAt: new Date(now.getTime() + 3_600_000),
      })
      .catch(() => undefined);
    return { status: 'failed', error };
  }
  let messageId: string;
  try {
    ({ messageId } = await notifier.send(composed.address, composed.message));
  } catch (err) {
    return fail(deps, t, delivery, err, attemptsMade);
  }
  try {
    const sent = { sentAt: deps.clock.now(), platformMessageId: messageId.slice(0, 200) };
    await (deps.recorder
      ? deps.recorder.record(t, delivery.id, sent)
      : t.recordDeliverySent(delivery.id, sent));
  } catch (err) {
    if (isRapporteurError(err) && err.code === 'CONFLICT')
      return { status: 'skipped', reason: 'sent-concurrently' };
    // The message went out but the store did not record it: retrying resends with the same
    // idempotency key, which the platforms that honour one absorb.
    throw err;
  }
  return { status: 'sent', messageId };
}

async function fail(
  deps: DeliveryDeps,
  t: TenantStore,
  delivery: DeliveryRecord,
  err: unknown,
  attemptsMade: number,
): Promise<DeliveryOutcome> {
  const error = describe(err);
  const transient = isRapporteurError(err) ? err.transient : true;
  const attempt = attemptsMade + 1;
  if (!transient || attempt >= deps.retry.attempts) {
    const final = transient ? `Gave up after ${attempt} attempts: ${error}` : error;
    await record(deps, t, delivery, final, true);
    return { status: 'failed', error: final };
  }
  const delayMs = retryDelayMs(attempt, deps.retry, retryAfterOf(err));
  await t
    .recordDeliveryFailure(delivery.id, {
      error,
      permanent: false,
      nextAttemptAt: new Date(deps.clock.now().getTime() + delayMs),
    })
    .catch((e: unknown) =>
      deps.logger.warn({ deliveryId: delivery.id, error: describe(e) }, 'could not record a failed attempt'),
    );
  return { status: 'retry', delayMs, error };
}

async function record(
  deps: DeliveryDeps,
  t: TenantStore,
  delivery: DeliveryRecord,
  error: string,
  permanent: boolean,
) {
  await t.recordDeliveryFailure(delivery.id, { error, permanent }).catch((e: unknown) => {
    if (!(isRapporteurError(e) && e.code === 'CONFLICT')) {
      deps.logger.warn(
        { deliveryId: delivery.id, error: describe(e) },
        'could not record a delivery failure',
      );
    }
  });
}

function describe(err: unknown): string {
  if (isRapporteurError(err)) return `${err.code}: ${err.message}`.slice(0, 1000);
  return messageOf(err).slice(0, 1000);
}

// Checking a zone builds an Intl formatter, which is slow enough to show in a busy worker.
const knownZones = new LRUCache<string, boolean>({ max: 1000 });
const validZone = (zone: string) => {
  let ok = knownZones.get(zone);
  if (ok === undefined) {
    ok = isValidTimeZone(zone);
    knownZones.set(zone, ok);
  }
  return ok;
};
const zoneOr = (...zones: Array<string | null | undefined>) =>
  zones.find((z): z is string => typeof z === 'string' && validZone(z)) ?? 'UTC';

/**
 * The platform a person is reached on. People act under their platform's user id, and those
 * of Discord (digits), Slack (`U...`) and the console are never e-mail addresses, so an
 * address in a chat tenant is someone who wrote to the bot by mail about a list that feeds it.
 */
export function personPlatform(tenant: Pick<TenantRecord, 'platform'>, userId: string): Platform {
  return tenant.platform !== 'email' && isMailAddress(userId) ? 'email' : tenant.platform;
}

async function compose(
  t: TenantStore,
  tenant: TenantRecord,
  { delivery, channel, person }: DeliveryWithTarget,
  now: Date,
  processOf: (id: string) => Promise<ProcessRecord | undefined>,
): Promise<Composed> {
  let address: Address;
  let personZone: string | null = null;
  if (delivery.target.kind === 'channel') {
    if (!channel)
      return { ok: false, reason: 'The channel is no longer bound to a process.', permanent: true };
    // The tenant's external id stays the tenant's even for a channel of another platform: the
    // e-mail notifier threads a list's alerts under it, one thread root per tenant and meeting.
    address = {
      platform: channelPlatform(channel, tenant),
      tenantExternalId: tenant.externalId,
      channel: channel.platformChannelId,
    };
  } else {
    address = {
      platform: personPlatform(tenant, delivery.target.id),
      tenantExternalId: tenant.externalId,
      user: delivery.target.id,
    };
    personZone = person?.timeZone ?? null;
  }
  const base = { idempotencyKey: delivery.idempotencyKey };

  switch (delivery.kind) {
    case 'draft-change':
    case 'schedule-change': {
      const ref = payloadRefs.change.decode(delivery.payloadRef);
      if (!ref) return { ok: false, reason: 'The alert refers to no change.', permanent: true };
      const change = await t.getChange(ref.processId, ref.changeId);
      const payload = change ? asChangePayload(change.payload) : undefined;
      if (!payload)
        return {
          ok: false,
          reason: 'The change of this alert is gone or has no alert text.',
          permanent: true,
        };
      const process = await processOf(ref.processId);
      const zone = zoneOr(personZone, process?.settings.defaultTimeZone);
      return {
        ok: true,
        address,
        message: { ...base, reply: buildChangeAlertReply(payload), threadKey: payload.alert.threadKey, zone },
      };
    }
    case 'reminder': {
      const ref = payloadRefs.reminder.decode(delivery.payloadRef);
      const read = ref ? await t.getReminderWithMeeting(ref.reminderId) : undefined;
      const verdict = judgeReminderDelivery(read, ref?.dueAt, now);
      if (verdict.action === 'drop') return { ok: false, reason: verdict.reason, permanent: true };
      if (verdict.action === 'early') return { ok: 'early', delayMs: verdict.delayMs };
      const { reminder, meeting, headline, told } = verdict;
      const process: ProcessRecord | undefined = await processOf(meeting.processId);
      const venueZone = zoneOr(headline.timeZone, process?.settings.defaultTimeZone);
      const person = delivery.target.kind === 'person';
      const zone = person ? zoneOr(personZone, venueZone) : venueZone;
      const reply = buildReminderReply(reminder, headline, told?.before ?? null, zone, {
        audience: person ? 'person' : 'channel',
        ...(process ? { processName: process.name } : {}),
      });
      return { ok: true, address, message: { ...base, reply, threadKey: meeting.meetingKey, zone } };
    }
    case 'digest': {
      const ref = payloadRefs.digest.decode(delivery.payloadRef);
      if (!ref) return { ok: false, reason: 'The digest refers to no window.', permanent: true };
      const content = await readDigestContent(t, ref.processId, ref);
      if (!content) return { ok: false, reason: 'The process of this digest is gone.', permanent: true };
      const reply = buildDigestReply(content.changes, content.upcoming, ref.zone, {
        processName: content.processName,
        window: ref,
      });
      return { ok: true, address, message: { ...base, reply, zone: ref.zone } };
    }
    case 'watch-failing':
    case 'watch-recovered': {
      const ref = payloadRefs.watch.decode(delivery.payloadRef);
      const watch = ref ? await t.getWatch(ref.watchId) : undefined;
      if (!ref || !watch)
        return { ok: false, reason: 'The watch of this message was removed.', permanent: true };
      if (delivery.kind === 'watch-failing' && watch.failingSince === null) {
        return { ok: false, reason: 'The watch works again; no need to say it failed.', permanent: false };
      }
      const process = await processOf(watch.processId);
      const zone = zoneOr(process?.settings.defaultTimeZone);
      const reply =
        delivery.kind === 'watch-failing'
          ? buildWatchFailingReply(watch, now)
          : buildWatchRecoveredReply(watch, ref.failingSince, now);
      return { ok: true, address, message: { ...base, reply, threadKey: `watch:${watch.id}`, zone } };
    }
    default:
      return { ok: false, reason: `Unknown delivery kind ${delivery.kind}.`, permanent: true };
  }
}
