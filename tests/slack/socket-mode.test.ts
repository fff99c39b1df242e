import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackBot, type SlackBot } from '../../src/bots/slack/index.js';
import { createSlackTransport, type SlackTransport } from '../../src/bots/slack/transport.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/ports/index.js';
import { reply } from '../../src/core/reply.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack/server.js';
import { slackPayloadProblems } from '../helpers/slack-payload.js';
import { eventCallback, slashCommandFields } from '../helpers/slack-signing.js';

/**
 * Socket Mode, the default for self-hosting: the real Bolt app opens a WebSocket to the fake
 * Slack (apps.connections.open with the app-level token) and receives envelopes over it.
 */

let fake: FakeSlack;
let bot: SlackTransport;
const texts: string[] = [];
const shared: string[] = [];

beforeAll(async () => {
  fake = await startFakeSlack();
  fake.addChannel({ id: 'C0VISION', name: 'vision-draft' });
  fake.addUser({ id: 'U0CIVIL', tz: 'America/Sao_Paulo' });
  bot = createSlackTransport({
    mode: 'socket',
    botToken: fake.botToken,
    appToken: fake.appToken,
    slackApiUrl: fake.apiUrl,
    commands: ['/meetings'],
    logger: silentLogger,
    maxFileBytes: 1024 * 1024,
    downloadTimeoutMs: 2000,
    clientRetries: 0,
    handlers: {
      async command(req) {
        texts.push(req.text);
        return reply('Next meeting', {
          summary: [
            'MPP 6 starts ',
            { time: '2014-06-09T12:00:00Z', zone: 'Europe/Zurich' },
            ' (Whit Monday).',
          ],
        });
      },
      async fileShared(file) {
        shared.push(file.id);
        return undefined;
      },
    },
  });
  await bot.start();
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
});

describe('Slack app in Socket Mode', () => {
  it('connects with the app-level token', () => {
    expect(fake.calls('apps.connections.open')).toHaveLength(1);
    expect(fake.calls('apps.connections.open')[0]?.headers.authorization).toBe(`Bearer ${fake.appToken}`);
    expect(fake.sockets.size).toBe(1);
  });

  it('acknowledges a slash command envelope at once and answers on the response_url', async () => {
    const before = fake.messages.length;
    const responseUrl = fake.responseUrl('C0VISION');
    const { ack, ms } = await fake.sendEnvelope(
      'slash_commands',
      slashCommandFields({
        command: '/meetings',
        text: 'next',
        userId: 'U0CIVIL',
        channelId: 'C0VISION',
        responseUrl,
      }),
    );
    expect(ms).toBeLessThan(3000);
    expect(ack.envelope_id).toBeTypeOf('string');
    for (let i = 0; i < 100 && fake.messages.length === before; i++) await sleep(20);
    const answer = fake.messages.at(-1);
    expect(answer?.via).toBe('response_url');
    expect(
      slackPayloadProblems({ text: answer?.text as string, blocks: answer?.blocks as unknown[] }),
    ).toEqual([]);
    expect(answer?.text).toContain('Mon 9 Jun 2014, 14:00');
    expect(texts).toEqual(['next']);
  });

  it('runs a redelivered event envelope once', async () => {
    const file = fake.addFile({ name: 'vision.pdf', content: '%PDF-1.4\n', user: 'U0CIVIL' });
    const payload = eventCallback({
      eventId: 'Ev0SOCKET1',
      event: {
        type: 'file_shared',
        file_id: file.id,
        user_id: 'U0CIVIL',
        file: { id: file.id },
        channel_id: 'C0VISION',
        event_ts: '1',
      },
    });
    await fake.sendEnvelope('events_api', payload);
    await fake.sendEnvelope('events_api', payload, { retryAttempt: 1, retryReason: 'timeout' });
    await sleep(300);
    expect(shared).toEqual([file.id]);
  });
});

describe('Rapporteur’s Slack app in Socket Mode (the default)', () => {
  let fake2: FakeSlack;
  let test: TestApp;
  let slackApp: SlackBot;

  beforeAll(async () => {
    fake2 = await startFakeSlack();
    fake2.addChannel({ id: 'C0VISION', name: 'wsis-vision' });
    fake2.addUser({ id: 'U0ADMIN', isAdmin: true, tz: 'America/Lima' });
    test = await createTestApp();
    const config = loadConfig({
      SLACK_BOT_TOKEN: fake2.botToken,
      SLACK_APP_TOKEN: fake2.appToken,
      SLACK_API_URL: fake2.apiUrl,
    });
    expect(config.slack?.mode).toBe('socket');
    slackApp = createSlackBot({
      runtime: { config, deps: test.deps, logger: silentLogger, clock: test.clock },
      clientRetries: 0,
    });
    await slackApp.start();
  });

  afterAll(async () => {
    await slackApp?.stop();
    await test?.close();
    await fake2?.close();
  });

  it('connects with the app-level token and runs registry commands from envelopes', async () => {
    expect(fake2.calls('apps.connections.open')).toHaveLength(1);
    const before = fake2.messages.length;
    const { ms } = await fake2.sendEnvelope(
      'slash_commands',
      slashCommandFields({
        command: '/rapporteur',
        text: 'follow WSIS+10 Vision',
        userId: 'U0ADMIN',
        channelId: 'C0VISION',
        responseUrl: fake2.responseUrl('C0VISION'),
        teamId: fake2.teamId,
      }),
    );
    expect(ms).toBeLessThan(3000);
    for (let i = 0; i < 150 && fake2.messages.length === before; i++) await sleep(20);
    const answer = fake2.messages.at(-1);
    expect(answer?.via).toBe('response_url');
    expect(answer?.text).toContain('Now following WSIS+10 Vision');
    expect(await test.store.listTenants()).toHaveLength(1);
  });

  it('refuses to start without Slack settings or with a plain-http API address', () => {
    const runtime = { config: loadConfig({}), deps: test.deps, logger: silentLogger, clock: test.clock };
    expect(() => createSlackBot({ runtime })).toThrow(/Slack is not configured/);
    const plain = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_API_URL: 'http://proxy.example.org/api/',
    });
    expect(() => createSlackBot({ runtime: { ...runtime, config: plain } })).toThrow(/must use https/);
  });
});
