import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveryKeys, planChangeAlerts } from '../../src/core/app/alerts.js';
import { parseTold, syncMeetingReminders } from '../../src/core/app/reminders.js';
import { RapporteurError } from '../../src/core/errors.js';
import {
  type Address,
  type Notifier,
  type OutgoingMessage,
  silentLogger,
} from '../../src/core/ports/index.js';
import { renderPlain } from '../../src/core/reply.js';
import type { Platform, ReminderRecord } from '../../src/core/store.js';
import { processDelivery } from '../../src/jobs/deliver.js';
import { processReminder } from '../../src/jobs/remind.js';
import { ManualClock, makeWorld, RecordingQueue, type World } from './world.js';

/** A Notifier that records messages and fails as scripted. */
class ScriptedNotifier implements Notifier {
  readonly platform: Platform = 'discord';
  sent: Array<{ address: Address; message: OutgoingMessage }> = [];
  failures: Error[] = [];
  async send(address: Address, message: OutgoingMessage) {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push({ address, message });
    return { messageId: `msg-${this.sent.length}` };
  }
}

const START = new Date('2014-06-09T12:00:00.000Z'); // Mon 9 June 2014, 14:00 in Geneva
const RETRY = { baseMs: 1_000, maxMs: 60_000, attempts: 6 };

describe('the reminder and delivery processors', () => {
  let world: World;
  let clock: ManualClock;
  let queue: RecordingQueue;
  let notifier: ScriptedNotifier;

  beforeEach(async () => {
    clock = new ManualClock(Date.parse('2014-06-03T08:00:00.000Z'));
    world = await makeWorld({ clock });
    queue = new RecordingQueue();
    notifier = new ScriptedNotifier();
  });
  afterEach(async () => {
    await world.store.close();
  });

  const base = () => ({ store: world.store, clock, logger: silentLogger });
  const plan = (meetings: Parameters<typeof syncMeetingReminders>[3]) =>
    syncMeetingReminders({ ...base(), queue }, world.tenantId, world.processId, meetings);
  const fire = (r: ReminderRecord) =>
    processReminder({ ...base(), queue }, { tenantId: world.tenantId, reminderId: r.id, dueAt: r.dueAt });
  const deliver = (deliveryId: string, attemptsMade = 0) =>
    processDelivery(
      { ...base(), notifiers: { discord: notifier }, retry: RETRY },
      { tenantId: world.tenantId, deliveryId },
      attemptsMade,
    );
  const text = (i: number) => {
    const m = notifier.sent[i]?.message;
    return m ? renderPlain(m.reply, m.zone) : '';
  };

  it('tells a channel what changed since its last reminder ("reminded of for 14:00 now starts at 15:00")', async () => {
    const meeting = await world.saveMpp6(START, 120);
    const { scheduled } = await plan([meeting]);
    const day = scheduled.find((r) => r.offsetMinutes === 1440) as ReminderRecord;

    clock.set(day.dueAt);
    const first = await fire(day);
    expect(first).toMatchObject({ status: 'sent', created: true });
    if (first.status !== 'sent') throw new Error('unreachable');
    expect(await deliver(first.deliveryId)).toMatchObject({ status: 'sent' });
    expect(notifier.sent[0]?.message.reply.title).toBe('Reminder: MPP-6 starts in 24 hours');
    expect(text(0)).toContain('Local time at the venue: Mon 9 Jun 2014, 14:00-16:00');
    expect(notifier.sent[0]?.message).toMatchObject({
      idempotencyKey: deliveryKeys.reminder(day.id, day.dueAt),
      threadKey: 'mpp-6',
      zone: 'Europe/Zurich',
    });

    // Re-timed to 15:00-17:00 the same afternoon.
    clock.set('2014-06-08T15:00:00.000Z');
    const moved = await world.saveMpp6(new Date('2014-06-09T13:00:00.000Z'), 120);
    const replanned = await plan([moved]);
    expect(replanned.skippedPast).toBe(1);
    const hour = replanned.scheduled.find((r) => r.offsetMinutes === 60) as ReminderRecord;
    expect(hour.dueAt).toBe('2014-06-09T12:00:00.000Z');

    clock.set(hour.dueAt);
    const second = await fire(hour);
    if (second.status !== 'sent') throw new Error(`expected sent, got ${second.status}`);
    await deliver(second.deliveryId);
    expect(notifier.sent[1]?.message.reply.title).toBe(
      'Reminder: MPP-6 starts in 1 hour, and it has changed',
    );
    expect(text(1)).toContain('The meeting you were reminded of for 14:00 now starts at 15:00.');
    expect(text(1)).toContain('It now ends at 17:00 (you were told 16:00).');
    const told = parseTold((await world.t.getReminder(hour.id))?.told);
    expect(told?.before?.source).toBe('reminder');
    expect(told?.sent?.facts.startsAt).toBe('2014-06-09T13:00:00.000Z');
  });

  it("reminds a person in the person's own zone", async () => {
    await world.t.setPerson('u-sydney', {
      timeZone: 'Australia/Sydney',
      reminders: { offsetsMinutes: [60] },
    });
    const meeting = await world.saveMpp6(START, 240);
    const { scheduled } = await plan([meeting]);
    const mine = scheduled.find((r) => r.target.kind === 'person') as ReminderRecord;
    clock.set(mine.dueAt);
    const out = await fire(mine);
    if (out.status !== 'sent') throw new Error('unreachable');
    await deliver(out.deliveryId);
    expect(notifier.sent[0]?.address).toEqual({
      platform: 'discord',
      tenantExternalId: expect.any(String),
      user: 'u-sydney',
    });
    expect(notifier.sent[0]?.message.zone).toBe('Australia/Sydney');
    // 14:00-18:00 in Geneva is 22:00-02:00 the next day in Sydney.
    expect(text(0)).toContain('When (your time): Mon 9 Jun 2014, 22:00-Tue 10 Jun 02:00');
    expect(text(0)).toContain('Local time at the venue: Mon 9 Jun 2014, 14:00-18:00');
  });

  it('closes a reminder that falls due far too late without a message', async () => {
    const meeting = await world.saveMpp6(START, 120);
    const { scheduled } = await plan([meeting]);
    const hour = scheduled.find((r) => r.offsetMinutes === 60) as ReminderRecord;
    clock.set(Date.parse(hour.dueAt) + 20 * 60_000);
    expect(await fire(hour)).toEqual({ status: 'late' });
    const after = await world.t.getReminder(hour.id);
    expect(after?.status).toBe('sent');
    expect(parseTold(after?.told)?.skipped).toBe('late');
    expect(await world.t.listDeliveries()).toEqual([]);
  });

  it('re-plans instead of sending when the meeting moved behind the reminder', async () => {
    const meeting = await world.saveMpp6(START, 120);
    const { scheduled } = await plan([meeting]);
    const hour = scheduled.find((r) => r.offsetMinutes === 60) as ReminderRecord;
    // The meeting is saved moved, but nobody re-planned its reminders (a crash in between).
    await world.saveMpp6(new Date(START.getTime() + 3_600_000), 120);
    queue.clear();
    clock.set(hour.dueAt);
    expect(await fire(hour)).toEqual({ status: 'resynced', reason: 'meeting-moved' });
    expect((await world.t.getReminder(hour.id))?.dueAt).toBe('2014-06-09T12:00:00.000Z');
    expect(queue.scheduled.map((s) => s.reminder.id)).toContain(hour.id);
    expect(await world.t.listDeliveries()).toEqual([]);
  });

  it('enqueues the delivery when retried after a crash between marking sent and enqueueing', async () => {
    const meeting = await world.saveMpp6(START, 120);
    const { scheduled } = await plan([meeting]);
    const hour = scheduled.find((r) => r.offsetMinutes === 60) as ReminderRecord;
    clock.set(hour.dueAt);
    queue.fail = true;
    await expect(fire(hour)).rejects.toThrow('queue down');
    queue.fail = false;
    const again = await fire(hour);
    expect(again).toMatchObject({ status: 'sent', created: false });
    expect(queue.deliveries).toHaveLength(1);
    expect(await world.t.listDeliveries()).toHaveLength(1);
  });

  it('retries a rate-limited delivery after the platform Retry-After and records the attempt', async () => {
    const delivery = await alertDelivery(world, queue);
    notifier.failures.push(
      new RapporteurError('RATE_LIMITED', 'slow down', { details: { retryAfterMs: 1_500 } }),
    );
    const out = await deliver(delivery);
    expect(out.status).toBe('retry');
    if (out.status !== 'retry') throw new Error('unreachable');
    expect(out.delayMs).toBeGreaterThanOrEqual(1_500);
    expect(out.delayMs).toBeLessThanOrEqual(1_650);
    const stored = await world.t.getDelivery(delivery);
    expect(stored).toMatchObject({ status: 'failed', attempts: 1 });
    expect(Date.parse(stored?.nextAttemptAt ?? '') - clock.now().getTime()).toBe(out.delayMs);
  });

  it('fails for good on a permanent error, and gives up on the last transient attempt', async () => {
    const a = await alertDelivery(world, queue, 1);
    notifier.failures.push(new RapporteurError('PERMISSION_DENIED', 'Missing Access'));
    expect(await deliver(a)).toEqual({ status: 'failed', error: 'PERMISSION_DENIED: Missing Access' });
    expect(await world.t.getDelivery(a)).toMatchObject({ status: 'permanent' });

    const b = await alertDelivery(world, queue, 2);
    notifier.failures.push(new RapporteurError('UNAVAILABLE', 'gateway down'));
    const last = await deliver(b, RETRY.attempts - 1);
    expect(last).toEqual({ status: 'failed', error: 'Gave up after 6 attempts: UNAVAILABLE: gateway down' });
    expect(await world.t.getDelivery(b)).toMatchObject({ status: 'permanent' });
  });

  it('skips a delivery already sent, without calling the platform', async () => {
    const d = await alertDelivery(world, queue);
    expect(await deliver(d)).toMatchObject({ status: 'sent' });
    expect(await deliver(d)).toEqual({ status: 'skipped', reason: 'already-sent' });
    expect(notifier.sent).toHaveLength(1);
  });

  it('keeps a delivery retryable when this worker has no notifier for the platform', async () => {
    const d = await alertDelivery(world, queue);
    const out = await processDelivery(
      { ...base(), notifiers: {}, retry: RETRY },
      { tenantId: world.tenantId, deliveryId: d },
      0,
    );
    expect(out).toEqual({ status: 'failed', error: 'No notifier for discord is configured in this worker.' });
    expect(await world.t.getDelivery(d)).toMatchObject({ status: 'failed' });
  });

  it('fails a delivery for good when its channel was unbound', async () => {
    const d = await alertDelivery(world, queue);
    await world.t.unbindChannel(world.channelId);
    expect(await deliver(d)).toEqual({
      status: 'failed',
      error: 'The channel is no longer bound to a process.',
    });
    expect(notifier.sent).toHaveLength(0);
  });

  it('prepares a reminder ahead of its due time and holds its delivery until then', async () => {
    const meeting = await world.saveMpp6(START, 120);
    const { scheduled } = await plan([meeting]);
    const hour = scheduled.find((r) => r.offsetMinutes === 60) as ReminderRecord;
    clock.set(Date.parse(hour.dueAt) - 45_000);
    const out = await fire(hour);
    if (out.status !== 'sent') throw new Error('unreachable');
    expect(await deliver(out.deliveryId)).toEqual({ status: 'early', delayMs: 45_000 });
    expect(notifier.sent).toHaveLength(0);
    expect(await world.t.getDelivery(out.deliveryId)).toMatchObject({ status: 'pending', attempts: 0 });
    clock.set(hour.dueAt);
    expect(await deliver(out.deliveryId)).toMatchObject({ status: 'sent' });
  });

  it('sends one message when the meeting is re-timed between preparing a reminder and its due time', async () => {
    const meeting = await world.saveMpp6(START, 120);
    const { scheduled } = await plan([meeting]);
    const hour = scheduled.find((r) => r.offsetMinutes === 60) as ReminderRecord;
    clock.set(Date.parse(hour.dueAt) - 30_000);
    const prepared = await fire(hour);
    if (prepared.status !== 'sent') throw new Error('unreachable');
    // Re-timed an hour later, 20 s before the prepared message was due.
    clock.advance(10_000);
    const moved = await plan([await world.saveMpp6(new Date(START.getTime() + 3_600_000), 120)]);
    const again = moved.scheduled.find((r) => r.id === hour.id) as ReminderRecord;
    expect(again.status).toBe('pending');
    clock.set(hour.dueAt);
    expect(await deliver(prepared.deliveryId)).toEqual({
      status: 'failed',
      error: 'Stale: the reminder moved after it was prepared.',
    });
    clock.set(again.dueAt);
    const second = await fire(again);
    if (second.status !== 'sent') throw new Error('unreachable');
    expect(second.deliveryId).not.toBe(prepared.deliveryId);
    expect(await deliver(second.deliveryId)).toMatchObject({ status: 'sent' });
    expect(notifier.sent).toHaveLength(1);
    expect(text(0)).toContain('This meeting, set for 14:00 now starts at 15:00.');
  });

  it('does not send a reminder whose meeting moved between firing and delivery', async () => {
    const meeting = await world.saveMpp6(START, 120);
    const { scheduled } = await plan([meeting]);
    const hour = scheduled.find((r) => r.offsetMinutes === 60) as ReminderRecord;
    clock.set(hour.dueAt);
    const out = await fire(hour);
    if (out.status !== 'sent') throw new Error('unreachable');
    await world.saveMpp6(new Date(START.getTime() + 7_200_000), 120);
    expect((await deliver(out.deliveryId)).status).toBe('failed');
    expect(notifier.sent).toHaveLength(0);
  });
});

let counter = 0;
/** Appends a schedule change and plans its alert; returns the delivery id. */
async function alertDelivery(world: World, queue: RecordingQueue, n = ++counter): Promise<string> {
  const change = await world.t.appendChange({
    processId: world.processId,
    kind: 'meeting.retimed',
    subject: `mpp-${n}`,
    payload: {
      v: 1,
      data: {},
      alert: {
        title: `MPP-${n} re-timed`,
        tone: 'warning',
        lines: ['now 14:00-18:00'],
        threadKey: `mpp-${n}`,
      },
    },
  });
  const plan = await planChangeAlerts(
    { store: world.store, queue },
    world.tenantId,
    world.processId,
    [change],
    'scheduleChanges',
  );
  const id = plan.claimed[0]?.id;
  if (!id) throw new Error('no delivery claimed');
  return id;
}
