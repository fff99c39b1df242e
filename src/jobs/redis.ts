import { Redis, type RedisOptions } from 'ioredis';
import { messageOf, RapporteurError } from '../core/errors.js';
import type { Logger } from '../core/ports/index.js';
import { serviceUrl } from '../service-url.js';

/**
 * Redis connections for the job layer. Producers (the bot's use cases) fail fast when Redis is
 * away, because the store already holds what they wanted and the worker rebuilds the queue;
 * workers wait and reconnect forever (BullMQ requires `maxRetriesPerRequest: null` for them).
 */

/** "Redis at 127.0.0.1:6379/0", never the password. */
export function describeRedisUrl(url: string): string {
  const parsed = serviceUrl(url, {
    setting: 'REDIS_URL',
    protocols: ['redis:', 'rediss:'],
    kind: 'a redis:// or rediss://',
    invalidHint: 'Write it as redis://host:6379 (or rediss:// for TLS), optionally with /db.',
    otherProtocolHint: 'Write it as redis://host:6379.',
  });
  const db = parsed.pathname.replace(/^\//, '') || '0';
  return `Redis at ${parsed.hostname || '127.0.0.1'}:${parsed.port || '6379'}/${db}`;
}

const DOWN_HINT =
  'Check that Redis is running and REDIS_URL points to it; meanwhile reminders and alerts wait in the store.';

/** Reconnect delays: quick at first, then every 10 s at most, never giving up. */
export function reconnectDelay(attempt: number): number {
  return Math.min(250 * 2 ** Math.min(attempt, 10), 10_000);
}

/** A producer connection: no offline queue and one retry, so calls fail within their timeout. */
export function createProducerConnection(url: string, extra: RedisOptions = {}): Redis {
  describeRedisUrl(url);
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 3_000,
    retryStrategy: reconnectDelay,
    connectionName: 'rapporteur-producer',
    ...extra,
  });
}

/** Options BullMQ turns into worker connections (it adds the blocking one itself). */
export function workerConnectionOptions(url: string): RedisOptions & { url: string } {
  describeRedisUrl(url);
  return {
    url,
    maxRetriesPerRequest: null,
    connectTimeout: 5_000,
    retryStrategy: reconnectDelay,
    connectionName: 'rapporteur-worker',
  };
}

/** Resolves once `client` is ready; rejects with UNAVAILABLE at once when it is known to be down, else after `timeoutMs`. */
export function whenReady(client: Redis, timeoutMs: number, where: string): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  // A connection that was lost (or never made) is known to be down: say so at once rather than
  // make every use case wait. Only a first connection in progress is worth waiting for.
  if (client.status === 'reconnecting' || client.status === 'end' || client.status === 'close') {
    return Promise.reject(
      new RapporteurError('UNAVAILABLE', `${where} is not reachable.`, {
        hint: DOWN_HINT,
      }),
    );
  }
  if (client.status === 'wait') client.connect().catch(() => undefined);
  return new Promise((resolve, reject) => {
    const done = (err?: RapporteurError) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onReady = () => done();
    // The first failed attempt is answer enough: a producer must not wait for reconnects.
    const onError = (err: Error) =>
      done(
        new RapporteurError('UNAVAILABLE', `${where} is not reachable (${err.message}).`, {
          hint: DOWN_HINT,
        }),
      );
    const timer = setTimeout(
      () =>
        done(
          new RapporteurError('UNAVAILABLE', `${where} did not answer within ${timeoutMs} ms.`, {
            hint: DOWN_HINT,
          }),
        ),
      timeoutMs,
    );
    client.once('ready', onReady);
    client.once('error', onError);
  });
}

/**
 * Logs a connection's trouble once per outage instead of once per reconnect attempt: the
 * first failure as a warning, the recovery as info with how long it lasted. `onReady` runs on
 * every ready, the first connection included (the worker rebuilds the queue then).
 */
export function watchConnection(
  client: { on(event: string, listener: (...args: unknown[]) => void): unknown; readonly status?: string },
  where: string,
  logger: Logger,
  onReady?: (reconnected: boolean) => void,
): void {
  let downSince: number | undefined;
  let everReady = false;
  client.on('error', (err: unknown) => {
    const message = messageOf(err);
    if (downSince === undefined) {
      downSince = Date.now();
      logger.warn({ redis: where, error: message }, 'Redis connection failed; retrying with backoff');
    } else logger.debug({ redis: where, error: message }, 'Redis still unreachable');
  });
  client.on('close', () => {
    // A connection we quit on purpose ends in the same tick; only a lost one is worth a warning.
    setImmediate(() => {
      if (client.status === 'end' || downSince !== undefined || !everReady) return;
      downSince = Date.now();
      logger.warn({ redis: where }, 'Redis connection closed; reconnecting');
    });
  });
  client.on('ready', () => {
    const reconnected = everReady || downSince !== undefined;
    if (downSince !== undefined) {
      logger.info({ redis: where, downMs: Date.now() - downSince }, 'Redis connection restored');
    }
    downSince = undefined;
    everReady = true;
    onReady?.(reconnected);
  });
}

/** Deletes every key under `prefix:` (SCAN, never KEYS), for tests and `jobs reset`. Returns the count. */
export async function deleteKeysWithPrefix(client: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}:*`;
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await client.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}
