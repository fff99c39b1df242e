import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordNotifierPort } from '../../src/bots/discord/notifier.js';
import { reply } from '../../src/core/reply.js';
import { discordPayloadProblems } from '../helpers/discord-payload.js';
import { type FakeDiscord, startFakeDiscord } from '../helpers/fake-discord/index.js';
import { BOT_USERS, CAUCUS_SERVER, IDS, recordingLogger } from './bot-world.js';

/**
 * The Notifier port the job worker sends through: channel alerts, and personal reminders in
 * a direct message opened once per person.
 */

let fake: FakeDiscord;

beforeAll(async () => {
  fake = await startFakeDiscord({ users: BOT_USERS, guilds: [CAUCUS_SERVER] });
});
afterAll(async () => {
  await fake?.close();
});

const reminder = (n: number) => ({
  reply: reply('MPP-6 starts in 1 hour', {
    tone: 'warning',
    summary: ['Sixth MPP meeting, ITU, Geneva: ', { time: '2014-06-09T12:00:00Z' }, '.'],
  }),
  idempotencyKey: `reminder:mpp-6:60:${n}`,
});

describe('the Discord Notifier port', () => {
  it('sends personal reminders in a direct message, opening it once per person', async () => {
    const logger = recordingLogger();
    const port = createDiscordNotifierPort({ token: fake.token, apiUrl: fake.apiUrl, logger });
    const address = { platform: 'discord' as const, tenantExternalId: IDS.guild, user: IDS.amina };
    const first = await port.send(address, reminder(1));
    const second = await port.send(address, reminder(2));
    expect(fake.requestsTo('POST /users/@me/channels')).toHaveLength(1);
    const dm = fake.dmChannel(IDS.amina);
    const messages = fake.channelMessages.get(dm.id) ?? [];
    expect(messages.map((m) => m.id)).toEqual([first.messageId, second.messageId]);
    expect(messages[0]?.content).toBe('MPP-6 starts in 1 hour');
    expect(messages[0]?.embeds[0]?.description).toBe('Sixth MPP meeting, ITU, Geneva: <t:1402315200:F>.');
    for (const { payload } of fake.sentPayloads()) expect(discordPayloadProblems(payload)).toEqual([]);
    expect(logger.dump()).not.toContain(fake.token);
  });

  it('posts channel alerts once even when the delivery is retried', async () => {
    const port = createDiscordNotifierPort({
      token: fake.token,
      apiUrl: fake.apiUrl,
      logger: recordingLogger(),
    });
    const address = { platform: 'discord' as const, tenantExternalId: IDS.guild, channel: IDS.visionChannel };
    const a = await port.send(address, reminder(3));
    const b = await port.send(address, reminder(3));
    expect(b.messageId).toBe(a.messageId);
    expect(
      (fake.channelMessages.get(IDS.visionChannel) ?? []).filter((m) => m.id === a.messageId),
    ).toHaveLength(1);
  });

  it('refuses an address with neither channel nor person', async () => {
    const port = createDiscordNotifierPort({
      token: fake.token,
      apiUrl: fake.apiUrl,
      logger: recordingLogger(),
    });
    await expect(
      port.send({ platform: 'discord', tenantExternalId: IDS.guild }, reminder(4)),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
