import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveProcess } from '../../src/core/app/context.js';
import { asChangePayload } from '../../src/core/app/contracts.js';
import {
  getBracketAge,
  getDraftDiff,
  getDraftStatus,
  getHolders,
  postDraftVersion,
} from '../../src/core/app/drafts.js';
import {
  findMeeting,
  ingestSource,
  listMeetingViews,
  meetingSources,
  postAnnouncement,
  scheduleFeed,
} from '../../src/core/app/schedule.js';
import { followProcess, setStaff } from '../../src/core/app/setup.js';
import { RapporteurError } from '../../src/core/errors.js';
import {
  admin,
  caucus,
  createTestApp,
  fixture,
  member,
  STAFF_ROLE,
  staffer,
  type TestApp,
} from '../helpers/app.js';

/**
 * The example process of domain.md replayed through the use cases: a caucus channel
 * follows the WSIS+10 Vision, the chairs' staff post five versions, then the sixth MPP
 * meeting is announced by a PDF letter and a web page that disagree, and settled by a
 * corrected e-mail. The assertions are what a caucus member would see.
 */
const VERSIONS = [
  ['vision-2014-04-17.md', '17 April version', '2014-04-17T16:00:00Z'],
  ['vision-2014-05-28.md', '28 May version', '2014-05-28T18:00:00Z'],
  ['vision-2014-05-30.md', '30 May version', '2014-05-30T20:00:00Z'],
  ['vision-2014-05-31.md', '31 May version', '2014-05-31T21:00:00Z'],
  ['vision-2014-06-01.md', '1 June version', '2014-06-01T00:30:00Z'],
] as const;

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
  await followProcess(app.deps, caucus, admin, {
    name: 'WSIS+10 Vision',
    settings: { defaultTimeZone: 'Europe/Zurich', participantZones: ['Australia/Sydney', 'America/Lima'] },
  });
  await setStaff(app.deps, caucus, admin, {
    principal: { kind: 'platform-role', id: STAFF_ROLE },
    grant: true,
  });
});
afterAll(() => app.close());

describe('drafts: five versions of the Vision', () => {
  it('refuses a caucus member who is not chairs staff, in the core', async () => {
    const err = await postDraftVersion(app.deps, caucus, member, {
      document: 'Vision',
      label: 'unofficial',
      file: { name: 'v.md', bytes: fixture('drafts', 'vision-2014-04-17.md') },
    }).catch((e) => e);
    expect(err).toBeInstanceOf(RapporteurError);
    expect((err as RapporteurError).code).toBe('PERMISSION_DENIED');
    const { store, process } = await resolveProcess(app.deps, caucus);
    expect(await store.listDocuments(process.id)).toEqual([]);
  });

  it('posts each version, diffs it against the previous one and alerts the channel once per version', async () => {
    const results = [];
    for (const [file, label, at] of VERSIONS) {
      app.clock.set(at);
      results.push(
        await postDraftVersion(app.deps, caucus, staffer, {
          document: 'Vision',
          label,
          file: { name: file, bytes: fixture('drafts', file) },
        }),
      );
    }
    expect(results.map((r) => r.version.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(results.every((r) => r.created)).toBe(true);
    expect(results[0]?.diff).toBeNull();
    for (const r of results.slice(1)) expect(r.diff).not.toBeNull();
    // Between versions, brackets are resolved and added: the diffs are not empty.
    const totals = results.slice(1).map((r) => r.diff?.summary);
    expect(totals.some((s) => (s?.resolvedKept ?? 0) > 0)).toBe(true);
    expect(totals.some((s) => (s?.added ?? 0) > 0)).toBe(true);
    // One delivery per version to the one subscribed channel, enqueued.
    expect(results.map((r) => r.alerts)).toEqual([1, 1, 1, 1, 1]);
    expect(app.queue.deliveries).toHaveLength(5);
    const { store, process } = await resolveProcess(app.deps, caucus);
    const changes = await store.listChanges(process.id, { kinds: ['draft.version'] });
    expect(changes).toHaveLength(5);
    expect(asChangePayload(changes[4]?.payload)?.alert.title).toContain('new version #5 "1 June version"');
  });

  it('recognises a re-post of the same bytes and announces nothing', async () => {
    const before = app.queue.deliveries.length;
    const again = await postDraftVersion(app.deps, caucus, staffer, {
      document: 'vision',
      label: 'again',
      file: { name: 'copy.md', bytes: fixture('drafts', 'vision-2014-06-01.md') },
    });
    expect(again.created).toBe(false);
    expect(again.version.sequence).toBe(5);
    expect(app.queue.deliveries.length).toBe(before);
  });

  it('answers status from the cache: the 1 June version still brackets Section III wholly', async () => {
    const { status, section, version } = await getDraftStatus(app.deps, caucus, { section: 'III' });
    expect(version.label).toBe('1 June version');
    expect(status.brackets.total).toBeGreaterThan(0);
    expect(section?.state).toBe('wholly-bracketed');
    const c9 = await getDraftStatus(app.deps, caucus, { section: 'C9' });
    expect(c9.section?.id).toBe('C9');
    expect(c9.section?.brackets.total).toBeGreaterThan(0);
  });

  it('finds versions by label and by number, and explains what it cannot find', async () => {
    const byLabel = await getDraftStatus(app.deps, caucus, { version: '30 May version' });
    expect(byLabel.version.sequence).toBe(3);
    const err = await getDraftStatus(app.deps, caucus, { version: '2 June version' }).catch((e) => e);
    expect((err as RapporteurError).code).toBe('NOT_FOUND');
    expect((err as RapporteurError).hint).toContain('#5 1 June version');
  });

  it('diffs any two versions and reports the same default diff as at posting', async () => {
    const latest = await getDraftDiff(app.deps, caucus, {});
    expect(latest.from.sequence).toBe(4);
    expect(latest.to.sequence).toBe(5);
    const wide = await getDraftDiff(app.deps, caucus, { from: '1', to: 'latest' });
    expect(wide.diff.summary.resolvedKept + wide.diff.summary.resolvedDeleted).toBeGreaterThan(
      latest.diff.summary.resolvedKept + latest.diff.summary.resolvedDeleted,
    );
  });

  it('knows who holds what, and how long open brackets have survived', async () => {
    const { holders } = await getHolders(app.deps, caucus, {});
    expect(holders.length).toBeGreaterThan(0);
    const { ages, open } = await getBracketAge(app.deps, caucus, {});
    expect(open).toBeGreaterThan(0);
    // The oldest open bracket has survived since an earlier version.
    expect(ages[0]?.since.sequence).toBeLessThan(5);
    expect(ages[0]?.versions).toBeGreaterThan(1);
  });
});

describe('schedule: the sixth MPP meeting', () => {
  it('records the PDF invitation: MPP-6 added, Whit Monday and short notice flagged, reminders wanted', async () => {
    app.clock.set('2014-06-03T10:00:00Z');
    const result = await postAnnouncement(app.deps, caucus, staffer, {
      file: { name: 'mpp6-invitation.txt', bytes: fixture('schedule', '2014-06-03-mpp6-invitation.txt') },
      name: 'Signed invitation (PDF) of 3 June',
    });
    expect(result.created).toBe(true);
    // The letter also mentions the fifth meeting (28-31 May): logged, but not alerted, as it is over.
    expect(
      result.changes
        .filter((c) => c.kind === 'added')
        .map((c) => c.meetingId)
        .sort(),
    ).toEqual(['mpp#5', 'mpp#6']);
    expect(result.alerts).toBe(1);
    const { view } = await findMeeting(app.deps, caucus, { meeting: 'MPP-6' });
    expect(view.meeting.times).toBe('14:00-16:00');
    expect(view.headline.flags.join(' ')).toMatch(/Whit Monday/);
    expect(view.headline.flags.join(' ')).toMatch(/6 days/);
    // Reminders 24 h and 1 h before 14:00 Geneva (12:00 UTC) for the subscribed channel.
    const due = [...app.queue.reminders.values()].map((r) => r.dueAt).sort();
    expect(due).toEqual(['2014-06-08T12:00:00.000Z', '2014-06-09T11:00:00.000Z']);
  });

  it('the web page says 14:00-18:00: a conflict, shown side by side, never silently resolved', async () => {
    app.clock.set('2014-06-03T15:00:00Z');
    const { resolved } = await findMeeting(app.deps, caucus, { meeting: 'MPP-6' });
    const result = await ingestSource(app.deps, resolved, {
      bytes: fixture('schedule', '2014-06-03-mpp6-webpage.html'),
      file: { name: 'mpp6.html', contentType: 'text/html' },
      source: {
        name: 'https://www.wsis.example/mpp6',
        url: 'https://www.wsis.example/mpp6',
        revisionKey: 'https://www.wsis.example/mpp6',
      },
    });
    const opened = result.changes.find((c) => c.kind === 'conflict-opened');
    expect(opened?.field).toBe('times');
    const { view, sources } = await meetingSources(app.deps, caucus, { meeting: 'MPP-6' });
    expect(view.meeting.disputed).toContain('times');
    expect(view.meeting.conflicts[0]?.values.map((v) => v.value).sort()).toEqual([
      '14:00-16:00',
      '14:00-18:00',
    ]);
    expect(sources).toHaveLength(2);
    const { store, process } = resolved;
    const alerts = await store.listChanges(process.id, { kinds: ['meeting.conflict-opened'] });
    expect(asChangePayload(alerts[0]?.payload)?.alert.title).toContain('sources disagree on the times');
  });

  it('the corrected e-mail settles it; the settlement is alerted and the feed shows the final time', async () => {
    app.clock.set('2014-06-05T07:30:00Z');
    const before = app.queue.deliveries.length;
    const { resolved } = await findMeeting(app.deps, caucus, { meeting: 'MPP-6' });
    const result = await ingestSource(app.deps, resolved, {
      bytes: fixture('schedule', '2014-06-05-mpp6-corrected.eml'),
      file: { name: 'corrected.eml', contentType: 'message/rfc822' },
      source: { name: 'Corrected invitation (e-mail of 5 June)' },
    });
    expect(result.changes.map((c) => c.kind)).toContain('conflict-settled');
    const { view } = await findMeeting(app.deps, caucus, { meeting: 'MPP-6' });
    expect(view.meeting.conflicts).toEqual([]);
    expect(view.meeting.times).toBe('14:00-18:00');
    expect(view.meeting.settlements[0]?.settledBy.name).toContain('Corrected invitation');
    expect(app.queue.deliveries.length).toBeGreaterThan(before);
    const { ics } = await scheduleFeed(app.deps, caucus, {});
    expect(ics).toContain('DTEND;TZID=Europe/Zurich:20140609T180000');
  });

  it('keeps tenants apart: another server sees none of this', async () => {
    const other = { ...caucus, tenantExternalId: '700000000000000002', tenantName: 'Another server' };
    const err = await findMeeting(app.deps, other, { meeting: 'MPP-6' }).catch((e) => e);
    expect((err as RapporteurError).code).toBe('NOT_FOUND');
    const status = await getDraftStatus(app.deps, other, {}).catch((e) => e);
    expect((status as RapporteurError).code).toBe('NOT_FOUND');
  });
});

describe('sources that state no fact', () => {
  it('records nothing for a message that only names a meeting, and says no meeting was found', async () => {
    const result = await postAnnouncement(app.deps, caucus, staffer, {
      text: 'Lunch before the sixth MPP meeting?',
    });
    expect(result.claims).toEqual([]);
    expect(result.changes).toEqual([]);
    const { meetings } = await listMeetingViews(app.deps, caucus, {});
    expect(meetings.every((v) => v.meeting.dates !== undefined)).toBe(true);
  });
});
