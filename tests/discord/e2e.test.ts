import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, Interaction } from 'discord.js';
import { Events } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadAttachment } from '../../src/bots/discord/attachments.js';
import { answerAutocomplete, answerInteraction } from '../../src/bots/discord/interactions.js';
import { renderDiscordReply, toInteractionMessage } from '../../src/bots/discord/render.js';
import { RapporteurError } from '../../src/core/errors.js';
import { type Reply, reply } from '../../src/core/reply.js';
import { discordPayloadProblems } from '../helpers/discord-payload.js';
import { type CommandInvocation, type FakeDiscord, startFakeDiscord } from '../helpers/fake-discord/index.js';
import { bracketedParagraph, CAUCUS, seatMembers, startClient, USERS } from './fixtures.js';

/**
 * The transport end to end: the real discord.js Client logs in to the fake Discord on
 * 127.0.0.1, receives slash commands and autocompletes over the gateway, and answers them
 * over REST with rendered replies. The handlers stand in for the command registry.
 */

const MPP6 = '2014-06-09T12:00:00Z';
const DOCUMENTS = [
  'Vision',
  'Action lines',
  ...Array.from({ length: 38 }, (_, i) => `Annex ${i + 1}`),
  'A'.repeat(140),
];

let fake: FakeDiscord;
let client: Client;
/** What the handler of the next command should do; set by each test. */
let behaviour: (interaction: Interaction) => Promise<void>;

beforeAll(async () => {
  fake = await startFakeDiscord({ users: USERS, guilds: [CAUCUS] });
  seatMembers(fake);
  client = await startClient(fake);
  client.on(Events.InteractionCreate, (interaction) => {
    void behaviour(interaction);
  });
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

const guild = () => fake.guild(CAUCUS.name);
const general = () => fake.channel('general');
const invoke = (username: string, command: string, options: CommandInvocation['options'] = {}) =>
  fake.runCommand({
    guildId: guild().id,
    channelId: general().id,
    userId: fake.user(username).id,
    command,
    options,
  });

function statusReply(document: string, paragraphs: number): Reply {
  return reply(`Still bracketed in ${document} (1 June version)`, {
    tone: 'warning',
    summary: [`${paragraphs} bracketed paragraphs. Next meeting `, { time: MPP6 }, '.'],
    sections: [
      {
        heading: 'C5 Building confidence and security',
        items: Array.from({ length: paragraphs }, (_, i) => bracketedParagraph(i + 1)),
      },
    ],
    footer: 'WSIS+10 MPP',
  });
}

describe('the Discord transport, end to end', () => {
  it('a caucus member runs /brackets status and gets the rendered embed straight away', async () => {
    behaviour = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await answerInteraction(interaction, async () =>
        statusReply(interaction.options.getString('document', true), 3),
      );
    };
    const started = Date.now();
    const interaction = await invoke('amina', 'brackets status', { document: 'Vision' });
    const response = await interaction.response();
    const body = response.body as {
      type: number;
      data: { embeds: { title: string; description: string }[] };
    };
    expect(body.type).toBe(4);
    expect(body.data.embeds[0]?.title).toBe('Still bracketed in Vision (1 June version)');
    expect(body.data.embeds[0]?.description).toContain('Next meeting <t:1402315200:F>.');
    expect(response.at - started).toBeLessThan(3000);
    const original = interaction.original();
    expect(original?.embeds[0]?.title).toBe('Still bracketed in Vision (1 June version)');
    expect(fake.channelMessages.get(general().id)).toContainEqual(original);
  });

  it('a slow command is deferred within the deadline and then edited with the result', async () => {
    behaviour = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await answerInteraction(
        interaction,
        async () => {
          await sleep(400);
          return statusReply('Vision', 5);
        },
        { deferAfterMs: 100 },
      );
    };
    const started = Date.now();
    const interaction = await invoke('amina', 'brackets status', { document: 'Vision' });
    const first = await interaction.response();
    expect((first.body as { type: number }).type).toBe(5);
    expect(first.at - started).toBeLessThan(1000);
    const edited = await interaction.waitForOriginal((m) => m.embeds.length > 0);
    expect(edited.flags ?? 0).toBe(0);
    expect(edited.embeds[0]?.title).toBe('Still bracketed in Vision (1 June version)');
  });

  it('a long diff arrives as a Markdown file with a short summary in the embed', async () => {
    behaviour = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await answerInteraction(interaction, async () => statusReply('Vision', 400));
    };
    const interaction = await invoke('amina', 'brackets diff', { document: 'Vision' });
    await interaction.response();
    const message = interaction.original();
    const embed = message?.embeds[0];
    expect(embed?.description).toMatch(
      /\*\.\.\. and \d+ more \(full report: still-bracketed-in-vision-1-june-version\.md\)\*$/,
    );
    const file = message?.attachments.find(
      (a) => a.filename === 'still-bracketed-in-vision-1-june-version.md',
    );
    expect(file).toBeDefined();
    // The bot's upload is served by the fake CDN like any Discord attachment.
    const report = await (await fetch(file?.url as string)).text();
    expect(report.match(/^- Paragraph \d+:/gm)).toHaveLength(400);
  });

  it('a follow-up carries a file, and a 429 on it is honoured: retried after Retry-After, posted once', async () => {
    const fault = fake.faults.inject({
      route: 'POST /webhooks/:application_id/:interaction_token',
      fault: { kind: 'rate-limit', retryAfterSeconds: 0.6 },
    });
    behaviour = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply(
        toInteractionMessage(
          renderDiscordReply(reply('Preview ready', { summary: 'Australian method preview below.' })),
        ),
      );
      const preview = reply('Vision draft with all bracketed text deleted', {
        attachments: [
          {
            filename: 'vision-clean-1-june.md',
            contentType: 'text/markdown',
            content: '# Vision\n\nAgreed text only.\n',
          },
        ],
      });
      await interaction.followUp(toInteractionMessage(renderDiscordReply(preview)));
    };
    const interaction = await invoke('amina', 'brackets status', { document: 'Vision' });
    const [followUp] = await interaction.waitForFollowUps(1, 10_000);
    expect(fault.hits).toBe(1);
    const attempts = fake
      .requestsTo('POST /webhooks/:application_id/:interaction_token')
      .filter((r) => r.params.interaction_token === interaction.token);
    expect(attempts.map((r) => r.status)).toEqual([429, 200]);
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(600);
    expect(interaction.followUps()).toHaveLength(1);
    const attachment = followUp?.attachments[0];
    expect(attachment?.filename).toBe('vision-clean-1-june.md');
    expect(new TextDecoder().decode(fake.fileData(attachment?.id as string))).toBe(
      '# Vision\n\nAgreed text only.\n',
    );
  });

  it('answers an autocomplete with at most 25 choices that fit Discord’s limits', async () => {
    behaviour = async (interaction) => {
      if (!interaction.isAutocomplete()) return;
      const typed = interaction.options.getFocused().toLowerCase();
      await answerAutocomplete(interaction, async () =>
        DOCUMENTS.filter((d) => d.toLowerCase().includes(typed) || typed === '').map((d) => ({
          name: d,
          value: d.slice(0, 120),
        })),
      );
    };
    const interaction = await fake.autocomplete({
      guildId: guild().id,
      channelId: general().id,
      userId: fake.user('amina').id,
      command: 'brackets status',
      options: { document: '' },
      focused: 'document',
    });
    await interaction.response();
    const choices = interaction.choices() as { name: string; value: string }[];
    expect(choices).toHaveLength(25);
    expect(choices[0]).toEqual({ name: 'Vision', value: 'Vision' });
    expect(choices.every((c) => c.name.length <= 100 && c.value.length <= 100)).toBe(true);
  });

  it('a staff member posts a draft as an attachment: the bot downloads it from the CDN', async () => {
    behaviour = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await answerInteraction(interaction, async () => {
        const attachment = interaction.options.getAttachment('file', true);
        const file = await downloadAttachment(attachment, {
          maxBytes: 1024 * 1024,
          allowedOrigins: [fake.url],
        });
        const text = new TextDecoder().decode(file.bytes);
        return reply(`Received ${file.filename}`, {
          tone: 'success',
          summary: `${file.bytes.byteLength} bytes; ${(text.match(/\[/g) ?? []).length} opening brackets.`,
        });
      });
    };
    const content = '12. [Alt 1: as appropriate] [Alt 2: in their respective roles]\n13. [US: delete] ...';
    const file = fake.uploadAttachment({ filename: 'vision-1-june.txt', contentType: 'text/plain', content });
    const interaction = await invoke('jonas', 'draft post', { file, document: 'Vision' });
    await interaction.response();
    const embed = interaction.original()?.embeds[0];
    expect(embed?.title).toBe('Received vision-1-june.txt');
    expect(embed?.description).toBe(`${Buffer.byteLength(content)} bytes; 3 opening brackets.`);
    expect(fake.cdnRequests.filter((r) => r.attachmentId === file.id)).toHaveLength(1);
  });

  it('refuses an oversized attachment before downloading it, privately, with a reference', async () => {
    behaviour = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await answerInteraction(
        interaction,
        async () => {
          const attachment = interaction.options.getAttachment('file', true);
          await downloadAttachment(attachment, { maxBytes: 20 * 1024 * 1024, allowedOrigins: [fake.url] });
          return reply('unreachable');
        },
        { correlationId: () => 'c0ffee01' },
      );
    };
    const file = fake.uploadAttachment({
      filename: 'scan.pdf',
      content: 'tiny',
      declaredSize: 31 * 1024 * 1024,
    });
    const interaction = await invoke('jonas', 'draft post', { file, document: 'Vision' });
    await interaction.response();
    const message = interaction.original();
    expect(message?.flags).toBe(64);
    expect(message?.embeds[0]?.title).toBe('File too large');
    expect(message?.embeds[0]?.description).toContain('scan.pdf is 31 MB, over the 20 MB limit.');
    expect(message?.embeds[0]?.footer?.text).toBe('Reference: c0ffee01');
    expect(fake.cdnRequests.filter((r) => r.attachmentId === file.id)).toHaveLength(0);
    // Ephemeral answers are not in the channel for others to see.
    expect(fake.channelMessages.get(general().id)).not.toContainEqual(message);
  });

  it('an unexpected failure shows a reference, never the error or its stack', async () => {
    behaviour = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await answerInteraction(
        interaction,
        async () => {
          throw new Error(`connect ECONNREFUSED /var/lib/rapporteur/db token=${fake.token}`);
        },
        { correlationId: () => 'deadbeef' },
      );
    };
    const interaction = await invoke('amina', 'brackets status', { document: 'Vision' });
    const response = await interaction.response();
    const text = JSON.stringify(response.body);
    expect(text).toContain('Reference: deadbeef');
    expect(text).not.toContain('ECONNREFUSED');
    expect(text).not.toContain(fake.token);
    expect(text).not.toMatch(/\bat \S+:\d+/);
  });

  it('a permission refusal from the core reaches the user with its hint', async () => {
    behaviour = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await answerInteraction(interaction, async () => {
        throw new RapporteurError('PERMISSION_DENIED', 'Only the chairs’ staff may post a new version.', {
          hint: 'Ask someone with the Chairs staff role, or ask an admin to run /setup staff-role.',
        });
      });
    };
    const file = fake.uploadAttachment({ filename: 'vision.txt', content: '[x]' });
    const interaction = await invoke('amina', 'draft post', { file, document: 'Vision' });
    await interaction.response();
    const embed = interaction.original()?.embeds[0];
    expect(embed?.title).toBe('Not allowed');
    expect(embed?.description).toBe(
      'Only the chairs’ staff may post a new version.\n\nAsk someone with the Chairs staff role, or ask an admin to run /setup staff-role.',
    );
  });

  it('every payload the bot sent fits Discord’s limits', () => {
    const payloads = fake.sentPayloads();
    expect(payloads.length).toBeGreaterThan(10);
    for (const { request, payload } of payloads) {
      expect({ route: request.route, problems: discordPayloadProblems(payload) }).toEqual({
        route: request.route,
        problems: [],
      });
    }
  });
});
