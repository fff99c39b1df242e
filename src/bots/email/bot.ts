import { createHash, randomUUID } from 'node:crypto';
import { type Attachment, simpleParser } from 'mailparser';
import type { Actor, AppDeps, Scope } from '../../core/app/context.js';
import { resolveProcess, tenantFor } from '../../core/app/context.js';
import { postDraftVersion } from '../../core/app/drafts.js';
import { ingestSource } from '../../core/app/schedule.js';
import { followProcess, getMe, queueTrouble, setStaff, updateSubscription } from '../../core/app/setup.js';
import type { IncomingFile } from '../../core/commands/args.js';
import { COMMANDS, runTextCommand } from '../../core/commands/index.js';
import type { Command } from '../../core/commands/types.js';
import type { Document } from '../../core/documents/types.js';
import { draftNames, readMessageContent } from '../../core/email/content.js';
import { headerValue, parseAddressList } from '../../core/email/headers.js';
import {
  commandText,
  type InboundPlan,
  type MailList,
  type MailSetup,
  mailSetup,
  planInbound,
  revisionKeyOf,
} from '../../core/email/inbound.js';
import { isSystemAddress, ReplyRateLimiter } from '../../core/email/loop-safety.js';
import { type DraftPosters, mayPostDrafts } from '../../core/email/sender-auth.js';
import { type InboundTriage, triageInbound } from '../../core/email/triage.js';
import { isRapporteurError, RapporteurError } from '../../core/errors.js';
import type { InboundMail, Logger, MailboxState, MailSender } from '../../core/ports/index.js';
import { type Reply, reply } from '../../core/reply.js';
import { channelPlatform } from '../../core/store.js';
import type { Runtime } from '../../runtime.js';
import {
  createImapReader,
  type ImapReader,
  type ImapReaderConfig,
  type ImapReaderStatus,
} from './imap-reader.js';
import { fileMailboxState } from './mailbox-state.js';
import { replySubject } from './render.js';
import { createSmtpSender } from './smtp-sender.js';

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
 * The adapter holds no business rules: permissions are decided by the use cases from an
 * Actor that holds the `mail-staff` role only for authenticated staff senders.
 */

/** The platform role given to authenticated chairs' staff senders; granted `poster` per list at start. */
export const MAIL_STAFF_ROLE = 'mail-staff';

/** The actor the configuration acts as when it sets lists up (the operator's authority). */
const CONFIGURATION: Actor = {
  userId: 'configuration',
  displayName: 'Rapporteur configuration',
  platformRoleIds: [],
  isAdmin: true,
};

/** What the bot sends answers with: any {@link MailSender}; an SMTP one is verified and closed. */
export type BotSender = MailSender & { verify?(): Promise<void>; close?(): void };

/** Options of {@link createEmailBot}. */
export interface EmailBotOptions {
  runtime: Runtime;
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
}

/** What the bot did with one message (logged, and returned for tests and tools). */
export type MailOutcome =
  | { kind: 'ignored'; reason: string }
  | { kind: 'answered'; messageId: string }
  | { kind: 'not-answered'; reason: 'unanswerable' | 'rate-limited' }
  | {
      kind: 'read';
      /** Whether an announcement was recorded as a new source. */
      announcement?: { created: boolean; changes: number; alerts: number };
      drafts: { posted: number; refused: number };
    };

/** Counters for health checks. */
export interface EmailBotStatus {
  reader?: ImapReaderStatus;
  handled: number;
  answered: number;
  ingested: number;
  draftsPosted: number;
  draftsRefused: number;
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

/** Creates the mailing-list bot from a runtime whose configuration has `email` set. */
export function createEmailBot(options: EmailBotOptions): EmailBot {
  const { runtime } = options;
  const email = runtime.config.email;
  if (!email) {
    throw new RapporteurError('CONFIG_INVALID', 'The mailing-list bot needs IMAP and SMTP settings.', {
      hint: 'Set IMAP_HOST, IMAP_USER, IMAP_PASSWORD, SMTP_HOST, MAIL_FROM and MAIL_LISTS (see .env.example).',
    });
  }
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
  const posters = postersOf(email.staff);
  const commands = options.commands ?? COMMANDS;
  const windowMs = options.rateLimit?.windowMs ?? 3_600_000;
  const limiter = new ReplyRateLimiter({ windowMs, max: options.rateLimit?.max ?? 5, clock: runtime.clock });
  // One domain may hold many forged addresses, and many domains one attacker: both are capped.
  const domainLimiter = new ReplyRateLimiter({
    windowMs,
    max: options.rateLimit?.perDomain ?? 20,
    clock: runtime.clock,
  });
  const totalLimiter = new ReplyRateLimiter({
    windowMs,
    max: options.rateLimit?.total ?? 200,
    clock: runtime.clock,
  });
  // Answers whose rate-limit slot was taken already: a retry after a failed send must not
  // spend a second one.
  const acquired = new Set<string>();
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
  const status: EmailBotStatus = { handled: 0, answered: 0, ingested: 0, draftsPosted: 0, draftsRefused: 0 };
  let reader: ImapReader | undefined;

  /** The tenant a list's mail acts in, without a channel (for creating its process). */
  async function tenantScopeOf(list: MailList): Promise<Scope> {
    if (!list.tenant.shared) return { platform: 'email', tenantExternalId: list.key, tenantName: list.key };
    // The chat platform names its server or workspace: keep that name rather than overwrite it.
    const known = await deps.store.findTenant(list.tenant.platform, list.tenant.externalId);
    const kind = list.tenant.platform === 'discord' ? 'Discord server' : 'Slack workspace';
    return {
      platform: list.tenant.platform,
      tenantExternalId: list.tenant.externalId,
      tenantName: known?.name ?? `${kind} ${list.tenant.externalId}`,
    };
  }

  /** The scope of a list's mail: its tenant, with the list address as the channel. */
  async function scopeOf(list: MailList): Promise<Scope> {
    return { ...(await tenantScopeOf(list)), channelId: list.address, channelName: list.address };
  }

  async function setUpLists(): Promise<void> {
    const homes = new Map<string, string>();
    for (const list of setup.lists) {
      const scope = await scopeOf(list);
      const { tenant, store } = await tenantFor(deps, scope);
      homes.set(list.address, tenant.id);
      let process = await store.findProcess(list.process);
      if (!process) {
        const zone = runtime.config.defaultTimeZone;
        ({ process } = await followProcess(deps, await tenantScopeOf(list), CONFIGURATION, {
          name: list.process,
          ...(zone ? { settings: { defaultTimeZone: zone } } : {}),
        }));
      }
      let channel = await store.findChannel(list.address);
      if (!channel) {
        // Bound as an e-mail channel from its first moment, so that in a Discord or Slack
        // tenant no alert is ever addressed to it on the tenant's own platform.
        channel = await store.bindChannel({
          processId: process.id,
          platformChannelId: list.address,
          name: list.address,
          platform: 'email',
        });
      }
      if (channel.processId !== process.id || !(await store.getSubscription(channel.id))) {
        await followProcess(deps, scope, CONFIGURATION, { name: list.process });
        logger.info({ list: list.key, tenant: list.tenant.platform }, 'the list follows its process');
      }
      if (channelPlatform(channel, tenant) !== 'email') {
        await store.bindChannel({
          processId: process.id,
          platformChannelId: list.address,
          platform: 'email',
        });
      }
      await setStaff(deps, scope, CONFIGURATION, {
        principal: { kind: 'platform-role', id: MAIL_STAFF_ROLE },
        grant: true,
      });
      // The configuration is the only authority over a list's digest: nobody administers a
      // list tenant by mail, so removing MAIL_DIGEST_HOUR turns the digest off again.
      const hour = email?.digestHour ?? null;
      const bound = await store.findChannel(list.address);
      const subscription = bound ? await store.getSubscription(bound.id) : undefined;
      if (subscription && subscription.digestHour !== hour) {
        await updateSubscription(deps, scope, CONFIGURATION, { digestHour: hour });
      }
    }
    await releaseMovedLists(homes);
  }

  /**
   * Unbinds each list's address from tenants it no longer feeds (MAIL_LISTS moved it), which
   * would otherwise keep sending it their reminders and alerts: the list's own tenant once it
   * feeds a chat tenant, and chat tenants where the bot had bound it as an `email` channel.
   * Other tenants of lists are left alone: there, an operator may have made one list's address
   * follow another list's process on purpose.
   */
  async function releaseMovedLists(homes: ReadonlyMap<string, string>): Promise<void> {
    for (const tenant of await deps.store.listTenants()) {
      const isOwn = (list: MailList) => tenant.platform === 'email' && tenant.externalId === list.key;
      const candidates = setup.lists.filter(
        (list) => homes.get(list.address) !== tenant.id && (tenant.platform !== 'email' || isOwn(list)),
      );
      if (candidates.length === 0) continue;
      // One read per tenant: a server follows few channels, and starts must stay quick with thousands.
      const store = deps.store.tenant(tenant.id);
      const channels = await store.listChannels();
      for (const list of candidates) {
        const channel = channels.find((c) => c.platformChannelId === list.address);
        if (!channel || (!isOwn(list) && channel.platform !== 'email')) continue;
        await deps.queue.scheduleDigest(tenant.id, channel.id, null).catch((err) => queueTrouble(deps, err));
        await store.unbindChannel(channel.id);
        logger.info(
          { list: list.key, from: tenant.platform, to: list.tenant.platform },
          'the list feeds another tenant now; released its channel in the one it fed before',
        );
      }
    }
  }

  /**
   * The command words of a command line ("meetings show"), without its arguments: the
   * answer's subject repeats these and nothing else the sender wrote.
   */
  function commandWords(text: string): string | undefined {
    const tokens = text.trim().replace(/^\//, '').toLowerCase().split(/\s+/);
    if (tokens[0] === 'rapporteur') tokens.shift();
    const [group, name] = tokens;
    if (!group) return undefined;
    if (commands.some((c) => c.group === group && c.name === name)) return `${group} ${name}`;
    if (commands.some((c) => c.group === group)) return group;
    return group === 'help' ? 'help' : undefined;
  }

  /**
   * Whom an answer may go to: only the sender the bot's own mail server authenticated (its
   * From, aligned with a passing DMARC, DKIM or SPF result), never a Reply-To, and nobody
   * when the sender is unproven: a forged From would otherwise make the bot write to
   * whoever the forger named. Loop safety must also have found the message answerable.
   */
  function recipientOf(triage: InboundTriage, plan: { replyTo?: string | undefined }): string | undefined {
    const from = triage.sender.address;
    if (!plan.replyTo || !triage.sender.authenticated || !from) return undefined;
    // Loop safety chose a Reply-To over a From that is a mail system (noreply@, mailer-daemon@).
    if (plan.replyTo !== from && isSystemAddress(from)) return undefined;
    if (setup.lists.some((l) => l.address === from) || from === fromAddress) return undefined;
    return from;
  }

  function actorOf(triage: InboundTriage): Actor {
    const from = parseAddressList(headerValue(triage.headers, 'from') ?? '')[0];
    const staff = mayPostDrafts(triage.sender, posters);
    return {
      userId: triage.sender.address || 'unknown-sender',
      ...(from?.name ? { displayName: from.name.slice(0, 100) } : {}),
      platformRoleIds: staff ? [MAIL_STAFF_ROLE] : [],
      isAdmin: false,
    };
  }

  /** Sends an answer to one person, once per inbound message, within the rate limit. */
  async function answer(
    to: string,
    triage: InboundTriage,
    key: string,
    body: Reply,
    zone: string | undefined,
    log: Logger,
    subjectWords?: string,
  ): Promise<MailOutcome> {
    if (!acquired.has(key)) {
      // The cheapest limit is checked first so a refused answer spends no slot of the wider ones.
      const domain = to.split('@').pop() ?? '';
      const checks = [
        ['address', limiter, to],
        ['domain', domainLimiter, `@${domain}`],
        ['total', totalLimiter, '*'],
      ] as const;
      for (const [scope, which, id] of checks) {
        const decision = which.tryAcquire(id);
        if (!decision.allowed) {
          log.warn(
            { limit: scope, retryAfterMs: decision.retryAfterMs },
            scope === 'address'
              ? 'not answered: this sender reached the answer limit'
              : `not answered: the ${scope} answer limit was reached`,
          );
          return { kind: 'not-answered', reason: 'rate-limited' };
        }
      }
      acquired.add(key);
      if (acquired.size > 1000) acquired.delete(acquired.values().next().value as string);
    }
    const sent = await sender.send({
      to: [to],
      reply: body,
      // Our own title, never the incoming subject: a stranger's words must not travel on
      // in mail the bot signs (threading headers keep the answer in its thread).
      subject: replySubject(subjectWords ?? body.title),
      idempotencyKey: key,
      thread: triage.replyThread,
      autoSubmitted: 'auto-replied',
      ...(zone ? { timeZone: zone } : {}),
    });
    acquired.delete(key);
    status.answered++;
    log.info({ answer: sent.messageId }, 'answered by mail');
    return { kind: 'answered', messageId: sent.messageId };
  }

  async function runCommandMail(
    mail: InboundMail,
    triage: InboundTriage,
    plan: Extract<InboundPlan, { action: 'direct' }>,
    text: string,
    log: Logger,
  ): Promise<MailOutcome> {
    const to = recipientOf(triage, plan);
    if (!to) {
      log.info(
        {
          reason: plan.replyTo ? 'sender-not-authenticated' : triage.verdict.reason,
          why: triage.sender.detail,
        },
        'a command that may not be answered; ignored',
      );
      return { kind: 'not-answered', reason: 'unanswerable' };
    }
    const key = `answer:${triage.messageId ?? `${mail.source}:${mail.uidValidity}:${mail.uid}`}`;
    if (!plan.list) {
      return answer(to, triage, key, whichListReply(setup), undefined, log, commandWords(text));
    }
    const scope = await scopeOf(plan.list);
    const actor = actorOf(triage);
    const person = await getMe(deps, scope, actor);
    const process = await resolveProcess(deps, scope, plan.list.process).catch(() => undefined);
    const zone = person?.timeZone ?? process?.process.settings.defaultTimeZone ?? undefined;
    const files = await incomingFiles(mail.raw);
    const result = await runTextCommand(
      commands,
      { deps, scope, actor, requestId: `mail-${randomUUID().slice(0, 8)}`, ...(zone ? { zone } : {}) },
      text,
      files.length > 0 ? { files } : {},
    );
    return answer(to, triage, key, result, zone, log, commandWords(text));
  }

  async function readContent(
    mail: InboundMail,
    triage: InboundTriage,
    list: MailList,
    doc: Document,
    via: 'list' | 'direct',
    log: Logger,
  ): Promise<MailOutcome> {
    const scope = await scopeOf(list);
    const resolved = await resolveProcess(deps, scope, list.process);
    const settings = resolved.process.settings;
    const seenAt = seenAtOf(mail, runtime.clock.now());
    const content = readMessageContent(doc, {
      seenAt,
      defaultTimeZone: settings.defaultTimeZone ?? undefined,
      extraQualifiers: settings.extraQualifiers,
    });
    const actor = actorOf(triage);
    const staff = actor.platformRoleIds.includes(MAIL_STAFF_ROLE);
    const outcome: Extract<MailOutcome, { kind: 'read' }> = {
      kind: 'read',
      drafts: { posted: 0, refused: 0 },
    };
    for (const u of content.unreadable)
      log.info({ attachment: u.index, code: u.code }, 'an attachment could not be read');

    if (content.drafts.length > 0 && !staff) {
      outcome.drafts.refused = content.drafts.length;
      status.draftsRefused += content.drafts.length;
      log.warn(
        {
          drafts: content.drafts.length,
          authenticated: triage.sender.authenticated,
          onStaffList: onStaffList(triage.sender.address, posters),
          why: triage.sender.detail,
        },
        'refused a draft from a sender who is not authenticated chairs staff; nothing was posted',
      );
      if (triage.verdict.answerable) {
        const key = `refusal:${triage.messageId ?? `${mail.source}:${mail.uidValidity}:${mail.uid}`}`;
        const to = recipientOf(triage, { replyTo: triage.verdict.replyTo });
        if (to) await answer(to, triage, key, refusalReply(list, triage), undefined, log);
      }
    } else if (content.drafts.length > 0) {
      const parts = await mimeAttachments(mail.raw);
      const documents = (await resolved.store.listDocuments(resolved.process.id)).map((d) => d.name);
      for (const draft of content.drafts) {
        const part = parts[draft.index];
        const seen = doc.attachments[draft.index];
        if (
          !part ||
          (part.filename?.trim() || undefined) !== seen?.filename ||
          part.content.length !== seen?.size
        ) {
          log.error(
            { attachment: draft.index },
            'a draft attachment could not be matched to its bytes; skipped',
          );
          continue;
        }
        const names = draftNames({
          subject: triage.subject,
          filename: draft.filename,
          configured: email?.documents?.[list.key],
          known: documents,
        });
        try {
          const posted = await postDraftVersion(deps, scope, actor, {
            document: names.document,
            label: names.label,
            process: list.process,
            file: {
              name: draft.filename,
              contentType: draft.contentType,
              bytes: new Uint8Array(part.content),
            },
          });
          if (posted.created) {
            outcome.drafts.posted++;
            status.draftsPosted++;
          }
          if (!documents.includes(posted.document.name)) documents.push(posted.document.name);
          log.info(
            {
              document: posted.document.id,
              sequence: posted.version.sequence,
              created: posted.created,
              alerts: posted.alerts,
              reason: draft.reason,
            },
            posted.created ? 'posted a draft version from mail' : 'a draft from mail was already posted',
          );
        } catch (error) {
          if (isRapporteurError(error) && error.transient) throw error;
          log.warn(
            { attachment: draft.index, code: isRapporteurError(error) ? error.code : 'INTERNAL' },
            'a draft from mail could not be posted',
          );
        }
      }
    }

    const announcement = content.announcement;
    if (announcement && (via === 'list' || staff)) {
      const name =
        announcement.part === 'attachment'
          ? `${triage.subject || 'e-mail'} (${announcement.filename})`
          : triage.subject || `e-mail of ${seenAt.slice(0, 10)}`;
      const result = await ingestSource(deps, resolved, {
        document: announcement.document,
        source: { kind: 'email', name: name.slice(0, 300), revisionKey: revisionKeyOf(triage), seenAt },
      });
      if (result.created) status.ingested++;
      outcome.announcement = {
        created: result.created,
        changes: result.changes.length,
        alerts: result.alerts,
      };
      log.info(
        {
          part: announcement.part,
          created: result.created,
          claims: result.claims.length,
          changes: result.changes.map((c) => c.kind),
          alerts: result.alerts,
        },
        result.created ? 'recorded an announcement from mail' : 'an announcement already known',
      );
    } else if (announcement) {
      log.info(
        { part: announcement.part },
        'meeting facts in direct mail from someone not on the staff; ignored',
      );
    } else if (content.drafts.length === 0) {
      log.debug({}, 'nothing to read in this message');
    }
    return outcome;
  }

  async function handle(mail: InboundMail): Promise<MailOutcome> {
    status.handled++;
    const triage = triageInbound(mail.raw, {
      routes: setup.routes,
      policy: setup.policy,
      authservIds: email?.authservIds ?? [],
    });
    const plan = planInbound(triage, setup);
    const log = logger.child({
      uid: mail.uid,
      message: shortHash(triage.messageId ?? `${mail.source}:${mail.uidValidity}:${mail.uid}`),
      ...(plan.action !== 'ignore' && plan.list ? { list: plan.list.key } : {}),
    });
    if (plan.action === 'ignore') {
      log.info({ reason: plan.reason }, 'ignored a message');
      return { kind: 'ignored', reason: plan.reason };
    }
    try {
      let doc: Document | undefined;
      try {
        // A copy of its own: the sandbox transfers the buffer it is given to its worker thread,
        // and the message's bytes are still needed (attachments, command files).
        doc = await deps.extractor.extract(new Uint8Array(mail.raw), {
          name: 'message.eml',
          contentType: 'message/rfc822',
        });
      } catch (error) {
        // A message the extractor cannot read (or that timed out) will not read better later.
        log.warn({ code: isRapporteurError(error) ? error.code : 'INTERNAL' }, 'could not read a message');
        if (plan.action !== 'direct') return { kind: 'ignored', reason: 'unreadable' };
      }
      if (plan.action === 'direct') {
        const text = commandText(triage.subject, doc?.text ?? '');
        if (text !== undefined) return await runCommandMail(mail, triage, plan, text, log);
        if (!plan.list || !doc) {
          log.info({}, 'mail to the bot without a command; ignored');
          return { kind: 'ignored', reason: 'no-command' };
        }
        return await readContent(mail, triage, plan.list, doc, 'direct', log);
      }
      if (!doc) return { kind: 'ignored', reason: 'unreadable' };
      return await readContent(mail, triage, plan.list, doc, 'list', log);
    } catch (error) {
      // Transient trouble (database, SMTP) is retried by the reader; anything else is a bug
      // or bad input that would fail again, so it is logged and the message skipped.
      if (isRapporteurError(error) && error.transient) throw error;
      log.error(
        isRapporteurError(error)
          ? { code: error.code }
          : {
              code: 'INTERNAL',
              // A bug: its stack is what an operator needs, and holds code, not mail.
              err: error instanceof Error ? { name: error.name, stack: error.stack } : String(error),
            },
        'handling a message failed; skipped',
      );
      return { kind: 'ignored', reason: 'failed' };
    }
  }

  return {
    prepare: setUpLists,
    async start() {
      if (reader) return;
      await setUpLists();
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
    status: () => ({ ...status, ...(reader ? { reader: reader.status() } : {}) }),
  };
}

/** `MAIL_STAFF` entries: addresses, and whole domains written `@domain`. */
export function postersOf(staff: readonly string[]): DraftPosters {
  return {
    addresses: staff.filter((s) => !s.startsWith('@') && s.includes('@')),
    domains: staff.filter((s) => s.startsWith('@') || !s.includes('@')).map((s) => s.replace(/^@/, '')),
  };
}

function onStaffList(address: string, posters: DraftPosters): boolean {
  const domain = address.split('@')[1] ?? '';
  return (posters.addresses ?? []).includes(address) || (posters.domains ?? []).includes(domain);
}

/** A short, stable digest for logs: Message-IDs can hold addresses. */
function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 12);
}

/** When the message was seen: the server's arrival time, unless it lies in the future. */
function seenAtOf(mail: InboundMail, now: Date): string {
  const received = mail.receivedAt ? Date.parse(mail.receivedAt) : Number.NaN;
  return Number.isFinite(received) && received <= now.getTime()
    ? new Date(received).toISOString()
    : now.toISOString();
}

async function mimeAttachments(raw: Uint8Array): Promise<Attachment[]> {
  const parsed = await simpleParser(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
  });
  return parsed.attachments;
}

/** Attachments as command files (`draft post` by mail). */
async function incomingFiles(raw: Uint8Array): Promise<IncomingFile[]> {
  const parts = await mimeAttachments(raw);
  return parts
    .filter((p) => !/^(image|audio|video)\//.test(p.contentType ?? '') && p.contentDisposition !== 'inline')
    .map((p, i) => {
      const bytes = new Uint8Array(p.content.buffer, p.content.byteOffset, p.content.byteLength);
      return {
        name: p.filename?.trim() || `attachment-${i + 1}`,
        size: p.size ?? bytes.byteLength,
        ...(p.contentType ? { contentType: p.contentType } : {}),
        read: async () => bytes,
      };
    });
}

/** The answer to a command sent to the plain address while the bot follows several lists. */
function whichListReply(setup: MailSetup): Reply {
  return reply('Which list is this about?', {
    tone: 'warning',
    summary: 'Rapporteur follows several lists. Write your command to the address of the list it is about:',
    sections: [{ items: setup.lists.map((l) => `${l.botAddress} for ${l.address} (${l.process})`) }],
  });
}

/** The answer to an outside sender's draft, when the message may be answered at all. */
function refusalReply(list: MailList, triage: InboundTriage): Reply {
  return reply('Draft not posted', {
    tone: 'warning',
    summary: `Only the chairs' staff of ${list.process} may post official versions, and Rapporteur could not confirm that this message came from them. Nothing was posted.`,
    sections: [
      {
        body: triage.sender.authenticated
          ? 'If you are chairs’ staff, ask the operator to add your address to the staff list.'
          : 'If you are chairs’ staff, send from your organisation’s mail server so that its signature (DKIM/DMARC) can be checked.',
      },
    ],
  });
}
