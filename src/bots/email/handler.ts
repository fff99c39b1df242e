import { createHash, randomUUID } from 'node:crypto';
import { type Attachment, simpleParser } from 'mailparser';
import { type AppDeps, resolveProcess } from '../../core/app/context.js';
import { ingestMail, mailActor, onStaffList } from '../../core/app/mail-ingest.js';
import { getMe } from '../../core/app/setup.js';
import type { IncomingFile } from '../../core/commands/args.js';
import { runTextCommand } from '../../core/commands/index.js';
import type { Command } from '../../core/commands/types.js';
import type { Document } from '../../core/documents/types.js';
import {
  commandText,
  type InboundPlan,
  type MailList,
  type MailSetup,
  planInbound,
  revisionKeyOf,
} from '../../core/email/inbound.js';
import type { DraftPosters } from '../../core/email/sender-auth.js';
import { type InboundTriage, triageInbound } from '../../core/email/triage.js';
import { isRapporteurError } from '../../core/errors.js';
import type { Clock, InboundMail, Logger } from '../../core/ports/index.js';
import { type Reply, reply } from '../../core/reply.js';
import type { AnswerOutcome, MailAnswers } from './answers.js';
import type { MailLists } from './lists.js';

/**
 * The listener for one message the IMAP reader hands over: triage and plan (core), then a
 * command run and answered, or the content handed to the mail-ingest use case. Decisions
 * about who may post what are the use case's; this file reads MIME and talks to people.
 */

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
export interface MailCounters {
  handled: number;
  answered: number;
  ingested: number;
  draftsPosted: number;
  draftsRefused: number;
}

export interface MailHandlerOptions {
  deps: AppDeps;
  clock: Clock;
  logger: Logger;
  setup: MailSetup;
  lists: MailLists;
  answers: MailAnswers;
  posters: DraftPosters;
  commands: readonly Command[];
  /** MAIL_AUTHSERV_ID: whose Authentication-Results are believed. */
  authservIds: readonly string[];
  /** Per list key, the document its drafts belong to (MAIL_DOCUMENTS). */
  documents?: Readonly<Record<string, string>> | undefined;
  /** Counted into as messages are handled. */
  counters: MailCounters;
}

/** The handler's options, with answers counted. */
interface HandlerContext extends MailHandlerOptions {
  answer: MailAnswers['answer'];
}

/** Builds the message handler (the reader's `onMessage`). */
export function createMailHandler(options: MailHandlerOptions): (mail: InboundMail) => Promise<MailOutcome> {
  const { deps, answers, counters } = options;

  async function answer(...args: Parameters<MailAnswers['answer']>): Promise<AnswerOutcome> {
    const outcome = await answers.answer(...args);
    if (outcome.kind === 'answered') counters.answered++;
    return outcome;
  }
  const ctx: HandlerContext = { ...options, answer };

  async function route(
    mail: InboundMail,
    triage: InboundTriage,
    plan: Exclude<InboundPlan, { action: 'ignore' }>,
    log: Logger,
  ): Promise<MailOutcome> {
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
      if (text !== undefined) return await runCommandMail(ctx, mail, triage, plan, text, log);
      if (!plan.list || !doc) {
        log.info({}, 'mail to the bot without a command; ignored');
        return { kind: 'ignored', reason: 'no-command' };
      }
      return await readContent(ctx, mail, triage, plan.list, doc, 'direct', log);
    }
    if (!doc) return { kind: 'ignored', reason: 'unreadable' };
    return await readContent(ctx, mail, triage, plan.list, doc, 'list', log);
  }

  return async function handle(mail: InboundMail): Promise<MailOutcome> {
    counters.handled++;
    const triage = triageInbound(mail.raw, {
      routes: options.setup.routes,
      policy: options.setup.policy,
      authservIds: options.authservIds,
    });
    const plan = planInbound(triage, options.setup);
    const log = options.logger.child({
      uid: mail.uid,
      message: shortHash(messageKey(mail, triage)),
      ...(plan.action !== 'ignore' && plan.list ? { list: plan.list.key } : {}),
    });
    if (plan.action === 'ignore') {
      log.info({ reason: plan.reason }, 'ignored a message');
      return { kind: 'ignored', reason: plan.reason };
    }
    try {
      return await route(mail, triage, plan, log);
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
  };
}

/**
 * The command words of a command line ("meetings show"), without its arguments: the
 * answer's subject repeats these and nothing else the sender wrote.
 */
function commandWords(commands: readonly Command[], text: string): string | undefined {
  const tokens = text.trim().replace(/^\//, '').toLowerCase().split(/\s+/);
  if (tokens[0] === 'rapporteur') tokens.shift();
  const [group, name] = tokens;
  if (!group) return undefined;
  if (commands.some((c) => c.group === group && c.name === name)) return `${group} ${name}`;
  if (commands.some((c) => c.group === group)) return group;
  return group === 'help' ? 'help' : undefined;
}

async function runCommandMail(
  ctx: HandlerContext,
  mail: InboundMail,
  triage: InboundTriage,
  plan: Extract<InboundPlan, { action: 'direct' }>,
  text: string,
  log: Logger,
): Promise<MailOutcome> {
  const { answers, answer, setup, lists, deps, posters, commands } = ctx;
  const to = answers.recipientOf(triage, plan);
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
  const key = `answer:${messageKey(mail, triage)}`;
  if (!plan.list) {
    return answer(to, triage, key, whichListReply(setup), undefined, log, commandWords(commands, text));
  }
  const scope = await lists.scopeOf(plan.list);
  const actor = mailActor(triage, posters);
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
  return answer(to, triage, key, result, zone, log, commandWords(commands, text));
}

async function readContent(
  ctx: HandlerContext,
  mail: InboundMail,
  triage: InboundTriage,
  list: MailList,
  doc: Document,
  via: 'list' | 'direct',
  log: Logger,
): Promise<MailOutcome> {
  const { answers, answer, lists, deps, posters, counters } = ctx;
  const scope = await lists.scopeOf(list);
  const actor = mailActor(triage, posters);
  let parts: Promise<Attachment[]> | undefined;
  const result = await ingestMail(
    deps,
    scope,
    actor,
    {
      via,
      process: list.process,
      message: doc,
      subject: triage.subject,
      revisionKey: revisionKeyOf(triage),
      seenAt: seenAtOf(mail, ctx.clock.now()),
      configuredDocument: ctx.documents?.[list.key],
      async draftBytes(draft) {
        parts ??= mimeAttachments(mail.raw);
        const part = (await parts)[draft.index];
        const seen = doc.attachments[draft.index];
        if (
          !part ||
          (part.filename?.trim() || undefined) !== seen?.filename ||
          part.content.length !== seen?.size
        ) {
          return undefined;
        }
        return new Uint8Array(part.content);
      },
      async onDraftsRefused(count) {
        counters.draftsRefused += count;
        log.warn(
          {
            drafts: count,
            authenticated: triage.sender.authenticated,
            onStaffList: onStaffList(triage.sender.address, posters),
            why: triage.sender.detail,
          },
          'refused a draft from a sender who is not authenticated chairs staff; nothing was posted',
        );
        if (!triage.verdict.answerable) return;
        const to = answers.recipientOf(triage, { replyTo: triage.verdict.replyTo });
        if (to) {
          await answer(
            to,
            triage,
            `refusal:${messageKey(mail, triage)}`,
            refusalReply(list, triage),
            undefined,
            log,
          );
        }
      },
    },
    log,
  );
  counters.draftsPosted += result.drafts.posted;
  if (result.announcement?.created) counters.ingested++;
  return {
    kind: 'read',
    ...(result.announcement ? { announcement: result.announcement } : {}),
    drafts: result.drafts,
  };
}

/** The message's identity: its Message-ID, else where the reader found it. */
function messageKey(mail: InboundMail, triage: InboundTriage): string {
  return triage.messageId ?? `${mail.source}:${mail.uidValidity}:${mail.uid}`;
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
