import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDiscordBot, type DiscordBot } from '../../src/bots/discord/index.js';
import { createSlackBot, type SlackBot } from '../../src/bots/slack/index.js';
import { SLACK_BOT_SCOPES } from '../../src/bots/slack/manifest.js';
import { loadConfig } from '../../src/config.js';
import type { Actor, Scope } from '../../src/core/app/context.js';
import { postDraftVersion } from '../../src/core/app/drafts.js';
import { followProcess } from '../../src/core/app/setup.js';
import { silentLogger } from '../../src/core/ports/index.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { BOT_USERS, CAUCUS_SERVER, IDS } from '../discord/bot-world.js';
import { type FakeDiscord, startFakeDiscord } from '../helpers/fake-discord/index.js';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack/server.js';
import { sendSigned, slashCommandBody } from '../helpers/slack-signing.js';
import { waitFor } from '../slack/e2e-helpers.js';
import { manyAnnotations } from './generators.js';

/**
 * The bot process under attack, as a deployment runs it: one runtime with the Discord bot
 * (the real discord.js client on the fake Discord gateway) and the Slack app (Bolt in HTTP
 * mode, requests signed as Slack signs them, answers to the fake Slack Web API). While a
 * Discord server's staff posts a hostile draft (several seconds of parsing in the work pool),
 * the gateway keeps receiving the bot's heartbeats on time, and a Slack workspace's
 * `/brackets status` is acknowledged within Slack's 3 s and answered within 1 s.
 */

/** The gateway's heartbeat interval here (Discord's is about 41 s; short, to see many). */
const HEARTBEAT_MS = 1_500;
/** The shortest attack that still shows heartbeats keeping time: several intervals. */
const MIN_ATTACK_MS = 4 * HEARTBEAT_MS;
/** Lateness a heartbeat may have past its interval before we call it missed. */
const HEARTBEAT_GRACE_MS = 1_000;
const SECRET = 'fairness-signing-secret';
const SLACK_CHANNEL = 'C0FAIR';

const dir = mkdtempSync(join(tmpdir(), 'rapporteur-fair-'));
let fakeDiscord: FakeDiscord | undefined;
let fakeSlack: FakeSlack | undefined;
let runtime: Runtime | undefined;
let bot: DiscordBot | undefined;
let slackApp: SlackBot | undefined;
afterAll(async () => {
  await bot?.stop();
  await slackApp?.stop();
  await runtime?.close();
  await fakeDiscord?.close();
  await fakeSlack?.close();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

const admin: Actor = { userId: 'U0FAIRADMIN', displayName: 'Admin', platformRoleIds: [], isAdmin: true };

/** When the gateway received each heartbeat (its counter, observed as it is incremented). */
function recordHeartbeats(fake: FakeDiscord): number[] {
  const at: number[] = [];
  let count = fake.gateway.heartbeats;
  Object.defineProperty(fake.gateway, 'heartbeats', {
    get: () => count,
    set: (n: number) => {
      count = n;
      at.push(performance.now());
    },
  });
  return at;
}

describe('fairness of the bot process', () => {
  it("keeps Discord heartbeats, Slack acknowledgements and another tenant's status on time during a hostile parse", {
    timeout: 240_000,
  }, async () => {
    fakeDiscord = await startFakeDiscord({
      users: BOT_USERS,
      guilds: [CAUCUS_SERVER],
      heartbeatIntervalMs: HEARTBEAT_MS,
    });
    fakeSlack = await startFakeSlack({ scopes: Object.keys(SLACK_BOT_SCOPES) });
    fakeSlack.addChannel({ id: SLACK_CHANNEL, name: 'fair-draft' });
    fakeSlack.addUser({ id: admin.userId, name: 'admin', displayName: 'Admin', isAdmin: true });
    runtime = await createRuntime(
      loadConfig({
        DISCORD_TOKEN: fakeDiscord.token,
        DISCORD_APPLICATION_ID: fakeDiscord.applicationId,
        DISCORD_API_URL: fakeDiscord.apiUrl,
        SLACK_BOT_TOKEN: fakeSlack.botToken,
        SLACK_MODE: 'http',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fakeSlack.apiUrl,
        RAPPORTEUR_DATA_DIR: dir,
        LOG_LEVEL: 'silent',
      }),
      { role: 'bot', queue: 'off', logger: silentLogger },
    );
    const deps = runtime.deps;
    bot = createDiscordBot({ runtime, logger: silentLogger });
    await bot.start();
    slackApp = createSlackBot({ runtime, port: 0, host: '127.0.0.1', clientRetries: 0 });
    const endpoint = `http://127.0.0.1:${(await slackApp.start()).port}/slack/events`;
    const beats = recordHeartbeats(fakeDiscord);

    // Tenant B (the Slack workspace) follows a process with a small draft posted.
    const slackScope: Scope = {
      platform: 'slack',
      tenantExternalId: fakeSlack.teamId,
      tenantName: 'Workspace',
      channelId: SLACK_CHANNEL,
      channelName: 'fair-draft',
    };
    await followProcess(deps, slackScope, admin, { name: 'Small process' });
    await postDraftVersion(deps, slackScope, admin, {
      document: 'Outcome',
      label: 'first',
      file: {
        name: 'outcome.md',
        bytes: new TextEncoder().encode('# Outcome\n\n1. The parties [shall] act.\n'),
      },
    });
    // Tenant A (the Discord server) follows a process; its staff will post the hostile file.
    const discordScope: Scope = {
      platform: 'discord',
      tenantExternalId: IDS.guild,
      tenantName: CAUCUS_SERVER.name,
      channelId: IDS.visionChannel,
      channelName: 'vision-draft',
    };
    await followProcess(deps, discordScope, { ...admin, userId: IDS.ngozi }, { name: 'Hostile process' });
    // Both pool workers started (a deployment's first jobs pay this once).
    await Promise.all(
      ['a', 'b'].map((label) =>
        postDraftVersion(
          deps,
          discordScope,
          { ...admin, userId: IDS.ngozi },
          {
            document: `Warm ${label}`,
            label,
            file: { name: `${label}.txt`, bytes: new TextEncoder().encode(`Warm [${label}].\n`) },
          },
        ),
      ),
    );

    /** `/brackets status` from Slack: the acknowledgement's time, and when the answer arrived. */
    const slackStatus = async () => {
      const before = fakeSlack?.messages.length ?? 0;
      const t0 = performance.now();
      const res = await sendSigned(
        endpoint,
        SECRET,
        slashCommandBody({
          command: '/brackets',
          text: 'status',
          userId: admin.userId,
          channelId: SLACK_CHANNEL,
          channelName: 'fair-draft',
          responseUrl: fakeSlack?.responseUrl(SLACK_CHANNEL) ?? '',
        }),
        'form',
      );
      const ack = performance.now() - t0;
      expect(res.status).toBe(200);
      const answer = await waitFor(
        () => fakeSlack?.messages.slice(before).find((m) => m.via === 'response_url'),
        30_000,
        'the answer to /brackets status',
      );
      return { ack, answered: performance.now() - t0, text: JSON.stringify(answer.blocks ?? answer.text) };
    };
    const calm = await slackStatus();
    expect(calm.text).toContain('Outcome');

    const identifiesBefore = fakeDiscord.gateway.identifies.length;
    const hostile = manyAnnotations();
    let busy = true;
    const attackStarted = performance.now();
    // Hostile posts follow one another (each a new version: its bytes differ) until the attack
    // has lasted several heartbeat intervals, so that a fast machine, which reads one such
    // draft in a couple of seconds, still shows whether heartbeats keep their time.
    const attack = (async () => {
      let round = 0;
      let last: unknown;
      do {
        const bytes = new Uint8Array(hostile.bytes.length + 16);
        bytes.set(hostile.bytes);
        bytes.set(new TextEncoder().encode(`Round ${round}.\n`.padEnd(16)), hostile.bytes.length);
        last = await postDraftVersion(
          deps,
          discordScope,
          { ...admin, userId: IDS.ngozi },
          { document: 'Hostile', label: `attack ${round}`, file: { name: hostile.name, bytes } },
        ).catch((err: unknown) => err);
        round++;
      } while (!(last instanceof Error) && performance.now() - attackStarted < MIN_ATTACK_MS);
      return last;
    })().finally(() => {
      busy = false;
    });
    const acks: number[] = [];
    const answers: number[] = [];
    while (busy && performance.now() - attackStarted < 120_000) {
      const r = await slackStatus();
      acks.push(r.ack);
      answers.push(r.answered);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const attackEnded = performance.now();
    const posted = await attack;
    // The hostile draft was read in full (not refused), so the parse really ran meanwhile.
    expect(posted).not.toBeInstanceOf(Error);

    const during = beats.filter((t) => t >= attackStarted - HEARTBEAT_MS && t <= attackEnded + HEARTBEAT_MS);
    const gaps = during.slice(1).map((t, i) => t - (during[i] as number));
    const figures = {
      attackMs: Math.round(attackEnded - attackStarted),
      rounds: acks.length,
      worstAckMs: Math.round(Math.max(...acks)),
      worstAnswerMs: Math.round(Math.max(...answers)),
      heartbeats: during.length,
      worstHeartbeatGapMs: Math.round(Math.max(...gaps)),
    };
    const shown = JSON.stringify(figures);
    expect(figures.rounds, shown).toBeGreaterThan(3);
    expect(figures.heartbeats, shown).toBeGreaterThan(2);
    // Slack retries (and the person sees an error) when an acknowledgement takes over 3 s.
    expect(figures.worstAckMs, shown).toBeLessThan(3_000);
    expect(figures.worstAnswerMs, shown).toBeLessThan(1_000);
    // Every heartbeat within its interval (plus a grace for a loaded machine), and the
    // connection never had to be re-established.
    expect(figures.worstHeartbeatGapMs, shown).toBeLessThan(HEARTBEAT_MS + HEARTBEAT_GRACE_MS);
    expect(fakeDiscord.gateway.identifies.length, shown).toBe(identifiesBefore);
    expect(fakeDiscord.gateway.resumes, shown).toEqual([]);
  });
});
