import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackWebClient, type SlackWebClient } from '../../src/bots/slack/client.js';
import { silentLogger } from '../../src/core/ports/index.js';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack/server.js';

/**
 * The fake is only worth what it shares with Slack, so its own behaviour is pinned here,
 * through the real Web API client: the methods, their errors, and the SDK's own upload path
 * (files.uploadV2, which sends multipart) besides ours (raw bytes).
 */

let fake: FakeSlack;
let client: SlackWebClient;
beforeAll(async () => {
  fake = await startFakeSlack();
  fake.addChannel({ id: 'C0CAUCUS', name: 'caucus', members: ['U0CIVIL'] });
  fake.addUser({ id: 'U0CIVIL', name: 'civil', realName: 'Civil Society', tz: 'Africa/Cairo' });
  fake.addUser({ id: 'U0OTHER' });
  client = createSlackWebClient(fake.botToken, {
    logger: silentLogger,
    slackApiUrl: fake.apiUrl,
    retries: 0,
  });
});
afterAll(() => fake.close());

async function slackErrorOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return (err as { data?: { error?: string } }).data?.error;
  }
}

describe('fake Slack Web API', () => {
  it('answers auth.test with the bot identity', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({
      ok: true,
      user_id: fake.botUserId,
      bot_id: fake.botId,
      team_id: fake.teamId,
    });
  });

  it('checks tokens like Slack: missing, wrong, app-level', async () => {
    const anon = createSlackWebClient('', { logger: silentLogger, slackApiUrl: fake.apiUrl, retries: 0 });
    expect(await slackErrorOf(anon.auth.test())).toBe('not_authed');
    const wrong = createSlackWebClient('xoxb-nope', {
      logger: silentLogger,
      slackApiUrl: fake.apiUrl,
      retries: 0,
    });
    expect(await slackErrorOf(wrong.auth.test())).toBe('invalid_auth');
    const app = createSlackWebClient(fake.appToken, {
      logger: silentLogger,
      slackApiUrl: fake.apiUrl,
      retries: 0,
    });
    expect(await slackErrorOf(app.chat.postMessage({ channel: 'C0CAUCUS', text: 'x' }))).toBe(
      'not_allowed_token_type',
    );
    expect(await slackErrorOf(client.apiCall('apps.connections.open'))).toBe('not_allowed_token_type');
  });

  it('posts ephemeral messages only to members', async () => {
    const ok = await client.chat.postEphemeral({
      channel: 'C0CAUCUS',
      user: 'U0CIVIL',
      text: 'Only you can see this',
    });
    expect(ok.message_ts).toMatch(/^\d+\.\d+$/);
    expect(
      await slackErrorOf(client.chat.postEphemeral({ channel: 'C0CAUCUS', user: 'U0OTHER', text: 'x' })),
    ).toBe('user_not_in_channel');
  });

  it('refuses what Slack refuses: no text, too many blocks, too long', async () => {
    expect(await slackErrorOf(client.chat.postMessage({ channel: 'C0CAUCUS', text: '' }))).toBe('no_text');
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' as const }));
    expect(await slackErrorOf(client.chat.postMessage({ channel: 'C0CAUCUS', text: 'x', blocks }))).toBe(
      'invalid_blocks',
    );
    expect(
      await slackErrorOf(client.chat.postMessage({ channel: 'C0CAUCUS', text: 'x'.repeat(40_001) })),
    ).toBe('msg_too_long');
    const text = { type: 'mrkdwn' as const, text: 'y'.repeat(2900) };
    const heavy = Array.from({ length: 5 }, () => ({ type: 'section' as const, text }));
    expect(
      await slackErrorOf(client.chat.postMessage({ channel: 'C0CAUCUS', text: 'x', blocks: heavy })),
    ).toBe('msg_blocks_too_long');
  });

  it('describes channels, users and files', async () => {
    expect((await client.conversations.info({ channel: 'C0CAUCUS' })).channel).toMatchObject({
      id: 'C0CAUCUS',
      name: 'caucus',
      is_member: true,
    });
    expect((await client.users.info({ user: 'U0CIVIL' })).user).toMatchObject({
      tz: 'Africa/Cairo',
      real_name: 'Civil Society',
    });
    const f = fake.addFile({ name: 'mpp6-invitation.pdf', content: '%PDF-1.4\n' });
    expect((await client.files.info({ file: f.id })).file).toMatchObject({
      name: 'mpp6-invitation.pdf',
      mimetype: 'application/pdf',
      size: 9,
      url_private: f.urlPrivate,
    });
    expect(await slackErrorOf(client.files.info({ file: 'F0MISSING' }))).toBe('file_not_found');
    expect(await slackErrorOf(client.apiCall('chat.scheduleMessage', {}))).toBe('unknown_method');
  });

  it('accepts the SDK’s own multipart upload (files.uploadV2)', async () => {
    const content = 'Tunis Agenda, paragraph 35 — “in their respective roles and responsibilities”';
    const res = (await client.files.uploadV2({
      channel_id: 'C0CAUCUS',
      filename: 'tunis-35.txt',
      content,
      title: 'Tunis Agenda ¶35',
    })) as unknown as { files: { files: { id: string }[] }[] };
    const id = res.files[0]?.files[0]?.id as string;
    expect(fake.files.get(id)?.content.toString('utf8')).toBe(content);
    expect(
      fake.requests.find(
        (r) => r.kind === 'upload' && r.headers['content-type']?.toString().startsWith('multipart/'),
      ),
    ).toBeDefined();
  });

  it('takes at most five responses per response_url', async () => {
    const url = fake.responseUrl('C0CAUCUS');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `n${i}` }),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
  });

  it('injects faults in order and records them', async () => {
    fake.fail('conversations.info', { kind: 'error', error: 'fatal_error' });
    expect(await slackErrorOf(client.conversations.info({ channel: 'C0CAUCUS' }))).toBe('fatal_error');
    expect(fake.calls('conversations.info').at(-1)?.error).toBe('fatal_error');
    expect((await client.conversations.info({ channel: 'C0CAUCUS' })).ok).toBe(true);
  });
});
