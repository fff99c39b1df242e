import { LRUCache } from 'lru-cache';
import type { Actor, AppDeps, Scope } from '../../core/app/context.js';
import { describeArgs, type IncomingFile, parseTextArgs, tokenize } from '../../core/commands/args.js';
import { COMMANDS, canonicalCommandLine, runTextCommand } from '../../core/commands/index.js';
import {
  type ChannelPresence,
  type Command,
  type CommandContext,
  invocationOf,
} from '../../core/commands/types.js';
import { RapporteurError } from '../../core/errors.js';
import { type Clock, type Logger, systemClock } from '../../core/ports/index.js';
import { type Reply, reply } from '../../core/reply.js';
import { type SlackWebClient, slackError } from './client.js';
import { fileIdOf, normalizeCommandText } from './command-text.js';
import type { SlackDirectory } from './directory.js';
import { downloadSlackFile } from './files.js';
import { humanizeMentions } from './mentions.js';
import type {
  SlackActionRequest,
  SlackCommandRequest,
  SlackRequestContext,
  SlackSharedFile,
  SlackTransportHandlers,
} from './transport.js';

/**
 * The Slack side of the command registry: a slash command's text becomes a registry command
 * run with `runTextCommand`, a button's command is run the same way, and the platform facts
 * of each request become the core's Scope and Actor. Nothing here decides who may do what:
 * the Actor carries what Slack says (workspace admin, user groups) and the use cases judge.
 *
 * Files. A slash command cannot carry a file, so a file argument (the draft of `/draft post`,
 * the invitation of `/meetings announce`) is found this way:
 * 1. a file link or id typed in its place (`/draft post https://…/files/U…/F…/vision.docx …`);
 * 2. otherwise the newest file the same person shared in the same channel in the last
 *    `recentFileWindowMs` (15 minutes), as files.list reports it (so it works whichever
 *    process got the file_shared event, and before the event arrives), or as the file_shared
 *    events this process saw say, when they know of a newer one or files.list fails. An optional file argument is filled this way only when nothing else
 *    was typed for the command's positional arguments.
 * A file is read only if the person shared it themselves or it is shared in the channel the
 * command runs in, so nobody can pull a file from a channel they are not in by guessing its
 * id. The bytes come with the bot token, under the size limit (checked against Slack's size
 * before the download and again while it streams), and an HTML sign-in page is refused.
 */

export interface SlackCommandsOptions {
  deps: AppDeps;
  /** The registry; default COMMANDS. */
  commands?: readonly Command[];
  client: SlackWebClient;
  directory: SlackDirectory;
  logger: Logger;
  clock?: Clock;
  /** For downloads of shared files. */
  botToken: string;
  /** Origins besides Slack's own that may receive the token (the SLACK_API_URL origin). */
  trustedOrigins?: string[];
  maxFileBytes: number;
  downloadTimeoutMs: number;
  /** How far back a shared file is picked up by a command. Default 15 minutes. */
  recentFileWindowMs?: number;
  /** The workspace the bot token belongs to (from auth.test), for tenant names. */
  workspace?: () => { teamId?: string; name?: string } | undefined;
}

/** The handlers for createSlackTransport, plus what tests and operators may want to see. */
export interface SlackCommandHandlers
  extends Required<Pick<SlackTransportHandlers, 'ackText' | 'action' | 'fileShared'>> {
  command(request: SlackCommandRequest): Promise<Reply>;
}

/** Default window in which a shared file is picked up by the next command. */
export const RECENT_FILE_WINDOW_MS = 15 * 60_000;

interface RecentFile {
  id: string;
  /** Seconds since the epoch. */
  at: number;
  name?: string;
  size?: number;
  mimetype?: string;
}

/** Files seen in file_shared events, newest last, per workspace, channel and person. */
class RecentFiles {
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

const keyOf = (teamId: string, channelId: string, userId: string) =>
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

/** Builds the handlers that connect Slack requests to the registry. */
export function createSlackCommandHandlers(options: SlackCommandsOptions): SlackCommandHandlers {
  const commands = options.commands ?? COMMANDS;
  const { client, directory, deps } = options;
  const logger = options.logger.child({ component: 'slack-commands' });
  const clock = options.clock ?? systemClock;
  const windowMs = options.recentFileWindowMs ?? RECENT_FILE_WINDOW_MS;
  const recent = new RecentFiles();

  const findCommand = (group: string, name: string | undefined) =>
    name === undefined ? undefined : commands.find((c) => c.group === group && c.name === name.toLowerCase());

  function scopeOf(r: SlackRequestContext & { teamDomain?: string; enterpriseName?: string }): Scope {
    const org = r.isEnterpriseInstall && r.enterpriseId ? r.enterpriseId : undefined;
    const workspace = options.workspace?.();
    const workspaceName =
      workspace?.teamId === r.teamId && workspace.name ? workspace.name : (r.teamDomain ?? r.teamId);
    return {
      platform: 'slack',
      tenantExternalId: org ?? r.teamId,
      tenantName: org ? (r.enterpriseName ?? org) : workspaceName,
      channelId: r.channelId,
      ...(r.channelName ? { channelName: r.channelName } : {}),
    };
  }

  async function contextOf(
    r: SlackRequestContext & { teamDomain?: string; enterpriseName?: string },
    presence?: ChannelPresence,
  ) {
    // An org-wide token lists groups per workspace; a workspace token lists its own.
    const groups = await directory.groupsOf(r.userId, r.isEnterpriseInstall ? r.teamId : undefined);
    const actor: Actor = {
      userId: r.userId,
      ...(r.person.displayName ? { displayName: r.person.displayName } : {}),
      platformRoleIds: groups,
      isAdmin: r.person.isAdmin,
    };
    const ctx: CommandContext = {
      deps,
      scope: scopeOf(r),
      actor,
      zone: r.zone,
      requestId: r.requestId,
      ...(presence ? { channel: presence } : {}),
    };
    return ctx;
  }

  /** Reads a Slack file for a command, after checking the person may hand it over. */
  function slackFile(
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
          f = (await client.files.info({ file: id })).file as FilesInfoFile | undefined;
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
            token: options.botToken,
            maxBytes: options.maxFileBytes,
            timeoutMs: options.downloadTimeoutMs,
            ...(options.trustedOrigins ? { trustedOrigins: options.trustedOrigins } : {}),
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
  async function recentFile(r: SlackRequestContext): Promise<RecentFile | undefined> {
    const since = Math.floor((clock.now().getTime() - windowMs) / 1000);
    const seen = recent.newest(keyOf(r.teamId, r.channelId, r.userId), since);
    let listed: RecentFile | undefined;
    try {
      const res = await client.files.list({
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
      logger.warn(
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
  function wantsSharedFile(
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

  function noFileReply(command: Command, rest: string): Reply {
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

  function ago(seconds: number): string {
    const minutes = Math.max(0, Math.round((clock.now().getTime() / 1000 - seconds) / 60));
    return minutes < 1 ? 'just now' : minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;
  }

  /** Mentions in a reply as the names people know (`@chairs-staff`), for this request's workspace. */
  function named(r: SlackRequestContext, result: Reply): Promise<Reply> {
    const team = r.isEnterpriseInstall ? r.teamId : undefined;
    return humanizeMentions(result, {
      user: async (id) => {
        const person = await directory.person(id);
        return person.known ? person.displayName : undefined;
      },
      group: (id) => directory.groupHandle(id, team),
    });
  }

  /** When a command makes this channel follow a process: make sure alerts can be posted here (join, or say how). */
  async function membershipNote(r: SlackRequestContext): Promise<string | undefined> {
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

  return {
    ackText({ command, text }) {
      const [group = '', ...words] = tokenize(canonicalCommandLine(normalizeCommandText(text), command));
      const found = findCommand(group.toLowerCase(), words[0]);
      return found?.slow ? `Working on ${invocationOf(found)}…` : undefined;
    },

    async command(r) {
      const text = normalizeCommandText(r.text).trim();
      const [runGroup = '', ...words] = tokenize(canonicalCommandLine(text, r.command));
      const command = findCommand(runGroup.toLowerCase(), words[0]);
      const ctx = await contextOf(r, { ensurePostable: () => membershipNote(r) });
      const resolveFile = (word: string): IncomingFile => {
        const id = fileIdOf(word);
        if (!id) {
          throw new RapporteurError('INVALID_ARGUMENT', `"${word}" is not a Slack file link.`, {
            hint: 'Share the file in this channel and run the command again, or paste the file’s link (More actions → Copy link).',
          });
        }
        return slackFile(r, id);
      };
      let picked: { file: IncomingFile; at: number } | undefined;
      if (command && wantsSharedFile(command, words.slice(1), resolveFile)) {
        const found = await recentFile(r);
        const required = describeArgs(command.args).some((a) => a.kind === 'file' && a.required);
        if (!found && required) return noFileReply(command, words.slice(1).join(' '));
        if (found) picked = { file: slackFile(r, found.id, found), at: found.at };
      }
      let result = await runTextCommand(commands, ctx, text, {
        group: r.command,
        resolveFile,
        ...(picked ? { files: [picked.file] } : {}),
      });
      // Help and "no such command" answer the person, not the channel.
      if (!command) result = { ...result, ephemeral: true };
      if (picked) {
        const note = `File: ${picked.file.name}, shared by you here ${ago(picked.at)}.`;
        result = { ...result, footer: result.footer ? `${note} · ${result.footer}` : note };
      }
      return named(r, result);
    },

    async action(r: SlackActionRequest) {
      const ctx = await contextOf(r);
      const result = await runTextCommand(commands, ctx, r.command);
      // A button answers whoever clicked it; the channel did not ask.
      return named(r, { ...result, ephemeral: true });
    },

    async fileShared(file: SlackSharedFile) {
      recent.add(keyOf(file.teamId, file.channelId, file.userId), {
        id: file.id,
        at: Math.floor(file.sharedAt / 1000),
      });
      return undefined;
    },
  };
}

/** Whether files.info says the file is shared in `channelId`. */
function sharedIn(f: FilesInfoFile, channelId: string): boolean {
  if (f.channels?.includes(channelId) || f.groups?.includes(channelId) || f.ims?.includes(channelId))
    return true;
  return Boolean(f.shares?.public?.[channelId] ?? f.shares?.private?.[channelId]);
}
