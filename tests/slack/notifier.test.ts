import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSlackWebClient, slackApiUrlProblem, slackError } from '../../src/bots/slack/client.js';
import { createSlackNotifier } from '../../src/bots/slack/notifier.js';
import type { RapporteurError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/ports/index.js';
import { reply } from '../../src/core/reply.js';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack/server.js';
import { slackPayloadProblems } from '../helpers/slack-payload.js';

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
  fake.addChannel({ id: 'C0ALERTS', name: 'wsis-alerts' });
  fake.addChannel({ id: 'C0OLD', name: 'mpp-2013', isArchived: true });
  fake.addChannel({ id: 'C0PRIVATE', name: 'chairs-staff', isMember: false, isPrivate: true });
});
afterAll(() => fake.close());
afterEach(() => fake.clearFaults());

const clock = { now: () => new Date('2014-06-03T08:00:00Z') };

function notifier(opts: { token?: string; retries?: number } = {}) {
  const slept: number[] = [];
  const client = createSlackWebClient(opts.token ?? fake.botToken, {
    logger: silentLogger,
    slackApiUrl: fake.apiUrl,
    retries: opts.retries ?? 0,
    minRetryDelayMs: 5,
  });
  const n = createSlackNotifier({
    client,
    logger: silentLogger,
    clock,
    zone: 'Europe/Zurich',
    sleep: async (ms) => {
      slept.push(ms);
    },
  });
  return { n, slept };
}

async function rejection(p: Promise<unknown>): Promise<RapporteurError> {
  try {
    await p;
  } catch (err) {
    return err as RapporteurError;
  }
  throw new Error('expected a rejection');
}

const alert = reply('MPP 6 added: 9 June 2014, 14:00-16:00 (Geneva)', {
  tone: 'warning',
  summary: [
    'A sixth preparatory meeting starts ',
    { time: '2014-06-09T12:00:00Z', zone: 'Europe/Zurich' },
    '.',
  ],
  sections: [{ items: ['Whit Monday: public holiday in Geneva', 'Six days’ notice'] }],
  actions: [{ command: 'meetings show mpp6', label: 'Details' }],
});

describe('createSlackNotifier', () => {
  it('posts a rendered reply that passes every Slack limit', async () => {
    const { n } = notifier();
    const delivery = await n.post({ channel: 'C0ALERTS' }, alert);
    expect(delivery).toMatchObject({ channel: 'C0ALERTS', truncated: false, files: [], fileErrors: [] });
    const call = fake.calls('chat.postMessage').at(-1);
    expect(call?.args).toMatchObject({ channel: 'C0ALERTS', unfurl_links: 'false' });
    expect(slackPayloadProblems(call?.args as { text: string; blocks: unknown[] })).toEqual([]);
    expect(fake.messages.at(-1)).toMatchObject({ via: 'chat.postMessage', ts: delivery.ts });
    expect(String(call?.args.text)).toContain('14:00');
  });

  it('uploads the full report into the message’s thread when the reply does not fit', async () => {
    const { n } = notifier();
    const items = Array.from(
      { length: 500 },
      (_, i) => `¶ ${i + 1}: [Option A: “inter alia”] [Option B: delete]`,
    );
    const delivery = await n.post(
      { channel: 'C0ALERTS' },
      reply('Vision draft: open brackets', { sections: [{ items }] }),
    );
    expect(delivery.truncated).toBe(true);
    expect(delivery.files).toHaveLength(1);
    const complete = fake.calls('files.completeUploadExternal').at(-1);
    expect(complete?.args).toMatchObject({ channel_id: 'C0ALERTS', thread_ts: delivery.ts });
    const stored = fake.files.get(delivery.files[0]?.id as string);
    expect(stored?.content.toString('utf8')).toContain(
      '¶ 500: \\[Option A: “inter alia”\\] \\[Option B: delete\\]',
    );
  });

  it('waits out a short Retry-After and posts once', async () => {
    const { n, slept } = notifier();
    const posted = fake.messages.length;
    fake.fail('chat.postMessage', { kind: 'rate_limited', retryAfter: 2 });
    await n.post({ channel: 'C0ALERTS' }, alert);
    expect(slept).toEqual([2000]);
    expect(fake.messages.length).toBe(posted + 1);
  });

  it('gives a long Retry-After back to the caller as RATE_LIMITED with the delay', async () => {
    const { n, slept } = notifier();
    fake.fail('chat.postMessage', { kind: 'rate_limited', retryAfter: 120 });
    const err = await rejection(n.post({ channel: 'C0ALERTS' }, alert));
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.transient).toBe(true);
    expect(err.details?.retryAfterMs).toBe(120_000);
    expect(slept).toEqual([]);
  });

  it.each([
    ['channel_not_found', { channel: 'C0NOWHERE' }, 'NOT_FOUND'],
    ['not_in_channel', { channel: 'C0PRIVATE' }, 'PERMISSION_DENIED'],
    ['is_archived', { channel: 'C0OLD' }, 'PERMISSION_DENIED'],
  ] as const)('classifies %s (posting to %o) as permanent %s', async (slack, target, code) => {
    const { n } = notifier();
    const err = await rejection(n.post(target, alert));
    expect(err.code).toBe(code);
    expect(err.transient).toBe(false);
    expect(err.details?.slackError).toBe(slack);
    expect(err.hint).toBeTruthy();
  });

  it('classifies account_inactive and invalid_auth as permanent PERMISSION_DENIED', async () => {
    fake.fail('chat.postMessage', { kind: 'error', error: 'account_inactive' });
    const inactive = await rejection(notifier().n.post({ channel: 'C0ALERTS' }, alert));
    expect([inactive.code, inactive.transient]).toEqual(['PERMISSION_DENIED', false]);
    expect(inactive.hint).toMatch(/reinstall/i);
    const badToken = await rejection(
      notifier({ token: 'xoxb-revoked' }).n.post({ channel: 'C0ALERTS' }, alert),
    );
    expect(badToken.code).toBe('PERMISSION_DENIED');
    expect(badToken.details?.slackError).toBe('invalid_auth');
    expect(JSON.stringify(badToken.toJSON())).not.toContain('xoxb-revoked');
  });

  it('treats 5xx and dropped connections as transient UNAVAILABLE, after the client’s own retries', async () => {
    const before = fake.calls('chat.postMessage').length;
    fake.fail('chat.postMessage', { kind: 'http', status: 503 }, 3);
    const err = await rejection(notifier({ retries: 2 }).n.post({ channel: 'C0ALERTS' }, alert));
    expect([err.code, err.transient]).toEqual(['UNAVAILABLE', true]);
    expect(fake.calls('chat.postMessage').length - before).toBe(3);

    fake.fail('chat.postMessage', { kind: 'drop' });
    const dropped = await rejection(notifier().n.post({ channel: 'C0ALERTS' }, alert));
    expect([dropped.code, dropped.transient]).toEqual(['UNAVAILABLE', true]);
  });

  it('recovers when a 5xx clears within the client’s retries', async () => {
    fake.fail('chat.postMessage', { kind: 'http', status: 500 }, 1);
    const delivery = await notifier({ retries: 2 }).n.post({ channel: 'C0ALERTS' }, alert);
    expect(delivery.ts).toMatch(/^\d+\.\d+$/);
  });

  it('does not fail a posted message because its file could not be uploaded', async () => {
    const { n } = notifier();
    const posted = fake.calls('chat.postMessage').length;
    fake.fail('files.getUploadURLExternal', { kind: 'error', error: 'internal_error' });
    const items = Array.from({ length: 500 }, (_, i) => `Paragraph ${i}: [bracketed]`);
    const delivery = await n.post({ channel: 'C0ALERTS' }, reply('Long', { sections: [{ items }] }));
    expect(fake.calls('chat.postMessage').length - posted).toBe(1);
    expect(delivery.files).toEqual([]);
    expect(delivery.fileErrors.map((f) => f.error.code)).toEqual(['UNAVAILABLE']);
  });

  it('updates an earlier message in place', async () => {
    const { n } = notifier();
    const first = await n.post({ channel: 'C0ALERTS' }, alert);
    const moved = reply('MPP 6 re-timed: 14:00-18:00', {
      tone: 'warning',
      summary: 'The web page says 18:00.',
    });
    await n.update({ channel: 'C0ALERTS', ts: first.ts }, moved);
    expect(fake.messages.at(-1)).toMatchObject({ via: 'chat.update', ts: first.ts });
    const call = fake.calls('chat.update').at(-1);
    expect(slackPayloadProblems(call?.args as { text: string; blocks: unknown[] })).toEqual([]);
    const missing = await rejection(n.update({ channel: 'C0ALERTS', ts: '1.000001' }, moved));
    expect(missing.code).toBe('NOT_FOUND');
  });
});

describe('slackError and slackApiUrlProblem', () => {
  it('maps unknown failures to INTERNAL without leaking', () => {
    const e = slackError(new TypeError('boom'), { action: 'testing' });
    expect(e.code).toBe('INTERNAL');
    expect(e.message).toContain('boom');
  });

  it('accepts https and loopback http only', () => {
    expect(slackApiUrlProblem('https://slack.com/api/')).toBeUndefined();
    expect(slackApiUrlProblem('https://slack-gov.com/api/')).toBeUndefined();
    expect(slackApiUrlProblem('http://127.0.0.1:8080/api/')).toBeUndefined();
    expect(slackApiUrlProblem('http://proxy.example.org/api/')).toMatch(/https/);
    expect(slackApiUrlProblem('https://slack.com/api')).toMatch(/slash/);
    expect(slackApiUrlProblem('slack')).toMatch(/not a URL/);
  });
});

describe('the Notifier port (send)', () => {
  const address = { platform: 'slack' as const, tenantExternalId: 'T0WSIS10', channel: 'C0ALERTS' };

  it('threads alerts about the same subject under the first one', async () => {
    const { n } = notifier();
    const first = await n.send(address, { reply: alert, idempotencyKey: 'd-1', threadKey: 'meeting:mpp6' });
    const second = await n.send(address, {
      reply: reply('MPP 6 re-timed: 14:00-18:00', { tone: 'warning' }),
      idempotencyKey: 'd-2',
      threadKey: 'meeting:mpp6',
    });
    const [channel, ts] = first.messageId.split(':');
    expect(channel).toBe('C0ALERTS');
    expect(fake.calls('chat.postMessage').at(-1)?.args.thread_ts).toBe(ts);
    expect(second.messageId).not.toBe(first.messageId);
  });

  it('does not post twice for the same idempotency key', async () => {
    const { n } = notifier();
    const before = fake.calls('chat.postMessage').length;
    const a = await n.send(address, { reply: alert, idempotencyKey: 'd-same' });
    const b = await n.send(address, { reply: alert, idempotencyKey: 'd-same' });
    expect(b).toEqual(a);
    expect(fake.calls('chat.postMessage').length - before).toBe(1);
  });

  it('opens a new thread when the first message was deleted', async () => {
    const { n } = notifier();
    const first = await n.send(address, { reply: alert, idempotencyKey: 'd-3', threadKey: 'meeting:hle' });
    const parent = fake.messages.find((m) => `${m.channel}:${m.ts}` === first.messageId);
    if (parent) parent.deleted = true;
    const again = await n.send(address, { reply: alert, idempotencyKey: 'd-4', threadKey: 'meeting:hle' });
    expect(fake.calls('chat.postMessage').at(-1)?.args.thread_ts).toBeUndefined();
    const third = await n.send(address, { reply: alert, idempotencyKey: 'd-5', threadKey: 'meeting:hle' });
    expect(fake.calls('chat.postMessage').at(-1)?.args.thread_ts).toBe(again.messageId.split(':')[1]);
    expect(third.messageId).toMatch(/^C0ALERTS:/);
  });

  it('posts to a user’s DM when the address names a user', async () => {
    fake.addUser({ id: 'U0DELEGATE', tz: 'Australia/Sydney' });
    const { n } = notifier();
    const sent = await n.send(
      { platform: 'slack', tenantExternalId: 'T0WSIS10', user: 'U0DELEGATE' },
      { reply: alert, idempotencyKey: 'd-6' },
    );
    expect(sent.messageId).toMatch(/^D0DELEGATE:/);
  });

  it('refuses an address for another platform', async () => {
    const err = await rejection(
      notifier().n.send(
        { platform: 'discord', tenantExternalId: 'g', channel: '1' },
        { reply: alert, idempotencyKey: 'x' },
      ),
    );
    expect(err.code).toBe('INVALID_ARGUMENT');
  });
});

describe('everything this suite posted', () => {
  it('passes slackPayloadProblems', () => {
    const posts = fake.requests.filter(
      (r) => ['chat.postMessage', 'chat.update'].includes(r.api ?? '') && r.status === 200,
    );
    expect(posts.length).toBeGreaterThan(10);
    for (const p of posts)
      expect(slackPayloadProblems(p.args as { text?: string; blocks?: unknown[] })).toEqual([]);
  });
});
