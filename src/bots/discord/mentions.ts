import type { Guild } from 'discord.js';
import type { Reply } from '../../core/reply.js';
import { mapReplyText } from '../../core/reply-map.js';

/**
 * Replies name roles, people and channels the way Discord writes them (`<@&id>`, `<@id>`,
 * `<#id>`). The renderer shows document text literally, so such a token would reach the
 * reader as digits (and embed titles never render mentions at all). Before rendering, the
 * bot replaces each token it can resolve with the name the server uses: "@Chairs staff",
 * "@Jonas", "#vision-draft". Unknown ids stay as they are.
 */

/** Looks up names; undefined when the id is unknown here. */
export interface MentionNames {
  role(id: string): string | undefined;
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
}

const MENTION = /<(@&|@!?|#)(\d{15,25})>/g;

/** Names from a server's caches (roles and channels arrive with the Guilds intent). */
export function guildMentionNames(guild: Guild | null | undefined): MentionNames {
  return {
    role: (id) => guild?.roles.cache.get(id)?.name,
    user: (id) => {
      const member = guild?.members.cache.get(id);
      return member?.displayName ?? guild?.client.users.cache.get(id)?.displayName;
    },
    channel: (id) => guild?.channels.cache.get(id)?.name,
  };
}

function nameText(text: string, names: MentionNames): string {
  if (!text.includes('<')) return text;
  return text.replace(MENTION, (token, kind: string, id: string) => {
    const name = kind === '#' ? names.channel(id) : kind === '@&' ? names.role(id) : names.user(id);
    if (name === undefined || name.trim() === '') return token;
    return `${kind === '#' ? '#' : '@'}${name}`;
  });
}

/** The reply with every resolvable mention token replaced by its name. Attachments are left alone. */
export function nameMentions(reply: Reply, names: MentionNames): Reply {
  return mapReplyText(reply, { text: (text) => nameText(text, names) });
}
