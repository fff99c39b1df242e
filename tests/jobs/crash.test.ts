import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planChangeAlerts } from '../../src/core/app/alerts.js';
import { silentLogger } from '../../src/core/ports/index.js';
import { type BullJobQueue, createBullQueue } from '../../src/jobs/queue.js';
import { deleteKeysWithPrefix } from '../../src/jobs/redis.js';
import { startWorker } from '../../src/jobs/worker.js';
import { openSqliteStore } from '../../src/store/index.js';
import { createHttpSink, createSinkNotifier, type HttpSink } from '../helpers/http-sink.js';
import { REDIS_URL, serviceUp, uniquePrefix } from '../helpers/services.js';
import { makeWorld, type World } from './world.js';

/**
 * A worker killed with SIGKILL after the platform accepted a message and before the store
 * recorded it. Another worker picks the stalled job up and sends again with the same
 * idempotency key: a platform that enforces it (Discord nonce) keeps one message. Without such
 * a key the resend shows as a second post: the window documented in src/jobs/deliver.ts.
 */
const up = await serviceUp('redis');
const CHILD = join(import.meta.dirname, 'fixtures', 'worker-child.ts');

describe.skipIf(!up)('a worker killed mid-delivery', () => {
  let dir: string;
  let sink: HttpSink;
  let redis: Redis;
  const prefixes: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rapporteur-crash-'));
    sink = await createHttpSink();
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    for (const p of prefixes) await deleteKeysWithPrefix(redis, p);
    await redis?.quit();
    await sink?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function scenario(useNonce: boolean) {
    const prefix = uniquePrefix(`jobs_crash_${useNonce ? 'nonce' : 'plain'}`);
    prefixes.push(prefix);
    const file = join(dir, `${prefix}.sqlite`);
    const store = await openSqliteStore({ file });
    const world: World = await makeWorld({ store });
    sink.reset();

    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: {
        ...process.env,
        CHILD_STORE_FILE: file,
        CHILD_SINK_URL: sink.url,
        CHILD_USE_NONCE: useNonce ? '1' : '0',
        CHILD_REDIS_URL: REDIS_URL,
        CHILD_PREFIX: prefix,
      },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += String(d);
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`child exited early (${code}): ${stderr}`)));
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

    // The platform accepts the post, and the worker dies before it hears back.
    sink.hold();
    let killedAt = 0;
    sink.onRequest(() => {
      if (killedAt === 0) {
        killedAt = Date.now();
        child.kill('SIGKILL');
      }
    });

    const producer: BullJobQueue = createBullQueue({ redisUrl: REDIS_URL, prefix });
    const change = await world.t.appendChange({
      processId: world.processId,
      kind: 'meeting.moved',
      subject: 'hle',
      payload: {
        v: 1,
        data: {},
        alert: {
          title: 'High Level Event moved: Geneva, 10-13 June 2014 (was Sharm el-Sheikh, 13-17 April)',
          tone: 'warning',
          lines: [],
          threadKey: 'hle',
        },
      },
    });
    const plan = await planChangeAlerts(
      { store, queue: producer },
      world.tenantId,
      world.processId,
      [change],
      'scheduleChanges',
    );
    const deliveryId = plan.claimed[0]?.id ?? '';
    await exited;
    expect(killedAt).toBeGreaterThan(0);
    expect((await world.t.getDelivery(deliveryId))?.status).toBe('pending');
    sink.release();

    // Another worker finds the stalled job once the dead worker's lock expires.
    const rescuer = await startWorker({
      store,
      notifiers: { discord: createSinkNotifier({ url: sink.url, useNonce }) },
      ingest: async () => undefined,
      redisUrl: REDIS_URL,
      prefix,
      logger: silentLogger,
      timing: {
        lockDurationMs: 1_500,
        stalledIntervalMs: 500,
        markerCheckMs: 0,
        catchUpMs: 0,
        rebuildOnStart: false,
      },
    });
    try {
      for (let i = 0; i < 150; i++) {
        if ((await world.t.getDelivery(deliveryId))?.status === 'sent') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const delivery = await world.t.getDelivery(deliveryId);
      return { delivery, requests: sink.requests.slice(), messages: sink.messages.slice() };
    } finally {
      await rescuer.close();
      await producer.close();
      await store.close();
    }
  }

  it('still results in exactly one post when the platform honours the idempotency key', async () => {
    const { delivery, requests, messages } = await scenario(true);
    expect(requests).toHaveLength(2);
    expect(requests[0]?.body.nonce).toBe(requests[1]?.body.nonce);
    expect(messages).toHaveLength(1);
    expect(delivery).toMatchObject({ status: 'sent', platformMessageId: messages[0]?.id });
  });

  it('shows the documented window on a platform without one: the resend is a second post', async () => {
    const { delivery, requests, messages } = await scenario(false);
    expect(requests).toHaveLength(2);
    expect(messages).toHaveLength(2);
    expect(delivery?.status).toBe('sent');
  });
});
