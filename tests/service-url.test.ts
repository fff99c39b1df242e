import { describe, expect, it } from 'vitest';
import { describeRedisUrl } from '../src/jobs/redis.js';
import { describePostgresUrl } from '../src/store/index.js';

/** The store's and the queue's URL settings are checked alike and never shown with their password. */
describe('service URL settings', () => {
  it('describe a good URL without its password', () => {
    expect(describePostgresUrl('postgres://owl:hoot-hoot@db.example:6543/ledger?sslmode=require')).toBe(
      'PostgreSQL at db.example:6543/ledger',
    );
    expect(describePostgresUrl('postgresql://db.example/ledger')).toBe(
      'PostgreSQL at db.example:5432/ledger',
    );
    expect(describeRedisUrl('rediss://:hoot-hoot@cache.example:6390/3')).toBe(
      'Redis at cache.example:6390/3',
    );
    expect(describeRedisUrl('redis://cache.example')).toBe('Redis at cache.example:6379/0');
  });

  it.each([
    [describePostgresUrl, 'not a url', 'DATABASE_URL is not a valid URL.', 'postgres://user:password@host'],
    [
      describePostgresUrl,
      'mysql://h/db',
      'DATABASE_URL must be a postgres:// URL, not mysql://.',
      'Unset DATABASE_URL',
    ],
    [describeRedisUrl, '::', 'REDIS_URL is not a valid URL.', 'rediss:// for TLS'],
    [
      describeRedisUrl,
      'http://h:6379',
      'REDIS_URL must be a redis:// or rediss:// URL, not http://.',
      'redis://host:6379.',
    ],
  ])('refuse a bad one naming the setting (%#)', (describe, url, message, hint) => {
    let error: unknown;
    try {
      describe(url);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', message });
    expect((error as { hint: string }).hint).toContain(hint);
  });
});
