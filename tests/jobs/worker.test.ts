import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planChangeAlerts } from '../../src/core/app/alerts.js';
import type { ChangePayload } from '../../src/core/app/contracts.js';
import { syncMeetingReminders } from '../../src/core/app/reminders.js';
import { silentLogger, systemClock } from '../../src/core/ports/index.js';
import type { MeetingRecord } from '../../src/core/store.js';
import { jobIds } from '../../src/jobs/names.js';
import { deleteKeysWithPrefix } from '../../src/jobs/redis.js';
import { startWorker, type WorkerHandle } from '../../src/jobs/worker.js';
import { createHttpSink, createSinkNotifier, type HttpSink } from '../helpers/http-sink.js';
import { REDIS_URL, serviceUp, uniquePrefix } from '../helpers/services.js';
import { makeWorld, type World } from './world.js';

/**
 * The job layer end to end on the machine's Redis: real delayed jobs, real retries, a real
 * HTTP endpoint behind a Notifier. Due times are a few seconds ahead; no fake timers.
 */
const up = await serviceUp('redis');

describe.skipIf(!up)('the worker on Redis', () => {
  const prefix = uniquePrefix('jobs_worker');
  let sink: HttpSink;
  let world: World;
  let worker: WorkerHandle;
  let redis: Redis;
  const deps = () => ({ store: world.store, queue: worker.queue, clock: systemClock });

  beforeAll(async () => {
    sink = await createHttpSink();
    world = await makeWorld({ settings: { reminderOffsetsMinutes: [1] } });
    redis = new Redis(REDIS_URL);
    worker = await startWorker({
      store: world.store,
      notifiers: { discord: createSinkNotifier({ url: sink.url }) },
      ingest: async () => undefined,
      redisUrl: REDIS_URL,
      prefix,
      logger: silentLogger,
      settings: { retry: { baseMs: 200, maxMs: 2_000, attempts: 6 } },
      timing: { markerCheckMs: 0, catchUpMs: 0 },
      // Reminders due a few seconds ahead are then still pending when the test wipes Redis.
      reminderLeadMs: 1_000,
    });
    await worker.rebuilt();
  });

  afterAll(async () => {
    await worker?.close();
    await deleteKeysWithPrefix(redis, prefix);
    await redis?.quit();
    await sink?.close();
    await world?.store.close();
  });

  /** A meeting whose 1-minute reminder falls due `seconds` from now. */
  const dueIn = (seconds: number) => new Date(Date.now() + 60_000 + seconds * 1000);

  it('fires a reminder within 1 s of its due time', async () => {
    sink.reset();
    const meeting = await world.saveMpp6(dueIn(3), 120);
    const { scheduled } = await syncMeetingReminders(deps(), world.tenantId, world.processId, [meeting]);
    expect(scheduled).toHaveLength(1);
    const due = Date.parse(scheduled[0]?.dueAt ?? '');
    const [message] = await sink.waitForMessages(1, 8_000);
    expect(message?.at).toBeGreaterThanOrEqual(due);
    expect(message?.at).toBeLessThan(due + 1_000);
    expect(message?.body.title).toBe('Reminder: MPP-6 starts in 1 minute');
    expect(message?.body.content).toContain('Geneva, ITU headquarters');
    expect(message?.path).toBe('/channels/112233445566778899/messages');
    const reminder = await world.t.getReminder(scheduled[0]?.id ?? '');
    expect(reminder?.status).toBe('sent');
  });

  it('moves the reminders of a re-timed meeting: the old job is gone, the new one fires and names the change', async () => {
    sink.reset();
    const first = await world.saveMpp6(dueIn(150), 120, { key: 'mpp-6-retimed' });
    const { scheduled } = await syncMeetingReminders(deps(), world.tenantId, world.processId, [first]);
    const old = scheduled[0];
    expect(old).toBeDefined();
    const oldJobId = jobIds.reminder(world.tenantId, old?.id ?? '', old?.dueAt ?? '');
    expect(await worker.queue.queues.reminders.getJobState(oldJobId)).toBe('delayed');

    const retimed = await world.saveMpp6(dueIn(3), 120, { key: 'mpp-6-retimed' });
    const { scheduled: moved } = await syncMeetingReminders(deps(), world.tenantId, world.processId, [
      retimed,
    ]);
    expect(moved.map((r) => r.id)).toEqual([old?.id]);
    expect(await worker.queue.queues.reminders.getJobState(oldJobId)).toBe('unknown');

    const [message] = await sink.waitForMessages(1, 8_000);
    expect(message?.body.title).toContain('and it has changed');
    expect(message?.body.content).toMatch(/This meeting, set for \d\d:\d\d now starts at \d\d:\d\d\./);
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.messages).toHaveLength(1);
  });

  it('sends nothing for a cancelled meeting', async () => {
    sink.reset();
    const meeting = await world.saveMpp6(dueIn(2), 120, { key: 'mpp-6-cancelled' });
    const { scheduled } = await syncMeetingReminders(deps(), world.tenantId, world.processId, [meeting]);
    const cancelled = await world.saveMpp6(dueIn(2), 120, { status: 'cancelled', key: 'mpp-6-cancelled' });
    const result = await syncMeetingReminders(deps(), world.tenantId, world.processId, [cancelled]);
    expect(result.removed).toEqual(scheduled.map((r) => r.id));
    const jobId = jobIds.reminder(world.tenantId, scheduled[0]?.id ?? '', scheduled[0]?.dueAt ?? '');
    expect(await worker.queue.queues.reminders.getJobState(jobId)).toBe('unknown');
    await new Promise((r) => setTimeout(r, 3_500));
    expect(sink.requests).toHaveLength(0);
  });

  it('posts exactly once through 429 (honouring Retry-After), then 500, then 200', async () => {
    sink.reset();
    sink.script({ status: 429, headers: { 'retry-after': '1' } }, { status: 500 });
    const payload: ChangePayload = {
      v: 1,
      data: { field: 'end' },
      alert: {
        title: 'MPP-6 re-timed: now 14:00-18:00 (was 14:00-16:00)',
        tone: 'warning',
        lines: ['The web page says 14:00-18:00; the signed letter said 14:00-16:00.'],
        threadKey: 'mpp-6',
      },
    };
    const change = await world.t.appendChange({
      processId: world.processId,
      kind: 'meeting.retimed',
      subject: 'mpp-6',
      payload,
    });
    const plan = await planChangeAlerts(
      { store: world.store, queue: worker.queue },
      world.tenantId,
      world.processId,
      [change],
      'scheduleChanges',
    );
    expect(plan.claimed).toHaveLength(1);
    const [message] = await sink.waitForMessages(1, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.requests.map((r) => r.status)).toEqual([429, 500, 200]);
    expect(sink.messages).toHaveLength(1);
    expect(message?.body.title).toBe(payload.alert.title);
    const [first, second] = sink.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
    const delivery = await world.t.getDelivery(plan.claimed[0]?.id ?? '');
    expect(delivery).toMatchObject({ status: 'sent', attempts: 3, platformMessageId: message?.id });
  });

  it('records a permanent failure once and does not retry it', async () => {
    sink.reset();
    sink.script({ status: 404 });
    const change = await world.t.appendChange({
      processId: world.processId,
      kind: 'meeting.added',
      subject: 'mpp-7',
      payload: {
        v: 1,
        data: {},
        alert: { title: 'MPP-7 added', tone: 'info', lines: [], threadKey: 'mpp-7' },
      },
    });
    const plan = await planChangeAlerts(
      { store: world.store, queue: worker.queue },
      world.tenantId,
      world.processId,
      [change],
      'scheduleChanges',
    );
    const id = plan.claimed[0]?.id ?? '';
    for (let i = 0; i < 50; i++) {
      if ((await world.t.getDelivery(id))?.status === 'permanent') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 800));
    expect(sink.requests).toHaveLength(1);
    expect(await world.t.getDelivery(id)).toMatchObject({ status: 'permanent', attempts: 1 });
    const job = await worker.queue.queues.deliveries.getJob(jobIds.delivery(world.tenantId, id));
    expect(await job?.getState()).toBe('failed');
  });

  it('fails a job with invalid data for good instead of retrying it', async () => {
    const job = await worker.queue.queues.deliveries.add(
      'delivery',
      { tenantId: world.tenantId, deliveryId: 42 },
      { jobId: 'bad-data' },
    );
    for (let i = 0; i < 40 && (await job.getState()) !== 'failed'; i++)
      await new Promise((r) => setTimeout(r, 50));
    const failed = await worker.queue.queues.deliveries.getJob('bad-data');
    expect(await failed?.getState()).toBe('failed');
    expect(failed?.failedReason).toMatch(/^Invalid job data/);
    expect(failed?.attemptsMade).toBe(1);
  });

  it('sends a daily digest when its scheduler fires, once per channel and day', async () => {
    sink.reset();
    await world.t.setSubscription(world.channelId, { digestHour: 8, digestZone: 'Europe/Zurich' });
    await world.t.appendChange({
      processId: world.processId,
      kind: 'draft.version',
      subject: 'vision',
      payload: {
        v: 1,
        data: {},
        alert: { title: 'Vision: 1 June version posted', tone: 'info', lines: [], threadKey: 'vision' },
      },
      // The window ends on the minute the digest fires; this change is from earlier in the day.
      createdAt: new Date(Date.now() - 5 * 60_000),
    });
    // Two firings the same day, as a scheduler and a manual run might produce.
    for (const jobId of ['digest-a', 'digest-b']) {
      await worker.queue.queues.digests.add(
        'digest',
        { tenantId: world.tenantId, channelId: world.channelId },
        { jobId },
      );
    }
    const [message] = await sink.waitForMessages(1, 5_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.messages).toHaveLength(1);
    expect(message?.body.title).toBe('Daily digest: WSIS+10 Vision');
    expect(message?.body.content).toContain('Vision: 1 June version posted');
    await world.t.setSubscription(world.channelId, { digestHour: null });
  });

  it('loses no reminder when Redis is wiped: rebuild re-creates them and every one fires', async () => {
    sink.reset();
    // Three meetings whose reminders fall due 4-6 s from now.
    const meetings: MeetingRecord[] = [];
    for (const [i, s] of [4, 5, 6].entries()) {
      const { meeting } = await world.t.saveMeeting({
        processId: world.processId,
        meetingKey: `session-${i}`,
        status: 'scheduled',
        startsAt: dueIn(s).toISOString(),
        endsAt: new Date(dueIn(s).getTime() + 3_600_000).toISOString(),
        snapshot: {
          v: 1,
          headline: {
            title: `Session ${i}`,
            handle: null,
            status: 'scheduled',
            startsAt: null,
            endsAt: null,
            timeZone: 'Europe/Zurich',
            venue: 'Geneva',
            disputed: [],
            flags: [],
          },
          meeting: {},
        },
      });
      meetings.push(meeting);
    }
    const { scheduled } = await syncMeetingReminders(deps(), world.tenantId, world.processId, meetings);
    expect(scheduled).toHaveLength(3);
    expect(await deleteKeysWithPrefix(redis, prefix)).toBeGreaterThan(0);
    expect(await worker.queue.queues.reminders.getDelayedCount()).toBe(0);
    const report = await worker.rebuild();
    expect(report.reminders.added).toBe(3);
    const again = await worker.rebuild();
    expect(again.reminders).toEqual({ added: 0, kept: 3, replaced: 0 });
    const messages = await sink.waitForMessages(3, 10_000);
    // Each still on time.
    for (const m of messages) {
      const session = Number(/Session (\d)/.exec(m.body.title)?.[1]);
      const due = Date.parse(scheduled.find((r) => r.meetingId === meetings[session]?.id)?.dueAt ?? '');
      expect(m.at, m.body.title).toBeGreaterThanOrEqual(due);
      expect(m.at, m.body.title).toBeLessThan(due + 1_000);
    }
    expect(messages.map((m) => m.body.title).sort()).toEqual([
      'Reminder: Session 0 starts in 1 minute',
      'Reminder: Session 1 starts in 1 minute',
      'Reminder: Session 2 starts in 1 minute',
    ]);
  });
});
