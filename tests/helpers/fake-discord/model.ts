import type {
  APIAttachment,
  APIChannel,
  APIGuildMember,
  APIInteractionGuildMember,
  APIRole,
  APIUser,
} from 'discord.js';
import { snowflake } from './snowflake.js';

/**
 * The small world the fake serves: users, guilds with channels, roles and members. Tests
 * describe it with plain specs; the builders turn it into the API objects discord.js
 * expects on the wire.
 */

export interface FakeUserSpec {
  id?: string;
  username: string;
  globalName?: string;
}

export interface FakeRoleSpec {
  id?: string;
  name: string;
  /** Permission bits as a decimal string; defaults to none. */
  permissions?: string;
}

/** Whether the bot may use a channel; real Discord answers 50001 / 50013 otherwise. */
export type ChannelAccess = 'ok' | 'no-view' | 'no-send';

export interface FakeChannelSpec {
  id?: string;
  name: string;
  /** 0 = text (default), 2 = voice, 4 = category, 5 = announcement. */
  type?: number;
  access?: ChannelAccess;
}

export interface FakeMemberSpec {
  /** A user id from the fake's users. */
  userId: string;
  /** Role ids from this guild. */
  roles?: string[];
  nick?: string;
}

export interface FakeGuildSpec {
  id?: string;
  name: string;
  channels?: FakeChannelSpec[];
  roles?: FakeRoleSpec[];
  members?: FakeMemberSpec[];
  /** Upload limit for this guild's interactions (`attachment_size_limit`); 10 MiB by default. */
  uploadLimitBytes?: number;
}

export interface FakeUser {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
}

export interface FakeRole {
  id: string;
  name: string;
  permissions: string;
  position: number;
}

export interface FakeChannel {
  id: string;
  guildId: string;
  name: string;
  type: number;
  access: ChannelAccess;
  deleted: boolean;
}

export interface FakeMember {
  userId: string;
  roles: string[];
  nick: string | null;
  joinedAt: string;
}

export interface FakeGuild {
  id: string;
  name: string;
  channels: FakeChannel[];
  /** The first role is @everyone, whose id is the guild's. */
  roles: FakeRole[];
  members: FakeMember[];
  uploadLimitBytes: number;
  /** The bot was removed (kicked) from the guild. */
  botRemoved: boolean;
}

/** Permission bits, as Discord numbers them. */
export const PERMISSIONS = {
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  attachFiles: 1n << 15n,
  readMessageHistory: 1n << 16n,
  useApplicationCommands: 1n << 31n,
  administrator: 1n << 3n,
  manageGuild: 1n << 5n,
} as const;

/** What @everyone may do in a fresh guild (enough to use slash commands). */
export const EVERYONE_PERMISSIONS =
  PERMISSIONS.viewChannel |
  PERMISSIONS.sendMessages |
  PERMISSIONS.embedLinks |
  PERMISSIONS.attachFiles |
  PERMISSIONS.readMessageHistory |
  PERMISSIONS.useApplicationCommands;

export function makeUser(spec: FakeUserSpec, bot = false): FakeUser {
  return { id: spec.id ?? snowflake(), username: spec.username, globalName: spec.globalName ?? null, bot };
}

export function makeGuild(spec: FakeGuildSpec, botUserId: string, uploadLimitBytes: number): FakeGuild {
  const id = spec.id ?? snowflake();
  const joinedAt = new Date(Date.UTC(2013, 9, 7, 9)).toISOString();
  const roles: FakeRole[] = [
    { id, name: '@everyone', permissions: EVERYONE_PERMISSIONS.toString(), position: 0 },
    ...(spec.roles ?? []).map((r, i) => ({
      id: r.id ?? snowflake(),
      name: r.name,
      permissions: r.permissions ?? '0',
      position: i + 1,
    })),
  ];
  const members: FakeMember[] = (spec.members ?? []).map((m) => ({
    userId: m.userId,
    roles: m.roles ?? [],
    nick: m.nick ?? null,
    joinedAt,
  }));
  if (!members.some((m) => m.userId === botUserId)) {
    members.push({ userId: botUserId, roles: [], nick: null, joinedAt });
  }
  return {
    id,
    name: spec.name,
    channels: (spec.channels ?? [{ name: 'general' }]).map((c) => ({
      id: c.id ?? snowflake(),
      guildId: id,
      name: c.name,
      type: c.type ?? 0,
      access: c.access ?? 'ok',
      deleted: false,
    })),
    roles,
    members,
    uploadLimitBytes: spec.uploadLimitBytes ?? uploadLimitBytes,
    botRemoved: false,
  };
}

export function apiUser(user: FakeUser): APIUser {
  return {
    id: user.id,
    username: user.username,
    global_name: user.globalName,
    discriminator: '0',
    avatar: null,
    ...(user.bot ? { bot: true } : {}),
  };
}

export function apiRole(role: FakeRole): APIRole {
  return {
    id: role.id,
    name: role.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions,
    managed: false,
    mentionable: false,
    flags: 0 as APIRole['flags'],
  };
}

export function apiChannel(channel: FakeChannel, position = 0): APIChannel {
  return {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: channel.name,
    position,
    permission_overwrites: [],
    parent_id: null,
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
  } as APIChannel;
}

/** The permissions a member has in the guild (roles OR'd, administrator means all). */
export function memberPermissions(guild: FakeGuild, member: FakeMember): bigint {
  let bits = BigInt(guild.roles[0]?.permissions ?? '0');
  for (const roleId of member.roles) {
    const role = guild.roles.find((r) => r.id === roleId);
    if (role) bits |= BigInt(role.permissions);
  }
  return (bits & PERMISSIONS.administrator) !== 0n ? (1n << 53n) - 1n : bits;
}

export function apiMember(member: FakeMember, user: FakeUser): APIGuildMember {
  return {
    user: apiUser(user),
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: member.roles,
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  } as unknown as APIGuildMember;
}

export function apiInteractionMember(
  guild: FakeGuild,
  member: FakeMember,
  user: FakeUser,
): APIInteractionGuildMember {
  return {
    ...apiMember(member, user),
    permissions: memberPermissions(guild, member).toString(),
  } as APIInteractionGuildMember;
}

/** A guild as GUILD_CREATE carries it, with channels, roles and members. */
export function apiGuildCreate(guild: FakeGuild, users: Map<string, FakeUser>, ownerId: string): unknown {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: guild.roles.map(apiRole),
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    stickers: [],
    joined_at: guild.members[0]?.joinedAt ?? new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: guild.members.length,
    voice_states: [],
    members: guild.members.flatMap((m) => {
      const user = users.get(m.userId);
      return user ? [apiMember(m, user)] : [];
    }),
    channels: guild.channels.filter((c) => !c.deleted).map((c, i) => apiChannel(c, i)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** An attachment object as messages and `resolved.attachments` carry it. */
export function apiAttachment(a: {
  id: string;
  filename: string;
  size: number;
  url: string;
  contentType?: string;
  description?: string;
  ephemeral?: boolean;
}): APIAttachment {
  return {
    id: a.id,
    filename: a.filename,
    size: a.size,
    url: a.url,
    proxy_url: a.url,
    ...(a.contentType === undefined ? {} : { content_type: a.contentType }),
    ...(a.description === undefined ? {} : { description: a.description }),
    ...(a.ephemeral ? { ephemeral: true } : {}),
  };
}
