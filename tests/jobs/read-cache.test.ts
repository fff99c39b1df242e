import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports/index.js';
import type { TenantRecord } from '../../src/core/store.js';
import { createReadCache } from '../../src/jobs/read-cache.js';

/** A store that only knows tenants, counting reads and failing on demand. */
function countingStore() {
  const reads: string[] = [];
  let failNext = false;
  const store = {
    async getTenant(id: string): Promise<TenantRecord | undefined> {
      reads.push(id);
      if (failNext) {
        failNext = false;
        throw new Error('database away');
      }
      return { id, platform: 'console', externalId: id, name: id } as unknown as TenantRecord;
    },
  } as unknown as Store;
  return { store, reads, failOnce: () => (failNext = true) };
}

describe('the delivery read cache', () => {
  it('reads each tenant once while it is fresh', async () => {
    const { store, reads } = countingStore();
    const cache = createReadCache(60_000, 10);
    await cache.tenant(store, 'a');
    await cache.tenant(store, 'a');
    expect(reads).toEqual(['a']);
  });

  it('is bounded and keeps the entries used most recently', async () => {
    const { store, reads } = countingStore();
    const cache = createReadCache(60_000, 2);
    await cache.tenant(store, 'a');
    await cache.tenant(store, 'b');
    await cache.tenant(store, 'a');
    await cache.tenant(store, 'c'); // the least recently used, b, makes room
    await cache.tenant(store, 'a');
    await cache.tenant(store, 'b');
    expect(reads).toEqual(['a', 'b', 'c', 'b']);
  });

  it('never serves a failed read, and caches nothing with a ttl of 0', async () => {
    const { store, reads, failOnce } = countingStore();
    const cache = createReadCache(60_000, 10);
    failOnce();
    await expect(cache.tenant(store, 'a')).rejects.toThrow('database away');
    expect((await cache.tenant(store, 'a'))?.id).toBe('a');
    const none = createReadCache(0);
    await none.tenant(store, 'z');
    await none.tenant(store, 'z');
    expect(reads).toEqual(['a', 'a', 'z', 'z']);
  });
});
