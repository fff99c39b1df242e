import type { Config } from '../../config.js';
import type { BotHost } from '../../core/app/bot-host.js';
import { GROUP_DESCRIPTIONS } from '../../core/command-line.js';
import type { Command } from '../../core/commands/index.js';
import { COMMANDS } from '../../core/commands/index.js';
import { RapporteurError } from '../../core/errors.js';
import type { Logger } from '../../core/ports/index.js';
import { adapterSettings } from '../shared/configured.js';
import type { DeliveryDedupe } from '../shared/shared-state.js';
import { DEFAULT_SLACK_API_URL, slackApiUrlProblem } from './client.js';
import { createSlackCommandHandlers, type SlackCommandHandlers } from './commands.js';
import { createSlackTransport, type SlackTransport } from './transport.js';

/**
 * Rapporteur's Slack app: the Bolt app of transport.ts (Socket Mode by default, or HTTP mode)
 * with the five slash commands of the registry, buttons routed back to the registry, and
 * shared files picked up by the commands that need one. Alerts, reminders and digests do
 * not go through here: the job worker sends them with the Slack Notifier of the runtime.
 */

export interface SlackBotOptions {
  /** The runtime of this process (configuration, use cases, clock). */
  runtime: BotHost<Pick<Config, 'slack'>>;
  logger?: Logger;
  /** The registry; default COMMANDS. */
  commands?: readonly Command[];
  /** HTTP mode: listen here instead of SLACK_PORT on all interfaces (tests use port 0 on 127.0.0.1). */
  port?: number;
  host?: string;
  /** Web API retries for 5xx/network failures (tests use 0). */
  clientRetries?: number;
  /** HTTP mode: a request body must arrive within this (default 10 s; tests use less). */
  bodyTimeoutMs?: number;
  /** How far back a shared file is picked up by a command. Default 15 minutes. */
  recentFileWindowMs?: number;
  /** Redeliveries already handled, shared by every Slack process (main.ts gives a Redis one). */
  dedupe?: DeliveryDedupe;
}

export interface SlackBot {
  /** The underlying Bolt app, client and notifier. */
  readonly bot: SlackTransport;
  readonly handlers: SlackCommandHandlers;
  /** Checks the token, learns the workspace, and connects (Socket Mode) or listens (HTTP). */
  start(): Promise<{ port?: number }>;
  stop(): Promise<void>;
}

/** Builds the Slack app from the runtime's configuration; nothing is contacted until start(). */
export function createSlackBot(options: SlackBotOptions): SlackBot {
  const { runtime } = options;
  const slack = adapterSettings(runtime.config, 'slack');
  const apiUrl = slack.apiUrl ?? DEFAULT_SLACK_API_URL;
  const problem = slackApiUrlProblem(apiUrl);
  if (problem) {
    throw new RapporteurError('CONFIG_INVALID', problem, {
      hint: 'Leave SLACK_API_URL empty for slack.com, or set it to your GovSlack or proxy Web API base.',
    });
  }
  const logger = (options.logger ?? runtime.logger).child({ platform: 'slack' });
  const commands = options.commands ?? COMMANDS;
  const clock = runtime.clock;
  const defaultZone = runtime.config.defaultTimeZone ?? 'UTC';
  let workspace: { teamId?: string; name?: string } | undefined;

  let handlers: SlackCommandHandlers | undefined;
  const groups = [...new Set(commands.map((c) => c.group))].filter((g) => g in GROUP_DESCRIPTIONS);
  const bot = createSlackTransport({
    mode: slack.mode,
    botToken: slack.botToken,
    ...(slack.appToken ? { appToken: slack.appToken } : {}),
    ...(slack.signingSecret ? { signingSecret: slack.signingSecret } : {}),
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    port: options.port ?? slack.port,
    ...(slack.maxBodyBytes === undefined ? {} : { maxBodyBytes: slack.maxBodyBytes }),
    ...(options.bodyTimeoutMs === undefined ? {} : { bodyTimeoutMs: options.bodyTimeoutMs }),
    ...(options.host ? { host: options.host } : {}),
    commands: groups.map((g) => `/${g}`),
    handlers: ({ client, directory }) => {
      handlers = createSlackCommandHandlers({
        deps: runtime.deps,
        commands,
        client,
        directory,
        logger,
        clock,
        botToken: slack.botToken,
        trustedOrigins: [new URL(apiUrl).origin],
        maxFileBytes: runtime.config.limits.maxFileBytes,
        downloadTimeoutMs: runtime.config.limits.extractTimeoutMs,
        ...(options.recentFileWindowMs === undefined
          ? {}
          : { recentFileWindowMs: options.recentFileWindowMs }),
        workspace: () => workspace,
      });
      return handlers;
    },
    logger,
    clock,
    defaultZone,
    maxFileBytes: runtime.config.limits.maxFileBytes,
    downloadTimeoutMs: runtime.config.limits.extractTimeoutMs,
    ...(options.clientRetries === undefined ? {} : { clientRetries: options.clientRetries }),
    ...(options.dedupe ? { dedupe: options.dedupe } : {}),
  });
  // createSlackTransport calls the factory before it returns; TypeScript cannot see that.
  const registry = handlers as SlackCommandHandlers | undefined;
  if (!registry) throw new Error('createSlackTransport did not build the handlers');

  return {
    bot,
    handlers: registry,
    async start() {
      // The workspace's name first, so no request is served with a placeholder name; a bad
      // token is reported by bot.start() below, with its hint.
      try {
        const auth = await bot.client.auth.test();
        workspace = {
          ...(auth.team_id ? { teamId: auth.team_id } : {}),
          ...(auth.team ? { name: auth.team } : {}),
        };
      } catch {
        workspace = undefined;
      }
      return bot.start();
    },
    stop: () => bot.stop(),
  };
}
