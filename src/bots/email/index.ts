import type { Config } from '../../config.js';
import type { BotHost } from '../../core/app/bot-host.js';
import type { AppDeps } from '../../core/app/context.js';
import { postersOf } from '../../core/app/mail-ingest.js';
import { COMMANDS } from '../../core/commands/index.js';
import type { Command } from '../../core/commands/types.js';
import { parseAddressList } from '../../core/email/headers.js';
import { mailSetup } from '../../core/email/inbound.js';
import { isRapporteurError, RapporteurError } from '../../core/errors.js';
import type { InboundMail, Logger, MailboxState, MailSender } from '../../core/ports/index.js';
import { adapterSettings } from '../shared/configured.js';
import { createMailAnswers, type LimiterFactory } from './answers.js';
import { createMailHandler, type MailCounters, type MailOutcome } from './handler.js';
import { createMailLists } from './lists.js';
import { fileMailboxState } from './mailbox-state.js';
import {
  createImapReader,
  createSmtpSender,
  type ImapReader,
  type ImapReaderConfig,
  type ImapReaderStatus,
} from './transport/index.js';

export { MAIL_STAFF_ROLE, postersOf } from '../../core/app/mail-ingest.js';
export type { MailOutcome } from './handler.js';

/**
 * Rapporteur as a member of mailing lists. The IMAP reader hands over each new message;
 * the bot decides from its headers what it is (see `planInbound`), then:
 *
 * - List traffic: the part of the message that states the most about meetings goes to
 *   `ingestSource` (one source per sender and thread, named by the subject); attachments that
 *   are drafts go to `postDraftVersion` when the sender is chairs' staff whose domain the
 *   bot's own mail server authenticated, and are refused (logged, answered only when the
 *   message may be answered) otherwise. Nothing else is said on a list: alerts follow from
 *   the use cases, through the e-mail Notifier and the job layer.
 * - Mail to the bot: a command in the subject or first line is run with `runTextCommand`
 *   and answered to the person, threaded, marked auto-replied, at most `rateLimit.max`
 *   times per address per window. Staff may also send announcements and drafts directly.
 * - Everything else (the bot's own mail coming back, bounces, auto-replies, unknown lists)
 *   is dropped quietly with a log line that names a reason, never an address or content.
 *
 * A list works in its own tenant (the list is its id), or feeds a process of a Discord server
 * or Slack workspace (`MAIL_LISTS` entry `list=discord:<guild id>/process`): its mail, its
 * commands and its channel then live in that tenant, the list address being a channel whose
 * platform is `email`, so the server's channels and the list hear the same alerts, each
 * through its own notifier.
 *
 * The adapter holds no business rules: what mail may change is decided by the mail-ingest
 * use case (src/core/app/mail-ingest.ts) and the use cases it calls, from an Actor that holds
 * the `mail-staff` role only for authenticated staff senders. Its parts: lists.ts (the lists
 * in the store), handler.ts (one message), answers.ts (answers and their limits),
 * notifier.ts (alerts), render.ts (a Reply as mail), transport/ (IMAP in, SMTP out).
 */

/** What the bot sends answers with: any {@link MailSender}; an SMTP one is verified and closed. */
export type BotSender = MailSender & { verify?(): Promise<void>; close?(): void };

/** Options of {@link createEmailBot}. */
export interface EmailBotOptions {
  /** What the bot uses of its process (the runtime satisfies it). */
  runtime: BotHost<Pick<Config, 'email'>>;
  logger?: Logger;
  /** Sends answers to commands; defaults to an SMTP sender built from the configuration. */
  sender?: BotSender;
  /** Where mailbox cursors live; defaults to a file in the data directory. */
  state?: MailboxState;
  /** Reader tuning (tests: fast polling, no STARTTLS on loopback). */
  reader?: Partial<
    Pick<
      ImapReaderConfig,
      'pollIntervalMs' | 'useIdle' | 'startTls' | 'tls' | 'backoff' | 'startAt' | 'connectTimeoutMs'
    >
  >;
  /**
   * Answers per address and window (default 5 per hour), per sender domain (`perDomain`,
   * default 20) and in all (`total`, default 200), so forged senders cannot make the bot
   * write to many third parties.
   */
  rateLimit?: { windowMs: number; max: number; perDomain?: number; total?: number };
  /** The command registry; defaults to every command. */
  commands?: readonly Command[];
  /** Where answer limits are counted; default this process (main.ts shares them through Redis). */
  limiter?: LimiterFactory;
}

/** Counters for health checks. */
export interface EmailBotStatus extends MailCounters {
  reader?: ImapReaderStatus;
}

/** The running bot. */
export interface EmailBot {
  /**
   * Sets every list up in the store, idempotently: its tenant (its own, or the Discord server
   * or Slack workspace it feeds), its process (created on first use, in RAPPORTEUR_DEFAULT_TZ),
   * the list address as an `email` channel subscribed to draft and schedule changes and
   * reminders (and the digest, when MAIL_DIGEST_HOUR is set), and the `poster` role for the
   * `mail-staff` platform role. A list that moved to another tenant is released from the one
   * it fed before, so it is never told twice. `start()` does this first.
   */
  prepare(): Promise<void>;
  /** Prepares the lists and starts reading the mailbox in the background. */
  start(): Promise<void>;
  /** Resolves once the mailbox has been opened and caught up for the first time. */
  ready(): Promise<void>;
  /** Finishes the message in hand and stops. */
  stop(): Promise<void>;
  /** Handles one message as if the reader had handed it over (the reader's `onMessage`). */
  handle(mail: InboundMail): Promise<MailOutcome>;
  status(): EmailBotStatus;
}

/** Creates the mailing-list bot from a host whose configuration has `email` set. */
export function createEmailBot(options: EmailBotOptions): EmailBot {
  const { runtime } = options;
  const email = adapterSettings(runtime.config, 'email');
  const logger = (options.logger ?? runtime.logger).child({ component: 'email-bot' });
  const deps: AppDeps = { ...runtime.deps, logger: options.logger ?? runtime.deps.logger };
  const fromAddress = parseAddressList(email.from)[0]?.address ?? email.from;
  const setup = mailSetup({
    lists: email.lists,
    botAddress: fromAddress,
    otherOwnAddresses: email.imap.user.includes('@') ? [email.imap.user] : [],
  });
  if (setup.problems.length > 0) {
    throw new RapporteurError(
      'CONFIG_INVALID',
      `The mailing-list settings have ${setup.problems.length} problem(s): ${setup.problems.join(' ')}`,
      { hint: 'Fix MAIL_FROM and MAIL_LISTS (see .env.example) and start again.' },
    );
  }
  const ownSender = options.sender === undefined;
  const sender: BotSender =
    options.sender ??
    createSmtpSender({
      smtp: {
        host: email.smtp.host,
        port: email.smtp.port,
        secure: email.smtp.secure,
        ...(email.smtp.user && email.smtp.password
          ? { auth: { user: email.smtp.user, pass: email.smtp.password } }
          : {}),
      },
      from: email.from,
      logger,
      clock: runtime.clock,
      listAddresses: setup.lists.map((l) => l.address),
    });
  const counters: MailCounters = { handled: 0, answered: 0, ingested: 0, draftsPosted: 0, draftsRefused: 0 };
  const lists = createMailLists({
    deps,
    setup,
    logger,
    defaultTimeZone: runtime.config.defaultTimeZone,
    digestHour: email.digestHour,
  });
  const handle = createMailHandler({
    deps,
    clock: runtime.clock,
    logger,
    setup,
    lists,
    answers: createMailAnswers({
      sender,
      setup,
      fromAddress,
      clock: runtime.clock,
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      ...(options.limiter ? { limiter: options.limiter } : {}),
    }),
    posters: postersOf(email.staff),
    commands: options.commands ?? COMMANDS,
    authservIds: email.authservIds ?? [],
    documents: email.documents,
    counters,
  });
  let reader: ImapReader | undefined;

  return {
    prepare: () => lists.prepare(),
    async start() {
      if (reader) return;
      await lists.prepare();
      if (ownSender && sender.verify) {
        // Tell the operator early about bad SMTP settings, but read mail even while SMTP is down.
        await sender
          .verify()
          .catch((error: unknown) =>
            logger.warn(
              { code: isRapporteurError(error) ? error.code : 'UNAVAILABLE' },
              'the SMTP server could not be reached at start; answers will be retried',
            ),
          );
      }
      reader = createImapReader({
        host: email.imap.host,
        port: email.imap.port,
        secure: email.imap.secure,
        auth: { user: email.imap.user, pass: email.imap.password },
        mailbox: email.imap.mailbox,
        state: options.state ?? fileMailboxState({ dataDir: runtime.config.dataDir, logger }),
        onMessage: async (mail) => {
          await handle(mail);
        },
        logger,
        pollIntervalMs: email.imap.pollMs,
        maxMessageBytes: email.maxMessageBytes,
        ...options.reader,
      });
      reader.start();
      logger.info({ lists: setup.lists.map((l) => l.key) }, 'mailing-list bot started');
    },
    ready() {
      if (!reader) return Promise.reject(new Error('the e-mail bot has not been started'));
      return reader.ready();
    },
    async stop() {
      await reader?.stop();
      if (ownSender) sender.close?.();
    },
    handle,
    status: () => ({ ...counters, ...(reader ? { reader: reader.status() } : {}) }),
  };
}
