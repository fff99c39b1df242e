import { randomBytes } from 'node:crypto';
import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type CloseEvent,
  Events,
} from 'discord.js';
import type { AppDeps } from '../../core/app/context.js';
import { autocomplete } from '../../core/commands/autocomplete.js';
import { runCommand } from '../../core/commands/run.js';
import type { Logger } from '../../core/ports/index.js';
import { type Reply, reply } from '../../core/reply.js';
import type { SlashCommandSet } from './commands.js';
import { answerAutocomplete, answerInteraction, type Choice } from './interactions.js';
import { guildMentionNames, nameMentions } from './mentions.js';
import { actorOf, type FileReading, leafOptions, rawArgsOf, scopeOf } from './requests.js';

/**
 * The bot's listeners, one function each: a slash command, an autocomplete request, and the
 * client's connection events (logged). They get what they use in a small context.
 */

/** What the listeners use of the bot. */
export interface ListenerContext {
  slash: SlashCommandSet;
  deps: AppDeps;
  reading: FileReading;
  logger: Logger;
  /** Defer a command's answer once it has run this long. */
  deferAfterMs: number;
}

const newRequestId = () => randomBytes(4).toString('hex');

/** The answer to a command run in a direct message. */
export function directMessageReply(): Reply {
  return reply('Use Rapporteur in a server channel', {
    summary:
      'Rapporteur answers in the channels of a Discord server that follows a negotiation, so everyone there sees the same drafts, brackets and meetings.',
    sections: [
      {
        body: 'Run the command in a channel of a server where Rapporteur is installed. Personal reminders still reach you here once you turn them on there with `/rapporteur reminders on`.',
      },
    ],
    ephemeral: true,
  });
}

/** The answer to a command this process does not know (definitions deployed from another version). */
export function unknownCommandReply(invocation: string): Reply {
  return reply('This command is out of date', {
    tone: 'warning',
    summary: `Rapporteur does not know \`${invocation}\` any more.`,
    sections: [
      {
        body: 'An administrator of the bot should run `rapporteur discord deploy-commands` to refresh the command list. `/rapporteur help` lists what works now.',
      },
    ],
    ephemeral: true,
  });
}

export function stoppingReply(): Reply {
  return reply('Rapporteur is restarting', {
    tone: 'warning',
    summary: 'It will be back in a moment; please run the command again shortly.',
    ephemeral: true,
  });
}

export async function onCommand(
  ctx: ListenerContext,
  interaction: ChatInputCommandInteraction,
): Promise<void> {
  const { slash, logger, reading, deferAfterMs } = ctx;
  const subcommand = interaction.options.getSubcommand(false);
  const invocation = `/${interaction.commandName}${subcommand ? ` ${subcommand}` : ''}`;
  const route = slash.route(interaction.commandName, subcommand);
  const context = {
    command: invocation,
    guildId: interaction.guildId ?? undefined,
    interactionId: interaction.id,
  };
  const scope = scopeOf(interaction);
  if (!route || !scope) {
    logger.info(context, route ? 'command outside a server' : 'unknown command');
    await answerInteraction(
      interaction,
      async () => (route ? directMessageReply() : unknownCommandReply(invocation)),
      { logger, context },
    );
    return;
  }
  const requestId = newRequestId();
  const deps = ctx.deps;
  await answerInteraction(
    interaction,
    async () =>
      nameMentions(
        await runCommand(
          route.command,
          { deps, scope, actor: actorOf(interaction), requestId },
          rawArgsOf(route, interaction.options.data, reading),
        ),
        guildMentionNames(interaction.guild),
      ),
    {
      // A slow command (downloads, parsing) defers at once; others only if they run long.
      deferAfterMs: route.command.slow ? 0 : deferAfterMs,
      correlationId: () => requestId,
      logger,
      context,
      render: { now: deps.clock.now() },
    },
  );
}

export async function onAutocomplete(
  ctx: ListenerContext,
  interaction: AutocompleteInteraction,
): Promise<void> {
  const { slash, logger, reading } = ctx;
  await answerAutocomplete(
    interaction,
    async (): Promise<Choice[]> => {
      const route = slash.route(interaction.commandName, interaction.options.getSubcommand(false));
      const scope = scopeOf(interaction);
      const focused = interaction.options.getFocused(true);
      const option = route?.options.get(focused.name);
      if (!route || !scope || !option) return [];
      const typed = String(focused.value ?? '');
      if (option.localChoices) {
        const q = typed.trim().toLowerCase();
        return option.localChoices
          .filter((c) => c.trim() !== '' && (q === '' || c.toLowerCase().includes(q)))
          .map((c) => ({ name: c, value: c }));
      }
      const source = option.arg.meta.autocomplete;
      if (!source) return [];
      const others = rawArgsOf(route, leafOptions(interaction.options.data), reading, focused.name);
      return autocomplete(ctx.deps, scope, source, typed, others);
    },
    { logger },
  );
}

/** Logs the client's errors and the gateway's connection changes. */
export function logClientEvents(client: Client, logger: Logger, stopping: () => boolean): void {
  client.on(Events.Error, (error) => {
    logger.error({ err: describeError(error) }, 'Discord client error');
  });
  client.on(Events.Warn, (message) => logger.warn({ message }, 'Discord client warning'));
  client.on(Events.ShardError, (error, shardId) => {
    logger.warn({ shardId, err: describeError(error) }, 'gateway connection error; discord.js reconnects');
  });
  client.on(Events.ShardReconnecting, (shardId) => logger.info({ shardId }, 'gateway reconnecting'));
  client.on(Events.ShardResume, (shardId, replayed) => logger.info({ shardId, replayed }, 'gateway resumed'));
  client.on(Events.ShardReady, (shardId) => logger.info({ shardId }, 'gateway ready'));
  client.on(Events.ShardDisconnect, (event: CloseEvent, shardId) => {
    // Only unrecoverable closes arrive here (bad token, disallowed intents): discord.js gives up.
    if (stopping()) return;
    logger.error(
      { shardId, code: event.code, hint: closeHint(event.code) },
      'gateway closed for good; Rapporteur no longer receives commands',
    );
  });
  client.on(Events.Invalidated, () => logger.error({}, 'gateway session invalidated'));
}

export function closeHint(code: number): string {
  switch (code) {
    case 4004:
      return 'The token was rejected: set DISCORD_TOKEN to the bot token (Developer Portal > Bot > Reset Token).';
    case 4013:
    case 4014:
      return 'Rapporteur only asks for the Guilds intent; check that this is the right application and token.';
    case 4010:
    case 4011:
      return 'The application is in too many servers for one connection (sharding is needed).';
    default:
      return 'Check the network and the bot token, then restart Rapporteur.';
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
