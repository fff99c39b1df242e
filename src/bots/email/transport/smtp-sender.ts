import nodemailer, { type NodemailerError, type SMTPTransportOptions, type Transporter } from 'nodemailer';
import { isMailAddress, normaliseAddress, parseAddressList } from '../../../core/email/headers.js';
import { messageIdFor, threadingHeaders } from '../../../core/email/message-id.js';
import { RapporteurError } from '../../../core/errors.js';
import type { Clock, Logger, MailSender, OutboundMail, SentMail } from '../../../core/ports/index.js';
import { renderMail } from '../render.js';

/**
 * Outbound mail over SMTP (nodemailer). Every message is multipart/alternative (text and
 * HTML rendered from the Reply), marked as automatic so that vacation responders and other
 * bots stay quiet (Auto-Submitted, X-Auto-Response-Suppress, and Precedence: bulk on alerts
 * and digests), never an answer to a command sent to a list, stamped with X-Loop so the bot
 * recognises its own mail when a list sends it back, and given a Message-ID derived from the
 * delivery's idempotency key. SMTP failures become RapporteurErrors whose code tells the job
 * layer whether to retry.
 */

/** SMTP connection settings (a subset of nodemailer's, so the bot never reads files or URLs). */
export interface SmtpConnection {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS is used when the server offers it. */
  secure: boolean;
  /** Refuse to send without STARTTLS (recommended for anything but 127.0.0.1). */
  requireTLS?: boolean;
  auth?: { user: string; pass: string };
  /** Name announced in EHLO; defaults to the machine's host name. */
  name?: string;
  /** Milliseconds before a connection attempt, the greeting or an idle socket time out. */
  timeoutMs?: number;
  /** Keep connections open and reuse them (for digests to many subscribers). */
  pool?: boolean;
  tls?: { rejectUnauthorized?: boolean; servername?: string };
}

/** Configuration of {@link createSmtpSender}. */
export interface SmtpSenderConfig {
  smtp: SmtpConnection;
  /** The bot's From, e.g. `Rapporteur <rapporteur@lists.example.org>`. */
  from: string;
  /** Domain of generated Message-IDs; defaults to the domain of `from`. */
  messageIdDomain?: string;
  /** Prefix for every subject, e.g. `[Rapporteur]`. */
  subjectPrefix?: string;
  /**
   * Posting addresses of the lists the bot writes to. An answer to a command
   * (`auto-replied`) addressed to one of them is refused: answers go to people, never lists.
   */
  listAddresses?: readonly string[];
  logger: Logger;
  /** Source of the Date header; the wall clock by default. */
  clock?: Clock;
}

/** An SMTP-backed {@link MailSender}. */
export interface SmtpSender extends MailSender {
  /** Connects and authenticates once, to fail fast on bad settings at start-up. */
  verify(): Promise<void>;
  /** Closes pooled connections. */
  close(): void;
}

const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'EPROXY',
  'EMAXLIMIT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** The RFC 3463 enhanced status code in an SMTP reply (`5.1.1`), if any. */
function enhancedStatus(response: string | undefined): string | undefined {
  return response === undefined ? undefined : /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(response)?.[1];
}

/**
 * Maps a nodemailer failure to a RapporteurError. Permanent refusals (5xx): unknown
 * recipients -> NOT_FOUND, policy and authentication refusals -> PERMISSION_DENIED, too big
 * -> LIMIT_EXCEEDED; transient ones (4xx, 503, connection and timeout errors) ->
 * UNAVAILABLE, which the job layer retries. Details name codes, never addresses or text.
 */
export function classifySmtpError(error: unknown): RapporteurError {
  if (error instanceof RapporteurError) return error;
  const e = (error ?? {}) as NodemailerError;
  const first = e.rejectedErrors?.[0];
  const responseCode = e.responseCode ?? first?.responseCode;
  const status = enhancedStatus(e.response ?? first?.response);
  const details: Record<string, unknown> = {
    ...(e.code === undefined ? {} : { smtpError: e.code }),
    ...(responseCode === undefined ? {} : { responseCode }),
    ...(status === undefined ? {} : { enhancedStatus: status }),
    ...(e.command === undefined ? {} : { command: e.command.split(' ')[0] }),
    ...(e.rejected === undefined ? {} : { rejectedCount: e.rejected.length }),
  };
  const options = { details, cause: error };

  if (responseCode === undefined) {
    if (e.code === 'EAUTH' || e.code === 'ENOAUTH') {
      return new RapporteurError('PERMISSION_DENIED', 'The SMTP server refused the login.', {
        ...options,
        hint: 'Check the SMTP user and password in the configuration.',
      });
    }
    if (e.code === 'ETLS' || e.code === 'EREQUIRETLS') {
      return new RapporteurError('UNAVAILABLE', 'The secure connection to the SMTP server failed.', {
        ...options,
        hint: 'Check the SMTP host, port and TLS settings; the server may also be restarting.',
      });
    }
    if (e.code === 'EENVELOPE' || e.code === 'EMESSAGE' || e.code === 'EMAXRECIPIENTS') {
      return new RapporteurError(
        'INVALID_ARGUMENT',
        'The message could not be addressed or built for sending.',
        {
          ...options,
          hint: 'Check the recipients and the sender address.',
        },
      );
    }
    if (TRANSIENT_CODES.has(e.code ?? '') || TRANSIENT_CODES.has(e.originalCode ?? '')) {
      return new RapporteurError('UNAVAILABLE', 'The SMTP server could not be reached.', {
        ...options,
        hint: 'The message will be retried; check the SMTP host and port if this persists.',
      });
    }
    return new RapporteurError('UNAVAILABLE', 'Sending the mail failed for an unknown reason.', {
      ...options,
      hint: 'The message will be retried; see the logs if this persists.',
    });
  }

  if (responseCode < 500 || responseCode === 503) {
    return new RapporteurError('UNAVAILABLE', `The SMTP server deferred the message (${responseCode}).`, {
      ...options,
      hint: 'The message will be retried later.',
    });
  }
  if (e.code === 'EAUTH' || responseCode === 535 || responseCode === 534 || responseCode === 530) {
    return new RapporteurError('PERMISSION_DENIED', `The SMTP server refused the login (${responseCode}).`, {
      ...options,
      hint: 'Check the SMTP user and password, and whether the account may send.',
    });
  }
  if (
    status?.startsWith('5.1.') ||
    ((responseCode === 550 || responseCode === 551) && status === undefined)
  ) {
    return new RapporteurError('NOT_FOUND', `The recipient does not exist (${status ?? responseCode}).`, {
      ...options,
      hint: 'Remove or correct the address in the subscription.',
    });
  }
  if (responseCode === 552 || status === '5.3.4' || status === '5.2.3') {
    return new RapporteurError(
      'LIMIT_EXCEEDED',
      `The message is too large for the server (${status ?? responseCode}).`,
      {
        ...options,
        hint: 'Send a shorter report or leave out the attachments.',
      },
    );
  }
  return new RapporteurError(
    'PERMISSION_DENIED',
    `The SMTP server refused the message (${status ?? responseCode}).`,
    {
      ...options,
      hint: 'The server’s policy rejected it; check the sender address, SPF/DKIM and the recipient’s rules.',
    },
  );
}

function checkedRecipients(list: readonly string[] | undefined, field: string): string[] {
  return (list ?? []).map((raw) => {
    const address = normaliseAddress(raw);
    if (!isMailAddress(address)) {
      throw new RapporteurError('INVALID_ARGUMENT', `A ${field} recipient is not a valid e-mail address.`, {
        hint: 'Use a plain address such as name@example.org.',
        details: { field },
      });
    }
    return address;
  });
}

function safeFilename(name: string): string {
  const clean = name.replace(/[\p{Cc}/\\]/gu, '_').trim();
  return clean === '' ? 'attachment' : clean.slice(0, 200);
}

/** Creates a {@link SmtpSender}. Throws CONFIG_INVALID when `from` is not an address. */
export function createSmtpSender(config: SmtpSenderConfig): SmtpSender {
  const fromAddress = normaliseAddress(parseAddressList(config.from)[0]?.address ?? '');
  if (!isMailAddress(fromAddress)) {
    throw new RapporteurError('CONFIG_INVALID', 'The bot’s From address is not a valid e-mail address.', {
      hint: 'Set it to something like "Rapporteur <rapporteur@lists.example.org>".',
    });
  }
  const domain = config.messageIdDomain ?? fromAddress.split('@')[1] ?? '';
  const lists = new Set((config.listAddresses ?? []).map(normaliseAddress));
  const log = config.logger.child({ component: 'smtp-sender' });
  const timeout = config.smtp.timeoutMs ?? 30_000;
  const options: SMTPTransportOptions = {
    host: config.smtp.host,
    port: config.smtp.port,
    secure: config.smtp.secure,
    ...(config.smtp.requireTLS === undefined ? {} : { requireTLS: config.smtp.requireTLS }),
    ...(config.smtp.auth === undefined
      ? {}
      : { auth: { user: config.smtp.auth.user, pass: config.smtp.auth.pass } }),
    ...(config.smtp.name === undefined ? {} : { name: config.smtp.name }),
    ...(config.smtp.tls === undefined ? {} : { tls: config.smtp.tls }),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 2,
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  };
  const transport: Transporter = config.smtp.pool
    ? nodemailer.createTransport({ ...options, pool: true })
    : nodemailer.createTransport(options);

  return {
    async verify() {
      try {
        await transport.verify();
      } catch (error) {
        throw classifySmtpError(error);
      }
    },

    close() {
      transport.close();
    },

    async send(mail: OutboundMail): Promise<SentMail> {
      const to = checkedRecipients(mail.to, 'To');
      const cc = checkedRecipients(mail.cc, 'Cc');
      if (to.length + cc.length === 0) {
        throw new RapporteurError('INVALID_ARGUMENT', 'A mail needs at least one recipient.', {
          hint: 'Give a list address or a subscriber address.',
        });
      }
      const autoSubmitted = mail.autoSubmitted ?? 'auto-generated';
      if (autoSubmitted === 'auto-replied' && [...to, ...cc].some((a) => lists.has(a))) {
        throw new RapporteurError(
          'INVALID_ARGUMENT',
          'An answer to a command may not be sent to a mailing list.',
          {
            hint: 'Answer the person who sent the command; post to the list only as an alert or digest.',
          },
        );
      }
      const messageId = messageIdFor(mail.idempotencyKey, domain);
      const thread = threadingHeaders(mail.thread);
      const rendered = renderMail(mail.reply, {
        ...(mail.subject === undefined ? {} : { subject: mail.subject }),
        ...(config.subjectPrefix === undefined ? {} : { subjectPrefix: config.subjectPrefix }),
        ...(mail.timeZone === undefined ? {} : { timeZone: mail.timeZone }),
        ...(config.clock === undefined ? {} : { now: config.clock.now() }),
      });
      const started = Date.now();
      try {
        const info = await transport.sendMail({
          from: config.from,
          to,
          ...(cc.length > 0 ? { cc } : {}),
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          messageId,
          ...(config.clock === undefined ? {} : { date: config.clock.now() }),
          ...(thread.inReplyTo === undefined ? {} : { inReplyTo: thread.inReplyTo }),
          ...(thread.references.length > 0 ? { references: thread.references } : {}),
          headers: {
            'Auto-Submitted': autoSubmitted,
            'X-Auto-Response-Suppress': 'All',
            'X-Loop': fromAddress,
            // Alerts and digests are bulk mail; older vacation programs look only at this.
            ...(autoSubmitted === 'auto-generated' ? { Precedence: 'bulk' } : {}),
          },
          attachments: mail.reply.attachments.map((a) => ({
            filename: safeFilename(a.filename),
            contentType: a.contentType,
            content: typeof a.content === 'string' ? a.content : Buffer.from(a.content),
          })),
          xMailer: false,
          disableFileAccess: true,
          disableUrlAccess: true,
        });
        const accepted = (info.accepted ?? []).map((a: string | { address: string }) =>
          normaliseAddress(typeof a === 'string' ? a : a.address),
        );
        const rejected = (info.rejected ?? []).map((a: string | { address: string }) =>
          normaliseAddress(typeof a === 'string' ? a : a.address),
        );
        const facts = {
          messageId,
          accepted: accepted.length,
          rejected: rejected.length,
          ms: Date.now() - started,
        };
        if (rejected.length > 0) log.warn(facts, 'mail sent, but the server refused some recipients');
        else log.info(facts, 'mail sent');
        return { messageId, accepted, rejected };
      } catch (error) {
        const classified = classifySmtpError(error);
        log.warn({ messageId, code: classified.code, ...classified.details }, 'mail not sent');
        throw classified;
      }
    },
  };
}
