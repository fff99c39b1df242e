import { Client, DiscordAPIError, Events, GatewayIntentBits, REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeDiscord,
  GATEWAY_CLOSE,
  parseMultipart,
  startFakeDiscord,
} from '../helpers/fake-discord/index.js';
import { CAUCUS, COMMANDS, seatMembers, startClient, USERS } from './fixtures.js';

/**
 * The fake must behave like Discord where our code depends on it, or the end-to-end tests
 * prove nothing. These tests pin its gateway protocol and REST rules through the real
 * discord.js Client and @discordjs/rest.
 */

const open: { fake: FakeDiscord | undefined; clients: Client[] } = { fake: undefined, clients: [] };

async function world(options: Parameters<typeof startFakeDiscord>[0] = {}): Promise<FakeDiscord> {
  const fake = await startFakeDiscord({ users: USERS, guilds: [CAUCUS], ...options });
  seatMembers(fake);
  open.fake = fake;
  return fake;
}

async function bot(fake: FakeDiscord): Promise<Client> {
  const client = await startClient(fake);
  open.clients.push(client);
  return client;
}

afterEach(async () => {
  for (const c of open.clients.splice(0)) await c.destroy();
  await open.fake?.close();
  open.fake = undefined;
});

const rest = (fake: FakeDiscord, token = fake.token) =>
  new REST({ api: fake.apiUrl, retries: 0 }).setToken(token);

async function apiError(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DiscordAPIError);
  return error as DiscordAPIError;
}

describe('the fake gateway', () => {
  it('logs a real Client in: /gateway/bot, v10 JSON, IDENTIFY, READY and GUILD_CREATE with channels, roles, members', async () => {
    const fake = await world();
    const client = await bot(fake);
    expect(fake.requests[0]).toMatchObject({ method: 'GET', path: '/gateway/bot', authorized: true });
    expect(fake.gateway.connectQueries[0]?.get('v')).toBe('10');
    expect(fake.gateway.connectQueries[0]?.get('encoding')).toBe('json');
    expect(fake.gateway.identifies).toEqual([
      expect.objectContaining({ intents: GatewayIntentBits.Guilds, tokenValid: true, shard: [0, 1] }),
    ]);
    const guild = client.guilds.cache.find((g) => g.name === CAUCUS.name);
    expect(guild?.channels.cache.map((c) => c.name).sort()).toEqual([
      'alerts',
      'general',
      'secretariat-only',
    ]);
    expect(guild?.roles.cache.map((r) => r.name).sort()).toEqual(['@everyone', 'Chairs staff']);
    expect(
      guild?.members.cache.get(fake.user('jonas').id)?.roles.cache.some((r) => r.name === 'Chairs staff'),
    ).toBe(true);
    expect(client.application?.id).toBe(fake.applicationId);
    expect(client.user?.id).toBe(fake.botUser.id);
  });

  it('acknowledges heartbeats; without acknowledgements the client resumes the session', async () => {
    const fake = await world({ heartbeatIntervalMs: 150 });
    await bot(fake);
    await fake.gateway.waitFor(() => fake.gateway.heartbeats >= 3, 5000, 'three heartbeats');
    fake.gateway.ackHeartbeats = false;
    await fake.gateway.waitFor(
      () => fake.gateway.resumes.length >= 1,
      10_000,
      'a resume after a zombied connection',
    );
    fake.gateway.ackHeartbeats = true;
    expect(fake.gateway.resumes[0]?.accepted).toBe(true);
    expect(fake.gateway.identifies).toHaveLength(1);
  });

  it('replays events missed while disconnected once the client resumes', async () => {
    const fake = await world();
    const client = await bot(fake);
    const seen: string[] = [];
    client.on(Events.InteractionCreate, (i) => {
      if (i.isChatInputCommand()) {
        seen.push(i.id);
        void i.reply({ content: 'Vision: 4 sections still bracketed.' });
      }
    });
    fake.gateway.terminate();
    await fake.gateway.waitFor(() => fake.gateway.connectionCount === 0, 2000, 'the drop');
    const guild = fake.guild(CAUCUS.name);
    // Dispatched while nobody is connected: kept for the session.
    const interaction = await fake.runCommand({
      guildId: guild.id,
      channelId: fake.channel('general').id,
      userId: fake.user('amina').id,
      command: 'brackets status',
      options: { document: 'Vision' },
    });
    await interaction.response(10_000);
    expect(seen).toEqual([interaction.id]);
    expect(fake.gateway.resumes.at(-1)?.accepted).toBe(true);
  });

  it('answers an unresumable session with INVALID_SESSION, and the client identifies again', async () => {
    const fake = await world();
    const client = await bot(fake);
    // Waiting for the shard matters: destroying a client in the middle of a re-IDENTIFY
    // makes @discordjs/ws reconnect after the destroy (seen with discord.js 14.28).
    const readyAgain = new Promise((resolve) => client.once(Events.ShardReady, resolve));
    fake.gateway.invalidateSessions();
    fake.gateway.drop(GATEWAY_CLOSE.unknownError);
    await readyAgain;
    expect(fake.gateway.identifies).toHaveLength(2);
    expect(fake.gateway.resumes.at(-1)?.accepted).toBe(false);
  }, 30_000);

  it('rejects a wrong token: the login fails', async () => {
    const fake = await world();
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    open.clients.push(client);
    await expect(client.login('not-the-token')).rejects.toThrow(/token/i);
  });
});

describe('the fake REST API', () => {
  it('requires the bot token on authenticated routes and answers unknown routes with 404', async () => {
    const fake = await world();
    expect((await apiError(rest(fake, 'wrong').get('/users/@me'))).status).toBe(401);
    expect((await apiError(rest(fake).get('/no/such/route'))).status).toBe(404);
    expect(await rest(fake).get('/users/@me')).toMatchObject({ id: fake.botUser.id, bot: true });
  });

  it('validates command definitions as Discord does and keeps ids across re-deploys', async () => {
    const fake = await world();
    const route = `/applications/${fake.applicationId}/commands` as const;
    const first = (await rest(fake).put(route, { body: COMMANDS })) as { id: string; name: string }[];
    const second = (await rest(fake).put(route, { body: COMMANDS })) as { id: string; name: string }[];
    expect(second.map((c) => c.id)).toEqual(first.map((c) => c.id));
    const bad = await apiError(
      rest(fake).put(route, { body: [{ name: 'Brackets Status', description: '' }] }),
    );
    expect(bad.code).toBe(50035);
    const guildRoute =
      `/applications/${fake.applicationId}/guilds/${fake.guild(CAUCUS.name).id}/commands` as const;
    await rest(fake).put(guildRoute, { body: COMMANDS.slice(0, 1) });
    expect(fake.commands.guild.get(fake.guild(CAUCUS.name).id)?.map((c) => c.name)).toEqual(['brackets']);
  });

  it('rejects messages that break Discord’s limits with 50035, and oversized files with 40005', async () => {
    const fake = await world();
    const channel = `/channels/${fake.channel('general').id}/messages` as const;
    const long = await apiError(rest(fake).post(channel, { body: { content: 'x'.repeat(2001) } }));
    expect([long.status, long.code]).toEqual([400, 50035]);
    expect(long.message).toContain('content has 2001 characters');
    const big = await apiError(
      rest(fake).post(channel, {
        body: { content: 'annex' },
        files: [{ name: 'annex.pdf', data: new Uint8Array(10 * 1024 * 1024 + 1) }],
      }),
    );
    expect([big.status, big.code]).toEqual([413, 40005]);
  });

  it('keeps interaction rules: one acknowledgement, within the deadline, follow-ups only after it', async () => {
    const fake = await world({ interactionDeadlineMs: 300 });
    await bot(fake);
    const guild = fake.guild(CAUCUS.name);
    const invocation = {
      guildId: guild.id,
      channelId: fake.channel('general').id,
      userId: fake.user('amina').id,
      command: 'brackets status',
      options: { document: 'Vision' },
    };
    // No handler answers: the test plays the bot through REST.
    const a = await fake.runCommand(invocation);
    const callback = `/interactions/${a.id}/${a.token}/callback` as const;
    const followUp = `/webhooks/${fake.applicationId}/${a.token}` as const;
    expect(
      (await apiError(rest(fake).post(followUp, { body: { content: 'early' }, auth: false }))).code,
    ).toBe(10015);
    await rest(fake).post(callback, { body: { type: 5 }, auth: false });
    expect((await apiError(rest(fake).post(callback, { body: { type: 5 }, auth: false }))).code).toBe(40060);
    await rest(fake).post(followUp, {
      body: { content: 'Done.' },
      auth: false,
      query: new URLSearchParams({ wait: 'true' }),
    });
    expect(a.followUps()).toHaveLength(1);

    const late = await fake.runCommand(invocation);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const expired = await apiError(
      rest(fake).post(`/interactions/${late.id}/${late.token}/callback`, {
        body: { type: 4, data: { content: 'late' } },
        auth: false,
      }),
    );
    expect([expired.status, expired.code]).toEqual([404, 10062]);
  });

  it('dispatches as a member with their roles, or with roles given for one interaction', async () => {
    const fake = await world();
    const client = await bot(fake);
    const seen: string[][] = [];
    client.on(Events.InteractionCreate, (i) => {
      if (!i.isChatInputCommand() || !i.inCachedGuild()) return;
      seen.push(i.member.roles.cache.filter((r) => r.name !== '@everyone').map((r) => r.name));
      void i.reply({ content: 'ok' });
    });
    const staff = fake.role(CAUCUS.name, 'Chairs staff');
    const base = {
      guildId: fake.guild(CAUCUS.name).id,
      channelId: fake.channel('general').id,
      command: 'brackets status',
      options: { document: 'Vision' },
    };
    await (await fake.runCommand({ ...base, userId: fake.user('jonas').id })).response();
    await (await fake.runCommand({ ...base, userId: fake.user('amina').id })).response();
    await (await fake.runCommand({ ...base, userId: fake.user('amina').id, roles: [staff.id] })).response();
    expect(seen).toEqual([['Chairs staff'], [], ['Chairs staff']]);
  });

  it('only dispatches registered commands with their declared options, as Discord’s client would', async () => {
    const fake = await world();
    await bot(fake);
    const base = {
      guildId: fake.guild(CAUCUS.name).id,
      channelId: fake.channel('general').id,
      userId: fake.user('amina').id,
    };
    await expect(fake.runCommand({ ...base, command: 'meetings upcoming' })).rejects.toThrow(
      /not registered/,
    );
    await expect(fake.runCommand({ ...base, command: 'brackets status' })).rejects.toThrow(
      /needs option document/,
    );
    await expect(
      fake.runCommand({ ...base, command: 'brackets status', options: { document: 3 } }),
    ).rejects.toThrow(/takes a string/);
    await expect(
      fake.runCommand({ ...base, command: 'brackets status', options: { page: 'x', document: 'Vision' } }),
    ).rejects.toThrow(/has no option page/);
  });
});

describe('parseMultipart', () => {
  it('parses parts with quoted names, unicode file names and binary content', () => {
    const boundary = '----formdata-test-42';
    const bytes = Buffer.from([0, 1, 2, 13, 10, 45, 45, 255]);
    const body = Buffer.concat([
      Buffer.from(
        `preamble\r\n--${boundary}\r\nContent-Disposition: form-data; name="payload_json"\r\n\r\n{"content":"x"}\r\n`,
      ),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files[0]"; filename="Genève %22v2%22.pdf"\r\n`,
      ),
      Buffer.from('Content-Type: application/pdf\r\n\r\n'),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const parts = parseMultipart(body, boundary);
    expect(parts.map((p) => [p.name, p.filename, p.contentType])).toEqual([
      ['payload_json', undefined, undefined],
      ['files[0]', 'Genève "v2".pdf', 'application/pdf'],
    ]);
    expect(Buffer.compare(parts[1]?.data as Buffer, bytes)).toBe(0);
  });

  it('names the defect in malformed bodies', () => {
    expect(() => parseMultipart(Buffer.from('no boundary here'), 'b')).toThrow(/no boundary line/);
    expect(() =>
      parseMultipart(Buffer.from('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated'), 'b'),
    ).toThrow(/not terminated/);
  });
});
