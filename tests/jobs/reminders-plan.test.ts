import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { judgeReminder, judgeReminderDelivery } from '../../src/core/app/reminder-judgement.js';
import {
  buildReminderReply,
  changeLines,
  offsetWords,
  parseTold,
  syncMeetingReminders,
  wantedReminders,
  wantsPersonalReminders,
} from '../../src/core/app/reminders.js';
import { renderPlain } from '../../src/core/reply.js';
import type { PersonRecord } from '../../src/core/store.js';
import { ManualClock, makeWorld, RecordingQueue, type World } from './world.js';

// 3 June 2014, 10:00 in Geneva: the day the invitation to the sixth meeting went out.
const NOW = '2014-06-03T08:00:00.000Z';
// Whit Monday 9 June 2014, 14:00 Geneva (CEST, UTC+2).
const START = new Date('2014-06-09T12:00:00.000Z');

describe('syncMeetingReminders', () => {
  let world: World;
  let queue: RecordingQueue;
  let clock: ManualClock;
  let deps: { store: World['store']; queue: RecordingQueue; clock: ManualClock };

  beforeEach(async () => {
    clock = new ManualClock(Date.parse(NOW));
    world = await makeWorld({ clock });
    queue = new RecordingQueue();
    deps = { store: world.store, queue, clock };
  });
  afterEach(async () => {
    await world.store.close();
  });

  it('wants the process offsets for every channel subscribed to reminders, due before the start', async () => {
    const meeting = await world.saveMpp6(START, 120);
    const result = await syncMeetingReminders(deps, world.tenantId, world.processId, [meeting]);
    const dues = result.scheduled.map((r) => [r.offsetMinutes, r.dueAt]);
    expect(dues).toEqual([
      [1440, '2014-06-08T12:00:00.000Z'],
      [60, '2014-06-09T11:00:00.000Z'],
    ]);
    expect(queue.scheduled).toHaveLength(2);
    const told = parseTold(result.scheduled[0]?.told);
    expect(told?.facts.startsAt).toBe(START.toISOString());
    expect(told?.facts.venue).toBe('Geneva, ITU headquarters');
  });

  it('does nothing the second time when nothing changed', async () => {
    const meeting = await world.saveMpp6(START, 120);
    await syncMeetingReminders(deps, world.tenantId, world.processId, [meeting]);
    queue.clear();
    const again = await syncMeetingReminders(deps, world.tenantId, world.processId, [meeting]);
    expect(again.scheduled).toEqual([]);
    expect(again.unchanged).toBe(2);
    expect(queue.scheduled).toEqual([]);
  });

  it('moves pending reminders with a re-timed meeting and keeps what they were set up with', async () => {
    const first = await world.saveMpp6(START, 120);
    const before = await syncMeetingReminders(deps, world.tenantId, world.processId, [first]);
    queue.clear();
    const moved = await world.saveMpp6(new Date(START.getTime() + 3_600_000), 120);
    const result = await syncMeetingReminders(deps, world.tenantId, world.processId, [moved]);
    expect(result.scheduled.map((r) => r.dueAt)).toEqual([
      '2014-06-08T13:00:00.000Z',
      '2014-06-09T12:00:00.000Z',
    ]);
    // Same reminder rows, new due times.
    expect(result.scheduled.map((r) => r.id).sort()).toEqual(before.scheduled.map((r) => r.id).sort());
    const told = parseTold(result.scheduled[1]?.told);
    expect(told?.setup.facts.startsAt).toBe(START.toISOString());
    expect(told?.facts.startsAt).toBe('2014-06-09T13:00:00.000Z');
  });

  it('cancels the pending reminders of a cancelled or postponed meeting', async () => {
    const meeting = await world.saveMpp6(START, 120);
    const { scheduled } = await syncMeetingReminders(deps, world.tenantId, world.processId, [meeting]);
    const cancelled = await world.saveMpp6(START, 120, { status: 'cancelled' });
    const result = await syncMeetingReminders(deps, world.tenantId, world.processId, [cancelled]);
    expect(result.removed.sort()).toEqual(scheduled.map((r) => r.id).sort());
    expect(queue.removed.sort()).toEqual(scheduled.map((r) => r.id).sort());
    const left = await world.t.listReminders({ meetingId: meeting.id });
    expect(left.every((r) => r.status === 'cancelled')).toBe(true);
    // Rescheduled again: the same reminders come back.
    const back = await world.saveMpp6(START, 120);
    const revived = await syncMeetingReminders(deps, world.tenantId, world.processId, [back]);
    expect(revived.scheduled.map((r) => r.status)).toEqual(['pending', 'pending']);
  });

  it('skips due times already past and withdraws a pending reminder moved into the past', async () => {
    // Clock: Sunday 8 June 20:00 Geneva; the 24 h reminder for Monday 14:00 is already past.
    clock.set('2014-06-08T18:00:00.000Z');
    const meeting = await world.saveMpp6(START, 120);
    const result = await syncMeetingReminders(deps, world.tenantId, world.processId, [meeting]);
    expect(result.skippedPast).toBe(1);
    expect(result.scheduled.map((r) => r.offsetMinutes)).toEqual([60]);
    // Moved earlier, to 18:30 Sunday: the 1 h reminder (17:30) is now in the past too.
    const earlier = await world.saveMpp6(new Date('2014-06-08T18:30:00.000Z'), 60);
    const moved = await syncMeetingReminders(deps, world.tenantId, world.processId, [earlier]);
    expect(moved.removed).toEqual([result.scheduled[0]?.id]);
    expect(await world.t.listReminders({ meetingId: meeting.id })).toEqual([]);
  });

  it('leaves a pending reminder alone when its unchanged due time just passed (it may be firing)', async () => {
    const meeting = await world.saveMpp6(START, 120);
    const { scheduled } = await syncMeetingReminders(deps, world.tenantId, world.processId, [meeting]);
    clock.set('2014-06-09T11:00:00.500Z');
    const result = await syncMeetingReminders(deps, world.tenantId, world.processId, [meeting]);
    expect(result.removed).toEqual([]);
    const oneHour = scheduled.find((r) => r.offsetMinutes === 60);
    expect((await world.t.getReminder(oneHour?.id ?? ''))?.status).toBe('pending');
  });

  it('withdraws reminders nobody wants any more (channel unsubscribed)', async () => {
    const meeting = await world.saveMpp6(START, 120);
    const { scheduled } = await syncMeetingReminders(deps, world.tenantId, world.processId, [meeting]);
    await world.t.setSubscription(world.channelId, { reminders: false });
    const result = await syncMeetingReminders(deps, world.tenantId, world.processId, [meeting]);
    expect(result.removed.sort()).toEqual(scheduled.map((r) => r.id).sort());
    expect(await world.t.listReminders({ meetingId: meeting.id })).toEqual([]);
  });

  it('sends personal reminders only to people who chose their own offsets and did not mute them', async () => {
    await world.t.setPerson('u-sydney', {
      timeZone: 'Australia/Sydney',
      reminders: { offsetsMinutes: [30] },
    });
    await world.t.setPerson('u-muted', { reminders: { offsetsMinutes: [30], muted: true } });
    await world.t.setPerson('u-default', { timeZone: 'America/New_York' });
    const meeting = await world.saveMpp6(START, 120);
    const result = await syncMeetingReminders(deps, world.tenantId, world.processId, [meeting]);
    const persons = result.scheduled.filter((r) => r.target.kind === 'person');
    expect(persons.map((r) => [r.target.id, r.offsetMinutes, r.dueAt])).toEqual([
      ['u-sydney', 30, '2014-06-09T11:30:00.000Z'],
    ]);
    // Muting later withdraws the pending one.
    await world.t.setPerson('u-sydney', { reminders: { muted: true } });
    const after = await syncMeetingReminders(deps, world.tenantId, world.processId, [meeting]);
    expect(after.removed).toEqual([persons[0]?.id]);
  });

  it('keeps the store right when the queue is down, and says so', async () => {
    queue.fail = true;
    const meeting = await world.saveMpp6(START, 120);
    const result = await syncMeetingReminders(deps, world.tenantId, world.processId, [meeting]);
    expect(result.queueUpdated).toBe(false);
    expect(await world.t.listReminders({ status: 'pending' })).toHaveLength(2);
  });

  it('ignores meetings of another process and refuses an unknown process', async () => {
    const other = await world.t.createProcess({ name: 'WSIS+10 Statement' });
    const meeting = await world.saveMpp6(START, 120);
    const result = await syncMeetingReminders(deps, world.tenantId, other.id, [meeting]);
    expect(result.ignored).toEqual([meeting.id]);
    await expect(syncMeetingReminders(deps, world.tenantId, 'nope', [meeting])).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('the opt-in rule and wanted reminders', () => {
  const person = (offsets: number[] | null, muted = false): PersonRecord => ({
    tenantId: 't',
    platformUserId: 'u',
    timeZone: null,
    reminders: { offsetsMinutes: offsets, muted },
    updatedAt: NOW,
  });
  it('needs own offsets and no mute', () => {
    expect(wantsPersonalReminders(person(null))).toBe(false);
    expect(wantsPersonalReminders(person([]))).toBe(false);
    expect(wantsPersonalReminders(person([60], true))).toBe(false);
    expect(wantsPersonalReminders(person([60]))).toBe(true);
  });
  it('crosses offsets with targets', () => {
    const wanted = wantedReminders(
      { settings: { reminderOffsetsMinutes: [1440, 60] } as never },
      ['c1', 'c2'],
      [person([15])],
    );
    expect(wanted.map((w) => `${w.target.kind}:${w.target.id}:${w.offsetMinutes}`)).toEqual([
      'channel:c1:1440',
      'channel:c1:60',
      'channel:c2:1440',
      'channel:c2:60',
      'person:u:15',
    ]);
  });
});

describe('judgeReminder', () => {
  const reminder = {
    id: 'r1',
    tenantId: 't',
    meetingId: 'm1',
    offsetMinutes: 60,
    target: { kind: 'channel' as const, id: 'c1' },
    dueAt: '2014-06-09T11:00:00.000Z',
    status: 'pending' as const,
    told: null,
    createdAt: NOW,
    updatedAt: NOW,
  };
  const meeting = {
    id: 'm1',
    tenantId: 't',
    processId: 'p',
    meetingKey: 'mpp-6',
    status: 'scheduled' as const,
    startsAt: START.toISOString(),
    endsAt: '2014-06-09T16:00:00.000Z',
    snapshot: mpp6Snapshot(),
    revision: 1,
    createdAt: NOW,
    updatedAt: NOW,
  };
  const at = (iso: string) => new Date(iso);
  it('sends at the due time', () => {
    expect(judgeReminder(reminder, meeting, reminder.dueAt, at('2014-06-09T11:00:00.200Z')).action).toBe(
      'send',
    );
  });
  it('skips a job for an older due time, a sent or missing reminder', () => {
    expect(judgeReminder(reminder, meeting, '2014-06-09T10:00:00.000Z', at(NOW))).toEqual({
      action: 'skip',
      reason: 'moved',
    });
    expect(judgeReminder({ ...reminder, status: 'sent' }, meeting, reminder.dueAt, at(NOW))).toEqual({
      action: 'skip',
      reason: 'not-pending',
    });
    expect(judgeReminder(undefined, meeting, reminder.dueAt, at(NOW))).toEqual({
      action: 'skip',
      reason: 'gone',
    });
  });
  it('re-plans when the meeting moved or was cancelled behind the reminder', () => {
    const moved = { ...meeting, startsAt: '2014-06-09T13:00:00.000Z' };
    expect(judgeReminder(reminder, moved, reminder.dueAt, at(NOW))).toEqual({
      action: 'resync',
      reason: 'meeting-moved',
    });
    expect(judgeReminder(reminder, { ...meeting, status: 'cancelled' }, reminder.dueAt, at(NOW)).action).toBe(
      'resync',
    );
  });
  it('closes a reminder that is too late: past its grace or after the start', () => {
    expect(judgeReminder(reminder, meeting, reminder.dueAt, at('2014-06-09T11:14:00.000Z')).action).toBe(
      'send',
    );
    expect(judgeReminder(reminder, meeting, reminder.dueAt, at('2014-06-09T11:16:00.000Z')).action).toBe(
      'late',
    );
    expect(judgeReminder(reminder, meeting, reminder.dueAt, at('2014-06-09T12:00:00.000Z')).action).toBe(
      'late',
    );
  });
});

describe('judgeReminderDelivery', () => {
  const dueAt = '2014-06-09T11:00:00.000Z';
  const told = {
    v: 1,
    facts: {
      title: 'MPP-6',
      startsAt: START.toISOString(),
      endsAt: '2014-06-09T16:00:00.000Z',
      venue: 'Geneva',
      timeZone: 'Europe/Zurich',
    },
    setup: {
      facts: {
        title: 'MPP-6',
        startsAt: START.toISOString(),
        endsAt: null,
        venue: null,
        timeZone: null,
      },
      at: NOW,
    },
    sent: null,
    before: null,
    skipped: null,
  };
  const reminder = {
    id: 'r1',
    tenantId: 't',
    meetingId: 'm1',
    offsetMinutes: 60,
    target: { kind: 'channel' as const, id: 'c1' },
    dueAt,
    status: 'sent' as const,
    told,
    createdAt: NOW,
    updatedAt: NOW,
  };
  const meeting = {
    id: 'm1',
    tenantId: 't',
    processId: 'p',
    meetingKey: 'mpp-6',
    status: 'scheduled' as const,
    startsAt: START.toISOString(),
    endsAt: '2014-06-09T16:00:00.000Z',
    snapshot: mpp6Snapshot(),
    revision: 1,
    createdAt: NOW,
    updatedAt: NOW,
  };
  const at = (iso: string) => new Date(iso);
  const reason = (v: ReturnType<typeof judgeReminderDelivery>) => (v.action === 'drop' ? v.reason : v.action);

  it('sends a prepared reminder that still holds, with the headline and what was told', () => {
    const v = judgeReminderDelivery({ reminder, meeting }, '2014-06-09T13:00:00+02:00', at(dueAt));
    expect(v.action).toBe('send');
    if (v.action !== 'send') return;
    expect(v.headline.startsAt).toBe(START.toISOString());
    expect(v.told?.facts.venue).toBe('Geneva');
    expect(v.meeting.meetingKey).toBe('mpp-6');
  });

  it('waits when picked up before its due time, beyond a small jitter', () => {
    expect(judgeReminderDelivery({ reminder, meeting }, dueAt, at('2014-06-09T10:59:59.900Z')).action).toBe(
      'send',
    );
    expect(judgeReminderDelivery({ reminder, meeting }, dueAt, at('2014-06-09T10:59:00.000Z'))).toEqual({
      action: 'early',
      delayMs: 60_000,
    });
  });

  it('drops what no longer holds, saying why', () => {
    const now = at(dueAt);
    expect(reason(judgeReminderDelivery(undefined, dueAt, now))).toBe('The reminder was withdrawn.');
    expect(reason(judgeReminderDelivery({ reminder, meeting }, undefined, now))).toBe(
      'The reminder was withdrawn.',
    );
    expect(reason(judgeReminderDelivery({ reminder, meeting }, '2014-06-09T10:00:00.000Z', now))).toMatch(
      /^Stale: the reminder moved/,
    );
    expect(
      reason(judgeReminderDelivery({ reminder: { ...reminder, status: 'pending' }, meeting }, dueAt, now)),
    ).toMatch(/^Stale: the reminder moved/);
    expect(reason(judgeReminderDelivery({ reminder, meeting: null }, dueAt, now))).toBe(
      'The meeting of this reminder is gone.',
    );
    expect(
      reason(judgeReminderDelivery({ reminder, meeting: { ...meeting, status: 'postponed' } }, dueAt, now)),
    ).toMatch(/^Stale: the meeting was cancelled or postponed/);
    const moved = { ...meeting, startsAt: '2014-06-09T13:00:00.000Z' };
    expect(reason(judgeReminderDelivery({ reminder, meeting: moved }, dueAt, now))).toMatch(
      /^Stale: the meeting moved after the reminder fell due/,
    );
    expect(reason(judgeReminderDelivery({ reminder, meeting }, dueAt, START))).toMatch(/^Too late/);
  });
});

function mpp6Snapshot() {
  return {
    v: 1,
    headline: {
      title: 'Sixth MPP meeting',
      handle: 'MPP-6',
      status: 'scheduled',
      startsAt: START.toISOString(),
      endsAt: '2014-06-09T16:00:00.000Z',
      timeZone: 'Europe/Zurich',
      venue: 'Geneva',
      disputed: [],
      flags: [],
    },
    meeting: {},
  };
}

describe('reminder messages', () => {
  const facts = (startsAt: string, endsAt: string | null, venue: string | null = 'Geneva, ITU') => ({
    title: 'MPP-6',
    startsAt,
    endsAt,
    venue,
    timeZone: 'Europe/Zurich',
  });
  const was = (f: ReturnType<typeof facts>, source: 'reminder' | 'setup' = 'reminder') => ({
    facts: f,
    source,
    at: NOW,
  });

  it('names a re-timing, a new day, a new end and a new venue in the reader zone', () => {
    const before = was(facts('2014-06-09T12:00:00.000Z', '2014-06-09T14:00:00.000Z', 'Sharm el-Sheikh'));
    expect(
      changeLines(before, facts('2014-06-09T13:00:00.000Z', '2014-06-09T16:00:00.000Z'), 'Europe/Zurich'),
    ).toEqual([
      'The meeting you were reminded of for 14:00 now starts at 15:00.',
      'It now ends at 18:00 (you were told 16:00).',
      'It now takes place in Geneva, ITU (you were told Sharm el-Sheikh).',
    ]);
    expect(
      changeLines(
        before,
        facts('2014-06-10T12:00:00.000Z', '2014-06-10T14:00:00.000Z', 'Sharm el-Sheikh'),
        'Europe/Zurich',
      )[0],
    ).toBe('The meeting you were reminded of for Mon 9 Jun 14:00 now starts at Tue 10 Jun 14:00.');
    // Sydney readers see their own clock.
    expect(
      changeLines(
        before,
        facts('2014-06-09T13:00:00.000Z', '2014-06-09T14:00:00.000Z', 'Sharm el-Sheikh'),
        'Australia/Sydney',
      ),
    ).toEqual(['The meeting you were reminded of for 22:00 now starts at 23:00.']);
  });

  it('shows seconds rather than claim that 14:00 now starts at 14:00', () => {
    const before = was(facts('2014-06-09T12:00:00.000Z', null), 'setup');
    expect(changeLines(before, facts('2014-06-09T12:00:30.000Z', null), 'Europe/Zurich')).toEqual([
      'This meeting, set for 14:00:00 now starts at 14:00:30.',
    ]);
  });

  it('gives channels the venue time in words and a TimeInline each platform can localise', () => {
    const headline = {
      title: 'Sixth MPP meeting',
      handle: 'MPP-6',
      status: 'scheduled' as const,
      startsAt: '2014-06-09T12:00:00.000Z',
      endsAt: '2014-06-09T16:00:00.000Z',
      timeZone: 'Europe/Zurich',
      venue: 'Geneva, ITU headquarters',
      disputed: ['end'],
      flags: ['Whit Monday, public holiday in Geneva'],
    };
    const r = buildReminderReply({ offsetMinutes: 1440 }, headline, null, 'Europe/Zurich');
    expect(r.title).toBe('Reminder: MPP-6 starts in 24 hours');
    expect(r.tone).toBe('warning');
    const fields = r.sections.flatMap((s) => s.fields ?? []);
    expect(fields[0]).toEqual({
      name: 'Local time at the venue',
      value: 'Mon 9 Jun 2014, 14:00-18:00 CEST',
    });
    expect(fields[1]?.value).toEqual([
      { time: '2014-06-09T12:00:00.000Z', zone: 'Europe/Zurich', style: 'full' },
      ' to ',
      { time: '2014-06-09T16:00:00.000Z', zone: 'Europe/Zurich', style: 'time' },
    ]);
    expect(renderPlain(r)).toContain('Not settled: end.');
    expect(r.actions).toEqual([{ command: 'meetings show MPP-6', label: 'Details and sources' }]);
  });

  it('words offsets as people say them', () => {
    expect([1, 45, 60, 90, 1440, 2880, 1500].map(offsetWords)).toEqual([
      '1 minute',
      '45 minutes',
      '1 hour',
      '1 hour 30 minutes',
      '24 hours',
      '2 days',
      '25 hours',
    ]);
  });
});
