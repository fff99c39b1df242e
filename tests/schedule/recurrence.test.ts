import { describe, expect, it } from 'vitest';
import { diffSchedules, readAnnouncement, reconcile } from '../../src/core/schedule/index.js';
import { expandRecurrence, findRecurrences } from '../../src/core/schedule/recurrence.js';
import { textDoc } from './helpers.js';

const ref = { reference: '2026-01-10' };

describe('recurring schedules in text', () => {
  it('monthly by position, with time and zone', () => {
    const [r] = findRecurrences('The working group meets on the first Monday of the month at 09:30 PT.', ref);
    expect(r).toMatchObject({
      rrule: 'FREQ=MONTHLY;BYDAY=1MO',
      start: '09:30',
      timeZone: 'America/Los_Angeles',
    });
    expect(expandRecurrence(r!, { from: '2026-01-10', to: '2026-04-30' }).map((o) => o.date)).toEqual([
      '2026-02-02',
      '2026-03-02',
      '2026-04-06',
    ]);
  });

  it('1st and 3rd Thursdays, with a range in UTC', () => {
    const [r] = findRecurrences('Calls are held on the 1st and 3rd Thursdays, 15:00-16:00 UTC.', ref);
    expect(r).toMatchObject({
      rrule: 'FREQ=MONTHLY;BYDAY=1TH,3TH',
      start: '15:00',
      end: '16:00',
      timeZone: 'UTC',
    });
    const occ = expandRecurrence(r!, { from: '2026-03-01', to: '2026-03-31' });
    expect(occ).toEqual([
      {
        date: '2026-03-05',
        start: '15:00',
        end: '16:00',
        startAt: '2026-03-05T15:00:00Z',
        endAt: '2026-03-05T16:00:00Z',
      },
      {
        date: '2026-03-19',
        start: '15:00',
        end: '16:00',
        startAt: '2026-03-19T15:00:00Z',
        endAt: '2026-03-19T16:00:00Z',
      },
    ]);
  });

  it('every other Wednesday, counted from its first stated day, marked as such', () => {
    const [r] = findRecurrences(
      'Starting 14 January 2026, the task force meets every other Wednesday at 4 pm CET.',
      ref,
    );
    expect(r).toMatchObject({ rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE', from: '2026-01-14', start: '16:00' });
    expect(r?.uncertain).toBeDefined();
    expect(expandRecurrence(r!, { from: '2026-01-01', to: '2026-02-28' }).map((o) => o.date)).toEqual([
      '2026-01-14',
      '2026-01-28',
      '2026-02-11',
      '2026-02-25',
    ]);
  });

  it('weekly on a plural weekday', () => {
    const [r] = findRecurrences('The editors call takes place on Tuesdays at 14:00 UTC.', ref);
    expect(r).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=TU', start: '14:00', timeZone: 'UTC' });
  });

  it('a cancelled occurrence becomes an exception of its rule', () => {
    const rules = findRecurrences(
      'Calls are held on the 1st and 3rd Thursdays at 15:00 UTC. The meeting on the 3rd Thursday of March is cancelled.',
      ref,
    );
    expect(rules).toHaveLength(1);
    expect(rules[0]?.cancelled).toEqual(['2026-03-19']);
    expect(expandRecurrence(rules[0]!, { from: '2026-03-01', to: '2026-03-31' }).map((o) => o.date)).toEqual([
      '2026-03-05',
    ]);
  });

  it('a move to another weekday ends the old rule and starts a new one that says what it replaces', () => {
    const rules = findRecurrences(
      'The call is every Wednesday at 11:00 UTC. From May the call moves to Tuesdays.',
      ref,
    );
    expect(rules).toEqual([
      expect.objectContaining({ rrule: 'FREQ=WEEKLY;BYDAY=WE', until: '2026-04-30', start: '11:00' }),
      expect.objectContaining({
        rrule: 'FREQ=WEEKLY;BYDAY=TU',
        from: '2026-05-01',
        start: '11:00',
        timeZone: 'UTC',
        replaces: 'FREQ=WEEKLY;BYDAY=WE',
      }),
    ]);
  });

  it('"moved from Wednesdays to Thursdays" names the old rule itself', () => {
    const [r] = findRecurrences(
      'The meeting has moved from Wednesdays to Thursdays, same time (11:00 UTC).',
      ref,
    );
    expect(r).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=TH', replaces: 'FREQ=WEEKLY;BYDAY=WE' });
  });

  it('a question is not a decision; a weekday of a dated meeting is no rule', () => {
    expect(findRecurrences('Should we move the call to Tuesdays?', ref)).toEqual([]);
    expect(findRecurrences('The meeting will take place on Monday, 9 June 2026 at 14:00 CEST.', ref)).toEqual(
      [],
    );
  });

  it('bounded: never more occurrences than asked, never an endless loop', () => {
    const [r] = findRecurrences('We meet every Monday at 10:00 UTC.', ref);
    expect(expandRecurrence(r!, { from: '2026-01-01', to: '2036-01-01' }, 20)).toHaveLength(20);
    expect(
      expandRecurrence({ rrule: 'FREQ=NONSENSE', text: '' }, { from: '2026-01-01', to: '2026-02-01' }),
    ).toEqual([]);
  });
});

describe('recurring schedules through the reader and the reconciler', () => {
  it('a decision to move the weekly call to a weekday keeps the stated time', () => {
    const [r] = findRecurrences('Group decision: meetings will be moved to Thursday same time (11UTC).', ref);
    expect(r).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=TH', start: '11:00', timeZone: 'UTC' });
  });

  it('a document that only states a rule gives one undated claim carrying it, and a meeting with its occurrences', () => {
    const doc = textDoc(
      '# Editors call\n\nThe editors call is held on the second Tuesday of every month at 16:00-17:00 CET. The meeting on the second Tuesday of March is cancelled.\n',
    );
    const { claims } = readAnnouncement(doc, {
      kind: 'web',
      name: 'call.md',
      seenAt: '2026-01-05T00:00:00Z',
    });
    expect(claims).toHaveLength(1);
    expect(claims[0]?.dates).toBeUndefined();
    expect(claims[0]?.recurrence?.value).toMatchObject({
      rrule: 'FREQ=MONTHLY;BYDAY=2TU',
      start: '16:00',
      end: '17:00',
      cancelled: ['2026-03-10'],
    });
    const [m] = reconcile(claims).meetings;
    expect(m?.recurrence?.rrule).toBe('FREQ=MONTHLY;BYDAY=2TU');
    expect(m?.occurrences?.slice(0, 3).map((o) => o.date)).toEqual([
      '2026-01-13',
      '2026-02-10',
      '2026-04-14',
    ]);
    expect(m?.occurrences?.[0]?.startAt).toBe('2026-01-13T16:00:00+01:00');
  });
});

describe('changes to a recurring meeting', () => {
  const read = (text: string, seenAt: string) =>
    reconcile(
      readAnnouncement(textDoc(text), { kind: 'web', name: 'call.md', seenAt, revisionKey: 'call' }).claims,
    );
  const V1 = '# Editors call\n\nThe editors call is held every Wednesday at 11:00 UTC.\n';

  it('a move to another weekday is one re-timed change that says both rules', () => {
    const changes = diffSchedules(
      read(V1, '2026-01-05T00:00:00Z'),
      read(`${V1}\nFrom May the call moves to Tuesdays.\n`, '2026-02-05T00:00:00Z'),
    );
    expect(changes).toEqual([
      expect.objectContaining({
        kind: 'retimed',
        field: 'times',
        before: 'FREQ=WEEKLY;BYDAY=WE 11:00 UTC',
        after: 'FREQ=WEEKLY;BYDAY=TU 11:00 UTC from 2026-05-01',
      }),
    ]);
  });

  it('a cancelled occurrence is a cancellation, and an unchanged rule is no change', () => {
    const before = read(V1, '2026-01-05T00:00:00Z');
    expect(diffSchedules(before, read(V1, '2026-01-06T00:00:00Z'))).toEqual([]);
    const changes = diffSchedules(
      before,
      read(`${V1}\nThe meeting on the third Wednesday of February is cancelled.\n`, '2026-02-05T00:00:00Z'),
    );
    expect(changes.map((c) => [c.kind, c.after])).toEqual([
      ['cancelled', 'FREQ=WEEKLY;BYDAY=WE 11:00 UTC except 2026-02-18'],
    ]);
  });
});
