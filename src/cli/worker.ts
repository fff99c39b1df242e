import type { Config } from '../config.js';
import type { Store } from '../core/ports/index.js';
import type { Runtime } from '../runtime.js';
import { type CliContext, cliUsageError, servingGroup, stopped } from './context.js';

/** What the worker takes from the composition root (src/runtime.ts). */
export type WorkerRuntime = Pick<Runtime, 'notifiers' | 'ingest' | 'logger' | 'close'> & { store: Store };

/** Builds the worker's runtime from the configuration: `createRuntime` unless a test gives its own. */
export type CreateWorkerRuntime = (config: Config, options: { role: 'worker' }) => Promise<WorkerRuntime>;

const USAGE = `Usage: rapporteur worker [--concurrency N]

Runs the job worker: reminders before meetings, alerts and digests to channels, and checks of
watched pages and feeds. Run as many workers as you like against the same Redis (REDIS_URL)
and store (DATABASE_URL, or the SQLite file on one machine); each job runs once.

On start, and whenever Redis comes back, the worker rebuilds the queue from the store, so a
restarted or wiped Redis loses nothing. SIGINT or SIGTERM stop it gracefully: running jobs get
RAPPORTEUR_SHUTDOWN_GRACE_S seconds to finish; unfinished ones are retried by another worker.

Options:
  --concurrency N   Reminder and delivery jobs at once (default RAPPORTEUR_WORKER_CONCURRENCY, 8).`;

const usageError = (message: string) => cliUsageError('worker', message);

/** Parses `--concurrency N`. */
export function parseWorkerArgs(args: readonly string[], config: Config): { concurrency: number } {
  let concurrency = config.jobs.workerConcurrency;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--concurrency' || arg.startsWith('--concurrency=')) {
      const raw = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1 || n > 256)
        throw usageError('--concurrency takes a whole number from 1 to 256.');
      concurrency = n;
    } else throw usageError(`Unknown option "${arg}" for worker.`);
  }
  return { concurrency };
}

/**
 * Runs the worker until `stop` resolves (the CLI resolves it on SIGINT/SIGTERM). Injectable
 * runtime and stop signal, so tests run it in-process.
 */
export async function runWorker(
  args: readonly string[],
  ctx: CliContext,
  stop: Promise<string>,
  createRuntime?: CreateWorkerRuntime,
): Promise<number> {
  const { concurrency } = parseWorkerArgs(args, ctx.config);
  // Loaded on use, like every group's heavy modules, so that other commands start quickly.
  const make = createRuntime ?? (await import('../runtime.js')).createRuntime;
  const runtime = await make(ctx.config, { role: 'worker' });
  const { startWorker } = await import('../jobs/worker.js');
  const { workerOptionsFromConfig } = await import('../jobs/settings.js');
  const { describeRedisUrl } = await import('../jobs/redis.js');
  const jobs = ctx.config.jobs;
  try {
    const worker = await startWorker({
      store: runtime.store,
      notifiers: runtime.notifiers,
      ingest: runtime.ingest,
      logger: runtime.logger,
      ...workerOptionsFromConfig(ctx.config),
      concurrency,
    });
    const platforms = Object.keys(runtime.notifiers);
    ctx.stderr(
      `rapporteur worker: running against ${describeRedisUrl(ctx.config.redisUrl)} (prefix ${jobs.queuePrefix}), ` +
        `sending to ${platforms.length === 0 ? 'no platform (no notifier configured)' : platforms.join(', ')}. Ctrl-C stops it.\n`,
    );
    ctx.stderr(
      `rapporteur worker: settings from ${ctx.envFile ? `${ctx.envFile} and ` : ''}the environment${ctx.envFile ? ' (the environment wins)' : ' (no .env file)'}.\n`,
    );
    if (jobs.allowPrivateUrls) {
      ctx.stderr(
        'rapporteur worker: RAPPORTEUR_ALLOW_PRIVATE_URLS is on: watched URLs may reach this network.\n',
      );
    }
    await stopped(stop, ctx, 'worker', `finishing running jobs (up to ${jobs.shutdownGraceMs / 1000} s)`);
    await worker.close();
    return 0;
  } finally {
    await runtime.close();
  }
}

/** `rapporteur worker`. */
export const workerGroup = servingGroup(
  'Run the job worker: reminders, alerts, digests and watched pages.',
  USAGE,
  (args, ctx, stop) => runWorker(args, ctx, stop),
);
