import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSlashCommands } from '../src/bots/discord/commands.js';
import { deployCommands } from '../src/bots/discord/deploy.js';
import { createDiscordBot, type DiscordBot } from '../src/bots/discord/index.js';
import { createDiscordRest } from '../src/bots/discord/transport.js';
import { loadConfig } from '../src/config.js';
import { followProcess, setStaff } from '../src/core/app/setup.js';
import { COMMANDS } from '../src/core/commands/index.js';
import { disabledQueue, silentLogger, systemClock } from '../src/core/ports/index.js';
import { openSqliteStore } from '../src/store/index.js';
import { inProcessExtractor } from '../tests/helpers/app.js';
import { GATEWAY_CLOSE, startFakeDiscord } from '../tests/helpers/fake-discord/index.js';
import { type Bench, fmt, median, quantile, timeRuns } from './harness.js';

/**
 * The Discord bot's own overhead, on loopback against the fake Discord with the real
 * discord.js Client: slash definitions from the registry, a slash command from dispatch to
 * the answer (help: no store; /brackets status: store and status cache; a draft posted as an
 * attachment: download, extraction, parse, diff), an autocomplete, and how long a stop takes
 * when the gateway is stable and when it is in the middle of a re-IDENTIFY.
 */

const FIXTURES = join(import.meta.dirname, '../tests/fixtures/drafts');

function line(label: string, sorted: number[], unit = 'ms'): string {
  return `  ${label.padEnd(48)} median ${fmt(median(sorted), 2, unit)}  p95 ${fmt(quantile(sorted, 0.95), 2, unit)}  (n=${sorted.length})`;
}

const IDS = {
  guild: '1100000000000000001',
  channel: '1110000000000000001',
  staffRole: '1300000000000000002',
  jonas: '1200000000000000003',
  amina: '1200000000000000002',
};

async function world() {
  const fake = await startFakeDiscord({
    users: [
      { id: IDS.jonas, username: 'jonas' },
      { id: IDS.amina, username: 'amina' },
    ],
    guilds: [
      {
        id: IDS.guild,
        name: 'Bench caucus',
        channels: [{ id: IDS.channel, name: 'vision-draft' }],
        roles: [{ id: IDS.staffRole, name: 'Chairs staff' }],
        members: [{ userId: IDS.jonas, roles: [IDS.staffRole] }, { userId: IDS.amina }],
      },
    ],
    rateLimit: { limit: 1_000_000, windowMs: 1000 },
  });
  const store = await openSqliteStore({ file: ':memory:' });
  const deps = {
    store,
    queue: disabledQueue('no job queue in the benchmark'),
    extractor: inProcessExtractor(),
    clock: systemClock,
    logger: silentLogger,
  };
  const config = loadConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
  });
  const bot = createDiscordBot({ runtime: { config, deps }, logger: silentLogger });
  await deployCommands({
    rest: createDiscordRest({ token: fake.token, apiUrl: fake.apiUrl }),
    applicationId: fake.applicationId,
    definitions: bot.slash.definitions,
    guildId: IDS.guild,
  });
  return { fake, store, deps, bot };
}

export const bench: Bench = {
  name: 'discord bot: registry commands over the real client, loopback',
  async run({ log }) {
    log(
      line('slash definitions from the registry', await timeRuns(() => buildSlashCommands(COMMANDS), 200, 5)),
    );

    const { fake, store, deps, bot } = await world();
    const bots: DiscordBot[] = [bot];
    try {
      const started = performance.now();
      await bot.start();
      log(
        `  ${'start to ready (login, gateway, guilds)'.padEnd(48)} ${fmt(performance.now() - started, 1, 'ms')}`,
      );

      const scope = {
        platform: 'discord' as const,
        tenantExternalId: IDS.guild,
        tenantName: 'Bench caucus',
        channelId: IDS.channel,
      };
      const admin = { userId: 'bench-admin', platformRoleIds: [], isAdmin: true };
      await followProcess(deps, scope, admin, { name: 'WSIS+10 Vision' });
      await setStaff(deps, scope, admin, {
        principal: { kind: 'platform-role', id: IDS.staffRole },
        grant: true,
      });

      const answered = async (command: string, userId: string, options = {}) => {
        const interaction = await fake.runCommand({
          guildId: IDS.guild,
          channelId: IDS.channel,
          userId,
          command,
          options,
        });
        const first = await interaction.response(30_000);
        if ((first.body as { type?: number }).type === 5) {
          await fake.waitUntil(
            () => interaction.followUps().length > 0 || (interaction.original()?.embeds.length ?? 0) > 0,
            30_000,
          );
        }
      };

      log(
        line(
          '/rapporteur help -> answer',
          await timeRuns(() => answered('rapporteur help', IDS.amina), 100, 5),
        ),
      );

      const versions = ['vision-2014-05-31.md', 'vision-2014-06-01.md'];
      const posts: number[] = [];
      for (const [i, name] of versions.entries()) {
        const file = fake.uploadAttachment({
          filename: name,
          content: readFileSync(join(FIXTURES, name)),
          contentType: 'text/markdown',
        });
        const t0 = performance.now();
        await answered('draft post', IDS.jonas, { file, document: 'Vision', label: `version ${i + 1}` });
        posts.push(performance.now() - t0);
      }
      log(
        line(
          '/draft post (attachment: download, parse, diff)',
          posts.sort((a, b) => a - b),
        ),
      );

      log(
        line(
          '/brackets status -> answer',
          await timeRuns(() => answered('brackets status', IDS.amina), 100, 5),
        ),
      );
      log(
        line(
          '/brackets diff -> answer',
          await timeRuns(() => answered('brackets diff', IDS.amina, { document: 'Vision' }), 50, 3),
        ),
      );
      log(
        line(
          'autocomplete section -> choices',
          await timeRuns(
            async () => {
              const interaction = await fake.autocomplete({
                guildId: IDS.guild,
                channelId: IDS.channel,
                userId: IDS.amina,
                command: 'brackets status',
                options: { document: 'Vision', section: 'C' },
                focused: 'section',
              });
              await interaction.response(5000);
            },
            100,
            5,
          ),
        ),
      );

      let t0 = performance.now();
      await bot.stop();
      log(`  ${'stop, gateway stable'.padEnd(48)} ${fmt(performance.now() - t0, 1, 'ms')}`);

      const stops: number[] = [];
      for (const delay of [0, 200, 500, 800, 1100]) {
        const again = createDiscordBot({
          runtime: {
            config: loadConfig({
              DISCORD_TOKEN: fake.token,
              DISCORD_APPLICATION_ID: fake.applicationId,
              DISCORD_API_URL: fake.apiUrl,
            }),
            deps,
          },
          logger: silentLogger,
        });
        bots.push(again);
        await again.start();
        fake.gateway.invalidateSessions();
        fake.gateway.drop(GATEWAY_CLOSE.unknownError);
        await new Promise((resolve) => setTimeout(resolve, delay));
        t0 = performance.now();
        await again.stop();
        stops.push(performance.now() - t0);
      }
      log(
        line(
          'stop during resume / re-IDENTIFY (0-1100 ms in)',
          stops.sort((a, b) => a - b),
        ),
      );
    } finally {
      for (const b of bots) await b.stop();
      await store.close();
      await fake.close();
    }
  },
};
