import { describe, expect, it } from 'vitest';
import { buildDigestReply, digestWindow, digestZone, planDigest } from '../../src/core/app/digest.js';
import { renderPlain } from '../../src/core/reply.js';
import { ManualClock, makeWorld, RecordingQueue } from './world.js';

describe('digest windows', () => {
  it('covers the same local hour one calendar day back, 23 hours across the spring DST change', () => {
    // 30 March 2014: Europe/Zurich moved from CET to CEST at 02:00.
    const w = digestWindow(new Date('2014-03-30T07:00:00.000Z'), 'Europe/Zurich');
    expect(w).toEqual({
      since: '2014-03-29T08:00:00.000Z',
      until: '2014-03-30T07:00:00.000Z',
      localDate: '2014-03-30',
    });
  });
  it('starts on a whole minute so consecutive digests fit end to end', () => {
    const w = digestWindow(new Date('2014-06-09T07:00:00.734Z'), 'Europe/Zurich');
    expect(w.until).toBe('2014-06-09T07:00:00.000Z');
  });
  it('falls back from the channel zone to the process zone to UTC, ignoring unknown zones', () => {
    expect(digestZone('Australia/Sydney', 'Europe/Zurich')).toBe('Australia/Sydney');
    expect(digestZone(null, 'Europe/Zurich')).toBe('Europe/Zurich');
    expect(digestZone('Mars/Olympus', null)).toBe('UTC');
  });
});

describe('the daily digest', () => {
  it('groups the day by subject and lists upcoming meetings with venue and local time', async () => {
    const clock = new ManualClock(Date.parse('2014-06-04T06:00:00.000Z'));
    const world = await makeWorld({ clock });
    await world.t.setSubscription(world.channelId, { digestHour: 8, digestZone: 'Europe/Zurich' });
    await world.saveMpp6(new Date('2014-06-09T12:00:00.000Z'), 240);
    const alert = (title: string) => ({
      v: 1,
      data: {},
      alert: { title, tone: 'info', lines: [], threadKey: 'x' },
    });
    await world.t.appendChange({
      processId: world.processId,
      kind: 'meeting.added',
      subject: 'mpp-6',
      payload: alert('MPP-6 added: Mon 9 June, 14:00-16:00 Geneva'),
      createdAt: '2014-06-03T09:00:00.000Z',
    });
    await world.t.appendChange({
      processId: world.processId,
      kind: 'draft.version',
      subject: 'vision',
      payload: alert('Vision: 1 June version posted, 14 brackets open'),
      createdAt: '2014-06-03T10:00:00.000Z',
    });
    await world.t.appendChange({
      processId: world.processId,
      kind: 'conflict.opened',
      subject: 'mpp-6',
      payload: alert('MPP-6: sources disagree on the end time'),
      createdAt: '2014-06-03T12:00:00.000Z',
    });
    // Before the window: not in the digest.
    await world.t.appendChange({
      processId: world.processId,
      kind: 'draft.version',
      subject: 'vision',
      payload: alert('Vision: 28 May version posted'),
      createdAt: '2014-06-02T10:00:00.000Z',
    });

    const queue = new RecordingQueue();
    const plan = await planDigest({ store: world.store, queue, clock }, world.tenantId, world.channelId);
    expect(plan.outcome).toBe('claimed');
    expect(queue.deliveries).toHaveLength(1);
    // A scheduler firing twice the same day sends once.
    const twice = await planDigest({ store: world.store, queue, clock }, world.tenantId, world.channelId);
    expect(twice.outcome).toBe('already-claimed');

    const window = digestWindow(clock.now(), 'Europe/Zurich');
    const changes = await world.t.listChanges(world.processId, { since: window.since });
    const upcoming = await world.t.listMeetings(world.processId, { from: window.until, status: 'scheduled' });
    const reply = buildDigestReply(changes, upcoming, 'Europe/Zurich', {
      processName: 'WSIS+10 Vision',
      window,
    });
    const text = renderPlain(reply, 'Europe/Zurich');
    expect(reply.title).toBe('Daily digest: WSIS+10 Vision');
    expect(reply.sections.map((s) => s.heading)).toEqual([
      'Drafts',
      'Schedule',
      'Sources disagree',
      'Coming up (next 14 days)',
    ]);
    expect(text).toContain('3 changes in the last day.');
    expect(text).not.toContain('28 May version');
    expect(text).toContain('MPP-6: Mon 9 Jun 2014, 14:00-18:00');
    expect(text).toContain('Whit Monday, public holiday in Geneva');
    await world.store.close();
  });

  it('sends nothing on a day with no changes and no meetings, and nothing to unsubscribed channels', async () => {
    const clock = new ManualClock(Date.parse('2014-07-01T06:00:00.000Z'));
    const world = await makeWorld({ clock });
    const queue = new RecordingQueue();
    expect(
      (await planDigest({ store: world.store, queue, clock }, world.tenantId, world.channelId)).outcome,
    ).toBe('no-digest');
    await world.t.setSubscription(world.channelId, { digestHour: 8 });
    expect(
      (await planDigest({ store: world.store, queue, clock }, world.tenantId, world.channelId)).outcome,
    ).toBe('nothing-to-say');
    expect(queue.deliveries).toEqual([]);
    await world.store.close();
  });
});
