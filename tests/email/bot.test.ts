import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailBot, type EmailBot, MAIL_STAFF_ROLE } from '../../src/bots/email/bot.js';
import { loadConfig } from '../../src/config.js';
import type { Actor, Scope } from '../../src/core/app/context.js';
import { resolveProcess } from '../../src/core/app/context.js';
import { findMeeting } from '../../src/core/app/schedule.js';
import { followProcess } from '../../src/core/app/setup.js';
import { ShiftedClock } from '../../src/core/ports.js';
import { deleteKeysWithPrefix } from '../../src/jobs/redis.js';
import { startWorker, type WorkerHandle } from '../../src/jobs/worker.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { type Dovecot, dovecotUsable, startDovecot } from '../helpers/dovecot.js';
import { makePdf, typeset } from '../helpers/make-pdf.js';
import { REDIS_URL, serviceUp, uniquePrefix } from '../helpers/services.js';
import { type CapturedMail, type SmtpCapture, startSmtpCapture } from '../helpers/smtp-capture.js';
import { buildMail } from './mime.js';
import { type LogLine, recordingLogger } from './recording-logger.js';

/**
 * The mailing-list bot end to end, with nothing faked: mail goes into a private Dovecot by
 * IMAP APPEND, the bot reads it with its real reader, the use cases write a SQLite store,
 * alerts go through the real BullMQ worker on the machine's Redis and out through the real
 * SMTP notifier to a capturing SMTP server, where headers, threading and both bodies are
 * checked. The story is the sixth MPP meeting of domain.md.
 */

const usable = dovecotUsable();
const redisUp = await serviceUp('redis');
const FIXTURES = join(import.meta.dirname, '../fixtures');
const fixture = (...p: string[]) => readFileSync(join(FIXTURES, ...p));

const LIST = 'wsis@lists.example.org';
const OBSERVERS = 'observers@lists.example.org';
const BOT = 'bot@example.org';
const SECRETARIAT = 'MPP Secretariat <mpp-secretariat@wsis.example>';
/** What our own receiving server writes for a message whose From domain it verified. */
const VERIFIED =
  'mx.example.org; spf=pass smtp.mailfrom=mpp-secretariat@wsis.example; dkim=pass header.d=wsis.example; dmarc=pass header.from=wsis.example';

function invitationPdf(): Uint8Array {
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

/** Headers the list adds to everything it distributes. */
const listHeaders = {
  To: `WSIS+10 civil society <${LIST}>`,
  'List-Id': 'WSIS+10 civil society <wsis.lists.example.org>',
  'List-Post': `<mailto:${LIST}>`,
  Precedence: 'list',
};

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const settle = (ms = 800) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!usable || !redisUp)('the mailing-list bot (Dovecot, SMTP, Redis worker, SQLite)', () => {
  let dovecot: Dovecot;
  let capture: SmtpCapture;
  let runtime: Runtime;
  let worker: WorkerHandle;
  let bot: EmailBot;
  let dataDir: string;
  let redis: Redis;
  const lines: LogLine[] = [];
  const logger = recordingLogger(lines);
  const prefix = uniquePrefix('email_bot');
  const scope: Scope = {
    platform: 'email',
    tenantExternalId: 'wsis.lists.example.org',
    tenantName: 'wsis.lists.example.org',
    channelId: LIST,
  };

  function startBot(): EmailBot {
    const b = createEmailBot({
      runtime,
      logger,
      reader: { pollIntervalMs: 300, startTls: false, backoff: { initialMs: 50, maxMs: 500 } },
      rateLimit: { windowMs: 3_600_000, max: 3 },
    });
    return b;
  }

  /** Appends a message to the bot's mailbox and waits until the bot has handled it. */
  async function deliver(raw: string): Promise<void> {
    const before = bot.status().handled;
    await dovecot.append(dovecot.users.bot, raw);
    await until(() => bot.status().handled > before, 'the bot to handle the message');
  }

  const sent = () => capture.messages.length;
  const header = (m: CapturedMail | undefined, name: string) => m?.parsed.headers.get(name);

  beforeAll(async () => {
    [dovecot, capture] = await Promise.all([startDovecot(), startSmtpCapture()]);
    dataDir = await mkdtemp(join(tmpdir(), 'rapporteur-email-bot-'));
    redis = new Redis(REDIS_URL);
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
      MAIL_LISTS: 'wsis.lists.example.org=WSIS+10 Vision',
      MAIL_STAFF: '@wsis.example',
      MAIL_AUTHSERV_IDS: 'mx.example.org',
      MAIL_DIGEST_HOUR: '7',
      MAIL_MAX_MB: '1',
    });
    // The story's sources speak of June 2014: the bot runs on a clock set to those days (it
    // moves on at real speed), as changes to meetings already over are logged, not alerted.
    runtime = await createRuntime(config, {
      role: 'bot',
      queue: 'required',
      logger,
      clock: new ShiftedClock('2014-05-20T08:00:00Z'),
    });
    worker = await startWorker({
      store: runtime.store,
      notifiers: runtime.notifiers,
      ingest: runtime.ingest,
      redisUrl: REDIS_URL,
      prefix,
      logger,
      clock: runtime.clock,
      timing: { markerCheckMs: 0, catchUpMs: 0 },
    });
    await worker.rebuilt();
    bot = startBot();
    await bot.start();
    await bot.ready();
    // A second channel of the same list tenant: the observers' list also follows the Vision.
    const admin: Actor = { userId: 'operator', platformRoleIds: [], isAdmin: true };
    await followProcess(runtime.deps, { ...scope, channelId: OBSERVERS }, admin, { name: 'WSIS+10 Vision' });
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await worker?.close();
    await runtime?.close();
    if (redis) {
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
    }
    await capture?.stop();
    await dovecot?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('sets the list up: its process, its channel with a digest, and the mail-staff role', async () => {
    const { store, process } = await resolveProcess(runtime.deps, scope);
    expect(process.name).toBe('WSIS+10 Vision');
    expect(process.settings.defaultTimeZone).toBe('Europe/Zurich');
    const channel = await store.findChannel(LIST);
    expect(await store.getSubscription(channel?.id ?? '')).toMatchObject({
      draftChanges: true,
      scheduleChanges: true,
      reminders: true,
      digestHour: 7,
    });
    const roles = await store.listRoles(process.id);
    expect(roles).toEqual([
      expect.objectContaining({ role: 'poster', principal: { kind: 'platform-role', id: MAIL_STAFF_ROLE } }),
    ]);
  });

  /** The bot's own last log line (the reader logs after the bot). */
  const lastBotLine = () => lines.findLast((l) => l.obj.component === 'email-bot');

  it('a venue notice on the list: MPP-5 is announced to both channels', async () => {
    await deliver(
      buildMail(
        {
          From: SECRETARIAT,
          ...listHeaders,
          Subject: 'Change of venue: fifth MPP meeting moved to Geneva',
          Date: 'Fri, 16 May 2014 11:00:00 +0200',
          'Message-ID': '<mpp5-venue-20140516@wsis.example>',
        },
        fixture('schedule', '2014-05-16-mpp5-venue.md').toString('utf8'),
      ),
    );
    const alerts = await capture.waitFor(2, 15_000);
    await settle();
    expect(sent()).toBe(2);
    expect(alerts.map((m) => [m.envelope.to[0], m.parsed.subject]).sort()).toEqual([
      [OBSERVERS, 'MPP-5 announced'],
      [LIST, 'MPP-5 announced'],
    ]);
    capture.messages.length = 0;
  });

  let firstAlerts: CapturedMail[] = [];

  it('a PDF invitation on the list: MPP-6 is announced, one alert to each subscribed channel', async () => {
    await deliver(
      buildMail(
        {
          From: SECRETARIAT,
          ...listHeaders,
          Subject: 'Invitation: sixth MPP meeting, Monday 9 June 2014',
          Date: 'Tue, 3 Jun 2014 17:05:00 +0200',
          'Message-ID': '<mpp6-invitation-20140603@wsis.example>',
        },
        'Dear colleagues,\n\nPlease find attached the signed invitation to the sixth meeting of the MPP.\n\nThe MPP secretariat\n',
        [{ filename: 'mpp6-invitation.pdf', contentType: 'application/pdf', content: invitationPdf() }],
      ),
    );
    firstAlerts = await capture.waitFor(2, 15_000);
    await settle();
    expect(sent()).toBe(2);
    expect(firstAlerts.map((m) => m.envelope.to[0]).sort()).toEqual([OBSERVERS, LIST]);
    for (const m of firstAlerts) {
      expect(m.parsed.subject).toBe('MPP-6 announced');
      expect(header(m, 'auto-submitted')).toBe('auto-generated');
      expect(header(m, 'precedence')).toBe('bulk');
      expect(m.parsed.text).toContain('9 June 2014');
      expect(m.parsed.html).toContain('MPP-6 announced');
      expect(m.headerText).toMatch(/^Content-Type: multipart\/alternative/m);
    }
    const { view } = await findMeeting(runtime.deps, scope, { meeting: 'MPP-6' });
    expect(view.meeting.times).toBe('14:00-16:00');
    expect(view.headline.flags.join(' ')).toMatch(/Whit Monday/);
    const announced = lines.findLast((l) => l.msg === 'recorded an announcement from mail');
    expect(announced?.obj).toMatchObject({ part: 'attachment', created: true, changes: ['added'] });
  });

  it('the corrected invitation re-times it: one more alert each, threaded under the first', async () => {
    // The secretariat's real correction: a reply in the invitation's thread with an updated
    // calendar entry (SEQUENCE 1), as the list distributed it.
    const corrected = fixture('schedule', '2014-06-05-mpp6-corrected.eml').toString('utf8');
    await deliver(
      `List-Id: ${listHeaders['List-Id']}\r\nList-Post: ${listHeaders['List-Post']}\r\nPrecedence: list\r\n${corrected.replace(/\r?\n/g, '\r\n')}`,
    );
    const all = await capture.waitFor(4, 15_000);
    await settle();
    expect(sent()).toBe(4);
    const retimed = all.slice(2);
    expect(retimed.map((m) => m.envelope.to[0]).sort()).toEqual([OBSERVERS, LIST]);
    for (const m of retimed) {
      expect(m.parsed.subject).toBe(
        'MPP-6 re-timed: now 14:00-18:00 Europe/Zurich (was 14:00-16:00 Europe/Zurich)',
      );
      // Same meeting, same thread: both alerts refer to one root, and Message-IDs differ.
      const first = firstAlerts.find((f) => f.envelope.to[0] === m.envelope.to[0]);
      const root = (first?.parsed.references as string[] | string | undefined) ?? '';
      expect([m.parsed.references].flat()[0]).toBe([root].flat()[0]);
      expect(m.parsed.messageId).not.toBe(first?.parsed.messageId);
    }
    const { view } = await findMeeting(runtime.deps, scope, { meeting: 'MPP-6' });
    expect(view.meeting.times).toBe('14:00-18:00');
    expect(view.meeting.conflicts).toEqual([]);
  });

  it('the list sending the bot’s own alert back is ignored: no loop', async () => {
    const alert = capture.messages.find((m) => m.envelope.to[0] === LIST);
    const raw = alert?.raw.toString('utf8') ?? '';
    // The list adds its headers and, for DMARC, rewrites From to itself.
    const relayed = `List-Id: <wsis.lists.example.org>\r\nPrecedence: list\r\n${raw.replace(/^From: .*$/m, `From: Rapporteur via WSIS <${LIST}>`)}`;
    const before = sent();
    await deliver(relayed);
    await settle();
    expect(sent()).toBe(before);
    expect(lastBotLine()).toMatchObject({ msg: 'ignored a message', obj: { reason: 'own-mail' } });
  });

  let answer: CapturedMail | undefined;

  it('a command by mail gets a threaded answer from the registry', async () => {
    const before = sent();
    await deliver(
      buildMail(
        {
          From: 'Amina Diallo <amina@civil.example.org>',
          To: BOT,
          Subject: 'meetings show MPP-6',
          Date: 'Fri, 6 Jun 2014 06:00:00 +1000',
          'Message-ID': '<cmd-1@civil.example.org>',
          References: '<earlier@civil.example.org>',
        },
        'Thanks!\n',
      ),
    );
    [answer] = (await capture.waitFor(before + 1, 10_000)).slice(before);
    expect(answer?.envelope.to).toEqual(['amina@civil.example.org']);
    expect(answer?.parsed.subject).toBe('Re: meetings show MPP-6');
    expect(answer?.parsed.inReplyTo).toBe('<cmd-1@civil.example.org>');
    expect(answer?.parsed.references).toEqual(['<earlier@civil.example.org>', '<cmd-1@civil.example.org>']);
    expect(header(answer, 'auto-submitted')).toBe('auto-replied');
    expect(header(answer, 'precedence')).toBeUndefined();
    expect(answer?.parsed.text).toContain('14:00');
    expect(answer?.parsed.html).toContain('MPP-6');
  });

  it('the out-of-office reply to that answer gets nothing back', async () => {
    const before = sent();
    await deliver(
      buildMail(
        {
          From: 'Amina Diallo <amina@civil.example.org>',
          To: BOT,
          Subject: 'Automatic reply: Re: meetings show MPP-6',
          'Auto-Submitted': 'auto-replied',
          'In-Reply-To': String(answer?.parsed.messageId),
        },
        'I am away until 16 June.\n',
      ),
    );
    await settle();
    expect(sent()).toBe(before);
    expect(lastBotLine()).toMatchObject({ msg: 'ignored a message', obj: { reason: 'auto-reply' } });
  });

  it('a command posted to the list is never answered', async () => {
    const before = sent();
    await deliver(
      buildMail(
        { From: 'Amina Diallo <amina@civil.example.org>', ...listHeaders, Subject: 'meetings all' },
        'meetings all',
      ),
    );
    await settle();
    expect(sent()).toBe(before);
  });

  it('answers one sender at most the configured number of times per window', async () => {
    const before = sent();
    for (let n = 0; n < 4; n++) {
      await deliver(
        buildMail(
          {
            From: 'flood@civil.example.org',
            To: BOT,
            Subject: 'rapporteur help',
            'Message-ID': `<flood-${n}@civil.example.org>`,
          },
          '',
        ),
      );
    }
    await capture.waitFor(before + 3, 10_000);
    await settle();
    expect(sent()).toBe(before + 3);
    expect(lines.some((l) => l.msg === 'not answered: this sender reached the answer limit')).toBe(true);
  });

  it('refuses an outside sender’s draft, and a forged chair’s, and logs why; answers only the answerable', async () => {
    const before = sent();
    const draft = [
      {
        filename: 'vision-2014-06-01.md',
        contentType: 'text/markdown',
        content: fixture('drafts', 'vision-2014-06-01.md'),
      },
    ];
    await deliver(
      buildMail(
        {
          From: 'Someone <someone@outside.example>',
          ...listHeaders,
          Subject: 'Vision draft, 1 June version',
        },
        'Here is the latest text.',
        draft,
      ),
    );
    // From says the secretariat, but our mail server did not vouch for it.
    await deliver(
      buildMail(
        { From: SECRETARIAT, ...listHeaders, Subject: 'Vision draft, 1 June version' },
        'Latest text.',
        draft,
      ),
    );
    // Straight to the bot: the sender is told, privately.
    await deliver(
      buildMail(
        {
          From: 'Someone <someone@outside.example>',
          To: BOT,
          Subject: 'Vision draft, 1 June version',
          'Message-ID': '<outside-draft@outside.example>',
        },
        'Please post this.',
        draft,
      ),
    );
    const [refusal] = (await capture.waitFor(before + 1, 10_000)).slice(before);
    await settle();
    expect(sent()).toBe(before + 1);
    expect(refusal?.envelope.to).toEqual(['someone@outside.example']);
    expect(refusal?.parsed.subject).toBe('Re: Vision draft, 1 June version');
    expect(refusal?.parsed.text).toContain('Nothing was posted');
    const refusals = lines.filter((l) => l.msg.startsWith('refused a draft'));
    expect(refusals).toHaveLength(3);
    expect(refusals[1]?.obj).toMatchObject({ authenticated: false, onStaffList: true });
    const { store, process } = await resolveProcess(runtime.deps, scope);
    expect(await store.listDocuments(process.id)).toEqual([]);
  });

  it('posts an authenticated staff sender’s draft, and alerts both channels once', async () => {
    const before = sent();
    await deliver(
      buildMail(
        {
          'Authentication-Results': VERIFIED,
          From: SECRETARIAT,
          ...listHeaders,
          Subject: '[WSIS] Vision draft, 1 June version',
          'Message-ID': '<vision-0601@wsis.example>',
        },
        'Dear colleagues,\n\nAttached is the text as it stood at the close of MPP5.\n',
        [
          {
            filename: 'vision-2014-06-01.md',
            contentType: 'text/markdown',
            content: fixture('drafts', 'vision-2014-06-01.md'),
          },
        ],
      ),
    );
    const alerts = (await capture.waitFor(before + 2, 15_000)).slice(before);
    await settle();
    expect(sent()).toBe(before + 2);
    expect(alerts.map((m) => m.envelope.to[0]).sort()).toEqual([OBSERVERS, LIST]);
    expect(alerts[0]?.parsed.subject).toMatch(/Vision.*1 June version/);
    const { store, process } = await resolveProcess(runtime.deps, scope);
    const [document] = await store.listDocuments(process.id);
    expect(document?.name).toBe('Vision');
    const versions = await store.listVersions(document?.id ?? '');
    expect(versions.map((v) => [v.label, v.postedBy])).toEqual([
      ['1 June version', 'mpp-secretariat@wsis.example'],
    ]);
  });

  it('a restart reads only new mail: nothing old is answered or announced again', async () => {
    await bot.stop();
    const before = sent();
    const handledBefore = lines.filter((l) => l.obj.component === 'email-bot' && 'uid' in l.obj).length;
    bot = startBot();
    await bot.start();
    await bot.ready();
    await settle();
    expect(bot.status().handled).toBe(0);
    expect(sent()).toBe(before);
    expect(lines.filter((l) => l.obj.component === 'email-bot' && 'uid' in l.obj).length).toBe(handledBefore);
    await deliver(
      buildMail(
        {
          From: 'Luis Vega <luis@civil.example.org>',
          To: BOT,
          Subject: 'draft versions',
          'Message-ID': '<cmd-2@civil.example.org>',
        },
        '',
      ),
    );
    const [reply] = (await capture.waitFor(before + 1, 10_000)).slice(before);
    expect(reply?.envelope.to).toEqual(['luis@civil.example.org']);
    expect(reply?.parsed.text).toContain('1 June version');
    expect(bot.status().handled).toBe(1);
  });

  it('refuses an oversized message unread, with a log line that names only its size', async () => {
    const before = sent();
    const handled = bot.status().handled;
    const big = buildMail(
      { From: 'Amina Diallo <amina@civil.example.org>', To: BOT, Subject: 'meetings all' },
      'Dear colleagues, the full record of the fifth meeting follows.\n',
      [
        {
          filename: 'record.pdf',
          contentType: 'application/pdf',
          content: new Uint8Array(1024 * 1024).fill(65),
        },
      ],
    );
    await dovecot.append(dovecot.users.bot, big);
    await until(() => lines.some((l) => /refused an oversized message/.test(l.msg)), 'the refusal');
    await settle();
    const line = lines.find((l) => /refused an oversized message/.test(l.msg));
    expect(line?.obj).toMatchObject({ limit: 1024 * 1024 });
    expect(line?.obj.size).toBeGreaterThan(1024 * 1024);
    expect(bot.status().handled).toBe(handled);
    expect(sent()).toBe(before);
  });

  it('logs no addresses and no message content', () => {
    const dump = logger.dump();
    for (const secret of [
      'amina@',
      'someone@',
      'mpp-secretariat@',
      'flood@',
      'luis@',
      'Dear colleagues',
      'I am away',
    ]) {
      expect(dump).not.toContain(secret);
    }
  });
});
