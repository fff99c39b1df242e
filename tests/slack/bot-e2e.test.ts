import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackBot, type SlackBot } from '../../src/bots/slack/index.js';
import { SLACK_BOT_SCOPES } from '../../src/bots/slack/manifest.js';
import { loadConfig } from '../../src/config.js';
import { resolveProcess } from '../../src/core/app/context.js';
import { deleteKeysWithPrefix } from '../../src/jobs/redis.js';
import { startWorker, type WorkerHandle } from '../../src/jobs/worker.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { FIXTURES } from '../helpers/app.js';
import { type FakeMessage, type FakeSlack, startFakeSlack } from '../helpers/fake-slack/server.js';
import { REDIS_URL, serviceUp, uniquePrefix } from '../helpers/services.js';
import { slackPayloadProblems } from '../helpers/slack-payload.js';
import {
  blockActionBody,
  eventBody,
  type SigningOptions,
  sendSigned,
  slashCommandBody,
} from '../helpers/slack-signing.js';
import { actionLinesDraft, recordingLogger, waitFor } from './e2e-helpers.js';

/**
 * Rapporteur's Slack app end to end, as a workspace would use it: requests signed as Slack
 * signs them go over loopback to the real Bolt app in HTTP mode; the app talks to a fake
 * Slack Web API on 127.0.0.1; the use cases run on a real SQLite store (a file in a temp
 * dir) through the runtime built from configuration; and alerts are sent by the real job
 * worker on the machine's Redis, through the runtime's Slack Notifier, to the fake Web API.
 */

const SECRET = 'wsis10-e2e-signing-secret';
const VISION = 'C0VISION';
const ADMIN = 'U0ADMIN';
const STAFF = 'U0STAFF';
const MEMBER = 'U0CIVIL';
const draft = (name: string) => readFileSync(join(FIXTURES, 'drafts', name));

const redisUp = await serviceUp('redis');
const prefix = uniquePrefix('slack_e2e');
const logger = recordingLogger();

let fake: FakeSlack;
let runtime: Runtime;
let app: SlackBot;
let worker: WorkerHandle | undefined;
let endpoint: string;
let dataDir: string;

beforeAll(async () => {
  fake = await startFakeSlack({ scopes: Object.keys(SLACK_BOT_SCOPES) });
  fake.addChannel({ id: VISION, name: 'wsis-vision' });
  fake.addChannel({ id: 'C0HALL', name: 'hallway', isMember: false });
  fake.addChannel({ id: 'G0CHAIRS', name: 'chairs-office', isPrivate: true, isMember: false });
  fake.addChannel({ id: 'C0OTHER', name: 'other-process' });
  fake.addUser({ id: ADMIN, name: 'wsis-admin', displayName: 'Workspace admin', isAdmin: true });
  fake.addUser({ id: STAFF, name: 'secretariat', displayName: 'MPP secretariat', tz: 'Europe/Zurich' });
  fake.addUser({ id: MEMBER, name: 'caucus', displayName: 'Caucus member', tz: 'Australia/Sydney' });
  fake.addUserGroup({ id: 'S0CHAIRS', handle: 'chairs-staff', name: 'Chairs staff', users: [STAFF] });
  dataDir = mkdtempSync(join(tmpdir(), 'rapporteur-slack-e2e-'));
  const config = loadConfig({
    SLACK_BOT_TOKEN: fake.botToken,
    SLACK_MODE: 'http',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    RAPPORTEUR_DATA_DIR: dataDir,
    REDIS_URL,
    RAPPORTEUR_QUEUE_PREFIX: prefix,
    RAPPORTEUR_MAX_FILE_MB: '1',
    RAPPORTEUR_DEFAULT_TZ: 'Europe/Zurich',
  });
  runtime = await createRuntime(config, { role: 'bot', queue: redisUp ? 'required' : 'auto', logger });
  app = createSlackBot({ runtime, port: 0, host: '127.0.0.1', clientRetries: 0 });
  const { port } = await app.start();
  endpoint = `http://127.0.0.1:${port}/slack/events`;
  if (redisUp) {
    worker = await startWorker({
      store: runtime.store,
      notifiers: runtime.notifiers,
      ingest: runtime.ingest,
      redisUrl: REDIS_URL,
      prefix,
      logger,
      settings: { retry: { baseMs: 200, maxMs: 2_000, attempts: 5 } },
      timing: { markerCheckMs: 0, catchUpMs: 0 },
    });
    await worker.rebuilt();
  }
}, 30_000);

afterAll(async () => {
  await worker?.close();
  await app?.stop();
  await runtime?.close();
  if (redisUp) {
    const redis = new Redis(REDIS_URL);
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  }
  await fake?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface Sent {
  status: number;
  /** The HTTP answer (the acknowledgement; a note for slow commands). */
  ack: string;
  /** The first answer posted on the response_url. */
  answer(ms?: number): Promise<FakeMessage>;
  /** Everything posted since the command was sent. */
  since(): FakeMessage[];
}

async function slash(
  userId: string,
  command: string,
  text: string,
  options: { channelId?: string; channelName?: string; triggerId?: string; signing?: SigningOptions } = {},
): Promise<Sent> {
  const channelId = options.channelId ?? VISION;
  const before = fake.messages.length;
  const body = slashCommandBody({
    command,
    text,
    userId,
    channelId,
    channelName: options.channelName ?? fake.channels.get(channelId)?.name ?? channelId,
    responseUrl: fake.responseUrl(channelId),
    ...(options.triggerId ? { triggerId: options.triggerId } : {}),
  });
  const res = await sendSigned(endpoint, SECRET, body, 'form', options.signing);
  const since = () => fake.messages.slice(before);
  return {
    status: res.status,
    ack: res.body,
    since,
    answer: (ms = 15_000) =>
      waitFor(
        () => since().find((m) => m.via === 'response_url' && m.channel === channelId),
        ms,
        `the answer to ${command} ${text}`,
      ),
  };
}

/** A file someone shares in a channel; with `event`, Slack's file_shared event is delivered too. */
async function share(
  userId: string,
  name: string,
  content: string | Uint8Array,
  options: { channelId?: string; event?: boolean; loginPage?: boolean } = {},
) {
  const channelId = options.channelId ?? VISION;
  const file = fake.addFile({
    name,
    content,
    user: userId,
    channels: [channelId],
    ...(options.loginPage ? { loginPage: true } : {}),
  });
  if (options.event ?? true) {
    const event = {
      type: 'file_shared',
      file_id: file.id,
      user_id: userId,
      file: { id: file.id },
      channel_id: channelId,
      event_ts: `${Date.now() / 1000}`,
    };
    const res = await sendSigned(endpoint, SECRET, eventBody({ event }), 'json');
    expect(res.status).toBe(200);
  }
  return file;
}

const header = (m: FakeMessage) =>
  (m.blocks?.[0] as { text?: { text?: string } } | undefined)?.text?.text ?? '';
const blocksText = (m: FakeMessage) => JSON.stringify(m.blocks ?? []);

async function versionsOf(document: string): Promise<number> {
  const scope = {
    platform: 'slack' as const,
    tenantExternalId: fake.teamId,
    tenantName: 'x',
    channelId: VISION,
  };
  const { store, process } = await resolveProcess(runtime.deps, scope);
  const doc = (await store.listDocuments(process.id)).find((d) => d.name === document);
  return doc ? (await store.listVersions(doc.id)).length : 0;
}

describe('Slack app end to end (signed HTTP, fake Web API, SQLite store, Redis worker)', () => {
  it.each([
    ['a bad signature', { wrongSecret: true }],
    ['a stale timestamp', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
    ['no signature', { unsigned: true }],
  ] as const)('refuses %s and runs nothing', async (_label, signing) => {
    const sent = await slash(ADMIN, '/rapporteur', 'follow Forged process', { signing });
    expect(sent.status).toBe(401);
    await sleep(200);
    expect(sent.since()).toEqual([]);
  });

  it('an administrator makes the channel follow the process and names the chairs’ staff by user group', async () => {
    const follow = await slash(ADMIN, '/rapporteur', 'follow WSIS+10 Vision');
    expect(follow.status).toBe(200);
    const followed = await follow.answer();
    expect(header(followed)).toContain('Now following WSIS+10 Vision');
    expect(followed.responseType).toBe('in_channel');
    // The bot is in this channel already: nothing to say about alerts.
    expect(blocksText(followed)).not.toContain('Invite me');

    const staff = await slash(ADMIN, '/rapporteur', 'staff add <!subteam^S0CHAIRS|@chairs-staff>');
    const granted = await staff.answer();
    // The group is named as people know it, never as a live mention that would ping it.
    expect(header(granted)).toBe(
      ':white_check_mark: @chairs-staff may now post official versions of WSIS+10 Vision',
    );
    const list = await (await slash(ADMIN, '/rapporteur', 'staff list')).answer();
    expect(blocksText(list)).toContain('role @chairs-staff');
    expect(blocksText(list)).not.toContain('subteam');
  });

  it('a member who is not an administrator cannot set the channel up', async () => {
    const sent = await slash(MEMBER, '/rapporteur', 'follow Another process');
    const answer = await sent.answer();
    expect(answer.responseType).toBe('ephemeral');
    expect(header(answer)).toContain('Not allowed');
    expect(blocksText(answer)).toContain('Only administrators');
  });

  it('a staff member posts the draft they just shared; the worker alerts the subscribed channel', async () => {
    await share(STAFF, 'vision-2014-05-31.md', draft('vision-2014-05-31.md'));
    const first = await slash(STAFF, '/draft', 'post document:Vision label:“31 May version”');
    // Slow commands are acknowledged with a short private note.
    expect(first.ack).toContain('Working on /draft post');
    const posted = await first.answer();
    expect(header(posted)).toContain('Posted Vision #1 "31 May version"');
    expect(posted.responseType).toBe('in_channel');
    expect(blocksText(posted)).toContain('File: vision-2014-05-31.md, shared by you here just now.');
    expect(fake.requests.filter((r) => r.kind === 'download').at(-1)?.headers.authorization).toBe(
      `Bearer ${fake.botToken}`,
    );

    // No file_shared event this time (another process got it, or it is late): files.list finds it.
    await share(STAFF, 'vision-2014-06-01.md', draft('vision-2014-06-01.md'), { event: false });
    const listed = fake.calls('files.list').length;
    const second = await slash(STAFF, '/draft', 'post document:Vision label:"1 June version"');
    const again = await second.answer();
    expect(header(again)).toContain('Posted Vision #2 "1 June version"');
    expect(blocksText(again)).toContain('Since #1');
    expect(fake.calls('files.list').length).toBe(listed + 1);
    expect(fake.calls('files.list').at(-1)?.args).toMatchObject({ channel: VISION, user: STAFF });
    expect(await versionsOf('Vision')).toBe(2);
  }, 30_000);

  it.skipIf(!redisUp)(
    'the change alerts reach the channel through the worker, with buttons',
    async () => {
      const alert = await waitFor(
        () =>
          fake.messages.find(
            (m) =>
              m.via === 'chat.postMessage' && m.channel === VISION && header(m).includes('new version #2'),
          ),
        20_000,
        'the alert for version #2',
      );
      expect(header(alert)).toContain('Vision: new version #2 "1 June version" in WSIS+10 Vision');
      const buttons = (alert.blocks ?? []).flatMap((b) =>
        (b as { type: string }).type === 'actions'
          ? ((b as { elements: { action_id: string; value: string }[] }).elements ?? [])
          : [],
      );
      expect(buttons.map((b) => b.value)).toContain('brackets diff document:Vision');
      // Version #1 was alerted too, once.
      await waitFor(() =>
        fake.messages.find((m) => m.via === 'chat.postMessage' && header(m).includes('new version #1')),
      );
      await sleep(500);
      const alerts = fake.messages.filter(
        (m) => m.via === 'chat.postMessage' && header(m).includes('new version #'),
      );
      expect(alerts).toHaveLength(2);

      // A caucus member clicks "Full comparison": the diff answers them only.
      const button = buttons.find((b) => b.value === 'brackets diff document:Vision') as {
        action_id: string;
        value: string;
      };
      const before = fake.messages.length;
      const click = await sendSigned(
        endpoint,
        SECRET,
        blockActionBody({
          actionId: button.action_id,
          value: button.value,
          userId: MEMBER,
          channelId: VISION,
          messageTs: alert.ts,
          responseUrl: fake.responseUrl(VISION),
        }),
        'form',
      );
      expect(click.status).toBe(200);
      const diff = await waitFor(() => fake.messages.slice(before).find((m) => m.via === 'response_url'));
      expect(diff.responseType).toBe('ephemeral');
      expect(header(diff)).toBe('Vision: #1 "31 May version" -> #2 "1 June version"');
    },
    30_000,
  );

  it('a caucus member runs /brackets status C9 and gets the section’s open brackets', async () => {
    const sent = await slash(MEMBER, '/brackets', 'status C9');
    expect(sent.ack).toBe('');
    const answer = await sent.answer();
    expect(answer.responseType).toBe('in_channel');
    expect(header(answer)).toBe('Vision #2 "1 June version": Action Line C9. Media');
    const text = blocksText(answer);
    expect(text).toMatch(/Bracketed paragraphs \(\d+ of \d+\)/);
    expect(text).toMatch(/bracket/);
    expect(slackPayloadProblems({ text: answer.text as string, blocks: answer.blocks as unknown[] })).toEqual(
      [],
    );
  });

  it('"your time" is the Slack profile zone, and the zone a person sets wins over it', async () => {
    await (
      await slash(
        STAFF,
        '/meetings',
        'announce "The sixth meeting (MPP-6) will be held on 9 June 2014 from 14:00 to 18:00 at the ITU, Geneva." name:MPP-6',
      )
    ).answer();
    const show = async () =>
      blocksText(await (await slash(MEMBER, '/meetings', 'show "The sixth meeting"')).answer());
    // The member's Slack profile says Sydney: 14:00 in Geneva is 22:00 there.
    expect(await show()).toMatch(/When \(your time, Australia\/Sydney\)[^\n]*22:00/);
    await (await slash(MEMBER, '/rapporteur', 'timezone Lima')).answer();
    expect(await show()).toMatch(/When \(your time, America\/Lima\)[^\n]*07:00/);
    const versions = blocksText(await (await slash(MEMBER, '/draft', 'versions')).answer());
    expect(versions).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d GMT-5/);
    await (await slash(MEMBER, '/rapporteur', 'timezone clear')).answer();
    expect(await show()).toMatch(/When \(your time, Australia\/Sydney\)/);
  }, 60_000);

  it('a caucus member who is not staff cannot post a draft, and nothing is stored', async () => {
    await share(MEMBER, 'vision-unofficial.md', draft('vision-2014-05-30.md'));
    const sent = await slash(MEMBER, '/draft', 'post document:Vision label:"my version"');
    const answer = await sent.answer();
    expect(answer.responseType).toBe('ephemeral');
    expect(header(answer)).toContain('Not allowed');
    expect(blocksText(answer)).toContain("Only the chairs' staff of WSIS+10 Vision may");
    expect(await versionsOf('Vision')).toBe(2);
  });

  it('a long diff arrives as a short summary, with the full report uploaded as a file', async () => {
    await share(STAFF, 'action-lines-30-may.md', actionLinesDraft(1));
    await (await slash(STAFF, '/draft', 'post document:"Action lines" label:"30 May"')).answer();
    await share(STAFF, 'action-lines-31-may.md', actionLinesDraft(2));
    await (await slash(STAFF, '/draft', 'post document:"Action lines" label:"31 May"')).answer();
    expect(await versionsOf('Action lines')).toBe(2);

    const before = fake.requests.length;
    const sent = await slash(MEMBER, '/brackets', 'diff document:"Action lines"');
    const answer = await sent.answer();
    expect(header(answer)).toBe('Action lines: #1 "30 May" -> #2 "31 May"');
    // Counts per section and a few biggest changes; every change is in the attached report.
    expect(blocksText(answer)).toMatch(/By section \(\d+\)/);
    expect(blocksText(answer)).toContain('(full report: action-lines-diff-v1-v2.md)');
    expect(slackPayloadProblems({ text: answer.text as string, blocks: answer.blocks as unknown[] })).toEqual(
      [],
    );
    const complete = await waitFor(() =>
      fake.requests.slice(before).find((r) => r.api === 'files.completeUploadExternal'),
    );
    expect(complete.args.channel_id).toBe(VISION);
    const id = (complete.args.files as { id: string }[])[0]?.id as string;
    const report = fake.files.get(id)?.content.toString('utf8') ?? '';
    // The file holds what the message had to leave out: the last agreed paragraph too.
    expect(report).toContain('national strategy number 320');
  }, 30_000);

  it('runs a redelivered event and a repeated command delivery once', async () => {
    const file = await share(STAFF, 'vision-2014-05-28.md', draft('vision-2014-05-28.md'), { event: false });
    const event = eventBody({
      eventId: 'Ev0WSIS10RETRY',
      event: {
        type: 'file_shared',
        file_id: file.id,
        user_id: STAFF,
        file: { id: file.id },
        channel_id: VISION,
        event_ts: `${Date.now() / 1000}`,
      },
    });
    const duplicates = () => logger.lines.filter((l) => l.msg === 'duplicate slack delivery ignored').length;
    const seen = duplicates();
    const statuses = [
      (await sendSigned(endpoint, SECRET, event, 'json')).status,
      (await sendSigned(endpoint, SECRET, event, 'json', { retryNum: 1, retryReason: 'http_timeout' }))
        .status,
      (await sendSigned(endpoint, SECRET, event, 'json', { retryNum: 2, retryReason: 'http_error' })).status,
    ];
    expect(statuses).toEqual([200, 200, 200]);
    expect(duplicates() - seen).toBe(2);
    expect(
      logger.lines.filter((l) => l.msg === 'duplicate slack delivery ignored').at(-1)?.obj,
    ).toMatchObject({
      retryNum: 2,
    });

    // The same command delivered twice (a proxy retrying) answers once.
    const before = fake.messages.length;
    const first = await slash(MEMBER, '/draft', 'versions', { triggerId: '1401800000.42.retry' });
    await first.answer();
    await slash(MEMBER, '/draft', 'versions', { triggerId: '1401800000.42.retry' });
    await sleep(500);
    expect(fake.messages.slice(before).filter((m) => m.via === 'response_url')).toHaveLength(1);
  });

  it('says how to give a file when none was shared, and uses a file link typed in its place', async () => {
    const none = await (
      await slash(STAFF, '/draft', 'post document:Vision label:"2 June version"', {
        channelId: 'C0OTHER',
      })
    ).answer();
    expect(none.responseType).toBe('ephemeral');
    expect(header(none)).toContain('Share the file first');
    expect(blocksText(none)).toContain('Copy link');

    // A file the staff member shared elsewhere, given by its permalink (escaped as Slack sends links).
    const file = await share(STAFF, 'vision-2014-06-01.txt', draft('vision-2014-06-01.txt'), {
      channelId: 'C0OTHER',
      event: false,
    });
    const link = fake.fileObject(file.id).permalink as string;
    const sent = await slash(
      STAFF,
      '/draft',
      `post <${link}|vision-2014-06-01.txt> document:Vision label:"1 June (text)"`,
    );
    const answer = await sent.answer();
    expect(header(answer)).toContain('Vision #3 "1 June (text)"');
    expect(blocksText(answer)).not.toContain('shared by you here');
  }, 30_000);

  it('refuses someone else’s file from another channel, an oversized file before download, and a sign-in page', async () => {
    const elsewhere = fake.addFile({
      name: 'private-notes.md',
      content: '# Notes',
      user: ADMIN,
      channels: ['G0CHAIRS'],
    });
    const stolen = await (await slash(STAFF, '/draft', `post ${elsewhere.id} document:Vision`)).answer();
    expect(header(stolen)).toContain('Not allowed');
    expect(blocksText(stolen)).toContain('shared by someone else, and not in this channel');
    expect(fake.requests.some((r) => r.kind === 'download' && r.path.includes(elsewhere.id))).toBe(false);

    const big = await share(
      STAFF,
      'vision-annexes.md',
      `# Annexes\n\n${'[bracketed annex text] '.repeat(60_000)}`,
    );
    const tooBig = await (await slash(STAFF, '/draft', 'post document:Annexes')).answer();
    expect(header(tooBig)).toContain('Too large');
    expect(blocksText(tooBig)).toMatch(/vision-annexes\.md is [\d.]+ MB, over the 1 MB limit/);
    expect(fake.requests.some((r) => r.kind === 'download' && r.path.includes(big.id))).toBe(false);

    await share(STAFF, 'vision-2014-05-29.docx', Buffer.from('PK\u0003\u0004'), { loginPage: true });
    const login = await (await slash(STAFF, '/draft', 'post document:Vision label:"29 May"')).answer();
    expect(blocksText(login)).toContain('sign-in page instead of vision-2014-05-29.docx');
    expect(await versionsOf('Vision')).toBe(3);
  }, 30_000);

  it('joins a public channel that starts following, and asks to be invited to a private one', async () => {
    const joined = await (
      await slash(ADMIN, '/rapporteur', 'follow WSIS+10 Vision', { channelId: 'C0HALL' })
    ).answer();
    expect(fake.channels.get('C0HALL')?.isMember).toBe(true);
    expect(blocksText(joined)).toContain('I joined this channel');
    const invite = await (
      await slash(ADMIN, '/rapporteur', 'follow WSIS+10 Vision', { channelId: 'G0CHAIRS' })
    ).answer();
    expect(fake.channels.get('G0CHAIRS')?.isMember).toBe(false);
    expect(blocksText(invite)).toContain('Invite me to this channel (/invite @Rapporteur)');
  });

  it('answers an empty or unknown subcommand with private help, and /brackets help diff with that command’s help', async () => {
    const empty = await (await slash(MEMBER, '/brackets', '')).answer();
    expect(empty.responseType).toBe('ephemeral');
    expect(blocksText(empty)).toContain('status: What is still in brackets');
    const unknown = await (await slash(MEMBER, '/brackets', 'frobnicate C9')).answer();
    expect(unknown.responseType).toBe('ephemeral');
    expect(header(unknown)).toContain('/brackets has no "frobnicate" command');
    const help = await (await slash(MEMBER, '/brackets', 'help diff')).answer();
    expect(help.responseType).toBe('ephemeral');
    expect(header(help)).toBe('/brackets diff');
    expect(blocksText(help)).toContain('/brackets diff [from] [to]');
  });

  it('looked user groups up with their members, through the Web API', () => {
    expect(fake.calls('usergroups.list').length).toBeGreaterThan(0);
    expect(fake.calls('usergroups.list')[0]?.args.include_users).toBe('true');
  });

  it('sent only payloads within Slack’s limits', () => {
    const payloads = fake.requests.filter(
      (r) =>
        r.kind === 'response_url' ||
        ['chat.postMessage', 'chat.postEphemeral', 'chat.update'].includes(r.api ?? ''),
    );
    expect(payloads.length).toBeGreaterThan(20);
    for (const p of payloads) {
      expect(slackPayloadProblems(p.args as { text?: string; blocks?: unknown[] }), p.path).toEqual([]);
    }
  });

  it('logged no token, no signing secret and no file content', () => {
    const text = logger.text();
    expect(logger.lines.length).toBeGreaterThan(10);
    expect(text).not.toContain(fake.botToken);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('national strategy number');
    expect(text).not.toContain('We, the participants in the WSIS+10 High-Level Event');
  });
});
