#!/usr/bin/env node
import { resolve } from 'node:path';
import { CONSOLE_SCOPE, consoleBanner, createConsoleBot } from './bots/console/index.js';
import { redisDedupe, redisLimiter } from './bots/shared/shared-state.js';
import { loadConfig, readEnvFile } from './config.js';
import { resumeDraftPosts } from './core/app/drafts.js';
import { messageOf, RapporteurError } from './core/errors.js';
import type { WorkerHandle } from './jobs/index.js';
import { createProducerConnection } from './jobs/redis.js';
import { createRoomLogger } from './logger.js';
import { createRuntime, startRuntimeWorker } from './runtime.js';

/**
 * `npm start`: the bots that are configured (Discord, Slack, mailing lists) with the job
 * worker in the same process; with none configured, the terminal room on the embedded
 * SQLite store. For scale, run `rapporteur worker` processes separately against the same
 * Redis and PostgreSQL.
 */
async function main(): Promise<number> {
  const source = readEnvFile(process.env, process.cwd());
  const config = loadConfig(source.env, source);
  const chat = Boolean(config.discord || config.slack || config.email);
  let zone = 'UTC';
  // The terminal room keeps its screen for answers: logs go to a file in the data directory,
  // and only warnings and errors are also shown, as one readable line each.
  const logFile = chat ? undefined : resolve(config.dataDir, 'rapporteur.log');
  const runtime = await createRuntime(config, {
    role: 'bot',
    queue: chat ? 'required' : 'auto',
    ...(logFile
      ? { logger: createRoomLogger(config.logLevel, logFile, (t) => process.stderr.write(t)) }
      : {}),
    ...(chat ? {} : { consoleOutput: { write: (t: string) => process.stdout.write(t), zone: () => zone } }),
  });
  runtime.logger.info(
    source.file ? { envFile: source.file, fromFile: source.fromFile } : { envFile: null, cwd: process.cwd() },
    source.file
      ? `settings read from ${source.file} (variables set in the environment win)`
      : 'no .env file in the current directory; settings from the environment only',
  );
  // A draft post cut short by a crash (stored, not yet logged or alerted) is completed now.
  const resumed = await resumeDraftPosts(runtime.deps).catch((err: unknown) => {
    runtime.logger.warn({ error: messageOf(err) }, 'could not resume draft posts');
    return 0;
  });
  if (resumed > 0) runtime.logger.info({ posts: resumed }, 'completed draft posts cut short by a crash');
  let worker: WorkerHandle | undefined;
  if (runtime.queue.enabled) {
    worker = await startRuntimeWorker(runtime);
  }
  const stops: Array<() => Promise<void>> = [];
  const shutdown = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await worker?.close().catch(() => undefined);
    await runtime.close();
  };
  // The web pages (RAPPORTEUR_WEB_PORT): served by this process, started before the bots so
  // the first link a bot hands out already works.
  let webLine = '';
  if (config.web?.port !== undefined) {
    const { startRuntimeWeb } = await import('./web/index.js');
    const web = await startRuntimeWeb(runtime).catch(async (err: unknown) => {
      await shutdown();
      throw err;
    });
    stops.push(() => web.close());
    webLine = `Web pages: listening on ${web.url}, links point to ${config.web.publicUrl}.`;
    runtime.logger.info({ listen: web.url, publicUrl: config.web.publicUrl }, 'web pages ready');
  }

  if (!chat) {
    const room = createConsoleBot({
      runtime,
      write: (t) => process.stdout.write(t),
      cwd: process.cwd(),
      prompt: process.stdin.isTTY ? '> ' : '',
    });
    process.stdout.write(
      `${consoleBanner(runtime)}\nLog: ${logFile} (warnings are also shown here). Settings: ${source.file ? `${source.file} and the environment` : 'the environment (no .env file here)'}.\n${webLine ? `${webLine}\n` : ''}`,
    );
    const tenant = await runtime.store.findTenant(CONSOLE_SCOPE.platform, CONSOLE_SCOPE.tenantExternalId);
    const person = tenant ? await runtime.store.tenant(tenant.id).getPerson('you') : undefined;
    zone = person?.timeZone ?? 'UTC';
    process.once('SIGINT', () => room.close());
    process.once('SIGTERM', () => room.close());
    await room.start();
    await shutdown();
    return 0;
  }

  // Several bot processes may serve one deployment: what they must agree on (Slack
  // redeliveries handled, mail answers sent) is kept in Redis, under the queue prefix.
  const shared = createProducerConnection(config.redisUrl, { connectionName: 'rapporteur-bot-state' });
  shared.on('error', () => undefined);
  stops.push(async () => {
    shared.disconnect();
  });
  const prefix = `${config.jobs.queuePrefix}:bots:`;

  // Each configured platform runs in this process; a failure to start one stops them all
  // with a message that says what to fix (a wrong token, an unreachable server).
  try {
    if (config.discord) {
      const { createDiscordBot } = await import('./bots/discord/index.js');
      const bot = createDiscordBot({ runtime, logger: runtime.logger });
      await bot.start();
      stops.push(() => bot.stop());
      runtime.logger.info({ platform: 'discord' }, 'Discord bot ready');
    }
    if (config.slack) {
      const { createSlackBot } = await import('./bots/slack/index.js');
      const app = createSlackBot({
        runtime,
        logger: runtime.logger,
        dedupe: redisDedupe({ redis: shared, keyPrefix: `${prefix}slack-delivery:`, logger: runtime.logger }),
      });
      await app.start();
      stops.push(() => app.stop());
      runtime.logger.info({ platform: 'slack', mode: config.slack.mode }, 'Slack app ready');
    }
    if (config.email) {
      const { createEmailBot } = await import('./bots/email/index.js');
      const bot = createEmailBot({
        runtime,
        logger: runtime.logger,
        limiter: (name, points, windowMs) =>
          redisLimiter({ redis: shared, keyPrefix: `${prefix}mail-answers:${name}`, points, windowMs }),
      });
      await bot.start();
      stops.push(() => bot.stop());
      runtime.logger.info({ platform: 'email', lists: config.email.lists.length }, 'mailing-list bot ready');
    }
  } catch (err) {
    await shutdown();
    throw err;
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      // A second signal while stopping means "now": leave without waiting for running jobs.
      process.once('SIGINT', () => process.exit(130));
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  runtime.logger.info({}, 'stopping');
  await shutdown();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    if (err instanceof RapporteurError) process.stderr.write(`rapporteur: ${err.describe()}\n`);
    else process.stderr.write(`rapporteur: could not start: ${messageOf(err)}\n`);
    process.exitCode = 1;
  },
);
