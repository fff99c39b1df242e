import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { deployCommands } from '../../src/bots/discord/deploy.js';
import { createDiscordBot, type DiscordBot, type DiscordBotRuntime } from '../../src/bots/discord/index.js';
import { createDiscordRest } from '../../src/bots/discord/transport.js';
import { loadConfig } from '../../src/config.js';
import { COMMANDS } from '../../src/core/commands/index.js';
import { type Command, defineCommand } from '../../src/core/commands/types.js';
import { RapporteurError } from '../../src/core/errors.js';
import { disabledQueue, systemClock } from '../../src/core/ports/index.js';
import { reply } from '../../src/core/reply.js';
import { openSqliteStore, type SqlStore } from '../../src/store/index.js';
import { inProcessExtractor } from '../helpers/app.js';
import { type FakeDiscord, GATEWAY_CLOSE, startFakeDiscord } from '../helpers/fake-discord/index.js';
import {
  BOT_USERS,
  CAUCUS_SERVER,
  finalAnswer,
  IDS,
  isEphemeral,
  recordingLogger,
  runAs,
} from './bot-world.js';

/**
 * Starting and stopping the bot: a wrong token or an unreachable Discord is a clear error, a
 * dropped gateway is resumed without losing commands, a stop lets commands being answered
 * finish, and a stop in the middle of a reconnect leaves no connection behind (the race
 * @discordjs/ws has when a client is destroyed during a resume or re-IDENTIFY).
 */

interface World {
  fake: FakeDiscord;
  store: SqlStore;
  bot?: DiscordBot;
}

const open: World[] = [];

afterEach(async () => {
  for (const w of open.splice(0)) {
    await w.bot?.stop();
    await w.store.close();
    await w.fake.close();
  }
});

/** A gate a test opens when it wants the slow command to finish. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {};
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

let release = gate();
const takesItsTime = defineCommand({
  group: 'meetings',
  name: 'wait',
  description: 'Answers once the test lets it (test only)',
  args: z.object({}),
  examples: ['/meetings wait'],
  permission: 'everyone',
  async handler() {
    await release.wait;
    return reply('Finished', { summary: 'The slow command finished.' });
  },
}) as unknown as Command;

const commands = [...COMMANDS, takesItsTime];

async function world(
  env: Record<string, string> = {},
  options: { start?: boolean; fake?: Parameters<typeof startFakeDiscord>[0] } = {},
): Promise<World & { runtime: DiscordBotRuntime; logger: ReturnType<typeof recordingLogger> }> {
  const fake = await startFakeDiscord({ users: BOT_USERS, guilds: [CAUCUS_SERVER], ...options.fake });
  const store = await openSqliteStore({ file: ':memory:' });
  const w: World = { fake, store };
  open.push(w);
  const logger = recordingLogger();
  const config = loadConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const runtime: DiscordBotRuntime = {
    config,
    deps: {
      store,
      queue: disabledQueue('no job queue in these tests'),
      extractor: inProcessExtractor(),
      clock: systemClock,
      logger,
    },
  };
  if (options.start !== false) {
    w.bot = createDiscordBot({ runtime, logger, commands, shutdownGraceMs: 5000 });
    await deployCommands({
      rest: createDiscordRest({ token: fake.token, apiUrl: fake.apiUrl }),
      applicationId: fake.applicationId,
      definitions: w.bot.slash.definitions,
      guildId: IDS.guild,
    });
    await w.bot.start();
  }
  return { ...w, runtime, logger };
}

async function startError(bot: DiscordBot): Promise<RapporteurError> {
  const error = await bot.start().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RapporteurError);
  return error as RapporteurError;
}

describe('starting the bot', () => {
  it('logs in with the Guilds intent only, through DISCORD_API_URL, and reports ready', async () => {
    const w = await world();
    expect(w.bot?.isReady()).toBe(true);
    expect(w.fake.gateway.identifies).toEqual([
      expect.objectContaining({ intents: 1, tokenValid: true, shard: [0, 1] }),
    ]);
    expect(w.fake.requests.find((r) => r.path === '/gateway/bot')).toMatchObject({
      method: 'GET',
      authorized: true,
      status: 200,
    });
    expect(w.logger.lines.some((l) => l.msg === 'Discord bot ready' && l.obj.guilds === 1)).toBe(true);
  });

  it('rejects a wrong token with what to fix, never the token, and leaves nothing connected', async () => {
    const w = await world({}, { start: false });
    const config = loadConfig({
      DISCORD_TOKEN: 'MTIz.wrong-token.for-this-test',
      DISCORD_APPLICATION_ID: w.fake.applicationId,
      DISCORD_API_URL: w.fake.apiUrl,
    });
    w.bot = createDiscordBot({ runtime: { ...w.runtime, config }, logger: w.logger });
    const error = await startError(w.bot);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.describe()).toContain('DISCORD_TOKEN');
    expect(error.describe()).not.toContain('wrong-token');
    expect(w.logger.dump()).not.toContain('wrong-token');
    expect(w.fake.gateway.connectionCount).toBe(0);
    expect(w.bot.isReady()).toBe(false);
  });

  it('says Discord is unreachable when DISCORD_API_URL answers nothing', async () => {
    const w = await world({}, { start: false });
    const config = loadConfig({
      DISCORD_TOKEN: w.fake.token,
      DISCORD_APPLICATION_ID: w.fake.applicationId,
      // A port nothing listens on.
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
    });
    w.bot = createDiscordBot({ runtime: { ...w.runtime, config }, logger: w.logger, readyTimeoutMs: 20_000 });
    const error = await startError(w.bot);
    expect(['UNAVAILABLE', 'TIMEOUT']).toContain(error.code);
    expect(error.describe()).toMatch(/DISCORD_API_URL/);
  }, 30_000);

  it('refuses to run without Discord settings', async () => {
    const w = await world({}, { start: false });
    expect(() =>
      createDiscordBot({ runtime: { ...w.runtime, config: loadConfig({}) }, logger: w.logger }),
    ).toThrow(/Discord is not configured/);
  });
});

describe('while running', () => {
  it('resumes a dropped gateway connection and answers the commands sent meanwhile', async () => {
    const w = await world();
    w.fake.gateway.terminate();
    await w.fake.gateway.waitFor(() => w.fake.gateway.connectionCount === 0, 2000, 'the drop');
    // Sent while the bot is offline: Discord keeps it for the session and replays it.
    const help = await runAs(w.fake, IDS.amina, 'rapporteur help');
    const answer = await finalAnswer(w.fake, help, 15_000);
    expect(answer.embeds[0]?.title).toMatch(/^Rapporteur/);
    expect(w.fake.gateway.resumes.at(-1)?.accepted).toBe(true);
    expect(w.fake.gateway.identifies).toHaveLength(1);
  }, 30_000);

  it('identifies again when the session cannot be resumed, and keeps answering', async () => {
    const w = await world();
    w.fake.gateway.invalidateSessions();
    w.fake.gateway.drop(GATEWAY_CLOSE.unknownError);
    await w.fake.gateway.waitFor(() => w.fake.gateway.identifies.length === 2, 20_000, 'a second IDENTIFY');
    const answer = await finalAnswer(w.fake, await runAs(w.fake, IDS.amina, 'rapporteur help'), 15_000);
    expect(answer.embeds[0]?.title).toMatch(/^Rapporteur/);
  }, 40_000);

  it('answers a command arriving through a stale definition by saying the list is out of date', async () => {
    const w = await world();
    await createDiscordRest({ token: w.fake.token, apiUrl: w.fake.apiUrl }).put(
      `/applications/${w.fake.applicationId}/guilds/${IDS.guild}/commands`,
      {
        body: [
          {
            name: 'brackets',
            description: 'An older release',
            options: [{ type: 1, name: 'summary', description: 'Renamed since' }],
          },
        ],
      },
    );
    const answer = await finalAnswer(w.fake, await runAs(w.fake, IDS.amina, 'brackets summary'));
    expect(answer.embeds[0]?.title).toBe('This command is out of date');
    expect(answer.embeds[0]?.description).toContain('rapporteur discord deploy-commands');
    expect(isEphemeral(answer)).toBe(true);
  });
});

describe('stopping the bot', () => {
  it('lets a command being answered finish, tells newcomers to retry, then closes the gateway', async () => {
    const w = await world();
    release = gate();
    const slow = await runAs(w.fake, IDS.amina, 'meetings wait');
    // Deferred after 2 s, as any command still running by then.
    const deferral = await slow.response(5000);
    expect((deferral.body as { type: number }).type).toBe(5);
    const stopping = w.bot?.stop() as Promise<void>;
    await sleep(50);
    const late = await finalAnswer(w.fake, await runAs(w.fake, IDS.jonas, 'rapporteur help'));
    expect(late.embeds[0]?.title).toBe('Rapporteur is restarting');
    expect(isEphemeral(late)).toBe(true);
    expect(w.fake.gateway.connectionCount).toBe(1);
    release.open();
    const finished = await slow.waitForOriginal((m) => m.embeds.length > 0);
    expect(finished.embeds[0]?.title).toBe('Finished');
    await stopping;
    expect(w.fake.gateway.connectionCount).toBe(0);
    expect(w.bot?.isReady()).toBe(false);
  }, 30_000);

  it.each([0, 150, 450, 700, 1100])(
    'leaves no connection when stopped %i ms into a resume that turns into a re-IDENTIFY',
    async (delay) => {
      const w = await world();
      w.fake.gateway.invalidateSessions();
      w.fake.gateway.drop(GATEWAY_CLOSE.unknownError);
      await sleep(delay);
      const started = Date.now();
      await w.bot?.stop();
      const stopMs = Date.now() - started;
      const identifies = w.fake.gateway.identifies.length;
      // @discordjs/ws reconnects 500 ms after a drop; give a leftover shard time to show.
      await sleep(1500);
      expect(w.fake.gateway.connectionCount).toBe(0);
      expect(w.fake.gateway.identifies.length).toBe(identifies);
      expect(stopMs).toBeLessThan(5000);
    },
    20_000,
  );

  it('stops twice without harm, and stops a bot that never started', async () => {
    const w = await world();
    await Promise.all([w.bot?.stop(), w.bot?.stop()]);
    await w.bot?.stop();
    const idle = createDiscordBot({ runtime: w.runtime, logger: w.logger });
    await idle.stop();
    await expect(idle.start()).rejects.toThrow(/already started|stopped/);
  });
});
