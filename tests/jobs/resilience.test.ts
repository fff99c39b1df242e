import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncMeetingReminders } from '../../src/core/app/reminders.js';
import { systemClock } from '../../src/core/ports/index.js';
import { deleteKeysWithPrefix } from '../../src/jobs/redis.js';
import { startWorker } from '../../src/jobs/worker.js';
import { createHttpSink, createSinkNotifier, type HttpSink } from '../helpers/http-sink.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { REDIS_URL, serviceUp, uniquePrefix } from '../helpers/services.js';
import { makeWorld, type World } from './world.js';

const up = await serviceUp('redis');

/** A TCP proxy to Redis that the test can cut and restore, as a network fault or a restart would. */
async function redisProxy(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = async () => {
    const listening = createServer((client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
    server = listening;
    await new Promise<void>((resolve) => listening.listen(port, '127.0.0.1', resolve));
    port = (listening.address() as AddressInfo).port;
  };
  await listen();
  return {
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    async down() {
      const closing = new Promise((r) => server?.close(r));
      for (const s of sockets) s.destroy();
      sockets.clear();
      await closing;
    },
    up: listen,
  };
}

describe.skipIf(!up)('Redis faults', () => {
  let sink: HttpSink;
  let world: World;
  let redis: Redis;
  const prefixes: string[] = [];
  const dueIn = (seconds: number) => new Date(Date.now() + 60_000 + seconds * 1000);

  beforeAll(async () => {
    sink = await createHttpSink();
    world = await makeWorld({ settings: { reminderOffsetsMinutes: [1] } });
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    for (const p of prefixes) await deleteKeysWithPrefix(redis, p);
    await redis?.quit();
    await sink?.close();
    await world?.store.close();
  });

  it('starts without Redis: one clear warning, no crash, and a bounded close', async () => {
    const logger = recordingLogger();
    const worker = await startWorker({
      store: world.store,
      notifiers: {},
      ingest: async () => undefined,
      redisUrl: 'redis://127.0.0.1:1',
      prefix: uniquePrefix('jobs_nored'),
      logger,
      timing: { markerCheckMs: 0, catchUpMs: 0, shutdownGraceMs: 1_000 },
    });
    await new Promise((r) => setTimeout(r, 2_500));
    const warnings = logger.lines.filter((l) => l.level === 'warn' || l.level === 'error');
    expect(warnings.map((l) => l.msg)).toEqual(['Redis connection failed; retrying with backoff']);
    expect(warnings[0]?.obj).toMatchObject({ redis: 'Redis at 127.0.0.1:1/0' });
    // The use cases' calls fail fast instead of hanging.
    const t0 = Date.now();
    await expect(worker.queue.enqueueDeliveries(world.tenantId, ['x'])).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    expect(Date.now() - t0).toBeLessThan(200);
    const t1 = Date.now();
    await worker.close();
    expect(Date.now() - t1).toBeLessThan(5_000);
  });

  it('rides out a dropped connection: planning fails fast, the reconnect rebuilds, the reminder fires', async () => {
    const proxy = await redisProxy(new URL(REDIS_URL));
    const prefix = uniquePrefix('jobs_drop');
    prefixes.push(prefix);
    const logger = recordingLogger();
    sink.reset();
    const worker = await startWorker({
      store: world.store,
      notifiers: { discord: createSinkNotifier({ url: sink.url }) },
      ingest: async () => undefined,
      redisUrl: proxy.url,
      prefix,
      logger,
      timing: { markerCheckMs: 0, catchUpMs: 0 },
    });
    try {
      await worker.rebuilt();
      await proxy.down();
      await new Promise((r) => setTimeout(r, 300));
      const meeting = await world.saveMpp6(dueIn(9), 60, { key: 'mpp-6-outage' });
      const t0 = Date.now();
      const result = await syncMeetingReminders(
        { store: world.store, queue: worker.queue, clock: systemClock },
        world.tenantId,
        world.processId,
        [meeting],
      );
      expect(Date.now() - t0).toBeLessThan(1_000);
      expect(result.queueUpdated).toBe(false);
      expect(result.scheduled).toHaveLength(1);

      const rebuilt = worker.rebuilt();
      await proxy.up();
      const report = await rebuilt;
      expect(report.reminders.added).toBeGreaterThanOrEqual(1);
      const [message] = await sink.waitForMessages(1, 15_000);
      expect(message?.body.title).toBe('Reminder: MPP-6 starts in 1 minute');
      const msgs = logger.lines.map((l) => `${l.level}: ${l.msg}`);
      expect(msgs).toContain('warn: Redis connection closed; reconnecting');
      expect(msgs).toContain('info: Redis connection restored');
      expect(msgs.filter((m) => m.startsWith('error:'))).toEqual([]);
    } finally {
      await worker.close();
      await proxy.down();
    }
  });

  it('notices a wiped Redis that never dropped the connection, and rebuilds', async () => {
    const prefix = uniquePrefix('jobs_wipe');
    prefixes.push(prefix);
    sink.reset();
    const worker = await startWorker({
      store: world.store,
      notifiers: { discord: createSinkNotifier({ url: sink.url }) },
      ingest: async () => undefined,
      redisUrl: REDIS_URL,
      prefix,
      logger: recordingLogger(),
      timing: { markerCheckMs: 300, catchUpMs: 0 },
    });
    try {
      await worker.rebuilt();
      const meeting = await world.saveMpp6(dueIn(5), 60, { key: 'mpp-6-wipe' });
      await syncMeetingReminders(
        { store: world.store, queue: worker.queue, clock: systemClock },
        world.tenantId,
        world.processId,
        [meeting],
      );
      // With the default 60 s lead the reminder is already prepared: its delivery waits in Redis.
      for (let i = 0; i < 50 && (await worker.queue.queues.deliveries.getDelayedCount()) === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await worker.queue.queues.deliveries.getDelayedCount()).toBe(1);
      const rebuilt = worker.rebuilt();
      await deleteKeysWithPrefix(redis, prefix);
      const report = await rebuilt;
      expect(report.deliveries.added).toBe(1);
      const [message] = await sink.waitForMessages(1, 10_000);
      const due = Date.parse(meeting.startsAt ?? '') - 60_000;
      expect(message?.at).toBeGreaterThanOrEqual(due);
      expect(message?.at).toBeLessThan(due + 1_000);
      expect(message?.body.title).toBe('Reminder: MPP-6 starts in 1 minute');
    } finally {
      await worker.close();
    }
  });
});
