import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailAnswers } from '../../src/bots/email/answers.js';
import { memoryDedupe, redisDedupe, redisLimiter } from '../../src/bots/shared/shared-state.js';
import { mailSetup } from '../../src/core/email/inbound.js';
import { silentLogger } from '../../src/core/ports/index.js';
import { reply } from '../../src/core/reply.js';
import { REDIS_URL, serviceUp, uniquePrefix } from '../helpers/services.js';

/**
 * Two bot processes serving one deployment agree through the real Redis: a limit spent by
 * one is spent for the other, and a delivery one handled is a duplicate for the other.
 */

const redisUp = await serviceUp('redis');

describe.skipIf(!redisUp)('shared bot state in Redis (two processes)', () => {
  const prefix = uniquePrefix('bots');
  let a: Redis;
  let b: Redis;
  beforeAll(() => {
    a = new Redis(REDIS_URL);
    b = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    const keys = await a.keys(`${prefix}*`);
    if (keys.length > 0) await a.del(...keys);
    a.disconnect();
    b.disconnect();
  });

  it('counts one limit across two limiters with the same prefix, and keeps other prefixes apart', async () => {
    const one = redisLimiter({ redis: a, keyPrefix: `${prefix}limit`, points: 3, windowMs: 60_000 });
    const two = redisLimiter({ redis: b, keyPrefix: `${prefix}limit`, points: 3, windowMs: 60_000 });
    const other = redisLimiter({ redis: b, keyPrefix: `${prefix}other`, points: 3, windowMs: 60_000 });
    const decisions = [
      await one.consume('k'),
      await two.consume('k'),
      await one.consume('k'),
      await two.consume('k'),
    ];
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3]?.retryAfterMs).toBeGreaterThan(0);
    expect((await other.consume('k')).allowed).toBe(true);
    expect((await one.consume('another key')).allowed).toBe(true);
  });

  it('runs a redelivery once, whichever process it lands on', async () => {
    const one = redisDedupe({ redis: a, keyPrefix: `${prefix}dedupe:` });
    const two = redisDedupe({ redis: b, keyPrefix: `${prefix}dedupe:` });
    expect(await one.firstSeen('Ev01')).toBe(true);
    expect(await two.firstSeen('Ev01')).toBe(false);
    expect(await one.firstSeen('Ev01')).toBe(false);
    expect(await two.firstSeen('Ev02')).toBe(true);
  });

  it('shares the mail answer limit between two mail bots', async () => {
    const setup = mailSetup({ lists: [], botAddress: 'bot@example.net', otherOwnAddresses: [] });
    const sent: string[] = [];
    const sender = {
      async send(message: { idempotencyKey: string }) {
        sent.push(message.idempotencyKey);
        return { messageId: `<${message.idempotencyKey}@example.net>` };
      },
    };
    const bot = () =>
      createMailAnswers({
        sender: sender as never,
        setup,
        fromAddress: 'bot@example.net',
        clock: { now: () => new Date() },
        rateLimit: { windowMs: 60_000, max: 2 },
        limiter: (name, points, windowMs) =>
          redisLimiter({ redis: a, keyPrefix: `${prefix}answers:${name}`, points, windowMs }),
      });
    const [first, second] = [bot(), bot()];
    const triage = { replyThread: { references: [] } } as never;
    const body = reply('Answer');
    const outcomes = [
      await first.answer('Ana@Example.org', triage, 'm1', body, undefined, silentLogger),
      await second.answer('ana@example.org', triage, 'm2', body, undefined, silentLogger),
      await first.answer('ana@example.org', triage, 'm3', body, undefined, silentLogger),
    ];
    expect(outcomes.map((o) => o.kind)).toEqual(['answered', 'answered', 'not-answered']);
    expect(sent).toEqual(['m1', 'm2']);
  });
});

describe('shared bot state without Redis', () => {
  it('still limits and deduplicates in this process when Redis cannot be reached', async () => {
    const dead = new Redis('redis://127.0.0.1:1', {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    dead.on('error', () => undefined);
    try {
      const limiter = redisLimiter({ redis: dead, keyPrefix: 'nowhere', points: 1, windowMs: 60_000 });
      expect((await limiter.consume('k')).allowed).toBe(true);
      expect((await limiter.consume('k')).allowed).toBe(false);
      const dedupe = redisDedupe({ redis: dead, keyPrefix: 'nowhere:' });
      expect(await dedupe.firstSeen('Ev')).toBe(true);
      expect(await dedupe.firstSeen('Ev')).toBe(false);
    } finally {
      dead.disconnect();
    }
  });

  it('keeps the in-memory dedupe bounded, forgetting the least recently seen', () => {
    const dedupe = memoryDedupe({ max: 2 });
    expect(dedupe.firstSeen('a')).toBe(true);
    expect(dedupe.firstSeen('b')).toBe(true);
    expect(dedupe.firstSeen('c')).toBe(true);
    expect(dedupe.firstSeen('a')).toBe(true);
    expect(dedupe.firstSeen('c')).toBe(false);
  });
});
