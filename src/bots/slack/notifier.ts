import { LRUCache } from 'lru-cache';
import { RapporteurError } from '../../core/errors.js';
import type { Address, Notifier, OutgoingMessage } from '../../core/ports/index.js';
import { type Clock, type Logger, systemClock } from '../../core/ports/index.js';
import type { Reply } from '../../core/reply.js';
import { type SlackWebClient, slackError } from './client.js';
import { type UploadedFile, type UploadOptions, uploadSlackFile } from './files.js';
import { renderSlackReply, type SlackFile, type SlackRenderedReply } from './render.js';

/**
 * Posts alerts, reminders and digests to Slack channels. It renders the Reply, posts it,
 * uploads the full report or attachments into the message's thread, waits out short
 * rate limits (Retry-After) itself and turns every other failure into a RapporteurError
 * whose code tells the job layer what to do: NOT_FOUND / PERMISSION_DENIED are permanent
 * (a person must fix the channel or the app), RATE_LIMITED (with `details.retryAfterMs`),
 * UNAVAILABLE and TIMEOUT are worth retrying.
 *
 * Once the message is posted, a failed file upload does not fail the delivery: retrying
 * the job would post the message twice. The failure is reported in `fileErrors`.
 *
 * Slack has no idempotency key for chat.postMessage: a delivery retried after Slack posted
 * but the answer was lost is posted twice. The notifier remembers the keys it delivered
 * (per process), which covers a job retried after a later step failed.
 */

/** Where to post. */
export interface SlackTarget {
  /** Channel ID (C…/G…), or a user ID to post in the app's DM with them. */
  channel: string;
  /** Reply in this thread. */
  threadTs?: string;
}

/** What was delivered. */
export interface SlackDelivery {
  channel: string;
  ts: string;
  truncated: boolean;
  files: UploadedFile[];
  /** Files that could not be uploaded; the message itself was posted. */
  fileErrors: { filename: string; error: RapporteurError }[];
}

export interface SlackNotifierOptions {
  client: SlackWebClient;
  logger: Logger;
  clock?: Clock;
  /** Zone for times where Slack cannot localise them. Default UTC. */
  zone?: string;
  /** Longest Retry-After waited out in place; longer ones fail with RATE_LIMITED. Default 10 s. */
  maxRetryWaitMs?: number;
  /** Attempts per call when rate-limited. Default 3. */
  maxAttempts?: number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  upload?: UploadOptions;
  /** Where the first message of each thread key was posted; default in memory. */
  threads?: SlackThreadMemory;
}

/** Remembers the message that opened each thread (`threadKey` per channel). */
export interface SlackThreadMemory {
  get(key: string): Promise<string | undefined> | string | undefined;
  set(key: string, ts: string): Promise<void> | void;
  delete(key: string): Promise<void> | void;
}

/** A bounded in-memory SlackThreadMemory. */
export function memoryThreads(max = 5000): SlackThreadMemory {
  const map = new LRUCache<string, string>({ max });
  return {
    get: (key) => map.get(key),
    set(key, ts) {
      map.set(key, ts);
    },
    delete: (key) => {
      map.delete(key);
    },
  };
}

/** The Slack Notifier port, plus direct posting for the app itself. */
export interface SlackNotifier extends Notifier {
  /** Renders `reply` and posts it to `target`; uploads files into the message's thread. */
  post(target: SlackTarget, reply: Reply, options?: { zone?: string }): Promise<SlackDelivery>;
  /** Replaces a message the bot posted earlier (e.g. a reminder whose meeting moved). */
  update(
    target: { channel: string; ts: string },
    reply: Reply,
    options?: { zone?: string },
  ): Promise<SlackDelivery>;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A notifier over a Web API client configured with slackClientOptions (rate limits rejected, not queued). */
export function createSlackNotifier(options: SlackNotifierOptions): SlackNotifier {
  const { client } = options;
  const logger = options.logger.child({ component: 'slack-notifier' });
  const clock = options.clock ?? systemClock;
  const maxWait = options.maxRetryWaitMs ?? 10_000;
  const maxAttempts = options.maxAttempts ?? 3;
  const sleep = options.sleep ?? delay;
  const threads = options.threads ?? memoryThreads();
  const delivered = memoryThreads(10_000);

  async function call<T>(action: string, method: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        const e = slackError(err, { action, method });
        const wait = Number(e.details?.retryAfterMs ?? 0);
        if (e.code === 'RATE_LIMITED' && attempt < maxAttempts && wait <= maxWait) {
          logger.warn({ method, retryAfterMs: wait, attempt }, 'slack rate limit; waiting');
          await sleep(wait);
          continue;
        }
        throw e;
      }
    }
  }

  async function uploadAll(
    rendered: SlackRenderedReply,
    channel: string,
    threadTs: string,
  ): Promise<Pick<SlackDelivery, 'files' | 'fileErrors'>> {
    const files: UploadedFile[] = [];
    const fileErrors: SlackDelivery['fileErrors'] = [];
    for (const file of rendered.files) {
      try {
        files.push(
          await call(`uploading ${file.filename}`, 'files.uploadExternal', () =>
            uploadSlackFile(client, uploadOf(file, channel, threadTs), options.upload),
          ),
        );
      } catch (err) {
        const error = slackError(err, { action: `uploading ${file.filename}` });
        logger.warn({ channel, code: error.code, filename: file.filename }, 'slack file upload failed');
        fileErrors.push({ filename: file.filename, error });
      }
    }
    return { files, fileErrors };
  }

  const notifier: SlackNotifier = {
    platform: 'slack',

    async send(address: Address, message: OutgoingMessage) {
      const channel = address.channel ?? address.user;
      if (address.platform !== 'slack' || !channel) {
        throw new RapporteurError('INVALID_ARGUMENT', 'A Slack delivery needs a Slack channel or user.', {
          details: { platform: address.platform },
        });
      }
      const done = await delivered.get(message.idempotencyKey);
      if (done !== undefined) return { messageId: done };
      const threadKey = message.threadKey === undefined ? undefined : `${channel}\u0000${message.threadKey}`;
      let threadTs = threadKey === undefined ? undefined : await threads.get(threadKey);
      const zone = message.zone === undefined ? {} : { zone: message.zone };
      let delivery: SlackDelivery;
      try {
        delivery = await notifier.post({ channel, ...(threadTs ? { threadTs } : {}) }, message.reply, zone);
      } catch (err) {
        // The message that opened the thread was deleted: start a new thread.
        if (
          threadKey === undefined ||
          threadTs === undefined ||
          !(err instanceof RapporteurError) ||
          err.code !== 'NOT_FOUND'
        ) {
          throw err;
        }
        await threads.delete(threadKey);
        threadTs = undefined;
        delivery = await notifier.post({ channel }, message.reply, zone);
      }
      if (threadKey !== undefined && threadTs === undefined) await threads.set(threadKey, delivery.ts);
      const messageId = `${delivery.channel}:${delivery.ts}`;
      await delivered.set(message.idempotencyKey, messageId);
      return { messageId };
    },

    async post(target, reply, opts = {}) {
      const rendered = renderSlackReply(reply, {
        zone: opts.zone ?? options.zone ?? 'UTC',
        now: clock.now(),
      });
      const action = `posting to ${target.channel}`;
      const res = await call(action, 'chat.postMessage', () =>
        client.chat.postMessage({
          channel: target.channel,
          text: rendered.text,
          blocks: rendered.blocks,
          unfurl_links: false,
          unfurl_media: false,
          ...(target.threadTs === undefined ? {} : { thread_ts: target.threadTs }),
        }),
      );
      const channel = res.channel ?? target.channel;
      const ts = res.ts ?? '';
      const uploads = await uploadAll(rendered, channel, target.threadTs ?? ts);
      logger.info(
        {
          channel,
          ts,
          truncated: rendered.truncated,
          files: uploads.files.length,
          fileErrors: uploads.fileErrors.length,
        },
        'slack message posted',
      );
      return { channel, ts, truncated: rendered.truncated, ...uploads };
    },

    async update(target, reply, opts = {}) {
      const rendered = renderSlackReply(reply, {
        zone: opts.zone ?? options.zone ?? 'UTC',
        now: clock.now(),
      });
      const res = await call(`updating a message in ${target.channel}`, 'chat.update', () =>
        client.chat.update({
          channel: target.channel,
          ts: target.ts,
          text: rendered.text,
          blocks: rendered.blocks,
        }),
      );
      const channel = res.channel ?? target.channel;
      const uploads = await uploadAll(rendered, channel, target.ts);
      logger.info({ channel, ts: target.ts, truncated: rendered.truncated }, 'slack message updated');
      return { channel, ts: target.ts, truncated: rendered.truncated, ...uploads };
    },
  };
  return notifier;
}

function uploadOf(file: SlackFile, channelId: string, threadTs: string) {
  return {
    filename: file.filename,
    content: file.content,
    title: file.title,
    channelId,
    threadTs,
  };
}
