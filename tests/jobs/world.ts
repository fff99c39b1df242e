import type { MeetingHeadline, MeetingSnapshot } from '../../src/core/app/contracts.js';
import type { Clock, JobQueue, Store, TenantStore } from '../../src/core/ports/index.js';
import type { MeetingRecord, ProcessSettings, ReminderRecord, WatchRecord } from '../../src/core/store.js';
import { openSqliteStore } from '../../src/store/index.js';

/**
 * Fixtures for the job tests, modelled on the sixth preparatory meeting of the WSIS+10 review:
 * announced on 3 June 2014 for Whit Monday 9 June in Geneva, 14:00-16:00 in the signed letter
 * and 14:00-18:00 on the web page.
 */

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private at: number) {}
  now(): Date {
    return new Date(this.at);
  }
  set(iso: string | number): void {
    this.at = typeof iso === 'number' ? iso : Date.parse(iso);
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

/** A JobQueue that records what it was told. */
export class RecordingQueue implements JobQueue {
  readonly enabled = true;
  scheduled: Array<{ tenantId: string; reminder: ReminderRecord }> = [];
  removed: string[] = [];
  deliveries: string[] = [];
  watches: string[] = [];
  digests: Array<{ channelId: string; digest: { hour: number; zone: string } | null }> = [];
  fail = false;
  private check() {
    if (this.fail) throw new Error('queue down (test)');
  }
  async scheduleReminders(tenantId: string, reminders: readonly ReminderRecord[]) {
    this.check();
    for (const reminder of reminders) this.scheduled.push({ tenantId, reminder });
  }
  async removeReminders(_tenantId: string, ids: readonly string[]) {
    this.check();
    this.removed.push(...ids);
  }
  async enqueueDeliveries(_tenantId: string, ids: readonly string[]) {
    this.check();
    this.deliveries.push(...ids);
  }
  async scheduleWatch(_tenantId: string, watch: WatchRecord) {
    this.check();
    this.watches.push(watch.id);
  }
  async removeWatch(_tenantId: string, watchId: string) {
    this.check();
    this.watches = this.watches.filter((w) => w !== watchId);
  }
  async scheduleDigest(_tenantId: string, channelId: string, digest: { hour: number; zone: string } | null) {
    this.check();
    this.digests.push({ channelId, digest });
  }
  clear() {
    this.scheduled = [];
    this.removed = [];
    this.deliveries = [];
  }
}

/** The headline of the sixth meeting, with overrides. */
export function mpp6(
  startsAt: string,
  endsAt: string | null,
  extra: Partial<MeetingHeadline> = {},
): MeetingSnapshot {
  return {
    v: 1,
    headline: {
      title: 'Sixth WSIS+10 Multistakeholder Preparatory Platform meeting',
      handle: 'MPP-6',
      status: 'scheduled',
      startsAt,
      endsAt,
      timeZone: 'Europe/Zurich',
      venue: 'Geneva, ITU headquarters',
      disputed: [],
      flags: ['Whit Monday, public holiday in Geneva', "6 days' notice"],
      ...extra,
    },
    meeting: { key: 'mpp-6' },
  };
}

/** A store the test can close. */
export type ClosableStore = Store & { close(): Promise<void> };

/** A tenant with the WSIS+10 process and one channel subscribed to everything. */
export interface World {
  store: ClosableStore;
  tenantId: string;
  t: TenantStore;
  processId: string;
  channelId: string;
  /** Saves (creates or updates) the sixth meeting. */
  saveMpp6(
    startsAt: Date,
    minutes: number,
    extra?: Partial<MeetingHeadline> & { status?: MeetingRecord['status']; key?: string },
  ): Promise<MeetingRecord>;
}

/** Opens a store (SQLite in memory unless given) and seeds a world. */
export async function makeWorld(
  options: {
    store?: ClosableStore;
    settings?: Partial<ProcessSettings>;
    clock?: Clock;
    external?: string;
  } = {},
): Promise<World> {
  const store =
    options.store ??
    (await openSqliteStore({ file: ':memory:', ...(options.clock ? { clock: options.clock } : {}) }));
  const tenant = await store.ensureTenant({
    platform: 'discord',
    externalId: options.external ?? `guild-${Math.random().toString(36).slice(2, 10)}`,
    name: 'Civil society caucus',
  });
  const t = store.tenant(tenant.id);
  const process = await t.createProcess({
    name: 'WSIS+10 Vision',
    settings: { defaultTimeZone: 'Europe/Zurich', defaultVenue: 'Geneva', ...options.settings },
  });
  const channel = await t.bindChannel({
    processId: process.id,
    platformChannelId: '112233445566778899',
    name: 'wsis-alerts',
  });
  await t.setSubscription(channel.id, { draftChanges: true, scheduleChanges: true, reminders: true });
  return {
    store,
    tenantId: tenant.id,
    t,
    processId: process.id,
    channelId: channel.id,
    async saveMpp6(startsAt, minutes, extra = {}) {
      const { status = 'scheduled', key = 'mpp-6', ...headline } = extra;
      const start = startsAt.toISOString();
      const end = new Date(startsAt.getTime() + minutes * 60_000).toISOString();
      const { meeting } = await t.saveMeeting({
        processId: process.id,
        meetingKey: key,
        status,
        startsAt: start,
        endsAt: end,
        snapshot: mpp6(start, end, { status, ...headline }),
      });
      return meeting;
    },
  };
}
