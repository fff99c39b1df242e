import { Agent, createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RapporteurError } from '../../src/core/errors.js';
import type { Address, Notifier, OutgoingMessage } from '../../src/core/ports/index.js';
import { renderPlain } from '../../src/core/reply.js';
import type { Platform } from '../../src/core/store.js';

/**
 * A chat platform's message endpoint on 127.0.0.1, for job tests and benchmarks. It records
 * every request, answers from a script (429 with Retry-After, 500...), and creates a message
 * for each accepted post, de-duplicating by `nonce` when `enforce_nonce` is set, as Discord
 * does, so a resend after a crash can be told apart from a second message.
 */

/** One request as the sink received it. */
export interface SinkRequest {
  at: number;
  path: string;
  body: SinkBody;
  /** The status the sink answered. */
  status: number;
}

/** What the sink notifier posts. */
export interface SinkBody {
  content: string;
  title: string;
  nonce?: string;
  enforce_nonce?: boolean;
  threadKey?: string;
  zone?: string;
}

/** A message the sink created. */
export interface SinkMessage {
  id: string;
  at: number;
  path: string;
  body: SinkBody;
}

/** A scripted answer for the next request. */
export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
}

export interface HttpSink {
  readonly url: string;
  readonly requests: SinkRequest[];
  readonly messages: SinkMessage[];
  /** Answers the next requests with these, in order; then 200 again. */
  script(...responses: ScriptedResponse[]): void;
  /** Called when a request arrives, before it is answered (the message is already created). */
  onRequest(listener: (request: SinkRequest) => void): void;
  /** Holds answers (not message creation) until `release()`; simulates a slow platform. */
  hold(): void;
  release(): void;
  /** Resolves when `count` messages exist, or rejects after `timeoutMs`. */
  waitForMessages(count: number, timeoutMs?: number): Promise<SinkMessage[]>;
  reset(): void;
  close(): Promise<void>;
}

/** Starts a sink on 127.0.0.1 and a random port. */
export async function createHttpSink(): Promise<HttpSink> {
  const requests: SinkRequest[] = [];
  const messages: SinkMessage[] = [];
  const byNonce = new Map<string, SinkMessage>();
  let scripted: ScriptedResponse[] = [];
  const listeners: Array<(r: SinkRequest) => void> = [];
  let holding = false;
  let held: Array<() => void> = [];
  let waiters: Array<() => void> = [];
  let counter = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: SinkBody;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as SinkBody;
    } catch {
      res.writeHead(400).end('{"error":"bad json"}');
      return;
    }
    const next = scripted.shift() ?? { status: 200 };
    const request: SinkRequest = { at: Date.now(), path: req.url ?? '/', body, status: next.status };
    requests.push(request);
    let message: SinkMessage | undefined;
    if (next.status >= 200 && next.status < 300) {
      const existing = body.enforce_nonce && body.nonce ? byNonce.get(body.nonce) : undefined;
      message = existing;
      if (!message) {
        message = { id: `m${++counter}`, at: request.at, path: request.path, body };
        messages.push(message);
        if (body.nonce) byNonce.set(body.nonce, message);
      }
      for (const w of waiters.splice(0)) w();
    }
    for (const l of listeners) l(request);
    if (holding) await new Promise<void>((resolve) => held.push(resolve));
    if (res.destroyed) return;
    res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
    res.end(JSON.stringify(message ? { id: message.id } : { error: `scripted ${next.status}` }));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    messages,
    script: (...responses) => {
      scripted.push(...responses);
    },
    onRequest: (listener) => {
      listeners.push(listener);
    },
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const r of held.splice(0)) r();
    },
    waitForMessages: (count, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length >= count) {
            clearTimeout(timer);
            resolve(messages.slice());
            return true;
          }
          return false;
        };
        const timer = setTimeout(
          () => reject(new Error(`sink: ${messages.length} of ${count} messages after ${timeoutMs} ms`)),
          timeoutMs,
        );
        if (check()) return;
        const again = () => {
          if (!check()) waiters.push(again);
        };
        waiters.push(again);
      }),
    reset: () => {
      requests.length = 0;
      messages.length = 0;
      byNonce.clear();
      scripted = [];
      held = [];
      waiters = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of held.splice(0)) r();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Options of `createSinkNotifier`. */
export interface SinkNotifierOptions {
  url: string;
  platform?: Platform;
  /** Send the delivery's idempotency key as a nonce the sink enforces (Discord-like); default true. */
  useNonce?: boolean;
  timeoutMs?: number;
}

/**
 * A Notifier that posts to the sink and maps its answers the way the real adapters map their
 * platform's: 429 -> RATE_LIMITED with Retry-After, 5xx and network errors -> UNAVAILABLE,
 * 404 -> NOT_FOUND, 403 -> PERMISSION_DENIED.
 */
export function createSinkNotifier(options: SinkNotifierOptions): Notifier {
  const platform = options.platform ?? 'discord';
  const useNonce = options.useNonce ?? true;
  // Kept-alive connections, as a real platform client keeps them.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  return {
    platform,
    async send(address: Address, message: OutgoingMessage) {
      const path = address.channel
        ? `/channels/${encodeURIComponent(address.channel)}/messages`
        : `/users/${encodeURIComponent(address.user ?? 'unknown')}/messages`;
      const body: SinkBody = {
        content: renderPlain(message.reply, message.zone ?? 'UTC'),
        title: message.reply.title,
        ...(useNonce ? { nonce: message.idempotencyKey, enforce_nonce: true } : {}),
        ...(message.threadKey === undefined ? {} : { threadKey: message.threadKey }),
        ...(message.zone === undefined ? {} : { zone: message.zone }),
      };
      let res: { status: number; retryAfter: string | undefined; text: string };
      try {
        res = await post(`${options.url}${path}`, JSON.stringify(body), agent, options.timeoutMs ?? 5_000);
      } catch (err) {
        throw new RapporteurError(
          'UNAVAILABLE',
          `sink unreachable: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      const text = res.text;
      if (res.status === 429) {
        const retryAfter = Number(res.retryAfter ?? '1');
        throw new RapporteurError('RATE_LIMITED', 'sink rate limit', {
          details: { retryAfterMs: Math.round(retryAfter * 1000) },
        });
      }
      if (res.status >= 500) throw new RapporteurError('UNAVAILABLE', `sink answered ${res.status}`);
      if (res.status === 404) throw new RapporteurError('NOT_FOUND', 'sink: unknown channel');
      if (res.status === 403) throw new RapporteurError('PERMISSION_DENIED', 'sink: missing access');
      if (res.status < 200 || res.status > 299)
        throw new RapporteurError('INVALID_ARGUMENT', `sink answered ${res.status}`);
      return { messageId: (JSON.parse(text) as { id: string }).id };
    },
  };
}

/** One JSON POST over node:http. */
function post(
  url: string,
  body: string,
  agent: Agent,
  timeoutMs: number,
): Promise<{ status: number; retryAfter: string | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'],
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
