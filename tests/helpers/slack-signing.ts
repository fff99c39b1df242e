import { createHmac } from 'node:crypto';

/**
 * Builds requests the way Slack sends them to an app in HTTP mode: form-encoded slash
 * commands, `payload=`-wrapped interactions, JSON event callbacks, each signed with the
 * app's signing secret (v0: HMAC-SHA256 over `v0:timestamp:body`). Options produce the
 * requests an app must refuse (bad signature, stale timestamp) and Slack's redeliveries
 * (X-Slack-Retry-Num / X-Slack-Retry-Reason).
 */

export interface SigningOptions {
  /** Seconds since the epoch; default now. Use now - 301 s or older for a stale request. */
  timestamp?: number;
  /** Sign with another secret, as a forger would. */
  wrongSecret?: boolean;
  /** Omit the signature headers altogether. */
  unsigned?: boolean;
  /** Redelivery number (Slack retries events up to three times). */
  retryNum?: number;
  retryReason?: 'http_timeout' | 'http_error' | 'too_many_redirects' | 'unknown_error';
}

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/** The v0 signature Slack puts in X-Slack-Signature. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Signs `body` (already encoded) and returns the headers Slack would send with it. */
export function signRequest(
  secret: string,
  body: string,
  contentType: string,
  options: SigningOptions = {},
): SignedRequest {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': contentType };
  if (!options.unsigned) {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = slackSignature(
      options.wrongSecret ? `${secret}-forged` : secret,
      timestamp,
      body,
    );
  }
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
  }
  return { body, headers };
}

export interface SlashCommandFields {
  command: string;
  text: string;
  userId: string;
  channelId: string;
  responseUrl: string;
  teamId?: string;
  userName?: string;
  channelName?: string;
  triggerId?: string;
}

/** The fields of a slash command invocation (Socket Mode sends them as a JSON object). */
export function slashCommandFields(f: SlashCommandFields): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: f.teamId ?? 'T0WSIS10',
    team_domain: 'wsis-caucus',
    channel_id: f.channelId,
    channel_name: f.channelName ?? f.channelId.toLowerCase(),
    user_id: f.userId,
    user_name: f.userName ?? f.userId.toLowerCase(),
    command: f.command,
    text: f.text,
    api_app_id: 'A0RAPPORT',
    is_enterprise_install: 'false',
    response_url: f.responseUrl,
    trigger_id: f.triggerId ?? `${Date.now()}.${Math.floor(Math.random() * 1e9)}.fake`,
  };
}

/** A slash command invocation, form-encoded as Slack posts it in HTTP mode. */
export function slashCommandBody(f: SlashCommandFields): string {
  return new URLSearchParams(slashCommandFields(f)).toString();
}

export interface BlockActionFields {
  actionId: string;
  value: string;
  userId: string;
  channelId: string;
  responseUrl: string;
  messageTs?: string;
  teamId?: string;
  triggerId?: string;
}

/** A button click, as the `payload` form field of a block_actions interaction. */
export function blockActionBody(f: BlockActionFields): string {
  const payload = {
    type: 'block_actions',
    user: { id: f.userId, username: f.userId.toLowerCase(), team_id: f.teamId ?? 'T0WSIS10' },
    api_app_id: 'A0RAPPORT',
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: f.messageTs ?? '1401800000.000100',
      channel_id: f.channelId,
      is_ephemeral: false,
    },
    trigger_id: f.triggerId ?? `${Date.now()}.${Math.floor(Math.random() * 1e9)}.fake`,
    team: { id: f.teamId ?? 'T0WSIS10', domain: 'wsis-caucus' },
    channel: { id: f.channelId, name: f.channelId.toLowerCase() },
    response_url: f.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: f.actionId,
        block_id: 'b1',
        text: { type: 'plain_text', text: 'button', emoji: true },
        value: f.value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface EventFields {
  event: Record<string, unknown>;
  eventId?: string;
  teamId?: string;
  eventTime?: number;
}

/** An Events API callback, JSON as Slack posts it. */
export function eventBody(f: EventFields): string {
  return JSON.stringify(eventCallback(f));
}

/** The event_callback object (Socket Mode sends it as an envelope's payload). */
export function eventCallback(f: EventFields): Record<string, unknown> {
  return {
    token: 'deprecated-verification-token',
    team_id: f.teamId ?? 'T0WSIS10',
    api_app_id: 'A0RAPPORT',
    event: f.event,
    type: 'event_callback',
    event_id: f.eventId ?? `Ev${Math.floor(Math.random() * 1e12)}`,
    event_time: f.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [
      { team_id: f.teamId ?? 'T0WSIS10', user_id: 'U0RAPPORT', is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  };
}

/** Posts a signed request to an app's endpoint and returns the status, body and time to answer. */
export async function sendSigned(
  url: string,
  secret: string,
  body: string,
  kind: 'form' | 'json',
  options: SigningOptions = {},
): Promise<{ status: number; body: string; ms: number }> {
  const contentType = kind === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
  const signed = signRequest(secret, body, contentType, options);
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', headers: signed.headers, body: signed.body });
  const text = await res.text();
  return { status: res.status, body: text, ms: performance.now() - t0 };
}
