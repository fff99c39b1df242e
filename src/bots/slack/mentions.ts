import type { Reply } from '../../core/reply.js';
import { mapReplyText } from '../../core/reply-map.js';

/**
 * Replies name people and user groups the way the core stores them: `<@U0AMINA>`,
 * `<!subteam^S0CHAIRS>`. The renderer escapes all text, so in Slack these would show as
 * markup, never as mentions (which is right: a reply must not ping a whole group). This pass
 * turns them into the names people know, `@Amina Diallo` and `@chairs-staff`, before
 * rendering. Presentation only: ids stay ids everywhere else.
 */

const MENTION = /<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>|<!subteam\^([A-Z0-9]+)(?:\|[^<>]*)?>/g;

/** Looks names up; undefined keeps the token as it is. */
export interface MentionNames {
  user(id: string): Promise<string | undefined>;
  group(id: string): Promise<string | undefined>;
}

/** The reply with every user and group mention replaced by `@name`, when a name is known. */
export async function humanizeMentions(reply: Reply, names: MentionNames): Promise<Reply> {
  const users = new Set<string>();
  const groups = new Set<string>();
  const collect = (text: string) => {
    for (const m of text.matchAll(MENTION)) {
      if (m[1]) users.add(m[1]);
      if (m[2]) groups.add(m[2]);
    }
    return text;
  };
  mapReply(reply, collect);
  if (users.size === 0 && groups.size === 0) return reply;
  // Bounded: a reply listing a hundred staff costs at most a hundred cached lookups.
  const known = new Map<string, string>();
  await Promise.all([
    ...[...users].slice(0, 100).map(async (id) => {
      const name = await names.user(id);
      if (name) known.set(`u:${id}`, name);
    }),
    ...[...groups].slice(0, 100).map(async (id) => {
      const name = await names.group(id);
      if (name) known.set(`g:${id}`, name);
    }),
  ]);
  return mapReply(reply, (text) =>
    text.replace(MENTION, (whole, user?: string, group?: string) => {
      const name = known.get(user ? `u:${user}` : `g:${group}`);
      return name ? `@${name}` : whole;
    }),
  );
}

/** Applies `fn` to every piece of text of a reply that people read, code and link labels included. */
function mapReply(reply: Reply, fn: (text: string) => string): Reply {
  return mapReplyText(reply, { text: fn, code: fn, linkLabel: fn });
}
