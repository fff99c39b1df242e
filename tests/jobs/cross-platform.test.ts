import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planChangeAlerts } from '../../src/core/app/alerts.js';
import { planDigest } from '../../src/core/app/digest.js';
import { syncMeetingReminders } from '../../src/core/app/reminders.js';
import {
  type Address,
  type Notifier,
  type OutgoingMessage,
  silentLogger,
} from '../../src/core/ports/index.js';
import type { Platform, ReminderRecord, TenantRecord } from '../../src/core/store.js';
import { personPlatform, processDelivery } from '../../src/jobs/deliver.js';
import { processReminder } from '../../src/jobs/remind.js';
import { ManualClock, makeWorld, RecordingQueue, type World } from './world.js';

/**
 * A mailing list feeding a Discord server's process: the list address is a channel of the
 * Discord tenant with platform `email`. Whatever the server's channels are told, the list is
 * told too, through the e-mail notifier, never through Discord's.
 */

class RecordingNotifier implements Notifier {
  sent: Array<{ address: Address; message: OutgoingMessage }> = [];
  constructor(readonly platform: Platform) {}
  async send(address: Address, message: OutgoingMessage) {
    this.sent.push({ address, message });
    return { messageId: `${this.platform}-${this.sent.length}` };
  }
}

const LIST = 'wsis@lists.example.org';
const GUILD = '81384788765712384';
const START = new Date('2014-06-09T12:00:00.000Z'); // Mon 9 June 2014, 14:00 in Geneva
const RETRY = { baseMs: 1_000, maxMs: 60_000, attempts: 6 };

describe('deliveries to a channel of another platform than its tenant', () => {
  let world: World;
  let clock: ManualClock;
  let queue: RecordingQueue;
  let discord: RecordingNotifier;
  let email: RecordingNotifier;
  let listChannelId: string;

  beforeEach(async () => {
    clock = new ManualClock(Date.parse('2014-06-03T16:00:00.000Z'));
    world = await makeWorld({ clock, external: GUILD });
    queue = new RecordingQueue();
    discord = new RecordingNotifier('discord');
    email = new RecordingNotifier('email');
    const list = await world.t.bindChannel({
      processId: world.processId,
      platformChannelId: LIST,
      name: LIST,
      platform: 'email',
    });
    await world.t.setSubscription(list.id, { draftChanges: true, scheduleChanges: true, reminders: true });
    listChannelId = list.id;
  });
  afterEach(async () => {
    await world.store.close();
  });

  const base = () => ({ store: world.store, clock, logger: silentLogger });
  const deliver = (deliveryId: string, notifiers: Partial<Record<Platform, Notifier>> = { discord, email }) =>
    processDelivery({ ...base(), notifiers, retry: RETRY }, { tenantId: world.tenantId, deliveryId }, 0);

  async function retimedAlert(): Promise<string[]> {
    const change = await world.t.appendChange({
      processId: world.processId,
      kind: 'meeting.retimed',
      subject: 'mpp-6',
      payload: {
        v: 1,
        data: {},
        alert: {
          title: 'MPP-6 re-timed: now 14:00-18:00 Europe/Zurich',
          tone: 'warning',
          lines: ['The corrected invitation gives 14:00-18:00 (the signed letter said 14:00-16:00).'],
          threadKey: 'mpp-6',
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
    return plan.claimed.map((d) => d.id);
  }

  it('sends a schedule alert to the server through Discord and to the list by mail, once each', async () => {
    const ids = await retimedAlert();
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(await deliver(id)).toMatchObject({ status: 'sent' });
    expect(discord.sent.map((s) => s.address)).toEqual([
      { platform: 'discord', tenantExternalId: GUILD, channel: '112233445566778899' },
    ]);
    // The list's mail threads under the tenant's own id, the same root for every alert about MPP-6.
    expect(email.sent.map((s) => s.address)).toEqual([
      { platform: 'email', tenantExternalId: GUILD, channel: LIST },
    ]);
    expect(email.sent[0]?.message).toMatchObject({ threadKey: 'mpp-6', zone: 'Europe/Zurich' });
    expect(email.sent[0]?.message.reply.title).toBe('MPP-6 re-timed: now 14:00-18:00 Europe/Zurich');
    expect(await world.t.listDeliveries({ status: 'sent' })).toHaveLength(2);
  });

  it('keeps the list’s delivery retryable in a worker without e-mail, and still serves the server', async () => {
    const ids = await retimedAlert();
    const outcomes = await Promise.all(ids.map((id) => deliver(id, { discord })));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['failed', 'sent']);
    expect(outcomes).toContainEqual({
      status: 'failed',
      error: 'No notifier for email is configured in this worker.',
    });
    expect(discord.sent).toHaveLength(1);
    const failed = await world.t.listDeliveries({ status: 'failed' });
    expect(failed.map((d) => d.target)).toEqual([{ kind: 'channel', id: listChannelId }]);
    // A worker that has the e-mail notifier sends it later.
    expect(await deliver(failed[0]?.id ?? '')).toMatchObject({ status: 'sent' });
    expect(email.sent).toHaveLength(1);
  });

  it('reminds the list by mail and a person who wrote by mail by mail; a Discord user on Discord', async () => {
    await world.t.setPerson('amina@civil.example.org', {
      timeZone: 'Australia/Sydney',
      reminders: { offsetsMinutes: [60] },
    });
    await world.t.setPerson('80351110224678912', { reminders: { offsetsMinutes: [60] } });
    const meeting = await world.saveMpp6(START, 240);
    const { scheduled } = await syncMeetingReminders({ ...base(), queue }, world.tenantId, world.processId, [
      meeting,
    ]);
    const hourBefore = scheduled.filter((r) => r.offsetMinutes === 60);
    expect(hourBefore).toHaveLength(4);
    clock.set('2014-06-09T11:00:00.000Z');
    for (const r of hourBefore as ReminderRecord[]) {
      const fired = await processReminder(
        { ...base(), queue },
        { tenantId: world.tenantId, reminderId: r.id, dueAt: r.dueAt },
      );
      if (fired.status !== 'sent') throw new Error(`expected a prepared reminder, got ${fired.status}`);
      expect(await deliver(fired.deliveryId)).toMatchObject({ status: 'sent' });
    }
    const where = (n: RecordingNotifier) => n.sent.map((s) => s.address.channel ?? s.address.user).sort();
    expect(where(discord)).toEqual(['112233445566778899', '80351110224678912']);
    expect(where(email)).toEqual(['amina@civil.example.org', LIST]);
    const amina = email.sent.find((s) => s.address.user === 'amina@civil.example.org');
    expect(amina?.address.platform).toBe('email');
    expect(amina?.message.zone).toBe('Australia/Sydney');
  });

  it('sends the list’s daily digest by mail', async () => {
    await world.t.setSubscription(listChannelId, { digestHour: 8, digestZone: 'Europe/Zurich' });
    await world.saveMpp6(START, 240);
    clock.set('2014-06-04T06:00:00.000Z');
    const plan = await planDigest({ store: world.store, queue, clock }, world.tenantId, listChannelId);
    expect(plan.outcome).toBe('claimed');
    const id = queue.deliveries.at(-1) ?? '';
    expect(await deliver(id)).toMatchObject({ status: 'sent' });
    expect(discord.sent).toEqual([]);
    expect(email.sent.map((s) => s.address)).toEqual([
      { platform: 'email', tenantExternalId: GUILD, channel: LIST },
    ]);
  });

  it('reaches people on their tenant’s platform unless a chat tenant knows them by e-mail address', () => {
    const tenant = (platform: Platform) => ({ platform }) as Pick<TenantRecord, 'platform'>;
    expect(personPlatform(tenant('discord'), '80351110224678912')).toBe('discord');
    expect(personPlatform(tenant('slack'), 'U024BE7LH')).toBe('slack');
    expect(personPlatform(tenant('slack'), 'amina@civil.example.org')).toBe('email');
    expect(personPlatform(tenant('email'), 'amina@civil.example.org')).toBe('email');
    expect(personPlatform(tenant('console'), 'console')).toBe('console');
    // Not an address: an at-sign alone does not make one.
    expect(personPlatform(tenant('discord'), '@everyone')).toBe('discord');
  });
});
