import { connect } from 'node:net';
import { createConsoleNotifier } from './bots/console/notifier.js';
import { createDiscordNotifierPort } from './bots/discord/notifier.js';
import { createEmailNotifierPort } from './bots/email/notifier.js';
import { createSmtpSender } from './bots/email/transport/index.js';
import { createSlackWebClient } from './bots/slack/client.js';
import { createSlackNotifier } from './bots/slack/notifier.js';
import type { Config } from './config.js';
import type { AppDeps } from './core/app/context.js';
import { ingestSource } from './core/app/schedule.js';
import { RapporteurError } from './core/errors.js';
import {
  type Clock,
  disabledQueue,
  type JobQueue,
  type Logger,
  type Notifier,
  type Store,
  systemClock,
} from './core/ports/index.js';
import type { Platform } from './core/store.js';
import {
  type BullJobQueue,
  checkTarget,
  createBullQueue,
  describeRedisUrl,
  type IngestFn,
  startWorker,
  type WorkerDeps,
  type WorkerHandle,
  workerOptionsFromConfig,
} from './jobs/index.js';
import { claimQueuePrefix } from './jobs/queue.js';
import { createLogger } from './logger.js';
import { openStore, type SqlStore } from './store/index.js';
import { webAccessFromConfig } from './web/keyring.js';
import { poolEngines, poolExtractor } from './work/engines.js';
import { watchMemoryBudget } from './work/memory.js';
import { createWorkPool, type WorkPool } from './work/pool.js';

/**
 * The composition root: configuration in, everything wired. Every process (the bot, a
 * worker, a CLI command) builds its runtime here, so a deployment that runs several of them
 * against one Redis and one PostgreSQL gets the same behaviour from each.
 */
export interface Runtime {
  config: Config;
  logger: Logger;
  clock: Clock;
  store: SqlStore;
  queue: JobQueue;
  /** The use cases' dependencies. */
  deps: AppDeps;
  /** One Notifier per configured platform. */
  notifiers: Partial<Record<Platform, Notifier>>;
  /** Watched content into the schedule (the worker's ingest function). */
  ingest: IngestFn;
  /** Where files are read and the engines run, off the main thread. */
  work: WorkPool;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  role: 'bot' | 'worker' | 'cli';
  /**
   * `auto` (the terminal): without a reachable Redis, reminders and alerts are off and say
   * why. `required` (chat deployments, workers): always the real queue, which reconnects and
   * is rebuilt from the store when Redis comes back. `off`: no queue (one-off CLI use, tests).
   */
  queue?: 'auto' | 'required' | 'off';
  logger?: Logger;
  clock?: Clock;
  /** Extra notifiers, e.g. the terminal room's. */
  notifiers?: Partial<Record<Platform, Notifier>>;
  /** Where the terminal room prints (enables the console notifier). */
  consoleOutput?: { write(text: string): void; zone(): string };
}

/**
 * Records this store as the owner of the queue prefix, or refuses to start when another store
 * owns it. When Redis is away at start (chat deployments start anyway and reconnect), the check
 * waits for the next start, and the log says so.
 */
async function claimPrefix(
  bull: BullJobQueue,
  store: SqlStore,
  config: Config,
  logger: Logger,
  reachable: boolean,
): Promise<void> {
  try {
    await bull.ready(reachable ? 5_000 : 2_000);
  } catch {
    logger.warn(
      { prefix: config.jobs.queuePrefix },
      `Redis is not reachable now: could not check that queue prefix "${config.jobs.queuePrefix}" belongs to this store`,
    );
    return;
  }
  await claimQueuePrefix(
    bull.connection,
    config.jobs.queuePrefix,
    { id: await store.identity(), location: store.location },
    describeRedisUrl(config.redisUrl),
  );
}

/** Builds the runtime for a process. */
export async function createRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const store = await openStore(config, { logger, clock });
  const closers: Array<() => Promise<void>> = [() => store.close()];
  try {
    const work = createWorkPool({
      size: config.work.poolSize,
      memoryMb: config.limits.extractMemoryMb,
      externalMb: config.work.externalMb,
      languageMb: config.work.languageMb,
      languageLibraries: config.work.languageLibraries,
      languageHeapMb: Math.ceil(config.work.languageMb / 2),
      timeoutMs: config.work.timeoutMs,
      extractTimeoutMs: config.limits.extractTimeoutMs,
      logger,
    });
    closers.push(() => work.close());
    const extractor = poolExtractor(work, config.limits);
    if (options.role !== 'cli') {
      const memory = watchMemoryBudget(config, logger, options.role);
      closers.push(async () => memory.stop());
    }

    let queue: JobQueue;
    const mode = options.queue ?? (options.role === 'bot' ? 'auto' : 'required');
    const redisUp = mode === 'off' ? false : mode === 'auto' ? await redisReachable(config.redisUrl) : true;
    if (mode === 'off') {
      queue = disabledQueue('This command runs without the job queue.');
    } else if (redisUp) {
      const bull = createBullQueue({
        redisUrl: config.redisUrl,
        prefix: config.jobs.queuePrefix,
        logger,
        clock,
      });
      closers.push(() => bull.close());
      queue = bull;
      await claimPrefix(bull, store, config, logger, mode === 'auto');
    } else {
      queue = disabledQueue(
        `${describeRedisUrl(config.redisUrl)} is not reachable, so reminders, alerts, watched pages and digests are off. Start Redis (or set REDIS_URL) and restart to turn them on.`,
      );
    }

    const notifiers: Partial<Record<Platform, Notifier>> = { ...options.notifiers };
    if (config.discord) {
      notifiers.discord = createDiscordNotifierPort({
        token: config.discord.token,
        logger,
        ...(config.discord.apiUrl ? { apiUrl: config.discord.apiUrl } : {}),
      });
    }
    if (config.slack) {
      const client = createSlackWebClient(config.slack.botToken, {
        logger,
        ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
      });
      notifiers.slack = createSlackNotifier({ client, logger, clock });
    }
    if (config.email) {
      const sender = createSmtpSender({
        smtp: {
          host: config.email.smtp.host,
          port: config.email.smtp.port,
          secure: config.email.smtp.secure,
          ...(config.email.smtp.user && config.email.smtp.password
            ? { auth: { user: config.email.smtp.user, pass: config.email.smtp.password } }
            : {}),
        },
        from: config.email.from,
        logger,
        clock,
        listAddresses: config.email.lists.filter((l) => l.list.includes('@')).map((l) => l.list),
      });
      closers.push(async () => sender.close());
      notifiers.email = createEmailNotifierPort(sender, {
        messageIdDomain: config.email.from.split('@')[1] ?? 'localhost',
      });
    }
    if (options.consoleOutput) {
      const out = options.consoleOutput;
      notifiers.console = createConsoleNotifier(
        (t) => out.write(t),
        () => out.zone(),
      );
    }

    const deps: AppDeps = {
      store,
      queue,
      extractor,
      engines: poolEngines(work, { draftLimits: config.work.draftLimits }),
      clock,
      logger,
      defaults: { watchIntervalMinutes: Math.max(1, Math.round(config.jobs.watchIntervalSeconds / 60)) },
      // The watcher's own address policy, applied when a watch is added. A name that does not
      // resolve right now is accepted: the watch retries and says so if it keeps failing.
      checkWatchTarget: async (url) => {
        await checkTarget(url, { allowPrivate: config.jobs.allowPrivateUrls }).catch((err: unknown) => {
          if (err instanceof RapporteurError && err.code === 'UNAVAILABLE') return;
          throw err;
        });
      },
      ...(config.web ? { web: webAccessFromConfig(config.web, clock) } : {}),
    };
    const ingest = ingestFor(deps, store);
    return {
      config,
      logger,
      clock,
      store,
      queue,
      deps,
      notifiers,
      ingest,
      work,
      async close() {
        for (const close of closers.reverse()) await close().catch(() => undefined);
      },
    };
  } catch (err) {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    throw err;
  }
}

/** Starts the job worker in this process with the runtime's store, notifiers and clock. */
export function startRuntimeWorker(runtime: Runtime, extra: Partial<WorkerDeps> = {}): Promise<WorkerHandle> {
  return startWorker({
    ...workerOptionsFromConfig(runtime.config),
    store: runtime.store,
    notifiers: runtime.notifiers,
    ingest: runtime.ingest,
    logger: runtime.logger,
    clock: runtime.clock,
    ...extra,
  });
}

/** The worker's ingest function: watched content becomes a new revision of its source. */
function ingestFor(deps: AppDeps, store: Store): IngestFn {
  return async (tenantId, processId, content) => {
    const tenant = await store.getTenant(tenantId);
    const t = store.tenant(tenantId);
    const process = await t.getProcess(processId);
    if (!tenant || !process) {
      throw new RapporteurError('NOT_FOUND', 'The watch belongs to a process that no longer exists.', {
        hint: 'Remove the watch.',
      });
    }
    return ingestSource(
      deps,
      { tenant, store: t, process },
      {
        bytes: content.bytes,
        file: {
          name: lastSegment(content.finalUrl || content.url),
          ...(content.contentType ? { contentType: content.contentType } : {}),
        },
        source: {
          name: content.url,
          url: content.url,
          revisionKey: content.url,
          seenAt: content.fetchedAt.toISOString(),
        },
      },
    );
  };
}

function lastSegment(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname.split('/').filter(Boolean).pop() ?? u.hostname;
  } catch {
    return url;
  }
}

/** True when Redis answers a TCP connection quickly (the terminal decides whether jobs can run). */
export function redisReachable(url: string, timeoutMs = 1500): Promise<boolean> {
  let host = '127.0.0.1';
  let port = 6379;
  try {
    const u = new URL(url);
    host = u.hostname || host;
    port = Number(u.port || 6379);
  } catch {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const socket = connect({ host: host.replace(/^\[|\]$/g, ''), port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
