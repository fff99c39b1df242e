import type { Clock, Logger } from '../../core/ports/index.js';
import type { Reply } from '../../core/reply.js';
import type { DeliveryDedupe } from '../shared/shared-state.js';
import type { SlackWebClient } from './client.js';
import type { SlackDirectory, SlackPerson } from './directory.js';
import type { DownloadedFile } from './files.js';

/** The shapes the Slack app and its listeners share: requests, handlers and configuration. */

/** Where a request comes from and who sent it: platform facts only, no decisions. */
export interface SlackRequestContext {
  /** Correlation id for logs, shown to the person with unexpected errors. */
  requestId: string;
  /** The workspace the person is in. */
  teamId: string;
  /** The Enterprise Grid organisation, when there is one. */
  enterpriseId?: string;
  /** True when the app is installed org-wide (the organisation is then the tenant). */
  isEnterpriseInstall: boolean;
  channelId: string;
  /** As Slack named it in the payload; undefined for DMs and unnamed private channels. */
  channelName?: string;
  userId: string;
  /** What users.info says about the person (cached briefly). */
  person: SlackPerson;
  /** The person's time zone from their Slack profile, else the bot's default zone. */
  zone: string;
}

/** A slash command as the handler sees it. */
export interface SlackCommandRequest extends SlackRequestContext {
  /** e.g. `/brackets`. */
  command: string;
  /** Everything after the command name, as Slack sent it (escaped). */
  text: string;
  /** The workspace's subdomain, e.g. `wsis-caucus`. */
  teamDomain?: string;
  enterpriseName?: string;
}

/** A button click: the button carries the command to run. */
export interface SlackActionRequest extends SlackRequestContext {
  /** The command the button was rendered with (ReplyAction.command). */
  command: string;
  /** The message the button is on. */
  messageTs?: string;
  teamDomain?: string;
  enterpriseName?: string;
}

/** What Slack says about a shared file (files.info). */
export interface SlackFileInfo {
  name: string;
  mimetype: string;
  size: number;
}

/** A file shared where the bot can see it. Nothing is fetched until asked. */
export interface SlackSharedFile {
  id: string;
  channelId: string;
  userId: string;
  teamId: string;
  /** When the event says it was shared (ms since the epoch). */
  sharedAt: number;
  /** Reads the file's name, type and size (files.info). */
  describe(): Promise<SlackFileInfo>;
  /** Downloads it with the bot token, under the configured size limit and deadline. */
  download(): Promise<DownloadedFile>;
}

export interface SlackTransportHandlers {
  /**
   * The short private message sent with the acknowledgement, for commands that take a
   * while (it must be decided at once: Slack waits at most 3 s for the ack).
   */
  ackText?(request: { command: string; text: string }): string | undefined;
  /** Runs a slash command. */
  command(request: SlackCommandRequest): Promise<Reply>;
  /** Runs a button's command; defaults to nothing. */
  action?(request: SlackActionRequest): Promise<Reply>;
  /** Reacts to a shared file (e.g. a new draft version); a Reply is posted in the channel. */
  fileShared?(file: SlackSharedFile): Promise<Reply | undefined>;
}

export interface SlackTransportConfig {
  /** `socket` needs an app-level token (xapp-…); `http` a signing secret and a public URL. */
  mode: 'socket' | 'http';
  botToken: string;
  appToken?: string;
  signingSecret?: string;
  /** Web API base; default https://slack.com/api/. */
  slackApiUrl?: string;
  /** HTTP mode: where to listen. Default port 3000 on all interfaces. */
  port?: number;
  host?: string;
  /** HTTP mode: path Slack posts to. Default /slack/events. */
  endpoint?: string;
  /**
   * HTTP mode: largest request body read (SLACK_MAX_BODY_KB); a larger one gets 413 before
   * any parsing or signature check. Default 512 KB; Slack's own payloads are far smaller.
   */
  maxBodyBytes?: number;
  /** HTTP mode: a body must arrive within this after its headers (else 408). Default 10 s. */
  bodyTimeoutMs?: number;
  /** Slash commands to register, e.g. ['/brackets', '/draft']. */
  commands: readonly string[];
  /** The handlers, or a factory given the bot's own Web API client and people directory. */
  handlers:
    | SlackTransportHandlers
    | ((tools: { client: SlackWebClient; directory: SlackDirectory }) => SlackTransportHandlers);
  logger: Logger;
  clock?: Clock;
  /** Zone when a user's own is unknown. Default UTC. */
  defaultZone?: string;
  /** Limits for downloading shared files. */
  maxFileBytes: number;
  downloadTimeoutMs: number;
  /** Slack redeliveries already handled; default this process's memory (see shared-state.ts for Redis). */
  dedupe?: DeliveryDedupe;
  /** People lookups; default a directory over this app's client. */
  directory?: SlackDirectory;
  /** Web API retries for 5xx/network failures (tests use 0). */
  clientRetries?: number;
  clientMinRetryDelayMs?: number;
}
