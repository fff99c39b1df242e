import {
  type APIApplicationCommand,
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  PermissionFlagsBits,
  type REST,
  Routes,
} from 'discord.js';
import { RapporteurError } from '../../core/errors.js';
import type { SlashCommandDefinition } from './commands.js';
import { classifyDiscordError } from './transport.js';

/**
 * Registering the slash commands (a separate step from running the bot, as Discord
 * recommends: definitions change with releases, not with every start) and the link that
 * adds the bot to a server.
 */

/**
 * What the bot needs in a channel: see it, post alerts and replies with embeds and the
 * attached reports, and post in threads (a thread can subscribe like any channel).
 */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles;

/** The OAuth2 scopes of the invite: the bot user, and the slash commands. */
export const INVITE_SCOPES = ['bot', 'applications.commands'] as const;

const SNOWFLAKE = /^\d{17,20}$/;

/** The link a server administrator opens to add Rapporteur with the permissions it needs. */
export function inviteUrl(applicationId: string, options: { guildId?: string } = {}): string {
  if (!SNOWFLAKE.test(applicationId)) {
    throw new RapporteurError('INVALID_ARGUMENT', `"${applicationId}" is not a Discord application id.`, {
      hint: 'Copy the Application ID from the Developer Portal (General Information).',
    });
  }
  const params = new URLSearchParams({
    client_id: applicationId,
    scope: INVITE_SCOPES.join(' '),
    permissions: BOT_PERMISSIONS.toString(),
    integration_type: '0',
  });
  if (options.guildId !== undefined) {
    checkGuildId(options.guildId);
    params.set('guild_id', options.guildId);
    params.set('disable_guild_select', 'true');
  }
  return `https://discord.com/oauth2/authorize?${params.toString()}`;
}

function checkGuildId(guildId: string): void {
  if (!SNOWFLAKE.test(guildId)) {
    throw new RapporteurError('INVALID_ARGUMENT', `"${guildId}" is not a Discord server id.`, {
      hint: 'Server ids are 17-20 digits: turn on Developer Mode, right-click the server, Copy Server ID.',
    });
  }
}

/** What was registered, as Discord answered. */
export interface DeployResult {
  scope: { kind: 'global' } | { kind: 'guild'; guildId: string };
  commands: { id: string; name: string; subcommands: string[] }[];
}

/**
 * Registers the definitions with one bulk overwrite: globally, or in one server (instant,
 * for trying out a release). Commands of this application not in the list are removed from
 * that scope, which is what makes a renamed command disappear.
 */
export async function deployCommands(options: {
  rest: REST;
  applicationId: string;
  definitions: readonly SlashCommandDefinition[];
  guildId?: string;
}): Promise<DeployResult> {
  const { rest, applicationId, definitions, guildId } = options;
  if (guildId !== undefined) checkGuildId(guildId);
  const route =
    guildId === undefined
      ? Routes.applicationCommands(applicationId)
      : Routes.applicationGuildCommands(applicationId, guildId);
  let saved: APIApplicationCommand[];
  try {
    saved = (await rest.put(route, { body: definitions })) as APIApplicationCommand[];
  } catch (error) {
    const failure = classifyDiscordError(error, {
      action:
        guildId === undefined ? 'registering the commands' : `registering the commands in server ${guildId}`,
    });
    if (failure.code === 'PERMISSION_DENIED' || failure.code === 'NOT_FOUND') {
      throw new RapporteurError(failure.code, failure.message, {
        hint:
          guildId === undefined
            ? 'Check DISCORD_APPLICATION_ID: it must be the application the token belongs to.'
            : 'Add the bot to that server first (`rapporteur discord invite-url`), with the applications.commands scope, and check the server id.',
        ...(failure.details ? { details: failure.details } : {}),
        cause: failure,
      });
    }
    throw failure;
  }
  return {
    scope: guildId === undefined ? { kind: 'global' } : { kind: 'guild', guildId },
    commands: saved.map((c) => ({
      id: c.id,
      name: c.name,
      subcommands: (c.options ?? [])
        .filter((o: APIApplicationCommandOption) => o.type === ApplicationCommandOptionType.Subcommand)
        .map((o) => o.name),
    })),
  };
}
