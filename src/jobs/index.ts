/**
 * The job layer on BullMQ and Redis: reminders that follow their meeting, deliveries sent
 * once, watched pages and feeds, daily digests, and a queue that can always be rebuilt from
 * the store. The composition root calls `createBullQueue` (for the use cases) and
 * `startWorker` (for `rapporteur worker` or the in-process worker).
 */
export { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelayMs } from './backoff.js';
export { type DeliveryOutcome, processDelivery } from './deliver.js';
export {
  type ConditionalState,
  checkTarget,
  DEFAULT_FETCH_POLICY,
  type FetchOutcome,
  type FetchPolicy,
  fetchWatched,
  type Resolver,
} from './fetcher.js';
export { judgeAddress } from './ip-policy.js';
export { jobIds, QUEUE_NAMES, QUEUES, type QueueName } from './names.js';
export { type BullJobQueue, type BullQueueOptions, createBullQueue, type EnsureReport } from './queue.js';
export { type RebuildReport, rebuildQueue } from './rebuild.js';
export { deleteKeysWithPrefix, describeRedisUrl } from './redis.js';
export { processReminder, type ReminderOutcome } from './remind.js';
export { workerOptionsFromConfig } from './settings.js';
export type { IngestFn, JobSettings, WatchedContent } from './types.js';
export { processWatch, type WatchOutcome } from './watch.js';
export {
  DEFAULT_JOB_SETTINGS,
  startWorker,
  type WorkerDeps,
  type WorkerHandle,
  type WorkerTiming,
} from './worker.js';
