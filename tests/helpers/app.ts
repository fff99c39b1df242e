import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor, AppDeps, Scope } from '../../src/core/app/context.js';
import { extractDocument } from '../../src/core/documents/index.js';
import { type Clock, type Extractor, type JobQueue, silentLogger } from '../../src/core/ports/index.js';
import type { ReminderRecord, WatchRecord } from '../../src/core/store.js';
import { openSqliteStore, type SqlStore } from '../../src/store/index.js';

/**
 * The application wired for tests: a real SQLite store (in memory), the real documents
 * module in-process, a clock the test moves, and a JobQueue that records what it was told
 * (the job layer's own tests run the real BullMQ queue against Redis).
 */
export interface RecordingQueue extends JobQueue {
  reminders: Map<string, ReminderRecord>;
  removed: string[];
  deliveries: string[];
  watches: string[];
  digests: Array<{ channelId: string; digest: { hour: number; zone: string } | null }>;
}

export function recordingQueue(): RecordingQueue {
  const q: RecordingQueue = {
    enabled: true,
    reminders: new Map(),
    removed: [],
    deliveries: [],
    watches: [],
    digests: [],
    async scheduleReminders(_tenant, reminders) {
      for (const r of reminders) q.reminders.set(r.id, r);
    },
    async removeReminders(_tenant, ids) {
      for (const id of ids) {
        q.reminders.delete(id);
        q.removed.push(id);
      }
    },
    async enqueueDeliveries(_tenant, ids) {
      q.deliveries.push(...ids);
    },
    async scheduleWatch(_tenant, watch: WatchRecord) {
      q.watches.push(watch.id);
    },
    async removeWatch(_tenant, id) {
      q.watches = q.watches.filter((w) => w !== id);
    },
    async scheduleDigest(_tenant, channelId, digest) {
      q.digests.push({ channelId, digest });
    },
  };
  return q;
}

export function inProcessExtractor(): Extractor {
  const limits = {
    maxFileBytes: 20 * 1024 * 1024,
    maxUnzippedBytes: 200 * 1024 * 1024,
    maxZipEntries: 5000,
    maxPdfPages: 2000,
    extractTimeoutMs: 60_000,
    extractMemoryMb: 512,
  };
  return { extract: (bytes, file) => extractDocument(bytes, { ...file, limits }), close: async () => {} };
}

export class TestClock implements Clock {
  constructor(private at: Date) {}
  now(): Date {
    return new Date(this.at.getTime());
  }
  set(iso: string): void {
    this.at = new Date(iso);
  }
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

export interface TestApp {
  deps: AppDeps;
  store: SqlStore;
  queue: RecordingQueue;
  clock: TestClock;
  close(): Promise<void>;
}

export async function createTestApp(now = '2014-04-17T08:00:00Z'): Promise<TestApp> {
  const clock = new TestClock(new Date(now));
  const store = await openSqliteStore({ file: ':memory:', clock });
  const queue = recordingQueue();
  const deps: AppDeps = { store, queue, extractor: inProcessExtractor(), clock, logger: silentLogger };
  return { deps, store, queue, clock, close: () => store.close() };
}

export const FIXTURES = join(import.meta.dirname, '../fixtures');
export const fixture = (...parts: string[]) => readFileSync(join(FIXTURES, ...parts));

/** A Discord-like server with one caucus channel. */
export const caucus: Scope = {
  platform: 'discord',
  tenantExternalId: '700000000000000001',
  tenantName: 'Civil society caucus',
  channelId: '710000000000000001',
  channelName: 'wsis-vision',
};

export const admin: Actor = {
  userId: '800000000000000001',
  displayName: 'Admin',
  platformRoleIds: [],
  isAdmin: true,
};
export const STAFF_ROLE = '900000000000000001';
export const staffer: Actor = {
  userId: '800000000000000002',
  displayName: 'Chair staff',
  platformRoleIds: [STAFF_ROLE],
  isAdmin: false,
};
export const member: Actor = {
  userId: '800000000000000003',
  displayName: 'Caucus member',
  platformRoleIds: [],
  isAdmin: false,
};
