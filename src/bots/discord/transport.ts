/**
 * Discord's transport: the two ways the bot talks to Discord, each made safe to stop and to
 * retry.
 *
 * - REST (first half): the client every request goes through (@discordjs/rest's rate-limit
 *   handling, DISCORD_API_URL, timeouts), the poster of alerts, reminders and digests to a
 *   channel, and the translation of Discord's failures into Rapporteur's error codes.
 * - Gateway (second half): the shard strategy and identify throttler handed to the discord.js
 *   Client, so that a shutdown cannot leave a reconnecting connection behind.
 *
 * One file over 500 lines on purpose: the adapter layout gives every platform one transport
 * file beside index.ts, notifier.ts and render.ts (as Slack's Bolt app, the e-mail IMAP/SMTP
 * pair and the terminal's line reader), and the two halves share the logger and error
 * conventions; neither half is large on its own.
 */
import { createHash } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import {
  type IIdentifyThrottler,
  type IShardingStrategy,
  managerToFetchingStrategyOptions,
  SimpleContextFetchingStrategy,
  SimpleIdentifyThrottler,
  type WebSocketManager,
  WebSocketShard,
  type WebSocketShardDestroyOptions,
  WebSocketShardEvents,
  WebSocketShardStatus,
} from '@discordjs/ws';
import {
  Collection,
  DiscordAPIError,
  type GatewaySendPayload,
  HTTPError,
  type RateLimitData,
  RateLimitError,
  REST,
  type RESTPostAPIChannelMessageResult,
} from 'discord.js';
import { messageOf, RapporteurError } from '../../core/errors.js';
import { type Logger, silentLogger } from '../../core/ports/index.js';
import type { Reply } from '../../core/reply.js';
import { type DiscordRenderOptions, renderDiscordReply, toRestMessage } from './render.js';

// ---------------------------------------------------------------------------------------------
// REST
// ---------------------------------------------------------------------------------------------

/**
 * Posts alerts, reminders and digests to a Discord channel over REST (no gateway needed),
 * with @discordjs/rest's rate-limit handling, and turns every failure into a
 * {@link RapporteurError} whose code tells the job layer whether to retry: NOT_FOUND and
 * PERMISSION_DENIED are permanent (channel gone, bot removed or muted), UNAVAILABLE,
 * RATE_LIMITED and TIMEOUT are transient.
 */

/** Options of {@link createDiscordPoster}. */
export interface DiscordPosterOptions {
  /** The bot token. Never logged. */
  token: string;
  /**
   * REST base URL (DISCORD_API_URL), e.g. a rate-limit proxy shared by several bot
   * processes; defaults to Discord's. A trailing `/v10` is accepted and removed.
   */
  apiUrl?: string;
  /** A REST client to share with the rest of the process; then token/apiUrl/timeouts are its own. */
  rest?: REST;
  /**
   * Longest wait for a rate limit before giving up with RATE_LIMITED (the job retries
   * later instead of holding a worker). Default 30 s.
   */
  maxRateLimitWaitMs?: number;
  /** Per-request timeout; default 15 s. */
  timeoutMs?: number;
  /** Retries of a 5xx or a reset connection inside @discordjs/rest; default 3. */
  retries?: number;
  render?: DiscordRenderOptions;
  logger?: Logger;
}

/** Where a posted message landed. */
export interface PostedMessage {
  channelId: string;
  messageId: string;
}

/** Options of one post. */
export interface PostOptions {
  /**
   * A stable key for this delivery (e.g. the delivery job's id). Sent as Discord's
   * enforced nonce, so a retry after a timeout that did reach Discord returns the message
   * already posted instead of posting it twice.
   */
  idempotencyKey?: string;
}

/** Posts a Reply to one channel; the Notifier (notifier.ts) addresses channels and people with it. */
export interface DiscordPoster {
  /**
   * Renders `reply` (with `notification` on, so push notifications show its title) and posts
   * it to the channel. Throws a RapporteurError; `error.transient` says whether to retry.
   */
  postReply(channelId: string, reply: Reply, options?: PostOptions): Promise<PostedMessage>;
}

/** Discord nonces are at most 25 characters: a key is hashed down to that. */
export function nonceFor(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 25);
}

const DEFAULT_API = 'https://discord.com/api';
const SNOWFLAKE = /^\d{17,20}$/;

/**
 * The REST base URL to give @discordjs/rest, which appends `/v10` itself: trailing
 * slashes and a version suffix are removed, and anything but http(s) is refused.
 */
export function discordApiBase(apiUrl: string | undefined): string {
  if (apiUrl === undefined || apiUrl.trim() === '') return DEFAULT_API;
  let url: URL;
  try {
    url = new URL(apiUrl.trim());
  } catch {
    throw new RapporteurError('CONFIG_INVALID', `DISCORD_API_URL is not a URL: ${JSON.stringify(apiUrl)}.`, {
      hint: 'Set it to the REST base, e.g. https://discord.com/api or http://127.0.0.1:8080/api, or leave it empty.',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RapporteurError(
      'CONFIG_INVALID',
      `DISCORD_API_URL must be http or https, not ${url.protocol}`,
      {
        hint: 'Set it to the REST base, e.g. https://discord.com/api, or leave it empty.',
      },
    );
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v\d+$/, '');
  return `${url.origin}${path}`;
}

/** Discord error codes that mean "this will never work", whatever the HTTP status. */
const PERMANENT_CODES: Record<number, { code: 'NOT_FOUND' | 'PERMISSION_DENIED'; what: string }> = {
  10003: { code: 'NOT_FOUND', what: 'the channel no longer exists' },
  10004: { code: 'NOT_FOUND', what: 'the server no longer exists or the bot is not in it' },
  10008: { code: 'NOT_FOUND', what: 'the message no longer exists' },
  10015: { code: 'NOT_FOUND', what: 'the webhook no longer exists' },
  10062: { code: 'NOT_FOUND', what: 'the interaction expired (it must be answered within 3 seconds)' },
  50001: {
    code: 'PERMISSION_DENIED',
    what: 'the bot cannot see the channel (it may have been removed from the server)',
  },
  50013: { code: 'PERMISSION_DENIED', what: 'the bot lacks permission to post there' },
  50007: { code: 'PERMISSION_DENIED', what: 'the user does not accept messages from the bot' },
};

/** Where a failure happened, for the message and the logs. */
export interface DiscordFailureContext {
  action: string;
  channelId?: string;
}

function isNetworkError(error: Error): boolean {
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  return (
    error.name === 'AbortError' ||
    error.name === 'TimeoutError' ||
    (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) ||
    /fetch failed|socket|network/i.test(error.message)
  );
}

/**
 * Turns anything @discordjs/rest throws into a RapporteurError with a code that decides
 * retry versus fail, a message naming the channel, and a hint. The token is never included.
 */
export function classifyDiscordError(error: unknown, context: DiscordFailureContext): RapporteurError {
  if (error instanceof RapporteurError) return error;
  const where = context.channelId ? ` to channel ${context.channelId}` : '';
  const details: Record<string, unknown> = { action: context.action };
  if (context.channelId) details.channelId = context.channelId;
  const unsubscribeHint = context.channelId
    ? `Check that the bot is still in the server and may view and post in channel ${context.channelId} (View Channel, Send Messages, Embed Links, Attach Files), or unsubscribe that channel.`
    : 'Check the bot is still in the server and has the permissions it needs.';

  if (error instanceof RateLimitError) {
    const retryAfterMs = Math.max(error.retryAfter, error.timeToReset);
    return new RapporteurError('RATE_LIMITED', `Discord is rate limiting ${context.action}${where}.`, {
      hint: `Retry after about ${Math.ceil(retryAfterMs / 1000)} s.`,
      details: { ...details, retryAfterMs, global: error.global, scope: error.scope, route: error.route },
      cause: error,
    });
  }
  if (error instanceof DiscordAPIError) {
    details.status = error.status;
    details.discordCode = error.code;
    const known = typeof error.code === 'number' ? PERMANENT_CODES[error.code] : undefined;
    if (known) {
      return new RapporteurError(known.code, `Discord refused ${context.action}${where}: ${known.what}.`, {
        hint: unsubscribeHint,
        details,
        cause: error,
      });
    }
    if (error.status === 401) {
      return new RapporteurError('CONFIG_INVALID', 'Discord rejected the bot token.', {
        hint: 'Set DISCORD_TOKEN to the token of the bot (Developer Portal > Bot > Reset Token) and restart.',
        details,
        cause: error,
      });
    }
    if (error.status === 404) {
      return new RapporteurError(
        'NOT_FOUND',
        `Discord does not know the target of ${context.action}${where}.`,
        {
          hint: unsubscribeHint,
          details,
          cause: error,
        },
      );
    }
    if (error.status === 403) {
      return new RapporteurError('PERMISSION_DENIED', `Discord refused ${context.action}${where}.`, {
        hint: unsubscribeHint,
        details,
        cause: error,
      });
    }
    if (error.status === 413 || error.code === 40005) {
      return new RapporteurError(
        'LIMIT_EXCEEDED',
        `A file was too large for Discord in ${context.action}${where}.`,
        {
          hint: 'Files above the upload limit cannot be posted; the renderer should have left them out. Report this.',
          details,
          cause: error,
        },
      );
    }
    if (error.status === 429) {
      return new RapporteurError('RATE_LIMITED', `Discord is rate limiting ${context.action}${where}.`, {
        hint: 'Retry later.',
        details,
        cause: error,
      });
    }
    if (error.status >= 500) {
      return new RapporteurError('UNAVAILABLE', `Discord failed while ${context.action}${where}.`, {
        hint: 'This is usually brief; the delivery will be retried.',
        details,
        cause: error,
      });
    }
    // 400 and friends: our payload is wrong. Retrying the same payload cannot help.
    return new RapporteurError(
      'INTERNAL',
      `Discord rejected the message for ${context.action}${where}: ${error.message}`,
      {
        hint: 'This is a bug in Rapporteur; please report it with the correlation id.',
        details,
        cause: error,
      },
    );
  }
  if (error instanceof HTTPError) {
    return new RapporteurError(
      'UNAVAILABLE',
      `Discord answered ${error.status} while ${context.action}${where}.`,
      {
        hint: 'Discord is having trouble; the delivery will be retried.',
        details: { ...details, status: error.status },
        cause: error,
      },
    );
  }
  if (error instanceof Error && isNetworkError(error)) {
    const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError';
    return new RapporteurError(
      timedOut ? 'TIMEOUT' : 'UNAVAILABLE',
      timedOut
        ? `Discord did not answer in time while ${context.action}${where}.`
        : `Could not reach Discord while ${context.action}${where}.`,
      {
        hint: 'Check the network (and DISCORD_API_URL if set); the delivery will be retried.',
        details: { ...details, error: error.message },
        cause: error,
      },
    );
  }
  return new RapporteurError('INTERNAL', `Unexpected failure while ${context.action}${where}.`, {
    hint: 'This is a bug in Rapporteur; please report it with the correlation id.',
    details: { ...details, error: messageOf(error) },
    cause: error,
  });
}

/** A REST client for Rapporteur: base URL from config, long rate-limit waits refused. */
export function createDiscordRest(options: Omit<DiscordPosterOptions, 'rest' | 'render' | 'logger'>): REST {
  const maxWait = options.maxRateLimitWaitMs ?? 30_000;
  return new REST({
    api: discordApiBase(options.apiUrl),
    timeout: options.timeoutMs ?? 15_000,
    retries: options.retries ?? 3,
    // Waiting minutes inside a job holds a worker; fail RATE_LIMITED and let the queue retry.
    rejectOnRateLimit: (data: RateLimitData) => Math.max(data.retryAfter, data.timeToReset) > maxWait,
  }).setToken(options.token);
}

/** A notifier posting to Discord channels through REST. */
export function createDiscordPoster(options: DiscordPosterOptions): DiscordPoster {
  const rest = options.rest ?? createDiscordRest(options);
  const logger = options.logger ?? silentLogger;
  return {
    async postReply(channelId, reply, postOptions = {}) {
      if (!SNOWFLAKE.test(channelId)) {
        throw new RapporteurError('INVALID_ARGUMENT', `"${channelId}" is not a Discord channel id.`, {
          hint: 'Channel ids are 17-20 digits (Developer Mode > right-click the channel > Copy Channel ID).',
          details: { channelId },
        });
      }
      const payload = renderDiscordReply(reply, { ...options.render, notification: true });
      const { body, files } = toRestMessage(payload);
      if (postOptions.idempotencyKey !== undefined) {
        body.nonce = nonceFor(postOptions.idempotencyKey);
        body.enforce_nonce = true;
      }
      const started = Date.now();
      try {
        const message = (await rest.post(`/channels/${channelId}/messages`, {
          body,
          files,
        })) as RESTPostAPIChannelMessageResult;
        logger.debug(
          { channelId, messageId: message.id, ms: Date.now() - started, truncated: payload.truncated },
          'posted to Discord',
        );
        return { channelId, messageId: message.id };
      } catch (error) {
        const failure = classifyDiscordError(error, { action: 'posting a message', channelId });
        logger.warn(
          { channelId, code: failure.code, transient: failure.transient, details: failure.details },
          'Discord post failed',
        );
        throw failure;
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Gateway
// ---------------------------------------------------------------------------------------------

/**
 * Gateway shards with a shutdown that cannot leave a connection behind.
 *
 * @discordjs/ws 1.x reconnects by destroying a shard with a "recover" flag, sleeping 500 ms
 * while the shard is Idle, then connecting again; and a destroy that lands while the shard
 * waits for HELLO or READY aborts that wait, which schedules yet another reconnect. So a
 * plain `client.destroy()` during a resume or a re-IDENTIFY returns while a shard is about
 * to come back online, and the process never exits (reproduced against the fake gateway:
 * invalidate the session, drop the connection, destroy within the next second).
 *
 * Here, once stopping:
 * - a shard that reaches the identify throttle is held there (it would otherwise IDENTIFY),
 *   and a shard held there is destroyed at once: nothing waits on the socket at that point,
 *   so the destroy is clean;
 * - any other shard is given time (bounded) to reach READY, RESUMED or the throttle, then
 *   destroyed;
 * - a shard that turns Ready after all (the gateway was unreachable during the whole wait)
 *   is closed as soon as it does.
 */

/** Options of {@link createStoppableGateway}. */
export interface StoppableGatewayOptions {
  /** Longest wait for a reconnecting shard to settle before destroying it anyway; default 10 s. */
  settleTimeoutMs?: number;
  logger?: Logger;
}

/** What discord.js's `ws` client options take, and the switch that makes the next destroy final. */
export interface StoppableGateway {
  buildStrategy(manager: WebSocketManager): IShardingStrategy;
  buildIdentifyThrottler(manager: WebSocketManager): Promise<IIdentifyThrottler>;
  /** Marks the gateway as shutting down; call before `client.destroy()`. */
  stop(): void;
}

/** How long an Idle shard is watched for the reconnect @discordjs/ws schedules 500 ms after a drop. */
const RECONNECT_SLEEP_WATCH_MS = 1200;
const POLL_MS = 25;

/** Shared between the strategy and the throttler: who is stopping, who waits to identify. */
class StopState extends EventEmitter {
  stopping = false;
  readonly atThrottle = new Set<number>();

  constructor() {
    super();
    // One listener per shard being retired; a big bot has many shards.
    this.setMaxListeners(0);
  }
}

/** Rejects when `signal` aborts (at once if it already has). */
function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** The identify throttle Discord requires (@discordjs/ws's own), which holds shards once stopping. */
class StoppableIdentifyThrottler implements IIdentifyThrottler {
  constructor(
    private readonly inner: IIdentifyThrottler,
    private readonly state: StopState,
  ) {}

  async waitForIdentify(shardId: number, signal: AbortSignal): Promise<void> {
    this.state.atThrottle.add(shardId);
    this.state.emit('throttle', shardId);
    try {
      if (this.state.stopping) await aborted(signal);
      await this.inner.waitForIdentify(shardId, signal);
      // Shutdown began meanwhile: never IDENTIFY; the shard's close aborts `signal`, and the
      // shard then returns quietly (it checks the signal when this rejects).
      if (this.state.stopping) await aborted(signal);
    } finally {
      this.state.atThrottle.delete(shardId);
    }
  }
}

class StoppableShardingStrategy implements IShardingStrategy {
  private readonly shards = new Collection<number, WebSocketShard>();
  /** Every shard ever spawned: a re-spawn must not lose track of one still reconnecting. */
  private readonly everSpawned = new Set<WebSocketShard>();
  private readonly destroying = new Map<WebSocketShard, Promise<void>>();

  constructor(
    private readonly manager: WebSocketManager,
    private readonly state: StopState,
    private readonly settleTimeoutMs: number,
    private readonly logger: Logger,
  ) {}

  /** Creates the shards and relays their events to the manager, as the simple strategy does. */
  async spawn(shardIds: number[]): Promise<void> {
    const strategyOptions = await managerToFetchingStrategyOptions(this.manager);
    for (const shardId of shardIds) {
      const shard = new WebSocketShard(
        new SimpleContextFetchingStrategy(this.manager, strategyOptions),
        shardId,
      );
      for (const event of Object.values(WebSocketShardEvents)) {
        shard.on(event, (payload: object) => {
          (this.manager.emit as (name: string, data: unknown) => boolean)(event, { ...payload, shardId });
        });
      }
      const closeIfStopped = () => {
        if (!this.state.stopping) return;
        // Not from inside the event: the shard's own wait for READY must settle first, or
        // aborting it schedules another reconnect.
        setImmediate(() => {
          if (statusOf(shard) !== WebSocketShardStatus.Ready) return;
          this.logger.info({ shardId }, 'a gateway shard came back after shutdown; closing it');
          void this.destroyOnce(shard, { code: 1000, reason: 'Rapporteur is stopping' });
        });
      };
      shard.on(WebSocketShardEvents.Ready, closeIfStopped);
      shard.on(WebSocketShardEvents.Resumed, closeIfStopped);
      this.shards.set(shardId, shard);
      this.everSpawned.add(shard);
    }
  }

  async connect(): Promise<void> {
    await Promise.all(this.shards.map((shard) => shard.connect()));
  }

  /**
   * Destroys every shard. Before a stop this is the manager re-spawning shards (it destroys
   * them first); after it, each shard is allowed to settle before it is destroyed.
   */
  async destroy(options: Omit<WebSocketShardDestroyOptions, 'recover'> = {}): Promise<void> {
    const stopping = this.state.stopping;
    const shards = stopping ? [...this.everSpawned] : [...this.shards.values()];
    await Promise.all(
      shards.map((shard) => (stopping ? this.retire(shard, options) : this.destroyOnce(shard, options))),
    );
    this.shards.clear();
  }

  async send(shardId: number, payload: GatewaySendPayload): Promise<void> {
    const shard = this.shards.get(shardId);
    if (!shard) throw new RangeError(`Shard ${shardId} not found`);
    await shard.send(payload);
  }

  fetchStatus(): Awaited<ReturnType<IShardingStrategy['fetchStatus']>> {
    // @discordjs/ws bundles its own copy of Collection; both are Maps with the same methods.
    return this.shards.mapValues((shard) => shard.status) as unknown as Awaited<
      ReturnType<IShardingStrategy['fetchStatus']>
    >;
  }

  /**
   * One destroy at a time per shard: two concurrent destroys of a connected shard overwrite
   * each other's close handler and the first never returns.
   */
  private destroyOnce(shard: WebSocketShard, options: WebSocketShardDestroyOptions): Promise<void> {
    let pending = this.destroying.get(shard);
    if (!pending) {
      pending = shard
        .destroy(options)
        .catch((error: unknown) => {
          this.logger.warn({ shardId: shard.id, err: messageOf(error) }, 'closing a gateway shard failed');
        })
        .finally(() => this.destroying.delete(shard));
      this.destroying.set(shard, pending);
    }
    return pending;
  }

  /** Destroys a shard at a moment when that is clean (see the module comment). */
  private async retire(shard: WebSocketShard, options: Omit<WebSocketShardDestroyOptions, 'recover'>) {
    const started = Date.now();
    if (statusOf(shard) === WebSocketShardStatus.Idle) {
      // Idle is either final or the 500 ms sleep before a reconnect: watch a little longer.
      while (
        statusOf(shard) === WebSocketShardStatus.Idle &&
        Date.now() - started < RECONNECT_SLEEP_WATCH_MS
      ) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      if (statusOf(shard) === WebSocketShardStatus.Idle) return;
    }
    const settled = () =>
      statusOf(shard) === WebSocketShardStatus.Ready || this.state.atThrottle.has(shard.id);
    if (!settled()) {
      const left = Math.max(0, this.settleTimeoutMs - (Date.now() - started));
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), left);
      try {
        await Promise.race([
          once(shard, WebSocketShardEvents.Ready, { signal: controller.signal }),
          once(shard, WebSocketShardEvents.Resumed, { signal: controller.signal }),
          (async () => {
            while (!this.state.atThrottle.has(shard.id)) {
              await once(this.state, 'throttle', { signal: controller.signal });
            }
          })(),
        ]);
      } catch {
        this.logger.warn(
          {
            shardId: shard.id,
            waitedMs: Date.now() - started,
            status: WebSocketShardStatus[statusOf(shard)],
          },
          'gateway shard did not settle before shutdown; closing it anyway',
        );
      } finally {
        clearTimeout(timer);
        controller.abort();
      }
    }
    // Let the shard's own wait for READY settle before aborting anything (see spawn).
    await new Promise((resolve) => setImmediate(resolve));
    if (statusOf(shard) !== WebSocketShardStatus.Idle) await this.destroyOnce(shard, options);
  }
}

/** The gateway pieces for a discord.js Client (`ws: { buildStrategy, buildIdentifyThrottler }`). */
export function createStoppableGateway(options: StoppableGatewayOptions = {}): StoppableGateway {
  const state = new StopState();
  const logger = options.logger ?? silentLogger;
  const settleTimeoutMs = options.settleTimeoutMs ?? 10_000;
  return {
    buildStrategy: (manager) => new StoppableShardingStrategy(manager, state, settleTimeoutMs, logger),
    async buildIdentifyThrottler(manager) {
      // As @discordjs/ws builds its own: one identify per 5 s per concurrency bucket.
      const info = await manager.fetchGatewayInformation();
      return new StoppableIdentifyThrottler(
        new SimpleIdentifyThrottler(info.session_start_limit.max_concurrency),
        state,
      );
    },
    stop() {
      state.stopping = true;
    },
  };
}

/** Read through a function: the status changes under awaits, which type narrowing cannot see. */
function statusOf(shard: WebSocketShard): WebSocketShardStatus {
  return shard.status;
}
