import type { Config } from '../config.js';
import type { WorkerDeps } from './worker.js';

/**
 * The worker options the configuration decides (RAPPORTEUR_QUEUE_PREFIX, the watch limits and
 * the private-URL switch, the failure notice delay, concurrency, shutdown grace), so that
 * `rapporteur worker` and the worker inside `npm start` behave the same:
 * `startWorker({ store, notifiers, ingest, logger, ...workerOptionsFromConfig(config) })`.
 */
export function workerOptionsFromConfig(
  config: Pick<Config, 'redisUrl' | 'jobs'>,
): Pick<WorkerDeps, 'redisUrl' | 'prefix' | 'concurrency' | 'settings' | 'timing'> {
  const jobs = config.jobs;
  return {
    redisUrl: config.redisUrl,
    prefix: jobs.queuePrefix,
    concurrency: jobs.workerConcurrency,
    settings: {
      fetch: {
        timeoutMs: jobs.watchTimeoutMs,
        maxBytes: jobs.watchMaxBytes,
        maxRedirects: jobs.watchMaxRedirects,
        allowPrivate: jobs.allowPrivateUrls,
      },
      watchFailureNotifyAfterMs: jobs.watchNotifyAfterMs,
    },
    timing: { shutdownGraceMs: jobs.shutdownGraceMs },
  };
}
