import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIL_STAFF_ROLE } from '../../src/bots/email/index.js';
import type { Actor, Scope } from '../../src/core/app/context.js';
import { postDraftVersion } from '../../src/core/app/drafts.js';
import { findMeeting } from '../../src/core/app/schedule.js';
import { followProcess } from '../../src/core/app/setup.js';
import type { Address, Notifier, OutgoingMessage, TenantStore } from '../../src/core/ports/index.js';
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
} from './bot-world.js';
import { buildMail } from './mime.js';

/**
 * Issue 9's cross-platform scenario: the caucus follows WSIS+10 Vision both on its mailing
 * list and in its Discord server, and MAIL_LISTS routes the list into the server's process.
 * A PDF invitation and then the corrected invitation arrive on the list; the Discord channel
 * that follows the process and the list itself each get exactly one alert per change, the
 * first through (a recording) Discord notifier, the second by SMTP. Everything else is real:
 * Dovecot, the SMTP capture, the BullMQ worker on Redis, the SQLite store.
 */

const usable = dovecotUsable();
const redisUp = await serviceUp('redis');

const GUILD = '81384788765712384';
const ROOM = '112233445566778899';
const CAUCUS = 'WSIS+10 civil society caucus';

/** The Discord notifier at its port: what the worker hands to Discord, recorded. */
class RecordingDiscord implements Notifier {
  readonly platform = 'discord' as const;
  sent: Array<{ address: Address; message: OutgoingMessage }> = [];
  async send(address: Address, message: OutgoingMessage) {
    this.sent.push({ address, message });
    return { messageId: `discord-${this.sent.length}` };
  }
}

describe.skipIf(!usable || !redisUp)('a mailing list feeding a Discord server’s process', () => {
  let world: BotWorld;
  const discord = new RecordingDiscord();
  const room: Scope = {
    platform: 'discord',
    tenantExternalId: GUILD,
    tenantName: CAUCUS,
    channelId: ROOM,
    channelName: 'wsis-alerts',
  };
  const admin: Actor = { userId: '80351110224678912', platformRoleIds: [], isAdmin: true };
  /** The list's scope as it ran on its own before MAIL_LISTS routed it into the server. */
  const ownTenant: Scope = {
    platform: 'email',
    tenantExternalId: 'wsis.lists.example.org',
    tenantName: 'wsis.lists.example.org',
    channelId: LIST,
    channelName: LIST,
  };

  const mails = () => world.capture.messages;
  const guild = async (): Promise<TenantStore> => {
    const tenant = await world.runtime.store.findTenant('discord', GUILD);
    if (!tenant) throw new Error('the Discord tenant does not exist');
    return world.runtime.store.tenant(tenant.id);
  };
  /** Waits until Discord and the SMTP server have these totals, then checks no more come. */
  async function expectTotals(chat: number, mail: number, what: string): Promise<void> {
    await until(() => discord.sent.length >= chat && mails().length >= mail, what);
    await settle();
    expect(discord.sent).toHaveLength(chat);
    expect(mails()).toHaveLength(mail);
  }

  beforeAll(async () => {
    world = await startBotWorld({
      mailLists: `wsis.lists.example.org=discord:${GUILD}/WSIS+10 Vision`,
      env: { MAIL_DIGEST_HOUR: '7' },
      notifiers: { discord },
      // Until now the list had a tenant of its own, whose process its address followed.
      beforeBot: async (runtime) => {
        await followProcess(runtime.deps, ownTenant, admin, { name: 'WSIS+10 Vision' });
      },
    });
    // An administrator of the server makes #wsis-alerts follow the process the list feeds.
    await followProcess(world.runtime.deps, room, admin, { name: 'WSIS+10 Vision' });
  }, 60_000);

  afterAll(async () => {
    await world?.close();
  });

  it('binds the list in the server as an e-mail channel, and releases it from its own tenant', async () => {
    const tenant = await world.runtime.store.findTenant('discord', GUILD);
    expect(tenant?.name).toBe(CAUCUS);
    const t = await guild();
    const [process, ...others] = await t.listProcesses();
    expect(others).toEqual([]);
    expect(process).toMatchObject({ name: 'WSIS+10 Vision', settings: { defaultTimeZone: 'Europe/Zurich' } });
    const channels = await t.listChannels(process?.id);
    expect(channels.map((c) => [c.platformChannelId, c.platform]).sort()).toEqual([
      [ROOM, null],
      [LIST, 'email'],
    ]);
    const list = channels.find((c) => c.platformChannelId === LIST);
    expect(await t.getSubscription(list?.id ?? '')).toMatchObject({
      draftChanges: true,
      scheduleChanges: true,
      reminders: true,
      digestHour: 7,
    });
    expect(await t.listRoles(process?.id)).toEqual([
      expect.objectContaining({ role: 'poster', principal: { kind: 'platform-role', id: MAIL_STAFF_ROLE } }),
    ]);
    // The list's own tenant keeps its process and history, but no longer sends the list anything.
    const own = await world.runtime.store.findTenant('email', 'wsis.lists.example.org');
    const ownStore = world.runtime.store.tenant(own?.id ?? '');
    expect(await ownStore.findChannel(LIST)).toBeUndefined();
    expect((await ownStore.listProcesses()).map((p) => p.name)).toEqual(['WSIS+10 Vision']);
    expect(world.lines.filter((l) => /feeds another tenant now/.test(l.msg)).map((l) => l.obj)).toEqual([
      expect.objectContaining({ list: 'wsis.lists.example.org', from: 'email', to: 'discord' }),
    ]);
  });

  it('a venue notice on the list: MPP-5 is announced once in Discord and once to the list', async () => {
    await world.deliver(
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
    await expectTotals(1, 1, 'the MPP-5 alerts');
    expect(discord.sent.map((s) => s.message.reply.title)).toEqual(['MPP-5 announced']);
    expect(mails().map((m) => [m.envelope.to[0], m.parsed.subject])).toEqual([[LIST, 'MPP-5 announced']]);
  });

  let firstMail: CapturedMail | undefined;

  it('a PDF invitation on the list: one alert in the Discord channel and one to the list', async () => {
    await world.deliver(
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
    await expectTotals(2, 2, 'the MPP-6 alerts');
    expect(discord.sent[1]?.address).toEqual({ platform: 'discord', tenantExternalId: GUILD, channel: ROOM });
    expect(discord.sent[1]?.message.reply.title).toBe('MPP-6 announced');
    firstMail = mails()[1];
    expect(firstMail?.envelope.to).toEqual([LIST]);
    expect(firstMail?.parsed.subject).toBe('MPP-6 announced');
    expect(firstMail?.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(firstMail?.parsed.text).toContain('9 June 2014');
    const { view } = await findMeeting(world.runtime.deps, room, { meeting: 'MPP-6' });
    expect(view.meeting.times).toBe('14:00-16:00');
  });

  it('the corrected invitation re-times it: one more alert each, threaded under the first', async () => {
    await world.deliver(correctedInvitation());
    await expectTotals(3, 3, 'the re-timing alerts');
    const title = 'MPP-6 re-timed: now 14:00-18:00 Europe/Zurich (was 14:00-16:00 Europe/Zurich)';
    expect(discord.sent[2]?.message.reply.title).toBe(title);
    expect(discord.sent[2]?.message.threadKey).toBe(discord.sent[1]?.message.threadKey);
    const retimed = mails()[2];
    expect(retimed?.envelope.to).toEqual([LIST]);
    expect(retimed?.parsed.subject).toBe(title);
    // Both mails about MPP-6 refer to one thread root (derived from the server and the meeting).
    const root = [firstMail?.parsed.references].flat()[0];
    expect(root).toMatch(/^<.+@example\.org>$/);
    expect([retimed?.parsed.references].flat()[0]).toBe(root);
    const { view } = await findMeeting(world.runtime.deps, room, { meeting: 'MPP-6' });
    expect(view.meeting.times).toBe('14:00-18:00');
  });

  it('a draft the server’s staff post in Discord reaches the list by mail too', async () => {
    const posted = await postDraftVersion(world.runtime.deps, room, admin, {
      document: 'Vision',
      label: '1 June version',
      file: {
        name: 'vision-2014-06-01.md',
        contentType: 'text/markdown',
        bytes: new Uint8Array(fixture('drafts', 'vision-2014-06-01.md')),
      },
    });
    expect(posted).toMatchObject({ created: true, alerts: 2 });
    await expectTotals(4, 4, 'the draft alerts');
    expect(discord.sent[3]?.message.reply.title).toMatch(/Vision.*1 June version/);
    expect(mails()[3]?.envelope.to).toEqual([LIST]);
    expect(mails()[3]?.parsed.subject).toMatch(/Vision.*1 June version/);
  });

  it('a command by mail about the list answers from the server’s process', async () => {
    await world.deliver(
      buildMail(
        {
          From: 'Amina Diallo <amina@civil.example.org>',
          // Commands are answered only for senders the bot's mail server verified.
          'Authentication-Results': 'mx.example.org; dmarc=pass header.from=civil.example.org',
          To: BOT,
          Subject: 'meetings show MPP-6',
          'Message-ID': '<cmd-crosslist@civil.example.org>',
        },
        '',
      ),
    );
    await expectTotals(4, 5, 'the answer');
    const answer = mails()[4];
    expect(answer?.envelope.to).toEqual(['amina@civil.example.org']);
    expect(answer?.parsed.inReplyTo).toBe('<cmd-crosslist@civil.example.org>');
    // Only the server's process knows the corrected times: the list's old tenant has no meetings.
    expect(answer?.parsed.text).toContain('14:00-18:00');
  });

  it('a restart changes nothing: same channels, the server keeps its name, nobody is told again', async () => {
    const t = await guild();
    const before = (await t.listChannels()).map((c) => c.id).sort();
    await world.restartBot();
    await settle();
    expect((await t.listChannels()).map((c) => c.id).sort()).toEqual(before);
    expect((await world.runtime.store.findTenant('discord', GUILD))?.name).toBe(CAUCUS);
    expect(world.lines.filter((l) => /feeds another tenant now/.test(l.msg))).toHaveLength(1);
    expect(discord.sent).toHaveLength(4);
    expect(mails()).toHaveLength(5);
  });
});
