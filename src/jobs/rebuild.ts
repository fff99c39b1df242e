import { digestZone } from '../core/app/digest.js';
import { messageOf } from '../core/errors.js';
import type { Clock, Logger, Store } from '../core/ports/index.js';
import type { BullJobQueue, EnsureReport } from './queue.js';

/**
 * Re-creates the queue from the store: pending reminders, deliveries still to send (pending,
 * or failed and due for another try), watch schedulers and digest schedulers, for every
 * tenant; and removes schedulers whose watch or digest subscription no longer exists.
 * Idempotent: jobs that exist are kept (a finished job left under a needed id is replaced),
 * schedulers are upserted without moving their next run. Runs on worker start, after Redis
 * comes back, when Redis lost its data, and from `rapporteur jobs rebuild`.
 */

/** What a rebuild found and did. */
export interface RebuildReport {
  tenants: number;
  reminders: EnsureReport;
  deliveries: EnsureReport;
  watches: number;
  digests: number;
  /** Schedulers removed because their watch or subscription is gone. */
  removedSchedulers: number;
  /** Per-tenant problems; the rebuild carries on with the other tenants. */
  errors: Array<{ tenantId: string; error: string }>;
  durationMs: number;
}

/** What `rebuildQueue` needs. */
export interface RebuildDeps {
  store: Store;
  queue: BullJobQueue;
  clock: Clock;
  logger: Logger;
}

/** Reminders and deliveries handled per round trip. */
const BATCH = 500;
/** The store's largest page; a tenant with more deliveries waiting is caught up by the next rebuild. */
const DELIVERY_PAGE = 1_000;

const add = (a: EnsureReport, b: EnsureReport) => {
  a.added += b.added;
  a.kept += b.kept;
  a.replaced += b.replaced;
};

/** Rebuilds the queue from the store. */
export async function rebuildQueue(deps: RebuildDeps): Promise<RebuildReport> {
  const started = Date.now();
  const report: RebuildReport = {
    tenants: 0,
    reminders: { added: 0, kept: 0, replaced: 0 },
    deliveries: { added: 0, kept: 0, replaced: 0 },
    watches: 0,
    digests: 0,
    removedSchedulers: 0,
    errors: [],
    durationMs: 0,
  };
  const wantedSchedulers = new Set<string>();
  const tenants = await deps.store.listTenants();
  report.tenants = tenants.length;
  for (const tenant of tenants) {
    try {
      const t = deps.store.tenant(tenant.id);
      const reminders = await t.listReminders({ status: 'pending' });
      for (let i = 0; i < reminders.length; i += BATCH) {
        add(report.reminders, await deps.queue.ensureReminders(tenant.id, reminders.slice(i, i + BATCH)));
      }
      // Failed deliveries whose retry is not yet due are included, as delayed jobs.
      const horizon = new Date(deps.clock.now().getTime() + 366 * 86_400_000);
      const deliveries = await t.deliveriesToRetry(horizon, DELIVERY_PAGE);
      if (deliveries.length === DELIVERY_PAGE) {
        deps.logger.warn(
          { tenantId: tenant.id, page: DELIVERY_PAGE },
          'more deliveries wait than one rebuild takes; the next rebuild enqueues the rest',
        );
      }
      for (let i = 0; i < deliveries.length; i += BATCH) {
        add(report.deliveries, await deps.queue.ensureDeliveries(tenant.id, deliveries.slice(i, i + BATCH)));
      }
      for (const watch of await t.listWatches()) {
        await deps.queue.scheduleWatch(tenant.id, watch);
        wantedSchedulers.add(`watch|${tenant.id}|${watch.id}`);
        report.watches++;
      }
      for (const process of await t.listProcesses()) {
        for (const { channel, subscription } of await t.listSubscribers(process.id, 'digest')) {
          if (subscription.digestHour === null) continue;
          const zone = digestZone(subscription.digestZone, process.settings.defaultTimeZone);
          await deps.queue.scheduleDigest(tenant.id, channel.id, { hour: subscription.digestHour, zone });
          wantedSchedulers.add(`digest|${tenant.id}|${channel.id}`);
          report.digests++;
        }
      }
    } catch (err) {
      const error = messageOf(err);
      report.errors.push({ tenantId: tenant.id, error });
      deps.logger.error(
        { tenantId: tenant.id, error },
        'rebuild failed for a tenant; continuing with the others',
      );
    }
  }
  // Only prune when every tenant was read: a tenant that failed would lose its schedulers.
  if (report.errors.length === 0) {
    for (const s of await deps.queue.listSchedulers()) {
      if (wantedSchedulers.has(`${s.kind}|${s.tenantId}|${s.subjectId}`)) continue;
      // Created while this rebuild ran (after the store was read)? Then it stays.
      const t = deps.store.tenant(s.tenantId);
      const stillWanted =
        s.kind === 'watch'
          ? (await t.getWatch(s.subjectId)) !== undefined
          : ((await t.getSubscription(s.subjectId))?.digestHour ?? null) !== null;
      if (stillWanted) continue;
      await deps.queue.removeScheduler(s);
      report.removedSchedulers++;
    }
    await deps.queue.mark();
  }
  report.durationMs = Date.now() - started;
  return report;
}
