import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planChangeAlerts } from '../../src/core/app/alerts.js';
import { type Clock, silentLogger } from '../../src/core/ports/index.js';
import type { WatchRecord } from '../../src/core/store.js';
import { jobIds } from '../../src/jobs/names.js';
import { deleteKeysWithPrefix } from '../../src/jobs/redis.js';
import type { WatchedContent } from '../../src/jobs/types.js';
import { failureBackoffMs } from '../../src/jobs/watch.js';
import { startWorker, type WorkerHandle } from '../../src/jobs/worker.js';
import { createHttpSink, createSinkNotifier, type HttpSink } from '../helpers/http-sink.js';
import { REDIS_URL, serviceUp, uniquePrefix } from '../helpers/services.js';
import { makeWorld, type World } from './world.js';

const up = await serviceUp('redis');

const PAGE = (end: string) =>
  `<html><body><h1>Sixth meeting of the WSIS+10 MPP</h1><p>Monday 9 June 2014, 14:00-${end}, Room K, ITU, Geneva.</p></body></html>`;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Real time moved forward by the test, so the watch's back-off can be walked through quickly. */
class OffsetClock implements Clock {
  offset = 0;
  now() {
    return new Date(Date.now() + this.offset);
  }
}

describe.skipIf(!up)('watched pages through the worker', () => {
  const prefix = uniquePrefix('jobs_watch');
  const clock = new OffsetClock();
  let sink: HttpSink;
  let world: World;
  let worker: WorkerHandle;
  let redis: Redis;
  let server: Server;
  let pageUrl: string;
  // What the page serves now.
  let page = { body: PAGE('16:00'), etag: '"a"' as string | null, status: 200 };
  const ingested: WatchedContent[] = [];
  let run = 0;

  beforeAll(async () => {
    sink = await createHttpSink();
    world = await makeWorld();
    redis = new Redis(REDIS_URL);
    server = createServer((req, res) => {
      if (page.status !== 200) {
        res.writeHead(page.status).end();
        return;
      }
      if (page.etag && req.headers['if-none-match'] === page.etag) {
        res.writeHead(304).end();
        return;
      }
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        ...(page.etag ? { etag: page.etag } : {}),
      });
      res.end(page.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/net4/wsis/mpp`;
    worker = await startWorker({
      store: world.store,
      notifiers: { discord: createSinkNotifier({ url: sink.url }) },
      // Stands in for the lead's ingestSource: logs a schedule change and alerts subscribers.
      ingest: async (tenantId, processId, content) => {
        ingested.push(content);
        const text = Buffer.from(content.bytes).toString('utf8');
        const end = /14:00-(\d\d:\d\d)/.exec(text)?.[1] ?? '?';
        const change = await world.t.appendChange({
          processId,
          kind: 'meeting.retimed',
          subject: 'mpp-6',
          payload: {
            v: 1,
            data: { end },
            alert: {
              title: `MPP-6 re-timed: now 14:00-${end}`,
              tone: 'warning',
              lines: [content.url],
              threadKey: 'mpp-6',
            },
          },
        });
        await planChangeAlerts(
          { store: world.store, queue: worker.queue },
          tenantId,
          processId,
          [change],
          'scheduleChanges',
        );
      },
      redisUrl: REDIS_URL,
      prefix,
      logger: silentLogger,
      clock,
      settings: {
        fetch: { timeoutMs: 2_000, maxBytes: 1024 * 1024, maxRedirects: 3, allowPrivate: true },
        watchFailureNotifyAfterMs: 90_000,
      },
      timing: { markerCheckMs: 0, catchUpMs: 0 },
    });
    await worker.rebuilt();
  });

  afterAll(async () => {
    await worker?.close();
    await deleteKeysWithPrefix(redis, prefix);
    await redis?.quit();
    await sink?.close();
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await world?.store.close();
  });

  /** Runs one check of the watch through the worker and waits for it to finish. */
  async function check(watch: WatchRecord): Promise<WatchRecord> {
    const jobId = `check-${++run}`;
    await worker.queue.queues.watches.add(
      'watch',
      { tenantId: world.tenantId, watchId: watch.id },
      { jobId },
    );
    for (let i = 0; i < 100; i++) {
      const state = await worker.queue.queues.watches.getJobState(jobId);
      if (state === 'completed' || state === 'failed') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // Let the deliveries it planned reach the sink.
    await new Promise((r) => setTimeout(r, 300));
    return (await world.t.getWatch(watch.id)) as WatchRecord;
  }

  it('ingests a page that changed from 14:00-16:00 to 14:00-18:00 once, and an unchanged page never', async () => {
    const added = await world.t.addWatch({ processId: world.processId, url: pageUrl, intervalSeconds: 900 });
    // The 16:00 version was ingested before.
    let watch = await world.t.recordWatchSuccess(added.id, {
      checkedAt: clock.now(),
      etag: '"a"',
      lastModified: null,
      contentHash: sha(PAGE('16:00')),
      nextRunAt: clock.now(),
    });
    page = { body: PAGE('18:00'), etag: '"b"', status: 200 };
    watch = await check(watch);
    expect(ingested).toHaveLength(1);
    expect(Buffer.from(ingested[0]?.bytes ?? []).toString()).toContain('14:00-18:00');
    expect(ingested[0]).toMatchObject({ url: pageUrl, etag: '"b"', contentType: 'text/html; charset=utf-8' });
    expect(watch).toMatchObject({ etag: '"b"', contentHash: sha(PAGE('18:00')), lastError: null });
    await sink.waitForMessages(1, 5_000);
    expect(sink.messages.map((m) => m.body.title)).toEqual(['MPP-6 re-timed: now 14:00-18:00']);

    // Unchanged, answered 304.
    clock.offset += 901_000;
    watch = await check(watch);
    // Unchanged, same body without validators.
    page = { body: PAGE('18:00'), etag: null, status: 200 };
    clock.offset += 901_000;
    watch = await check(watch);
    expect(ingested).toHaveLength(1);
    expect(sink.messages).toHaveLength(1);
    expect(Date.parse(watch.lastCheckedAt ?? '')).toBeGreaterThan(Date.now());
    await world.t.removeWatch(watch.id);
  });

  it('tells the channel once when a watch keeps failing, backs off, and once when it recovers', async () => {
    sink.reset();
    page = { body: PAGE('18:00'), etag: null, status: 503 };
    let watch = await world.t.addWatch({
      processId: world.processId,
      url: `${pageUrl}?w=2`,
      intervalSeconds: 60,
      nextRunAt: clock.now(),
    });
    watch = await check(watch); // fails: failing since now, next try in 60 s
    expect(watch.failingSince).not.toBeNull();
    expect(watch.lastError).toContain('503');
    expect(Date.parse(watch.nextRunAt) - clock.now().getTime()).toBeGreaterThan(55_000);

    // A check before the back-off is over does nothing.
    const early = await check(watch);
    expect(early.lastCheckedAt).toBe(watch.lastCheckedAt);

    clock.offset += 61_000;
    watch = await check(watch); // failing for 61 s: not yet told
    expect(watch.notified).toBe(false);
    expect(sink.requests).toHaveLength(0);
    clock.offset += Date.parse(watch.nextRunAt) - clock.now().getTime() + 1_000;
    watch = await check(watch); // failing for > 90 s: told once
    expect(watch.notified).toBe(true);
    clock.offset += Date.parse(watch.nextRunAt) - clock.now().getTime() + 1_000;
    watch = await check(watch); // still failing: not told again
    expect(sink.messages.map((m) => m.body.title)).toEqual(['A watched page cannot be read']);
    expect(sink.messages[0]?.body.content).toContain('503');

    page = { body: PAGE('18:00'), etag: null, status: 200 };
    clock.offset += Date.parse(watch.nextRunAt) - clock.now().getTime() + 1_000;
    watch = await check(watch);
    expect(watch).toMatchObject({ failingSince: null, notified: false, lastError: null });
    // This watch had never been read: its first good read is ingested (and alerted) too.
    await sink.waitForMessages(3, 5_000);
    expect(sink.messages.map((m) => m.body.title).sort()).toEqual([
      'A watched page can be read again',
      'A watched page cannot be read',
      'MPP-6 re-timed: now 14:00-18:00',
    ]);
    expect(ingested).toHaveLength(2);
  });

  it('keeps one scheduler per watch at its interval, and drops it when the watch is gone', async () => {
    const watch = await world.t.addWatch({
      processId: world.processId,
      url: `${pageUrl}?w=3`,
      intervalSeconds: 600,
    });
    await worker.queue.scheduleWatch(world.tenantId, watch);
    await worker.queue.scheduleWatch(world.tenantId, watch);
    const id = jobIds.watchScheduler(world.tenantId, watch.id);
    const scheduler = await worker.queue.queues.watches.getJobScheduler(id);
    expect(scheduler).toMatchObject({ every: 600_000 });
    expect(await worker.queue.queues.watches.getJobSchedulersCount()).toBe(1);
    await world.t.removeWatch(watch.id);
    await check(watch);
    expect(await worker.queue.queues.watches.getJobScheduler(id)).toBeUndefined();
  });

  it('rebuild keeps the schedulers of existing watches and drops those of deleted ones', async () => {
    const kept = await world.t.addWatch({
      processId: world.processId,
      url: `${pageUrl}?w=4`,
      intervalSeconds: 900,
    });
    const gone = await world.t.addWatch({
      processId: world.processId,
      url: `${pageUrl}?w=5`,
      intervalSeconds: 900,
    });
    await worker.queue.scheduleWatch(world.tenantId, kept);
    await worker.queue.scheduleWatch(world.tenantId, gone);
    // Deleted from the store while its scheduler stayed in Redis (say, Redis was down then).
    await world.t.removeWatch(gone.id);
    const report = await worker.rebuild();
    expect(report.removedSchedulers).toBe(1);
    const ids = (await worker.queue.listSchedulers()).map((s) => s.subjectId);
    expect(ids).toContain(kept.id);
    expect(ids).not.toContain(gone.id);
    await world.t.removeWatch(kept.id);
    await worker.rebuild();
  });

  it('schedules a daily digest at a local hour in the channel zone', async () => {
    await worker.queue.scheduleDigest(world.tenantId, world.channelId, { hour: 8, zone: 'Australia/Sydney' });
    const scheduler = await worker.queue.queues.digests.getJobScheduler(
      jobIds.digestScheduler(world.tenantId, world.channelId),
    );
    expect(scheduler).toMatchObject({ pattern: '0 8 * * *', tz: 'Australia/Sydney' });
    const next = DateTime.fromMillis(Number(scheduler?.next)).setZone('Australia/Sydney');
    expect([next.hour, next.minute]).toEqual([8, 0]);
    await worker.queue.scheduleDigest(world.tenantId, world.channelId, null);
    expect(await worker.queue.queues.digests.getJobSchedulersCount()).toBe(0);
  });
});

describe('watch back-off', () => {
  const at = new Date('2014-06-04T12:00:00.000Z');
  it('waits the interval first, then twice the failing time, capped, and honours Retry-After', () => {
    const w = (failingSince: string | null) => ({ intervalSeconds: 900, failingSince });
    expect(failureBackoffMs(w(null), at, 6 * 3_600_000)).toBe(900_000);
    expect(failureBackoffMs(w('2014-06-04T11:00:00.000Z'), at, 6 * 3_600_000)).toBe(7_200_000);
    expect(failureBackoffMs(w('2014-06-01T00:00:00.000Z'), at, 6 * 3_600_000)).toBe(6 * 3_600_000);
    expect(failureBackoffMs(w(null), at, 6 * 3_600_000, 3_600_000)).toBe(3_600_000);
  });
});
