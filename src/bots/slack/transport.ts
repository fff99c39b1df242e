import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, ErrorCode, HTTPReceiver } from '@slack/bolt';
import { messageOf, RapporteurError } from '../../core/errors.js';
import { type Logger, systemClock } from '../../core/ports/index.js';
import { type BodyGuard, createBodyGuard } from '../../http/body-limit.js';
import { memoryDedupe } from '../shared/shared-state.js';
import { type SlackWebClient, slackClientOptions, slackError, slackLogger } from './client.js';
import { createSlackDirectory, type SlackDirectory } from './directory.js';
import { registerActions } from './listeners/actions.js';
import { registerCommands } from './listeners/commands.js';
import type { ListenerContext, RequestFacts } from './listeners/context.js';
import { registerFileShared } from './listeners/file-shared.js';
import { createResponder } from './listeners/responder.js';
import { createSlackNotifier, type SlackNotifier } from './notifier.js';

/**
 * The Slack app: Bolt in Socket Mode (no public URL needed) or HTTP mode (signed requests,
 * 3 s ack, redeliveries ignored). It only handles transport: it acknowledges at once,
 * hands the command text to a handler that returns a Reply, and renders that Reply back
 * through the response_url, with files shared beside it. The command registry plugs in
 * as the handlers.
 */

export type {
  SlackActionRequest,
  SlackCommandRequest,
  SlackRequestContext,
  SlackSharedFile,
  SlackTransportConfig,
  SlackTransportHandlers,
} from './types.js';

import type { SlackRequestContext, SlackTransportConfig } from './types.js';

export interface SlackTransport {
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

/** Builds the Slack app; nothing is contacted until start(). */
export function createSlackTransport(config: SlackTransportConfig): SlackTransport {
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

  const responder = createResponder(client, clock, logger);
  const ctx: ListenerContext = {
    app,
    config,
    client,
    directory,
    notifier,
    handlers,
    responder,
    logger,
    clock,
    defaultZone,
    apiOrigin,
    contextOf: (facts) => contextOf(directory, facts),
  };
  registerCommands(ctx);
  registerActions(ctx);
  registerFileShared(ctx);

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

/** The platform facts of a request; the person is looked up (cached) for zone and role. */
async function contextOf(directory: SlackDirectory, facts: RequestFacts): Promise<SlackRequestContext> {
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

/**
 * Puts the body guard in front of Bolt's receiver: the body is read within the size and time
 * limits first, then handed to Bolt as `rawBody`, which Bolt uses instead of reading the
 * stream itself (raw-body, without a limit). Bolt's server calls `requestListener`, a public
 * property, so replacing it is enough.
 */
function guardReceiver(receiver: HTTPReceiver, config: SlackTransportConfig, logger: Logger): BodyGuard {
  const guard = createBodyGuard(
    {
      maxBytes: config.maxBodyBytes ?? DEFAULT_SLACK_MAX_BODY_BYTES,
      timeoutMs: config.bodyTimeoutMs ?? DEFAULT_SLACK_BODY_TIMEOUT_MS,
    },
    {
      onRefused: (refusal) => logger.warn({ ...refusal }, 'slack request refused before reading its body'),
      onError: (err) => logger.error({ err: messageOf(err) }, 'slack receiver failed'),
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
