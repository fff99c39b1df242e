import { Client, Events, GatewayIntentBits } from 'discord.js';
import { renderDiscordReply, toInteractionMessage } from '../src/bots/discord/render.js';
import { createDiscordPoster } from '../src/bots/discord/transport.js';
import { type Reply, reply } from '../src/core/reply.js';
import { renderMarkdown } from '../src/core/reply-markdown.js';
import { discordPayloadProblems } from '../tests/helpers/discord-payload.js';
import { startFakeDiscord } from '../tests/helpers/fake-discord/index.js';
import { type Bench, fmt, median, quantile, timeRuns } from './harness.js';

/**
 * Discord figures: rendering replies of growing size (with cutting and the attached
 * report), the limit checker, and loopback round trips through the real discord.js /
 * @discordjs/rest stack against the fake Discord (login, an interaction answered, an
 * alert posted). Loopback figures measure the bot's own overhead, not Discord's.
 */

const MPP6 = '2014-06-09T12:00:00Z';

function statusReply(paragraphs: number): Reply {
  return reply('Still bracketed in the Vision draft, 1 June version', {
    tone: 'warning',
    summary: [`${paragraphs} bracketed paragraphs. Next meeting `, { time: MPP6 }, '.'],
    sections: [
      {
        heading: 'C5 Building confidence and security',
        items: Array.from(
          { length: paragraphs },
          (_, i) =>
            `Paragraph ${i + 1}: [Alt 1: in their respective roles and responsibilities] [US: delete] as appropriate`,
        ),
      },
      {
        heading: 'Meeting',
        fields: [
          { name: 'When', value: [{ time: MPP6, style: 'date' }], inline: true },
          { name: 'Venue', value: 'Geneva, ITU', inline: true },
        ],
      },
    ],
    footer: 'WSIS+10 MPP',
  });
}

const alert = reply('MPP6 re-timed: 9 June 2014, 14:00-18:00 (was 14:00-16:00)', {
  tone: 'warning',
  summary: ['The web page now says the session ends at 18:00. Starts ', { time: MPP6 }, '.'],
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

const hostile = reply('One enormous word', { summary: `${'👩🏽‍⚖️e\u0301*_'.repeat(200_000)}` });

function line(label: string, sorted: number[], unit = 'ms'): string {
  return `  ${label.padEnd(44)} median ${fmt(median(sorted), 3, unit)}  p95 ${fmt(quantile(sorted, 0.95), 3, unit)}`;
}

export const bench: Bench = {
  name: 'discord: render, limits, loopback round trips',
  async run({ log }) {
    for (const [label, r, runs] of [
      ['render: alert (no cut)', alert, 500],
      ['render: status, 20 items (no cut)', statusReply(20), 300],
      ['render: status, 400 items (cut + report)', statusReply(400), 100],
      ['render: status, 5000 items (cut + report)', statusReply(5000), 20],
      ['render: one 1.8M-char word (grapheme cut)', hostile, 10],
    ] as const) {
      log(line(label, await timeRuns(() => renderDiscordReply(r), runs, 3)));
    }
    log(
      line(
        'renderMarkdown: status, 5000 items',
        await timeRuns(() => renderMarkdown(statusReply(5000)), 20, 2),
      ),
    );
    const payload = renderDiscordReply(statusReply(400));
    log(
      line(
        'discordPayloadProblems: cut status payload',
        await timeRuns(() => discordPayloadProblems(payload), 2000, 20),
      ),
    );

    const fake = await startFakeDiscord({
      guilds: [{ name: 'Bench caucus', channels: [{ name: 'alerts' }] }],
      users: [{ username: 'amina' }],
      rateLimit: { limit: 1_000_000, windowMs: 1000 },
    });
    const guild = fake.guild('Bench caucus');
    const amina = fake.user('amina');
    guild.members.push({ userId: amina.id, roles: [], nick: null, joinedAt: new Date().toISOString() });
    const clients: Client[] = [];
    try {
      const logins = await timeRuns(
        async () => {
          const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
          clients.push(client);
          const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
          await client.login(fake.token);
          await ready;
        },
        5,
        0,
      );
      log(line('login to ready (discord.js, fake gateway)', logins));
      for (const c of clients.splice(0, clients.length - 1)) await c.destroy();
      const client = clients[0] as Client;
      await client.rest.put(`/applications/${fake.applicationId}/commands`, {
        body: [
          {
            name: 'brackets',
            description: 'Brackets',
            options: [{ type: 1, name: 'status', description: 'Status' }],
          },
        ],
      });
      const rendered = toInteractionMessage(renderDiscordReply(statusReply(400)));
      client.on(Events.InteractionCreate, (i) => {
        if (i.isChatInputCommand()) void i.reply(rendered);
      });
      const channelId = fake.channel('alerts').id;
      const roundTrips = await timeRuns(
        async () => {
          const interaction = await fake.runCommand({
            guildId: guild.id,
            channelId,
            userId: amina.id,
            command: 'brackets status',
          });
          await interaction.response();
        },
        100,
        5,
      );
      log(line('slash command -> reply with report file', roundTrips));
      const notifier = createDiscordPoster({ token: fake.token, apiUrl: fake.apiUrl });
      log(
        line(
          'notifier: alert posted (REST, no cut)',
          await timeRuns(() => notifier.postReply(channelId, alert), 200, 10),
        ),
      );
      log(
        line(
          'notifier: long alert posted (multipart)',
          await timeRuns(() => notifier.postReply(channelId, statusReply(400)), 100, 5),
        ),
      );
    } finally {
      for (const c of clients) await c.destroy();
      await fake.close();
    }
  },
};
