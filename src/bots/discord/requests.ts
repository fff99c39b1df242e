import {
  type Attachment,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  PermissionFlagsBits,
} from 'discord.js';
import type { Actor, Scope } from '../../core/app/context.js';
import type { IncomingFile } from '../../core/commands/args.js';
import { type AttachmentRef, downloadAttachment } from './attachments.js';
import type { SlashRoute } from './commands.js';

/**
 * Platform facts of an interaction, translated for the core: where it came from (Scope),
 * who asked (Actor), and the typed options as the raw argument record the registry
 * validates. Only facts are read here; what the person may do is decided by the use cases.
 */

/** An interaction in a server (DMs are answered before translation). */
type GuildInteraction = ChatInputCommandInteraction | AutocompleteInteraction;

/** The server and channel of an interaction. */
export function scopeOf(interaction: GuildInteraction): Scope | undefined {
  const guildId = interaction.guildId;
  if (!guildId) return undefined;
  const channel = interaction.channel;
  const channelName =
    channel && 'name' in channel && typeof channel.name === 'string' ? channel.name : undefined;
  return {
    platform: 'discord',
    tenantExternalId: guildId,
    // Servers are cached from the gateway (Guilds intent); an app added without its bot user
    // has no cached server, and the id stands in for the name.
    tenantName: interaction.guild?.name ?? `Discord server ${guildId}`,
    ...(interaction.channelId ? { channelId: interaction.channelId } : {}),
    ...(channelName ? { channelName } : {}),
  };
}

/**
 * Who asked: the member's roles (without @everyone, which every member holds) and whether
 * Discord says they administer the server (Manage Server, or Administrator, which implies it).
 */
export function actorOf(interaction: GuildInteraction): Actor {
  const member = interaction.member;
  let roles: string[] = [];
  let displayName: string = interaction.user.displayName;
  if (member) {
    if (Array.isArray(member.roles)) roles = [...member.roles];
    else if ('cache' in member.roles) roles = [...member.roles.cache.keys()];
    if ('displayName' in member && typeof member.displayName === 'string') displayName = member.displayName;
    else if ('nick' in member && typeof member.nick === 'string' && member.nick) displayName = member.nick;
  }
  const isAdmin =
    interaction.memberPermissions?.any([
      PermissionFlagsBits.ManageGuild,
      PermissionFlagsBits.Administrator,
    ]) ?? false;
  return {
    userId: interaction.user.id,
    displayName,
    platformRoleIds: roles.filter((id) => id !== interaction.guildId),
    isAdmin,
  };
}

/** What reading an attached file needs from the bot. */
export interface FileReading {
  /** RAPPORTEUR_MAX_FILE_MB in bytes. */
  maxBytes: number;
  /** Origins attachment URLs may point to. */
  allowedOrigins: readonly string[];
  /** Cancels downloads when the bot stops. */
  signal?: AbortSignal;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * A file attached to a command option. Nothing is downloaded until the command reads it;
 * then the declared size is checked against the limit before a byte moves, and the bytes are
 * fetched at once (attachment links expire). Reading twice downloads once.
 */
export function incomingFile(
  attachment: AttachmentRef & { name: string },
  reading: FileReading,
): IncomingFile {
  let pending: Promise<Uint8Array> | undefined;
  return {
    name: attachment.name,
    size: attachment.size,
    ...(attachment.contentType ? { contentType: attachment.contentType } : {}),
    read() {
      pending ??= downloadAttachment(attachment, {
        maxBytes: reading.maxBytes,
        allowedOrigins: reading.allowedOrigins,
        ...(reading.signal ? { signal: reading.signal } : {}),
        ...(reading.timeoutMs ? { timeoutMs: reading.timeoutMs } : {}),
        ...(reading.fetch ? { fetch: reading.fetch } : {}),
      }).then((file) => file.bytes);
      return pending;
    },
  };
}

/** The options under the subcommand (Discord nests them one level down). */
export function leafOptions(
  options: readonly CommandInteractionOption[],
): readonly CommandInteractionOption[] {
  const [first] = options;
  if (first && (first.type === 1 || first.type === 2) && options.length === 1) {
    return leafOptions(first.options ?? []);
  }
  return options;
}

/**
 * The raw argument record for the registry: option values under their argument names,
 * attachments as {@link IncomingFile}s. Options the route does not know (a definition newer
 * or older than this process) pass under their own name; the command's schema drops them.
 */
export function rawArgsOf(
  route: SlashRoute,
  options: readonly CommandInteractionOption[],
  reading: FileReading,
  skip?: string,
): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const option of leafOptions(options)) {
    if (option.name === skip) continue;
    const name = route.options.get(option.name)?.arg.name ?? option.name;
    if (option.attachment) {
      raw[name] = incomingFile(attachmentRef(option.attachment), reading);
    } else if (option.value !== undefined && option.value !== null) {
      raw[name] = option.value;
    }
  }
  return raw;
}

function attachmentRef(attachment: Attachment): AttachmentRef & { name: string } {
  return {
    url: attachment.url,
    size: attachment.size,
    name: attachment.name,
    contentType: attachment.contentType,
  };
}
