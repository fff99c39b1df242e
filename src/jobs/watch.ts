import { deliveryKeys, payloadRefs } from '../core/app/alerts.js';
import { publicWatchError } from '../core/app/watches.js';
import { isRapporteurError, messageOf } from '../core/errors.js';
import type { JobQueue } from '../core/ports/index.js';
import type { WatchRecord } from '../core/store.js';
import { retryAfterOf } from './backoff.js';
import { type FetchOutcome, fetchWatched } from './fetcher.js';
import type { WatchJob } from './names.js';
import type { WatchDeps } from './types.js';

/**
 * The watch processor: checks one watched URL when its scheduler fires. An unchanged page
 * (304, or the same content hash) records the check and stops; a changed one goes to
 * `ingest`. Failures (network, HTTP errors, timeouts, oversized bodies, a body that does not
 * parse) are recorded on the watch and back off: the scheduler keeps its interval, and checks
 * before the watch's `nextRunAt` are skipped. Subscribed channels are told once when a watch
 * has failed for `failureNotifyAfterMs`, and once more when it works again.
 */

/** What happened to a watch job. */
export type WatchOutcome =
  | { status: 'gone' }
  | { status: 'not-due'; nextRunAt: string }
  | { status: 'unchanged'; how: 'not-modified' | 'unchanged' }
  | { status: 'ingested'; contentHash: string }
  | { status: 'failed'; error: string; notified: boolean };

/**
 * Delay before the next check of a failing watch: at least the interval, then twice the time
 * it has been failing (so checks thin out roughly threefold), at most `maxMs`, and never
 * sooner than the site's Retry-After.
 */
export function failureBackoffMs(
  watch: Pick<WatchRecord, 'intervalSeconds' | 'failingSince'>,
  now: Date,
  maxMs: number,
  retryAfterMs?: number,
): number {
  const interval = watch.intervalSeconds * 1000;
  const failingFor = watch.failingSince === null ? 0 : now.getTime() - Date.parse(watch.failingSince);
  const backoff = Math.min(maxMs, Math.max(interval, 2 * failingFor));
  return Math.max(backoff, retryAfterMs ?? 0);
}

/** Checks one watch. Never throws for the page's faults; only store failures propagate. */
export async function processWatch(
  deps: WatchDeps & { queue: JobQueue },
  job: WatchJob,
): Promise<WatchOutcome> {
  const t = deps.store.tenant(job.tenantId);
  const watch = await t.getWatch(job.watchId);
  if (!watch) {
    await deps.queue.removeWatch(job.tenantId, job.watchId);
    return { status: 'gone' };
  }
  const now = deps.clock.now();
  // The scheduler fires every interval; a failing watch waits longer. The slack absorbs the
  // scheduler firing a little before the recorded time.
  const slackMs = Math.min(60_000, Math.max(1_000, watch.intervalSeconds * 100));
  if (Date.parse(watch.nextRunAt) - slackMs > now.getTime()) {
    return { status: 'not-due', nextRunAt: watch.nextRunAt };
  }

  let outcome: FetchOutcome;
  try {
    outcome = await fetchWatched(
      watch.url,
      { etag: watch.etag, lastModified: watch.lastModified, contentHash: watch.contentHash },
      deps.fetch,
      deps.resolver,
    );
    if (outcome.status === 'changed') {
      await deps.ingest(job.tenantId, watch.processId, {
        bytes: outcome.bytes,
        contentType: outcome.contentType,
        url: watch.url,
        finalUrl: outcome.finalUrl,
        fetchedAt: now,
        etag: outcome.etag,
      });
    }
  } catch (err) {
    return failed(deps, watch, err, now);
  }

  await t.recordWatchSuccess(watch.id, {
    checkedAt: now,
    etag: outcome.etag,
    lastModified: outcome.lastModified,
    contentHash: outcome.contentHash,
    nextRunAt: new Date(now.getTime() + watch.intervalSeconds * 1000),
  });
  if (watch.failingSince !== null) {
    deps.logger.info({ tenantId: job.tenantId, watchId: watch.id }, 'watch works again');
    if (watch.notified) await tell(deps, job.tenantId, watch, 'recovered', watch.failingSince);
  }
  return outcome.status === 'changed'
    ? { status: 'ingested', contentHash: outcome.contentHash }
    : { status: 'unchanged', how: outcome.status };
}

async function failed(
  deps: WatchDeps & { queue: JobQueue },
  watch: WatchRecord,
  err: unknown,
  now: Date,
): Promise<WatchOutcome> {
  // What the channel may read; the full text (hosts, internal addresses) goes to the log only.
  const error = publicWatchError(err);
  const fullText = isRapporteurError(err) ? err.describe() : String(err);
  const t = deps.store.tenant(watch.tenantId);
  const delay = failureBackoffMs(watch, now, deps.maxBackoffMs, retryAfterOf(err));
  const updated = await t.recordWatchFailure(watch.id, {
    checkedAt: now,
    error: error.slice(0, 1000),
    nextRunAt: new Date(now.getTime() + delay),
  });
  deps.logger.warn(
    {
      tenantId: watch.tenantId,
      watchId: watch.id,
      code: isRapporteurError(err) ? err.code : 'INGEST',
      ...(fullText !== error ? { detail: fullText.slice(0, 500) } : {}),
      nextInMs: delay,
    },
    'watch check failed',
  );
  const since = updated.failingSince ?? now.toISOString();
  let notified = updated.notified;
  if (!updated.notified && now.getTime() - Date.parse(since) >= deps.failureNotifyAfterMs) {
    await tell(deps, watch.tenantId, updated, 'failing', since);
    await t.setWatchNotified(watch.id, true);
    notified = true;
  }
  return { status: 'failed', error, notified };
}

/** Claims one message per channel subscribed to schedule changes and enqueues them. */
async function tell(
  deps: WatchDeps & { queue: JobQueue },
  tenantId: string,
  watch: WatchRecord,
  state: 'failing' | 'recovered',
  failingSince: string,
): Promise<void> {
  const t = deps.store.tenant(tenantId);
  const subscribers = await t.listSubscribers(watch.processId, 'scheduleChanges');
  const ids: string[] = [];
  for (const { channel } of subscribers) {
    const { delivery, created } = await t.claimDelivery({
      key: deliveryKeys.watch(state, watch.id, failingSince, channel.id),
      target: { kind: 'channel', id: channel.id },
      kind: state === 'failing' ? 'watch-failing' : 'watch-recovered',
      payloadRef: payloadRefs.watch.encode({
        watchId: watch.id,
        failingSince: new Date(failingSince).toISOString(),
      }),
    });
    if (created || delivery.status === 'pending') ids.push(delivery.id);
  }
  if (ids.length === 0) return;
  try {
    await deps.queue.enqueueDeliveries(tenantId, ids);
  } catch (err) {
    deps.logger.warn(
      { tenantId, watchId: watch.id, error: messageOf(err) },
      'could not enqueue the watch notice; the queue rebuild will send it',
    );
  }
}
