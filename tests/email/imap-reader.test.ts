import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createImapReader,
  type ImapReader,
  type ImapReaderConfig,
} from '../../src/bots/email/transport/index.js';
import { RapporteurError } from '../../src/core/errors.js';
import { type InboundMail, memoryMailboxState } from '../../src/core/ports/index.js';
import { type Dovecot, dovecotUsable, startDovecot } from '../helpers/dovecot.js';
import { type LogLine, recordingLogger } from '../helpers/recording-logger.js';

/**
 * The reader against a real Dovecot: mail is appended with IMAP APPEND by another
 * connection, exactly as a delivery agent would store it, and read back by the reader.
 */

const usable = dovecotUsable();

let counter = 0;
/** A list message written for these tests, in the style of the WSIS+10 preparatory process. */
function listMessage(subject: string, body = 'Dear colleagues, please find the details below.'): string {
  counter++;
  return [
    'From: MPP Secretariat <secretariat@wsis.example.org>',
    'To: WSIS+10 civil society <wsis@lists.example.org>',
    `Subject: ${subject}`,
    'Date: Tue, 3 Jun 2014 17:05:00 +0200',
    `Message-ID: <mpp-${counter}-${Date.now()}@wsis.example.org>`,
    'List-Id: WSIS+10 civil society <wsis.lists.example.org>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

function subjectOf(mail: InboundMail): string {
  const text = Buffer.from(mail.raw).toString('utf8');
  return /^Subject: (.*)$/m.exec(text)?.[1]?.trim() ?? '';
}

async function until(check: () => boolean, timeoutMs = 8000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.skipIf(!usable)('IMAP reader against a real Dovecot', () => {
  let dovecot: Dovecot;
  const readers: ImapReader[] = [];

  beforeAll(async () => {
    dovecot = await startDovecot();
  });

  afterAll(async () => {
    await Promise.all(readers.map((r) => r.stop()));
    await dovecot?.stop();
  });

  async function mailbox(name: string): Promise<string> {
    const client = await dovecot.connect(dovecot.users.bot);
    await client.mailboxCreate(name);
    await client.logout();
    return name;
  }

  function reader(overrides: Partial<ImapReaderConfig> & Pick<ImapReaderConfig, 'mailbox' | 'state'>) {
    const received: InboundMail[] = [];
    const logger = recordingLogger();
    const r = createImapReader({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      startTls: false,
      auth: dovecot.users.bot,
      logger,
      pollIntervalMs: 200,
      backoff: { initialMs: 50, maxMs: 200 },
      onMessage: async (m) => {
        received.push(m);
      },
      ...overrides,
    });
    readers.push(r);
    r.start();
    return { reader: r, received, logger };
  }

  const append = (box: string, raw: string) => dovecot.append(dovecot.users.bot, raw, box);

  it('reads new messages in order and, after a restart, only what arrived since', async () => {
    const box = await mailbox('Restart');
    await append(box, listMessage('Archive: invitation to the first MPP meeting, 7-8 October 2013'));
    const state = memoryMailboxState();

    const first = reader({ mailbox: box, state });
    await first.reader.ready();
    for (const n of [1, 2, 3]) await append(box, listMessage(`Vision draft, version ${n}`));
    await until(() => first.received.length === 3, 8000, 'three messages');
    await first.reader.stop();
    // The archive message that was there before the first start is not new mail.
    expect(first.received.map(subjectOf)).toEqual([
      'Vision draft, version 1',
      'Vision draft, version 2',
      'Vision draft, version 3',
    ]);
    expect(first.received.map((m) => m.uid)).toEqual([2, 3, 4]);
    expect(Buffer.from(first.received[0]?.raw ?? []).toString()).toContain('please find the details below');

    const second = reader({ mailbox: box, state });
    await second.reader.ready();
    expect(second.received).toEqual([]);
    await append(box, listMessage('Invitation: sixth MPP meeting, 9 June 2014, 14:00-18:00'));
    await until(() => second.received.length === 1, 8000, 'the new message');
    await new Promise((r) => setTimeout(r, 400));
    expect(second.received.map(subjectOf)).toEqual([
      'Invitation: sixth MPP meeting, 9 June 2014, 14:00-18:00',
    ]);
    expect(state.snapshot()[second.reader.key]?.lastUid).toBe(5);
    await second.reader.stop();
  });

  it('refuses an oversized message without reading or logging its content, and goes on', async () => {
    const box = await mailbox('Oversized');
    const state = memoryMailboxState();
    const { reader: r, received, logger } = reader({ mailbox: box, state, maxMessageBytes: 64 * 1024 });
    await r.ready();
    const secret = 'CONFIDENTIAL-ANNEX-C5-PROPOSAL';
    await append(
      box,
      listMessage(`Full compilation ${secret}`, `${secret}\r\n${'x'.repeat(76)}\r\n`.repeat(3000)),
    );
    await append(box, listMessage('Short note after the compilation'));
    await until(() => received.length === 1, 8000, 'the short message');
    expect(received.map(subjectOf)).toEqual(['Short note after the compilation']);
    const refusal = logger.lines.find((l: LogLine) => l.msg.includes('oversized'));
    expect(refusal?.level).toBe('warn');
    expect(refusal?.obj).toMatchObject({ uid: 1, limit: 64 * 1024 });
    expect(Number(refusal?.obj.size)).toBeGreaterThan(64 * 1024);
    expect(logger.dump()).not.toContain(secret);
    expect(logger.dump()).not.toContain('compilation');
    expect(r.status().refused).toBe(1);
    await r.stop();
  });

  it('delivers a new message within seconds through IDLE, without polling', async () => {
    const box = await mailbox('Idle');
    const { reader: r, received } = reader({
      mailbox: box,
      state: memoryMailboxState(),
      pollIntervalMs: 120_000,
    });
    await r.ready();
    await until(() => r.status().phase === 'idle', 3000, 'IDLE');
    expect(r.status().mode).toBe('idle');
    const sent = Date.now();
    await append(box, listMessage('Corrected invitation: the session ends at 16:00'));
    await until(() => received.length === 1, 5000, 'the IDLE notification');
    expect(Date.now() - sent).toBeLessThan(5000);
    await r.stop();
  });

  it('falls back to polling when IDLE is not used', async () => {
    const box = await mailbox('Polling');
    const { reader: r, received } = reader({ mailbox: box, state: memoryMailboxState(), useIdle: false });
    await r.ready();
    expect(r.status().mode).toBe('poll');
    await append(box, listMessage('Programme of the High Level Event, 10-13 June'));
    await until(() => received.length === 1, 5000, 'a poll');
    await r.stop();
  });

  it('starts from the current end after a UIDVALIDITY change, and logs it', async () => {
    const box = await mailbox('Renumbered');
    const state = memoryMailboxState();
    const first = reader({ mailbox: box, state });
    await first.reader.ready();
    await append(box, listMessage('Before renumbering'));
    await until(() => first.received.length === 1, 8000, 'the first message');
    await first.reader.stop();
    const before = state.snapshot()[first.reader.key];

    const admin = await dovecot.connect(dovecot.users.bot);
    await admin.mailboxDelete(box);
    await admin.mailboxCreate(box);
    await admin.logout();
    await append(box, listMessage('Old mail under the new numbering, 1'));
    await append(box, listMessage('Old mail under the new numbering, 2'));

    const second = reader({ mailbox: box, state });
    await second.reader.ready();
    const after = state.snapshot()[second.reader.key];
    expect(after?.uidValidity).not.toBe(before?.uidValidity);
    expect(second.received).toEqual([]);
    expect(second.logger.lines.some((l) => l.level === 'warn' && l.msg.includes('UIDVALIDITY changed'))).toBe(
      true,
    );
    await append(box, listMessage('After renumbering'));
    await until(() => second.received.length === 1, 8000, 'the message after renumbering');
    expect(second.received.map(subjectOf)).toEqual(['After renumbering']);
    await second.reader.stop();
  });

  it('reconnects after the server drops the connection, and misses nothing', async () => {
    const box = await mailbox('Reconnect');
    const { reader: r, received } = reader({ mailbox: box, state: memoryMailboxState() });
    await r.ready();
    await until(() => r.status().phase === 'idle', 3000, 'IDLE');
    await dovecot.kick(dovecot.users.bot);
    await append(box, listMessage('Sent while the bot was disconnected'));
    await until(() => received.length === 1, 10_000, 'the message after reconnecting');
    expect(r.status().reconnects).toBeGreaterThanOrEqual(1);
    await r.stop();
  });

  it('retries a transient handler failure and skips a permanent one', async () => {
    const box = await mailbox('Failures');
    const seen: string[] = [];
    let unavailableOnce = true;
    const { reader: r } = reader({
      mailbox: box,
      state: memoryMailboxState(),
      onMessage: async (m) => {
        const subject = subjectOf(m);
        seen.push(subject);
        if (subject === 'Store is down' && unavailableOnce) {
          unavailableOnce = false;
          throw new RapporteurError('UNAVAILABLE', 'the store is restarting');
        }
        if (subject === 'Malformed announcement')
          throw new RapporteurError('INVALID_ARGUMENT', 'no date found');
      },
    });
    await r.ready();
    await append(box, listMessage('Store is down'));
    await append(box, listMessage('Malformed announcement'));
    await append(box, listMessage('Regular announcement'));
    await until(() => seen.includes('Regular announcement'), 8000, 'the last message');
    await new Promise((res) => setTimeout(res, 400));
    expect(seen).toEqual([
      'Store is down',
      'Store is down',
      'Malformed announcement',
      'Regular announcement',
    ]);
    expect(r.status()).toMatchObject({ delivered: 2, refused: 1 });
    await r.stop();
  });

  it('stops gracefully: the message in hand finishes and its cursor is saved', async () => {
    const box = await mailbox('Graceful');
    const state = memoryMailboxState();
    let release!: () => void;
    const gate = new Promise<void>((res) => {
      release = res;
    });
    let started = false;
    const { reader: r } = reader({
      mailbox: box,
      state,
      onMessage: async () => {
        started = true;
        await gate;
      },
    });
    await r.ready();
    await append(box, listMessage('Slow to handle'));
    await until(() => started, 8000, 'the handler to start');
    const stopping = r.stop();
    setTimeout(release, 200);
    await stopping;
    expect(r.status().phase).toBe('stopped');
    expect(state.snapshot()[r.key]?.lastUid).toBe(1);
  });

  it('stops promptly while idling', async () => {
    const box = await mailbox('StopIdle');
    const { reader: r } = reader({ mailbox: box, state: memoryMailboxState(), pollIntervalMs: 120_000 });
    await r.ready();
    await until(() => r.status().phase === 'idle', 3000, 'IDLE');
    const t0 = Date.now();
    await r.stop();
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(r.status().phase).toBe('stopped');
  });

  it('says so when the mailbox does not exist, and keeps trying', async () => {
    // Dovecot's Maildir uses "." as separator, so "Lists/Missing" is refused as a name.
    for (const name of ['Missing', 'Lists/Missing']) {
      const { reader: r, logger } = reader({ mailbox: name, state: memoryMailboxState() });
      await until(() => r.status().reconnects >= 1, 10_000, 'a retry');
      const line = logger.lines.find((l) => l.level === 'error');
      expect(line?.msg).toContain('mailbox does not exist or cannot be opened');
      expect(line?.obj).toMatchObject({ error: 'MAILBOX_UNAVAILABLE' });
      await r.stop();
    }
  });

  it('keeps retrying with backoff when the login is refused, logging no password', async () => {
    const { reader: r, logger } = reader({
      mailbox: 'INBOX',
      state: memoryMailboxState(),
      auth: { user: dovecot.users.bot.user, pass: 'wrong-password-xyz' },
    });
    // Dovecot penalises repeated failures from one address by seconds, so one retry is enough here.
    await until(() => r.status().reconnects >= 1, 10_000, 'a retry');
    expect(logger.lines.some((l) => l.level === 'error' && l.msg.includes('refused the login'))).toBe(true);
    expect(logger.dump()).not.toContain('wrong-password-xyz');
    await r.stop();
    await expect(r.ready()).rejects.toThrow(/stopped/);
  });
});
