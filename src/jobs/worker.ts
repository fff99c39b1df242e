import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import { planDigest } from '../core/app/digest.js';
import { messageOf } from '../core/errors.js';
import { type Clock, type Logger, type Notifier, type Store, systemClock } from '../core/ports/index.js';
import type { Platform } from '../core/store.js';
import { backoffStrategy, DEFAULT_RETRY_POLICY, RetryLater } from './backoff.js';
import { processDelivery } from './deliver.js';
import { DEFAULT_FETCH_POLICY } from './fetcher.js';
import { createSentRecorder } from './group-commit.js';
import {
  deliveryJobSchema,
  digestJobSchema,
  jobIds,
  QUEUES,
  type QueueName,
  reminderJobSchema,
  watchJobSchema,
} from './names.js';
import { type BullJobQueue, createBullQueue } from './queue.js';
import { createReadCache } from './read-cache.js';
import { type RebuildReport, rebuildQueue } from './rebuild.js';
import {
  createProducerConnection,
  describeRedisUrl,
  watchConnection,
  workerConnectionOptions,
} from './redis.js';
import { processReminder } from './remind.js';
import type { IngestFn, JobSettings } from './types.js';
import { processWatch } from './watch.js';

/**
 * The worker: one BullMQ Worker per queue, processors that re-read the store, and the safety
 * net that makes Redis disposable. On the first connection and after every reconnect it
 * rebuilds the queue from the store (Redis may have restarted empty: the test machines keep
 * nothing on disk), and it checks a marker key every `markerCheckMs` to notice a wiped Redis
 * that never dropped the connection. Redis being down at start or mid-run is logged once per
 * outage and waited out; nothing crashes.
 */

/** What `startWorker` needs. */
export interface WorkerDeps {
  store: Store;
  notifiers: Partial<Record<Platform, Notifier>>;
  ingest: IngestFn;
  redisUrl: string;
  /** Key prefix (RAPPORTEUR_QUEUE_PREFIX). */
  prefix: string;
  logger: Logger;
  clock?: Clock;
  /** Jobs processed at once per queue for reminders and deliveries (watches and digests take fewer). */
  concurrency?: number;
  settings?: Partial<JobSettings>;
  /** Tuning, mostly for tests: lock and stall detection, marker checks, periodic catch-up. */
  timing?: Partial<WorkerTiming>;
  /** How long before its due time a reminder is prepared (default `REMINDER_LEAD_MS`, 60 s). */
  reminderLeadMs?: number;
}

/** Timing knobs with production defaults. */
export interface WorkerTiming {
  /** How long a job's lock lasts without renewal; a killed worker's job is retried after it (BullMQ default 30 s). */
  lockDurationMs: number;
  /** How often stalled jobs are looked for. */
  stalledIntervalMs: number;
  /** Longest wait for running jobs on close before they are abandoned (and retried elsewhere). */
  shutdownGraceMs: number;
  /** How often the rebuilt-marker is checked (0: never). */
  markerCheckMs: number;
  /** A full rebuild this often, to catch up what a failed enqueue left in the store (0: never). */
  catchUpMs: number;
  /** Rebuild when Redis first connects (default true). */
  rebuildOnStart: boolean;
}

const DEFAULT_TIMING: WorkerTiming = {
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  shutdownGraceMs: 10_000,
  markerCheckMs: 30_000,
  catchUpMs: 30 * 60_000,
  rebuildOnStart: true,
};

/** Default settings of the processors. */
export const DEFAULT_JOB_SETTINGS: JobSettings = {
  fetch: DEFAULT_FETCH_POLICY,
  watchFailureNotifyAfterMs: 60 * 60_000,
  watchMaxBackoffMs: 6 * 3_600_000,
  retry: DEFAULT_RETRY_POLICY,
};

/** A running worker. */
export interface WorkerHandle {
  /** The worker's own producer (processors enqueue follow-up jobs through it). */
  readonly queue: BullJobQueue;
  /** Rebuilds now (serialised with the automatic rebuilds). */
  rebuild(): Promise<RebuildReport>;
  /** Resolves after the next automatic rebuild completes (the first one, at start). */
  rebuilt(): Promise<RebuildReport>;
  /** Stops taking jobs, waits up to the grace time for running ones, closes connections. */
  close(): Promise<void>;
}

/** Starts the workers. Resolves at once, even while Redis is unreachable (it keeps retrying). */
export async function startWorker(deps: WorkerDeps): Promise<WorkerHandle> {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger.child({ component: 'jobs' });
  const timing = { ...DEFAULT_TIMING, ...deps.timing };
  const settings: JobSettings = { ...DEFAULT_JOB_SETTINGS, ...deps.settings };
  const where = describeRedisUrl(deps.redisUrl);
  const concurrency = Math.max(1, deps.concurrency ?? 8);

  const connection = createProducerConnection(deps.redisUrl);
  const queue = createBullQueue({
    connection,
    prefix: deps.prefix,
    logger,
    retry: settings.retry,
    clock,
    ...(deps.reminderLeadMs === undefined ? {} : { reminderLeadMs: deps.reminderLeadMs }),
  });
  const base = { store: deps.store, clock, logger };
  const rebuilder = createRebuilder(() => rebuildQueue({ ...base, queue }), logger);

  watchConnection(connection, where, logger.child({ role: 'producer' }), (reconnected) => {
    if (reconnected) rebuilder.soon('Redis reconnected; it may have restarted empty');
    else if (timing.rebuildOnStart) rebuilder.soon('worker started');
  });

  const workers = startProcessors({ deps, base, queue, settings, timing, concurrency });
  const timers = startRebuildTimers(timing, rebuilder, {
    ready: () => connection.status === 'ready',
    isMarked: () => queue.isMarked(),
  });

  logger.info({ redis: where, prefix: deps.prefix, concurrency }, 'worker started');

  return {
    queue,
    rebuild: rebuilder.rebuild,
    rebuilt: rebuilder.next,
    async close() {
      if (rebuilder.closed) return;
      rebuilder.closed = true;
      for (const timer of timers) clearInterval(timer);
      await closeWorkers(workers, timing.shutdownGraceMs, logger);
      await rebuilder.settled();
      await queue.close();
      await connection.quit().catch(() => connection.disconnect());
      logger.info({}, 'worker stopped');
    },
  };
}

/** Rebuilds of the queue from the store, serialised and coalesced. */
interface Rebuilder {
  rebuild(): Promise<RebuildReport>;
  /** Starts a rebuild for `why` unless closed; failures are logged. */
  soon(why: string): void;
  /** Resolves after the next rebuild completes. */
  next(): Promise<RebuildReport>;
  /** Whether one is running now. */
  running(): boolean;
  /** Resolves when the running and the queued rebuild have ended. */
  settled(): Promise<unknown>;
  closed: boolean;
}

/**
 * Asking during a rebuild queues one more (shared by everyone who asks meanwhile), because
 * the running one may have read the store too early.
 */
function createRebuilder(run: () => Promise<RebuildReport>, logger: Logger): Rebuilder {
  let current: Promise<RebuildReport> | undefined;
  let queued: Promise<RebuildReport> | undefined;
  const waiters: Array<(r: RebuildReport) => void> = [];
  const runOnce = (): Promise<RebuildReport> => {
    current = (async () => {
      const report = await run();
      logger.info(
        {
          tenants: report.tenants,
          reminders: report.reminders,
          deliveries: report.deliveries,
          watches: report.watches,
          digests: report.digests,
          removedSchedulers: report.removedSchedulers,
          errors: report.errors.length,
          ms: report.durationMs,
        },
        'queue rebuilt from the store',
      );
      for (const w of waiters.splice(0)) w(report);
      return report;
    })().finally(() => {
      current = undefined;
    });
    return current;
  };
  const rebuilder: Rebuilder = {
    closed: false,
    rebuild() {
      if (queued) return queued;
      if (!current) return runOnce();
      queued = current
        .catch(() => undefined)
        .then(() => {
          queued = undefined;
          return runOnce();
        });
      return queued;
    },
    soon(why) {
      if (rebuilder.closed) return;
      logger.info({ reason: why }, 'rebuilding the queue from the store');
      rebuilder
        .rebuild()
        .catch((err: unknown) => logger.warn({ error: messageOf(err) }, 'queue rebuild failed; will retry'));
    },
    next: () => new Promise((resolve) => waiters.push(resolve)),
    running: () => current !== undefined,
    settled: () => Promise.allSettled([current, queued]),
  };
  return rebuilder;
}

/** The marker check (a wiped Redis that kept the connection) and the periodic catch-up. */
function startRebuildTimers(
  timing: WorkerTiming,
  rebuilder: Rebuilder,
  redis: { ready(): boolean; isMarked(): Promise<boolean> },
): NodeJS.Timeout[] {
  const timers: NodeJS.Timeout[] = [];
  if (timing.markerCheckMs > 0) {
    timers.push(
      setInterval(() => {
        if (rebuilder.running() || !redis.ready()) return;
        redis
          .isMarked()
          .then((marked) => {
            if (!marked) rebuilder.soon('the queue marker is gone: Redis lost its data');
          })
          .catch(() => undefined);
      }, timing.markerCheckMs),
    );
  }
  if (timing.catchUpMs > 0) {
    timers.push(setInterval(() => redis.ready() && rebuilder.soon('periodic catch-up'), timing.catchUpMs));
  }
  for (const timer of timers) timer.unref();
  return timers;
}

/** What the processors share. */
interface ProcessorContext {
  deps: WorkerDeps;
  base: { store: Store; clock: Clock; logger: Logger };
  queue: BullJobQueue;
  settings: JobSettings;
  timing: WorkerTiming;
  concurrency: number;
}

/** One BullMQ Worker per queue, each running its processor. */
function startProcessors(ctx: ProcessorContext): Worker[] {
  const { deps, base, queue, settings, concurrency } = ctx;
  const cache = createReadCache();
  const recorder = createSentRecorder();
  const start = <T>(
    name: QueueName,
    concurrencyOf: number,
    parse: (data: unknown) => T,
    run: (data: T, job: Job, token: string | undefined) => Promise<unknown>,
  ) => startQueueWorker(ctx, name, concurrencyOf, parse, run);

  return [
    start(
      QUEUES.reminders,
      concurrency,
      (d) => reminderJobSchema.parse(d),
      async (data, job) => {
        const outcome = await processReminder({ ...base, queue, deliverAt: queue.enqueueDeliveryAt }, data);
        if (outcome.status !== 'resynced') {
          await queue
            .forgetReminderJob(
              data.tenantId,
              data.reminderId,
              job.id ?? jobIds.reminder(data.tenantId, data.reminderId, data.dueAt),
            )
            .catch(() => undefined);
        }
        return outcome;
      },
    ),
    start(
      QUEUES.deliveries,
      concurrency,
      (d) => deliveryJobSchema.parse(d),
      async (data, job, token) => {
        const outcome = await processDelivery(
          { ...base, notifiers: deps.notifiers, retry: settings.retry, cache, recorder },
          data,
          job.attemptsMade,
        );
        if (outcome.status === 'early') {
          // Back to the delayed set until the due time; not counted as an attempt.
          await job.moveToDelayed(Date.now() + outcome.delayMs, token);
          throw new DelayedError();
        }
        if (outcome.status === 'retry') throw new RetryLater(outcome.error, outcome.delayMs);
        if (outcome.status === 'failed') throw new UnrecoverableError(outcome.error);
        return outcome;
      },
    ),
    start(
      QUEUES.watches,
      Math.min(concurrency, 4),
      (d) => watchJobSchema.parse(d),
      (data) =>
        processWatch(
          {
            ...base,
            queue,
            ingest: deps.ingest,
            fetch: settings.fetch,
            failureNotifyAfterMs: settings.watchFailureNotifyAfterMs,
            maxBackoffMs: settings.watchMaxBackoffMs,
          },
          data,
        ),
    ),
    start(
      QUEUES.digests,
      2,
      (d) => digestJobSchema.parse(d),
      async (data) => {
        const plan = await planDigest({ ...base, queue }, data.tenantId, data.channelId);
        if (plan.outcome === 'no-digest') await queue.scheduleDigest(data.tenantId, data.channelId, null);
        return plan;
      },
    ),
  ];
}

/** A Worker for one queue: job data checked by `parse` (bad data fails for good), then `run`. */
function startQueueWorker<T>(
  ctx: ProcessorContext,
  name: QueueName,
  concurrency: number,
  parse: (data: unknown) => T,
  run: (data: T, job: Job, token: string | undefined) => Promise<unknown>,
): Worker {
  const { deps, timing, settings } = ctx;
  const logger = ctx.base.logger;
  const worker = new Worker(
    name,
    async (job: Job, token?: string) => {
      let data: T;
      try {
        data = parse(job.data);
      } catch (err) {
        throw new UnrecoverableError(`Invalid job data: ${messageOf(err)}`);
      }
      return run(data, job, token);
    },
    {
      connection: workerConnectionOptions(deps.redisUrl),
      prefix: deps.prefix,
      lockDuration: timing.lockDurationMs,
      stalledInterval: timing.stalledIntervalMs,
      // A job whose worker died twice in a row is failed rather than retried forever.
      maxStalledCount: 2,
      settings: { backoffStrategy: backoffStrategy(settings.retry) },
      concurrency,
    },
  );
  worker.on('error', (err) => {
    if (isConnectionError(err)) logger.debug({ queue: name, error: err.message }, 'worker connection error');
    else logger.error({ queue: name, error: err.message }, 'worker error');
  });
  worker.on('failed', (job, err) => {
    logger.warn(
      { queue: name, jobId: job?.id, attempts: job?.attemptsMade, error: err.message },
      'job attempt failed',
    );
  });
  worker.on('stalled', (jobId) =>
    logger.warn({ queue: name, jobId }, 'job stalled (its worker stopped); retrying it'),
  );
  return worker;
}

/** Waits up to the grace time for running jobs, then abandons them (another worker retries them). */
async function closeWorkers(workers: Worker[], graceMs: number, logger: Logger): Promise<void> {
  const graceful = Promise.all(workers.map((w) => w.close())).then(() => true);
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), graceMs).unref());
  if (!(await Promise.race([graceful, timeout]))) {
    logger.warn(
      { graceMs },
      'jobs still running after the grace time; abandoning them (another worker retries them)',
    );
    await Promise.allSettled(workers.map((w) => w.close(true)));
  }
}

function isConnectionError(err: Error): boolean {
  const text = `${(err as { code?: string }).code ?? ''} ${err.message}`;
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|Connection is closed|connect|Stream isn't writeable/i.test(
    text,
  );
}
