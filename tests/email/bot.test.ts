import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIL_STAFF_ROLE } from '../../src/bots/email/index.js';
import type { Actor, Scope } from '../../src/core/app/context.js';
import { resolveProcess } from '../../src/core/app/context.js';
import { findMeeting } from '../../src/core/app/schedule.js';
import { followProcess } from '../../src/core/app/setup.js';
import { dovecotUsable } from '../helpers/dovecot.js';
import { serviceUp } from '../helpers/services.js';
import type { CapturedMail } from '../helpers/smtp-capture.js';
import {
  BOT,
  type BotWorld,
  correctedInvitation,
  fixture,
  invitationPdf,
  LIST,
  listHeaders,
  SECRETARIAT,
  settle,
  startBotWorld,
  until,
  VERIFIED,
} from './bot-world.js';
import { buildMail } from './mime.js';

/** The bot's mail server verified civil.example.org (commands are answered only then). */
const CIVIL_VERIFIED = 'mx.example.org; dmarc=pass header.from=civil.example.org';

/**
 * The mailing-list bot end to end, with nothing faked: mail goes into a private Dovecot by
 * IMAP APPEND, the bot reads it with its real reader, the use cases write a SQLite store,
 * alerts go through the real BullMQ worker on the machine's Redis and out through the real
 * SMTP notifier to a capturing SMTP server, where headers, threading and both bodies are
 * checked. The story is the sixth MPP meeting of domain.md.
 */

const usable = dovecotUsable();
const redisUp = await serviceUp('redis');

const OBSERVERS = 'observers@lists.example.org';

describe.skipIf(!usable || !redisUp)('the mailing-list bot (Dovecot, SMTP, Redis worker, SQLite)', () => {
  let world: BotWorld;
  const scope: Scope = {
    platform: 'email',
    tenantExternalId: 'wsis.lists.example.org',
    tenantName: 'wsis.lists.example.org',
    channelId: LIST,
  };

  const deliver = (raw: string) => world.deliver(raw);
  const sent = () => world.capture.messages.length;
  const header = (m: CapturedMail | undefined, name: string) => m?.parsed.headers.get(name);

  beforeAll(async () => {
    world = await startBotWorld({
      mailLists: 'wsis.lists.example.org=WSIS+10 Vision',
      env: { MAIL_DIGEST_HOUR: '7', MAIL_MAX_MB: '1' },
      bot: { rateLimit: { windowMs: 3_600_000, max: 3 } },
    });
    // A second channel of the same list tenant: the observers' list also follows the Vision.
    const admin: Actor = { userId: 'operator', platformRoleIds: [], isAdmin: true };
    await followProcess(world.runtime.deps, { ...scope, channelId: OBSERVERS }, admin, {
      name: 'WSIS+10 Vision',
    });
  }, 60_000);

  afterAll(async () => {
    await world?.close();
  });

  it('sets the list up: its process, its channel with a digest, and the mail-staff role', async () => {
    const { store, process } = await resolveProcess(world.runtime.deps, scope);
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
  const lastBotLine = () => world.lines.findLast((l) => l.obj.component === 'email-bot');

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
    const alerts = await world.capture.waitFor(2, 15_000);
    await settle();
    expect(sent()).toBe(2);
    expect(alerts.map((m) => [m.envelope.to[0], m.parsed.subject]).sort()).toEqual([
      [OBSERVERS, 'MPP-5 announced'],
      [LIST, 'MPP-5 announced'],
    ]);
    world.capture.messages.length = 0;
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
    firstAlerts = await world.capture.waitFor(2, 15_000);
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
    const { view } = await findMeeting(world.runtime.deps, scope, { meeting: 'MPP-6' });
    expect(view.meeting.times).toBe('14:00-16:00');
    expect(view.headline.flags.join(' ')).toMatch(/Whit Monday/);
    const announced = world.lines.findLast((l) => l.msg === 'recorded an announcement from mail');
    expect(announced?.obj).toMatchObject({ part: 'attachment', created: true, changes: ['added'] });
  });

  it('the corrected invitation re-times it: one more alert each, threaded under the first', async () => {
    // The secretariat's real correction: a reply in the invitation's thread with an updated
    // calendar entry (SEQUENCE 1), as the list distributed it.
    await deliver(correctedInvitation());
    const all = await world.capture.waitFor(4, 15_000);
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
    const { view } = await findMeeting(world.runtime.deps, scope, { meeting: 'MPP-6' });
    expect(view.meeting.times).toBe('14:00-18:00');
    expect(view.meeting.conflicts).toEqual([]);
  });

  it('the list sending the bot’s own alert back is ignored: no loop', async () => {
    const alert = world.capture.messages.find((m) => m.envelope.to[0] === LIST);
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
          'Authentication-Results': CIVIL_VERIFIED,
          To: BOT,
          Subject: 'meetings show MPP-6',
          Date: 'Fri, 6 Jun 2014 06:00:00 +1000',
          'Message-ID': '<cmd-1@civil.example.org>',
          References: '<earlier@civil.example.org>',
        },
        'Thanks!\n',
      ),
    );
    [answer] = (await world.capture.waitFor(before + 1, 10_000)).slice(before);
    expect(answer?.envelope.to).toEqual(['amina@civil.example.org']);
    // The command words, never the rest of what the sender wrote.
    expect(answer?.parsed.subject).toBe('Re: meetings show');
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
          'Authentication-Results': CIVIL_VERIFIED,
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
            'Authentication-Results': CIVIL_VERIFIED,
            To: BOT,
            Subject: 'rapporteur help',
            'Message-ID': `<flood-${n}@civil.example.org>`,
          },
          '',
        ),
      );
    }
    await world.capture.waitFor(before + 3, 10_000);
    await settle();
    expect(sent()).toBe(before + 3);
    expect(world.lines.some((l) => l.msg === 'not answered: this sender reached the answer limit')).toBe(
      true,
    );
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
    await until(
      () => world.lines.filter((l) => l.msg.startsWith('refused a draft')).length >= 3,
      'three refusals',
    );
    await settle();
    // Nobody vouched for any of the three senders: nothing posted, and no mail to a From
    // that may be forged.
    expect(sent()).toBe(before);
    const refusals = world.lines.filter((l) => l.msg.startsWith('refused a draft'));
    expect(refusals).toHaveLength(3);
    expect(refusals[1]?.obj).toMatchObject({ authenticated: false, onStaffList: true });
    const { store, process } = await resolveProcess(world.runtime.deps, scope);
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
    const alerts = (await world.capture.waitFor(before + 2, 15_000)).slice(before);
    await settle();
    expect(sent()).toBe(before + 2);
    expect(alerts.map((m) => m.envelope.to[0]).sort()).toEqual([OBSERVERS, LIST]);
    expect(alerts[0]?.parsed.subject).toMatch(/Vision.*1 June version/);
    const { store, process } = await resolveProcess(world.runtime.deps, scope);
    const [document] = await store.listDocuments(process.id);
    expect(document?.name).toBe('Vision');
    const versions = await store.listVersions(document?.id ?? '');
    expect(versions.map((v) => [v.label, v.postedBy])).toEqual([
      ['1 June version', 'mpp-secretariat@wsis.example'],
    ]);
  });

  it('a restart reads only new mail: nothing old is answered or announced again', async () => {
    const before = sent();
    const handledBefore = world.lines.filter((l) => l.obj.component === 'email-bot' && 'uid' in l.obj).length;
    await world.restartBot();
    await settle();
    expect(world.bot.status().handled).toBe(0);
    expect(sent()).toBe(before);
    expect(world.lines.filter((l) => l.obj.component === 'email-bot' && 'uid' in l.obj).length).toBe(
      handledBefore,
    );
    await deliver(
      buildMail(
        {
          From: 'Luis Vega <luis@civil.example.org>',
          'Authentication-Results': CIVIL_VERIFIED,
          To: BOT,
          Subject: 'draft versions',
          'Message-ID': '<cmd-2@civil.example.org>',
        },
        '',
      ),
    );
    const [reply] = (await world.capture.waitFor(before + 1, 10_000)).slice(before);
    expect(reply?.envelope.to).toEqual(['luis@civil.example.org']);
    expect(reply?.parsed.text).toContain('1 June version');
    expect(world.bot.status().handled).toBe(1);
  });

  it('refuses an oversized message unread, with a log line that names only its size', async () => {
    const before = sent();
    const handled = world.bot.status().handled;
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
    await world.dovecot.append(world.dovecot.users.bot, big);
    await until(() => world.lines.some((l) => /refused an oversized message/.test(l.msg)), 'the refusal');
    await settle();
    const line = world.lines.find((l) => /refused an oversized message/.test(l.msg));
    expect(line?.obj).toMatchObject({ limit: 1024 * 1024 });
    expect(line?.obj.size).toBeGreaterThan(1024 * 1024);
    expect(world.bot.status().handled).toBe(handled);
    expect(sent()).toBe(before);
  });

  it('logs no addresses and no message content', () => {
    const dump = world.logger.dump();
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
