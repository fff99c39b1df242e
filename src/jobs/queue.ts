import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { messageOf, RapporteurError } from '../core/errors.js';
import { type Clock, type JobQueue, type Logger, silentLogger, systemClock } from '../core/ports/index.js';
import type { DeliveryRecord, ReminderRecord, WatchRecord } from '../core/store.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff.js';
import { jobIds, parseSchedulerId, QUEUE_NAMES, QUEUES, type QueueName } from './names.js';
import { createProducerConnection, describeRedisUrl, watchConnection, whenReady } from './redis.js';

/**
 * The JobQueue port on BullMQ. The store is the source of truth and the queue is derived from
 * it, so every call here is idempotent (deterministic job ids) and fails fast with UNAVAILABLE
 * when Redis is away: the use case logs it and the worker's rebuild catches up.
 *
 * Reminder jobs are delayed jobs with ids made of tenant, reminder and due time. They fire
 * `REMINDER_LEAD_MS` before the due time to do the store work (checks, claim, mark sent) and
 * leave a delivery job delayed to the due time itself, so that when a thousand reminders fall
 * due in the same second only the sending is left to do. A small Redis
 * hash maps each reminder to its current job so that moving or cancelling a reminder removes
 * the old delayed job, although the port only passes reminder ids. The hash is a convenience,
 * not a guarantee: the reminder processor re-reads the store and ignores a job whose due time
 * is no longer the reminder's, so a job orphaned by a race or a lost hash sends nothing.
 *
 * One file (over 500 lines) because every operation here shares the deterministic job ids, the
 * reminder-to-job hash and the fail-fast guard; the pieces are small functions below, split by
 * kind of job, around that one scheme.
 */

/** Options of `createBullQueue`. */
export interface BullQueueOptions {
  /** redis:// URL; ignored when `connection` is given. */
  redisUrl?: string;
  /** An ioredis client to share (the caller closes it). It should not queue commands while offline. */
  connection?: Redis;
  /** Key prefix of every queue (RAPPORTEUR_QUEUE_PREFIX); tests use a unique one. */
  prefix: string;
  logger?: Logger;
  /** Longest a producer call may take, waiting for a connection included (default 5 s). */
  timeoutMs?: number;
  /** Retries of deliveries (attempts and backoff). */
  retry?: RetryPolicy;
  /** How long before its due time a reminder job prepares its message (default `REMINDER_LEAD_MS`). */
  reminderLeadMs?: number;
  /**
   * The clock due times are measured against (default: the system clock). The demo runs the
   * 2014 story on a virtual clock; delays are the distance between a due time and its now.
   */
  clock?: Clock;
}

/**
 * Reminders are prepared this long before they are due. Long enough to prepare a few thousand
 * reminders due at the same moment on a durable store; short enough that a change to the
 * meeting after preparation is rare (and still caught: the delivery re-checks the meeting).
 */
export const REMINDER_LEAD_MS = 60_000;

/** What `ensure*` found and did. */
export interface EnsureReport {
  added: number;
  kept: number;
  /** Jobs that existed in a finished state (completed, failed) and were replaced. */
  replaced: number;
}

/** A scheduler (watch or digest) found in Redis. */
export interface SchedulerInfo {
  queue: 'watches' | 'digests';
  id: string;
  kind: 'watch' | 'digest';
  tenantId: string;
  subjectId: string;
}

/** The BullMQ-backed queue: the JobQueue port plus what the worker and the CLI need. */
export interface BullJobQueue extends JobQueue {
  readonly enabled: true;
  readonly prefix: string;
  /** "Redis at host:port/db", for messages. */
  readonly where: string;
  readonly connection: Redis;
  readonly queues: Readonly<Record<QueueName, Queue>>;
  /** Like `scheduleReminders`, but checks each job and replaces one left finished (rebuild). */
  ensureReminders(tenantId: string, reminders: readonly ReminderRecord[]): Promise<EnsureReport>;
  /** Enqueues one delivery to be sent at `at` (a prepared reminder waits for its due time). */
  enqueueDeliveryAt(tenantId: string, deliveryId: string, at: Date): Promise<void>;
  /** Enqueues deliveries at their next attempt time, replacing finished jobs (rebuild). */
  ensureDeliveries(
    tenantId: string,
    deliveries: ReadonlyArray<Pick<DeliveryRecord, 'id' | 'nextAttemptAt'>>,
  ): Promise<EnsureReport>;
  /** Drops a reminder's entry from the job index once its job is done (if it still points there). */
  forgetReminderJob(tenantId: string, reminderId: string, jobId: string): Promise<void>;
  /** Every watch and digest scheduler in Redis. */
  listSchedulers(): Promise<SchedulerInfo[]>;
  removeScheduler(info: Pick<SchedulerInfo, 'queue' | 'id'>): Promise<void>;
  /** Job counts per queue and state. */
  counts(): Promise<Record<QueueName, Record<string, number>>>;
  /** Marks the queue as rebuilt; `isMarked` turns false when Redis lost its data. */
  mark(): Promise<void>;
  isMarked(): Promise<boolean>;
  /** Resolves once Redis answers, or rejects with UNAVAILABLE after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const DAY_S = 86_400;

/** Job options per queue. Finished jobs are trimmed by age and count. */
export function jobOptions(retry: RetryPolicy): Record<QueueName, JobsOptions> {
  return {
    reminders: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
      // The store records that a reminder was sent; a kept job would only block re-adding its id.
      removeOnComplete: true,
      removeOnFail: { age: 7 * DAY_S, count: 1_000 },
    },
    deliveries: {
      attempts: retry.attempts,
      backoff: { type: 'rapporteur' },
      removeOnComplete: { age: DAY_S, count: 1_000 },
      removeOnFail: { age: 7 * DAY_S, count: 5_000 },
    },
    watches: {
      attempts: 1,
      removeOnComplete: { count: 100 },
      removeOnFail: { age: 7 * DAY_S, count: 500 },
    },
    digests: {
      attempts: 3,
      backoff: { type: 'exponential', delay: 30_000, jitter: 0.5 },
      removeOnComplete: { count: 100 },
      removeOnFail: { age: 7 * DAY_S, count: 500 },
    },
  };
}

const FINISHED = new Set(['completed', 'failed']);

/** The Redis keys the job layer keeps beside BullMQ's. */
export function metaKeys(prefix: string) {
  return {
    reminderIndex: `${prefix}:jobs-meta:reminder-jobs`,
    sentinel: `${prefix}:jobs-meta:rebuilt`,
    owner: `${prefix}:jobs-meta:owner`,
  };
}

/**
 * Records, beside the queues, which store owns this prefix, or refuses when another store
 * already does: two deployments on one Redis with the same RAPPORTEUR_QUEUE_PREFIX would take
 * each other's jobs (and mark them completed against the wrong store). The first store to
 * start on a prefix owns it; the same store restarting, from any process, is recognised.
 */
export async function claimQueuePrefix(
  connection: Redis,
  prefix: string,
  store: { id: string; location: string },
  where: string,
): Promise<void> {
  const key = metaKeys(prefix).owner;
  const claimed = await connection.hsetnx(key, 'store', store.id);
  if (claimed === 1) {
    await connection.hset(key, 'location', store.location, 'since', new Date().toISOString());
    return;
  }
  const [owner, location] = await connection.hmget(key, 'store', 'location');
  if (owner === store.id) return;
  throw new RapporteurError(
    'CONFIG_INVALID',
    `RAPPORTEUR_QUEUE_PREFIX: the queues with prefix "${prefix}" on ${where} belong to another store (${location ?? 'unknown location'}, identity ${owner ?? 'unknown'}), not to ${store.location}.`,
    {
      hint: `Give each deployment sharing this Redis its own RAPPORTEUR_QUEUE_PREFIX (e.g. rapporteur-staging), or point REDIS_URL at another Redis. If that store is gone for good (its data directory deleted), hand the prefix over with \`redis-cli DEL ${key}\` and start again.`,
      details: { prefix, owner, store: store.id },
    },
  );
}

// Deletes a hash field only while it still holds the given value (compare-and-delete).
const FORGET_SCRIPT = `if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end return 0`;

/** Creates the BullMQ-backed JobQueue. */
export function createBullQueue(options: BullQueueOptions): BullJobQueue {
  const logger = options.logger ?? silentLogger;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const ownConnection = options.connection === undefined;
  if (ownConnection && !options.redisUrl) {
    throw new RapporteurError('CONFIG_INVALID', 'The job queue needs a Redis URL or connection.', {
      hint: 'Set REDIS_URL, e.g. redis://127.0.0.1:6379.',
    });
  }
  const where = options.redisUrl ? describeRedisUrl(options.redisUrl) : 'Redis';
  const connection = options.connection ?? createProducerConnection(options.redisUrl as string);
  if (ownConnection) watchConnection(connection, where, logger.child({ role: 'producer' }));
  const prefix = options.prefix;
  const opts = jobOptions(options.retry ?? DEFAULT_RETRY_POLICY);
  const keys = metaKeys(prefix);
  const leadMs = options.reminderLeadMs ?? REMINDER_LEAD_MS;
  const clock = options.clock ?? systemClock;
  const nowMs = () => clock.now().getTime();

  const queues = Object.fromEntries(
    QUEUE_NAMES.map((name) => {
      const queue = new Queue(name, { connection, prefix, defaultJobOptions: opts[name] });
      queue.on('error', (err) =>
        logger.debug({ queue: name, error: err.message }, 'queue connection error (producer)'),
      );
      return [name, queue];
    }),
  ) as Record<QueueName, Queue>;

  const guard = guardOf(connection, timeoutMs, where);
  const ctx: QueueContext = { connection, queues, opts, keys, leadMs, nowMs };
  const reminderOps = reminderOperations(ctx);
  const deliveryJob = (tenantId: string, deliveryId: string, delay: number) =>
    deliveryJobOf(ctx, tenantId, deliveryId, delay);

  return {
    enabled: true,
    prefix,
    where,
    connection,
    queues,

    scheduleReminders: (tenantId, reminders) =>
      guard('schedule reminders', async () => {
        await reminderOps.schedule(tenantId, reminders, false);
      }),
    ensureReminders: (tenantId, reminders) =>
      guard('re-create reminder jobs', () => reminderOps.schedule(tenantId, reminders, true)),
    removeReminders: (tenantId, reminderIds) =>
      guard('remove reminder jobs', () => reminderOps.remove(tenantId, reminderIds)),
    forgetReminderJob: (tenantId, reminderId, jobId) =>
      guard('update the reminder index', async () => {
        await connection.eval(
          FORGET_SCRIPT,
          1,
          keys.reminderIndex,
          reminderIndexField(tenantId, reminderId),
          jobId,
        );
      }),

    enqueueDeliveries: (tenantId, deliveryIds) =>
      guard('enqueue deliveries', async () => {
        if (deliveryIds.length === 0) return;
        await queues.deliveries.addBulk(deliveryIds.map((id) => deliveryJob(tenantId, id, 0)));
      }),
    enqueueDeliveryAt: (tenantId, deliveryId, at) =>
      guard('enqueue a delivery', async () => {
        const job = deliveryJob(tenantId, deliveryId, at.getTime() - nowMs());
        await queues.deliveries.add(job.name, job.data, job.opts);
      }),
    ensureDeliveries: (tenantId, deliveries) =>
      guard('re-create delivery jobs', () => ensureDeliveryJobs(ctx, tenantId, deliveries)),

    scheduleWatch: (tenantId, watch) =>
      guard('schedule a watch', () => scheduleWatchJob(ctx, tenantId, watch)),
    removeWatch: (tenantId, watchId) =>
      guard('remove a watch', async () => {
        await queues.watches.removeJobScheduler(jobIds.watchScheduler(tenantId, watchId));
      }),
    scheduleDigest: (tenantId, channelId, digest) =>
      guard('schedule a digest', () => scheduleDigestJob(ctx, tenantId, channelId, digest)),

    listSchedulers: () => guard('list schedulers', () => listSchedulerJobs(queues)),
    removeScheduler: (info) =>
      guard('remove a scheduler', async () => {
        await queues[info.queue].removeJobScheduler(info.id);
      }),
    counts: () => guard('count jobs', () => countJobs(queues)),
    mark: () =>
      guard('mark the queue rebuilt', async () => {
        await connection.set(keys.sentinel, new Date().toISOString());
      }),
    isMarked: () => guard('check the queue', async () => (await connection.exists(keys.sentinel)) === 1),
    ready: (ms = timeoutMs) => whenReady(connection, ms, where),

    close: () => closeQueues(queues, ownConnection ? connection : undefined),
  };
}

/** What the queue's operations share. */
interface QueueContext {
  connection: Redis;
  queues: Record<QueueName, Queue>;
  opts: Record<QueueName, JobsOptions>;
  keys: ReturnType<typeof metaKeys>;
  leadMs: number;
  nowMs: () => number;
}

/**
 * Runs a Redis operation once the connection is ready, within `timeoutMs`; failures become
 * UNAVAILABLE or TIMEOUT naming what could not be done.
 */
function guardOf(connection: Redis, timeoutMs: number, where: string) {
  return async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await whenReady(connection, Math.min(timeoutMs, 2_000), where);
      return await Promise.race([
        fn(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new RapporteurError('TIMEOUT', `${where} did not answer within ${timeoutMs} ms.`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (err) {
      if (err instanceof RapporteurError) throw err;
      throw new RapporteurError('UNAVAILABLE', `Could not ${what}: ${where} failed (${errorText(err)}).`, {
        hint: 'Reminders and alerts are kept in the store and will be queued when Redis is back.',
        cause: err,
      });
    } finally {
      if (timer) clearTimeout(timer);
    }
  };
}

const reminderIndexField = (tenantId: string, reminderId: string) => `${tenantId}|${reminderId}`;

/** Reminder jobs, and the index (reminder -> job id) that lets a changed due time replace its job. */
function reminderOperations(ctx: QueueContext) {
  const { connection, queues, opts, keys } = ctx;
  const reminderJob = (tenantId: string, r: ReminderRecord) => ({
    name: 'reminder',
    data: { tenantId, reminderId: r.id, dueAt: new Date(r.dueAt).toISOString() },
    opts: {
      ...opts.reminders,
      jobId: jobIds.reminder(tenantId, r.id, r.dueAt),
      delay: Math.max(0, Date.parse(r.dueAt) - ctx.leadMs - ctx.nowMs()),
    },
  });

  /** Removes the jobs the index holds for these reminders, except `keep`. */
  const dropIndexed = async (
    tenantId: string,
    reminderIds: readonly string[],
    keep: ReadonlyMap<string, string>,
  ) => {
    if (reminderIds.length === 0) return;
    const fields = reminderIds.map((id) => reminderIndexField(tenantId, id));
    const old = await connection.hmget(keys.reminderIndex, ...fields);
    await Promise.all(
      old.map(async (jobId, i) => {
        const rid = reminderIds[i] as string;
        if (jobId && jobId !== keep.get(rid)) await queues.reminders.remove(jobId);
      }),
    );
  };

  const remove = async (tenantId: string, reminderIds: readonly string[]) => {
    if (reminderIds.length === 0) return;
    await dropIndexed(tenantId, reminderIds, new Map());
    await connection.hdel(keys.reminderIndex, ...reminderIds.map((id) => reminderIndexField(tenantId, id)));
  };

  const schedule = async (tenantId: string, reminders: readonly ReminderRecord[], verify: boolean) => {
    const report: EnsureReport = { added: 0, kept: 0, replaced: 0 };
    const pending = reminders.filter((r) => r.status === 'pending');
    const notPending = reminders.filter((r) => r.status !== 'pending').map((r) => r.id);
    if (notPending.length > 0) await remove(tenantId, notPending);
    if (pending.length === 0) return report;
    const wanted = new Map(pending.map((r) => [r.id, jobIds.reminder(tenantId, r.id, r.dueAt)]));
    await dropIndexed(
      tenantId,
      pending.map((r) => r.id),
      wanted,
    );
    let toAdd = pending;
    if (verify) {
      toAdd = [];
      for (const r of pending) {
        const jobId = wanted.get(r.id) as string;
        const state = await queues.reminders.getJobState(jobId);
        if (state === 'unknown') toAdd.push(r);
        else if (FINISHED.has(state)) {
          await queues.reminders.remove(jobId);
          report.replaced++;
          toAdd.push(r);
        } else report.kept++;
      }
    }
    if (toAdd.length > 0) await queues.reminders.addBulk(toAdd.map((r) => reminderJob(tenantId, r)));
    report.added += toAdd.length - report.replaced;
    const flat: string[] = [];
    for (const r of pending) flat.push(reminderIndexField(tenantId, r.id), wanted.get(r.id) as string);
    await connection.hset(keys.reminderIndex, ...flat);
    return report;
  };

  return { schedule, remove };
}

function deliveryJobOf(ctx: QueueContext, tenantId: string, deliveryId: string, delay: number) {
  return {
    name: 'delivery',
    data: { tenantId, deliveryId },
    opts: { ...ctx.opts.deliveries, jobId: jobIds.delivery(tenantId, deliveryId), delay: Math.max(0, delay) },
  };
}

/** Re-creates the delivery jobs Redis lost; running and waiting ones are kept. */
async function ensureDeliveryJobs(
  ctx: QueueContext,
  tenantId: string,
  deliveries: ReadonlyArray<Pick<DeliveryRecord, 'id' | 'nextAttemptAt'>>,
): Promise<EnsureReport> {
  const { queues } = ctx;
  const report: EnsureReport = { added: 0, kept: 0, replaced: 0 };
  const toAdd: ReturnType<typeof deliveryJobOf>[] = [];
  for (const d of deliveries) {
    const jobId = jobIds.delivery(tenantId, d.id);
    const state = await queues.deliveries.getJobState(jobId);
    if (state !== 'unknown' && !FINISHED.has(state)) {
      report.kept++;
      continue;
    }
    if (state !== 'unknown') {
      await queues.deliveries.remove(jobId);
      report.replaced++;
    } else report.added++;
    const now = ctx.nowMs();
    const at = d.nextAttemptAt === null ? now : Date.parse(d.nextAttemptAt);
    toAdd.push(deliveryJobOf(ctx, tenantId, d.id, at - now));
  }
  if (toAdd.length > 0) await queues.deliveries.addBulk(toAdd);
  return report;
}

async function scheduleWatchJob(ctx: QueueContext, tenantId: string, watch: WatchRecord): Promise<void> {
  await ctx.queues.watches.upsertJobScheduler(
    jobIds.watchScheduler(tenantId, watch.id),
    { every: Math.max(1, watch.intervalSeconds) * 1000 },
    { name: 'watch', data: { tenantId, watchId: watch.id }, opts: ctx.opts.watches },
  );
}

async function scheduleDigestJob(
  ctx: QueueContext,
  tenantId: string,
  channelId: string,
  digest: { hour: number; zone: string } | null,
): Promise<void> {
  const id = jobIds.digestScheduler(tenantId, channelId);
  if (digest === null) {
    await ctx.queues.digests.removeJobScheduler(id);
    return;
  }
  if (!Number.isInteger(digest.hour) || digest.hour < 0 || digest.hour > 23) {
    throw new RapporteurError('INVALID_ARGUMENT', `A digest hour must be 0-23, not ${digest.hour}.`);
  }
  await ctx.queues.digests.upsertJobScheduler(
    id,
    { pattern: `0 ${digest.hour} * * *`, tz: digest.zone },
    { name: 'digest', data: { tenantId, channelId }, opts: ctx.opts.digests },
  );
}

async function listSchedulerJobs(queues: Record<QueueName, Queue>): Promise<SchedulerInfo[]> {
  const out: SchedulerInfo[] = [];
  for (const queue of [QUEUES.watches, QUEUES.digests] as const) {
    const q = queues[queue];
    const total = await q.getJobSchedulersCount();
    for (let start = 0; start < total; start += 500) {
      for (const s of await q.getJobSchedulers(start, start + 499, true)) {
        const parsed = parseSchedulerId(s.key);
        if (parsed) out.push({ queue, id: s.key, ...parsed });
      }
    }
  }
  return out;
}

async function countJobs(
  queues: Record<QueueName, Queue>,
): Promise<Record<QueueName, Record<string, number>>> {
  const out = {} as Record<QueueName, Record<string, number>>;
  for (const name of QUEUE_NAMES) {
    out[name] = await queues[name].getJobCounts(
      'waiting',
      'delayed',
      'active',
      'completed',
      'failed',
      'prioritized',
    );
  }
  return out;
}

async function closeQueues(
  queues: Record<QueueName, Queue>,
  ownConnection: Redis | undefined,
): Promise<void> {
  // A BullMQ queue closed while its connection attempt is still failing re-throws that
  // failure from a promise nobody observes once its listeners are gone: an unhandled
  // rejection, which ends a process run with Node's defaults. Let the attempt settle
  // first (it fails fast when Redis refuses; bounded when Redis hangs).
  await Promise.race([
    Promise.allSettled(Object.values(queues).map((q) => q.waitUntilReady())),
    new Promise((resolve) => setTimeout(resolve, 2_000).unref()),
  ]);
  await Promise.allSettled(Object.values(queues).map((q) => q.close()));
  if (ownConnection) await ownConnection.quit().catch(() => ownConnection.disconnect());
}

function errorText(err: unknown): string {
  return messageOf(err);
}
