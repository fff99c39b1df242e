import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  classifyDiscordError,
  createDiscordPoster,
  type DiscordPosterOptions,
  discordApiBase,
} from '../../src/bots/discord/transport.js';
import { RapporteurError } from '../../src/core/errors.js';
import { reply } from '../../src/core/reply.js';
import { discordPayloadProblems } from '../helpers/discord-payload.js';
import { type FakeDiscord, startFakeDiscord } from '../helpers/fake-discord/index.js';
import { bracketedParagraph, CAUCUS, USERS } from './fixtures.js';

/** Alerts through REST only (no gateway), against the fake Discord. */

let fake: FakeDiscord;

beforeAll(async () => {
  fake = await startFakeDiscord({
    users: USERS,
    guilds: [
      CAUCUS,
      { name: 'Old caucus', channels: [{ name: 'old-alerts' }] },
      { name: 'Spare', channels: [{ name: 'gone' }] },
    ],
  });
});

afterAll(async () => {
  await fake?.close();
});

const notifier = (extra: Partial<DiscordPosterOptions> = {}) =>
  createDiscordPoster({ token: fake.token, apiUrl: fake.apiUrl, ...extra });

const moved = reply('MPP6 moved: 9 June 2014, 14:00-18:00 (was 14:00-16:00)', {
  tone: 'warning',
  summary: [
    'The web page now says the session ends at 18:00. Starts ',
    { time: '2014-06-09T12:00:00Z' },
    '.',
  ],
  sections: [
    {
      heading: 'Sources',
      columns: [
        { heading: 'Signed PDF invitation', items: ['14:00-16:00'] },
        { heading: 'Web page', items: ['14:00-18:00'] },
      ],
    },
  ],
});

async function failure(promise: Promise<unknown>): Promise<RapporteurError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RapporteurError);
  return error as RapporteurError;
}

describe('the Discord notifier', () => {
  it('posts a rendered alert and returns the message id; the title is in content for push notifications', async () => {
    const alerts = fake.channel('alerts');
    const posted = await notifier().postReply(alerts.id, moved);
    const stored = fake.channelMessages.get(alerts.id)?.find((m) => m.id === posted.messageId);
    expect(posted.channelId).toBe(alerts.id);
    expect(stored?.content).toBe('MPP6 moved: 9 June 2014, 14:00-18:00 (was 14:00-16:00)');
    expect(stored?.embeds[0]?.description).toContain('<t:1402315200:F>');
    const request = fake.requestsTo('POST /channels/:channel_id/messages').at(-1);
    expect(request?.authorized).toBe(true);
    expect((request?.body as { allowed_mentions?: unknown } | undefined)?.allowed_mentions).toEqual({
      parse: [],
    });
  });

  it('uploads the full report as a file when the alert is long', async () => {
    const alerts = fake.channel('alerts');
    const long = reply('Vision draft: 1 June version posted', {
      sections: [
        { heading: 'Still bracketed', items: Array.from({ length: 200 }, (_, i) => bracketedParagraph(i)) },
      ],
    });
    const posted = await notifier().postReply(alerts.id, long);
    const stored = fake.channelMessages.get(alerts.id)?.find((m) => m.id === posted.messageId);
    expect(stored?.attachments.map((a) => a.filename)).toEqual(['vision-draft-1-june-version-posted.md']);
    const request = fake.requestsTo('POST /channels/:channel_id/messages').at(-1);
    expect(request?.files.map((f) => f.filename)).toEqual(['vision-draft-1-june-version-posted.md']);
  });

  it('does not post twice when a timed-out post is retried with the same idempotency key', async () => {
    const alerts = fake.channel('alerts');
    const key = 'delivery:schedule-change:mpp6:2014-06-03T16:20:00Z';
    fake.faults.inject({ route: 'POST /channels/:channel_id/messages', fault: { kind: 'delay', ms: 700 } });
    const first = await failure(
      notifier({ timeoutMs: 200, retries: 0 }).postReply(alerts.id, moved, { idempotencyKey: key }),
    );
    expect(first.code).toBe('TIMEOUT');
    // Discord did post it; the job retries later with the same key.
    await fake.waitForRequest((r) => r.fault === 'delay' && r.status === 200, 3000, 'the slow post to land');
    const count = fake.channelMessages.get(alerts.id)?.length ?? 0;
    const retry = await notifier().postReply(alerts.id, moved, { idempotencyKey: key });
    expect(fake.channelMessages.get(alerts.id)?.length).toBe(count);
    expect(fake.channelMessages.get(alerts.id)?.at(-1)?.id).toBe(retry.messageId);
    const body = fake.requestsTo('POST /channels/:channel_id/messages').at(-1)?.body as Record<
      string,
      unknown
    >;
    expect(body.enforce_nonce).toBe(true);
    expect(String(body.nonce).length).toBeLessThanOrEqual(25);
  });

  it('classifies an unknown channel (10003) as permanent NOT_FOUND', async () => {
    const gone = fake.channel('gone');
    fake.deleteChannel(gone.id);
    const error = await failure(notifier().postReply(gone.id, moved));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.transient).toBe(false);
    expect(error.message).toBe(
      `Discord refused posting a message to channel ${gone.id}: the channel no longer exists.`,
    );
    expect(error.hint).toContain('unsubscribe that channel');
    expect(error.details).toMatchObject({ discordCode: 10003, status: 404, channelId: gone.id });
  });

  it('classifies a removed bot (50001) and a muted one (50013) as permanent PERMISSION_DENIED', async () => {
    const old = fake.guild('Old caucus');
    fake.removeBotFromGuild(old.id);
    const removed = await failure(notifier().postReply(fake.channel('old-alerts').id, moved));
    expect(removed.code).toBe('PERMISSION_DENIED');
    expect(removed.transient).toBe(false);
    expect(removed.details).toMatchObject({ discordCode: 50001 });
    const muted = await failure(notifier().postReply(fake.channel('secretariat-only').id, moved));
    expect(muted.code).toBe('PERMISSION_DENIED');
    expect(muted.details).toMatchObject({ discordCode: 50013 });
  });

  it('honours a short 429: waits Retry-After, retries once, posts once', async () => {
    const alerts = fake.channel('alerts');
    fake.faults.inject({
      route: 'POST /channels/:channel_id/messages',
      fault: { kind: 'rate-limit', retryAfterSeconds: 0.4 },
    });
    const before = fake.requestsTo('POST /channels/:channel_id/messages').length;
    const count = fake.channelMessages.get(alerts.id)?.length ?? 0;
    await notifier().postReply(alerts.id, moved);
    const attempts = fake.requestsTo('POST /channels/:channel_id/messages').slice(before);
    expect(attempts.map((r) => r.status)).toEqual([429, 200]);
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(400);
    expect(fake.channelMessages.get(alerts.id)?.length).toBe(count + 1);
  });

  it('gives up at once on a rate limit longer than it may wait: RATE_LIMITED, transient, with the delay', async () => {
    fake.faults.inject({
      route: 'POST /channels/:channel_id/messages',
      fault: { kind: 'rate-limit', retryAfterSeconds: 120, global: true },
    });
    const started = Date.now();
    const error = await failure(
      notifier({ maxRateLimitWaitMs: 5000 }).postReply(fake.channel('alerts').id, moved),
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.transient).toBe(true);
    expect(error.details?.retryAfterMs).toBeGreaterThanOrEqual(120_000);
    expect(error.details?.global).toBe(true);
  });

  it('retries 5xx inside the REST client, and reports UNAVAILABLE (transient) when they persist', async () => {
    const alerts = fake.channel('alerts');
    fake.faults.inject({
      route: 'POST /channels/:channel_id/messages',
      times: 2,
      fault: { kind: 'server-error', status: 502 },
    });
    await expect(notifier().postReply(alerts.id, moved)).resolves.toMatchObject({ channelId: alerts.id });
    fake.faults.inject({
      route: 'POST /channels/:channel_id/messages',
      times: 10,
      fault: { kind: 'server-error', status: 503 },
    });
    const error = await failure(notifier({ retries: 2 }).postReply(alerts.id, moved));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.transient).toBe(true);
    expect(error.details).toMatchObject({ status: 503 });
    fake.faults.clear();
  });

  it('reports TIMEOUT when Discord does not answer in time, and UNAVAILABLE when it cannot be reached', async () => {
    fake.faults.inject({ route: 'POST /channels/:channel_id/messages', fault: { kind: 'delay', ms: 1500 } });
    const slow = await failure(
      notifier({ timeoutMs: 200, retries: 0 }).postReply(fake.channel('alerts').id, moved),
    );
    expect(slow.code).toBe('TIMEOUT');
    expect(slow.transient).toBe(true);
    const unreachable = await failure(
      createDiscordPoster({ token: fake.token, apiUrl: 'http://127.0.0.1:9/api', retries: 0 }).postReply(
        fake.channel('alerts').id,
        moved,
      ),
    );
    expect(unreachable.code).toBe('UNAVAILABLE');
    expect(unreachable.transient).toBe(true);
  });

  it('reports a rejected token as CONFIG_INVALID and never shows the token', async () => {
    const error = await failure(
      createDiscordPoster({ token: 'not-the-token', apiUrl: fake.apiUrl }).postReply(
        fake.channel('alerts').id,
        moved,
      ),
    );
    expect(error.code).toBe('CONFIG_INVALID');
    expect(JSON.stringify(error.toJSON())).not.toContain('not-the-token');
    expect(error.describe()).not.toContain('not-the-token');
  });

  it('refuses a malformed channel id without calling Discord', async () => {
    const before = fake.requests.length;
    const error = await failure(notifier().postReply('#alerts', moved));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(fake.requests.length).toBe(before);
  });

  it('classifies a rejected payload (400) as a permanent internal error', async () => {
    fake.faults.inject({
      route: 'POST /channels/:channel_id/messages',
      fault: { kind: 'error', status: 400, code: 50035, message: 'Invalid Form Body' },
    });
    const error = await failure(notifier().postReply(fake.channel('alerts').id, moved));
    expect(error.code).toBe('INTERNAL');
    expect(error.transient).toBe(false);
  });

  it('classifies anything unexpected as INTERNAL rather than retrying forever', () => {
    expect(classifyDiscordError(new TypeError('x is undefined'), { action: 'posting' }).code).toBe(
      'INTERNAL',
    );
    expect(classifyDiscordError('a string', { action: 'posting' }).code).toBe('INTERNAL');
  });

  it('every payload it posted fits Discord’s limits', () => {
    for (const { payload } of fake.sentPayloads()) expect(discordPayloadProblems(payload)).toEqual([]);
  });
});

describe('discordApiBase (DISCORD_API_URL)', () => {
  it('defaults to Discord and normalises trailing slashes and versions', () => {
    expect(discordApiBase(undefined)).toBe('https://discord.com/api');
    expect(discordApiBase('  ')).toBe('https://discord.com/api');
    expect(discordApiBase('http://127.0.0.1:8080/api/v10/')).toBe('http://127.0.0.1:8080/api');
    expect(discordApiBase('https://proxy.example.org/discord/api/')).toBe(
      'https://proxy.example.org/discord/api',
    );
  });

  it('refuses what is not an http(s) URL, saying what to set', () => {
    expect(() => discordApiBase('discord.com/api')).toThrow(/DISCORD_API_URL is not a URL/);
    expect(() => discordApiBase('ftp://x/api')).toThrow(/must be http or https/);
  });
});
