import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildChangeAlertReply,
  buildWatchFailingReply,
  buildWatchRecoveredReply,
  deliveryKeys,
  payloadRefs,
  planChangeAlerts,
} from '../../src/core/app/alerts.js';
import type { ChangePayload } from '../../src/core/app/contracts.js';
import type { Store } from '../../src/core/ports/index.js';
import { renderPlain } from '../../src/core/reply.js';
import type { ChangeRecord, WatchRecord } from '../../src/core/store.js';
import { openPostgresStore, openSqliteStore } from '../../src/store/index.js';
import { POSTGRES_URL, serviceUp, uniquePrefix } from '../helpers/services.js';
import { makeWorld, RecordingQueue } from './world.js';

const retimed: ChangePayload = {
  v: 1,
  data: { field: 'end', before: '16:00', after: '18:00' },
  alert: {
    title: 'MPP-6 re-timed: now 14:00-18:00 (was 14:00-16:00)',
    tone: 'warning',
    lines: ['The web page says 14:00-18:00; the signed invitation of 3 June said 14:00-16:00.'],
    actions: [{ command: 'meetings sources MPP-6', label: 'Compare the sources' }],
    threadKey: 'mpp-6',
  },
};

type Closable = Store & { close(): Promise<void> };

const pgUp = await serviceUp('postgres');

/** Two stores on one database, as two workers would have, racing to alert the same changes. */
async function raceTwoWorkers(a: Closable, b: Closable) {
  const world = await makeWorld({ store: a });
  const second = await world.t.bindChannel({
    processId: world.processId,
    platformChannelId: '998877665544332211',
  });
  await world.t.setSubscription(second.id, { scheduleChanges: true });
  const changes: ChangeRecord[] = [];
  for (let i = 0; i < 3; i++) {
    changes.push(
      await world.t.appendChange({
        processId: world.processId,
        kind: 'meeting.retimed',
        subject: 'mpp-6',
        payload: retimed,
      }),
    );
  }
  const qa = new RecordingQueue();
  const qb = new RecordingQueue();
  const [pa, pb] = await Promise.all([
    planChangeAlerts({ store: a, queue: qa }, world.tenantId, world.processId, changes, 'scheduleChanges'),
    planChangeAlerts({ store: b, queue: qb }, world.tenantId, world.processId, changes, 'scheduleChanges'),
  ]);
  return { world, pa, pb, qa, qb };
}

describe('planChangeAlerts', () => {
  it('claims one delivery per change and channel between two concurrent workers (SQLite file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapporteur-alerts-'));
    const file = join(dir, 'store.sqlite');
    const a = await openSqliteStore({ file });
    const b = await openSqliteStore({ file });
    try {
      const { world, pa, pb, qa, qb } = await raceTwoWorkers(a, b);
      // 3 changes x 2 channels = 6 deliveries, each created by exactly one of the two.
      expect(pa.claimed.length + pb.claimed.length).toBe(6);
      expect(pa.alreadyClaimed + pb.alreadyClaimed).toBe(6);
      expect(new Set([...qa.deliveries, ...qb.deliveries]).size).toBe(6);
      expect(qa.deliveries.length + qb.deliveries.length).toBe(6);
      expect(await world.t.listDeliveries()).toHaveLength(6);
    } finally {
      await a.close();
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe.skipIf(!pgUp)('on PostgreSQL', () => {
    const dbName = uniquePrefix('jobs_alerts').toLowerCase();
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    afterAll(async () => {
      await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
      await admin.end().catch(() => undefined);
    });
    it('claims one delivery per change and channel between two concurrent workers', async () => {
      await admin.connect();
      await admin.query(`create database ${dbName}`);
      const url = new URL(POSTGRES_URL);
      url.pathname = `/${dbName}`;
      const a = await openPostgresStore({ url: url.toString() });
      const b = await openPostgresStore({ url: url.toString() });
      try {
        const { world, pa, pb } = await raceTwoWorkers(a, b);
        expect(pa.claimed.length + pb.claimed.length).toBe(6);
        expect(await world.t.listDeliveries()).toHaveLength(6);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });

  it('skips changes of another process and changes without an alert, and keeps claims when the queue is down', async () => {
    const world = await makeWorld();
    const other = await world.t.createProcess({ name: 'WSIS+10 Statement' });
    const foreign = await world.t.appendChange({
      processId: other.id,
      kind: 'draft.version',
      subject: 'd',
      payload: retimed,
    });
    const bare = await world.t.appendChange({
      processId: world.processId,
      kind: 'draft.version',
      subject: 'd',
      payload: { v: 1 },
    });
    const good = await world.t.appendChange({
      processId: world.processId,
      kind: 'draft.version',
      subject: 'd',
      payload: retimed,
    });
    await world.t.setSubscription(world.channelId, { draftChanges: true });
    const queue = new RecordingQueue();
    queue.fail = true;
    const plan = await planChangeAlerts(
      { store: world.store, queue },
      world.tenantId,
      world.processId,
      [foreign, bare, good],
      'draftChanges',
    );
    expect(plan.skipped).toEqual([
      { changeId: foreign.id, reason: 'other-process' },
      { changeId: bare.id, reason: 'no-alert' },
    ]);
    expect(plan.claimed).toHaveLength(1);
    expect(plan.claimed[0]).toMatchObject({
      kind: 'draft-change',
      idempotencyKey: deliveryKeys.alert('draftChanges', good.id, world.channelId),
    });
    expect(plan.enqueued).toBe(false);
    expect(payloadRefs.change.decode(plan.claimed[0]?.payloadRef ?? null)).toEqual({
      processId: world.processId,
      changeId: good.id,
    });
    await world.store.close();
  });
});

describe('alert and watch messages', () => {
  it('renders the alert as its use case wrote it', () => {
    const reply = buildChangeAlertReply(retimed);
    expect(reply.title).toBe(retimed.alert.title);
    expect(reply.tone).toBe('warning');
    expect(reply.actions).toEqual(retimed.alert.actions);
    expect(renderPlain(reply)).toContain('the signed invitation of 3 June said 14:00-16:00');
  });

  const watch: WatchRecord = {
    id: 'w1',
    tenantId: 't',
    processId: 'p',
    url: 'https://www.itu.int/net4/wsis/forum/2014/Home/Mpp',
    intervalSeconds: 900,
    etag: null,
    lastModified: null,
    contentHash: null,
    lastCheckedAt: '2014-06-04T09:00:00.000Z',
    lastError: 'The site answered 503 (server error). The watch will try again.',
    failingSince: '2014-06-04T07:30:00.000Z',
    notified: false,
    nextRunAt: '2014-06-04T10:00:00.000Z',
    createdAt: '2014-06-03T08:00:00.000Z',
  };
  it('says since when a watch fails and what the last error was', () => {
    const reply = buildWatchFailingReply(watch, new Date('2014-06-04T09:00:00.000Z'));
    const text = renderPlain(reply);
    expect(reply.tone).toBe('warning');
    expect(text).toContain('https://www.itu.int/net4/wsis/forum/2014/Home/Mpp');
    expect(text).toContain('For: 1 hour 30 minutes');
    expect(text).toContain('Last error: The site answered 503');
  });
  it('says when it works again', () => {
    const reply = buildWatchRecoveredReply(
      watch,
      watch.failingSince ?? '',
      new Date('2014-06-04T10:00:00.000Z'),
    );
    expect(reply.tone).toBe('success');
    expect(renderPlain(reply)).toContain('after 2 hours 30 minutes of failures');
  });
  it('refuses malformed payload references instead of guessing', () => {
    expect(payloadRefs.change.decode('{"processId":"p","changeId":"7"}')).toBeUndefined();
    expect(payloadRefs.change.decode('not json')).toBeUndefined();
    expect(payloadRefs.digest.decode(null)).toBeUndefined();
    expect(payloadRefs.watch.decode('{"watchId":"w","failingSince":"yesterday"}')).toBeUndefined();
  });
});
