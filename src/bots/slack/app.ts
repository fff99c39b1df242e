import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type BlockButtonAction, ErrorCode, HTTPReceiver, type RespondFn } from '@slack/bolt';
import { isRapporteurError, RapporteurError } from '../../core/errors.js';
import { type Clock, type Logger, systemClock } from '../../core/ports/index.js';
import { type Reply, reply } from '../../core/reply.js';
import { type BodyGuard, createBodyGuard } from '../../http/body-limit.js';
import { type SlackWebClient, slackClientOptions, slackError, slackLogger } from './client.js';
import { createSlackDirectory, type SlackDirectory, type SlackPerson } from './directory.js';
import { type DownloadedFile, downloadSlackFile, uploadSlackFile } from './files.js';
import { createSlackNotifier, type SlackNotifier } from './notifier.js';
import { renderSlackReply } from './render.js';

/**
 * The Slack app: Bolt in Socket Mode (no public URL needed) or HTTP mode (signed requests,
 * 3 s ack, redeliveries ignored). It only handles transport: it acknowledges at once,
 * hands the command text to a handler that returns a Reply, and renders that Reply back
 * through the response_url, with files shared beside it. The command registry plugs in
 * as the handlers.
 */

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

export interface SlackBotHandlers {
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

/** Remembers deliveries so that Slack's redeliveries run nothing twice. */
export interface DeliveryDedupe {
  /** True the first time `key` is seen (atomically, when shared between workers). */
  firstSeen(key: string): Promise<boolean> | boolean;
}

export interface SlackBotConfig {
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
    | SlackBotHandlers
    | ((tools: { client: SlackWebClient; directory: SlackDirectory }) => SlackBotHandlers);
  logger: Logger;
  clock?: Clock;
  /** Zone when a user's own is unknown. Default UTC. */
  defaultZone?: string;
  /** Limits for downloading shared files. */
  maxFileBytes: number;
  downloadTimeoutMs: number;
  dedupe?: DeliveryDedupe;
  /** People lookups; default a directory over this app's client. */
  directory?: SlackDirectory;
  /** Web API retries for 5xx/network failures (tests use 0). */
  clientRetries?: number;
  clientMinRetryDelayMs?: number;
}

export interface SlackBot {
  readonly app: App;
  /** HTTP mode: the guard in front of the receiver (its counters); undefined in Socket Mode. */
  readonly bodyGuard?: BodyGuard;
  readonly client: SlackWebClient;
  readonly notifier: SlackNotifier;
  /** Checks the token (auth.test) and starts listening; HTTP mode resolves with the port. */
  start(): Promise<{ port?: number }>;
  stop(): Promise<void>;
}

/** Default body limits of HTTP mode: Slack's payloads are a few KB, its ack deadline 3 s. */
export const DEFAULT_SLACK_MAX_BODY_BYTES = 512 * 1024;
export const DEFAULT_SLACK_BODY_TIMEOUT_MS = 10_000;

/** Buttons rendered by Rapporteur carry this action_id prefix. */
export const ACTION_PREFIX = 'rapporteur';

/** An in-memory DeliveryDedupe (one process); entries expire after `ttlMs`. */
export function memoryDedupe(options: { ttlMs?: number; max?: number; clock?: Clock } = {}): DeliveryDedupe {
  const ttl = options.ttlMs ?? 30 * 60_000;
  const max = options.max ?? 10_000;
  const clock = options.clock ?? systemClock;
  const seen = new Map<string, number>();
  return {
    firstSeen(key) {
      const now = clock.now().getTime();
      const until = seen.get(key);
      if (until !== undefined && until > now) return false;
      seen.delete(key);
      seen.set(key, now + ttl);
      // Maps iterate in insertion order, so the first entries are the oldest.
      while (seen.size > max) seen.delete(seen.keys().next().value as string);
      return true;
    },
  };
}

/** Builds the Slack app; nothing is contacted until start(). */
export function createSlackBot(config: SlackBotConfig): SlackBot {
  const logger = config.logger.child({ component: 'slack' });
  const clock = config.clock ?? systemClock;
  const defaultZone = config.defaultZone ?? 'UTC';
  const dedupe = config.dedupe ?? memoryDedupe({ clock });
  const sdkLogger = slackLogger(logger);
  const clientOptions = slackClientOptions({
    logger,
    ...(config.slackApiUrl === undefined ? {} : { slackApiUrl: config.slackApiUrl }),
    ...(config.clientRetries === undefined ? {} : { retries: config.clientRetries }),
    ...(config.clientMinRetryDelayMs === undefined ? {} : { minRetryDelayMs: config.clientMinRetryDelayMs }),
  });
  const apiOrigin = new URL(clientOptions.slackApiUrl ?? 'https://slack.com/api/').origin;

  let receiver: HTTPReceiver | undefined;
  let bodyGuard: BodyGuard | undefined;
  if (config.mode === 'http') {
    if (!config.signingSecret) {
      throw new RapporteurError('CONFIG_INVALID', 'Slack HTTP mode needs SLACK_SIGNING_SECRET.', {
        hint: 'Copy the Signing Secret from the app’s Basic Information page, or use Socket Mode with SLACK_APP_TOKEN.',
      });
    }
    receiver = new HTTPReceiver({
      signingSecret: config.signingSecret,
      endpoints: config.endpoint ?? '/slack/events',
      logger: sdkLogger,
      customRoutes: [
        {
          path: '/healthz',
          method: ['GET'],
          handler: (_req, res) => {
            res.writeHead(200, { 'content-type': 'text/plain' });
            res.end('ok');
          },
        },
      ],
    });
    bodyGuard = guardReceiver(receiver, config, logger);
  } else if (!config.appToken) {
    throw new RapporteurError('CONFIG_INVALID', 'Slack Socket Mode needs SLACK_APP_TOKEN (xapp-…).', {
      hint: 'Create an app-level token with the connections:write scope, or use HTTP mode with SLACK_SIGNING_SECRET.',
    });
  }

  const app = new App({
    token: config.botToken,
    logger: sdkLogger,
    clientOptions,
    // auth.test runs in start(), where a bad token becomes an error instead of an unhandled rejection.
    deferInitialization: true,
    ...(receiver ? { receiver } : { socketMode: true, appToken: config.appToken as string }),
  });
  const client = app.client;
  const notifier = createSlackNotifier({ client, logger, clock, zone: defaultZone });

  // Slack redelivers an event when the first delivery was not acknowledged in time or
  // failed; the same event_id then arrives with X-Slack-Retry-Num. Run each one once.
  app.use(async (args) => {
    const body = args.body as { event_id?: string; trigger_id?: string };
    const key = body.event_id ?? body.trigger_id;
    if (key !== undefined && !(await dedupe.firstSeen(key))) {
      logger.info(
        { key, retryNum: args.context.retryNum, retryReason: args.context.retryReason },
        'duplicate slack delivery ignored',
      );
      const ack = (args as { ack?: () => Promise<void> }).ack;
      if (ack) await ack();
      return;
    }
    await args.next();
  });

  const directory = config.directory ?? createSlackDirectory({ client, logger, clock, defaultZone });
  const handlers =
    typeof config.handlers === 'function' ? config.handlers({ client, directory }) : config.handlers;

  /** The platform facts of a request; the person is looked up (cached) for zone and role. */
  async function contextOf(facts: {
    teamId: string | undefined;
    enterpriseId: string | undefined;
    isEnterpriseInstall: boolean | undefined;
    channelId: string;
    channelName: string | undefined;
    userId: string;
  }): Promise<SlackRequestContext> {
    const person = await directory.person(facts.userId);
    const channelName = facts.channelName;
    return {
      requestId: randomBytes(5).toString('hex'),
      teamId: facts.teamId ?? '',
      ...(facts.enterpriseId ? { enterpriseId: facts.enterpriseId } : {}),
      isEnterpriseInstall: facts.isEnterpriseInstall === true,
      channelId: facts.channelId,
      // Slack names DMs and some private channels with placeholders, not their names.
      ...(channelName && !['directmessage', 'privategroup', 'mpdm'].includes(channelName)
        ? { channelName }
        : {}),
      userId: facts.userId,
      person,
      zone: person.zone,
    };
  }

  async function dmWith(userId: string): Promise<string> {
    const res = await client.conversations.open({ users: userId });
    const id = res.channel?.id;
    if (!id) throw new RapporteurError('INTERNAL', 'Slack did not open a direct message channel.');
    return id;
  }

  /** Sends a reply through the response_url and shares its files where the reader can see them. */
  async function answer(
    respond: RespondFn,
    r: Reply,
    who: { userId: string; channelId: string; zone: string },
  ) {
    const rendered = renderSlackReply(r, { zone: who.zone, now: clock.now(), actionIdPrefix: ACTION_PREFIX });
    await respond({
      response_type: r.ephemeral ? 'ephemeral' : 'in_channel',
      replace_original: false,
      text: rendered.text,
      blocks: rendered.blocks,
    });
    if (rendered.files.length === 0) return;
    // A private reply's files go to the person's DM; a public one's to the channel, unless
    // the bot is not in it (slash commands work everywhere), then to the DM too.
    let destination = r.ephemeral ? await dmWith(who.userId) : who.channelId;
    let movedToDm = false;
    const failed: string[] = [];
    for (const file of rendered.files) {
      const upload = { filename: file.filename, content: file.content, title: file.title };
      try {
        await uploadSlackFile(client, { ...upload, channelId: destination });
      } catch (err) {
        const e = slackError(err, { action: `sharing ${file.filename}` });
        if (!movedToDm && !r.ephemeral && (e.code === 'PERMISSION_DENIED' || e.code === 'NOT_FOUND')) {
          destination = await dmWith(who.userId);
          movedToDm = true;
          try {
            await uploadSlackFile(client, { ...upload, channelId: destination });
            continue;
          } catch (again) {
            logger.warn({ code: slackError(again, { action: 'sharing a file' }).code }, 'file not shared');
          }
        } else {
          logger.warn({ code: e.code }, 'file not shared');
        }
        failed.push(file.filename);
      }
    }
    const notes: string[] = [];
    if (movedToDm) {
      notes.push(
        'I am not a member of this channel, so I sent the file(s) to you in a direct message. Invite me with /invite to share them here.',
      );
    }
    if (failed.length > 0) notes.push(`I could not share ${failed.join(', ')}; please try again later.`);
    if (notes.length > 0)
      await respond({ response_type: 'ephemeral', replace_original: false, text: notes.join(' ') });
  }

  /** A handler that threw (the registry never does; this is the adapter's own safety net). */
  function failureReply(what: string, err: unknown, requestId: string): Reply {
    if (isRapporteurError(err)) {
      logger.info({ request: requestId, code: err.code }, 'slack request refused');
      return reply(`${what} did not work`, {
        tone: 'error',
        summary: err.message,
        ...(err.hint ? { footer: err.hint } : {}),
        ephemeral: true,
      });
    }
    logger.error(
      { request: requestId, err: err instanceof Error ? err.message : String(err) },
      'slack handler failed',
    );
    return reply(`${what} did not work`, {
      tone: 'error',
      summary: `Rapporteur hit an unexpected error. It has been logged with reference ${requestId}; please try again, and quote the reference if it keeps happening.`,
      ephemeral: true,
    });
  }

  for (const name of config.commands) {
    app.command(name, async ({ command, ack, respond, context }) => {
      // Acknowledge first: Slack gives up after 3 s; the answer follows on the response_url.
      const note = handlers.ackText?.({ command: command.command, text: command.text ?? '' });
      await ack(note ? { response_type: 'ephemeral', text: note } : undefined);
      let request: SlackCommandRequest | undefined;
      let r: Reply;
      try {
        request = {
          ...(await contextOf({
            teamId: context.teamId ?? command.team_id,
            enterpriseId: context.enterpriseId ?? command.enterprise_id,
            isEnterpriseInstall: context.isEnterpriseInstall,
            channelId: command.channel_id,
            channelName: command.channel_name,
            userId: command.user_id,
          })),
          command: command.command,
          text: command.text ?? '',
          ...(command.team_domain ? { teamDomain: command.team_domain } : {}),
          ...(command.enterprise_name ? { enterpriseName: command.enterprise_name } : {}),
        };
        r = await handlers.command(request);
      } catch (err) {
        r = failureReply(command.command, err, request?.requestId ?? randomBytes(5).toString('hex'));
      }
      const who = {
        userId: command.user_id,
        channelId: command.channel_id,
        zone: request?.zone ?? defaultZone,
      };
      try {
        await answer(respond, r, who);
      } catch (err) {
        logger.warn(
          {
            request: request?.requestId,
            command: command.command,
            err: err instanceof Error ? err.message : String(err),
          },
          'reply not delivered',
        );
      }
    });
  }

  app.action<BlockButtonAction>(
    { action_id: new RegExp(`^${ACTION_PREFIX}:`) },
    async ({ ack, body, action, respond, context }) => {
      await ack();
      if (!handlers.action || action.value === undefined) return;
      const userId = body.user.id;
      const channelId = body.channel?.id ?? body.container?.channel_id ?? '';
      let request: SlackActionRequest | undefined;
      let r: Reply;
      try {
        request = {
          ...(await contextOf({
            teamId: context.teamId ?? body.team?.id ?? body.user.team_id,
            enterpriseId: context.enterpriseId ?? body.enterprise?.id ?? body.team?.enterprise_id,
            isEnterpriseInstall: context.isEnterpriseInstall,
            channelId,
            channelName: body.channel?.name,
            userId,
          })),
          command: action.value,
          ...(body.message?.ts === undefined ? {} : { messageTs: body.message.ts }),
          ...(body.team?.domain ? { teamDomain: body.team.domain } : {}),
          ...(body.enterprise?.name ? { enterpriseName: body.enterprise.name } : {}),
        };
        r = await handlers.action(request);
      } catch (err) {
        r = failureReply(action.text.text, err, request?.requestId ?? randomBytes(5).toString('hex'));
      }
      try {
        await answer(respond, r, { userId, channelId, zone: request?.zone ?? defaultZone });
      } catch (err) {
        logger.warn(
          { request: request?.requestId, err: err instanceof Error ? err.message : String(err) },
          'action reply not delivered',
        );
      }
    },
  );

  app.event('file_shared', async ({ event, context }) => {
    const handler = handlers.fileShared;
    // The bot's own uploads (full reports) raise this event too.
    if (!handler || event.user_id === context.botUserId) return;
    let info: Promise<{ name: string; mimetype: string; size: number; url: string }> | undefined;
    const describe = () => {
      info ??= client.files.info({ file: event.file_id }).then(
        (res) => {
          const f = res.file;
          const url = f?.url_private_download ?? f?.url_private;
          if (!f || !url) {
            throw new RapporteurError(
              'NOT_FOUND',
              'Slack did not give a download link for the shared file.',
              {
                hint: 'Files kept outside Slack (Google Drive, Dropbox links) cannot be read; upload the file itself.',
              },
            );
          }
          return {
            name: f.name ?? event.file_id,
            mimetype: f.mimetype ?? 'application/octet-stream',
            size: f.size ?? 0,
            url,
          };
        },
        (err: unknown) => {
          throw slackError(err, { action: 'reading a shared file', method: 'files.info' });
        },
      );
      return info;
    };
    const file: SlackSharedFile = {
      id: event.file_id,
      channelId: event.channel_id,
      userId: event.user_id,
      teamId: context.teamId ?? '',
      sharedAt: Number(event.event_ts) * 1000 || clock.now().getTime(),
      describe: async () => {
        const { name, mimetype, size } = await describe();
        return { name, mimetype, size };
      },
      download: async () => {
        const f = await describe();
        return downloadSlackFile(
          {
            id: event.file_id,
            name: f.name,
            url: f.url,
            mimetype: f.mimetype,
            ...(f.size ? { size: f.size } : {}),
          },
          {
            token: config.botToken,
            maxBytes: config.maxFileBytes,
            timeoutMs: config.downloadTimeoutMs,
            trustedOrigins: [apiOrigin],
          },
        );
      },
    };
    const requestId = randomBytes(5).toString('hex');
    let r: Reply | undefined;
    try {
      r = await handler(file);
    } catch (err) {
      const name = await describe().then(
        (f) => f.name,
        () => 'the shared file',
      );
      r = { ...failureReply(`Reading ${name}`, err, requestId), ephemeral: false };
    }
    if (r === undefined) return;
    try {
      const { zone } = await directory.person(event.user_id);
      await notifier.post({ channel: event.channel_id }, r, { zone });
    } catch (err) {
      logger.warn(
        { request: requestId, code: slackError(err, { action: 'answering a shared file' }).code },
        'file reply not delivered',
      );
    }
  });

  app.error(async (err) => {
    logger.error({ code: (err as { code?: string }).code, err: err.message }, 'slack app error');
  });

  let started = false;
  return {
    app,
    client,
    notifier,
    ...(bodyGuard ? { bodyGuard } : {}),
    async start() {
      try {
        await app.init();
      } catch (err) {
        throw slackError(err, { action: 'checking the bot token (auth.test)', method: 'auth.test' });
      }
      if (config.mode === 'http') {
        const server = (await app.start(
          { port: config.port ?? 3000, ...(config.host ? { host: config.host } : {}) },
          bodyGuard?.serverOptions() ?? {},
        )) as Server;
        started = true;
        const port = (server.address() as AddressInfo).port;
        logger.info({ mode: 'http', port }, 'slack app listening');
        return { port };
      }
      await app.start();
      started = true;
      logger.info({ mode: 'socket' }, 'slack app connected');
      return {};
    },
    async stop() {
      if (!started) return;
      started = false;
      await app.stop();
    },
  };
}

/**
 * Puts the body guard in front of Bolt's receiver: the body is read within the size and time
 * limits first, then handed to Bolt as `rawBody`, which Bolt uses instead of reading the
 * stream itself (raw-body, without a limit). Bolt's server calls `requestListener`, a public
 * property, so replacing it is enough.
 */
function guardReceiver(receiver: HTTPReceiver, config: SlackBotConfig, logger: Logger): BodyGuard {
  const guard = createBodyGuard(
    {
      maxBytes: config.maxBodyBytes ?? DEFAULT_SLACK_MAX_BODY_BYTES,
      timeoutMs: config.bodyTimeoutMs ?? DEFAULT_SLACK_BODY_TIMEOUT_MS,
    },
    {
      onRefused: (refusal) => logger.warn({ ...refusal }, 'slack request refused before reading its body'),
      onError: (err) =>
        logger.error({ err: err instanceof Error ? err.message : String(err) }, 'slack receiver failed'),
    },
  );
  const inner = receiver.requestListener;
  receiver.requestListener = guard.wrap((req, res) => {
    try {
      inner(req, res);
    } catch (err) {
      // What Bolt's own server does with a request no route takes: 404; anything else 500.
      const unrouted = (err as { code?: string }).code === ErrorCode.HTTPReceiverDeferredRequestError;
      if (!unrouted) throw err;
      res.writeHead(404).end();
    }
  });
  return guard;
}
