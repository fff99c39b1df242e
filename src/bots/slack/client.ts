import { LogLevel, type Logger as SlackLogger, webApi } from '@slack/bolt';
import { RapporteurError } from '../../core/errors.js';
import type { Logger } from '../../core/ports/index.js';

/** The Web API client (@slack/web-api, as bundled with Bolt). */
export type SlackWebClient = webApi.WebClient;

/**
 * The Slack Web API client as Rapporteur uses it, and the translation of Slack's failures
 * into Rapporteur's error codes. One set of client options serves the Bolt app and the
 * notifier, so both honour SLACK_API_URL, time out, and leave rate limits to the caller.
 */

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

export interface SlackClientSettings {
  logger: Logger;
  /** Web API base (GovSlack, a proxy, a test fake); default https://slack.com/api/. */
  slackApiUrl?: string;
  /** Retries of a call that failed with 5xx or a network error. Default 2. */
  retries?: number;
  /** First retry delay; doubles each time. Default 500 ms. */
  minRetryDelayMs?: number;
  /** Budget for one HTTP request to Slack. Default 15 s. */
  timeoutMs?: number;
  /** Forward the SDK's debug lines (they can hold message text; keep off in production). */
  sdkDebug?: boolean;
}

/**
 * Options for `new WebClient()` and for Bolt's `clientOptions`. Rate-limited calls are
 * rejected rather than waited out inside the SDK (which pauses every call for up to the
 * Retry-After), so the notifier and the job queue decide when to try again.
 */
export function slackClientOptions(settings: SlackClientSettings): webApi.WebClientOptions {
  const min = settings.minRetryDelayMs ?? 500;
  return {
    slackApiUrl: settings.slackApiUrl ?? DEFAULT_SLACK_API_URL,
    logger: slackLogger(settings.logger, settings.sdkDebug ?? false),
    rejectRateLimitedCalls: true,
    retryConfig: {
      retries: settings.retries ?? 2,
      factor: 2,
      minTimeout: min,
      maxTimeout: min * 8,
      randomize: true,
    },
    timeout: settings.timeoutMs ?? 15_000,
  };
}

/** A Web API client for `token` with {@link slackClientOptions}. */
export function createSlackWebClient(token: string, settings: SlackClientSettings): webApi.WebClient {
  return new webApi.WebClient(token, slackClientOptions(settings));
}

/**
 * Why a Web API base URL is unsafe or unusable, or undefined when it is fine. The bot
 * token travels to this address on every call, so plain http is accepted only for
 * loopback (tests, a local proxy).
 */
export function slackApiUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `SLACK_API_URL is not a URL: ${url}`;
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
    return 'SLACK_API_URL must use https (plain http only for 127.0.0.1/localhost): the bot token is sent to it';
  }
  if (!parsed.pathname.endsWith('/'))
    return 'SLACK_API_URL must end with a slash, e.g. https://slack.com/api/';
  return undefined;
}

/**
 * Bolt and the Web API client log through @slack/logger; this forwards their lines to
 * Rapporteur's structured logger. Debug lines are dropped unless asked for, because the
 * SDK writes request bodies (message text) at debug level.
 */
export function slackLogger(logger: Logger, sdkDebug = false): SlackLogger {
  let level: LogLevel = LogLevel.INFO;
  let name = 'slack';
  const line = (parts: unknown[]) =>
    parts
      .map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p)))
      .join(' ')
      .slice(0, 500);
  return {
    debug: (...parts) => {
      if (sdkDebug) logger.debug({ sdk: name }, line(parts));
    },
    info: (...parts) => {
      if (level !== LogLevel.WARN && level !== LogLevel.ERROR) logger.info({ sdk: name }, line(parts));
    },
    warn: (...parts) => {
      if (level !== LogLevel.ERROR) logger.warn({ sdk: name }, line(parts));
    },
    error: (...parts) => logger.error({ sdk: name }, line(parts)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n) => {
      name = n;
    },
  };
}

/** Slack errors that mean the target does not exist (any more). */
const NOT_FOUND = new Set([
  'channel_not_found',
  'message_not_found',
  'thread_not_found',
  'file_not_found',
  'file_deleted',
  'user_not_found',
  'users_not_found',
]);

/** Slack errors that mean the bot may not do this, now or ever, until someone acts. */
const DENIED = new Set([
  'not_in_channel',
  'is_archived',
  'account_inactive',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'ekm_access_denied',
  'access_denied',
  'team_access_not_granted',
  'not_allowed_token_type',
  'user_not_in_channel',
  'cannot_dm_bot',
  'channel_is_archived',
]);

/** Our payload broke a Slack limit: a renderer bug, not worth retrying. */
const TOO_BIG = new Set(['msg_too_long', 'msg_blocks_too_long', 'invalid_blocks', 'too_many_attachments']);

/** Slack's own trouble: worth retrying later. */
const SLACK_DOWN = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
]);

const HINTS: Record<string, string> = {
  channel_not_found: 'Check the channel ID; for a private channel, invite the bot to it first.',
  not_in_channel: 'Invite the bot to the channel (/invite @Rapporteur) and try again.',
  is_archived: 'The channel is archived: unarchive it or choose another channel for alerts.',
  channel_is_archived: 'The channel is archived: unarchive it or choose another channel for alerts.',
  account_inactive: 'The bot was removed or the workspace deactivated it: reinstall the Slack app.',
  invalid_auth:
    'The bot token is wrong or revoked: set SLACK_BOT_TOKEN to the Bot User OAuth Token (xoxb-...).',
  not_authed: 'No bot token was sent: set SLACK_BOT_TOKEN.',
  token_revoked: 'The bot token was revoked: reinstall the Slack app and update SLACK_BOT_TOKEN.',
  missing_scope: 'The Slack app lacks a scope: add it in the app manifest and reinstall the app.',
  user_not_in_channel: 'The user is not in that channel.',
};

/** Where a Slack call failed, for the message and the logs. */
export interface SlackCallContext {
  /** What we were doing, e.g. "posting to C0GENERAL". */
  action: string;
  method?: string;
}

interface SlackSdkError {
  code?: string;
  data?: { error?: string; needed?: string };
  retryAfter?: number;
  statusCode?: number;
  original?: { code?: string; message?: string };
  message?: string;
}

/**
 * Turns any failure of a Slack call into a RapporteurError whose code decides its fate:
 * NOT_FOUND and PERMISSION_DENIED are permanent (someone must fix the channel, the token or
 * the scopes), RATE_LIMITED carries `details.retryAfterMs`, UNAVAILABLE and TIMEOUT are
 * worth retrying, LIMIT_EXCEEDED and INTERNAL are bugs on our side.
 */
export function slackError(err: unknown, ctx: SlackCallContext): RapporteurError {
  if (err instanceof RapporteurError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as SlackSdkError;
  const details: Record<string, unknown> = { ...(ctx.method === undefined ? {} : { method: ctx.method }) };
  switch (e.code) {
    case webApi.ErrorCode.RateLimitedError: {
      const retryAfterMs = Math.max(1, e.retryAfter ?? 1) * 1000;
      return new RapporteurError('RATE_LIMITED', `Slack is rate-limiting us while ${ctx.action}.`, {
        hint: `Try again in ${Math.ceil(retryAfterMs / 1000)} s.`,
        details: { ...details, retryAfterMs },
        cause: err,
      });
    }
    case webApi.ErrorCode.PlatformError: {
      const slack = e.data?.error ?? 'unknown_error';
      const more = {
        ...details,
        slackError: slack,
        ...(e.data?.needed ? { neededScope: e.data.needed } : {}),
      };
      const hint =
        HINTS[slack] ??
        (e.data?.needed ? `Add the ${e.data.needed} scope and reinstall the app.` : undefined);
      const options = { ...(hint === undefined ? {} : { hint }), details: more, cause: err };
      if (NOT_FOUND.has(slack))
        return new RapporteurError('NOT_FOUND', `Slack: ${slack} while ${ctx.action}.`, options);
      if (DENIED.has(slack)) {
        return new RapporteurError(
          'PERMISSION_DENIED',
          `Slack refused (${slack}) while ${ctx.action}.`,
          options,
        );
      }
      if (TOO_BIG.has(slack)) {
        return new RapporteurError(
          'LIMIT_EXCEEDED',
          `Slack rejected the message (${slack}) while ${ctx.action}.`,
          {
            hint: 'This is a bug in the Slack renderer; please report it with the command you ran.',
            details: more,
            cause: err,
          },
        );
      }
      if (SLACK_DOWN.has(slack)) {
        return new RapporteurError('UNAVAILABLE', `Slack had a problem (${slack}) while ${ctx.action}.`, {
          hint: 'It is usually temporary; Rapporteur will try again.',
          details: more,
          cause: err,
        });
      }
      return new RapporteurError('INTERNAL', `Slack answered ${slack} while ${ctx.action}.`, options);
    }
    case webApi.ErrorCode.HTTPError: {
      const status = e.statusCode ?? 0;
      if (status === 429) {
        return new RapporteurError('RATE_LIMITED', `Slack is rate-limiting us while ${ctx.action}.`, {
          details: { ...details, status, retryAfterMs: 30_000 },
          cause: err,
        });
      }
      if (status >= 500) {
        return new RapporteurError('UNAVAILABLE', `Slack answered HTTP ${status} while ${ctx.action}.`, {
          hint: 'Slack is having trouble; Rapporteur will try again.',
          details: { ...details, status },
          cause: err,
        });
      }
      return new RapporteurError('INTERNAL', `Slack answered HTTP ${status} while ${ctx.action}.`, {
        hint: 'Check SLACK_API_URL: it should be the Web API base, e.g. https://slack.com/api/.',
        details: { ...details, status },
        cause: err,
      });
    }
    case webApi.ErrorCode.RequestError: {
      const code = e.original?.code;
      if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(e.original?.message ?? '')) {
        return new RapporteurError('TIMEOUT', `Slack did not answer in time while ${ctx.action}.`, {
          hint: 'Rapporteur will try again.',
          details: { ...details, network: code },
          cause: err,
        });
      }
      return new RapporteurError(
        'UNAVAILABLE',
        `Could not reach Slack while ${ctx.action} (${code ?? 'network error'}).`,
        {
          hint: 'Check the network and SLACK_API_URL; Rapporteur will try again.',
          details: { ...details, network: code },
          cause: err,
        },
      );
    }
    default:
      return new RapporteurError(
        'INTERNAL',
        `Unexpected failure while ${ctx.action}: ${e.message ?? String(err)}`,
        {
          details,
          cause: err,
        },
      );
  }
}
