import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replySubject } from '../../src/bots/email/render.js';
import {
  createImapReader,
  createSmtpSender,
  type ImapReader,
  type SmtpSender,
} from '../../src/bots/email/transport/index.js';
import { ReplyRateLimiter } from '../../src/core/email/loop-safety.js';
import { triageInbound } from '../../src/core/email/triage.js';
import { type InboundMail, memoryMailboxState } from '../../src/core/ports/index.js';
import { reply } from '../../src/core/reply.js';
import { type Dovecot, dovecotUsable, startDovecot } from '../helpers/dovecot.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { type SmtpCapture, startSmtpCapture } from '../helpers/smtp-capture.js';

/**
 * The e-mail pieces wired the way the inbound use case will wire them (with a stand-in for
 * the command registry): real IMAP in, header triage, rate limit, real SMTP out.
 */

const usable = dovecotUsable();

describe.skipIf(!usable)('mail in, answer out (Dovecot -> reader -> triage -> SMTP)', () => {
  let dovecot: Dovecot;
  let capture: SmtpCapture;
  let sender: SmtpSender;
  let reader: ImapReader;
  const decisions: string[] = [];
  const clock = { now: () => new Date('2014-06-04T08:00:00Z') };
  const limiter = new ReplyRateLimiter({ windowMs: 3_600_000, max: 2, clock });
  const policy = { ownAddresses: ['bot@example.org'], listAddresses: ['wsis@lists.example.org'] };
  const routes = [
    {
      tenant: 'civil-society',
      process: 'wsis-10',
      listIds: ['<wsis.lists.example.org>'],
      addresses: ['bot@example.org'],
    },
  ];

  async function onMessage(mail: InboundMail): Promise<void> {
    const t = triageInbound(mail.raw, { routes, policy });
    if (!t.verdict.answerable) {
      decisions.push(`ignored:${t.verdict.reason}`);
      return;
    }
    const allowed = limiter.tryAcquire(t.verdict.replyTo);
    if (!allowed.allowed) {
      decisions.push('rate-limited');
      return;
    }
    decisions.push(`answered:${t.subject}`);
    await sender.send({
      to: [t.verdict.replyTo],
      reply: reply(`Brackets in ${t.subject.split(' ').pop()}`, {
        summary: `${t.route?.process}: 7 brackets remain in Action Line C9 (Media).`,
      }),
      subject: replySubject(t.subject),
      idempotencyKey: `answer:${t.messageId ?? `${mail.uidValidity}:${mail.uid}`}`,
      thread: t.replyThread,
      autoSubmitted: 'auto-replied',
    });
  }

  beforeAll(async () => {
    dovecot = await startDovecot();
    capture = await startSmtpCapture();
    sender = createSmtpSender({
      smtp: { host: capture.host, port: capture.port, secure: false, timeoutMs: 3000 },
      from: 'Rapporteur <bot@example.org>',
      listAddresses: policy.listAddresses,
      logger: recordingLogger(),
      clock,
    });
    reader = createImapReader({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      startTls: false,
      auth: dovecot.users.bot,
      mailbox: 'INBOX',
      state: memoryMailboxState(),
      onMessage,
      logger: recordingLogger(),
      pollIntervalMs: 30_000,
    });
    reader.start();
    await reader.ready();
  });

  afterAll(async () => {
    await reader?.stop();
    sender?.close();
    await capture?.stop();
    await dovecot?.stop();
  });

  const deliver = (lines: string[]) => dovecot.append(dovecot.users.bot, `${lines.join('\r\n')}\r\n`);

  it('answers a command by mail in its thread, and ignores auto-replies, list posts and floods', async () => {
    await deliver([
      'Return-Path: <amina@civil.example.org>',
      'From: Amina Diallo <amina@civil.example.org>',
      'To: bot@example.org',
      'Subject: brackets status C9',
      'Message-ID: <cmd-2@civil.example.org>',
      'References: <cmd-1@civil.example.org>',
      '',
      'brackets status C9',
    ]);
    const [answer] = await capture.waitFor(1, 8000);
    expect(answer?.envelope.to).toEqual(['amina@civil.example.org']);
    expect(answer?.parsed.subject).toBe('Re: brackets status C9');
    expect(answer?.parsed.inReplyTo).toBe('<cmd-2@civil.example.org>');
    expect(answer?.parsed.references).toEqual(['<cmd-1@civil.example.org>', '<cmd-2@civil.example.org>']);
    expect(answer?.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(answer?.parsed.text).toContain('7 brackets remain in Action Line C9');

    // The out-of-office notice our answer provoked, a list post, and a second and third command.
    await deliver([
      'From: Amina Diallo <amina@civil.example.org>',
      'To: bot@example.org',
      'Subject: Automatic reply: Re: brackets status C9',
      'Auto-Submitted: auto-replied',
      `In-Reply-To: ${answer?.parsed.messageId}`,
      '',
      'I am away until 16 June.',
    ]);
    await deliver([
      'From: MPP Secretariat <secretariat@wsis.example.org>',
      'To: wsis@lists.example.org',
      'List-Id: <wsis.lists.example.org>',
      'Precedence: list',
      'Subject: meetings upcoming',
      '',
      'The sixth meeting is on 9 June.',
    ]);
    for (const n of [3, 4]) {
      await deliver([
        'From: amina@civil.example.org',
        'To: bot@example.org',
        `Subject: brackets status C${n}`,
        `Message-ID: <cmd-${n}@civil.example.org>`,
        '',
        '',
      ]);
    }
    const deadline = Date.now() + 8000;
    while (decisions.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(decisions).toEqual([
      'answered:brackets status C9',
      'ignored:auto-submitted',
      'ignored:bulk',
      'answered:brackets status C3',
      'rate-limited',
    ]);
    await capture.waitFor(2, 5000);
    await new Promise((r) => setTimeout(r, 200));
    expect(capture.messages).toHaveLength(2);
  });
});
