import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { messageOf } from '../../core/errors.js';
import type { Clock, Logger } from '../../core/ports/index.js';
import { systemClock } from '../../core/ports/index.js';

/**
 * State several bot processes must share to behave as one: how many answers went out (so
 * two mail bots reading one mailbox cannot each spend the whole limit) and which platform
 * deliveries were handled already (so a Slack redelivery that lands on another process runs
 * nothing twice). Backed by Redis through rate-limiter-flexible and `SET NX PX`; when Redis
 * fails, each process falls back to its own memory, so a Redis outage costs sharing, never
 * answers or commands.
 */

/** The answer to "may one more go out?". */
export interface LimitDecision {
  allowed: boolean;
  /** When refused: how long until one more may go. */
  retryAfterMs?: number;
}

/** A fixed-window counter per key: `points` per `windowMs`. */
export interface SharedLimiter {
  consume(key: string): Promise<LimitDecision>;
}

/** Remembers deliveries so that redeliveries run nothing twice. */
export interface DeliveryDedupe {
  /** True the first time `key` is seen (atomically, when shared between processes). */
  firstSeen(key: string): Promise<boolean> | boolean;
}

export interface RedisLimiterOptions {
  redis: Redis;
  /** Keeps deployments sharing one Redis apart (the queue prefix) and names the limit. */
  keyPrefix: string;
  points: number;
  windowMs: number;
}

/**
 * A limiter counted in Redis, shared by every process with the same `keyPrefix`; while Redis
 * is unreachable, the same limit is counted in this process.
 */
export function redisLimiter(options: RedisLimiterOptions): SharedLimiter {
  const duration = Math.max(1, Math.ceil(options.windowMs / 1000));
  const limiter = new RateLimiterRedis({
    storeClient: options.redis,
    keyPrefix: options.keyPrefix,
    points: options.points,
    duration,
    insuranceLimiter: new RateLimiterMemory({
      keyPrefix: options.keyPrefix,
      points: options.points,
      duration,
    }),
  });
  return {
    async consume(key) {
      try {
        await limiter.consume(key);
        return { allowed: true };
      } catch (refusal) {
        if (refusal instanceof RateLimiterRes) {
          return { allowed: false, retryAfterMs: Math.max(1, refusal.msBeforeNext) };
        }
        throw refusal;
      }
    },
  };
}

/** An in-memory DeliveryDedupe (one process, bounded); entries expire after `ttlMs` of the clock. */
export function memoryDedupe(options: { ttlMs?: number; max?: number; clock?: Clock } = {}): DeliveryDedupe {
  const ttl = options.ttlMs ?? 30 * 60_000;
  const clock = options.clock ?? systemClock;
  // Least recently seen first out: the oldest deliveries are the least likely to come back.
  const seen = new LRUCache<string, number>({ max: options.max ?? 10_000 });
  return {
    firstSeen(key) {
      const now = clock.now().getTime();
      const until = seen.get(key);
      if (until !== undefined && until > now) return false;
      seen.set(key, now + ttl);
      return true;
    },
  };
}

/**
 * A DeliveryDedupe in Redis (`SET key 1 PX ttl NX`): the first process to see a delivery
 * takes it, wherever it lands. If Redis fails, this process's own memory decides.
 */
export function redisDedupe(options: {
  redis: Redis;
  keyPrefix: string;
  ttlMs?: number;
  logger?: Logger;
  clock?: Clock;
}): DeliveryDedupe {
  const ttl = options.ttlMs ?? 30 * 60_000;
  const fallback = memoryDedupe({ ttlMs: ttl, ...(options.clock ? { clock: options.clock } : {}) });
  return {
    async firstSeen(key) {
      try {
        const set = await options.redis.set(`${options.keyPrefix}${key}`, '1', 'PX', ttl, 'NX');
        // Remembered here too, so a fallback during an outage still knows what this process saw.
        fallback.firstSeen(key);
        return set === 'OK';
      } catch (err) {
        options.logger?.warn(
          { err: messageOf(err) },
          'delivery dedupe could not reach Redis; this process decides alone',
        );
        return fallback.firstSeen(key);
      }
    },
  };
}
