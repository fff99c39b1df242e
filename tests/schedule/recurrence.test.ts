import { describe, expect, it } from 'vitest';
import { expandRecurrence, findRecurrences } from '../../src/core/schedule/recurrence.js';

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
