import { request } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackTransport, type SlackTransport } from '../../src/bots/slack/transport.js';
import { loadConfig } from '../../src/config.js';
import type { RapporteurError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/ports/index.js';
import { reply } from '../../src/core/reply.js';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack/server.js';
import { sendSigned, signRequest, slashCommandBody } from '../helpers/slack-signing.js';

/**
 * The doors of HTTP mode: the real Bolt receiver on 127.0.0.1 behind the body guard. A body
 * too large or too slow is refused before Bolt reads, parses or verifies anything; a normal
 * signed request still reaches the handler.
 */

const SECRET = 'body-limit-signing-secret';
const MB = 1024 * 1024;
const BODY_TIMEOUT_MS = 600;

let fake: FakeSlack;
let bot: SlackTransport;
let port: number;
let handled = 0;

beforeAll(async () => {
  fake = await startFakeSlack();
  fake.addChannel({ id: 'C0DOORS', name: 'doors' });
  fake.addUser({ id: 'U0DELEGATE', name: 'delegate', tz: 'Europe/Zurich' });
  bot = createSlackTransport({
    mode: 'http',
    botToken: fake.botToken,
    signingSecret: SECRET,
    slackApiUrl: fake.apiUrl,
    port: 0,
    host: '127.0.0.1',
    commands: ['/rapporteur'],
    logger: silentLogger,
    maxFileBytes: MB,
    downloadTimeoutMs: 2000,
    clientRetries: 0,
    maxBodyBytes: loadConfig({}).slack?.maxBodyBytes ?? 512 * 1024,
    bodyTimeoutMs: BODY_TIMEOUT_MS,
    handlers: {
      async command() {
        handled++;
        return reply('Following', { summary: 'ok' });
      },
    },
  });
  ({ port } = (await bot.start()) as { port: number });
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
});

interface Outcome {
  status: number | string;
  body: string;
  /** ms from the first byte sent to the answer's headers. */
  answeredMs: number;
  /** ms from the first byte sent to the socket closing. */
  closedMs: number;
  sentBytes: number;
  /** Largest growth of this process's resident memory while the request ran. */
  rssGrowthMb: number;
}

/** Streams `body` to the Slack endpoint and records what came back, when, and the memory used. */
function post(body: Readable, headers: Record<string, string> = {}): Promise<Outcome> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const t0 = performance.now();
  return new Promise((resolve) => {
    const out: Outcome = {
      status: 'no answer',
      body: '',
      answeredMs: Number.NaN,
      closedMs: Number.NaN,
      sentBytes: 0,
      rssGrowthMb: 0,
    };
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/slack/events',
      headers: { 'content-type': 'application/json', ...headers },
    });
    body.on('data', (c: Buffer) => {
      out.sentBytes += c.length;
    });
    req.on('response', (res) => {
      out.status = res.statusCode ?? 0;
      out.answeredMs = performance.now() - t0;
      res.setEncoding('utf8');
      res.on('data', (t: string) => {
        out.body += t;
      });
      // The test is done with the upload once the answer is in.
      res.on('end', () => body.destroy());
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (out.status === 'no answer') out.status = err.code ?? err.message;
    });
    req.on('close', () => {
      out.closedMs = performance.now() - t0;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      out.rssGrowthMb = (peak - baseline) / MB;
      resolve(out);
    });
    body.pipe(req);
  });
}

/** `total` bytes of JSON-ish filler, produced as it is read (never held in memory). */
function bigBody(total: number): Readable {
  let sent = 0;
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  return new Readable({
    read() {
      if (sent >= total) {
        this.push(null);
        return;
      }
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

/** A body that trickles one byte every `everyMs` (a slow-loris upload). */
function slowBody(everyMs: number): Readable {
  let timer: NodeJS.Timeout | undefined;
  return new Readable({
    read() {
      timer ??= setInterval(() => this.push('{'), everyMs);
    },
    destroy(err, cb) {
      clearInterval(timer);
      cb(err);
    },
  });
}

describe('Slack HTTP mode refuses bodies before reading them', () => {
  it('answers a 600 MB streamed body with 413 within 1 s, using under 100 MB', async () => {
    const before = handled;
    const out = await post(bigBody(600 * MB), signRequest(SECRET, '{}', 'application/json').headers);
    expect(out.status).toBe(413);
    expect(out.body).toContain('larger than 512 KB');
    expect(out.answeredMs).toBeLessThan(1_000);
    expect(out.rssGrowthMb).toBeLessThan(100);
    expect(out.sentBytes).toBeLessThan(600 * MB);
    expect(handled).toBe(before);
    expect(bot.bodyGuard?.stats.tooLarge).toBeGreaterThanOrEqual(1);
  });

  it('refuses a declared length over the limit at once, without reading it', async () => {
    const out = await post(bigBody(600 * MB), { 'content-length': String(600 * MB) });
    expect(out.status).toBe(413);
    expect(out.answeredMs).toBeLessThan(1_000);
    expect(out.rssGrowthMb).toBeLessThan(100);
  });

  it('cuts off a slow-loris body with 408 at the time limit and closes the socket', async () => {
    const out = await post(slowBody(50), { 'content-length': '100000' });
    expect(out.status).toBe(408);
    expect(out.body).toContain('not received within 0.6 s');
    expect(out.answeredMs).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 50);
    expect(out.answeredMs).toBeLessThan(BODY_TIMEOUT_MS + 500);
    // Closed by the server (the slow client would go on for ever): within the linger time.
    expect(out.closedMs).toBeLessThan(BODY_TIMEOUT_MS + 3_000);
    expect(bot.bodyGuard?.stats.tooSlow).toBeGreaterThanOrEqual(1);
  });

  it('still serves a normal signed slash command and the health check', async () => {
    const before = handled;
    const body = slashCommandBody({
      command: '/rapporteur',
      text: 'follow Vision',
      userId: 'U0DELEGATE',
      channelId: 'C0DOORS',
      responseUrl: fake.responseUrl('C0DOORS'),
    });
    const res = await sendSigned(`http://127.0.0.1:${port}/slack/events`, SECRET, body, 'form');
    expect(res.status).toBe(200);
    for (let i = 0; i < 100 && handled === before; i++) await new Promise((r) => setTimeout(r, 20));
    expect(handled).toBe(before + 1);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const unknown = await fetch(`http://127.0.0.1:${port}/elsewhere`);
    expect(unknown.status).toBe(404);
  });

  it('still refuses a small forged request (the guard does not replace the signature check)', async () => {
    const res = await sendSigned(`http://127.0.0.1:${port}/slack/events`, SECRET, '{}', 'json', {
      wrongSecret: true,
    });
    expect(res.status).toBe(401);
  });
});

describe('SLACK_MAX_BODY_KB', () => {
  it('defaults to 512 KB and is read in KB', () => {
    const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_MODE: 'http', SLACK_SIGNING_SECRET: 's' };
    expect(loadConfig(base).slack?.maxBodyBytes).toBe(512 * 1024);
    expect(loadConfig({ ...base, SLACK_MAX_BODY_KB: '64' }).slack?.maxBodyBytes).toBe(64 * 1024);
  });

  it('refuses a value out of range, naming the variable', () => {
    for (const bad of ['0', 'lots', '999999']) {
      try {
        loadConfig({ SLACK_MAX_BODY_KB: bad });
        expect.unreachable();
      } catch (err) {
        expect((err as RapporteurError).code).toBe('CONFIG_INVALID');
        expect((err as RapporteurError).message).toContain('SLACK_MAX_BODY_KB');
      }
    }
  });
});
