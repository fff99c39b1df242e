import type { Guild } from 'discord.js';
import type { Inline, Reply, ReplySection, RichText } from '../../core/reply.js';

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

function nameInline(piece: Inline, names: MentionNames): Inline {
  if (typeof piece === 'string') return nameText(piece, names);
  if ('strong' in piece) return { strong: nameText(piece.strong, names) };
  if ('em' in piece) return { em: nameText(piece.em, names) };
  return piece;
}

function nameRich(text: RichText, names: MentionNames): RichText {
  return typeof text === 'string' ? nameText(text, names) : text.map((p) => nameInline(p, names));
}

function nameSection(section: ReplySection, names: MentionNames): ReplySection {
  const out: ReplySection = { ...section };
  if (section.heading !== undefined) out.heading = nameText(section.heading, names);
  if (section.body !== undefined) out.body = nameRich(section.body, names);
  if (section.items) out.items = section.items.map((i) => nameRich(i, names));
  if (section.fields) {
    out.fields = section.fields.map((f) => ({
      ...f,
      name: nameText(f.name, names),
      value: nameRich(f.value, names),
    }));
  }
  if (section.table) {
    out.table = {
      columns: section.table.columns.map((c) => nameText(c, names)),
      rows: section.table.rows.map((row) => row.map((cell) => nameRich(cell, names))),
    };
  }
  if (section.columns) {
    out.columns = section.columns.map((c) => ({
      heading: nameText(c.heading, names),
      items: c.items.map((i) => nameRich(i, names)),
    }));
  }
  return out;
}

/** The reply with every resolvable mention token replaced by its name. Attachments are left alone. */
export function nameMentions(reply: Reply, names: MentionNames): Reply {
  return {
    ...reply,
    title: nameText(reply.title, names),
    ...(reply.summary === undefined ? {} : { summary: nameRich(reply.summary, names) }),
    sections: reply.sections.map((s) => nameSection(s, names)),
    ...(reply.footer === undefined ? {} : { footer: nameText(reply.footer, names) }),
  };
}
