import type { Actor, AppDeps, Scope } from '../../core/app/context.js';
import { describeArgs, type IncomingFile, tokenize } from '../../core/commands/args.js';
import { COMMANDS, canonicalCommandLine, runTextCommand } from '../../core/commands/index.js';
import {
  type ChannelPresence,
  type Command,
  type CommandContext,
  invocationOf,
} from '../../core/commands/types.js';
import { RapporteurError } from '../../core/errors.js';
import { type Clock, type Logger, systemClock } from '../../core/ports/index.js';
import type { Reply } from '../../core/reply.js';
import type { SlackWebClient } from './client.js';
import { fileIdOf, normalizeCommandText } from './command-text.js';
import type { SlackDirectory } from './directory.js';
import { humanizeMentions } from './mentions.js';
import {
  keyOf,
  membershipNote,
  noFileReply,
  RecentFiles,
  recentFile,
  type SharedFilesContext,
  slackFile,
  wantsSharedFile,
} from './shared-files.js';
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

/** Builds the handlers that connect Slack requests to the registry. */
export function createSlackCommandHandlers(options: SlackCommandsOptions): SlackCommandHandlers {
  const commands = options.commands ?? COMMANDS;
  const { client, directory, deps } = options;
  const logger = options.logger.child({ component: 'slack-commands' });
  const clock = options.clock ?? systemClock;
  const windowMs = options.recentFileWindowMs ?? RECENT_FILE_WINDOW_MS;
  const recent = new RecentFiles();
  const files: SharedFilesContext = {
    client,
    logger,
    clock,
    windowMs,
    recent,
    download: {
      botToken: options.botToken,
      maxFileBytes: options.maxFileBytes,
      downloadTimeoutMs: options.downloadTimeoutMs,
      trustedOrigins: options.trustedOrigins,
    },
  };

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
      const ctx = await contextOf(r, { ensurePostable: () => membershipNote(client, logger, r) });
      const resolveFile = (word: string): IncomingFile => {
        const id = fileIdOf(word);
        if (!id) {
          throw new RapporteurError('INVALID_ARGUMENT', `"${word}" is not a Slack file link.`, {
            hint: 'Share the file in this channel and run the command again, or paste the file’s link (More actions → Copy link).',
          });
        }
        return slackFile(files, r, id);
      };
      let picked: { file: IncomingFile; at: number } | undefined;
      if (command && wantsSharedFile(command, words.slice(1), resolveFile)) {
        const found = await recentFile(files, r);
        const required = describeArgs(command.args).some((a) => a.kind === 'file' && a.required);
        if (!found && required) return noFileReply(command, words.slice(1).join(' '), windowMs);
        if (found) picked = { file: slackFile(files, r, found.id, found), at: found.at };
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
