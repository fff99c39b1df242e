import { LRUCache } from 'lru-cache';
import { describeArgs, type IncomingFile, parseTextArgs } from '../../core/commands/args.js';
import { type Command, invocationOf } from '../../core/commands/types.js';
import { RapporteurError } from '../../core/errors.js';
import type { Clock, Logger } from '../../core/ports/index.js';
import { type Reply, reply } from '../../core/reply.js';
import { type SlackWebClient, slackError } from './client.js';
import { downloadSlackFile } from './files.js';
import type { SlackRequestContext } from './transport.js';

/**
 * Files for Slack commands, which cannot carry one: a file typed as a link, or the newest
 * one the person shared in the channel (see commands.ts), read only when the person may hand
 * it over; and the channel membership a command that makes the channel follow a process needs.
 */

/** What reading a shared file needs. */
export interface SharedFilesContext {
  client: SlackWebClient;
  logger: Logger;
  clock: Clock;
  /** How far back a shared file is picked up. */
  windowMs: number;
  recent: RecentFiles;
  download: {
    botToken: string;
    maxFileBytes: number;
    downloadTimeoutMs: number;
    trustedOrigins?: string[] | undefined;
  };
}

export interface RecentFile {
  id: string;
  /** Seconds since the epoch. */
  at: number;
  name?: string;
  size?: number;
  mimetype?: string;
}

/** Files seen in file_shared events, newest last, per workspace, channel and person. */
export class RecentFiles {
  private readonly byKey: LRUCache<string, RecentFile[]>;

  constructor(max = 2000) {
    this.byKey = new LRUCache({ max });
  }

  add(key: string, file: RecentFile): void {
    const list = (this.byKey.get(key) ?? []).filter((f) => f.id !== file.id);
    list.push(file);
    list.sort((a, b) => a.at - b.at);
    this.byKey.set(key, list.slice(-5));
  }

  newest(key: string, since: number): RecentFile | undefined {
    const list = this.byKey.get(key);
    const found = list?.at(-1);
    return found && found.at >= since ? found : undefined;
  }
}

export const keyOf = (teamId: string, channelId: string, userId: string) =>
  `${teamId}\u0000${channelId}\u0000${userId}`;

interface FilesInfoFile {
  id?: string;
  name?: string;
  mimetype?: string;
  size?: number;
  user?: string;
  url_private?: string;
  url_private_download?: string;
  is_external?: boolean;
  mode?: string;
  channels?: string[];
  groups?: string[];
  ims?: string[];
  shares?: { public?: Record<string, unknown>; private?: Record<string, unknown> };
  created?: number;
}

/** Reads a Slack file for a command, after checking the person may hand it over. */
export function slackFile(
  ctx: SharedFilesContext,
  r: SlackRequestContext,
  id: string,
  known: { name?: string; size?: number; mimetype?: string } = {},
): IncomingFile {
  const file: IncomingFile = {
    name: known.name ?? id,
    ...(known.mimetype ? { contentType: known.mimetype } : {}),
    ...(known.size ? { size: known.size } : {}),
    async read() {
      let f: FilesInfoFile | undefined;
      try {
        f = (await ctx.client.files.info({ file: id })).file as FilesInfoFile | undefined;
      } catch (err) {
        const e = slackError(err, { action: 'reading the shared file', method: 'files.info' });
        if (e.code === 'NOT_FOUND') {
          throw new RapporteurError('NOT_FOUND', `Slack has no file ${id} that I can see.`, {
            hint: 'Share the file in this channel (invite me first with /invite @Rapporteur if I am not here), then run the command again.',
          });
        }
        throw e;
      }
      if (!f) throw new RapporteurError('NOT_FOUND', `Slack has no file ${id} that I can see.`);
      // The command reads the name and type after read(): they are Slack's, not a guess.
      if (f.name) file.name = f.name;
      if (f.mimetype) file.contentType = f.mimetype;
      const name = file.name;
      if (f.user !== r.userId && !sharedIn(f, r.channelId)) {
        throw new RapporteurError(
          'PERMISSION_DENIED',
          `${name} was shared by someone else, and not in this channel.`,
          { hint: 'Use a file you shared yourself, or one shared in this channel.' },
        );
      }
      const url = f.url_private_download ?? f.url_private;
      if (f.is_external || f.mode === 'external' || !url) {
        throw new RapporteurError('UNSUPPORTED_TYPE', `${name} is a link to a file kept outside Slack.`, {
          hint: 'Download it and upload the file itself to Slack, then run the command again.',
        });
      }
      const got = await downloadSlackFile(
        {
          id,
          name,
          url,
          ...(f.mimetype ? { mimetype: f.mimetype } : {}),
          ...(f.size ? { size: f.size } : {}),
        },
        {
          token: ctx.download.botToken,
          maxBytes: ctx.download.maxFileBytes,
          timeoutMs: ctx.download.downloadTimeoutMs,
          ...(ctx.download.trustedOrigins ? { trustedOrigins: ctx.download.trustedOrigins } : {}),
        },
      );
      file.contentType = got.contentType;
      return got.bytes;
    },
  };
  return file;
}

/**
 * The newest file the person shared in the channel within the window, if any: the newest
 * of what files.list says and what this process saw in file_shared events (files.list is
 * the truth across processes; the events cover a listing that lags or fails).
 */
export async function recentFile(
  ctx: SharedFilesContext,
  r: SlackRequestContext,
): Promise<RecentFile | undefined> {
  const since = Math.floor((ctx.clock.now().getTime() - ctx.windowMs) / 1000);
  const seen = ctx.recent.newest(keyOf(r.teamId, r.channelId, r.userId), since);
  let listed: RecentFile | undefined;
  try {
    const res = await ctx.client.files.list({
      channel: r.channelId,
      user: r.userId,
      ts_from: String(since),
      count: 5,
    });
    const newest = ((res.files ?? []) as FilesInfoFile[])
      .filter((f) => f.id && !f.is_external && f.mode !== 'external')
      .sort((a, b) => (b.created ?? 0) - (a.created ?? 0))[0];
    if (newest?.id) {
      listed = {
        id: newest.id,
        at: newest.created ?? since,
        ...(newest.name ? { name: newest.name } : {}),
        ...(newest.size ? { size: newest.size } : {}),
        ...(newest.mimetype ? { mimetype: newest.mimetype } : {}),
      };
    }
  } catch (err) {
    const e = slackError(err, { action: 'looking for a recently shared file', method: 'files.list' });
    ctx.logger.warn(
      { request: r.requestId, code: e.code, slackError: e.details?.slackError },
      'files.list failed',
    );
  }
  if (!seen) return listed;
  if (!listed) return seen;
  return seen.at > listed.at ? seen : listed;
}

/**
 * Whether the command should get a recently shared file: it has a file argument, nothing
 * was typed for it, and it is required or nothing else was typed for the positionals.
 */
export function wantsSharedFile(
  command: Command,
  words: string[],
  resolveFile: (w: string) => IncomingFile,
): boolean {
  const args = describeArgs(command.args);
  const file = args.find((a) => a.kind === 'file');
  if (!file) return false;
  let raw: Record<string, unknown>;
  try {
    raw = parseTextArgs(words, args, { invocation: invocationOf(command), resolveFile });
  } catch {
    // The registry will explain what is wrong with the text; no file is needed for that.
    return false;
  }
  if (raw[file.name] !== undefined) return false;
  if (file.required) return true;
  return args
    .filter((a) => a.meta.positional !== undefined && a.kind !== 'file')
    .every((a) => raw[a.name] === undefined);
}

export function noFileReply(command: Command, rest: string, windowMs: number): Reply {
  const invocation = `${invocationOf(command)}${rest ? ` ${rest}` : ''}`;
  return reply('Share the file first', {
    tone: 'warning',
    summary: `Slack commands cannot carry files, so I use the file you shared in this channel in the last ${Math.round(windowMs / 60_000)} minutes, and I found none.`,
    sections: [
      {
        heading: 'Do one of these',
        items: [
          ['Drag the file into this channel and send it, then run ', { code: invocation }, ' again.'],
          [
            'Or paste the file’s link (More actions → Copy link) right after the command: ',
            { code: `${invocationOf(command)} https://…/files/… ${rest}`.trim() },
          ],
          'If you did share it here, invite me first (/invite @Rapporteur): I only see files in channels I am in.',
        ],
      },
    ],
    ephemeral: true,
  });
}

/** When a command makes this channel follow a process: make sure alerts can be posted here (join, or say how). */
export async function membershipNote(
  client: SlackWebClient,
  logger: Logger,
  r: SlackRequestContext,
): Promise<string | undefined> {
  try {
    const info = (await client.conversations.info({ channel: r.channelId })).channel as
      | { is_member?: boolean; is_private?: boolean; is_im?: boolean; is_mpim?: boolean }
      | undefined;
    if (info?.is_member || info?.is_im) return undefined;
    if (!info?.is_private && !info?.is_mpim) {
      await client.conversations.join({ channel: r.channelId });
      logger.info({ request: r.requestId }, 'joined the channel to post alerts');
      return 'I joined this channel so I can post alerts and reminders here.';
    }
  } catch (err) {
    const e = slackError(err, { action: 'checking channel membership' });
    logger.info(
      { request: r.requestId, code: e.code, slackError: e.details?.slackError },
      'membership unknown',
    );
  }
  return 'Invite me to this channel (/invite @Rapporteur), or alerts and reminders cannot be posted here.';
}

/** Whether files.info says the file is shared in `channelId`. */
function sharedIn(f: FilesInfoFile, channelId: string): boolean {
  if (f.channels?.includes(channelId) || f.groups?.includes(channelId) || f.ims?.includes(channelId))
    return true;
  return Boolean(f.shares?.public?.[channelId] ?? f.shares?.private?.[channelId]);
}
