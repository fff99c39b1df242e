import { LRUCache } from 'lru-cache';
import type { Store } from '../core/ports/index.js';
import type { ProcessRecord, TenantRecord } from '../core/store.js';

/**
 * A short-lived cache of the rows a busy delivery worker reads for every message but that
 * almost never change: the tenant (platform and external id are fixed) and the process (its
 * name and default zone). A renamed process or a changed default zone shows in messages after
 * at most `ttlMs`. Nothing that decides whether to send (deliveries, channels, reminders,
 * meetings) is cached.
 */
export interface ReadCache {
  tenant(store: Store, tenantId: string): Promise<TenantRecord | undefined>;
  process(store: Store, tenantId: string, processId: string): Promise<ProcessRecord | undefined>;
}

/** A cache holding each entry for `ttlMs` (0 disables it), at most `max` entries per kind. */
export function createReadCache(ttlMs = 10_000, max = 5_000): ReadCache {
  // The read in flight is cached, so a burst of jobs for one tenant reads it once.
  const cache = <T>() => (ttlMs > 0 ? new LRUCache<string, Promise<T>>({ max, ttl: ttlMs }) : undefined);
  const tenants = cache<TenantRecord | undefined>();
  const processes = cache<ProcessRecord | undefined>();
  const get = <T>(
    map: LRUCache<string, Promise<T>> | undefined,
    key: string,
    load: () => Promise<T>,
  ): Promise<T> => {
    const hit = map?.get(key);
    if (hit) return hit;
    const value = load();
    if (map) {
      map.set(key, value);
      // A failed read must not be served from the cache.
      value.catch(() => map.delete(key));
    }
    return value;
  };
  return {
    tenant: (store, tenantId) => get(tenants, tenantId, () => store.getTenant(tenantId)),
    process: (store, tenantId, processId) =>
      get(processes, `${tenantId}|${processId}`, () => store.tenant(tenantId).getProcess(processId)),
  };
}

/** No caching, for tests and one-off use. */
export const noReadCache: ReadCache = createReadCache(0);
