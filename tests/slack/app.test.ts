import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSlackTransport,
  type SlackCommandRequest,
  type SlackTransport,
} from '../../src/bots/slack/transport.js';
import { RapporteurError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/ports/index.js';
import { type Reply, reply } from '../../src/core/reply.js';
import { type FakeMessage, type FakeSlack, startFakeSlack } from '../helpers/fake-slack/server.js';
import { slackPayloadProblems } from '../helpers/slack-payload.js';
import { blockActionBody, eventBody, sendSigned, slashCommandBody } from '../helpers/slack-signing.js';

/**
 * The real Bolt app in HTTP mode on 127.0.0.1, receiving requests signed as Slack signs
 * them and talking to the fake Slack Web API. The handlers stand in for the command
 * registry: they return Replies; everything between is the code under test.
 */

const SECRET = 'wsis10-signing-secret-for-tests';
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n'),
  Buffer.from('Vision draft, 1 June version'),
  Buffer.from('\n%%EOF\n'),
]);

let fake: FakeSlack;
let bot: SlackTransport;
let endpoint: string;
let base: string;
const commands: SlackCommandRequest[] = [];
const actions: string[] = [];
const sharedFiles: { name: string; bytes: number }[] = [];

function commandReply(req: SlackCommandRequest): Promise<Reply> | Reply {
  switch (req.text) {
    case 'status C9':
      return reply('C9 Media: still bracketed', {
        summary: [
          '3 open brackets in the 1 June version; next meeting ',
          { time: '2014-06-09T12:00:00Z' },
          '.',
        ],
        sections: [{ items: ['¶ 12 bis [US: delete]', '¶ 14 [Alt 1: “as appropriate”] [Alt 2: delete]'] }],
        actions: [{ command: 'brackets diff C9 --full', label: 'Show full diff' }],
      });
    case 'status all':
      return reply('Vision draft: all open brackets', {
        sections: [
          {
            items: Array.from(
              { length: 700 },
              (_, i) => `¶ ${i + 1}: [proposed by G77] “in their respective roles”`,
            ),
          },
        ],
      });
    case 'private all':
      return reply('Your watch list', {
        ephemeral: true,
        sections: [
          {
            items: Array.from(
              { length: 700 },
              (_, i) => `Watch ${i + 1}: https://www.itu.int/net/wsis/review/${i}`,
            ),
          },
        ],
      });
    case 'slow':
      return sleep(4000).then(() =>
        reply('Diff 28 May → 1 June', { summary: '12 brackets resolved, 3 added.' }),
      );
    case 'missing':
      throw new RapporteurError('NOT_FOUND', 'No draft called "Outcome" has been posted.', {
        hint: 'Run /draft list to see the drafts.',
      });
    case 'crash':
      throw new TypeError('cannot read properties of undefined');
    default:
      return reply('Help', { summary: `Unknown: ${req.text}`, ephemeral: true });
  }
}

beforeAll(async () => {
  fake = await startFakeSlack();
  fake.addChannel({ id: 'C0VISION', name: 'vision-draft' });
  fake.addChannel({ id: 'C0HALLWAY', name: 'hallway', isMember: false });
  fake.addUser({ id: 'U0CIVIL', name: 'civil-society', tz: 'Australia/Sydney' });
  fake.addUser({ id: 'U0SECRETARIAT', name: 'secretariat', tz: 'Europe/Zurich' });
  bot = createSlackTransport({
    mode: 'http',
    botToken: fake.botToken,
    signingSecret: SECRET,
    slackApiUrl: fake.apiUrl,
    port: 0,
    host: '127.0.0.1',
    commands: ['/brackets', '/draft', '/meetings', '/watch', '/rapporteur'],
    logger: silentLogger,
    maxFileBytes: 1024 * 1024,
    downloadTimeoutMs: 2000,
    clientRetries: 0,
    handlers: {
      async command(req) {
        commands.push(req);
        return commandReply(req);
      },
      async action(req) {
        actions.push(req.command);
        return reply(`Ran ${req.command}`, { summary: 'Full diff of C9: 3 brackets.' });
      },
      async fileShared(file) {
        const got = await file.download();
        const { name } = await file.describe();
        sharedFiles.push({ name: got.name, bytes: got.bytes.byteLength });
        return reply(`Recorded ${name}`, {
          tone: 'success',
          summary: `${got.bytes.byteLength} bytes read.`,
        });
      },
    },
  });
  const { port } = await bot.start();
  base = `http://127.0.0.1:${port}`;
  endpoint = `${base}/slack/events`;
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
});

async function waitFor<T>(find: () => T | undefined, ms = 3000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error('timed out waiting');
    await sleep(20);
  }
}

function slash(text: string, channelId = 'C0VISION', userId = 'U0CIVIL', command = '/brackets') {
  const responseUrl = fake.responseUrl(channelId);
  const body = slashCommandBody({ command, text, userId, channelId, responseUrl });
  return { body, responseUrl };
}

const responsesFor = (channel: string) => (m: FakeMessage) =>
  m.via === 'response_url' && m.channel === channel;

describe('Slack app over HTTP (signed requests, real Bolt)', () => {
  it('acknowledges a signed slash command at once and answers on the response_url', async () => {
    const before = fake.messages.length;
    const { body } = slash('status C9');
    const res = await sendSigned(endpoint, SECRET, body, 'form');
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000);
    const answer = await waitFor(() => fake.messages.slice(before).find(responsesFor('C0VISION')));
    expect(answer.responseType).toBe('in_channel');
    expect(slackPayloadProblems({ text: answer.text as string, blocks: answer.blocks as unknown[] })).toEqual(
      [],
    );
    expect(answer.blocks?.[0]).toMatchObject({ type: 'header', text: { text: 'C9 Media: still bracketed' } });
    expect(JSON.stringify(answer.blocks)).toContain('rapporteur:0');
    // The user's own zone (from users.info) is used for the fallback: 22:00 in Sydney.
    expect(JSON.stringify(answer.blocks)).toContain(
      '<!date^1402315200^{date_long_pretty} {time}|Mon 9 Jun 2014, 22:00',
    );
    expect(commands.at(-1)).toMatchObject({
      command: '/brackets',
      text: 'status C9',
      zone: 'Australia/Sydney',
    });
  });

  it('acknowledges within 3 s even when the command takes longer', async () => {
    const before = fake.messages.length;
    const { body } = slash('slow');
    const res = await sendSigned(endpoint, SECRET, body, 'form');
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(1500);
    const answer = await waitFor(() => fake.messages.slice(before).find(responsesFor('C0VISION')), 8000);
    expect(answer.text).toContain('Diff 28 May → 1 June');
  }, 15_000);

  it.each([
    ['a bad signature', { wrongSecret: true }],
    ['a stale timestamp', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
    ['no signature', { unsigned: true }],
  ])('refuses %s without reaching the handler', async (_label, signing) => {
    const count = commands.length;
    const { body } = slash('status C9');
    const res = await sendSigned(endpoint, SECRET, body, 'form', signing);
    expect(res.status).toBe(401);
    await sleep(100);
    expect(commands.length).toBe(count);
  });

  it('runs a redelivered event once (X-Slack-Retry-Num)', async () => {
    const file = fake.addFile({
      name: 'vision-2014-06-01.pdf',
      content: PDF,
      user: 'U0SECRETARIAT',
      channels: ['C0VISION'],
    });
    const event = {
      type: 'file_shared',
      file_id: file.id,
      user_id: 'U0SECRETARIAT',
      file: { id: file.id },
      channel_id: 'C0VISION',
      event_ts: `${Date.now() / 1000}`,
    };
    const body = eventBody({ event, eventId: 'Ev0VISION0601' });
    const before = sharedFiles.length;
    const first = await sendSigned(endpoint, SECRET, body, 'json');
    const retry = await sendSigned(endpoint, SECRET, body, 'json', {
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    const again = await sendSigned(endpoint, SECRET, body, 'json', {
      retryNum: 2,
      retryReason: 'http_error',
    });
    expect([first.status, retry.status, again.status]).toEqual([200, 200, 200]);
    const posted = await waitFor(() =>
      fake.messages.find(
        (m) => m.via === 'chat.postMessage' && m.text?.startsWith('Recorded vision-2014-06-01.pdf'),
      ),
    );
    await sleep(300);
    expect(sharedFiles.length - before).toBe(1);
    expect(sharedFiles.at(-1)).toEqual({ name: 'vision-2014-06-01.pdf', bytes: PDF.length });
    expect(posted.channel).toBe('C0VISION');
    // The download carried the bot token.
    expect(fake.requests.filter((r) => r.kind === 'download').at(-1)?.headers.authorization).toBe(
      `Bearer ${fake.botToken}`,
    );
  });

  it('ignores the file_shared events of its own uploads', async () => {
    const before = sharedFiles.length;
    const file = fake.addFile({ name: 'report.txt', content: 'x', user: fake.botUserId });
    const event = {
      type: 'file_shared',
      file_id: file.id,
      user_id: fake.botUserId,
      file: { id: file.id },
      channel_id: 'C0VISION',
      event_ts: '1',
    };
    const res = await sendSigned(endpoint, SECRET, eventBody({ event }), 'json');
    expect(res.status).toBe(200);
    await sleep(300);
    expect(sharedFiles.length).toBe(before);
  });

  it('sends a long reply cut with a note and uploads the full report through the three-step upload', async () => {
    const before = fake.requests.length;
    const { body } = slash('status all');
    expect((await sendSigned(endpoint, SECRET, body, 'form')).status).toBe(200);
    const complete = await waitFor(() =>
      fake.requests.slice(before).find((r) => r.api === 'files.completeUploadExternal'),
    );
    expect(complete.args.channel_id).toBe('C0VISION');
    const fileId = (complete.args.files as { id: string }[])[0]?.id as string;
    const steps = fake.requests
      .slice(before)
      .map((r) => r.api ?? r.kind)
      .filter((s) => ['files.getUploadURLExternal', 'upload', 'files.completeUploadExternal'].includes(s));
    expect(steps).toEqual(['files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
    const response = fake.messages.filter(responsesFor('C0VISION')).at(-1) as FakeMessage;
    expect(JSON.stringify(response.blocks)).toMatch(
      /… and \d+ more items\. The full report is in the attached file vision-draft-all-open-brackets\.md\./,
    );
    const report = fake.files.get(fileId);
    expect(fake.messages.find((m) => m.via === 'file_share' && m.files?.includes(fileId))?.channel).toBe(
      'C0VISION',
    );
    expect(report?.content.toString('utf8')).toContain(
      '¶ 700: \\[proposed by G77\\] “in their respective roles”',
    );
  });

  it('sends the files to the person when the bot is not in the channel, and says so', async () => {
    const before = fake.messages.length;
    const { body } = slash('status all', 'C0HALLWAY');
    expect((await sendSigned(endpoint, SECRET, body, 'form')).status).toBe(200);
    const share = await waitFor(() => fake.messages.slice(before).find((m) => m.via === 'file_share'));
    expect(share.channel).toBe('D0CIVIL');
    const notice = await waitFor(() =>
      fake.messages.slice(before).find((m) => m.via === 'response_url' && m.responseType === 'ephemeral'),
    );
    expect(notice.text).toMatch(/not a member of this channel/);
  });

  it('sends the files of a private reply to the person, never to the channel', async () => {
    const before = fake.messages.length;
    expect((await sendSigned(endpoint, SECRET, slash('private all').body, 'form')).status).toBe(200);
    const share = await waitFor(() => fake.messages.slice(before).find((m) => m.via === 'file_share'));
    expect(share.channel).toBe('D0CIVIL');
    const answer = fake.messages.slice(before).find(responsesFor('C0VISION'));
    expect(answer?.responseType).toBe('ephemeral');
  });

  it('tells the channel when a shared file comes back as Slack’s sign-in page', async () => {
    const file = fake.addFile({
      name: 'vision-2014-05-28.docx',
      content: Buffer.from('PK\u0003\u0004'),
      user: 'U0SECRETARIAT',
      loginPage: true,
    });
    const event = {
      type: 'file_shared',
      file_id: file.id,
      user_id: 'U0SECRETARIAT',
      file: { id: file.id },
      channel_id: 'C0VISION',
      event_ts: '2',
    };
    await sendSigned(endpoint, SECRET, eventBody({ event }), 'json');
    const posted = await waitFor(() =>
      fake.messages.find(
        (m) => m.via === 'chat.postMessage' && m.text?.startsWith('Reading vision-2014-05-28.docx'),
      ),
    );
    const json = JSON.stringify(posted.blocks);
    expect(json).toContain('sign-in page instead of vision-2014-05-28.docx');
    expect(json).toContain('files:read');
  });

  it('answers a failing command privately with what went wrong and what to do', async () => {
    const before = fake.messages.length;
    await sendSigned(endpoint, SECRET, slash('missing', 'C0VISION', 'U0CIVIL', '/draft').body, 'form');
    const answer = await waitFor(() => fake.messages.slice(before).find(responsesFor('C0VISION')));
    expect(answer.responseType).toBe('ephemeral');
    const json = JSON.stringify(answer.blocks);
    expect(json).toContain('No draft called \\"Outcome\\" has been posted.');
    expect(json).toContain('Run /draft list to see the drafts.');

    const crashBefore = fake.messages.length;
    await sendSigned(endpoint, SECRET, slash('crash').body, 'form');
    const crash = await waitFor(() => fake.messages.slice(crashBefore).find(responsesFor('C0VISION')));
    expect(crash.responseType).toBe('ephemeral');
    expect(JSON.stringify(crash.blocks)).not.toContain('undefined');
  });

  it('runs the command a button carries', async () => {
    const before = fake.messages.length;
    const body = blockActionBody({
      actionId: 'rapporteur:0',
      value: 'brackets diff C9 --full',
      userId: 'U0CIVIL',
      channelId: 'C0VISION',
      responseUrl: fake.responseUrl('C0VISION'),
    });
    const res = await sendSigned(endpoint, SECRET, body, 'form');
    expect(res.status).toBe(200);
    const answer = await waitFor(() => fake.messages.slice(before).find(responsesFor('C0VISION')));
    expect(actions.at(-1)).toBe('brackets diff C9 --full');
    expect(answer.text).toContain('Ran brackets diff C9 --full');
  });

  it('serves a health check for load balancers', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
  });

  it('sent only payloads within Slack’s limits', () => {
    const payloads = fake.requests.filter(
      (r) =>
        r.kind === 'response_url' ||
        ['chat.postMessage', 'chat.postEphemeral', 'chat.update'].includes(r.api ?? ''),
    );
    expect(payloads.length).toBeGreaterThan(8);
    for (const p of payloads) {
      expect(slackPayloadProblems(p.args as { text?: string; blocks?: unknown[] }), p.path).toEqual([]);
    }
  });
});

describe('Slack app start-up', () => {
  it('fails clearly when the bot token is refused', async () => {
    const broken = createSlackTransport({
      mode: 'http',
      botToken: 'xoxb-revoked',
      signingSecret: SECRET,
      slackApiUrl: fake.apiUrl,
      port: 0,
      host: '127.0.0.1',
      commands: ['/brackets'],
      logger: silentLogger,
      maxFileBytes: 1024,
      downloadTimeoutMs: 1000,
      clientRetries: 0,
      handlers: { command: async () => reply('x') },
    });
    await expect(broken.start()).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      details: { slackError: 'invalid_auth' },
    });
  });

  it('needs a signing secret in HTTP mode and an app token in Socket Mode', () => {
    const base = {
      botToken: 'xoxb-1',
      commands: [],
      logger: silentLogger,
      maxFileBytes: 1,
      downloadTimeoutMs: 1,
      handlers: { command: async () => reply('x') },
    };
    expect(() => createSlackTransport({ ...base, mode: 'http' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => createSlackTransport({ ...base, mode: 'socket' })).toThrow(/SLACK_APP_TOKEN/);
  });
});
