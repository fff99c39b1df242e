import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIMessage } from 'discord.js';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { deployCommands } from '../../src/bots/discord/deploy.js';
import { createDiscordBot, type DiscordBot } from '../../src/bots/discord/index.js';
import { createDiscordRest } from '../../src/bots/discord/transport.js';
import { loadConfig } from '../../src/config.js';
import { getDraftStatus } from '../../src/core/app/drafts.js';
import { COMMANDS } from '../../src/core/commands/index.js';
import { type Command, defineCommand } from '../../src/core/commands/types.js';
import { deleteKeysWithPrefix } from '../../src/jobs/redis.js';
import { startWorker, type WorkerHandle } from '../../src/jobs/worker.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { generateDraft } from '../drafts/generate.js';
import { discordPayloadProblems } from '../helpers/discord-payload.js';
import { type FakeDiscord, type FakeInteraction, startFakeDiscord } from '../helpers/fake-discord/index.js';
import { REDIS_URL, serviceUp, uniquePrefix } from '../helpers/services.js';
import {
  BOT_USERS,
  CAUCUS_SERVER,
  embedText,
  finalAnswer,
  IDS,
  isEphemeral,
  type LogLine,
  recordingLogger,
  runAs,
} from './bot-world.js';

/**
 * The Discord bot end to end, as issue 7 describes it: the real discord.js Client logs in to
 * the fake Discord on 127.0.0.1, the real runtime (SQLite file, extraction sandbox, BullMQ on
 * the machine's Redis) answers slash commands from the registry, and the job worker sends
 * the alerts through the Discord notifier over REST. The caucus of bot-world.ts sets up its
 * channel, the chair's office posts versions of the Vision, members ask what is bracketed.
 */

const redisUp = await serviceUp('redis');
const FIXTURES = join(import.meta.dirname, '../fixtures');
const fixture = (...parts: string[]) => readFileSync(join(FIXTURES, ...parts));
/** A sentence only the posted draft contains, to prove file contents never reach the logs. */
const DRAFT_SENTENCE = 'national cybersecurity strategies';

const CHANNEL_MESSAGES = 'POST /channels/:channel_id/messages';

/** A command that fails the way a bug would, with a message that must never reach the user. */
const explode = defineCommand({
  group: 'rapporteur',
  name: 'explode',
  description: 'Fails unexpectedly (test only)',
  args: z.object({}),
  examples: ['/rapporteur explode'],
  permission: 'everyone',
  async handler() {
    throw new Error('SQLITE_CORRUPT at /var/lib/rapporteur/rapporteur.sqlite (token=not-for-users)');
  },
}) as unknown as Command;

let fake: FakeDiscord;
let runtime: Runtime;
let worker: WorkerHandle;
let bot: DiscordBot;
let dataDir: string;
const prefix = uniquePrefix('discord_bot');
const lines: LogLine[] = [];
const logger = recordingLogger(lines);

describe.skipIf(!redisUp)('the Discord bot end to end (needs Redis for alerts)', () => {
  beforeAll(async () => {
    fake = await startFakeDiscord({ users: BOT_USERS, guilds: [CAUCUS_SERVER] });
    dataDir = mkdtempSync(join(tmpdir(), 'rapporteur-discord-'));
    const config = loadConfig({
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      RAPPORTEUR_DATA_DIR: dataDir,
      REDIS_URL,
      RAPPORTEUR_QUEUE_PREFIX: prefix,
      RAPPORTEUR_MAX_FILE_MB: '1',
      LOG_LEVEL: 'silent',
    });
    runtime = await createRuntime(config, { role: 'bot', queue: 'required', logger });
    worker = await startWorker({
      store: runtime.store,
      notifiers: runtime.notifiers,
      ingest: runtime.ingest,
      redisUrl: REDIS_URL,
      prefix,
      logger,
      timing: { markerCheckMs: 0, catchUpMs: 0 },
    });
    await worker.rebuilt();
    bot = createDiscordBot({ runtime, logger, commands: [...COMMANDS, explode] });
    await deployCommands({
      rest: createDiscordRest({ token: fake.token, apiUrl: fake.apiUrl }),
      applicationId: fake.applicationId,
      definitions: bot.slash.definitions,
      guildId: IDS.guild,
    });
    await bot.start();
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await worker?.close();
    await runtime?.close();
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    await deleteKeysWithPrefix(redis, prefix).catch(() => 0);
    redis.disconnect();
    await fake?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const answer = async (interaction: Promise<FakeInteraction>): Promise<APIMessage> =>
    finalAnswer(fake, await interaction);

  const upload = (name: string, content: Uint8Array | string, contentType = 'text/markdown') =>
    fake.uploadAttachment({ filename: name, content, contentType });

  it('a coordinator makes the channel follow the Vision, subscribes it and names the chairs’ staff role', async () => {
    const follow = await answer(runAs(fake, IDS.ngozi, 'rapporteur follow', { process: 'WSIS+10 Vision' }));
    expect(follow.embeds[0]?.title).toBe('Now following WSIS+10 Vision (new)');
    expect(isEphemeral(follow)).toBe(false);

    const subscribe = await answer(runAs(fake, IDS.ngozi, 'rapporteur subscribe', { topic: 'all' }));
    expect(subscribe.embeds[0]?.description).toContain('Draft changes: on');

    const staff = await answer(
      runAs(fake, IDS.ngozi, 'rapporteur staff', { action: 'add', who: `<@&${IDS.staffRole}>` }),
    );
    // The core names the role as a mention; the reader sees the role's name.
    expect(staff.embeds[0]?.title).toBe('@Chairs staff may now post official versions of WSIS+10 Vision');
    // Nothing in a reply pings: the bot sends allowed_mentions with nothing to parse.
    const staffRequest = fake
      .requestsTo('POST /interactions/:interaction_id/:interaction_token/callback')
      .at(-1);
    const data = (staffRequest?.body as { data?: { allowed_mentions?: unknown } } | undefined)?.data;
    expect(data?.allowed_mentions).toEqual({ parse: [] });
  }, 60_000);

  it('refuses a caucus member who is not chairs’ staff, privately, and stores nothing', async () => {
    const file = upload('vision-unofficial.md', fixture('drafts', 'vision-2014-04-17.md'));
    const interaction = await runAs(fake, IDS.amina, 'draft post', { file, document: 'Vision' });
    const refused = await finalAnswer(fake, interaction);
    expect(refused.embeds[0]?.title).toBe('Not allowed');
    expect(refused.embeds[0]?.description).toContain("Only the chairs' staff of WSIS+10 Vision may");
    expect(isEphemeral(refused)).toBe(true);
    // The public "thinking..." of the deferral is gone; nothing public says anything.
    await fake.waitUntil(() => interaction.original() === undefined, 5000, 'the deferral removed');
    const versions = await answer(runAs(fake, IDS.amina, 'draft versions'));
    expect(embedText(versions)).not.toContain('Vision #1');
  }, 60_000);

  it('chairs’ staff post two versions as attachments; the channel gets each alert, once, after a 429', async () => {
    const limit = fake.faults.inject({
      route: CHANNEL_MESSAGES,
      fault: { kind: 'rate-limit', retryAfterSeconds: 0.6 },
    });
    const first = await answer(
      runAs(fake, IDS.jonas, 'draft post', {
        file: upload('vision-2014-04-17.md', fixture('drafts', 'vision-2014-04-17.md')),
        document: 'Vision',
        label: '17 April version',
      }),
    );
    expect(first.embeds[0]?.title).toBe('Posted Vision #1 "17 April version"');
    expect(embedText(first)).toContain('1 subscribed channel will be told.');
    expect(isEphemeral(first)).toBe(false);

    const alert1 = await fake.waitForRequest(
      (r) => r.route === CHANNEL_MESSAGES && r.status === 200 && JSON.stringify(r.body).includes('#1'),
      30_000,
      'the alert for version 1',
    );
    expect(alert1.params.channel_id).toBe(IDS.visionChannel);
    const attempts = fake
      .requestsTo(CHANNEL_MESSAGES)
      .filter((r) => JSON.stringify(r.body).includes('#1') && r.params.channel_id === IDS.visionChannel);
    expect(limit.hits).toBe(1);
    expect(attempts.map((r) => r.status)).toEqual([429, 200]);
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(600);

    const second = await answer(
      runAs(fake, IDS.jonas, 'draft post', {
        file: upload('vision-2014-06-01.md', fixture('drafts', 'vision-2014-06-01.md')),
        document: 'Vision',
        label: '1 June version',
      }),
    );
    expect(second.embeds[0]?.title).toBe('Posted Vision #2 "1 June version"');
    const alert2 = await fake.waitForRequest(
      (r) => r.route === CHANNEL_MESSAGES && r.status === 200 && JSON.stringify(r.body).includes('#2'),
      30_000,
      'the alert for version 2',
    );
    // The alert's title is in `content` too, so phones show it in the notification.
    expect((alert2.body as { content?: string }).content).toContain('1 June version');
    const alerts = (fake.channelMessages.get(IDS.visionChannel) ?? []).filter((m) => m.type === 0);
    expect(alerts.filter((m) => m.content.includes('#1'))).toHaveLength(1);
    expect(alerts.filter((m) => m.content.includes('#2'))).toHaveLength(1);
  }, 90_000);

  it('a caucus member runs /brackets status and gets the embed of the latest version', async () => {
    const status = await answer(runAs(fake, IDS.amina, 'brackets status'));
    const expected = await getDraftStatus(
      runtime.deps,
      {
        platform: 'discord',
        tenantExternalId: IDS.guild,
        tenantName: CAUCUS_SERVER.name,
        channelId: IDS.visionChannel,
      },
      {},
    );
    const embed = status.embeds[0];
    expect(embed?.title).toBe('Vision #2 "1 June version"');
    expect(embed?.description).toContain(`${expected.status.brackets.total} brackets open`);
    const fields = Object.fromEntries((embed?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields.Brackets).toMatch(new RegExp(`^${expected.status.brackets.total} \\(`));
    expect(fields.Agreed).toBe(`${expected.status.agreedPercent}% of ${expected.status.words.total} words`);
    expect(isEphemeral(status)).toBe(false);

    const c5 = await answer(runAs(fake, IDS.amina, 'brackets status', { section: 'C5' }));
    expect(c5.embeds[0]?.title).toMatch(/^Vision #2 "1 June version": Action Line C5\. /);
  }, 60_000);

  it('"your time" and "Posted" are in the zone the person set with /rapporteur timezone', async () => {
    // Discord tells nobody's zone: the one a person sets is the only one, and it is used.
    await answer(
      runAs(fake, IDS.jonas, 'meetings announce', {
        text: 'The sixth meeting (MPP-6) will be held on 9 June 2014 from 14:00 to 18:00 at the ITU, Geneva.',
        name: 'MPP-6',
      }),
    );
    const before = embedText(
      await answer(runAs(fake, IDS.amina, 'meetings show', { meeting: 'The sixth meeting' })),
    );
    expect(before).toMatch(/When \(Europe\/Zurich\)/);
    await answer(runAs(fake, IDS.amina, 'rapporteur timezone', { zone: 'Lima' }));
    const shown = embedText(
      await answer(runAs(fake, IDS.amina, 'meetings show', { meeting: 'The sixth meeting' })),
    );
    expect(shown).toMatch(/When \(your time, America\/Lima\)/);
    const versions = embedText(await answer(runAs(fake, IDS.amina, 'draft versions')));
    expect(versions).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d GMT-5/);
    // Another person's replies keep their own (here: none, so UTC, labelled).
    const others = embedText(await answer(runAs(fake, IDS.ngozi, 'draft versions')));
    expect(others).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    await answer(runAs(fake, IDS.amina, 'rapporteur timezone', { zone: 'clear' }));
  }, 60_000);

  it('a long diff arrives as an attached Markdown report with a short summary in the embed', async () => {
    const draft = generateDraft({ size: 120_000, brackets: 900, seed: 14 });
    const revised = generateDraft({ size: 120_000, brackets: 900, seed: 14, revise: true });
    for (const [text, label] of [
      [draft.text, 'compilation of 28 May'],
      [revised.text, 'compilation of 31 May'],
    ] as const) {
      const posted = await answer(
        runAs(fake, IDS.jonas, 'draft post', {
          file: upload(`${label.replaceAll(' ', '-')}.md`, text),
          document: 'Action lines',
          label,
        }),
      );
      expect(posted.embeds[0]?.title).toMatch(/^Posted Action lines #\d/);
    }
    const diff = await answer(runAs(fake, IDS.amina, 'brackets diff', { document: 'Action lines' }));
    const description = diff.embeds[0]?.description ?? '';
    expect(description.length).toBeLessThanOrEqual(4096);
    const report = diff.attachments.find((a) => a.filename.endsWith('.md'));
    expect(report).toBeDefined();
    expect(embedText(diff)).toContain(`(full report: ${report?.filename})`);
    const text = await (await fetch(report?.url as string)).text();
    expect(text.length).toBeGreaterThan(embedText(diff).length);
    expect(text).toContain('compilation of 31 May');
  }, 90_000);

  it('autocomplete suggests documents, versions, sections, meetings and zones from the store', async () => {
    const announced = await answer(
      runAs(fake, IDS.jonas, 'meetings announce', {
        file: upload(
          'mpp6-invitation.txt',
          fixture('schedule', '2014-06-03-mpp6-invitation.txt'),
          'text/plain',
        ),
      }),
    );
    expect(announced.embeds[0]?.title).toMatch(/^Announcement recorded/);

    const suggest = async (command: string, focused: string, options: Record<string, string>) => {
      const interaction = await fake.autocomplete({
        guildId: IDS.guild,
        channelId: IDS.visionChannel,
        userId: IDS.amina,
        command,
        options,
        focused,
      });
      await interaction.response(5000);
      return (interaction.choices() ?? []) as { name: string; value: string }[];
    };
    expect((await suggest('brackets status', 'document', { document: 'vis' })).map((c) => c.value)).toEqual([
      'Vision',
    ]);
    const versions = await suggest('brackets diff', 'from', { document: 'Vision', from: '' });
    expect(versions.map((c) => c.value)).toEqual(['2', '1']);
    expect(versions[0]?.name).toContain('1 June version');
    const sections = await suggest('brackets status', 'section', { document: 'Vision', section: 'C' });
    expect(sections.map((c) => c.value)).toEqual(expect.arrayContaining(['C5', 'C8', 'C9']));
    // Shown as people cite it; the id is only the value filled in.
    expect(sections.find((c) => c.value === 'C9')?.name).toBe('Action Line C9. Media');
    const meetings = await suggest('meetings show', 'meeting', { meeting: 'mpp' });
    expect(meetings.map((c) => c.value)).toContain('MPP-6');
    const zones = await suggest('rapporteur subscribe', 'zone', { topic: 'digest', zone: 'sydney' });
    expect(zones.map((c) => c.value)).toContain('Australia/Sydney');
  }, 60_000);

  it('refuses an attachment over the size limit before downloading it, with a clear message', async () => {
    const file = fake.uploadAttachment({
      filename: 'vision-scanned.pdf',
      content: 'only a few bytes are really here',
      contentType: 'application/pdf',
      declaredSize: 3 * 1024 * 1024,
    });
    const refused = await answer(runAs(fake, IDS.jonas, 'draft post', { file, document: 'Vision' }));
    expect(refused.embeds[0]?.title).toBe('Too large');
    expect(refused.embeds[0]?.description).toContain('vision-scanned.pdf is 3 MB, over the 1 MB limit.');
    expect(isEphemeral(refused)).toBe(true);
    expect(fake.cdnRequests.filter((r) => r.attachmentId === file.id)).toHaveLength(0);
  }, 60_000);

  it('answers a command sent in a direct message with where to use it', async () => {
    // A global registration from an older release that still allowed direct messages.
    const rest = createDiscordRest({ token: fake.token, apiUrl: fake.apiUrl });
    await rest.put(`/applications/${fake.applicationId}/commands`, {
      body: bot.slash.definitions.map((d) => ({ ...d, dm_permission: true, contexts: [0, 1] })),
    });
    const interaction = await fake.runCommand({
      userId: IDS.amina,
      channelId: '',
      command: 'brackets status',
    });
    const message = await finalAnswer(fake, interaction);
    expect(message.embeds[0]?.title).toBe('Use Rapporteur in a server channel');
    expect((message as { guild_id?: string }).guild_id).toBeUndefined();
    await rest.put(`/applications/${fake.applicationId}/commands`, { body: [] });
  }, 30_000);

  it('an unexpected failure shows a reference the logs share, never the error or a stack', async () => {
    const interaction = await runAs(fake, IDS.amina, 'rapporteur explode');
    const message = await finalAnswer(fake, interaction);
    const text = JSON.stringify(message.embeds);
    expect(message.embeds[0]?.title).toBe('Something went wrong');
    const reference = /reference ([0-9a-f]{8})/.exec(text)?.[1];
    expect(reference).toBeDefined();
    expect(text).not.toMatch(/SQLITE_CORRUPT|\/var\/lib|not-for-users|\bat \S+:\d+/);
    const logged = lines.find((l) => l.level === 'error' && l.obj.request === reference);
    expect(logged?.msg).toBe('command failed');
    expect(JSON.stringify(logged?.obj)).toContain('SQLITE_CORRUPT');
  }, 30_000);

  it('every payload the bot and the worker sent fits Discord’s limits; logs hold no token or draft text', () => {
    const payloads = fake.sentPayloads();
    expect(payloads.length).toBeGreaterThan(20);
    for (const { request, payload } of payloads) {
      expect({ route: request.route, problems: discordPayloadProblems(payload) }).toEqual({
        route: request.route,
        problems: [],
      });
    }
    const autocompletes = fake
      .requestsTo('POST /interactions/:interaction_id/:interaction_token/callback')
      .filter((r) => (r.body as { type?: number }).type === 8);
    for (const r of autocompletes) expect(discordPayloadProblems(r.body)).toEqual([]);
    const logs = logger.dump();
    expect(logs).not.toContain(fake.token);
    expect(logs).not.toContain(DRAFT_SENTENCE);
    expect(readFileSync(join(FIXTURES, 'drafts', 'vision-2014-06-01.md'), 'utf8')).toContain(DRAFT_SENTENCE);
  });
});
