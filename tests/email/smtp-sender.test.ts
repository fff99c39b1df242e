import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  classifySmtpError,
  createSmtpSender,
  type SmtpSender,
} from '../../src/bots/email/transport/index.js';
import { messageIdFor, threadRootId } from '../../src/core/email/message-id.js';
import { isRapporteurError, type RapporteurError } from '../../src/core/errors.js';
import { type Reply, reply } from '../../src/core/reply.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { type SmtpCapture, startSmtpCapture } from '../helpers/smtp-capture.js';

/** A re-timing alert written for these tests. */
const retimed: Reply = reply('Sixth MPP meeting re-timed: now ends at 16:00', {
  tone: 'warning',
  summary:
    'The corrected invitation sent by e-mail settles the disagreement between the PDF and the web page.',
  sections: [
    {
      fields: [
        { name: 'Before', value: '14:00-18:00 (web page)' },
        { name: 'Now', value: [{ time: '2014-06-09T14:00:00Z', zone: 'Europe/Zurich', style: 'time' }] },
      ],
    },
  ],
  attachments: [
    { filename: 'mpp6.ics', contentType: 'text/calendar', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' },
  ],
});

const fixedClock = { now: () => new Date('2014-06-04T08:30:00Z') };

async function rejectionOf(promise: Promise<unknown>): Promise<RapporteurError> {
  try {
    await promise;
  } catch (error) {
    if (isRapporteurError(error)) return error;
    throw error;
  }
  throw new Error('expected the send to fail');
}

describe('SMTP sender against a capturing SMTP server', () => {
  let capture: SmtpCapture;
  let sender: SmtpSender;
  const logger = recordingLogger();

  beforeAll(async () => {
    capture = await startSmtpCapture({
      auth: { user: 'rapporteur', pass: 'smtp-secret' },
      refuseRecipient: (address) => {
        if (address.startsWith('gone@'))
          return { code: 550, message: '5.1.1 <gone@example.org>: user unknown' };
        if (address.startsWith('full@')) return { code: 452, message: '4.2.2 mailbox full, try later' };
        if (address.startsWith('blocked@')) return { code: 550, message: '5.7.1 rejected by policy' };
        return undefined;
      },
    });
    sender = createSmtpSender({
      smtp: {
        host: capture.host,
        port: capture.port,
        secure: false,
        auth: { user: 'rapporteur', pass: 'smtp-secret' },
        tls: { rejectUnauthorized: false },
        timeoutMs: 3000,
      },
      from: 'Rapporteur <rapporteur@bot.example.org>',
      listAddresses: ['WSIS <wsis@lists.example.org>'],
      logger,
      clock: fixedClock,
    });
  });

  afterAll(async () => {
    sender?.close();
    await capture?.stop();
  });

  it('sends text and HTML alternatives, the attachment, and marks the mail as automatic', async () => {
    const key = 'alert:civil-society:mpp-6:retimed:wsis';
    const sent = await sender.send({ to: ['wsis@lists.example.org'], reply: retimed, idempotencyKey: key });
    expect(sent).toEqual({
      messageId: messageIdFor(key, 'bot.example.org'),
      accepted: ['wsis@lists.example.org'],
      rejected: [],
    });
    const [mail] = await capture.waitFor(1);
    expect(mail?.envelope).toEqual({ from: 'rapporteur@bot.example.org', to: ['wsis@lists.example.org'] });
    const parsed = mail?.parsed;
    expect(parsed?.messageId).toBe(sent.messageId);
    expect(parsed?.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed?.headers.get('x-auto-response-suppress')).toBe('All');
    expect(parsed?.headers.get('x-loop')).toBe('rapporteur@bot.example.org');
    expect(parsed?.headers.get('precedence')).toBe('bulk');
    expect(parsed?.date?.toISOString()).toBe('2014-06-04T08:30:00.000Z');
    expect(parsed?.subject).toBe('Sixth MPP meeting re-timed: now ends at 16:00');
    expect(parsed?.text).toContain('The corrected invitation sent by e-mail');
    expect(parsed?.html).toContain('The corrected invitation sent by e-mail');
    expect(parsed?.text).toContain('16:00 CEST');
    expect(mail?.raw.toString()).toMatch(/Content-Type: multipart\/alternative/i);
    expect(parsed?.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['mpp6.ics', 'text/calendar'],
    ]);
    expect(mail?.headerText).not.toMatch(/^X-Mailer:/im);
  });

  it('gives a retried delivery the same Message-ID and another delivery a different one', async () => {
    const before = capture.messages.length;
    const a = await sender.send({
      to: ['amina@civil.example.org'],
      reply: retimed,
      idempotencyKey: 'digest:2014-06-04:amina',
    });
    const b = await sender.send({
      to: ['amina@civil.example.org'],
      reply: retimed,
      idempotencyKey: 'digest:2014-06-04:amina',
    });
    const c = await sender.send({
      to: ['amina@civil.example.org'],
      reply: retimed,
      idempotencyKey: 'digest:2014-06-05:amina',
    });
    const mails = (await capture.waitFor(before + 3)).slice(before);
    expect(mails.map((m) => m.parsed.messageId)).toEqual([a.messageId, a.messageId, c.messageId]);
    expect(b.messageId).toBe(a.messageId);
    expect(c.messageId).not.toBe(a.messageId);
  });

  it('threads follow-up alerts about one meeting under its root, and answers under the command', async () => {
    const before = capture.messages.length;
    const root = threadRootId('civil-society', 'mpp-6', 'bot.example.org');
    await sender.send({
      to: ['wsis@lists.example.org'],
      reply: retimed,
      idempotencyKey: 'alert:1',
      thread: { root },
    });
    await sender.send({
      to: ['wsis@lists.example.org'],
      reply: retimed,
      idempotencyKey: 'alert:2',
      thread: { root },
    });
    await sender.send({
      to: ['amina@civil.example.org'],
      reply: reply('Brackets in C9'),
      subject: 'Re: brackets status C9',
      idempotencyKey: 'answer:<cmd-2@civil.example.org>',
      thread: { inReplyTo: '<cmd-2@civil.example.org>', references: ['<cmd-1@civil.example.org>'] },
      autoSubmitted: 'auto-replied',
    });
    const [first, second, answer] = (await capture.waitFor(before + 3)).slice(before);
    for (const alert of [first, second]) {
      expect(alert?.parsed.inReplyTo).toBe(root);
      expect(alert?.parsed.references).toBe(root);
    }
    expect(first?.parsed.messageId).not.toBe(second?.parsed.messageId);
    expect(answer?.parsed.inReplyTo).toBe('<cmd-2@civil.example.org>');
    expect(answer?.parsed.references).toEqual(['<cmd-1@civil.example.org>', '<cmd-2@civil.example.org>']);
    expect(answer?.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(answer?.parsed.headers.get('precedence')).toBeUndefined();
    expect(answer?.parsed.subject).toBe('Re: brackets status C9');
  });

  it('never sends an answer to a command to a list', async () => {
    const before = capture.messages.length;
    const error = await rejectionOf(
      sender.send({
        to: ['amina@civil.example.org'],
        cc: ['WSIS@lists.example.org'],
        reply: reply('Brackets in C9'),
        idempotencyKey: 'answer:to-list',
        autoSubmitted: 'auto-replied',
      }),
    );
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(capture.messages.length).toBe(before);
  });

  it('keeps a hostile subject on one header line', async () => {
    const before = capture.messages.length;
    await sender.send({
      to: ['amina@civil.example.org'],
      reply: retimed,
      subject: 'Re: hello\r\nBcc: everyone@example.org\r\n\r\nInjected body',
      idempotencyKey: 'answer:hostile',
    });
    const [mail] = (await capture.waitFor(before + 1)).slice(before);
    expect(mail?.envelope.to).toEqual(['amina@civil.example.org']);
    expect(mail?.headerText).not.toMatch(/^Bcc:/im);
    expect(mail?.parsed.subject).toBe('Re: hello Bcc: everyone@example.org Injected body');
  });

  it('refuses recipients that are not plain addresses before connecting', async () => {
    const error = await rejectionOf(
      sender.send({
        to: ['amina@civil.example.org\r\nBcc: x@evil.test'],
        reply: retimed,
        idempotencyKey: 'k1',
      }),
    );
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect((await rejectionOf(sender.send({ to: [], reply: retimed, idempotencyKey: 'k2' }))).code).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it('classifies refusals: unknown recipient, policy, and a deferral to retry', async () => {
    const gone = await rejectionOf(
      sender.send({ to: ['gone@example.org'], reply: retimed, idempotencyKey: 'k3' }),
    );
    expect(gone.code).toBe('NOT_FOUND');
    expect(gone.transient).toBe(false);
    expect(gone.details).toMatchObject({ responseCode: 550, enhancedStatus: '5.1.1' });
    expect(JSON.stringify(gone.details)).not.toContain('gone@example.org');

    const blocked = await rejectionOf(
      sender.send({ to: ['blocked@example.org'], reply: retimed, idempotencyKey: 'k4' }),
    );
    expect(blocked.code).toBe('PERMISSION_DENIED');

    const full = await rejectionOf(
      sender.send({ to: ['full@example.org'], reply: retimed, idempotencyKey: 'k5' }),
    );
    expect(full.code).toBe('UNAVAILABLE');
    expect(full.transient).toBe(true);
  });

  it('sends to the accepted recipients and reports the refused ones', async () => {
    const sent = await sender.send({
      to: ['amina@civil.example.org', 'gone@example.org'],
      reply: retimed,
      idempotencyKey: 'k6',
    });
    expect(sent.accepted).toEqual(['amina@civil.example.org']);
    expect(sent.rejected).toEqual(['gone@example.org']);
    const warning = logger.lines.find((l) => l.msg.includes('refused some recipients'));
    expect(warning?.obj).toMatchObject({ accepted: 1, rejected: 1 });
    expect(logger.dump()).not.toContain('gone@example.org');
  });

  it('reports a refused login as PERMISSION_DENIED and an unreachable server as UNAVAILABLE', async () => {
    const wrong = createSmtpSender({
      smtp: {
        host: capture.host,
        port: capture.port,
        secure: false,
        auth: { user: 'rapporteur', pass: 'nope' },
        timeoutMs: 3000,
      },
      from: 'rapporteur@bot.example.org',
      logger: recordingLogger(),
    });
    expect((await rejectionOf(wrong.verify())).code).toBe('PERMISSION_DENIED');
    wrong.close();

    const closed = await startSmtpCapture();
    await closed.stop();
    const down = createSmtpSender({
      smtp: { host: closed.host, port: closed.port, secure: false, timeoutMs: 2000 },
      from: 'rapporteur@bot.example.org',
      logger: recordingLogger(),
    });
    const error = await rejectionOf(
      down.send({ to: ['amina@civil.example.org'], reply: retimed, idempotencyKey: 'k7' }),
    );
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.transient).toBe(true);
    down.close();
  });

  it('refuses a From that is not an address at construction', () => {
    expect(() =>
      createSmtpSender({
        smtp: { host: '127.0.0.1', port: 25, secure: false },
        from: 'Rapporteur',
        logger: recordingLogger(),
      }),
    ).toThrow(/From address/);
  });
});

describe('classifySmtpError', () => {
  const err = (fields: Record<string, unknown>) => Object.assign(new Error('smtp'), fields);

  it('maps reply codes and enhanced status codes to stable error codes', () => {
    expect(
      classifySmtpError(err({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 unknown' })).code,
    ).toBe('NOT_FOUND');
    expect(classifySmtpError(err({ code: 'EENVELOPE', responseCode: 550 })).code).toBe('NOT_FOUND');
    expect(
      classifySmtpError(err({ code: 'EENVELOPE', responseCode: 553, response: '553 5.7.1 relay denied' }))
        .code,
    ).toBe('PERMISSION_DENIED');
    expect(
      classifySmtpError(err({ code: 'EMESSAGE', responseCode: 552, response: '552 5.3.4 too big' })).code,
    ).toBe('LIMIT_EXCEEDED');
    expect(
      classifySmtpError(err({ code: 'EMESSAGE', responseCode: 554, response: '554 5.6.0 content rejected' }))
        .code,
    ).toBe('PERMISSION_DENIED');
    expect(classifySmtpError(err({ code: 'EAUTH', responseCode: 535 })).code).toBe('PERMISSION_DENIED');
    expect(
      classifySmtpError(err({ code: 'EAUTH', responseCode: 454, response: '454 4.7.0 try later' })).code,
    ).toBe('UNAVAILABLE');
    expect(classifySmtpError(err({ code: 'EPROTOCOL', responseCode: 421 })).code).toBe('UNAVAILABLE');
    expect(classifySmtpError(err({ code: 'EPROTOCOL', responseCode: 503 })).code).toBe('UNAVAILABLE');
  });

  it('treats connection failures as transient and unknown failures as retryable', () => {
    for (const code of ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS']) {
      expect(classifySmtpError(err({ code })).transient).toBe(true);
    }
    expect(classifySmtpError(err({ code: 'ESOCKET', originalCode: 'ECONNREFUSED' })).code).toBe(
      'UNAVAILABLE',
    );
    expect(classifySmtpError(new Error('???')).code).toBe('UNAVAILABLE');
    expect(classifySmtpError(undefined).code).toBe('UNAVAILABLE');
  });

  it('uses the first per-recipient error when every recipient was refused', () => {
    const e = err({
      code: 'EENVELOPE',
      rejected: ['gone@example.org'],
      rejectedErrors: [err({ responseCode: 550, response: '550 5.1.1 <gone@example.org> unknown' })],
    });
    const classified = classifySmtpError(e);
    expect(classified.code).toBe('NOT_FOUND');
    expect(classified.details).toMatchObject({ rejectedCount: 1, enhancedStatus: '5.1.1' });
  });
});
