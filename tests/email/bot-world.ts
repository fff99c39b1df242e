import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createEmailBot, type EmailBot, type EmailBotOptions } from '../../src/bots/email/index.js';
import { type Env, loadConfig } from '../../src/config.js';
import { type Notifier, ShiftedClock } from '../../src/core/ports/index.js';
import type { Platform } from '../../src/core/store.js';
import { deleteKeysWithPrefix } from '../../src/jobs/redis.js';
import { startWorker, type WorkerHandle } from '../../src/jobs/worker.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { type Dovecot, startDovecot } from '../helpers/dovecot.js';
import { makePdf, typeset } from '../helpers/make-pdf.js';
import { type LogLine, recordingLogger } from '../helpers/recording-logger.js';
import { REDIS_URL, uniquePrefix } from '../helpers/services.js';
import { type SmtpCapture, startSmtpCapture } from '../helpers/smtp-capture.js';

/**
 * The mailing-list bot's world for end-to-end tests, with nothing faked: a private Dovecot the
 * bot reads by IMAP, a capturing SMTP server it sends to, the machine's Redis under a prefix of
 * its own with the real BullMQ worker, and a SQLite store in a temporary data directory. The
 * story is the sixth MPP meeting of domain.md, on a clock set to those days.
 */

const FIXTURES = join(import.meta.dirname, '../fixtures');

/** A fixture file of the project (tests/fixtures/...). */
export const fixture = (...p: string[]) => readFileSync(join(FIXTURES, ...p));

export const LIST = 'wsis@lists.example.org';
export const BOT = 'bot@example.org';
export const SECRETARIAT = 'MPP Secretariat <mpp-secretariat@wsis.example>';
/** What our own receiving server writes for a message whose From domain it verified. */
export const VERIFIED =
  'mx.example.org; spf=pass smtp.mailfrom=mpp-secretariat@wsis.example; dkim=pass header.d=wsis.example; dmarc=pass header.from=wsis.example';

/** Headers the list adds to everything it distributes. */
export const listHeaders = {
  To: `WSIS+10 civil society <${LIST}>`,
  'List-Id': 'WSIS+10 civil society <wsis.lists.example.org>',
  'List-Post': `<mailto:${LIST}>`,
  Precedence: 'list',
};

/** The signed PDF letter inviting to MPP-6 (14:00-16:00), typeset from the invitation fixture. */
export function invitationPdf(): Uint8Array {
  const paragraphs = fixture('schedule', '2014-06-03-mpp6-invitation.txt')
    .toString('utf8')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean);
  return makePdf(
    typeset({
      paragraphs: paragraphs.map((text) => ({ text })),
      info: { Title: 'Invitation: sixth MPP meeting', CreationDate: 'D:20140603170500Z' },
    }),
  );
}

/** The secretariat's corrected invitation (14:00-18:00), as the list distributed it. */
export function correctedInvitation(): string {
  const corrected = fixture('schedule', '2014-06-05-mpp6-corrected.eml').toString('utf8');
  return `List-Id: ${listHeaders['List-Id']}\r\nList-Post: ${listHeaders['List-Post']}\r\nPrecedence: list\r\n${corrected.replace(/\r?\n/g, '\r\n')}`;
}

/** Waits until `check` holds, polling every 25 ms. */
export async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Gives the worker time to send anything more it would (wrongly) send. */
export const settle = (ms = 800) => new Promise((r) => setTimeout(r, ms));

/** A running world; `bot` is replaced by {@link BotWorld.restartBot}. */
export interface BotWorld {
  dovecot: Dovecot;
  capture: SmtpCapture;
  runtime: Runtime;
  worker: WorkerHandle;
  bot: EmailBot;
  lines: LogLine[];
  logger: ReturnType<typeof recordingLogger>;
  /** Appends a message to the bot's mailbox and waits until the bot has handled it. */
  deliver(raw: string): Promise<void>;
  /** Stops the bot and starts a new one on the same runtime, mailbox and cursor. */
  restartBot(): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link startBotWorld}. */
export interface BotWorldOptions {
  /** MAIL_LISTS. */
  mailLists: string;
  /** Further configuration (MAIL_DIGEST_HOUR, MAIL_MAX_MB...). */
  env?: Env;
  /** Notifiers the worker has beside the runtime's (a recording Discord one). */
  notifiers?: Partial<Record<Platform, Notifier>>;
  /** Bot options beside the runtime and logger (rate limit...). */
  bot?: Omit<EmailBotOptions, 'runtime' | 'logger'>;
  /** Runs on the runtime before the bot first starts (a store as an earlier deployment left it). */
  beforeBot?(runtime: Runtime): Promise<void>;
}

/** Starts Dovecot, SMTP capture, the runtime, the worker and the bot; `close()` undoes it all. */
export async function startBotWorld(options: BotWorldOptions): Promise<BotWorld> {
  const lines: LogLine[] = [];
  const logger = recordingLogger(lines);
  const prefix = uniquePrefix('email_bot');
  const [dovecot, capture] = await Promise.all([startDovecot(), startSmtpCapture()]);
  const dataDir = await mkdtemp(join(tmpdir(), 'rapporteur-email-bot-'));
  const redis = new Redis(REDIS_URL);
  let runtime: Runtime | undefined;
  let worker: WorkerHandle | undefined;
  let bot: EmailBot | undefined;
  const close = async () => {
    await bot?.stop();
    await worker?.close();
    await runtime?.close();
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
    await capture.stop();
    await dovecot.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const config = loadConfig({
      RAPPORTEUR_DATA_DIR: dataDir,
      REDIS_URL,
      RAPPORTEUR_QUEUE_PREFIX: prefix,
      RAPPORTEUR_DEFAULT_TZ: 'Europe/Zurich',
      LOG_LEVEL: 'silent',
      IMAP_HOST: dovecot.host,
      IMAP_PORT: String(dovecot.port),
      IMAP_SECURE: 'false',
      IMAP_USER: dovecot.users.bot.user,
      IMAP_PASSWORD: dovecot.users.bot.pass,
      SMTP_HOST: capture.host,
      SMTP_PORT: String(capture.port),
      SMTP_SECURE: 'false',
      MAIL_FROM: BOT,
      MAIL_LISTS: options.mailLists,
      MAIL_STAFF: '@wsis.example',
      MAIL_AUTHSERV_IDS: 'mx.example.org',
      ...options.env,
    });
    // The story's sources speak of June 2014: the bot runs on a clock set to those days (it
    // moves on at real speed), as changes to meetings already over are logged, not alerted.
    const rt = await createRuntime(config, {
      role: 'bot',
      queue: 'required',
      logger,
      clock: new ShiftedClock('2014-05-20T08:00:00Z'),
    });
    runtime = rt;
    worker = await startWorker({
      store: rt.store,
      notifiers: { ...rt.notifiers, ...options.notifiers },
      ingest: rt.ingest,
      redisUrl: REDIS_URL,
      prefix,
      logger,
      clock: rt.clock,
      timing: { markerCheckMs: 0, catchUpMs: 0 },
    });
    await worker.rebuilt();
    await options.beforeBot?.(rt);
    const startBot = async () => {
      const b = createEmailBot({
        runtime: rt,
        logger,
        reader: { pollIntervalMs: 300, startTls: false, backoff: { initialMs: 50, maxMs: 500 } },
        ...options.bot,
      });
      await b.start();
      await b.ready();
      return b;
    };
    bot = await startBot();
    const world: BotWorld = {
      dovecot,
      capture,
      runtime: rt,
      worker,
      bot,
      lines,
      logger,
      async deliver(raw) {
        const before = world.bot.status().handled;
        await dovecot.append(dovecot.users.bot, raw);
        await until(() => world.bot.status().handled > before, 'the bot to handle the message');
      },
      async restartBot() {
        await world.bot.stop();
        bot = await startBot();
        world.bot = bot;
      },
      close,
    };
    return world;
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
